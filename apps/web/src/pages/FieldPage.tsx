// 移动执勤 (field app, phone first): switch 执勤定位 on to report the officer's position while on duty, and handle the
// tasks the command room dispatched: 接收 → 到达现场 → 处置完成, each step stamped with time and (when known) position.
// New tasks are looked for every few seconds; a repeated step (retry after a dead zone) changes nothing on the server.
// The 我的诉件 tab lists the squadron's open 诉件 (kept on the phone for dead zones) and leads to their pages under
// /field/complaints/… (pages/field/), where every step goes through the offline queue (lib/offline-queue.ts).
// 今日勤务 leads to 勤务日志 / 请假 (/field/duty); 扫码查装备 reads an equipment label and opens the item.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Badge, Button, Card, Empty, Flex, Input, Modal, Space, Steps, Switch, Tabs, Tag, Typography } from 'antd';
import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { dispatchApi } from '../api/endpoints';
import type { FieldStep, MyAssignment } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { dutyReporterFor, type DutyPositionReporter, type DutyPositionState } from '../lib/duty-position';
import { errorMessage } from '../lib/errors';
import { fmtDateTime } from '../lib/format';
import { useRequest } from '../lib/use-request';
import { TASK_STATUS_COLORS } from './dispatch/dispatch-labels';
import { TodayDutyCard } from './duty/TodayDutyCard';
import { FieldComplaintList } from './field/FieldComplaintList';
import { FieldScanButton } from './field/FieldScanButton';
import { distanceM } from './field/field-model';
import { useFieldStore } from './field/field-store';
import { SyncBanner } from './field/SyncBanner';
import { useGeoFix } from './field/use-geo-fix';

const POLL_MS = 5_000;
const STEP_INDEX: Record<string, number> = { dispatched: 0, received: 1, arrived: 2, completed: 3 };
const NEXT: Partial<Record<string, { step: FieldStep; label: string }>> = {
  dispatched: { step: 'received', label: '接收任务' },
  received: { step: 'arrived', label: '到达现场' },
  arrived: { step: 'completed', label: '处置完成' },
};

const time = (v: string | null) => (v ? fmtDateTime(v).slice(11) : undefined);

/** The 诉件 tab (only for those who handle 诉件); it watches the phone's position for distances when 执勤定位 is off. */
function ComplaintsTab({ duty }: { duty: { lat: number; lon: number } | null }) {
  const store = useFieldStore();
  const geo = useGeoFix();
  return <FieldComplaintList store={store} here={duty ?? geo.fix} />;
}

function FieldSyncBanner() {
  const store = useFieldStore();
  return <SyncBanner store={store} />;
}

function ComplaintsTabLabel() {
  const store = useFieldStore();
  const n = store.complaints().length;
  return <Space size={4}>我的诉件{n ? <Badge count={n} color="blue" size="small" /> : null}</Space>;
}

function DutyCard({ reporter, state }: { reporter: DutyPositionReporter; state: DutyPositionState }) {
  return (
    <Card size="small" title={<Space><AimOutlined />执勤定位</Space>} extra={
      <Switch checked={state.on} checkedChildren="上报中" unCheckedChildren="已关闭" onChange={(on) => (on ? reporter.start() : reporter.stop())}
        data-testid="duty-switch" />
    }>
      {state.error ? <Alert type="warning" showIcon title={state.error} style={{ marginBottom: 8 }} /> : null}
      <Typography.Paragraph style={{ margin: 0 }} data-testid="duty-status">
        {state.on
          ? state.last ? `当前位置 ${state.last.lon.toFixed(5)}, ${state.last.lat.toFixed(5)}（精度约${state.last.accuracyM}米）` : '正在获取位置…'
          : '执勤时请打开，勤务指挥室据此就近派遣任务。'}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {state.lastSentAt ? `最近上报 ${fmtDateTime(state.lastSentAt)}` : '尚未上报'}
        {state.queued > 0 ? ` · 待补传 ${state.queued} 个位置` : ''}
      </Typography.Text>
    </Card>
  );
}

