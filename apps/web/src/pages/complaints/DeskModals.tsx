// The desk's steps outside the lifecycle: 改派 (another squadron, before signing), 合并/关联 a duplicate found within
// 50 m, and 市民评价 (a dissatisfied citizen reopens the complaint with 3 working days).
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Empty, Form, Input, Modal, Radio, Skeleton, Space, Typography } from 'antd';
import { SQUADRON_KINDS } from '@cg/domain';
import { complaintApi, type ComplaintDetail, type Satisfaction } from '../../api/complaints';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useUnitTree } from '../../components/unit-tree-context';
import { walk } from '../../lib/tree';
import { applyServerErrors } from '../../lib/form-errors';
import { useRequest } from '../../lib/use-request';
import { ActionError } from './ActionError';
import { DuplicateTable } from './DuplicateTable';

interface Common {
  complaint: ComplaintDetail;
  open: boolean;
  onClose: () => void;
  onDone: (next: ComplaintDetail) => void;
  onReload: () => void;
}

type Failure = { e: unknown; extra: string[] } | null;

export function RerouteModal({ complaint, open, onClose, onDone, onReload }: Common) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ unitId?: string; reason?: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Failure>(null);
  const { roots } = useUnitTree();
  const others = useMemo(() => {
    let n = 0;
    walk(roots, (u) => { if (SQUADRON_KINDS.includes(u.kind) && u.id !== complaint.unitId) n += 1; });
    return n;
  }, [roots, complaint.unitId]);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);

  const submit = async () => {
    let v: { unitId?: string; reason?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const next = await complaintApi.reroute(complaint.id, { unitId: v.unitId!, reason: (v.reason ?? '').trim() });
      message.success(`已改派至${next.unitName}`);
      onDone(next);
    } catch (e) {
      setError({ e, extra: applyServerErrors(form, e).unmatched });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open} title={`改派：${complaint.code}`} onCancel={onClose} destroyOnHidden
      footer={<Space><Button onClick={onClose}>取消</Button><Button type="primary" loading={saving} onClick={submit} data-testid="reroute-submit">改派</Button></Space>}
    >
      <ActionError error={error?.e} extra={error?.extra} onReload={() => { onClose(); onReload(); }} />
      <Typography.Paragraph type="secondary">当前承办：{complaint.unitName}。签收前可改派，改派须说明原因，记入时间线。</Typography.Paragraph>
      {others === 0 ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="您的管辖范围内没有其他中队可改派；请联系上级指挥中心改派。" />
      ) : null}
      <Form form={form} layout="vertical" name="complaint-reroute">
        <Form.Item name="unitId" label="改派至中队" rules={[{ required: true, message: '请选择改派的中队' }]}>
          <UnitTreeSelect selectableKinds={SQUADRON_KINDS} disabledIds={[complaint.unitId]} placeholder="选择中队" data-testid="reroute-unit" />
        </Form.Item>
        <Form.Item name="reason" label="改派原因" rules={[{ required: true, whitespace: true, message: '请填写改派原因' }, { min: 2, message: '至少2个字' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="reroute-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MergeModal({ complaint, open, onClose, onDone, onReload }: Common) {
  const { message, modal } = App.useApp();
  const [picked, setPicked] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState<'link' | 'merge' | null>(null);
  const [error, setError] = useState<Failure>(null);
  const dups = useRequest(
    (signal) => complaintApi.duplicates({ lat: complaint.lat, lon: complaint.lon, categoryId: complaint.categoryId }, signal),
    [complaint.id, open], open,
  );
  useEffect(() => {
    if (open) {
      setPicked(undefined);
      setReason('');
      setError(null);
    }
  }, [open]);
  const linked = new Set(complaint.links.map((l) => l.id));
  const items = (dups.data?.items ?? []).filter((d) => d.id !== complaint.id);
  const target = items.find((d) => d.id === picked);

  const run = async (kind: 'link' | 'merge') => {
    if (!target) return;
    setSaving(kind);
    setError(null);
    try {
      const next = kind === 'link'
        ? await complaintApi.link(complaint.id, target.id)
        : await complaintApi.merge(complaint.id, { intoId: target.id, reason: reason.trim() || undefined });
      message.success(kind === 'link' ? `已与 ${target.code} 关联` : `已并入 ${target.code}`);
      onDone(next);
    } catch (e) {
      setError({ e, extra: [] });
    } finally {
      setSaving(null);
    }
  };

  const merge = () => {
    if (!target) return;
    modal.confirm({
      title: `确认将 ${complaint.code} 并入 ${target.code}？`,
      content: `本件将作为重复件办结，随 ${target.code} 办理，不能撤销。`,
      okText: '确认合并',
      okButtonProps: { danger: true },
      onOk: () => run('merge'),
    });
  };

  return (
    <Modal
      open={open} title={`合并 / 关联：${complaint.code}`} onCancel={onClose} width={900} destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button disabled={!target || linked.has(target.id)} loading={saving === 'link'} onClick={() => run('link')} data-testid="merge-link">
            关联（各自办理）
          </Button>
          <Button type="primary" danger disabled={!target} loading={saving === 'merge'} onClick={merge} data-testid="merge-submit">
            并入所选（本件办结）
          </Button>
        </Space>
      }
    >
      <ActionError error={error?.e} extra={error?.extra} onReload={() => { onClose(); onReload(); }} />
      <Typography.Paragraph type="secondary">
        本件位置50米内同类别的诉件（未办结或30天内办结）。关联：两件各自办理并互相标注；合并：本件作为重复件办结，随所选诉件办理。
      </Typography.Paragraph>
      {dups.loading ? <Skeleton active /> : null}
      {dups.error ? <ActionError error={dups.error} onReload={dups.reload} /> : null}
      {!dups.loading && !dups.error && items.length === 0 ? <Empty description="50米内没有同类诉件" /> : null}
      {items.length ? <DuplicateTable items={items} rowSelection={{ selected: picked, onChange: setPicked }} /> : null}
      {target && linked.has(target.id) ? <Typography.Text type="secondary">已与 {target.code} 关联。</Typography.Text> : null}
      {items.length ? (
        <Input.TextArea
          style={{ marginTop: 12 }} rows={2} maxLength={500} placeholder="合并说明（选填）" value={reason}
          onChange={(e) => setReason(e.target.value)} data-testid="merge-reason"
        />
      ) : null}
    </Modal>
  );
}

const SATISFACTION_OPTIONS: { value: Satisfaction; label: string }[] = [
  { value: 'satisfied', label: '满意' }, { value: 'basically_satisfied', label: '基本满意' }, { value: 'dissatisfied', label: '不满意' },
];

export function FeedbackModal({ complaint, open, onClose, onDone, onReload }: Common) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ satisfaction?: Satisfaction; note?: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Failure>(null);
  const satisfaction = Form.useWatch('satisfaction', form);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);

  const submit = async () => {
    let v: { satisfaction?: Satisfaction; note?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const next = await complaintApi.feedback(complaint.id, { satisfaction: v.satisfaction!, note: v.note?.trim() || undefined });
      message.success(v.satisfaction === 'dissatisfied' ? '已记录市民不满意，诉件已重办' : '已记录市民评价');
      onDone(next);
    } catch (e) {
      setError({ e, extra: applyServerErrors(form, e).unmatched });
    } finally {
      setSaving(false);
    }
  };

  const dissatisfied = satisfaction === 'dissatisfied';
  return (
    <Modal
      open={open} title={`市民评价（回访）：${complaint.code}`} onCancel={onClose} destroyOnHidden
      footer={<Space><Button onClick={onClose}>取消</Button><Button type="primary" loading={saving} onClick={submit} data-testid="feedback-submit">记录评价</Button></Space>}
    >
      <ActionError error={error?.e} extra={error?.extra} onReload={() => { onClose(); onReload(); }} />
      {complaint.satisfactionLabel ? (
        <Typography.Paragraph type="secondary">已记录的评价：{complaint.satisfactionLabel}，再次记录将覆盖。</Typography.Paragraph>
      ) : null}
      <Form form={form} layout="vertical" name="complaint-feedback">
        <Form.Item name="satisfaction" label="市民评价" rules={[{ required: true, message: '请选择市民评价' }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={SATISFACTION_OPTIONS} data-testid="feedback-satisfaction" />
        </Form.Item>
        <Form.Item
          name="note" label={dissatisfied ? '不满意的原因' : '说明'}
          rules={dissatisfied ? [{ required: true, whitespace: true, message: '市民不满意时请填写原因' }, { min: 2, message: '至少2个字' }] : []}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={dissatisfied ? '市民不满意的具体原因' : '选填'} data-testid="feedback-note" />
        </Form.Item>
      </Form>
      <Alert
        type={dissatisfied ? 'warning' : 'info'} showIcon
        title="选择“不满意”将重办本诉件：状态回到“处置中”，处置时限重新计为3个工作日，由承办中队重新处置、回复。"
      />
    </Modal>
  );
}
