import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC } from './evaluation-default-rubric.ts';
import { criteriaOf, INDICATOR_MODULES, INDICATORS_BY_ID, rubricProblems, type RubricContent, type RubricCriterion, type RubricTier } from './evaluation-rubric.ts';
import {
  creditFor, gapList, packIndicators, scoreCriterion, scoreTier, unpackIndicators, type IndicatorOutcome, type IndicatorResult, type OnsiteFinding,
} from './evaluation-scoring.ts';

const clone = (r: RubricContent): RubricContent => structuredClone(r);
const standard = DEFAULT_RUBRIC.tiers.find((t) => t.tier === 'standard')!;
const demonstration = DEFAULT_RUBRIC.tiers.find((t) => t.tier === 'demonstration')!;
const def = (id: string) => INDICATORS_BY_ID.get(id)!;
const crit = (over: Partial<RubricCriterion>): RubricCriterion => ({
  code: 'X.1', text: '测试指标', weight: 4, source: 'data', indicatorId: 'kit.body_camera', scoring: 'linear', ...over,
});
const ok = (value: number, numerator?: number, denominator?: number): IndicatorOutcome => ({ available: true, value, numerator, denominator });

describe('default rubric', () => {
  it('is valid: categories sum to 100 per tier, items and criteria to their parents, every indicator known', () => {
    expect(rubricProblems(DEFAULT_RUBRIC)).toEqual([]);
  });

  it('follows the spec weights: 规范化达标 15/20/20/30/15 pass 80; 示范 20/35/35/10 pass 85 and needs 规范化达标', () => {
    expect(standard.categories.map((c) => [c.name, c.weight])).toEqual([['基础设施', 15], ['视频监控', 20], ['装备管理', 20], ['业务应用', 30], ['数据质量', 15]]);
    expect(standard.passLine).toBe(80);
    expect(demonstration.categories.map((c) => [c.name, c.weight])).toEqual([['基础设施', 20], ['装备管理', 35], ['系统应用', 35], ['制度建设', 10]]);
    expect(demonstration.passLine).toBe(85);
    expect(demonstration.requires).toBe('standard');
    expect(standard.categories.find((c) => c.name === '业务应用')!.items.map((i) => i.weight)).toEqual([5, 5, 5, 5, 5, 5]);
  });

  it('names every annex item: six business systems, 执法人员库 and 执法装备库', () => {
    const items = standard.categories.flatMap((c) => c.items.map((i) => i.name));
    for (const n of ['网络基础', '勤务指挥室', '内部监控', '重要业务用房', '执法车辆', '执法人员', '中队装备', '办案系统', '勤务系统', '督察系统',
      '考核系统', '诉件处置', '管执联动', '执法人员库', '执法装备库']) expect(items).toContain(n);
  });
});

describe('rubric validation', () => {
  it('refuses weights that do not sum, naming where', () => {
    const r = clone(DEFAULT_RUBRIC);
    r.tiers[0]!.categories[0]!.weight = 16;
    const problems = rubricProblems(r);
    expect(problems.map((p) => p.message)).toEqual(expect.arrayContaining([
      '规范化达标中队各类别分值合计101分，应为100分', '类别“基础设施”16分，其评估项目合计15分',
    ]));
    expect(problems.find((p) => p.message.includes('101分'))!.path).toBe('tiers.0.categories');
  });

  it('refuses a criterion sum that does not match its item', () => {
    const r = clone(DEFAULT_RUBRIC);
    r.tiers[0]!.categories[0]!.items[0]!.criteria[0]!.weight = 2.5;
    expect(rubricProblems(r)).toEqual([{ path: 'tiers.0.categories.0.items.0.criteria', message: '项目“网络基础”8分，其评估指标合计7.5分' }]);
  });

  it('refuses duplicate codes, unknown indicators, missing indicators on data criteria, bad bounds and pass lines', () => {
    const r = clone(DEFAULT_RUBRIC);
    const net = r.tiers[0]!.categories[0]!.items[0]!;
    net.criteria[1]!.code = net.criteria[0]!.code;
    net.criteria[2]!.indicatorId = 'no.such';
    r.tiers[0]!.categories[2]!.items[0]!.criteria[0]!.indicatorId = undefined;
    r.tiers[0]!.categories[2]!.items[0]!.criteria[1]!.floor = 1;
    r.tiers[1]!.passLine = 120;
    const messages = rubricProblems(r).map((p) => p.message);
    expect(messages).toEqual(expect.arrayContaining([
      '编号“S.INF.NET.1”重复', '数据指标“no.such”不存在', '指标“车辆行车记录仪配置数量”以平台数据计分，须指定数据指标', '起评值须低于目标值',
      '合格线须在0～100分之间',
    ]));
  });

  it('refuses a prerequisite tier that is missing', () => {
    const r = clone(DEFAULT_RUBRIC);
    r.tiers = [r.tiers[1]!];
    expect(rubricProblems(r).map((p) => p.message)).toContain('示范中队要求的前提等级“规范化达标中队”不在评分标准中');
  });
});

