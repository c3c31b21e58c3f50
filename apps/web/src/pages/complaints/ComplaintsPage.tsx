// 诉件列表: server-side paged, filters and sort held in the URL (like 执法人员库); the counts of overdue and near-due
// open complaints on top act as quick filters.
import { useMemo } from 'react';
import { Button, Card, Empty, Flex, Statistic, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { complaintApi, type ComplaintView } from '../../api/complaints';
import { useAuth } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { dash, fmtDateTime } from '../../lib/format';
import { serverTableProps } from '../../lib/use-list-query';
import { useIsMobile } from '../../lib/use-is-mobile';
import { useRequest } from '../../lib/use-request';
import { ComplaintFilterBar } from './ComplaintFilterBar';
import { ComplaintStatusTag, DueCell } from './complaint-ui';
import { hasFilters, toApiQuery, useComplaintQuery, type ComplaintUrlQuery } from './complaint-query';

type SortOrder = 'ascend' | 'descend' | null;
function orderOf(sort: string | undefined, field: string, fallback?: boolean): SortOrder {
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return !sort && fallback ? 'descend' : null;
}

/** How many of the near-due to look at: the list has no 临期 filter, so the soonest-due open ones are counted. */
const NEAR_WINDOW = 200;

function columns(sort: string | undefined): TableColumnsType<ComplaintView> {
  // The deadline columns come early: on a laptop screen they must not hide behind the horizontal scroll.
  return [
    {
      title: '诉件编号', dataIndex: 'code', key: 'code', fixed: 'left', width: 140,
      render: (v: string, r) => <Link to={`/complaints/${r.id}`} data-testid="complaint-code">{v}</Link>,
    },
    { title: '类别', dataIndex: 'categoryName', key: 'categoryName', width: 150, ellipsis: true },
    {
      title: '诉件内容', dataIndex: 'description', key: 'description', width: 200, ellipsis: { showTitle: false },
      render: (v: string) => <Tooltip title={v} placement="topLeft">{v}</Tooltip>,
    },
    {
      title: '状态', dataIndex: 'status', key: 'status', width: 84,
      render: (_: unknown, r) => <ComplaintStatusTag status={r.status} label={r.statusLabel} />,
    },
    {
      title: '受理时间', dataIndex: 'receivedAt', key: 'receivedAt', width: 140, sorter: true,
      sortOrder: orderOf(sort, 'receivedAt', true), render: (v: string) => fmtDateTime(v),
    },
    {
      title: '处置时限', dataIndex: 'dueAt', key: 'dueAt', width: 190, sorter: true, sortOrder: orderOf(sort, 'dueAt'),
      render: (_: unknown, r) => <DueCell c={r} />,
    },
    { title: '承办中队', dataIndex: 'unitName', key: 'unitName', width: 140, ellipsis: true },
    { title: '地址', dataIndex: 'address', key: 'address', width: 170, ellipsis: true, responsive: ['md'], render: dash },
    { title: '来源', dataIndex: 'sourceLabel', key: 'source', width: 90, responsive: ['lg'] },
    {
      title: '操作', key: 'actions', width: 64, fixed: 'right',
      render: (_: unknown, r) => <Link to={`/complaints/${r.id}`}><Button type="link" size="small">详情</Button></Link>,
    },
  ];
}

function QuickCounts({ query, onPick }: { query: ComplaintUrlQuery; onPick: (patch: Partial<ComplaintUrlQuery>) => void }) {
  const scope = { unitId: query.unitId, categoryId: query.categoryId, source: query.source };
  const key = JSON.stringify(scope);
  const open = useRequest((signal) => complaintApi.list({ ...scope, status: 'open', pageSize: 1 }, signal), [key]);
  const overdue = useRequest((signal) => complaintApi.list({ ...scope, status: 'open', overdue: true, pageSize: 1 }, signal), [key]);
  const near = useRequest(
    (signal) => complaintApi.list({ ...scope, status: 'open', overdue: false, sort: 'dueAt', pageSize: NEAR_WINDOW }, signal), [key],
  );
  const nearCount = near.data?.items.filter((c) => c.dueState === 'near').length;
  const nearText = nearCount === undefined ? '—' : nearCount === NEAR_WINDOW ? `${NEAR_WINDOW}+` : nearCount;
  const overdueActive = query.overdue === 'true' && query.status === 'open';
  const nearActive = query.overdue === 'false' && query.status === 'open' && query.sort === 'dueAt';
  const card = (active: boolean, color: string) => ({
    cursor: 'pointer', minWidth: 170, borderColor: active ? color : undefined, boxShadow: active ? `0 0 0 1px ${color}` : undefined,
  });
  return (
    <Flex gap={12} wrap style={{ marginBottom: 12 }}>
      <Card
        size="small" hoverable style={card(overdueActive, '#cf1322')} data-testid="quick-overdue"
        onClick={() => onPick(overdueActive ? { status: undefined, overdue: undefined } : { status: 'open', overdue: 'true', sort: 'dueAt' })}
      >
        <Statistic title="已超期（未办结）" value={overdue.data?.total ?? '—'} suffix="件" styles={{ content: { color: '#cf1322' } }} />
      </Card>
      <Tooltip title="24小时内到期的未办结诉件；点击后按处置时限排序显示未超期的诉件，临期的排在最前">
        <Card
          size="small" hoverable style={card(nearActive, '#d46b08')} data-testid="quick-near"
          onClick={() => onPick(nearActive ? { status: undefined, overdue: undefined, sort: undefined } : { status: 'open', overdue: 'false', sort: 'dueAt' })}
        >
          <Statistic title="临期（24小时内到期）" value={nearText} suffix="件" styles={{ content: { color: '#d46b08' } }} />
        </Card>
      </Tooltip>
      <Card
        size="small" hoverable style={card(query.status === 'open' && !query.overdue, '#1677ff')} data-testid="quick-open"
        onClick={() => onPick({ status: 'open', overdue: undefined })}
      >
        <Statistic title="未办结" value={open.data?.total ?? '—'} suffix="件" />
      </Card>
    </Flex>
  );
}

export default function ComplaintsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const [query, update] = useComplaintQuery();
  const list = useRequest((signal) => complaintApi.list(toApiQuery(query), signal), [JSON.stringify(query)]);
  const cols = useMemo(() => columns(query.sort), [query.sort]);
  const filtered = hasFilters(query);

  return (
    <>
      <PageHeader
        title="诉件列表"
        subTitle="本单位及下级单位承办的诉件；诉求人电话仅承办人员可见完整号码"
        extra={
          <>
            <Tooltip title="刷新">
              <Button icon={<ReloadOutlined />} aria-label="刷新" onClick={list.reload} />
            </Tooltip>
            {can('complaint.write') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/complaints/new')} data-testid="complaint-new">
                受理诉件
              </Button>
            ) : null}
          </>
        }
      />
      <QuickCounts query={query} onPick={(patch) => update(patch)} />
      <Card size="small">
        <ComplaintFilterBar query={query} onChange={(patch) => update(patch)} />
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<ComplaintView>
          rowKey="id"
          size="middle"
          columns={cols}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          sticky
          data-testid="complaint-table"
          rowClassName={(r) => (r.dueState === 'overdue' ? 'complaint-row-overdue' : '')}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  filtered ? '没有符合筛选条件的诉件' : (
                    <Typography.Text type="secondary">
                      暂无诉件{can('complaint.write') ? '，可点击右上角“受理诉件”登记' : ''}
                    </Typography.Text>
                  )
                }
              />
            ),
          }}
          {...serverTableProps<ComplaintView, ComplaintUrlQuery>(query, update, list.data?.total ?? 0, '件', isMobile, list.data?.totalCapped ?? false)}
        />
      </Card>
    </>
  );
}
