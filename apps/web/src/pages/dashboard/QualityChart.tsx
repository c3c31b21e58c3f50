import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  GridComponent, LegendComponent, TooltipComponent, DataZoomComponent,
  type GridComponentOption, type LegendComponentOption, type TooltipComponentOption, type DataZoomComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { QualityRow } from './quality-rows';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | DataZoomComponentOption
>;

/** Completeness / validity / freshness (%) per unit, worst first. */
export default function QualityChart({ rows, height = 360 }: { rows: QualityRow[]; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const shown = rows.slice(0, 40).reverse(); // horizontal bars: worst at the top
    const visible = Math.min(shown.length, 12);
    const option: Option = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${String(v)}%` },
      legend: { top: 0, data: ['完整率', '准确率', '及时率'] },
      grid: { left: 8, right: 32, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: {
        type: 'category',
        data: shown.map((r) => r.unitName),
        axisLabel: { width: 120, overflow: 'truncate' },
      },
      dataZoom:
        shown.length > visible
          ? [{ type: 'slider', yAxisIndex: 0, right: 0, width: 14, startValue: shown.length - visible, endValue: shown.length - 1 }]
          : [],
      series: [
        { name: '完整率', type: 'bar', data: shown.map((r) => r.completeness), itemStyle: { color: '#1f5fbf' } },
        { name: '准确率', type: 'bar', data: shown.map((r) => r.validity), itemStyle: { color: '#52c41a' } },
        { name: '及时率', type: 'bar', data: shown.map((r) => r.freshness), itemStyle: { color: '#faad14' } },
      ],
    };
    chart.setOption(option, true);
  }, [rows]);

  return <div ref={ref} style={{ width: '100%', height }} role="img" aria-label="各单位数据质量对比图" />;
}
