// The field app's offline queue against an in-memory store and a fake server that keeps Idempotency-Keys the way the
// real one does (first answer stored, a replay answers it again with replayed=true and writes nothing). A second queue
// over the same store plays a page reload.
import { describe, expect, it } from 'vitest';
import {
  classifyStatus, localTokens, MemoryQueueStorage, OfflineQueue, retryDelayMs, type QueueEnvironment, type QueueEvent,
  type TransportRequest,
} from './offline-queue';

type Mode = 'ok' | 'down' | 'error500' | 'error429';

/** A server with complaints, idempotency and switchable failures. */
class FakeServer {
  mode: Mode = 'ok';
  /** Requests that reached the server (replays included). */
  received: TransportRequest[] = [];
  /** Writes actually done (a replay adds none). */
  writes: { url: string; key: string; body: unknown; fileSize?: number }[] = [];
  /** url → answer with this status and message instead (a 4xx rule of the real server). */
  refuse = new Map<string, { status: number; code: string; message: string }>();
  private keys = new Map<string, { hash: string; status: number; body: Record<string, unknown> }>();
  private nextId = 1;

  transport = async (req: TransportRequest): Promise<{ status: number; body: unknown }> => {
    if (this.mode === 'down') throw new TypeError('Failed to fetch');
    this.received.push(req);
    if (this.mode === 'error500') return { status: 503, body: { code: 'UNAVAILABLE', message: '服务器暂不可用' } };
    if (this.mode === 'error429') return { status: 429, body: { code: 'RATE_LIMITED', message: '操作过于频繁，请稍后再试' } };
    const key = req.headers['Idempotency-Key'];
    const hash = JSON.stringify([req.url, req.json ?? null, req.file ? req.file.blob.size : null]);
    const seen = this.keys.get(key);
    if (seen) {
      if (seen.hash !== hash) return { status: 409, body: { code: 'IDEMPOTENCY_KEY_REUSED', message: '该 Idempotency-Key 已用于另一个请求' } };
      return { status: seen.status, body: { ...seen.body, replayed: true } };
    }
    const refused = this.refuse.get(req.url.split('?')[0]);
    if (refused) return { status: refused.status, body: { code: refused.code, message: refused.message } };
    this.writes.push({ url: req.url, key, body: req.json, fileSize: req.file?.blob.size });
    const created = req.url === '/api/complaints/field';
    const body = { id: created ? `c${this.nextId++}` : req.url.split('/')[3], replayed: false };
    const status = created || req.file ? 201 : 200;
    this.keys.set(key, { hash, status, body });
    return { status, body };
  };
}

/** Connectivity and timers under the test's control. */
class FakeEnv implements QueueEnvironment {
  online = true;
  clock = Date.parse('2025-06-02T08:00:00Z');
  timers: { fn: () => void; at: number; id: number }[] = [];
  private listeners = new Set<(online: boolean) => void>();
  private ids = 0;
  isOnline = () => this.online;
  onConnectivity = (l: (online: boolean) => void) => { this.listeners.add(l); return () => this.listeners.delete(l); };
  setTimer = (fn: () => void, ms: number) => { const id = ++this.ids; this.timers.push({ fn, at: this.clock + ms, id }); return id; };
  clearTimer = (h: unknown) => { this.timers = this.timers.filter((t) => t.id !== h); };
  now = () => this.clock;
  setOnline(online: boolean) { this.online = online; for (const l of this.listeners) l(online); }
  /** The delay of the one pending retry timer. */
  pendingDelay(): number | null { return this.timers.length ? this.timers[0].at - this.clock : null; }
}

let n = 0;
const ids = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

function setup(storage = new MemoryQueueStorage(), server = new FakeServer(), env = new FakeEnv()) {
  const queue = new OfflineQueue({ storage, transport: server.transport, env, newId: ids });
  const events: QueueEvent[] = [];
  queue.on((e) => events.push(e));
  return { queue, storage, server, env, events };
}

const action = (complaintId: string, act: string, extra: Record<string, unknown> = {}) => ({
  kind: 'action' as const, group: complaintId, path: `/api/complaints/${complaintId}/actions`, label: act, body: { action: act, ...extra },
});
const jpeg = (size: number) => new Blob([new Uint8Array(size).fill(7)], { type: 'image/jpeg' });

