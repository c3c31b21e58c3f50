import { describe, it, expect } from 'vitest';
import {
  ATTRIBUTE_TEXT_MAX_LENGTH, DEFAULT_EQUIPMENT_CATEGORIES, EQUIPMENT_GROUPS, EQUIPMENT_STATUSES, IN_SERVICE_STATUSES,
  KIT_EQUIVALENTS, PERSONAL_KIT_CODES, SQUADRON_EQUIPMENT_CODES, assetTagProblem, categoryDefProblems, countsAs,
  equipmentAttributeProblems, normalizeAssetTag, normalizeAttributes, terminalPhoneProblem,
  type EquipmentAttributeDef, type EquipmentCategoryDef,
} from './equipment.ts';

const category = (code: string): EquipmentCategoryDef => {
  const c = DEFAULT_EQUIPMENT_CATEGORIES.find((x) => x.code === code);
  if (!c) throw new Error(`no category ${code}`);
  return c;
};
const attrs = (code: string) => category(code).attributes;
const messages = (defs: readonly EquipmentAttributeDef[], values: Record<string, unknown>, partial = false) =>
  equipmentAttributeProblems(defs, values, { partial }).map((p) => `${p.key}: ${p.message}`);

// One attribute of each type, for the type rules.
const DEFS: readonly EquipmentAttributeDef[] = [
  { key: 'name', label: '名称', type: 'string', required: true },
  { key: 'storageGb', label: '存储容量', type: 'number', unit: 'GB', min: 1, max: 512 },
  { key: 'gps', label: '定位', type: 'boolean' },
  { key: 'network', label: '联网方式', type: 'enum', options: ['无', '4G', '5G'] },
  { key: 'bought', label: '购置日期', type: 'date' },
  { key: 'code', label: '编码', type: 'string', pattern: '[A-Z]{2}\\d{3}', patternMessage: '应为2位大写字母加3位数字' },
];

describe('enumerations', () => {
  it('lists statuses, the in-service subset and the groups', () => {
    expect(EQUIPMENT_STATUSES).toEqual(['在库', '在用', '借出', '维修', '报废', '遗失']);
    expect(IN_SERVICE_STATUSES).toEqual(['在库', '在用', '借出']);
    expect(EQUIPMENT_GROUPS).toEqual(['执法车辆', '执法人员装备', '中队装备', '指挥与视频', '定位终端']);
  });
});

