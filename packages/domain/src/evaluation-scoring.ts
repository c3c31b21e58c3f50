// Scores of one squadron against one tier of a rubric, from indicator values (platform data) and on-site findings.
// Pure: the server gathers the values (live, or from a round's snapshot) and findings; this turns them into points per
// criterion, item, category and total, pass/fail, and the 差距清单 ordered by the points each fix is worth.
import {
  criterionBounds, INDICATOR_MODULES, INDICATORS_BY_ID, type IndicatorDefinition, type RubricCriterion, type RubricTier,
} from './evaluation-rubric.ts';

/**
 * What an indicator measured for one squadron. A module that does not exist yet reports available: false; a value of null
 * means there was nothing to measure (no officers, no complaints due …) and says why — the criterion then goes to the
 * on-site check instead of scoring a silent zero or a free full mark.
 */
export type IndicatorOutcome =
  | { available: true; value: number; numerator?: number; denominator?: number }
  | { available: true; value: null; reason: string }
  | { available: false; reason: string };
type Measured = Extract<IndicatorOutcome, { value: number }>;

/** A record behind an indicator: what was counted, or what is missing (a gap), with a link to it in the web app. */
export interface EvidenceRecord { id: string; label: string; detail?: string; link?: string }

/** An indicator as a module computes it for one squadron and period: the outcome plus the records that explain it. */
export interface IndicatorResult {
  id: string;
  outcome: IndicatorOutcome;
  /** What was counted (capped; `truncated` says so). */
  records: EvidenceRecord[];
  /** What is missing or short: the fixes that would raise it. */
  gaps: EvidenceRecord[];
  truncated: boolean;
}

/**
 * An indicator as a round's snapshot stores it: a list whose every record links to `prefix + its id` (the officer, the
 * item, the complaint …) keeps the prefix once. The links were a third of a snapshot's characters (253 squadrons, ~31 M).
 */
export interface StoredIndicatorResult extends IndicatorResult { recordsLink?: string; gapsLink?: string }

function packList(list: EvidenceRecord[]): { list: EvidenceRecord[]; prefix?: string } {
  const first = list[0]?.link;
  if (first === undefined || !first.endsWith(list[0]!.id)) return { list };
  const prefix = first.slice(0, first.length - list[0]!.id.length);
  if (!list.every((r) => r.link === prefix + r.id)) return { list };
  return { list: list.map(({ link: _link, ...rest }) => rest), prefix };
}

/** The stored form of a snapshot's indicators (unpackIndicators gives them back as they were). */
export function packIndicators(results: readonly IndicatorResult[]): StoredIndicatorResult[] {
  return results.map((r) => {
    const records = packList(r.records);
    const gaps = packList(r.gaps);
    return {
      ...r, records: records.list, gaps: gaps.list,
      ...(records.prefix !== undefined ? { recordsLink: records.prefix } : {}), ...(gaps.prefix !== undefined ? { gapsLink: gaps.prefix } : {}),
    };
  });
}

/** Indicators from a stored snapshot (snapshots stored before packing read as they are). */
export function unpackIndicators(stored: readonly StoredIndicatorResult[]): IndicatorResult[] {
  const linked = (list: EvidenceRecord[], prefix: string | undefined) => prefix === undefined ? list : list.map((r) => ({ ...r, link: prefix + r.id }));
  return stored.map(({ recordsLink, gapsLink, ...r }) => ({ ...r, records: linked(r.records, recordsLink), gaps: linked(r.gaps, gapsLink) }));
}

/** An inspector's finding on one criterion: confirm what the data says, or set the credit (0..1) with a reason. */
export interface OnsiteFinding {
  verdict: 'confirm' | 'override';
  /** Share of the criterion's points (0..1); required for override. */
  credit?: number;
  reason?: string;
}

/**
 * How a criterion was scored:
 * data — from the indicator; confirmed — data confirmed on site; override — the inspector's credit;
 * onsite — an on-site criterion scored on site; pending — waits for the on-site check (scores 0 until then);
 * fallback — its module does not exist yet, so it waits for (or was scored by) the on-site check.
 */
export type CriterionBasis = 'data' | 'confirmed' | 'override' | 'onsite' | 'pending' | 'fallback';

