// What the phone shows of a 诉件: the last copy the server sent (cached for dead zones) with the officer's queued, not
// yet synced actions and photos applied on top — the same rules as the server (@cg/domain), so the status moves and
// the buttons follow while offline. Recomputed from (cache, queue) every time, so it is right again after a reload.
import {
  availableComplaintActions, COMPLAINT_ACTION_LABELS, planComplaintAction, type ComplaintAction, type ComplaintRole,
} from '@cg/domain';
import type {
  ComplaintAvailableAction, ComplaintDetail, ComplaintStatus, ComplaintView, DueState, PhotoStage,
} from '../../api/complaints';
import type { LogEntryView, MyShift } from '../../api/duty';
import type { QueueEntry, QueueEntryKind } from '../../lib/offline-queue';

/** What an officer does on the phone; approvals, replies and closing stay at the desk. */
export const FIELD_ACTIONS: readonly ComplaintAction[] = ['contact', 'sign', 'start', 'handle', 'return', 'request_extension'];
/** Statuses of 我的诉件: dispatched to the squadron and not yet handled. */
export const FIELD_OPEN_STATUSES: readonly ComplaintStatus[] = ['dispatched', 'signed', 'handling'];
const DONE: readonly ComplaintStatus[] = ['handled', 'replied', 'closed'];

export const STATUS_LABELS: Record<ComplaintStatus, string> = {
  accepted: '已受理', dispatched: '待签收', signed: '已签收', handling: '处置中', handled: '已处置', replied: '已回复', closed: '已办结',
  returned: '已退回',
};
export const STATUS_COLORS: Record<ComplaintStatus, string> = {
  accepted: 'default', dispatched: 'orange', signed: 'cyan', handling: 'blue', handled: 'green', replied: 'purple', closed: 'success',
  returned: 'default',
};
/** Queue entries that belong to 诉件 (the 勤务日志 ones share the queue but not the complaint pages). */
export const COMPLAINT_ENTRY_KINDS: readonly QueueEntryKind[] = ['action', 'photo', 'report'];
export const isComplaintEntry = (e: Pick<QueueEntry, 'kind'>): boolean => COMPLAINT_ENTRY_KINDS.includes(e.kind);

export const STAGE_LABELS: Record<PhotoStage, string> = { intake: '受理照片', before: '处置前', after: '处置后' };
const NEAR_DUE_MS = 24 * 3_600_000;

export interface FieldPhoto {
  key: string;
  stage: PhotoStage;
  stageLabel: string;
  /** Server URL; null for a queued photo (the page shows its local blob). */
  url: string | null;
  /** The queue entry of a photo not uploaded yet. */
  entryId: string | null;
  takenAt: string | null;
}

export interface FieldEvent {
  key: string;
  label: string;
  at: string;
  actorName: string;
  note: string | null;
  pending: boolean;
}

export interface FieldComplaint {
  id: string;
  /** Reported on this phone and not created on the server yet. */
  local: boolean;
  code: string;
  categoryName: string;
  description: string;
  address: string | null;
  lat: number;
  lon: number;
  reporterName: string | null;
  reporterPhone: string | null;
  status: ComplaintStatus;
  statusLabel: string;
  receivedAt: string | null;
  contactDueAt: string | null;
  dueAt: string | null;
  contactedAt: string | null;
  handlingNote: string | null;
  extensionPending: boolean;
  version: number | null;
  /** Events, photos and buttons are known (a detail was loaded, or it is local). */
  detailed: boolean;
  events: FieldEvent[];
  photos: FieldPhoto[];
  actions: ComplaintAvailableAction[];
  /** Queued entries of this complaint. */
  pending: number;
  /** A citizen to call (not for 巡查发现). */
  citizen: boolean;
}

export function rolesOf(permissions: readonly string[]): ComplaintRole[] {
  const roles: ComplaintRole[] = [];
  if (permissions.includes('complaint.write')) roles.push('dispatcher');
  if (permissions.includes('complaint.handle')) roles.push('handler');
  if (permissions.includes('complaint.approve')) roles.push('leader');
  return roles;
}

export function isDetail(v: ComplaintView | ComplaintDetail): v is ComplaintDetail {
  return Array.isArray((v as ComplaintDetail).events);
}

