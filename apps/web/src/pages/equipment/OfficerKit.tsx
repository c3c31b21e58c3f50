import { useState } from 'react';
import { Empty, Space, Table } from 'antd';
import { Link } from 'react-router';
import { equipmentApi } from '../../api/endpoints';
import type { EquipmentItem } from '../../api/types';
import { LoadError } from '../../components/LoadError';
import { useRequest } from '../../lib/use-request';
import { DueCell, EquipmentStatusTag, OverdueTag, brandModel } from './equipment-ui';

const PAGE_SIZE = 20;

/** 持有装备 of one officer: what the officer holds now (配发 or 借用), from GET /api/equipment/items?holderOfficerId=. */
export function OfficerKit({ officerId }: { officerId: string }) {
  const [page, setPage] = useState(1);
  const { data, loading, error, reload } = useRequest(
    (signal) => equipmentApi.list({ holderOfficerId: officerId, page, pageSize: PAGE_SIZE, sort: 'categoryName' }, signal),
    [officerId, page],
  );
  if (error) return <LoadError error={error} onRetry={reload} title="持有装备加载失败" />;
  return (
    <Table<EquipmentItem>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={data?.items ?? []}
      scroll={{ x: 'max-content' }}
      data-testid="officer-kit"
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: data?.total ?? 0,
        hideOnSinglePage: true,
        showSizeChanger: false,
        showTotal: (t) => `共 ${t} 件`,
        onChange: setPage,
      }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该人员当前没有持有装备" /> }}
      columns={[
        {
          title: '资产编号',
          dataIndex: 'assetTag',
          key: 'assetTag',
          render: (v: string, r) => (
            <Link to={`/equipment/${r.id}`} style={{ fontFamily: 'monospace' }}>
              {v}
            </Link>
          ),
        },
        { title: '类别', dataIndex: 'categoryName', key: 'category' },
        { title: '型号', dataIndex: 'model', key: 'model', render: (_: unknown, r) => brandModel(r.brand, r.model) },
        { title: '状态', dataIndex: 'status', key: 'status', render: (_: unknown, r) => <EquipmentStatusTag status={r.status} /> },
        {
          title: '预计归还',
          dataIndex: 'expectedReturnAt',
          key: 'due',
          render: (_: unknown, r) => (
            <Space size={4}>
              <DueCell value={r.expectedReturnAt} overdue={r.overdue} />
              {r.overdue ? <OverdueTag /> : null}
            </Space>
          ),
        },
      ]}
    />
  );
}
