// The 评分标准 editor's model, pure: immutable edits of a RubricContent addressed by position (tier → category → item →
// criterion), new nodes with codes that do not clash, the sums shown next to each level, and the domain's problems
// (rubricProblems(), same paths as the server's 422 details) split into "this node's own" and "somewhere below".
import {
  INDICATORS_BY_ID, INDICATOR_MODULES, type EvidenceSource, type RubricCategory, type RubricContent, type RubricCriterion,
  type RubricItem, type RubricProblem, type RubricTier,
} from '@cg/domain';

export interface TierLoc { tier: number }
export interface CategoryLoc extends TierLoc { category: number }
export interface ItemLoc extends CategoryLoc { item: number }
export interface CriterionLoc extends ItemLoc { criterion: number }
export type Loc = TierLoc | CategoryLoc | ItemLoc | CriterionLoc;

const hasCategory = (l: Loc): l is CategoryLoc => 'category' in l;
const hasItem = (l: Loc): l is ItemLoc => 'item' in l;
const hasCriterion = (l: Loc): l is CriterionLoc => 'criterion' in l;

/** The path rubricProblems() uses for a node, e.g. `tiers.0.categories.1.items.0.criteria.2`. */
export function pathOf(loc: Loc): string {
  let p = `tiers.${loc.tier}`;
  if (hasCategory(loc)) p += `.categories.${loc.category}`;
  if (hasItem(loc)) p += `.items.${loc.item}`;
  if (hasCriterion(loc)) p += `.criteria.${loc.criterion}`;
  return p;
}

const replaceAt = <T>(list: readonly T[], index: number, fn: (x: T) => T): T[] => list.map((x, i) => (i === index ? fn(x) : x));

function mapTier(c: RubricContent, loc: TierLoc, fn: (t: RubricTier) => RubricTier): RubricContent {
  return { ...c, tiers: replaceAt(c.tiers, loc.tier, fn) };
}
function mapCategory(c: RubricContent, loc: CategoryLoc, fn: (x: RubricCategory) => RubricCategory): RubricContent {
  return mapTier(c, loc, (t) => ({ ...t, categories: replaceAt(t.categories, loc.category, fn) }));
}
function mapItem(c: RubricContent, loc: ItemLoc, fn: (x: RubricItem) => RubricItem): RubricContent {
  return mapCategory(c, loc, (cat) => ({ ...cat, items: replaceAt(cat.items, loc.item, fn) }));
}
function mapCriterion(c: RubricContent, loc: CriterionLoc, fn: (x: RubricCriterion) => RubricCriterion): RubricContent {
  return mapItem(c, loc, (item) => ({ ...item, criteria: replaceAt(item.criteria, loc.criterion, fn) }));
}

export type TierPatch = Partial<Pick<RubricTier, 'name' | 'passLine'>>;
export type NodePatch = Partial<Pick<RubricCategory, 'code' | 'name' | 'weight'>>;
export type CriterionPatch = Partial<Omit<RubricCriterion, 'source' | 'indicatorId'>>;

export const patchTier = (c: RubricContent, loc: TierLoc, p: TierPatch) => mapTier(c, loc, (t) => ({ ...t, ...p }));
export const patchCategory = (c: RubricContent, loc: CategoryLoc, p: NodePatch) => mapCategory(c, loc, (x) => ({ ...x, ...p }));
export const patchItem = (c: RubricContent, loc: ItemLoc, p: NodePatch) => mapItem(c, loc, (x) => ({ ...x, ...p }));
/** Target and floor may be cleared (undefined = the indicator's default); the key is dropped then. */
export const patchCriterion = (c: RubricContent, loc: CriterionLoc, p: CriterionPatch) =>
  mapCriterion(c, loc, (x) => dropUndefined({ ...x, ...p }));

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** An on-site criterion needs no indicator: its indicator, target and floor go; a data one keeps what it had. */
export function setSource(c: RubricContent, loc: CriterionLoc, source: EvidenceSource): RubricContent {
  return mapCriterion(c, loc, (x) => {
    if (source !== 'onsite') return { ...x, source };
    const { indicatorId: _i, target: _t, floor: _f, ...rest } = x;
    return { ...rest, source };
  });
}

/** Another indicator has other units (ratio 0..1 vs count): its own defaults apply again. */
export function setIndicator(c: RubricContent, loc: CriterionLoc, indicatorId: string | undefined): RubricContent {
  return mapCriterion(c, loc, (x) => {
    const { indicatorId: _i, target: _t, floor: _f, ...rest } = x;
    return indicatorId ? { ...rest, indicatorId } : rest;
  });
}

