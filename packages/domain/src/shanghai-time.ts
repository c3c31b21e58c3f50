// Calendar dates and quarters are judged in Shanghai time, whatever zone the server or browser runs in.
// China has had no daylight saving since 1991, so a fixed UTC+8 offset is exact for every date we handle.
export const SHANGHAI_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

/** An instant: a Date, an ISO 8601 timestamp string, or epoch milliseconds. */
export type Instant = Date | string | number;

/** Converts an instant to a Date; throws RangeError for values that do not name a real instant. */
export function toDate(value: Instant): Date {
  const d = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`无效的时间：${String(value)}`);
  return d;
}

/** The wall-clock fields in Shanghai, read from a Date shifted by +8 h and queried with the UTC getters. */
export function shanghaiParts(value: Instant): { year: number; month: number; day: number; hour: number; minute: number } {
  const shifted = new Date(toDate(value).getTime() + SHANGHAI_UTC_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

/** 'YYYY-MM-DD' of the instant's calendar date in Shanghai. */
export function shanghaiDate(value: Instant): string {
  const { year, month, day } = shanghaiParts(value);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Today's date in Shanghai; `now` is injectable for tests. */
export function todayShanghai(now: Instant = new Date()): string {
  return shanghaiDate(now);
}

/** The first instant (00:00 UTC+8) of a Shanghai calendar date given as 'YYYY-MM-DD'. */
export function shanghaiStartOfDay(isoDate: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`日期格式应为YYYY-MM-DD：${isoDate}`);
  return shanghaiMidnight(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** 00:00 Shanghai time of year/month/day (month 1–12; overflowing months or days roll over as Date.UTC does). */
export function shanghaiMidnight(year: number, month: number, day: number): Date {
  const d = new Date(0);
  // setUTCFullYear instead of Date.UTC so that years 0–99 are not mapped to 1900–1999.
  d.setUTCFullYear(year, month - 1, day);
  return new Date(d.getTime() - SHANGHAI_UTC_OFFSET_MS);
}
