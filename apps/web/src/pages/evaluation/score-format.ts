// Pure helpers of the 考核验收 score views (自评, 总览, 现场评分): how a point figure, an indicator value, a basis and a
// tier's standing read in Chinese, and the figures the dashboard sums up. No React here, so they are unit-tested.
import { DEFAULT_RUBRIC, INDICATOR_MODULES, INDICATORS_BY_ID, type CriterionBasis, type CriterionScore, type TierScore } from '@cg/domain';

export const BASIS_LABELS: Record<CriterionBasis, string> = {
  data: '数据', confirmed: '已核实', override: '现场改判', onsite: '现场评分', pending: '待现场检查', fallback: '模块未接入',
};
export const BASIS_COLORS: Record<CriterionBasis, string> = {
  data: 'blue', confirmed: 'green', override: 'orange', onsite: 'cyan', pending: 'gold', fallback: 'default',
};
export const BASIS_HINTS: Record<CriterionBasis, string> = {
  data: '按平台数据计分',
  confirmed: '平台数据经现场检查确认',
  override: '现场检查改判，以检查员的评分为准',
  onsite: '现场检查项目，已由检查员评分',
  pending: '现场检查项目，检查前计0分',
  fallback: '数据来源尚未接入本平台（或没有可计量的数据），以现场检查计分',
};

/**
 * The basis tag of a criterion. A fallback is either a module the platform does not have yet (模块未接入) or an existing
 * module that had nothing to measure in the period (no complaints due …): the second must not read as a missing module.
 */
export function basisTag(basis: CriterionBasis, indicatorId: string | null | undefined): { label: string; color: string; hint: string } {
  const def = indicatorId ? INDICATORS_BY_ID.get(indicatorId) : undefined;
  if (basis === 'fallback' && def && !INDICATOR_MODULES[def.module].planned) {
    return { label: '暂无数据', color: 'default', hint: '考核期间内没有可计量的数据，以现场检查计分' };
  }
  return { label: BASIS_LABELS[basis], color: BASIS_COLORS[basis], hint: BASIS_HINTS[basis] };
}

/** Points with at most two decimals (“7.5”, “12.33”); “—” for nothing. */
export function fmtPoints(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return String(Math.round(n * 100) / 100);
}

/** A 0..1 share as “83.3%”. */
export function fmtPercent(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return `${Math.round(n * 1000) / 10}%`;
}

/** An indicator value as its kind reads: ratios as %, flags as 是/否 (a half-met flag as %), counts as a number. */
export function fmtIndicatorValue(value: number | null | undefined, indicatorId: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const def = indicatorId ? INDICATORS_BY_ID.get(indicatorId) : undefined;
  if (!def || def.kind === 'ratio') return fmtPercent(value);
  if (def.kind === 'flag') return value >= 1 ? '是' : value <= 0 ? '否' : fmtPercent(value);
  return fmtPoints(value);
}

/** “83.3% / 目标 ≥100%” — the measured value against the full-credit value, direction included. */
export function fmtValueVsTarget(s: Pick<CriterionScore, 'value' | 'target' | 'indicatorId'>): string {
  if (s.target === null && s.value === null) return '—';
  const def = s.indicatorId ? INDICATORS_BY_ID.get(s.indicatorId) : undefined;
  const cmp = def?.direction === 'lower' ? '≤' : '≥';
  const target = s.target === null ? '' : `目标 ${def?.kind === 'flag' && s.target === 1 ? '是' : `${cmp}${fmtIndicatorValue(s.target, s.indicatorId)}`}`;
  return s.value === null ? target : `${fmtIndicatorValue(s.value, s.indicatorId)}${target ? ` / ${target}` : ''}`;
}

/** “12 / 15” when the indicator counts records; null otherwise. */
export function fmtRatio(s: Pick<CriterionScore, 'numerator' | 'denominator'>): string | null {
  return s.numerator !== null && s.denominator !== null ? `${s.numerator} / ${s.denominator}` : null;
}

export type TierStanding = 'passed' | 'possible' | 'blocked' | 'failed';
export interface TierStatus { standing: TierStanding; label: string; color: 'success' | 'warning' | 'error' }

