// 勤务管理: types mirroring apps/server/src/modules/duty (PlanView, ShiftView, MyShift, OfficerFile …) and one small
// function per route used by the web pages. Check-in/out send an Idempotency-Key, which http cannot, so they use fetch.
import type { DutyMemberRole, DutyPeriodSummary, DutyPlanStatus, PublishTiming, TrackSummary } from '@cg/domain';
import { ApiError, http, isAbortError } from './client';
import type { ApiErrorBody } from './types';

const enc = encodeURIComponent;

export interface ShiftMemberView { officerId: string; name: string; badgeNo: string | null; position: string; role: DutyMemberRole; roleLabel: string }
export interface ShiftVehicleView { vehicleId: string; plate: string | null; assetTag: string }

export interface ShiftView {
  id: string; planId: string; name: string; startsAt: string; endsAt: string; timeLabel: string;
  area: [number, number][] | null; areaName: string | null; patrolRoute: [number, number][] | null; note: string | null;
  members: ShiftMemberView[]; vehicles: ShiftVehicleView[];
}

export interface PlanView {
  id: string; unitId: string; unitName: string; planDate: string; status: DutyPlanStatus; statusLabel: string; note: string | null;
  publishedAt: string | null; publishedByName: string | null; createdByName: string; createdAt: string; updatedAt: string;
  version: number; publishDeadline: string; timing: PublishTiming; timingLabel: string;
}
export interface PlanListItem extends PlanView { shiftCount: number; memberCount: number }
export interface PlanChangeView { id: number; at: string; actorName: string; summary: string; before: unknown; after: unknown }
export interface PlanDetail extends PlanView { shifts: ShiftView[]; changes: PlanChangeView[] }
export interface CopyResult extends PlanDetail { skipped: { shiftName: string; what: string; reason: string }[] }

export type AreaSource = 'shift' | 'jurisdiction' | 'none';

export interface CheckinView {
  id: string; shiftId: string; officerId: string; kind: 'in' | 'out'; kindLabel: string; at: string; receivedAt: string;
  lat: number; lon: number; accuracyM: number | null; insideArea: boolean; distanceToAreaM: number; areaSource: AreaSource;
  areaSourceLabel: string;
}
export type CheckinResult = CheckinView & { message: string };

export interface MyShift extends ShiftView {
  unitId: string; unitName: string; myRole: DutyMemberRole; myRoleLabel: string; areaSource: AreaSource; areaSourceLabel: string;
  checkin: CheckinView | null; checkout: CheckinView | null;
  checkinOpensAt: string; checkinClosesAt: string; checkoutClosesAt: string; canCheckIn: boolean; canCheckOut: boolean;
}

export interface LeaveView {
  id: string; officerId: string; officerName: string; unitId: string; unitName: string; fromDate: string; toDate: string; days: number;
  kind: string; reason: string; status: string; statusLabel: string; requestedAt: string; decidedByName: string | null;
  decidedAt: string | null; decisionNote: string | null; version: number;
}

export interface LogPhotoView { id: string; fileName: string; mimeType: string; sizeBytes: number; uploadedAt: string; url: string }
export interface LogEntryView {
  id: string; officerId: string; officerName: string; shiftId: string | null; shiftName: string | null; at: string; text: string;
  lat: number | null; lon: number | null; createdAt: string; photos: LogPhotoView[];
}

export interface MyToday {
  date: string;
  officer: { id: string; name: string; unitName: string } | null;
  leave: LeaveView | null;
  shifts: MyShift[];
  logEntries: LogEntryView[];
}

export interface FileShift {
  shiftId: string; planId: string; planDate: string; unitName: string; name: string; startsAt: string; endsAt: string; timeLabel: string;
  role: DutyMemberRole; roleLabel: string; areaName: string | null;
  checkinAt: string | null; checkinInside: boolean | null; checkoutAt: string | null; checkoutInside: boolean | null;
  track: TrackSummary;
}
export interface FileCheckin extends CheckinView { shiftName: string; planDate: string }
export interface FileTask {
  assignmentId: string; taskId: string; code: string; title: string; priority: string; priorityLabel: string; label: string;
  status: string; statusLabel: string; dispatchedAt: string; receivedAt: string | null; arrivedAt: string | null;
  completedAt: string | null; resultNote: string | null;
}
export interface FileComplaintStep { eventId: number; complaintId: string; code: string; kind: string; at: string; note: string | null }
export interface FileKit { itemId: string; assetTag: string; categoryName: string; brand: string | null; model: string; status: string; expectedReturnAt: string | null }

export interface OfficerFile {
  officer: { id: string; name: string; badgeNo: string | null; position: string; status: string; unitId: string; unitName: string };
  period: { from: string; to: string };
  summary: DutyPeriodSummary;
  shifts: FileShift[]; checkins: FileCheckin[]; logEntries: LogEntryView[]; leaves: LeaveView[];
  tasks: FileTask[]; complaints: FileComplaintStep[]; kit: FileKit[];
}

export interface ShiftInput {
  name: string; startsAt: string; endsAt: string;
  /** Closed ring [[lon, lat], …]; null = the squadron's jurisdiction decides check-ins. */
  area?: [number, number][] | null; areaName?: string | null; patrolRoute?: [number, number][] | null; note?: string | null;
  members: { officerId: string; role: DutyMemberRole }[]; vehicleIds: string[];
}

