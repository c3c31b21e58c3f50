// 勤务计划: the squadrons' plans for a date (within the chosen unit), each with its shifts and crews. Squadron leaders
// create a plan (or copy the previous day's), edit its note and shifts, delete a draft and publish it (on time when
// before 17:00 the day before); after publication shifts that have not ended stay editable and every change is listed
// in the plan's 变更记录.
import { useMemo, useState } from 'react';
import { App, Button, Card, Collapse, DatePicker, Empty, Flex, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { CopyOutlined, DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { shanghaiDate, SQUADRON_KINDS } from '@cg/domain';
import { dutyApi, type PlanDetail, type PlanListItem, type ShiftView } from '../../api/duty';
import type { UnitTreeNode } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useUnitTree } from '../../components/unit-tree-context';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime, toDateString } from '../../lib/format';
import { useRequest } from '../../lib/use-request';
import ShiftFormModal from './ShiftFormModal';

const TIMING_COLORS: Record<string, string> = { on_time: 'green', late: 'orange', overdue: 'red', not_due: 'default' };

function findUnit(nodes: readonly UnitTreeNode[], id: string | undefined): UnitTreeNode | null {
  if (!id) return null;
  for (const n of nodes) {
    if (n.id === id) return n;
    const hit = findUnit(n.children ?? [], id);
    if (hit) return hit;
  }
  return null;
}

const ended = (s: ShiftView) => new Date(s.endsAt).getTime() <= Date.now();

interface PlanShiftsProps {
  plan: PlanListItem;
  canPlan: boolean;
  /** The plan changed on the server (the page reloads the list; the new version reloads the detail). */
  onChanged: () => void;
}

function PlanShifts({ plan, canPlan, onChanged }: PlanShiftsProps) {
  const { message } = App.useApp();
  const planId = plan.id;
  // Reloaded whenever the plan's version changes (here or elsewhere), keeping the table on screen meanwhile.
  const detail = useRequest((signal) => dutyApi.plan(planId, signal), [planId, plan.version]);
  const [editing, setEditing] = useState<{ shift: ShiftView | null } | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  const shifts = detail.data?.shifts ?? [];
  const changes = detail.data?.changes ?? [];
  // A shift can still be added while its day has not passed (the server checks the exact times).
  const canAdd = canPlan && plan.planDate >= shanghaiDate(new Date());
  const draft = plan.status === 'draft';

  const saved = (d: PlanDetail) => {
    setEditing(null);
    detail.setData(d);
    message.success(d.status === 'published' ? '班次已保存，已记入变更记录' : '班次已保存');
    onChanged();
  };

  const remove = async (s: ShiftView) => {
    setDeleting(s.id);
    try {
      detail.setData(await dutyApi.deleteShift(s.id));
      message.success(`已删除班次“${s.name}”`);
      onChanged();
    } catch (e) {
      message.error(errorMessage(e, '删除失败'));
      detail.reload();
    } finally {
      setDeleting(null);
    }
  };

  return (
    <>
      <Table<ShiftView> rowKey="id" size="small" loading={detail.loading} dataSource={shifts} pagination={false}
        locale={{ emptyText: '尚未编排班次' }} data-testid={`duty-plan-shifts-${planId}`} columns={[
          { title: '班次', dataIndex: 'name', width: 90 },
          { title: '时间', dataIndex: 'timeLabel', width: 130 },
          {
            title: '区域', width: 170, render: (_, r) => (
              <Space size={4} wrap>
                <span>{r.areaName ?? (r.area ? '自定区域' : '中队辖区')}</span>
                {r.area && r.areaName ? <Tag>自定区域</Tag> : null}
                {r.patrolRoute ? <Tag color="cyan">巡逻路线</Tag> : null}
              </Space>
            ),
          },
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
          { title: '车辆', width: 150, render: (_, r) => r.vehicles.map((v) => v.plate ?? v.assetTag).join('、') || '—' },
          { title: '备注', dataIndex: 'note', width: 140, ellipsis: true, render: (v: string | null) => v ?? '' },
          ...(canPlan ? [{
            title: '操作', key: 'actions', width: 120, render: (_: unknown, r: ShiftView) => {
              const over = ended(r);
              if (over && !draft) return <Typography.Text type="secondary">已结束</Typography.Text>;
              return (
                <Space size={0}>
                  <Button type="link" size="small" disabled={over} title={over ? '班次已结束，不能修改' : undefined}
                    onClick={() => setEditing({ shift: r })} data-testid={`duty-shift-edit-${r.id}`}>编辑</Button>
                  <Popconfirm title={`删除班次“${r.name}”？`} description={draft ? undefined : '已发布的计划：删除会记入变更记录'}
                    okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => remove(r)}>
                    <Button type="link" size="small" danger loading={deleting === r.id} data-testid={`duty-shift-delete-${r.id}`}>删除</Button>
                  </Popconfirm>
                </Space>
              );
            },
          }] : []),
        ]} />
      {canAdd ? (
        <Button type="dashed" block icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => setEditing({ shift: null })} data-testid="duty-add-shift">
          新增班次
        </Button>
      ) : null}
      {plan.status === 'published' ? (
        <Collapse size="small" style={{ marginTop: 8 }} data-testid={`duty-plan-changes-${planId}`} items={[{
          key: 'changes',
          label: `变更记录（${changes.length}）`,
          children: changes.length ? (
            <Table size="small" rowKey="id" pagination={false} dataSource={changes} columns={[
              { title: '时间', dataIndex: 'at', width: 150, render: (v: string) => fmtDateTime(v) },
              { title: '修改人', dataIndex: 'actorName', width: 100 },
              { title: '内容', dataIndex: 'summary' },
            ]} />
          ) : <Typography.Text type="secondary">发布后没有修改</Typography.Text>,
        }]} />
      ) : null}
      {editing ? (
        <ShiftFormModal open planId={planId} unitId={plan.unitId} planDate={plan.planDate} shift={editing.shift}
          onClose={() => setEditing(null)} onSaved={saved} />
      ) : null}
    </>
  );
}

