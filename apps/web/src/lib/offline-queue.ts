// Offline queue of the field app (移动执勤): every action the officer takes on the phone becomes an entry that is
// persisted first and sent later, in order, exactly once. The entry id travels as the `Idempotency-Key`, so a resend
// after a dead zone, a crash or a reload gets the server's first answer instead of a second write.
// - A network failure, a 5xx, 408 or 429 keeps the entry (retried with backoff); a 401 keeps everything until the
//   officer signs in again; any other 4xx is a permanent rejection: the entry leaves the queue and is listed as failed
//   with the server's message, never dropped silently.
// - Entries of one group (one complaint) go strictly first-in first-out; a group waiting for a retry does not hold up
//   the others.
// - An entry may depend on one created earlier in the queue (巡查发现 reported offline, then its photos): its path holds
//   the `{local-…}` token the creating entry names in `creates`; the created id is substituted (and persisted) when
//   that entry succeeds, so the dependants go to the right URL after any reload.
// Storage, transport, clock, timers and locks are injected: the browser uses IndexedDB and fetch, the unit tests an
// in-memory store and a fake server.

/** 诉件: action / photo / report (巡查发现); 勤务日志: duty_log and its duty_log_photo (waits for the entry's id). */
export type QueueEntryKind = 'action' | 'photo' | 'report' | 'duty_log' | 'duty_log_photo';

export interface QueueEntry {
  /** UUID; sent as the Idempotency-Key. */
  id: string;
  kind: QueueEntryKind;
  /** FIFO group (the complaint's or log entry's id, or the local id of one not yet created). */
  group: string;
  method: 'POST';
  /** May hold `{local-…}` tokens resolved from earlier entries (see `creates`). */
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  /** A photo: its bytes are stored apart (blob key = entry id). */
  file?: { name: string; type: string; size: number; field: string };
  /** This entry creates the record the local id stands for; its answer's `id` replaces `{<creates>}`. */
  creates?: string;
  /** What the officer did, for lists (签收 · TS…). */
  label: string;
  /** Free data for the page (e.g. the category name of a report), kept with the entry. */
  meta?: Record<string, unknown>;
  createdAt: string;
  attempts: number;
  lastError: string | null;
  lastTriedAt: string | null;
}

export interface FailedEntry {
  entry: QueueEntry;
  status: number;
  code: string;
  /** The server's (Chinese) message. */
  message: string;
  failedAt: string;
}

export interface QueueState {
  entries: QueueEntry[];
  failed: FailedEntry[];
  /** Local id → created id, kept so that pages and late entries naming the local id still find the record. */
  resolved: Record<string, string>;
}

export interface QueueStorage {
  read(): Promise<QueueState | null>;
  write(state: QueueState): Promise<void>;
  putBlob(key: string, blob: Blob): Promise<void>;
  getBlob(key: string): Promise<Blob | null>;
  deleteBlob(key: string): Promise<void>;
  blobKeys(): Promise<string[]>;
  /** Another tab changed the state (optional). */
  subscribe?(listener: () => void): () => void;
}

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  json?: unknown;
  file?: { field: string; name: string; blob: Blob };
}

/** Resolves with the HTTP answer (any status); rejects only when nothing came back (network down). */
export type Transport = (request: TransportRequest) => Promise<{ status: number; body: unknown }>;

export type LockFn = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

export interface QueueEnvironment {
  isOnline(): boolean;
  /** Calls back on 'online' / 'offline'; returns the unsubscribe. */
  onConnectivity(listener: (online: boolean) => void): () => void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  now(): number;
}

export type QueueEvent =
  | { type: 'sent'; entry: QueueEntry; body: unknown; replayed: boolean }
  | { type: 'rejected'; failure: FailedEntry }
  | { type: 'drained' };

export interface QueueSnapshot {
  ready: boolean;
  entries: readonly QueueEntry[];
  failed: readonly FailedEntry[];
  resolved: Readonly<Record<string, string>>;
  online: boolean;
  syncing: boolean;
  /** The session is gone (401): nothing is sent until the officer signs in again. */
  authRequired: boolean;
  /** When the next automatic try is due (ms since epoch), if one is scheduled. */
  nextRetryAt: number | null;
  lastSyncedAt: number | null;
}

