import { describe, expect, it } from 'vitest';
import {
  buildWorkCalendar, CN_PUBLIC_HOLIDAYS_2026, deadlineOf, isWorkingDay, workingDaysBetween, type WorkCalendar,
} from './work-calendar.ts';

const cal: WorkCalendar = buildWorkCalendar(CN_PUBLIC_HOLIDAYS_2026);
/** A Shanghai wall-clock time as an instant. */
const sh = (isoLocal: string) => new Date(`${isoLocal}+08:00`);
const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('working days of 2026', () => {
  it('knows weekends, holidays and make-up workdays', () => {
    expect(isWorkingDay('2026-12-02', cal)).toBe(true); // Wednesday
    expect(isWorkingDay('2026-12-05', cal)).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-05', cal)).toBe(false); // 国庆 Monday
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // 国庆调休 Saturday
    expect(isWorkingDay('2026-09-20', cal)).toBe(true); // 国庆调休 Sunday
    expect(isWorkingDay('2026-02-23', cal)).toBe(false); // 春节 Monday
    expect(isWorkingDay('2026-02-14', cal)).toBe(true); // 春节调休 Saturday
    expect(isWorkingDay('2026-01-04', cal)).toBe(true); // 元旦调休 Sunday
  });
  it('ships every day of the announcement: 33 days off and 6 make-up days', () => {
    expect(cal.holidays.size).toBe(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(cal.workdays.size).toBe(6);
    expect(cal.names.get('2026-02-17')).toBe('春节');
  });
  it('refuses a malformed or repeated day', () => {
    expect(() => buildWorkCalendar([{ date: '2026-1-1', kind: 'holiday', name: 'x' }])).toThrow(RangeError);
    expect(() => buildWorkCalendar([
      { date: '2026-01-01', kind: 'holiday', name: 'x' }, { date: '2026-01-01', kind: 'workday', name: 'y' },
    ])).toThrow(/重复/);
  });
});

describe('deadlines in working days (the receiving day does not count; due at 24:00)', () => {
  it('over a plain weekend', () => {
    // Friday 16:00 + 1 working day → Monday 24:00.
    expect(local(deadlineOf(sh('2026-12-04T16:00'), { unit: 'working_days', amount: 1 }, cal))).toBe('2026-12-08 00:00');
    // Saturday + 1 → Monday 24:00 too.
    expect(local(deadlineOf(sh('2026-12-05T10:00'), { unit: 'working_days', amount: 1 }, cal))).toBe('2026-12-08 00:00');
    // Wednesday + 5 → next Wednesday 24:00.
    expect(local(deadlineOf(sh('2026-12-02T09:30'), { unit: 'working_days', amount: 5 }, cal))).toBe('2026-12-10 00:00');
  });
  it('across 国庆 with its make-up Saturday', () => {
    // Wednesday 30 Sep + 1 → the holiday runs to 7 Oct; Thursday 8 Oct is the first working day.
    expect(local(deadlineOf(sh('2026-09-30T11:00'), { unit: 'working_days', amount: 1 }, cal))).toBe('2026-10-09 00:00');
    // + 3: 8 Oct (Thu), 9 Oct (Fri), 10 Oct (Sat, 调休上班).
    expect(local(deadlineOf(sh('2026-09-30T11:00'), { unit: 'working_days', amount: 3 }, cal))).toBe('2026-10-11 00:00');
  });
  it('across 春节 (9 days off) with make-up Saturdays on both sides', () => {
    // Friday 13 Feb + 1 → Saturday 14 Feb is worked.
    expect(local(deadlineOf(sh('2026-02-13T15:00'), { unit: 'working_days', amount: 1 }, cal))).toBe('2026-02-15 00:00');
    // + 2 → after the holiday: Tuesday 24 Feb.
    expect(local(deadlineOf(sh('2026-02-13T15:00'), { unit: 'working_days', amount: 2 }, cal))).toBe('2026-02-25 00:00');
    // 15 working days from 13 Feb: 14 Feb, 24–28 Feb (28th 调休上班), 2–6 Mar, 9–12 Mar.
    expect(local(deadlineOf(sh('2026-02-13T15:00'), { unit: 'working_days', amount: 15 }, cal))).toBe('2026-03-13 00:00');
  });
  it('zero days is the end of the same day', () => {
    expect(local(deadlineOf(sh('2026-12-02T09:30'), { unit: 'working_days', amount: 0 }, cal))).toBe('2026-12-03 00:00');
  });
});

describe('deadlines in working hours (office hours 09:00–12:00, 13:00–17:00)', () => {
  it('stands still over lunch, nights and weekends', () => {
    expect(local(deadlineOf(sh('2026-12-02T10:00'), { unit: 'working_hours', amount: 2 }, cal))).toBe('2026-12-02 12:00');
    expect(local(deadlineOf(sh('2026-12-02T10:00'), { unit: 'working_hours', amount: 3 }, cal))).toBe('2026-12-02 14:00');
    expect(local(deadlineOf(sh('2026-12-04T16:00'), { unit: 'working_hours', amount: 2 }, cal))).toBe('2026-12-07 10:00');
    // Received at night: the clock starts at 09:00.
    expect(local(deadlineOf(sh('2026-12-02T20:00'), { unit: 'working_hours', amount: 1.5 }, cal))).toBe('2026-12-03 10:30');
  });
  it('skips a holiday and counts a make-up Sunday', () => {
    // Saturday 19 Sep 20:00 + 4 h: Sunday 20 Sep is worked (国庆调休).
    expect(local(deadlineOf(sh('2026-09-19T20:00'), { unit: 'working_hours', amount: 4 }, cal))).toBe('2026-09-20 14:00');
    // Wednesday 30 Sep 16:00 + 8 h → 1 h that day, then 8 Oct 09:00–12:00 and 13:00–17:00.
    expect(local(deadlineOf(sh('2026-09-30T16:00'), { unit: 'working_hours', amount: 8 }, cal))).toBe('2026-10-08 17:00');
  });
});

describe('natural hours and counting', () => {
  it('natural hours run through nights and holidays', () => {
    expect(local(deadlineOf(sh('2026-09-30T22:00'), { unit: 'natural_hours', amount: 24 }, cal))).toBe('2026-10-01 22:00');
  });
  it('refuses negative or fractional working days', () => {
    expect(() => deadlineOf(sh('2026-12-02T09:00'), { unit: 'working_days', amount: -1 }, cal)).toThrow(RangeError);
    expect(() => deadlineOf(sh('2026-12-02T09:00'), { unit: 'working_days', amount: 1.5 }, cal)).toThrow(RangeError);
  });
  it('counts working days between two instants, negative when past', () => {
    expect(workingDaysBetween(sh('2026-09-30T10:00'), sh('2026-10-10T10:00'), cal)).toBe(3);
    expect(workingDaysBetween(sh('2026-10-10T10:00'), sh('2026-09-30T10:00'), cal)).toBe(-3);
    expect(workingDaysBetween(sh('2026-12-02T08:00'), sh('2026-12-02T20:00'), cal)).toBe(0);
  });
});
