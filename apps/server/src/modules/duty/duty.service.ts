// 勤务计划: a squadron's plan for a date with its shifts (time, area or patrol route, officers, vehicles), edited as a
// draft and published in advance; after publication every change is kept in duty_plan_changes (and the audit log) so
// the plan as published stays reconstructible. An officer is never on two overlapping shifts, nor on a shift during
// approved leave. Scoped by the org tree; writes are transactional and audited. The business clock is injected.
import {
  ACTIVE_OFFICER_STATUSES, areaRingProblem, daysBetween, DUTY_MEMBER_ROLE_LABELS, DUTY_PLAN_STATUS_LABELS, findOverlap,
  leaveBlocksShift, plusDays, publishDeadlineOf, publishTimingOf, PUBLISH_TIMING_LABELS, routeLineProblem, shanghaiDate,
  shiftTimeLabel, shiftTimeProblem, SQUADRON_KINDS, type DutyMemberRole, type DutyPlanStatus, type LinearRing, type PublishTiming,
} from '@cg/domain';
import { queryOne, queryRows, sql, type Database, type Executor, type SQL } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, conflict, invalid, notFound, versionConflict, type ErrorDetail } from '../../core/errors.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { iso } from '../tracking/tracking.service.ts';
import { getUnitInScope } from '../units/units.service.ts';

export type Clock = () => Date;

const ENTITY = 'duty_plan';
const HOUR_MS = 3_600_000;
/** Plans can be drawn up this far ahead. */
export const MAX_PLAN_DAYS_AHEAD = 60;
/** Vehicles in these states are not sent out. */
const UNAVAILABLE_VEHICLE = ['维修', '报废', '遗失'];

export const idList = (ids: readonly string[]): SQL => sql.join(ids.map((id) => sql`${id}`), sql`, `);

// ---- views -----------------------------------------------------------------------------------------------------

export interface PlanRow {
  id: string; unitId: string; unitName: string; unitPath: string; planDate: string; status: DutyPlanStatus; note: string | null;
  publishedAt: Date | string | null; publishedByName: string | null; createdByName: string; createdAt: Date | string;
  updatedAt: Date | string; version: number;
}

export const planSelect = sql`
  SELECT p.id, p.unit_id AS "unitId", u.name AS "unitName", u.path AS "unitPath", p.plan_date::text AS "planDate", p.status, p.note,
    p.published_at AS "publishedAt", p.published_by_name AS "publishedByName", p.created_by_name AS "createdByName",
    p.created_at AS "createdAt", p.updated_at AS "updatedAt", p.version
  FROM duty_plans p JOIN units u ON u.id = p.unit_id`;

export interface PlanView {
  id: string; unitId: string; unitName: string; planDate: string; status: DutyPlanStatus; statusLabel: string; note: string | null;
  publishedAt: string | null; publishedByName: string | null; createdByName: string; createdAt: string; updatedAt: string;
  version: number;
  /** Publish by this instant to count as on time (17:00 the day before). */
  publishDeadline: string;
  timing: PublishTiming;
  timingLabel: string;
}

export function planViewOf(r: PlanRow, now: Date): PlanView {
  const publishedAt = r.publishedAt ? iso(r.publishedAt) : null;
  const timing = publishTimingOf(r.planDate, publishedAt, now);
  return {
    id: r.id, unitId: r.unitId, unitName: r.unitName, planDate: r.planDate, status: r.status, statusLabel: DUTY_PLAN_STATUS_LABELS[r.status],
    note: r.note, publishedAt, publishedByName: r.publishedByName, createdByName: r.createdByName, createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt), version: r.version, publishDeadline: publishDeadlineOf(r.planDate).toISOString(), timing,
    timingLabel: PUBLISH_TIMING_LABELS[timing],
  };
}

export interface ShiftMemberView { officerId: string; name: string; badgeNo: string | null; position: string; role: DutyMemberRole; roleLabel: string }
export interface ShiftVehicleView { vehicleId: string; plate: string | null; assetTag: string }
export interface ShiftView {
  id: string; planId: string; name: string; startsAt: string; endsAt: string; timeLabel: string;
  /** The shift's own area; null: the squadron's jurisdiction applies. */
  area: LinearRing | null;
  areaName: string | null;
  patrolRoute: [number, number][] | null;
  note: string | null;
  members: ShiftMemberView[];
  vehicles: ShiftVehicleView[];
}

