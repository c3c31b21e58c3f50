// 一人一档: one officer's file for a period — every shift (with check-in/out, inside flags and the track walked),
// check-ins, duty log entries, leave, 指挥调度 tasks and 诉件 handled, the kit held now, and the period's summary —
// and its Excel export (one sheet per section). Dispatch and complaint records are read here with read-only queries
// (those modules expose no per-officer history); kit comes from the equipment service.
import ExcelJS from 'exceljs';
import {
  ASSIGNMENT_STATUS_LABELS, dateRangeProblem, DUTY_MEMBER_ROLE_LABELS, isoDateProblem, plusDays, PRIORITY_LABELS, shanghaiDate, shanghaiStartOfDay,
  shiftTimeLabel, summarizeDutyPeriod, summarizeTrack, type AssignmentStatus, type DispatchPriority, type DutyMemberRole,
  type DutyPeriodSummary, type TrackSummary,
} from '@cg/domain';
import { queryOne, queryRows, sql, type Executor } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { defineColumns, type ColumnDef } from '../../core/excel.ts';
import { allItems } from '../equipment/equipment.service.ts';
import { iso } from '../tracking/tracking.service.ts';
import { checkinSelect, checkinViewOf, leaveRows, loadLogEntries, type CheckinView, type LeaveView, type LogEntryView } from './duty-field.service.ts';

/** Longest period of one file. */
export const MAX_FILE_DAYS = 93;
/** Default period: the last 30 days up to today. */
export const DEFAULT_FILE_DAYS = 30;
const MAX_TRACK_POINTS = 50_000;

export interface FileShift {
  shiftId: string; planId: string; planDate: string; unitName: string; name: string; startsAt: string; endsAt: string; timeLabel: string;
  role: DutyMemberRole; roleLabel: string; areaName: string | null;
  checkinAt: string | null; checkinInside: boolean | null; checkoutAt: string | null; checkoutInside: boolean | null;
  track: TrackSummary;
}
export interface FileCheckin extends CheckinView { shiftName: string; planDate: string }
export interface FileTask {
  assignmentId: string; taskId: string; code: string; title: string; priority: DispatchPriority; priorityLabel: string; label: string;
  status: AssignmentStatus; statusLabel: string; dispatchedAt: string; receivedAt: string | null; arrivedAt: string | null;
  completedAt: string | null; resultNote: string | null;
}
export interface FileComplaintStep { eventId: number; complaintId: string; code: string; kind: string; at: string; note: string | null }
export interface FileKit { itemId: string; assetTag: string; categoryName: string; brand: string | null; model: string; status: string; expectedReturnAt: string | null }

export interface OfficerFile {
  officer: { id: string; name: string; badgeNo: string | null; position: string; status: string; unitId: string; unitName: string };
  period: { from: string; to: string };
  /** tasks: dispatch assignments the officer received; complaints: distinct complaints the officer's account acted on. */
  summary: DutyPeriodSummary;
  shifts: FileShift[];
  checkins: FileCheckin[];
  logEntries: LogEntryView[];
  leaves: LeaveView[];
  tasks: FileTask[];
  complaints: FileComplaintStep[];
  kit: FileKit[];
}

export function filePeriod(q: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  const to = q.to ?? shanghaiDate(now);
  const from = q.from ?? plusDays(to, -(DEFAULT_FILE_DAYS - 1));
  const problem = dateRangeProblem(from, to, MAX_FILE_DAYS);
  if (problem) throw invalid([{ field: isoDateProblem(from, '开始日期') ? 'from' : 'to', message: problem }]);
  return { from, to };
}

