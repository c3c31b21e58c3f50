// 诉件统计: one unit (and its subtree) over a period — headline figures that open the list behind them, 大类 and
// child-unit breakdowns, the 考核 indicators with their records, repeat locations and a heat map. Unit and period in the URL.
import { lazy, Suspense, useMemo, type HTMLAttributes } from 'react';
import { Button, Card, Col, DatePicker, Empty, Row, Skeleton, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { todayShanghai } from '@cg/domain';
import {
  complaintStatsApi, type CategoryStats, type ComplaintIndicator, type ComplaintStats, type FigureKey, type IndicatorRecord,
  type RepeatLocation, type StatsFigure, type UnitStats,
} from '../../api/complaint-stats';
import { unitsApi } from '../../api/endpoints';
import { useMe } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useRequest } from '../../lib/use-request';
import { useUrlParams } from '../../lib/use-url-params';
import type { EChartOption } from '../equipment/EChart';

const EChart = lazy(() => import('../equipment/EChart'));
const ComplaintStatsHeatmap = lazy(() => import('./complaint-stats-heatmap'));

/** A rate 0..1 as “83.3%”; “—” when there is nothing to measure. */
const fmtRate = (rate: number | null | undefined): string =>
  (rate === null || rate === undefined ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);

/** This month so far, in Shanghai days (the statistics' calendar). */
function thisMonth(): [string, string] {
  const today = todayShanghai();
  return [`${today.slice(0, 8)}01`, today];
}

interface CardSpec {
  key: string;
  title: string;
  value: string;
  hint: string;
  sub?: string;
  listQuery: string;
}

function cardsOf(s: ComplaintStats): CardSpec[] {
  const f = s.figures;
  const ratioSub = (fig: StatsFigure) => {
    const n = fig.numerator ? f[fig.numerator as FigureKey]?.value : undefined;
    const d = fig.denominator ? f[fig.denominator as FigureKey]?.value : undefined;
    return n !== undefined && d !== undefined ? `${n ?? 0} / ${d ?? 0}` : undefined;
  };
  const count = (key: FigureKey, title: string, sub?: string): CardSpec => ({
    key, title, value: String(f[key].value ?? 0), hint: f[key].definition, listQuery: f[key].listQuery, sub,
  });
  const rate = (key: FigureKey, title: string): CardSpec => ({
    key, title, value: fmtRate(f[key].value), hint: f[key].definition, listQuery: f[key].listQuery, sub: ratioSub(f[key]),
  });
  const sat = s.satisfaction;
  const good = (sat.satisfied.value ?? 0) + (sat.basicallySatisfied.value ?? 0);
  const rated = good + (sat.dissatisfied.value ?? 0);
  return [
    count('received', '受理', f.mergedDuplicates.value ? `另有合并的重复件 ${f.mergedDuplicates.value}` : undefined),
    count('handled', '已处置', `未办结 ${f.open.value ?? 0}`),
    rate('onTimeRate', '按时处置率'),
    count('overdueOpen', '超期未处置'),
    rate('reopenRate', '重办率'),
    rate('returnRate', '退回率'),
    {
      key: 'satisfaction', title: '满意度', value: fmtRate(rated ? good / rated : null),
      hint: `（满意 + 基本满意）÷ 已评价。${sat.unrated.definition}`,
      sub: `满意 ${sat.satisfied.value ?? 0} · 基本满意 ${sat.basicallySatisfied.value ?? 0} · 不满意 ${sat.dissatisfied.value ?? 0} · 未评价 ${sat.unrated.value ?? 0}`,
      listQuery: sat.satisfied.listQuery,
    },
  ];
}

function categoryOption(rows: CategoryStats[]): EChartOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category', data: rows.map((r) => r.categoryName),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0, width: 90, overflow: 'truncate' },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '受理', type: 'bar', barMaxWidth: 28, data: rows.map((r) => r.received), itemStyle: { color: '#1677ff' } },
      { name: '已处置', type: 'bar', barMaxWidth: 28, data: rows.map((r) => r.handled), itemStyle: { color: '#52c41a' } },
      { name: '超期未处置', type: 'bar', barMaxWidth: 28, data: rows.map((r) => r.overdueOpen), itemStyle: { color: '#cf1322' } },
    ],
  };
}

