import { Table, Typography } from 'antd';
import { fmtValue } from '../lib/format';

interface Row {
  key: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

function asRecord(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** Before/after of an audit entry, field by field; changed fields are highlighted. */
export function JsonDiff({ before, after, labels = {} }: { before: unknown; after: unknown; labels?: Record<string, string> }) {
  const b = asRecord(before);
  const a = asRecord(after);
  if (!b && !a) {
    if (before == null && after == null) return <Typography.Text type="secondary">无数据变更内容</Typography.Text>;
    return (
      <Table<Row>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={[{ key: '值', before, after, changed: JSON.stringify(before) !== JSON.stringify(after) }]}
        columns={columns(labels)}
      />
    );
  }
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  const rows: Row[] = keys.map((key) => {
    const bv = b?.[key];
    const av = a?.[key];
    return { key, before: bv, after: av, changed: JSON.stringify(bv) !== JSON.stringify(av) };
  });
  rows.sort((x, y) => Number(y.changed) - Number(x.changed));
  return (
    <Table<Row>
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={rows}
      rowClassName={(r) => (r.changed ? 'diff-changed' : '')}
      columns={columns(labels)}
      scroll={{ x: 'max-content' }}
    />
  );
}

function columns(labels: Record<string, string>) {
  return [
    {
      title: '字段',
      dataIndex: 'key',
      width: 160,
      render: (k: string) => (labels[k] ? `${labels[k]}（${k}）` : k),
    },
    {
      title: '变更前',
      dataIndex: 'before',
      render: (v: unknown, r: Row) => <code className={r.changed ? 'diff-before' : undefined}>{fmtValue(v)}</code>,
    },
    {
      title: '变更后',
      dataIndex: 'after',
      render: (v: unknown, r: Row) => <code className={r.changed ? 'diff-after' : undefined}>{fmtValue(v)}</code>,
    },
  ];
}
