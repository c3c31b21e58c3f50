// 一人一档: one officer's duty record for a period (default this month) — summary figures, then one table per section
// (班次, 签到签退, 勤务日志, 请假, 调度任务, 诉件处置, 持有装备), and the same content as an Excel workbook.
import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Empty, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useParams } from 'react-router';
import { dutyApi, type FileCheckin, type FileComplaintStep, type FileKit, type FileShift, type FileTask, type LeaveView, type LogEntryView } from '../../api/duty';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../components/PageLoading';
import { errorMessage } from '../../lib/errors';
import { dash, fmtDateTime, toDateString } from '../../lib/format';
import { useRequest } from '../../lib/use-request';

/** The server keeps a file period to at most this many days. */
const MAX_DAYS = 93;

const inside = (v: boolean | null) => (v === null ? '—' : v ? <Tag color="green">区域内</Tag> : <Tag color="orange">区域外</Tag>);

export default function OfficerFilePage() {
  const { officerId = '' } = useParams();
  const { message } = App.useApp();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs()]);
  const [downloading, setDownloading] = useState(false);
  const period = { from: toDateString(range[0]), to: toDateString(range[1]) };
  const file = useRequest((signal) => dutyApi.officerFile(officerId, period, signal), [officerId, period.from, period.to]);

  const download = async () => {
    setDownloading(true);
    try {
      await dutyApi.downloadOfficerFile(officerId, period);
    } catch (e) {
      message.error(errorMessage(e, '导出失败'));
    } finally {
      setDownloading(false);
    }
  };

  const d = file.data;
  if (!d && file.loading) return <PageLoading />;
  const s = d?.summary;
  const stats: [string, number | string, string?][] = s ? [
    ['班次', s.shifts],
    [`在岗时长（计划${s.plannedHours}）`, s.hoursOnDuty, '小时'],
    ['签到率', s.checkinRate === null ? '—' : `${Math.round(s.checkinRate * 1000) / 10}%`, `${s.shiftsCheckedIn}/${s.shiftsDue}`],
    ['区域外签到', s.outsideCheckins],
    ['勤务日志', s.logEntries],
    ['调度任务', s.tasks],
    ['诉件', s.complaints],
    ['请假天数', s.leaveDays],
  ] : [];

  return (
    <div data-testid="officer-file">
      <PageHeader
        title={d ? `一人一档：${d.officer.name}` : '一人一档'}
        subTitle={d ? <Space wrap><span>{d.officer.unitName}</span><span>{d.officer.position}</span>{d.officer.badgeNo ? <span>执法证号 {d.officer.badgeNo}</span> : null}<Link to={`/officers/${d.officer.id}`}>人员详情</Link></Space> : undefined}
        extra={
          <>
            <DatePicker.RangePicker value={range} allowClear={false} data-testid="officer-file-period"
              disabledDate={(day) => day.isAfter(dayjs(), 'day')}
              onChange={(v) => {
                if (!v?.[0] || !v[1]) return;
                if (v[1].diff(v[0], 'day') + 1 > MAX_DAYS) {
                  message.warning(`期间最长${MAX_DAYS}天`);
                  return;
                }
                setRange([v[0], v[1]]);
              }} />
            <Button icon={<DownloadOutlined />} loading={downloading} disabled={!d} onClick={() => void download()} data-testid="officer-file-export">
              导出Excel
            </Button>
          </>
        } />
      {file.error ? <LoadError error={file.error} onRetry={file.reload} /> : null}
      {d ? (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="officer-file-summary">
            {stats.map(([title, value, suffix]) => (
              <Col key={title} xs={12} sm={8} md={6} xl={3}>
                <Card size="small"><Statistic title={title} value={value} suffix={suffix ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{suffix}</Typography.Text> : undefined} /></Card>
              </Col>
            ))}
          </Row>
          <Card size="small">
            <Tabs items={[
              { key: 'shifts', label: `班次（${d.shifts.length}）`, children: (
                <Table<FileShift> rowKey="shiftId" size="small" dataSource={d.shifts} scroll={{ x: 900 }} pagination={{ pageSize: 20 }} columns={[
                  { title: '日期', dataIndex: 'planDate', width: 110 },
                  { title: '班次', dataIndex: 'name', width: 80 },
                  { title: '时间', dataIndex: 'timeLabel', width: 120 },
                  { title: '角色', dataIndex: 'roleLabel', width: 70 },
                  { title: '区域', dataIndex: 'areaName', render: dash },
                  { title: '签到', render: (_, r) => (r.checkinAt ? <Space>{fmtDateTime(r.checkinAt)}{inside(r.checkinInside)}</Space> : '—') },
                  { title: '签退', render: (_, r) => (r.checkoutAt ? <Space>{fmtDateTime(r.checkoutAt)}{inside(r.checkoutInside)}</Space> : '—') },
                  { title: '轨迹', width: 140, render: (_, r) => (r.track.points ? `${r.track.points}点 ${(r.track.distanceM / 1000).toFixed(1)}公里` : '—') },
                ]} />
              ) },
              { key: 'checkins', label: `签到签退（${d.checkins.length}）`, children: (
                <Table<FileCheckin> rowKey="id" size="small" dataSource={d.checkins} scroll={{ x: 800 }} pagination={{ pageSize: 20 }} columns={[
                  { title: '时间', dataIndex: 'at', render: fmtDateTime, width: 150 },
                  { title: '类型', dataIndex: 'kindLabel', width: 70 },
                  { title: '班次', render: (_, r) => `${r.planDate} ${r.shiftName}` },
                  { title: '位置', render: (_, r) => (r.insideArea ? <Tag color="green">在{r.areaSourceLabel}内</Tag> : <Tag color="orange">在{r.areaSourceLabel}外约{Math.round(r.distanceToAreaM)}米</Tag>) },
                  { title: '精度', dataIndex: 'accuracyM', width: 80, render: (v: number | null) => (v === null ? '—' : `${Math.round(v)}米`) },
                ]} />
              ) },
              { key: 'logs', label: `勤务日志（${d.logEntries.length}）`, children: (
                <Table<LogEntryView> rowKey="id" size="small" dataSource={d.logEntries} pagination={{ pageSize: 20 }} columns={[
                  { title: '时间', dataIndex: 'at', render: fmtDateTime, width: 150 },
                  { title: '班次', dataIndex: 'shiftName', width: 100, render: dash },
                  { title: '内容', dataIndex: 'text' },
                  { title: '照片', width: 160, render: (_, r) => (r.photos.length ? <Space wrap>{r.photos.map((p, i) => <a key={p.id} href={p.url} target="_blank" rel="noreferrer">照片{i + 1}</a>)}</Space> : '—') },
                ]} />
              ) },
              { key: 'leaves', label: `请假（${d.leaves.length}）`, children: (
                <Table<LeaveView> rowKey="id" size="small" dataSource={d.leaves} pagination={false} columns={[
                  { title: '类型', dataIndex: 'kind', width: 80 },
                  { title: '起止', render: (_, r) => `${r.fromDate} 至 ${r.toDate}（${r.days}天）` },
                  { title: '事由', dataIndex: 'reason' },
                  { title: '状态', dataIndex: 'statusLabel', width: 90 },
                  { title: '审批人', dataIndex: 'decidedByName', width: 100, render: dash },
                ]} />
              ) },
              { key: 'tasks', label: `调度任务（${d.tasks.length}）`, children: (
                <Table<FileTask> rowKey="assignmentId" size="small" dataSource={d.tasks} scroll={{ x: 800 }} pagination={{ pageSize: 20 }} columns={[
                  { title: '编号', dataIndex: 'code', width: 140 },
                  { title: '任务', dataIndex: 'title' },
                  { title: '优先级', dataIndex: 'priorityLabel', width: 80 },
                  { title: '状态', dataIndex: 'statusLabel', width: 90 },
                  { title: '派发', dataIndex: 'dispatchedAt', render: fmtDateTime, width: 150 },
                  { title: '完成', dataIndex: 'completedAt', render: fmtDateTime, width: 150 },
                  { title: '结果', dataIndex: 'resultNote', render: dash },
                ]} />
              ) },
              { key: 'complaints', label: `诉件处置（${d.complaints.length}）`, children: (
                <Table<FileComplaintStep> rowKey="eventId" size="small" dataSource={d.complaints} pagination={{ pageSize: 20 }} columns={[
                  { title: '时间', dataIndex: 'at', render: fmtDateTime, width: 150 },
                  { title: '诉件', dataIndex: 'code', width: 160, render: (v: string, r) => <Link to={`/complaints/${r.complaintId}`}>{v}</Link> },
                  { title: '环节', dataIndex: 'kind', width: 120 },
                  { title: '说明', dataIndex: 'note', render: dash },
                ]} />
              ) },
              { key: 'kit', label: `持有装备（${d.kit.length}）`, children: (
                d.kit.length === 0 ? <Empty description="当前未持有装备" /> : (
                  <Table<FileKit> rowKey="itemId" size="small" dataSource={d.kit} pagination={false} columns={[
                    { title: '资产编号', dataIndex: 'assetTag', width: 160, render: (v: string, r) => <Link to={`/equipment/${r.itemId}`}>{v}</Link> },
                    { title: '类别', dataIndex: 'categoryName' },
                    { title: '品牌型号', render: (_, r) => `${r.brand ?? ''} ${r.model}`.trim() },
                    { title: '状态', dataIndex: 'status', width: 90 },
                    { title: '应还', dataIndex: 'expectedReturnAt', render: fmtDateTime, width: 150 },
                  ]} />
                )
              ) },
            ]} />
          </Card>
        </>
      ) : null}
    </div>
  );
}