function AssignmentCard({ a, here, onStep }: { a: MyAssignment; here: { lat: number; lon: number } | null; onStep: (a: MyAssignment, step: FieldStep) => Promise<void> }) {
  const next = NEXT[a.status];
  const [busy, setBusy] = useState(false);
  const live = a.status !== 'completed' && a.status !== 'cancelled';
  return (
    <Card size="small" data-testid={`my-task-${a.task.code}`}
      title={<Space wrap size={4}>{a.task.priority === 'urgent' ? <Tag color="red">紧急</Tag> : null}<span>{a.task.title}</span></Space>}
      extra={<Tag color={a.status === 'cancelled' ? 'default' : TASK_STATUS_COLORS[a.status]} data-testid="my-task-status">{a.statusLabel}</Tag>}>
      <Flex vertical gap={6}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.task.code} · 派出 {fmtDateTime(a.dispatchedAt)} · {a.label}</Typography.Text>
        <Space size={4}><EnvironmentOutlined />
          <span>{a.task.address ?? `${a.task.lon.toFixed(5)}, ${a.task.lat.toFixed(5)}`}</span>
          {here ? <Typography.Text type="secondary">（距您约{distanceM(here, a.task)}米）</Typography.Text> : null}
        </Space>
        {a.task.description ? <Typography.Paragraph style={{ margin: 0 }}>{a.task.description}</Typography.Paragraph> : null}
        {a.status === 'cancelled' ? <Alert type="info" showIcon title={a.resultNote ?? '任务已撤回'} /> : (
          <Steps size="small" orientation="horizontal" responsive={false} current={STEP_INDEX[a.status]}
            status={a.status === 'completed' ? 'finish' : 'process'} items={[
            { title: '已派', description: time(a.dispatchedAt) }, { title: '接收', description: time(a.receivedAt) },
            { title: '到达', description: time(a.arrivedAt) }, { title: '完成', description: time(a.completedAt) },
          ]} />
        )}
        {live && next ? (
          <Button type="primary" block size="large" loading={busy}
            onClick={async () => { setBusy(true); try { await onStep(a, next.step); } finally { setBusy(false); } }}>
            {next.label}
          </Button>
        ) : null}
        {a.status === 'completed' && a.resultNote ? <Typography.Text type="secondary">处置结果：{a.resultNote}</Typography.Text> : null}
      </Flex>
    </Card>
  );
}

