// 新增 / 编辑 装备类别 with its 性能属性 (Form.List: add, remove, reorder; settings depend on the type).
// The rules are @cg/domain's, checked here before sending so the messages match the server's; built-in
// attributes are shown locked (no removal, no type change, built-in options stay).
import { useEffect, useMemo, useState } from 'react';
import {
  Alert, App, Button, Card, Col, Divider, Drawer, Empty, Form, Input, InputNumber, Row, Select, Space, Switch, Tag,
  Tooltip, Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import {
  attributeTypeLabel, builtinCategoryDef, categoryChangeProblems, categoryDraftProblems, EQUIPMENT_ATTRIBUTE_TYPES,
  EQUIPMENT_GROUPS, normalizeCategoryDraft, type CategoryFieldProblem, type EquipmentAttributeDef,
  type EquipmentAttributeType, type EquipmentCategoryDef, type EquipmentGroup,
} from '@cg/domain';
import { isApiError } from '../../api/client';
import { equipmentCategoriesApi } from '../../api/endpoints';
import type { EquipmentCategory } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useIsMobile } from '../../lib/use-is-mobile';
import { forgetCategories } from './use-categories';

interface AttributeRow {
  /** 'saved' for an attribute the category already has: its key is fixed (a new key would orphan stored values). */
  origin?: 'saved';
  key?: string;
  label?: string;
  type?: EquipmentAttributeType;
  required?: boolean;
  unit?: string;
  min?: number | null;
  max?: number | null;
  options?: string[];
  pattern?: string;
  patternMessage?: string;
}

interface Values {
  code?: string;
  name?: string;
  group?: EquipmentGroup;
  perOfficer?: boolean;
  attributes?: AttributeRow[];
}

const SETTINGS = new Set(['key', 'label', 'type', 'required', 'unit', 'min', 'max', 'options', 'pattern', 'patternMessage']);
const TYPE_OPTIONS = EQUIPMENT_ATTRIBUTE_TYPES.map((t) => ({ value: t, label: attributeTypeLabel(t) }));

function toRow(a: EquipmentAttributeDef): AttributeRow {
  return {
    origin: 'saved', key: a.key, label: a.label, type: a.type, required: Boolean(a.required), unit: a.unit,
    min: a.min ?? null, max: a.max ?? null, options: a.options ? [...a.options] : undefined, pattern: a.pattern,
    patternMessage: a.patternMessage,
  };
}

/** A row as the API takes it: only the settings its type uses (switching type leaves others behind in the form). */
function toDefinition(r: AttributeRow): Record<string, unknown> {
  const def: Record<string, unknown> = { key: (r.key ?? '').trim(), label: (r.label ?? '').trim(), type: r.type };
  if (r.required) def.required = true;
  if (r.type === 'number') {
    if (r.unit?.trim()) def.unit = r.unit.trim();
    if (typeof r.min === 'number') def.min = r.min;
    if (typeof r.max === 'number') def.max = r.max;
  }
  if (r.type === 'enum') def.options = (r.options ?? []).map((o) => o.trim()).filter(Boolean);
  if (r.type === 'string' && r.pattern) {
    def.pattern = r.pattern;
    if (r.patternMessage?.trim()) def.patternMessage = r.patternMessage.trim();
  }
  return def;
}

/** `attributes.2.options.1` → ['attributes', 2, 'options']; undefined when no form item shows the field. */
function formPath(field: string | undefined): (string | number)[] | undefined {
  if (!field) return undefined;
  const parts = field.split('.');
  if (parts.length === 1 && ['code', 'name', 'group', 'perOfficer'].includes(parts[0])) return [parts[0]];
  if (parts[0] === 'attributes' && parts.length >= 3 && /^\d+$/.test(parts[1]) && SETTINGS.has(parts[2])) {
    return ['attributes', Number(parts[1]), parts[2]];
  }
  return undefined;
}

