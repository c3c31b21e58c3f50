import { describe, expect, it } from 'vitest';
import { DEFAULT_EQUIPMENT_CATEGORIES, equipmentAttributeProblems, type EquipmentCategoryDef } from './equipment.ts';
import {
  builtinCategoryDef, categoryChangeProblems, categoryDraftProblems, normalizeCategoryDraft, storedValueProblems,
  type CategoryDraft,
} from './equipment-category.ts';

const cone: CategoryDraft = {
  code: 'traffic_cone', name: '反光锥桶', group: '中队装备', perOfficer: false,
  attributes: [
    { key: 'heightCm', label: '高度', type: 'number', unit: '厘米', min: 30, max: 120 },
    { key: 'colour', label: '颜色', type: 'enum', options: ['红白', '黄黑'] },
    { key: 'batchNo', label: '批号', type: 'string', pattern: '[A-Z]{2}\\d{4}', patternMessage: '应为2位大写字母加4位数字' },
    { key: 'reflective', label: '反光', type: 'boolean', required: true },
    { key: 'checkedOn', label: '检查日期', type: 'date' },
  ],
};
const withAttr = (a: Record<string, unknown>): CategoryDraft => ({ ...cone, attributes: [a] });
const fields = (d: unknown) => categoryDraftProblems(d).map((p) => p.field);
const builtin = (code: string) => {
  const def = builtinCategoryDef(code);
  if (!def) throw new Error(code);
  return def;
};

