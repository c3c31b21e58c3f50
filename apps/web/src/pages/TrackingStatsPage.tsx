// 接入统计: 北斗 terminals' 接入率 (terminals installed in vehicles that reported in the period) and online days per
// unit, for the evaluation. Figures come as they are from GET /api/tracking/stats; the page only groups the unit rows
// by the chosen unit's direct children for the chart and lets one drill down to each terminal.
import { lazy, Suspense, useMemo, type HTMLAttributes } from 'react';
import { Card, Col, DatePicker, Empty, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { todayShanghai } from '@cg/domain';
import { trackingApi } from '../api/endpoints';
import type { TrackingStats, TrackingUnitStat } from '../api/types';
import { useMe } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import { useUnitTree } from '../components/unit-tree-context';
import { fmtDateTime } from '../lib/format';
import type { TreeIndex } from '../lib/tree';
import { useRequest } from '../lib/use-request';
import { useUrlParams } from '../lib/use-url-params';
import type { EChartOption } from './equipment/EChart';

const EChart = lazy(() => import('./equipment/EChart'));

type Terminal = TrackingStats['terminals'][number];

/** A rate 0..1 as “83.3%”; “—” when there is nothing to measure. */
const fmtRate = (rate: number | null): string => (rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);
/** Average online days per installed terminal, one decimal. */
const avgDays = (onlineDays: number, installed: number): string => (installed ? (onlineDays / installed).toFixed(1) : '—');

/** This month so far, in Shanghai days (the statistics' calendar), whatever the browser's time zone. */
function thisMonth(): [string, string] {
  const today = todayShanghai();
  return [`${today.slice(0, 8)}01`, today];
}

interface ChildRow {
  id: string;
  name: string;
  installed: number;
  reported: number;
  onlineDays: number;
}

/**
 * The unit rows summed per direct child of the chosen unit (a row of the chosen unit itself stays its own bar), so a
 * district shows its 大队/中队 and the city its districts.
 */
function byChild(stats: TrackingStats, index: TreeIndex): ChildRow[] {
  const top = stats.unit.id;
  const groups = new Map<string, ChildRow>();
  for (const u of stats.units) {
    let id = u.unitId;
    let parent = index.parentOf.get(id);
    while (parent && parent !== top) {
      id = parent;
      parent = index.parentOf.get(id);
    }
    if (parent === undefined) id = u.unitId; // not in the loaded tree: its own bar
    const g = groups.get(id) ?? { id, name: index.byId.get(id)?.name ?? u.unitName, installed: 0, reported: 0, onlineDays: 0 };
    g.installed += u.installed;
    g.reported += u.reported;
    g.onlineDays += u.onlineDays;
    groups.set(id, g);
  }
  return [...groups.values()];
}

function chartOption(rows: ChildRow[]): EChartOption {
  const visible = 14;
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const p = (Array.isArray(params) ? params[0] : params) as { dataIndex: number };
        const r = rows[p.dataIndex];
        const esc = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
        return `${esc(r.name)}<br/>接入率 ${fmtRate(r.installed ? r.reported / r.installed : null)}（${r.reported}/${r.installed}）<br/>平均在线 ${avgDays(r.onlineDays, r.installed)} 天`;
      },
    },
    grid: { left: 8, right: 24, top: 16, bottom: rows.length > visible ? 56 : 8, containLabel: true },
    xAxis: {
      type: 'category', data: rows.map((r) => r.name),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0, width: 90, overflow: 'truncate' },
    },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    dataZoom: rows.length > visible ? [{ type: 'slider', start: 0, end: (visible / rows.length) * 100, bottom: 8 }] : [],
    series: [{
      name: '接入率', type: 'bar', barMaxWidth: 36,
      // No bar (not a 0 % one) for a unit with nothing installed.
      data: rows.map((r) => (r.installed ? Math.round((r.reported / r.installed) * 1000) / 10 : null)),
      itemStyle: { color: '#1677ff' },
      label: { show: rows.length <= visible, position: 'top', formatter: '{c}%' },
    }],
  };
}

