// 移动执勤 for 勤务: the officer's shifts today, check-in/out with the phone's position (flagged when outside the shift's
// area, or the squadron's jurisdiction when the shift has none), duty log entries with photos, and leave (requested
// by the officer, decided by the squadron leader). Check-ins and log entries accept an Idempotency-Key so the phone's
// offline queue can resend them safely. Positions while on duty go to the tracking module's officer-position route.
import {
  canDecideLeave, checkArea, checkinProblem, CHECKIN_EARLY_MINUTES, CHECKIN_KIND_LABELS, CHECKOUT_LATE_MINUTES,
  leaveBlocksShift, leaveDatesProblem, leaveDays, LEAVE_STATUS_LABELS, MAX_DUTY_PHOTO_BYTES, MAX_PHOTOS_PER_LOG_ENTRY, plusDays,
  shanghaiDate, shanghaiStartOfDay, shiftTimeLabel, type CheckinKind, type DutyArea, type DutyMemberRole, type JurisdictionGeometry,
  type LeaveKind, type LeaveStatus, DUTY_MEMBER_ROLE_LABELS,
} from '@cg/domain';
import { queryOne, queryRows, sql, type Database, type Executor, type SQL } from '@cg/db';
import { createHash } from 'node:crypto';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../core/errors.ts';
import { runIdempotent, type IdempotentResult } from '../../core/idempotency.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { iso } from '../tracking/tracking.service.ts';
import { getUnitInScope } from '../units/units.service.ts';
import { loadShifts, type ShiftView } from './duty.service.ts';

const MINUTE_MS = 60_000;
/** A phone clock may run a little ahead. */
export const MAX_CLIENT_AHEAD_MS = 2 * MINUTE_MS;
/** Queued actions older than this are refused: a check-in is evidence of being there, not a back-filled form. */
export const MAX_CLIENT_DELAY_MS = 24 * 60 * MINUTE_MS;
/** Back-dated leave (a sick day reported afterwards) may start at most this many days ago. */
export const MAX_LEAVE_BACKDATE_DAYS = 30;

export const AREA_SOURCE_LABELS = { shift: '班次巡查区域', jurisdiction: '中队辖区', none: '未设区域（不判断）' } as const;
export type AreaSource = keyof typeof AREA_SOURCE_LABELS;

export function officerOf(user: AuthUser, what: string): string {
  if (!user.officerId) throw new AppError(409, 'NO_OFFICER', `当前账号未关联执法人员，不能${what}`);
  return user.officerId;
}

/** A time the phone sends for a queued action; absent: now. */
function clientTime(value: string | undefined, now: Date, label: string): Date {
  if (value === undefined) return now;
  const at = new Date(value);
  if (at.getTime() > now.getTime() + MAX_CLIENT_AHEAD_MS) throw invalid([{ field: 'at', message: `${label}晚于服务器时间超过2分钟，请校准手机时间` }]);
  if (at.getTime() < now.getTime() - MAX_CLIENT_DELAY_MS) throw invalid([{ field: 'at', message: `${label}早于24小时前，已超出补传期限` }]);
  return at;
}

/** The area a check-in is judged against: the shift's own, else the squadron's jurisdiction, else none. */
export async function effectiveArea(db: Executor, shift: Pick<ShiftView, 'area'>, unitId: string): Promise<{ area: DutyArea | null; source: AreaSource; geometry: JurisdictionGeometry | null }> {
  if (shift.area) return { area: shift.area, source: 'shift', geometry: { type: 'Polygon', coordinates: [shift.area] } };
  const unit = await queryOne<{ jurisdiction: JurisdictionGeometry | null }>(db, sql`SELECT jurisdiction FROM units WHERE id = ${unitId}`);
  if (unit?.jurisdiction) return { area: unit.jurisdiction, source: 'jurisdiction', geometry: unit.jurisdiction };
  return { area: null, source: 'none', geometry: null };
}

// ---- check-in --------------------------------------------------------------------------------------------------

export interface CheckinView {
  id: string; shiftId: string; officerId: string; kind: CheckinKind; kindLabel: string; at: string; receivedAt: string;
  lat: number; lon: number; accuracyM: number | null; insideArea: boolean; distanceToAreaM: number; areaSource: AreaSource;
  areaSourceLabel: string;
}