/** Shifts of the given plans with their members and vehicles, in time order. */
export async function loadShifts(db: Executor, planIds: readonly string[], shiftIds?: readonly string[]): Promise<ShiftView[]> {
  if (planIds.length === 0 && !shiftIds?.length) return [];
  const where = shiftIds ? sql`s.id IN (${idList(shiftIds)})` : sql`s.plan_id IN (${idList(planIds)})`;
  const shifts = await queryRows<Omit<ShiftView, 'startsAt' | 'endsAt' | 'timeLabel' | 'members' | 'vehicles'> & { startsAt: Date | string; endsAt: Date | string }>(db, sql`
    SELECT s.id, s.plan_id AS "planId", s.name, s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.area, s.area_name AS "areaName",
      s.patrol_route AS "patrolRoute", s.note
    FROM duty_shifts s WHERE ${where} ORDER BY s.starts_at, s.name, s.id`);
  if (shifts.length === 0) return [];
  const ids = idList(shifts.map((s) => s.id));
  const members = await queryRows<Omit<ShiftMemberView, 'roleLabel'> & { shiftId: string }>(db, sql`
    SELECT m.shift_id AS "shiftId", m.officer_id AS "officerId", o.name, o.badge_no AS "badgeNo", o.position, m.role
    FROM duty_shift_members m JOIN officers o ON o.id = m.officer_id
    WHERE m.shift_id IN (${ids}) ORDER BY m.role = 'member', o.name, o.id`);
  const vehicles = await queryRows<ShiftVehicleView & { shiftId: string }>(db, sql`
    SELECT v.shift_id AS "shiftId", v.vehicle_id AS "vehicleId", e.attributes->>'plate' AS plate, e.asset_tag AS "assetTag"
    FROM duty_shift_vehicles v JOIN equipment_items e ON e.id = v.vehicle_id
    WHERE v.shift_id IN (${ids}) ORDER BY e.asset_tag`);
  return shifts.map((s) => ({
    ...s, startsAt: iso(s.startsAt), endsAt: iso(s.endsAt), timeLabel: shiftTimeLabel(s),
    members: members.filter((m) => m.shiftId === s.id).map(({ shiftId: _s, ...m }) => ({ ...m, roleLabel: DUTY_MEMBER_ROLE_LABELS[m.role] })),
    vehicles: vehicles.filter((v) => v.shiftId === s.id).map(({ shiftId: _s, ...v }) => v),
  }));
}

export interface PlanChangeView { id: number; at: string; actorName: string; summary: string; before: unknown; after: unknown }
export interface PlanDetail extends PlanView { shifts: ShiftView[]; changes: PlanChangeView[] }

export async function getPlanRow(db: Executor, user: Pick<AuthUser, 'unitPath'>, id: string, lock = false): Promise<PlanRow> {
  if (lock) await db.execute(sql`SELECT 1 FROM duty_plans WHERE id = ${id} FOR UPDATE`);
  const row = await queryOne<PlanRow>(db, sql`${planSelect} WHERE p.id = ${id}`);
  if (!row || !row.unitPath.startsWith(user.unitPath)) throw notFound('勤务计划');
  return row;
}

export async function planDetail(db: Executor, user: AuthUser, id: string, now: Date): Promise<PlanDetail> {
  const row = await getPlanRow(db, user, id);
  const changes = await queryRows<Omit<PlanChangeView, 'id' | 'at'> & { id: string | number; at: Date | string }>(db, sql`
    SELECT id, at, actor_name AS "actorName", summary, before, after FROM duty_plan_changes WHERE plan_id = ${id} ORDER BY id`);
  return {
    ...planViewOf(row, now), shifts: await loadShifts(db, [id]),
    changes: changes.map((c) => ({ ...c, id: Number(c.id), at: iso(c.at) })),
  };
}

// ---- list ------------------------------------------------------------------------------------------------------

export interface PlanListItem extends PlanView { shiftCount: number; memberCount: number }

export async function listPlans(
  db: Executor, user: AuthUser, q: { unitId?: string; from: string; to: string; status?: DutyPlanStatus }, now: Date,
): Promise<{ items: PlanListItem[] }> {
  const unit = q.unitId ? await getUnitInScope(db, user, q.unitId) : null;
  const items = await queryRows<PlanRow & { shiftCount: number; memberCount: number }>(db, sql`
    SELECT p.id, p.unit_id AS "unitId", u.name AS "unitName", u.path AS "unitPath", p.plan_date::text AS "planDate", p.status, p.note,
      p.published_at AS "publishedAt", p.published_by_name AS "publishedByName", p.created_by_name AS "createdByName",
      p.created_at AS "createdAt", p.updated_at AS "updatedAt", p.version,
      (SELECT count(*)::int FROM duty_shifts s WHERE s.plan_id = p.id) AS "shiftCount",
      (SELECT count(DISTINCT m.officer_id)::int FROM duty_shifts s JOIN duty_shift_members m ON m.shift_id = s.id WHERE s.plan_id = p.id) AS "memberCount"
    FROM duty_plans p JOIN units u ON u.id = p.unit_id
    WHERE u.path LIKE ${(unit?.path ?? user.unitPath) + '%'} AND p.plan_date BETWEEN ${q.from}::date AND ${q.to}::date
      ${q.status ? sql`AND p.status = ${q.status}` : sql``}
    ORDER BY p.plan_date, u.path, p.id`);
  return { items: items.map((r) => ({ ...planViewOf(r, now), shiftCount: r.shiftCount, memberCount: r.memberCount })) };
}