export type NewQueueEntry = Pick<QueueEntry, 'kind' | 'group' | 'path' | 'label'> &
  Partial<Pick<QueueEntry, 'query' | 'body' | 'creates' | 'meta'>> & { file?: { name: string; field?: string; blob: Blob } };

export interface OfflineQueueOptions {
  storage: QueueStorage;
  transport: Transport;
  env?: Partial<QueueEnvironment>;
  lock?: LockFn;
  newId?: () => string;
}

const RETRY_BASE_MS = 5_000;
const RETRY_MAX_MS = 5 * 60_000;
/** While entries wait (e.g. offline with a wrong navigator.onLine), look again at least this often. */
const IDLE_POLL_MS = 60_000;
const MAX_FAILED_KEPT = 100;
const LOCAL_TOKEN = /\{(local-[A-Za-z0-9_-]+)\}/g;

/** Backoff after `failures` unsuccessful passes in a row: 5 s, 10 s, 20 s … capped at 5 minutes. */
export function retryDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(RETRY_BASE_MS * 2 ** (failures - 1), RETRY_MAX_MS);
}

/** What an HTTP status means for a queued entry. */
export function classifyStatus(status: number): 'ok' | 'retry' | 'auth' | 'rejected' {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401) return 'auth';
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'retry';
  return 'rejected';
}

/** RFC 4122 v4 id; getRandomValues works where randomUUID does not (plain http on a LAN). */
export function uuid(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The `{local-…}` tokens a path still waits for. */
export function localTokens(path: string): string[] {
  return [...path.matchAll(LOCAL_TOKEN)].map((m) => m[1]);
}

type SendOutcome = 'ok' | 'rejected' | 'retry' | 'network' | 'auth' | 'waiting';

const emptyState = (): QueueState => ({ entries: [], failed: [], resolved: {} });

function bodyMessage(body: unknown): { code: string; message: string } | null {
  if (body && typeof body === 'object') {
    const b = body as { code?: unknown; message?: unknown };
    if (typeof b.message === 'string' && b.message) return { code: typeof b.code === 'string' ? b.code : '', message: b.message };
  }
  return null;
}

const STATUS_TEXT: Record<number, string> = {
  400: '请求有误', 403: '没有权限执行此操作', 404: '记录不存在或不在您的管辖范围内', 409: '数据冲突', 413: '文件过大', 415: '不支持的文件类型',
  422: '数据校验未通过',
};

/** An in-process mutex per name (the browser adds the Web Locks API on top, across tabs). */
export function createMutex(): LockFn {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const prev = tails.get(name) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    tails.set(name, tail);
    void tail.then(() => { if (tails.get(name) === tail) tails.delete(name); });
    return run;
  };
}

export class OfflineQueue {
  private state: QueueState = emptyState();
  private ready = false;
  private syncing = false;
  private again = false;
  private running: Promise<void> | null = null;
  private authRequired = false;
  private failures = 0;
  private timer: unknown = null;
  private nextRetryAt: number | null = null;
  private lastSyncedAt: number | null = null;
  private started = false;
  private unsubscribers: (() => void)[] = [];
  private listeners = new Set<(s: QueueSnapshot) => void>();
  private eventListeners = new Set<(e: QueueEvent) => void>();
  private snap: QueueSnapshot;
  private readonly storage: QueueStorage;
  private readonly transport: Transport;
  private readonly env: QueueEnvironment;
  private readonly lock: LockFn;
  private readonly newId: () => string;

  constructor(options: OfflineQueueOptions) {
    this.storage = options.storage;
    this.transport = options.transport;
    this.lock = options.lock ?? createMutex();
    this.newId = options.newId ?? uuid;
    this.env = {
      isOnline: () => globalThis.navigator?.onLine ?? true,
      onConnectivity: (listener) => {
        if (typeof window === 'undefined') return () => undefined;
        const on = () => listener(true);
        const off = () => listener(false);
        window.addEventListener('online', on);
        window.addEventListener('offline', off);
        return () => { window.removeEventListener('online', on); window.removeEventListener('offline', off); };
      },
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      now: () => Date.now(),
      ...options.env,
    };
    this.snap = this.makeSnapshot();
  }

  /** Loads the persisted state (call once; `start` does). */
  async init(): Promise<void> {
    const stored = await this.storage.read();
    this.state = stored ? { ...emptyState(), ...stored } : emptyState();
    this.ready = true;
    this.emit();
  }

