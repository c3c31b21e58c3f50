// 中队自评: a squadron's projected score today under the newest published rubric (both tiers), its trend over the past
// months, the 差距清单 (what raises the score most) and the full breakdown with the records behind every criterion.
// The squadron is in the URL (?unitId=), so the dashboard links here.
import { lazy, Suspense, useMemo } from 'react';
import { Card, Col, Empty, Flex, Row, Skeleton, Statistic, Tag, Tooltip, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { SQUADRON_KINDS, type TierScore } from '@cg/domain';
import { evaluationApi, type SelfAssessment } from '../../api/evaluation';
import { useMe } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { fmtDate, fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';
import { GapList } from './GapList';
import { ScoreBreakdown } from './ScoreBreakdown';
import { trendOption } from './score-charts';
import { DEFAULT_PASS_LINES, fmtPoints, shortOfLine, tierStatus } from './score-format';

const ScoreChart = lazy(() => import('./ScoreChart'));

function TierScoreCard({ tier, testId, standard }: { tier: TierScore; testId: string; standard?: TierScore }) {
  const status = tierStatus(tier);
  const short = shortOfLine(tier);
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={`${testId}-card`}>
      <Flex justify="space-between" align="start">
        <Statistic
          title={`${tier.name}（合格线 ${fmtPoints(tier.passLine)} 分）`}
          value={fmtPoints(tier.points)} suffix="分"
          styles={{ content: { fontSize: 36, color: tier.passed ? '#389e0d' : '#cf1322' } }}
          valueRender={(node) => <span data-testid={testId}>{node}</span>}
        />
        <Tag color={status.color} style={{ fontSize: 14, padding: '2px 10px' }} data-testid={`${testId}-status`}>{status.label}</Tag>
      </Flex>
      <Flex gap={24} wrap style={{ marginTop: 8 }}>
        <Typography.Text type={short > 0 ? 'danger' : 'success'}>{short > 0 ? `距合格线差 ${fmtPoints(short)} 分` : '已达到合格线'}</Typography.Text>
        <Tooltip title="现场检查项目在检查前计0分">
          <Typography.Text type="secondary">待现场检查 {fmtPoints(tier.pendingPoints)} 分</Typography.Text>
        </Tooltip>
        <Tooltip title="待现场检查的项目全部得满分时的得分">
          <Typography.Text type="secondary">最好情况 {fmtPoints(tier.bestCase)} 分</Typography.Text>
        </Tooltip>
      </Flex>
      {tier.requirementMet !== null ? (
        <Typography.Paragraph type={tier.requirementMet ? 'secondary' : 'danger'} style={{ margin: '8px 0 0' }}>
          {tier.requirementMet
            ? '已满足前提：规范化达标中队达标'
            : `须先通过规范化达标中队${standard ? `（目前 ${fmtPoints(standard.points)} 分）` : ''}`}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

function SelfBody({ data }: { data: SelfAssessment }) {
  const standard = data.tiers.find((t) => t.tier === 'standard');
  const demonstration = data.tiers.find((t) => t.tier === 'demonstration');
  const option = useMemo(() => trendOption(data.trend, {
    standard: standard?.passLine ?? DEFAULT_PASS_LINES.standard, demonstration: demonstration?.passLine ?? DEFAULT_PASS_LINES.demonstration,
  }), [data.trend, standard, demonstration]);
  // Gains of one tier add up to its missing points; across tiers they would count the same fix twice.
  const gainOf = (tier: string) => data.gaps.filter((g) => g.tier === tier).reduce((a, g) => a + g.gain, 0);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        {standard ? <TierScoreCard tier={standard} testId="self-standard-points" /> : <Card size="small"><Empty description="评分标准中没有规范化达标中队" /></Card>}
      </Col>
      <Col xs={24} lg={12}>
        {demonstration
          ? <TierScoreCard tier={demonstration} testId="self-demonstration-points" standard={standard} />
          : <Card size="small"><Empty description="评分标准中没有示范中队" /></Card>}
      </Col>
      <Col span={24}>
        <Card size="small" title="得分趋势" data-testid="self-trend" extra={<Typography.Text type="secondary">各月末按近12个月数据计算，最后一点为今天</Typography.Text>}>
          {data.trend.length === 0 ? <Empty description="暂无趋势数据" /> : (
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 280 }} />}>
              <ScoreChart option={option} height={280} label="规范化达标与示范得分趋势折线图" />
            </Suspense>
          )}
        </Card>
      </Col>
      <Col span={24}>
        <Card
          size="small" title="差距清单" data-testid="self-gaps"
          extra={<Typography.Text type="secondary">按可得分从高到低；共 {data.gaps.length} 项；规范化达标可得 {fmtPoints(gainOf('standard'))} 分、示范可得 {fmtPoints(gainOf('demonstration'))} 分</Typography.Text>}
        >
          <GapList gaps={data.gaps} max={15} />
        </Card>
      </Col>
      <Col span={24}>
        <Typography.Title level={5} style={{ marginTop: 0 }}>评分明细</Typography.Title>
        <Typography.Paragraph type="secondary">点击一行查看该指标所依据的记录与缺项。</Typography.Paragraph>
        <ScoreBreakdown tiers={data.tiers} indicators={data.indicators} />
      </Col>
    </Row>
  );
}

export default function SelfAssessmentPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  // A district or city user has no squadron of their own: ask for one instead of showing the server's refusal.
  const needsPick = !unitId && !SQUADRON_KINDS.includes(me.unit.kind);
  const req = useRequest((signal) => evaluationApi.self(unitId, signal), [unitId], !needsPick);
  // An answer for another squadron (the previous pick) is not shown as this one's.
  const data = req.data && (!unitId || req.data.unit.id === unitId) ? req.data : undefined;

  return (
    <div data-testid="self-page">
      <PageHeader
        title={data ? `中队自评 · ${data.unit.name}` : '中队自评'}
        subTitle={data
          ? `评分标准：${data.rubric.name}（第 ${data.rubric.version} 版） · 数据期间 ${fmtDate(data.period.from)} 至 ${fmtDate(data.period.to)} · 计算于 ${fmtDateTime(data.asOf)}`
          : '按最新发布的评分标准和近12个月平台数据预计得分'}
        extra={
          <UnitTreeSelect
            value={unitId ?? data?.unit.id ?? (needsPick ? undefined : me.unit.id)}
            onChange={(id) => setParams(id && id !== me.unit.id ? { unitId: id } : {}, { replace: true })}
            selectableKinds={SQUADRON_KINDS}
            allowClear={false}
            placeholder="选择中队"
            style={{ minWidth: 260 }}
            aria-label="自评中队"
            data-testid="self-unit"
          />
        }
      />
      {needsPick ? (
        <Card size="small" data-testid="self-pick">
          <Empty description={<span>请在右上方选择一个中队查看其自评；各中队的得分汇总见 <Link to="/evaluation">考核总览</Link>。</span>} />
        </Card>
      ) : null}
      {req.error ? <LoadError error={req.error} onRetry={req.reload} title="无法计算自评得分" /> : null}
      {!data && req.loading ? <Skeleton active paragraph={{ rows: 10 }} /> : null}
      {data ? <SelfBody data={data} /> : null}
    </div>
  );
}