/** The server's copy as the phone shows it (buttons limited to what the field app offers). */
export function fromServer(v: ComplaintView | ComplaintDetail): FieldComplaint {
  const detail = isDetail(v) ? v : null;
  return {
    id: v.id, local: false, code: v.code, categoryName: v.categoryName, description: v.description, address: v.address, lat: v.lat, lon: v.lon,
    reporterName: v.reporterName, reporterPhone: v.reporterPhone, status: v.status, statusLabel: STATUS_LABELS[v.status] ?? v.statusLabel,
    receivedAt: v.receivedAt, contactDueAt: v.contactDueAt, dueAt: v.dueAt, contactedAt: v.contactedAt, handlingNote: v.handlingNote,
    extensionPending: v.extensionPending, version: v.version, detailed: Boolean(detail),
    events: (detail?.events ?? []).map((e) => ({
      key: `e${e.id}`, label: e.kindLabel, at: e.at, actorName: e.actorName, note: e.note, pending: false,
    })),
    photos: (detail?.photos ?? []).map((p) => ({
      key: p.id, stage: p.stage, stageLabel: STAGE_LABELS[p.stage] ?? p.stageLabel, url: p.url, entryId: null, takenAt: p.takenAt,
    })),
    actions: (detail?.availableActions ?? []).filter((a) => FIELD_ACTIONS.includes(a.action) && (v.source !== 'field' || a.action !== 'contact')),
    pending: 0, citizen: v.source !== 'field',
  };
}

export interface ReportBody {
  categoryCode: string;
  description: string;
  address?: string;
  lat: number;
  lon: number;
}

/** A 巡查发现 still in the queue: the server will create it signed by the reporter. */
export function fromReport(entry: QueueEntry, actorName: string): FieldComplaint {
  const body = entry.body as ReportBody;
  const meta = entry.meta ?? {};
  return {
    id: entry.creates ?? entry.group, local: true, code: '待同步', categoryName: String(meta.categoryName ?? body.categoryCode),
    description: body.description, address: body.address ?? null, lat: body.lat, lon: body.lon, reporterName: null, reporterPhone: null,
    status: 'signed', statusLabel: STATUS_LABELS.signed, receivedAt: entry.createdAt, contactDueAt: null, dueAt: null, contactedAt: null,
    handlingNote: null, extensionPending: false, version: null, detailed: true,
    events: [{ key: entry.id, label: '巡查发现上报', at: entry.createdAt, actorName, note: body.description, pending: true }],
    photos: [], actions: [], pending: 1, citizen: false,
  };
}

/** Applies the queued entries of this complaint (in order) to its last known state. */
export function project(base: FieldComplaint, entries: readonly QueueEntry[], roles: readonly ComplaintRole[], actorName = '我'): FieldComplaint {
  const mine = entries.filter((e) => e.group === base.id && e.kind !== 'report' && isComplaintEntry(e));
  if (mine.length === 0 && !base.local) return base;
  const c: FieldComplaint = { ...base, events: [...base.events], photos: [...base.photos], pending: base.pending + mine.length };
  for (const e of mine) {
    if (e.kind === 'photo') {
      const stage = (e.query?.stage ?? 'before') as PhotoStage;
      c.photos.push({ key: e.id, stage, stageLabel: STAGE_LABELS[stage] ?? stage, url: null, entryId: e.id, takenAt: String(e.query?.takenAt ?? e.createdAt) });
      c.events.push({ key: e.id, label: `上传${STAGE_LABELS[stage] ?? ''}照片`, at: e.createdAt, actorName, note: null, pending: true });
      continue;
    }
    const body = e.body as { action: ComplaintAction; note?: string; reason?: string; extensionDays?: number };
    const plan = planComplaintAction(c.status, body.action, {
      roles, reason: body.reason ?? null, extensionPending: c.extensionPending, contacted: c.contactedAt !== null,
    });
    if (plan.ok) {
      if (plan.to) c.status = plan.to;
      if (body.action === 'contact') c.contactedAt = e.createdAt;
      if (body.action === 'handle') c.handlingNote = body.note ?? null;
      if (body.action === 'request_extension') c.extensionPending = true;
    }
    const extra = body.action === 'request_extension' && body.extensionDays ? `延期${body.extensionDays}个工作日：` : '';
    c.events.push({
      key: e.id, label: COMPLAINT_ACTION_LABELS[body.action] ?? body.action, at: e.createdAt, actorName,
      note: [extra + (body.reason ?? ''), body.note].filter(Boolean).join('；') || null, pending: true,
    });
  }
  c.statusLabel = STATUS_LABELS[c.status];
  // The server's buttons describe the state before the queued steps: decide them here by the same rules.
  c.actions = availableComplaintActions(c.status, { roles, extensionPending: c.extensionPending, contacted: c.contactedAt !== null })
    // 巡查发现 has no citizen to call.
    .filter((a) => FIELD_ACTIONS.includes(a) && (c.citizen || a !== 'contact'))
    .map((a) => ({ action: a, label: COMPLAINT_ACTION_LABELS[a], reasonRequired: a === 'return' || a === 'request_extension' }));
  return c;
}

