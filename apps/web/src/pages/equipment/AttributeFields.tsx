// The 性能属性 part of the equipment form: one field per attribute definition of the chosen category.
// Form values live under `attributes.<key>`; the server's errors for `attributes.<key>` land on the same path.
import { Col, DatePicker, Empty, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { equipmentAttributeProblems, type EquipmentAttributeDef } from '@cg/domain';
import { ApiError, isApiError } from '../../api/client';
import type { EquipmentAttributeValues } from '../../api/types';
import { applyServerErrors } from '../../lib/form-errors';

/** What a form control holds for an attribute. */
export type AttributeFormValue = string | number | boolean | Dayjs | null | undefined;
export type AttributeFormValues = Record<string, AttributeFormValue>;

const BOOLEAN_OPTIONS = [
  { value: true, label: '有' },
  { value: false, label: '无' },
];

/** The form value as the API takes it; undefined when absent. */
export function attributeWire(def: EquipmentAttributeDef, v: AttributeFormValue): string | number | boolean | undefined {
  if (v === null || v === undefined) return undefined;
  if (dayjs.isDayjs(v)) return v.isValid() ? v.format('YYYY-MM-DD') : undefined;
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' ? undefined : s;
  }
  if (def.type === 'number' && typeof v === 'number' && !Number.isFinite(v)) return undefined;
  return v;
}

/** Stored values → form values (dates become Dayjs). */
export function attributesToForm(defs: readonly EquipmentAttributeDef[], values: EquipmentAttributeValues | undefined): AttributeFormValues {
  const out: AttributeFormValues = {};
  for (const def of defs) {
    const v = values?.[def.key];
    if (v === null || v === undefined) continue;
    out[def.key] = def.type === 'date' && typeof v === 'string' ? dayjs(v) : v;
  }
  return out;
}

/** Form values → the API's attribute object (absent values left out). */
export function attributesFromForm(defs: readonly EquipmentAttributeDef[], values: AttributeFormValues | undefined): EquipmentAttributeValues {
  const out: EquipmentAttributeValues = {};
  for (const def of defs) {
    const v = attributeWire(def, values?.[def.key]);
    if (v !== undefined) out[def.key] = v;
  }
  return out;
}

/** The keys whose value differs from the stored one; a cleared value is sent as null. */
export function changedAttributes(
  defs: readonly EquipmentAttributeDef[],
  stored: EquipmentAttributeValues | undefined,
  values: AttributeFormValues | undefined,
): EquipmentAttributeValues {
  const out: EquipmentAttributeValues = {};
  for (const def of defs) {
    const next = attributeWire(def, values?.[def.key]) ?? null;
    const prev = stored?.[def.key] ?? null;
    if (next !== prev) out[def.key] = next;
  }
  return out;
}

function control(def: EquipmentAttributeDef) {
  switch (def.type) {
    case 'number':
      return (
        // No min/max here: InputNumber would silently clamp; the validator names the bound instead.
        <InputNumber
          style={{ width: '100%' }}
          suffix={def.unit}
          placeholder={def.min !== undefined && def.max !== undefined ? `${def.min}–${def.max}` : undefined}
        />
      );
    case 'boolean':
      return <Radio.Group options={BOOLEAN_OPTIONS} />;
    case 'enum':
      return (
        <Select
          allowClear
          placeholder={`选择${def.label}`}
          options={(def.options ?? []).map((o) => ({ value: o, label: o }))}
        />
      );
    case 'date':
      return <DatePicker style={{ width: '100%' }} />;
    default:
      return <Input maxLength={200} autoComplete="off" />;
  }
}

/** 性能属性 fields of a category; the shared rules (equipmentAttributeProblems) check each value as the server will. */
export function AttributeFields({ defs }: { defs: readonly EquipmentAttributeDef[] }) {
  if (defs.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该类别没有需要填写的性能属性" />;
  }
  return (
    <Row gutter={16}>
      {defs.map((def) => (
        <Col xs={24} sm={12} key={def.key}>
          <Form.Item
            name={['attributes', def.key]}
            label={def.label}
            required={Boolean(def.required)}
            data-testid={`attr-${def.key}`}
            rules={[
              {
                validator: (_, v: AttributeFormValue) => {
                  const wire = attributeWire(def, v);
                  const problem = equipmentAttributeProblems([def], wire === undefined ? {} : { [def.key]: wire })[0];
                  return problem ? Promise.reject(new Error(problem.message)) : Promise.resolve();
                },
              },
            ]}
          >
            {control(def)}
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}

const ATTRIBUTE_FIELD = /(?:^|\.)attributes(?:\.([^.]*))?$/;

/**
 * applyServerErrors for the equipment form: `attributes.<key>` errors go under that dynamic field (a key may
 * share its name with a top-level field, e.g. `location`, so they must not go through the generic matcher).
 */
export function applyItemErrors(
  form: FormInstance,
  e: unknown,
  defs: readonly EquipmentAttributeDef[],
): { message: string; unmatched: string[] } {
  if (!isApiError(e) || e.details.length === 0) return applyServerErrors(form, e);
  const byKey = new Map<string, string[]>();
  const unmatched: string[] = [];
  const rest = e.details.filter((d) => {
    const m = ATTRIBUTE_FIELD.exec(d.field ?? '');
    if (!m) return true;
    const key = m[1];
    if (key && defs.some((def) => def.key === key)) byKey.set(key, [...(byKey.get(key) ?? []), d.message]);
    else unmatched.push(d.message);
    return false;
  });
  form.setFields([...byKey].map(([key, errors]) => ({ name: ['attributes', key], errors })));
  const generic = applyServerErrors(form, new ApiError(e.status, e.code, e.message, rest));
  const first = [...byKey.keys()][0];
  if (first && !rest.some((d) => d.field)) form.scrollToField(['attributes', first], { block: 'center' });
  return { message: generic.message, unmatched: [...unmatched, ...generic.unmatched] };
}