describe('categoryDraftProblems', () => {
  it('accepts a complete definition with every attribute type, and every built-in category', () => {
    expect(categoryDraftProblems(cone)).toEqual([]);
    expect(categoryDraftProblems({ ...cone, attributes: [] })).toEqual([]);
    for (const c of DEFAULT_EQUIPMENT_CATEGORIES) expect(categoryDraftProblems(c), c.code).toEqual([]);
  });

  it('names the top-level field with a Chinese message', () => {
    expect(categoryDraftProblems(null)).toEqual([{ field: '', message: '装备类别须为对象' }]);
    expect(categoryDraftProblems({ ...cone, code: 'TrafficCone' })).toEqual([{
      field: 'code', message: '类别编码应为2–40位小写英文字母、数字和单个下划线，以字母开头（如 traffic_cone）',
    }]);
    for (const code of ['1cone', 'cone__x', 'cone_', 'c', 'x'.repeat(41), 'traffic-cone']) expect(fields({ ...cone, code }), code).toEqual(['code']);
    expect(categoryDraftProblems({ ...cone, code: '' })).toEqual([{ field: 'code', message: '请填写类别编码' }]);
    expect(categoryDraftProblems({ ...cone, name: '  ' })).toEqual([{ field: 'name', message: '请填写类别名称' }]);
    expect(fields({ ...cone, name: '锥' })).toEqual(['name']);
    expect(categoryDraftProblems({ ...cone, group: '其他' })[0]).toEqual({
      field: 'group', message: '装备分组只能是：执法车辆、执法人员装备、中队装备、指挥与视频、定位终端',
    });
    expect(categoryDraftProblems({ ...cone, perOfficer: 'no' })).toEqual([{ field: 'perOfficer', message: '“按人配发”须为是或否' }]);
    expect(categoryDraftProblems({ ...cone, attributes: {} })).toEqual([{ field: 'attributes', message: '性能属性定义须为列表' }]);
    const many = Array.from({ length: 51 }, (_, i) => ({ key: `a${i}`, label: `属性${i}`, type: 'boolean' }));
    expect(categoryDraftProblems({ ...cone, attributes: many })).toEqual([{ field: 'attributes', message: '一个类别最多50个性能属性' }]);
  });

  it('wants camelCase keys that are not object members, unique regardless of case', () => {
    expect(categoryDraftProblems(withAttr({ key: 'battery_hours', label: '续航', type: 'number' }))).toEqual([{
      field: 'attributes.0.key',
      message: '第1个属性（续航）：属性键应为驼峰式英文（小写字母开头，只含字母和数字，最多40位，如 batteryHours）',
    }]);
    expect(fields(withAttr({ key: 'BatteryHours', label: '续航', type: 'number' }))).toEqual(['attributes.0.key']);
    expect(categoryDraftProblems(withAttr({ key: 'constructor', label: '构造', type: 'string' }))).toEqual([{
      field: 'attributes.0.key', message: '第1个属性（构造）：属性键“constructor”是保留字，请换一个',
    }]);
    expect(categoryDraftProblems(withAttr({ label: '续航', type: 'number' }))[0].message).toBe('第1个属性（续航）：请填写属性键');
    const dup = { ...cone, attributes: [...cone.attributes, { key: 'HeightCm', label: '高', type: 'number' }] };
    expect(categoryDraftProblems(dup)).toEqual([
      { field: 'attributes.5.key', message: '第6个属性（高）：属性键应为驼峰式英文（小写字母开头，只含字母和数字，最多40位，如 batteryHours）' },
      { field: 'attributes.5.key', message: '第6个属性（高）：属性键“HeightCm”与第1个属性重复' },
    ]);
  });

  it('wants a unique label the Excel column can carry', () => {
    expect(categoryDraftProblems(withAttr({ key: 'x', label: '', type: 'string' }))).toEqual([
      { field: 'attributes.0.label', message: '第1个属性：请填写属性名称' },
    ]);
    expect(fields(withAttr({ key: 'x', label: '长'.repeat(31), type: 'string' }))).toEqual(['attributes.0.label']);
    expect(categoryDraftProblems(withAttr({ key: 'x', label: '容量=GB', type: 'string' }))[0].message)
      .toBe('第1个属性（容量=GB）：属性名称不能含有“=”“:”“;”或换行（Excel 导入用它们分隔属性）');
    const dup = { ...cone, attributes: [...cone.attributes, { key: 'height', label: '高度', type: 'number' }] };
    expect(categoryDraftProblems(dup)).toEqual([{ field: 'attributes.5.label', message: '第6个属性（高度）：属性名称与第1个属性重复' }]);
  });

  it('allows only the supported types and the settings that belong to the type', () => {
    expect(categoryDraftProblems(withAttr({ key: 'x', label: '甲', type: 'text' }))).toEqual([{
      field: 'attributes.0.type',
      message: '第1个属性（甲）：属性类型只能是：string（文本）、number（数字）、boolean（是/否）、enum（选项）、date（日期）',
    }]);
    expect(categoryDraftProblems(withAttr({ key: 'x', label: '甲', type: 'string', requird: true }))).toEqual([
      { field: 'attributes.0.requird', message: '第1个属性（甲）：不支持的设置“requird”' },
    ]);
    expect(categoryDraftProblems(withAttr({ key: 'x', label: '甲', type: 'string', required: 'yes' }))[0].field).toBe('attributes.0.required');
    expect(categoryDraftProblems(withAttr({ key: 'x', label: '甲', type: 'string', unit: 'GB' }))).toEqual([
      { field: 'attributes.0.unit', message: '第1个属性（甲）：只有数字属性可以设置单位' },
    ]);
    expect(fields(withAttr({ key: 'x', label: '甲', type: 'boolean', min: 1 }))).toEqual(['attributes.0.min']);
    expect(fields(withAttr({ key: 'x', label: '甲', type: 'date', options: ['a'] }))).toEqual(['attributes.0.options']);
    expect(fields(withAttr({ key: 'x', label: '甲', type: 'number', pattern: '\\d+' }))).toEqual(['attributes.0.pattern']);
    // Cleared settings arrive as null from forms and mean "not set".
    expect(categoryDraftProblems(withAttr({ key: 'x', label: '甲', type: 'boolean', unit: null, min: null, pattern: null }))).toEqual([]);
  });

  it('checks number bounds and units', () => {
    expect(categoryDraftProblems(withAttr({ key: 'x', label: '甲', type: 'number', min: 10, max: 1 }))).toEqual([
      { field: 'attributes.0.max', message: '第1个属性（甲）：最大值不能小于最小值' },
    ]);
    expect(fields(withAttr({ key: 'x', label: '甲', type: 'number', min: '1' }))).toEqual(['attributes.0.min']);
    expect(fields(withAttr({ key: 'x', label: '甲', type: 'number', max: Number.POSITIVE_INFINITY }))).toEqual(['attributes.0.max']);
    expect(fields(withAttr({ key: 'x', label: '甲', type: 'number', unit: '很长很长很长很长的单位' }))).toEqual(['attributes.0.unit']);
  });

  it('wants enum options: at least one, short, unique regardless of case, no separators', () => {
    const e = (options: unknown) => categoryDraftProblems(withAttr({ key: 'x', label: '甲', type: 'enum', options }));
    expect(e(undefined)).toEqual([{ field: 'attributes.0.options', message: '第1个属性（甲）：选项属性至少需要一个选项' }]);
    expect(e([])).toHaveLength(1);
    expect(e(['4G', '4g'])).toEqual([{ field: 'attributes.0.options.1', message: '第1个属性（甲）：选项“4g”重复' }]);
    expect(e(['a', ' '])).toEqual([{ field: 'attributes.0.options.1', message: '第1个属性（甲）：第2个选项不能为空' }]);
    expect(e(['a;b'])[0].message).toBe('第1个属性（甲）：选项“a;b”不能含有“;”或换行');
    expect(e(Array.from({ length: 51 }, (_, i) => `o${i}`))[0].message).toBe('第1个属性（甲）：选项不能超过50个');
  });

  it('wants a pattern that compiles and cannot backtrack without end', () => {
    const s = (extra: Record<string, unknown>) => categoryDraftProblems(withAttr({ key: 'x', label: '甲', type: 'string', ...extra }));
    expect(s({ pattern: '[A-Z' })).toEqual([
      { field: 'attributes.0.pattern', message: '第1个属性（甲）：格式（正则表达式）无法解析，请检查括号与转义' },
    ]);
    expect(s({ pattern: '(a+)+' })).toEqual([
      { field: 'attributes.0.pattern', message: '第1个属性（甲）：格式中不能有嵌套的重复（如 (a+)+），校验时可能卡住服务器' },
    ]);
    expect(s({ pattern: '(\\w*){2,}' })).toHaveLength(1);
    expect(s({ pattern: '(\\d{3})-(\\d{4}){2}' })).toEqual([]);
    expect(s({ pattern: '' })[0].field).toBe('attributes.0.pattern');
    expect(s({ patternMessage: '应为数字' })).toEqual([
      { field: 'attributes.0.patternMessage', message: '第1个属性（甲）：设置了格式提示但没有设置格式' },
    ]);
  });
});

