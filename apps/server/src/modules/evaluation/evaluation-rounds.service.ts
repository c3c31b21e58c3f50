// 年度考核轮次: the city opens a round pinned to a published rubric version; districts submit applying squadrons with
// their tier; at the cut-off the indicators of every applicant are snapshotted (scores read the snapshot, never live data);
// inspectors confirm or override criteria on site (override: reason and photo); the city publishes and the scores are
// frozen. 示范 is scored together with 规范化达标, which it requires.
import { createHash } from 'node:crypto';
import {
  criteriaOf, EVALUATION_TIER_LABELS, gapList, INDICATORS_BY_ID, scoreTier, shanghaiDate, shanghaiStartOfDay, plusDays, SQUADRON_KINDS,
  packIndicators, unpackIndicators, type EvaluationTier, type GapEntry, type IndicatorResult, type OnsiteFinding, type RubricContent,
  type RubricTier, type StoredIndicatorResult, type TierScore,
} from '@cg/domain';
import { queryOne, queryRows, sql, type Database, type Executor, type SQL } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, conflict, invalid, notFound, versionConflict } from '../../core/errors.ts';
import { MAX_PHOTO_BYTES } from '../../core/upload.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { getUnitInScope } from '../units/units.service.ts';
import { EVALUATION_CONCURRENCY, mapWithConcurrency, squadronIndicators } from './evaluation-indicators.service.ts';
import { rubricDetail } from './evaluation-rubrics.service.ts';

export type RoundStatus = 'open' | 'inspecting' | 'published';
export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = { open: '申报中', inspecting: '现场检查中', published: '已发布' };

export interface RoundView {
  id: string; year: number; name: string; rubricId: string; rubricVersion: number; rubricName: string;
  periodFrom: string; periodTo: string; applyDeadline: string; cutoffAt: string; status: RoundStatus; statusLabel: string;
  snapshotAt: string | null; publishedAt: string | null; publishedByName: string | null; createdByName: string; createdAt: string;
  rowVersion: number; applicants: number;
}

export interface FindingView {
  id: string; criterionCode: string; verdict: 'confirm' | 'override'; credit: number | null; reason: string | null;
  inspectorName: string; at: string; rowVersion: number; photos: { id: string; fileName: string; url: string }[];
}

export interface ApplicantView {
  id: string; roundId: string; unitId: string; unitName: string; districtName: string | null; tier: EvaluationTier; tierLabel: string;
  submittedByName: string; submittedAt: string; snapshotAt: string | null;
  /** Current scores: projected from the snapshot and findings until publication, frozen after. */
  standardPoints: number | null; demonstrationPoints: number | null; standardPassed: boolean | null; demonstrationPassed: boolean | null;
  pendingPoints: number | null; findings: number;
}