function countColumns<T extends UnitStats | CategoryStats>(): TableColumnsType<T> {
  return [
    { title: '受理', dataIndex: 'received', sorter: (a, b) => a.received - b.received, defaultSortOrder: 'descend' },
    { title: '已处置', dataIndex: 'handled', sorter: (a, b) => a.handled - b.handled },
    { title: '按时处置率', dataIndex: 'onTimeRate', sorter: (a, b) => (a.onTimeRate ?? -1) - (b.onTimeRate ?? -1), render: (v: number | null) => fmtRate(v) },
    { title: '未办结', dataIndex: 'open', sorter: (a, b) => a.open - b.open },
    {
      title: '超期未处置', dataIndex: 'overdueOpen', sorter: (a, b) => a.overdueOpen - b.overdueOpen,
      render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
    },
    { title: '重办率', dataIndex: 'reopenRate', sorter: (a, b) => (a.reopenRate ?? -1) - (b.reopenRate ?? -1), render: (v: number | null) => fmtRate(v) },
    { title: '退回率', dataIndex: 'returnRate', sorter: (a, b) => (a.returnRate ?? -1) - (b.returnRate ?? -1), render: (v: number | null) => fmtRate(v) },
  ];
}

function UnitTable({ rows, onPickUnit }: { rows: UnitStats[]; onPickUnit: (id: string) => void }) {
  const columns: TableColumnsType<UnitStats> = [
    {
      title: '单位', dataIndex: 'unitName', fixed: 'left',
      render: (v: string, r) => <Link to={`/complaints?${r.listQuery}`} data-testid="stats-unit-link">{v}</Link>,
    },
    ...countColumns<UnitStats>(),
    {
      title: '', key: 'drill', width: 90,
      render: (_: unknown, r) => (r.unitName.endsWith('（本级）') ? null : <Button size="small" type="link" onClick={() => onPickUnit(r.unitId)}>下钻统计</Button>),
    },
  ];
  return (
    <Table<UnitStats>
      size="small" rowKey="unitId" columns={columns} dataSource={rows} scroll={{ x: 860 }}
      pagination={rows.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
      onRow={(r) => ({ 'data-testid': `stats-unit-row-${r.unitId}` }) as HTMLAttributes<HTMLElement>}
    />
  );
}

function RecordTable({ records, truncated }: { records: IndicatorRecord[]; truncated: boolean }) {
  const columns: TableColumnsType<IndicatorRecord> = [
    { title: '诉件编号', dataIndex: 'code', width: 150, render: (v: string, r) => <Link to={`/complaints/${r.id}`}>{v}</Link> },
    { title: '承办单位', dataIndex: 'unitName', width: 160 },
    {
      title: '是否达标', dataIndex: 'ok', width: 100,
      filters: [{ text: '达标', value: true }, { text: '不达标', value: false }], onFilter: (v, r) => r.ok === v,
      render: (ok: boolean) => (ok ? <Tag color="success">达标</Tag> : <Tag color="error">不达标</Tag>),
    },
    { title: '说明', dataIndex: 'detail' },
  ];
  return (
    <>
      <Table<IndicatorRecord>
        size="small" rowKey="id" columns={columns} dataSource={records}
        pagination={records.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      />
      {truncated ? <Typography.Text type="secondary">仅列出前 {records.length} 件。</Typography.Text> : null}
    </>
  );
}

function IndicatorsCard({ unitId, from, to }: { unitId: string; from: string; to: string }) {
  const req = useRequest((signal) => complaintStatsApi.indicators({ unitId, from, to }, signal), [unitId, from, to]);
  const columns: TableColumnsType<ComplaintIndicator> = [
    { title: '指标', dataIndex: 'name', width: 160, render: (v: string, r) => <Tooltip title={r.definition}><span>{v}</span></Tooltip> },
    {
      title: '得分率', dataIndex: 'rate', width: 110,
      render: (v: number | null, r) => <span data-testid={`indicator-rate-${r.key}`}>{fmtRate(v)}</span>,
    },
    { title: '分子 / 分母', key: 'ratio', width: 120, render: (_: unknown, r) => `${r.numerator} / ${r.denominator}` },
    { title: '口径', dataIndex: 'definition' },
  ];
  return (
    <Card size="small" title="考核指标" data-testid="stats-indicators" extra={<Typography.Text type="secondary">展开一行查看所依据的诉件</Typography.Text>}>
      {req.error ? <LoadError error={req.error} onRetry={req.reload} /> : null}
      {!req.data && req.loading ? <Skeleton active /> : null}
      {req.data ? (
        <Table<ComplaintIndicator>
          size="small" rowKey="key" columns={columns} dataSource={req.data.indicators} pagination={false}
          locale={{ emptyText: <Empty description="期间没有可考核的诉件" /> }}
          onRow={(r) => ({ 'data-testid': `indicator-row-${r.key}` }) as HTMLAttributes<HTMLElement>}
          expandable={{
            rowExpandable: (r) => r.records.length > 0,
            expandedRowRender: (r) => <RecordTable records={r.records} truncated={r.recordsTruncated} />,
          }}
        />
      ) : null}
    </Card>
  );
}

function RepeatTable({ data }: { data: ComplaintStats['repeatLocations'] }) {
  const columns: TableColumnsType<RepeatLocation> = [
    { title: '件数', dataIndex: 'count', width: 80, sorter: (a, b) => a.count - b.count, defaultSortOrder: 'descend' },
    { title: '未办结', dataIndex: 'open', width: 80 },
    {
      title: '地址', dataIndex: 'address',
      render: (v: string | null, r) => v ?? <Typography.Text type="secondary">{r.lon.toFixed(5)}, {r.lat.toFixed(5)}</Typography.Text>,
    },
    {
      title: '诉件', key: 'ids',
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {r.complaintIds.map((id, i) => <Link key={id} to={`/complaints/${id}`}>第{i + 1}件</Link>)}
          {r.idsTruncated ? <Typography.Text type="secondary">…</Typography.Text> : null}
        </Space>
      ),
    },
  ];
  return (
    <Card
      size="small" title="重复投诉点位" data-testid="stats-repeat"
      extra={<Typography.Text type="secondary">约{data.cellM}米内{data.minCount}件及以上</Typography.Text>}
    >
      {data.items.length === 0 ? <Empty description="期间没有重复投诉点位" /> : (
        <>
          <Table<RepeatLocation>
            size="small" rowKey={(r) => `${r.lon},${r.lat}`} columns={columns} dataSource={data.items}
            pagination={data.items.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          />
          {data.truncated ? <Typography.Text type="secondary">仅列出件数最多的 {data.items.length} 处。</Typography.Text> : null}
        </>
      )}
    </Card>
  );
}

function StatsBody({ stats, onPickUnit }: { stats: ComplaintStats; onPickUnit: (id: string) => void }) {
  const navigate = useNavigate();
  const cards = useMemo(() => cardsOf(stats), [stats]);
  const categories = useMemo(() => stats.byCategory.filter((c) => c.received > 0), [stats]);
  const option = useMemo(() => categoryOption(categories), [categories]);
  const geo = useRequest((signal) => unitsApi.geojson(stats.unitId, signal), [stats.unitId]);
  const empty = (stats.figures.received.value ?? 0) === 0;

  return (
    <Row gutter={[16, 16]}>
      {cards.map((c) => (
        <Col key={c.key} xs={12} md={8} xl={6}>
          <Card
            size="small" hoverable data-testid={`stats-card-${c.key}`} style={{ height: '100%' }}
            onClick={() => navigate(`/complaints?${c.listQuery}`)}
          >
            <Statistic title={<Tooltip title={c.hint}><span>{c.title}</span></Tooltip>} value={c.value} />
            {c.sub ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.sub}</Typography.Text> : null}
          </Card>
        </Col>
      ))}
      <Col xs={24} xl={12}>
        <Card size="small" title="按大类" data-testid="stats-by-category" extra={<Typography.Text type="secondary">点击柱形查看诉件</Typography.Text>}>
          {categories.length === 0 ? <Empty description="期间没有受理诉件" /> : (
            <Suspense fallback={<Skeleton active style={{ height: 320 }} />}>
              <EChart
                option={option} height={320} label="按大类的诉件柱状图"
                onClick={(p) => {
                  const row = categories[p.dataIndex];
                  if (row) navigate(`/complaints?${row.listQuery}`);
                }}
              />
            </Suspense>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title="诉件热力图" data-testid="stats-heatmap" extra={<Typography.Text type="secondary">放大后显示诉件点位</Typography.Text>}>
          {stats.heat.items.length === 0 ? <Empty description="期间没有可上图的诉件" /> : (
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 320 }} />}>
              <ComplaintStatsHeatmap
                collection={geo.data} heat={stats.heat.items} unitId={stats.unitId} from={stats.from} to={stats.to}
                onOpenComplaint={(id) => navigate(`/complaints/${id}`)}
              />
            </Suspense>
          )}
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title="按下级单位" data-testid="stats-by-unit" extra={<Typography.Text type="secondary">单位名称打开其诉件列表</Typography.Text>}>
          {stats.byUnit.length === 0 || empty
            ? <Empty description={stats.byUnit.length === 0 ? `${stats.unitName}没有下级单位` : '期间没有受理诉件'} />
            : <UnitTable rows={stats.byUnit} onPickUnit={onPickUnit} />}
        </Card>
      </Col>
      <Col span={24}>
        <IndicatorsCard unitId={stats.unitId} from={stats.from} to={stats.to} />
      </Col>
      <Col span={24}>
        <RepeatTable data={stats.repeatLocations} />
      </Col>
    </Row>
  );
}