describe('normalizeCategoryDraft', () => {
  it('trims texts, keeps required only when true and drops settings that do not apply', () => {
    const def = normalizeCategoryDraft({
      code: 'traffic_cone', name: ' 反光锥桶 ', group: '中队装备', perOfficer: false,
      attributes: [
        { key: 'heightCm', label: ' 高度 ', type: 'number', unit: ' 厘米 ', min: 30, max: null, required: false },
        { key: 'colour', label: '颜色', type: 'enum', options: [' 红白 ', '黄黑'], required: true },
        { key: 'batchNo', label: '批号', type: 'string', pattern: '\\d+', patternMessage: ' ' },
      ],
    });
    expect(def).toEqual({
      code: 'traffic_cone', name: '反光锥桶', group: '中队装备', perOfficer: false,
      attributes: [
        { key: 'heightCm', label: '高度', type: 'number', unit: '厘米', min: 30 },
        { key: 'colour', label: '颜色', type: 'enum', options: ['红白', '黄黑'], required: true },
        { key: 'batchNo', label: '批号', type: 'string', pattern: '\\d+' },
      ],
    });
    // What it stores validates values like a built-in definition does.
    expect(equipmentAttributeProblems(def.attributes, { heightCm: '20厘米', colour: '红白' })).toEqual([
      { key: 'heightCm', message: '高度不能小于30厘米' },
    ]);
  });
});

