// 考核总览: every squadron of a district (or the city) with its projected 规范化达标 and 示范 points today, whether it
// would pass, the points waiting for the on-site check and the fix worth most — to see who needs help before a round.
// Each squadron opens its 中队自评. The unit is in the URL (?unitId=).
import { lazy, Suspense, useMemo, useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Col, Empty, Flex, Row, Skeleton, Spin, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { EVALUATION_TIER_LABELS } from '@cg/domain';
import { evaluationApi, type Dashboard, type DashboardRow } from '../../api/evaluation';
import { useMe } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { errorMessage, isSilentError } from '../../lib/errors';
import { fmtDate, fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';
import { barsOption } from './score-charts';
import { chartBars, dashboardSummary, DEFAULT_PASS_LINES, fmtPoints } from './score-format';

const ScoreChart = lazy(() => import('./ScoreChart'));

const passTag = (passed: boolean | null) =>
  (passed === null ? null : passed ? <Tag color="success">达标</Tag> : <Tag color="error">未达标</Tag>);

function SquadronTable({ rows }: { rows: DashboardRow[] }) {
  const districts = useMemo(() => [...new Set(rows.map((r) => r.districtName ?? ''))].filter(Boolean), [rows]);
  const columns: TableColumnsType<DashboardRow> = [
    ...(districts.length > 1 ? [{
      title: '区局', dataIndex: 'districtName', width: 120,
      filters: districts.map((d) => ({ text: d, value: d })), onFilter: (v, r) => r.districtName === v,
      sorter: (a, b) => (a.districtName ?? '').localeCompare(b.districtName ?? '', 'zh'),
    } satisfies TableColumnsType<DashboardRow>[number]] : []),
    {
      title: '中队', dataIndex: 'unitName', fixed: 'left', width: 180,
      sorter: (a, b) => a.unitName.localeCompare(b.unitName, 'zh'),
      render: (v: string, r) => <Link to={`/evaluation/self?unitId=${encodeURIComponent(r.unitId)}`} data-testid={`dashboard-link-${r.unitId}`}>{v}</Link>,
    },
    {
      title: '规范化达标', dataIndex: 'standardPoints', width: 130, defaultSortOrder: 'descend',
      sorter: (a, b) => a.standardPoints - b.standardPoints,
      filters: [{ text: '达标', value: true }, { text: '未达标', value: false }], onFilter: (v, r) => r.standardPassed === v,
      render: (v: number, r) => <span data-testid={`dashboard-standard-${r.unitId}`}>{fmtPoints(v)} {passTag(r.standardPassed)}</span>,
    },
    {
      title: '示范', dataIndex: 'demonstrationPoints', width: 130,
      sorter: (a, b) => (a.demonstrationPoints ?? -1) - (b.demonstrationPoints ?? -1),
      filters: [{ text: '达标', value: true }, { text: '未达标', value: false }], onFilter: (v, r) => r.demonstrationPassed === v,
      render: (v: number | null, r) => <span data-testid={`dashboard-demonstration-${r.unitId}`}>{fmtPoints(v)} {passTag(r.demonstrationPassed)}</span>,
    },
    {
      title: <Tooltip title="规范化达标 / 示范中待现场检查的分值（检查前计0分）"><span>待现场检查</span></Tooltip>, key: 'pending', width: 120,
      sorter: (a, b) => a.standardPending - b.standardPending,
      render: (_: unknown, r) => `${fmtPoints(r.standardPending)} / ${fmtPoints(r.demonstrationPending)}`,
    },
    {
      title: '最值得先补的差距', key: 'topGap',
      sorter: (a, b) => (a.topGap?.gain ?? 0) - (b.topGap?.gain ?? 0),
      render: (_: unknown, r) => (r.topGap ? (
        <span>
          <Typography.Text type="danger" strong>+{fmtPoints(r.topGap.gain)}</Typography.Text>{' '}
          <Typography.Text type="secondary">{EVALUATION_TIER_LABELS[r.topGap.tier]} · {r.topGap.itemName}：</Typography.Text>
          {r.topGap.text}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{r.topGap.advice}</Typography.Text>
        </span>
      ) : <Typography.Text type="secondary">平台数据项均已满分</Typography.Text>),
    },
  ];
  return (
    <Table<DashboardRow>
      size="small" rowKey="unitId" columns={columns} dataSource={rows} scroll={{ x: 1000 }}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: <Empty description="该单位下没有中队" /> }}
      onRow={(r) => ({ 'data-testid': `dashboard-row-${r.unitId}` }) as HTMLAttributes<HTMLElement>}
    />
  );
}

