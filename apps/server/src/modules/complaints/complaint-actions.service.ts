// 诉件 lifecycle applied: each step checked by the pure rules (planComplaintAction), written with its timed event, its
// side effects (deadline moves for 延期 and 重办, reply text, satisfaction) and an audit row in one transaction; plus
// 改派 with a reason, merging and cross-linking duplicates, photos from the phone, and 巡查发现 reported on the spot.
// Actions carry an optional Idempotency-Key so the field app's offline queue is applied exactly once.
import { createHash } from 'node:crypto';
import {
  COMPLAINT_ACTION_LABELS, deadlineOf, planComplaintAction, SQUADRON_KINDS, workingDaysBetween, type ComplaintAction,
} from '@cg/domain';
import { queryOne, sql, type Database, type Executor } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, invalid, notFound, versionConflict } from '../../core/errors.ts';
import { runIdempotent } from '../../core/idempotency.ts';
import { MAX_PHOTO_BYTES } from '../../core/upload.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { getUnitInScope } from '../units/units.service.ts';
import {
  COMPLAINT_STATUS_LABELS, complaintDetail, complaintRolesOf, getComplaintRow, insertComplaint, loadWorkCalendar, PHOTO_STAGE_LABELS,
  REROUTABLE, SATISFACTION_LABELS, type ComplaintDetail, type ComplaintInput, type ComplaintStatus, type PhotoStage, type Satisfaction,
} from './complaints.service.ts';

/** 12345: complex cases may take up to 15 working days in all, with approval. */
export const MAX_EXTENDED_WORKING_DAYS = 15;
/** A dissatisfied call-back becomes a re-handling order due within 3 working days. */
export const REOPEN_WORKING_DAYS = 3;

export interface ActionInput {
  action: ComplaintAction;
  reason?: string;
  /** 处置说明 (handle), 联系情况 (contact), a remark on any step. */
  note?: string;
  /** 回复市民 text (reply). */
  replyText?: string;
  /** 申请延期: working days added to the current deadline. */
  extensionDays?: number;
  /** Optimistic lock: the version the user saw. */
  version?: number;
  /** Where the phone was (field app). */
  lat?: number;
  lon?: number;
}

interface EventInput {
  kind: string; fromStatus?: string | null; toStatus?: string | null; fromUnitId?: string | null; toUnitId?: string | null;
  note?: string | null; lat?: number | null; lon?: number | null;
}

async function addEvent(tx: Executor, complaintId: string, actor: Actor, now: Date, e: EventInput): Promise<number> {
  const row = await queryOne<{ id: string | number }>(tx, sql`
    INSERT INTO complaint_events (complaint_id, kind, at, actor_id, actor_name, from_status, to_status, from_unit_id, to_unit_id, note, lat, lon)
    VALUES (${complaintId}, ${e.kind}, ${now}, ${actor.id}, ${actor.name}, ${e.fromStatus ?? null}, ${e.toStatus ?? null},
      ${e.fromUnitId ?? null}, ${e.toUnitId ?? null}, ${e.note ?? null}, ${e.lat ?? null}, ${e.lon ?? null})
    RETURNING id`);
  return Number(row!.id);
}

/** Locks the row (the caller's scope checked) and compares the version the user saw. */
async function lockComplaint(tx: Executor, user: AuthUser, id: string, version?: number) {
  await tx.execute(sql`SELECT 1 FROM complaints WHERE id = ${id} FOR UPDATE`);
  const row = await getComplaintRow(tx, user, id);
  if (version !== undefined && version !== row.version) throw versionConflict();
  return row;
}

const fmt = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
const trimmed = (s?: string | null) => (s && s.trim() ? s.trim() : null);