/** Puts problems under their form items; returns the messages no item shows (whole-attribute or list problems). */
function showProblems(form: FormInstance, problems: readonly { field?: string; message: string }[]): string[] {
  const byPath = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const rest: string[] = [];
  for (const p of problems) {
    const name = formPath(p.field);
    if (!name) {
      rest.push(p.message);
      continue;
    }
    const id = name.join('.');
    const entry = byPath.get(id) ?? { name, errors: [] };
    entry.errors.push(p.message);
    byPath.set(id, entry);
  }
  const fields = [...byPath.values()];
  form.setFields(fields);
  if (fields[0]) form.scrollToField(fields[0].name, { block: 'center' });
  return rest;
}

interface RowProps {
  form: FormInstance<Values>;
  name: number;
  index: number;
  count: number;
  builtin: EquipmentCategoryDef | undefined;
  itemCount: number;
  move: (from: number, to: number) => void;
  remove: (index: number) => void;
}

function AttributeEditor({ form, name, index, count, builtin, itemCount, move, remove }: RowProps) {
  const type = Form.useWatch(['attributes', name, 'type'], form) as EquipmentAttributeType | undefined;
  const origin = Form.useWatch(['attributes', name, 'origin'], form) as AttributeRow['origin'];
  const key = Form.useWatch(['attributes', name, 'key'], form) as string | undefined;
  const saved = origin === 'saved';
  const builtinAttr = saved ? builtin?.attributes.find((a) => a.key === key) : undefined;
  const lockedOptions = new Set(builtinAttr?.options ?? []);
  const typeLocked = Boolean(builtinAttr) || (saved && itemCount > 0);

  return (
    <div data-testid={`attribute-${index}`}>
      <Card
        size="small"
        style={{ marginBottom: 12 }}
        title={
          <Space size={4} wrap>
            <span>第{index + 1}个属性</span>
            {builtinAttr ? (
              <Tooltip title="内置属性：不能删除，不能改键和类型，内置选项不能删除；可以改名称、单位、范围、必填和新增选项">
                <Tag icon={<LockOutlined />}>内置</Tag>
              </Tooltip>
            ) : saved ? null : (
              <Tag color="green">新增</Tag>
            )}
          </Space>
        }
        extra={
          <Space size={0}>
            <Tooltip title="上移">
              <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, index - 1)} aria-label="上移" />
            </Tooltip>
            <Tooltip title="下移">
              <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => move(index, index + 1)} aria-label="下移" />
            </Tooltip>
            <Tooltip title={builtinAttr ? '内置属性不能删除' : '删除'}>
              <Button type="text" size="small" danger icon={<DeleteOutlined />} disabled={Boolean(builtinAttr)} onClick={() => remove(index)} aria-label="删除属性" />
            </Tooltip>
          </Space>
        }
      >
        <Form.Item name={[name, 'origin']} hidden>
          <Input />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name={[name, 'label']} label="属性名称" rules={[{ required: true, whitespace: true, message: '请填写属性名称' }]}>
              <Input maxLength={30} placeholder="如 续航时间" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name={[name, 'key']}
              label="属性键"
              tooltip="驼峰式英文，如 batteryHours；保存后不能修改（装备上的值按它存储）"
              rules={[{ required: true, whitespace: true, message: '请填写属性键' }]}
            >
              <Input maxLength={40} disabled={saved} placeholder="如 batteryHours" autoComplete="off" style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col xs={16} sm={5}>
            <Form.Item
              name={[name, 'type']}
              label="类型"
              rules={[{ required: true, message: '请选择类型' }]}
              tooltip={typeLocked && !builtinAttr ? '该类别已有装备，已有属性的类型不能修改' : undefined}
            >
              <Select options={TYPE_OPTIONS} disabled={typeLocked} placeholder="选择" />
            </Form.Item>
          </Col>
          <Col xs={8} sm={3}>
            <Form.Item name={[name, 'required']} label="必填" valuePropName="checked">
              <Switch size="small" />
            </Form.Item>
          </Col>
        </Row>
        {type === 'number' ? (
          <Row gutter={12}>
            <Col xs={24} sm={8}>
              <Form.Item name={[name, 'unit']} label="单位">
                <Input maxLength={10} placeholder="如 GB、小时" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8}>
              <Form.Item name={[name, 'min']} label="最小值">
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8}>
              <Form.Item name={[name, 'max']} label="最大值">
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        ) : null}
        {type === 'enum' ? (
          <Form.Item
            name={[name, 'options']}
            label="选项"
            extra={lockedOptions.size ? '带锁的内置选项不能删除，可以新增选项。' : '输入后按回车添加；已登记装备在用的选项不能删除。'}
            rules={[{ required: true, message: '请至少填写一个选项' }]}
          >
            <Select
              mode="tags"
              tokenSeparators={['\n', ';', '；']}
              placeholder="输入选项后按回车"
              tagRender={({ label, value, onClose }) => {
                const locked = lockedOptions.has(value as string);
                return (
                  <Tag
                    closable={!locked}
                    icon={locked ? <LockOutlined /> : undefined}
                    onClose={onClose}
                    onMouseDown={(e) => e.preventDefault()}
                    style={{ marginInlineEnd: 4 }}
                  >
                    {label}
                  </Tag>
                );
              }}
              onChange={(next: string[]) => {
                // Backspace in the input removes the last tag even when it has no close icon: put locked ones back.
                const missing = [...lockedOptions].filter((o) => !next.includes(o));
                if (missing.length) form.setFieldValue(['attributes', name, 'options'], [...missing, ...next]);
              }}
            />
          </Form.Item>
        ) : null}
        {type === 'string' ? (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name={[name, 'pattern']} label="格式（正则表达式）" tooltip="整段匹配，如 \d{15} 表示15位数字；不填则不限格式">
                <Input maxLength={200} placeholder="可不填" autoComplete="off" style={{ fontFamily: 'monospace' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name={[name, 'patternMessage']} label="格式提示" tooltip="不符合格式时显示，如“应为15位数字”">
                <Input maxLength={100} placeholder="如 应为15位数字" autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
        ) : null}
      </Card>
    </div>
  );
}

