import { afterEach, describe, it, expect } from 'vitest';
import { quarterByNumber, quarterOf } from './quarter.ts';
import {
  SHANGHAI_UTC_OFFSET_MS, shanghaiDate, shanghaiMidnight, shanghaiParts, shanghaiStartOfDay, toDate, todayShanghai,
} from './shanghai-time.ts';

describe('shanghai time', () => {
  it('is UTC+8', () => expect(SHANGHAI_UTC_OFFSET_MS).toBe(28_800_000));

  it('shanghaiDate gives the calendar date in UTC+8, crossing midnight 8 hours before UTC', () => {
    expect(shanghaiDate(new Date('2026-03-31T15:59:59.999Z'))).toBe('2026-03-31');
    expect(shanghaiDate(new Date('2026-03-31T16:00:00.000Z'))).toBe('2026-04-01');
    expect(shanghaiDate('2026-04-01T00:30:00+08:00')).toBe('2026-04-01');
    expect(shanghaiDate('2026-03-31T12:00:00-05:00')).toBe('2026-04-01');
    expect(shanghaiDate(Date.UTC(2024, 1, 28, 16))).toBe('2024-02-29');
  });

  it('shanghaiParts reads the wall clock', () => {
    expect(shanghaiParts('2026-12-31T23:45:00Z')).toEqual({ year: 2027, month: 1, day: 1, hour: 7, minute: 45 });
  });

  it('todayShanghai uses the injected or the current time', () => {
    expect(todayShanghai(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
    expect(todayShanghai()).toBe(shanghaiDate(new Date()));
    expect(todayShanghai()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('shanghaiStartOfDay and shanghaiMidnight give 00:00 UTC+8 as an instant', () => {
    expect(shanghaiStartOfDay('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(shanghaiMidnight(2027, 1, 1).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    // Month 13 rolls into the next year, which quarterByNumber relies on for Q4's end.
    expect(shanghaiMidnight(2026, 13, 1).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(shanghaiMidnight(50, 1, 1).toISOString()).toBe('0049-12-31T16:00:00.000Z');
    expect(() => shanghaiStartOfDay('2026/10/01')).toThrow(RangeError);
  });

  it('toDate rejects values that are not instants and copies Dates', () => {
    expect(() => toDate('not a date')).toThrow(RangeError);
    expect(() => shanghaiDate(new Date(Number.NaN))).toThrow(RangeError);
    const d = new Date('2026-01-01T00:00:00Z');
    expect(toDate(d)).not.toBe(d);
    expect(toDate(d).getTime()).toBe(d.getTime());
  });

  describe('whatever the process time zone is', () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });
    it.each([
      ['America/Los_Angeles', 420],
      ['Pacific/Kiritimati', -840],
      ['UTC', 0],
      ['Asia/Shanghai', -480],
    ])('gives the same answers in %s', (tz, offsetMinutes) => {
      process.env.TZ = tz;
      // Proves the switch took effect, so the assertions below really run under that zone.
      expect(new Date('2026-03-31T16:00:00Z').getTimezoneOffset()).toBe(offsetMinutes);
      expect(shanghaiDate(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
      expect(quarterOf(new Date('2026-03-31T16:00:00Z')).label).toBe('2026年第2季度');
      expect(quarterOf(new Date('2026-03-31T15:59:59Z')).start.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    });
  });
});

describe('quarterOf', () => {
  it('describes the quarter with label and [start, end) in Shanghai time', () => {
    const q = quarterOf(new Date('2026-11-15T04:00:00Z'));
    expect(q).toEqual({
      year: 2026,
      quarter: 4,
      label: '2026年第4季度',
      start: new Date('2026-09-30T16:00:00.000Z'),
      end: new Date('2026-12-31T16:00:00.000Z'),
    });
  });

  it.each([
    ['2026-01-01T00:00:00+08:00', 2026, 1],
    ['2026-03-31T23:59:59.999+08:00', 2026, 1],
    ['2026-04-01T00:00:00+08:00', 2026, 2],
    ['2026-06-30T23:59:59+08:00', 2026, 2],
    ['2026-07-01T00:00:00+08:00', 2026, 3],
    ['2026-09-30T23:59:59+08:00', 2026, 3],
    ['2026-10-01T00:00:00+08:00', 2026, 4],
    ['2026-12-31T23:59:59.999+08:00', 2026, 4],
    ['2027-01-01T00:00:00+08:00', 2027, 1],
  ])('%s is in %i Q%i', (iso, year, quarter) => {
    const q = quarterOf(new Date(iso));
    expect(q.year).toBe(year);
    expect(q.quarter).toBe(quarter);
    expect(q.start.getTime()).toBeLessThanOrEqual(new Date(iso).getTime());
    expect(q.end.getTime()).toBeGreaterThan(new Date(iso).getTime());
  });

  it('puts 31 Dec 20:00 UTC into the next year, as Shanghai is already past midnight', () => {
    expect(quarterOf('2026-12-31T20:00:00Z').label).toBe('2027年第1季度');
  });

  it('makes consecutive quarters adjoin: one quarter ends where the next begins', () => {
    const q1 = quarterOf('2026-02-10T00:00:00Z');
    const q2 = quarterOf(q1.end);
    expect(q2.quarter).toBe(2);
    expect(q2.start.getTime()).toBe(q1.end.getTime());
    expect(quarterOf(new Date(q1.end.getTime() - 1)).quarter).toBe(1);
  });
});

describe('quarterByNumber', () => {
  it('builds each quarter of a year', () => {
    expect(quarterByNumber(2025, 1).start.toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(quarterByNumber(2025, 2).start.toISOString()).toBe('2025-03-31T16:00:00.000Z');
    expect(quarterByNumber(2025, 3).start.toISOString()).toBe('2025-06-30T16:00:00.000Z');
    expect(quarterByNumber(2025, 4).end.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(quarterByNumber(2025, 3).label).toBe('2025年第3季度');
  });
  it('rejects a quarter outside 1–4 or a fractional year', () => {
    expect(() => quarterByNumber(2025, 5 as 1)).toThrow(RangeError);
    expect(() => quarterByNumber(2025.5, 1)).toThrow(RangeError);
  });
});