/** Applies one lifecycle action inside `tx`; returns nothing — the caller reads the detail in the same transaction. */
export async function applyAction(tx: Executor, user: AuthUser, actor: Actor, id: string, input: ActionInput, now: Date): Promise<void> {
  const row = await lockComplaint(tx, user, id, input.version);
  if (row.mergedIntoId) throw new AppError(409, 'ILLEGAL_MOVE', `诉件已并入 ${row.mergedIntoCode}，请在该诉件上办理`);
  const roles = complaintRolesOf(user);
  const reason = trimmed(input.reason);
  const plan = planComplaintAction(row.status, input.action, {
    roles, reason, extensionPending: row.extensionPending, contacted: row.contactedAt !== null,
  });
  if (!plan.ok) {
    if (plan.code === 'FORBIDDEN') throw new AppError(403, 'FORBIDDEN', plan.message);
    if (plan.code === 'REASON_REQUIRED') throw invalid([{ field: 'reason', message: plan.message }]);
    throw new AppError(409, plan.code, plan.message);
  }
  const label = COMPLAINT_ACTION_LABELS[input.action];
  const to: ComplaintStatus = plan.to ?? row.status;
  const note = trimmed(input.note);
  const set: ReturnType<typeof sql>[] = [];
  let eventNote: string | null = [reason, note].filter(Boolean).join('；') || null;
  let kind: string = input.action;
  const calendar = await loadWorkCalendar(tx);
  const dueAt = new Date(row.dueAt);

  switch (input.action) {
    case 'dispatch':
      kind = 'dispatched';
      eventNote = `派往${row.unitName}${eventNote ? `；${eventNote}` : ''}`;
      break;
    case 'contact':
      kind = 'contacted';
      set.push(sql`contacted_at = ${now}`);
      eventNote = `已联系诉求人${now.getTime() > new Date(row.contactDueAt).getTime() ? '（超过首次联系时限）' : ''}${note ? `：${note}` : ''}`;
      break;
    case 'sign': kind = 'signed'; break;
    case 'start': kind = 'handling'; break;
    case 'handle': {
      if (!note || note.length < 2) throw invalid([{ field: 'note', message: '请填写处置情况（至少2个字）' }]);
      const onTime = now.getTime() <= dueAt.getTime();
      kind = 'handled';
      set.push(sql`handled_at = ${now}`, sql`handled_on_time = ${onTime}`, sql`handling_note = ${note}`);
      eventNote = `${note}${onTime ? '' : '（超期处置）'}`;
      break;
    }
    case 'reply': {
      const text = trimmed(input.replyText);
      if (!text || text.length < 2) throw invalid([{ field: 'replyText', message: '请填写回复市民的内容（至少2个字）' }]);
      kind = 'replied';
      set.push(sql`replied_at = ${now}`, sql`reply_text = ${text}`);
      eventNote = text;
      break;
    }
    case 'close': kind = 'closed'; set.push(sql`closed_at = ${now}`); break;
    case 'return':
      kind = 'returned';
      set.push(sql`return_count = return_count + 1`);
      break;
    case 'request_extension': {
      const days = input.extensionDays;
      if (!days || !Number.isInteger(days) || days < 1 || days > 10) {
        throw invalid([{ field: 'extensionDays', message: '延期天数须为1～10个工作日' }]);
      }
      // dueAt is 24:00 of its last day, i.e. the next day's first instant: count from that last day.
      const proposed = deadlineOf(new Date(dueAt.getTime() - 1), { unit: 'working_days', amount: days }, calendar);
      const total = workingDaysBetween(new Date(row.receivedAt), proposed, calendar);
      if (total > MAX_EXTENDED_WORKING_DAYS) {
        throw invalid([{ field: 'extensionDays', message: `延期后自受理起共${total}个工作日，超过${MAX_EXTENDED_WORKING_DAYS}个工作日上限` }]);
      }
      kind = 'extension_requested';
      set.push(sql`extension_pending = true`, sql`extension_requested_due_at = ${proposed}`);
      eventNote = `申请延期${days}个工作日至${fmt(proposed)}：${reason}`;
      break;
    }
    case 'approve_extension': {
      const newDue = new Date(row.extensionRequestedDueAt!);
      kind = 'extension_approved';
      set.push(sql`extension_pending = false`, sql`extension_requested_due_at = NULL`, sql`due_at = ${newDue}`);
      eventNote = `批准延期：处置时限由${fmt(dueAt)}延至${fmt(newDue)}${note ? `；${note}` : ''}`;
      break;
    }
    case 'reject_extension':
      kind = 'extension_rejected';
      set.push(sql`extension_pending = false`, sql`extension_requested_due_at = NULL`);
      eventNote = `驳回延期：${reason}`;
      break;
    case 'reopen': {
      const newDue = deadlineOf(now, { unit: 'working_days', amount: REOPEN_WORKING_DAYS }, calendar);
      // The new round needs its own handling, reply and feedback; the earlier ones stay in the timeline.
      kind = 'reopened';
      set.push(sql`reopen_count = reopen_count + 1`, sql`due_at = ${newDue}`, sql`handled_at = NULL`, sql`handled_on_time = NULL`,
        sql`replied_at = NULL`, sql`closed_at = NULL`, sql`handling_note = NULL`, sql`reply_text = NULL`, sql`satisfaction = NULL`,
        sql`feedback_at = NULL`);
      eventNote = `重办：${reason}；新处置时限${fmt(newDue)}（${REOPEN_WORKING_DAYS}个工作日）`;
      break;
    }
  }
  await tx.execute(sql`UPDATE complaints SET ${sql.join([sql`status = ${to}`, ...set, sql`version = version + 1`, sql`updated_at = ${now}`], sql`, `)}
    WHERE id = ${id}`);
  await addEvent(tx, id, actor, now, {
    kind, fromStatus: row.status, toStatus: to, toUnitId: input.action === 'dispatch' ? row.unitId : null, note: eventNote,
    lat: input.lat ?? null, lon: input.lon ?? null,
  });
  await appendAudit(tx, actor, {
    unitId: row.unitId, entityType: 'complaint', entityId: id, action: input.action,
    before: { status: row.status, dueAt: new Date(row.dueAt).toISOString(), version: row.version },
    after: { status: to, label, reason, note, extensionDays: input.extensionDays ?? null, replyText: input.replyText ?? null },
  });
}