export interface ApplicantScores {
  applicant: ApplicantView;
  round: RoundView;
  frozen: boolean;
  tiers: TierScore[];
  gaps: GapEntry[];
  /** The snapshot's indicators (value, records, gaps), by id, for drill-down. */
  indicators: Record<string, IndicatorResult>;
  findings: FindingView[];
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

const roundColumns = sql`r.id, r.year, r.name, r.rubric_id AS "rubricId", b.version AS "rubricVersion", b.name AS "rubricName",
  r.period_from::text AS "periodFrom", r.period_to::text AS "periodTo", r.apply_deadline::text AS "applyDeadline", r.cutoff_at AS "cutoffAt",
  r.status, r.snapshot_at AS "snapshotAt", r.published_at AS "publishedAt", r.published_by_name AS "publishedByName",
  r.created_by_name AS "createdByName", r.created_at AS "createdAt", r.row_version AS "rowVersion"`;

type RoundRow = Omit<RoundView, 'statusLabel' | 'cutoffAt' | 'snapshotAt' | 'publishedAt' | 'createdAt' | 'applicants'> & {
  cutoffAt: Date | string; snapshotAt: Date | string | null; publishedAt: Date | string | null; createdAt: Date | string; applicants?: number;
};

function toRound(r: RoundRow, applicants: number): RoundView {
  return {
    ...r, statusLabel: ROUND_STATUS_LABELS[r.status], cutoffAt: iso(r.cutoffAt)!, snapshotAt: iso(r.snapshotAt), publishedAt: iso(r.publishedAt),
    createdAt: iso(r.createdAt)!, applicants,
  };
}

/** Applicants visible to the user: those of squadrons in their subtree (the city sees all). */
const inScope = (user: AuthUser) => sql`u.path LIKE ${user.unitPath + '%'}`;

export async function listRounds(db: Executor, user: AuthUser): Promise<{ items: RoundView[] }> {
  const rows = await queryRows<RoundRow & { applicants: number }>(db, sql`
    SELECT ${roundColumns},
      (SELECT count(*)::int FROM evaluation_applicants a JOIN units u ON u.id = a.unit_id WHERE a.round_id = r.id AND ${inScope(user)}) AS applicants
    FROM evaluation_rounds r JOIN evaluation_rubrics b ON b.id = r.rubric_id ORDER BY r.year DESC, r.created_at DESC`);
  return { items: rows.map((r) => toRound(r, r.applicants)) };
}

async function roundRow(db: Executor, id: string): Promise<RoundRow> {
  const row = await queryOne<RoundRow>(db, sql`SELECT ${roundColumns} FROM evaluation_rounds r JOIN evaluation_rubrics b ON b.id = r.rubric_id WHERE r.id = ${id}`);
  if (!row) throw notFound('考核轮次');
  return row;
}

export interface RoundInput { year: number; name: string; rubricId: string; periodFrom: string; periodTo: string; applyDeadline: string; cutoffAt: string }

export async function createRound(db: Database, user: AuthUser, actor: Actor, input: RoundInput): Promise<RoundView> {
  if (input.periodFrom > input.periodTo) throw invalid([{ field: 'periodTo', message: '考核期间的结束日期不能早于开始日期' }]);
  const days = (shanghaiStartOfDay(input.periodTo).getTime() - shanghaiStartOfDay(input.periodFrom).getTime()) / 86_400_000 + 1;
  if (days > 400) throw invalid([{ field: 'periodTo', message: '考核期间不能超过400天' }]);
  if (input.applyDeadline > shanghaiDate(new Date(input.cutoffAt))) {
    throw invalid([{ field: 'applyDeadline', message: '申报截止日期不能晚于数据截止（快照）时间' }]);
  }
  const id = await db.transaction(async (tx) => {
    const rubric = await rubricDetail(tx, input.rubricId);
    if (rubric.status !== 'published') throw invalid([{ field: 'rubricId', message: '只能使用已发布的评分标准' }]);
    const dup = await queryOne(tx, sql`SELECT 1 FROM evaluation_rounds WHERE year = ${input.year} AND name = ${input.name}`);
    if (dup) throw conflict(`${input.year}年已有名为“${input.name}”的考核轮次`, [{ field: 'name', message: '名称重复' }]);
    const row = await queryOne<{ id: string }>(tx, sql`
      INSERT INTO evaluation_rounds (year, name, rubric_id, period_from, period_to, apply_deadline, cutoff_at, status, created_by_id, created_by_name)
      VALUES (${input.year}, ${input.name}, ${rubric.id}, ${input.periodFrom}::date, ${input.periodTo}::date, ${input.applyDeadline}::date,
        ${input.cutoffAt}::timestamptz, 'open', ${actor.id}, ${actor.name})
      RETURNING id`);
    await appendAudit(tx, actor, { unitId: user.unitId, entityType: 'evaluation_round', entityId: row!.id, action: 'create', after: { ...input, rubricVersion: rubric.version } });
    return row!.id;
  });
  return roundView(db, user, id);
}

export async function roundView(db: Executor, user: AuthUser, id: string): Promise<RoundView> {
  const row = await roundRow(db, id);
  const n = await queryOne<{ n: number }>(db, sql`
    SELECT count(*)::int AS n FROM evaluation_applicants a JOIN units u ON u.id = a.unit_id WHERE a.round_id = ${id} AND ${inScope(user)}`);
  return toRound(row, n!.n);
}

interface ApplicantRow {
  id: string; roundId: string; unitId: string; unitName: string; unitPath: string; tier: EvaluationTier; submittedByName: string;
  submittedAt: Date | string; snapshot: IndicatorResult[] | null; result: { tiers: TierScore[]; gaps: GapEntry[] } | null;
  standardPoints: number | null; demonstrationPoints: number | null; standardPassed: boolean | null; demonstrationPassed: boolean | null;
  findings: number;
}

const applicantColumns = sql`a.id, a.round_id AS "roundId", a.unit_id AS "unitId", u.name AS "unitName", u.path AS "unitPath", a.tier,
  a.submitted_by_name AS "submittedByName", a.submitted_at AS "submittedAt", a.snapshot, a.result,
  a.standard_points AS "standardPoints", a.demonstration_points AS "demonstrationPoints", a.standard_passed AS "standardPassed",
  a.demonstration_passed AS "demonstrationPassed",
  (SELECT count(*)::int FROM evaluation_findings f WHERE f.applicant_id = a.id) AS findings`;

/** Applicants with their snapshot's indicators as computed (the snapshot is stored packed: packIndicators). */
async function applicantRows(db: Executor, where: SQL, orderBy: SQL = sql``): Promise<ApplicantRow[]> {
  const rows = await queryRows<Omit<ApplicantRow, 'snapshot'> & { snapshot: StoredIndicatorResult[] | null }>(db, sql`
    SELECT ${applicantColumns} FROM evaluation_applicants a JOIN units u ON u.id = a.unit_id WHERE ${where} ${orderBy}`);
  return rows.map((r) => ({ ...r, snapshot: r.snapshot && unpackIndicators(r.snapshot) }));
}

/** The district (区局) a unit belongs to: the second level of its path. */
async function districtNames(db: Executor, paths: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(paths.map((p) => p.split('/').filter(Boolean)[1]).filter((x): x is string => !!x))];
  if (!ids.length) return new Map();
  const rows = await queryRows<{ id: string; name: string }>(db, sql`SELECT id, name FROM units WHERE id = ANY(${sql.param(ids)}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r.name]));
}
const districtIdOf = (path: string) => path.split('/').filter(Boolean)[1] ?? null;

/** Tiers an applicant is scored on: its own and every prerequisite (示范 → 规范化达标 first). */
export function tiersFor(rubric: RubricContent, tier: EvaluationTier): RubricTier[] {
  const chain: RubricTier[] = [];
  let current = rubric.tiers.find((t) => t.tier === tier);
  while (current && !chain.includes(current)) {
    chain.unshift(current);
    current = current.requires ? rubric.tiers.find((t) => t.tier === current!.requires) : undefined;
  }
  return chain;
}

/** Scores for the tiers an applicant applied for, prerequisite first, and the gap list. */
export function scoreApplication(rubric: RubricContent, tier: EvaluationTier, indicators: IndicatorResult[], findings: Map<string, OnsiteFinding>) {
  const outcomes = new Map(indicators.map((r) => [r.id, r.outcome]));
  const passed = new Map<EvaluationTier, boolean>();
  const tiers = tiersFor(rubric, tier).map((t) => {
    const s = scoreTier(t, outcomes, findings, t.requires ? passed.get(t.requires) === true : undefined);
    passed.set(t.tier, s.passed);
    return s;
  });
  return { tiers, gaps: gapList(tiers) };
}

type FindingRow = FindingView & { applicantId: string };

async function findingsOf(db: Executor, applicantIds: string[]): Promise<FindingRow[]> {
  if (!applicantIds.length) return [];
  const rows = await queryRows<Omit<FindingRow, 'at' | 'photos'> & { at: Date | string; photos: { id: string; fileName: string }[] | null }>(db, sql`
    SELECT f.id, f.applicant_id AS "applicantId", f.criterion_code AS "criterionCode", f.verdict, f.credit, f.reason, f.inspector_name AS "inspectorName",
      f.at, f.row_version AS "rowVersion",
      (SELECT json_agg(json_build_object('id', p.id, 'fileName', p.file_name) ORDER BY p.uploaded_at) FROM evaluation_finding_photos p WHERE p.finding_id = f.id) AS photos
    FROM evaluation_findings f WHERE f.applicant_id = ANY(${sql.param(applicantIds)}::uuid[]) ORDER BY f.criterion_code`);
  return rows.map((r) => ({
    ...r, at: iso(r.at)!,
    photos: (r.photos ?? []).map((p) => ({ ...p, url: `/api/evaluation/findings/${r.id}/photos/${p.id}` })),
  }));
}

const findingMap = (list: FindingView[]) => new Map(list.map((f) => [f.criterionCode, {
  verdict: f.verdict, credit: f.credit ?? undefined, reason: f.reason ?? undefined,
} satisfies OnsiteFinding]));

function applicantView(a: ApplicantRow, districts: Map<string, string>, live: { tiers: TierScore[] } | null, snapshotAt: string | null): ApplicantView {
  const tier = (t: EvaluationTier) => (a.result ?? live)?.tiers.find((s) => s.tier === t);
  const std = tier('standard');
  const demo = tier('demonstration');
  return {
    id: a.id, roundId: a.roundId, unitId: a.unitId, unitName: a.unitName, districtName: districts.get(districtIdOf(a.unitPath) ?? '') ?? null,
    tier: a.tier, tierLabel: EVALUATION_TIER_LABELS[a.tier], submittedByName: a.submittedByName, submittedAt: iso(a.submittedAt)!, snapshotAt,
    standardPoints: std?.points ?? null, demonstrationPoints: demo?.points ?? null, standardPassed: std?.passed ?? null,
    demonstrationPassed: demo ? demo.passed : null,
    pendingPoints: (a.result ?? live)?.tiers.reduce((s, t) => s + t.pendingPoints, 0) ?? null, findings: a.findings,
  };
}

/** A round with its applicants in the user's scope, each with its current (projected or frozen) scores, ranked. */
export async function roundDetail(db: Executor, user: AuthUser, id: string) {
  const round = await roundView(db, user, id);
  const rubric = await rubricDetail(db, round.rubricId);
  const rows = await applicantRows(db, sql`a.round_id = ${id} AND ${inScope(user)}`, sql`ORDER BY u.path`);
  const districts = await districtNames(db, rows.map((r) => r.unitPath));
  const findings = await findingsOf(db, rows.map((r) => r.id));
  const applicants = rows.map((a) => {
    const live = a.snapshot && !a.result
      ? scoreApplication(rubric.content, a.tier, a.snapshot, findingMap(findings.filter((f) => f.applicantId === a.id)))
      : null;
    return applicantView(a, districts, live, round.snapshotAt);
  });
  return { round, rubric: { id: rubric.id, version: rubric.version, name: rubric.name }, applicants, ranking: ranking(applicants) };
}

/** Ranking per tier, city-wide and within each district, by points (ties share a rank). */
export function ranking(applicants: ApplicantView[]) {
  const rank = (list: ApplicantView[], points: (a: ApplicantView) => number | null) => {
    const sorted = list.filter((a) => points(a) !== null).sort((x, y) => points(y)! - points(x)!);
    return sorted.map((a) => ({ applicantId: a.id, unitName: a.unitName, districtName: a.districtName, points: points(a)!,
      rank: 1 + sorted.filter((b) => points(b)! > points(a)!).length }));
  };
  const byDistrict = (points: (a: ApplicantView) => number | null) => {
    const names = [...new Set(applicants.map((a) => a.districtName ?? '—'))].sort();
    return names.map((d) => ({ districtName: d, items: rank(applicants.filter((a) => (a.districtName ?? '—') === d), points) }));
  };
  const std = (a: ApplicantView) => a.standardPoints;
  const demo = (a: ApplicantView) => (a.tier === 'demonstration' ? a.demonstrationPoints : null);
  return {
    standard: { city: rank(applicants, std), districts: byDistrict(std) },
    demonstration: { city: rank(applicants, demo), districts: byDistrict(demo) },
  };
}

export async function submitApplicant(
  db: Database, user: AuthUser, actor: Actor, roundId: string, input: { unitId: string; tier: EvaluationTier }, now: Date,
): Promise<ApplicantView> {
  const id = await db.transaction(async (tx) => {
    const round = await roundRow(tx, roundId);
    if (round.status !== 'open') throw conflict('该轮次已截止申报');
    if (shanghaiDate(now) > round.applyDeadline) throw conflict(`申报已于${round.applyDeadline}截止`, [{ field: 'unitId', message: '已过申报截止日期' }]);
    const unit = await getUnitInScope(tx, user, input.unitId);
    if (!SQUADRON_KINDS.includes(unit.kind)) throw invalid([{ field: 'unitId', message: `${unit.name}不是基层中队，不能申报` }]);
    const dup = await queryOne(tx, sql`SELECT 1 FROM evaluation_applicants WHERE round_id = ${roundId} AND unit_id = ${unit.id}`);
    if (dup) throw conflict(`${unit.name}已申报本轮次`, [{ field: 'unitId', message: '已申报' }]);
    const row = await queryOne<{ id: string }>(tx, sql`
      INSERT INTO evaluation_applicants (round_id, unit_id, tier, submitted_by_id, submitted_by_name, submitted_at)
      VALUES (${roundId}, ${unit.id}, ${input.tier}, ${actor.id}, ${actor.name}, ${now.toISOString()}::timestamptz) RETURNING id`);
    await appendAudit(tx, actor, {
      unitId: unit.id, entityType: 'evaluation_applicant', entityId: row!.id, action: 'submit', after: { roundId, tier: input.tier, unit: unit.name },
    });
    return row!.id;
  });
  return (await applicantScores(db, user, id)).applicant;
}

export async function withdrawApplicant(db: Database, user: AuthUser, actor: Actor, applicantId: string): Promise<{ withdrawn: true }> {
  await db.transaction(async (tx) => {
    const a = await applicantRow(tx, user, applicantId);
    const round = await roundRow(tx, a.roundId);
    if (round.status !== 'open') throw conflict('已截止的轮次不能撤回申报');
    await tx.execute(sql`DELETE FROM evaluation_applicants WHERE id = ${applicantId}`);
    await appendAudit(tx, actor, { unitId: a.unitId, entityType: 'evaluation_applicant', entityId: applicantId, action: 'withdraw', before: { tier: a.tier, unit: a.unitName } });
  });
  return { withdrawn: true };
}

async function applicantRow(db: Executor, user: AuthUser, id: string): Promise<ApplicantRow> {
  const [row] = await applicantRows(db, sql`a.id = ${id} AND ${inScope(user)}`);
  if (!row) throw notFound('申报中队');
  return row;
}

/**
 * 截止并快照: reads every applicant's indicators as of the cut-off (or now, when closing early) and stores them; from
 * here on scores read the snapshot only. Indicators are computed before the transaction (they only read).
 */
export async function snapshotRound(db: Database, user: AuthUser, actor: Actor, roundId: string, rowVersion: number, now: Date): Promise<RoundView> {
  const round = await roundRow(db, roundId);
  if (round.status !== 'open') throw conflict('该轮次已完成快照');
  if (round.rowVersion !== rowVersion) throw versionConflict();
  const asOf = new Date(Math.min(now.getTime(), new Date(round.cutoffAt).getTime()));
  const applicants = await queryRows<{ id: string; unitId: string }>(db, sql`SELECT id, unit_id AS "unitId" FROM evaluation_applicants WHERE round_id = ${roundId}`);
  if (!applicants.length) throw conflict('该轮次还没有申报中队');
  // Each applicant's part as JSON text right away: ~250 squadrons' object graphs kept until the write made the garbage
  // collector trace them again and again.
  const snapshots = await mapWithConcurrency(applicants, EVALUATION_CONCURRENCY, async (a) => JSON.stringify({
    id: a.id, indicators: packIndicators(await squadronIndicators(db, user, { unitId: a.unitId, from: round.periodFrom, to: round.periodTo, asOf })),
  }));
  await db.transaction(async (tx) => {
    const updated = await queryOne(tx, sql`
      UPDATE evaluation_rounds SET status = 'inspecting', snapshot_at = ${asOf.toISOString()}::timestamptz, row_version = row_version + 1
      WHERE id = ${roundId} AND row_version = ${rowVersion} AND status = 'open' RETURNING id`);
    if (!updated) throw versionConflict();
    const late = await queryOne<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM evaluation_applicants WHERE round_id = ${roundId}`);
    if (late!.n !== snapshots.length) throw conflict('快照期间有新的申报，请重试');
    // One statement for every applicant: a round-trip each cost more than the writing. The array is split as json (text
    // slices) and only each applicant's part parsed into jsonb: parsing the whole array (~30 M characters at 253
    // applicants) into one jsonb first took twice as long (bench evaluation: 1.3–1.7 s vs 1.9–3.4 s).
    const stored = await queryRows<{ id: string }>(tx, sql`
      UPDATE evaluation_applicants a SET snapshot = (v.value -> 'indicators')::jsonb
      FROM json_array_elements(${`[${snapshots.join(',')}]`}::json) v
      WHERE a.id = (v.value ->> 'id')::uuid AND a.round_id = ${roundId} RETURNING a.id`);
    if (stored.length !== snapshots.length) throw conflict('快照期间申报有变化，请重试');
    await appendAudit(tx, actor, {
      unitId: user.unitId, entityType: 'evaluation_round', entityId: roundId, action: 'snapshot',
      after: { asOf: asOf.toISOString(), applicants: snapshots.length },
    });
  });
  return roundView(db, user, roundId);
}