export interface CriterionScore {
  code: string;
  text: string;
  weight: number;
  source: RubricCriterion['source'];
  indicatorId: string | null;
  indicatorLabel: string | null;
  basis: CriterionBasis;
  /** Why the data could not be used (module missing …). */
  unavailableReason: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  floor: number | null;
  /** Share of the points earned (0..1); null while pending. */
  credit: number | null;
  points: number;
  /** Points still to gain on this criterion. */
  gain: number;
  /** Points one more counted record (or one fewer, for lower-is-better) is worth, when that is well defined. */
  pointsPerFix: number | null;
  /** Records to fix for full credit, when countable. */
  fixesToFull: number | null;
  finding: OnsiteFinding | null;
}

export interface ItemScore { code: string; name: string; weight: number; points: number; criteria: CriterionScore[] }
export interface CategoryScore { code: string; name: string; weight: number; points: number; items: ItemScore[] }

export interface TierScore {
  tier: RubricTier['tier'];
  name: string;
  passLine: number;
  points: number;
  /** Points of criteria still waiting for the on-site check. */
  pendingPoints: number;
  /** Points at stake if every pending criterion were confirmed in full. */
  bestCase: number;
  /** Whether the prerequisite tier (if any) is passed; null when there is none. */
  requirementMet: boolean | null;
  passed: boolean;
  categories: CategoryScore[];
}

export interface GapEntry {
  tier: RubricTier['tier'];
  criterionCode: string;
  text: string;
  itemName: string;
  categoryName: string;
  indicatorId: string | null;
  basis: CriterionBasis;
  gain: number;
  pointsPerFix: number | null;
  fixesToFull: number | null;
  /** What to do, in words. */
  advice: string;
}

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;
const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/** Credit (0..1) for an indicator value under a criterion's rule. */
export function creditFor(crit: RubricCriterion, def: IndicatorDefinition, value: number): number {
  const { target, floor } = criterionBounds(crit, def);
  const higher = def.direction === 'higher';
  const met = higher ? value >= target - 1e-9 : value <= target + 1e-9;
  if (crit.scoring === 'threshold' || met) return met ? 1 : 0;
  return clamp01(higher ? (value - floor) / (target - floor) : (floor - value) / (floor - target));
}

function fixFigures(crit: RubricCriterion, def: IndicatorDefinition, o: Measured, credit: number) {
  if (credit >= 1) return { pointsPerFix: null, fixesToFull: 0 };
  const { target, floor } = criterionBounds(crit, def);
  if (def.kind === 'count') {
    const fixes = Math.ceil(o.value - target - 1e-9);
    const perFix = crit.scoring === 'linear' && o.value <= floor ? crit.weight / (floor - target) : null;
    return { pointsPerFix: perFix === null ? null : round(perFix), fixesToFull: Math.max(0, fixes) };
  }
  if (o.numerator === undefined || !o.denominator) return { pointsPerFix: null, fixesToFull: null };
  const higher = def.direction === 'higher';
  const needed = higher ? Math.ceil(target * o.denominator - 1e-9) - o.numerator : o.numerator - Math.floor(target * o.denominator + 1e-9);
  const inLinearBand = crit.scoring === 'linear' && (higher ? o.value >= floor : o.value <= floor);
  const perFix = inLinearBand ? crit.weight / o.denominator / Math.abs(target - floor) : null;
  return { pointsPerFix: perFix === null ? null : round(perFix), fixesToFull: Math.max(0, needed) };
}

