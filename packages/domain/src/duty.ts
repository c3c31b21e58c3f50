// 勤务 rules: when a plan counts as published on time, shifts that may not overlap for one officer, leave that keeps an
// officer off the roster, the check-in/out window, whether a check-in lies in the shift's area (and how far outside),
// the length of a track, and the summaries of an officer's period (一人一档). Times are judged in Shanghai time.
import { distanceMeters } from './dispatch.ts';
import { pointInGeometry, validateJurisdictionGeometry, type GeoPosition, type JurisdictionGeometry, type LinearRing } from './geo.ts';
import { ROLE_PERMISSIONS, type Role } from './roles.ts';
import { shanghaiDate, shanghaiStartOfDay, toDate, type Instant } from './shanghai-time.ts';
import { isoDateProblem } from './validators.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export const DUTY_PLAN_STATUSES = ['draft', 'published'] as const;
export type DutyPlanStatus = (typeof DUTY_PLAN_STATUSES)[number];
export const DUTY_PLAN_STATUS_LABELS: Record<DutyPlanStatus, string> = { draft: '草稿', published: '已发布' };

export const DUTY_MEMBER_ROLES = ['leader', 'member'] as const;
export type DutyMemberRole = (typeof DUTY_MEMBER_ROLES)[number];
export const DUTY_MEMBER_ROLE_LABELS: Record<DutyMemberRole, string> = { leader: '带班', member: '队员' };

export const LEAVE_KINDS = ['事假', '病假', '年休假', '调休'] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];
export const LEAVE_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type LeaveStatus = (typeof LEAVE_STATUSES)[number];
export const LEAVE_STATUS_LABELS: Record<LeaveStatus, string> = { pending: '待审批', approved: '已批准', rejected: '未批准', cancelled: '已撤回' };
/** One request covers at most this many days. */
export const MAX_LEAVE_DAYS = 60;

export const CHECKIN_KINDS = ['in', 'out'] as const;
export type CheckinKind = (typeof CHECKIN_KINDS)[number];
export const CHECKIN_KIND_LABELS: Record<CheckinKind, string> = { in: '签到', out: '签退' };

/** Usual shift names offered by the planning form. */
export const DEFAULT_SHIFT_NAMES = ['早班', '中班', '晚班', '夜班'] as const;

// ---- dates -----------------------------------------------------------------------------------------------------

/** 'YYYY-MM-DD' plus n calendar days. */
export function plusDays(date: string, n: number): string {
  return shanghaiDate(shanghaiStartOfDay(date).getTime() + n * DAY_MS + 12 * HOUR_MS);
}

/** Calendar days from `from` to `to` (both 'YYYY-MM-DD'); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((shanghaiStartOfDay(to).getTime() - shanghaiStartOfDay(from).getTime()) / DAY_MS);
}

/** Every date of [from, to], inclusive. */
export function datesOf(from: string, to: string): string[] {
  const start = shanghaiStartOfDay(from).getTime() + 12 * HOUR_MS; // noon: clear of any day boundary
  const n = daysBetween(from, to);
  return Array.from({ length: Math.max(0, n + 1) }, (_, i) => shanghaiDate(start + i * DAY_MS));
}

/** A from/to date range: both real dates, in order, at most `maxDays` long. */
export function dateRangeProblem(from: string, to: string, maxDays: number): string | null {
  const p = isoDateProblem(from, '开始日期') ?? isoDateProblem(to, '结束日期');
  if (p) return p;
  if (to < from) return '结束日期不能早于开始日期';
  if (daysBetween(from, to) + 1 > maxDays) return `日期范围不能超过${maxDays}天`;
  return null;
}

// ---- publication -----------------------------------------------------------------------------------------------

/**
 * 勤务计划 must be published in advance: by 17:00 Shanghai time on the day before the plan date, so officers know the
 * next day's roster before they go home.
 */
export const DUTY_PUBLISH_CUTOFF = { daysBefore: 1, hour: 17, minute: 0 } as const;

