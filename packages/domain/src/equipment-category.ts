// 装备类别 maintained by the city admin: what a submitted definition must look like, what may change on a category
// that is built in or already has items, and whether the items' stored values still fit a changed definition.
// Problems name the field as the API reports it (`attributes.2.key`) and say in Chinese which attribute is meant.
import {
  DEFAULT_EQUIPMENT_CATEGORIES, EQUIPMENT_ATTRIBUTE_TYPES, EQUIPMENT_GROUPS, equipmentAttributeProblems,
  type EquipmentAttributeDef, type EquipmentAttributeType, type EquipmentCategoryDef, type EquipmentGroup,
} from './equipment.ts';

export interface CategoryFieldProblem {
  /** Request field: `code`, `name`, `attributes`, `attributes.2`, `attributes.2.key` … */
  field: string;
  message: string;
}

export const CATEGORY_LIMITS = {
  codeLength: 40,
  nameLength: 30,
  attributes: 50,
  keyLength: 40,
  labelLength: 30,
  unitLength: 10,
  options: 50,
  optionLength: 30,
  patternLength: 200,
  patternMessageLength: 100,
} as const;

/** lower_snake_case: `traffic_cone`, `body_camera_4g`. */
const CATEGORY_CODE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
/** camelCase: `batteryHours`, `has4gVideo`. */
const ATTRIBUTE_KEY = /^[a-z][a-zA-Z0-9]*$/;
// `constructor`, `toString` …: reading such a key from a plain object finds the prototype's member, not a value.
const RESERVED_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));
const SETTINGS = new Set(['key', 'label', 'type', 'required', 'unit', 'options', 'min', 'max', 'pattern', 'patternMessage']);
// The Excel column 性能属性 is written `标签=值；标签=值`, so these would split a label or an option apart.
const LABEL_FORBIDDEN = /[=＝:：;；\r\n]/;
const OPTION_FORBIDDEN = /[;；\r\n]/;
// A quantified group that itself contains a quantifier, e.g. `(a+)+`: backtracks exponentially on a 200-character value.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*?(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;

const TYPE_LABELS: Record<EquipmentAttributeType, string> = {
  string: '文本', number: '数字', boolean: '是/否', enum: '选项', date: '日期',
};

export function attributeTypeLabel(type: EquipmentAttributeType): string {
  return TYPE_LABELS[type];
}

