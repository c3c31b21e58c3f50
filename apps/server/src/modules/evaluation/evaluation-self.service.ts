// 实时自评: any squadron, any day, sees its projected score against both tiers under the newest published rubric, over
// the last 12 months of data, with its gap list and the trend at past month ends (cached: a past month is computed once
// per rubric version). The district and city see every squadron of their subtree on a dashboard.
import {
  EVALUATION_TIER_LABELS, plusDays, shanghaiDate, shanghaiParts, shanghaiStartOfDay, SQUADRON_KINDS,
  type GapEntry, type IndicatorResult, type TierScore,
} from '@cg/domain';
import { queryRows, sql, type Executor } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { invalid } from '../../core/errors.ts';
import { getUnitInScope } from '../units/units.service.ts';
import { EVALUATION_CONCURRENCY, mapWithConcurrency, squadronIndicators } from './evaluation-indicators.service.ts';
import { scoreApplication } from './evaluation-rounds.service.ts';
import { latestPublishedRubric, type RubricDetail } from './evaluation-rubrics.service.ts';

export const SELF_PERIOD_DAYS = 365;
export const TREND_MONTHS = 6;
/** How long a past month's projected score is reused before it is computed again. */
export const PROJECTION_REUSE_MS = 24 * 60 * 60 * 1000;

export interface Projection { standard: TierScore; demonstration: TierScore | null; gaps: GapEntry[]; indicators: IndicatorResult[] }

/** The 12 months of data ending on a date. */
export const selfPeriod = (to: string) => ({ from: plusDays(to, -(SELF_PERIOD_DAYS - 1)), to });

/**
 * A squadron's projected scores as of a moment (both tiers: 示范 scored as if applied, needing 规范化达标). Without
 * `evidence` the indicators carry their values only (scores and gap points are the same).
 */
export async function project(
  db: Executor, user: AuthUser, rubric: RubricDetail, unitId: string, asOf: Date, evidence = true,
): Promise<Projection> {
  const to = shanghaiDate(new Date(asOf.getTime() - 1)); // the last whole or current day covered
  const indicators = await squadronIndicators(db, user, { unitId, ...selfPeriod(to), asOf }, { evidence });
  const scored = scoreApplication(rubric.content, 'demonstration', indicators, new Map());
  return {
    standard: scored.tiers.find((t) => t.tier === 'standard')!,
    demonstration: scored.tiers.find((t) => t.tier === 'demonstration') ?? null,
    gaps: scored.gaps, indicators,
  };
}

/** First instants of the last `n` whole months before `now`'s month, oldest first. */
function pastMonthEnds(now: Date, n: number): { month: string; end: Date }[] {
  const { year, month } = shanghaiParts(now);
  const out: { month: string; end: Date }[] = [];
  for (let k = n; k >= 1; k--) {
    const m = month - k; // the month whose end we want, may be ≤ 0
    const y = year + Math.floor((m - 1) / 12);
    const mm = ((((m - 1) % 12) + 12) % 12) + 1;
    const next = mm === 12 ? { y: y + 1, m: 1 } : { y, m: mm + 1 };
    out.push({ month: `${y}-${String(mm).padStart(2, '0')}-01`, end: shanghaiStartOfDay(`${next.y}-${String(next.m).padStart(2, '0')}-01`) });
  }
  return out;
}

async function trend(db: Executor, user: AuthUser, rubric: RubricDetail, unitId: string, now: Date) {
  const months = pastMonthEnds(now, TREND_MONTHS);
  // A past month's data can still change (a record entered late, a correction): a projection is reused for a day.
  const cached = await queryRows<{ month: string; standard: number; demonstration: number }>(db, sql`
    SELECT month::text AS month, standard_points AS standard, demonstration_points AS demonstration FROM evaluation_projections
    WHERE unit_id = ${unitId} AND rubric_id = ${rubric.id} AND month >= ${months[0]!.month}::date
      AND computed_at > ${new Date(now.getTime() - PROJECTION_REUSE_MS).toISOString()}::timestamptz`);
  const byMonth = new Map(cached.map((c) => [c.month, c]));
  const points: { month: string; standard: number; demonstration: number }[] = [];
  for (const m of months) {
    let row = byMonth.get(m.month);
    if (!row) {
      const p = await project(db, user, rubric, unitId, m.end, false);
      row = { month: m.month, standard: p.standard.points, demonstration: p.demonstration?.points ?? 0 };
      await db.execute(sql`
        INSERT INTO evaluation_projections (unit_id, month, rubric_id, standard_points, demonstration_points)
        VALUES (${unitId}, ${m.month}::date, ${rubric.id}, ${row.standard}, ${row.demonstration})
        ON CONFLICT (unit_id, month, rubric_id) DO UPDATE SET standard_points = excluded.standard_points,
          demonstration_points = excluded.demonstration_points, computed_at = now()`);
    }
    points.push({ month: m.month.slice(0, 7), standard: row.standard, demonstration: row.demonstration });
  }
  return points;
}

