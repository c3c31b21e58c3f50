// One lifecycle step (派遣, 签收, 处置完毕, 回复市民, 退回, 申请延期 …) asking for what it needs: a reason where the
// rules require one, the 处置情况 for handle, the reply text, the extension days. Sends the version the page shows.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { complaintApi, type ComplaintAction, type ComplaintActionInput, type ComplaintAvailableAction, type ComplaintDetail } from '../../api/complaints';
import { applyServerErrors } from '../../lib/form-errors';
import { ActionError } from './ActionError';
import { fmtDeadline } from './complaint-ui';

interface Values { reason?: string; note?: string; replyText?: string; extensionDays?: number }

const REASON_LABELS: Partial<Record<ComplaintAction, string>> = {
  return: '退回原因', request_extension: '延期原因', reject_extension: '驳回原因', reopen: '重办原因',
};
const NOTE_LABELS: Partial<Record<ComplaintAction, string>> = {
  handle: '处置情况', contact: '联系情况', approve_extension: '审批意见',
};
/** Steps that undo work or send the complaint back: asked twice. */
const DESTRUCTIVE: readonly ComplaintAction[] = ['return'];

function hint(action: ComplaintAction, c: ComplaintDetail): string | null {
  switch (action) {
    case 'dispatch': return `派往承办中队：${c.unitName}。如需换中队，请先“改派”。`;
    case 'sign': return '签收后由本中队处置，不能再改派；不属于本中队的请“退回”并说明原因。';
    case 'contact': return `首次联系时限：${fmtDeadline(c.contactDueAt)}。${c.reporterPhone ? `诉求人电话：${c.reporterPhone}` : '诉求人未留电话'}`;
    case 'handle': return `处置时限：${fmtDeadline(c.dueAt)}。处置后请上传“处置后”照片。`;
    case 'reply': return '回复内容将作为答复市民的正式记录。';
    case 'close': return '办结后诉件不能再上传照片；市民不满意可重办。';
    case 'return': return '退回后由受理方改派或重新派遣。';
    case 'request_extension': return `当前处置时限：${fmtDeadline(c.dueAt)}。延期按工作日计算，自受理起合计不超过15个工作日，须中队领导批准。`;
    case 'approve_extension':
    case 'reject_extension':
      return c.extensionRequestedDueAt ? `申请延至：${fmtDeadline(c.extensionRequestedDueAt)}（当前时限 ${fmtDeadline(c.dueAt)}）` : null;
    case 'reopen': return '重办：状态回到处置中，处置时限重新计为3个工作日。';
    default: return null;
  }
}

interface Props {
  complaint: ComplaintDetail;
  action: ComplaintAvailableAction | null;
  onClose: () => void;
  onDone: (next: ComplaintDetail) => void;
  onReload: () => void;
}

export function ActionModal({ complaint, action, onClose, onDone, onReload }: Props) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ e: unknown; extra: string[] } | null>(null);
  const a = action?.action;

  useEffect(() => {
    if (!action) return;
    setError(null);
    form.resetFields();
    if (action.action === 'reply' && complaint.handlingNote) {
      form.setFieldsValue({ replyText: `您好，您反映的问题已处理：${complaint.handlingNote}` });
    }
  }, [action, complaint.handlingNote, form]);

  if (!action || !a) return null;
  const needsReason = action.reasonRequired;
  const noteLabel = NOTE_LABELS[a];
  const noteRequired = a === 'handle';

  const send = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      const input: ComplaintActionInput = { action: a, version: complaint.version };
      if (v.reason?.trim()) input.reason = v.reason.trim();
      if (v.note?.trim()) input.note = v.note.trim();
      if (v.replyText?.trim()) input.replyText = v.replyText.trim();
      if (v.extensionDays !== undefined && v.extensionDays !== null) input.extensionDays = v.extensionDays;
      const next = await complaintApi.action(complaint.id, input);
      message.success(`已${action.label}`);
      onDone(next);
    } catch (e) {
      const { unmatched } = applyServerErrors(form, e);
      setError({ e, extra: unmatched });
    } finally {
      setSaving(false);
    }
  };

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    if (DESTRUCTIVE.includes(a)) {
      modal.confirm({
        title: `确认${action.label}诉件 ${complaint.code}？`,
        content: `原因：${v.reason ?? ''}`,
        okText: `确认${action.label}`,
        okButtonProps: { danger: true },
        onOk: () => send(v),
      });
      return;
    }
    await send(v);
  };

  const text = hint(a, complaint);
  return (
    <Modal
      open
      title={`${action.label}：${complaint.code}`}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" danger={DESTRUCTIVE.includes(a)} loading={saving} onClick={submit} data-testid="action-submit">
            {action.label}
          </Button>
        </Space>
      }
    >
      <ActionError error={error?.e} extra={error?.extra} onReload={() => { onClose(); onReload(); }} />
      {text ? <Alert type="info" showIcon title={text} style={{ marginBottom: 16 }} /> : null}
      <Form<Values> form={form} layout="vertical" name={`complaint-action-${a}`}>
        {a === 'request_extension' ? (
          <Form.Item name="extensionDays" label="延期天数（工作日）" rules={[{ required: true, message: '请填写延期天数' }]}>
            <InputNumber<number> min={1} max={10} precision={0} suffix="个工作日" style={{ width: 200 }} data-testid="action-extension-days" />
          </Form.Item>
        ) : null}
        {needsReason ? (
          <Form.Item
            name="reason" label={REASON_LABELS[a] ?? '原因'}
            rules={[{ required: true, whitespace: true, message: `请填写${REASON_LABELS[a] ?? '原因'}` }, { min: 2, message: '至少2个字' }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="action-reason" />
          </Form.Item>
        ) : null}
        {a === 'reply' ? (
          <Form.Item
            name="replyText" label="回复内容"
            rules={[{ required: true, whitespace: true, message: '请填写回复市民的内容' }, { min: 2, message: '至少2个字' }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid="action-reply-text" />
          </Form.Item>
        ) : null}
        {!needsReason && a !== 'reply' ? (
          <Form.Item
            name="note" label={noteLabel ?? '备注'}
            rules={noteRequired ? [{ required: true, whitespace: true, message: '请填写处置情况' }, { min: 2, message: '处置情况至少2个字' }] : []}
          >
            <Input.TextArea
              rows={noteRequired ? 4 : 2} maxLength={2000} showCount
              placeholder={noteRequired ? '现场情况、处置措施和结果' : '选填'} data-testid="action-note"
            />
          </Form.Item>
        ) : null}
      </Form>
      {a === 'handle' && !complaint.photos.some((p) => p.stage === 'after') ? (
        <Typography.Text type="warning">尚未上传“处置后”照片，一事一档需要。</Typography.Text>
      ) : null}
    </Modal>
  );
}
