// 勤务指标: a unit (and its subtree) over a period — APP签到班次占比, 一人一档有记录人员占比 and 勤务计划按时发布率, each
// card opening the records it was counted from, plus the squadron-days without any plan, the plans not yet due and a
// per-unit bar chart. Unit, period and the open card live in the URL (same look as 诉件统计).
import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { App, Card, Col, DatePicker, Empty, Row, Skeleton, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { DUTY_PLAN_STATUS_LABELS, type DutyPlanStatus } from '@cg/domain';
import {
  dutyApi, type DutyIndicator, type DutyIndicators, type IndicatorOfficerRecord, type IndicatorPlanRecord, type IndicatorShiftRecord,
} from '../../api/duty';
import { useMe } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { fmtDateTime } from '../../lib/format';
import { useRequest } from '../../lib/use-request';
import { useUrlParams } from '../../lib/use-url-params';
import {
  fmtRate, INDICATOR_HINTS, INDICATOR_KEYS, missingByUnit, periodProblem, thisMonth, unitBreakdown, unitChartOption,
  type IndicatorKey, type MissingByUnit,
} from './DutyIndicatorsModel';

const EChart = lazy(() => import('../equipment/EChart'));

const TIMING_COLORS: Record<string, string> = { on_time: 'green', late: 'orange', overdue: 'red', not_due: 'default' };
const yesNo = (v: boolean, yes = '是', no = '否') => (v ? <Tag color="green">{yes}</Tag> : <Tag color="red">{no}</Tag>);
const pagination = (n: number) => (n > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (t: number) => `共 ${t} 条` } : false as const);

const shiftColumns: TableColumnsType<IndicatorShiftRecord> = [
  { title: '日期', dataIndex: 'planDate', width: 110 },
  { title: '中队', dataIndex: 'unitName', width: 160 },
  { title: '班次', dataIndex: 'name', width: 100 },
  { title: '时间', dataIndex: 'timeLabel', width: 130 },
  { title: '人员', dataIndex: 'members', width: 70 },
  { title: '已签到', dataIndex: 'checkedIn', width: 80 },
  {
    title: '区域外签到', dataIndex: 'outsideArea', width: 100,
    render: (v: number) => (v > 0 ? <Typography.Text type="warning">{v}</Typography.Text> : v),
  },
  {
    title: 'APP签到', dataIndex: 'hasAppCheckin', width: 90,
    filters: [{ text: '有', value: true }, { text: '无', value: false }], onFilter: (v, r) => r.hasAppCheckin === v,
    render: (v: boolean) => yesNo(v, '有', '无'),
  },
];

const officerColumns: TableColumnsType<IndicatorOfficerRecord> = [
  { title: '姓名', dataIndex: 'name', width: 100, render: (v: string, r) => <Link to={`/duty/officers/${r.officerId}`}>{v}</Link> },
  { title: '执法证号', dataIndex: 'badgeNo', width: 120, render: (v: string | null) => v ?? '—' },
  { title: '单位', dataIndex: 'unitName', width: 160 },
  { title: '签到签退', dataIndex: 'checkins', width: 90, sorter: (a, b) => a.checkins - b.checkins },
  { title: '勤务日志', dataIndex: 'logEntries', width: 90, sorter: (a, b) => a.logEntries - b.logEntries },
  { title: '轨迹天数', dataIndex: 'trackDays', width: 90, sorter: (a, b) => a.trackDays - b.trackDays },
  { title: '调度任务', dataIndex: 'tasks', width: 90, sorter: (a, b) => a.tasks - b.tasks },
  { title: '诉件', dataIndex: 'complaints', width: 70, sorter: (a, b) => a.complaints - b.complaints },
  {
    title: '有记录', dataIndex: 'active', width: 90,
    filters: [{ text: '有', value: true }, { text: '无', value: false }], onFilter: (v, r) => r.active === v,
    render: (v: boolean) => yesNo(v, '有', '无'),
  },
];