/** The self-assessment page of one squadron. */
export async function selfAssessment(db: Executor, user: AuthUser, unitId: string | undefined, now: Date) {
  const unit = await getUnitInScope(db, user, unitId ?? user.unitId);
  if (!SQUADRON_KINDS.includes(unit.kind)) throw invalid([{ field: 'unitId', message: `${unit.name}不是基层中队：请选择一个中队，或查看考核总览` }]);
  const rubric = await latestPublishedRubric(db);
  const p = await project(db, user, rubric, unit.id, now);
  const period = selfPeriod(shanghaiDate(now));
  const byId = new Map(p.indicators.map((r) => [r.id, r]));
  return {
    unit: { id: unit.id, name: unit.name }, asOf: now.toISOString(), period,
    rubric: { id: rubric.id, version: rubric.version, name: rubric.name },
    tiers: [p.standard, ...(p.demonstration ? [p.demonstration] : [])],
    gaps: p.gaps.map((g) => ({ ...g, tierLabel: EVALUATION_TIER_LABELS[g.tier], records: g.indicatorId ? byId.get(g.indicatorId)?.gaps.slice(0, 20) ?? [] : [] })),
    indicators: Object.fromEntries(byId),
    trend: [...(await trend(db, user, rubric, unit.id, now)),
      { month: shanghaiDate(now).slice(0, 7), standard: p.standard.points, demonstration: p.demonstration?.points ?? 0 }],
  };
}

/** 考核总览: every squadron of the subtree with its projected scores now (and pass/fail per tier). */
export async function evaluationDashboard(db: Executor, user: AuthUser, unitId: string | undefined, now: Date) {
  const root = await getUnitInScope(db, user, unitId ?? user.unitId);
  const rubric = await latestPublishedRubric(db);
  const squadrons = await queryRows<{ id: string; name: string; path: string }>(db, sql`
    SELECT id, name, path FROM units WHERE path LIKE ${root.path + '%'}
      AND kind IN (${sql.join(SQUADRON_KINDS.map((k) => sql`${k}`), sql`, `)}) ORDER BY path`);
  const districtIds = [...new Set(squadrons.map((s) => s.path.split('/').filter(Boolean)[1]).filter((x): x is string => !!x))];
  const districts = districtIds.length
    ? new Map((await queryRows<{ id: string; name: string }>(db, sql`SELECT id, name FROM units WHERE id = ANY(${sql.param(districtIds)}::uuid[])`)).map((d) => [d.id, d.name]))
    : new Map<string, string>();
  const rows = await mapWithConcurrency(squadrons, EVALUATION_CONCURRENCY, async (s) => {
    const p = await project(db, user, rubric, s.id, now, false);
    return {
      unitId: s.id, unitName: s.name, districtName: districts.get(s.path.split('/').filter(Boolean)[1] ?? '') ?? null,
      standardPoints: p.standard.points, standardPassed: p.standard.passed, standardPending: p.standard.pendingPoints,
      demonstrationPoints: p.demonstration?.points ?? null, demonstrationPassed: p.demonstration?.passed ?? null,
      demonstrationPending: p.demonstration?.pendingPoints ?? null,
      topGap: p.gaps.find((g) => g.basis !== 'pending' && g.basis !== 'fallback') ?? null,
    };
  });
  return {
    unit: { id: root.id, name: root.name }, asOf: now.toISOString(), rubric: { id: rubric.id, version: rubric.version, name: rubric.name },
    period: selfPeriod(shanghaiDate(now)), squadrons: rows,
  };
}
