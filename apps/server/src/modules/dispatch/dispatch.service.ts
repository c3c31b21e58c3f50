// 指挥调度: the command room creates a task at a point, asks for the nearest available units of the wanted type,
// dispatches them; the receiving officers move their assignments through 已接收/已到达/已完成 on the phone; the
// timeline of the task records every step with its time (and where the phone was). Scoped by the org tree; every
// write is audited. Positions and online state come from the tracking module.
import {
  ACTIVE_ASSIGNMENT_STATUSES, ASSIGNMENT_STATUS_LABELS, etaMinutes, isTaskOpen, PRIORITY_LABELS, planFieldStep, shanghaiDate,
  TASK_STATUS_LABELS, taskStatusOf, WANTED_TYPE_LABELS, type AssignmentStatus, type DispatchPriority, type DispatchTaskStatus,
  type FieldStep, type WantedType,
} from '@cg/domain';
import { queryOne, queryRows, sql, type Database, type Executor } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, conflict, invalid, notFound } from '../../core/errors.ts';
import type { Paged } from '../../core/pagination.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { getUnitInScope, locateSquadron } from '../units/units.service.ts';
import { derivePositionState, iso, type PositionState } from '../tracking/tracking.service.ts';
import type { TrackingConfig } from '../tracking/tracking.config.ts';

const ENTITY = 'dispatch_task';
const ACTIVE = sql.raw(ACTIVE_ASSIGNMENT_STATUSES.map((s) => `'${s}'`).join(', '));

export interface TaskInput {
  title: string;
  description?: string | null;
  priority: DispatchPriority;
  wantedType: WantedType;
  address?: string | null;
  lat: number;
  lon: number;
}

export interface TaskSummary {
  id: string;
  code: string;
  unitId: string;
  unitName: string;
  title: string;
  description: string | null;
  priority: DispatchPriority;
  priorityLabel: string;
  wantedType: WantedType;
  wantedTypeLabel: string;
  address: string | null;
  lat: number;
  lon: number;
  status: DispatchTaskStatus;
  statusLabel: string;
  createdByName: string;
  createdAt: string;
  closedAt: string | null;
  /** Units sent and not withdrawn. */
  assigned: string[];
}

export interface AssignmentView {
  id: string;
  taskId: string;
  sourceId: string;
  sourceKind: 'terminal' | 'officer';
  objectType: 'vehicle' | 'person';
  vehicleId: string | null;
  officerId: string;
  officerName: string;
  label: string;
  status: AssignmentStatus;
  statusLabel: string;
  distanceM: number | null;
  dispatchedAt: string;
  receivedAt: string | null;
  arrivedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  resultNote: string | null;
}

export interface TimelineEvent {
  id: number;
  kind: string;
  at: string;
  actorName: string;
  assignmentId: string | null;
  label: string | null;
  note: string | null;
  lat: number | null;
  lon: number | null;
}

export interface TaskDetail extends TaskSummary {
  assignments: AssignmentView[];
  timeline: TimelineEvent[];
}

interface TaskRow {
  id: string; code: string; unitId: string; unitName: string; unitPath: string; title: string; description: string | null;
  priority: DispatchPriority; wantedType: WantedType; address: string | null; lat: number; lon: number;
  status: DispatchTaskStatus; createdByName: string; createdAt: Date | string; closedAt: Date | string | null; assigned: string[] | null;
}

const taskSelect = sql`
  SELECT t.id, t.code, t.unit_id AS "unitId", u.name AS "unitName", u.path AS "unitPath", t.title, t.description,
    t.priority, t.wanted_type AS "wantedType", t.address, t.lat, t.lon, t.status, t.created_by_name AS "createdByName",
    t.created_at AS "createdAt", t.closed_at AS "closedAt",
    (SELECT array_agg(a.label ORDER BY a.dispatched_at) FROM dispatch_assignments a WHERE a.task_id = t.id AND a.status <> 'cancelled') AS assigned
  FROM dispatch_tasks t JOIN units u ON u.id = t.unit_id`;