export default function ComplaintStatsPage() {
  const me = useMe();
  const [params, update] = useUrlParams();
  const [defaultFrom, defaultTo] = thisMonth();
  const unitId = params.get('unitId') ?? me.unit.id;
  const from = params.get('from') ?? defaultFrom;
  const to = params.get('to') ?? defaultTo;
  const stats = useRequest((signal) => complaintStatsApi.stats({ unitId, from, to }, signal), [unitId, from, to]);
  const s = stats.data && stats.data.unitId === unitId && stats.data.from === from && stats.data.to === to ? stats.data : undefined;


  return (
    <div data-testid="complaint-stats">
      <PageHeader
        title="诉件统计"
        subTitle={s ? `${s.unitName} · ${s.from} 至 ${s.to} · 受理、处置、考核指标与热点` : '受理、处置、考核指标与热点'}
        extra={
          <>
            <UnitTreeSelect
              value={unitId}
              onChange={(id) => update({ unitId: id && id !== me.unit.id ? id : undefined })}
              allowClear={false}
              style={{ minWidth: 260 }}
              aria-label="统计单位"
            />
            <DatePicker.RangePicker
              value={[dayjs(from), dayjs(to)]}
              allowClear={false}
              disabledDate={(d: Dayjs) => d.format('YYYY-MM-DD') > defaultTo}
              onChange={(range) => {
                if (!range?.[0] || !range[1]) return;
                update({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
              }}
              aria-label="统计期间"
            />
          </>
        }
      />
      {stats.error ? <LoadError error={stats.error} onRetry={stats.reload} /> : null}
      {!s && stats.loading ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {s ? <StatsBody stats={s} onPickUnit={(id) => update({ unitId: id })} /> : null}
    </div>
  );
}
