// ECharts options of the 考核验收 pages: a squadron's monthly trend against both pass lines, and the points per squadron
// (or per district) on the dashboard. Pure, so the shapes are unit-tested.
import type { ChartBars } from './score-format';
import type { ScoreChartOption } from './ScoreChart';

const STANDARD_COLOR = '#1677ff';
const DEMONSTRATION_COLOR = '#722ed1';

// The lower line labels under itself, the upper one above, so the two (80 and 85) do not overlap.
const passLine = (value: number, name: string, color: string, below = false) => ({
  symbol: 'none' as const, silent: true, lineStyle: { type: 'dashed' as const, color },
  label: { formatter: `${name} ${value}`, position: below ? 'insideEndBottom' as const : 'insideEndTop' as const, color },
  data: [{ yAxis: value }],
});

/** The trend: 规范化达标 and 示范 points at each month end (the last point is today), with their pass lines. */
export function trendOption(
  trend: readonly { month: string; standard: number; demonstration: number }[], lines: { standard: number; demonstration: number },
): ScoreChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: trend.map((t) => t.month), boundaryGap: false },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      {
        name: '规范化达标', type: 'line', data: trend.map((t) => t.standard), itemStyle: { color: STANDARD_COLOR },
        markLine: passLine(lines.standard, '达标线', STANDARD_COLOR, lines.standard <= lines.demonstration),
      },
      {
        name: '示范', type: 'line', data: trend.map((t) => t.demonstration), itemStyle: { color: DEMONSTRATION_COLOR },
        markLine: passLine(lines.demonstration, '示范线', DEMONSTRATION_COLOR),
      },
    ],
  };
}

/** Bars of the dashboard, with a slider once they get too many to read. */
export function barsOption(bars: ChartBars, lines: { standard: number; demonstration: number }): ScoreChartOption {
  const many = bars.names.length > 20;
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: many ? 40 : 8, containLabel: true },
    xAxis: {
      type: 'category', data: bars.names,
      axisLabel: { interval: 0, rotate: bars.names.length > 6 ? 30 : 0, width: 100, overflow: 'truncate' },
    },
    yAxis: { type: 'value', min: 0, max: 100 },
    dataZoom: many ? [{ type: 'slider', start: 0, end: Math.min(100, Math.round((20 / bars.names.length) * 100)) }] : [],
    series: [
      {
        name: bars.mode === 'district' ? '规范化达标（区局平均）' : '规范化达标', type: 'bar', barMaxWidth: 24, data: bars.standard,
        itemStyle: { color: STANDARD_COLOR }, markLine: passLine(lines.standard, '达标线', STANDARD_COLOR, lines.standard <= lines.demonstration),
      },
      {
        name: bars.mode === 'district' ? '示范（区局平均）' : '示范', type: 'bar', barMaxWidth: 24, data: bars.demonstration,
        itemStyle: { color: DEMONSTRATION_COLOR }, markLine: passLine(lines.demonstration, '示范线', DEMONSTRATION_COLOR),
      },
    ],
  };
}