export default function FieldPage() {
  const { me, can } = useAuth();
  const handlesComplaints = can('complaint.handle');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'complaints' ? 'complaints' : 'tasks';
  const { message, notification } = App.useApp();
  // Kept running by the layout, so reporting goes on while the officer is on the other field pages.
  const reporter = me?.officerId ? dutyReporterFor(me.officerId) : null;
  const [duty, setDuty] = useState<DutyPositionState>({ on: false, last: null, queued: 0, lastSentAt: null, error: null });
  const [completing, setCompleting] = useState<MyAssignment | null>(null);
  const [note, setNote] = useState('');
  const seen = useRef<Set<string> | null>(null);

  // Load the 诉件 pages now, while there is network: the service worker keeps them for a dead zone.
  const writesDutyLog = can('duty.self');
  useEffect(() => {
    if (writesDutyLog) void import('./field/FieldDutyPage');
    if (!handlesComplaints) return;
    void import('./field/FieldComplaintPage');
    void import('./field/FieldReportPage');
  }, [handlesComplaints, writesDutyLog]);

  useEffect(() => {
    if (!reporter) return;
    const off = reporter.subscribe(setDuty);
    return () => { off(); };
  }, [reporter]);

  const mine = useRequest((signal) => dispatchApi.my(signal), [], Boolean(me?.officerId));
  useEffect(() => {
    const timer = setInterval(() => mine.reload(), POLL_MS);
    const onFocus = () => mine.reload();
    window.addEventListener('focus', onFocus);
    return () => { clearInterval(timer); window.removeEventListener('focus', onFocus); };
  }, [mine.reload]); // eslint-disable-line react-hooks/exhaustive-deps

  // A task that was not there before: tell the officer (and buzz the phone).
  useEffect(() => {
    const items = mine.data?.items;
    if (!items) return;
    const ids = new Set(items.map((a) => a.id));
    if (seen.current) {
      const fresh = items.filter((a) => !seen.current!.has(a.id) && a.status === 'dispatched');
      if (fresh.length > 0) {
        notification.info({ title: '收到新任务', description: fresh.map((a) => `${a.task.title}（${a.task.address ?? a.task.code}）`).join('；') });
        navigator.vibrate?.([200, 100, 200]);
      }
    }
    seen.current = ids;
  }, [mine.data, notification]);

  const send = useCallback(async (a: MyAssignment, step: FieldStep, text?: string) => {
    const fix = reporter?.currentFix() ?? null;
    try {
      const updated = await dispatchApi.step(a.id, { step, ...(fix ?? {}), ...(text ? { note: text } : {}) });
      mine.setData({ items: (mine.data?.items ?? []).map((x) => (x.id === a.id ? updated : x)) });
      message.success(`${updated.statusLabel}`);
      mine.reload();
    } catch (e) {
      message.error(errorMessage(e));
      mine.reload();
    }
  }, [reporter, mine, message]);

  const onStep = async (a: MyAssignment, step: FieldStep) => {
    if (step === 'completed') {
      setNote('');
      setCompleting(a);
      return;
    }
    await send(a, step);
  };

  if (!me?.officerId) {
    return <Alert type="warning" showIcon title="当前账号未关联执法人员" description="移动执勤需要以执法人员本人的账号登录。" />;
  }
  const items = mine.data?.items ?? [];
  const live = items.filter((a) => a.status !== 'completed' && a.status !== 'cancelled');
  const done = items.filter((a) => a.status === 'completed' || a.status === 'cancelled');
  const here = duty.last ? { lat: duty.last.lat, lon: duty.last.lon } : null;
  const tasks = (
    <Flex vertical gap={12}>
      <TodayDutyCard />
      {mine.error ? <LoadError error={mine.error} onRetry={mine.reload} /> : null}
      {mine.data && live.length === 0 ? <Empty description="暂无待处置的任务" /> : null}
      {live.map((a) => <AssignmentCard key={a.id} a={a} here={here} onStep={onStep} />)}
      {done.length > 0 ? <Typography.Text type="secondary">近24小时已结束</Typography.Text> : null}
      {done.map((a) => <AssignmentCard key={a.id} a={a} here={null} onStep={onStep} />)}
    </Flex>
  );
  return (
    <div className="field-page">
      <PageHeader title="移动执勤" subTitle={me.displayName} extra={can('equipment.read') ? <FieldScanButton /> : undefined} />
      <Flex vertical gap={12}>
        {handlesComplaints ? <FieldSyncBanner /> : null}
        {reporter ? <DutyCard reporter={reporter} state={duty} /> : null}
        {handlesComplaints ? (
          <Tabs activeKey={tab} onChange={(key) => setParams(key === 'complaints' ? { tab: key } : {}, { replace: true })} items={[
            { key: 'tasks', label: `我的任务${live.length ? `（${live.length}）` : ''}`, children: tasks },
            { key: 'complaints', label: <ComplaintsTabLabel />, children: <ComplaintsTab duty={here} /> },
          ]} />
        ) : (
          <>
            <Typography.Title level={5} style={{ margin: '4px 0 0' }}>我的任务{live.length ? `（${live.length}）` : ''}</Typography.Title>
            {tasks}
          </>
        )}
      </Flex>
      <Modal
        title="处置完成" open={completing !== null} okText="确认完成" onCancel={() => setCompleting(null)}
        onOk={async () => { if (completing) await send(completing, 'completed', note.trim()); setCompleting(null); }}
      >
        <Input.TextArea rows={3} maxLength={500} placeholder="处置结果（选填），如：摊贩已劝离" value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </div>
  );
}