/** Scores of one applicant with everything behind them (indicators of the snapshot, findings with photos). */
export async function applicantScores(db: Executor, user: AuthUser, applicantId: string): Promise<ApplicantScores> {
  const a = await applicantRow(db, user, applicantId);
  const round = await roundView(db, user, a.roundId);
  const rubric = await rubricDetail(db, round.rubricId);
  const findings = await findingsOf(db, [a.id]);
  const districts = await districtNames(db, [a.unitPath]);
  const scored = a.result ?? (a.snapshot ? scoreApplication(rubric.content, a.tier, a.snapshot, findingMap(findings)) : null);
  return {
    applicant: applicantView(a, districts, scored, round.snapshotAt), round, frozen: a.result !== null,
    tiers: scored?.tiers ?? [], gaps: scored?.gaps ?? [],
    indicators: Object.fromEntries((a.snapshot ?? []).map((r) => [r.id, r])), findings,
  };
}

export interface FindingInput { criterionCode: string; verdict: 'confirm' | 'override'; credit?: number; reason?: string | null; rowVersion?: number }

/** Records (or replaces) the on-site finding on one criterion of an applicant while the round is being inspected. */
export async function recordFinding(db: Database, user: AuthUser, actor: Actor, applicantId: string, input: FindingInput, now: Date): Promise<FindingView> {
  const findingId = await db.transaction(async (tx) => {
    const a = await applicantRow(tx, user, applicantId);
    const round = await roundRow(tx, a.roundId);
    if (round.status !== 'inspecting') {
      throw conflict(round.status === 'open' ? '轮次尚未截止快照，不能记录现场检查' : '结果已发布，现场检查记录已锁定');
    }
    const rubric = await rubricDetail(tx, round.rubricId);
    const criterion = tiersFor(rubric.content, a.tier).flatMap(criteriaOf).find((c) => c.criterion.code === input.criterionCode)?.criterion;
    if (!criterion) throw invalid([{ field: 'criterionCode', message: `评分标准中没有适用于该中队的指标“${input.criterionCode}”` }]);
    if (input.verdict === 'override' && (input.credit === undefined || !input.reason)) {
      throw invalid([{ field: input.credit === undefined ? 'credit' : 'reason', message: '改判须填写得分比例和理由' }]);
    }
    const measurable = criterion.indicatorId && a.snapshot?.some((r) => r.id === criterion.indicatorId && r.outcome.available && r.outcome.value !== null);
    if (input.verdict === 'confirm' && !measurable) {
      throw invalid([{ field: 'verdict', message: '该指标没有平台数据可确认，请直接评定得分比例' }]);
    }
    const existing = await queryOne<{ id: string; rowVersion: number; verdict: string; credit: number | null; reason: string | null }>(tx, sql`
      SELECT id, row_version AS "rowVersion", verdict, credit, reason FROM evaluation_findings
      WHERE applicant_id = ${applicantId} AND criterion_code = ${input.criterionCode}`);
    const credit = input.verdict === 'override' ? input.credit! : null;
    const reason = input.reason ?? null;
    let id: string;
    if (existing) {
      if (input.rowVersion !== undefined && input.rowVersion !== existing.rowVersion) throw versionConflict();
      await tx.execute(sql`
        UPDATE evaluation_findings SET verdict = ${input.verdict}, credit = ${credit}, reason = ${reason}, inspector_id = ${actor.id},
          inspector_name = ${actor.name}, at = ${now.toISOString()}::timestamptz, row_version = row_version + 1
        WHERE id = ${existing.id}`);
      id = existing.id;
    } else {
      const row = await queryOne<{ id: string }>(tx, sql`
        INSERT INTO evaluation_findings (applicant_id, criterion_code, verdict, credit, reason, inspector_id, inspector_name, at)
        VALUES (${applicantId}, ${input.criterionCode}, ${input.verdict}, ${credit}, ${reason}, ${actor.id}, ${actor.name}, ${now.toISOString()}::timestamptz)
        RETURNING id`);
      id = row!.id;
    }
    await appendAudit(tx, actor, {
      unitId: a.unitId, entityType: 'evaluation_finding', entityId: id, action: existing ? 'update' : 'create',
      before: existing ? { verdict: existing.verdict, credit: existing.credit, reason: existing.reason } : undefined,
      after: { criterion: input.criterionCode, verdict: input.verdict, credit, reason, indicator: INDICATORS_BY_ID.get(criterion.indicatorId ?? '')?.label ?? null },
    });
    return id;
  });
  return (await findingsOf(db, [applicantId])).find((f) => f.id === findingId)!;
}

