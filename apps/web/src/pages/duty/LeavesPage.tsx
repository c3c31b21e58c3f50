// 请假审批: the leave requests of a unit and its subtree (default: own unit, 待审批), optionally overlapping a date range.
// Squadron leaders approve or reject a pending request with a note (required for 不批准); the server refuses approval
// while the officer is still rostered in those days, and a 内勤 or the applicant himself cannot decide — its message is shown.
import { canDecideLeave } from '@cg/domain';
import { useState, type HTMLAttributes } from 'react';
import { App, Alert, Button, Card, DatePicker, Empty, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { dutyApi, type LeaveView } from '../../api/duty';
import { useAuth } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';
import {
  canDecide, decisionBody, decisionNoteProblem, LEAVE_DECISION_LABELS, LEAVE_STATUS_COLORS, LEAVE_STATUS_FILTERS, leaveStatusFilterOf,
  MAX_DECISION_NOTE, type LeaveDecision,
} from './LeaveDecision';

/** The server answers at most this many rows. */
const LIST_LIMIT = 500;

function DecisionModal({ leave, decision, onClose, onDone, onFailed }: {
  leave: LeaveView; decision: LeaveDecision; onClose: () => void; onDone: (updated: LeaveView) => void; onFailed: () => void;
}) {
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problem = decisionNoteProblem(decision, note);
  const label = LEAVE_DECISION_LABELS[decision];

  const submit = async () => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await dutyApi.decideLeave(leave.id, decisionBody(decision, note)));
    } catch (e) {
      // 409 已排班 / 已审批, 403 本人 / 内勤: the server's sentence says what to do.
      setError(errorMessage(e, `${label}失败`));
      onFailed(); // someone else may have decided meanwhile: the row behind the modal shows it
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open title={`${label}请假：${leave.officerName}`} onCancel={onClose} destroyOnHidden maskClosable={false}
      footer={[
        <Button key="cancel" onClick={onClose}>取消</Button>,
        <Button key="ok" type="primary" danger={decision === 'rejected'} loading={busy} onClick={() => void submit()} data-testid="leave-decision-ok">
          {label}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {leave.unitName} · {leave.kind} · {leave.fromDate} 至 {leave.toDate}（{leave.days}天）<br />事由：{leave.reason}
      </Typography.Paragraph>
      {error ? <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} data-testid="leave-decision-error" /> : null}
      <Typography.Text>审批意见{decision === 'rejected' ? <Typography.Text type="danger">（必填）</Typography.Text> : '（选填）'}</Typography.Text>
      <Input.TextArea
        rows={3} value={note} maxLength={MAX_DECISION_NOTE} showCount status={touched && problem ? 'error' : undefined}
        placeholder={decision === 'rejected' ? '请说明不批准的原因' : '如：同意，注意交接工作'}
        onChange={(e) => setNote(e.target.value)} style={{ marginTop: 4 }} data-testid="leave-decision-note"
      />
      {touched && problem ? <Typography.Text type="danger">{problem}</Typography.Text> : null}
    </Modal>
  );
}

