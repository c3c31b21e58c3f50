// One ECharts canvas (bar, line and pie, with mark lines such as pass lines) that follows its container's size; loaded
// lazily so echarts stays out of the pages' own chunks (same set-up as dashboard/QualityChart).
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, type BarSeriesOption, type LineSeriesOption, type PieSeriesOption } from 'echarts/charts';
import {
  DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent,
  type DataZoomComponentOption, type GridComponentOption, type LegendComponentOption, type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, DataZoomComponent, MarkLineComponent, CanvasRenderer]);

export type EChartOption = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
  | DataZoomComponentOption | MarkLineComponentOption
>;

/** What a click on a bar segment or a pie slice tells: the series (status) and the category axis entry. */
export interface EChartClick {
  seriesName?: string;
  name: string;
  dataIndex: number;
}

export default function EChart({ option, onClick, height = 320, label }: {
  option: EChartOption; onClick?: (p: EChartClick) => void; height?: number; label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('click', (p) => clickRef.current?.({ seriesName: p.seriesName, name: p.name, dataIndex: p.dataIndex }));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, true);
  }, [option]);

  return <div ref={ref} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} role="img" aria-label={label} />;
}