describe('categoryChangeProblems', () => {
  const camera = builtin('body_camera');
  const edit = (after: EquipmentCategoryDef, itemCount = 0, before: EquipmentCategoryDef = camera) =>
    categoryChangeProblems({ before, after, builtin: builtinCategoryDef(before.code), itemCount });

  it('lets admins relabel, regroup, rename, reorder, add options and add optional attributes to a built-in category', () => {
    const after: EquipmentCategoryDef = {
      ...camera, name: '执法记录仪（含头戴式）', group: '指挥与视频',
      attributes: [
        ...camera.attributes.map((a) => (a.key === 'network' ? { ...a, label: '联网', options: [...a.options!, 'Wi-Fi'] } : a)).reverse(),
        { key: 'mountType', label: '佩戴方式', type: 'enum', options: ['肩夹', '头戴'] },
      ],
    };
    expect(edit(after, 500)).toEqual([]);
  });

  it('keeps the built-in attributes, their types and options and the 按人配发 flag', () => {
    const withoutResolution = { ...camera, attributes: camera.attributes.filter((a) => a.key !== 'resolution') };
    expect(edit(withoutResolution)).toEqual([
      { field: 'attributes', message: '内置属性“分辨率”（resolution）不能删除：已登记的装备和考核指标依赖它' },
    ]);
    const retyped = { ...camera, attributes: camera.attributes.map((a) => (a.key === 'storageGb' ? { key: a.key, label: a.label, type: 'string' as const } : a)) };
    expect(edit(retyped)).toEqual([{ field: 'attributes.1.type', message: '第2个属性（存储容量）：内置属性的类型不能修改（应为数字）' }]);
    const fewer = { ...camera, attributes: camera.attributes.map((a) => (a.key === 'resolution' ? { ...a, options: ['1080P', '4K'] } : a)) };
    expect(edit(fewer)).toEqual([{ field: 'attributes.0.options', message: '第1个属性（分辨率）：内置选项不能删除（720P、2K），只能新增选项' }]);
    expect(edit({ ...camera, perOfficer: false })).toEqual([
      { field: 'perOfficer', message: '内置类别的“按人配发”不能修改：配发规则和人均配备考核依赖它' },
    ]);
    expect(edit({ ...camera, code: 'camera2' })[0]).toEqual({ field: 'code', message: '类别编码创建后不能修改' });
  });

  it('judges against the built-in definition, not whatever is stored now', () => {
    // An admin added an option earlier; removing it again is fine, removing a built-in one is not.
    const stored = { ...camera, attributes: camera.attributes.map((a) => (a.key === 'network' ? { ...a, options: [...a.options!, 'Wi-Fi'] } : a)) };
    expect(edit(camera, 3, stored)).toEqual([]);
  });

  it('refuses a new required attribute and a retyped attribute once the category has items', () => {
    const before = normalizeCategoryDraft(cone);
    const added = { ...before, attributes: [...before.attributes, { key: 'maker', label: '厂家', type: 'string' as const, required: true }] };
    expect(categoryChangeProblems({ before, after: added, itemCount: 0 })).toEqual([]);
    expect(categoryChangeProblems({ before, after: added, itemCount: 12 })).toEqual([{
      field: 'attributes.5.required',
      message: '第6个属性（厂家）：该类别已有12件装备，新增的属性不能设为必填（这些装备还没有这个值）；请先设为选填，补齐各装备的值后再改为必填',
    }]);
    const retyped = { ...before, attributes: before.attributes.map((a) => (a.key === 'checkedOn' ? { key: a.key, label: a.label, type: 'string' as const } : a)) };
    expect(categoryChangeProblems({ before, after: retyped, itemCount: 1 })).toEqual([{
      field: 'attributes.4.type', message: '第5个属性（检查日期）：该类别已有1件装备，已有属性的类型不能修改（原为日期）',
    }]);
    expect(categoryChangeProblems({ before, after: retyped, itemCount: 0 })).toEqual([]);
    // Removing an admin-defined attribute is the stored values' question, not a rule of its own.
    expect(categoryChangeProblems({ before, after: { ...before, attributes: before.attributes.slice(1) }, itemCount: 5 })).toEqual([]);
  });
});

