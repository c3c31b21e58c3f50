// 勤务指标 page helpers kept apart from React so they can be tested: the rate text, the period rule (the server's 93
// days), and the per-unit breakdown behind the bar chart, recomputed from the records the server sends with each figure.
import { dateRangeProblem, todayShanghai } from '@cg/domain';
import type { DutyIndicators } from '../../api/duty';
import type { EChartOption } from '../equipment/EChart';

/** The server keeps an indicator period to at most this many days. */
export const MAX_INDICATOR_DAYS = 93;

export type IndicatorKey = 'shiftCheckin' | 'activeOfficers' | 'plansOnTime';
export const INDICATOR_KEYS: readonly IndicatorKey[] = ['shiftCheckin', 'activeOfficers', 'plansOnTime'];

/** What each figure counts, for the card's tooltip (same wording as the API's definition). */
export const INDICATOR_HINTS: Record<IndicatorKey, string> = {
  shiftCheckin: '已发布计划中已开始的班次里，至少一名队员用APP签到的班次占比',
  activeOfficers: '在岗（含借调）人员中，期间内有签到、勤务日志、轨迹、调度任务或诉件处置记录的人员占比（仅被排班不算）',
  plansOnTime: '已到发布时限（或已发布）的勤务计划中，在计划日前一天17:00前发布的占比；未到时限的草稿不计，没有计划的中队日另列',
};

export const NO_RECORDS = '无可统计记录';

/** A rate 0..1 as “83.3%”; “无可统计记录” when the denominator is 0 (rate null). */
export const fmtRate = (rate: number | null): string =>
  (rate === null ? NO_RECORDS : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);

/** This month so far, in Shanghai days. */
export function thisMonth(today = todayShanghai()): [string, string] {
  return [`${today.slice(0, 8)}01`, today];
}

/** Why a chosen period cannot be asked for; null when it can. */
export const periodProblem = (from: string, to: string): string | null => dateRangeProblem(from, to, MAX_INDICATOR_DAYS);

export interface Ratio { numerator: number; denominator: number; rate: number | null }
export interface UnitRow { unitId: string; unitName: string; shiftCheckin: Ratio; activeOfficers: Ratio; plansOnTime: Ratio }

const ratio = (numerator: number, denominator: number): Ratio =>
  ({ numerator, denominator, rate: denominator === 0 ? null : numerator / denominator });

/** The three figures per unit that owns records, in the order the units first appear (the server sorts by unit path). */
export function unitBreakdown(d: DutyIndicators): UnitRow[] {
  const counts = new Map<string, { unitName: string; n: Record<IndicatorKey, [number, number]> }>();
  const add = (unitId: string, unitName: string, key: IndicatorKey, hit: boolean) => {
    let row = counts.get(unitId);
    if (!row) {
      row = { unitName, n: { shiftCheckin: [0, 0], activeOfficers: [0, 0], plansOnTime: [0, 0] } };
      counts.set(unitId, row);
    }
    row.n[key][1] += 1;
    if (hit) row.n[key][0] += 1;
  };
  for (const s of d.shiftCheckin.records) add(s.unitId, s.unitName, 'shiftCheckin', s.hasAppCheckin);
  for (const o of d.activeOfficers.records) add(o.unitId, o.unitName, 'activeOfficers', o.active);
  for (const p of d.plansOnTime.records) add(p.unitId, p.unitName, 'plansOnTime', p.onTime);
  return [...counts].map(([unitId, { unitName, n }]) => ({
    unitId, unitName,
    shiftCheckin: ratio(...n.shiftCheckin), activeOfficers: ratio(...n.activeOfficers), plansOnTime: ratio(...n.plansOnTime),
  }));
}

const SERIES: { key: IndicatorKey; name: string; color: string }[] = [
  { key: 'shiftCheckin', name: 'APP签到班次占比', color: '#1677ff' },
  { key: 'activeOfficers', name: '有记录人员占比', color: '#52c41a' },
  { key: 'plansOnTime', name: '计划按时发布率', color: '#fa8c16' },
];

/** Grouped bars in percent; a unit without records for a figure has no bar there (not a 0). */
export function unitChartOption(rows: UnitRow[]): EChartOption {
  const pct = (r: Ratio) => (r.rate === null ? null : Math.round(r.rate * 1000) / 10);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (v === null || v === undefined || v === '-' ? NO_RECORDS : `${String(v)}%`) },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category', data: rows.map((r) => r.unitName),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0, width: 90, overflow: 'truncate' },
    },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: SERIES.map((s) => ({
      name: s.name, type: 'bar', barMaxWidth: 24, itemStyle: { color: s.color }, data: rows.map((r) => pct(r[s.key]) ?? '-'),
    })),
  };
}

export interface MissingByUnit { unitId: string; unitName: string; dates: string[] }

/** 中队日 without any plan, one row per squadron (a district over a quarter would otherwise list a thousand rows). */
export function missingByUnit(records: DutyIndicators['plansOnTime']['missing']['records']): MissingByUnit[] {
  const rows = new Map<string, MissingByUnit>();
  for (const r of records) {
    const row = rows.get(r.unitId) ?? { unitId: r.unitId, unitName: r.unitName, dates: [] };
    row.dates.push(r.date);
    rows.set(r.unitId, row);
  }
  return [...rows.values()].map((r) => ({ ...r, dates: [...r.dates].sort() }));
}