// ---- plans -----------------------------------------------------------------------------------------------------

async function squadronInScope(tx: Executor, user: AuthUser, unitId: string) {
  const unit = await getUnitInScope(tx, user, unitId);
  if (!SQUADRON_KINDS.includes(unit.kind)) throw invalid([{ field: 'unitId', message: `${unit.name}不是中队：勤务计划按中队编排` }]);
  return unit;
}

function planDateProblem(date: string, now: Date): ErrorDetail | null {
  const today = shanghaiDate(now);
  if (date < today) return { field: 'date', message: `计划日期不能早于今天（${today}）` };
  if (daysBetween(today, date) > MAX_PLAN_DAYS_AHEAD) return { field: 'date', message: `计划日期不能晚于${MAX_PLAN_DAYS_AHEAD}天后` };
  return null;
}

async function insertPlan(tx: Executor, actor: Actor, unitId: string, unitName: string, date: string, note: string | null, now: Date): Promise<string> {
  const existing = await queryOne<{ id: string; status: DutyPlanStatus }>(tx, sql`
    SELECT id, status FROM duty_plans WHERE unit_id = ${unitId} AND plan_date = ${date}::date`);
  if (existing) {
    throw conflict(`${unitName}${date}的勤务计划已存在（${DUTY_PLAN_STATUS_LABELS[existing.status]}）`, [{ field: 'date', message: '该日期已有勤务计划' }]);
  }
  const row = await queryOne<{ id: string }>(tx, sql`
    INSERT INTO duty_plans (unit_id, plan_date, status, note, created_by_id, created_by_name, created_at, updated_at)
    VALUES (${unitId}, ${date}::date, 'draft', ${note}, ${actor.id}, ${actor.name}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
    RETURNING id`);
  return row!.id;
}

export async function createPlan(
  db: Database, user: AuthUser, actor: Actor, input: { unitId: string; date: string; note?: string | null }, now: Date,
): Promise<PlanDetail> {
  const problem = planDateProblem(input.date, now);
  if (problem) throw invalid([problem]);
  const id = await db.transaction(async (tx) => {
    const unit = await squadronInScope(tx, user, input.unitId);
    // Two planners creating the same day at once: the second waits and then finds the first.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`duty-plan:${unit.id}:${input.date}`}))`);
    const planId = await insertPlan(tx, actor, unit.id, unit.name, input.date, input.note ?? null, now);
    await appendAudit(tx, actor, { unitId: unit.id, entityType: ENTITY, entityId: planId, action: 'create', after: { date: input.date, note: input.note ?? null } });
    return planId;
  });
  return planDetail(db, user, id, now);
}

export interface CopyResult extends PlanDetail {
  /** Officers and vehicles of the source plan not carried over, with the reason. */
  skipped: { shiftName: string; what: string; reason: string }[];
}

/**
 * Convenience: a new draft for `date` with the shifts of another day's plan (the day before by default) moved to the
 * new date. Officers now on leave, double-booked or no longer available, and vehicles out of service, are left out
 * and listed.
 */