function DashboardBody({ data }: { data: Dashboard }) {
  const summary = useMemo(() => dashboardSummary(data.squadrons), [data.squadrons]);
  const bars = useMemo(() => chartBars(data.squadrons), [data.squadrons]);
  const option = useMemo(() => barsOption(bars, DEFAULT_PASS_LINES), [bars]);
  const cards = [
    { key: 'squadrons', title: '中队数', value: String(summary.squadrons) },
    { key: 'standard', title: '规范化达标（预计达标）', value: `${summary.standardPassed} / ${summary.squadrons}` },
    { key: 'demonstration', title: '示范（预计达标）', value: `${summary.demonstrationPassed} / ${summary.squadrons}` },
    { key: 'average', title: '规范化达标平均分', value: fmtPoints(summary.averageStandard) },
  ];
  return (
    <Row gutter={[16, 16]}>
      {cards.map((c) => (
        <Col key={c.key} xs={12} xl={6}>
          <Card size="small" data-testid={`dashboard-card-${c.key}`} style={{ height: '100%' }}>
            <Statistic title={c.title} value={c.value} />
          </Card>
        </Col>
      ))}
      <Col span={24}>
        <Card
          size="small" data-testid="dashboard-chart"
          title={bars.mode === 'district' ? '各区局中队平均得分' : '各中队预计得分'}
          extra={<Typography.Text type="secondary">虚线为合格线（规范化达标 {DEFAULT_PASS_LINES.standard}、示范 {DEFAULT_PASS_LINES.demonstration}）</Typography.Text>}
        >
          {data.squadrons.length === 0 ? <Empty description="该单位下没有中队" /> : (
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 320 }} />}>
              <ScoreChart option={option} height={320} label="各中队规范化达标与示范得分柱状图" />
            </Suspense>
          )}
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title="各中队得分" extra={<Typography.Text type="secondary">点击中队名称查看其自评与差距清单</Typography.Text>}>
          <SquadronTable rows={data.squadrons} />
        </Card>
      </Col>
    </Row>
  );
}

export default function EvaluationDashboardPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  const req = useRequest((signal) => evaluationApi.dashboard(unitId, signal), [unitId]);
  const data = req.data && (!unitId || req.data.unit.id === unitId) ? req.data : undefined;
  const [exporting, setExporting] = useState(false);

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await evaluationApi.dashboardXlsx(unitId);
    } catch (e) {
      if (!isSilentError(e)) message.error(errorMessage(e, '导出失败'));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div data-testid="evaluation-dashboard">
      <PageHeader
        title={data ? `考核总览 · ${data.unit.name}` : '考核总览'}
        subTitle={data
          ? `评分标准：${data.rubric.name}（第 ${data.rubric.version} 版） · 数据期间 ${fmtDate(data.period.from)} 至 ${fmtDate(data.period.to)} · 计算于 ${fmtDateTime(data.asOf)}`
          : '各中队按最新评分标准和近12个月数据的预计得分'}
        extra={
          <>
            <UnitTreeSelect
              value={unitId ?? data?.unit.id ?? me.unit.id}
              onChange={(id) => setParams(id && id !== me.unit.id ? { unitId: id } : {}, { replace: true })}
              allowClear={false}
              style={{ minWidth: 260 }}
              aria-label="总览单位"
              data-testid="dashboard-unit"
            />
            <Button onClick={() => void exportXlsx()} loading={exporting} disabled={!data} data-testid="dashboard-export">导出Excel</Button>
          </>
        }
      />
      {req.error ? <LoadError error={req.error} onRetry={req.reload} /> : null}
      {!data && req.loading ? (
        <Flex vertical align="center" gap={12} style={{ padding: '48px 0' }} data-testid="dashboard-loading">
          <Spin size="large" />
          <Typography.Text type="secondary">正在计算各中队得分，区局范围可能需要几秒钟…</Typography.Text>
        </Flex>
      ) : null}
      {data ? (
        <Spin spinning={req.loading} description="正在重新计算…">
          <DashboardBody data={data} />
        </Spin>
      ) : null}
    </div>
  );
}