function summaryOf(r: TaskRow): TaskSummary {
  const { unitPath: _p, ...rest } = r;
  return {
    ...rest,
    priorityLabel: PRIORITY_LABELS[r.priority], wantedTypeLabel: WANTED_TYPE_LABELS[r.wantedType],
    statusLabel: TASK_STATUS_LABELS[r.status], createdAt: iso(r.createdAt), closedAt: r.closedAt ? iso(r.closedAt) : null,
    assigned: r.assigned ?? [],
  };
}

async function getTaskRow(db: Executor, user: Pick<AuthUser, 'unitPath'>, id: string, lock = false): Promise<TaskRow> {
  if (lock) await db.execute(sql`SELECT 1 FROM dispatch_tasks WHERE id = ${id} FOR UPDATE`);
  const row = await queryOne<TaskRow>(db, sql`${taskSelect} WHERE t.id = ${id}`);
  if (!row || !row.unitPath.startsWith(user.unitPath)) throw notFound('调度任务');
  return row;
}

/** 调度单号: DD + Shanghai date + 4-digit sequence of the day. */
async function nextCode(tx: Executor): Promise<string> {
  const prefix = `DD${shanghaiDate(new Date()).replaceAll('-', '')}`;
  // Serialise numbering per day so two commanders never draw the same number.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${prefix}))`);
  const row = await queryOne<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM dispatch_tasks WHERE code LIKE ${prefix + '%'}`);
  return `${prefix}${String((row?.n ?? 0) + 1).padStart(4, '0')}`;
}

export async function createTask(db: Database, user: AuthUser, actor: Actor, input: TaskInput): Promise<TaskDetail> {
  const id = await db.transaction(async (tx) => {
    const squadron = await locateSquadron(tx, input.lon, input.lat);
    if (!squadron) {
      throw invalid([{ field: 'lat', message: '任务位置不在任何中队辖区内，请在地图上重新选点' }], '任务位置不在任何中队辖区内');
    }
    if (!squadron.path.startsWith(user.unitPath)) {
      throw invalid([{ field: 'lat', message: `任务位置属于${squadron.name}，不在您的管辖范围内` }], `任务位置属于${squadron.name}，不在您的管辖范围内`);
    }
    const code = await nextCode(tx);
    const row = await queryOne<{ id: string }>(tx, sql`
      INSERT INTO dispatch_tasks (code, unit_id, title, description, priority, wanted_type, address, lat, lon, status, created_by_id, created_by_name)
      VALUES (${code}, ${squadron.id}, ${input.title}, ${input.description ?? null}, ${input.priority}, ${input.wantedType},
        ${input.address ?? null}, ${input.lat}, ${input.lon}, 'pending', ${actor.id}, ${actor.name})
      RETURNING id`);
    const taskId = row!.id;
    await addEvent(tx, actor, taskId, null, 'created', `${input.title}（${PRIORITY_LABELS[input.priority]}，${squadron.name}）`);
    await appendAudit(tx, actor, { unitId: squadron.id, entityType: ENTITY, entityId: taskId, action: 'create', after: { code, ...input } });
    return taskId;
  });
  return taskDetail(db, user, id);
}

async function addEvent(
  tx: Executor, actor: Actor, taskId: string, assignmentId: string | null, kind: string, note: string | null,
  at: Date | null = null, where: { lat?: number; lon?: number } = {},
): Promise<void> {
  await tx.execute(sql`
    INSERT INTO dispatch_events (task_id, assignment_id, kind, at, actor_id, actor_name, note, lat, lon)
    VALUES (${taskId}, ${assignmentId}, ${kind}, ${at ?? new Date()}, ${actor.id}, ${actor.name}, ${note}, ${where.lat ?? null}, ${where.lon ?? null})`);
}

export interface TaskFilter {
  unitId?: string;
  status?: DispatchTaskStatus | 'open';
  q?: string;
  page: number;
  pageSize: number;
}

/** Tasks created in a unit subtree within [from, to): the evaluation's evidence that the command room dispatches. */
export async function tasksCreatedIn(db: Executor, unitPath: string, from: Date, to: Date, limit = 200) {
  const rows = await queryRows<{ id: string; code: string; title: string; status: string; createdAt: Date | string; total: number }>(db, sql`
    SELECT t.id, t.code, t.title, t.status, t.created_at AS "createdAt", count(*) OVER ()::int AS total
    FROM dispatch_tasks t JOIN units u ON u.id = t.unit_id
    WHERE u.path LIKE ${unitPath + '%'} AND t.created_at >= ${from.toISOString()}::timestamptz AND t.created_at < ${to.toISOString()}::timestamptz
    ORDER BY t.created_at DESC LIMIT ${limit}`);
  return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _total, ...r }) => ({ ...r, createdAt: iso(r.createdAt) })) };
}

export async function listTasks(db: Executor, user: AuthUser, f: TaskFilter): Promise<Paged<TaskSummary>> {
  const unit = f.unitId ? await getUnitInScope(db, user, f.unitId) : null;
  const where = sql`
    WHERE u.path LIKE ${(unit?.path ?? user.unitPath) + '%'}
      ${f.status === 'open' ? sql`AND t.status NOT IN ('completed', 'cancelled')` : f.status ? sql`AND t.status = ${f.status}` : sql``}
      ${f.q ? sql`AND (t.title ILIKE ${'%' + f.q + '%'} OR t.code ILIKE ${'%' + f.q + '%'} OR t.address ILIKE ${'%' + f.q + '%'})` : sql``}`;
  const total = await queryOne<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM dispatch_tasks t JOIN units u ON u.id = t.unit_id ${where}`);
  const rows = await queryRows<TaskRow>(db, sql`${taskSelect} ${where}
    ORDER BY (t.status IN ('completed', 'cancelled')), t.priority = 'normal', t.created_at DESC, t.id
    LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return { items: rows.map(summaryOf), total: total?.n ?? 0, page: f.page, pageSize: f.pageSize };
}

interface AssignmentRow {
  id: string; taskId: string; sourceId: string; sourceKind: 'terminal' | 'officer'; objectType: 'vehicle' | 'person';
  vehicleId: string | null; officerId: string; officerName: string; label: string; status: AssignmentStatus;
  distanceM: number | null; dispatchedAt: Date | string; receivedAt: Date | string | null; arrivedAt: Date | string | null;
  completedAt: Date | string | null; cancelledAt: Date | string | null; resultNote: string | null;
}

const assignmentSelect = sql`
  SELECT a.id, a.task_id AS "taskId", a.source_id AS "sourceId", a.source_kind AS "sourceKind", a.object_type AS "objectType",
    a.vehicle_id AS "vehicleId", a.officer_id AS "officerId", o.name AS "officerName", a.label, a.status,
    a.distance_m AS "distanceM", a.dispatched_at AS "dispatchedAt", a.received_at AS "receivedAt", a.arrived_at AS "arrivedAt",
    a.completed_at AS "completedAt", a.cancelled_at AS "cancelledAt", a.result_note AS "resultNote"
  FROM dispatch_assignments a JOIN officers o ON o.id = a.officer_id`;

const isoOrNull = (v: Date | string | null) => (v ? iso(v) : null);

function assignmentView(r: AssignmentRow): AssignmentView {
  return {
    ...r, statusLabel: ASSIGNMENT_STATUS_LABELS[r.status], dispatchedAt: iso(r.dispatchedAt), receivedAt: isoOrNull(r.receivedAt),
    arrivedAt: isoOrNull(r.arrivedAt), completedAt: isoOrNull(r.completedAt), cancelledAt: isoOrNull(r.cancelledAt),
    distanceM: r.distanceM === null ? null : Math.round(r.distanceM),
  };
}

export async function taskDetail(db: Executor, user: Pick<AuthUser, 'unitPath'>, id: string): Promise<TaskDetail> {
  const task = await getTaskRow(db, user, id);
  const assignments = await queryRows<AssignmentRow>(db, sql`${assignmentSelect} WHERE a.task_id = ${id} ORDER BY a.dispatched_at, a.id`);
  const events = await queryRows<TimelineEvent & { at: Date | string }>(db, sql`
    SELECT e.id::int AS id, e.kind, e.at, e.actor_name AS "actorName", e.assignment_id AS "assignmentId", a.label, e.note, e.lat, e.lon
    FROM dispatch_events e LEFT JOIN dispatch_assignments a ON a.id = e.assignment_id
    WHERE e.task_id = ${id} ORDER BY e.at, e.id`);
  return {
    ...summaryOf(task),
    assignments: assignments.map(assignmentView),
    timeline: events.map((e) => ({ ...e, at: iso(e.at) })),
  };
}

export interface Candidate {
  sourceId: string;
  sourceKind: 'terminal' | 'officer';
  type: 'vehicle' | 'person';
  label: string;
  unitId: string;
  unitName: string;
  lat: number;
  lon: number;
  ts: string;
  state: PositionState;
  distanceM: number;
  etaMinutes: number;
  /** Who gets it on the phone: the officer, or the vehicle's 责任人. */
  recipientId: string | null;
  recipientName: string | null;
  available: boolean;
  /** Why not, when unavailable (离线, 执行任务中 DD…, 车辆未设责任人, 责任人无移动端账号). */
  reasons: string[];
}

interface CandidateRow {
  sourceId: string; sourceKind: 'terminal' | 'officer'; vehicleId: string | null; label: string; unitId: string; unitName: string; unitPath: string;
  lat: number; lon: number; ts: Date | string; speedKmh: number | null; online: boolean | null; recipientId: string | null;
  recipientName: string | null; hasApp: boolean; busyWith: string | null; busySelf: boolean | null; distanceM: number;
}

/** Great-circle distance from a fixed point in SQL (the same haversine as the domain's distanceMeters). */
const distanceSql = (lat: number, lon: number) => sql`(2 * 6371008.8 * asin(least(1, sqrt(
  power(sin(radians(lp.lat - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(lp.lat)) * power(sin(radians(lp.lon - ${lon}) / 2), 2)))))`;

/**
 * A map object as a dispatch candidate: its latest position and connection, who would receive it on the phone (the
 * officer, or a vehicle's 责任人) and whether that person has an account, the task it is busy with, and its distance
 * from the point. Used for the recommendation and again, row by row, when dispatching.
 */
const candidateSelect = (lat: number, lon: number) => sql`
  SELECT lp.source_id AS "sourceId", lp.source_kind AS "sourceKind", lp.vehicle_id AS "vehicleId", lp.label,
    lp.unit_id AS "unitId", u.name AS "unitName", u.path AS "unitPath", lp.lat, lp.lon, lp.ts, lp.speed_kmh AS "speedKmh",
    ts.online, r.id AS "recipientId", r.name AS "recipientName",
    EXISTS (SELECT 1 FROM users us WHERE us.officer_id = r.id AND us.status = 'active') AS "hasApp",
    busy.code AS "busyWith", busy.self AS "busySelf",
    ${distanceSql(lat, lon)} AS "distanceM"
  FROM latest_positions lp
  JOIN units u ON u.id = lp.unit_id
  LEFT JOIN terminal_status ts ON ts.item_id = lp.source_id
  LEFT JOIN equipment_items v ON v.id = lp.vehicle_id
  LEFT JOIN officers r ON r.id = COALESCE(lp.officer_id, v.responsible_officer_id)
  -- Busy when this unit is on a task, or when the person who would receive it is (an officer on foot is also the
  -- 责任人 of a car: one phone, one task at a time).
  LEFT JOIN LATERAL (
    SELECT t.code, a.source_id = lp.source_id AS self FROM dispatch_assignments a JOIN dispatch_tasks t ON t.id = a.task_id
    WHERE (a.source_id = lp.source_id OR a.officer_id = r.id) AND a.status IN (${ACTIVE})
    ORDER BY (a.source_id = lp.source_id) DESC LIMIT 1) busy ON true`;

export interface RecommendQuery {
  lat: number;
  lon: number;
  type: WantedType;
  unitId?: string;
  limit: number;
}

/**
 * The nearest units of the wanted type in the user's scope: available ones first (on line, not on another task, with
 * someone to receive it on the phone), each with its straight-line distance and a rough ETA; then the nearest
 * unavailable ones with the reason, so the commander sees why the closest car was not offered.
 */
export async function recommendUnits(
  db: Executor, user: AuthUser, config: TrackingConfig, q: RecommendQuery,
): Promise<{ items: Candidate[]; unavailable: Candidate[] }> {
  const unit = await getUnitInScope(db, user, q.unitId ?? user.unitId);
  const rows = await queryRows<CandidateRow>(db, sql`${candidateSelect(q.lat, q.lon)}
    WHERE u.path LIKE ${unit.path + '%'}
      ${q.type === 'vehicle' ? sql`AND lp.vehicle_id IS NOT NULL` : q.type === 'person' ? sql`AND lp.vehicle_id IS NULL` : sql``}
    ORDER BY "distanceM", lp.source_id
    LIMIT ${Math.max(q.limit * 5, 50)}`);
  const now = Date.now();
  const all = rows.map((r): Candidate => {
    const type = r.vehicleId ? 'vehicle' : 'person';
    const state = derivePositionState(r, r.online, now, config);
    const reasons: string[] = [];
    if (state === 'offline') reasons.push('离线');
    if (r.busyWith) reasons.push(r.busySelf ? `执行任务中（${r.busyWith}）` : `${r.recipientName}正在执行任务（${r.busyWith}）`);
    if (!r.recipientId) reasons.push(type === 'vehicle' ? '车辆未设责任人，无人在移动端接收' : '未关联执法人员');
    else if (!r.hasApp) reasons.push(`${r.recipientName}无移动端账号`);
    const distanceM = Math.round(r.distanceM);
    return {
      sourceId: r.sourceId, sourceKind: r.sourceKind, type, label: r.label, unitId: r.unitId, unitName: r.unitName,
      lat: r.lat, lon: r.lon, ts: iso(r.ts), state, distanceM, etaMinutes: etaMinutes(distanceM, type),
      recipientId: r.recipientId, recipientName: r.recipientName, available: reasons.length === 0, reasons,
    };
  });
  const available = all.filter((c) => c.available).slice(0, q.limit);
  const farthest = available.at(-1)?.distanceM ?? Infinity;
  // Only the unavailable units closer than what is offered are worth explaining.
  const unavailable = all.filter((c) => !c.available && c.distanceM <= farthest).slice(0, 10);
  return { items: available, unavailable };
}

async function refreshTaskStatus(tx: Executor, taskId: string): Promise<DispatchTaskStatus> {
  const task = await queryOne<{ status: DispatchTaskStatus }>(tx, sql`SELECT status FROM dispatch_tasks WHERE id = ${taskId}`);
  const assignments = await queryRows<{ status: AssignmentStatus }>(tx, sql`SELECT status FROM dispatch_assignments WHERE task_id = ${taskId}`);
  const status = taskStatusOf(assignments, task?.status === 'cancelled');
  const closing = status === 'completed' || status === 'cancelled';
  await tx.execute(sql`UPDATE dispatch_tasks SET status = ${status}, closed_at = ${closing ? sql`COALESCE(closed_at, now())` : null} WHERE id = ${taskId}`);
  return status;
}

export async function dispatchUnits(
  db: Database, user: AuthUser, config: TrackingConfig, actor: Actor, taskId: string, sourceIds: string[], note?: string | null,
): Promise<TaskDetail> {
  await db.transaction(async (tx) => {
    const task = await getTaskRow(tx, user, taskId, true);
    if (!isTaskOpen(task.status)) throw conflict(`调度任务已${TASK_STATUS_LABELS[task.status]}，不能再派遣`);
    // Two commanders sending the same car to two tasks at once: the second waits here, then sees it busy. Locked in
    // one order so that two dispatches of the same units cannot deadlock.
    for (const sourceId of [...new Set(sourceIds)].sort()) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('dispatch-source'), hashtext(${sourceId}))`);
    }
    const problems: { field: string; message: string }[] = [];
    const now = Date.now();
    const sent: string[] = [];
    for (const [i, sourceId] of sourceIds.entries()) {
      const row = await queryOne<CandidateRow>(tx, sql`${candidateSelect(task.lat, task.lon)} WHERE lp.source_id = ${sourceId}`);
      const field = `sourceIds.${i}`;
      if (!row || !row.unitPath.startsWith(user.unitPath)) { problems.push({ field, message: '派遣对象不存在或不在您的管辖范围内' }); continue; }
      if (row.busyWith) {
        problems.push({ field, message: row.busySelf ? `${row.label}正在执行任务 ${row.busyWith}` : `${row.label}的接收人${row.recipientName}正在执行任务 ${row.busyWith}` });
        continue;
      }
      if (!row.recipientId) { problems.push({ field, message: `${row.label}${row.vehicleId ? '未设责任人' : '未关联执法人员'}，无人在移动端接收` }); continue; }
      if (!row.hasApp) { problems.push({ field, message: `${row.recipientName}无移动端账号，无法接收任务` }); continue; }
      if (derivePositionState(row, row.online, now, config) === 'offline') { problems.push({ field, message: `${row.label}已离线` }); continue; }
      const type = row.vehicleId ? 'vehicle' : 'person';
      const inserted = await queryOne<{ id: string }>(tx, sql`
        INSERT INTO dispatch_assignments (task_id, source_id, source_kind, object_type, vehicle_id, officer_id, label, status, distance_m)
        VALUES (${taskId}, ${row.sourceId}, ${row.sourceKind}, ${type}, ${row.vehicleId}, ${row.recipientId}, ${row.label}, 'dispatched', ${row.distanceM})
        RETURNING id`);
      const who = type === 'vehicle' ? `${row.label}（责任人 ${row.recipientName}）` : row.label;
      await addEvent(tx, actor, taskId, inserted!.id, 'dispatched', `派遣 ${who}，距离约${Math.round(row.distanceM)}米${note ? `；${note}` : ''}`);
      sent.push(row.label);
    }
    // All or nothing: a commander who picked three units should not find one silently missing.
    if (problems.length > 0) throw invalid(problems, problems.map((p) => p.message).join('；'));
    const status = await refreshTaskStatus(tx, taskId);
    await appendAudit(tx, actor, { unitId: task.unitId, entityType: ENTITY, entityId: taskId, action: 'dispatch', after: { units: sent, status } });
  });
  return taskDetail(db, user, taskId);
}