/** Every code in use (codes are unique across the whole rubric, tiers included). */
export function codesOf(c: RubricContent): Set<string> {
  const codes = new Set<string>();
  for (const t of c.tiers) {
    for (const cat of t.categories) {
      codes.add(cat.code);
      for (const item of cat.items) {
        codes.add(item.code);
        for (const k of item.criteria) codes.add(k.code);
      }
    }
  }
  return codes;
}

/** `${prefix}.${n}` with the smallest n ≥ 1 not taken; a prefix of `NEW` when the parent's code is empty. */
export function nextCode(c: RubricContent, prefix: string): string {
  const codes = codesOf(c);
  const base = prefix.trim() || 'NEW';
  for (let n = 1; ; n++) {
    const code = `${base}.${n}`;
    if (!codes.has(code)) return code;
  }
}

const tierPrefix = (t: RubricTier) => (t.tier === 'standard' ? 'S' : 'D');

/** A new criterion at the end of an item: on-site, so it is valid without an indicator; weight 1 (the sum shows the rest). */
export function addCriterion(c: RubricContent, loc: ItemLoc): RubricContent {
  const item = c.tiers[loc.tier]!.categories[loc.category]!.items[loc.item]!;
  const criterion: RubricCriterion = { code: nextCode(c, item.code), text: '新指标', weight: 1, source: 'onsite', scoring: 'linear' };
  return mapItem(c, loc, (x) => ({ ...x, criteria: [...x.criteria, criterion] }));
}

/** A new item (with one criterion: the server wants at least one) at the end of a category. */
export function addItem(c: RubricContent, loc: CategoryLoc): RubricContent {
  const cat = c.tiers[loc.tier]!.categories[loc.category]!;
  const code = nextCode(c, cat.code);
  const item: RubricItem = { code, name: '新项目', weight: 1, criteria: [] };
  const next = mapCategory(c, loc, (x) => ({ ...x, items: [...x.items, item] }));
  return addCriterion(next, { ...loc, item: cat.items.length });
}

/** A new category (with one item and criterion) at the end of a tier. */
export function addCategory(c: RubricContent, loc: TierLoc): RubricContent {
  const tier = c.tiers[loc.tier]!;
  const code = nextCode(c, tierPrefix(tier));
  const cat: RubricCategory = { code, name: '新类别', weight: 1, items: [] };
  const next = mapTier(c, loc, (t) => ({ ...t, categories: [...t.categories, cat] }));
  return addItem(next, { ...loc, category: tier.categories.length });
}

export function remove(c: RubricContent, loc: CategoryLoc | ItemLoc | CriterionLoc): RubricContent {
  const without = <T>(list: readonly T[], i: number) => list.filter((_, j) => j !== i);
  if (hasCriterion(loc)) return mapItem(c, loc, (x) => ({ ...x, criteria: without(x.criteria, loc.criterion) }));
  if (hasItem(loc)) return mapCategory(c, loc, (x) => ({ ...x, items: without(x.items, loc.item) }));
  return mapTier(c, loc, (t) => ({ ...t, categories: without(t.categories, loc.category) }));
}