type Answer = { status: number; body: ComplaintDetail & { replayed?: boolean } };

async function answered(db: Database, user: AuthUser, key: string | undefined, request: unknown, work: (tx: Executor) => Promise<Answer>) {
  const result = await runIdempotent(db, user, key, request, work);
  return { status: result.status, body: { ...result.body, replayed: result.replayed } };
}

export async function takeAction(
  db: Database, user: AuthUser, actor: Actor, id: string, input: ActionInput, now: Date, key?: string,
): Promise<Answer> {
  return answered(db, user, key, { id, ...input }, async (tx) => {
    await applyAction(tx, user, actor, id, input, now);
    return { status: 200, body: await complaintDetail(tx, user, id, now) };
  });
}

/** 市民评价 recorded by the desk (回访); a dissatisfied citizen reopens the complaint (重办, new 3-working-day deadline). */
export async function recordFeedback(
  db: Database, user: AuthUser, actor: Actor, id: string, input: { satisfaction: Satisfaction; note?: string }, now: Date,
): Promise<ComplaintDetail> {
  return db.transaction(async (tx) => {
    const row = await lockComplaint(tx, user, id);
    if (!complaintRolesOf(user).includes('dispatcher')) throw new AppError(403, 'FORBIDDEN', '无权记录市民评价');
    if (row.status !== 'replied' && row.status !== 'closed') {
      throw new AppError(409, 'ILLEGAL_MOVE', `诉件当前为“${COMPLAINT_STATUS_LABELS[row.status]}”，回复市民后才能记录评价`);
    }
    const note = trimmed(input.note);
    if (input.satisfaction === 'dissatisfied' && (!note || note.length < 2)) {
      throw invalid([{ field: 'note', message: '市民不满意时请填写不满意的原因（至少2个字）' }]);
    }
    await tx.execute(sql`UPDATE complaints SET satisfaction = ${input.satisfaction}, feedback_at = ${now}, version = version + 1, updated_at = ${now}
      WHERE id = ${id}`);
    await addEvent(tx, id, actor, now, {
      kind: 'feedback', fromStatus: row.status, toStatus: row.status, note: `市民评价：${SATISFACTION_LABELS[input.satisfaction]}${note ? `；${note}` : ''}`,
    });
    await appendAudit(tx, actor, {
      unitId: row.unitId, entityType: 'complaint', entityId: id, action: 'feedback', before: { satisfaction: row.satisfaction },
      after: { satisfaction: input.satisfaction, note },
    });
    if (input.satisfaction === 'dissatisfied') {
      await applyAction(tx, user, actor, id, { action: 'reopen', reason: `市民不满意：${note}` }, now);
    }
    return complaintDetail(tx, user, id, now);
  });
}