interface CheckinRow {
  id: string; shiftId: string; officerId: string; kind: CheckinKind; at: Date | string; receivedAt: Date | string; lat: number; lon: number;
  accuracyM: number | null; insideArea: boolean; distanceToAreaM: number; areaSource: AreaSource;
}

export const checkinSelect = sql`
  SELECT c.id, c.shift_id AS "shiftId", c.officer_id AS "officerId", c.kind, c.at, c.received_at AS "receivedAt", c.lat, c.lon,
    c.accuracy_m AS "accuracyM", c.inside_area AS "insideArea", c.distance_to_area_m AS "distanceToAreaM", c.area_source AS "areaSource"
  FROM duty_checkins c`;

export function checkinViewOf(r: CheckinRow): CheckinView {
  return {
    ...r, kindLabel: CHECKIN_KIND_LABELS[r.kind], at: iso(r.at), receivedAt: iso(r.receivedAt), distanceToAreaM: Number(r.distanceToAreaM),
    areaSourceLabel: AREA_SOURCE_LABELS[r.areaSource],
  };
}

export interface CheckinInput { lat: number; lon: number; accuracyM?: number; at?: string }
export type CheckinResult = CheckinView & { message: string };

/**
 * Check-in or check-out on one of the officer's published shifts. The window and order come from the domain rules; the
 * position is judged against the area and kept with the flag. With an Idempotency-Key a resend answers the first result.
 */
export async function recordCheckin(
  db: Database, user: AuthUser, actor: Actor, shiftId: string, kind: CheckinKind, input: CheckinInput, key: string | undefined, now: Date,
): Promise<IdempotentResult<CheckinResult>> {
  const officerId = officerOf(user, kind === 'in' ? '签到' : '签退');
  const label = CHECKIN_KIND_LABELS[kind];
  return runIdempotent(db, user, key, { op: `duty.check-${kind}`, shiftId, ...input }, async (tx) => {
    const mine = await queryOne<{ unitId: string; status: string }>(tx, sql`
      SELECT p.unit_id AS "unitId", p.status FROM duty_shift_members m JOIN duty_shifts s ON s.id = m.shift_id JOIN duty_plans p ON p.id = s.plan_id
      WHERE m.shift_id = ${shiftId} AND m.officer_id = ${officerId}`);
    if (!mine || mine.status !== 'published') throw notFound('您的班次');
    const at = clientTime(input.at, now, `${label}时间`);
    // Two taps at once: the second waits and then sees the first.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`duty-checkin:${shiftId}:${officerId}`}))`);
    const [shift] = await loadShifts(tx, [], [shiftId]);
    const done = await queryRows<CheckinRow>(tx, sql`${checkinSelect} WHERE c.shift_id = ${shiftId} AND c.officer_id = ${officerId}`);
    const problem = checkinProblem(kind, at, shift, {
      checkedInAt: done.find((c) => c.kind === 'in')?.at ?? null, checkedOutAt: done.find((c) => c.kind === 'out')?.at ?? null,
    });
    if (problem) throw new AppError(409, 'CHECKIN_REFUSED', problem, [{ field: 'at', message: problem }]);
    const { area, source } = await effectiveArea(tx, shift, mine.unitId);
    const verdict = checkArea(input, area);
    const row = await queryOne<CheckinRow>(tx, sql`
      INSERT INTO duty_checkins (shift_id, officer_id, kind, at, received_at, lat, lon, accuracy_m, inside_area, distance_to_area_m, area_source, client_key, user_id)
      VALUES (${shiftId}, ${officerId}, ${kind}, ${at.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, ${input.lat}, ${input.lon},
        ${input.accuracyM ?? null}, ${verdict.insideArea}, ${verdict.distanceToAreaM}, ${source}, ${key ?? null}, ${user.id})
      RETURNING id, shift_id AS "shiftId", officer_id AS "officerId", kind, at, received_at AS "receivedAt", lat, lon, accuracy_m AS "accuracyM",
        inside_area AS "insideArea", distance_to_area_m AS "distanceToAreaM", area_source AS "areaSource"`);
    const view = checkinViewOf(row!);
    await appendAudit(tx, actor, {
      unitId: mine.unitId, entityType: 'duty_shift', entityId: shiftId, action: kind === 'in' ? 'check_in' : 'check_out',
      after: { officerId, at: view.at, lat: input.lat, lon: input.lon, accuracyM: input.accuracyM ?? null, insideArea: view.insideArea, distanceToAreaM: view.distanceToAreaM, areaSource: source },
    });
    const message = view.insideArea
      ? `${label}成功`
      : `${label}成功；位置在${AREA_SOURCE_LABELS[source]}外约${Math.round(view.distanceToAreaM)}米，已标记`;
    return { status: 201, body: { ...view, message } };
  });
}