export async function copyPlan(
  db: Database, user: AuthUser, actor: Actor, input: { unitId: string; date: string; fromDate?: string }, now: Date,
): Promise<CopyResult> {
  const fromDate = input.fromDate ?? plusDays(input.date, -1);
  const problem = planDateProblem(input.date, now);
  if (problem) throw invalid([problem]);
  if (fromDate === input.date) throw invalid([{ field: 'fromDate', message: '复制来源日期不能与计划日期相同' }]);
  const skipped: CopyResult['skipped'] = [];
  const id = await db.transaction(async (tx) => {
    const unit = await squadronInScope(tx, user, input.unitId);
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`duty-plan:${unit.id}:${input.date}`}))`);
    const source = await queryOne<{ id: string }>(tx, sql`SELECT id FROM duty_plans WHERE unit_id = ${unit.id} AND plan_date = ${fromDate}::date`);
    if (!source) throw notFound(`${unit.name}${fromDate}的勤务计划`);
    const planId = await insertPlan(tx, actor, unit.id, unit.name, input.date, null, now);
    const plan = await getPlanRow(tx, user, planId);
    const shift = daysBetween(fromDate, input.date) * 24 * HOUR_MS;
    for (const s of await loadShifts(tx, [source.id])) {
      const span = { startsAt: new Date(new Date(s.startsAt).getTime() + shift), endsAt: new Date(new Date(s.endsAt).getTime() + shift) };
      const members: ShiftMemberInput[] = [];
      for (const m of s.members) {
        const reason = await memberConflict(tx, plan, { officerId: m.officerId, name: m.name }, span, null);
        if (reason) skipped.push({ shiftName: s.name, what: m.name, reason });
        else members.push({ officerId: m.officerId, role: m.role });
      }
      const vehicleIds: string[] = [];
      for (const v of s.vehicles) {
        const reason = await vehicleConflict(tx, plan, v.vehicleId, span, null);
        if (reason) skipped.push({ shiftName: s.name, what: v.plate ?? v.assetTag, reason });
        else vehicleIds.push(v.vehicleId);
      }
      const inserted = await queryOne<{ id: string }>(tx, sql`
        INSERT INTO duty_shifts (plan_id, name, starts_at, ends_at, area, area_name, patrol_route, note)
        VALUES (${planId}, ${s.name}, ${span.startsAt.toISOString()}::timestamptz, ${span.endsAt.toISOString()}::timestamptz,
          ${s.area ? JSON.stringify(s.area) : null}::jsonb, ${s.areaName}, ${s.patrolRoute ? JSON.stringify(s.patrolRoute) : null}::jsonb, ${s.note})
        RETURNING id`);
      await writeCrew(tx, inserted!.id, members, vehicleIds);
    }
    await appendAudit(tx, actor, { unitId: unit.id, entityType: ENTITY, entityId: planId, action: 'copy', after: { date: input.date, fromDate, skipped } });
    return planId;
  });
  return { ...(await planDetail(db, user, id, now)), skipped };
}

export async function updatePlanNote(
  db: Database, user: AuthUser, actor: Actor, id: string, input: { version: number; note: string | null }, now: Date,
): Promise<PlanDetail> {
  await db.transaction(async (tx) => {
    const plan = await getPlanRow(tx, user, id, true);
    if (plan.version !== input.version) throw versionConflict();
    if ((plan.note ?? null) === input.note) return;
    await touchPlan(tx, id, now);
    await tx.execute(sql`UPDATE duty_plans SET note = ${input.note} WHERE id = ${id}`);
    await logChange(tx, actor, plan, '修改计划备注', { note: plan.note }, { note: input.note }, now);
    await appendAudit(tx, actor, { unitId: plan.unitId, entityType: ENTITY, entityId: id, action: 'update', before: { note: plan.note }, after: { note: input.note } });
  });
  return planDetail(db, user, id, now);
}

export async function deletePlan(db: Database, user: AuthUser, actor: Actor, id: string): Promise<{ id: string; deleted: true }> {
  return db.transaction(async (tx) => {
    const plan = await getPlanRow(tx, user, id, true);
    if (plan.status === 'published') throw conflict('已发布的勤务计划不能删除；可修改其中的班次（修改会记入变更记录）');
    const shifts = await loadShifts(tx, [id]);
    await tx.execute(sql`DELETE FROM duty_shift_members WHERE shift_id IN (SELECT id FROM duty_shifts WHERE plan_id = ${id})`);
    await tx.execute(sql`DELETE FROM duty_shift_vehicles WHERE shift_id IN (SELECT id FROM duty_shifts WHERE plan_id = ${id})`);
    await tx.execute(sql`DELETE FROM duty_shifts WHERE plan_id = ${id}`);
    await tx.execute(sql`DELETE FROM duty_plans WHERE id = ${id}`);
    await appendAudit(tx, actor, {
      unitId: plan.unitId, entityType: ENTITY, entityId: id, action: 'delete',
      before: { date: plan.planDate, status: plan.status, shifts: shifts.map(snapshotOf) }, after: null,
    });
    return { id, deleted: true as const };
  });
}

/** Publishes a draft. Every shift must have someone on it; the time is stamped for the on-time indicator. */
export async function publishPlan(db: Database, user: AuthUser, actor: Actor, id: string, version: number, now: Date): Promise<PlanDetail> {
  await db.transaction(async (tx) => {
    const plan = await getPlanRow(tx, user, id, true);
    if (plan.version !== version) throw versionConflict();
    if (plan.status === 'published') throw conflict(`勤务计划已于${iso(plan.publishedAt!)}发布`);
    const shifts = await loadShifts(tx, [id]);
    if (shifts.length === 0) throw invalid([{ field: 'shifts', message: '勤务计划没有班次，不能发布' }], '勤务计划没有班次，不能发布');
    const empty = shifts.filter((s) => s.members.length === 0);
    if (empty.length) {
      throw invalid(empty.map((s) => ({ field: 'shifts', message: `班次“${s.name}”（${s.timeLabel}）没有安排人员` })));
    }
    await tx.execute(sql`
      UPDATE duty_plans SET status = 'published', published_at = ${now.toISOString()}::timestamptz, published_by_id = ${actor.id},
        published_by_name = ${actor.name}, version = version + 1, updated_at = ${now.toISOString()}::timestamptz
      WHERE id = ${id}`);
    const onTime = now.getTime() <= publishDeadlineOf(plan.planDate).getTime();
    await appendAudit(tx, actor, {
      unitId: plan.unitId, entityType: ENTITY, entityId: id, action: 'publish', before: { status: plan.status },
      after: { status: 'published', publishedAt: now.toISOString(), onTime, shifts: shifts.map(snapshotOf) },
    });
  });
  return planDetail(db, user, id, now);
}

// ---- shifts ----------------------------------------------------------------------------------------------------

export interface ShiftMemberInput { officerId: string; role: DutyMemberRole }
export interface ShiftInput {
  name: string;
  startsAt: string;
  endsAt: string;
  area?: LinearRing | null;
  areaName?: string | null;
  patrolRoute?: [number, number][] | null;
  note?: string | null;
  members: ShiftMemberInput[];
  vehicleIds: string[];
}

interface Span { startsAt: Date; endsAt: Date }

/** Why the officer cannot be on the shift (not in the squadron, not on duty, on leave, or already on another shift). */
async function memberConflict(
  tx: Executor, plan: PlanRow, who: { officerId: string; name?: string }, span: Span, excludeShiftId: string | null,
): Promise<string | null> {
  const officer = await queryOne<{ name: string; status: string; path: string }>(tx, sql`
    SELECT o.name, o.status, u.path FROM officers o JOIN units u ON u.id = o.unit_id WHERE o.id = ${who.officerId}`);
  if (!officer || !officer.path.startsWith(plan.unitPath)) return `${who.name ?? '该执法人员'}不存在或不属于${plan.unitName}`;
  if (!(ACTIVE_OFFICER_STATUSES as readonly string[]).includes(officer.status)) return `${officer.name}人员状态为“${officer.status}”，不能排班`;
  // Serialise the officer's bookings so two planners cannot put them on overlapping shifts at once.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`duty-officer:${who.officerId}`}))`);
  const leaves = await queryRows<{ fromDate: string; toDate: string; kind: string }>(tx, sql`
    SELECT from_date::text AS "fromDate", to_date::text AS "toDate", kind FROM duty_leaves
    WHERE officer_id = ${who.officerId} AND status = 'approved'
      AND from_date <= ${shanghaiDate(span.endsAt)}::date AND to_date >= ${shanghaiDate(span.startsAt)}::date`);
  const leave = leaves.find((l) => leaveBlocksShift(l, span));
  if (leave) return `${officer.name}已批准${leave.kind}（${leave.fromDate}至${leave.toDate}），不能排班`;
  const booked = await queryRows<{ name: string; startsAt: Date | string; endsAt: Date | string; planDate: string; unitName: string }>(tx, sql`
    SELECT s.name, s.starts_at AS "startsAt", s.ends_at AS "endsAt", p.plan_date::text AS "planDate", u.name AS "unitName"
    FROM duty_shift_members m JOIN duty_shifts s ON s.id = m.shift_id JOIN duty_plans p ON p.id = s.plan_id JOIN units u ON u.id = p.unit_id
    WHERE m.officer_id = ${who.officerId} AND s.starts_at < ${span.endsAt.toISOString()}::timestamptz
      AND s.ends_at > ${new Date(span.startsAt.getTime() - 24 * HOUR_MS).toISOString()}::timestamptz
      ${excludeShiftId ? sql`AND s.id <> ${excludeShiftId}` : sql``}`);
  const clash = findOverlap(span, booked);
  if (clash) return `${officer.name}已排在${clash.planDate}${clash.unitName}“${clash.name}”（${shiftTimeLabel(clash)}），时间重叠`;
  return null;
}

