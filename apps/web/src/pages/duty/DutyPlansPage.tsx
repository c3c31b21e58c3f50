// 勤务计划: the squadrons' plans for a date (within the chosen unit), each with its shifts and crews; squadron leaders
// publish a draft (on time when before 17:00 the day before) or copy the previous day's plan as a new draft.
import { useState } from 'react';
import { App, Button, Card, DatePicker, Empty, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { CopyOutlined, SendOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { dutyApi, type PlanListItem, type ShiftView } from '../../api/duty';
import { useAuth } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime, toDateString } from '../../lib/format';
import { useRequest } from '../../lib/use-request';

const TIMING_COLORS: Record<string, string> = { on_time: 'green', late: 'orange', overdue: 'red', not_due: 'default' };

function PlanShifts({ planId }: { planId: string }) {
  const detail = useRequest((signal) => dutyApi.plan(planId, signal), [planId]);
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  return (
    <Table<ShiftView> rowKey="id" size="small" loading={detail.loading} dataSource={detail.data?.shifts ?? []} pagination={false}
      locale={{ emptyText: '尚未编排班次' }} data-testid={`duty-plan-shifts-${planId}`} columns={[
        { title: '班次', dataIndex: 'name', width: 90 },
        { title: '时间', dataIndex: 'timeLabel', width: 130 },
        { title: '区域', dataIndex: 'areaName', width: 160, render: (v: string | null, r) => v ?? (r.area ? '自定区域' : '中队辖区') },
        {
          title: '人员', render: (_, r) => (r.members.length ? (
            <Space wrap size={4}>
              {r.members.map((m) => (
                <Link key={m.officerId} to={`/duty/officers/${m.officerId}`}>
                  <Tag color={m.role === 'leader' ? 'blue' : undefined}>{m.name}{m.role === 'leader' ? '（带班）' : ''}</Tag>
                </Link>
              ))}
            </Space>
          ) : <Typography.Text type="warning">未排人员</Typography.Text>),
        },
        { title: '车辆', width: 160, render: (_, r) => r.vehicles.map((v) => v.plate ?? v.assetTag).join('、') || '—' },
      ]} />
  );
}

export default function DutyPlansPage() {
  const { can, me } = useAuth();
  const { message, modal } = App.useApp();
  const canPlan = can('duty.plan');
  const [unitId, setUnitId] = useState<string | undefined>(() => me?.unit.id); // own unit: a squadron leader can copy at once
  const [date, setDate] = useState<Dayjs>(() => dayjs());
  const [busy, setBusy] = useState<string | null>(null);
  const day = toDateString(date)!;
  const plans = useRequest((signal) => dutyApi.plans({ unitId, from: day, to: day }, signal), [unitId, day]);

  const publish = async (p: PlanListItem) => {
    setBusy(p.id);
    try {
      const r = await dutyApi.publish(p.id, p.version);
      message.success(`已发布（${r.timingLabel}）`);
      plans.reload();
    } catch (e) {
      message.error(errorMessage(e, '发布失败'));
      plans.reload();
    } finally {
      setBusy(null);
    }
  };

  const copy = async () => {
    if (!unitId) return;
    setBusy('copy');
    try {
      const r = await dutyApi.copy({ unitId, date: day });
      plans.reload();
      if (r.skipped.length) {
        modal.info({
          title: '已复制为草稿，以下人员或车辆未复制',
          content: <ul style={{ paddingLeft: 18 }}>{r.skipped.map((s, i) => <li key={i}>{s.shiftName}：{s.what}（{s.reason}）</li>)}</ul>,
        });
      } else {
        message.success(`已复制${r.shifts.length}个班次为草稿`);
      }
    } catch (e) {
      message.error(errorMessage(e, '复制失败'));
    } finally {
      setBusy(null);
    }
  };

  const items = plans.data?.items ?? [];
  return (
    <div data-testid="duty-plans-page">
      <PageHeader title="勤务计划" subTitle="每个中队每天一份；计划日前一天17:00前发布为按时发布" extra={
        <>
          <UnitTreeSelect value={unitId} onChange={setUnitId} allowClear placeholder="全部单位" style={{ width: 220 }} data-testid="duty-unit" />
          <DatePicker value={date} allowClear={false} onChange={(v) => v && setDate(v)} data-testid="duty-date" />
          {canPlan ? (
            <Popconfirm title={`把前一天的计划复制为${day}的草稿？`} description="班次时间顺延；请假、重复排班的人员和不可用车辆不复制" disabled={!unitId}
              onConfirm={() => copy()} okText="复制" cancelText="取消">
              <Button icon={<CopyOutlined />} disabled={!unitId} loading={busy === 'copy'} data-testid="duty-copy">复制前一天</Button>
            </Popconfirm>
          ) : null}
        </>
      } />
      {plans.error ? <LoadError error={plans.error} onRetry={plans.reload} /> : null}
      {!plans.loading && !plans.error && items.length === 0 ? (
        <Card><Empty description={`${day} 没有勤务计划`} /></Card>
      ) : null}
      <Flex vertical gap={12}>
        {items.map((p) => (
          <Card key={p.id} size="small" data-testid={`duty-plan-${p.id}`}
            title={<Space wrap><span>{p.unitName}</span><span>{p.planDate}</span>
              <Tag color={p.status === 'published' ? 'green' : 'default'} data-testid="duty-plan-status">{p.statusLabel}</Tag>
              <Tag color={TIMING_COLORS[p.timing]}>{p.timingLabel}</Tag></Space>}
            extra={canPlan && p.status === 'draft' ? (
              <Popconfirm title="发布勤务计划？" description="发布后队员即可在手机上看到班次并签到；之后的修改都会记入变更记录。"
                onConfirm={() => publish(p)} okText="发布" cancelText="取消">
                <Button type="primary" size="small" icon={<SendOutlined />} loading={busy === p.id} disabled={p.shiftCount === 0}
                  data-testid="duty-publish">发布</Button>
              </Popconfirm>
            ) : null}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {p.shiftCount}个班次，{p.memberCount}人
              {p.publishedAt ? `；${p.publishedByName ?? ''}于${fmtDateTime(p.publishedAt)}发布` : `；发布时限 ${fmtDateTime(p.publishDeadline)}`}
              {p.note ? `；${p.note}` : ''}
            </Typography.Paragraph>
            <PlanShifts key={`${p.id}:${p.version}`} planId={p.id} />
          </Card>
        ))}
      </Flex>
    </div>
  );
}
