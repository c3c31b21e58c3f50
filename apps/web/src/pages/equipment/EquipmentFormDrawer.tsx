import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Col, DatePicker, Divider, Drawer, Form, Input, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { assetTagProblem, normalizeAssetTag } from '@cg/domain';
import { isApiError } from '../../api/client';
import { equipmentApi } from '../../api/endpoints';
import type { EquipmentCategory, EquipmentCreateInput, EquipmentItem, EquipmentPatchInput } from '../../api/types';
import { OfficerPicker } from '../../components/OfficerPicker';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useIsMobile } from '../../lib/use-is-mobile';
import {
  AttributeFields, applyItemErrors, attributesFromForm, attributesToForm, changedAttributes, type AttributeFormValues,
} from './AttributeFields';
import { categoryOptions } from './use-categories';

interface Values {
  unitId?: string;
  categoryId?: string;
  assetTag: string;
  serialNo?: string;
  brand?: string;
  model: string;
  responsibleOfficerId?: string | null;
  purchaseDate?: Dayjs | null;
  warrantyUntil?: Dayjs | null;
  location?: string;
  notes?: string;
  attributes?: AttributeFormValues;
}

const text = (v: string | undefined | null) => (v ?? '').trim();
const date = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : '');

function toValues(item: EquipmentItem, category: EquipmentCategory | undefined): Values {
  return {
    unitId: item.unitId,
    categoryId: item.categoryId,
    assetTag: item.assetTag,
    serialNo: item.serialNo ?? undefined,
    brand: item.brand ?? undefined,
    model: item.model,
    responsibleOfficerId: item.responsibleOfficerId,
    purchaseDate: item.purchaseDate ? dayjs(item.purchaseDate) : null,
    warrantyUntil: item.warrantyUntil ? dayjs(item.warrantyUntil) : null,
    location: item.location ?? undefined,
    notes: item.notes ?? undefined,
    attributes: attributesToForm(category?.attributes ?? [], item.attributes),
  };
}

interface Props {
  open: boolean;
  /** The item to edit; undefined to register a new one. */
  item?: EquipmentItem;
  categories: EquipmentCategory[] | undefined;
  /** Unit preselected for a new item (the tree selection). */
  defaultUnitId?: string;
  onClose: () => void;
  onSaved: (item: EquipmentItem) => void;
}

