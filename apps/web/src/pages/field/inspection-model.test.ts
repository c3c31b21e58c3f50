// 现场检查 model: which criteria the inspector sees, what the platform proposes for each, and what is still to do.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC, scoreTier, type IndicatorOutcome, type OnsiteFinding } from '@cg/domain';
import type { FindingView } from '../../api/evaluation';
import { basisTag, filterCriteria, fmtValue, groupCriteria, inspectCriteria, progressOf, proposalOf } from './inspection-model';

const standard = DEFAULT_RUBRIC.tiers[0]!;
const indicators = new Map<string, IndicatorOutcome>([
  ['kit.handheld_terminal', { available: true, value: 0.8, numerator: 8, denominator: 10 }],
  ['infra.network_links', { available: true, value: 1 }],
  ['ledger.overdue', { available: true, value: 2 }],
  ['personnel.timeliness', { available: true, value: null, reason: '没有在岗人员' }],
]);
const finding = (code: string, more: Partial<FindingView> = {}): FindingView => ({
  id: `f-${code}`, criterionCode: code, verdict: 'override', credit: 0.5, reason: '现场抽查', inspectorName: '考核组', at: '2026-12-01T02:00:00Z',
  rowVersion: 1, photos: [], ...more,
});

function build(findings: FindingView[] = []) {
  const map = new Map<string, OnsiteFinding>(findings.map((f) => [f.criterionCode, { verdict: f.verdict, credit: f.credit ?? undefined, reason: f.reason ?? undefined }]));
  const tier = scoreTier(standard, indicators, map);
  return inspectCriteria([tier], DEFAULT_RUBRIC, findings);
}

describe('inspection-model', () => {
  it('shows on-site, both, and data criteria without data; hides measured data-only ones', () => {
    const list = filterCriteria(build(), 'onsite');
    const codes = list.map((c) => c.score.code);
    expect(codes).toContain('S.INF.NET.1'); // both, measured
    expect(codes).not.toContain('S.EQP.KIT.1'); // data, measured
    expect(codes).toContain('S.EQP.VEH.1'); // data, not computed → fallback
    expect(filterCriteria(build(), 'all').length).toBeGreaterThan(list.length);
  });

  it('a finding keeps a data criterion in view and counts as done', () => {
    const list = build([finding('S.EQP.KIT.1', { verdict: 'confirm', credit: null })]);
    expect(filterCriteria(list, 'onsite').some((c) => c.score.code === 'S.EQP.KIT.1')).toBe(true);
    expect(filterCriteria(list, 'todo').some((c) => c.score.code === 'S.EQP.KIT.1')).toBe(false);
  });

  it('proposes value vs target and the data points, also under an override', () => {
    const list = build([finding('S.EQP.KIT.1')]);
    const kit = list.find((c) => c.score.code === 'S.EQP.KIT.1')!;
    expect(kit.score.basis).toBe('override');
    expect(proposalOf(kit).data).toEqual({ value: '80%', target: '100%', ratio: '8/10', credit: 0.8, points: 2 });
    const cases = list.find((c) => c.score.indicatorId === 'video.incident_archive')!;
    expect(proposalOf(cases)).toEqual({ data: null, missing: expect.stringContaining('平台暂无数据：模块未接入') });
    const veh = list.find((c) => c.score.code === 'S.EQP.VEH.1')!;
    expect(proposalOf(veh).missing).toContain('无可统计记录');
  });

  it('counts what is pending and overrides without photo', () => {
    const none = progressOf(build());
    const some = progressOf(build([finding('S.INF.NET.1'), finding('S.INF.NET.2', { photos: [{ id: 'p', fileName: 'a.jpg', url: '/x' }] })]));
    expect(some.done).toBe(2);
    expect(some.pending).toBe(none.pending - 2);
    expect(some.missingPhotos).toBe(1);
  });

  it('groups by category and item in rubric order', () => {
    const groups = groupCriteria(filterCriteria(build(), 'onsite'));
    expect(groups[0]).toMatchObject({ categoryName: '基础设施', itemName: '网络基础' });
  });

  it('tags data still to be checked on site', () => {
    const list = build();
    expect(basisTag(list.find((c) => c.score.code === 'S.INF.NET.1')!.score).label).toBe('待现场核实');
    expect(basisTag(list.find((c) => c.score.code === 'S.EQP.KIT.1')!.score).label).toBe('平台数据');
  });

  it('formats values by indicator kind', () => {
    expect(fmtValue('ledger.overdue', 2)).toBe('2件');
    expect(fmtValue('infra.command_room', 1)).toBe('是');
    expect(fmtValue('infra.network_links', 0.5)).toBe('50%');
    expect(fmtValue('kit.radio', null)).toBe('—');
  });
});