/** 改派: another squadron takes it, with the reason; possible until the squadron signs. */
export async function rerouteComplaint(
  db: Database, user: AuthUser, actor: Actor, id: string, input: { unitId: string; reason: string }, now: Date,
): Promise<ComplaintDetail> {
  return db.transaction(async (tx) => {
    const row = await lockComplaint(tx, user, id);
    if (!complaintRolesOf(user).includes('dispatcher')) throw new AppError(403, 'FORBIDDEN', '无权改派诉件');
    if (!REROUTABLE.includes(row.status) || row.mergedIntoId) {
      throw new AppError(409, 'ILLEGAL_MOVE', `诉件当前为“${COMPLAINT_STATUS_LABELS[row.status]}”，签收后不能改派；请由承办中队退回`);
    }
    const reason = trimmed(input.reason);
    if (!reason || reason.length < 2) throw invalid([{ field: 'reason', message: '改派须填写原因（至少2个字）' }]);
    const target = await getUnitInScope(tx, user, input.unitId).catch((e: unknown) => { if (e instanceof AppError) return null; throw e; });
    if (!target || !SQUADRON_KINDS.includes(target.kind)) {
      throw invalid([{ field: 'unitId', message: '改派的目标不存在、不是中队或不在您的管辖范围内' }]);
    }
    if (target.id === row.unitId) throw invalid([{ field: 'unitId', message: `诉件已由${row.unitName}承办` }]);
    await tx.execute(sql`UPDATE complaints SET unit_id = ${target.id}, version = version + 1, updated_at = ${now} WHERE id = ${id}`);
    await addEvent(tx, id, actor, now, {
      kind: 'rerouted', fromStatus: row.status, toStatus: row.status, fromUnitId: row.unitId, toUnitId: target.id,
      note: `由${row.unitName}改派至${target.name}：${reason}`,
    });
    await appendAudit(tx, actor, {
      unitId: target.id, entityType: 'complaint', entityId: id, action: 'reroute', before: { unitId: row.unitId }, after: { unitId: target.id, reason },
    });
    return complaintDetail(tx, user, id, now);
  });
}

const pair = (a: string, b: string) => (a < b ? [a, b] : [b, a]);

/** Cross-links two complaints about the same thing (both stay open). */
export async function linkComplaints(
  db: Database, user: AuthUser, actor: Actor, id: string, otherId: string, now: Date,
): Promise<ComplaintDetail> {
  if (id === otherId) throw invalid([{ field: 'otherId', message: '不能关联诉件本身' }]);
  return db.transaction(async (tx) => {
    if (!complaintRolesOf(user).includes('dispatcher')) throw new AppError(403, 'FORBIDDEN', '无权关联诉件');
    const a = await lockComplaint(tx, user, id);
    const b = await getComplaintRow(tx, user, otherId).catch((e: unknown) => {
      if (e instanceof AppError) throw invalid([{ field: 'otherId', message: '要关联的诉件不存在或不在您的管辖范围内' }]);
      throw e;
    });
    const [x, y] = pair(a.id, b.id);
    const inserted = await queryOne<{ a: string }>(tx, sql`INSERT INTO complaint_links (a_id, b_id, kind, created_by_name)
      VALUES (${x}, ${y}, 'duplicate', ${actor.name}) ON CONFLICT DO NOTHING RETURNING a_id AS a`);
    if (!inserted) throw new AppError(409, 'CONFLICT', `诉件 ${a.code} 与 ${b.code} 已关联`);
    for (const [self, other] of [[a, b], [b, a]] as const) {
      await addEvent(tx, self.id, actor, now, { kind: 'linked', note: `与诉件 ${other.code} 关联（疑似重复）` });
    }
    await appendAudit(tx, actor, { unitId: a.unitId, entityType: 'complaint', entityId: a.id, action: 'link', after: { otherId: b.id, otherCode: b.code } });
    return complaintDetail(tx, user, id, now);
  });
}