/** The commander withdraws one unit (sent the wrong car, or needed elsewhere). */
export async function withdrawAssignment(
  db: Database, user: AuthUser, actor: Actor, taskId: string, assignmentId: string, reason: string,
): Promise<TaskDetail> {
  await db.transaction(async (tx) => {
    const task = await getTaskRow(tx, user, taskId, true);
    const a = await queryOne<AssignmentRow>(tx, sql`${assignmentSelect} WHERE a.id = ${assignmentId} AND a.task_id = ${taskId}`);
    if (!a) throw notFound('派遣记录');
    if (!ACTIVE_ASSIGNMENT_STATUSES.includes(a.status)) throw conflict(`该派遣已${ASSIGNMENT_STATUS_LABELS[a.status]}，不能撤回`);
    await tx.execute(sql`UPDATE dispatch_assignments SET status = 'cancelled', cancelled_at = now(), result_note = ${reason} WHERE id = ${a.id}`);
    await addEvent(tx, actor, taskId, a.id, 'withdrawn', `撤回 ${a.label}：${reason}`);
    const status = await refreshTaskStatus(tx, taskId);
    await appendAudit(tx, actor, { unitId: task.unitId, entityType: ENTITY, entityId: taskId, action: 'withdraw', before: { unit: a.label, status: a.status }, after: { reason, status } });
  });
  return taskDetail(db, user, taskId);
}

