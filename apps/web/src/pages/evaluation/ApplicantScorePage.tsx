// 得分明细 of one applying squadron in a round: its scores per tier (projected from the snapshot and the on-site findings
// until publication, frozen after), the 差距清单 with the records to fix, every criterion down to the records behind it,
// and the 考核验收报告 as PDF.
import { useMemo, useState } from 'react';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Flex, Result, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import { CameraOutlined, FilePdfOutlined } from '@ant-design/icons';
import type { TierScore } from '@cg/domain';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { evaluationApi, type ApplicantScores } from '../../api/evaluation';
import { useAuth } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../components/PageLoading';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';
import { GapList, type GapRow } from './GapList';
import { TierTag } from './RoundScore';
import { ScoreBreakdown } from './ScoreBreakdown';
import { fmtPoints, tierStatus } from './score-format';

/** Once frozen nothing waits for the on-site check any more: a tier short of its line simply failed. */
function standing(t: TierScore, frozen: boolean): { label: string; color: string } {
  if (!frozen) return tierStatus(t);
  if (t.passed) return { label: '达标', color: 'success' };
  return { label: t.requirementMet === false && t.points >= t.passLine ? '前提未达标' : '未达标', color: 'error' };
}

function ScoreTag({ data }: { data: ApplicantScores }) {
  if (data.frozen) return <Tag color="success" data-testid="applicant-frozen">已发布（最终得分）</Tag>;
  if (data.applicant.snapshotAt) return <Tag color="warning" data-testid="applicant-frozen">预计得分（现场检查中）</Tag>;
  return <Tag data-testid="applicant-frozen">申报中（尚未快照）</Tag>;
}

export default function ApplicantScorePage() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const { data, loading, error, reload } = useRequest((signal) => evaluationApi.applicant(id, signal), [id]);
  const [downloading, setDownloading] = useState(false);

  // The gap list with the records to fix, from the snapshot's indicator behind each gap.
  const gaps = useMemo<GapRow[]>(
    () => (data?.gaps ?? []).map((g) => ({ ...g, records: g.indicatorId ? (data?.indicators[g.indicatorId]?.gaps ?? []) : [] })),
    [data],
  );

  if (loading && !data) return <PageLoading />;
  if (error && isApiError(error) && error.status === 404) {
    return (
      <Result
        status="404"
        title="申报中队不存在"
        subTitle="该申报不存在（可能已撤回），或不在您的管辖范围内。"
        extra={<Link to="/evaluation/rounds"><Button type="primary">返回考核轮次</Button></Link>}
      />
    );
  }
  if (error || !data) return <LoadError error={error} onRetry={reload} />;

  const { applicant: a, round, frozen, tiers } = data;
  const snapshotted = a.snapshotAt !== null;
  const canInspect = can('evaluation.inspect') && round.status === 'inspecting';

  const reportPdf = async () => {
    setDownloading(true);
    try {
      await evaluationApi.reportPdf(a.id, a.unitName);
    } catch (e) {
      message.error(errorMessage(e, '报告下载失败'));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <div data-testid="applicant-page">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <Link to="/evaluation/rounds">考核轮次</Link> },
          { title: <Link to={`/evaluation/rounds/${round.id}`}>{round.name}</Link> },
          { title: a.unitName },
        ]}
      />
      <PageHeader
        title={<Space wrap>{a.unitName}<TierTag tier={a.tier} label={a.tierLabel} /><ScoreTag data={data} /></Space>}
        subTitle={`${a.districtName ?? '—'} · ${round.name}`}
        extra={
          <>
            {canInspect ? (
              <Link to={`/field/inspect/${a.id}`}><Button icon={<CameraOutlined />} data-testid="applicant-inspect">现场检查</Button></Link>
            ) : null}
            <Tooltip title={snapshotted ? undefined : '截止快照后才能生成报告'}>
              <Button
                type="primary"
                icon={<FilePdfOutlined />}
                loading={downloading}
                disabled={!snapshotted}
                onClick={reportPdf}
                data-testid="applicant-report-pdf"
              >
                下载考核验收报告
              </Button>
            </Tooltip>
          </>
        }
      />

      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginBottom: tiers.length ? 16 : 0 }}>
          <Descriptions.Item label="轮次"><Link to={`/evaluation/rounds/${round.id}`}>{round.name}</Link>（{round.statusLabel}）</Descriptions.Item>
          <Descriptions.Item label="评分标准">
            <Link to={`/evaluation/rubrics/${round.rubricId}`}>{round.rubricName}（第{round.rubricVersion}版）</Link>
          </Descriptions.Item>
          <Descriptions.Item label="申报">{a.submittedByName} · {fmtDateTime(a.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label="快照时间">{fmtDateTime(a.snapshotAt)}</Descriptions.Item>
          <Descriptions.Item label="现场检查记录">{a.findings} 项</Descriptions.Item>
          {round.publishedAt ? <Descriptions.Item label="发布">{round.publishedByName ?? ''} · {fmtDateTime(round.publishedAt)}</Descriptions.Item> : null}
        </Descriptions>
        {tiers.length ? (
          <Flex wrap gap={32} data-testid="applicant-summary">
            {tiers.map((t) => {
              const s = standing(t, frozen);
              return (
                <div key={t.tier} data-testid={`applicant-tier-${t.tier}`}>
                  <Statistic
                    title={<Space size={4}>{t.name}<Tag color={s.color}>{s.label}</Tag></Space>}
                    value={fmtPoints(t.points)}
                    suffix={<Typography.Text type="secondary" style={{ fontSize: 14 }}>/ 合格线 {fmtPoints(t.passLine)}</Typography.Text>}
                  />
                  {!frozen && t.pendingPoints > 0 ? (
                    <Typography.Text type="warning" style={{ fontSize: 12 }}>
                      {fmtPoints(t.pendingPoints)} 分待现场检查，最好情况 {fmtPoints(t.bestCase)} 分
                    </Typography.Text>
                  ) : null}
                  {t.requirementMet === false ? (
                    <div><Typography.Text type="danger" style={{ fontSize: 12 }}>须先达到规范化达标</Typography.Text></div>
                  ) : null}
                </div>
              );
            })}
          </Flex>
        ) : null}
      </Card>

      {!snapshotted ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="本轮次尚未截止快照，还没有考核得分"
          description={<>截止并快照后按快照中的平台数据和现场检查计分。中队当前的预计得分可在<Link to="/evaluation/self">中队自评</Link>中查看。</>}
        />
      ) : (
        <>
          {!frozen ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title="预计得分"
              description="得分依据截止时的快照和目前的现场检查记录计算，发布结果后冻结；现场检查项目在检查前计0分。"
            />
          ) : null}
          <Card title={`差距清单（${gaps.length}）`} style={{ marginBottom: 16 }} data-testid="applicant-gaps">
            <GapList gaps={gaps} max={10} />
          </Card>
          <ScoreBreakdown tiers={tiers} indicators={data.indicators} findings={data.findings} />
        </>
      )}
    </div>
  );
}