// ---- log entries -----------------------------------------------------------------------------------------------

export interface LogPhotoView { id: string; fileName: string; mimeType: string; sizeBytes: number; uploadedAt: string; url: string }
export interface LogEntryView {
  id: string; officerId: string; officerName: string; shiftId: string | null; shiftName: string | null; at: string; text: string;
  lat: number | null; lon: number | null; createdAt: string; photos: LogPhotoView[];
}

/** Log entries matching `where` (on `e`), newest first, with their photos (metadata only). */
export async function loadLogEntries(db: Executor, where: SQL, limit = 500): Promise<LogEntryView[]> {
  const rows = await queryRows<Omit<LogEntryView, 'photos' | 'at' | 'createdAt'> & { at: Date | string; createdAt: Date | string }>(db, sql`
    SELECT e.id, e.officer_id AS "officerId", o.name AS "officerName", e.shift_id AS "shiftId", s.name AS "shiftName", e.at, e.text,
      e.lat, e.lon, e.created_at AS "createdAt"
    FROM duty_log_entries e JOIN officers o ON o.id = e.officer_id LEFT JOIN duty_shifts s ON s.id = e.shift_id
    WHERE ${where} ORDER BY e.at DESC, e.id LIMIT ${limit}`);
  if (rows.length === 0) return [];
  const photos = await queryRows<Omit<LogPhotoView, 'url' | 'uploadedAt'> & { entryId: string; uploadedAt: Date | string }>(db, sql`
    SELECT id, entry_id AS "entryId", file_name AS "fileName", mime_type AS "mimeType", size_bytes AS "sizeBytes", uploaded_at AS "uploadedAt"
    FROM duty_log_photos WHERE entry_id IN (${sql.join(rows.map((r) => sql`${r.id}`), sql`, `)}) ORDER BY uploaded_at, id`);
  return rows.map((r) => ({
    ...r, at: iso(r.at), createdAt: iso(r.createdAt),
    photos: photos.filter((p) => p.entryId === r.id).map(({ entryId, ...p }) => ({
      ...p, uploadedAt: iso(p.uploadedAt), url: `/api/duty/logs/${entryId}/photos/${p.id}`,
    })),
  }));
}

export interface LogEntryInput { text: string; shiftId?: string; lat?: number; lon?: number; at?: string }

export async function createLogEntry(
  db: Database, user: AuthUser, actor: Actor, input: LogEntryInput, key: string | undefined, now: Date,
): Promise<IdempotentResult<LogEntryView>> {
  const officerId = officerOf(user, '写勤务日志');
  return runIdempotent(db, user, key, { op: 'duty.log', ...input }, async (tx) => {
    const officer = await queryOne<{ unitId: string }>(tx, sql`SELECT unit_id AS "unitId" FROM officers WHERE id = ${officerId}`);
    if (!officer) throw new AppError(409, 'NO_OFFICER', '当前账号关联的执法人员不存在');
    if (input.shiftId) {
      const mine = await queryOne<{ status: string }>(tx, sql`
        SELECT p.status FROM duty_shift_members m JOIN duty_shifts s ON s.id = m.shift_id JOIN duty_plans p ON p.id = s.plan_id
        WHERE m.shift_id = ${input.shiftId} AND m.officer_id = ${officerId}`);
      if (!mine || mine.status !== 'published') throw invalid([{ field: 'shiftId', message: '只能记在本人已发布的班次下' }]);
    }
    const at = clientTime(input.at, now, '日志时间');
    const row = await queryOne<{ id: string }>(tx, sql`
      INSERT INTO duty_log_entries (officer_id, unit_id, shift_id, at, text, lat, lon, created_by_id, created_at)
      VALUES (${officerId}, ${officer.unitId}, ${input.shiftId ?? null}, ${at.toISOString()}::timestamptz, ${input.text},
        ${input.lat ?? null}, ${input.lon ?? null}, ${user.id}, ${now.toISOString()}::timestamptz)
      RETURNING id`);
    await appendAudit(tx, actor, {
      unitId: officer.unitId, entityType: 'duty_log', entityId: row!.id, action: 'create',
      after: { officerId, shiftId: input.shiftId ?? null, at: at.toISOString(), text: input.text, lat: input.lat ?? null, lon: input.lon ?? null },
    });
    const [view] = await loadLogEntries(tx, sql`e.id = ${row!.id}`);
    return { status: 201, body: view };
  });
}