interface Props {
  open: boolean;
  /** The category to edit; undefined to create one. */
  category?: EquipmentCategory;
  /** Items of the category (the caller's scope; the server checks all of them). */
  itemCount: number;
  onClose: () => void;
  onSaved: (category: EquipmentCategory) => void;
}

export function CategoryFormDrawer({ open, category, itemCount, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [saving, setSaving] = useState(false);
  const [topError, setTopError] = useState<{ message: string; extra: string[] } | null>(null);
  const builtin = useMemo(() => (category?.builtin ? builtinCategoryDef(category.code) : undefined), [category]);

  useEffect(() => {
    if (!open) return;
    setTopError(null);
    form.resetFields();
    form.setFieldsValue(
      category
        ? {
          code: category.code, name: category.name, group: category.groupName, perOfficer: category.perOfficer,
          attributes: category.attributes.map(toRow),
        }
        : { code: '', name: '', perOfficer: false, attributes: [] },
    );
  }, [open, category, form]);

  const submit = async () => {
    try {
      await form.validateFields();
    } catch {
      setTopError({ message: '请按提示修正标红的字段', extra: [] });
      return;
    }
    const v = form.getFieldsValue(true) as Values;
    const draft = {
      code: (v.code ?? '').trim(), name: (v.name ?? '').trim(), group: v.group as EquipmentGroup,
      perOfficer: Boolean(v.perOfficer), attributes: (v.attributes ?? []).map(toDefinition),
    };
    let problems: CategoryFieldProblem[] = categoryDraftProblems(draft);
    if (problems.length === 0 && category) {
      const before: EquipmentCategoryDef = {
        code: category.code, name: category.name, group: category.groupName, perOfficer: category.perOfficer,
        attributes: category.attributes,
      };
      problems = categoryChangeProblems({ before, after: normalizeCategoryDraft(draft), builtin, itemCount });
    }
    if (problems.length) {
      setTopError({ message: problems[0].message, extra: showProblems(form, problems) });
      return;
    }
    setTopError(null);
    setSaving(true);
    try {
      const saved = category
        ? await equipmentCategoriesApi.update(category.id, {
          version: category.version, name: draft.name, group: draft.group, perOfficer: draft.perOfficer,
          attributes: draft.attributes as unknown as EquipmentAttributeDef[],
        })
        : await equipmentCategoriesApi.create({ ...draft, attributes: draft.attributes as unknown as EquipmentAttributeDef[] });
      forgetCategories();
      message.success(category ? `已保存装备类别：${saved.name}` : `已新增装备类别：${saved.name}`);
      onSaved(saved);
    } catch (e) {
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') {
        setTopError({ message: e.message, extra: ['该类别已被他人修改。请关闭后重新打开以获取最新定义，再重新修改。'] });
      } else {
        const details = isApiError(e) ? e.details : [];
        const rest = showProblems(form, details);
        setTopError({ message: errorMessage(e), extra: rest.filter((m) => m !== errorMessage(e)) });
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      title={category ? `编辑装备类别：${category.name}` : '新增装备类别'}
      size={isMobile ? '100%' : 760}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={submit}>
            保存
          </Button>
        </Space>
      }
    >
      {topError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={topError.message}
          description={
            topError.extra.length ? (
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {topError.extra.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
      {category && itemCount > 0 ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`该类别已登记 ${itemCount} 件装备`}
          description="新增的属性只能是选填；收窄范围、删除选项或删除属性时，已登记装备的值必须仍然符合新的设置。"
        />
      ) : null}
      <Form<Values> form={form} name="equipment-category" layout="vertical" requiredMark onFinish={submit}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label="类别名称"
              rules={[{ required: true, whitespace: true, message: '请填写类别名称' }]}
              extra="Excel 导入按名称识别类别，名称须唯一。"
            >
              <Input maxLength={30} placeholder="如 反光锥桶" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="code"
              label="类别编码"
              rules={[{ required: true, whitespace: true, message: '请填写类别编码' }]}
              extra={category ? '类别编码创建后不能修改。' : '小写英文、数字和下划线，如 traffic_cone；创建后不能修改。'}
            >
              <Input maxLength={40} disabled={Boolean(category)} autoComplete="off" style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="group" label="装备分组" rules={[{ required: true, message: '请选择装备分组' }]}>
              <Select options={EQUIPMENT_GROUPS.map((g) => ({ value: g, label: g }))} placeholder="选择分组" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="perOfficer"
              label="按人配发"
              valuePropName="checked"
              extra={builtin ? '内置类别的“按人配发”不能修改。' : '个人装备：可配发给队员，考核按在岗人数计算人均配备。'}
            >
              <Switch disabled={Boolean(builtin)} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          性能属性
        </Divider>
        <Form.List name="attributes">
          {(fields, { add, remove, move }) => (
            <>
              {fields.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有性能属性" style={{ marginBottom: 12 }} />
              ) : null}
              {fields.map((field, index) => (
                <AttributeEditor
                  key={field.key}
                  form={form}
                  name={field.name}
                  index={index}
                  count={fields.length}
                  builtin={builtin}
                  itemCount={itemCount}
                  move={move}
                  remove={remove}
                />
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ type: 'string', required: false })}>
                添加属性
              </Button>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
                属性的顺序即登记表单和导出中的顺序。属性名称不能含“=”“:”“;”（Excel 导入以“名称=值；名称=值”填写）。
              </Typography.Paragraph>
            </>
          )}
        </Form.List>
        <button type="submit" hidden aria-hidden />
      </Form>
    </Drawer>
  );
}