/** The last instant at which a plan for `planDate` counts as published on time. */
export function publishDeadlineOf(planDate: string): Date {
  const c = DUTY_PUBLISH_CUTOFF;
  return new Date(shanghaiStartOfDay(planDate).getTime() - c.daysBefore * DAY_MS + c.hour * HOUR_MS + c.minute * MINUTE_MS);
}

export function isPublishedOnTime(planDate: string, publishedAt: Instant | null): boolean {
  return publishedAt !== null && toDate(publishedAt).getTime() <= publishDeadlineOf(planDate).getTime();
}

export type PublishTiming = 'on_time' | 'late' | 'overdue' | 'not_due';
export const PUBLISH_TIMING_LABELS: Record<PublishTiming, string> = {
  on_time: '按时发布', late: '逾期发布', overdue: '逾期未发布', not_due: '未到发布时限',
};

/** How a plan stands against its deadline now: published on time or late, or not published (overdue or not yet due). */
export function publishTimingOf(planDate: string, publishedAt: Instant | null, now: Instant): PublishTiming {
  if (publishedAt !== null) return isPublishedOnTime(planDate, publishedAt) ? 'on_time' : 'late';
  return toDate(now).getTime() > publishDeadlineOf(planDate).getTime() ? 'overdue' : 'not_due';
}

// ---- shifts ----------------------------------------------------------------------------------------------------

export interface DutySpan {
  startsAt: Instant;
  endsAt: Instant;
}

export const MAX_SHIFT_HOURS = 24;

/** Half-open intervals: a shift ending at 16:00 and one starting at 16:00 do not overlap (hand-over). */
export function spansOverlap(a: DutySpan, b: DutySpan): boolean {
  return toDate(a.startsAt).getTime() < toDate(b.endsAt).getTime() && toDate(b.startsAt).getTime() < toDate(a.endsAt).getTime();
}

/** The first of `existing` that overlaps `candidate` (an officer must not be on two shifts at once). */
export function findOverlap<T extends DutySpan>(candidate: DutySpan, existing: readonly T[]): T | undefined {
  return existing.find((s) => spansOverlap(candidate, s));
}

/** A shift of the plan for `planDate`: starts on that Shanghai date, ends after it starts, lasts at most 24 hours. */
export function shiftTimeProblem(planDate: string, span: DutySpan): { field: 'startsAt' | 'endsAt'; message: string } | null {
  const start = toDate(span.startsAt);
  const end = toDate(span.endsAt);
  if (shanghaiDate(start) !== planDate) return { field: 'startsAt', message: `班次须在计划日期${planDate}当天开始` };
  if (end.getTime() <= start.getTime()) return { field: 'endsAt', message: '结束时间须晚于开始时间' };
  if (end.getTime() - start.getTime() > MAX_SHIFT_HOURS * HOUR_MS) return { field: 'endsAt', message: `班次不能超过${MAX_SHIFT_HOURS}小时` };
  return null;
}

