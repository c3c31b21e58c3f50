// 指挥调度: tasks of the caller's units (open and urgent first); for the selected task its place on the map, the nearest
// available vehicles/officers with distance and ETA, dispatch, the units sent with their progress, and the timeline.
// The selected task refreshes every few seconds while it is open, so the command room sees 已接收/已到达/已完成 arrive.
import { useEffect, useMemo, useRef, useState, lazy, Suspense } from 'react';
import {
  Alert, App, Badge, Button, Card, Col, Descriptions, Empty, Flex, Input, Row, Segmented, Skeleton, Space, Table, Tag,
  Timeline, Tooltip, Typography,
} from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import type { ColumnsType } from 'antd/es/table';
import { dispatchApi, unitsApi } from '../api/endpoints';
import type {
  DispatchAssignment, DispatchCandidate, DispatchTaskDetail, DispatchTaskStatus, DispatchTaskSummary, JurisdictionCollection,
  WantedType,
} from '../api/types';
import { useAuth } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import type { MapPoint } from '../components/JurisdictionMap';
import { errorMessage } from '../lib/errors';
import { fmtDateTime } from '../lib/format';
import { useRequest } from '../lib/use-request';
import { TASK_STATUS_COLORS } from './dispatch/dispatch-labels';
import { NewTaskModal } from './dispatch/NewTaskModal';

const JurisdictionMap = lazy(() => import('../components/JurisdictionMap'));

const REFRESH_MS = 5_000;
const PAGE_SIZE = 15;

const STATE_LABELS = { moving: '行驶中', stopped: '静止', offline: '离线' } as const;
const EVENT_COLORS: Record<string, string> = {
  created: 'gray', dispatched: 'blue', received: 'blue', arrived: 'blue', completed: 'green', withdrawn: 'orange', cancelled: 'red', note: 'gray',
};
const EVENT_LABELS: Record<string, string> = {
  created: '新建', dispatched: '派遣', received: '已接收', arrived: '已到达', completed: '已完成', withdrawn: '撤回', cancelled: '撤销', note: '备注',
};

const km = (m: number | null) => (m === null ? '—' : m < 1000 ? `${m} 米` : `${(m / 1000).toFixed(1)} 公里`);
const open = (s: DispatchTaskStatus) => s !== 'completed' && s !== 'cancelled';

function Recommendations({ task, onDispatched, onCandidates }: {
  task: DispatchTaskDetail; onDispatched: (t: DispatchTaskDetail) => void; onCandidates: (c: DispatchCandidate[]) => void;
}) {
  const { message } = App.useApp();
  const [type, setType] = useState<WantedType>(task.wantedType);
  const [picked, setPicked] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  const rec = useRequest((signal) => dispatchApi.recommend({ lat: task.lat, lon: task.lon, type, limit: 8 }, signal), [task.id, task.lat, task.lon, type]);
  useEffect(() => setPicked([]), [task.id, type]);
  useEffect(() => {
    if (rec.data) onCandidates([...rec.data.items, ...rec.data.unavailable]);
  }, [rec.data, onCandidates]);

  const send = async () => {
    setSending(true);
    try {
      const next = await dispatchApi.dispatch(task.id, picked);
      message.success(`已派遣 ${picked.length} 个单位`);
      setPicked([]);
      rec.reload();
      onDispatched(next);
    } catch (e) {
      message.error(errorMessage(e));
      rec.reload();
    } finally {
      setSending(false);
    }
  };

  const columns: ColumnsType<DispatchCandidate> = [
    { title: '单位', dataIndex: 'label', render: (v: string, c) => <Space size={4}><Tag>{c.type === 'vehicle' ? '车辆' : '人员'}</Tag>{v}</Space> },
    { title: '距离', dataIndex: 'distanceM', width: 90, render: (m: number) => km(m) },
    { title: '预计', dataIndex: 'etaMinutes', width: 70, render: (m: number) => `${m} 分钟` },
    { title: '状态', dataIndex: 'state', width: 70, render: (s: keyof typeof STATE_LABELS) => STATE_LABELS[s] },
    { title: '接收人', dataIndex: 'recipientName', render: (v: string | null) => v ?? '—' },
    { title: '所属', dataIndex: 'unitName', ellipsis: true },
  ];
  return (
    <Card size="small" title="就近推荐" extra={
      <Segmented size="small" value={type} onChange={(v) => setType(v as WantedType)}
        options={[{ value: 'any', label: '不限' }, { value: 'vehicle', label: '车辆' }, { value: 'person', label: '人员' }]} />
    } data-testid="recommendations">
      {rec.error ? <LoadError error={rec.error} onRetry={rec.reload} /> : null}
      <Table<DispatchCandidate>
        size="small" rowKey="sourceId" pagination={false} loading={rec.loading} columns={columns} dataSource={rec.data?.items ?? []}
        rowSelection={{ selectedRowKeys: picked, onChange: (keys) => setPicked(keys as string[]) }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="附近没有在线且空闲的单位" /> }}
      />
      {rec.data && rec.data.unavailable.length > 0 ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          更近但不可派：{rec.data.unavailable.map((c) => `${c.label}（${km(c.distanceM)}，${c.reasons.join('、')}）`).join('；')}
        </Typography.Paragraph>
      ) : null}
      <Flex justify="end" style={{ marginTop: 8 }}>
        <Button type="primary" disabled={picked.length === 0} loading={sending} onClick={send} data-testid="dispatch-selected">
          派遣所选（{picked.length}）
        </Button>
      </Flex>
    </Card>
  );
}

