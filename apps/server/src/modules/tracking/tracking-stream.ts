// Server-Sent Events of live positions for the command map. Each client gets the positions of its scope (the user's
// subtree, or a unit within it), coalesced by source and flushed at most once per interval, so a burst of thousands of
// terminals costs one event per second per client and a slow client holds at most one position per source in memory.
// On the wire each source is named once per connection and then sent as a row of numbers (@cg/domain live-positions).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LiveBatchEncoder } from '@cg/domain';
import type { Database } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { tokenOf } from '../../core/auth-hook.ts';
import { authenticate } from '../auth/auth.service.ts';
import type { LivePosition, PositionBus } from './position-bus.ts';
import type { TrackingConfig } from './tracking.config.ts';
import { toMapPosition, type SourceKind } from './tracking.service.ts';

export interface StreamScope {
  /** Unit path prefix every streamed position must start with. */
  unitPath: string;
  kind?: SourceKind;
}

/** Open streams, so the server can end them when it shuts down (an open SSE response would hold close() forever). */
export class LiveStreams {
  private readonly open = new Set<() => void>();

  add(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }

  endAll(): void {
    for (const end of [...this.open]) end();
  }

  get size(): number {
    return this.open.size;
  }
}

export function openPositionStream(
  db: Database, bus: PositionBus, streams: LiveStreams, config: TrackingConfig,
  request: FastifyRequest, reply: FastifyReply, user: AuthUser, scope: StreamScope,
): void {
  const res = reply.raw;
  reply.hijack();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx and similar proxies would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.write(`retry: 3000\n: 已连接 ${new Date().toISOString()}\n\n`);

  const pending = new Map<string, LivePosition>();
  const encoder = new LiveBatchEncoder();
  let lastFlush = 0;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const flush = () => {
    timer = null;
    if (closed || pending.size === 0) return;
    // A full socket buffer means the client is slow: keep coalescing and try again at the next interval.
    if (res.writableNeedDrain) {
      schedule();
      return;
    }
    const now = Date.now();
    const batch = [...pending.values()].map((p) => toMapPosition(p, now, config));
    pending.clear();
    lastFlush = now;
    res.write(`event: positions\ndata: ${JSON.stringify(encoder.encode(batch, now))}\n\n`);
  };
  const schedule = () => {
    if (timer || closed) return;
    const wait = Math.max(0, lastFlush + config.streamIntervalMs - Date.now());
    timer = setTimeout(flush, wait);
  };

  const unsubscribe = bus.subscribe((batch) => {
    let added = false;
    for (const p of batch) {
      if (!p.unitPath.startsWith(scope.unitPath)) continue;
      if (scope.kind && p.sourceKind !== scope.kind) continue;
      const held = pending.get(p.sourceId);
      // Only the newest position of each source in the interval; an older backfilled fix never overtakes it.
      if (held && Date.parse(held.ts) > Date.parse(p.ts)) continue;
      pending.set(p.sourceId, p);
      added = true;
    }
    if (added) schedule();
  });

  const heartbeat = setInterval(() => {
    if (!closed) res.write(`: hb ${new Date().toISOString()}\n\n`);
  }, config.streamHeartbeatMs);

  // The session may end while the stream is open (logout, expiry, account disabled): end the stream with it.
  const token = tokenOf(request);
  const sessionCheck = setInterval(() => {
    void (async () => {
      // Checked without sliding the expiry: a map left open must not keep an idle session alive.
      const still = token ? await authenticate(db, token, { slide: false }).catch(() => null) : null;
      if (!still || still.id !== user.id) {
        if (!closed) res.write(`event: session-ended\ndata: {}\n\n`);
        end();
      }
    })();
  }, config.streamSessionCheckMs);

  const forget = streams.add(() => end());
  function end() {
    if (closed) return;
    closed = true;
    unsubscribe();
    forget();
    clearInterval(heartbeat);
    clearInterval(sessionCheck);
    if (timer) clearTimeout(timer);
    pending.clear();
    if (!res.writableEnded) res.end();
  }
  // The response's close is the connection's (the request's own close fires once its body is read).
  res.on('close', end);
  res.on('error', end);
}