  /** Begins syncing: now, whenever the phone comes back online, and on a backoff timer while entries wait. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (!this.ready) await this.init();
    await this.removeOrphanBlobs();
    this.unsubscribers.push(this.env.onConnectivity((online) => {
      this.emit();
      if (online) { this.failures = 0; void this.syncNow(); }
    }));
    if (this.storage.subscribe) this.unsubscribers.push(this.storage.subscribe(() => void this.reload()));
    void this.syncNow();
  }

  stop(): void {
    this.started = false;
    for (const u of this.unsubscribers.splice(0)) u();
    if (this.timer !== null) this.env.clearTimer(this.timer);
    this.timer = null;
    this.nextRetryAt = null;
  }

  subscribe(listener: (s: QueueSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.snap);
    return () => this.listeners.delete(listener);
  }

  on(listener: (e: QueueEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  snapshot(): QueueSnapshot {
    return this.snap;
  }

  /** Re-reads the state another tab may have written. */
  async reload(): Promise<void> {
    const stored = await this.storage.read();
    this.state = stored ? { ...emptyState(), ...stored } : emptyState();
    this.emit();
  }

  /** Persists a new entry (its photo first) and tries to send it at once. */
  async enqueue(input: NewQueueEntry): Promise<QueueEntry> {
    const id = this.newId();
    const entry: QueueEntry = {
      id, kind: input.kind, group: input.group, method: 'POST', path: input.path, label: input.label,
      ...(input.query ? { query: input.query } : {}), ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.creates ? { creates: input.creates } : {}), ...(input.meta ? { meta: input.meta } : {}),
      ...(input.file ? { file: { name: input.file.name, type: input.file.blob.type, size: input.file.blob.size, field: input.file.field ?? 'file' } } : {}),
      createdAt: new Date(this.env.now()).toISOString(), attempts: 0, lastError: null, lastTriedAt: null,
    };
    const file = input.file;
    // The photo is stored under the same lock as the entry, so no orphan sweep (another tab starting) can fall between.
    await this.mutate((s) => {
      // A local id already created meanwhile: address the created record directly.
      const created = s.resolved[entry.group];
      if (created) entry.group = created;
      entry.path = entry.path.replace(LOCAL_TOKEN, (all, local: string) => s.resolved[local] ?? all);
      s.entries.push(entry);
    }, file ? () => this.storage.putBlob(id, file.blob) : undefined);
    void this.syncNow();
    return entry;
  }

  /** The stored photo of an entry (for a thumbnail while it waits). */
  blob(entryId: string): Promise<Blob | null> {
    return this.storage.getBlob(entryId);
  }

  /** The officer has read a failure. */
  async dismissFailed(entryId: string): Promise<void> {
    await this.mutate((s) => { s.failed = s.failed.filter((f) => f.entry.id !== entryId); });
  }

  /** Resolves when no pass is running (the one an enqueue started included). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Sends what can be sent now; resolves when the queue has done what it can (another pass runs if asked meanwhile). */
  syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async pass(): Promise<void> {
    if (!this.ready) await this.init();
    if (this.timer !== null) { this.env.clearTimer(this.timer); this.timer = null; this.nextRetryAt = null; }
    if (!this.env.isOnline()) {
      this.emit();
      this.schedule(IDLE_POLL_MS);
      return;
    }
    this.syncing = true;
    this.emit();
    let trouble = false;
    try {
      await this.lock('cg-offline-queue-sync', async () => {
        await this.reload();
        const blocked = new Set<string>();
        const tried = new Set<string>();
        for (;;) {
          const entry = this.state.entries.find((e) => !tried.has(e.id) && !blocked.has(e.group));
          if (!entry) break;
          tried.add(entry.id);
          let outcome: SendOutcome;
          try {
            outcome = await this.sendOne(entry);
          } catch (e) {
            // The local write failed (storage full, tab closing): the entry is still stored and goes again, same key.
            console.warn('[offline-queue]', e);
            trouble = true;
            break;
          }
          if (outcome === 'network' || outcome === 'auth') { trouble = true; break; }
          if (outcome === 'retry' || outcome === 'waiting') {
            if (outcome === 'retry') trouble = true;
            blocked.add(entry.group);
          }
        }
      });
    } finally {
      this.syncing = false;
    }
    if (!trouble) this.authRequired = false;
    this.failures = trouble ? this.failures + 1 : 0;
    if (this.state.entries.length === 0) {
      this.lastSyncedAt = this.env.now();
      this.emit();
      this.fire({ type: 'drained' });
      return;
    }
    this.schedule(trouble ? retryDelayMs(this.failures) : IDLE_POLL_MS);
    this.emit();
  }

  private async sendOne(entry: QueueEntry): Promise<SendOutcome> {
    const pending = localTokens(entry.path);
    if (pending.length > 0) {
      // Waits for the entry that creates the record; if that one failed for good, so does this.
      const creator = this.state.entries.find((e) => e.creates && pending.includes(e.creates));
      if (creator) return 'waiting';
      const failedCreator = this.state.failed.find((f) => f.entry.creates && pending.includes(f.entry.creates));
      await this.reject(entry, 0, 'DEPENDENCY_FAILED',
        failedCreator ? `所属的上报未成功（${failedCreator.message}），此项未提交` : '所属的上报记录已不存在，此项未提交');
      return 'rejected';
    }
    let blob: Blob | null = null;
    if (entry.file) {
      blob = await this.storage.getBlob(entry.id);
      if (!blob) {
        await this.reject(entry, 0, 'PHOTO_MISSING', '照片数据已丢失（手机存储被清理），请重新拍摄');
        return 'rejected';
      }
    }
    const url = entry.query ? `${entry.path}?${new URLSearchParams(Object.entries(entry.query).map(([k, v]) => [k, String(v)])).toString()}` : entry.path;
    const request: TransportRequest = {
      method: entry.method, url, headers: { 'Idempotency-Key': entry.id, Accept: 'application/json' },
      ...(blob && entry.file ? { file: { field: entry.file.field, name: entry.file.name, blob } } : { json: entry.body }),
    };
    const triedAt = new Date(this.env.now()).toISOString();
    let answer: { status: number; body: unknown };
    try {
      answer = await this.transport(request);
    } catch {
      await this.touch(entry.id, '网络不可用，恢复后自动重试', triedAt);
      return 'network';
    }
    const verdict = classifyStatus(answer.status);
    if (verdict === 'ok') {
      const id = answer.body && typeof answer.body === 'object' ? (answer.body as { id?: unknown }).id : undefined;
      if (entry.creates && typeof id !== 'string') {
        // The answer was cut off: without the new id the dependants cannot go; ask again (a replay brings the id).
        await this.touch(entry.id, '上报结果未完整收到，稍后重试', triedAt);
        return 'retry';
      }
      await this.succeed(entry, answer.body);
      return 'ok';
    }
    const msg = bodyMessage(answer.body);
    if (verdict === 'auth') {
      this.authRequired = true;
      await this.touch(entry.id, '登录已失效，请重新登录后自动同步', triedAt);
      return 'auth';
    }
    if (verdict === 'retry') {
      await this.touch(entry.id, msg?.message ?? (answer.status === 0 ? '网络不可用' : `服务器暂不可用（${answer.status}）`), triedAt);
      return answer.status === 0 ? 'network' : 'retry';
    }
    await this.reject(entry, answer.status, msg?.code || `HTTP_${answer.status}`, msg?.message ?? STATUS_TEXT[answer.status] ?? `请求被拒绝（${answer.status}）`);
    return 'rejected';
  }

  private async succeed(entry: QueueEntry, body: unknown): Promise<void> {
    const createdId = entry.creates ? (body as { id?: unknown }).id : undefined;
    await this.mutate((s) => {
      s.entries = s.entries.filter((e) => e.id !== entry.id);
      if (entry.creates && typeof createdId === 'string') {
        const local = entry.creates;
        s.resolved[local] = createdId;
        for (const e of s.entries) {
          e.path = e.path.split(`{${local}}`).join(createdId);
          if (e.group === local) e.group = createdId;
        }
      }
    });
    if (entry.file) await this.storage.deleteBlob(entry.id);
    const replayed = Boolean(body && typeof body === 'object' && (body as { replayed?: unknown }).replayed === true);
    this.fire({ type: 'sent', entry, body, replayed });
  }

  private async reject(entry: QueueEntry, status: number, code: string, message: string): Promise<void> {
    const failure: FailedEntry = { entry, status, code, message, failedAt: new Date(this.env.now()).toISOString() };
    await this.mutate((s) => {
      s.entries = s.entries.filter((e) => e.id !== entry.id);
      s.failed = [...s.failed, failure].slice(-MAX_FAILED_KEPT);
    });
    if (entry.file) await this.storage.deleteBlob(entry.id);
    this.fire({ type: 'rejected', failure });
  }

  private async touch(id: string, error: string, triedAt: string): Promise<void> {
    await this.mutate((s) => {
      const e = s.entries.find((x) => x.id === id);
      if (e) { e.attempts += 1; e.lastError = error; e.lastTriedAt = triedAt; }
    });
  }

  /** Read-modify-write of the persisted state (re-read first: another tab may have written). */
  private async mutate(fn: (s: QueueState) => void, before?: () => Promise<void>): Promise<void> {
    await this.lock('cg-offline-queue-state', async () => {
      if (before) await before();
      const fresh = (await this.storage.read()) ?? (this.ready ? this.state : emptyState());
      const next: QueueState = {
        entries: fresh.entries.map((e) => ({ ...e })), failed: [...fresh.failed], resolved: { ...fresh.resolved },
      };
      fn(next);
      await this.storage.write(next);
      this.state = next;
      this.ready = true;
    });
    this.emit();
  }

  private async removeOrphanBlobs(): Promise<void> {
    try {
      await this.lock('cg-offline-queue-state', async () => {
        const stored = (await this.storage.read()) ?? this.state;
        const live = new Set(stored.entries.filter((e) => e.file).map((e) => e.id));
        for (const key of await this.storage.blobKeys()) if (!live.has(key)) await this.storage.deleteBlob(key);
      });
    } catch {
      /* housekeeping only */
    }
  }

  private schedule(ms: number): void {
    if (!this.started) return;
    if (this.timer !== null) this.env.clearTimer(this.timer);
    this.nextRetryAt = this.env.now() + ms;
    this.timer = this.env.setTimer(() => {
      this.timer = null;
      this.nextRetryAt = null;
      void this.syncNow();
    }, ms);
  }

  private makeSnapshot(): QueueSnapshot {
    return {
      ready: this.ready, entries: this.state.entries, failed: this.state.failed, resolved: this.state.resolved,
      online: this.env.isOnline(), syncing: this.syncing, authRequired: this.authRequired, nextRetryAt: this.nextRetryAt,
      lastSyncedAt: this.lastSyncedAt,
    };
  }

  private emit(): void {
    this.snap = this.makeSnapshot();
    for (const l of this.listeners) l(this.snap);
  }

  private fire(e: QueueEvent): void {
    for (const l of this.eventListeners) {
      try { l(e); } catch (err) { console.warn('[offline-queue]', err); }
    }
  }
}

