// One 考核轮次: districts submit (and withdraw) squadrons while it is open; the city cuts off and snapshots (scores
// then read the snapshot only), inspectors check on site, the city publishes and the scores freeze. Applicants with
// their current scores (projected until publication) and the rankings per tier, city-wide and per district.
import { useState, type HTMLAttributes } from 'react';
import {
  App, Breadcrumb, Button, Card, Descriptions, Empty, Popconfirm, Result, Space, Steps, Table, Tooltip, Typography,
} from 'antd';
import { CameraOutlined, CloudUploadOutlined, FileExcelOutlined, LockOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { todayShanghai } from '@cg/domain';
import { isApiError } from '../../api/client';
import { evaluationApi, type ApplicantView } from '../../api/evaluation';
import { useAuth } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../components/PageLoading';
import { errorMessage } from '../../lib/errors';
import { fmtDate, fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';
import { RoundApplyModal } from './RoundApplyModal';
import { RoundRanking } from './RoundRanking';
import { fmtShanghai, PassTag, TierTag } from './RoundScore';
import { fmtPoints } from './score-format';
import { RoundStatusTag } from './RoundStatusTag';

const STEP: Record<string, number> = { open: 0, inspecting: 1, published: 2 };

/** Today in Shanghai, as the server compares the apply deadline. */

export default function RoundDetailPage() {
  const { id = '' } = useParams();
  const { can, me } = useAuth();
  const { message, modal } = App.useApp();
  const { data, loading, error, reload } = useRequest((signal) => evaluationApi.round(id, signal), [id]);
  const [applying, setApplying] = useState(false);
  const [busy, setBusy] = useState<'snapshot' | 'publish' | 'xlsx' | null>(null);

  if (loading && !data) return <PageLoading />;
  if (error && isApiError(error) && error.status === 404) {
    return (
      <Result
        status="404"
        title="考核轮次不存在"
        extra={<Link to="/evaluation/rounds"><Button type="primary">返回考核轮次</Button></Link>}
      />
    );
  }
  if (error || !data) return <LoadError error={error} onRetry={reload} />;

  const { round, applicants } = data;
  const open = round.status === 'open';
  const inspecting = round.status === 'inspecting';
  const published = round.status === 'published';
  const canRound = can('evaluation.round');
  const canApply = can('evaluation.apply') && open;
  const canInspect = can('evaluation.inspect') && inspecting;
  const deadlinePassed = todayShanghai() > round.applyDeadline;

  const snapshot = async () => {
    setBusy('snapshot');
    try {
      await evaluationApi.snapshot(round.id, round.rowVersion);
      message.success('已截止并快照，进入现场检查');
      reload();
    } catch (e) {
      message.error(errorMessage(e));
      if (isApiError(e) && e.status === 409) reload();
    } finally {
      setBusy(null);
    }
  };

  const publish = async () => {
    setBusy('publish');
    try {
      await evaluationApi.publish(round.id, round.rowVersion);
      message.success('结果已发布，得分已冻结');
      reload();
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        // e.g. overrides without a photo: say which criteria, so the inspectors know what to complete.
        modal.error({
          title: '暂不能发布',
          content: (
            <div data-testid="publish-error">
              <Typography.Paragraph>{errorMessage(e)}</Typography.Paragraph>
              {e.details.length ? (
                <ul style={{ paddingLeft: 20, margin: 0 }}>
                  {e.details.map((d, i) => <li key={i}>{d.field ? `${d.field}：` : ''}{d.message}</li>)}
                </ul>
              ) : null}
            </div>
          ),
        });
        reload();
      } else {
        message.error(errorMessage(e));
      }
    } finally {
      setBusy(null);
    }
  };

  const summaryXlsx = async () => {
    setBusy('xlsx');
    try {
      await evaluationApi.roundSummaryXlsx(round.id);
    } catch (e) {
      message.error(errorMessage(e, 'Excel 导出失败'));
    } finally {
      setBusy(null);
    }
  };

  const withdraw = async (a: ApplicantView) => {
    try {
      await evaluationApi.withdraw(a.id);
      message.success(`已撤回${a.unitName}的申报`);
    } catch (e) {
      message.error(errorMessage(e));
    }
    reload();
  };

  const actions = (
    <>
      {canApply ? (
        <Tooltip title={deadlinePassed ? `申报已于${round.applyDeadline}截止` : undefined}>
          <Button type="primary" icon={<PlusOutlined />} disabled={deadlinePassed} onClick={() => setApplying(true)} data-testid="round-apply">
            申报中队
          </Button>
        </Tooltip>
      ) : null}
      {canRound && open ? (
        <Popconfirm
          title="截止并快照？"
          description={
            <div style={{ maxWidth: 340 }}>
              按数据截止时间（未到则为现在）计算每个申报中队的全部数据指标并保存。此后不再接受申报和撤回，
              得分只读取快照（平台数据再变化也不影响），进入现场检查。
            </div>
          }
          okText="截止并快照"
          cancelText="取消"
          onConfirm={snapshot}
        >
          <Button type="primary" icon={<LockOutlined />} loading={busy === 'snapshot'} data-testid="round-snapshot">截止并快照</Button>
        </Popconfirm>
      ) : null}
      {canRound && inspecting ? (
        <Popconfirm
          title="发布考核结果？"
          description={
            <div style={{ maxWidth: 340 }}>
              按快照和现场检查计算并冻结每个申报中队的得分，发布后现场检查记录锁定，得分不再变化。改判须已上传照片。
            </div>
          }
          okText="发布"
          cancelText="取消"
          onConfirm={publish}
        >
          <Button type="primary" icon={<CloudUploadOutlined />} loading={busy === 'publish'} data-testid="round-publish">发布结果</Button>
        </Popconfirm>
      ) : null}
      <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} onClick={summaryXlsx} data-testid="round-summary-xlsx">Excel 汇总</Button>
    </>
  );

  const projected = !published;
  const hasDemo = applicants.some((a) => a.tier === 'demonstration');

  return (
    <div data-testid="round-detail">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/evaluation/rounds">考核轮次</Link> }, { title: round.name }]} />
      <PageHeader
        title={<Space wrap>{round.name}<RoundStatusTag round={round} /></Space>}
        subTitle={published ? '结果已发布，得分为最终得分' : inspecting ? '已截止快照：得分依据快照和现场检查，为预计得分' : '申报中：截止快照后开始计分'}
        extra={actions}
      />
      <Card style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={STEP[round.status]}
          style={{ marginBottom: 16 }}
          items={[
            { title: '申报中', description: `截止 ${fmtDate(round.applyDeadline)}` },
            { title: '现场检查中', description: round.snapshotAt ? `快照 ${fmtDateTime(round.snapshotAt)}` : `数据截止 ${fmtShanghai(round.cutoffAt)}` },
            { title: '已发布', description: round.publishedAt ? fmtDateTime(round.publishedAt) : undefined },
          ]}
        />
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="年度">{round.year}</Descriptions.Item>
          <Descriptions.Item label="评分标准">
            <Link to={`/evaluation/rubrics/${data.rubric.id}`} data-testid="round-rubric-link">{data.rubric.name}（第{data.rubric.version}版）</Link>
          </Descriptions.Item>
          <Descriptions.Item label="考核期间">{fmtDate(round.periodFrom)} 至 {fmtDate(round.periodTo)}</Descriptions.Item>
          <Descriptions.Item label="申报截止">
            {fmtDate(round.applyDeadline)}
            {open && deadlinePassed ? <Typography.Text type="warning">（已过）</Typography.Text> : null}
          </Descriptions.Item>
          <Descriptions.Item label="数据截止">{fmtShanghai(round.cutoffAt)}（北京时间）</Descriptions.Item>
          <Descriptions.Item label="快照时间">{fmtDateTime(round.snapshotAt)}</Descriptions.Item>
          <Descriptions.Item label="发布">{round.publishedAt ? `${round.publishedByName ?? ''} · ${fmtDateTime(round.publishedAt)}` : '—'}</Descriptions.Item>
          <Descriptions.Item label="开启">{round.createdByName} · {fmtDateTime(round.createdAt)}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={`申报中队（${applicants.length}）`} style={{ marginBottom: 16 }}>
        <Table<ApplicantView>
          rowKey="id"
          dataSource={applicants}
          loading={loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(a) => ({ 'data-testid': `applicant-row-${a.id}` }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty description={canApply ? '还没有申报中队，点击“申报中队”提交本区中队' : '还没有申报中队'} /> }}
          columns={[
            { title: '区局', dataIndex: 'districtName', render: (v: string | null) => v ?? '—' },
            { title: '中队', dataIndex: 'unitName' },
            { title: '申报等级', dataIndex: 'tier', render: (_, a) => <TierTag tier={a.tier} label={a.tierLabel} /> },
            {
              title: '申报', key: 'submitted',
              render: (_, a) => (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.submittedByName}<br />{fmtDateTime(a.submittedAt)}</Typography.Text>
              ),
            },
            {
              title: projected ? '规范化达标（预计）' : '规范化达标', key: 'standard',
              render: (_, a) => (
                <Space size={4}>
                  <span>{fmtPoints(a.standardPoints)}</span>
                  <PassTag passed={a.standardPassed} />
                </Space>
              ),
            },
            ...(hasDemo ? [{
              title: projected ? '示范（预计）' : '示范', key: 'demonstration',
              render: (_: unknown, a: ApplicantView) => (a.tier === 'demonstration' ? (
                <Space size={4}>
                  <span>{fmtPoints(a.demonstrationPoints)}</span>
                  <PassTag passed={a.demonstrationPassed} />
                </Space>
              ) : '—'),
            }] : []),
            {
              // After publication nothing waits any more: unchecked on-site criteria stayed at 0.
              title: published ? '未经现场检查（计0分）' : '待现场检查', dataIndex: 'pendingPoints', align: 'right' as const,
              render: (p: number | null) => (p ? <Typography.Text type="warning">{fmtPoints(p)} 分</Typography.Text> : p === 0 ? '0' : '—'),
            },
            { title: '现场检查记录', dataIndex: 'findings', align: 'right' as const },
            {
              title: '操作', key: 'actions', fixed: 'right' as const,
              render: (_, a) => (
                <Space size={4} wrap={false}>
                  <Link to={`/evaluation/applicants/${a.id}`} data-testid={`applicant-open-${a.id}`}>得分明细</Link>
                  {canInspect ? (
                    <Link to={`/field/inspect/${a.id}`} data-testid={`applicant-inspect-${a.id}`}>
                      <CameraOutlined /> 现场检查
                    </Link>
                  ) : null}
                  {canApply ? (
                    <Popconfirm
                      title={`撤回${a.unitName}的申报？`}
                      description="截止快照前可以重新申报"
                      okText="撤回"
                      okButtonProps={{ danger: true }}
                      cancelText="取消"
                      onConfirm={() => withdraw(a)}
                    >
                      <Button type="link" size="small" danger icon={<UndoOutlined />} data-testid={`applicant-withdraw-${a.id}`}>撤回</Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Card title={published ? '排名' : '排名（预计）'} data-testid="round-ranking-card">
        {open ? (
          <Empty description="截止快照后按得分排名" />
        ) : (
          <RoundRanking detail={data} cityWide={me?.unit.kind === '市局'} />
        )}
      </Card>

      <RoundApplyModal
        roundId={round.id}
        open={applying}
        appliedUnitIds={applicants.map((a) => a.unitId)}
        onClose={() => setApplying(false)}
        onApplied={() => {
          setApplying(false);
          reload();
        }}
      />
    </div>
  );
}