describe('DEFAULT_EQUIPMENT_CATEGORIES', () => {
  it('has the seventeen built-in categories with unique codes', () => {
    const codes = DEFAULT_EQUIPMENT_CATEGORIES.map((c) => c.code);
    expect(codes).toEqual([
      'vehicle', 'handheld_terminal', 'radio', 'body_camera', 'body_camera_4g', 'data_terminal', 'id_reader', 'scanner',
      'portable_printer', 'camera', 'drone', 'video_conference', 'display', 'dispatch', 'surveillance', 'access_control',
      'beidou_terminal',
    ]);
  });

  it.each(DEFAULT_EQUIPMENT_CATEGORIES.map((c) => [c.code, c] as const))('%s passes categoryDefProblems', (_code, c) => {
    expect(categoryDefProblems(c)).toEqual([]);
  });

  it('marks exactly the personal kit as per officer', () => {
    expect(DEFAULT_EQUIPMENT_CATEGORIES.filter((c) => c.perOfficer).map((c) => c.code)).toEqual([
      'handheld_terminal', 'radio', 'body_camera', 'body_camera_4g',
    ]);
  });

  it('places the categories in their evaluation groups', () => {
    expect(category('vehicle').group).toBe('执法车辆');
    expect(category('body_camera_4g').group).toBe('执法人员装备');
    expect(category('beidou_terminal').group).toBe('定位终端');
    for (const code of SQUADRON_EQUIPMENT_CODES) expect(category(code).group).toBe('中队装备');
    for (const code of PERSONAL_KIT_CODES) expect(category(code).perOfficer).toBe(true);
  });

  it('describes a vehicle by plate, type and its on-board kit', () => {
    const v = attrs('vehicle');
    expect(v.find((a) => a.key === 'plate')).toMatchObject({ label: '车牌号', type: 'string', required: true });
    expect(v.find((a) => a.key === 'vehicleType')?.options).toEqual(['轿车', 'SUV', '面包车', '皮卡', '电动巡逻车', '摩托车']);
    expect(v.filter((a) => ['hasDashcam', 'hasBeidou', 'has4gVideo'].includes(a.key)).map((a) => [a.label, a.type])).toEqual([
      ['行车记录仪', 'boolean'], ['北斗定位终端', 'boolean'], ['4G车载视频', 'boolean'],
    ]);
  });

  it('requires a 4G/5G network on the 4G body camera but not on the ordinary one', () => {
    expect(attrs('body_camera').find((a) => a.key === 'network')).toMatchObject({ options: ['无', '4G', '5G'] });
    expect(attrs('body_camera_4g').find((a) => a.key === 'network')).toMatchObject({ options: ['4G', '5G'], required: true });
    expect(messages(attrs('body_camera_4g'), {})).toEqual(['network: 联网方式不能为空']);
    expect(messages(attrs('body_camera_4g'), { network: '无' })).toEqual(['network: 联网方式只能是：4G、5G']);
    expect(messages(attrs('body_camera'), { network: '无' })).toEqual([]);
  });

  it('lists the surveillance locations named by the standard', () => {
    expect(attrs('surveillance').find((a) => a.key === 'location')?.options).toEqual([
      '出入口', '内部通道', '暂扣物品存放室', '勤务指挥室', '受理接待大厅', '案件审理室', '信访接待室', '其他',
    ]);
  });

  it('validates a JT/T 808 terminal', () => {
    const t = attrs('beidou_terminal');
    const good = {
      terminalPhone: '13912345678', maker: '70111', model: 'BD-T808', terminalId: 'A123456',
      sim: '8986001234567890123', protocol: 'JT/T 808-2019',
    };
    expect(messages(t, good)).toEqual([]);
    expect(messages(t, { ...good, terminalPhone: '0139123456789012345678' })).toEqual(['terminalPhone: 终端手机号：应为11–20位数字']);
    expect(messages(t, { ...good, terminalPhone: '1391234567' })).toEqual(['terminalPhone: 终端手机号：应为11–20位数字']);
    expect(messages(t, { ...good, maker: 'ABCDEF123456' })).toEqual(['maker: 制造商ID：应为1–11位字母或数字']);
    expect(messages(t, { ...good, model: 'x'.repeat(31) })).toEqual(['model: 终端型号：应为1–30位字母、数字或“._-”']);
    expect(messages(t, { ...good, terminalId: 'ID 1' })).toEqual(['terminalId: 终端ID：应为1–30位字母或数字']);
    expect(messages(t, { ...good, sim: '898600123456789012' })).toEqual(['sim: SIM卡号（ICCID）：应为19–20位数字']);
    expect(messages(t, { ...good, protocol: 'JT/T 808-2011' })).toEqual(['protocol: 通信协议只能是：JT/T 808-2013、JT/T 808-2019']);
    expect(messages(t, { maker: '70111' })).toEqual(['terminalPhone: 终端手机号不能为空']);
  });
});

describe('kit codes and equivalents', () => {
  it('names the squadron kit and personal kit of 附表一', () => {
    expect(SQUADRON_EQUIPMENT_CODES).toEqual(['data_terminal', 'id_reader', 'scanner', 'portable_printer', 'camera']);
    expect(PERSONAL_KIT_CODES).toEqual(['handheld_terminal', 'radio', 'body_camera']);
  });
  it('counts a 4G body camera as a body camera too, and everything else as itself', () => {
    expect(KIT_EQUIVALENTS).toEqual({ body_camera_4g: ['body_camera'] });
    expect(countsAs('body_camera_4g')).toEqual(['body_camera_4g', 'body_camera']);
    expect(countsAs('body_camera')).toEqual(['body_camera']);
    expect(countsAs('radio')).toEqual(['radio']);
    expect(countsAs('toString')).toEqual(['toString']);
  });
});

