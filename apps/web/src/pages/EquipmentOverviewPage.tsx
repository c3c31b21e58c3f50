import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { Button, Card, Col, Empty, Flex, Row, Skeleton, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { EquipmentStatus } from '@cg/domain';
import { equipmentApi } from '../api/endpoints';
import type { EquipmentAttentionItem, EquipmentOverview, EquipmentStatusCounts } from '../api/types';
import { useAuth, useMe } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import { fmtDate, fmtDateTime } from '../lib/format';
import { useRequest } from '../lib/use-request';
import type { EChartClick, EChartOption } from './equipment/EChart';
import { EquipmentStatusTag } from './equipment/equipment-ui';
import { IndicatorSection } from './equipment/IndicatorSection';

const EChart = lazy(() => import('./equipment/EChart'));

/** Chart colours matching the status tags (equipment-ui EQUIPMENT_STATUS_COLORS). */
const STATUS_HEX: Record<EquipmentStatus, string> = {
  在库: '#52c41a', 在用: '#1677ff', 借出: '#faad14', 维修: '#722ed1', 报废: '#bfbfbf', 遗失: '#fa541c',
};

/** The equipment list with these filters (the list keeps its filters in the URL: equipment-query.ts). */
function listUrl(filters: Record<string, string | undefined>): string {
  const q = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
  return `/equipment?${q.toString()}`;
}

export default function EquipmentOverviewPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? me.unit.id;
  const overview = useRequest((signal) => equipmentApi.overview(unitId, signal), [unitId]);
  const o = overview.data && overview.data.unit.id === unitId ? overview.data : undefined;

  const setUnit = (id: string | undefined) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id && id !== me.unit.id) next.set('unitId', id);
      else next.delete('unitId');
      return next;
    }, { replace: true });

  return (
    <>
      <PageHeader
        title="装备概览与指标"
        subTitle={o ? `${o.unit.name} · 统计时间 ${fmtDateTime(o.generatedAt)}` : '本单位及下级单位的执法装备'}
        extra={
          <UnitTreeSelect value={unitId} onChange={setUnit} allowClear={false} style={{ minWidth: 260 }} aria-label="统计单位" />
        }
      />
      {overview.error ? <LoadError error={overview.error} onRetry={overview.reload} /> : null}
      {!o && overview.loading ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {o ? <OverviewBody o={o} /> : null}
      <IndicatorSection unitId={unitId} categories={o?.categories} />
    </>
  );
}

function OverviewBody({ o }: { o: EquipmentOverview }) {
  const { can } = useAuth();
  const navigate = useNavigate();
  const unitId = o.unit.id;
  const a = o.attention;
  const kpis: { key: string; title: string; value: number; to: string; danger?: boolean; hint?: string }[] = [
    { key: 'total', title: '装备总数', value: o.total, to: listUrl({ unitId }) },
    { key: 'inUse', title: '在用', value: o.byStatus['在用'], to: listUrl({ unitId, status: '在用' }) },
    { key: 'lent', title: '借出', value: o.byStatus['借出'], to: listUrl({ unitId, status: '借出' }) },
    { key: 'repair', title: '维修', value: o.byStatus['维修'], to: listUrl({ unitId, status: '维修' }) },
    { key: 'overdue', title: '逾期未还', value: a.overdueLoans, to: listUrl({ unitId, overdue: 'true' }), danger: true, hint: '借出且已过预计归还时间' },
    { key: 'noResponsible', title: '未落实责任人', value: a.noResponsible, to: listUrl({ unitId, noResponsible: 'true' }), danger: true, hint: '不含已报废、遗失' },
  ];

  if (o.total === 0) {
    return (
      <Card style={{ marginBottom: 16 }}>
        <Empty description={`${o.unit.name}及下级单位尚未登记装备`}>
          {can('equipment.write') ? (
            <Link to={listUrl({ unitId })}>
              <Button type="primary">前往执法装备库登记装备</Button>
            </Link>
          ) : null}
        </Empty>
      </Card>
    );
  }

  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      {kpis.map((k) => (
        <Col key={k.key} xs={12} sm={8} xl={4}>
          <Link to={k.to} data-testid={`kpi-${k.key}`} title={k.hint ?? `查看${k.title}装备`}>
            <Card size="small" hoverable>
              <Statistic
                title={k.title}
                value={k.value}
                suffix="件"
                styles={{ content: k.danger && k.value > 0 ? { color: '#cf1322' } : undefined }}
              />
            </Card>
          </Link>
        </Col>
      ))}
      <Col xs={24} xl={15}>
        <Card size="small" title="各类别装备状态" extra={<Typography.Text type="secondary">点击色块查看装备清单</Typography.Text>}>
          <CategoryChart o={o} onPick={(categoryId, status) => navigate(listUrl({ unitId, categoryId, status }))} />
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Card size="small" title="装备状态构成">
          <StatusPie o={o} onPick={(status) => navigate(listUrl({ unitId, status }))} />
        </Card>
      </Col>
      <Col xs={24} xl={15}>
        <Card size="small" title="下级单位装备" extra={<Typography.Text type="secondary">点击色块查看该单位装备</Typography.Text>}>
          <ChildUnitChart o={o} onPick={(id, status) => navigate(listUrl({ unitId: id, status }))} />
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <AttentionCard o={o} />
      </Col>
    </Row>
  );
}