/** 备注 of a plan, saved with its version (someone else's change in between is refused by the server). */
function PlanNoteModal({ plan, onClose, onSaved }: { plan: PlanListItem; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [note, setNote] = useState(plan.note ?? '');
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await dutyApi.updatePlanNote(plan.id, { version: plan.version, note: note.trim() || null });
      message.success('备注已保存');
      onSaved();
    } catch (e) {
      message.error(errorMessage(e, '保存失败'));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={`计划备注（${plan.unitName} ${plan.planDate}）`} okText="保存" cancelText="取消" onOk={() => void save()}
      confirmLoading={saving} onCancel={onClose} destroyOnHidden>
      <Input.TextArea rows={3} maxLength={200} showCount value={note} onChange={(e) => setNote(e.target.value)} data-testid="duty-plan-note-input" />
      {plan.status === 'published' ? <Typography.Text type="secondary">已发布的计划：修改备注会记入变更记录。</Typography.Text> : null}
    </Modal>
  );
}

export default function DutyPlansPage() {
  const { can, me } = useAuth();
  const { message, modal } = App.useApp();
  const { roots } = useUnitTree();
  const canPlan = can('duty.plan');
  const [unitId, setUnitId] = useState<string | undefined>(() => me?.unit.id); // own unit: a squadron leader can copy at once
  const [date, setDate] = useState<Dayjs>(() => dayjs());
  const [busy, setBusy] = useState<string | null>(null);
  const [noteOf, setNoteOf] = useState<PlanListItem | null>(null);
  const day = toDateString(date)!;
  const plans = useRequest((signal) => dutyApi.plans({ unitId, from: day, to: day }, signal), [unitId, day]);
  const unit = useMemo(() => findUnit(roots, unitId), [roots, unitId]);
  const isSquadron = Boolean(unit && SQUADRON_KINDS.includes(unit.kind));
  const past = day < shanghaiDate(new Date());

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

  const create = async () => {
    if (!unitId) return;
    setBusy('create');
    try {
      await dutyApi.createPlan({ unitId, date: day });
      message.success('已新建草稿，请添加班次');
      plans.reload();
    } catch (e) {
      message.error(errorMessage(e, '新建失败'));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (p: PlanListItem) => {
    setBusy(`delete:${p.id}`);
    try {
      await dutyApi.deletePlan(p.id);
      message.success('草稿已删除');
    } catch (e) {
      message.error(errorMessage(e, '删除失败'));
    } finally {
      setBusy(null);
      plans.reload();
    }
  };

  const items = plans.data?.items ?? [];
  // One plan per squadron and day: offered only for a squadron without one (the server has the last word).
  const hasOwnPlan = items.some((p) => p.unitId === unitId);
  const createHint = !unitId || !isSquadron ? '请先选择一个中队' : past ? '不能为过去的日期新建计划' : hasOwnPlan ? '该中队当天已有计划' : null;
  return (
    <div data-testid="duty-plans-page">
      <PageHeader title="勤务计划" subTitle="每个中队每天一份；计划日前一天17:00前发布为按时发布" extra={
        <>
          <UnitTreeSelect value={unitId} onChange={setUnitId} allowClear placeholder="全部单位" style={{ width: 220 }} data-testid="duty-unit" />
          <DatePicker value={date} allowClear={false} onChange={(v) => v && setDate(v)} data-testid="duty-date" />
          {canPlan ? (
            <>
              <Button type="primary" icon={<PlusOutlined />} disabled={Boolean(createHint) || plans.loading} title={createHint ?? undefined}
                loading={busy === 'create'} onClick={() => void create()} data-testid="duty-new-plan">新建计划</Button>
              <Popconfirm title={`把前一天的计划复制为${day}的草稿？`} description="班次时间顺延；请假、重复排班的人员和不可用车辆不复制" disabled={!unitId}
                onConfirm={() => copy()} okText="复制" cancelText="取消">
                <Button icon={<CopyOutlined />} disabled={!unitId} loading={busy === 'copy'} data-testid="duty-copy">复制前一天</Button>
              </Popconfirm>
            </>
          ) : null}
        </>
      } />
      {plans.error ? <LoadError error={plans.error} onRetry={plans.reload} /> : null}
      {!plans.loading && !plans.error && items.length === 0 ? (
        <Card><Empty description={`${day} 没有勤务计划${canPlan && !createHint ? '，可新建或复制前一天' : ''}`} /></Card>
      ) : null}
      <Flex vertical gap={12}>
        {items.map((p) => (
          <Card key={p.id} size="small" data-testid={`duty-plan-${p.id}`}
            title={<Space wrap><span>{p.unitName}</span><span>{p.planDate}</span>
              <Tag color={p.status === 'published' ? 'green' : 'default'} data-testid="duty-plan-status">{p.statusLabel}</Tag>
              <Tag color={TIMING_COLORS[p.timing]}>{p.timingLabel}</Tag></Space>}
            extra={canPlan ? (
              <Space size={4}>
                <Button size="small" icon={<EditOutlined />} onClick={() => setNoteOf(p)} data-testid="duty-plan-note-edit">备注</Button>
                {p.status === 'draft' ? (
                  <>
                    <Popconfirm title="删除这份草稿？" description="草稿及其全部班次都会删除" okText="删除" okButtonProps={{ danger: true }} cancelText="取消"
                      onConfirm={() => remove(p)}>
                      <Button size="small" danger icon={<DeleteOutlined />} loading={busy === `delete:${p.id}`} data-testid="duty-plan-delete">删除草稿</Button>
                    </Popconfirm>
                    <Popconfirm title="发布勤务计划？" description="发布后队员即可在手机上看到班次并签到；之后的修改都会记入变更记录。"
                      onConfirm={() => publish(p)} okText="发布" cancelText="取消">
                      <Button type="primary" size="small" icon={<SendOutlined />} loading={busy === p.id} disabled={p.shiftCount === 0}
                        data-testid="duty-publish">发布</Button>
                    </Popconfirm>
                  </>
                ) : null}
              </Space>
            ) : null}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {p.shiftCount}个班次，{p.memberCount}人
              {p.publishedAt ? `；${p.publishedByName ?? ''}于${fmtDateTime(p.publishedAt)}发布` : `；发布时限 ${fmtDateTime(p.publishDeadline)}`}
              {p.note ? <>；<span data-testid="duty-plan-note">{p.note}</span></> : ''}
            </Typography.Paragraph>
            <PlanShifts key={p.id} plan={p} canPlan={canPlan} onChanged={plans.reload} />
          </Card>
        ))}
      </Flex>
      {noteOf ? <PlanNoteModal plan={noteOf} onClose={() => setNoteOf(null)} onSaved={() => { setNoteOf(null); plans.reload(); }} /> : null}
    </div>
  );
}
