// 诉件处置: types mirroring apps/server/src/modules/complaints (ComplaintView, ComplaintDetail, CategoryView …) and one
// small function per route. Shared by the desk pages and the phone field app — keep exported names stable.
import type { ArchiveCheck, CalendarDay, ComplaintAction, TimeLimit } from '@cg/domain';
import { http } from './client';
import type { Paged } from './types';

const enc = encodeURIComponent;

export const COMPLAINT_STATUSES = ['accepted', 'dispatched', 'signed', 'handling', 'handled', 'replied', 'closed', 'returned'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_SOURCES = ['clerk', 'field', '12345', 'other'] as const;
export type ComplaintSource = (typeof COMPLAINT_SOURCES)[number];
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
export const PHOTO_STAGES = ['intake', 'before', 'after'] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];
export type DueState = 'done' | 'overdue' | 'near' | 'normal';
export type { ComplaintAction };

/** A complaint as the list and the detail show it (the phone number masked for those who do not handle complaints). */
export interface ComplaintView {
  id: string; code: string; source: ComplaintSource; sourceLabel: string; externalSystem: string | null; externalNo: string | null;
  categoryId: string; categoryCode: string; categoryName: string; description: string; address: string | null;
  lat: number; lon: number; reporterName: string | null; reporterPhone: string | null; unitId: string; unitName: string;
  status: ComplaintStatus; statusLabel: string; receivedAt: string; contactDueAt: string; dueAt: string; closedAt: string | null;
  contactedAt: string | null; handledAt: string | null; repliedAt: string | null; handledOnTime: boolean | null;
  handlingNote: string | null; replyText: string | null; satisfaction: Satisfaction | null; satisfactionLabel: string | null;
  feedbackAt: string | null; reopenCount: number; returnCount: number; extensionPending: boolean; extensionRequestedDueAt: string | null;
  mergedIntoId: string | null; mergedIntoCode: string | null;
  /** Past the handling deadline and not yet handled. */
  overdue: boolean;
  /** done; overdue; near (due within 24 hours); normal. */
  dueState: DueState;
  createdByName: string; createdAt: string; version: number;
}

export interface ComplaintEvent {
  id: number; kind: string; kindLabel: string; at: string; actorName: string; fromStatus: string | null; toStatus: string | null;
  fromUnitName: string | null; toUnitName: string | null; note: string | null;
}

export interface ComplaintPhoto {
  id: string; stage: PhotoStage; stageLabel: string; fileName: string; mimeType: string; sizeBytes: number;
  /** Same-origin URL of the image (session cookie). */
  url: string;
  takenAt: string | null; lat: number | null; lon: number | null; uploadedByName: string; uploadedAt: string;
}

export interface ComplaintLink { id: string; code: string; kind: 'duplicate' | 'merged'; status: ComplaintStatus; statusLabel: string }

export interface ComplaintAvailableAction { action: ComplaintAction; label: string; reasonRequired: boolean }

export interface ComplaintDetail extends ComplaintView {
  events: ComplaintEvent[];
  photos: ComplaintPhoto[];
  links: ComplaintLink[];
  /** The buttons this user may press now. */
  availableActions: ComplaintAvailableAction[];
  /** 一事一档 completeness. */
  archive: ArchiveCheck;
  canReroute: boolean; canMerge: boolean; canRecordFeedback: boolean;
  /** Set on answers to idempotent requests (actions, photos) that were replays. */
  replayed?: boolean;
}

export interface CategoryView {
  id: string; code: string; parentId: string | null; name: string; fullName: string;
  contactLimit: TimeLimit & { label: string }; handleLimit: TimeLimit & { label: string };
  active: boolean; builtin: boolean; sortOrder: number; children?: CategoryView[];
}

export interface DuplicateCandidate {
  id: string; code: string; status: ComplaintStatus; statusLabel: string; description: string; address: string | null;
  unitName: string; receivedAt: string; closedAt: string | null; distanceM: number;
}

export type IntakeResult = ComplaintDetail & { possibleDuplicates: DuplicateCandidate[]; replayed: boolean };

