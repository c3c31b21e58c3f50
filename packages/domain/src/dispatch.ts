// 指挥调度: a task at a point is dispatched to one or more units (a vehicle via its 责任人, or an officer); each
// assignment moves 已派 → 已接收 → 已到达 → 已完成 on the field app. The task's state follows its most advanced live
// assignment; the first completion completes the task and stands the other units down.

export const ASSIGNMENT_STATUSES = ['dispatched', 'received', 'arrived', 'completed', 'cancelled'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const TASK_STATUSES = ['pending', 'dispatched', 'received', 'arrived', 'completed', 'cancelled'] as const;
export type DispatchTaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_STATUS_LABELS: Record<DispatchTaskStatus, string> = {
  pending: '待派遣', dispatched: '已派', received: '已接收', arrived: '已到达', completed: '已完成', cancelled: '已撤销',
};
export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  dispatched: '已派', received: '已接收', arrived: '已到达', completed: '已完成', cancelled: '已撤回',
};

export const TASK_PRIORITIES = ['urgent', 'normal'] as const;
export type DispatchPriority = (typeof TASK_PRIORITIES)[number];
export const PRIORITY_LABELS: Record<DispatchPriority, string> = { urgent: '紧急', normal: '一般' };

/** What kind of unit the commander wants: a vehicle, a person (field app or 单兵 terminal), or whichever is nearest. */
export const WANTED_TYPES = ['any', 'vehicle', 'person'] as const;
export type WantedType = (typeof WANTED_TYPES)[number];
export const WANTED_TYPE_LABELS: Record<WantedType, string> = { any: '不限', vehicle: '车辆', person: '人员' };

/** Steps the field app reports, in order. */
export const FIELD_STEPS = ['received', 'arrived', 'completed'] as const;
export type FieldStep = (typeof FIELD_STEPS)[number];

const ORDER: Record<AssignmentStatus, number> = { dispatched: 0, received: 1, arrived: 2, completed: 3, cancelled: -1 };

/** Assignments that keep a unit busy (not available for another task). */
export const ACTIVE_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['dispatched', 'received', 'arrived'];

export type StepPlan =
  | { kind: 'advance'; to: FieldStep; skipped: FieldStep[] }
  /** Already at (or past) this step: a repeated report from a phone that retried. Nothing changes. */
  | { kind: 'repeat' }
  | { kind: 'refuse'; message: string };

/**
 * Whether the field app may move an assignment to `step`. Steps may be skipped forward (an officer who is already on
 * the spot reports 到达 without 接收 first: 接收 is stamped at the same time); never backwards. A repeated report is
 * harmless so a phone can retry after a dead zone.
 */
export function planFieldStep(current: AssignmentStatus, step: FieldStep): StepPlan {
  if (current === 'cancelled') return { kind: 'refuse', message: '该任务已撤回或已由其他单位完成，无需继续处置' };
  if (ORDER[current] >= ORDER[step]) return { kind: 'repeat' };
  const skipped = FIELD_STEPS.filter((s) => ORDER[s] > ORDER[current] && ORDER[s] < ORDER[step]);
  return { kind: 'advance', to: step, skipped };
}

/** The task's state from its assignments: completed if any completed; else the most advanced live one; else pending. */
export function taskStatusOf(assignments: readonly { status: AssignmentStatus }[], cancelled: boolean): DispatchTaskStatus {
  if (cancelled) return 'cancelled';
  if (assignments.some((a) => a.status === 'completed')) return 'completed';
  let best: DispatchTaskStatus = 'pending';
  for (const a of assignments) {
    if (a.status === 'cancelled') continue;
    if (best === 'pending' || ORDER[a.status] > ORDER[best as AssignmentStatus]) best = a.status;
  }
  return best;
}

export const isTaskOpen = (status: DispatchTaskStatus): boolean => status !== 'completed' && status !== 'cancelled';

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine; plenty for ranking units within a city). */
export function distanceMeters(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Rough minutes to get there: road distance ≈ 1.4 × straight line; 25 km/h by car in town, 4.5 km/h on foot. */
export function etaMinutes(distanceM: number, type: 'vehicle' | 'person'): number {
  const kmh = type === 'vehicle' ? 25 : 4.5;
  return Math.max(1, Math.round(((distanceM * 1.4) / 1000 / kmh) * 60));
}
