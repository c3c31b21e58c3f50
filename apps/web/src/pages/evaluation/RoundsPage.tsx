// 考核轮次: the annual 信息化建设专项考核 rounds (申报中 → 现场检查中 → 已发布) and, for the city's 考核组, opening one.
import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Empty, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { evaluationApi, type RoundView } from '../../api/evaluation';
import { useAuth } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { fmtDate } from '../../lib/format';
import { useRequest } from '../../lib/use-request';
import { RoundFormModal } from './RoundFormModal';
import { fmtShanghai } from './RoundScore';
import { RoundStatusTag } from './RoundStatusTag';

export default function RoundsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const rounds = useRequest((signal) => evaluationApi.rounds(signal), []);
  const canOpen = can('evaluation.round');

  return (
    <div data-testid="rounds-page">
      <PageHeader
        title="考核轮次"
        subTitle="年度信息化建设专项考核验收：区局申报中队，截止快照后现场检查，市局发布结果"
        extra={canOpen ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="round-new">开启考核轮次</Button>
        ) : null}
      />
      <Card>
        {rounds.error ? <LoadError error={rounds.error} onRetry={rounds.reload} /> : (
          <Table<RoundView>
            rowKey="id"
            loading={rounds.loading}
            dataSource={rounds.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={canOpen ? '暂无考核轮次，点击“开启考核轮次”开始本年度考核' : '暂无考核轮次'} /> }}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            onRow={(r) => ({ 'data-testid': `round-row-${r.id}`, onClick: () => navigate(`/evaluation/rounds/${r.id}`), style: { cursor: 'pointer' } }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: '年度', dataIndex: 'year', width: 80 },
              { title: '名称', dataIndex: 'name', render: (v: string, r) => <Link to={`/evaluation/rounds/${r.id}`} onClick={(e) => e.stopPropagation()}>{v}</Link> },
              {
                // The rubric's name is long (it cites the standard): the version first, the name cut to the column.
                title: '评分标准', key: 'rubric', width: 280, ellipsis: { showTitle: false },
                render: (_, r) => (
                  <Tooltip title={r.rubricName}>
                    <Link to={`/evaluation/rubrics/${r.rubricId}`} onClick={(e) => e.stopPropagation()}>
                      第{r.rubricVersion}版 · {r.rubricName}
                    </Link>
                  </Tooltip>
                ),
              },
              { title: '考核期间', key: 'period', render: (_, r) => `${fmtDate(r.periodFrom)} 至 ${fmtDate(r.periodTo)}` },
              { title: '申报截止', dataIndex: 'applyDeadline', render: fmtDate },
              { title: '数据截止（北京时间）', dataIndex: 'cutoffAt', render: fmtShanghai },
              { title: '状态', dataIndex: 'status', render: (_, r) => <RoundStatusTag round={r} /> },
              {
                title: '申报中队', dataIndex: 'applicants', align: 'right',
                render: (n: number) => (n ? n : <Typography.Text type="secondary">0</Typography.Text>),
              },
            ]}
          />
        )}
        {rounds.data && rounds.data.items.some((r) => r.status === 'open') ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            <Tag color="processing">申报中</Tag>的轮次：区局在申报截止日期前申报本区中队；申报数只统计您管辖范围内的中队。
          </Typography.Paragraph>
        ) : null}
      </Card>
      <RoundFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(round) => {
          setCreating(false);
          navigate(`/evaluation/rounds/${round.id}`);
        }}
      />
    </div>
  );
}