/** The commander cancels the whole task; units still on it are stood down. */
export async function cancelTask(db: Database, user: AuthUser, actor: Actor, taskId: string, reason: string): Promise<TaskDetail> {
  await db.transaction(async (tx) => {
    const task = await getTaskRow(tx, user, taskId, true);
    if (!isTaskOpen(task.status)) throw conflict(`调度任务已${TASK_STATUS_LABELS[task.status]}`);
    await tx.execute(sql`
      UPDATE dispatch_assignments SET status = 'cancelled', cancelled_at = now(), result_note = ${`任务撤销：${reason}`}
      WHERE task_id = ${taskId} AND status IN (${ACTIVE})`);
    await tx.execute(sql`UPDATE dispatch_tasks SET status = 'cancelled', closed_at = now() WHERE id = ${taskId}`);
    await addEvent(tx, actor, taskId, null, 'cancelled', `撤销任务：${reason}`);
    await appendAudit(tx, actor, { unitId: task.unitId, entityType: ENTITY, entityId: taskId, action: 'cancel', before: { status: task.status }, after: { status: 'cancelled', reason } });
  });
  return taskDetail(db, user, taskId);
}

export interface MyAssignment extends AssignmentView {
  task: TaskSummary;
}

/** The field app's list: the officer's live assignments, then those finished in the last 24 hours. */
export async function myAssignments(db: Executor, user: AuthUser): Promise<{ items: MyAssignment[] }> {
  if (!user.officerId) throw new AppError(409, 'NO_OFFICER', '当前账号未关联执法人员，没有派给本人的任务');
  const rows = await queryRows<AssignmentRow>(db, sql`${assignmentSelect}
    WHERE a.officer_id = ${user.officerId}
      AND (a.status IN (${ACTIVE}) OR COALESCE(a.completed_at, a.cancelled_at) > now() - interval '24 hours')
    ORDER BY (a.status IN (${ACTIVE})) DESC, a.dispatched_at DESC LIMIT 50`);
  const items: MyAssignment[] = [];
  for (const r of rows) {
    const task = await queryOne<TaskRow>(db, sql`${taskSelect} WHERE t.id = ${r.taskId}`);
    if (task) items.push({ ...assignmentView(r), task: summaryOf(task) });
  }
  return { items };
}