function Assignments({ task, canCommand, onChange }: { task: DispatchTaskDetail; canCommand: boolean; onChange: (t: DispatchTaskDetail) => void }) {
  const { message, modal } = App.useApp();
  const withdraw = (a: DispatchAssignment) => {
    let reason = '';
    modal.confirm({
      title: `撤回 ${a.label}？`,
      content: <Input.TextArea rows={2} placeholder="撤回原因（必填）" onChange={(e) => { reason = e.target.value; }} />,
      okText: '撤回', okButtonProps: { danger: true },
      onOk: async () => {
        try {
          onChange(await dispatchApi.withdraw(task.id, a.id, reason));
          message.success(`已撤回 ${a.label}`);
        } catch (e) {
          message.error(errorMessage(e));
          throw e;
        }
      },
    });
  };
  const columns: ColumnsType<DispatchAssignment> = [
    { title: '单位', dataIndex: 'label', render: (v: string, a) => <Space size={4}><Tag>{a.objectType === 'vehicle' ? '车辆' : '人员'}</Tag>{v}</Space> },
    { title: '接收人', dataIndex: 'officerName' },
    { title: '状态', dataIndex: 'statusLabel', render: (v: string, a) => <Tag color={a.status === 'cancelled' ? 'default' : TASK_STATUS_COLORS[a.status]} data-testid={`assignment-status-${a.label}`}>{v}</Tag> },
    { title: '派出', dataIndex: 'dispatchedAt', render: (v: string) => fmtDateTime(v), width: 140 },
    { title: '接收', dataIndex: 'receivedAt', render: (v: string | null) => (v ? fmtDateTime(v).slice(11) : '—'), width: 70 },
    { title: '到达', dataIndex: 'arrivedAt', render: (v: string | null) => (v ? fmtDateTime(v).slice(11) : '—'), width: 70 },
    { title: '完成', dataIndex: 'completedAt', render: (v: string | null) => (v ? fmtDateTime(v).slice(11) : '—'), width: 70 },
    {
      title: '', key: 'op', width: 60, render: (_: unknown, a) => (canCommand && ['dispatched', 'received', 'arrived'].includes(a.status)
        ? <Button size="small" type="link" danger onClick={() => withdraw(a)}>撤回</Button> : null),
    },
  ];
  return (
    <Card size="small" title="已派单位">
      <Table<DispatchAssignment> size="small" rowKey="id" pagination={false} columns={columns} dataSource={task.assignments}
        scroll={{ x: 700 }} locale={{ emptyText: '尚未派遣' }} />
    </Card>
  );
}

