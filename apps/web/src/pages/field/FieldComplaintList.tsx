// 我的诉件 on the phone: the squadron's open complaints (dispatched, signed, in hand) and those reported here but not
// synced yet; shown from the phone's copy when there is no network.
import { useEffect } from 'react';
import { Alert, Button, Card, Empty, Flex, Space, Tag, Typography } from 'antd';
import { EnvironmentOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { distanceM, dueStateOf, fmtDistance, STATUS_COLORS, type FieldComplaint } from './field-model';
import type { FieldStore } from './field-store';

const REFRESH_MS = 60_000;

export function DueBadge({ c }: { c: FieldComplaint }) {
  const state = dueStateOf(c);
  if (state === 'overdue') return <Tag color="red" data-testid="due-overdue">超期</Tag>;
  if (state === 'near') return <Tag color="orange" data-testid="due-near">临期</Tag>;
  return null;
}

function ComplaintCard({ c, here }: { c: FieldComplaint; here: { lat: number; lon: number } | null }) {
  return (
    <Link to={`/field/complaints/${c.id}`} style={{ display: 'block', color: 'inherit' }}
      data-testid={c.local ? 'my-complaint-local' : `my-complaint-${c.code}`}>
      <Card size="small" hoverable
        title={<Space size={4} wrap><span>{c.local ? '巡查发现（待同步）' : c.code}</span><DueBadge c={c} /></Space>}
        extra={<Tag color={STATUS_COLORS[c.status]} data-testid="my-complaint-status">{c.statusLabel}</Tag>}>
        <Flex vertical gap={4}>
          <Typography.Text strong>{c.categoryName}</Typography.Text>
          <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>{c.description}</Typography.Paragraph>
          <Space size={4} wrap>
            <EnvironmentOutlined />
            <span>{c.address ?? `${c.lon.toFixed(5)}, ${c.lat.toFixed(5)}`}</span>
            {here ? <Typography.Text type="secondary">（约{fmtDistance(distanceM(here, c))}）</Typography.Text> : null}
          </Space>
          <Flex justify="space-between" wrap gap={4}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.dueAt ? `处置时限 ${fmtDateTime(c.dueAt)}` : '时限以上报后为准'}</Typography.Text>
            {c.pending > 0 ? <Tag color="gold" data-testid="my-complaint-pending">待同步 {c.pending}</Tag> : null}
          </Flex>
        </Flex>
      </Card>
    </Link>
  );
}

export function FieldComplaintList({ store, here }: { store: FieldStore; here: { lat: number; lon: number } | null }) {
  const items = store.complaints();
  const online = store.queueState.online;

  useEffect(() => {
    if (navigator.onLine) void store.refreshList();
    const t = setInterval(() => { if (navigator.onLine) void store.refreshList(); }, REFRESH_MS);
    return () => clearInterval(t);
  }, [store]);

  return (
    <Flex vertical gap={12} data-testid="my-complaints">
      <Flex gap={8}>
        <Link to="/field/complaints/new" style={{ flex: 1 }}>
          <Button type="primary" block size="large" icon={<PlusOutlined />} data-testid="field-report-new">上报诉件（巡查发现）</Button>
        </Link>
        <Button size="large" icon={<ReloadOutlined />} aria-label="刷新我的诉件" loading={store.listLoading} disabled={!online}
          onClick={() => void store.refreshList()} />
      </Flex>
      {store.listError && !store.list ? <Alert type="warning" showIcon title={`无法加载诉件：${errorMessage(store.listError)}`} /> : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="my-complaints-freshness">
        {store.listFetchedAt
          ? `${online && !store.listError ? '更新于' : '离线副本，更新于'} ${fmtDateTime(store.listFetchedAt)}`
          : online ? '正在加载…' : '尚无离线副本：联网时打开本页即可保存到手机'}
      </Typography.Text>
      {store.list && items.length === 0 ? <Empty description="本中队暂无待办诉件" /> : null}
      {items.map((c) => <ComplaintCard key={c.id} c={c} here={here} />)}
    </Flex>
  );
}
