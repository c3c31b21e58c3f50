// Where the officer's work stands: 离线 · 待同步 N 项 / 正在同步 / 已全部同步, and every entry the server refused for good
// (同步失败) with its message, until the officer has read it.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Typography } from 'antd';
import { CheckCircleOutlined, CloudSyncOutlined, DisconnectOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { fmtDateTime } from '../../lib/format';
import type { FieldStore } from './field-store';

function useNow(ms: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export function SyncBanner({ store }: { store: FieldStore }) {
  const { message, notification } = App.useApp();
  const q = store.queueState;
  const now = useNow(1000);
  const n = q.entries.length;

  // Tell the officer at once when the server refuses something or a report got its number.
  useEffect(() => store.onNotice((notice) => {
    if (notice.type === 'rejected') {
      notification.error({ title: '同步失败', description: `${notice.failure.entry.label}：${notice.failure.message}` });
    } else {
      message.success(`已上报，诉件编号 ${notice.code}`);
      if (notice.duplicates.length > 0) {
        notification.warning({
          title: '附近有疑似重复的诉件',
          description: notice.duplicates.slice(0, 3).map((d) => `${d.code}（${d.statusLabel}，相距${Math.round(d.distanceM)}米）`).join('；'),
        });
      }
    }
  }), [store, message, notification]);

  let state: 'offline' | 'syncing' | 'auth' | 'pending' | 'synced';
  let text: string;
  if (!q.online) {
    state = 'offline';
    text = `离线 · 待同步 ${n} 项`;
  } else if (q.authRequired && n > 0) {
    state = 'auth';
    text = `登录已失效 · 待同步 ${n} 项，请重新登录后自动同步`;
  } else if (q.syncing && n > 0) {
    state = 'syncing';
    text = `正在同步 · 剩余 ${n} 项`;
  } else if (n > 0) {
    state = 'pending';
    const wait = q.nextRetryAt ? Math.max(0, Math.ceil((q.nextRetryAt - now) / 1000)) : null;
    text = `待同步 ${n} 项${wait !== null ? ` · ${wait} 秒后重试` : ''}`;
  } else {
    state = 'synced';
    text = '已全部同步';
  }
  const icon = { offline: <DisconnectOutlined />, syncing: <CloudSyncOutlined spin />, auth: <ExclamationCircleOutlined />, pending: <CloudSyncOutlined />, synced: <CheckCircleOutlined /> }[state];
  const type = state === 'synced' ? 'success' : state === 'syncing' ? 'info' : state === 'auth' ? 'error' : 'warning';
  const lastError = q.entries.find((e) => e.lastError)?.lastError;

  return (
    <Flex vertical gap={8}>
      <Alert
        type={type} showIcon icon={icon} data-testid="sync-status" data-state={state} data-pending={n}
        title={text}
        description={state === 'pending' && lastError ? lastError : state === 'offline' && n > 0 ? '操作已保存在手机上，恢复网络后自动提交' : undefined}
        action={state === 'pending' ? <Button size="small" onClick={() => void store.queue.syncNow()}>立即同步</Button>
          : state === 'auth' ? <Link to="/login" state={{ from: '/field?tab=complaints' }}><Button size="small" type="primary">重新登录</Button></Link> : undefined}
      />
      {q.failed.length > 0 ? (
        <Alert
          type="error" showIcon data-testid="sync-failed"
          title={`同步失败 ${q.failed.length} 项（服务器未接受，需重新办理）`}
          description={
            <Flex vertical gap={6}>
              {[...q.failed].reverse().map((f) => (
                <Flex key={f.entry.id} justify="space-between" align="start" gap={8} data-testid="sync-failed-item">
                  <div>
                    <div>{f.entry.label}</div>
                    <Typography.Text type="danger">{f.message}</Typography.Text>
                    <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>操作于 {fmtDateTime(f.entry.createdAt)}</Typography.Text></div>
                  </div>
                  <Button size="small" onClick={() => void store.dismissFailed(f.entry.id)}>知道了</Button>
                </Flex>
              ))}
            </Flex>
          }
        />
      ) : null}
    </Flex>
  );
}