/** Adds a photo; with an Idempotency-Key a resend after a lost answer stores nothing and replays the first answer. */
export async function addLogPhoto(
  db: Database, user: AuthUser, actor: Actor, entryId: string, photo: { content: Buffer; fileName: string; mimeType: string }, now: Date,
  key?: string,
): Promise<IdempotentResult<LogEntryView>> {
  const officerId = officerOf(user, '上传勤务日志照片');
  if (photo.content.length > MAX_DUTY_PHOTO_BYTES) {
    throw new AppError(413, 'PAYLOAD_TOO_LARGE', `照片不能超过${MAX_DUTY_PHOTO_BYTES / 1024 / 1024} MB`, [{ field: 'file', message: '照片过大' }]);
  }
  const sha256 = createHash('sha256').update(photo.content).digest('hex');
  return runIdempotent(db, user, key, { op: 'duty.log.photo', entryId, sha256 }, async (tx) => {
    await tx.execute(sql`SELECT 1 FROM duty_log_entries WHERE id = ${entryId} FOR UPDATE`);
    const entry = await queryOne<{ officerId: string; unitId: string }>(tx, sql`
      SELECT officer_id AS "officerId", unit_id AS "unitId" FROM duty_log_entries WHERE id = ${entryId}`);
    // Only the writer adds photos; someone else's entry looks like none.
    if (!entry || entry.officerId !== officerId) throw notFound('本人的勤务日志');
    const count = await queryOne<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM duty_log_photos WHERE entry_id = ${entryId}`);
    if (count!.n >= MAX_PHOTOS_PER_LOG_ENTRY) throw conflict(`每条勤务日志最多${MAX_PHOTOS_PER_LOG_ENTRY}张照片`);
    const row = await queryOne<{ id: string }>(tx, sql`
      INSERT INTO duty_log_photos (entry_id, file_name, mime_type, size_bytes, sha256, content, uploaded_by_id, uploaded_by_name, uploaded_at)
      VALUES (${entryId}, ${photo.fileName}, ${photo.mimeType}, ${photo.content.length}, ${sha256}, ${photo.content}, ${user.id}, ${actor.name},
        ${now.toISOString()}::timestamptz)
      RETURNING id`);
    await appendAudit(tx, actor, {
      unitId: entry.unitId, entityType: 'duty_log', entityId: entryId, action: 'photo',
      after: { photoId: row!.id, fileName: photo.fileName, mimeType: photo.mimeType, sizeBytes: photo.content.length, sha256 },
    });
    const [view] = await loadLogEntries(tx, sql`e.id = ${entryId}`);
    return { status: 201, body: view! };
  });
}

export async function logPhoto(db: Executor, user: AuthUser, entryId: string, photoId: string): Promise<{ content: Buffer; mimeType: string; fileName: string }> {
  const row = await queryOne<{ content: Uint8Array; mimeType: string; fileName: string; path: string }>(db, sql`
    SELECT p.content, p.mime_type AS "mimeType", p.file_name AS "fileName", u.path
    FROM duty_log_photos p JOIN duty_log_entries e ON e.id = p.entry_id JOIN units u ON u.id = e.unit_id
    WHERE p.id = ${photoId} AND p.entry_id = ${entryId}`);
  if (!row || !row.path.startsWith(user.unitPath)) throw notFound('照片');
  return { content: Buffer.from(row.content), mimeType: row.mimeType, fileName: row.fileName };
}

// ---- today -----------------------------------------------------------------------------------------------------

export interface MyShift extends ShiftView {
  unitId: string; unitName: string; myRole: DutyMemberRole; myRoleLabel: string;
  areaSource: AreaSource; areaSourceLabel: string;
  /** The geometry check-ins are judged against (the shift's ring as a Polygon, or the jurisdiction). */
  areaGeometry: JurisdictionGeometry | null;
  checkin: CheckinView | null; checkout: CheckinView | null;
  checkinOpensAt: string; checkinClosesAt: string; checkoutClosesAt: string;
  canCheckIn: boolean; canCheckOut: boolean;
}

/** The field app's 今日勤务: my published shifts touching today, with area, crew, vehicles, my check-ins, my log. */
export async function myToday(db: Executor, user: AuthUser, now: Date) {
  const officerId = officerOf(user, '查看本人勤务');
  const date = shanghaiDate(now);
  const dayStart = shanghaiStartOfDay(date);
  const dayEnd = shanghaiStartOfDay(plusDays(date, 1));
  const officer = await queryOne<{ id: string; name: string; unitName: string }>(db, sql`
    SELECT o.id, o.name, u.name AS "unitName" FROM officers o JOIN units u ON u.id = o.unit_id WHERE o.id = ${officerId}`);
  const rows = await queryRows<{ shiftId: string; unitId: string; unitName: string; role: DutyMemberRole }>(db, sql`
    SELECT s.id AS "shiftId", p.unit_id AS "unitId", u.name AS "unitName", m.role
    FROM duty_shift_members m JOIN duty_shifts s ON s.id = m.shift_id JOIN duty_plans p ON p.id = s.plan_id JOIN units u ON u.id = p.unit_id
    WHERE m.officer_id = ${officerId} AND p.status = 'published'
      AND s.starts_at < ${dayEnd.toISOString()}::timestamptz AND s.ends_at > ${dayStart.toISOString()}::timestamptz
    ORDER BY s.starts_at`);
  const shifts = await loadShifts(db, [], rows.map((r) => r.shiftId));
  const checkins = rows.length
    ? (await queryRows<CheckinRow>(db, sql`${checkinSelect}
        WHERE c.officer_id = ${officerId} AND c.shift_id IN (${sql.join(rows.map((r) => sql`${r.shiftId}`), sql`, `)})`)).map(checkinViewOf)
    : [];
  const items: MyShift[] = [];
  for (const s of shifts) {
    const r = rows.find((x) => x.shiftId === s.id)!;
    const area = await effectiveArea(db, s, r.unitId);
    const checkin = checkins.find((c) => c.shiftId === s.id && c.kind === 'in') ?? null;
    const checkout = checkins.find((c) => c.shiftId === s.id && c.kind === 'out') ?? null;
    const state = { checkedInAt: checkin?.at ?? null, checkedOutAt: checkout?.at ?? null };
    const start = new Date(s.startsAt).getTime();
    const end = new Date(s.endsAt).getTime();
    items.push({
      ...s, unitId: r.unitId, unitName: r.unitName, myRole: r.role, myRoleLabel: DUTY_MEMBER_ROLE_LABELS[r.role],
      areaSource: area.source, areaSourceLabel: AREA_SOURCE_LABELS[area.source], areaGeometry: area.geometry, checkin, checkout,
      checkinOpensAt: new Date(start - CHECKIN_EARLY_MINUTES * MINUTE_MS).toISOString(), checkinClosesAt: new Date(end).toISOString(),
      checkoutClosesAt: new Date(end + CHECKOUT_LATE_MINUTES * MINUTE_MS).toISOString(),
      canCheckIn: checkinProblem('in', now, s, state) === null, canCheckOut: checkinProblem('out', now, s, state) === null,
    });
  }
  const leave = (await leaveRows(db, sql`l.officer_id = ${officerId} AND l.status = 'approved' AND l.from_date <= ${date}::date AND l.to_date >= ${date}::date`))[0] ?? null;
  const logEntries = await loadLogEntries(db, sql`e.officer_id = ${officerId} AND e.at >= ${dayStart.toISOString()}::timestamptz AND e.at < ${dayEnd.toISOString()}::timestamptz`, 100);
  return {
    date, officer: officer ?? null, leave, shifts: items, logEntries,
    // While on duty the phone reports its position here (the same tables as the vehicles' 北斗 terminals).
    positionReport: { method: 'POST', url: '/api/tracking/officer-position', permission: 'tracking.report' },
  };
}

// ---- leave -----------------------------------------------------------------------------------------------------

export interface LeaveView {
  id: string; officerId: string; officerName: string; unitId: string; unitName: string; fromDate: string; toDate: string; days: number;
  kind: LeaveKind; reason: string; status: LeaveStatus; statusLabel: string; requestedAt: string; decidedByName: string | null;
  decidedAt: string | null; decisionNote: string | null; version: number;
}

type LeaveRow = Omit<LeaveView, 'days' | 'statusLabel' | 'requestedAt' | 'decidedAt'> & { requestedAt: Date | string; decidedAt: Date | string | null; unitPath: string };

export async function leaveRows(db: Executor, where: SQL, limit = 500): Promise<LeaveView[]> {
  const rows = await queryRows<LeaveRow>(db, sql`
    SELECT l.id, l.officer_id AS "officerId", o.name AS "officerName", l.unit_id AS "unitId", u.name AS "unitName", u.path AS "unitPath",
      l.from_date::text AS "fromDate", l.to_date::text AS "toDate", l.kind, l.reason, l.status, l.requested_at AS "requestedAt",
      l.decided_by_name AS "decidedByName", l.decided_at AS "decidedAt", l.decision_note AS "decisionNote", l.version
    FROM duty_leaves l JOIN officers o ON o.id = l.officer_id JOIN units u ON u.id = l.unit_id
    WHERE ${where} ORDER BY l.from_date DESC, l.requested_at DESC LIMIT ${limit}`);
  return rows.map(({ unitPath: _p, ...r }) => ({
    ...r, days: leaveDays(r), statusLabel: LEAVE_STATUS_LABELS[r.status], requestedAt: iso(r.requestedAt),
    decidedAt: r.decidedAt ? iso(r.decidedAt) : null,
  }));
}

export interface LeaveInput { kind: LeaveKind; fromDate: string; toDate: string; reason: string }

export async function requestLeave(db: Database, user: AuthUser, actor: Actor, input: LeaveInput, now: Date): Promise<LeaveView> {
  const officerId = officerOf(user, '请假');
  const problem = leaveDatesProblem(input);
  if (problem) throw invalid([problem]);
  const earliest = plusDays(shanghaiDate(now), -MAX_LEAVE_BACKDATE_DAYS);
  if (input.fromDate < earliest) throw invalid([{ field: 'fromDate', message: `开始日期不能早于${MAX_LEAVE_BACKDATE_DAYS}天前（${earliest}）` }]);
  const id = await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`duty-officer:${officerId}`}))`);
    const officer = await queryOne<{ unitId: string }>(tx, sql`SELECT unit_id AS "unitId" FROM officers WHERE id = ${officerId}`);
    if (!officer) throw new AppError(409, 'NO_OFFICER', '当前账号关联的执法人员不存在');
    const overlapping = await queryOne<{ fromDate: string; toDate: string; status: LeaveStatus }>(tx, sql`
      SELECT from_date::text AS "fromDate", to_date::text AS "toDate", status FROM duty_leaves
      WHERE officer_id = ${officerId} AND status IN ('pending', 'approved') AND from_date <= ${input.toDate}::date AND to_date >= ${input.fromDate}::date
      LIMIT 1`);
    if (overlapping) {
      throw conflict(`与已有请假（${overlapping.fromDate}至${overlapping.toDate}，${LEAVE_STATUS_LABELS[overlapping.status]}）日期重叠`, [{ field: 'fromDate', message: '请假日期重叠' }]);
    }
    const row = await queryOne<{ id: string }>(tx, sql`
      INSERT INTO duty_leaves (officer_id, unit_id, from_date, to_date, kind, reason, status, requested_by_id, requested_at)
      VALUES (${officerId}, ${officer.unitId}, ${input.fromDate}::date, ${input.toDate}::date, ${input.kind}, ${input.reason}, 'pending', ${user.id},
        ${now.toISOString()}::timestamptz)
      RETURNING id`);
    await appendAudit(tx, actor, { unitId: officer.unitId, entityType: 'duty_leave', entityId: row!.id, action: 'request', after: { officerId, ...input } });
    return row!.id;
  });
  return (await leaveRows(db, sql`l.id = ${id}`))[0];
}