/** The built-in definition of a category code, if the code is one of the standard's categories. */
export function builtinCategoryDef(code: string): EquipmentCategoryDef | undefined {
  return DEFAULT_EQUIPMENT_CATEGORIES.find((c) => c.code === code);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const len = (s: string) => Array.from(s).length;
const given = (v: unknown) => v !== undefined && v !== null;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function where(i: number, a: unknown): string {
  const label = isObject(a) ? text(a.label) : '';
  return `第${i + 1}个属性${label ? `（${label}）` : ''}`;
}

/** Whether `pattern` compiles the way equipmentAttributeProblems applies it (anchored, unicode). */
function compiles(pattern: string): boolean {
  try {
    new RegExp(`^(?:${pattern})$`, 'u');
    return true;
  } catch {
    return false;
  }
}

function attributeProblems(a: unknown, i: number): CategoryFieldProblem[] {
  const at = `attributes.${i}`;
  if (!isObject(a)) return [{ field: at, message: `${where(i, a)}须为对象` }];
  const out: CategoryFieldProblem[] = [];
  const p = (setting: string, message: string) => out.push({ field: `${at}.${setting}`, message: `${where(i, a)}：${message}` });

  // Definitions are stored as JSON verbatim: a misspelt setting ('requird') must not pass silently.
  for (const k of Object.keys(a)) if (!SETTINGS.has(k)) p(k, `不支持的设置“${k}”`);

  if (typeof a.key !== 'string' || a.key === '') p('key', '请填写属性键');
  else if (!ATTRIBUTE_KEY.test(a.key) || a.key.length > CATEGORY_LIMITS.keyLength) {
    p('key', `属性键应为驼峰式英文（小写字母开头，只含字母和数字，最多${CATEGORY_LIMITS.keyLength}位，如 batteryHours）`);
  } else if (RESERVED_KEYS.has(a.key)) p('key', `属性键“${a.key}”是保留字，请换一个`);

  const label = text(a.label);
  if (label === '') p('label', '请填写属性名称');
  else if (len(label) > CATEGORY_LIMITS.labelLength) p('label', `属性名称不能超过${CATEGORY_LIMITS.labelLength}个字符`);
  else if (LABEL_FORBIDDEN.test(label)) p('label', '属性名称不能含有“=”“:”“;”或换行（Excel 导入用它们分隔属性）');

  const type = a.type;
  const typeOk = typeof type === 'string' && (EQUIPMENT_ATTRIBUTE_TYPES as readonly string[]).includes(type);
  if (!typeOk) p('type', `属性类型只能是：${EQUIPMENT_ATTRIBUTE_TYPES.map((t) => `${t}（${TYPE_LABELS[t]}）`).join('、')}`);

  if (given(a.required) && typeof a.required !== 'boolean') p('required', '“必填”须为是或否');

  if (given(a.unit)) {
    if (typeOk && type !== 'number') p('unit', '只有数字属性可以设置单位');
    else if (typeof a.unit !== 'string' || text(a.unit) === '' || len(text(a.unit)) > CATEGORY_LIMITS.unitLength) {
      p('unit', `单位应为1–${CATEGORY_LIMITS.unitLength}个字符`);
    }
  }

  for (const [bound, name] of [['min', '最小值'], ['max', '最大值']] as const) {
    if (!given(a[bound])) continue;
    if (typeOk && type !== 'number') p(bound, `只有数字属性可以设置${name}`);
    else if (typeof a[bound] !== 'number' || !Number.isFinite(a[bound])) p(bound, `${name}须为数字`);
  }
  if (typeof a.min === 'number' && typeof a.max === 'number' && a.min > a.max) p('max', '最大值不能小于最小值');

  if (type === 'enum') {
    const opts = a.options;
    if (!Array.isArray(opts) || opts.length === 0) p('options', '选项属性至少需要一个选项');
    else if (opts.length > CATEGORY_LIMITS.options) p('options', `选项不能超过${CATEGORY_LIMITS.options}个`);
    else {
      const seen = new Set<string>();
      opts.forEach((o: unknown, j: number) => {
        const s = text(o);
        if (typeof o !== 'string' || s === '') p(`options.${j}`, `第${j + 1}个选项不能为空`);
        else if (len(s) > CATEGORY_LIMITS.optionLength) p(`options.${j}`, `选项“${s}”超过${CATEGORY_LIMITS.optionLength}个字符`);
        else if (OPTION_FORBIDDEN.test(s)) p(`options.${j}`, `选项“${s}”不能含有“;”或换行`);
        // Values are matched case-insensitively ('1080p'), so options differing only in case are ambiguous.
        else if (seen.has(s.toLowerCase())) p(`options.${j}`, `选项“${s}”重复`);
        seen.add(s.toLowerCase());
      });
    }
  } else if (given(a.options)) {
    if (typeOk) p('options', '只有选项属性可以设置选项');
  }

  if (given(a.pattern)) {
    if (typeOk && type !== 'string') p('pattern', '只有文本属性可以设置格式');
    else if (typeof a.pattern !== 'string' || a.pattern === '' || a.pattern.length > CATEGORY_LIMITS.patternLength) {
      p('pattern', `格式（正则表达式）应为1–${CATEGORY_LIMITS.patternLength}个字符`);
    } else if (!compiles(a.pattern)) p('pattern', '格式（正则表达式）无法解析，请检查括号与转义');
    else if (NESTED_QUANTIFIER.test(a.pattern)) p('pattern', '格式中不能有嵌套的重复（如 (a+)+），校验时可能卡住服务器');
  }
  if (given(a.patternMessage)) {
    if (!given(a.pattern)) p('patternMessage', '设置了格式提示但没有设置格式');
    else if (typeof a.patternMessage !== 'string' || text(a.patternMessage) === ''
      || len(text(a.patternMessage)) > CATEGORY_LIMITS.patternMessageLength) {
      p('patternMessage', `格式提示应为1–${CATEGORY_LIMITS.patternMessageLength}个字符`);
    }
  }
  return out;
}

/**
 * Problems with a category definition as an admin submits it (code, name, group, perOfficer, attributes), []
 * when it may be stored after normalizeCategoryDraft. Other top-level fields are the API schema's business.
 * Attribute keys (case-insensitively) and labels (the Excel column uses them) must be unique in the category.
 */
export function categoryDraftProblems(draft: unknown): CategoryFieldProblem[] {
  if (!isObject(draft)) return [{ field: '', message: '装备类别须为对象' }];
  const out: CategoryFieldProblem[] = [];
  const code = draft.code;
  if (typeof code !== 'string' || code === '') out.push({ field: 'code', message: '请填写类别编码' });
  else if (!CATEGORY_CODE.test(code) || code.length < 2 || code.length > CATEGORY_LIMITS.codeLength) {
    out.push({
      field: 'code',
      message: `类别编码应为2–${CATEGORY_LIMITS.codeLength}位小写英文字母、数字和单个下划线，以字母开头（如 traffic_cone）`,
    });
  }
  const name = text(draft.name);
  if (name === '') out.push({ field: 'name', message: '请填写类别名称' });
  else if (len(name) < 2 || len(name) > CATEGORY_LIMITS.nameLength) {
    out.push({ field: 'name', message: `类别名称应为2–${CATEGORY_LIMITS.nameLength}个字符` });
  }
  if (typeof draft.group !== 'string' || !(EQUIPMENT_GROUPS as readonly string[]).includes(draft.group)) {
    out.push({ field: 'group', message: `装备分组只能是：${EQUIPMENT_GROUPS.join('、')}` });
  }
  if (typeof draft.perOfficer !== 'boolean') out.push({ field: 'perOfficer', message: '“按人配发”须为是或否' });

  const attrs = draft.attributes;
  if (!Array.isArray(attrs)) {
    out.push({ field: 'attributes', message: '性能属性定义须为列表' });
    return out;
  }
  if (attrs.length > CATEGORY_LIMITS.attributes) {
    out.push({ field: 'attributes', message: `一个类别最多${CATEGORY_LIMITS.attributes}个性能属性` });
  }
  const keys = new Map<string, number>();
  const labels = new Map<string, number>();
  attrs.forEach((a: unknown, i: number) => {
    out.push(...attributeProblems(a, i));
    if (!isObject(a)) return;
    if (typeof a.key === 'string' && a.key !== '') {
      const k = a.key.toLowerCase();
      const first = keys.get(k);
      if (first !== undefined) {
        out.push({ field: `attributes.${i}.key`, message: `${where(i, a)}：属性键“${a.key}”与第${first + 1}个属性重复` });
      } else keys.set(k, i);
    }
    const label = text(a.label);
    if (label !== '') {
      const first = labels.get(label);
      if (first !== undefined) {
        out.push({ field: `attributes.${i}.label`, message: `${where(i, a)}：属性名称与第${first + 1}个属性重复` });
      } else labels.set(label, i);
    }
  });
  return out;
}

export interface CategoryDraft {
  code: string;
  name: string;
  group: EquipmentGroup;
  perOfficer: boolean;
  attributes: readonly Record<string, unknown>[];
}

/** The stored form of a valid draft: texts trimmed, empty settings dropped, `required` kept only when true. */
export function normalizeCategoryDraft(draft: CategoryDraft): EquipmentCategoryDef {
  return {
    code: draft.code,
    name: draft.name.trim(),
    group: draft.group,
    perOfficer: draft.perOfficer,
    attributes: draft.attributes.map((a) => {
      const def: EquipmentAttributeDef = { key: a.key as string, label: text(a.label), type: a.type as EquipmentAttributeType };
      if (a.required === true) def.required = true;
      if (def.type === 'number') {
        if (text(a.unit) !== '') def.unit = text(a.unit);
        if (typeof a.min === 'number') def.min = a.min;
        if (typeof a.max === 'number') def.max = a.max;
      }
      if (def.type === 'enum') def.options = (a.options as string[]).map((o) => o.trim());
      if (def.type === 'string' && typeof a.pattern === 'string' && a.pattern !== '') {
        def.pattern = a.pattern;
        if (text(a.patternMessage) !== '') def.patternMessage = text(a.patternMessage);
      }
      return def;
    }),
  };
}

export interface CategoryChange {
  /** The definition as stored now. */
  before: EquipmentCategoryDef;
  /** The definition after the edit (valid and normalised). */
  after: EquipmentCategoryDef;
  /** The standard's definition when the category is built in (builtinCategoryDef). */
  builtin?: EquipmentCategoryDef;
  /** Items of the category, in any status. */
  itemCount: number;
}

/**
 * What an edit may not do. Built-in categories keep their code, their 按人配发 flag and every built-in attribute
 * with its key and type, and their options may only grow: items, the Excel import and the evaluation indicators
 * read them. Any category keeps its code. On a category that has items, an existing attribute keeps its type and
 * a newly added attribute cannot be required (the items have no value for it yet). Whether the items' stored
 * values fit the new settings (narrower range, fewer options, a removed attribute) is storedValueProblems' job.
 */
export function categoryChangeProblems({ before, after, builtin, itemCount }: CategoryChange): CategoryFieldProblem[] {
  const out: CategoryFieldProblem[] = [];
  if (after.code !== before.code) out.push({ field: 'code', message: '类别编码创建后不能修改' });
  const index = new Map(after.attributes.map((a, i) => [a.key, i]));
  const beforeByKey = new Map(before.attributes.map((a) => [a.key, a]));

  if (builtin) {
    if (after.perOfficer !== builtin.perOfficer) {
      out.push({ field: 'perOfficer', message: '内置类别的“按人配发”不能修改：配发规则和人均配备考核依赖它' });
    }
    for (const b of builtin.attributes) {
      const i = index.get(b.key);
      if (i === undefined) {
        out.push({ field: 'attributes', message: `内置属性“${b.label}”（${b.key}）不能删除：已登记的装备和考核指标依赖它` });
        continue;
      }
      const a = after.attributes[i];
      if (a.type !== b.type) {
        out.push({
          field: `attributes.${i}.type`,
          message: `第${i + 1}个属性（${a.label}）：内置属性的类型不能修改（应为${TYPE_LABELS[b.type]}）`,
        });
      } else if (b.type === 'enum') {
        const kept = new Set(a.options ?? []);
        const dropped = (b.options ?? []).filter((o) => !kept.has(o));
        if (dropped.length) {
          out.push({
            field: `attributes.${i}.options`,
            message: `第${i + 1}个属性（${a.label}）：内置选项不能删除（${dropped.join('、')}），只能新增选项`,
          });
        }
      }
    }
  }

  if (itemCount > 0) {
    const builtinKeys = new Set(builtin?.attributes.map((a) => a.key) ?? []);
    after.attributes.forEach((a, i) => {
      const old = beforeByKey.get(a.key);
      if (!old) {
        if (a.required) {
          out.push({
            field: `attributes.${i}.required`,
            message: `第${i + 1}个属性（${a.label}）：该类别已有${itemCount}件装备，新增的属性不能设为必填（这些装备还没有这个值）；`
              + '请先设为选填，补齐各装备的值后再改为必填',
          });
        }
      } else if (old.type !== a.type && !builtinKeys.has(a.key)) {
        out.push({
          field: `attributes.${i}.type`,
          message: `第${i + 1}个属性（${a.label}）：该类别已有${itemCount}件装备，已有属性的类型不能修改（原为${TYPE_LABELS[old.type]}）`,
        });
      }
    });
  }
  return out;
}

export interface StoredItemAttributes {
  /** How the item is named in a message (its 资产编号). */
  assetTag: string;
  attributes: Record<string, unknown>;
}

/**
 * The items whose stored values the changed definition would reject (a value outside a narrowed range, an
 * option taken away, a now-required attribute some items lack, an attribute removed while items hold a value),
 * one problem per attribute with a count and an example. Problems an item already had under `before` are not
 * counted: the edit did not cause them and must not be blocked by them.
 */
export function storedValueProblems(
  before: EquipmentCategoryDef, after: EquipmentCategoryDef, items: Iterable<StoredItemAttributes>,
): CategoryFieldProblem[] {
  const found = new Map<string, { count: number; example: string }>();
  for (const item of items) {
    const already = new Set(equipmentAttributeProblems(before.attributes, item.attributes).map((p) => p.key));
    for (const p of equipmentAttributeProblems(after.attributes, item.attributes)) {
      if (already.has(p.key)) continue;
      const seen = found.get(p.key);
      if (seen) seen.count += 1;
      else found.set(p.key, { count: 1, example: `${item.assetTag}：${p.message}` });
    }
  }
  const out: CategoryFieldProblem[] = [];
  after.attributes.forEach((a, i) => {
    const f = found.get(a.key);
    if (f) {
      out.push({
        field: `attributes.${i}`,
        message: `第${i + 1}个属性（${a.label}）：已有${f.count}件装备的值不符合新的设置（如 ${f.example}）`,
      });
    }
  });
  for (const old of before.attributes) {
    const f = found.get(old.key);
    if (f && !after.attributes.some((a) => a.key === old.key)) {
      const example = f.example.slice(0, f.example.indexOf('：'));
      out.push({
        field: 'attributes',
        message: `属性“${old.label}”（${old.key}）不能删除：已有${f.count}件装备填写了该属性（如 ${example}），请先清除这些值`,
      });
    }
  }
  return out;
}
