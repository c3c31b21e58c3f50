import { describe, expect, it } from 'vitest';
import {
  areaRingProblem, canDecideLeave, checkArea, checkinProblem, CHECKIN_EARLY_MINUTES, datesOf, daysBetween, distanceToEdgeM,
  DUTY_PUBLISH_CUTOFF, dutyRate, imageMimeOf, findOverlap, isPublishedOnTime, leaveBlocksShift, leaveDatesProblem, leaveDays, plusDays,
  publishDeadlineOf, publishTimingOf, routeLineProblem, shiftTimeLabel, shiftTimeProblem, spansOverlap, summarizeDutyPeriod,
  summarizeTrack, type LinearRing,
} from './index.ts';

const at = (s: string) => new Date(s);
const M_PER_DEG = (Math.PI * 6_371_008.8) / 180;

describe('dates', () => {
  it('adds days across months and years', () => {
    expect(plusDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(plusDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(plusDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-10-01', '2026-10-08')).toBe(7);
    expect(datesOf('2026-09-29', '2026-10-02')).toEqual(['2026-09-29', '2026-09-30', '2026-10-01', '2026-10-02']);
    expect(datesOf('2026-10-02', '2026-10-01')).toEqual([]);
    expect(datesOf('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    const leapYear = datesOf('2028-01-01', '2028-12-31');
    expect([leapYear.length, leapYear[0], leapYear.at(-1)]).toEqual([366, '2028-01-01', '2028-12-31']);
    expect(new Set(leapYear).size).toBe(366);
  });
});

describe('publication deadline', () => {
  it('is 17:00 Shanghai time the day before the plan date', () => {
    expect(DUTY_PUBLISH_CUTOFF).toEqual({ daysBefore: 1, hour: 17, minute: 0 });
    expect(publishDeadlineOf('2026-10-10').toISOString()).toBe('2026-10-09T09:00:00.000Z');
    expect(publishDeadlineOf('2026-03-01').toISOString()).toBe('2026-02-28T09:00:00.000Z');
  });
  it('counts a plan published by the deadline as on time, after it as late', () => {
    expect(isPublishedOnTime('2026-10-10', '2026-10-09T17:00:00+08:00')).toBe(true);
    expect(isPublishedOnTime('2026-10-10', '2026-10-09T17:00:01+08:00')).toBe(false);
    expect(isPublishedOnTime('2026-10-10', '2026-10-01T09:00:00+08:00')).toBe(true);
    expect(isPublishedOnTime('2026-10-10', null)).toBe(false);
  });
  it('tells an unpublished plan that is overdue from one not yet due', () => {
    expect(publishTimingOf('2026-10-10', null, '2026-10-09T16:59:00+08:00')).toBe('not_due');
    expect(publishTimingOf('2026-10-10', null, '2026-10-09T17:01:00+08:00')).toBe('overdue');
    expect(publishTimingOf('2026-10-10', '2026-10-10T07:00:00+08:00', '2026-10-10T08:00:00+08:00')).toBe('late');
    expect(publishTimingOf('2026-10-10', '2026-10-09T10:00:00+08:00', '2026-10-10T08:00:00+08:00')).toBe('on_time');
  });
});

describe('shifts', () => {
  const early = { startsAt: at('2026-10-10T08:00:00+08:00'), endsAt: at('2026-10-10T16:00:00+08:00') };
  const middle = { startsAt: at('2026-10-10T16:00:00+08:00'), endsAt: at('2026-10-11T00:00:00+08:00') };
  const overlapping = { startsAt: at('2026-10-10T15:00:00+08:00'), endsAt: at('2026-10-10T20:00:00+08:00') };

  it('overlap is half-open: hand-over at 16:00 is not a double booking', () => {
    expect(spansOverlap(early, middle)).toBe(false);
    expect(spansOverlap(early, overlapping)).toBe(true);
    expect(spansOverlap(overlapping, middle)).toBe(true);
    expect(findOverlap(overlapping, [middle, early])).toBe(middle);
    expect(findOverlap(early, [middle])).toBeUndefined();
  });
  it('a shift starts on its plan date, ends after it starts, lasts at most 24 h', () => {
    expect(shiftTimeProblem('2026-10-10', early)).toBeNull();
    expect(shiftTimeProblem('2026-10-10', middle)).toBeNull();
    expect(shiftTimeProblem('2026-10-11', early)).toEqual({ field: 'startsAt', message: '班次须在计划日期2026-10-11当天开始' });
    expect(shiftTimeProblem('2026-10-10', { startsAt: early.endsAt, endsAt: early.startsAt })?.field).toBe('endsAt');
    expect(shiftTimeProblem('2026-10-10', { startsAt: early.startsAt, endsAt: at('2026-10-11T08:00:01+08:00') })?.message).toMatch(/24小时/);
  });
  it('labels times in Shanghai time, marking the next day', () => {
    expect(shiftTimeLabel(early)).toBe('08:00–16:00');
    expect(shiftTimeLabel({ startsAt: at('2026-10-10T22:00:00+08:00'), endsAt: at('2026-10-11T06:00:00+08:00') })).toBe('22:00–次日06:00');
    expect(shiftTimeLabel(middle)).toBe('16:00–24:00');
  });
});

describe('leave', () => {
  const night = { startsAt: at('2026-10-09T22:00:00+08:00'), endsAt: at('2026-10-10T06:00:00+08:00') };
  it('blocks any shift touching one of its days', () => {
    expect(leaveBlocksShift({ fromDate: '2026-10-10', toDate: '2026-10-12' }, night)).toBe(true);
    expect(leaveBlocksShift({ fromDate: '2026-10-11', toDate: '2026-10-12' }, night)).toBe(false);
    expect(leaveBlocksShift({ fromDate: '2026-10-08', toDate: '2026-10-08' }, night)).toBe(false);
    // A shift starting at midnight after the last day of leave is free.
    expect(leaveBlocksShift({ fromDate: '2026-10-08', toDate: '2026-10-09' }, { startsAt: at('2026-10-10T00:00:00+08:00'), endsAt: at('2026-10-10T08:00:00+08:00') })).toBe(false);
  });
  it('checks the dates', () => {
    expect(leaveDatesProblem({ fromDate: '2026-10-10', toDate: '2026-10-10' })).toBeNull();
    expect(leaveDays({ fromDate: '2026-10-10', toDate: '2026-10-12' })).toBe(3);
    expect(leaveDatesProblem({ fromDate: '2026-10-10', toDate: '2026-10-09' })).toEqual({ field: 'toDate', message: '结束日期不能早于开始日期' });
    expect(leaveDatesProblem({ fromDate: '2026-02-30', toDate: '2026-03-01' })?.field).toBe('fromDate');
    expect(leaveDatesProblem({ fromDate: '2026-01-01', toDate: '2026-03-31' })?.message).toMatch(/60天/);
  });
  it('is decided by the squadron leader, not by the clerk or an officer', () => {
    expect(canDecideLeave('squadron_leader')).toBe(true);
    expect(canDecideLeave('city_admin')).toBe(true);
    expect(canDecideLeave('squadron_clerk')).toBe(false);
    expect(canDecideLeave('officer')).toBe(false);
    expect(canDecideLeave('district_admin')).toBe(false);
  });
});

describe('check-in window', () => {
  const shift = { startsAt: at('2026-10-10T08:00:00+08:00'), endsAt: at('2026-10-10T16:00:00+08:00') };
  const none = { checkedInAt: null, checkedOutAt: null };
  it(`opens ${CHECKIN_EARLY_MINUTES} minutes before the start and closes at the end`, () => {
    expect(checkinProblem('in', '2026-10-10T07:29:00+08:00', shift, none)).toMatch(/07:30/);
    expect(checkinProblem('in', '2026-10-10T07:30:00+08:00', shift, none)).toBeNull();
    expect(checkinProblem('in', '2026-10-10T15:59:00+08:00', shift, none)).toBeNull();
    expect(checkinProblem('in', '2026-10-10T16:01:00+08:00', shift, none)).toBe('班次已结束，不能签到');
    expect(checkinProblem('in', '2026-10-10T09:00:00+08:00', shift, { checkedInAt: '2026-10-10T07:55:00+08:00', checkedOutAt: null })).toBe('本班次已于07:55签到');
  });
  it('checks out only after checking in, once, until two hours after the end', () => {
    expect(checkinProblem('out', '2026-10-10T16:00:00+08:00', shift, none)).toBe('尚未签到，不能签退');
    const inAt = { checkedInAt: '2026-10-10T07:55:00+08:00', checkedOutAt: null };
    expect(checkinProblem('out', '2026-10-10T16:05:00+08:00', shift, inAt)).toBeNull();
    expect(checkinProblem('out', '2026-10-10T07:50:00+08:00', shift, inAt)).toBe('签退时间不能早于签到时间');
    expect(checkinProblem('out', '2026-10-10T18:01:00+08:00', shift, inAt)).toMatch(/超过2小时/);
    expect(checkinProblem('out', '2026-10-10T16:10:00+08:00', shift, { ...inAt, checkedOutAt: '2026-10-10T16:05:00+08:00' })).toBe('本班次已于16:05签退');
  });
});

describe('areas', () => {
  // A square of about 1 km around (121.48, 31.235).
  const d = 0.0045;
  const square: LinearRing = [[121.48 - d, 31.235 - d], [121.48 + d, 31.235 - d], [121.48 + d, 31.235 + d], [121.48 - d, 31.235 + d], [121.48 - d, 31.235 - d]];
  const north = (m: number) => ({ lon: 121.48, lat: 31.235 + d + m / M_PER_DEG });

  it('is inside with distance 0, or outside with the distance to the edge', () => {
    expect(checkArea({ lon: 121.48, lat: 31.235 }, square)).toEqual({ insideArea: true, distanceToAreaM: 0 });
    const far = checkArea(north(200), square);
    expect(far.insideArea).toBe(false);
    expect(far.distanceToAreaM).toBeCloseTo(200, 0);
    // From the centre the nearest edges are east and west: a degree of longitude is shorter than one of latitude.
    expect(distanceToEdgeM(121.48, 31.235, square)).toBeCloseTo(d * Math.cos((31.235 * Math.PI) / 180) * M_PER_DEG, 0);
  });
  it('tolerates GPS noise just outside the edge', () => {
    expect(checkArea(north(20), square)).toMatchObject({ insideArea: true });
    expect(checkArea(north(20), square).distanceToAreaM).toBeCloseTo(20, 0);
    expect(checkArea(north(45), square).insideArea).toBe(false);
  });
  it('works on a jurisdiction (MultiPolygon) and cannot flag without an area', () => {
    const multi = { type: 'MultiPolygon' as const, coordinates: [[square]] };
    expect(checkArea(north(200), multi).insideArea).toBe(false);
    expect(checkArea(north(200), null)).toEqual({ insideArea: true, distanceToAreaM: 0 });
  });
  it('validates a drawn area and a patrol route', () => {
    expect(areaRingProblem(square)).toBeNull();
    expect(areaRingProblem([[121.4, 31.2], [121.5, 31.2], [121.4, 31.2]])).toMatch(/至少需要4个坐标/);
    expect(areaRingProblem([[116.4, 39.9], [116.5, 39.9], [116.5, 40], [116.4, 39.9]])).toMatch(/上海市范围/);
    expect(areaRingProblem('x')).toMatch(/坐标数组/);
    expect(routeLineProblem([[121.47, 31.23], [121.48, 31.24]])).toBeNull();
    expect(routeLineProblem([[121.47, 31.23]])).toMatch(/至少需要2个/);
    expect(routeLineProblem([[121.47, 31.23], ['a', 31.2]])).toMatch(/第2个坐标/);
  });
});

describe('tracks and summaries', () => {
  it('sums the distance in time order, once per time, skipping GPS jumps', () => {
    const p = (min: number, northM: number) => ({ ts: new Date(Date.UTC(2026, 9, 10, 0, min)).toISOString(), lon: 121.48, lat: 31.23 + northM / M_PER_DEG });
    const s = summarizeTrack([p(2, 200), p(0, 0), p(1, 100), p(1, 100)]);
    expect(s).toEqual({ points: 3, distanceM: 200, firstAt: '2026-10-10T00:00:00.000Z', lastAt: '2026-10-10T00:02:00.000Z' });
    // 10 km in one minute is a jump, not a walk.
    expect(summarizeTrack([p(0, 0), p(1, 10_000), p(2, 10_100)]).distanceM).toBe(100);
    expect(summarizeTrack([])).toEqual({ points: 0, distanceM: 0, firstAt: null, lastAt: null });
  });

  it('summarises a period: rates over the shifts that have started', () => {
    const day = (d: number, h: number) => new Date(Date.UTC(2026, 9, d, h - 8));
    const summary = summarizeDutyPeriod({
      shifts: [
        { startsAt: day(8, 8), endsAt: day(8, 16), checkedInAt: day(8, 8), checkedOutAt: day(8, 15) },
        // Never checked out: counts to its end.
        { startsAt: day(9, 8), endsAt: day(9, 16), checkedInAt: day(9, 10), checkedOutAt: null },
        { startsAt: day(10, 8), endsAt: day(10, 16), checkedInAt: null, checkedOutAt: null },
        // Tomorrow: on the roster, not yet due.
        { startsAt: day(12, 8), endsAt: day(12, 16), checkedInAt: null, checkedOutAt: null },
      ],
      checkins: [{ insideArea: true }, { insideArea: false }, { insideArea: true }],
      logEntries: 4, tasks: 2, complaints: 1, leaveDays: 1, now: day(11, 12),
    });
    expect(summary).toEqual({
      shifts: 4, shiftsDue: 3, shiftsCheckedIn: 2, checkinRate: 0.6667, plannedHours: 32, hoursOnDuty: 13,
      outsideCheckins: 1, logEntries: 4, tasks: 2, complaints: 1, leaveDays: 1,
    });
    expect(dutyRate(0, 0)).toBeNull();
    expect(dutyRate(1, 3)).toBe(0.3333);
  });
});

describe('log photos', () => {
  it('recognises JPEG, PNG and WebP by their first bytes, nothing else', () => {
    expect(imageMimeOf(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(imageMimeOf(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(imageMimeOf(new TextEncoder().encode('RIFF\x24\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(imageMimeOf(new TextEncoder().encode('RIFF\x24\0\0\0WAVEfmt '))).toBeNull();
    expect(imageMimeOf(new TextEncoder().encode('%PDF-1.7'))).toBeNull();
    expect(imageMimeOf(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(imageMimeOf(new Uint8Array())).toBeNull();
  });
});