function ChartBox({ children, height }: { children: ReactNode; height: number }) {
  return <Suspense fallback={<Skeleton active style={{ height }} />}>{children}</Suspense>;
}

const statusSeries = (statuses: EquipmentStatus[], rows: { byStatus: EquipmentStatusCounts }[]) =>
  statuses.map((s) => ({
    name: s, type: 'bar' as const, stack: 'status', barMaxWidth: 28, itemStyle: { color: STATUS_HEX[s] },
    emphasis: { focus: 'series' as const }, data: rows.map((r) => r.byStatus[s] || null),
  }));

const escapeHtml = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Horizontal stacked bars, first row at the top; a slider when there are more rows than fit. `titles` head the
 * tooltip (the axis shows short names). The formatter returns HTML, so names are escaped.
 */
function stackedBars(
  statuses: EquipmentStatus[], names: string[], titles: string[], rows: { byStatus: EquipmentStatusCounts; total: number }[],
): EChartOption {
  const visible = 12;
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const list = Array.isArray(params) ? params : [params];
        const i = list[0]?.dataIndex ?? 0;
        const lines = list.filter((p) => p.value).map((p) => `${String(p.marker ?? '')}${escapeHtml(p.seriesName ?? '')}：${String(p.value)} 件`);
        return [`<b>${escapeHtml(titles[i] ?? '')}</b>（共 ${rows[i]?.total ?? 0} 件）`, ...lines].join('<br/>');
      },
    },
    legend: { top: 0, data: statuses },
    grid: { left: 8, right: 32, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { width: 130, overflow: 'truncate' } },
    dataZoom: names.length > visible ? [{ type: 'slider', yAxisIndex: 0, right: 0, width: 14, startValue: 0, endValue: visible - 1 }] : [],
    series: statusSeries(statuses, rows),
  };
}

function CategoryChart({ o, onPick }: { o: EquipmentOverview; onPick: (categoryId: string, status: string) => void }) {
  const rows = useMemo(() => o.categories.filter((c) => c.total > 0), [o]);
  const option = useMemo(
    () => stackedBars(o.statuses, rows.map((c) => c.name), rows.map((c) => `${c.name}（${c.groupName}）`), rows),
    [o, rows],
  );
  const height = Math.max(240, Math.min(rows.length, 12) * 30 + 60);
  const pick = (p: EChartClick) => {
    const row = rows[p.dataIndex];
    if (row && p.seriesName) onPick(row.id, p.seriesName);
  };
  return (
    <ChartBox height={height}>
      <EChart option={option} onClick={pick} height={height} label="各类别装备按状态堆叠柱状图" />
    </ChartBox>
  );
}

