import { useEffect, useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { officersApi } from '../../api/endpoints';
import type { Officer } from '../../api/types';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { applyServerErrors, validated } from '../../lib/form-errors';

interface Values {
  toUnitId?: string;
  effectiveDate?: Dayjs;
  reason?: string;
}

interface Props {
  open: boolean;
  officer: Officer;
  onClose: () => void;
  onDone: () => void;
}

/** 调动: target unit, effective date (today or earlier applies at once), reason. */
export function TransferModal({ open, officer, onClose, onDone }: Props) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const effective = Form.useWatch('effectiveDate', form);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ effectiveDate: dayjs() });
      setError(null);
    }
  }, [open, form]);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      const date = v.effectiveDate!.format('YYYY-MM-DD');
      await officersApi.transfer(officer.id, {
        toUnitId: v.toUnitId!,
        effectiveDate: date,
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      });
      message.success(v.effectiveDate!.isAfter(dayjs(), 'day') ? `调动已登记，将于 ${date} 生效` : '调动已生效');
      onDone();
    } catch (e) {
      setError(applyServerErrors(form, e).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`人员调动：${officer.name}`}
      okText="确认调动"
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<Values> form={form} name="transfer" layout="vertical" requiredMark>
        <Form.Item label="当前单位">
          <Input value={officer.unitName} disabled />
        </Form.Item>
        <Form.Item name="toUnitId" label="调入单位" rules={[{ required: true, message: '请选择调入单位' }]}>
          <UnitTreeSelect disabledIds={[officer.unitId]} placeholder="选择调入单位" />
        </Form.Item>
        <Form.Item
          name="effectiveDate"
          label="生效日期"
          rules={[{ required: true, message: '请选择生效日期' }]}
          extra={
            effective && effective.isAfter(dayjs(), 'day')
              ? '生效日期在今天之后：到期时自动调入。'
              : '生效日期为今天或更早：确认后立即调入。'
          }
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label="调动原因">
          <Input.TextArea rows={3} maxLength={200} showCount placeholder="如：工作需要、轮岗交流" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
