import { Empty, Table, Tag } from 'antd';
import type { LedgerEntry } from '../../api/types';
import { dash, fmtDateTime } from '../../lib/format';
import { EQUIPMENT_STATUS_COLORS } from './equipment-ui';

function StatusChange({ from, to }: { from: LedgerEntry['fromStatus']; to: LedgerEntry['toStatus'] }) {
  if (!from) return <Tag color={EQUIPMENT_STATUS_COLORS[to]}>{to}</Tag>;
  if (from === to) return <span title="状态不变">{to}（不变）</span>;
  return (
    <span>
      <Tag color={EQUIPMENT_STATUS_COLORS[from]}>{from}</Tag>→ <Tag color={EQUIPMENT_STATUS_COLORS[to]}>{to}</Tag>
    </span>
  );
}

/** The 台账 of one item, oldest first as the book is kept. */
export function LedgerTable({ entries, loading }: { entries: LedgerEntry[] | undefined; loading: boolean }) {
  return (
    <Table<LedgerEntry>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={entries ?? []}
      scroll={{ x: 'max-content' }}
      data-testid="ledger-table"
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false, showTotal: (t) => `共 ${t} 条` }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无台账记录" /> }}
      columns={[
        { title: '动作', dataIndex: 'actionLabel', key: 'action', width: 90, render: (v: string) => <strong>{v}</strong> },
        {
          title: '状态变化',
          key: 'status',
          width: 150,
          render: (_: unknown, r) => <StatusChange from={r.fromStatus} to={r.toStatus} />,
        },
        { title: '人员', dataIndex: 'officerName', key: 'officer', width: 80, render: dash },
        { title: '预计归还', dataIndex: 'expectedReturnAt', key: 'due', width: 140, render: fmtDateTime },
        { title: '说明', dataIndex: 'note', key: 'note', width: 200, ellipsis: true, render: dash },
        { title: '审批人', dataIndex: 'approvedByName', key: 'approver', width: 90, responsive: ['md'], render: dash },
        { title: '操作人', dataIndex: 'actorName', key: 'actor', width: 100, responsive: ['md'], render: dash },
        { title: '时间', dataIndex: 'at', key: 'at', width: 140, render: fmtDateTime },
      ]}
    />
  );
}