// ---------- storages ----------

/** Keeps everything in memory; the same instance handed to a second queue plays a reload. */
export class MemoryQueueStorage implements QueueStorage {
  state: QueueState | null = null;
  blobs = new Map<string, Blob>();
  /** Set to make the next write fail (a crash between the server's answer and the local write). */
  failNextWrite = false;

  async read(): Promise<QueueState | null> {
    return this.state ? structuredClone(this.state) : null;
  }
  async write(state: QueueState): Promise<void> {
    if (this.failNextWrite) {
      this.failNextWrite = false;
      throw new Error('storage write failed');
    }
    this.state = structuredClone(state);
  }
  async putBlob(key: string, blob: Blob): Promise<void> { this.blobs.set(key, blob); }
  async getBlob(key: string): Promise<Blob | null> { return this.blobs.get(key) ?? null; }
  async deleteBlob(key: string): Promise<void> { this.blobs.delete(key); }
  async blobKeys(): Promise<string[]> { return [...this.blobs.keys()]; }
}

const DB_NAME = 'cg-field';
const DB_VERSION = 1;
let dbPromise: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  if (!dbPromise) {
    dbPromise = new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
        if (!db.objectStoreNames.contains('blobs')) db.createObjectStore('blobs');
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB 打开失败'));
      req.onblocked = () => reject(new Error('IndexedDB 被占用'));
    }).catch((e: unknown) => {
      dbPromise = null;
      throw e;
    });
  }
  return dbPromise;
}

