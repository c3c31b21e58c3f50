// 审计日志: every write appends an entry in the same transaction, chained to the previous one by SHA-256.
import { auditLog, queryOne, queryRows, sql, type Executor, type Database } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import type { Paged } from '../../core/pagination.ts';
import { auditEntryHash, GENESIS_HASH } from './audit-hash.ts';

/** Serialises appends so the chain has one order; held until the writing transaction ends. */
const AUDIT_LOCK_KEY = 730_001;

export interface AuditInput {
  unitId: string | null;
  entityType: string;
  entityId: string | null;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** JSON-safe copy (Dates → ISO strings) so what is hashed equals what jsonb returns. */
function plain(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}

export async function appendAudit(tx: Executor, actor: Actor, entries: AuditInput | AuditInput[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const last = await queryOne<{ seq: string | number; hash: string }>(
    tx, sql`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
  let seq = last ? Number(last.seq) : 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const at = new Date();
  const rows = list.map((e) => {
    seq += 1;
    const fields = {
      seq, at, actorId: actor.id, actorName: actor.name, unitId: e.unitId, entityType: e.entityType,
      entityId: e.entityId, action: e.action, before: plain(e.before), after: plain(e.after),
      ip: actor.ip ?? null, requestId: actor.requestId ?? null, prevHash,
    };
    const hash = auditEntryHash(fields);
    prevHash = hash;
    return { ...fields, hash };
  });
  for (let i = 0; i < rows.length; i += 500) {
    await tx.insert(auditLog).values(rows.slice(i, i + 500));
  }
}

/** Before/after limited to the fields that changed. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } | null {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const x = normalise(before[key]);
    const y = normalise(after[key]);
    if (x !== y) {
      b[key] = before[key];
      a[key] = after[key] as T[keyof T];
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}

function normalise(v: unknown): string {
  if (v === undefined || v === '') return 'null';
  return JSON.stringify(v instanceof Date ? v.toISOString() : v);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
}

interface AuditRow {
  seq: string | number;
  at: Date;
  actor_id: string | null;
  actor_name: string;
  unit_id: string | null;
  entity_type: string;
  entity_id: string | null;
  action: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

/** Recomputes the whole chain in seq order; names the first entry that was altered, removed or reordered. */
export async function verifyAuditChain(db: Database, batchSize = 5000): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await queryRows<AuditRow>(db, sql`
      SELECT seq, at, actor_id, actor_name, unit_id, entity_type, entity_id, action, before, after, ip, request_id, prev_hash, hash
      FROM audit_log WHERE seq >= ${expectedSeq} ORDER BY seq LIMIT ${batchSize}`);
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) {
        return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: `第 ${expectedSeq} 条记录缺失（下一条为第 ${seq} 条）` } };
      }
      if (r.prev_hash !== prevHash) {
        return { ok: false, checked, firstBroken: { seq, reason: `第 ${seq} 条记录的前序哈希与上一条不符（链被截断或替换）` } };
      }
      const recomputed = auditEntryHash({
        seq, at: new Date(r.at), actorId: r.actor_id, actorName: r.actor_name, unitId: r.unit_id,
        entityType: r.entity_type, entityId: r.entity_id, action: r.action, before: r.before, after: r.after,
        ip: r.ip, requestId: r.request_id, prevHash: r.prev_hash,
      });
      if (recomputed !== r.hash) {
        return { ok: false, checked, firstBroken: { seq, reason: `第 ${seq} 条记录内容与哈希不符（已被篡改）` } };
      }
      prevHash = r.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  return { ok: true, checked, firstBroken: null };
}

export interface AuditEntryView {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string;
  unitId: string | null;
  unitName: string | null;
  entityType: string;
  entityId: string | null;
  action: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  hash: string;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  unitPath?: string;
  page: number;
  pageSize: number;
  ascending?: boolean;
}

/** Audit entries whose unit lies in the caller's scope (entries without a unit are visible to city-level users only). */
export async function listAudit(db: Executor, user: Pick<AuthUser, 'unitPath'>, f: AuditFilter): Promise<Paged<AuditEntryView>> {
  const cityLevel = user.unitPath.split('/').filter(Boolean).length <= 1;
  const where = sql.join([
    cityLevel ? sql`true` : sql`u.path LIKE ${user.unitPath + '%'}`,
    f.unitPath ? sql`u.path LIKE ${f.unitPath + '%'}` : sql`true`,
    f.entityType ? sql`a.entity_type = ${f.entityType}` : sql`true`,
    f.entityId ? sql`a.entity_id = ${f.entityId}` : sql`true`,
    f.action ? sql`a.action = ${f.action}` : sql`true`,
    f.actor ? sql`a.actor_name ILIKE ${'%' + f.actor + '%'}` : sql`true`,
    f.from ? sql`a.at >= ${f.from}::timestamptz` : sql`true`,
    f.to ? sql`a.at < ${f.to}::timestamptz` : sql`true`,
  ], sql` AND `);
  const order = f.ascending ? sql`a.seq ASC` : sql`a.seq DESC`;
  const [countRow] = await queryRows<{ n: string }>(db, sql`
    SELECT count(*)::text AS n FROM audit_log a LEFT JOIN units u ON u.id = a.unit_id WHERE ${where}`);
  const rows = await queryRows<AuditRow & { unit_name: string | null }>(db, sql`
    SELECT a.*, u.name AS unit_name FROM audit_log a LEFT JOIN units u ON u.id = a.unit_id
    WHERE ${where} ORDER BY ${order} LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return {
    total: Number(countRow.n),
    page: f.page,
    pageSize: f.pageSize,
    items: rows.map(toView),
  };
}

function toView(r: AuditRow & { unit_name: string | null }): AuditEntryView {
  return {
    seq: Number(r.seq), at: new Date(r.at).toISOString(), actorId: r.actor_id, actorName: r.actor_name,
    unitId: r.unit_id, unitName: r.unit_name, entityType: r.entity_type, entityId: r.entity_id, action: r.action,
    before: r.before, after: r.after, ip: r.ip, hash: r.hash,
  };
}

/** Every entry about one record, oldest first (the record's own change history; the caller checks scope). */
export async function auditTrailOf(db: Executor, entityType: string, entityId: string): Promise<AuditEntryView[]> {
  const rows = await queryRows<AuditRow & { unit_name: string | null }>(db, sql`
    SELECT a.*, u.name AS unit_name FROM audit_log a LEFT JOIN units u ON u.id = a.unit_id
    WHERE a.entity_type = ${entityType} AND a.entity_id = ${entityId} ORDER BY a.seq`);
  return rows.map(toView);
}
