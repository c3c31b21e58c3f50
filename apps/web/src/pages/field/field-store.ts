// State of the field app's 诉件 part, one per signed-in user for the life of the page (it survives moving between
// /field and /field/complaints/…): the offline queue, and the last copies of 我的诉件, their details and the category
// tree kept in IndexedDB, so the officer can open and work them in a dead zone (an "offline shortlist").
// Every action and photo goes through the queue, online too; pages read projected copies (field-model.ts).
// The 勤务日志 of the 勤务 page share the queue (one 待同步 count, one sync): a log entry written in a dead zone is kept with
// its photos, which wait for the created entry's id, and today's copy of 我的勤务 is kept too (for the shift choice).
import { useMemo, useSyncExternalStore } from 'react';
import { COMPLAINT_ACTION_LABELS, shanghaiDate, type ComplaintAction, type ComplaintRole } from '@cg/domain';
import { isApiError } from '../../api/client';
import {
  complaintApi, type CategoryView, type ComplaintDetail, type ComplaintView, type DuplicateCandidate, type PhotoStage,
} from '../../api/complaints';
import { dutyApi, type LogEntryView, type MyToday } from '../../api/duty';
import type { Me } from '../../api/types';
import { useMe } from '../../auth/auth-context';
import {
  browserLock, fetchTransport, idbKv, indexedDbQueueStorage, MemoryQueueStorage, OfflineQueue, uuid, type FailedEntry, type QueueEvent,
  type QueueSnapshot,
} from '../../lib/offline-queue';
import {
  dutyLogBody, FIELD_OPEN_STATUSES, fromReport, fromServer, isComplaintEntry, project, projectLogEntries, rolesOf, STAGE_LABELS,
  type FieldComplaint, type FieldLogEntry, type ReportBody,
} from './field-model';
import { currentFix } from './use-geo-fix';

export type FieldNotice =
  | { type: 'rejected'; failure: FailedEntry }
  | { type: 'created'; localId: string; id: string; code: string; duplicates: DuplicateCandidate[] };

export interface ActionFields {
  note?: string;
  reason?: string;
  extensionDays?: number;
}

const LIST_PAGE_SIZE = 200;
/** Details fetched ahead per list refresh (so they open offline), newest changes first. */
const PREFETCH_LIMIT = 30;

const isLocal = (id: string) => id.startsWith('local-');
const pathId = (id: string) => (isLocal(id) ? `{${id}}` : encodeURIComponent(id));

export class FieldStore {
  readonly queue: OfflineQueue;
  readonly roles: ComplaintRole[];
  list: ComplaintView[] | null = null;
  listFetchedAt: string | null = null;
  listLoading = false;
  listError: unknown = null;
  categories: CategoryView[] | null = null;
  categoriesError: unknown = null;
  /** 我的勤务 today (last server copy, kept for dead zones); loaded once a page asks for it. */
  today: MyToday | null = null;
  todayLoading = false;
  todayError: unknown = null;
  private wantsToday = false;
  private logsSent = false;
  private details = new Map<string, ComplaintDetail>();
  private detailErrors = new Map<string, unknown>();
  private photoUrls = new Map<string, string>();
  private loadingPhotos = new Set<string>();
  private touched = new Set<string>();
  private viewing = new Map<string, number>();
  private prefetching = false;
  private snap: QueueSnapshot;
  private rev = 0;
  private listeners = new Set<() => void>();
  private noticeListeners = new Set<(n: FieldNotice) => void>();
  private cleanups: (() => void)[] = [];
  private startPromise: Promise<void> | null = null;
  private readonly persist: boolean;
  private readonly prefix: string;
  private readonly handlesComplaints: boolean;

  constructor(readonly me: Me) {
    this.roles = rolesOf(me.permissions);
    this.handlesComplaints = me.permissions.includes('complaint.read');
    this.persist = idbKv.available();
    this.prefix = `field:${me.id}`;
    this.queue = new OfflineQueue({
      storage: this.persist ? indexedDbQueueStorage(me.id) : new MemoryQueueStorage(),
      transport: fetchTransport,
      lock: browserLock(),
    });
    this.snap = this.queue.snapshot();
  }

  // ---------- subscription (useSyncExternalStore) ----------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getRevision = (): number => this.rev;