export default function LeavesPage() {
  const { can, me } = useAuth();
  const { message } = App.useApp();
  // 内勤 plan duty but leave is the squadron leader's decision (same rule as the server).
  const canPlan = can('duty.plan') && !!me && canDecideLeave(me.role);
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? me?.unit.id;
  const status = leaveStatusFilterOf(params.get('status'));
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const [deciding, setDeciding] = useState<{ leave: LeaveView; decision: LeaveDecision } | null>(null);

  const q = { unitId, from, to };
  const list = useRequest((signal) => dutyApi.leaves({ ...q, status: status || undefined }, signal), [unitId, from, to, status]);
  // The header always tells how many wait for a decision, whatever the status filter shows.
  const pending = useRequest((signal) => dutyApi.leaves({ ...q, status: 'pending' }, signal), [unitId, from, to], status !== 'pending');
  const items = list.data?.items ?? [];
  const pendingCount = status === 'pending' ? list.data?.items.length : pending.data?.items.length;

  const update = (changes: Record<string, string | undefined>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v !== undefined) next.set(k, v);
        else next.delete(k);
      }
      return next;
    }, { replace: true });

  const done = (updated: LeaveView) => {
    message.success(`${updated.officerName}的请假${updated.statusLabel}`);
    setDeciding(null);
    list.reload();
    if (status !== 'pending') pending.reload();
  };

  const columns: TableColumnsType<LeaveView> = [
    {
      title: '人员', dataIndex: 'officerName', width: 100, fixed: 'left',
      render: (v: string, r) => <Link to={`/duty/officers/${r.officerId}`}>{v}</Link>,
    },
    { title: '中队', dataIndex: 'unitName', width: 150 },
    { title: '类型', dataIndex: 'kind', width: 80 },
    {
      title: '起止日期', key: 'dates', width: 250,
      render: (_, r) => <span>{r.fromDate === r.toDate ? r.fromDate : `${r.fromDate} 至 ${r.toDate}`}<Typography.Text type="secondary">（{r.days}天）</Typography.Text></span>,
    },
    { title: '事由', dataIndex: 'reason', ellipsis: { showTitle: true } },
    { title: '申请时间', dataIndex: 'requestedAt', width: 140, render: fmtDateTime },
    {
      title: '状态', dataIndex: 'statusLabel', width: 90,
      render: (v: string, r) => <Tag color={LEAVE_STATUS_COLORS[r.status]} data-testid={`leave-status-${r.id}`}>{v}</Tag>,
    },
    {
      title: '审批', key: 'decision', width: 220,
      render: (_, r) => {
        if (canDecide(r, canPlan)) {
          return (
            <Space size={4}>
              <Button size="small" type="primary" onClick={() => setDeciding({ leave: r, decision: 'approved' })} data-testid={`leave-approve-${r.id}`}>批准</Button>
              <Button size="small" danger onClick={() => setDeciding({ leave: r, decision: 'rejected' })} data-testid={`leave-reject-${r.id}`}>不批准</Button>
            </Space>
          );
        }
        if (!r.decidedByName && !r.decidedAt) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Space orientation="vertical" size={0}>
            <span>{r.decidedByName ?? (r.status === 'cancelled' ? '本人撤回' : '—')}</span>
            {r.decidedAt ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtDateTime(r.decidedAt)}</Typography.Text> : null}
            {r.decisionNote ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>意见：{r.decisionNote}</Typography.Text> : null}
          </Space>
        );
      },
    },
  ];

  const statusLabel = LEAVE_STATUS_FILTERS.find((f) => f.value === status)?.label ?? '';
  return (
    <div data-testid="leaves-page">
      <PageHeader
        title={<Space>请假审批{pendingCount !== undefined ? <Tag color={pendingCount ? 'gold' : 'default'} data-testid="leaves-pending-count">待审批 {pendingCount}</Tag> : null}</Space>}
        subTitle="本单位及下级单位的请假；请假期间已排班的，须先调整班次再批准"
        extra={
          <>
            <UnitTreeSelect
              value={unitId} onChange={(id) => update({ unitId: id && id !== me?.unit.id ? id : undefined })} allowClear={false}
              style={{ minWidth: 220 }} aria-label="单位" data-testid="leaves-unit"
            />
            <Select
              value={status} options={LEAVE_STATUS_FILTERS.map((f) => ({ value: f.value, label: f.label }))} style={{ width: 110 }}
              onChange={(v) => update({ status: v === 'pending' ? undefined : v })} aria-label="状态" data-testid="leaves-status"
            />
            <DatePicker.RangePicker
              value={from && to ? [dayjs(from), dayjs(to)] : null} placeholder={['请假开始', '请假结束']}
              onChange={(v) => update(v?.[0] && v[1] ? { from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') } : { from: undefined, to: undefined })}
              aria-label="请假日期" data-testid="leaves-range"
            />
          </>
        }
      />
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Card size="small">
        <Table<LeaveView>
          rowKey="id" size="small" columns={columns} dataSource={items} loading={list.loading} scroll={{ x: 1200 }}
          pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 条` } : false}
          onRow={(r) => ({ 'data-testid': `leave-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
          locale={{
            emptyText: <Empty description={status === 'pending' ? '没有待审批的请假' : `没有${status ? statusLabel : ''}请假记录`} />,
          }}
          data-testid="leaves-table"
        />
        {items.length >= LIST_LIMIT ? <Typography.Text type="secondary">仅列出前 {LIST_LIMIT} 条，请缩小单位或日期范围。</Typography.Text> : null}
      </Card>
      {deciding ? (
        <DecisionModal key={`${deciding.leave.id}-${deciding.decision}`} leave={deciding.leave} decision={deciding.decision}
          onClose={() => setDeciding(null)} onDone={done} onFailed={list.reload} />
      ) : null}
    </div>
  );
}
