// The wording and figures of the 考核验收 score views, checked against scores the domain computes from the default rubric.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC, scoreTier, type IndicatorOutcome, type RubricTier } from '@cg/domain';
import { barsOption, trendOption } from './score-charts';
import {
  basisTag, chartBars, dashboardSummary, DEFAULT_PASS_LINES, fmtIndicatorValue, fmtPercent, fmtPoints, fmtRatio, fmtValueVsTarget, isAppLink,
  shortOfLine, tierStatus, type DashboardLikeRow,
} from './score-format';

const tier = (t: RubricTier['tier']) => DEFAULT_RUBRIC.tiers.find((x) => x.tier === t)!;

describe('number formats', () => {
  it('points keep at most two decimals', () => {
    expect(fmtPoints(7.5)).toBe('7.5');
    expect(fmtPoints(12.3333)).toBe('12.33');
    expect(fmtPoints(80)).toBe('80');
    expect(fmtPoints(null)).toBe('—');
    expect(fmtPoints(Number.NaN)).toBe('—');
  });
  it('indicator values read by kind', () => {
    expect(fmtPercent(0.8333)).toBe('83.3%');
    expect(fmtIndicatorValue(0.5, 'personnel.accuracy')).toBe('50%');
    expect(fmtIndicatorValue(1, 'infra.command_room')).toBe('是');
    expect(fmtIndicatorValue(0, 'infra.command_room')).toBe('否');
    expect(fmtIndicatorValue(0.5, 'infra.network_links')).toBe('50%');
    expect(fmtIndicatorValue(3, 'ledger.overdue')).toBe('3');
    expect(fmtIndicatorValue(null, 'ledger.overdue')).toBe('—');
  });
  it('value against target shows the direction', () => {
    expect(fmtValueVsTarget({ value: 0.9, target: 1, indicatorId: 'personnel.accuracy' })).toBe('90% / 目标 ≥100%');
    expect(fmtValueVsTarget({ value: 0.1, target: 0.05, indicatorId: 'complaints.reopen_return' })).toBe('10% / 目标 ≤5%');
    expect(fmtValueVsTarget({ value: 2, target: 0, indicatorId: 'ledger.overdue' })).toBe('2 / 目标 ≤0');
    expect(fmtValueVsTarget({ value: 0, target: 1, indicatorId: 'infra.command_room' })).toBe('否 / 目标 是');
    expect(fmtValueVsTarget({ value: null, target: 1, indicatorId: 'cases.quality' })).toBe('目标 ≥100%');
    expect(fmtValueVsTarget({ value: null, target: null, indicatorId: null })).toBe('—');
    expect(fmtRatio({ numerator: 12, denominator: 15 })).toBe('12 / 15');
    expect(fmtRatio({ numerator: null, denominator: null })).toBeNull();
  });
  it('a fallback reads as a missing module only when the module is missing', () => {
    expect(basisTag('fallback', 'cases.quality').label).toBe('模块未接入');
    expect(basisTag('fallback', 'complaints.on_time').label).toBe('暂无数据');
    expect(basisTag('pending', null)).toMatchObject({ label: '待现场检查', color: 'gold' });
    expect(basisTag('override', 'personnel.accuracy').label).toBe('现场改判');
  });
  it('only in-app paths go through the router', () => {
    expect(isAppLink('/equipment/1')).toBe(true);
    expect(isAppLink('/api/files/1')).toBe(false);
    expect(isAppLink('//evil.example')).toBe(false);
    expect(isAppLink('https://example.com')).toBe(false);
  });
});

describe('tier standing', () => {
  const base = { passLine: 80, requirementMet: null };
  it('passed, possible after the on-site check, failed, blocked by the prerequisite', () => {
    expect(tierStatus({ ...base, passed: true, points: 81, bestCase: 90 }).standing).toBe('passed');
    expect(tierStatus({ ...base, passed: false, points: 70, bestCase: 85 })).toMatchObject({ standing: 'possible', label: '待现场检查' });
    expect(tierStatus({ ...base, passed: false, points: 70, bestCase: 75 })).toMatchObject({ standing: 'failed', label: '未达标' });
    expect(tierStatus({ passLine: 85, requirementMet: false, passed: false, points: 90, bestCase: 95 }).standing).toBe('blocked');
    expect(shortOfLine({ points: 72.25, passLine: 80 })).toBe(7.75);
    expect(shortOfLine({ points: 90, passLine: 80 })).toBe(0);
  });
  it('a squadron with no data and no findings fails but could still pass on site when on-site points suffice', () => {
    const s = scoreTier(tier('standard'), new Map<string, IndicatorOutcome>(), new Map());
    expect(s.points).toBe(0);
    expect(s.pendingPoints).toBe(100);
    expect(tierStatus(s).standing).toBe('possible');
  });
  it('pass lines of the default rubric', () => {
    expect(DEFAULT_PASS_LINES).toEqual({ standard: 80, demonstration: 85 });
  });
});

describe('dashboard figures', () => {
  const row = (unitName: string, districtName: string | null, standardPoints: number, demonstrationPoints: number | null): DashboardLikeRow => ({
    unitName, districtName, standardPoints, standardPassed: standardPoints >= 80, demonstrationPoints,
    demonstrationPassed: demonstrationPoints === null ? null : standardPoints >= 80 && demonstrationPoints >= 85,
  });
  const rows = [row('甲中队', '黄浦区', 90, 88), row('乙中队', '黄浦区', 70, 60), row('丙中队', '静安区', 82, null)];

  it('counts passes and averages', () => {
    expect(dashboardSummary(rows)).toEqual({ squadrons: 3, standardPassed: 2, demonstrationPassed: 1, averageStandard: 80.67 });
    expect(dashboardSummary([])).toEqual({ squadrons: 0, standardPassed: 0, demonstrationPassed: 0, averageStandard: null });
  });
  it('one bar per squadron, best first, while few', () => {
    const bars = chartBars(rows);
    expect(bars.mode).toBe('squadron');
    expect(bars.names).toEqual(['甲中队', '丙中队', '乙中队']);
    expect(bars.demonstration).toEqual([88, 0, 60]);
  });
  it('district averages past the limit', () => {
    const bars = chartBars(rows, 2);
    expect(bars).toEqual({ mode: 'district', names: ['静安区', '黄浦区'], standard: [82, 80], demonstration: [0, 74] });
  });
  it('stays per squadron when all are in one district', () => {
    expect(chartBars(rows.slice(0, 2), 1).mode).toBe('squadron');
  });
  it('chart options carry the series and pass lines', () => {
    const bar = barsOption(chartBars(rows), DEFAULT_PASS_LINES);
    expect(Array.isArray(bar.series) && bar.series.map((s) => s.name)).toEqual(['规范化达标', '示范']);
    const trend = trendOption([{ month: '2026-11', standard: 70, demonstration: 50 }], { standard: 80, demonstration: 85 });
    expect(trend.xAxis).toMatchObject({ data: ['2026-11'] });
    expect(JSON.stringify(trend.series)).toContain('"yAxis":85');
  });
});