function idbRequest<T>(store: 'kv' | 'blobs', mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return openDb().then((db) => new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const req = fn(tx.objectStore(store));
    // Resolve on commit, not on the request: a write is durable only then.
    tx.oncomplete = () => resolve(req.result as T);
    tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB 写入失败'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB 事务中止'));
  }));
}

/** JSON values in IndexedDB (object store 'kv'); falls back to nothing when IndexedDB is unavailable. */
export const idbKv = {
  available: (): boolean => typeof indexedDB !== 'undefined',
  get: <T>(key: string): Promise<T | undefined> => idbRequest<T | undefined>('kv', 'readonly', (s) => s.get(key)),
  set: (key: string, value: unknown): Promise<void> => idbRequest<IDBValidKey>('kv', 'readwrite', (s) => s.put(value, key)).then(() => undefined),
  delete: (key: string): Promise<void> => idbRequest<undefined>('kv', 'readwrite', (s) => s.delete(key)).then(() => undefined),
};

/**
 * The browser's queue storage: the state as one IndexedDB value per user (written whole, so a write is atomic) and
 * each photo as bytes + type (stored as ArrayBuffer: older mobile Safari could not keep Blobs in IndexedDB).
 */
export function indexedDbQueueStorage(namespace: string): QueueStorage {
  const stateKey = `queue:${namespace}`;
  const blobKey = (k: string) => `${namespace}:${k}`;
  const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(`cg-queue-${namespace}`) : null;
  return {
    read: async () => (await idbKv.get<QueueState>(stateKey)) ?? null,
    write: async (state) => {
      await idbKv.set(stateKey, state);
      channel?.postMessage('changed');
    },
    putBlob: async (key, blob) => {
      const data = await blob.arrayBuffer();
      await idbRequest('blobs', 'readwrite', (s) => s.put({ type: blob.type, data }, blobKey(key)));
    },
    getBlob: async (key) => {
      const v = await idbRequest<{ type: string; data: ArrayBuffer } | undefined>('blobs', 'readonly', (s) => s.get(blobKey(key)));
      return v ? new Blob([v.data], { type: v.type }) : null;
    },
    deleteBlob: async (key) => { await idbRequest('blobs', 'readwrite', (s) => s.delete(blobKey(key))); },
    blobKeys: async () => {
      const prefix = `${namespace}:`;
      const keys = await idbRequest<IDBValidKey[]>('blobs', 'readonly', (s) => s.getAllKeys(IDBKeyRange.bound(prefix, `${prefix}\uffff`)));
      return keys.map((k) => String(k).slice(prefix.length));
    },
    subscribe: channel ? (listener) => {
      const onMessage = () => listener();
      channel.addEventListener('message', onMessage);
      return () => channel.removeEventListener('message', onMessage);
    } : undefined,
  };
}