export async function myLeaves(db: Executor, user: AuthUser): Promise<{ items: LeaveView[] }> {
  const officerId = officerOf(user, '查看本人请假');
  return { items: await leaveRows(db, sql`l.officer_id = ${officerId}`, 100) };
}

export async function cancelLeave(db: Database, user: AuthUser, actor: Actor, id: string, now: Date): Promise<LeaveView> {
  const officerId = officerOf(user, '撤回请假');
  await db.transaction(async (tx) => {
    const leave = await queryOne<{ officerId: string; unitId: string; status: LeaveStatus }>(tx, sql`
      SELECT officer_id AS "officerId", unit_id AS "unitId", status FROM duty_leaves WHERE id = ${id} FOR UPDATE`);
    if (!leave || leave.officerId !== officerId) throw notFound('本人的请假');
    if (leave.status !== 'pending') throw conflict(`请假${LEAVE_STATUS_LABELS[leave.status]}，只能撤回待审批的请假`);
    await tx.execute(sql`UPDATE duty_leaves SET status = 'cancelled', decided_at = ${now.toISOString()}::timestamptz, version = version + 1 WHERE id = ${id}`);
    await appendAudit(tx, actor, { unitId: leave.unitId, entityType: 'duty_leave', entityId: id, action: 'cancel', before: { status: 'pending' }, after: { status: 'cancelled' } });
  });
  return (await leaveRows(db, sql`l.id = ${id}`))[0];
}