/**
 * Where a tier stands: passed; possible (short now, but the points still waiting for the on-site check would lift it over
 * the line); blocked (points enough, but the prerequisite tier is not passed); failed.
 */
export function tierStatus(t: Pick<TierScore, 'passed' | 'points' | 'passLine' | 'bestCase' | 'requirementMet'>): TierStatus {
  if (t.passed) return { standing: 'passed', label: '达标', color: 'success' };
  const enough = t.points >= t.passLine - 1e-9;
  if (enough && t.requirementMet === false) return { standing: 'blocked', label: '前提未达标', color: 'error' };
  if (!enough && t.bestCase >= t.passLine - 1e-9) return { standing: 'possible', label: '待现场检查', color: 'warning' };
  return { standing: 'failed', label: '未达标', color: 'error' };
}

/** Points still missing to the pass line (0 when over it). */
export const shortOfLine = (t: Pick<TierScore, 'points' | 'passLine'>): number => Math.max(0, Math.round((t.passLine - t.points) * 100) / 100);

// ---- dashboard ---------------------------------------------------------------------------------------------------------

export interface DashboardLikeRow {
  unitName: string; districtName: string | null;
  standardPoints: number; standardPassed: boolean; demonstrationPoints: number | null; demonstrationPassed: boolean | null;
}

export interface DashboardSummary { squadrons: number; standardPassed: number; demonstrationPassed: number; averageStandard: number | null }

export function dashboardSummary(rows: readonly DashboardLikeRow[]): DashboardSummary {
  const avg = rows.length ? Math.round((rows.reduce((a, r) => a + r.standardPoints, 0) / rows.length) * 100) / 100 : null;
  return {
    squadrons: rows.length,
    standardPassed: rows.filter((r) => r.standardPassed).length,
    demonstrationPassed: rows.filter((r) => r.demonstrationPassed === true).length,
    averageStandard: avg,
  };
}

export interface ChartBars { mode: 'squadron' | 'district'; names: string[]; standard: number[]; demonstration: number[] }

/** Most squadrons one bar chart shows one by one; beyond it the chart shows each district's average. */
export const CHART_SQUADRON_LIMIT = 40;

/**
 * The bars of the dashboard chart: one per squadron (highest 规范化达标 first), or — past the limit and when the rows
 * span more than one district — the average per district.
 */
export function chartBars(rows: readonly DashboardLikeRow[], limit = CHART_SQUADRON_LIMIT): ChartBars {
  const r2 = (n: number) => Math.round(n * 100) / 100;
  const districts = new Set(rows.map((r) => r.districtName ?? '（未归属区局）'));
  if (rows.length <= limit || districts.size < 2) {
    const sorted = [...rows].sort((a, b) => b.standardPoints - a.standardPoints || a.unitName.localeCompare(b.unitName, 'zh'));
    return {
      mode: 'squadron', names: sorted.map((r) => r.unitName), standard: sorted.map((r) => r.standardPoints),
      demonstration: sorted.map((r) => r.demonstrationPoints ?? 0),
    };
  }
  const groups = new Map<string, DashboardLikeRow[]>();
  for (const r of rows) {
    const k = r.districtName ?? '（未归属区局）';
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const avg = [...groups.entries()].map(([name, g]) => ({
    name,
    standard: r2(g.reduce((a, r) => a + r.standardPoints, 0) / g.length),
    demonstration: r2(g.reduce((a, r) => a + (r.demonstrationPoints ?? 0), 0) / g.length),
  })).sort((a, b) => b.standard - a.standard || a.name.localeCompare(b.name, 'zh'));
  return { mode: 'district', names: avg.map((a) => a.name), standard: avg.map((a) => a.standard), demonstration: avg.map((a) => a.demonstration) };
}

/** A link of an evidence record: in-app paths go through the router, anything else opens as a plain link. */
export const isAppLink = (link: string): boolean => link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/api/');

/** Pass lines of the default rubric, for views that get points without their tier (the dashboard rows). */
export const DEFAULT_PASS_LINES: { standard: number; demonstration: number } = {
  standard: DEFAULT_RUBRIC.tiers.find((t) => t.tier === 'standard')?.passLine ?? 80,
  demonstration: DEFAULT_RUBRIC.tiers.find((t) => t.tier === 'demonstration')?.passLine ?? 85,
};