export interface LeaveInput { kind: string; fromDate: string; toDate: string; reason: string }
export interface LeaveListQuery { unitId?: string; from?: string; to?: string; status?: string }
export interface LogEntryInput { text: string; shiftId?: string; lat?: number; lon?: number; at?: string }

export interface DutyIndicator<R> { label: string; numerator: number; denominator: number; rate: number | null; records: R[] }
export interface IndicatorShiftRecord {
  shiftId: string; planId: string; planDate: string; unitId: string; unitName: string; name: string; startsAt: string; endsAt: string;
  timeLabel: string; members: number; checkedIn: number; outsideArea: number; hasAppCheckin: boolean;
}
export interface IndicatorOfficerRecord {
  officerId: string; name: string; badgeNo: string | null; unitId: string; unitName: string;
  checkins: number; logEntries: number; trackDays: number; tasks: number; complaints: number; active: boolean;
}
export interface IndicatorPlanRecord {
  planId: string; planDate: string; unitId: string; unitName: string; status: string; publishedAt: string | null;
  publishDeadline: string; timing: PublishTiming; timingLabel: string; onTime: boolean;
}
export interface DutyIndicators {
  unitId: string; unitName: string; from: string; to: string; asOf: string;
  shiftCheckin: DutyIndicator<IndicatorShiftRecord>;
  activeOfficers: DutyIndicator<IndicatorOfficerRecord>;
  plansOnTime: DutyIndicator<IndicatorPlanRecord> & { notYetDue: IndicatorPlanRecord[]; missing: { count: number; records: { unitId: string; unitName: string; date: string }[] } };
}

export interface PlanListQuery { unitId?: string; from?: string; to?: string; status?: DutyPlanStatus }
export interface CheckinInput { lat: number; lon: number; accuracyM?: number; at?: string }
export interface Period { from?: string; to?: string }

/** POST with an Idempotency-Key (a retry after a lost answer records the check-in only once). */
async function postIdempotent<T>(path: string, body: unknown, key: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'Idempotency-Key': key },
    });
  } catch (e) {
    if (isAbortError(e)) throw e;
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  const parsed = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const b = (parsed ?? {}) as Partial<ApiErrorBody>;
    throw new ApiError(res.status, b.code || `HTTP_${res.status}`, b.message || `请求失败（${res.status}）`, Array.isArray(b.details) ? b.details : []);
  }
  return parsed as T;
}

export const dutyApi = {
  plans: (q: PlanListQuery, signal?: AbortSignal) => http.get<{ items: PlanListItem[] }>('/duty/plans', q, signal),
  plan: (id: string, signal?: AbortSignal) => http.get<PlanDetail>(`/duty/plans/${enc(id)}`, undefined, signal),
  publish: (id: string, version: number) => http.post<PlanDetail>(`/duty/plans/${enc(id)}/publish`, { version }),
  copy: (body: { unitId: string; date: string; fromDate?: string }) => http.post<CopyResult>('/duty/plans/copy', body),
  createPlan: (body: { unitId: string; date: string; note?: string | null }) => http.post<PlanDetail>('/duty/plans', body),
  updatePlanNote: (id: string, body: { version: number; note: string | null }) => http.patch<PlanDetail>(`/duty/plans/${enc(id)}`, body),
  deletePlan: (id: string) => http.delete<unknown>(`/duty/plans/${enc(id)}`),
  addShift: (planId: string, body: ShiftInput) => http.post<PlanDetail>(`/duty/plans/${enc(planId)}/shifts`, body),
  updateShift: (shiftId: string, body: ShiftInput) => http.put<PlanDetail>(`/duty/shifts/${enc(shiftId)}`, body),
  deleteShift: (shiftId: string) => http.delete<PlanDetail>(`/duty/shifts/${enc(shiftId)}`),
  leaves: (q: LeaveListQuery, signal?: AbortSignal) => http.get<{ items: LeaveView[] }>('/duty/leaves', q, signal),
  decideLeave: (id: string, body: { decision: 'approved' | 'rejected'; note?: string }) => http.post<LeaveView>(`/duty/leaves/${enc(id)}/decide`, body),
  myLeaves: (signal?: AbortSignal) => http.get<{ items: LeaveView[] }>('/duty/my/leaves', undefined, signal),
  requestLeave: (body: LeaveInput) => http.post<LeaveView>('/duty/my/leaves', body),
  cancelLeave: (id: string) => http.post<LeaveView>(`/duty/my/leaves/${enc(id)}/cancel`, {}),
  /** Online only; the field app sends log entries through its offline queue (path below) with an Idempotency-Key. */
  logPath: '/api/duty/my/logs',
  logPhotoPath: (entryId: string) => `/api/duty/my/logs/${enc(entryId)}/photos`,
  indicators: (q: { unitId?: string } & Period, signal?: AbortSignal) => http.get<DutyIndicators>('/duty/indicators', q, signal),
  myToday: (signal?: AbortSignal) => http.get<MyToday>('/duty/my/today', undefined, signal),
  checkin: (shiftId: string, kind: 'in' | 'out', body: CheckinInput, key: string) =>
    postIdempotent<CheckinResult>(`/api/duty/my/shifts/${enc(shiftId)}/check-${kind}`, body, key),
  officerFile: (officerId: string, q: Period, signal?: AbortSignal) => http.get<OfficerFile>(`/duty/officers/${enc(officerId)}/file`, q, signal),
  downloadOfficerFile: (officerId: string, q: Period) => http.download(`/duty/officers/${enc(officerId)}/file.xlsx`, q, '一人一档.xlsx'),
};