describe('equipmentAttributeProblems — types', () => {
  it('accepts good values of every type', () => {
    expect(messages(DEFS, { name: ' 甲 ', storageGb: 64, gps: true, network: '4G', bought: '2024-02-29', code: 'AB123' })).toEqual([]);
  });

  it('refuses unknown keys, naming them', () => {
    expect(messages(DEFS, { name: '甲', colour: '红', Name: '乙' })).toEqual([
      'colour: 该类别没有属性“colour”', 'Name: 该类别没有属性“Name”',
    ]);
  });

  it('requires required attributes and treats null and blank as missing', () => {
    expect(messages(DEFS, {})).toEqual(['name: 名称不能为空']);
    expect(messages(DEFS, { name: null })).toEqual(['name: 名称不能为空']);
    expect(messages(DEFS, { name: '   ' })).toEqual(['name: 名称不能为空']);
  });

  it('leaves optional attributes out when null or blank', () => {
    expect(messages(DEFS, { name: '甲', storageGb: null, gps: '', network: ' ', bought: null })).toEqual([]);
  });

  it('checks numbers: finite, numeric strings with or without the unit, within min and max', () => {
    const n = (v: unknown) => messages(DEFS, { name: '甲', storageGb: v });
    for (const ok of [1, 512, 64.5, '64', ' 64 ', '64GB', '64 gb']) expect(n(ok)).toEqual([]);
    for (const bad of ['abc', '64TB', '6 4', '0x40', '1e3', true, [64], Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(n(bad)).toEqual(['storageGb: 存储容量须为数字']);
    }
    expect(n(0.5)).toEqual(['storageGb: 存储容量不能小于1GB']);
    expect(n('1024')).toEqual(['storageGb: 存储容量不能大于512GB']);
  });

  it('checks booleans, accepting yes/no spellings from spreadsheets', () => {
    const b = (v: unknown) => messages(DEFS, { name: '甲', gps: v });
    for (const ok of [true, false, '是', '否', '有', '无', 'TRUE', 'false', 1, 0, '1', 'Y', 'no']) expect(b(ok)).toEqual([]);
    for (const bad of ['也许', 2, {}]) expect(b(bad)).toEqual(['gps: 定位须为“是”或“否”']);
  });

  it('checks enums against the options, ignoring case', () => {
    const e = (v: unknown) => messages(DEFS, { name: '甲', network: v });
    for (const ok of ['4G', ' 5G ', '4g', '无']) expect(e(ok)).toEqual([]);
    for (const bad of ['3G', 4, true]) expect(e(bad)).toEqual(['network: 联网方式只能是：无、4G、5G']);
  });

  it('checks dates with isoDateProblem, naming the field', () => {
    const d = (v: unknown) => messages(DEFS, { name: '甲', bought: v });
    expect(d('2026/01/01')).toEqual(['bought: 购置日期格式应为YYYY-MM-DD']);
    expect(d('2026-02-29')).toEqual(['bought: 购置日期无效：2026年2月没有29日']);
    expect(d(20260101)).toEqual(['bought: 购置日期格式应为YYYY-MM-DD']);
  });

  it('checks strings: text only, length cap, pattern matched in full', () => {
    expect(messages(DEFS, { name: 12345 })).toEqual([]);
    expect(messages(DEFS, { name: { a: 1 } })).toEqual(['name: 名称须为文本']);
    expect(messages(DEFS, { name: false })).toEqual(['name: 名称须为文本']);
    expect(messages(DEFS, { name: '字'.repeat(ATTRIBUTE_TEXT_MAX_LENGTH) })).toEqual([]);
    expect(messages(DEFS, { name: '字'.repeat(ATTRIBUTE_TEXT_MAX_LENGTH + 1) })).toEqual(['name: 名称不能超过200个字符']);
    expect(messages(DEFS, { name: '甲', code: ' AB123 ' })).toEqual([]);
    // The pattern must match the whole value, not a part of it.
    expect(messages(DEFS, { name: '甲', code: 'XAB1234' })).toEqual(['code: 编码：应为2位大写字母加3位数字']);
    expect(messages([{ key: 'c', label: '编码', type: 'string', pattern: '\\d+' }], { c: '12a' })).toEqual(['c: 编码：格式不正确']);
  });

  it('refuses a value when the stored definition carries a broken pattern, instead of throwing', () => {
    expect(messages([{ key: 'c', label: '编码', type: 'string', pattern: '([' }], { c: 'x' })).toEqual([
      'c: 编码的格式设置无效，请联系管理员',
    ]);
  });

  it('reports problems in definition order, unknown keys last', () => {
    expect(messages(DEFS, { zzz: 1, code: 'x', storageGb: 'x' })).toEqual([
      'name: 名称不能为空', 'storageGb: 存储容量须为数字', 'code: 编码：应为2位大写字母加3位数字', 'zzz: 该类别没有属性“zzz”',
    ]);
  });

  it('refuses a values argument that is not an object', () => {
    expect(messages(DEFS, [] as unknown as Record<string, unknown>)).toEqual([': 性能属性须为对象']);
    expect(messages(DEFS, null as unknown as Record<string, unknown>)).toEqual([': 性能属性须为对象']);
  });

  it('does not treat inherited object properties as values or known keys', () => {
    expect(messages(DEFS, { name: '甲', toString: 'x' })).toEqual(['toString: 该类别没有属性“toString”']);
    expect(messages([{ key: 'constructor', label: '构造', type: 'string', required: true }], {})).toEqual([
      'constructor: 构造不能为空',
    ]);
  });
});

describe('equipmentAttributeProblems — vehicle plate', () => {
  const v = attrs('vehicle');
  it('accepts ordinary and new-energy plates', () => {
    expect(messages(v, { plate: '沪A12345', vehicleType: '皮卡', hasBeidou: true })).toEqual([]);
    expect(messages(v, { plate: '沪AD12345' })).toEqual([]);
  });
  it('uses plateNumberProblem with the field name in front', () => {
    expect(messages(v, { plate: '沪A1234' })).toEqual(['plate: 车牌号：格式不正确（如沪A12345，新能源如沪AD12345）']);
    expect(messages(v, { plate: 'A12345' })).toEqual(['plate: 车牌号：应以省级简称开头（如“沪”）']);
    expect(messages(v, { plate: '沪a12345' })).toEqual(['plate: 车牌号：应使用大写字母且不含空格或“·”']);
  });
  it('requires the plate', () => {
    expect(messages(v, { vehicleType: '轿车' })).toEqual(['plate: 车牌号不能为空']);
  });
  it('checks the vehicle type and resolution options', () => {
    expect(messages(v, { plate: '沪A12345', vehicleType: '卡车', videoResolution: '8K' })).toEqual([
      'vehicleType: 车辆类型只能是：轿车、SUV、面包车、皮卡、电动巡逻车、摩托车',
      'videoResolution: 车载视频分辨率只能是：720P、1080P、2K、4K',
    ]);
  });
});

describe('equipmentAttributeProblems — partial mode', () => {
  it('does not ask for required attributes that are left out', () => {
    expect(messages(DEFS, { storageGb: 32 }, true)).toEqual([]);
    expect(messages(attrs('vehicle'), { hasDashcam: true }, true)).toEqual([]);
  });
  it('still refuses erasing a required attribute with null or blank', () => {
    expect(messages(DEFS, { name: null }, true)).toEqual(['name: 名称不能为空']);
    expect(messages(DEFS, { name: ' ' }, true)).toEqual(['name: 名称不能为空']);
  });
  it('still checks the values that are given, and unknown keys', () => {
    expect(messages(DEFS, { storageGb: 0, extra: 1 }, true)).toEqual([
      'storageGb: 存储容量不能小于1GB', 'extra: 该类别没有属性“extra”',
    ]);
  });
});

describe('normalizeAttributes', () => {
  it('stores canonical values: trimmed text, numbers, booleans and enum spellings', () => {
    expect(normalizeAttributes(DEFS, {
      name: ' 甲 ', storageGb: '64GB', gps: '是', network: '4g', bought: ' 2026-01-02 ', code: 'AB123',
    })).toEqual({ name: '甲', storageGb: 64, gps: true, network: '4G', bought: '2026-01-02', code: 'AB123' });
    expect(normalizeAttributes(DEFS, { name: 13912345678, gps: 0, storageGb: ' 1.5 ' })).toEqual({
      name: '13912345678', gps: false, storageGb: 1.5,
    });
  });
  it('drops absent values, unknown keys and values that fail validation', () => {
    expect(normalizeAttributes(DEFS, { name: '甲', storageGb: null, gps: '', network: '3G', extra: 'x' })).toEqual({ name: '甲' });
  });
  it('returns an empty object for a non-object', () => {
    expect(normalizeAttributes(DEFS, 'x' as unknown as Record<string, unknown>)).toEqual({});
  });
  it('produces values that validate cleanly', () => {
    const raw = { plate: ' 沪A12345 ', vehicleType: 'suv', hasDashcam: '有', inspectionDue: '2027-03-31' };
    const stored = normalizeAttributes(attrs('vehicle'), raw);
    expect(stored).toEqual({ plate: '沪A12345', vehicleType: 'SUV', hasDashcam: true, inspectionDue: '2027-03-31' });
    expect(equipmentAttributeProblems(attrs('vehicle'), stored)).toEqual([]);
  });
});

describe('categoryDefProblems', () => {
  const good = {
    code: 'helmet_cam',
    name: '头盔记录仪',
    group: '执法人员装备',
    perOfficer: true,
    attributes: [
      { key: 'resolution', label: '分辨率', type: 'enum', options: ['1080P', '4K'], required: true },
      { key: 'weightG', label: '重量', type: 'number', unit: '克', min: 1, max: 2000 },
      { key: 'serialCode', label: '出厂编码', type: 'string', pattern: '[A-Z0-9]{6,20}', patternMessage: '应为6–20位大写字母或数字' },
      { key: 'waterproof', label: '防水', type: 'boolean' },
      { key: 'madeOn', label: '出厂日期', type: 'date' },
    ],
  };
  const withAttr = (a: Record<string, unknown>) => ({ ...good, attributes: [a] });

  it('accepts a well-formed definition, and one without attributes', () => {
    expect(categoryDefProblems(good)).toEqual([]);
    expect(categoryDefProblems({ ...good, attributes: [] })).toEqual([]);
  });

  it('ignores top-level fields that are not part of the definition', () => {
    expect(categoryDefProblems({ ...good, sortOrder: 3, version: 2 })).toEqual([]);
  });

  it('refuses a non-object', () => {
    expect(categoryDefProblems(null)).toEqual(['装备类别须为对象']);
    expect(categoryDefProblems([good])).toEqual(['装备类别须为对象']);
  });

  it.each(['a', 'Helmet', '1cam', 'cam-1', 'cam 1', 'x'.repeat(41), 42])('refuses code %s', (code) => {
    expect(categoryDefProblems({ ...good, code })).toEqual(['类别编码应为2–40位小写字母、数字或下划线，且以字母开头']);
  });

  it('checks the name, group and perOfficer', () => {
    expect(categoryDefProblems({ ...good, name: ' ' })).toEqual(['类别名称不能为空']);
    expect(categoryDefProblems({ ...good, name: '盔' })).toEqual(['类别名称长度应为2–30个字符']);
    expect(categoryDefProblems({ ...good, name: '盔'.repeat(31) })).toEqual(['类别名称长度应为2–30个字符']);
    expect(categoryDefProblems({ ...good, group: '其他' })).toEqual([
      '装备分组只能是：执法车辆、执法人员装备、中队装备、指挥与视频、定位终端',
    ]);
    expect(categoryDefProblems({ ...good, perOfficer: 'yes' })).toEqual(['“按人配发”须为是或否']);
  });

  it('requires an attribute array', () => {
    expect(categoryDefProblems({ ...good, attributes: undefined })).toEqual(['属性列表须为数组']);
    expect(categoryDefProblems({ ...good, attributes: {} })).toEqual(['属性列表须为数组']);
    const many = Array.from({ length: 51 }, (_, i) => ({ key: `a${i}`, label: `属性${i}`, type: 'string' }));
    expect(categoryDefProblems({ ...good, attributes: many })).toEqual(['属性不能超过50个']);
  });

  it('requires unique attribute keys (ignoring case) and unique labels', () => {
    expect(categoryDefProblems({
      ...good,
      attributes: [
        { key: 'size', label: '尺寸', type: 'number' },
        { key: 'Size', label: '大小', type: 'number' },
        { key: 'other', label: '尺寸', type: 'number' },
      ],
    })).toEqual(['第2个属性（大小）：属性键“Size”重复', '第3个属性（尺寸）：属性名称重复']);
  });

  it('checks attribute key, label and type', () => {
    expect(categoryDefProblems(withAttr({ key: '1x', label: '甲', type: 'string' }))).toEqual([
      '第1个属性（甲）：属性键应为1–40位英文字母或数字，且以字母开头',
    ]);
    expect(categoryDefProblems(withAttr({ key: 'snake_case', label: '甲', type: 'string' }))).toEqual([
      '第1个属性（甲）：属性键应为1–40位英文字母或数字，且以字母开头',
    ]);
    expect(categoryDefProblems(withAttr({ key: 'x', label: '', type: 'string' }))).toEqual(['第1个属性：属性名称不能为空']);
    expect(categoryDefProblems(withAttr({ key: 'x', label: '长'.repeat(31), type: 'string' }))).toEqual([
      `第1个属性（${'长'.repeat(31)}）：属性名称不能超过30个字符`,
    ]);
    expect(categoryDefProblems(withAttr({ key: 'x', label: '甲', type: 'text' }))).toEqual([
      '第1个属性（甲）：属性类型只能是：string、number、boolean、enum、date',
    ]);
    expect(categoryDefProblems({ ...good, attributes: ['x'] })).toEqual(['第1个属性须为对象']);
  });

  it('refuses settings it does not know, so typos do not pass silently', () => {
    expect(categoryDefProblems(withAttr({ key: 'x', label: '甲', type: 'string', requird: true }))).toEqual([
      '第1个属性（甲）：不支持的设置“requird”',
    ]);
    expect(categoryDefProblems(withAttr({ key: 'x', label: '甲', type: 'string', required: 'yes' }))).toEqual([
      '第1个属性（甲）：“必填”须为是或否',
    ]);
  });

  it('requires at least one distinct, trimmed option for an enum and no options elsewhere', () => {
    const e = (options: unknown) => categoryDefProblems(withAttr({ key: 'x', label: '甲', type: 'enum', options }));
    expect(e(undefined)).toEqual(['第1个属性（甲）：枚举属性至少需要一个选项']);
    expect(e([])).toEqual(['第1个属性（甲）：枚举属性至少需要一个选项']);
    expect(e(['A', ''])).toEqual(['第1个属性（甲）：枚举选项应为1–30个字符的文本，且首尾不能有空格']);
    expect(e([' A'])).toEqual(['第1个属性（甲）：枚举选项应为1–30个字符的文本，且首尾不能有空格']);
    expect(e(['A', 1])).toEqual(['第1个属性（甲）：枚举选项应为1–30个字符的文本，且首尾不能有空格']);
    expect(e(['4G', '4g'])).toEqual(['第1个属性（甲）：枚举选项“4g”重复']);
    expect(e(Array.from({ length: 51 }, (_, i) => `o${i}`))).toEqual(['第1个属性（甲）：枚举选项不能超过50个']);
    expect(categoryDefProblems(withAttr({ key: 'x', label: '甲', type: 'string', options: ['a'] }))).toEqual([
      '第1个属性（甲）：只有枚举属性可以设置选项',
    ]);
  });

  it('allows unit, min and max on numbers only, with min ≤ max', () => {
    const a = (extra: Record<string, unknown>, type = 'number') =>
      categoryDefProblems(withAttr({ key: 'x', label: '甲', type, ...extra }));
    expect(a({ unit: 'GB', min: 0, max: 0 })).toEqual([]);
    expect(a({ min: 5, max: 1 })).toEqual(['第1个属性（甲）：最小值不能大于最大值']);
    expect(a({ min: '1' })).toEqual(['第1个属性（甲）：最小值须为数字']);
    expect(a({ max: Number.POSITIVE_INFINITY })).toEqual(['第1个属性（甲）：最大值须为数字']);
    expect(a({ unit: '' })).toEqual(['第1个属性（甲）：单位应为1–10个字符']);
    expect(a({ unit: 'GB' }, 'string')).toEqual(['第1个属性（甲）：只有数字属性可以设置单位']);
    expect(a({ min: 1 }, 'string')).toEqual(['第1个属性（甲）：只有数字属性可以设置最小值或最大值']);
  });

  it('allows a valid pattern on strings only, and a pattern message only with a pattern', () => {
    const a = (extra: Record<string, unknown>, type = 'string') =>
      categoryDefProblems(withAttr({ key: 'x', label: '甲', type, ...extra }));
    expect(a({ pattern: '\\d{3}', patternMessage: '应为3位数字' })).toEqual([]);
    expect(a({ pattern: '([' })).toEqual(['第1个属性（甲）：格式（正则表达式）无效']);
    expect(a({ pattern: '' })).toEqual(['第1个属性（甲）：格式（正则表达式）应为1–200个字符']);
    expect(a({ pattern: 'a'.repeat(201) })).toEqual(['第1个属性（甲）：格式（正则表达式）应为1–200个字符']);
    expect(a({ pattern: '\\d' }, 'number')).toEqual(['第1个属性（甲）：只有文本属性可以设置格式']);
    expect(a({ patternMessage: '应为数字' })).toEqual(['第1个属性（甲）：设置了格式提示但没有格式']);
    expect(a({ pattern: '\\d', patternMessage: ' ' })).toEqual(['第1个属性（甲）：格式提示应为1–100个字符']);
  });

  it('reports every problem at once', () => {
    expect(categoryDefProblems({ code: 'X', name: '', group: null, attributes: [{ key: 'k', label: '甲', type: 'enum' }] })).toEqual([
      '类别编码应为2–40位小写字母、数字或下划线，且以字母开头',
      '类别名称不能为空',
      '装备分组只能是：执法车辆、执法人员装备、中队装备、指挥与视频、定位终端',
      '“按人配发”须为是或否',
      '第1个属性（甲）：枚举属性至少需要一个选项',
    ]);
  });
});

describe('assetTagProblem / normalizeAssetTag', () => {
  it.each(['ZFJL-0001', 'A123', 'CAR2024-001', ' sh-bc-0001 ', '0000', 'A'.repeat(32)])('accepts %s', (v) => {
    expect(assetTagProblem(v)).toBeNull();
  });
  it.each(['ABC', '-A123', 'A 123', 'A_123', '沪A-001', 'A'.repeat(33), 'A.123'])('rejects %s', (v) => {
    expect(assetTagProblem(v)).toBe('资产编号应为4–32位字母、数字或“-”，且不能以“-”开头');
  });
  it('reports an empty value', () => {
    expect(assetTagProblem('')).toBe('资产编号不能为空');
    expect(assetTagProblem('   ')).toBe('资产编号不能为空');
  });
  it('stores the trimmed upper-case form, which passes', () => {
    expect(normalizeAssetTag(' sh-bc-0001 ')).toBe('SH-BC-0001');
    expect(assetTagProblem(normalizeAssetTag(' sh-bc-0001 '))).toBeNull();
  });
});

describe('terminalPhoneProblem', () => {
  it.each(['13912345678', '013912345678', '12345678901234567890', ' 13912345678 '])('accepts %s', (v) => {
    expect(terminalPhoneProblem(v)).toBeNull();
  });
  it.each(['1391234567', '123456789012345678901', '139-1234-5678', '1391234567a'])('rejects %s', (v) => {
    expect(terminalPhoneProblem(v)).toBe('终端手机号格式不正确，应为11–20位数字');
  });
  it('reports an empty value', () => expect(terminalPhoneProblem(' ')).toBe('终端手机号不能为空'));
});