describe('credit', () => {
  it('is linear between floor and target, full at or above target, none at or below floor', () => {
    const c = crit({ target: 0.9, floor: 0.5 });
    expect(creditFor(c, def('kit.body_camera'), 0.95)).toBe(1);
    expect(creditFor(c, def('kit.body_camera'), 0.9)).toBe(1);
    expect(creditFor(c, def('kit.body_camera'), 0.7)).toBeCloseTo(0.5, 10);
    expect(creditFor(c, def('kit.body_camera'), 0.4)).toBe(0);
  });

  it('threshold gives all or nothing', () => {
    const c = crit({ scoring: 'threshold', indicatorId: 'infra.command_room' });
    expect(creditFor(c, def('infra.command_room'), 1)).toBe(1);
    expect(creditFor(c, def('infra.command_room'), 0.99)).toBe(0);
  });

  it('lower-is-better indicators: 0 overdue full credit, 5 or more none, linear between', () => {
    const c = crit({ indicatorId: 'ledger.overdue' });
    const d = def('ledger.overdue');
    expect(creditFor(c, d, 0)).toBe(1);
    expect(creditFor(c, d, 2)).toBeCloseTo(0.6, 10);
    expect(creditFor(c, d, 5)).toBe(0);
    expect(creditFor(c, d, 9)).toBe(0);
  });
});

describe('criterion scores', () => {
  const none = new Map<string, OnsiteFinding>();

  it('scores from data with the points one more record is worth and how many are missing', () => {
    const s = scoreCriterion(crit({ weight: 3 }), new Map([['kit.body_camera', ok(7 / 10, 7, 10)]]), undefined);
    expect(s).toMatchObject({ basis: 'data', credit: 0.7, points: 2.1, gain: 0.9, pointsPerFix: 0.3, fixesToFull: 3, target: 1, floor: 0 });
  });

  it('one more record raises the points by exactly pointsPerFix', () => {
    const c = crit({ weight: 3 });
    const before = scoreCriterion(c, new Map([['kit.body_camera', ok(7 / 12, 7, 12)]]), undefined);
    const after = scoreCriterion(c, new Map([['kit.body_camera', ok(8 / 12, 8, 12)]]), undefined);
    expect(after.points - before.points).toBeCloseTo(before.pointsPerFix!, 3);
  });

  it('lower-is-better counts: each fix worth weight / (floor − target)', () => {
    const s = scoreCriterion(crit({ indicatorId: 'ledger.overdue', weight: 1.5 }), new Map([['ledger.overdue', ok(2)]]), undefined);
    expect(s).toMatchObject({ credit: 0.6, points: 0.9, pointsPerFix: 0.3, fixesToFull: 2 });
  });

  it('an inspector override replaces the data credit; a confirm keeps it', () => {
    const values = new Map([['kit.body_camera', ok(1, 10, 10)]]);
    expect(scoreCriterion(crit({ source: 'both' }), values, { verdict: 'override', credit: 0.5, reason: '记录仪半数无法开机' }))
      .toMatchObject({ basis: 'override', points: 2, value: 1 });
    expect(scoreCriterion(crit({ source: 'both' }), values, { verdict: 'confirm' })).toMatchObject({ basis: 'confirmed', points: 4 });
  });

  it('a missing module says so and waits for the on-site check — never a silent zero presented as data', () => {
    const c = crit({ source: 'both', indicatorId: 'cases.quality', weight: 5 });
    const pending = scoreCriterion(c, new Map(), undefined);
    expect(pending).toMatchObject({ basis: 'fallback', credit: null, points: 0, unavailableReason: '办案系统尚未接入本平台', value: null });
    expect(scoreCriterion(c, new Map(), { verdict: 'override', credit: 0.8, reason: '抽查10件，8件完整' })).toMatchObject({ basis: 'fallback', points: 4 });
  });

  it('on-site criteria are pending until scored', () => {
    const c = crit({ source: 'onsite', indicatorId: undefined, weight: 5.5 });
    expect(scoreCriterion(c, new Map(), undefined)).toMatchObject({ basis: 'pending', credit: null, points: 0, gain: 5.5 });
    expect(scoreCriterion(c, new Map(), { verdict: 'override', credit: 1 })).toMatchObject({ basis: 'onsite', points: 5.5 });
    expect(none.size).toBe(0);
  });
});

