// 评分标准 (/evaluation/rubrics): every version of the rubric, newest first. Published versions are frozen (a round is
// pinned to one); the city's evaluators copy one to a new draft, edit it in the editor and publish it.
import { useState, type HTMLAttributes } from 'react';
import { App, Button, Empty, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CopyOutlined, DeleteOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { evaluationApi, type RubricSummary } from '../../api/evaluation';
import { useAuth } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';

export function RubricStatusTag({ status }: { status: RubricSummary['status'] }) {
  return status === 'published' ? <Tag color="green">已发布</Tag> : <Tag color="gold">草稿</Tag>;
}

export default function RubricsPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const canEdit = can('evaluation.rubric');
  const list = useRequest((signal) => evaluationApi.rubrics(signal), []);
  const [busy, setBusy] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  const versionOf = new Map(items.map((r) => [r.id, r.version]));

  const copy = async (r: RubricSummary) => {
    setBusy(r.id);
    try {
      const draft = await evaluationApi.copyRubric(r.id);
      message.success(`已复制为第${draft.version}版草稿`);
      navigate(`/evaluation/rubrics/${draft.id}`);
    } catch (e) {
      message.error(errorMessage(e, '复制失败'));
    } finally {
      setBusy(null);
    }
  };
  const del = async (r: RubricSummary) => {
    setBusy(r.id);
    try {
      await evaluationApi.deleteRubric(r.id);
      message.success(`已删除第${r.version}版草稿`);
      list.reload();
    } catch (e) {
      message.error(errorMessage(e, '删除失败'));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="rubrics-page">
      <PageHeader title="评分标准" subTitle="信息化考核验收的评分标准各版本：已发布的版本不可修改，考核轮次固定使用开启时选定的版本" />
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<RubricSummary>
        rowKey="id" size="middle" loading={list.loading} dataSource={items} pagination={false} scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty description="暂无评分标准" /> }}
        onRow={(r) => ({ 'data-testid': `rubric-row-${r.id}` } as HTMLAttributes<HTMLElement>)}
        columns={[
          { title: '版本', dataIndex: 'version', width: 70, render: (v: number) => `第${v}版` },
          {
            title: '名称', dataIndex: 'name', render: (_: unknown, r) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/evaluation/rubrics/${r.id}`} data-testid={`rubric-open-${r.id}`}>{r.name}</Link>
                {r.note ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.note}</Typography.Text> : null}
              </Space>
            ),
          },
          { title: '状态', dataIndex: 'status', width: 80, render: (s: RubricSummary['status']) => <RubricStatusTag status={s} /> },
          {
            title: '依据版本', dataIndex: 'basedOnId', width: 90,
            render: (id: string | null) => (id ? (versionOf.has(id) ? <Link to={`/evaluation/rubrics/${id}`}>第{versionOf.get(id)}版</Link> : '已删除') : '—'),
          },
          { title: '创建', key: 'created', width: 160, render: (_: unknown, r) => <>{r.createdByName}<br /><Typography.Text type="secondary">{fmtDateTime(r.createdAt)}</Typography.Text></> },
          {
            title: '发布', key: 'published', width: 160,
            render: (_: unknown, r) => (r.publishedAt ? <>{r.publishedByName ?? '—'}<br /><Typography.Text type="secondary">{fmtDateTime(r.publishedAt)}</Typography.Text></> : '—'),
          },
          { title: '使用轮次', dataIndex: 'roundsUsing', width: 90, align: 'right', render: (n: number) => (n ? `${n}个` : '—') },
          {
            title: '操作', key: 'actions', width: 220, fixed: 'right',
            render: (_: unknown, r) => (
              <Space size={4} wrap>
                <Link to={`/evaluation/rubrics/${r.id}`}>
                  <Button size="small" type="link">{r.status === 'draft' && canEdit ? '编辑' : '查看'}</Button>
                </Link>
                {canEdit ? (
                  <Button size="small" icon={<CopyOutlined />} loading={busy === r.id} onClick={() => void copy(r)} data-testid={`rubric-copy-${r.id}`}>
                    复制为新版本
                  </Button>
                ) : null}
                {canEdit && r.status === 'draft' ? (
                  <Popconfirm title={`删除第${r.version}版草稿？`} description="草稿中的修改将全部丢失。" okText="删除" okButtonProps={{ danger: true }} cancelText="取消"
                    onConfirm={() => del(r)}>
                    <Tooltip title="删除草稿">
                      <Button size="small" danger icon={<DeleteOutlined />} disabled={busy === r.id} data-testid={`rubric-delete-${r.id}`} aria-label="删除草稿" />
                    </Tooltip>
                  </Popconfirm>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
