// 勤务指标 page helpers: rate text, period rule, per-unit breakdown and chart data.
import { describe, expect, it } from 'vitest';
import type { DutyIndicators, IndicatorOfficerRecord, IndicatorPlanRecord, IndicatorShiftRecord } from '../../api/duty';
import { fmtRate, missingByUnit, periodProblem, thisMonth, unitBreakdown, unitChartOption } from './DutyIndicatorsModel';

const shift = (unitId: string, hasAppCheckin: boolean, i: number): IndicatorShiftRecord => ({
  shiftId: `s${unitId}${i}`, planId: 'p', planDate: '2026-12-01', unitId, unitName: `${unitId}中队`, name: '早班',
  startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-01T08:00:00Z', timeLabel: '08:00-16:00', members: 2,
  checkedIn: hasAppCheckin ? 1 : 0, outsideArea: 0, hasAppCheckin,
});
const officer = (unitId: string, active: boolean, i: number): IndicatorOfficerRecord => ({
  officerId: `o${unitId}${i}`, name: '张三', badgeNo: null, unitId, unitName: `${unitId}中队`,
  checkins: active ? 1 : 0, logEntries: 0, trackDays: 0, tasks: 0, complaints: 0, active,
});
const plan = (unitId: string, onTime: boolean): IndicatorPlanRecord => ({
  planId: `p${unitId}`, planDate: '2026-12-01', unitId, unitName: `${unitId}中队`, status: 'published', publishedAt: '2026-11-30T08:00:00Z',
  publishDeadline: '2026-11-30T09:00:00Z', timing: onTime ? 'on_time' : 'late', timingLabel: onTime ? '按时发布' : '逾期发布', onTime,
});

function indicators(): DutyIndicators {
  const ind = <R,>(label: string, records: R[]) => ({ label, numerator: 0, denominator: records.length, rate: null, records });
  return {
    unitId: 'x', unitName: '黄浦区', from: '2026-12-01', to: '2026-12-03', asOf: '2026-12-03T05:00:00Z',
    shiftCheckin: ind('APP签到勤务班次占比', [shift('A', true, 1), shift('A', false, 2), shift('B', true, 1)]),
    activeOfficers: ind('一人一档有记录的人员占比', [officer('A', true, 1), officer('B', false, 1)]),
    plansOnTime: { ...ind('勤务计划按时发布率', [plan('A', true)]), notYetDue: [], missing: { count: 0, records: [] } },
  };
}

describe('duty indicators page model', () => {
  it('shows a rate as a percentage, and says so when nothing can be counted', () => {
    expect(fmtRate(0.8333)).toBe('83.3%');
    expect(fmtRate(1)).toBe('100.0%');
    expect(fmtRate(0)).toBe('0.0%');
    expect(fmtRate(null)).toBe('无可统计记录');
  });

  it('defaults to this month and keeps the period to 93 days', () => {
    expect(thisMonth('2026-12-03')).toEqual(['2026-12-01', '2026-12-03']);
    expect(periodProblem('2026-09-01', '2026-12-02')).toBeNull(); // 93 days
    expect(periodProblem('2026-09-01', '2026-12-03')).toMatch(/93天/);
    expect(periodProblem('2026-12-03', '2026-12-01')).toMatch(/不能早于/);
  });

  it('recounts each figure per unit from its records', () => {
    const rows = unitBreakdown(indicators());
    expect(rows.map((r) => r.unitId)).toEqual(['A', 'B']);
    expect(rows[0]!.shiftCheckin).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(rows[0]!.plansOnTime).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(rows[1]!.activeOfficers).toEqual({ numerator: 0, denominator: 1, rate: 0 });
    expect(rows[1]!.plansOnTime.rate).toBeNull();
  });

  it('draws no bar (not a 0) where a unit has nothing to count', () => {
    const option = unitChartOption(unitBreakdown(indicators()));
    const series = option.series as { name: string; data: (number | string)[] }[];
    expect(series.map((s) => s.data)).toEqual([[50, 100], [100, 0], [100, '-']]);
  });
});

describe('missing plans', () => {
  it('groups squadron-days without a plan by squadron, dates in order', () => {
    expect(missingByUnit([
      { unitId: 'A', unitName: 'A中队', date: '2026-12-02' }, { unitId: 'B', unitName: 'B中队', date: '2026-12-01' },
      { unitId: 'A', unitName: 'A中队', date: '2026-12-01' },
    ])).toEqual([
      { unitId: 'A', unitName: 'A中队', dates: ['2026-12-01', '2026-12-02'] }, { unitId: 'B', unitName: 'B中队', dates: ['2026-12-01'] },
    ]);
  });
});
