// 诉件类别: 大类 / 小类 with their 首次联系 and 处置 time limits (read-only: the server has no category write API yet).
import { useState } from 'react';
import { Alert, Card, Switch, Table, Tag, Typography } from 'antd';
import { complaintApi, type CategoryView } from '../../api/complaints';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useRequest } from '../../lib/use-request';

export default function ComplaintCategoriesPage() {
  const [includeInactive, setIncludeInactive] = useState(false);
  const list = useRequest((signal) => complaintApi.categories(includeInactive, signal).then((r) => r.items), [includeInactive]);
  const rows = (list.data ?? []).map((c) => ({ ...c, children: c.children?.length ? c.children : undefined }));

  return (
    <>
      <PageHeader
        title="诉件类别"
        subTitle="受理时选择小类；时限按工作日历计算（工作小时按 9:00–12:00、13:00–17:00 计）"
        extra={
          <Typography.Text>
            含停用类别 <Switch size="small" checked={includeInactive} onChange={setIncludeInactive} aria-label="含停用类别" />
          </Typography.Text>
        }
      />
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title="类别与时限目前按内置目录配置，维护功能将随后开放。" />
      <Card size="small">
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<CategoryView>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={rows}
          pagination={false}
          expandable={{ defaultExpandAllRows: true }}
          key={rows.length ? 'loaded' : 'empty'}
          scroll={{ x: 'max-content' }}
          data-testid="category-table"
          columns={[
            {
              title: '类别', dataIndex: 'name', key: 'name',
              render: (v: string, c) => (c.parentId ? v : <Typography.Text strong>{v}</Typography.Text>),
            },
            { title: '编码', dataIndex: 'code', key: 'code', width: 110, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: '首次联系时限', key: 'contact', width: 140, render: (_: unknown, c) => c.contactLimit.label },
            { title: '处置时限', key: 'handle', width: 140, render: (_: unknown, c) => c.handleLimit.label },
            {
              title: '状态', key: 'active', width: 120,
              render: (_: unknown, c) => (
                <>
                  {c.active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>}
                  {c.builtin ? <Tag>内置</Tag> : null}
                </>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