export async function addFindingPhoto(
  db: Database, user: AuthUser, actor: Actor, findingId: string, photo: { content: Buffer; fileName: string; mimeType: string },
): Promise<FindingView> {
  if (photo.content.length > MAX_PHOTO_BYTES) throw new AppError(413, 'PAYLOAD_TOO_LARGE', '照片不能超过5 MB');
  const applicantId = await db.transaction(async (tx) => {
    const f = await queryOne<{ applicantId: string }>(tx, sql`SELECT applicant_id AS "applicantId" FROM evaluation_findings WHERE id = ${findingId}`);
    if (!f) throw notFound('现场检查记录');
    const a = await applicantRow(tx, user, f.applicantId);
    const round = await roundRow(tx, a.roundId);
    if (round.status !== 'inspecting') throw conflict('结果已发布，现场检查记录已锁定');
    const sha256 = createHash('sha256').update(photo.content).digest('hex');
    const row = await queryOne<{ id: string }>(tx, sql`
      INSERT INTO evaluation_finding_photos (finding_id, file_name, mime_type, size_bytes, sha256, content, uploaded_by_name)
      VALUES (${findingId}, ${photo.fileName}, ${photo.mimeType}, ${photo.content.length}, ${sha256}, ${photo.content}, ${actor.name}) RETURNING id`);
    await appendAudit(tx, actor, {
      unitId: a.unitId, entityType: 'evaluation_finding', entityId: findingId, action: 'photo', after: { photoId: row!.id, sha256, sizeBytes: photo.content.length },
    });
    return a.id;
  });
  return (await findingsOf(db, [applicantId])).find((f) => f.id === findingId)!;
}

