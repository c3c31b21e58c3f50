// 执法装备库: what equipment a squadron has, described by category-specific attributes, plus the checks the
// API, Excel import and web forms share. The standard (第四章 装备管理 and 附表) evaluates 执法车辆, 执法人员
// 装备 (per officer), 中队装备 and, for 示范中队, the 4G/video kit; the catalogue below mirrors those items.
// Categories are data (stored as JSON, editable by the city admin), so attribute rules are data too.
import { isoDateProblem, plateNumberProblem } from './validators.ts';

// ---- status and groups -------------------------------------------------------------------------------------

export const EQUIPMENT_STATUSES = ['在库', '在用', '借出', '维修', '报废', '遗失'] as const;
export type EquipmentStatus = (typeof EQUIPMENT_STATUSES)[number];
/** Statuses that count as equipped (in service) for the evaluation: the item exists and works. */
export const IN_SERVICE_STATUSES: readonly EquipmentStatus[] = ['在库', '在用', '借出'];

export const EQUIPMENT_GROUPS = ['执法车辆', '执法人员装备', '中队装备', '指挥与视频', '定位终端'] as const;
export type EquipmentGroup = (typeof EQUIPMENT_GROUPS)[number];

// ---- attribute and category definitions --------------------------------------------------------------------

export const EQUIPMENT_ATTRIBUTE_TYPES = ['string', 'number', 'boolean', 'enum', 'date'] as const;
export type EquipmentAttributeType = (typeof EQUIPMENT_ATTRIBUTE_TYPES)[number];

export interface EquipmentAttributeDef {
  key: string;
  label: string;
  type: EquipmentAttributeType;
  /** Display unit of a number ('GB', '小时'); a number given as '64GB' is accepted. */
  unit?: string;
  /** Allowed values of an enum. */
  options?: readonly string[];
  required?: boolean;
  /** Inclusive bounds of a number. */
  min?: number;
  max?: number;
  /** Regex source a string must match in full (it is anchored for you). */
  pattern?: string;
  /** Shown as '<label>：<patternMessage>' when the pattern does not match. */
  patternMessage?: string;
}

export interface EquipmentCategoryDef {
  code: string;
  name: string;
  group: EquipmentGroup;
  /** Personal kit issued 1:1 to officers (counted per active officer). */
  perOfficer: boolean;
  attributes: readonly EquipmentAttributeDef[];
}

const VIDEO_RESOLUTIONS = ['720P', '1080P', '2K', '4K'] as const;
const ROOM_LOCATIONS = [
  '出入口', '内部通道', '暂扣物品存放室', '勤务指挥室', '受理接待大厅', '案件审理室', '信访接待室', '其他',
] as const;

const BODY_CAMERA_ATTRIBUTES: readonly EquipmentAttributeDef[] = [
  { key: 'resolution', label: '分辨率', type: 'enum', options: VIDEO_RESOLUTIONS },
  { key: 'storageGb', label: '存储容量', type: 'number', unit: 'GB', min: 1, max: 4096 },
  { key: 'batteryHours', label: '续航时间', type: 'number', unit: '小时', min: 1, max: 48 },
  { key: 'network', label: '联网方式', type: 'enum', options: ['无', '4G', '5G'] },
  { key: 'positioning', label: '定位', type: 'boolean' },
];

// Real-time video into the city command centre is what 附表二 "视频图像" counts for vehicles, drones and cameras.
const LIVE_TO_CITY: EquipmentAttributeDef = { key: 'liveToCityCenter', label: '实时视频接入市局指挥中心', type: 'boolean' };
const LINKED_TO_DISTRICT: EquipmentAttributeDef = { key: 'linkedToDistrict', label: '与区局指挥中心联通', type: 'boolean' };