/** Indicator values that meet every target of the default rubric (modules that do not exist report nothing). */
function perfect(): Map<string, IndicatorOutcome> {
  const m = new Map<string, IndicatorOutcome>();
  for (const t of DEFAULT_RUBRIC.tiers) {
    for (const { criterion } of criteriaOf(t)) {
      const d = criterion.indicatorId ? INDICATORS_BY_ID.get(criterion.indicatorId) : undefined;
      if (d && !INDICATOR_MODULES[d.module].planned) m.set(d.id, ok(d.direction === 'higher' ? (d.kind === 'count' ? 10 : 1) : 0, d.direction === 'higher' ? 10 : 0, 10));
    }
  }
  return m;
}

function allOnsite(tier: RubricTier, credit = 1): Map<string, OnsiteFinding> {
  const planned = (id?: string) => (id ? INDICATOR_MODULES[INDICATORS_BY_ID.get(id)!.module].planned : false);
  return new Map(criteriaOf(tier).filter(({ criterion }) => criterion.source === 'onsite' || planned(criterion.indicatorId)).map(({ criterion }) => [criterion.code, { verdict: 'override', credit, reason: '现场检查' }]));
}

describe('tier scores', () => {
  it('a squadron meeting every target with all on-site checks done scores 100 and passes', () => {
    const s = scoreTier(standard, perfect(), allOnsite(standard));
    expect(s).toMatchObject({ points: 100, pendingPoints: 0, passed: true, requirementMet: null });
    expect(s.categories.map((c) => c.points)).toEqual([15, 20, 20, 30, 15]);
  });

  it('criteria of modules that do not exist yet are pending: their points are reported, not silently lost', () => {
    const s = scoreTier(standard, perfect(), new Map());
    // 办案, 督察, 考核, 管执联动 (4 × 5) and the incident archive (2) wait for the on-site check.
    expect(s.pendingPoints).toBe(22);
    expect(s.points).toBe(78);
    expect(s.bestCase).toBe(100);
    expect(s.passed).toBe(false);
  });

  it('示范 cannot pass without passing 规范化达标 in the same round', () => {
    const findings = allOnsite(demonstration);
    expect(scoreTier(demonstration, perfect(), findings, false)).toMatchObject({ points: 100, passed: false, requirementMet: false });
    expect(scoreTier(demonstration, perfect(), findings, true)).toMatchObject({ passed: true, requirementMet: true });
  });

  it('an empty unit (nothing registered, no officers, nothing to measure) scores 0 with every data gap explained', () => {
    const empty = new Map<string, IndicatorOutcome>();
    for (const [id] of perfect()) {
      const d = INDICATORS_BY_ID.get(id)!;
      empty.set(id, d.kind === 'flag' ? ok(0) : { available: true, value: null, reason: '没有在岗队员' });
    }
    const s = scoreTier(standard, empty, new Map());
    expect(s.points).toBe(0);
    expect(s.passed).toBe(false);
    const all = s.categories.flatMap((c) => c.items.flatMap((i) => i.criteria));
    expect(all.find((c) => c.code === 'S.EQP.KIT.3')).toMatchObject({ basis: 'fallback', credit: null, unavailableReason: '没有在岗队员' });
    expect(all.find((c) => c.code === 'S.INF.CMD.1')).toMatchObject({ basis: 'data', credit: 0, value: 0 });
    expect(s.bestCase).toBe(100 - all.filter((c) => c.basis === 'data').reduce((a, c) => a + c.weight, 0));
  });
});

