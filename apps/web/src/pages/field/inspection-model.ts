// 现场检查 on the phone, the pure part: which criteria of an applicant the inspector looks at (on-site or both, and any
// whose data is missing), grouped by category and item; what the platform proposes for each (value vs target and points,
// or why there is none); and what is still to do (no finding yet, overrides without photo).
import {
  creditFor, INDICATOR_MODULES, INDICATORS_BY_ID, type CriterionScore, type RubricContent, type RubricCriterion, type TierScore,
} from '@cg/domain';
import type { FindingView } from '../../api/evaluation';

export interface InspectCriterion {
  tier: TierScore['tier'];
  tierName: string;
  categoryName: string;
  itemName: string;
  score: CriterionScore;
  /** From the rubric (the score does not carry them). */
  rule: RubricCriterion | null;
  finding: FindingView | null;
  /** The on-site check is part of how it is scored (onsite / both / data missing). */
  needsOnsite: boolean;
  /** There is a measured value the inspector can confirm. */
  hasData: boolean;
}

export interface InspectGroup { key: string; tierName: string; categoryName: string; itemName: string; criteria: InspectCriterion[] }

export type InspectFilter = 'onsite' | 'todo' | 'all';

const needsOnsite = (s: CriterionScore) => s.source !== 'data' || s.basis === 'fallback' || s.basis === 'pending';

/** Every criterion of the applicant's tiers, with its rubric rule and finding. */
export function inspectCriteria(tiers: readonly TierScore[], rubric: RubricContent | null, findings: readonly FindingView[]): InspectCriterion[] {
  const rules = new Map<string, RubricCriterion>();
  for (const t of rubric?.tiers ?? []) for (const c of t.categories) for (const i of c.items) for (const k of i.criteria) rules.set(k.code, k);
  const byCode = new Map(findings.map((f) => [f.criterionCode, f]));
  return tiers.flatMap((t) => t.categories.flatMap((cat) => cat.items.flatMap((item) => item.criteria.map((score) => ({
    tier: t.tier, tierName: t.name, categoryName: cat.name, itemName: item.name, score, rule: rules.get(score.code) ?? null,
    finding: byCode.get(score.code) ?? null, needsOnsite: needsOnsite(score), hasData: score.value !== null,
  })))));
}

/** on-site (default): the ones that need or allow the check, plus any already with a finding; todo: those without a finding yet. */
export function filterCriteria(list: readonly InspectCriterion[], filter: InspectFilter): InspectCriterion[] {
  if (filter === 'all') return [...list];
  const onsite = list.filter((c) => c.needsOnsite || c.finding);
  return filter === 'todo' ? onsite.filter((c) => !c.finding) : onsite;
}

export function groupCriteria(list: readonly InspectCriterion[]): InspectGroup[] {
  const groups = new Map<string, InspectGroup>();
  for (const c of list) {
    const key = `${c.tier}|${c.categoryName}|${c.itemName}`;
    if (!groups.has(key)) groups.set(key, { key, tierName: c.tierName, categoryName: c.categoryName, itemName: c.itemName, criteria: [] });
    groups.get(key)!.criteria.push(c);
  }
  return [...groups.values()];
}

export interface InspectProgress { total: number; done: number; pending: number; missingPhotos: number }

/** Of the criteria that need the check: how many have a finding, how many not, and overrides publication will refuse. */
export function progressOf(list: readonly InspectCriterion[]): InspectProgress {
  const onsite = list.filter((c) => c.needsOnsite);
  const done = onsite.filter((c) => c.finding).length;
  return { total: onsite.length, done, pending: onsite.length - done, missingPhotos: list.filter(missingPhoto).length };
}

export const missingPhoto = (c: InspectCriterion) => c.finding?.verdict === 'override' && c.finding.photos.length === 0;

const trim = (n: number, digits: number) => String(Math.round(n * 10 ** digits) / 10 ** digits);

/** An indicator value as people read it: 87.5%, 3件, 是/否. */
export function fmtValue(indicatorId: string | null, value: number | null): string {
  if (value === null) return '—';
  const def = indicatorId ? INDICATORS_BY_ID.get(indicatorId) : undefined;
  if (def?.kind === 'count') return `${trim(value, 2)}件`;
  if (def?.kind === 'flag' && (value === 0 || value === 1)) return value === 1 ? '是' : '否';
  return `${trim(value * 100, 1)}%`;
}

export const fmtPoints = (n: number) => trim(n, 2);
export const fmtCredit = (credit: number) => `${trim(credit * 100, 0)}%`;

export interface Proposal {
  /** Measured: value, target and the points the data gives. */
  data: { value: string; target: string; ratio: string | null; credit: number; points: number } | null;
  /** Why there is no data (shown instead). */
  missing: string | null;
}

/** What the platform proposes for a criterion, independent of any finding (an override hides the data points otherwise). */
export function proposalOf(c: InspectCriterion): Proposal {
  const s = c.score;
  if (s.source === 'onsite' || !s.indicatorId) return { data: null, missing: '此项以现场检查计分' };
  const def = INDICATORS_BY_ID.get(s.indicatorId);
  if (s.value === null || !def) {
    const planned = def ? INDICATOR_MODULES[def.module].planned : false;
    return { data: null, missing: `平台暂无数据：${planned ? '模块未接入' : '无可统计记录'}${s.unavailableReason ? `（${s.unavailableReason}）` : ''}` };
  }
  const credit = c.rule ? creditFor(c.rule, def, s.value) : (s.basis === 'data' || s.basis === 'confirmed' ? s.credit ?? 0 : 0);
  return {
    data: {
      value: fmtValue(s.indicatorId, s.value), target: fmtValue(s.indicatorId, s.target),
      ratio: s.numerator !== null && s.denominator !== null ? `${s.numerator}/${s.denominator}` : null,
      credit, points: Math.round(credit * s.weight * 100) / 100,
    },
    missing: null,
  };
}

export const BASIS_LABELS: Record<CriterionScore['basis'], { label: string; color: string }> = {
  data: { label: '平台数据', color: 'blue' },
  confirmed: { label: '已确认', color: 'green' },
  override: { label: '已改判', color: 'orange' },
  onsite: { label: '已现场评分', color: 'green' },
  pending: { label: '待现场检查', color: 'gold' },
  fallback: { label: '待现场评分', color: 'gold' },
};

export const CREDIT_CHIPS = [0, 0.25, 0.5, 0.75, 1] as const;

/** The basis as a tag; a fallback criterion scored on site says so, and data still to be checked on site too. */
export function basisTag(s: CriterionScore): { label: string; color: string } {
  if (s.basis === 'fallback' && s.credit !== null) return BASIS_LABELS.onsite;
  if (s.basis === 'data' && s.source === 'both') return { label: '待现场核实', color: 'gold' };
  return BASIS_LABELS[s.basis];
}