/** The built-in catalogue, seeded into equipment_categories; the city admin may add more. */
export const DEFAULT_EQUIPMENT_CATEGORIES: readonly EquipmentCategoryDef[] = [
  {
    code: 'vehicle', name: '执法车辆', group: '执法车辆', perOfficer: false,
    attributes: [
      // Checked with plateNumberProblem (see FORMAT_CHECKS), not a pattern, so the message matches the other forms.
      { key: 'plate', label: '车牌号', type: 'string', required: true },
      { key: 'vehicleType', label: '车辆类型', type: 'enum', options: ['轿车', 'SUV', '面包车', '皮卡', '电动巡逻车', '摩托车'] },
      { key: 'hasDashcam', label: '行车记录仪', type: 'boolean' },
      { key: 'hasBeidou', label: '北斗定位终端', type: 'boolean' },
      { key: 'beidouOnCityPlatform', label: '北斗定位数据接入市局平台', type: 'boolean' },
      { key: 'has4gVideo', label: '4G车载视频', type: 'boolean' },
      { key: 'videoResolution', label: '车载视频分辨率', type: 'enum', options: VIDEO_RESOLUTIONS },
      LIVE_TO_CITY,
      { key: 'inspectionDue', label: '年检有效期', type: 'date' },
    ],
  },
  {
    code: 'handheld_terminal', name: '手持执法终端', group: '执法人员装备', perOfficer: true,
    attributes: [
      { key: 'network', label: '网络制式', type: 'enum', options: ['4G', '5G'] },
      { key: 'os', label: '操作系统', type: 'enum', options: ['Android', '鸿蒙', 'iOS', '其他'] },
      { key: 'imei', label: 'IMEI', type: 'string', pattern: String.raw`\d{15}`, patternMessage: '应为15位数字' },
    ],
  },
  {
    code: 'radio', name: '对讲机', group: '执法人员装备', perOfficer: true,
    attributes: [{ key: 'mode', label: '制式', type: 'enum', options: ['模拟', '数字', '公网'] }],
  },
  {
    code: 'body_camera', name: '执法记录仪', group: '执法人员装备', perOfficer: true,
    attributes: BODY_CAMERA_ATTRIBUTES,
  },
  {
    // Counts as a body camera too (KIT_EQUIVALENTS); 附表二 scores its number and performance separately.
    code: 'body_camera_4g', name: '单兵4G执法记录仪', group: '执法人员装备', perOfficer: true,
    attributes: [
      ...BODY_CAMERA_ATTRIBUTES.map((a) =>
        a.key === 'network' ? { ...a, options: ['4G', '5G'], required: true } : a,
      ),
      LIVE_TO_CITY,
    ],
  },
  {
    code: 'data_terminal', name: '数据管理终端', group: '中队装备', perOfficer: false,
    attributes: [
      { key: 'capacityTb', label: '存储容量', type: 'number', unit: 'TB', min: 0.1, max: 1000 },
      { key: 'ports', label: '接口数', type: 'number', unit: '个', min: 1, max: 128 },
    ],
  },
  {
    code: 'id_reader', name: '身份证读卡器', group: '中队装备', perOfficer: false,
    attributes: [{ key: 'connection', label: '连接方式', type: 'enum', options: ['USB', '蓝牙', '串口'] }],
  },
  {
    code: 'scanner', name: '高清扫描仪', group: '中队装备', perOfficer: false,
    attributes: [{ key: 'dpi', label: '光学分辨率', type: 'number', unit: 'dpi', min: 100, max: 9600 }],
  },
  {
    code: 'portable_printer', name: '便携式打印机', group: '中队装备', perOfficer: false,
    attributes: [
      { key: 'printType', label: '打印方式', type: 'enum', options: ['热敏', '针式', '喷墨', '激光'] },
      { key: 'connection', label: '连接方式', type: 'enum', options: ['蓝牙', 'USB', 'Wi-Fi'] },
    ],
  },
  {
    code: 'camera', name: '照相摄像', group: '中队装备', perOfficer: false,
    attributes: [
      { key: 'kind', label: '设备类型', type: 'enum', options: ['照相机', '摄像机', '照相摄像一体'] },
      { key: 'resolution', label: '分辨率', type: 'enum', options: VIDEO_RESOLUTIONS },
    ],
  },
  {
    code: 'drone', name: '无人机', group: '指挥与视频', perOfficer: false,
    attributes: [
      { key: 'flightMinutes', label: '续航时间', type: 'number', unit: '分钟', min: 1, max: 600 },
      { key: 'videoResolution', label: '视频分辨率', type: 'enum', options: VIDEO_RESOLUTIONS },
      { key: 'liveStream', label: '4G图传', type: 'boolean' },
      LIVE_TO_CITY,
    ],
  },
  {
    code: 'video_conference', name: '视频会议终端', group: '指挥与视频', perOfficer: false,
    attributes: [{ key: 'resolution', label: '分辨率', type: 'enum', options: VIDEO_RESOLUTIONS }, LINKED_TO_DISTRICT],
  },
  {
    code: 'display', name: '显示设备', group: '指挥与视频', perOfficer: false,
    attributes: [
      { key: 'displayType', label: '显示类型', type: 'enum', options: ['液晶显示器', 'LED拼接屏', '投影'] },
      { key: 'sizeInch', label: '尺寸', type: 'number', unit: '英寸', min: 10, max: 1000 },
    ],
  },
  {
    code: 'dispatch', name: '指挥调度设备', group: '指挥与视频', perOfficer: false,
    attributes: [LINKED_TO_DISTRICT],
  },
  {
    code: 'surveillance', name: '监控设备', group: '指挥与视频', perOfficer: false,
    attributes: [
      { key: 'location', label: '安装位置', type: 'enum', options: ROOM_LOCATIONS },
      // 第三章: at least 15 days for entrances/passages/storage/command room, 30 days in the business rooms.
      { key: 'retentionDays', label: '录像保存天数', type: 'number', unit: '天', min: 1, max: 3650 },
      { key: 'audio', label: '同步录音', type: 'boolean' },
    ],
  },
  {
    code: 'access_control', name: '门禁', group: '中队装备', perOfficer: false,
    attributes: [
      { key: 'location', label: '安装位置', type: 'enum', options: ROOM_LOCATIONS },
      { key: 'networked', label: '联网', type: 'boolean' },
    ],
  },
  {
    // JT/T 808 terminal registration fields; lengths follow the 2019 edition (the 2013 one is shorter).
    code: 'beidou_terminal', name: '北斗定位终端', group: '定位终端', perOfficer: false,
    attributes: [
      { key: 'terminalPhone', label: '终端手机号', type: 'string', required: true, pattern: String.raw`\d{11,20}`, patternMessage: '应为11–20位数字' },
      { key: 'maker', label: '制造商ID', type: 'string', pattern: '[A-Za-z0-9]{1,11}', patternMessage: '应为1–11位字母或数字' },
      { key: 'model', label: '终端型号', type: 'string', pattern: '[A-Za-z0-9._-]{1,30}', patternMessage: '应为1–30位字母、数字或“._-”' },
      { key: 'terminalId', label: '终端ID', type: 'string', pattern: '[A-Za-z0-9]{1,30}', patternMessage: '应为1–30位字母或数字' },
      { key: 'sim', label: 'SIM卡号（ICCID）', type: 'string', pattern: String.raw`\d{19,20}`, patternMessage: '应为19–20位数字' },
      { key: 'protocol', label: '通信协议', type: 'enum', options: ['JT/T 808-2013', 'JT/T 808-2019'] },
      { key: 'onCityPlatform', label: '定位数据接入市局平台', type: 'boolean' },
    ],
  },
];