/** Whether a node may be removed: the server wants at least one category per tier, item per category, criterion per item. */
export function canRemove(c: RubricContent, loc: CategoryLoc | ItemLoc | CriterionLoc): boolean {
  const tier = c.tiers[loc.tier]!;
  if (hasCriterion(loc)) return tier.categories[loc.category]!.items[loc.item]!.criteria.length > 1;
  if (hasItem(loc)) return tier.categories[loc.category]!.items.length > 1;
  return tier.categories.length > 1;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
const sum = (xs: readonly { weight: number }[]) => round3(xs.reduce((s, x) => s + (Number.isFinite(x.weight) ? x.weight : 0), 0));

export interface Sum { sum: number; expected: number; ok: boolean }
const sumOf = (children: readonly { weight: number }[], expected: number): Sum => {
  const s = sum(children);
  return { sum: s, expected, ok: Math.abs(s - expected) < 1e-6 };
};
/** A tier's categories against 100; a category's items and an item's criteria against its own weight. */
export const tierSum = (t: RubricTier) => sumOf(t.categories, 100);
export const categorySum = (cat: RubricCategory) => sumOf(cat.items, cat.weight);
export const itemSum = (item: RubricItem) => sumOf(item.criteria, item.weight);

/** Problems that belong to the node itself: its fields (`.code`, `.weight`, `.passLine` …) and its children's sum. */
export function ownProblems(problems: readonly RubricProblem[], loc: Loc): RubricProblem[] {
  const p = pathOf(loc);
  return problems.filter((x) => x.path.startsWith(`${p}.`) && !x.path.slice(p.length + 1).includes('.'));
}

/** Problems of a node and everything below it (for a count on a tab or a collapsed row). */
export function problemsUnder(problems: readonly RubricProblem[], loc: Loc): RubricProblem[] {
  const p = pathOf(loc);
  return problems.filter((x) => x.path === p || x.path.startsWith(`${p}.`));
}

/** Problems of a criterion by field, for red marks next to the inputs. */
export function fieldProblems(problems: readonly RubricProblem[], loc: Loc): Record<string, string[]> {
  const p = pathOf(loc);
  const out: Record<string, string[]> = {};
  for (const x of ownProblems(problems, loc)) {
    const field = x.path.slice(p.length + 1);
    (out[field] ??= []).push(x.message);
  }
  return out;
}

/** The problems of a 422 RUBRIC_INVALID answer (`details[].field` = `content.<path>`), in rubricProblems()' shape. */
export function problemsFromDetails(details: readonly { field?: string; message: string }[]): RubricProblem[] {
  return details.map((d) => ({ path: (d.field ?? '').replace(/^(body\.)?content\./, ''), message: d.message }));
}

/** Human place of a problem path: 规范化达标中队 › 基础设施 › 网络基础 › S.INF.NET.1. */
export function placeOf(c: RubricContent, path: string): string {
  const m = /^tiers\.(\d+)(?:\.categories\.(\d+))?(?:\.items\.(\d+))?(?:\.criteria\.(\d+))?/.exec(path);
  if (!m) return '评分标准';
  const tier = c.tiers[Number(m[1])];
  if (!tier) return '评分标准';
  const parts = [tier.name];
  const cat = m[2] !== undefined ? tier.categories[Number(m[2])] : undefined;
  if (cat) parts.push(cat.name || cat.code);
  const item = cat && m[3] !== undefined ? cat.items[Number(m[3])] : undefined;
  if (item) parts.push(item.name || item.code);
  const crit = item && m[4] !== undefined ? item.criteria[Number(m[4])] : undefined;
  if (crit) parts.push(crit.code);
  return parts.join(' › ');
}

/** Trimmed texts, no empty guide, no indicator on on-site criteria: what is sent on 保存. */
export function cleanForSave(c: RubricContent): RubricContent {
  return {
    tiers: c.tiers.map((t) => ({
      ...t, name: t.name.trim(),
      categories: t.categories.map((cat) => ({
        ...cat, code: cat.code.trim(), name: cat.name.trim(),
        items: cat.items.map((item) => ({
          ...item, code: item.code.trim(), name: item.name.trim(),
          criteria: item.criteria.map((k) => {
            const guide = k.onsiteGuide?.trim();
            const base = dropUndefined({ ...k, code: k.code.trim(), text: k.text.trim(), onsiteGuide: guide || undefined });
            if (base.source !== 'onsite') return base;
            const { indicatorId: _i, target: _t, floor: _f, ...rest } = base;
            return rest;
          }),
        })),
      })),
    })),
  };
}

/** Whether the edited content differs from what was loaded (key order aside). */
export function isDirty(original: RubricContent, current: RubricContent): boolean {
  return stableJson(cleanForSave(original)) !== stableJson(cleanForSave(current));
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The catalogue as Select options grouped by module; modules not in the platform yet are marked 未接入. */
export interface IndicatorOption { value: string; label: string; planned: boolean; kind: string; description: string }
export function indicatorGroups(catalogue: readonly { id: string; label: string; module: string; kind: string; description: string }[]) {
  const groups = new Map<string, { label: string; planned: boolean; options: IndicatorOption[] }>();
  for (const d of catalogue) {
    const mod = INDICATOR_MODULES[d.module as keyof typeof INDICATOR_MODULES];
    const label = mod?.label ?? d.module;
    const planned = mod?.planned ?? false;
    if (!groups.has(d.module)) groups.set(d.module, { label, planned, options: [] });
    groups.get(d.module)!.options.push({ value: d.id, label: d.label, planned, kind: d.kind, description: d.description });
  }
  return [...groups.values()];
}

/** Placeholders for the target/floor inputs: the indicator's own defaults. */
export function boundDefaults(indicatorId: string | undefined): { target: number | null; floor: number | null; unit: string } {
  const def = indicatorId ? INDICATORS_BY_ID.get(indicatorId) : undefined;
  if (!def) return { target: null, floor: null, unit: '' };
  const floor = def.defaultFloor ?? (def.direction === 'higher' ? 0 : def.defaultTarget * 2 + 1);
  return { target: def.defaultTarget, floor, unit: def.kind === 'count' ? '件' : def.kind === 'flag' ? '（0或1）' : '（比例0～1）' };
}