/** 'HH:MM' in Shanghai time. */
export function shanghaiClock(value: Instant): string {
  const d = new Date(toDate(value).getTime() + 8 * HOUR_MS);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** '08:00–16:00', '16:00–24:00', '22:00–次日06:00'. */
export function shiftTimeLabel(span: DutySpan): string {
  const startDay = shanghaiDate(span.startsAt);
  const end = toDate(span.endsAt);
  if (end.getTime() === shanghaiStartOfDay(plusDays(startDay, 1)).getTime()) return `${shanghaiClock(span.startsAt)}–24:00`;
  const endsNextDay = shanghaiDate(end) !== startDay;
  return `${shanghaiClock(span.startsAt)}–${endsNextDay ? '次日' : ''}${shanghaiClock(end)}`;
}

// ---- leave -----------------------------------------------------------------------------------------------------

export interface LeaveDates {
  fromDate: string;
  toDate: string;
}

/** The instants a leave covers: from 00:00 of the first day to 24:00 of the last (Shanghai). */
export function leaveSpan(leave: LeaveDates): { startsAt: Date; endsAt: Date } {
  return { startsAt: shanghaiStartOfDay(leave.fromDate), endsAt: shanghaiStartOfDay(plusDays(leave.toDate, 1)) };
}

/** An officer on leave cannot be on a shift that touches any of the leave's days. */
export function leaveBlocksShift(leave: LeaveDates, shift: DutySpan): boolean {
  return spansOverlap(leaveSpan(leave), shift);
}

export function leaveDatesProblem(leave: LeaveDates): { field: 'fromDate' | 'toDate'; message: string } | null {
  const a = isoDateProblem(leave.fromDate, '开始日期');
  if (a) return { field: 'fromDate', message: a };
  const b = isoDateProblem(leave.toDate, '结束日期');
  if (b) return { field: 'toDate', message: b };
  if (leave.toDate < leave.fromDate) return { field: 'toDate', message: '结束日期不能早于开始日期' };
  if (daysBetween(leave.fromDate, leave.toDate) + 1 > MAX_LEAVE_DAYS) return { field: 'toDate', message: `一次请假不能超过${MAX_LEAVE_DAYS}天` };
  return null;
}

/** Days of leave, both ends counted. */
export const leaveDays = (leave: LeaveDates): number => daysBetween(leave.fromDate, leave.toDate) + 1;

/**
 * Who decides leave: the squadron leader (and the city administrator, who may do anything). A 内勤 plans the roster
 * but does not approve leave.
 */
export function canDecideLeave(role: Role): boolean {
  return ROLE_PERMISSIONS[role].includes('duty.plan') && role !== 'squadron_clerk';
}

// ---- check-in / check-out --------------------------------------------------------------------------------------

/** Check-in opens this long before the shift starts. */
export const CHECKIN_EARLY_MINUTES = 30;
/** Check-out stays open this long after the shift ends (a late hand-over, a forgotten tap). */
export const CHECKOUT_LATE_MINUTES = 120;

export interface CheckinState {
  checkedInAt: Instant | null;
  checkedOutAt: Instant | null;
}

/**
 * Whether a check-in or check-out at `at` is allowed: check-in from 30 minutes before the start to the end, once;
 * check-out after the check-in, until 2 hours after the end, once.
 */
export function checkinProblem(kind: CheckinKind, at: Instant, shift: DutySpan, state: CheckinState): string | null {
  const t = toDate(at).getTime();
  const start = toDate(shift.startsAt).getTime();
  const end = toDate(shift.endsAt).getTime();
  if (kind === 'in') {
    if (state.checkedInAt !== null) return `本班次已于${shanghaiClock(state.checkedInAt)}签到`;
    if (t < start - CHECKIN_EARLY_MINUTES * MINUTE_MS) return `签到时间未到：班次开始前${CHECKIN_EARLY_MINUTES}分钟（${shanghaiClock(start - CHECKIN_EARLY_MINUTES * MINUTE_MS)}）起可签到`;
    if (t > end) return '班次已结束，不能签到';
    return null;
  }
  if (state.checkedInAt === null) return '尚未签到，不能签退';
  if (state.checkedOutAt !== null) return `本班次已于${shanghaiClock(state.checkedOutAt)}签退`;
  if (t < toDate(state.checkedInAt).getTime()) return '签退时间不能早于签到时间';
  if (t > end + CHECKOUT_LATE_MINUTES * MINUTE_MS) return `班次结束已超过${CHECKOUT_LATE_MINUTES / 60}小时，不能签退`;
  return null;
}

// ---- areas -----------------------------------------------------------------------------------------------------

/** GPS noise: a check-in this close outside the area is not flagged. */
export const AREA_TOLERANCE_M = 30;
const M_PER_DEG = (Math.PI * 6_371_008.8) / 180;

/** A shift's own area: a closed ring of [lon, lat] in Shanghai (4 to 500 positions, non-zero area). */
export function areaRingProblem(ring: unknown): string | null {
  if (!Array.isArray(ring)) return '巡查区域应为坐标数组 [[经度, 纬度], …]';
  if (ring.length > 500) return '巡查区域不能超过500个坐标';
  const v = validateJurisdictionGeometry({ type: 'Polygon', coordinates: [ring] });
  if (!v.ok) return `巡查区域：${v.message.replace(/^外环/, '')}`;
  const outside = (ring as number[][]).findIndex(([lon, lat]) => !inShanghaiBox(lon, lat));
  if (outside >= 0) return `巡查区域第${outside + 1}个坐标不在上海市范围内`;
  return null;
}

/** A patrol route: 2 to 1000 positions [lon, lat] in Shanghai. */
export function routeLineProblem(line: unknown): string | null {
  if (!Array.isArray(line)) return '巡逻路线应为坐标数组 [[经度, 纬度], …]';
  if (line.length < 2) return '巡逻路线至少需要2个坐标';
  if (line.length > 1000) return '巡逻路线不能超过1000个坐标';
  for (const [i, p] of line.entries()) {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((c) => typeof c === 'number' && Number.isFinite(c))) {
      return `巡逻路线第${i + 1}个坐标应为[经度, 纬度]`;
    }
    if (!inShanghaiBox(p[0] as number, p[1] as number)) return `巡逻路线第${i + 1}个坐标不在上海市范围内`;
  }
  return null;
}