export function scoreCriterion(
  crit: RubricCriterion, indicators: ReadonlyMap<string, IndicatorOutcome>, finding: OnsiteFinding | undefined,
): CriterionScore {
  const def = crit.indicatorId ? INDICATORS_BY_ID.get(crit.indicatorId) : undefined;
  const base = {
    code: crit.code, text: crit.text, weight: crit.weight, source: crit.source, indicatorId: crit.indicatorId ?? null,
    indicatorLabel: def?.label ?? null, finding: finding ?? null,
  };
  const override = finding?.verdict === 'override' && finding.credit !== undefined ? clamp01(finding.credit) : null;
  const result = (basis: CriterionBasis, credit: number | null, rest: Partial<CriterionScore> = {}): CriterionScore => {
    const points = credit === null ? 0 : round(crit.weight * credit);
    return {
      ...base, basis, credit, points, gain: round(crit.weight - points), unavailableReason: null, value: null, numerator: null,
      denominator: null, target: null, floor: null, pointsPerFix: null, fixesToFull: null, ...rest,
    };
  };

  if (crit.source === 'onsite' || !def) {
    if (override !== null) return result('onsite', override);
    return result('pending', null);
  }
  const bounds = criterionBounds(crit, def);
  const outcome = indicators.get(def.id) ?? {
    available: false as const, reason: INDICATOR_MODULES[def.module].planned ? `${INDICATOR_MODULES[def.module].label}尚未接入本平台` : '指标未计算',
  };
  if (!outcome.available || outcome.value === null) {
    const rest = { unavailableReason: outcome.reason, target: bounds.target, floor: bounds.floor };
    return result('fallback', override, rest);
  }
  const measured: Measured = outcome;
  const dataCredit = creditFor(crit, def, measured.value);
  const rest = {
    value: outcome.value, numerator: outcome.numerator ?? null, denominator: outcome.denominator ?? null, target: bounds.target, floor: bounds.floor,
  };
  if (override !== null) return result('override', override, rest);
  const figures = fixFigures(crit, def, measured, dataCredit);
  return result(finding?.verdict === 'confirm' ? 'confirmed' : 'data', dataCredit, { ...rest, ...figures });
}

/**
 * Scores a tier. `requirementPassed` is whether the prerequisite tier was passed in the same round (ignored when the tier
 * has none). Pending on-site criteria score 0, and their points are reported separately.
 */
export function scoreTier(
  tier: RubricTier, indicators: ReadonlyMap<string, IndicatorOutcome>, findings: ReadonlyMap<string, OnsiteFinding>,
  requirementPassed?: boolean,
): TierScore {
  let pendingPoints = 0;
  const categories = tier.categories.map((cat) => {
    const items = cat.items.map((item) => {
      const criteria = item.criteria.map((crit) => {
        const s = scoreCriterion(crit, indicators, findings.get(crit.code));
        if (s.credit === null) pendingPoints += s.weight;
        return s;
      });
      return { code: item.code, name: item.name, weight: item.weight, points: round(criteria.reduce((a, c) => a + c.points, 0)), criteria };
    });
    return { code: cat.code, name: cat.name, weight: cat.weight, points: round(items.reduce((a, i) => a + i.points, 0)), items };
  });
  const points = round(categories.reduce((a, c) => a + c.points, 0));
  const requirementMet = tier.requires ? requirementPassed === true : null;
  return {
    tier: tier.tier, name: tier.name, passLine: tier.passLine, points, pendingPoints: round(pendingPoints), bestCase: round(points + pendingPoints),
    requirementMet, passed: points >= tier.passLine - 1e-9 && requirementMet !== false, categories,
  };
}

function adviceFor(s: CriterionScore): string {
  if (s.basis === 'pending') return '待现场检查确认';
  if (s.basis === 'fallback') return `${s.unavailableReason ?? '数据不可用'}，以现场检查计分`;
  if (s.basis === 'override') return `现场检查认定：${s.finding?.reason ?? '未达标'}`;
  if (s.fixesToFull !== null && s.fixesToFull > 0) {
    const each = s.pointsPerFix !== null ? `，每补齐1项约得${round(s.pointsPerFix, 2)}分` : '';
    return `补齐${s.fixesToFull}项即可得满分${each}`;
  }
  return `${s.indicatorLabel ?? s.text}未达到目标值`;
}

/** The 差距清单: every criterion short of full points, the most valuable fix first. */
export function gapList(scores: TierScore[]): GapEntry[] {
  const gaps: GapEntry[] = [];
  for (const tier of scores) {
    for (const cat of tier.categories) {
      for (const item of cat.items) {
        for (const s of item.criteria) {
          if (s.gain <= 1e-6) continue;
          gaps.push({
            tier: tier.tier, criterionCode: s.code, text: s.text, itemName: item.name, categoryName: cat.name, indicatorId: s.indicatorId,
            basis: s.basis, gain: s.gain, pointsPerFix: s.pointsPerFix, fixesToFull: s.fixesToFull, advice: adviceFor(s),
          });
        }
      }
    }
  }
  return gaps.sort((a, b) => b.gain - a.gain || a.criterionCode.localeCompare(b.criterionCode));
}