function TaskTimeline({ task }: { task: DispatchTaskDetail }) {
  return (
    <Card size="small" title="处置时间线" data-testid="task-timeline">
      <Timeline
        items={task.timeline.map((e) => ({
          key: e.id,
          color: EVENT_COLORS[e.kind] ?? 'gray',
          content: (
            <div data-testid={`timeline-${e.kind}`}>
              <Space size={6} wrap>
                <Typography.Text strong>{EVENT_LABELS[e.kind] ?? e.kind}</Typography.Text>
                <Typography.Text type="secondary">{fmtDateTime(e.at)}:{new Date(e.at).getSeconds().toString().padStart(2, '0')}</Typography.Text>
                <Typography.Text type="secondary">{e.actorName}</Typography.Text>
              </Space>
              {e.note ? <div>{e.note}</div> : null}
              {e.lat !== null && e.lon !== null ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>上报位置 {e.lon.toFixed(5)}, {e.lat.toFixed(5)}</Typography.Text> : null}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

function TaskPanel({ taskId, jurisdictions, onChanged }: {
  taskId: string; jurisdictions: JurisdictionCollection | undefined; onChanged: () => void;
}) {
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const detail = useRequest((signal) => dispatchApi.get(taskId, signal), [taskId]);
  const task = detail.data;
  const isOpen = task ? open(task.status) : false;
  // Poll while the task is open: the field app's steps show up here.
  useEffect(() => {
    if (!isOpen) return;
    const timer = setInterval(() => detail.reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [isOpen, detail.reload]); // eslint-disable-line react-hooks/exhaustive-deps
  // A step reported from the field changes the task's state: the list on the left follows.
  const status = task?.status;
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;
  const seenStatus = useRef(status);
  useEffect(() => {
    if (status && seenStatus.current && status !== seenStatus.current) onChangedRef.current();
    seenStatus.current = status;
  }, [status]);
  const marker = useMemo<[number, number] | null>(() => (task ? [task.lon, task.lat] : null), [task?.lon, task?.lat]); // eslint-disable-line react-hooks/exhaustive-deps
  const [candidates, setCandidates] = useState<DispatchCandidate[]>([]);
  const points = useMemo<MapPoint[]>(() => candidates.map((c) => ({
    id: c.sourceId, lon: c.lon, lat: c.lat, color: c.available ? (c.type === 'vehicle' ? '#1677ff' : '#52c41a') : '#bfbfbf',
    title: `${c.label} ${km(c.distanceM)}`,
  })), [candidates]);

  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!task) return <Skeleton active />;
  const update = (next: DispatchTaskDetail) => { detail.setData(next); onChanged(); };
  const cancel = () => {
    let reason = '';
    modal.confirm({
      title: `撤销任务 ${task.code}？`, content: <Input.TextArea rows={2} placeholder="撤销原因（必填），在途单位将收队" onChange={(e) => { reason = e.target.value; }} />,
      okText: '撤销任务', okButtonProps: { danger: true },
      onOk: async () => {
        try {
          update(await dispatchApi.cancel(task.id, reason));
          message.success('任务已撤销');
        } catch (e) {
          message.error(errorMessage(e));
          throw e;
        }
      },
    });
  };
  return (
    <Flex vertical gap={12} data-testid="task-panel">
      <Card size="small" title={<Space><span>{task.title}</span><Tag color={TASK_STATUS_COLORS[task.status]} data-testid="task-status">{task.statusLabel}</Tag>{task.priority === 'urgent' ? <Tag color="red">紧急</Tag> : null}</Space>}
        extra={can('dispatch.command') && isOpen ? <Button size="small" danger onClick={cancel}>撤销任务</Button> : null}>
        <Row gutter={12}>
          <Col xs={24} lg={11}>
            <Descriptions size="small" column={1} items={[
              { key: 'code', label: '调度单号', children: task.code },
              { key: 'unit', label: '所属中队', children: task.unitName },
              { key: 'addr', label: '地址', children: task.address ?? `${task.lon.toFixed(5)}, ${task.lat.toFixed(5)}` },
              { key: 'want', label: '需要的力量', children: task.wantedTypeLabel },
              { key: 'desc', label: '说明', children: task.description ?? '—' },
              { key: 'by', label: '新建', children: `${task.createdByName} ${fmtDateTime(task.createdAt)}` },
              ...(task.closedAt ? [{ key: 'closed', label: '结束', children: fmtDateTime(task.closedAt) }] : []),
            ]} />
          </Col>
          <Col xs={24} lg={13}>
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 260 }} />}>
              <div className="dispatch-map"><JurisdictionMap collection={jurisdictions} marker={marker} points={isOpen ? points : undefined} zoomToMarker /></div>
            </Suspense>
          </Col>
        </Row>
      </Card>
      {can('dispatch.command') && isOpen ? <Recommendations task={task} onDispatched={update} onCandidates={setCandidates} /> : null}
      <Assignments task={task} canCommand={can('dispatch.command')} onChange={update} />
      <TaskTimeline task={task} />
    </Flex>
  );
}

export default function DispatchPage() {
  const { can, me } = useAuth();
  const [status, setStatus] = useState<'open' | DispatchTaskStatus | 'all'>('open');
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  // ?task=<id> (from a flag on the command map) opens that task.
  const [params] = useSearchParams();
  const [selected, setSelected] = useState<string | null>(params.get('task'));
  const [creating, setCreating] = useState(false);
  const [tick, setTick] = useState(0);
  const list = useRequest(
    (signal) => dispatchApi.list({ status: status === 'all' ? undefined : status, q: q || undefined, unitId, page, pageSize: PAGE_SIZE }, signal),
    [status, q, unitId, page, tick],
  );
  const geo = useRequest((signal) => unitsApi.geojson(me?.unit.id, signal), [me?.unit.id]);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 15_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (!selected && list.data?.items[0]) setSelected(list.data.items[0].id);
  }, [list.data, selected]);

  const columns: ColumnsType<DispatchTaskSummary> = [
    {
      title: '任务', dataIndex: 'title', render: (v: string, t) => (
        <div>
          <Space size={4} wrap>
            {t.priority === 'urgent' ? <Badge status="error" /> : null}
            <Typography.Text strong>{v}</Typography.Text>
            <Tag color={TASK_STATUS_COLORS[t.status]}>{t.statusLabel}</Tag>
          </Space>
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.code} · {t.unitName} · {fmtDateTime(t.createdAt)}</Typography.Text></div>
          {t.assigned.length > 0 ? <div style={{ fontSize: 12 }}>已派：{t.assigned.join('、')}</div> : null}
        </div>
      ),
    },
  ];

  return (
    <div>
      <PageHeader
        title="指挥调度" subTitle="在地图上定点建任务，就近派遣车辆和人员，移动端接收、到达、完成全程留痕"
        extra={
          <>
            <Tooltip title="刷新"><Button icon={<ReloadOutlined />} onClick={() => setTick((t) => t + 1)} /></Tooltip>
            {can('dispatch.command') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>新建任务</Button> : null}
          </>
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={9}>
          <Card size="small">
            <Flex vertical gap={8}>
              <Segmented block value={status} onChange={(v) => { setStatus(v as typeof status); setPage(1); }}
                options={[{ value: 'open', label: '进行中' }, { value: 'completed', label: '已完成' }, { value: 'cancelled', label: '已撤销' }, { value: 'all', label: '全部' }]} />
              <Flex gap={8} wrap>
                <UnitTreeSelect value={unitId} onChange={(id) => { setUnitId(id); setPage(1); }} allowClear
                  placeholder="全部单位（本单位及下级）" style={{ flex: '1 1 180px' }} aria-label="任务所属单位" />
                <Input.Search allowClear placeholder="任务名称、单号、地址" onSearch={(v) => { setQ(v.trim()); setPage(1); }} maxLength={50}
                  style={{ flex: '1 1 180px' }} />
              </Flex>
              {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
              <Table<DispatchTaskSummary>
                size="small" rowKey="id" showHeader={false} columns={columns} dataSource={list.data?.items ?? []} loading={list.loading && !list.data}
                onRow={(t) => ({ onClick: () => setSelected(t.id), style: { cursor: 'pointer' }, className: t.id === selected ? 'ant-table-row-selected' : '' })}
                pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, size: 'small', showTotal: (n) => `共 ${n} 条` }}
                locale={{ emptyText: <Empty description={status === 'open' ? '没有进行中的调度任务' : '没有调度任务'} /> }}
                data-testid="task-list"
              />
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          {selected ? <TaskPanel key={selected} taskId={selected} jurisdictions={geo.data} onChanged={() => setTick((t) => t + 1)} />
            : <Card><Empty description="选择左侧任务查看详情，或新建任务" /></Card>}
          {!can('dispatch.command') ? <Alert style={{ marginTop: 12 }} type="info" showIcon title="您可以查看调度任务；新建和派遣需要指挥调度权限。" /> : null}
        </Col>
      </Row>
      <NewTaskModal
        open={creating} jurisdictions={geo.data} onClose={() => setCreating(false)}
        onCreated={(task) => { setCreating(false); setSelected(task.id); setStatus('open'); setPage(1); setTick((t) => t + 1); }}
      />
    </div>
  );
}
