// 执勤定位 on the phone: watches the browser's geolocation while the officer is on duty and reports fixes to the
// server (the same track tables as the vehicles). Fixes are queued in localStorage first and sent in batches, so a
// dead zone or a reload loses nothing; the server skips a fix it already has (same time), so resending is safe.
// One reporter per officer for the life of the page (dutyReporterFor): the app layout keeps it running while the
// officer moves between the field pages, and pauses it on logout.
import { trackingApi } from '../api/endpoints';
import type { OfficerPositionInput } from '../api/types';
import { isApiError } from '../api/client';
import { inShanghaiBox } from '@cg/domain';

/** A fix is kept when it is this much newer than the last kept one (phones report far more often). */
const MIN_INTERVAL_MS = 10_000;
const FLUSH_EVERY_MS = 15_000;
const MAX_BATCH = 100;
/** Older than the server's 补传 limit (7 days) is dropped rather than refused forever. */
const MAX_QUEUE_AGE_MS = 7 * 24 * 3600_000 - 3600_000;
const MAX_QUEUE = 5_000;

export interface DutyPositionState {
  on: boolean;
  /** Last fix from the phone. */
  last: { lat: number; lon: number; accuracyM: number; ts: string } | null;
  queued: number;
  lastSentAt: string | null;
  error: string | null;
}

type Listener = (s: DutyPositionState) => void;

export class DutyPositionReporter {
  private watchId: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private flushing = false;
  /** Bumped by suspend(): a flush in progress stops at its next step (another officer may log in on this phone). */
  private generation = 0;
  private lastKeptAt: number | null = null;
  private listeners = new Set<Listener>();
  private state: DutyPositionState;
  private readonly queueKey: string;
  private readonly onKey: string;

  constructor(private readonly officerKey: string, private readonly geo: Geolocation | undefined = globalThis.navigator?.geolocation) {
    this.queueKey = `cg.duty-position.queue.${officerKey}`;
    this.onKey = `cg.duty-position.on.${officerKey}`;
    this.state = { on: false, last: null, queued: this.readQueue().length, lastSentAt: null, error: null };
  }

