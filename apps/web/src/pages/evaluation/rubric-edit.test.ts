// The 评分标准 editor's model: edits are immutable, new nodes get free codes and keep the tree valid, sums and the
// domain's problems land on the node they belong to, and what is saved is what the server accepts.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC, INDICATOR_CATALOGUE, rubricProblems, type RubricContent } from '@cg/domain';
import {
  addCategory, addCriterion, addItem, boundDefaults, canRemove, categorySum, cleanForSave, codesOf, fieldProblems, indicatorGroups,
  isDirty, itemSum, nextCode, ownProblems, patchCategory, patchCriterion, patchItem, patchTier, pathOf, placeOf, problemsFromDetails,
  problemsUnder, remove, setIndicator, setSource, tierSum,
} from './rubric-edit';

const base = (): RubricContent => structuredClone(DEFAULT_RUBRIC);
const first = { tier: 0, category: 0, item: 0, criterion: 0 };

describe('rubric-edit', () => {
  it('the default rubric sums up and has no problems', () => {
    const c = base();
    expect(rubricProblems(c)).toEqual([]);
    expect(tierSum(c.tiers[0]!)).toEqual({ sum: 100, expected: 100, ok: true });
    expect(categorySum(c.tiers[0]!.categories[0]!)).toMatchObject({ sum: 15, ok: true });
    expect(itemSum(c.tiers[0]!.categories[0]!.items[0]!)).toMatchObject({ sum: 8, ok: true });
  });

  it('paths match rubricProblems()', () => {
    expect(pathOf({ tier: 1 })).toBe('tiers.1');
    expect(pathOf({ tier: 0, category: 1, item: 0 })).toBe('tiers.0.categories.1.items.0');
    expect(pathOf(first)).toBe('tiers.0.categories.0.items.0.criteria.0');
  });

  it('edits are immutable and only touch their node', () => {
    const c = base();
    const next = patchCriterion(c, first, { weight: 4 });
    expect(c.tiers[0]!.categories[0]!.items[0]!.criteria[0]!.weight).toBe(3);
    expect(next.tiers[0]!.categories[0]!.items[0]!.criteria[0]!.weight).toBe(4);
    expect(next.tiers[1]).toBe(c.tiers[1]);
    expect(next.tiers[0]!.categories[1]).toBe(c.tiers[0]!.categories[1]);
    expect(patchTier(c, { tier: 0 }, { passLine: 90 }).tiers[0]!.passLine).toBe(90);
    expect(patchCategory(c, { tier: 0, category: 0 }, { name: '网络' }).tiers[0]!.categories[0]!.name).toBe('网络');
    expect(patchItem(c, { tier: 0, category: 0, item: 0 }, { weight: 9 }).tiers[0]!.categories[0]!.items[0]!.weight).toBe(9);
  });

  it('a weight change shows as a sum problem on the item and as problems under the tier', () => {
    const next = patchCriterion(base(), first, { weight: 4 });
    const problems = rubricProblems(next);
    expect(itemSum(next.tiers[0]!.categories[0]!.items[0]!)).toMatchObject({ sum: 9, expected: 8, ok: false });
    const own = ownProblems(problems, { tier: 0, category: 0, item: 0 });
    expect(own.map((p) => p.path)).toEqual(['tiers.0.categories.0.items.0.criteria']);
    expect(own[0]!.message).toContain('合计9分');
    expect(ownProblems(problems, first)).toEqual([]);
    expect(problemsUnder(problems, { tier: 0 })).toHaveLength(1);
    expect(problemsUnder(problems, { tier: 1 })).toHaveLength(0);
    expect(placeOf(next, own[0]!.path)).toBe('规范化达标中队 › 基础设施 › 网络基础');
  });

  it('field problems of a criterion are keyed by field', () => {
    const next = patchCriterion(base(), first, { code: 'S.INF.NET.2' });
    // the later of the two carries it
    expect(fieldProblems(rubricProblems(next), first)).toEqual({});
    expect(fieldProblems(rubricProblems(next), { ...first, criterion: 1 })).toEqual({ code: ['编号“S.INF.NET.2”重复'] });
  });

  it('switching to on-site drops the indicator and its bounds; a new indicator resets the bounds', () => {
    const c = patchCriterion(base(), first, { target: 0.9 });
    const onsite = setSource(c, first, 'onsite');
    const k = onsite.tiers[0]!.categories[0]!.items[0]!.criteria[0]!;
    expect(k.source).toBe('onsite');
    expect(k.indicatorId).toBeUndefined();
    expect('target' in k).toBe(false);
    expect(rubricProblems(onsite)).toEqual([]);
    // back to data: the indicator is missing now, which is a problem on that field
    const data = setSource(onsite, first, 'data');
    expect(fieldProblems(rubricProblems(data), first).indicatorId).toHaveLength(1);
    const withInd = setIndicator(c, first, 'kit.radio');
    const k2 = withInd.tiers[0]!.categories[0]!.items[0]!.criteria[0]!;
    expect(k2.indicatorId).toBe('kit.radio');
    expect(k2.target).toBeUndefined();
  });

  it('clearing a bound drops the key', () => {
    const c = patchCriterion(patchCriterion(base(), first, { target: 0.9 }), first, { target: undefined });
    expect('target' in c.tiers[0]!.categories[0]!.items[0]!.criteria[0]!).toBe(false);
  });

  it('new nodes get free codes and keep counts valid', () => {
    const c = base();
    expect(nextCode(c, 'S.INF.NET')).toBe('S.INF.NET.4');
    const withCrit = addCriterion(c, { tier: 0, category: 0, item: 0 });
    const crits = withCrit.tiers[0]!.categories[0]!.items[0]!.criteria;
    expect(crits.at(-1)).toMatchObject({ code: 'S.INF.NET.4', source: 'onsite', weight: 1 });
    const withItem = addItem(c, { tier: 0, category: 0 });
    const item = withItem.tiers[0]!.categories[0]!.items.at(-1)!;
    expect(item.criteria).toHaveLength(1);
    expect(item.code).toBe('S.INF.1');
    expect(item.criteria[0]!.code).toBe('S.INF.1.1');
    const withCat = addCategory(c, { tier: 1 });
    const cat = withCat.tiers[1]!.categories.at(-1)!;
    expect(cat.code).toBe('D.1');
    expect(cat.items[0]!.criteria).toHaveLength(1);
    expect(codesOf(withCat).size).toBe(codesOf(c).size + 3);
    // only the sums complain, never the codes
    expect(rubricProblems(withCat).every((p) => !p.path.endsWith('.code'))).toBe(true);
  });

  it('removes nodes but never the last one of a level', () => {
    const c = base();
    const loc = { tier: 0, category: 2, item: 2, criterion: 0 }; // 中队装备 has one criterion
    expect(canRemove(c, loc)).toBe(false);
    expect(canRemove(c, first)).toBe(true);
    const next = remove(c, first);
    expect(next.tiers[0]!.categories[0]!.items[0]!.criteria.map((k) => k.code)).toEqual(['S.INF.NET.2', 'S.INF.NET.3']);
    expect(remove(c, { tier: 0, category: 0 }).tiers[0]!.categories).toHaveLength(c.tiers[0]!.categories.length - 1);
    expect(remove(c, { tier: 0, category: 0, item: 1 }).tiers[0]!.categories[0]!.items).toHaveLength(1);
  });

  it('cleans texts and on-site criteria for saving, and dirtiness ignores that', () => {
    let c = patchCriterion(base(), first, { text: '  开通政务外网和互联网 ', onsiteGuide: '  ' });
    const k = cleanForSave(c).tiers[0]!.categories[0]!.items[0]!.criteria[0]!;
    expect(k.text).toBe('开通政务外网和互联网');
    expect('onsiteGuide' in k).toBe(false);
    expect(isDirty(base(), base())).toBe(false);
    expect(isDirty(base(), c)).toBe(true);
    c = patchCriterion(base(), first, { text: '开通政务外网和互联网 ' });
    expect(isDirty(base(), c)).toBe(false);
  });

  it('maps the 422 details back to problem paths', () => {
    expect(problemsFromDetails([{ field: 'content.tiers.0.categories', message: 'x' }, { message: 'y' }])).toEqual([
      { path: 'tiers.0.categories', message: 'x' }, { path: '', message: 'y' },
    ]);
  });

  it('groups the catalogue by module and marks planned ones', () => {
    const groups = indicatorGroups(INDICATOR_CATALOGUE);
    const video = groups.find((g) => g.label === '视频资源与录像归档')!;
    expect(video.planned).toBe(true);
    expect(video.options.map((o) => o.value)).toContain('video.sources');
    expect(groups.find((g) => g.label === '执法人员库')!.planned).toBe(false);
    expect(boundDefaults('ledger.overdue')).toEqual({ target: 0, floor: 5, unit: '件' });
    expect(boundDefaults(undefined).target).toBeNull();
  });
});