  onNotice(listener: (n: FieldNotice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  private bump() {
    this.rev += 1;
    for (const l of this.listeners) l();
  }

  get queueState(): QueueSnapshot {
    return this.snap;
  }

  // ---------- life cycle ----------

  start(): Promise<void> {
    if (!this.startPromise) this.startPromise = this.doStart();
    return this.startPromise;
  }

  private async doStart() {
    this.cleanups.push(this.queue.subscribe((s) => {
      this.snap = s;
      this.dropStalePhotoUrls();
      this.bump();
    }));
    this.cleanups.push(this.queue.on((e) => this.onQueueEvent(e)));
    await this.queue.init().catch((e: unknown) => console.warn('[field] queue', e));
    await this.loadCache().catch((e: unknown) => console.warn('[field] cache', e));
    this.bump();
    await this.queue.start().catch((e: unknown) => console.warn('[field] queue', e));
    const onOnline = () => {
      if (this.wantsToday) void this.refreshToday();
      if (!this.handlesComplaints) return;
      void this.refreshList();
      if (!this.categories) void this.loadCategories();
    };
    window.addEventListener('online', onOnline);
    this.cleanups.push(() => window.removeEventListener('online', onOnline));
    // Timers sleep while the phone is locked: try again as soon as the officer looks at it.
    const onVisible = () => { if (document.visibilityState === 'visible') void this.queue.syncNow(); };
    document.addEventListener('visibilitychange', onVisible);
    this.cleanups.push(() => document.removeEventListener('visibilitychange', onVisible));
    if (navigator.onLine && this.handlesComplaints) {
      void this.refreshList();
      void this.loadCategories();
    }
  }

  dispose(): void {
    for (const c of this.cleanups.splice(0)) c();
    this.queue.stop();
    for (const url of this.photoUrls.values()) URL.revokeObjectURL(url);
    this.photoUrls.clear();
    this.listeners.clear();
    this.noticeListeners.clear();
  }

  // ---------- cache ----------

  private key(name: string) {
    return `${this.prefix}:${name}`;
  }

  private async loadCache() {
    if (!this.persist) return;
    const cached = await idbKv.get<{ items: ComplaintView[]; fetchedAt: string }>(this.key('list'));
    if (cached && !this.list) {
      this.list = cached.items;
      this.listFetchedAt = cached.fetchedAt;
    }
    const ids = new Set([...(this.list ?? []).map((c) => c.id), ...this.queue.snapshot().entries.filter(isComplaintEntry).map((e) => e.group)]);
    for (const id of ids) {
      if (isLocal(id) || this.details.has(id)) continue;
      const d = await idbKv.get<ComplaintDetail>(this.key(`detail:${id}`));
      if (d) this.details.set(id, d);
    }
    const cats = await idbKv.get<CategoryView[]>('field:categories');
    if (cats && !this.categories) this.categories = cats;
    const today = await idbKv.get<MyToday>(this.key('duty-today'));
    // Yesterday's copy would show yesterday's shifts and log as today's.
    if (today && !this.today && today.date === shanghaiDate(new Date())) this.today = today;
  }

  private save(name: string, value: unknown) {
    if (this.persist) void idbKv.set(this.key(name), value).catch((e: unknown) => console.warn('[field] save', e));
  }

  // ---------- server copies ----------

  async refreshList(): Promise<void> {
    if (this.listLoading) return;
    this.listLoading = true;
    this.bump();
    try {
      const page = await complaintApi.list({ status: 'open', unitId: this.me.unit.id, pageSize: LIST_PAGE_SIZE, sort: 'dueAt' });
      this.list = page.items;
      this.listFetchedAt = new Date().toISOString();
      this.listError = null;
      this.save('list', { items: page.items, fetchedAt: this.listFetchedAt });
      this.forgetStaleDetails();
    } catch (e) {
      this.listError = e;
    } finally {
      this.listLoading = false;
      this.bump();
    }
    // Fetch ahead the details that changed, so they open in a dead zone.
    if (this.prefetching) return;
    this.prefetching = true;
    try {
      const stale = (this.list ?? []).filter((c) => FIELD_OPEN_STATUSES.includes(c.status) && this.details.get(c.id)?.version !== c.version);
      for (const c of stale.slice(0, PREFETCH_LIMIT)) await this.refreshDetail(c.id, true);
    } finally {
      this.prefetching = false;
    }
  }

  /** A page shows this complaint: keep its copy even when it leaves the open list (e.g. just handled). */
  view(id: string): () => void {
    this.viewing.set(id, (this.viewing.get(id) ?? 0) + 1);
    return () => {
      const n = (this.viewing.get(id) ?? 1) - 1;
      if (n > 0) this.viewing.set(id, n);
      else this.viewing.delete(id);
    };
  }

  async refreshDetail(id: string, quiet = false): Promise<void> {
    if (isLocal(id)) return;
    try {
      this.accept(await complaintApi.get(id));
      this.detailErrors.delete(id);
    } catch (e) {
      if (isApiError(e) && (e.status === 404 || e.status === 403)) {
        this.details.delete(id);
        if (this.persist) void idbKv.delete(this.key(`detail:${id}`));
      }
      if (!quiet) this.detailErrors.set(id, e);
    }
    this.bump();
  }

  detailError(id: string): unknown {
    return this.detailErrors.get(id);
  }

  async loadCategories(): Promise<void> {
    try {
      const { items } = await complaintApi.categories();
      this.categories = items;
      this.categoriesError = null;
      if (this.persist) void idbKv.set('field:categories', items);
    } catch (e) {
      this.categoriesError = e;
    }
    this.bump();
  }

  /** A newer server copy (an answer of the queue or a fetch) replaces the cached one; an older replay does not. */
  private accept(d: ComplaintDetail) {
    const cur = this.details.get(d.id);
    if (cur && cur.version > d.version) return;
    // Answers of the queue carry extras (replayed, possibleDuplicates) that are no part of the copy.
    const clean = { ...d } as ComplaintDetail & { possibleDuplicates?: unknown };
    delete clean.replayed;
    delete clean.possibleDuplicates;
    this.details.set(d.id, clean);
    this.save(`detail:${d.id}`, clean);
    if (this.list) {
      const i = this.list.findIndex((c) => c.id === d.id);
      if (i >= 0 && this.list[i].version <= d.version) this.list = this.list.map((c, j) => (j === i ? clean : c));
      else if (i < 0 && FIELD_OPEN_STATUSES.includes(d.status)) this.list = [...this.list, clean];
      this.save('list', { items: this.list, fetchedAt: this.listFetchedAt });
    }
  }

  /** Details of complaints that left the list (handled, moved away) are not kept, unless the queue still works them. */
  private forgetStaleDetails() {
    const keep = new Set([...(this.list ?? []).map((c) => c.id), ...this.snap.entries.map((e) => e.group), ...this.viewing.keys()]);
    for (const id of [...this.details.keys()]) {
      if (keep.has(id)) continue;
      this.details.delete(id);
      if (this.persist) void idbKv.delete(this.key(`detail:${id}`));
    }
  }

  // ---------- 我的勤务 today ----------

  /** Loads 我的勤务 today (the 勤务 page calls it on open; later also on every return of the network). */
  async refreshToday(): Promise<void> {
    this.wantsToday = true;
    if (this.todayLoading) return;
    this.todayLoading = true;
    this.bump();
    try {
      const today = await dutyApi.myToday();
      this.today = today;
      this.todayError = null;
      this.save('duty-today', today);
    } catch (e) {
      this.todayError = e;
    } finally {
      this.todayLoading = false;
      this.bump();
    }
  }

  /** The server's answer for a log entry (created, or a photo added) replaces today's copy of it. */
  private acceptLog(v: LogEntryView) {
    if (!this.today) return;
    const rest = this.today.logEntries.filter((x) => x.id !== v.id);
    this.today = { ...this.today, logEntries: [v, ...rest].sort((a, b) => b.at.localeCompare(a.at)) };
    this.save('duty-today', this.today);
  }

  private onQueueEvent(e: QueueEvent) {
    if (e.type === 'sent' && !isComplaintEntry(e.entry)) {
      const body = e.body as LogEntryView | null;
      if (body && typeof body === 'object' && typeof body.id === 'string' && Array.isArray(body.photos)) this.acceptLog(body);
      this.logsSent = true;
      this.bump();
    } else if (e.type === 'sent') {
      const body = e.body as (ComplaintDetail & { possibleDuplicates?: DuplicateCandidate[] }) | null;
      if (body && typeof body === 'object' && typeof body.id === 'string' && Array.isArray(body.events) && typeof body.version === 'number') {
        this.accept(body);
        this.touched.add(body.id);
        if (e.entry.kind === 'report' && e.entry.creates) {
          this.notice({ type: 'created', localId: e.entry.creates, id: body.id, code: body.code, duplicates: body.possibleDuplicates ?? [] });
        }
      }
      this.bump();
    } else if (e.type === 'rejected') {
      if (!isLocal(e.failure.entry.group) && isComplaintEntry(e.failure.entry)) this.touched.add(e.failure.entry.group);
      this.notice({ type: 'rejected', failure: e.failure });
    } else if (e.type === 'drained') {
      // Everything is through: read the server's truth again (replays answer with old copies).
      const ids = [...this.touched];
      this.touched.clear();
      if (this.logsSent) {
        this.logsSent = false;
        if (this.wantsToday) void this.refreshToday();
      }
      if (!this.handlesComplaints) return;
      void (async () => {
        for (const id of ids) await this.refreshDetail(id, true);
        await this.refreshList();
      })();
    }
  }

  private notice(n: FieldNotice) {
    for (const l of this.noticeListeners) l(n);
  }

  // ---------- what the pages show ----------

  /** The created id of a complaint reported offline, once the server has it. */
  resolvedId(localId: string): string | null {
    return this.snap.resolved[localId] ?? null;
  }

  /** The failure of a report that never made it (for its page). */
  failedReport(localId: string): FailedEntry | null {
    return this.snap.failed.find((f) => f.entry.creates === localId) ?? null;
  }

  complaint(id: string): FieldComplaint | null {
    const entries = this.snap.entries;
    if (isLocal(id)) {
      const report = entries.find((e) => e.kind === 'report' && e.creates === id);
      return report ? project(fromReport(report, this.me.displayName), entries, this.roles, this.me.displayName) : null;
    }
    const detail = this.details.get(id);
    const item = this.list?.find((c) => c.id === id);
    const base = detail && (!item || detail.version >= item.version) ? detail : item ?? detail;
    return base ? project(fromServer(base), entries, this.roles, this.me.displayName) : null;
  }

  /** 我的诉件: reported-here ones first, then by deadline. */
  complaints(): FieldComplaint[] {
    const entries = this.snap.entries;
    const local = entries.filter((e) => e.kind === 'report' && e.creates).map((e) => this.complaint(e.creates!)).filter((c): c is FieldComplaint => c !== null);
    const ids = new Set<string>();
    for (const c of this.list ?? []) if (FIELD_OPEN_STATUSES.includes(c.status)) ids.add(c.id);
    for (const e of entries) if (isComplaintEntry(e) && !isLocal(e.group) && (this.details.has(e.group) || this.list?.some((c) => c.id === e.group))) ids.add(e.group);
    const server = [...ids].map((id) => this.complaint(id)).filter((c): c is FieldComplaint => c !== null)
      .sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
    return [...local, ...server];
  }

  /** Object URL of a queued photo's local bytes (loads it on first ask). */
  photoUrl(entryId: string): string | null {
    const url = this.photoUrls.get(entryId);
    if (url) return url;
    if (!this.loadingPhotos.has(entryId)) {
      this.loadingPhotos.add(entryId);
      void this.queue.blob(entryId).then((blob) => {
        this.loadingPhotos.delete(entryId);
        if (blob && this.snap.entries.some((e) => e.id === entryId)) {
          this.photoUrls.set(entryId, URL.createObjectURL(blob));
          this.bump();
        }
      });
    }
    return null;
  }

  private dropStalePhotoUrls() {
    const live = new Set(this.snap.entries.map((e) => e.id));
    for (const [id, url] of this.photoUrls) {
      if (live.has(id)) continue;
      URL.revokeObjectURL(url);
      this.photoUrls.delete(id);
    }
  }

  // ---------- what the officer does (all through the queue) ----------

  private label(id: string, what: string) {
    const c = this.complaint(id);
    return `${what} · ${c ? (c.local ? `巡查发现（${c.categoryName}）` : c.code) : id.slice(0, 8)}`;
  }

  async act(id: string, action: ComplaintAction, fields: ActionFields = {}): Promise<void> {
    const fix = currentFix();
    const body = {
      action,
      ...(fields.note?.trim() ? { note: fields.note.trim() } : {}),
      ...(fields.reason?.trim() ? { reason: fields.reason.trim() } : {}),
      ...(fields.extensionDays ? { extensionDays: fields.extensionDays } : {}),
      ...(fix ?? {}),
    };
    await this.queue.enqueue({
      kind: 'action', group: id, path: `/api/complaints/${pathId(id)}/actions`, label: this.label(id, COMPLAINT_ACTION_LABELS[action]), body,
    });
  }

  async addPhoto(id: string, photo: { blob: Blob; name: string }, stage: PhotoStage): Promise<void> {
    const fix = currentFix();
    await this.queue.enqueue({
      kind: 'photo', group: id, path: `/api/complaints/${pathId(id)}/photos`, label: this.label(id, `${STAGE_LABELS[stage]}照片`),
      query: { stage, takenAt: new Date().toISOString(), ...(fix ?? {}) },
      file: { name: photo.name, blob: photo.blob },
    });
  }

  /** 巡查发现: the report, then its photos (which wait for the created id); returns the local id of the new complaint. */
  async report(input: ReportBody, categoryName: string, photos: { blob: Blob; name: string }[]): Promise<string> {
    const localId = `local-${uuid()}`;
    const body: ReportBody = {
      categoryCode: input.categoryCode, description: input.description.trim(), lat: input.lat, lon: input.lon,
      ...(input.address?.trim() ? { address: input.address.trim() } : {}),
    };
    await this.queue.enqueue({
      kind: 'report', group: localId, path: '/api/complaints/field', label: `上报诉件 · ${categoryName}`, body, creates: localId,
      meta: { categoryName },
    });
    for (const p of photos) await this.addPhoto(localId, p, 'before');
    return localId;
  }

  /** Today's 勤务日志: the server's with what still waits on the phone (待同步), newest first. */
  logEntries(): FieldLogEntry[] {
    const names = Object.fromEntries((this.today?.shifts ?? []).map((s) => [s.id, s.name]));
    return projectLogEntries(this.today?.logEntries ?? [], this.snap.entries, names);
  }

  /** 写勤务日志: the entry, then its photos (which wait for the created id); returns the local id of the entry. */
  async writeLog(input: { text: string; shiftId?: string | null }, photos: { blob: Blob; name: string }[]): Promise<string> {
    const localId = `local-${uuid()}`;
    const body = dutyLogBody(input, currentFix(), new Date());
    const shiftName = input.shiftId ? this.today?.shifts.find((s) => s.id === input.shiftId)?.name ?? null : null;
    const short = body.text.length > 12 ? `${body.text.slice(0, 12)}…` : body.text;
    await this.queue.enqueue({
      kind: 'duty_log', group: localId, path: dutyApi.logPath, label: `勤务日志 · ${short}`, body, creates: localId,
      ...(shiftName ? { meta: { shiftName } } : {}),
    });
    // logPhotoPath encodes its argument; the token's braces must stay as they are for the queue to fill in the id.
    const photoPath = dutyApi.logPhotoPath(localId).replace(localId, `{${localId}}`);
    for (const p of photos) {
      await this.queue.enqueue({
        kind: 'duty_log_photo', group: localId, path: photoPath, label: `勤务日志照片 · ${short}`, file: { name: p.name, blob: p.blob },
      });
    }
    return localId;
  }

  dismissFailed(entryId: string): Promise<void> {
    return this.queue.dismissFailed(entryId);
  }
}

let current: FieldStore | null = null;

/** The store of this user (a new sign-in as someone else gets a fresh one; queues are kept per user). */
export function fieldStoreFor(me: Me): FieldStore {
  if (current && current.me.id === me.id) return current;
  current?.dispose();
  current = new FieldStore(me);
  void current.start();
  return current;
}

/** The field store, re-rendering the caller on every change. */
export function useFieldStore(): FieldStore {
  const me = useMe();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const store = useMemo(() => fieldStoreFor(me), [me.id]);
  useSyncExternalStore(store.subscribe, store.getRevision);
  return store;
}