const planColumns: TableColumnsType<IndicatorPlanRecord> = [
  { title: '日期', dataIndex: 'planDate', width: 110 },
  { title: '中队', dataIndex: 'unitName', width: 160 },
  { title: '状态', dataIndex: 'status', width: 80, render: (v: string) => DUTY_PLAN_STATUS_LABELS[v as DutyPlanStatus] ?? v },
  { title: '发布时间', dataIndex: 'publishedAt', width: 150, render: fmtDateTime },
  { title: '发布时限', dataIndex: 'publishDeadline', width: 150, render: fmtDateTime },
  {
    title: '发布情况', dataIndex: 'timingLabel', width: 110,
    filters: [{ text: '按时发布', value: 'on_time' }, { text: '逾期发布', value: 'late' }, { text: '逾期未发布', value: 'overdue' }],
    onFilter: (v, r) => r.timing === v,
    render: (v: string, r) => <Tag color={TIMING_COLORS[r.timing]}>{v}</Tag>,
  },
];

const missingColumns: TableColumnsType<MissingByUnit> = [
  { title: '中队', dataIndex: 'unitName', width: 170 },
  { title: '天数', key: 'days', width: 70, sorter: (a, b) => a.dates.length - b.dates.length, render: (_, r) => r.dates.length },
  // Within one period the month is mostly the same: MM-DD keeps the list short.
  { title: '日期', dataIndex: 'dates', render: (v: string[]) => v.map((d) => d.slice(5)).join('、') },
];

function IndicatorCard({ k, ind, open, onToggle }: { k: IndicatorKey; ind: DutyIndicator<unknown>; open: boolean; onToggle: () => void }) {
  return (
    <Card
      size="small" hoverable data-testid={`duty-ind-${k}`} style={{ height: '100%', borderColor: open ? '#1677ff' : undefined }}
      onClick={onToggle} role="button" aria-expanded={open}
    >
      <Statistic
        title={<Tooltip title={INDICATOR_HINTS[k]}><span>{ind.label}</span></Tooltip>}
        value={fmtRate(ind.rate)}
        styles={ind.rate === null ? { content: { fontSize: 18, color: 'rgba(0,0,0,0.45)' } } : undefined}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`duty-ind-${k}-ratio`}>
        {ind.numerator} / {ind.denominator} · {open ? '收起明细' : '点击查看明细'}
      </Typography.Text>
    </Card>
  );
}

function RecordsCard({ k, d }: { k: IndicatorKey; d: DutyIndicators }) {
  let body: ReactNode;
  if (k === 'shiftCheckin') {
    const rows = d.shiftCheckin.records;
    body = (
      <Table<IndicatorShiftRecord> size="small" rowKey="shiftId" columns={shiftColumns} dataSource={rows} scroll={{ x: 860 }}
        pagination={pagination(rows.length)} locale={{ emptyText: <Empty description="期间没有已开始的已发布班次" /> }} />
    );
  } else if (k === 'activeOfficers') {
    const rows = d.activeOfficers.records;
    body = (
      <Table<IndicatorOfficerRecord> size="small" rowKey="officerId" columns={officerColumns} dataSource={rows} scroll={{ x: 900 }}
        pagination={pagination(rows.length)} locale={{ emptyText: <Empty description="没有在岗人员" /> }} />
    );
  } else {
    const rows = d.plansOnTime.records;
    body = (
      <Table<IndicatorPlanRecord> size="small" rowKey="planId" columns={planColumns} dataSource={rows} scroll={{ x: 760 }}
        pagination={pagination(rows.length)} locale={{ emptyText: <Empty description="期间没有已到发布时限的勤务计划" /> }} />
    );
  }
  return (
    <Card size="small" title={`${d[k].label}：明细`} data-testid={`duty-ind-records-${k}`}
      extra={<Typography.Text type="secondary">{INDICATOR_HINTS[k]}</Typography.Text>}>
      {body}
    </Card>
  );
}