/** 合并: this complaint is a duplicate of `intoId`; it is closed with a pointer to the one that will be handled. */
export async function mergeComplaint(
  db: Database, user: AuthUser, actor: Actor, id: string, input: { intoId: string; reason?: string }, now: Date,
): Promise<ComplaintDetail> {
  if (id === input.intoId) throw invalid([{ field: 'intoId', message: '不能并入诉件本身' }]);
  return db.transaction(async (tx) => {
    if (!complaintRolesOf(user).includes('dispatcher')) throw new AppError(403, 'FORBIDDEN', '无权合并诉件');
    const dup = await lockComplaint(tx, user, id);
    const into = await getComplaintRow(tx, user, input.intoId).catch((e: unknown) => {
      if (e instanceof AppError) throw invalid([{ field: 'intoId', message: '要并入的诉件不存在或不在您的管辖范围内' }]);
      throw e;
    });
    if (dup.mergedIntoId) throw new AppError(409, 'ILLEGAL_MOVE', `诉件已并入 ${dup.mergedIntoCode}`);
    if (into.mergedIntoId) throw invalid([{ field: 'intoId', message: `诉件 ${into.code} 本身已并入 ${into.mergedIntoCode}，请并入 ${into.mergedIntoCode}` }]);
    if (dup.status === 'closed') throw new AppError(409, 'ILLEGAL_MOVE', '已办结的诉件不能合并');
    const reason = trimmed(input.reason);
    await tx.execute(sql`UPDATE complaints SET merged_into_id = ${into.id}, status = 'closed', closed_at = ${now}, extension_pending = false,
      version = version + 1, updated_at = ${now} WHERE id = ${dup.id}`);
    const [x, y] = pair(dup.id, into.id);
    await tx.execute(sql`INSERT INTO complaint_links (a_id, b_id, kind, created_by_name) VALUES (${x}, ${y}, 'merged', ${actor.name})
      ON CONFLICT (a_id, b_id) DO UPDATE SET kind = 'merged'`);
    await addEvent(tx, dup.id, actor, now, {
      kind: 'merged', fromStatus: dup.status, toStatus: 'closed', note: `并入诉件 ${into.code}，随其办理${reason ? `：${reason}` : ''}`,
    });
    await addEvent(tx, into.id, actor, now, { kind: 'merged', note: `诉件 ${dup.code} 并入本件${reason ? `：${reason}` : ''}` });
    await appendAudit(tx, actor, {
      unitId: dup.unitId, entityType: 'complaint', entityId: dup.id, action: 'merge', before: { status: dup.status },
      after: { mergedInto: into.code, reason },
    });
    return complaintDetail(tx, user, id, now);
  });
}