describe('storedValueProblems', () => {
  const before = normalizeCategoryDraft(cone);
  const items = [
    { assetTag: 'CONE-0001', attributes: { heightCm: 70, colour: '红白', reflective: true } },
    { assetTag: 'CONE-0002', attributes: { heightCm: 90, colour: '黄黑', reflective: true, batchNo: 'AB1234' } },
    { assetTag: 'CONE-0003', attributes: { heightCm: 100, colour: '黄黑', reflective: false } },
  ];
  const change = (f: (a: EquipmentCategoryDef['attributes'][number]) => EquipmentCategoryDef['attributes'][number] | null) =>
    ({ ...before, attributes: before.attributes.map(f).filter((a) => a !== null) });

  it('passes a change every stored value still fits', () => {
    expect(storedValueProblems(before, change((a) => (a.key === 'heightCm' ? { ...a, max: 100, label: '高' } : a)), items)).toEqual([]);
  });

  it('counts the items a narrower range, fewer options or a new required flag would reject, with an example', () => {
    const narrower = change((a) => (a.key === 'heightCm' ? { ...a, max: 80 } : a.key === 'colour' ? { ...a, options: ['红白'] } : a));
    expect(storedValueProblems(before, narrower, items)).toEqual([
      { field: 'attributes.0', message: '第1个属性（高度）：已有2件装备的值不符合新的设置（如 CONE-0002：高度不能大于80厘米）' },
      { field: 'attributes.1', message: '第2个属性（颜色）：已有2件装备的值不符合新的设置（如 CONE-0002：颜色只能是：红白）' },
    ]);
    const required = change((a) => (a.key === 'batchNo' ? { ...a, required: true } : a));
    expect(storedValueProblems(before, required, items)).toEqual([
      { field: 'attributes.2', message: '第3个属性（批号）：已有2件装备的值不符合新的设置（如 CONE-0001：批号不能为空）' },
    ]);
  });

  it('refuses to remove an attribute items hold a value for, but not one nobody filled in', () => {
    expect(storedValueProblems(before, change((a) => (a.key === 'batchNo' ? null : a)), items)).toEqual([
      { field: 'attributes', message: '属性“批号”（batchNo）不能删除：已有1件装备填写了该属性（如 CONE-0002），请先清除这些值' },
    ]);
    expect(storedValueProblems(before, change((a) => (a.key === 'checkedOn' ? null : a)), items)).toEqual([]);
  });

  it('does not blame the edit for problems the items already had', () => {
    const legacy = [{ assetTag: 'CONE-0009', attributes: { heightCm: 500, colour: '蓝', reflective: true, oldKey: 1 } }];
    expect(storedValueProblems(before, change((a) => (a.key === 'colour' ? { ...a, options: ['红白'] } : a)), legacy)).toEqual([]);
    expect(storedValueProblems(before, change((a) => (a.key === 'reflective' ? { ...a, type: 'string' as const } : a)), legacy)).toEqual([
      { field: 'attributes.3', message: '第4个属性（反光）：已有1件装备的值不符合新的设置（如 CONE-0009：反光须为文本）' },
    ]);
  });
});