  /** Whether the officer left reporting on (resume after a reload). */
  get wasOn(): boolean {
    return localStorage.getItem(this.onKey) === '1';
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<DutyPositionState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  private readQueue(): OfficerPositionInput[] {
    try {
      const raw = localStorage.getItem(this.queueKey);
      const list = raw ? (JSON.parse(raw) as OfficerPositionInput[]) : [];
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }

  private writeQueue(list: OfficerPositionInput[]) {
    const cutoff = Date.now() - MAX_QUEUE_AGE_MS;
    const kept = list.filter((p) => Date.parse(p.ts) > cutoff).slice(-MAX_QUEUE);
    localStorage.setItem(this.queueKey, JSON.stringify(kept));
    this.set({ queued: kept.length });
  }

  start(): void {
    if (this.watchId !== null) return;
    if (!this.geo) {
      this.set({ error: '此浏览器不支持定位' });
      return;
    }
    localStorage.setItem(this.onKey, '1');
    this.set({ on: true, error: null });
    this.watchId = this.geo.watchPosition(
      (pos) => this.onFix(pos),
      (err) => this.set({ error: err.code === err.PERMISSION_DENIED ? '定位权限被拒绝，请在浏览器设置中允许定位' : `定位失败：${err.message}` }),
      { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 },
    );
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    void this.flush();
  }

  stop(): void {
    if (this.watchId !== null) this.geo?.clearWatch(this.watchId);
    this.watchId = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    localStorage.removeItem(this.onKey);
    this.lastKeptAt = null;
    this.set({ on: false });
    void this.flush();
  }

  /**
   * Current fix (for steps reported with a position), if recent. A fix outside Shanghai is a GPS glitch: the step
   * matters more than where the phone thinks it is, so it goes without one rather than being refused.
   */
  currentFix(maxAgeMs = 120_000): { lat: number; lon: number } | null {
    const last = this.state.last;
    if (!last || Date.now() - Date.parse(last.ts) > maxAgeMs || !inShanghaiBox(last.lon, last.lat)) return null;
    return { lat: last.lat, lon: last.lon };
  }

  private onFix(pos: GeolocationPosition) {
    const fix: OfficerPositionInput = {
      lat: Number(pos.coords.latitude.toFixed(6)), lon: Number(pos.coords.longitude.toFixed(6)),
      accuracyM: Math.round(pos.coords.accuracy), ts: new Date(pos.timestamp || Date.now()).toISOString(),
      ...(pos.coords.speed != null && pos.coords.speed >= 0 ? { speedKmh: Math.round(pos.coords.speed * 3.6 * 10) / 10 } : {}),
      ...(pos.coords.heading != null && pos.coords.heading >= 0 && pos.coords.heading < 360 ? { heading: Math.round(pos.coords.heading) % 360 } : {}),
    };
    const first = this.lastKeptAt === null;
    this.set({ last: { lat: fix.lat, lon: fix.lon, accuracyM: fix.accuracyM ?? 0, ts: fix.ts }, error: null });
    if (!first && Date.parse(fix.ts) - this.lastKeptAt! < MIN_INTERVAL_MS) return;
    this.lastKeptAt = Date.parse(fix.ts);
    const queue = this.readQueue();
    queue.push(fix);
    this.writeQueue(queue);
    // The first fix goes out at once so the command room sees the officer immediately.
    if (first) void this.flush();
  }

  /** Sends what is queued, oldest first, in batches; keeps whatever could not be sent. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    const generation = this.generation;
    try {
      for (;;) {
        if (generation !== this.generation) return;
        const queue = this.readQueue();
        if (queue.length === 0) return;
        const batch = queue.slice(0, MAX_BATCH);
        try {
          await trackingApi.reportOfficerPosition(batch);
        } catch (e) {
          // A batch the server refuses as invalid would block the queue forever: drop it and say so.
          if (isApiError(e) && e.status === 400) {
            this.dropSent(batch);
            this.set({ error: `部分位置未被接受：${e.message}` });
            continue;
          }
          if (isApiError(e) && e.status === 401) {
            this.set({ error: '登录已失效，位置已缓存，重新登录后自动补传' });
            return;
          }
          if (isApiError(e) && (e.status === 403 || e.status === 409)) {
            // Retrying cannot help (the account has no officer or may not report): turn reporting off, keep the queue.
            this.suspend();
            localStorage.removeItem(this.onKey);
            this.set({ on: false, error: `当前账号不能上报执勤位置：${e.message}` });
            return;
          }
          this.set({ error: '网络不可用，位置已缓存，恢复后自动补传' });
          return;
        }
        this.dropSent(batch);
        this.set({ lastSentAt: new Date().toISOString(), error: null });
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Only what was sent leaves the queue: fixes may have been queued meanwhile. */
  private dropSent(batch: OfficerPositionInput[]) {
    const sent = new Set(batch.map((p) => p.ts));
    this.writeQueue(this.readQueue().filter((p) => !sent.has(p.ts)));
  }

  /** Stops watching and sending without turning reporting off: it resumes on the next start (logout, then login). */
  suspend(): void {
    this.generation++;
    if (this.watchId !== null) this.geo?.clearWatch(this.watchId);
    if (this.timer) clearInterval(this.timer);
    this.watchId = null;
    this.timer = null;
    this.lastKeptAt = null;
  }

  /** Starts again if the officer left reporting on (after a reload or a login), else sends what is still queued. */
  resume(): void {
    if (this.wasOn) this.start();
    else void this.flush();
  }
}

const reporters = new Map<string, DutyPositionReporter>();

/** The officer's one reporter, shared by the layout (which keeps it running) and the pages that show it. */
export function dutyReporterFor(officerId: string): DutyPositionReporter {
  let r = reporters.get(officerId);
  if (!r) {
    r = new DutyPositionReporter(officerId);
    reporters.set(officerId, r);
  }
  return r;
}
