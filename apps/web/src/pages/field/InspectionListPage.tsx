// 现场检查 on the phone (/field/inspect): the rounds in 现场检查 (snapshot taken, not published) and their applying
// squadrons in the inspector's scope; each opens the on-site check of that squadron. Online only.
import { Alert, Button, Card, Empty, Flex, Space, Tag, Typography } from 'antd';
import { LeftOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { evaluationApi, type ApplicantView, type RoundDetail } from '../../api/evaluation';
import { LoadError } from '../../components/LoadError';
import { PageLoading } from '../../components/PageLoading';
import { fmtDate, fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';
import { fmtPoints } from './inspection-model';
import { useOnline } from './inspection-online';

function ApplicantCard({ a }: { a: ApplicantView }) {
  const points = a.tier === 'demonstration' ? a.demonstrationPoints : a.standardPoints;
  return (
    <Link to={`/field/inspect/${a.id}`} style={{ display: 'block', color: 'inherit' }} data-testid={`inspect-open-${a.id}`}>
      <Card size="small" hoverable>
        <Flex justify="space-between" align="center" gap={8}>
          <Flex vertical gap={2} style={{ minWidth: 0 }}>
            <Typography.Text strong ellipsis>{a.unitName}</Typography.Text>
            <Space size={4} wrap>
              {a.districtName ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.districtName}</Typography.Text> : null}
              <Tag color={a.tier === 'demonstration' ? 'purple' : 'blue'}>{a.tierLabel}</Tag>
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              现场记录 {a.findings} 项{points !== null ? ` · 当前 ${fmtPoints(points)} 分` : ''}
              {a.pendingPoints ? ` · 待检查 ${fmtPoints(a.pendingPoints)} 分` : ''}
            </Typography.Text>
          </Flex>
          <RightOutlined />
        </Flex>
      </Card>
    </Link>
  );
}

function RoundBlock({ d }: { d: RoundDetail }) {
  return (
    <Flex vertical gap={8} data-testid={`inspect-round-${d.round.id}`}>
      <Flex vertical gap={0}>
        <Typography.Text strong>{d.round.name}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          考核期间 {fmtDate(d.round.periodFrom)} 至 {fmtDate(d.round.periodTo)} · 快照 {fmtDateTime(d.round.snapshotAt)} · 评分标准第{d.rubric.version}版
        </Typography.Text>
      </Flex>
      {d.applicants.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本轮次在您管辖范围内没有申报中队" />
        : d.applicants.map((a) => <ApplicantCard key={a.id} a={a} />)}
    </Flex>
  );
}

export default function InspectionListPage() {
  const online = useOnline();
  // Rounds, then the detail (applicants) of each round being inspected: usually one a year.
  const data = useRequest(async (signal) => {
    const { items } = await evaluationApi.rounds(signal);
    return Promise.all(items.filter((r) => r.status === 'inspecting').map((r) => evaluationApi.round(r.id, signal)));
  }, [online], online);

  return (
    <div className="field-page" data-testid="inspection-list">
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="center">
          <Link to="/evaluation/rounds"><Button icon={<LeftOutlined />} type="text">考核轮次</Button></Link>
          <Typography.Title level={5} style={{ margin: 0 }}>现场检查</Typography.Title>
          <Button type="text" icon={<ReloadOutlined />} aria-label="刷新" disabled={!online} loading={data.loading && online} onClick={data.reload} />
        </Flex>
        {!online ? <Alert type="warning" showIcon data-testid="inspect-offline" title="当前离线" description="现场检查需要联网使用：评分和照片直接提交到平台。" /> : null}
        {data.error ? <LoadError error={data.error} onRetry={data.reload} />
          : !data.data ? (online ? <PageLoading /> : null)
          : data.data.length === 0 ? <Empty description="暂无进入现场检查阶段的考核轮次" data-testid="inspect-empty" />
          : data.data.map((d) => <RoundBlock key={d.round.id} d={d} />)}
      </Flex>
    </div>
  );
}
