import { Table, Tag } from 'antd';
import { Link } from 'react-router';
import type { DuplicateCandidate } from '../../api/complaints';
import { fmtDateTime } from '../../lib/format';
import { distanceLabel } from './complaint-ui';

/** Complaints of the same category within 50 m (open, or closed in the last 30 days); optionally one can be picked. */
export function DuplicateTable({ items, rowSelection }: {
  items: DuplicateCandidate[];
  rowSelection?: { selected: string | undefined; onChange: (id: string) => void };
}) {
  return (
    <Table<DuplicateCandidate>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={items}
      scroll={{ x: 640 }}
      data-testid="duplicate-table"
      rowSelection={rowSelection ? {
        type: 'radio', selectedRowKeys: rowSelection.selected ? [rowSelection.selected] : [],
        onChange: (keys) => rowSelection.onChange(String(keys[0])),
      } : undefined}
      columns={[
        { title: '编号', dataIndex: 'code', width: 150, render: (v: string, d) => <Link to={`/complaints/${d.id}`} target="_blank">{v}</Link> },
        { title: '距离', dataIndex: 'distanceM', width: 72, render: (m: number) => distanceLabel(m) },
        { title: '状态', dataIndex: 'statusLabel', width: 80, render: (v: string) => <Tag>{v}</Tag> },
        { title: '内容', dataIndex: 'description', ellipsis: true },
        { title: '承办', dataIndex: 'unitName', width: 130, ellipsis: true },
        { title: '受理', dataIndex: 'receivedAt', width: 140, render: (v: string) => fmtDateTime(v) },
      ]}
    />
  );
}