/** The box positions must fall in (the API's 上海市范围 checks); outside it a phone's fix is a GPS glitch. */
export function inShanghaiBox(lon: number, lat: number): boolean {
  return lon >= 120.8 && lon <= 122.2 && lat >= 30.6 && lat <= 31.9;
}

export type DutyArea = LinearRing | JurisdictionGeometry;

function geometryOf(area: DutyArea): JurisdictionGeometry {
  return Array.isArray(area) ? { type: 'Polygon', coordinates: [area] } : area;
}

/** Distance in metres from a point to the nearest edge of the geometry (a local planar projection around the point). */
export function distanceToEdgeM(lon: number, lat: number, area: DutyArea): number {
  const g = geometryOf(area);
  const kx = Math.cos((lat * Math.PI) / 180) * M_PER_DEG;
  const project = ([x, y]: GeoPosition): [number, number] => [(x - lon) * kx, (y - lat) * M_PER_DEG];
  let best = Infinity;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0; i < ring.length - 1; i++) {
        const [ax, ay] = project(ring[i]);
        const [bx, by] = project(ring[i + 1]);
        const dx = bx - ax;
        const dy = by - ay;
        const len2 = dx * dx + dy * dy;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
        best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
      }
    }
  }
  return best;
}

export interface AreaCheck {
  /** Inside the area, or outside by no more than AREA_TOLERANCE_M. */
  insideArea: boolean;
  /** 0 inside; otherwise metres to the area's edge (rounded to 0.1 m). */
  distanceToAreaM: number;
}

/** Where a check-in lies against its area. Without any area (no jurisdiction drawn) nothing can be flagged. */
export function checkArea(point: { lat: number; lon: number }, area: DutyArea | null, toleranceM = AREA_TOLERANCE_M): AreaCheck {
  if (!area) return { insideArea: true, distanceToAreaM: 0 };
  if (pointInGeometry(point.lon, point.lat, geometryOf(area))) return { insideArea: true, distanceToAreaM: 0 };
  const d = Math.round(distanceToEdgeM(point.lon, point.lat, area) * 10) / 10;
  return { insideArea: d <= toleranceM, distanceToAreaM: d };
}

// ---- tracks ----------------------------------------------------------------------------------------------------

/** A segment implying more than this is a GPS jump, not movement, and is left out of the distance. */
export const MAX_PLAUSIBLE_SPEED_KMH = 150;

export interface TrackPoint {
  ts: Instant;
  lat: number;
  lon: number;
}

export interface TrackSummary {
  points: number;
  distanceM: number;
  firstAt: string | null;
  lastAt: string | null;
}