export async function findingPhoto(db: Executor, user: AuthUser, findingId: string, photoId: string) {
  const row = await queryOne<{ content: Buffer; mimeType: string; fileName: string; applicantId: string }>(db, sql`
    SELECT p.content, p.mime_type AS "mimeType", p.file_name AS "fileName", f.applicant_id AS "applicantId"
    FROM evaluation_finding_photos p JOIN evaluation_findings f ON f.id = p.finding_id WHERE p.id = ${photoId} AND f.id = ${findingId}`);
  if (!row) throw notFound('照片');
  await applicantRow(db, user, row.applicantId); // scope
  return row;
}

/**
 * 发布: every override must carry a photo; the scores of each applicant are computed from its snapshot and findings and
 * frozen, so later data changes (and later rubric versions) cannot move them.
 */
export async function publishRound(db: Database, user: AuthUser, actor: Actor, roundId: string, rowVersion: number, now: Date): Promise<RoundView> {
  await db.transaction(async (tx) => {
    const round = await roundRow(tx, roundId);
    if (round.status !== 'inspecting') throw conflict(round.status === 'open' ? '请先截止并快照' : '该轮次已发布');
    if (round.rowVersion !== rowVersion) throw versionConflict();
    const rubric = await rubricDetail(tx, round.rubricId);
    const applicants = await applicantRows(tx, sql`a.round_id = ${roundId}`);
    const findings = await findingsOf(tx, applicants.map((a) => a.id));
    const noPhoto = findings.filter((f) => f.verdict === 'override' && f.photos.length === 0);
    if (noPhoto.length) {
      throw conflict(`有${noPhoto.length}项现场改判缺少照片，补充后才能发布`, noPhoto.map((f) => ({ field: f.criterionCode, message: '改判缺少照片' })));
    }
    for (const a of applicants) {
      const mine = findings.filter((f) => f.applicantId === a.id);
      const scored = scoreApplication(rubric.content, a.tier, a.snapshot ?? [], findingMap(mine));
      const std = scored.tiers.find((t) => t.tier === 'standard');
      const demo = scored.tiers.find((t) => t.tier === 'demonstration');
      await tx.execute(sql`
        UPDATE evaluation_applicants SET result = ${JSON.stringify(scored)}::jsonb, standard_points = ${std?.points ?? null},
          demonstration_points = ${demo?.points ?? null}, standard_passed = ${std?.passed ?? null}, demonstration_passed = ${demo?.passed ?? null}
        WHERE id = ${a.id}`);
    }
    await tx.execute(sql`
      UPDATE evaluation_rounds SET status = 'published', published_at = ${now.toISOString()}::timestamptz, published_by_name = ${actor.name},
        row_version = row_version + 1 WHERE id = ${roundId}`);
    await appendAudit(tx, actor, {
      unitId: user.unitId, entityType: 'evaluation_round', entityId: roundId, action: 'publish',
      after: { applicants: applicants.length, rubricVersion: rubric.version },
    });
  });
  return roundView(db, user, roundId);
}

/** Default dates for a new round of a year: the calendar year as period, applications until 30 Nov, snapshot 1 Dec. */
export function defaultRoundDates(year: number) {
  return {
    periodFrom: `${year}-01-01`, periodTo: `${year}-12-31`, applyDeadline: `${year}-11-30`,
    cutoffAt: shanghaiStartOfDay(plusDays(`${year}-11-30`, 1)).toISOString(),
  };
}