/** 中队装备 the standard requires every squadron to have (附表一). */
export const SQUADRON_EQUIPMENT_CODES: readonly string[] = ['data_terminal', 'id_reader', 'scanner', 'portable_printer', 'camera'];
/** 执法人员装备 counted against the number of active officers (附表一). */
export const PERSONAL_KIT_CODES: readonly string[] = ['handheld_terminal', 'radio', 'body_camera'];
/** Categories that also count as another: a 4G body camera is a body camera for the per-officer ratio. */
export const KIT_EQUIVALENTS: Readonly<Record<string, readonly string[]>> = { body_camera_4g: ['body_camera'] };

/** The category codes an item of `code` counts as: itself first, then its equivalents. */
export function countsAs(code: string): string[] {
  return [code, ...(Object.hasOwn(KIT_EQUIVALENTS, code) ? KIT_EQUIVALENTS[code] : [])];
}

// ---- attribute values --------------------------------------------------------------------------------------

export type EquipmentAttributeValue = string | number | boolean;
export interface EquipmentAttributeProblem {
  key: string;
  message: string;
}

/** Longest text attribute; patterns may be stricter. Keeps the JSON column from becoming a notes field. */
export const ATTRIBUTE_TEXT_MAX_LENGTH = 200;

// String attributes whose key names a format with its own shared validator, so they get the same message as the
// dedicated form fields. Keyed by attribute key because definitions are JSON and cannot carry functions.
const FORMAT_CHECKS: Record<string, (v: string) => string | null> = { plate: plateNumberProblem };

