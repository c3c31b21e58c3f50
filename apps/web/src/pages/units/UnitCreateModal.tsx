import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { CHILD_UNIT_KINDS, unitCodeProblem, type UnitKind } from '@cg/domain';
import { unitsApi } from '../../api/endpoints';
import type { Unit, UnitCreateInput } from '../../api/types';
import { applyServerErrors, validated } from '../../lib/form-errors';

type Values = Omit<UnitCreateInput, 'parentId'>;

const NO_KINDS: readonly UnitKind[] = [];

/** 新增下级单位 under `parent`; only the kinds the organisation allows there are offered. */
export function UnitCreateModal({ parent, open, onClose, onCreated }: {
  parent: Pick<Unit, 'id' | 'name' | 'kind' | 'code'>;
  open: boolean;
  onClose: () => void;
  onCreated: (u: Unit) => void;
}) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kinds: readonly UnitKind[] = CHILD_UNIT_KINDS[parent.kind as UnitKind] ?? NO_KINDS;

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ kind: kinds[0], code: parent.code });
  }, [open, parent, form, kinds]);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      const input: UnitCreateInput = { parentId: parent.id, code: v.code.trim().toUpperCase(), name: v.name.trim(), kind: v.kind };
      for (const k of ['shortName', 'contactPerson', 'contactPhone', 'address'] as const) {
        const value = v[k]?.trim();
        if (value) input[k] = value;
      }
      const created = await unitsApi.create(input);
      message.success(`已新增单位：${created.name}`);
      onCreated(created);
    } catch (e) {
      setError(applyServerErrors(form, e).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={`新增下级单位：${parent.name}`} okText="保存" cancelText="取消" confirmLoading={saving} onOk={submit} onCancel={onClose} destroyOnHidden>
      {error ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={error} /> : null}
      <Form<Values> form={form} name="unit_create" layout="vertical" requiredMark>
        <Form.Item name="kind" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
          <Select options={kinds.map((k) => ({ value: k, label: k }))} />
        </Form.Item>
        <Form.Item
          name="code"
          label="单位编码"
          extra="一般为上级编码加序号，如 310101018"
          rules={[
            { required: true, whitespace: true, message: '请输入单位编码' },
            { validator: (_, v?: string) => { const p = v ? unitCodeProblem(v.trim().toUpperCase()) : null; return p ? Promise.reject(new Error(p)) : Promise.resolve(); } },
          ]}
        >
          <Input maxLength={32} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请输入单位名称' }, { min: 2, message: '单位名称至少2个字' }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="shortName" label="简称">
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="contactPerson" label="联系人">
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="contactPhone" label="联系电话">
          <Input maxLength={30} inputMode="tel" />
        </Form.Item>
        <Form.Item name="address" label="地址">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