/** jpeg, png or webp, told by their first bytes (the file name and the client's type are not trusted). */
export function detectImageType(content: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  if (content.length >= 8 && content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (content.length >= 12 && content.toString('latin1', 0, 4) === 'RIFF' && content.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export interface PhotoInput { stage: PhotoStage; fileName: string; content: Buffer; takenAt?: string; lat?: number; lon?: number }

/** A photo from the phone (before/after handling) or the desk; checked by content, ≤ 5 MB, not on a closed complaint. */
export async function addPhoto(
  db: Database, user: AuthUser, actor: Actor, id: string, input: PhotoInput, now: Date, key?: string,
): Promise<Answer> {
  const mimeType = detectImageType(input.content);
  if (input.content.length > MAX_PHOTO_BYTES) {
    throw new AppError(413, 'PAYLOAD_TOO_LARGE', '照片过大（不超过 5 MB）', [{ field: 'file', message: '照片超过 5 MB' }]);
  }
  if (!mimeType) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '只接受 JPEG、PNG 或 WebP 照片', [{ field: 'file', message: '文件内容不是 JPEG、PNG 或 WebP 图片' }]);
  }
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  return answered(db, user, key, { id, stage: input.stage, sha256, takenAt: input.takenAt ?? null, lat: input.lat ?? null, lon: input.lon ?? null }, async (tx) => {
    const row = await lockComplaint(tx, user, id);
    const roles = complaintRolesOf(user);
    if (!roles.length) throw new AppError(403, 'FORBIDDEN', '无权为诉件上传照片');
    if (row.status === 'closed' || row.mergedIntoId) throw new AppError(409, 'ILLEGAL_MOVE', '诉件已办结，不能再上传照片');
    const eventId = await addEvent(tx, id, actor, now, {
      kind: 'photo', fromStatus: row.status, toStatus: row.status, note: `上传${PHOTO_STAGE_LABELS[input.stage]}照片 ${input.fileName}`,
      lat: input.lat ?? null, lon: input.lon ?? null,
    });
    const photo = await queryOne<{ id: string }>(tx, sql`
      INSERT INTO complaint_photos (complaint_id, event_id, stage, file_name, mime_type, size_bytes, sha256, content, taken_at, lat, lon,
        uploaded_by_id, uploaded_by_name, uploaded_at)
      VALUES (${id}, ${eventId}, ${input.stage}, ${input.fileName}, ${mimeType}, ${input.content.length}, ${sha256}, ${input.content},
        ${input.takenAt ? new Date(input.takenAt) : null}, ${input.lat ?? null}, ${input.lon ?? null}, ${actor.id}, ${actor.name}, ${now})
      RETURNING id`);
    await tx.execute(sql`UPDATE complaints SET version = version + 1, updated_at = ${now} WHERE id = ${id}`);
    await appendAudit(tx, actor, {
      unitId: row.unitId, entityType: 'complaint', entityId: id, action: 'photo',
      after: { photoId: photo!.id, stage: input.stage, fileName: input.fileName, sha256, sizeBytes: input.content.length },
    });
    return { status: 201, body: await complaintDetail(tx, user, id, now) };
  });
}

export async function photoContent(
  db: Executor, user: AuthUser, id: string, photoId: string,
): Promise<{ content: Buffer; mimeType: string; fileName: string }> {
  await getComplaintRow(db, user, id);
  const row = await queryOne<{ content: Buffer | Uint8Array; mimeType: string; fileName: string }>(db, sql`
    SELECT content, mime_type AS "mimeType", file_name AS "fileName" FROM complaint_photos WHERE id = ${photoId} AND complaint_id = ${id}`);
  if (!row) throw notFound('照片');
  return { ...row, content: Buffer.from(row.content) };
}

/**
 * 巡查发现: an officer reports a problem on the spot. Routed by jurisdiction like any complaint, then dispatched to that
 * squadron and signed by the reporter at once, since the reporter is already there.
 */
export async function reportFromField(
  db: Database, user: AuthUser, actor: Actor, input: Omit<ComplaintInput, 'unitId'>, now: Date, key?: string,
): Promise<Answer & { duplicates?: unknown }> {
  return answered(db, user, key, input, async (tx) => {
    const created = await insertComplaint(tx, user, actor, now, input, { source: 'field', externalSystem: null, externalNo: null, requestHash: null });
    const row = await getComplaintRow(tx, user, created.id);
    await tx.execute(sql`UPDATE complaints SET status = 'signed', version = version + 1 WHERE id = ${created.id}`);
    await addEvent(tx, created.id, actor, now, { kind: 'dispatched', fromStatus: 'accepted', toStatus: 'dispatched', toUnitId: row.unitId, note: `巡查发现，派往${row.unitName}` });
    await addEvent(tx, created.id, actor, now, { kind: 'signed', fromStatus: 'dispatched', toStatus: 'signed', note: '发现人现场签收', lat: input.lat, lon: input.lon });
    const detail = await complaintDetail(tx, user, created.id, now);
    return { status: 201, body: { ...detail, possibleDuplicates: created.duplicates } };
  });
}