export interface FieldStepInput {
  step: FieldStep;
  lat?: number;
  lon?: number;
  note?: string | null;
}

const STEP_COLUMN: Record<FieldStep, string> = { received: 'received_at', arrived: 'arrived_at', completed: 'completed_at' };
const STEP_WORD: Record<FieldStep, string> = { received: '接收任务', arrived: '到达现场', completed: '处置完成' };

/**
 * The receiving officer reports a step from the phone. Only the assignment's own officer may; a repeated report (the
 * phone retried) changes nothing and answers the current state. Completing the task stands the other units down.
 */
export async function reportFieldStep(
  db: Database, user: AuthUser, actor: Actor, assignmentId: string, input: FieldStepInput,
): Promise<MyAssignment> {
  if (!user.officerId) throw new AppError(409, 'NO_OFFICER', '当前账号未关联执法人员，不能处置任务');
  const taskId = await db.transaction(async (tx) => {
    // Task first, then assignment: the order dispatch, withdraw and cancel lock in, so they cannot deadlock with this.
    await tx.execute(sql`SELECT 1 FROM dispatch_tasks WHERE id = (SELECT task_id FROM dispatch_assignments WHERE id = ${assignmentId}) FOR UPDATE`);
    await tx.execute(sql`SELECT 1 FROM dispatch_assignments WHERE id = ${assignmentId} FOR UPDATE`);
    const a = await queryOne<AssignmentRow>(tx, sql`${assignmentSelect} WHERE a.id = ${assignmentId}`);
    // Someone else's assignment looks the same as none: officers see only their own.
    if (!a || a.officerId !== user.officerId) throw notFound('派给您的任务');
    const plan = planFieldStep(a.status, input.step);
    if (plan.kind === 'refuse') throw conflict(plan.message);
    if (plan.kind === 'repeat') return a.taskId;
    const task = await queryOne<{ unitId: string; code: string }>(tx, sql`SELECT unit_id AS "unitId", code FROM dispatch_tasks WHERE id = ${a.taskId}`);
    const at = new Date();
    for (const step of [...plan.skipped, plan.to]) {
      await tx.execute(sql`UPDATE dispatch_assignments SET status = ${step}, ${sql.raw(STEP_COLUMN[step])} = ${at}
        ${step === 'completed' && input.note ? sql`, result_note = ${input.note}` : sql``} WHERE id = ${a.id}`);
      const note = step === plan.to && input.note ? `${a.label} ${STEP_WORD[step]}：${input.note}` : `${a.label} ${STEP_WORD[step]}`;
      await addEvent(tx, actor, a.taskId, a.id, step, note, at, step === plan.to ? input : {});
    }
    if (plan.to === 'completed') {
      const others = await queryRows<{ id: string; label: string }>(tx, sql`
        UPDATE dispatch_assignments SET status = 'cancelled', cancelled_at = ${at}, result_note = ${`任务已由${a.label}完成`}
        WHERE task_id = ${a.taskId} AND id <> ${a.id} AND status IN (${ACTIVE}) RETURNING id, label`);
      for (const o of others) await addEvent(tx, actor, a.taskId, o.id, 'withdrawn', `任务已由${a.label}完成，${o.label}收队`, at);
    }
    const status = await refreshTaskStatus(tx, a.taskId);
    await appendAudit(tx, actor, {
      unitId: task!.unitId, entityType: ENTITY, entityId: a.taskId, action: `field_${plan.to}`,
      before: { unit: a.label, status: a.status }, after: { unit: a.label, status: plan.to, taskStatus: status, note: input.note ?? null },
    });
    return a.taskId;
  });
  const row = await queryOne<AssignmentRow>(db, sql`${assignmentSelect} WHERE a.id = ${assignmentId}`);
  const task = await queryOne<TaskRow>(db, sql`${taskSelect} WHERE t.id = ${taskId}`);
  return { ...assignmentView(row!), task: summaryOf(task!) };
}

