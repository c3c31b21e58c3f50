import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { isApiError } from '../../api/client';
import { unitsApi } from '../../api/endpoints';
import type { Unit, UnitPatchInput } from '../../api/types';
import { applyServerErrors, validated } from '../../lib/form-errors';

interface Values {
  name: string;
  shortName?: string;
  contactPerson?: string;
  contactPhone?: string;
  address?: string;
}

const OPTIONAL = ['shortName', 'contactPerson', 'contactPhone', 'address'] as const;

/** 编辑单位: sends only changed fields with the `version` the form was based on. */
export function UnitEditModal({ unit, open, onClose, onSaved }: { unit: Unit; open: boolean; onClose: () => void; onSaved: (u: Unit) => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ text: string; conflict: boolean } | null>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.setFieldsValue({
      name: unit.name,
      shortName: unit.shortName ?? '',
      contactPerson: unit.contactPerson ?? '',
      contactPhone: unit.contactPhone ?? '',
      address: unit.address ?? '',
    });
  }, [open, unit, form]);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    const patch: UnitPatchInput = { version: unit.version };
    if (v.name.trim() !== unit.name) patch.name = v.name.trim();
    for (const k of OPTIONAL) {
      const next = (v[k] ?? '').trim() || null;
      if (next !== (unit[k] ?? null)) patch[k] = next;
    }
    if (Object.keys(patch).length === 1) {
      message.info('没有需要保存的修改');
      onClose();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = await unitsApi.update(unit.id, patch);
      message.success('单位信息已保存');
      onSaved(saved);
    } catch (e) {
      const { message: text } = applyServerErrors(form, e);
      setError({ text, conflict: isApiError(e) && e.code === 'VERSION_CONFLICT' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`编辑单位：${unit.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={error.text}
          description={error.conflict ? '该单位已被他人修改，请关闭对话框刷新后重新编辑。' : undefined}
        />
      ) : null}
      <Form<Values> form={form} name="unit" layout="vertical" requiredMark>
        <Form.Item label="单位编码">
          <Input value={unit.code} disabled />
        </Form.Item>
        <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请输入单位名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="shortName" label="简称">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPerson" label="联系人">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label="联系电话">
          <Input maxLength={30} inputMode="tel" />
        </Form.Item>
        <Form.Item name="address" label="地址">
          <Input maxLength={200} />
        </Form.Item>
        <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>记录版本：{unit.version}</div>
      </Form>
    </Modal>
  );
}
