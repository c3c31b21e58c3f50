// 今日勤务 on the phone: my published shifts today with 签到 / 签退 at the phone's position. The Idempotency-Key is kept
// until the server answers, so tapping again after a lost answer does not record a second check-in. 写勤务日志 and 请假 lead
// to /field/duty (pages/field/FieldDutyPage.tsx).
import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Space, Tag, Typography } from 'antd';
import { CalendarOutlined, FormOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { dutyApi, type CheckinResult, type CheckinView, type MyShift } from '../../api/duty';
import { isApiError } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';

function newKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; plain-http LAN deployments still get a unique enough key.
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function currentPosition(): Promise<{ lat: number; lon: number; accuracyM: number }> {
  return new Promise((resolve, reject) => {
    const geo = globalThis.navigator?.geolocation;
    if (!geo) {
      reject(new Error('此浏览器不支持定位，无法签到'));
      return;
    }
    geo.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude, accuracyM: Math.min(Math.round(p.coords.accuracy), 100_000) }),
      (e) => reject(new Error(e.code === e.PERMISSION_DENIED ? '未允许定位：请在浏览器设置中允许本网站使用位置' : '无法获取当前位置，请到开阔处重试')),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 },
    );
  });
}

function CheckinLine({ c }: { c: CheckinView }) {
  return (
    <div>
      {c.kindLabel} {fmtDateTime(c.at)}{' '}
      {c.insideArea
        ? <Tag color="green">在{c.areaSourceLabel}内</Tag>
        : <Tag color="orange">在{c.areaSourceLabel}外约{Math.round(c.distanceToAreaM)}米</Tag>}
    </div>
  );
}

function ShiftCard({ s, onDone }: { s: MyShift; onDone: () => void }) {
  const { message } = App.useApp();
  const keys = useRef<Partial<Record<'in' | 'out', string>>>({});
  const [busy, setBusy] = useState<'in' | 'out' | null>(null);
  const [result, setResult] = useState<CheckinResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const act = async (kind: 'in' | 'out') => {
    setBusy(kind);
    setError(null);
    try {
      const pos = await currentPosition();
      const key = (keys.current[kind] ??= newKey());
      const r = await dutyApi.checkin(s.id, kind, pos, key);
      delete keys.current[kind];
      setResult(r);
      if (r.insideArea) message.success(r.message);
      else message.warning(r.message);
      onDone();
    } catch (e) {
      // A refusal (4xx) is final for this key; only a network failure keeps it for the retry.
      if (!isApiError(e) || e.status !== 0) delete keys.current[kind];
      setError(e instanceof Error && !isApiError(e) ? e.message : errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" data-testid={`duty-shift-${s.id}`}
      title={<Space wrap><span>{s.name}</span><Typography.Text type="secondary">{s.timeLabel}</Typography.Text></Space>}
      extra={<Tag>{s.myRoleLabel}</Tag>}>
      <Flex vertical gap={6}>
        <div>区域：{s.areaName ?? s.areaSourceLabel}</div>
        <div>人员：{s.members.map((m) => `${m.name}${m.role === 'leader' ? '（带班）' : ''}`).join('、') || '—'}</div>
        {s.vehicles.length ? <div>车辆：{s.vehicles.map((v) => v.plate ?? v.assetTag).join('、')}</div> : null}
        {s.note ? <Typography.Text type="secondary">{s.note}</Typography.Text> : null}
        {s.checkin && !result ? <CheckinLine c={s.checkin} /> : null}
        {s.checkout && !result ? <CheckinLine c={s.checkout} /> : null}
        {result ? (
          <Alert data-testid="duty-checkin-result" type={result.insideArea ? 'success' : 'warning'} showIcon
            title={`${result.kindLabel}时间 ${fmtDateTime(result.at)}`}
            description={result.insideArea
              ? `位置在${result.areaSourceLabel}内`
              : <span style={{ color: '#d46b08' }}>位置在{result.areaSourceLabel}外约{Math.round(result.distanceToAreaM)}米，已标记</span>} />
        ) : null}
        {error ? <Alert type="error" showIcon title={error} /> : null}
        <Flex gap={8}>
          <Button type="primary" block data-testid="duty-check-in" loading={busy === 'in'} disabled={!s.canCheckIn || busy !== null}
            onClick={() => void act('in')}>
            {s.checkin ? '已签到' : '签到'}
          </Button>
          <Button block data-testid="duty-check-out" loading={busy === 'out'} disabled={!s.canCheckOut || busy !== null}
            onClick={() => void act('out')}>
            {s.checkout ? '已签退' : '签退'}
          </Button>
        </Flex>
        {!s.checkin && !s.canCheckIn ? (
          <Typography.Text type="secondary">签到时间：{fmtDateTime(s.checkinOpensAt)} 至 {fmtDateTime(s.checkinClosesAt)}</Typography.Text>
        ) : null}
      </Flex>
    </Card>
  );
}

/** 今日勤务 card for the field app's 我的任务 tab. */
export function TodayDutyCard() {
  const { can } = useAuth();
  const allowed = can('duty.self');
  const today = useRequest((signal) => dutyApi.myToday(signal), [], allowed);
  if (!allowed) return null;
  const d = today.data;
  return (
    <Card size="small" title="今日勤务" data-testid="today-duty">
      {today.error ? <LoadError error={today.error} onRetry={today.reload} /> : null}
      {d?.leave ? <Alert type="info" showIcon title={`今天${d.leave.kind}（${d.leave.fromDate} 至 ${d.leave.toDate}）`} style={{ marginBottom: 8 }} /> : null}
      {d && d.shifts.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="今天没有排班" /> : null}
      <Flex vertical gap={8}>
        {d?.shifts.map((s) => <ShiftCard key={s.id} s={s} onDone={today.reload} />)}
        <Flex gap={8}>
          <Link to="/field/duty" style={{ flex: 1 }}>
            <Button block icon={<FormOutlined />} data-testid="field-duty-link">
              写勤务日志{d?.logEntries.length ? `（今日${d.logEntries.length}条）` : ''}
            </Button>
          </Link>
          <Link to="/field/duty?tab=leave" style={{ flex: 1 }}>
            <Button block icon={<CalendarOutlined />} data-testid="field-leave-link">请假</Button>
          </Link>
        </Flex>
      </Flex>
    </Card>
  );
}

export default TodayDutyCard;
