import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import { officersApi } from '../../api/endpoints';
import type { HistoryEntry } from '../../api/types';
import { LoadError } from '../../components/LoadError';
import { PageLoading } from '../../components/PageLoading';
import { fmtDateTime, fmtValue } from '../../lib/format';
import { actionLabel, OFFICER_FIELD_LABELS } from '../../lib/labels';
import { useRequest } from '../../lib/use-request';

function Entry({ h }: { h: HistoryEntry }) {
  return (
    <>
      <Space size={6} wrap>
        <Typography.Text strong>{fmtDateTime(h.at)}</Typography.Text>
        <Tag>{actionLabel(h.action)}</Tag>
        <Typography.Text type="secondary">操作人：{h.actorName || '系统'}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          #{h.seq}
        </Typography.Text>
      </Space>
      {h.changes?.length ? (
        <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
          {h.changes.map((c, i) => (
            <li key={`${c.field}-${i}`}>
              <Typography.Text strong>{c.label || OFFICER_FIELD_LABELS[c.field] || c.field}</Typography.Text>：
              <span className="diff-before">{fmtValue(c.before)}</span>
              {' → '}
              <span className="diff-after">{fmtValue(c.after)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <div>
          <Typography.Text type="secondary">无字段变更</Typography.Text>
        </div>
      )}
    </>
  );
}

/** 变更历史: who changed what and when (from the audit chain), newest first. */
export function OfficerHistory({ officerId, version }: { officerId: string; version: number }) {
  const { data, loading, error, reload } = useRequest((signal) => officersApi.history(officerId, signal), [officerId, version]);
  if (loading && !data) return <PageLoading />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data?.length) return <Empty description="暂无变更记录" />;
  const entries = [...data].sort((a, b) => b.seq - a.seq);
  return (
    <Timeline
      items={entries.map((h) => ({
        key: h.seq,
        color: h.action === 'create' ? 'green' : h.action.includes('transfer') ? 'orange' : 'blue',
        content: <Entry h={h} />,
      }))}
    />
  );
}