export async function listLeaves(
  db: Executor, user: AuthUser, q: { unitId?: string; status?: LeaveStatus; from?: string; to?: string },
): Promise<{ items: LeaveView[] }> {
  const unit = q.unitId ? await getUnitInScope(db, user, q.unitId) : null;
  const where = sql.join([
    sql`u.path LIKE ${(unit?.path ?? user.unitPath) + '%'}`,
    q.status ? sql`l.status = ${q.status}` : sql`true`,
    q.to ? sql`l.from_date <= ${q.to}::date` : sql`true`,
    q.from ? sql`l.to_date >= ${q.from}::date` : sql`true`,
  ], sql` AND `);
  return { items: await leaveRows(db, where) };
}

/**
 * The squadron leader approves or rejects. Approval is refused while the officer is still on shifts in those days:
 * the roster is changed first, so "on approved leave" and "on a shift" never hold at once.
 */
export async function decideLeave(
  db: Database, user: AuthUser, actor: Actor, id: string, input: { decision: 'approved' | 'rejected'; note?: string | null }, now: Date,
): Promise<LeaveView> {
  if (!canDecideLeave(user.role)) throw forbidden('请假由中队长审批');
  await db.transaction(async (tx) => {
    const [leave] = await leaveRows(tx, sql`l.id = ${id} AND u.path LIKE ${user.unitPath + '%'}`);
    if (!leave) throw notFound('请假');
    if (leave.officerId === user.officerId) throw forbidden('不能审批本人的请假');
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`duty-officer:${leave.officerId}`}))`);
    const current = await queryOne<{ status: LeaveStatus }>(tx, sql`SELECT status FROM duty_leaves WHERE id = ${id} FOR UPDATE`);
    if (current!.status !== 'pending') throw conflict(`该请假${LEAVE_STATUS_LABELS[current!.status]}，不能再审批`);
    if (input.decision === 'approved') {
      const shifts = await queryRows<{ name: string; startsAt: Date | string; endsAt: Date | string; planDate: string }>(tx, sql`
        SELECT s.name, s.starts_at AS "startsAt", s.ends_at AS "endsAt", p.plan_date::text AS "planDate"
        FROM duty_shift_members m JOIN duty_shifts s ON s.id = m.shift_id JOIN duty_plans p ON p.id = s.plan_id
        WHERE m.officer_id = ${leave.officerId} AND p.plan_date BETWEEN ${plusDays(leave.fromDate, -1)}::date AND ${leave.toDate}::date
        ORDER BY s.starts_at`);
      const blocking = shifts.filter((s) => leaveBlocksShift(leave, s));
      if (blocking.length) {
        const list = blocking.map((s) => `${s.planDate}“${s.name}”（${shiftTimeLabel(s)}）`);
        throw conflict(`${leave.officerName}在请假期间已排班：${list.join('、')}；请先调整班次再批准`, list.map((l) => ({ field: 'decision', message: `已排班 ${l}` })));
      }
    }
    await tx.execute(sql`
      UPDATE duty_leaves SET status = ${input.decision}, decided_by_id = ${user.id}, decided_by_name = ${actor.name},
        decided_at = ${now.toISOString()}::timestamptz, decision_note = ${input.note ?? null}, version = version + 1
      WHERE id = ${id}`);
    await appendAudit(tx, actor, {
      unitId: leave.unitId, entityType: 'duty_leave', entityId: id, action: input.decision === 'approved' ? 'approve' : 'reject',
      before: { status: 'pending' }, after: { status: input.decision, note: input.note ?? null },
    });
  });
  return (await leaveRows(db, sql`l.id = ${id}`))[0];
}
