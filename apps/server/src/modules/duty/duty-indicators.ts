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
import { queryRows, sql, type Executor } from '@cg/db';
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

  // One query: each active officer's activity counts, summed per officer in PostgreSQL (a squadron has ~1,000 officers),
  // then the active and the inactive listed up to the cap (top-N, not a full sort) with how many there are of each.
  // The dispatch and complaint tables are read directly, read-only (their modules expose no per-officer counts).
  const limit = options.officerRecords ?? null; // LIMIT NULL: everyone
  const officerRows = await queryRows<OfficerRecord & { total: number }>(db, sql`
    WITH scope AS MATERIALIZED (
      SELECT o.id, o.name, o.badge_no, u.id AS unit_id, u.name AS unit_name, u.path
      FROM officers o JOIN units u ON u.id = o.unit_id
      WHERE u.path LIKE ${like} AND o.status IN (${sql.join(ACTIVE_OFFICER_STATUSES.map((s) => sql`${s}`), sql`, `)})),
    activity AS (
      SELECT id, sum(c)::int AS c, sum(l)::int AS l, sum(t)::int AS t, sum(a)::int AS a, sum(e)::int AS e FROM (
        SELECT x.officer_id AS id, count(*) AS c, 0 AS l, 0 AS t, 0 AS a, 0 AS e FROM duty_checkins x JOIN scope s ON s.id = x.officer_id
          WHERE x.at >= ${start}::timestamptz AND x.at < ${end}::timestamptz GROUP BY x.officer_id
        UNION ALL
        SELECT x.officer_id, 0, count(*), 0, 0, 0 FROM duty_log_entries x JOIN scope s ON s.id = x.officer_id
          WHERE x.at >= ${start}::timestamptz AND x.at < ${end}::timestamptz GROUP BY x.officer_id
        UNION ALL
        SELECT x.source_id, 0, 0, count(*), 0, 0 FROM position_days x JOIN scope s ON s.id = x.source_id
          WHERE x.source_kind = 'officer' AND x.day BETWEEN ${from}::date AND ${to}::date GROUP BY x.source_id
        UNION ALL
        SELECT x.officer_id, 0, 0, 0, count(*), 0 FROM dispatch_assignments x JOIN scope s ON s.id = x.officer_id
          WHERE x.received_at >= ${start}::timestamptz AND x.received_at < ${end}::timestamptz GROUP BY x.officer_id
        UNION ALL
        SELECT us.officer_id, 0, 0, 0, 0, count(DISTINCT e.complaint_id) FROM complaint_events e JOIN users us ON us.id = e.actor_id
          JOIN scope s ON s.id = us.officer_id
          WHERE e.at >= ${start}::timestamptz AND e.at < ${end}::timestamptz GROUP BY us.officer_id
      ) x GROUP BY id),
    r AS MATERIALIZED (
      SELECT s.id AS "officerId", s.name, s.badge_no AS "badgeNo", s.unit_id AS "unitId", s.unit_name AS "unitName", s.path,
        coalesce(a.c, 0) AS checkins, coalesce(a.l, 0) AS "logEntries", coalesce(a.t, 0) AS "trackDays",
        coalesce(a.a, 0) AS tasks, coalesce(a.e, 0) AS complaints, a.id IS NOT NULL AS active
      FROM scope s LEFT JOIN activity a ON a.id = s.id),
    listed AS (
      (SELECT * FROM r WHERE active ORDER BY path, name, "officerId" LIMIT ${limit})
      UNION ALL
      (SELECT * FROM r WHERE NOT active ORDER BY path, name, "officerId" LIMIT ${limit}))
    SELECT l."officerId", l.name, l."badgeNo", l."unitId", l."unitName", l.checkins, l."logEntries", l."trackDays", l.tasks,
      l.complaints, t.active, t.total
    FROM (SELECT active, count(*)::int AS total FROM r GROUP BY active) t LEFT JOIN listed l ON l.active = t.active
    ORDER BY l.path, l.name, l."officerId"`);
  // A group with none listed (LIMIT 0) still gives its total, on a row of NULLs.
  const officerRecords: OfficerRecord[] = officerRows.filter((r) => r.officerId !== null).map(({ total: _t, ...r }) => r);
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
