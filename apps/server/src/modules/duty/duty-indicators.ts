// 勤务 indicators for a unit and period, each with the records behind it so a figure can be checked line by line:
//   APP签到班次占比   — shifts of published plans that have started, with at least one member's check-in from the app;
//   一人一档活跃人员占比 — officers on strength (在岗/借调) whose file has any activity in the period: a check-in, a duty log
//                     entry, a position report, a dispatch task received or a complaint step (being rostered is the
//                     planner's act, not the officer's, and does not count);
//   勤务计划按时发布率 — plans due (deadline passed, or published) published by 17:00 the day before. Squadron-days
//                     without any plan are listed apart (`missing`), not counted as plans.
import {
  ACTIVE_OFFICER_STATUSES, dateRangeProblem, datesOf, dutyRate, publishDeadlineOf, publishTimingOf, PUBLISH_TIMING_LABELS, shanghaiDate,
  shanghaiStartOfDay, plusDays, shiftTimeLabel, SQUADRON_KINDS, type PublishTiming,
} from '@cg/domain';
import { queryRows, sql, type Executor, type SQL } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { invalid } from '../../core/errors.ts';
import { iso } from '../tracking/tracking.service.ts';
import { getUnitInScope } from '../units/units.service.ts';

export const MAX_INDICATOR_DAYS = 93;

export interface Indicator<R> { label: string; numerator: number; denominator: number; rate: number | null; records: R[] }

export interface ShiftRecord {
  shiftId: string; planId: string; planDate: string; unitId: string; unitName: string; name: string; startsAt: string; endsAt: string;
  timeLabel: string; members: number; checkedIn: number; outsideArea: number; hasAppCheckin: boolean;
}
export interface OfficerRecord {
  officerId: string; name: string; badgeNo: string | null; unitId: string; unitName: string;
  checkins: number; logEntries: number; trackDays: number; tasks: number; complaints: number; active: boolean;
}
export interface PlanRecord {
  planId: string; planDate: string; unitId: string; unitName: string; status: string; publishedAt: string | null;
  publishDeadline: string; timing: PublishTiming; timingLabel: string; onTime: boolean;
}

/**
 * `maxDays`: the route's limit; the annual evaluation asks for a whole year. `officerRecords`: at most this many active
 * and this many inactive officers are listed (the evaluation keeps a capped list; the page shows everyone).
 */