function TerminalTable({ terminals }: { terminals: Terminal[] }) {
  const columns: ColumnsType<Terminal> = [
    { title: '车牌', dataIndex: 'plate', render: (v: string | null) => v ?? '—' },
    { title: '终端手机号', dataIndex: 'terminalPhone', render: (v: string | null) => v ?? '—' },
    { title: '资产编号', dataIndex: 'assetTag' },
    {
      title: '在线天数', dataIndex: 'onlineDays', sorter: (a, b) => a.onlineDays - b.onlineDays,
      render: (v: number) => <span data-testid="terminal-online-days">{v}</span>,
    },
    { title: '定位点数', dataIndex: 'positions', sorter: (a, b) => a.positions - b.positions },
    {
      title: '最后上报', dataIndex: 'lastPositionAt',
      sorter: (a, b) => (a.lastPositionAt ?? '').localeCompare(b.lastPositionAt ?? ''),
      render: (v: string | null) => (v ? fmtDateTime(v) : <Tag>期间未上报</Tag>),
    },
  ];
  return (
    <Table<Terminal>
      size="small"
      rowKey="terminalId"
      columns={columns}
      dataSource={terminals}
      pagination={terminals.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      onRow={(t) => ({ 'data-testid': `terminal-row-${t.terminalId}` }) as HTMLAttributes<HTMLElement>}
    />
  );
}

function StatsBody({ stats, onPickUnit }: { stats: TrackingStats; onPickUnit: (id: string) => void }) {
  const { index } = useUnitTree();
  const t = stats.total;
  const children = useMemo(() => byChild(stats, index), [stats, index]);
  const option = useMemo(() => chartOption(children), [children]);
  const terminalsByUnit = useMemo(() => {
    const m = new Map<string, Terminal[]>();
    for (const x of stats.terminals) m.set(x.unitId, [...(m.get(x.unitId) ?? []), x]);
    return m;
  }, [stats]);

  if (t.installed === 0) {
    return (
      <Card>
        <Empty description={`${stats.unit.name}及下级单位没有安装北斗终端的在用车辆`} data-testid="stats-empty" />
      </Card>
    );
  }

  const kpis = [
    { key: 'access-rate', title: '接入率', value: fmtRate(t.accessRate), hint: '期间内有定位上报的终端 ÷ 已安装终端' },
    { key: 'reported', title: '已上报 / 已安装终端', value: `${t.reported} / ${t.installed}`, hint: '已安装：装在在用车辆上的北斗终端' },
    { key: 'avg-online-days', title: '平均在线天数', value: `${avgDays(t.onlineDays, t.installed)} 天`, hint: `每台已安装终端在 ${stats.days} 天中有定位的天数` },
    { key: 'online-rate', title: '在线率', value: fmtRate(t.onlineRate), hint: '在线天数 ÷（已安装终端 × 期间天数）' },
    { key: 'vehicles', title: '已装终端车辆 / 在用车辆', value: `${t.vehiclesWithTerminal} / ${t.vehicles}`, hint: '在用：不含报废、遗失' },
  ];

  const columns: ColumnsType<TrackingUnitStat> = [
    { title: '单位', dataIndex: 'unitName', sorter: (a, b) => a.unitCode.localeCompare(b.unitCode), defaultSortOrder: 'ascend' },
    { title: '在用车辆', dataIndex: 'vehicles', sorter: (a, b) => a.vehicles - b.vehicles },
    { title: '已装终端车辆', dataIndex: 'vehiclesWithTerminal', sorter: (a, b) => a.vehiclesWithTerminal - b.vehiclesWithTerminal },
    { title: '已安装终端', dataIndex: 'installed', sorter: (a, b) => a.installed - b.installed },
    { title: '已上报', dataIndex: 'reported', sorter: (a, b) => a.reported - b.reported },
    {
      title: '接入率', dataIndex: 'accessRate', sorter: (a, b) => (a.accessRate ?? -1) - (b.accessRate ?? -1),
      render: (v: number | null) => fmtRate(v),
    },
    { title: '在线天数', dataIndex: 'onlineDays', sorter: (a, b) => a.onlineDays - b.onlineDays },
    {
      title: '平均在线天数', key: 'avg', sorter: (a, b) => (a.installed ? a.onlineDays / a.installed : -1) - (b.installed ? b.onlineDays / b.installed : -1),
      render: (_: unknown, r) => avgDays(r.onlineDays, r.installed),
    },
    {
      title: '在线率', dataIndex: 'onlineRate', sorter: (a, b) => (a.onlineRate ?? -1) - (b.onlineRate ?? -1),
      render: (v: number | null) => fmtRate(v),
    },
  ];

  return (
    <Row gutter={[16, 16]}>
      {kpis.map((k) => (
        <Col key={k.key} xs={12} md={8} xl={4}>
          <Card size="small" title={undefined} data-testid={`kpi-${k.key}`}>
            <Statistic title={<span title={k.hint}>{k.title}</span>} value={k.value} />
          </Card>
        </Col>
      ))}
      <Col span={24}>
        <Card size="small" title="各下级单位接入率" extra={<Typography.Text type="secondary">点击柱形查看该单位</Typography.Text>}>
          <Suspense fallback={<Skeleton active style={{ height: 320 }} />}>
            <EChart
              option={option}
              height={320}
              label="各下级单位接入率柱状图"
              onClick={(p) => {
                const row = children[p.dataIndex];
                if (row && row.id !== stats.unit.id) onPickUnit(row.id);
              }}
            />
          </Suspense>
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title="各单位接入情况" extra={<Typography.Text type="secondary">展开一行查看该单位每台终端</Typography.Text>}>
          <Table<TrackingUnitStat>
            size="small"
            rowKey="unitId"
            columns={columns}
            dataSource={stats.units}
            pagination={stats.units.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            scroll={{ x: 900 }}
            data-testid="unit-stats-table"
            onRow={(r) => ({ 'data-testid': `unit-row-${r.unitId}` }) as HTMLAttributes<HTMLElement>}
            expandable={{
              rowExpandable: (r) => (terminalsByUnit.get(r.unitId)?.length ?? 0) > 0,
              expandedRowRender: (r) => <TerminalTable terminals={terminalsByUnit.get(r.unitId) ?? []} />,
            }}
          />
        </Card>
      </Col>
    </Row>
  );
}

export default function TrackingStatsPage() {
  const me = useMe();
  const [params, update] = useUrlParams();
  const [defaultFrom, defaultTo] = thisMonth();
  const unitId = params.get('unitId') ?? me.unit.id;
  const from = params.get('from') ?? defaultFrom;
  const to = params.get('to') ?? defaultTo;
  const stats = useRequest((signal) => trackingApi.stats({ unitId, from, to }, signal), [unitId, from, to]);
  const s = stats.data && stats.data.unit.id === unitId && stats.data.from === from && stats.data.to === to ? stats.data : undefined;


  return (
    <>
      <PageHeader
        title="接入统计"
        subTitle={s ? `${s.unit.name} · ${s.from} 至 ${s.to}（${s.days} 天）· 北斗终端接入率与在线天数` : '北斗终端接入率与在线天数'}
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
    </>
  );
}