/**
 * 地址定位 without an online geocoder (government networks are often offline): match the typed address against the
 * names and addresses of the units in scope and offer their jurisdiction centres; the commander then refines the
 * point on the map.
 */
export async function geocodeAddress(db: Executor, user: AuthUser, q: string): Promise<{ items: { label: string; address: string | null; lat: number; lon: number; precision: string }[] }> {
  const terms = q.replace(/^上海市?/, '').split(/[\s,，]+/).filter((t) => t.length > 0).slice(0, 4);
  if (terms.length === 0) return { items: [] };
  const rows = await queryRows<{ name: string; shortName: string | null; address: string | null; lat: number; lon: number; hits: number }>(db, sql`
    SELECT u.name, u.short_name AS "shortName", u.address, u.center_lat AS lat, u.center_lon AS lon,
      (${sql.join(terms.map((t) => sql`(CASE WHEN u.name ILIKE ${'%' + t + '%'} OR u.address ILIKE ${'%' + t + '%'} OR ${t} ILIKE '%' || COALESCE(u.short_name, u.name) || '%' THEN 1 ELSE 0 END)`), sql` + `)}) AS hits
    FROM units u
    WHERE u.path LIKE ${user.unitPath + '%'} AND u.center_lat IS NOT NULL
    ORDER BY hits DESC, length(u.path) DESC, u.name LIMIT 8`);
  return {
    items: rows.filter((r) => Number(r.hits) > 0).map((r) => ({
      label: r.name, address: r.address, lat: r.lat, lon: r.lon, precision: '辖区中心（请在地图上细化）',
    })),
  };
}
