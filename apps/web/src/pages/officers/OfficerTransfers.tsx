import { App, Button, Empty, Popconfirm, Table, Tag } from 'antd';
import { useAuth } from '../../auth/auth-context';
import { officersApi } from '../../api/endpoints';
import type { PersonLike, Transfer, UnitLike } from '../../api/types';
import { LoadError } from '../../components/LoadError';
import { errorMessage } from '../../lib/errors';
import { dash, fmtDate, fmtDateTime } from '../../lib/format';
import { TRANSFER_STATUS } from '../../lib/labels';
import { useRequest } from '../../lib/use-request';

export function unitName(u: UnitLike): string {
  if (!u) return '—';
  return typeof u === 'string' ? u : (u.name ?? u.code ?? u.id ?? '—');
}

export function personName(p: PersonLike): string {
  if (!p) return '—';
  return typeof p === 'string' ? p : (p.displayName ?? p.name ?? p.username ?? p.id ?? '—');
}

/** 调动记录 of one officer. `reloadKey` changes after a new transfer. */
export function OfficerTransfers({ officerId, reloadKey }: { officerId: string; reloadKey: number }) {
  const { data, loading, error, reload } = useRequest((signal) => officersApi.transfers(officerId, signal), [officerId, reloadKey]);
  const { message } = App.useApp();
  const { can } = useAuth();
  const cancel = async (t: Transfer) => {
    try {
      await officersApi.cancelTransfer(officerId, t.id);
      message.success('已撤销待生效的调动');
      reload();
    } catch (e) {
      message.error(errorMessage(e, '撤销失败'));
    }
  };
  if (error) return <LoadError error={error} onRetry={reload} />;
  return (
    <Table<Transfer>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={data ?? []}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无调动记录" /> }}
      columns={[
        { title: '生效日期', dataIndex: 'effectiveDate', render: fmtDate },
        { title: '调出单位', dataIndex: 'fromUnit', render: unitName },
        { title: '调入单位', dataIndex: 'toUnit', render: unitName },
        { title: '原因', dataIndex: 'reason', render: dash },
        {
          title: '状态',
          dataIndex: 'status',
          render: (s: Transfer['status']) => <Tag color={TRANSFER_STATUS[s]?.color}>{TRANSFER_STATUS[s]?.label ?? s}</Tag>,
        },
        { title: '登记人', dataIndex: 'createdBy', render: personName },
        { title: '登记时间', dataIndex: 'createdAt', render: fmtDateTime },
        {
          title: '操作',
          key: 'actions',
          render: (_: unknown, t: Transfer) =>
            t.status === 'pending' && can('officer.transfer') ? (
              <Popconfirm title="撤销这次待生效的调动？" okText="撤销" cancelText="取消" onConfirm={() => cancel(t)}>
                <Button type="link" size="small" danger>
                  撤销
                </Button>
              </Popconfirm>
            ) : null,
        },
      ]}
    />
  );
}