function StatusPie({ o, onPick }: { o: EquipmentOverview; onPick: (status: string) => void }) {
  const option = useMemo<EChartOption>(() => ({
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
    legend: { bottom: 0 },
    series: [{
      type: 'pie', radius: ['45%', '72%'], center: ['50%', '45%'], avoidLabelOverlap: true,
      label: { formatter: '{b}\n{c}' },
      data: o.statuses.filter((s) => o.byStatus[s] > 0).map((s) => ({ name: s, value: o.byStatus[s], itemStyle: { color: STATUS_HEX[s] } })),
    }],
  }), [o]);
  return (
    <ChartBox height={300}>
      <EChart option={option} onClick={(p) => onPick(p.name)} height={300} label="装备状态构成环形图" />
    </ChartBox>
  );
}

function ChildUnitChart({ o, onPick }: { o: EquipmentOverview; onPick: (unitId: string, status: string) => void }) {
  // The unit's own items (registered at the unit itself) as a row of their own, so the bars add up to the total.
  const rows = useMemo(() => [
    ...(o.own.total > 0 ? [{ unitId: o.unit.id, unitName: `${o.unit.name}（本级）`, total: o.own.total, byStatus: o.own.byStatus }] : []),
    ...o.children,
  ], [o]);
  const option = useMemo(() => stackedBars(o.statuses, rows.map((r) => r.unitName), rows.map((r) => r.unitName), rows), [o, rows]);
  if (o.children.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`${o.unit.name}没有下级单位；装备明细见上方类别统计`} />;
  }
  const height = Math.max(240, Math.min(rows.length, 12) * 30 + 60);
  return (
    <ChartBox height={height}>
      <EChart
        option={option}
        height={height}
        label="下级单位装备按状态堆叠柱状图"
        onClick={(p) => {
          const row = rows[p.dataIndex];
          if (row && p.seriesName) onPick(row.unitId, p.seriesName);
        }}
      />
    </ChartBox>
  );
}

function AttentionCard({ o }: { o: EquipmentOverview }) {
  const a = o.attention;
  const columns = (dateTitle: string, render: (r: EquipmentAttentionItem) => ReactNode) => [
    { title: '资产编号', dataIndex: 'assetTag', render: (v: string, r: EquipmentAttentionItem) => <Link to={`/equipment/${r.id}`}>{v}</Link> },
    { title: '类别', dataIndex: 'categoryName' },
    { title: '单位', dataIndex: 'unitName', ellipsis: true },
    { title: dateTitle, key: 'date', render: (_: unknown, r: EquipmentAttentionItem) => render(r) },
  ];
  const table = (rows: EquipmentAttentionItem[], total: number, dateTitle: string, render: (r: EquipmentAttentionItem) => ReactNode, empty: string) => (
    <>
      <Table<EquipmentAttentionItem>
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content', y: 260 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
        columns={columns(dateTitle, render)}
      />
      {total > rows.length ? <Typography.Text type="secondary">共 {total} 件，列出最紧要的 {rows.length} 件</Typography.Text> : null}
    </>
  );
  return (
    <Card size="small" title="需关注" data-testid="attention-card">
      <Tabs
        size="small"
        items={[
          {
            key: 'repair',
            label: <>维修超 {a.longRepairDays} 天 <Tag color={a.longRepair ? 'purple' : 'default'}>{a.longRepair}</Tag></>,
            children: table(a.longRepairItems, a.longRepair, '送修时间', (r) => `${fmtDate(r.date)}（${r.days} 天）`, `没有维修超过 ${a.longRepairDays} 天的装备`),
          },
          {
            key: 'warranty',
            label: <>{a.warrantyDays} 天内保修到期 <Tag color={a.warrantyExpiring ? 'orange' : 'default'}>{a.warrantyExpiring}</Tag></>,
            children: table(a.warrantyItems, a.warrantyExpiring, '保修截止', (r) => `${r.date}（${r.days === 0 ? '今天' : `${r.days} 天后`}）`, `${a.warrantyDays} 天内没有保修到期的装备`),
          },
          {
            key: 'status',
            label: '按状态',
            children: (
              <Flex wrap gap={8}>
                {o.statuses.map((s) => (
                  <Link key={s} to={listUrl({ unitId: o.unit.id, status: s })}>
                    <EquipmentStatusTag status={s} /> {o.byStatus[s]} 件
                  </Link>
                ))}
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}
