// 请假 on the phone: my requests with their status, a form for a new one, and 撤回 of one not decided yet. Online only —
// the 中队长 decides against the roster, so a request that waited in a dead zone could land after the plan was made.
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Popconfirm, Select, Tag, Typography } from 'antd';
import { DisconnectOutlined } from '@ant-design/icons';
import { LEAVE_KINDS, leaveDatesProblem, plusDays, shanghaiDate } from '@cg/domain';
import { dutyApi, type LeaveInput, type LeaveView } from '../../api/duty';
import { LoadError } from '../../components/LoadError';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';

const STATUS_COLORS: Record<string, string> = { pending: 'gold', approved: 'green', rejected: 'red', cancelled: 'default' };

function LeaveCard({ l, online, onCancel }: { l: LeaveView; online: boolean; onCancel: (l: LeaveView) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <Card size="small" data-testid={`leave-${l.id}`}>
      <Flex vertical gap={4}>
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text strong>{l.kind} · {l.days}天</Typography.Text>
          <Tag color={STATUS_COLORS[l.status] ?? 'default'} data-testid="leave-status" data-status={l.status}>{l.statusLabel}</Tag>
        </Flex>
        <div>{l.fromDate === l.toDate ? l.fromDate : `${l.fromDate} 至 ${l.toDate}`}</div>
        <Typography.Text type="secondary">事由：{l.reason}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>申请于 {fmtDateTime(l.requestedAt)}</Typography.Text>
        {l.decidedAt ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {l.decidedByName ?? ''} 审批于 {fmtDateTime(l.decidedAt)}{l.decisionNote ? `：${l.decisionNote}` : ''}
          </Typography.Text>
        ) : null}
        {l.status === 'pending' ? (
          <Popconfirm title="撤回这条请假？" description="撤回后如仍需请假，请重新申请" okText="撤回" cancelText="取消"
            disabled={!online} onConfirm={async () => { setBusy(true); try { await onCancel(l); } finally { setBusy(false); } }}>
            <Button size="small" danger style={{ alignSelf: 'flex-start' }} loading={busy} disabled={!online} data-testid={`leave-cancel-${l.id}`}>撤回</Button>
          </Popconfirm>
        ) : null}
      </Flex>
    </Card>
  );
}

export function FieldLeavePanel({ online }: { online: boolean }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<LeaveInput>();
  const [busy, setBusy] = useState(false);
  const leaves = useRequest((signal) => dutyApi.myLeaves(signal), [online], online);
  const items = leaves.data?.items ?? [];

  const submit = async () => {
    let values: LeaveInput;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const created = await dutyApi.requestLeave({ ...values, reason: values.reason.trim() });
      message.success('请假已提交，等待中队长审批');
      form.resetFields(['fromDate', 'toDate', 'reason']);
      leaves.setData({ items: [created, ...items.filter((x) => x.id !== created.id)] });
      leaves.reload();
    } catch (e) {
      message.error(errorMessage(e, '提交失败，请重试'));
    } finally {
      setBusy(false);
    }
  };

  const cancel = async (l: LeaveView) => {
    try {
      const updated = await dutyApi.cancelLeave(l.id);
      message.success('已撤回');
      leaves.setData({ items: items.map((x) => (x.id === updated.id ? updated : x)) });
    } catch (e) {
      message.error(errorMessage(e, '撤回失败'));
      leaves.reload();
    }
  };

  const tomorrow = plusDays(shanghaiDate(new Date()), 1);
  return (
    <Flex vertical gap={12} data-testid="field-leave">
      {!online ? (
        <Alert type="warning" showIcon icon={<DisconnectOutlined />} data-testid="leave-offline"
          title="离线：请假需联网办理" description="请假由中队长在线审批，请到有信号的地方再提交或撤回。" />
      ) : null}
      <Card size="small" title="申请请假">
        <Form form={form} layout="vertical" requiredMark={false} disabled={!online} data-testid="leave-form"
          initialValues={{ kind: LEAVE_KINDS[0], fromDate: tomorrow, toDate: tomorrow }}>
          <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
            <Select options={LEAVE_KINDS.map((k) => ({ value: k, label: k }))} data-testid="leave-kind" />
          </Form.Item>
          <Flex gap={8}>
            <Form.Item name="fromDate" label="开始日期" style={{ flex: 1 }} rules={[{ required: true, message: '请选择开始日期' }]}>
              <Input type="date" data-testid="leave-from" />
            </Form.Item>
            <Form.Item name="toDate" label="结束日期" style={{ flex: 1 }} dependencies={['fromDate']} rules={[
              { required: true, message: '请选择结束日期' },
              ({ getFieldValue }) => ({
                validator: (_, to: string) => {
                  const from = getFieldValue('fromDate') as string | undefined;
                  const p = from && to ? leaveDatesProblem({ fromDate: from, toDate: to }) : null;
                  return p ? Promise.reject(new Error(p.message)) : Promise.resolve();
                },
              }),
            ]}>
              <Input type="date" data-testid="leave-to" />
            </Form.Item>
          </Flex>
          <Form.Item name="reason" label="事由"
            rules={[{ required: true, whitespace: true, message: '请填写事由' }, { min: 2, message: '事由至少2个字' }]}>
            <Input.TextArea rows={2} maxLength={200} showCount placeholder="如：家中有事" data-testid="leave-reason" />
          </Form.Item>
          <Button type="primary" block size="large" loading={busy} onClick={() => void submit()} data-testid="leave-submit">提交请假</Button>
        </Form>
      </Card>

      <Typography.Title level={5} style={{ margin: 0 }}>我的请假</Typography.Title>
      {leaves.error ? <LoadError error={leaves.error} onRetry={leaves.reload} /> : null}
      {online && leaves.data && items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无请假记录" /> : null}
      <Flex vertical gap={8} data-testid="leave-list">
        {items.map((l) => <LeaveCard key={l.id} l={l} online={online} onCancel={cancel} />)}
      </Flex>
    </Flex>
  );
}