export async function officerFile(db: Executor, user: AuthUser, officerId: string, q: { from?: string; to?: string }, now: Date): Promise<OfficerFile> {
  const period = filePeriod(q, now);
  const officer = await queryOne<OfficerFile['officer'] & { path: string }>(db, sql`
    SELECT o.id, o.name, o.badge_no AS "badgeNo", o.position, o.status, o.unit_id AS "unitId", u.name AS "unitName", u.path
    FROM officers o JOIN units u ON u.id = o.unit_id WHERE o.id = ${officerId}`);
  if (!officer || !officer.path.startsWith(user.unitPath)) throw notFound('执法人员');
  const { path: _p, ...who } = officer;
  const start = shanghaiStartOfDay(period.from).toISOString();
  const end = shanghaiStartOfDay(plusDays(period.to, 1)).toISOString();
  const within = (column: string) => sql`${sql.raw(column)} >= ${start}::timestamptz AND ${sql.raw(column)} < ${end}::timestamptz`;

  // Shifts of published plans (a draft is not a roster the officer was given).
  const shiftRows = await queryRows<{
    shiftId: string; planId: string; planDate: string; unitName: string; name: string; startsAt: Date | string; endsAt: Date | string;
    role: DutyMemberRole; areaName: string | null;
  }>(db, sql`
    SELECT s.id AS "shiftId", p.id AS "planId", p.plan_date::text AS "planDate", u.name AS "unitName", s.name, s.starts_at AS "startsAt",
      s.ends_at AS "endsAt", m.role, s.area_name AS "areaName"
    FROM duty_shift_members m JOIN duty_shifts s ON s.id = m.shift_id JOIN duty_plans p ON p.id = s.plan_id JOIN units u ON u.id = p.unit_id
    WHERE m.officer_id = ${officerId} AND p.status = 'published' AND p.plan_date BETWEEN ${period.from}::date AND ${period.to}::date
    ORDER BY s.starts_at`);
  const checkinRows = await queryRows<Parameters<typeof checkinViewOf>[0] & { shiftName: string; planDate: string }>(db, sql`
    SELECT c.id, c.shift_id AS "shiftId", c.officer_id AS "officerId", c.kind, c.at, c.received_at AS "receivedAt", c.lat, c.lon,
      c.accuracy_m AS "accuracyM", c.inside_area AS "insideArea", c.distance_to_area_m AS "distanceToAreaM", c.area_source AS "areaSource",
      s.name AS "shiftName", p.plan_date::text AS "planDate"
    FROM duty_checkins c JOIN duty_shifts s ON s.id = c.shift_id JOIN duty_plans p ON p.id = s.plan_id
    WHERE c.officer_id = ${officerId} AND ${within('c.at')}
    ORDER BY c.at`);
  const checkins: FileCheckin[] = checkinRows.map((r) => ({ ...checkinViewOf(r), shiftName: r.shiftName, planDate: r.planDate }));

  const shifts: FileShift[] = [];
  for (const s of shiftRows) {
    const points = await queryRows<{ ts: Date | string; lat: number; lon: number }>(db, sql`
      SELECT ts, lat, lon FROM positions WHERE source_id = ${officerId} AND ts >= ${iso(s.startsAt)}::timestamptz AND ts <= ${iso(s.endsAt)}::timestamptz
      ORDER BY ts LIMIT ${MAX_TRACK_POINTS}`);
    // Check-ins are looked up over all time: a check-in belongs to its shift even if taken just before the period.
    const mine = await queryRows<Parameters<typeof checkinViewOf>[0]>(db, sql`${checkinSelect} WHERE c.shift_id = ${s.shiftId} AND c.officer_id = ${officerId}`);
    const cin = mine.find((c) => c.kind === 'in');
    const cout = mine.find((c) => c.kind === 'out');
    shifts.push({
      ...s, startsAt: iso(s.startsAt), endsAt: iso(s.endsAt), timeLabel: shiftTimeLabel(s), roleLabel: DUTY_MEMBER_ROLE_LABELS[s.role],
      checkinAt: cin ? iso(cin.at) : null, checkinInside: cin ? cin.insideArea : null,
      checkoutAt: cout ? iso(cout.at) : null, checkoutInside: cout ? cout.insideArea : null,
      track: summarizeTrack(points),
    });
  }

  const logEntries = await loadLogEntries(db, sql`e.officer_id = ${officerId} AND ${within('e.at')}`, 2000);
  const leaves = await leaveRows(db, sql`l.officer_id = ${officerId} AND l.status <> 'cancelled'
    AND l.from_date <= ${period.to}::date AND l.to_date >= ${period.from}::date`);

  // Read-only: the dispatch module has no per-officer history query.
  const taskRows = await queryRows<Omit<FileTask, 'priorityLabel' | 'statusLabel' | 'dispatchedAt' | 'receivedAt' | 'arrivedAt' | 'completedAt'> & {
    dispatchedAt: Date | string; receivedAt: Date | string | null; arrivedAt: Date | string | null; completedAt: Date | string | null;
  }>(db, sql`
    SELECT a.id AS "assignmentId", t.id AS "taskId", t.code, t.title, t.priority, a.label, a.status, a.dispatched_at AS "dispatchedAt",
      a.received_at AS "receivedAt", a.arrived_at AS "arrivedAt", a.completed_at AS "completedAt", a.result_note AS "resultNote"
    FROM dispatch_assignments a JOIN dispatch_tasks t ON t.id = a.task_id
    WHERE a.officer_id = ${officerId} AND ${within('a.dispatched_at')}
    ORDER BY a.dispatched_at`);
  const opt = (v: Date | string | null) => (v ? iso(v) : null);
  const tasks: FileTask[] = taskRows.map((r) => ({
    ...r, priorityLabel: PRIORITY_LABELS[r.priority], statusLabel: ASSIGNMENT_STATUS_LABELS[r.status], dispatchedAt: iso(r.dispatchedAt),
    receivedAt: opt(r.receivedAt), arrivedAt: opt(r.arrivedAt), completedAt: opt(r.completedAt),
  }));

  // Read-only: what the officer's own accounts did on complaints (签收, 处置, 回复 … from the field app or the desk).
  const complaintRows = await queryRows<Omit<FileComplaintStep, 'eventId' | 'at'> & { eventId: string | number; at: Date | string }>(db, sql`
    SELECT e.id AS "eventId", c.id AS "complaintId", c.code, e.kind, e.at, e.note
    FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
    WHERE e.actor_id IN (SELECT id FROM users WHERE officer_id = ${officerId}) AND ${within('e.at')}
    ORDER BY e.at, e.id`);
  const complaints = complaintRows.map((r) => ({ ...r, eventId: Number(r.eventId), at: iso(r.at) }));

  const items = await allItems(db, user, { holderOfficerId: officerId, sort: { field: 'assetTag', desc: false } }, 500);
  const kit: FileKit[] = items.map((i) => ({
    itemId: i.id, assetTag: i.assetTag, categoryName: i.categoryName, brand: i.brand, model: i.model, status: i.status,
    expectedReturnAt: i.expectedReturnAt ? iso(i.expectedReturnAt) : null,
  }));

  const leaveDaysInPeriod = leaves.filter((l) => l.status === 'approved').reduce((sum, l) => {
    const from = l.fromDate > period.from ? l.fromDate : period.from;
    const to = l.toDate < period.to ? l.toDate : period.to;
    return sum + Math.max(0, Math.round((shanghaiStartOfDay(to).getTime() - shanghaiStartOfDay(from).getTime()) / 86_400_000) + 1);
  }, 0);
  const summary = summarizeDutyPeriod({
    shifts: shifts.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, checkedInAt: s.checkinAt, checkedOutAt: s.checkoutAt })),
    checkins, logEntries: logEntries.length, tasks: tasks.filter((t) => t.receivedAt !== null).length,
    complaints: new Set(complaints.map((c) => c.complaintId)).size, leaveDays: leaveDaysInPeriod, now,
  });
  return { officer: who, period, summary, shifts, checkins, logEntries, leaves, tasks, complaints, kit };
}