export async function dutyIndicators(
  db: Executor, user: AuthUser, q: { unitId?: string; from?: string; to?: string }, now: Date, maxDays = MAX_INDICATOR_DAYS,
  options: { officerRecords?: number } = {},
) {
  const today = shanghaiDate(now);
  const to = q.to ?? today;
  const from = q.from ?? `${to.slice(0, 8)}01`;
  const problem = dateRangeProblem(from, to, maxDays);
  if (problem) throw invalid([{ field: 'to', message: problem }]);
  const unit = await getUnitInScope(db, user, q.unitId ?? user.unitId);
  const like = unit.path + '%';
  const start = shanghaiStartOfDay(from).toISOString();
  const end = shanghaiStartOfDay(plusDays(to, 1)).toISOString();
  const nowIso = now.toISOString();

  const shiftRows = await queryRows<Omit<ShiftRecord, 'startsAt' | 'endsAt' | 'timeLabel' | 'hasAppCheckin'> & { startsAt: Date | string; endsAt: Date | string }>(db, sql`
    SELECT s.id AS "shiftId", p.id AS "planId", p.plan_date::text AS "planDate", u.id AS "unitId", u.name AS "unitName", s.name,
      s.starts_at AS "startsAt", s.ends_at AS "endsAt",
      (SELECT count(*)::int FROM duty_shift_members m WHERE m.shift_id = s.id) AS members,
      (SELECT count(DISTINCT c.officer_id)::int FROM duty_checkins c WHERE c.shift_id = s.id AND c.kind = 'in') AS "checkedIn",
      (SELECT count(*)::int FROM duty_checkins c WHERE c.shift_id = s.id AND NOT c.inside_area) AS "outsideArea"
    FROM duty_shifts s JOIN duty_plans p ON p.id = s.plan_id JOIN units u ON u.id = p.unit_id
    WHERE u.path LIKE ${like} AND p.status = 'published' AND p.plan_date BETWEEN ${from}::date AND ${to}::date
      AND s.starts_at <= ${nowIso}::timestamptz
    ORDER BY s.starts_at, u.path, s.name`);
  const shifts: ShiftRecord[] = shiftRows.map((r) => ({
    ...r, startsAt: iso(r.startsAt), endsAt: iso(r.endsAt), timeLabel: shiftTimeLabel(r), hasAppCheckin: r.checkedIn > 0,
  }));

  // One query: each active officer's activity counts, summed per officer in PostgreSQL (a squadron has ~1,000 officers).
  // The dispatch and complaint tables are read directly, read-only (their modules expose no per-officer counts).
  const inScope = sql`(SELECT o.id FROM officers o JOIN units u ON u.id = o.unit_id WHERE u.path LIKE ${like})`;
  const counts = (query: SQL) => sql`LEFT JOIN (${query}) AS`;
  const officerRows = await queryRows<OfficerRecord & { total: number; path: string; n: string }>(db, sql`
    SELECT * FROM (
      SELECT r.*, count(*) OVER (PARTITION BY r.active)::int AS total,
        row_number() OVER (PARTITION BY r.active ORDER BY r.path, r.name, r."officerId") AS n
      FROM (
        SELECT o.id AS "officerId", o.name, o.badge_no AS "badgeNo", u.id AS "unitId", u.name AS "unitName", u.path,
          coalesce(c.n, 0)::int AS checkins, coalesce(l.n, 0)::int AS "logEntries", coalesce(t.n, 0)::int AS "trackDays",
          coalesce(a.n, 0)::int AS tasks, coalesce(e.n, 0)::int AS complaints,
          coalesce(c.n, 0) + coalesce(l.n, 0) + coalesce(t.n, 0) + coalesce(a.n, 0) + coalesce(e.n, 0) > 0 AS active
        FROM officers o JOIN units u ON u.id = o.unit_id
        ${counts(sql`SELECT officer_id AS id, count(*) AS n FROM duty_checkins
          WHERE officer_id IN ${inScope} AND at >= ${start}::timestamptz AND at < ${end}::timestamptz GROUP BY officer_id`)} c ON c.id = o.id
        ${counts(sql`SELECT officer_id AS id, count(*) AS n FROM duty_log_entries
          WHERE officer_id IN ${inScope} AND at >= ${start}::timestamptz AND at < ${end}::timestamptz GROUP BY officer_id`)} l ON l.id = o.id
        ${counts(sql`SELECT source_id AS id, count(*) AS n FROM position_days
          WHERE source_kind = 'officer' AND source_id IN ${inScope} AND day BETWEEN ${from}::date AND ${to}::date GROUP BY source_id`)} t ON t.id = o.id
        ${counts(sql`SELECT officer_id AS id, count(*) AS n FROM dispatch_assignments
          WHERE officer_id IN ${inScope} AND received_at >= ${start}::timestamptz AND received_at < ${end}::timestamptz GROUP BY officer_id`)} a ON a.id = o.id
        ${counts(sql`SELECT us.officer_id AS id, count(DISTINCT e.complaint_id) AS n
          FROM complaint_events e JOIN users us ON us.id = e.actor_id
          WHERE us.officer_id IN ${inScope} AND e.at >= ${start}::timestamptz AND e.at < ${end}::timestamptz GROUP BY us.officer_id`)} e ON e.id = o.id
        WHERE u.path LIKE ${like} AND o.status IN (${sql.join(ACTIVE_OFFICER_STATUSES.map((s) => sql`${s}`), sql`, `)})
      ) r
    ) x ${options.officerRecords === undefined ? sql`` : sql`WHERE n <= ${options.officerRecords}`}
    ORDER BY path, name, "officerId"`);
  const officerRecords: OfficerRecord[] = officerRows.map(({ total: _t, path: _p, n: _n, ...r }) => r);
  const officerTotal = (active: boolean) => officerRows.find((r) => r.active === active)?.total ?? 0;

  const planRows = await queryRows<{ planId: string; planDate: string; unitId: string; unitName: string; status: string; publishedAt: Date | string | null }>(db, sql`
    SELECT p.id AS "planId", p.plan_date::text AS "planDate", u.id AS "unitId", u.name AS "unitName", p.status, p.published_at AS "publishedAt"
    FROM duty_plans p JOIN units u ON u.id = p.unit_id
    WHERE u.path LIKE ${like} AND p.plan_date BETWEEN ${from}::date AND ${to}::date
    ORDER BY p.plan_date, u.path`);
  const plans: PlanRecord[] = planRows.map((p) => {
    const publishedAt = p.publishedAt ? iso(p.publishedAt) : null;
    const timing = publishTimingOf(p.planDate, publishedAt, now);
    return {
      ...p, publishedAt, publishDeadline: publishDeadlineOf(p.planDate).toISOString(), timing, timingLabel: PUBLISH_TIMING_LABELS[timing],
      onTime: timing === 'on_time',
    };
  });
  const duePlans = plans.filter((p) => p.timing !== 'not_due');
  const squadrons = await queryRows<{ unitId: string; unitName: string }>(db, sql`
    SELECT id AS "unitId", name AS "unitName" FROM units
    WHERE path LIKE ${like} AND kind IN (${sql.join(SQUADRON_KINDS.map((k) => sql`${k}`), sql`, `)}) ORDER BY path`);
  const planned = new Set(plans.map((p) => `${p.unitId}|${p.planDate}`));
  const dueDates = datesOf(from, to).filter((d) => publishDeadlineOf(d).getTime() < now.getTime());
  const missing = dueDates.flatMap((date) => squadrons.filter((s) => !planned.has(`${s.unitId}|${date}`)).map((s) => ({ ...s, date })));

  const withApp = shifts.filter((s) => s.hasAppCheckin).length;
  const active = officerTotal(true);
  const officerCount = active + officerTotal(false);
  const onTime = duePlans.filter((p) => p.onTime).length;
  return {
    unitId: unit.id, unitName: unit.name, from, to, asOf: nowIso,
    shiftCheckin: {
      label: 'APP签到勤务班次占比', numerator: withApp, denominator: shifts.length, rate: dutyRate(withApp, shifts.length), records: shifts,
    } satisfies Indicator<ShiftRecord>,
    activeOfficers: {
      label: '一人一档有记录的人员占比', numerator: active, denominator: officerCount, rate: dutyRate(active, officerCount),
      records: officerRecords,
    } satisfies Indicator<OfficerRecord>,
    plansOnTime: {
      label: '勤务计划按时发布率', numerator: onTime, denominator: duePlans.length, rate: dutyRate(onTime, duePlans.length), records: duePlans,
      /** Draft plans whose deadline is still ahead: not counted yet. */
      notYetDue: plans.filter((p) => p.timing === 'not_due'),
      /** Squadron-days whose deadline has passed without any plan. */
      missing: { count: missing.length, records: missing },
    } satisfies Indicator<PlanRecord> & { notYetDue: PlanRecord[]; missing: unknown },
  };
}