/** Points (one per time, in time order) and distance walked or driven, skipping implausible jumps. */
export function summarizeTrack(points: readonly TrackPoint[]): TrackSummary {
  const byTs = new Map<number, TrackPoint>();
  for (const p of points) byTs.set(toDate(p.ts).getTime(), p);
  const sorted = [...byTs.entries()].sort((a, b) => a[0] - b[0]);
  let distance = 0;
  for (let i = 1; i < sorted.length; i++) {
    const [t0, a] = sorted[i - 1];
    const [t1, b] = sorted[i];
    const d = distanceMeters(a, b);
    const hours = (t1 - t0) / HOUR_MS;
    if (d / 1000 / hours <= MAX_PLAUSIBLE_SPEED_KMH) distance += d;
  }
  return {
    points: sorted.length,
    distanceM: Math.round(distance),
    firstAt: sorted.length ? new Date(sorted[0][0]).toISOString() : null,
    lastAt: sorted.length ? new Date(sorted[sorted.length - 1][0]).toISOString() : null,
  };
}

// ---- summaries -------------------------------------------------------------------------------------------------

/** n / d rounded to 4 decimals; null when there is nothing to count. */
export function dutyRate(n: number, d: number): number | null {
  return d === 0 ? null : Math.round((n / d) * 10_000) / 10_000;
}

export interface ShiftRecord extends DutySpan {
  checkedInAt: Instant | null;
  checkedOutAt: Instant | null;
}

export interface DutyPeriodInput {
  shifts: readonly ShiftRecord[];
  checkins: readonly { insideArea: boolean }[];
  logEntries: number;
  tasks: number;
  complaints: number;
  leaveDays: number;
  now: Instant;
}

export interface DutyPeriodSummary {
  /** Shifts on the roster in the period. */
  shifts: number;
  /** Of those, the ones that have started (the only ones that could have a check-in). */
  shiftsDue: number;
  shiftsCheckedIn: number;
  /** shiftsCheckedIn / shiftsDue. */
  checkinRate: number | null;
  /** Hours of the shifts on the roster. */
  plannedHours: number;
  /** Hours between check-in and check-out (a shift not checked out counts to its end, once it has ended). */
  hoursOnDuty: number;
  outsideCheckins: number;
  logEntries: number;
  tasks: number;
  complaints: number;
  leaveDays: number;
}

const hours = (ms: number) => Math.round((ms / HOUR_MS) * 100) / 100;

export function summarizeDutyPeriod(input: DutyPeriodInput): DutyPeriodSummary {
  const now = toDate(input.now).getTime();
  let planned = 0;
  let onDuty = 0;
  let due = 0;
  let checkedIn = 0;
  for (const s of input.shifts) {
    const start = toDate(s.startsAt).getTime();
    const end = toDate(s.endsAt).getTime();
    planned += end - start;
    if (start <= now) due += 1;
    if (s.checkedInAt === null) continue;
    checkedIn += 1;
    const from = toDate(s.checkedInAt).getTime();
    const to = s.checkedOutAt !== null ? toDate(s.checkedOutAt).getTime() : end <= now ? end : null;
    if (to !== null && to > from) onDuty += to - from;
  }
  return {
    shifts: input.shifts.length, shiftsDue: due, shiftsCheckedIn: checkedIn, checkinRate: dutyRate(checkedIn, due),
    plannedHours: hours(planned), hoursOnDuty: hours(onDuty),
    outsideCheckins: input.checkins.filter((c) => !c.insideArea).length,
    logEntries: input.logEntries, tasks: input.tasks, complaints: input.complaints, leaveDays: input.leaveDays,
  };
}

// ---- log photos ------------------------------------------------------------------------------------------------

export const DUTY_PHOTO_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type DutyPhotoMime = (typeof DUTY_PHOTO_MIME_TYPES)[number];
export const MAX_DUTY_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTOS_PER_LOG_ENTRY = 9;

/** The image type by its first bytes (what the file is, whatever its name or declared type says); null for anything else. */
export function imageMimeOf(bytes: Uint8Array): DutyPhotoMime | null {
  const starts = (sig: readonly number[], offset = 0) => bytes.length >= offset + sig.length && sig.every((b, i) => bytes[offset + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}