function IndicatorsBody({ d, show, onShow }: { d: DutyIndicators; show: IndicatorKey | null; onShow: (k: IndicatorKey | null) => void }) {
  const units = useMemo(() => unitBreakdown(d), [d]);
  const option = useMemo(() => unitChartOption(units), [units]);
  const missing = d.plansOnTime.missing;
  const missingRows = useMemo(() => missingByUnit(missing.records), [missing]);
  const notYetDue = d.plansOnTime.notYetDue;
  return (
    <Row gutter={[16, 16]}>
      {INDICATOR_KEYS.map((k) => (
        <Col key={k} xs={24} md={8}>
          <IndicatorCard k={k} ind={d[k]} open={show === k} onToggle={() => onShow(show === k ? null : k)} />
        </Col>
      ))}
      {show ? <Col span={24}><RecordsCard k={show} d={d} /></Col> : null}
      {units.length > 1 ? (
        <Col span={24}>
          <Card size="small" title="按单位" data-testid="duty-ind-by-unit" extra={<Typography.Text type="secondary">没有可统计记录的指标不画柱形</Typography.Text>}>
            <Suspense fallback={<Skeleton active style={{ height: 300 }} />}>
              <EChart option={option} height={300} label="按单位的勤务指标柱状图" />
            </Suspense>
          </Card>
        </Col>
      ) : null}
      <Col xs={24} xl={12}>
        <Card size="small" title={`没有勤务计划的中队日（${missing.count}）`} data-testid="duty-ind-missing"
          extra={<Typography.Text type="secondary">已过发布时限仍无计划，不计入按时发布率</Typography.Text>}>
          {missingRows.length === 0 ? <Empty description="每个中队日都有勤务计划" /> : (
            <Table<MissingByUnit> size="small" rowKey="unitId" columns={missingColumns} dataSource={missingRows}
              pagination={pagination(missingRows.length)} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={`未到发布时限的计划（${notYetDue.length}）`} data-testid="duty-ind-not-yet-due"
          extra={<Typography.Text type="secondary">暂不计入</Typography.Text>}>
          {notYetDue.length === 0 ? <Empty description="没有未到发布时限的计划" /> : (
            <Table<IndicatorPlanRecord> size="small" rowKey="planId" columns={planColumns} dataSource={notYetDue} scroll={{ x: 760 }}
              pagination={pagination(notYetDue.length)} />
          )}
        </Card>
      </Col>
    </Row>
  );
}

export default function DutyIndicatorsPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [params, update] = useUrlParams();
  const [defaultFrom, defaultTo] = thisMonth();
  const unitId = params.get('unitId') ?? me.unit.id;
  const from = params.get('from') ?? defaultFrom;
  const to = params.get('to') ?? defaultTo;
  const showParam = params.get('show');
  const show = INDICATOR_KEYS.find((k) => k === showParam) ?? null;
  const req = useRequest((signal) => dutyApi.indicators({ unitId, from, to }, signal), [unitId, from, to]);
  // Only the answer for the current inputs (a slower earlier one never shows under new filters).
  const d = req.data && req.data.unitId === unitId && req.data.from === from && req.data.to === to ? req.data : undefined;


  return (
    <div data-testid="duty-indicators-page">
      <PageHeader
        title="勤务指标"
        subTitle={d ? `${d.unitName} · ${d.from} 至 ${d.to} · 截至 ${fmtDateTime(d.asOf)}` : 'APP签到、一人一档记录、计划按时发布'}
        extra={
          <>
            <UnitTreeSelect
              value={unitId} onChange={(id) => update({ unitId: id && id !== me.unit.id ? id : undefined })} allowClear={false}
              style={{ minWidth: 260 }} aria-label="统计单位" data-testid="duty-ind-unit"
            />
            <DatePicker.RangePicker
              value={[dayjs(from), dayjs(to)]} allowClear={false} aria-label="统计期间" data-testid="duty-ind-period"
              disabledDate={(day: Dayjs) => day.format('YYYY-MM-DD') > defaultTo}
              onChange={(range) => {
                if (!range?.[0] || !range[1]) return;
                const f = range[0].format('YYYY-MM-DD');
                const t = range[1].format('YYYY-MM-DD');
                const problem = periodProblem(f, t);
                if (problem) {
                  message.warning(problem);
                  return;
                }
                update({ from: f, to: t });
              }}
            />
          </>
        }
      />
      {req.error ? <LoadError error={req.error} onRetry={req.reload} /> : null}
      {!d && req.loading ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {d ? <IndicatorsBody d={d} show={show} onShow={(k) => update({ show: k ?? undefined })} /> : null}
    </div>
  );
}
