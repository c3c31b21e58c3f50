// 执法人员库: officers within the caller's scope, their transfers, history and data quality.
import {
  assessOfficerQuality, maskIdNumber, OFFICER_FIELD_LABELS, quarterOf, todayShanghai, type OfficerQuality,
} from '@cg/domain';
import { eq, officers, officerTransfers, queryOne, queryRows, sql, type Database, type Executor, type SQL } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { conflict, invalid, notFound, versionConflict, type ErrorDetail } from '../../core/errors.ts';
import type { Paged } from '../../core/pagination.ts';
import { appendAudit, auditTrailOf, diff } from '../audit/audit.service.ts';
import { getUnitInScope, type UnitRow } from '../units/units.service.ts';
import type { OfficerCreateInput, OfficerSortField, OfficerUpdateInput } from './officers.schemas.ts';

/** The stored record, as the service works with it. */
export interface OfficerRecord {
  id: string;
  unitId: string;
  unitName: string;
  unitCode: string;
  unitPath: string;
  name: string;
  gender: string;
  idNumber: string;
  badgeNo: string | null;
  position: string;
  phone: string | null;
  status: string;
  hireDate: string | null;
  certStatus: string;
  certExpiry: string | null;
  confirmedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface OfficerView extends Omit<OfficerRecord, 'unitPath' | 'confirmedAt' | 'createdAt' | 'updatedAt'> {
  confirmedAt: string | null;
  createdAt: string;
  updatedAt: string;
  idNumberMasked: boolean;
  quality: OfficerQuality;
}

const officerSelect = sql`
  SELECT o.id, o.unit_id AS "unitId", u.name AS "unitName", u.code AS "unitCode", u.path AS "unitPath", o.name, o.gender,
    o.id_number AS "idNumber", o.badge_no AS "badgeNo", o.position, o.phone, o.status, o.hire_date::text AS "hireDate",
    o.cert_status AS "certStatus", o.cert_expiry::text AS "certExpiry", o.confirmed_at AS "confirmedAt",
    o.created_at AS "createdAt", o.updated_at AS "updatedAt", o.version
  FROM officers o JOIN units u ON u.id = o.unit_id`;

export function toView(r: OfficerRecord, user: Pick<AuthUser, 'permissions'>, now = new Date()): OfficerView {
  const { unitPath: _p, ...rest } = r;
  const canSee = user.permissions.includes('officer.sensitive');
  return {
    ...rest,
    idNumber: canSee ? r.idNumber : maskIdNumber(r.idNumber),
    idNumberMasked: !canSee,
    confirmedAt: r.confirmedAt ? new Date(r.confirmedAt).toISOString() : null,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
    quality: assessOfficerQuality(r, now),
  };
}

/** Stored quality flags: the time-independent part of the verdict, for filtering in SQL. */
function qualityFlags(r: Parameters<typeof assessOfficerQuality>[0]) {
  const q = assessOfficerQuality(r, new Date());
  return { qualityIncomplete: !q.complete, qualityInvalid: !q.valid, problems: q.problems };
}

export async function getOfficerInScope(db: Executor, user: Pick<AuthUser, 'unitPath'>, id: string): Promise<OfficerRecord> {
  const row = await queryOne<OfficerRecord>(db, sql`${officerSelect} WHERE o.id = ${id}`);
  if (!row || !row.unitPath.startsWith(user.unitPath)) throw notFound('人员');
  return row;
}

export interface OfficerFilter {
  unitId?: string;
  q?: string;
  status?: string;
  certStatus?: string;
  position?: string;
  gender?: string;
  quality?: 'incomplete' | 'invalid' | 'stale' | 'ok';
}

/** Sort columns; nullable ones keep empty values last in both directions. */
const SORT_COLUMNS: Record<OfficerSortField, { column: string; nullable: boolean }> = {
  name: { column: 'o.name', nullable: false },
  badgeNo: { column: 'o.badge_no', nullable: true },
  hireDate: { column: 'o.hire_date', nullable: true },
  updatedAt: { column: 'o.updated_at', nullable: false },
  unitName: { column: 'u.name', nullable: false },
  status: { column: 'o.status', nullable: false },
  certExpiry: { column: 'o.cert_expiry', nullable: true },
};

function orderBy(sort: { field: OfficerSortField; desc: boolean }): SQL {
  const { column, nullable } = SORT_COLUMNS[sort.field];
  const direction = sort.desc ? 'DESC' : 'ASC';
  // Same direction for the tie-breaker so a plain index on the column can be walked either way.
  return sql.raw(`${column} ${direction}${nullable && sort.desc ? ' NULLS LAST' : ''}, o.id ${direction}`);
}

/**
 * SQL conditions on `officers o` for a filter, always inside the caller's scope (no join needed, so counting
 * stays on one table). An out-of-scope unitId answers 404.
 */
async function filterWhere(db: Executor, user: AuthUser, f: OfficerFilter, now = new Date()): Promise<SQL> {
  const unit = f.unitId ? await getUnitInScope(db, user, f.unitId) : null;
  const today = todayShanghai(now);
  const quarterStart = quarterOf(now).start.toISOString();
  const invalidNow = sql`(o.quality_invalid OR (o.cert_status = '有效' AND o.cert_expiry < ${today}::date) OR o.hire_date > ${today}::date)`;
  // Neither updated nor confirmed since the quarter began (written so the updated_at index can serve it).
  const staleNow = sql`(o.updated_at < ${quarterStart}::timestamptz AND (o.confirmed_at IS NULL OR o.confirmed_at < ${quarterStart}::timestamptz))`;
  const scopePath = unit?.path ?? user.unitPath;
  const conditions: SQL[] = [];
  // The root scope holds every unit: no condition at all, rather than a join that matches everything.
  if (scopePath.split('/').filter(Boolean).length > 1 || unit) {
    conditions.push(sql`o.unit_id IN (SELECT id FROM units WHERE path LIKE ${scopePath + '%'})`);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    // Digits and letters can only be a 执法证号 or a phone number; anything else only a name.
    conditions.push(/^[0-9A-Za-z]+$/.test(f.q)
      ? sql`(o.badge_no LIKE ${like.toUpperCase()} OR o.phone LIKE ${like} OR o.name LIKE ${like})`
      : sql`o.name LIKE ${like}`);
  }
  if (f.status) conditions.push(sql`o.status = ${f.status}`);
  if (f.certStatus) conditions.push(sql`o.cert_status = ${f.certStatus}`);
  if (f.position) conditions.push(sql`o.position = ${f.position}`);
  if (f.gender) conditions.push(sql`o.gender = ${f.gender}`);
  if (f.quality === 'incomplete') conditions.push(sql`o.quality_incomplete`);
  if (f.quality === 'invalid') conditions.push(invalidNow);
  if (f.quality === 'stale') conditions.push(staleNow);
  if (f.quality === 'ok') conditions.push(sql`NOT o.quality_incomplete AND NOT ${invalidNow} AND NOT ${staleNow}`);
  return conditions.length ? sql.join(conditions, sql` AND `) : sql`true`;
}

export async function listOfficers(
  db: Executor, user: AuthUser, f: OfficerFilter & { page: number; pageSize: number; sort: { field: OfficerSortField; desc: boolean } },
): Promise<Paged<OfficerView>> {
  const where = await filterWhere(db, user, f);
  const [{ n }] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM officers o WHERE ${where}`);
  const rows = await queryRows<OfficerRecord>(db, sql`
    ${officerSelect} WHERE ${where} ORDER BY ${orderBy(f.sort)} LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  const now = new Date();
  return { items: rows.map((r) => toView(r, user, now)), total: n, page: f.page, pageSize: f.pageSize };
}


export type QualityGapKind = 'incomplete' | 'invalid' | 'stale';

/**
 * The first `limit` officers by name of a unit subtree with each kind of quality problem, and what is wrong with each:
 * the evaluation's gap lists (one query for the three, where three list pages would count and page each).
 */
export async function qualityGaps(db: Executor, user: AuthUser, unitId: string, limit: number, now = new Date()) {
  const kinds: QualityGapKind[] = ['incomplete', 'invalid', 'stale'];
  const wheres = await Promise.all(kinds.map((quality) => filterWhere(db, user, { unitId, quality }, now)));
  const rows = await queryRows<OfficerRecord & { gap: QualityGapKind }>(db, sql.join(kinds.map((kind, i) => sql`
    (SELECT ${kind}::text AS gap, x.* FROM (${officerSelect} WHERE ${wheres[i]!} ORDER BY o.name, o.id LIMIT ${limit}) x)`), sql` UNION ALL `));
  const problemKind: Record<QualityGapKind, string> = { incomplete: 'missing', invalid: 'invalid', stale: 'stale' };
  const out: Record<QualityGapKind, { id: string; name: string; problems: string[] }[]> = { incomplete: [], invalid: [], stale: [] };
  for (const r of rows) {
    const problems = assessOfficerQuality(r, now).problems.filter((p) => p.kind === problemKind[r.gap]).map((p) => p.message);
    out[r.gap].push({ id: r.id, name: r.name, problems });
  }
  return out;
}

/** Every officer matching the filter (for export), in the list's order. */
export async function allOfficers(
  db: Executor, user: AuthUser, f: OfficerFilter & { sort: { field: OfficerSortField; desc: boolean } }, limit: number,
): Promise<OfficerRecord[]> {
  const where = await filterWhere(db, user, f);
  return queryRows<OfficerRecord>(db, sql`${officerSelect} WHERE ${where} ORDER BY ${orderBy(f.sort)} LIMIT ${limit}`);
}

export async function officerDetail(db: Executor, user: AuthUser, id: string) {
  const r = await getOfficerInScope(db, user, id);
  const ids = r.unitPath.split('/').filter(Boolean);
  const unitPath = await queryRows<{ id: string; name: string }>(db, sql`
    SELECT id, name FROM units WHERE id IN (${sql.join(ids.map((x) => sql`${x}`), sql`, `)}) ORDER BY depth`);
  return { ...toView(r, user), unitPath };
}

/** Rejects values that are individually valid but wrong together (gender vs ID, hire age, expired but 有效 ...). */
export function crossFieldErrors(record: Parameters<typeof assessOfficerQuality>[0]): ErrorDetail[] {
  return qualityFlags(record).problems
    .filter((p) => p.kind === 'invalid')
    .map((p) => ({ field: p.field, message: p.message }));
}

/** Which of the given ID numbers / badge numbers already exist (optionally ignoring one officer). */
export async function existingIdentities(db: Executor, idNumbers: string[], badgeNos: string[], exceptId?: string) {
  const rows = await queryRows<{ id_number: string; badge_no: string | null }>(db, sql`
    SELECT id_number, badge_no FROM officers
    WHERE (id_number = ANY(${sql.param(idNumbers)}::text[]) OR badge_no = ANY(${sql.param(badgeNos)}::text[]))
      ${exceptId ? sql`AND id <> ${exceptId}` : sql``}`);
  return {
    idNumbers: new Set(rows.map((r) => r.id_number).filter((x) => idNumbers.includes(x))),
    badgeNos: new Set(rows.map((r) => r.badge_no).filter((x): x is string => !!x && badgeNos.includes(x))),
  };
}

function duplicateErrors(existing: { idNumbers: Set<string>; badgeNos: Set<string> }, idNumber: string, badgeNo: string | null | undefined) {
  const errors: ErrorDetail[] = [];
  if (existing.idNumbers.has(idNumber)) errors.push({ field: 'idNumber', message: '身份证号已存在于执法人员库' });
  if (badgeNo && existing.badgeNos.has(badgeNo)) errors.push({ field: 'badgeNo', message: '执法证号已被其他人员使用' });
  return errors;
}

export async function createOfficer(db: Database, user: AuthUser, actor: Actor, input: OfficerCreateInput): Promise<OfficerView> {
  const problems = crossFieldErrors({ ...input, confirmedAt: null, updatedAt: new Date() });
  if (problems.length) throw invalid(problems);
  const id = await db.transaction(async (tx) => {
    const unit = await getUnitInScope(tx, user, input.unitId);
    const dup = duplicateErrors(await existingIdentities(tx, [input.idNumber], input.badgeNo ? [input.badgeNo] : []), input.idNumber, input.badgeNo);
    if (dup.length) throw conflict(dup[0].message, dup);
    const id = await insertOfficers(tx, actor, unit, [input], 'create');
    return id[0];
  });
  return toView(await getOfficerInScope(db, user, id), user);
}

/** Inserts officers of one unit (or of several, via unitOf) with their audit entries; returns the new ids. */
export async function insertOfficers(
  tx: Executor, actor: Actor, unit: UnitRow | ((i: number) => UnitRow), inputs: Omit<OfficerCreateInput, 'unitId'>[], action: string,
): Promise<string[]> {
  const now = new Date();
  const values = inputs.map((input, i) => {
    const u = typeof unit === 'function' ? unit(i) : unit;
    const flags = qualityFlags({ ...input, unitId: u.id, confirmedAt: now, updatedAt: now });
    return {
      unitId: u.id, name: input.name, gender: input.gender, idNumber: input.idNumber, badgeNo: input.badgeNo ?? null,
      position: input.position, phone: input.phone ?? null, status: input.status, hireDate: input.hireDate ?? null,
      certStatus: input.certStatus, certExpiry: input.certExpiry ?? null, confirmedAt: now,
      qualityIncomplete: flags.qualityIncomplete, qualityInvalid: flags.qualityInvalid, createdAt: now, updatedAt: now,
    };
  });
  const ids: string[] = [];
  for (let i = 0; i < values.length; i += 500) {
    const inserted = await tx.insert(officers).values(values.slice(i, i + 500)).returning({ id: officers.id });
    ids.push(...inserted.map((r) => r.id));
  }
  await appendAudit(tx, actor, values.map((v, i) => {
    const { qualityIncomplete: _a, qualityInvalid: _b, createdAt: _c, updatedAt: _d, confirmedAt: _e, ...after } = v;
    return { unitId: v.unitId, entityType: 'officer', entityId: ids[i], action, after };
  }));
  return ids;
}

const UPDATABLE = ['name', 'gender', 'idNumber', 'badgeNo', 'position', 'phone', 'status', 'hireDate', 'certStatus', 'certExpiry'] as const;

export async function updateOfficer(
  db: Database, user: AuthUser, actor: Actor, id: string, input: OfficerUpdateInput,
): Promise<OfficerView> {
  await db.transaction(async (tx) => {
    const current = await getOfficerInScope(tx, user, id);
    if (current.version !== input.version) throw versionConflict();
    const changes: Record<string, unknown> = {};
    for (const k of UPDATABLE) if (input[k] !== undefined) changes[k] = input[k];
    const next = { ...current, ...changes } as OfficerRecord;
    const problems = crossFieldErrors({ ...next, updatedAt: new Date() });
    if (problems.length) throw invalid(problems);
    const d = diff(current as unknown as Record<string, unknown>, changes);
    if (!d) return;
    const dup = duplicateErrors(await existingIdentities(tx, [next.idNumber], next.badgeNo ? [next.badgeNo] : [], id), next.idNumber, next.badgeNo);
    if (dup.length) throw conflict(dup[0].message, dup);
    const flags = qualityFlags({ ...next, updatedAt: new Date() });
    await tx.update(officers).set({
      ...(changes as Partial<typeof officers.$inferInsert>), qualityIncomplete: flags.qualityIncomplete,
      qualityInvalid: flags.qualityInvalid, version: current.version + 1, updatedAt: new Date(),
    }).where(eq(officers.id, id));
    await appendAudit(tx, actor, { unitId: current.unitId, entityType: 'officer', entityId: id, action: 'update', ...d });
  });
  return toView(await getOfficerInScope(db, user, id), user);
}

/** 信息确认: the record was reviewed and is correct as it stands (counts for the quarter's freshness). */
export async function confirmOfficer(db: Database, user: AuthUser, actor: Actor, id: string): Promise<OfficerView> {
  await db.transaction(async (tx) => {
    const current = await getOfficerInScope(tx, user, id);
    const now = new Date();
    await tx.update(officers).set({ confirmedAt: now }).where(eq(officers.id, id));
    await appendAudit(tx, actor, {
      unitId: current.unitId, entityType: 'officer', entityId: id, action: 'confirm',
      before: { confirmedAt: current.confirmedAt }, after: { confirmedAt: now },
    });
  });
  return toView(await getOfficerInScope(db, user, id), user);
}

export interface TransferInput {
  toUnitId: string;
  effectiveDate: string;
  reason?: string | null;
}

/** 人员调动. Both units must be in the caller's scope. Effective today or earlier → applied at once. */
export async function createTransfer(db: Database, user: AuthUser, actor: Actor, officerId: string, input: TransferInput) {
  return db.transaction(async (tx) => {
    const officer = await getOfficerInScope(tx, user, officerId);
    const target = await getUnitInScope(tx, user, input.toUnitId);
    if (target.id === officer.unitId) {
      throw invalid([{ field: 'toUnitId', message: '调入单位与当前所属单位相同' }]);
    }
    const pending = await queryOne<{ id: string }>(tx, sql`
      SELECT id FROM officer_transfers WHERE officer_id = ${officerId} AND status = 'pending'`);
    if (pending) throw conflict('该人员已有待生效的调动，请先撤销', [{ field: 'toUnitId', message: '已有待生效的调动' }]);
    const applyNow = input.effectiveDate <= todayShanghai();
    const [transfer] = await tx.insert(officerTransfers).values({
      officerId, fromUnitId: officer.unitId, toUnitId: target.id, effectiveDate: input.effectiveDate,
      reason: input.reason ?? null, status: applyNow ? 'applied' : 'pending', createdBy: actor.id, createdByName: actor.name,
      appliedAt: applyNow ? new Date() : null,
    }).returning();
    await appendAudit(tx, actor, {
      unitId: officer.unitId, entityType: 'officer', entityId: officerId, action: applyNow ? 'transfer' : 'transfer-scheduled',
      before: { unitId: officer.unitId, unitName: officer.unitName },
      after: { unitId: target.id, unitName: target.name, effectiveDate: input.effectiveDate, reason: input.reason ?? null },
    });
    if (applyNow) await moveOfficer(tx, officerId, target.id);
    return transfer;
  });
}

async function moveOfficer(tx: Executor, officerId: string, unitId: string) {
  await tx.execute(sql`UPDATE officers SET unit_id = ${unitId}, version = version + 1, updated_at = now() WHERE id = ${officerId}`);
}

export async function cancelTransfer(db: Database, user: AuthUser, actor: Actor, officerId: string, transferId: string) {
  await db.transaction(async (tx) => {
    const officer = await getOfficerInScope(tx, user, officerId);
    const t = await queryOne<{ status: string }>(tx, sql`SELECT status FROM officer_transfers WHERE id = ${transferId} AND officer_id = ${officerId}`);
    if (!t) throw notFound('调动记录');
    if (t.status !== 'pending') throw conflict('只有待生效的调动可以撤销');
    await tx.execute(sql`UPDATE officer_transfers SET status = 'cancelled' WHERE id = ${transferId}`);
    await appendAudit(tx, actor, { unitId: officer.unitId, entityType: 'officer', entityId: officerId, action: 'transfer-cancelled', after: { transferId } });
  });
}

/** Applies pending transfers whose effective date has come (run by the scheduler and at start-up). */
export async function applyDueTransfers(db: Database, actor: Actor, now = new Date()): Promise<number> {
  const due = await queryRows<{ id: string; officer_id: string; from_unit_id: string; to_unit_id: string; effective_date: string }>(db, sql`
    SELECT id, officer_id, from_unit_id, to_unit_id, effective_date::text FROM officer_transfers
    WHERE status = 'pending' AND effective_date <= ${todayShanghai(now)}::date ORDER BY effective_date, created_at`);
  for (const t of due) {
    await db.transaction(async (tx) => {
      const claimed = await queryRows(tx, sql`
        UPDATE officer_transfers SET status = 'applied', applied_at = now() WHERE id = ${t.id} AND status = 'pending' RETURNING id`);
      if (claimed.length === 0) return;
      await moveOfficer(tx, t.officer_id, t.to_unit_id);
      await appendAudit(tx, actor, {
        unitId: t.from_unit_id, entityType: 'officer', entityId: t.officer_id, action: 'transfer',
        before: { unitId: t.from_unit_id }, after: { unitId: t.to_unit_id, effectiveDate: t.effective_date, transferId: t.id },
      });
    });
  }
  return due.length;
}

export async function listTransfers(db: Executor, user: AuthUser, officerId: string) {
  await getOfficerInScope(db, user, officerId);
  return queryRows(db, sql`
    SELECT t.id, t.effective_date::text AS "effectiveDate", t.reason, t.status, t.created_by_name AS "createdBy",
      t.created_at AS "createdAt", t.applied_at AS "appliedAt",
      json_build_object('id', f.id, 'name', f.name) AS "fromUnit", json_build_object('id', tu.id, 'name', tu.name) AS "toUnit"
    FROM officer_transfers t JOIN units f ON f.id = t.from_unit_id JOIN units tu ON tu.id = t.to_unit_id
    WHERE t.officer_id = ${officerId} ORDER BY t.created_at DESC`);
}

const HISTORY_LABELS: Record<string, string> = { ...OFFICER_FIELD_LABELS, unitName: '所属单位名称', effectiveDate: '生效日期', reason: '原因', confirmedAt: '确认时间', transferId: '调动记录' };
const ACTION_LABELS: Record<string, string> = {
  create: '新增', import: 'Excel导入', update: '修改', confirm: '信息确认', transfer: '调动生效',
  'transfer-scheduled': '登记调动（待生效）', 'transfer-cancelled': '撤销调动', seed: '初始化数据',
};

const FIELD_ORDER = Object.keys(HISTORY_LABELS);

/** Change history of one officer, from the audit log (the one record of who changed what). */
export async function officerHistory(db: Executor, user: AuthUser, officerId: string) {
  await getOfficerInScope(db, user, officerId); // scope check; the entries themselves span every unit the officer was in
  const entries = await auditTrailOf(db, 'officer', officerId);
  const canSee = user.permissions.includes('officer.sensitive');
  // Unit ids in the history are shown by name.
  const unitIds = new Set<string>();
  for (const e of entries) {
    for (const side of [e.before, e.after] as Record<string, unknown>[]) {
      if (side && typeof side.unitId === 'string') unitIds.add(side.unitId);
    }
  }
  const unitNames = new Map(unitIds.size
    ? (await queryRows<{ id: string; name: string }>(db, sql`SELECT id, name FROM units WHERE id = ANY(${sql.param([...unitIds])}::uuid[])`)).map((u) => [u.id, u.name])
    : []);
  const show = (field: string, v: unknown) => {
    if (v === undefined || v === null || v === '') return null;
    if (field === 'idNumber' && typeof v === 'string' && !canSee) return maskIdNumber(v);
    if (field === 'unitId' && typeof v === 'string') return unitNames.get(v) ?? v;
    return v;
  };
  const rank = (f: string) => (FIELD_ORDER.indexOf(f) + 1 || 99);
  return entries.map((e) => {
    const before = (e.before ?? {}) as Record<string, unknown>;
    const after = (e.after ?? {}) as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((f) => f !== 'unitName' && f !== 'transferId')
      .filter((f) => show(f, before[f]) !== null || show(f, after[f]) !== null)
      .sort((a, b) => rank(a) - rank(b));
    return {
      seq: e.seq, at: e.at, actorName: e.actorName, action: e.action, actionLabel: ACTION_LABELS[e.action] ?? e.action,
      changes: fields.map((f) => ({ field: f, label: HISTORY_LABELS[f] ?? f, before: show(f, before[f]), after: show(f, after[f]) })),
    };
  });
}

export interface QualitySummary {
  asOf: string;
  quarter: string;
  total: number;
  complete: number;
  valid: number;
  fresh: number;
  completenessRate: number;
  validityRate: number;
  freshnessRate: number;
  byUnit: { unitId: string; unitName: string; unitKind: string; total: number; complete: number; valid: number; fresh: number }[];
}

/** 完整性/准确性/及时性 of the 执法人员库 per unit of the subtree, for the dashboard and, later, the evaluation. */
export async function qualitySummary(db: Executor, user: AuthUser, unitId?: string, now = new Date()): Promise<QualitySummary> {
  const root = unitId ? await getUnitInScope(db, user, unitId) : null;
  const today = todayShanghai(now);
  const quarter = quarterOf(now);
  const rows = await queryRows<{ unit_id: string; unit_name: string; unit_kind: string; total: number; complete: number; valid: number; fresh: number }>(db, sql`
    SELECT u.id AS unit_id, u.name AS unit_name, u.kind AS unit_kind, count(*)::int AS total,
      count(*) FILTER (WHERE NOT o.quality_incomplete)::int AS complete,
      count(*) FILTER (WHERE NOT (o.quality_invalid OR (o.cert_status = '有效' AND o.cert_expiry < ${today}::date) OR o.hire_date > ${today}::date))::int AS valid,
      count(*) FILTER (WHERE greatest(o.updated_at, o.confirmed_at) >= ${quarter.start.toISOString()}::timestamptz)::int AS fresh
    FROM officers o JOIN units u ON u.id = o.unit_id
    WHERE u.path LIKE ${(root?.path ?? user.unitPath) + '%'}
    GROUP BY u.id, u.name, u.kind ORDER BY u.name`);
  const sum = (k: 'total' | 'complete' | 'valid' | 'fresh') => rows.reduce((s, r) => s + r[k], 0);
  const total = sum('total');
  const rate = (n: number) => (total ? Math.round((n / total) * 10000) / 10000 : 1);
  return {
    asOf: now.toISOString(), quarter: quarter.label, total, complete: sum('complete'), valid: sum('valid'), fresh: sum('fresh'),
    completenessRate: rate(sum('complete')), validityRate: rate(sum('valid')), freshnessRate: rate(sum('fresh')),
    byUnit: rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, unitKind: r.unit_kind, total: r.total, complete: r.complete, valid: r.valid, fresh: r.fresh })),
  };
}


/** Officers in scope by 执法证号 (for imports that name a person by badge number). */
export async function officersByBadge(db: Executor, user: Pick<AuthUser, 'unitPath'>, badgeNos: string[]) {
  if (badgeNos.length === 0) return new Map<string, { id: string; name: string; unitId: string }>();
  const rows = await queryRows<{ id: string; name: string; unit_id: string; badge_no: string }>(db, sql`
    SELECT o.id, o.name, o.unit_id, o.badge_no FROM officers o JOIN units u ON u.id = o.unit_id
    WHERE o.badge_no = ANY(${sql.param(badgeNos)}::text[]) AND u.path LIKE ${user.unitPath + '%'}`);
  return new Map(rows.map((r) => [r.badge_no, { id: r.id, name: r.name, unitId: r.unit_id }]));
}