// Excel cells and form check-boxes arrive as many spellings of yes/no.
const TRUE_WORDS = new Set(['true', '1', '是', '有', 'y', 'yes']);
const FALSE_WORDS = new Set(['false', '0', '否', '无', 'n', 'no']);

type Read = { ok: true; value: EquipmentAttributeValue } | { ok: false; message: string };

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** '车牌号' + '车牌号格式不正确' → '车牌号：格式不正确', so every format message starts with the field. */
function labelled(label: string, problem: string): string {
  return `${label}：${problem.startsWith(label) ? problem.slice(label.length) : problem}`;
}

// Compiled once per pattern: an Excel import checks the same few patterns thousands of times.
const compiled = new Map<string, RegExp>();
/** The pattern anchored at both ends; throws SyntaxError for an invalid regex source. */
function fullMatch(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
    compiled.set(pattern, re);
  }
  return re;
}

function matches(pattern: string, s: string): boolean | null {
  try {
    return fullMatch(pattern).test(s);
  } catch {
    return null;
  }
}

function unitText(def: EquipmentAttributeDef): string {
  return def.unit ?? '';
}

/** Reads one present value: the stored form, or why it is not acceptable. */
function readAttribute(def: EquipmentAttributeDef, raw: unknown): Read {
  const { label } = def;
  switch (def.type) {
    case 'number': {
      let n: number;
      if (typeof raw === 'number') {
        n = raw;
      } else if (typeof raw === 'string') {
        let s = raw.trim();
        // Imports give '64' or '64GB' for a GB field; take the number when the suffix is the field's own unit.
        if (def.unit && s.toLowerCase().endsWith(def.unit.toLowerCase())) s = s.slice(0, -def.unit.length).trim();
        n = /^-?\d+(?:\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
      } else {
        n = Number.NaN;
      }
      if (!Number.isFinite(n)) return { ok: false, message: `${label}须为数字` };
      if (def.min !== undefined && n < def.min) return { ok: false, message: `${label}不能小于${def.min}${unitText(def)}` };
      if (def.max !== undefined && n > def.max) return { ok: false, message: `${label}不能大于${def.max}${unitText(def)}` };
      return { ok: true, value: n };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const word = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim().toLowerCase() : '';
      if (TRUE_WORDS.has(word)) return { ok: true, value: true };
      if (FALSE_WORDS.has(word)) return { ok: true, value: false };
      return { ok: false, message: `${label}须为“是”或“否”` };
    }
    case 'enum': {
      const options = def.options ?? [];
      const s = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
      if (options.includes(s)) return { ok: true, value: s };
      // '1080p' or '4g' typed into a spreadsheet: store the canonical spelling.
      const folded = options.filter((o) => o.toLowerCase() === s.toLowerCase());
      if (s !== '' && folded.length === 1) return { ok: true, value: folded[0] };
      return { ok: false, message: `${label}只能是：${options.join('、')}` };
    }
    case 'date': {
      if (typeof raw !== 'string') return { ok: false, message: `${label}格式应为YYYY-MM-DD` };
      const p = isoDateProblem(raw, label);
      return p ? { ok: false, message: p } : { ok: true, value: raw.trim() };
    }
    case 'string': {
      // Numeric cells (a phone number typed into Excel) are text for a text field.
      const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
      if (typeof text !== 'string') return { ok: false, message: `${label}须为文本` };
      const s = text.trim();
      if (Array.from(s).length > ATTRIBUTE_TEXT_MAX_LENGTH) {
        return { ok: false, message: `${label}不能超过${ATTRIBUTE_TEXT_MAX_LENGTH}个字符` };
      }
      const check = Object.hasOwn(FORMAT_CHECKS, def.key) ? FORMAT_CHECKS[def.key] : undefined;
      const formatProblem = check?.(s);
      if (formatProblem) return { ok: false, message: labelled(label, formatProblem) };
      if (def.pattern !== undefined) {
        const ok = matches(def.pattern, s);
        // A definition stored without categoryDefProblems may carry a broken regex; refuse rather than throw.
        if (ok === null) return { ok: false, message: `${label}的格式设置无效，请联系管理员` };
        if (!ok) return { ok: false, message: labelled(label, def.patternMessage ?? '格式不正确') };
      }
      return { ok: true, value: s };
    }
    default:
      return { ok: false, message: `${label}的属性类型不受支持` };
  }
}

/**
 * Problems with a JSON object of attribute values for a category with attributes `defs`, in definition order
 * followed by unknown keys. null, undefined and blank strings count as absent. Lenient about spelling, strict
 * about meaning: numbers may come as numeric strings ('64', '64GB' for a GB field), booleans as 是/否/有/无/
 * true/false/1/0, enum values case-insensitively ('1080p'); normalizeAttributes stores the canonical form.
 * With `partial`, keys missing from `values` are not reported as required (an update of some attributes),
 * but a required key explicitly set to null or blank still is — that would erase it.
 */
export function equipmentAttributeProblems(
  defs: readonly EquipmentAttributeDef[],
  values: Record<string, unknown>,
  options: { partial?: boolean } = {},
): EquipmentAttributeProblem[] {
  if (!isPlainObject(values)) return [{ key: '', message: '性能属性须为对象' }];
  const problems: EquipmentAttributeProblem[] = [];
  for (const def of defs) {
    const raw = Object.hasOwn(values, def.key) ? values[def.key] : undefined;
    if (isAbsent(raw)) {
      const omitted = raw === undefined;
      if (def.required && !(options.partial && omitted)) problems.push({ key: def.key, message: `${def.label}不能为空` });
      continue;
    }
    const read = readAttribute(def, raw);
    if (!read.ok) problems.push({ key: def.key, message: read.message });
  }
  const known = new Set(defs.map((d) => d.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) problems.push({ key, message: `该类别没有属性“${key}”` });
  }
  return problems;
}

/**
 * The stored form of attribute values: known keys only, absent values dropped, strings trimmed, numbers,
 * booleans and enum spellings converted as equipmentAttributeProblems accepts them. A value that fails
 * validation is dropped, so validate first and store this only when there were no problems.
 */
export function normalizeAttributes(
  defs: readonly EquipmentAttributeDef[],
  values: Record<string, unknown>,
): Record<string, EquipmentAttributeValue> {
  const out: Record<string, EquipmentAttributeValue> = {};
  if (!isPlainObject(values)) return out;
  for (const def of defs) {
    if (!Object.hasOwn(values, def.key) || isAbsent(values[def.key])) continue;
    const read = readAttribute(def, values[def.key]);
    if (read.ok) out[def.key] = read.value;
  }
  return out;
}

// ---- admin-defined categories ------------------------------------------------------------------------------

const CATEGORY_CODE = /^[a-z][a-z0-9_]{1,39}$/;
const ATTRIBUTE_KEY = /^[a-zA-Z][a-zA-Z0-9]{0,39}$/;
const ATTRIBUTE_DEF_KEYS = new Set([
  'key', 'label', 'type', 'unit', 'options', 'required', 'min', 'max', 'pattern', 'patternMessage',
]);
const MAX_ATTRIBUTES = 50;
const MAX_OPTIONS = 50;
const MAX_PATTERN_LENGTH = 200;

function charLength(s: string): number {
  return Array.from(s).length;
}

function attributeDefProblems(a: unknown, where: string): string[] {
  if (!isPlainObject(a)) return [`${where}须为对象`];
  const out: string[] = [];
  const p = (m: string) => out.push(`${where}：${m}`);
  // Definitions are stored verbatim as JSON, so a misspelt option ('requird') must not pass silently.
  for (const k of Object.keys(a)) if (!ATTRIBUTE_DEF_KEYS.has(k)) p(`不支持的设置“${k}”`);
  if (typeof a.key !== 'string' || !ATTRIBUTE_KEY.test(a.key)) p('属性键应为1–40位英文字母或数字，且以字母开头');
  if (typeof a.label !== 'string' || a.label.trim() === '') p('属性名称不能为空');
  else if (charLength(a.label.trim()) > 30) p('属性名称不能超过30个字符');
  const type = a.type;
  if (typeof type !== 'string' || !(EQUIPMENT_ATTRIBUTE_TYPES as readonly string[]).includes(type)) {
    p(`属性类型只能是：${EQUIPMENT_ATTRIBUTE_TYPES.join('、')}`);
  }
  if (a.required !== undefined && typeof a.required !== 'boolean') p('“必填”须为是或否');

  if (a.unit !== undefined) {
    if (type !== 'number') p('只有数字属性可以设置单位');
    else if (typeof a.unit !== 'string' || a.unit.trim() === '' || charLength(a.unit) > 10) p('单位应为1–10个字符');
  }

  if (type === 'enum') {
    const opts = a.options;
    if (!Array.isArray(opts) || opts.length === 0) {
      p('枚举属性至少需要一个选项');
    } else if (opts.length > MAX_OPTIONS) {
      p(`枚举选项不能超过${MAX_OPTIONS}个`);
    } else if (opts.some((o) => typeof o !== 'string' || o.trim() === '' || o !== o.trim() || charLength(o) > 30)) {
      p('枚举选项应为1–30个字符的文本，且首尾不能有空格');
    } else {
      // Values are matched case-insensitively, so options differing only in case would be ambiguous.
      const seen = new Set<string>();
      for (const o of opts as string[]) {
        if (seen.has(o.toLowerCase())) p(`枚举选项“${o}”重复`);
        seen.add(o.toLowerCase());
      }
    }
  } else if (a.options !== undefined) {
    p('只有枚举属性可以设置选项');
  }

  for (const bound of ['min', 'max'] as const) {
    if (a[bound] === undefined) continue;
    if (type !== 'number') p('只有数字属性可以设置最小值或最大值');
    else if (typeof a[bound] !== 'number' || !Number.isFinite(a[bound])) p(`${bound === 'min' ? '最小值' : '最大值'}须为数字`);
  }
  if (typeof a.min === 'number' && typeof a.max === 'number' && a.min > a.max) p('最小值不能大于最大值');

  if (a.pattern !== undefined) {
    if (type !== 'string') {
      p('只有文本属性可以设置格式');
    } else if (typeof a.pattern !== 'string' || a.pattern === '' || a.pattern.length > MAX_PATTERN_LENGTH) {
      p(`格式（正则表达式）应为1–${MAX_PATTERN_LENGTH}个字符`);
    } else {
      if (matches(a.pattern, '') === null) p('格式（正则表达式）无效');
    }
  }
  if (a.patternMessage !== undefined) {
    if (a.pattern === undefined) p('设置了格式提示但没有格式');
    else if (typeof a.patternMessage !== 'string' || a.patternMessage.trim() === '' || charLength(a.patternMessage) > 100) {
      p('格式提示应为1–100个字符');
    }
  }
  return out;
}

/**
 * Problems with an admin-defined category (POST/PUT of equipment_categories), [] when it may be stored.
 * Only the EquipmentCategoryDef fields are checked; other top-level fields (sort order, version) are the
 * API schema's business. Attribute keys and labels must be unique: labels are the Excel column headings.
 */
export function categoryDefProblems(def: unknown): string[] {
  if (!isPlainObject(def)) return ['装备类别须为对象'];
  const out: string[] = [];
  if (typeof def.code !== 'string' || !CATEGORY_CODE.test(def.code)) {
    out.push('类别编码应为2–40位小写字母、数字或下划线，且以字母开头');
  }
  const name = typeof def.name === 'string' ? def.name.trim() : '';
  if (name === '') out.push('类别名称不能为空');
  else if (charLength(name) < 2 || charLength(name) > 30) out.push('类别名称长度应为2–30个字符');
  if (typeof def.group !== 'string' || !(EQUIPMENT_GROUPS as readonly string[]).includes(def.group)) {
    out.push(`装备分组只能是：${EQUIPMENT_GROUPS.join('、')}`);
  }
  if (typeof def.perOfficer !== 'boolean') out.push('“按人配发”须为是或否');

  if (!Array.isArray(def.attributes)) {
    out.push('属性列表须为数组');
    return out;
  }
  if (def.attributes.length > MAX_ATTRIBUTES) out.push(`属性不能超过${MAX_ATTRIBUTES}个`);
  const keys = new Set<string>();
  const labels = new Set<string>();
  def.attributes.forEach((a: unknown, i: number) => {
    const named = isPlainObject(a) && typeof a.label === 'string' && a.label.trim() !== '' ? `（${a.label.trim()}）` : '';
    const where = `第${i + 1}个属性${named}`;
    out.push(...attributeDefProblems(a, where));
    if (!isPlainObject(a)) return;
    // Case-insensitive: 'plate' and 'Plate' side by side would confuse imports and the UI alike.
    if (typeof a.key === 'string') {
      if (keys.has(a.key.toLowerCase())) out.push(`${where}：属性键“${a.key}”重复`);
      keys.add(a.key.toLowerCase());
    }
    if (typeof a.label === 'string' && a.label.trim() !== '') {
      if (labels.has(a.label.trim())) out.push(`${where}：属性名称重复`);
      labels.add(a.label.trim());
    }
  });
  return out;
}

// ---- identifiers -------------------------------------------------------------------------------------------

const ASSET_TAG = /^[A-Z0-9][A-Z0-9-]{3,31}$/;

/** 资产编号: 4–32 upper-case letters, digits and '-', not starting with '-'; judged after trim and upper-casing. */
export function assetTagProblem(v: string): string | null {
  const s = typeof v === 'string' ? normalizeAssetTag(v) : '';
  if (s === '') return '资产编号不能为空';
  if (ASSET_TAG.test(s)) return null;
  return '资产编号应为4–32位字母、数字或“-”，且不能以“-”开头';
}

/** Stored form of a 资产编号: trimmed, upper case. */
export function normalizeAssetTag(v: string): string {
  return v.trim().toUpperCase();
}

/** JT/T 808 终端手机号 (terminal phone, the terminal's identity on the platform): 11–20 digits. */
export function terminalPhoneProblem(v: string): string | null {
  const s = typeof v === 'string' ? v.trim() : '';
  if (s === '') return '终端手机号不能为空';
  if (/^\d{11,20}$/.test(s)) return null;
  return '终端手机号格式不正确，应为11–20位数字';
}