/** A weak signal can leave a request hanging for minutes; give up and retry later (the key makes that safe). */
const JSON_TIMEOUT_MS = 30_000;
const UPLOAD_TIMEOUT_MS = 120_000;

/** Same-origin fetch with the session cookie; JSON or multipart body. */
export const fetchTransport: Transport = async (req) => {
  const headers: Record<string, string> = { ...req.headers };
  let body: BodyInit | undefined;
  if (req.file) {
    const form = new FormData();
    form.append(req.file.field, req.file.blob, req.file.name);
    body = form;
  } else if (req.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(req.json);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), req.file ? UPLOAD_TIMEOUT_MS : JSON_TIMEOUT_MS);
  let res: Response;
  let text: string;
  try {
    res = await fetch(req.url, { method: req.method, headers, body, credentials: 'same-origin', cache: 'no-store', signal: controller.signal });
    text = await res.text().catch(() => '');
  } finally {
    clearTimeout(timer);
  }
  let parsed: unknown = null;
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = null; }
  }
  return { status: res.status, body: parsed };
};

/** Web Locks across the tabs of this origin when the browser has them, else the in-process mutex. */
export function browserLock(): LockFn {
  const local = createMutex();
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks?.request) return local;
  return <T>(name: string, fn: () => Promise<T>) => locks.request(name, () => fn()) as Promise<T>;
}