/** 超期 / 临期 against the phone's clock (the cached copy may be hours old). */
export function dueStateOf(c: Pick<FieldComplaint, 'status' | 'dueAt'>, now = Date.now()): DueState {
  if (DONE.includes(c.status) || !c.dueAt) return 'done';
  const due = Date.parse(c.dueAt);
  if (due < now) return 'overdue';
  return due - now <= NEAR_DUE_MS ? 'near' : 'normal';
}

/** Great-circle distance in metres. */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(r(b.lat - a.lat) / 2) ** 2 + Math.cos(r(a.lat)) * Math.cos(r(b.lat)) * Math.sin(r(b.lon - a.lon) / 2) ** 2;
  return Math.round(2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h))));
}

export function fmtDistance(m: number): string {
  return m < 1000 ? `${m}米` : `${(m / 1000).toFixed(m < 10_000 ? 1 : 0)}公里`;
}

// ---------- 勤务日志 ----------

/** What POST /api/duty/my/logs gets; `at` is when the officer wrote it (the server accepts up to 24 h late). */
export interface DutyLogBody {
  text: string;
  shiftId?: string;
  lat?: number;
  lon?: number;
  at: string;
}

export interface FieldLogPhoto {
  key: string;
  /** Server URL; null for a photo still on the phone (the page shows its local blob). */
  url: string | null;
  /** The queue entry of a photo not uploaded yet. */
  entryId: string | null;
}

export interface FieldLogEntry {
  /** The server's id, or the local id of one written offline. */
  id: string;
  /** Written on this phone and not on the server yet (待同步). */
  local: boolean;
  text: string;
  at: string;
  shiftId: string | null;
  shiftName: string | null;
  lat: number | null;
  lon: number | null;
  photos: FieldLogPhoto[];
  /** Queue entries of this log entry still waiting (itself and/or photos). */
  pending: number;
}

/** The log entry's body from the form: trimmed text, the shift only when chosen, the position only when known. */
export function dutyLogBody(input: { text: string; shiftId?: string | null }, fix: { lat: number; lon: number } | null, at: Date): DutyLogBody {
  return {
    text: input.text.trim(),
    ...(input.shiftId ? { shiftId: input.shiftId } : {}),
    ...(fix ? { lat: fix.lat, lon: fix.lon } : {}),
    at: at.toISOString(),
  };
}

function queuedPhotos(entries: readonly QueueEntry[], group: string): FieldLogPhoto[] {
  return entries.filter((e) => e.kind === 'duty_log_photo' && e.group === group).map((e) => ({ key: e.id, url: null, entryId: e.id }));
}

/**
 * Today's 勤务日志 as the phone shows them: the server's copies with photos still queued for them, plus entries written
 * offline (with their queued photos); newest first.
 */
export function projectLogEntries(server: readonly LogEntryView[], entries: readonly QueueEntry[], shiftNames: Readonly<Record<string, string>> = {}): FieldLogEntry[] {
  const list: FieldLogEntry[] = server.map((v) => {
    const queued = queuedPhotos(entries, v.id);
    return {
      id: v.id, local: false, text: v.text, at: v.at, shiftId: v.shiftId, shiftName: v.shiftName, lat: v.lat, lon: v.lon,
      photos: [...v.photos.map((p) => ({ key: p.id, url: p.url, entryId: null })), ...queued], pending: queued.length,
    };
  });
  for (const e of entries) {
    if (e.kind !== 'duty_log') continue;
    const body = e.body as DutyLogBody;
    const id = e.creates ?? e.group;
    const photos = queuedPhotos(entries, id);
    list.push({
      id, local: true, text: body.text, at: body.at ?? e.createdAt, shiftId: body.shiftId ?? null,
      shiftName: body.shiftId ? shiftNames[body.shiftId] ?? (typeof e.meta?.shiftName === 'string' ? e.meta.shiftName : null) : null,
      lat: body.lat ?? null, lon: body.lon ?? null, photos, pending: 1 + photos.length,
    });
  }
  return list.sort((a, b) => b.at.localeCompare(a.at));
}

/** The shift a new log entry goes under by default: the one running now, else the next today, else the last one. */
export function currentShiftId(shifts: readonly Pick<MyShift, 'id' | 'startsAt' | 'endsAt'>[], now = Date.now()): string | null {
  const t = (v: string) => Date.parse(v);
  const running = shifts.find((s) => t(s.startsAt) <= now && now < t(s.endsAt));
  if (running) return running.id;
  const next = [...shifts].filter((s) => t(s.startsAt) > now).sort((a, b) => t(a.startsAt) - t(b.startsAt))[0];
  if (next) return next.id;
  const last = [...shifts].sort((a, b) => t(b.endsAt) - t(a.endsAt))[0];
  return last?.id ?? null;
}