async function vehicleConflict(tx: Executor, plan: PlanRow, vehicleId: string, span: Span, excludeShiftId: string | null): Promise<string | null> {
  const v = await queryOne<{ label: string; status: string; code: string; path: string }>(tx, sql`
    SELECT COALESCE(e.attributes->>'plate', e.asset_tag) AS label, e.status, c.code, u.path
    FROM equipment_items e JOIN equipment_categories c ON c.id = e.category_id JOIN units u ON u.id = e.unit_id WHERE e.id = ${vehicleId}`);
  if (!v || !v.path.startsWith(plan.unitPath)) return `车辆不存在或不属于${plan.unitName}`;
  if (v.code !== 'vehicle') return `${v.label}不是执法车辆`;
  if (UNAVAILABLE_VEHICLE.includes(v.status)) return `${v.label}状态为“${v.status}”，不能派车`;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`duty-vehicle:${vehicleId}`}))`);
  const booked = await queryRows<{ name: string; startsAt: Date | string; endsAt: Date | string; planDate: string }>(tx, sql`
    SELECT s.name, s.starts_at AS "startsAt", s.ends_at AS "endsAt", p.plan_date::text AS "planDate"
    FROM duty_shift_vehicles x JOIN duty_shifts s ON s.id = x.shift_id JOIN duty_plans p ON p.id = s.plan_id
    WHERE x.vehicle_id = ${vehicleId} AND s.starts_at < ${span.endsAt.toISOString()}::timestamptz
      AND s.ends_at > ${new Date(span.startsAt.getTime() - 24 * HOUR_MS).toISOString()}::timestamptz
      ${excludeShiftId ? sql`AND s.id <> ${excludeShiftId}` : sql``}`);
  const clash = findOverlap(span, booked);
  if (clash) return `${v.label}已安排在${clash.planDate}“${clash.name}”（${shiftTimeLabel(clash)}），时间重叠`;
  return null;
}

/** Input problems first (400), then conflicts with other shifts and leave (409); nothing is written when any is found. */
async function checkShift(tx: Executor, plan: PlanRow, input: ShiftInput, excludeShiftId: string | null, now: Date): Promise<Span> {
  const span = { startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt) };
  const problems: ErrorDetail[] = [];
  const time = shiftTimeProblem(plan.planDate, span);
  if (time) problems.push(time);
  else if (span.endsAt.getTime() <= now.getTime()) problems.push({ field: 'endsAt', message: '班次结束时间已过，不能再排班' });
  if (input.area) {
    const p = areaRingProblem(input.area);
    if (p) problems.push({ field: 'area', message: p });
  }
  if (input.patrolRoute) {
    const p = routeLineProblem(input.patrolRoute);
    if (p) problems.push({ field: 'patrolRoute', message: p });
  }
  if (input.members.filter((m) => m.role === 'leader').length > 1) problems.push({ field: 'members', message: '每个班次只能有一名带班人' });
  if (problems.length) throw invalid(problems, problems.map((p) => p.message).join('；'));

  const conflicts: ErrorDetail[] = [];
  // In a fixed order, so two transactions locking the same officers cannot deadlock.
  const members = input.members.map((m, i) => ({ ...m, i })).sort((a, b) => a.officerId.localeCompare(b.officerId));
  for (const m of members) {
    const reason = await memberConflict(tx, plan, m, span, excludeShiftId);
    if (reason) conflicts.push({ field: `members.${m.i}.officerId`, message: reason });
  }
  const vehicles = input.vehicleIds.map((v, i) => ({ v, i })).sort((a, b) => a.v.localeCompare(b.v));
  for (const { v, i } of vehicles) {
    const reason = await vehicleConflict(tx, plan, v, span, excludeShiftId);
    if (reason) conflicts.push({ field: `vehicleIds.${i}`, message: reason });
  }
  if (conflicts.length) {
    conflicts.sort((a, b) => (a.field ?? '').localeCompare(b.field ?? ''));
    throw conflict(conflicts.map((c) => c.message).join('；'), conflicts);
  }
  return span;
}

async function writeCrew(tx: Executor, shiftId: string, members: readonly ShiftMemberInput[], vehicleIds: readonly string[]): Promise<void> {
  await tx.execute(sql`DELETE FROM duty_shift_members WHERE shift_id = ${shiftId}`);
  await tx.execute(sql`DELETE FROM duty_shift_vehicles WHERE shift_id = ${shiftId}`);
  for (const m of members) {
    await tx.execute(sql`INSERT INTO duty_shift_members (shift_id, officer_id, role) VALUES (${shiftId}, ${m.officerId}, ${m.role})`);
  }
  for (const v of vehicleIds) await tx.execute(sql`INSERT INTO duty_shift_vehicles (shift_id, vehicle_id) VALUES (${shiftId}, ${v})`);
}

async function touchPlan(tx: Executor, planId: string, now: Date): Promise<void> {
  await tx.execute(sql`UPDATE duty_plans SET version = version + 1, updated_at = ${now.toISOString()}::timestamptz WHERE id = ${planId}`);
}

/** After publication every change is recorded with what it was and what it became. */
async function logChange(tx: Executor, actor: Actor, plan: PlanRow, summary: string, before: unknown, after: unknown, now: Date): Promise<void> {
  if (plan.status !== 'published') return;
  await tx.execute(sql`
    INSERT INTO duty_plan_changes (plan_id, at, actor_id, actor_name, summary, before, after)
    VALUES (${plan.id}, ${now.toISOString()}::timestamptz, ${actor.id}, ${actor.name}, ${summary},
      ${before === null ? null : JSON.stringify(before)}::jsonb, ${after === null ? null : JSON.stringify(after)}::jsonb)`);
}

export type ShiftSnapshot = ReturnType<typeof snapshotOf>;

function snapshotOf(s: ShiftView) {
  return {
    id: s.id, name: s.name, startsAt: s.startsAt, endsAt: s.endsAt, area: s.area, areaName: s.areaName, patrolRoute: s.patrolRoute,
    note: s.note, members: s.members.map((m) => ({ officerId: m.officerId, name: m.name, role: m.role })),
    vehicles: s.vehicles.map((v) => ({ vehicleId: v.vehicleId, plate: v.plate ?? v.assetTag })),
  };
}

const crewLabel = (s: ShiftView) => [
  s.members.map((m) => (m.role === 'leader' ? `${m.name}（带班）` : m.name)).join('、') || '无人员',
  s.vehicles.length ? `车辆 ${s.vehicles.map((v) => v.plate ?? v.assetTag).join('、')}` : '',
].filter(Boolean).join('；');

/** One line saying what changed, for the plan's change record. */
export function describeShiftChange(before: ShiftView | null, after: ShiftView | null): string {
  if (!before && after) return `新增班次“${after.name}”${after.timeLabel}：${crewLabel(after)}`;
  if (before && !after) return `删除班次“${before.name}”${before.timeLabel}（${crewLabel(before)}）`;
  const b = before!;
  const a = after!;
  const parts: string[] = [];
  if (a.name !== b.name) parts.push(`名称 ${b.name} → ${a.name}`);
  if (a.startsAt !== b.startsAt || a.endsAt !== b.endsAt) parts.push(`时间 ${b.timeLabel} → ${a.timeLabel}`);
  const names = (s: ShiftView) => new Map(s.members.map((m) => [m.officerId, m.name]));
  const [bm, am] = [names(b), names(a)];
  const added = [...am].filter(([id]) => !bm.has(id)).map(([, n]) => `+${n}`);
  const removed = [...bm].filter(([id]) => !am.has(id)).map(([, n]) => `−${n}`);
  if (added.length || removed.length) parts.push(`人员 ${[...added, ...removed].join(' ')}`);
  const leader = (s: ShiftView) => s.members.find((m) => m.role === 'leader')?.name ?? '无';
  if (leader(a) !== leader(b)) parts.push(`带班 ${leader(b)} → ${leader(a)}`);
  const plates = (s: ShiftView) => s.vehicles.map((v) => v.plate ?? v.assetTag).sort().join('、') || '无';
  if (plates(a) !== plates(b)) parts.push(`车辆 ${plates(b)} → ${plates(a)}`);
  if (JSON.stringify(a.area) !== JSON.stringify(b.area) || a.areaName !== b.areaName) parts.push(`区域 ${b.areaName ?? (b.area ? '自定义' : '中队辖区')} → ${a.areaName ?? (a.area ? '自定义' : '中队辖区')}`);
  if (JSON.stringify(a.patrolRoute) !== JSON.stringify(b.patrolRoute)) parts.push('巡逻路线已修改');
  if (a.note !== b.note) parts.push('备注已修改');
  return `修改班次“${a.name}”：${parts.join('；') || '无实质变化'}`;
}

async function shiftInScope(tx: Executor, user: AuthUser, shiftId: string): Promise<{ plan: PlanRow; shift: ShiftView }> {
  const row = await queryOne<{ planId: string }>(tx, sql`SELECT plan_id AS "planId" FROM duty_shifts WHERE id = ${shiftId}`);
  if (!row) throw notFound('班次');
  // Another district's shift looks like none.
  const plan = await getPlanRow(tx, user, row.planId, true).catch((e: unknown) => { throw e instanceof AppError ? notFound('班次') : e; });
  const [shift] = await loadShifts(tx, [], [shiftId]);
  return { plan, shift };
}

export async function addShift(db: Database, user: AuthUser, actor: Actor, planId: string, input: ShiftInput, now: Date): Promise<PlanDetail> {
  await db.transaction(async (tx) => {
    const plan = await getPlanRow(tx, user, planId, true);
    const span = await checkShift(tx, plan, input, null, now);
    const row = await queryOne<{ id: string }>(tx, sql`
      INSERT INTO duty_shifts (plan_id, name, starts_at, ends_at, area, area_name, patrol_route, note, created_at, updated_at)
      VALUES (${planId}, ${input.name}, ${span.startsAt.toISOString()}::timestamptz, ${span.endsAt.toISOString()}::timestamptz,
        ${input.area ? JSON.stringify(input.area) : null}::jsonb, ${input.areaName ?? null},
        ${input.patrolRoute ? JSON.stringify(input.patrolRoute) : null}::jsonb, ${input.note ?? null},
        ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
      RETURNING id`);
    await writeCrew(tx, row!.id, input.members, input.vehicleIds);
    await touchPlan(tx, planId, now);
    const [after] = await loadShifts(tx, [], [row!.id]);
    await logChange(tx, actor, plan, describeShiftChange(null, after), null, snapshotOf(after), now);
    await appendAudit(tx, actor, { unitId: plan.unitId, entityType: ENTITY, entityId: planId, action: 'shift_create', after: snapshotOf(after) });
  });
  return planDetail(db, user, planId, now);
}

/** Who checked in on the shift: they stay on it (their record refers to it). */
async function checkedInOfficers(tx: Executor, shiftId: string): Promise<Set<string>> {
  const rows = await queryRows<{ officerId: string }>(tx, sql`SELECT DISTINCT officer_id AS "officerId" FROM duty_checkins WHERE shift_id = ${shiftId}`);
  return new Set(rows.map((r) => r.officerId));
}

export async function updateShift(db: Database, user: AuthUser, actor: Actor, shiftId: string, input: ShiftInput, now: Date): Promise<PlanDetail> {
  const planId = await db.transaction(async (tx) => {
    const { plan, shift: before } = await shiftInScope(tx, user, shiftId);
    if (new Date(before.endsAt).getTime() <= now.getTime()) throw conflict(`班次“${before.name}”已结束，不能修改`);
    const present = await checkedInOfficers(tx, shiftId);
    const kept = new Set(input.members.map((m) => m.officerId));
    const removed = before.members.filter((m) => present.has(m.officerId) && !kept.has(m.officerId));
    if (removed.length) {
      throw conflict(`${removed.map((m) => m.name).join('、')}已签到，不能从班次中移除`, removed.map(() => ({ field: 'members', message: '已签到的人员不能移除' })));
    }
    const span = await checkShift(tx, plan, input, shiftId, now);
    await tx.execute(sql`
      UPDATE duty_shifts SET name = ${input.name}, starts_at = ${span.startsAt.toISOString()}::timestamptz, ends_at = ${span.endsAt.toISOString()}::timestamptz,
        area = ${input.area ? JSON.stringify(input.area) : null}::jsonb, area_name = ${input.areaName ?? null},
        patrol_route = ${input.patrolRoute ? JSON.stringify(input.patrolRoute) : null}::jsonb, note = ${input.note ?? null},
        updated_at = ${now.toISOString()}::timestamptz
      WHERE id = ${shiftId}`);
    await writeCrew(tx, shiftId, input.members, input.vehicleIds);
    const [after] = await loadShifts(tx, [], [shiftId]);
    const b = snapshotOf(before);
    const a = snapshotOf(after);
    if (JSON.stringify(b) === JSON.stringify(a)) return plan.id;
    await touchPlan(tx, plan.id, now);
    await logChange(tx, actor, plan, describeShiftChange(before, after), b, a, now);
    await appendAudit(tx, actor, { unitId: plan.unitId, entityType: ENTITY, entityId: plan.id, action: 'shift_update', before: b, after: a });
    return plan.id;
  });
  return planDetail(db, user, planId, now);
}

export async function deleteShift(db: Database, user: AuthUser, actor: Actor, shiftId: string, now: Date): Promise<PlanDetail> {
  const planId = await db.transaction(async (tx) => {
    const { plan, shift } = await shiftInScope(tx, user, shiftId);
    if (plan.status === 'published' && new Date(shift.endsAt).getTime() <= now.getTime()) throw conflict(`班次“${shift.name}”已结束，不能删除`);
    const used = await queryOne<{ checkins: number; logs: number }>(tx, sql`
      SELECT (SELECT count(*)::int FROM duty_checkins WHERE shift_id = ${shiftId}) AS checkins,
        (SELECT count(*)::int FROM duty_log_entries WHERE shift_id = ${shiftId}) AS logs`);
    if (used!.checkins > 0 || used!.logs > 0) throw conflict(`班次“${shift.name}”已有签到或勤务日志，不能删除`);
    await tx.execute(sql`DELETE FROM duty_shift_members WHERE shift_id = ${shiftId}`);
    await tx.execute(sql`DELETE FROM duty_shift_vehicles WHERE shift_id = ${shiftId}`);
    await tx.execute(sql`DELETE FROM duty_shifts WHERE id = ${shiftId}`);
    await touchPlan(tx, plan.id, now);
    await logChange(tx, actor, plan, describeShiftChange(shift, null), snapshotOf(shift), null, now);
    await appendAudit(tx, actor, { unitId: plan.unitId, entityType: ENTITY, entityId: plan.id, action: 'shift_delete', before: snapshotOf(shift), after: null });
    return plan.id;
  });
  return planDetail(db, user, planId, now);
}
