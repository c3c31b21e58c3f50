// The 考核验收 pages' charts (score trend lines, points per squadron, pass lines as mark lines) are the shared lazy
// ECharts canvas.
export { default } from '../equipment/EChart';
export type { EChartOption as ScoreChartOption } from '../equipment/EChart';