/** 登记 / 编辑 装备, with the chosen category's 性能属性. Server field errors land under the matching items. */
export function EquipmentFormDrawer({ open, item, categories, defaultUnitId, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [saving, setSaving] = useState(false);
  const [topError, setTopError] = useState<{ message: string; extra: string[]; conflict: boolean } | null>(null);
  const editing = Boolean(item);
  const categoryId = Form.useWatch('categoryId', form) ?? item?.categoryId;
  const unitId = Form.useWatch('unitId', form) ?? item?.unitId;
  const category = useMemo(() => categories?.find((c) => c.id === categoryId), [categories, categoryId]);
  const defs = useMemo(() => category?.attributes ?? [], [category]);
  const catOptions = useMemo(() => categoryOptions(categories), [categories]);

  const attributesFilled = useRef(false);

  useEffect(() => {
    if (!open) return;
    attributesFilled.current = false;
    setTopError(null);
    form.resetFields();
    form.setFieldsValue(
      item
        ? toValues(item, categories?.find((c) => c.id === item.categoryId))
        : { unitId: defaultUnitId, assetTag: '', model: '', attributes: {} },
    );
    // Categories arriving later must not wipe what the user typed: only (re)fill when the drawer opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, item, defaultUnitId, form]);

  // Editing before the categories arrived: put the attribute values in once their definitions are known.
  useEffect(() => {
    if (!open || !item || !category || attributesFilled.current) return;
    attributesFilled.current = true;
    form.setFieldValue('attributes', attributesToForm(category.attributes, item.attributes));
  }, [open, item, category, form]);

  const buildCreate = (v: Values): EquipmentCreateInput => {
    const input: EquipmentCreateInput = {
      unitId: v.unitId!,
      categoryId: v.categoryId!,
      assetTag: normalizeAssetTag(v.assetTag),
      model: text(v.model),
    };
    if (text(v.serialNo)) input.serialNo = text(v.serialNo);
    if (text(v.brand)) input.brand = text(v.brand);
    if (v.responsibleOfficerId) input.responsibleOfficerId = v.responsibleOfficerId;
    if (v.purchaseDate) input.purchaseDate = date(v.purchaseDate);
    if (v.warrantyUntil) input.warrantyUntil = date(v.warrantyUntil);
    if (text(v.location)) input.location = text(v.location);
    if (text(v.notes)) input.notes = text(v.notes);
    const attributes = attributesFromForm(defs, v.attributes);
    if (Object.keys(attributes).length) input.attributes = attributes;
    return input;
  };

  /** Only the fields that changed; a cleared optional field is sent as null. */
  const buildPatch = (o: EquipmentItem, v: Values): EquipmentPatchInput => {
    const patch: EquipmentPatchInput = { version: o.version };
    const set = <K extends keyof EquipmentPatchInput>(k: K, next: EquipmentPatchInput[K], prev: unknown) => {
      if ((next ?? null) !== (prev ?? null)) patch[k] = next;
    };
    set('assetTag', normalizeAssetTag(v.assetTag), o.assetTag);
    set('serialNo', text(v.serialNo) || null, o.serialNo);
    set('brand', text(v.brand) || null, o.brand);
    set('model', text(v.model), o.model);
    set('responsibleOfficerId', v.responsibleOfficerId || null, o.responsibleOfficerId);
    set('purchaseDate', date(v.purchaseDate) || null, o.purchaseDate);
    set('warrantyUntil', date(v.warrantyUntil) || null, o.warrantyUntil);
    set('location', text(v.location) || null, o.location);
    set('notes', text(v.notes) || null, o.notes);
    const attributes = changedAttributes(defs, o.attributes, v.attributes);
    if (Object.keys(attributes).length) patch.attributes = attributes;
    return patch;
  };

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      setTopError({ message: '请按提示修正标红的字段', extra: [], conflict: false });
      return;
    }
    setTopError(null);
    setSaving(true);
    try {
      let saved: EquipmentItem;
      if (item) {
        const patch = buildPatch(item, values);
        if (Object.keys(patch).length === 1) {
          message.info('没有需要保存的修改');
          onClose();
          return;
        }
        saved = await equipmentApi.update(item.id, patch);
        message.success('已保存装备信息');
      } else {
        saved = await equipmentApi.create(buildCreate(values));
        message.success(`已登记装备：${saved.assetTag}`);
      }
      onSaved(saved);
    } catch (e) {
      const { message: top, unmatched } = applyItemErrors(form, e, defs);
      setTopError({ message: top, extra: unmatched, conflict: isApiError(e) && e.code === 'VERSION_CONFLICT' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      title={editing ? `编辑装备：${item?.assetTag}` : '登记装备'}
      size={isMobile ? '100%' : 680}
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
            topError.conflict ? (
              '该记录已被他人修改。请关闭后重新打开以获取最新数据，再重新修改。'
            ) : topError.extra.length ? (
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {topError.extra.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
      <Form<Values>
        form={form}
        name="equipment"
        layout="vertical"
        requiredMark
        onFinish={submit}
        scrollToFirstError
        onValuesChange={(changed: Partial<Values>) => {
          // Another category has other attributes; another unit, other officers.
          if ('categoryId' in changed) form.setFieldValue('attributes', {});
          if ('unitId' in changed && !editing) form.setFieldValue('responsibleOfficerId', undefined);
        }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="unitId"
              label="所属单位"
              rules={[{ required: true, message: '请选择所属单位' }]}
              extra={editing ? '调整所属单位请在装备详情页办理“调拨”。' : undefined}
            >
              <UnitTreeSelect disabled={editing} placeholder="选择所属单位" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="categoryId"
              label="类别"
              rules={[{ required: true, message: '请选择装备类别' }]}
              extra={editing ? '类别登记后不能修改。' : undefined}
            >
              <Select
                disabled={editing}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder="选择装备类别"
                loading={!categories}
                options={catOptions}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="assetTag"
              label="资产编号"
              validateFirst
              normalize={(v: string | undefined) => (v ?? '').toUpperCase()}
              rules={[
                { required: true, whitespace: true, message: '请输入资产编号' },
                {
                  validator: (_, v: string | undefined) => {
                    const problem = assetTagProblem(v ?? '');
                    return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
                  },
                },
              ]}
            >
              <Input maxLength={32} autoComplete="off" style={{ fontFamily: 'monospace' }} placeholder="如 310101001-JLY-0001" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="serialNo" label="序列号" rules={[{ max: 60, message: '序列号不能超过60个字符' }]}>
              <Input maxLength={60} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="brand" label="品牌" rules={[{ max: 40, message: '品牌不能超过40个字符' }]}>
              <Input maxLength={40} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="model"
              label="型号"
              rules={[{ required: true, whitespace: true, message: '请填写型号' }, { max: 60, message: '型号不能超过60个字符' }]}
            >
              <Input maxLength={60} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="responsibleOfficerId" label="责任人" extra={unitId ? '在所属单位（含下级）的人员中搜索。' : '请先选择所属单位。'}>
          <OfficerPicker unitId={unitId} placeholder="输入姓名或执法证号搜索" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="purchaseDate" label="购置日期">
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="warrantyUntil"
              label="保修截止"
              dependencies={['purchaseDate']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v: Dayjs | null | undefined) => {
                    const bought = getFieldValue('purchaseDate') as Dayjs | null | undefined;
                    return v && bought && v.isBefore(bought, 'day')
                      ? Promise.reject(new Error('保修截止不能早于购置日期'))
                      : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="location" label="存放位置" rules={[{ max: 100, message: '存放位置不能超过100个字符' }]}>
          <Input maxLength={100} autoComplete="off" placeholder="如 中队装备室 2号柜" />
        </Form.Item>
        <Form.Item name="notes" label="备注">
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
        <Divider titlePlacement="start" plain style={{ marginTop: 8 }}>
          性能属性{category ? `（${category.name}）` : ''}
        </Divider>
        {category ? (
          <AttributeFields defs={defs} />
        ) : (
          <Typography.Text type="secondary">选择类别后填写该类装备的性能属性。</Typography.Text>
        )}
        {editing && item ? (
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
            记录版本：{item.version}
          </Typography.Text>
        ) : null}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Drawer>
  );
}
