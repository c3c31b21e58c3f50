// 工作日历: which Shanghai calendar days are working days (weekends off, public holidays off, 调休 make-up days on) and
// the deadlines that follow from a time limit — in working days, working hours or natural hours — as 12345 and the
// 行政处罚法 count them. Pure: the calendar is data (the shipped year below, edited per year in the platform).
import { SHANGHAI_UTC_OFFSET_MS, shanghaiDate, shanghaiStartOfDay, toDate, type Instant } from './shanghai-time.ts';

export interface CalendarDay {
  /** 'YYYY-MM-DD' (Shanghai). */
  date: string;
  /** 'holiday': a day off that would otherwise be worked; 'workday': a weekend day worked instead (调休上班). */
  kind: 'holiday' | 'workday';
  /** 元旦, 春节 … */
  name: string;
}

export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
  names: ReadonlyMap<string, string>;
}

export function buildWorkCalendar(days: readonly CalendarDay[]): WorkCalendar {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  const names = new Map<string, string>();
  for (const d of days) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) throw new RangeError(`日期格式应为YYYY-MM-DD：${d.date}`);
    if (holidays.has(d.date) || workdays.has(d.date)) throw new RangeError(`日期重复：${d.date}`);
    (d.kind === 'holiday' ? holidays : workdays).add(d.date);
    names.set(d.date, d.name);
  }
  return { holidays, workdays, names };
}

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = shanghaiStartOfDay(from).getTime(); t <= shanghaiStartOfDay(to).getTime(); t += 86_400_000) out.push(shanghaiDate(t));
  return out;
}

const holidays = (name: string, from: string, to: string): CalendarDay[] => range(from, to).map((date) => ({ date, kind: 'holiday', name }));
const workday = (name: string, date: string): CalendarDay => ({ date, kind: 'workday', name: `${name}调休上班` });

/**
 * 2026 as announced by the 国务院办公厅 on 2025-11-04 (关于2026年部分节假日安排的通知): the days off, weekends included,
 * and the weekend days worked instead.
 */
export const CN_PUBLIC_HOLIDAYS_2026: readonly CalendarDay[] = [
  ...holidays('元旦', '2026-01-01', '2026-01-03'), workday('元旦', '2026-01-04'),
  ...holidays('春节', '2026-02-15', '2026-02-23'), workday('春节', '2026-02-14'), workday('春节', '2026-02-28'),
  ...holidays('清明节', '2026-04-04', '2026-04-06'),
  ...holidays('劳动节', '2026-05-01', '2026-05-05'), workday('劳动节', '2026-05-09'),
  ...holidays('端午节', '2026-06-19', '2026-06-21'),
  ...holidays('中秋节', '2026-09-25', '2026-09-27'),
  ...holidays('国庆节', '2026-10-01', '2026-10-07'), workday('国庆节', '2026-09-20'), workday('国庆节', '2026-10-10'),
];

/** Weekday of a Shanghai date, 0 = Sunday. */
function weekday(date: string): number {
  return new Date(shanghaiStartOfDay(date).getTime() + SHANGHAI_UTC_OFFSET_MS).getUTCDay();
}

export function isWorkingDay(date: string, calendar: WorkCalendar): boolean {
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const w = weekday(date);
  return w !== 0 && w !== 6;
}

const nextDate = (date: string) => shanghaiDate(shanghaiStartOfDay(date).getTime() + 86_400_000);

/** Office hours of a working day, minutes after midnight, in order. Default 09:00–12:00 and 13:00–17:00. */
export type OfficeHours = readonly (readonly [fromMinute: number, toMinute: number])[];
export const DEFAULT_OFFICE_HOURS: OfficeHours = [[9 * 60, 12 * 60], [13 * 60, 17 * 60]];

export type TimeLimitUnit = 'working_days' | 'working_hours' | 'natural_hours';
export interface TimeLimit {
  unit: TimeLimitUnit;
  amount: number;
}

export const TIME_LIMIT_UNIT_LABELS: Record<TimeLimitUnit, string> = {
  working_days: '个工作日', working_hours: '个工作小时', natural_hours: '个自然小时',
};

/**
 * The deadline of a time limit started at `from`:
 * - working days: the end (24:00) of the Nth working day after the day it started (the starting day does not count,
 *   as 12345 counts: a complaint received on Friday with 1 working day is due by Monday 24:00, or Tuesday when Monday
 *   is a holiday);
 * - working hours: N hours of office hours counted from `from` (time outside office hours and non-working days stand
 *   still);
 * - natural hours: N hours later, nights and holidays included.
 */
export function deadlineOf(from: Instant, limit: TimeLimit, calendar: WorkCalendar, officeHours: OfficeHours = DEFAULT_OFFICE_HOURS): Date {
  const start = toDate(from);
  if (!Number.isFinite(limit.amount) || limit.amount < 0) throw new RangeError(`时限须为非负数：${limit.amount}`);
  if (limit.unit === 'natural_hours') return new Date(start.getTime() + limit.amount * 3_600_000);
  if (limit.unit === 'working_days') {
    if (!Number.isInteger(limit.amount)) throw new RangeError(`工作日时限须为整数：${limit.amount}`);
    let date = shanghaiDate(start);
    let left = limit.amount;
    while (left > 0) {
      date = nextDate(date);
      if (isWorkingDay(date, calendar)) left -= 1;
    }
    return new Date(shanghaiStartOfDay(date).getTime() + 86_400_000);
  }
  return addWorkingMinutes(start, Math.round(limit.amount * 60), calendar, officeHours);
}

function addWorkingMinutes(start: Date, minutes: number, calendar: WorkCalendar, officeHours: OfficeHours): Date {
  let date = shanghaiDate(start);
  let cursor = start.getTime();
  let left = minutes;
  for (let guard = 0; guard < 3660; guard++) {
    if (isWorkingDay(date, calendar)) {
      const midnight = shanghaiStartOfDay(date).getTime();
      for (const [from, to] of officeHours) {
        const a = Math.max(cursor, midnight + from * 60_000);
        const b = midnight + to * 60_000;
        if (b <= a) continue;
        const available = (b - a) / 60_000;
        if (left <= available) return new Date(a + left * 60_000);
        left -= available;
        cursor = b;
      }
    }
    date = nextDate(date);
    cursor = shanghaiStartOfDay(date).getTime();
  }
  throw new RangeError('时限超出可计算范围（10年）');
}

/** Working days from one instant's date to another's (start day excluded, end day included); negative when overdue. */
export function workingDaysBetween(from: Instant, to: Instant, calendar: WorkCalendar): number {
  const a = shanghaiDate(from);
  const b = shanghaiDate(to);
  if (a === b) return 0;
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let n = 0;
  for (let d = nextDate(lo); d <= hi; d = nextDate(d)) if (isWorkingDay(d, calendar)) n += 1;
  return n * sign;
}