describe('OfflineQueue', () => {
  it('keeps entries and photos across a reload while offline, then sends each once in order with its key', async () => {
    const env = new FakeEnv();
    env.online = false;
    const first = setup(undefined, undefined, env);
    await first.queue.start();
    const sign = await first.queue.enqueue(action('A', 'sign'));
    const photo = await first.queue.enqueue({
      kind: 'photo', group: 'A', path: '/api/complaints/A/photos', label: '处置前照片', query: { stage: 'before', lat: 31.2, lon: 121.4 },
      file: { name: 'p.jpg', blob: jpeg(1234) },
    });
    const handle = await first.queue.enqueue(action('A', 'handle', { note: '已劝离' }));
    expect(first.server.received).toHaveLength(0);
    expect(first.queue.snapshot().entries.map((e) => e.id)).toEqual([sign.id, photo.id, handle.id]);
    first.queue.stop();

    // Reload: a new queue over the same store, still offline.
    // A photo whose entry was never written (the page died in between) is swept at start; queued ones stay.
    await first.storage.putBlob('orphan', jpeg(9));
    const second = setup(first.storage, first.server, env);
    await second.queue.start();
    expect(second.queue.snapshot().entries.map((e) => e.label)).toEqual(['sign', '处置前照片', 'handle']);
    expect((await second.queue.blob(photo.id))?.size).toBe(1234);
    expect(await first.storage.blobKeys()).toEqual([photo.id]);

    env.setOnline(true);
    await second.queue.syncNow();
    expect(second.server.writes.map((w) => w.url)).toEqual([
      '/api/complaints/A/actions', '/api/complaints/A/photos?stage=before&lat=31.2&lon=121.4', '/api/complaints/A/actions',
    ]);
    expect(second.server.received.map((r) => r.headers['Idempotency-Key'])).toEqual([sign.id, photo.id, handle.id]);
    expect(second.server.writes[1].fileSize).toBe(1234);
    expect(second.server.writes[2].body).toEqual({ action: 'handle', note: '已劝离' });
    expect(second.queue.snapshot().entries).toHaveLength(0);
    expect(second.storage.blobs.size).toBe(0);
    expect(second.events.filter((e) => e.type === 'sent')).toHaveLength(3);
    expect(second.events.at(-1)).toEqual({ type: 'drained' });
  });

  it('keeps the entry on a network failure and sends it exactly once after a crash between answer and local write', async () => {
    const { queue, storage, server, env } = setup();
    server.mode = 'down';
    const sign = await queue.enqueue(action('A', 'sign'));
    await queue.idle();
    const kept = queue.snapshot().entries[0];
    expect(kept.id).toBe(sign.id);
    expect(kept.attempts).toBe(1);
    expect(kept.lastError).toMatch(/网络不可用/);

    // The server takes it, but the phone dies before recording that: the stored queue still holds the entry.
    server.mode = 'ok';
    storage.failNextWrite = true;
    await queue.syncNow();
    expect(server.writes).toHaveLength(1);
    expect(storage.state?.entries.map((e) => e.id)).toEqual([sign.id]);

    // After the reload the entry goes again with the same key: the server replays, writes nothing, the entry leaves.
    const again = setup(storage, server, env);
    await again.queue.syncNow();
    expect(server.received.map((r) => r.headers['Idempotency-Key'])).toEqual([sign.id, sign.id]);
    expect(server.writes).toHaveLength(1);
    const sent = again.events.find((e) => e.type === 'sent');
    expect(sent && sent.type === 'sent' && sent.replayed).toBe(true);
    expect(again.queue.snapshot().entries).toHaveLength(0);
  });

  it('retries 5xx and 429 with backoff, holding only that complaint; online again retries at once', async () => {
    const server = new FakeServer();
    const env = new FakeEnv();
    const storage = new MemoryQueueStorage();
    // A 5xx for complaint A only, when asked.
    let failA = false;
    const transport = (req: TransportRequest) =>
      failA && req.url.startsWith('/api/complaints/A/') ? Promise.resolve({ status: 503, body: null }) : server.transport(req);
    const queue = new OfflineQueue({ storage, transport, env, newId: ids });
    await queue.start();
    server.mode = 'error500';
    await queue.enqueue(action('A', 'sign'));
    await queue.idle();
    expect(queue.snapshot().entries[0].lastError).toBe('服务器暂不可用');
    const firstDelay = env.pendingDelay();
    expect(queue.snapshot().nextRetryAt).toBe(env.clock + firstDelay!);
    server.mode = 'error429';
    await queue.syncNow();
    expect(env.pendingDelay()).toBe(retryDelayMs(2));
    expect(env.pendingDelay()).toBeGreaterThan(firstDelay!);
    expect(queue.snapshot().entries).toHaveLength(1);

    server.mode = 'ok';
    failA = true;
    await queue.enqueue(action('A', 'start'));
    await queue.enqueue(action('B', 'sign'));
    await queue.syncNow();
    expect(server.writes.map((w) => w.url)).toEqual(['/api/complaints/B/actions']);
    expect(queue.snapshot().entries.map((e) => `${e.group}:${(e.body as { action: string }).action}`)).toEqual(['A:sign', 'A:start']);
    expect(queue.snapshot().entries[0].attempts).toBeGreaterThanOrEqual(3);

    // Back online: the 'online' event sends at once (no waiting for the backoff timer), in order.
    failA = false;
    env.setOnline(false);
    env.setOnline(true);
    await queue.syncNow();
    expect(server.writes.map((w) => w.url)).toEqual(['/api/complaints/B/actions', '/api/complaints/A/actions', '/api/complaints/A/actions']);
    expect(server.writes.slice(1).map((w) => (w.body as { action: string }).action)).toEqual(['sign', 'start']);
    expect(queue.snapshot().entries).toHaveLength(0);
    expect(env.timers).toHaveLength(0);
    queue.stop();
  });

  it('lists a permanent rejection with the server message, goes on with the rest, and keeps everything on 401', async () => {
    const { queue, server, events } = setup();
    server.refuse.set('/api/complaints/A/actions', { status: 409, code: 'ILLEGAL_MOVE', message: '诉件当前为“已签收”，不能签收' });
    await queue.enqueue(action('A', 'sign'));
    await queue.enqueue(action('B', 'sign'));
    await queue.syncNow();
    const snap = queue.snapshot();
    expect(snap.entries).toHaveLength(0);
    expect(snap.failed.map((f) => [f.status, f.code, f.message])).toEqual([[409, 'ILLEGAL_MOVE', '诉件当前为“已签收”，不能签收']]);
    expect(events.filter((e) => e.type === 'rejected')).toHaveLength(1);
    expect(server.writes.map((w) => w.url)).toEqual(['/api/complaints/B/actions']);
    await queue.dismissFailed(snap.failed[0].entry.id);
    expect(queue.snapshot().failed).toHaveLength(0);

    // The session expired: nothing is dropped, the queue waits for a new login.
    server.refuse.set('/api/complaints/C/actions', { status: 401, code: 'UNAUTHENTICATED', message: '登录已失效' });
    await queue.enqueue(action('C', 'sign'));
    await queue.syncNow();
    expect(queue.snapshot().authRequired).toBe(true);
    expect(queue.snapshot().entries).toHaveLength(1);
    expect(queue.snapshot().failed).toHaveLength(0);
    server.refuse.delete('/api/complaints/C/actions');
    await queue.syncNow();
    expect(queue.snapshot().authRequired).toBe(false);
    expect(queue.snapshot().entries).toHaveLength(0);
  });

  it('sends photos of an offline report to the created complaint, also when the page reloads in between', async () => {
    const env = new FakeEnv();
    env.online = false;
    const first = setup(undefined, undefined, env);
    const local = 'local-abc123';
    await first.queue.enqueue({
      kind: 'report', group: local, path: '/api/complaints/field', label: '上报诉件', creates: local,
      body: { categoryCode: 'SR01', description: '占道经营', lat: 31.2, lon: 121.4 },
    });
    const p1 = await first.queue.enqueue({
      kind: 'photo', group: local, path: `/api/complaints/{${local}}/photos`, label: '照片1', query: { stage: 'before' },
      file: { name: '1.jpg', blob: jpeg(10) },
    });
    expect(localTokens(p1.path)).toEqual([local]);

    // Only the report goes through before the page is reloaded (the photo upload fails on the network).
    env.online = true;
    let calls = 0;
    const flaky = async (req: TransportRequest) => {
      calls += 1;
      if (calls > 1) throw new TypeError('Failed to fetch');
      return first.server.transport(req);
    };
    const q = new OfflineQueue({ storage: first.storage, transport: flaky, env, newId: ids });
    await q.syncNow();
    expect(first.server.writes.map((w) => w.url)).toEqual(['/api/complaints/field']);
    const stored = first.storage.state!;
    expect(stored.resolved).toEqual({ [local]: 'c1' });
    expect(stored.entries.map((e) => [e.group, e.path])).toEqual([['c1', '/api/complaints/c1/photos']]);

    // After the reload: the photo goes to c1; an action queued under the local id also lands on c1.
    const second = setup(first.storage, first.server, env);
    await second.queue.init();
    await second.queue.enqueue({ ...action(local, 'handle', { note: '已处理' }), path: `/api/complaints/{${local}}/actions` });
    await second.queue.syncNow();
    expect(first.server.writes.map((w) => w.url)).toEqual(['/api/complaints/field', '/api/complaints/c1/photos?stage=before', '/api/complaints/c1/actions']);
    expect(second.queue.snapshot().entries).toHaveLength(0);
  });

  it('asks again when the answer to a report arrives without its id (cut off), instead of losing the photos', async () => {
    const server = new FakeServer();
    let cut = true;
    const transport = async (req: TransportRequest) => {
      const answer = await server.transport(req);
      if (cut && req.url === '/api/complaints/field') { cut = false; return { status: 201, body: null }; }
      return answer;
    };
    const queue = new OfflineQueue({ storage: new MemoryQueueStorage(), transport, env: new FakeEnv(), newId: ids });
    const local = 'local-cut';
    const report = await queue.enqueue({ kind: 'report', group: local, path: '/api/complaints/field', label: '上报诉件', creates: local, body: { description: '占道' } });
    await queue.idle();
    expect(queue.snapshot().entries.map((e) => [e.kind, e.lastError])).toEqual([['report', '上报结果未完整收到，稍后重试']]);
    const photo = await queue.enqueue({ kind: 'photo', group: local, path: `/api/complaints/{${local}}/photos`, label: '照片', query: { stage: 'before' }, file: { name: 'a.jpg', blob: jpeg(5) } });
    await queue.idle();
    expect(server.received.map((r) => r.headers['Idempotency-Key'])).toEqual([report.id, report.id, photo.id]);
    expect(server.writes.map((w) => w.url)).toEqual(['/api/complaints/field', '/api/complaints/c1/photos?stage=before']);
    expect(queue.snapshot().failed).toHaveLength(0);
    expect(queue.snapshot().entries).toHaveLength(0);
  });

  it('fails the photos of a refused report with a message instead of dropping them', async () => {
    const { queue, server } = setup();
    server.refuse.set('/api/complaints/field', { status: 400, code: 'VALIDATION', message: '诉件内容至少2个字' });
    const local = 'local-zz';
    await queue.enqueue({ kind: 'report', group: local, path: '/api/complaints/field', label: '上报诉件', creates: local, body: { description: 'x' } });
    await queue.enqueue({ kind: 'photo', group: local, path: `/api/complaints/{${local}}/photos`, label: '照片', query: { stage: 'before' }, file: { name: 'a.jpg', blob: jpeg(5) } });
    await queue.syncNow();
    const failed = queue.snapshot().failed;
    expect(failed.map((f) => f.entry.kind)).toEqual(['report', 'photo']);
    expect(failed[0].message).toBe('诉件内容至少2个字');
    expect(failed[1].message).toBe('所属的上报未成功（诉件内容至少2个字），此项未提交');
    expect(server.writes).toHaveLength(0);
    expect(queue.snapshot().entries).toHaveLength(0);
  });
});

describe('retry and status rules', () => {
  it('backs off exponentially up to five minutes', () => {
    expect([0, 1, 2, 3, 7, 20].map(retryDelayMs)).toEqual([0, 5_000, 10_000, 20_000, 300_000, 300_000]);
  });
  it('classifies statuses as the field app needs', () => {
    expect([200, 201, 0, 408, 429, 500, 503, 401, 400, 403, 404, 409, 413, 422].map(classifyStatus)).toEqual([
      'ok', 'ok', 'retry', 'retry', 'retry', 'retry', 'retry', 'auth', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected',
    ]);
  });
});