// ---- export ----------------------------------------------------------------------------------------------------

/** Sheet names of the export, in order. */
export const FILE_SHEETS = ['概况', '班次', '签到签退', '勤务日志', '请假', '调度任务', '诉件处置', '持有装备'] as const;

const shTime = (v: string | null) => {
  if (!v) return '';
  const d = new Date(new Date(v).getTime() + 8 * 3_600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
};
const yesNo = (v: boolean | null) => (v === null ? '' : v ? '是' : '否');
const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function sheet(wb: ExcelJS.Workbook, name: string, columns: readonly ColumnDef[], rows: Record<string, unknown>[]) {
  const ws = wb.addWorksheet(name);
  defineColumns(ws, columns);
  for (const r of rows) ws.addRow(r);
  return ws;
}

export async function officerFileWorkbook(file: OfficerFile): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '上海城管执法基层中队信息化平台';
  const s = file.summary;
  const overview: [string, string | number][] = [
    ['姓名', file.officer.name], ['执法证号', file.officer.badgeNo ?? ''], ['职务', file.officer.position], ['人员状态', file.officer.status],
    ['所属单位', file.officer.unitName], ['期间', `${file.period.from} 至 ${file.period.to}`],
    ['班次数', s.shifts], ['已开始班次', s.shiftsDue], ['已签到班次', s.shiftsCheckedIn], ['签到率', percent(s.checkinRate)],
    ['计划时长（小时）', s.plannedHours], ['在岗时长（小时）', s.hoursOnDuty], ['区域外签到签退', s.outsideCheckins],
    ['勤务日志', s.logEntries], ['处置调度任务', s.tasks], ['处置诉件', s.complaints], ['请假天数', s.leaveDays], ['持有装备', file.kit.length],
  ];
  sheet(wb, '概况', [{ key: 'k', header: '项目', width: 20 }, { key: 'v', header: '内容', width: 36 }], overview.map(([k, v]) => ({ k, v })));
  sheet(wb, '班次', [
    { key: 'planDate', header: '日期', width: 12 }, { key: 'unitName', header: '单位', width: 20 }, { key: 'name', header: '班次', width: 8 },
    { key: 'timeLabel', header: '时间', width: 16 }, { key: 'roleLabel', header: '角色', width: 8 }, { key: 'areaName', header: '区域', width: 16 },
    { key: 'checkinAt', header: '签到时间', width: 17 }, { key: 'checkinInside', header: '签到在区域内', width: 12 },
    { key: 'checkoutAt', header: '签退时间', width: 17 }, { key: 'checkoutInside', header: '签退在区域内', width: 12 },
    { key: 'points', header: '轨迹点数', width: 10 }, { key: 'distanceKm', header: '轨迹里程（公里）', width: 14 },
  ], file.shifts.map((x) => ({
    ...x, areaName: x.areaName ?? '', checkinAt: shTime(x.checkinAt), checkinInside: yesNo(x.checkinInside), checkoutAt: shTime(x.checkoutAt),
    checkoutInside: yesNo(x.checkoutInside), points: x.track.points, distanceKm: Math.round(x.track.distanceM / 10) / 100,
  })));
  sheet(wb, '签到签退', [
    { key: 'planDate', header: '日期', width: 12 }, { key: 'shiftName', header: '班次', width: 8 }, { key: 'kindLabel', header: '类型', width: 6 },
    { key: 'at', header: '时间', width: 17 }, { key: 'lat', header: '纬度', width: 11 }, { key: 'lon', header: '经度', width: 11 },
    { key: 'accuracyM', header: '定位精度（米）', width: 12 }, { key: 'inside', header: '在区域内', width: 9 },
    { key: 'distanceToAreaM', header: '距区域（米）', width: 11 }, { key: 'areaSourceLabel', header: '判断依据', width: 14 },
  ], file.checkins.map((c) => ({ ...c, at: shTime(c.at), inside: yesNo(c.insideArea), accuracyM: c.accuracyM ?? '' })));
  sheet(wb, '勤务日志', [
    { key: 'at', header: '时间', width: 17 }, { key: 'shiftName', header: '班次', width: 8 }, { key: 'text', header: '内容', width: 60 },
    { key: 'lat', header: '纬度', width: 11 }, { key: 'lon', header: '经度', width: 11 }, { key: 'photos', header: '照片数', width: 8 },
  ], file.logEntries.map((e) => ({ ...e, at: shTime(e.at), shiftName: e.shiftName ?? '', lat: e.lat ?? '', lon: e.lon ?? '', photos: e.photos.length })));
  sheet(wb, '请假', [
    { key: 'kind', header: '类型', width: 8 }, { key: 'fromDate', header: '开始日期', width: 12 }, { key: 'toDate', header: '结束日期', width: 12 },
    { key: 'days', header: '天数', width: 6 }, { key: 'reason', header: '事由', width: 30 }, { key: 'statusLabel', header: '状态', width: 8 },
    { key: 'decidedByName', header: '审批人', width: 20 }, { key: 'decidedAt', header: '审批时间', width: 17 },
  ], file.leaves.map((l) => ({ ...l, decidedByName: l.decidedByName ?? '', decidedAt: shTime(l.decidedAt) })));
  sheet(wb, '调度任务', [
    { key: 'code', header: '调度单号', width: 16, text: true }, { key: 'title', header: '任务', width: 20 }, { key: 'priorityLabel', header: '紧急程度', width: 8 },
    { key: 'label', header: '派遣对象', width: 12 }, { key: 'statusLabel', header: '状态', width: 8 }, { key: 'dispatchedAt', header: '派遣时间', width: 17 },
    { key: 'receivedAt', header: '接收时间', width: 17 }, { key: 'arrivedAt', header: '到达时间', width: 17 }, { key: 'completedAt', header: '完成时间', width: 17 },
    { key: 'resultNote', header: '处置结果', width: 30 },
  ], file.tasks.map((t) => ({
    ...t, dispatchedAt: shTime(t.dispatchedAt), receivedAt: shTime(t.receivedAt), arrivedAt: shTime(t.arrivedAt), completedAt: shTime(t.completedAt),
    resultNote: t.resultNote ?? '',
  })));
  sheet(wb, '诉件处置', [
    { key: 'code', header: '诉件编号', width: 18, text: true }, { key: 'kind', header: '环节', width: 12 }, { key: 'at', header: '时间', width: 17 },
    { key: 'note', header: '说明', width: 50 },
  ], file.complaints.map((c) => ({ ...c, at: shTime(c.at), note: c.note ?? '' })));
  sheet(wb, '持有装备', [
    { key: 'assetTag', header: '资产编号', width: 18, text: true }, { key: 'categoryName', header: '类别', width: 14 }, { key: 'brand', header: '品牌', width: 12 },
    { key: 'model', header: '型号', width: 16 }, { key: 'status', header: '状态', width: 8 }, { key: 'expectedReturnAt', header: '预计归还', width: 17 },
  ], file.kit.map((k) => ({ ...k, brand: k.brand ?? '', expectedReturnAt: shTime(k.expectedReturnAt) })));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