describe('gap list', () => {
  it('lists what is short, most valuable first, with per-fix points', () => {
    const values = perfect();
    values.set('kit.body_camera', ok(0.5, 5, 10));
    values.set('vehicles.dashcam', ok(0.75, 3, 4));
    const s = scoreTier(standard, values, allOnsite(standard));
    const gaps = gapList([s]);
    expect(gaps.map((g) => [g.criterionCode, g.gain])).toEqual([['S.EQP.KIT.3', 1.5], ['S.EQP.VEH.1', 0.5]]);
    expect(gaps[0]).toMatchObject({ pointsPerFix: 0.3, fixesToFull: 5, advice: '补齐5项即可得满分，每补齐1项约得0.3分' });
    expect(s.points).toBe(98);
  });

  it('puts pending on-site criteria on the list with their full points', () => {
    const gaps = gapList([scoreTier(standard, perfect(), new Map())]);
    expect(gaps.filter((g) => g.basis === 'fallback').map((g) => g.gain)).toEqual([5, 5, 5, 5, 2]);
    expect(gaps[0]!.advice).toContain('尚未接入本平台');
  });
});

describe('stored snapshot', () => {
  const officer = (id: string) => ({ id, label: `队员${id}`, link: `/officers/${id}` });
  const results: IndicatorResult[] = [
    { id: 'kit.radio', outcome: { available: true, value: 0.5, numerator: 1, denominator: 2 },
      records: [{ id: 'i1', label: 'EQ-1', detail: '对讲机', link: '/equipment/i1' }], gaps: [officer('o1'), officer('o2')], truncated: false },
    // Links that are not prefix + id, a record without a link, an empty list: kept as they are.
    { id: 'inventory.quarters', outcome: { available: true, value: 0 }, records: [],
      gaps: [{ id: '2026-1', label: '第1季度未完成清点', link: '/inventory' }, { id: '2026-2', label: '第2季度未完成清点', link: '/inventory' }], truncated: false },
    { id: 'dispatch.use', outcome: { available: true, value: null, reason: '无' }, records: [officer('o3'), { id: 'x', label: '无链接' }],
      gaps: [{ id: 'none', label: '没有派遣' }], truncated: true },
    { id: 'duty.active_officers', outcome: { available: false, reason: '模块未上线' }, records: [officer('o4')],
      gaps: [{ id: 'o5', label: '队员o5', link: '/officers/o5' }, { id: 'o6', label: '队员o6', link: '/duty/officers/o6' }], truncated: false },
  ];

  it('keeps a common link prefix once per list and gives every record back as it was', () => {
    const stored = packIndicators(results);
    expect(stored[0]).toMatchObject({ recordsLink: '/equipment/', gapsLink: '/officers/' });
    expect(stored[0]!.gaps.every((r) => r.link === undefined)).toBe(true);
    expect(stored[1]!.gapsLink).toBeUndefined();
    expect(stored[1]!.gaps[0]!.link).toBe('/inventory');
    expect(stored[2]!.recordsLink).toBeUndefined();
    expect(stored[3]).toMatchObject({ recordsLink: '/officers/' });
    expect(stored[3]!.gapsLink).toBeUndefined();
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(results).length);
    expect(unpackIndicators(JSON.parse(JSON.stringify(stored)))).toEqual(results);
  });

  it('reads snapshots stored before packing unchanged', () => {
    expect(unpackIndicators(results)).toEqual(results);
  });
});