export interface ComplaintListQuery {
  page?: number; pageSize?: number; sort?: string;
  unitId?: string; status?: ComplaintStatus | 'open'; categoryId?: string; source?: ComplaintSource;
  overdue?: boolean; q?: string; receivedFrom?: string; receivedTo?: string;
}

export interface ComplaintInput {
  categoryId?: string; categoryCode?: string; description: string; address?: string | null; lat: number; lon: number;
  reporterName?: string | null; reporterPhone?: string | null;
  /** ISO 8601 with offset; now when absent. */
  receivedAt?: string;
  /** Only for a point outside every jurisdiction: the squadron to take it. */
  unitId?: string;
}

export interface ComplaintActionInput {
  action: ComplaintAction; reason?: string; note?: string; replyText?: string; extensionDays?: number;
  /** The version the user saw: a stale page gets 409. */
  version?: number; lat?: number; lon?: number;
}

export interface DuplicateQuery { lat: number; lon: number; categoryId?: string; categoryCode?: string }

export interface PhotoUploadMeta { stage: PhotoStage; takenAt?: string; lat?: number; lon?: number }

export type CalendarEntry = CalendarDay & { updatedByName: string | null };

/** One function per route of complaints.routes.ts / complaint-actions.routes.ts (no Idempotency-Key header: http has none). */
export const complaintApi = {
  list: (query: ComplaintListQuery, signal?: AbortSignal) => http.get<Paged<ComplaintView> & { totalCapped?: boolean }>('/complaints', query, signal),
  get: (id: string, signal?: AbortSignal) => http.get<ComplaintDetail>(`/complaints/${enc(id)}`, undefined, signal),
  categories: (includeInactive = false, signal?: AbortSignal) =>
    http.get<{ items: CategoryView[] }>('/complaints/categories', includeInactive ? { includeInactive: 'true' } : undefined, signal),
  duplicates: (query: DuplicateQuery, signal?: AbortSignal) =>
    http.get<{ radiusM: number; items: DuplicateCandidate[] }>('/complaints/duplicates', query, signal),
  create: (input: ComplaintInput) => http.post<IntakeResult>('/complaints', input),
  /** 巡查发现 reported by an officer (complaint.handle): routed, dispatched and signed by the reporter at once. */
  reportField: (input: Omit<ComplaintInput, 'unitId'>) => http.post<IntakeResult>('/complaints/field', input),
  action: (id: string, input: ComplaintActionInput) => http.post<ComplaintDetail>(`/complaints/${enc(id)}/actions`, input),
  feedback: (id: string, input: { satisfaction: Satisfaction; note?: string }) =>
    http.post<ComplaintDetail>(`/complaints/${enc(id)}/feedback`, input),
  reroute: (id: string, input: { unitId: string; reason: string }) => http.post<ComplaintDetail>(`/complaints/${enc(id)}/reroute`, input),
  merge: (id: string, input: { intoId: string; reason?: string }) => http.post<ComplaintDetail>(`/complaints/${enc(id)}/merge`, input),
  link: (id: string, otherId: string) => http.post<ComplaintDetail>(`/complaints/${enc(id)}/links`, { otherId }),
  uploadPhoto: (id: string, file: Blob, meta: PhotoUploadMeta, fileName = file instanceof File ? file.name : 'photo.jpg') => {
    const form = new FormData();
    form.append('file', file, fileName);
    return http.upload<ComplaintDetail>(`/complaints/${enc(id)}/photos`, form, meta);
  },
  photoUrl: (id: string, photoId: string) => `/api/complaints/${enc(id)}/photos/${enc(photoId)}`,
  archivePdf: (id: string, code: string) => http.download(`/complaints/${enc(id)}/archive.pdf`, undefined, `${code}-一事一档.pdf`),
  calendar: (year?: number, signal?: AbortSignal) =>
    http.get<{ year: number; days: CalendarEntry[] }>('/complaints/calendar', { year }, signal),
  setCalendarDay: (date: string, input: { kind: 'holiday' | 'workday'; name: string }) =>
    http.put<CalendarDay>(`/complaints/calendar/${enc(date)}`, input),
  removeCalendarDay: (date: string) => http.delete<{ date: string; removed: true }>(`/complaints/calendar/${enc(date)}`),
};
