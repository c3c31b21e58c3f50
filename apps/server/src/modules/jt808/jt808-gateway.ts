// The JT/T 808 TCP gateway: accepts only terminals registered in the 执法装备库, issues and checks auth codes,
// tracks sessions (terminal_status), writes positions through the group-commit writer and acks them only after the
// commit. Runs in the server process (main.ts) next to the HTTP server, sharing its PositionBus.
import net from 'node:net';
import { Jt808Reassembler } from '@cg/domain';
import type { DatabaseKind, Executor } from '@cg/db';
import type { PositionBus } from '../tracking/position-bus.ts';
import { RateLimitedLog, type GatewayLog } from './gateway-log.ts';
import { markAllTerminalsOffline } from './jt808.service.ts';
import { Jt808Session, type CloseReason } from './jt808-session.ts';
import { PositionWriter, type PositionWriterOptions, type PositionWriterStats } from './position-writer.ts';
import { TerminalDirectory } from './terminal-directory.ts';
import { TerminalStatusBook } from './terminal-status-book.ts';

export const JT808_DEFAULT_PORT = 6808;

export interface Jt808GatewayOptions {
  db: Executor;
  databaseKind: DatabaseKind;
  log: GatewayLog;
  bus?: PositionBus;
  /** Default 6808; 0 = any free port (see `port` after start). */
  port?: number;
  host?: string;
  /** A session silent this long is closed and its terminal marked offline. Default 180 s (3 × a 60 s heartbeat). */
  idleMs?: number;
  /** A connection must have authenticated within this. Default 60 s. */
  authDeadlineMs?: number;
  /** Connections beyond this are dropped at accept. Default 20 000. */
  maxConnections?: number;
  /** POSITION_RETENTION_DAYS: older positions are stored but not counted as a day of reporting. */
  retentionDays?: number;
  /** Location messages of one session waiting for their commit before it stops reading. Default 32. */
  maxPendingMessages?: number;
  /** How long a refused peer may read its answer before it is cut off. Default 1 s. */
  closeGraceMs?: number;
  /** terminal_status batch interval. Default 1 s. */
  statusIntervalMs?: number;
  /**
   * How long a looked-up terminal is trusted before it is looked up again (TerminalDirectory), and how often the
   * connected terminals are checked against the 装备库 (refreshTerminals). Default 120 s.
   */
  directoryTtlMs?: number;
  writer?: Partial<Pick<PositionWriterOptions, 'lingerMs' | 'maxBatchRows' | 'concurrency' | 'maxQueuedRows' | 'beforeCommit'>>;
}

export interface Jt808GatewayStats {
  connections: { active: number; accepted: number; dropped: number; authenticated: number; waiting: number };
  bytesIn: number;
  packets: number;
  replies: number;
  /** Frames and packets refused, by reason (BAD_CHECKSUM, BAD_LENGTH, …): never answered except ENCRYPTED. */
  bad: Record<string, number>;
  messages: Record<string, number>;
  register: { accepted: number; refused: number };
  auth: { accepted: number; failed: number };
  refusedBeforeAuth: number;
  positions: { received: number; committed: number; refused: Record<string, number>; acksWithheld: number };
  subpackagesEvicted: number;
  pauses: number;
  closed: Record<string, number>;
  reassembler: { open: number; bytes: number };
  writer: PositionWriterStats;
}

export class Jt808Gateway {
  readonly db: Executor;
  readonly log: GatewayLog;
  readonly badLog: RateLimitedLog;
  readonly idleMs: number;
  readonly authDeadlineMs: number;
  readonly retentionDays: number;
  readonly maxPendingMessages: number;
  readonly closeGraceMs: number;
  readonly writer: PositionWriter;
  readonly status: TerminalStatusBook;
  readonly directory: TerminalDirectory;
  /** Only 0x0704 is reassembled: 512 KiB holds thousands of blind-area positions; one terminal may hold 1 MiB of 8. */
  readonly reassembler = new Jt808Reassembler({
    maxTotalBytes: 8 * 1024 * 1024, maxMessageBytes: 512 * 1024, maxBytesPerTerminal: 1024 * 1024,
  });
  /** Sessions paused until the writer or their acks catch up. */
  readonly waiting = new Set<Jt808Session>();
  readonly counters = {
    accepted: 0, dropped: 0, bytesIn: 0, packets: 0, replies: 0, registered: 0, registerRefused: 0, authenticated: 0,
    authFailed: 0, refusedBeforeAuth: 0, positionsReceived: 0, positionsCommitted: 0, acksWithheld: 0,
    subpackagesEvicted: 0, pauses: 0,
  };
  private readonly bad: Record<string, number> = {};
  private readonly messages: Record<string, number> = {};
  private readonly refusedPositions: Record<string, number> = {};
  private readonly closed: Record<string, number> = {};
  private readonly sessions = new Set<Jt808Session>();
  private readonly byItem = new Map<string, Jt808Session>();
  private readonly server: net.Server;
  private corked: net.Socket[] = [];
  private readonly requestedPort: number;
  private readonly host: string | undefined;
  private boundPort = 0;
  private whenEmpty: (() => void) | null = null;
  private readonly directoryTtlMs: number;
  private refreshTimer: NodeJS.Timeout | null = null;
  private binds = 0;

  constructor(options: Jt808GatewayOptions) {
    this.db = options.db;
    this.log = options.log;
    this.badLog = new RateLimitedLog(options.log);
    this.idleMs = options.idleMs ?? 180_000;
    this.authDeadlineMs = options.authDeadlineMs ?? 60_000;
    this.retentionDays = options.retentionDays ?? 180;
    this.maxPendingMessages = options.maxPendingMessages ?? 32;
    this.closeGraceMs = options.closeGraceMs ?? 1000;
    this.requestedPort = options.port ?? JT808_DEFAULT_PORT;
    this.host = options.host;
    this.directoryTtlMs = options.directoryTtlMs ?? 120_000;
    this.directory = new TerminalDirectory(options.db, this.directoryTtlMs);
    this.status = new TerminalStatusBook(options.db, options.log, options.statusIntervalMs ?? 1000);
    this.writer = new PositionWriter({
      db: options.db, log: options.log, bus: options.bus,
      concurrency: options.databaseKind === 'pglite' ? 1 : 2,
      ...options.writer,
      onSettled: () => this.wakeWaiting(),
    });
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.maxConnections = options.maxConnections ?? 20_000;
    this.server.on('drop', () => this.counters.dropped++);
  }

  /** The port listened on (after start). */
  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<number> {
    const stale = await markAllTerminalsOffline(this.db);
    if (stale) this.log.info({ terminals: stale }, 'JT/T 808 网关启动：上次运行遗留的在线状态已置为离线');
    await this.directory.preload();
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.requestedPort, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.server.on('error', (err) => this.log.error({ err }, 'JT/T 808 网关监听出错'));
    this.boundPort = (this.server.address() as net.AddressInfo).port;
    this.status.start();
    this.refreshTimer = setInterval(() => {
      this.refreshTerminals().catch((err: unknown) => this.log.error({ err }, 'JT/T 808 网关：刷新终端登记失败'));
    }, this.directoryTtlMs);
    this.refreshTimer.unref();
    return this.boundPort;
  }

  /**
   * Re-reads the 装备库 in one query. Connected terminals follow a transfer (unit, vehicle, holder) without
   * reconnecting, so their positions land in the new unit's scope; one taken out of service (报废, 遗失, number given
   * to another item) is disconnected, and refused when it comes back.
   */
  async refreshTerminals(): Promise<{ updated: number; closed: number }> {
    // A session that authenticated while the query ran was checked against fresher data than this answer.
    const bindsBefore = this.binds;
    const all = await this.directory.preload();
    let updated = 0;
    let closed = 0;
    for (const [itemId, session] of this.byItem) {
      if (session.bindSeq > bindsBefore || session.isClosing) continue;
      const current = session.terminal ? all.get(session.terminal.phone) : undefined;
      if (!current || current.itemId !== itemId) {
        session.close('retired');
        closed++;
      } else if (session.follow(current)) {
        updated++;
      }
    }
    if (updated || closed) this.log.info({ updated, closed }, 'JT/T 808 网关：终端登记变更已生效');
    return { updated, closed };
  }

  /** Stops accepting and reading, commits and acks what is queued, then closes the sessions and writes them offline. */
  async stop(): Promise<void> {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const session of this.sessions) session.stopReading();
    await this.writer.close();
    const gone = new Promise<void>((resolve) => {
      this.whenEmpty = resolve;
    });
    for (const session of this.sessions) {
      this.unbind(session); // now, not on the socket's close event, which would come after the final status flush
      session.finish();
    }
    if (this.sessions.size) await gone;
    await this.status.close();
    await closing;
  }

  stats(): Jt808GatewayStats {
    const c = this.counters;
    return {
      connections: {
        active: this.sessions.size, accepted: c.accepted, dropped: c.dropped, authenticated: this.byItem.size,
        waiting: this.waiting.size,
      },
      bytesIn: c.bytesIn,
      packets: c.packets,
      replies: c.replies,
      bad: { ...this.bad },
      messages: { ...this.messages },
      register: { accepted: c.registered, refused: c.registerRefused },
      auth: { accepted: c.authenticated, failed: c.authFailed },
      refusedBeforeAuth: c.refusedBeforeAuth,
      positions: {
        received: c.positionsReceived, committed: c.positionsCommitted, refused: { ...this.refusedPositions },
        acksWithheld: c.acksWithheld,
      },
      subpackagesEvicted: c.subpackagesEvicted,
      pauses: c.pauses,
      closed: { ...this.closed },
      reassembler: { open: this.reassembler.openCount, bytes: this.reassembler.totalBytes },
      writer: this.writer.stats,
    };
  }

  /** The session of an authenticated terminal (tests, diagnostics). */
  sessionOf(itemId: string): Jt808Session | undefined {
    return this.byItem.get(itemId);
  }

  countBad(reason: string): void {
    this.bad[reason] = (this.bad[reason] ?? 0) + 1;
  }

  countMessage(kind: string): void {
    this.messages[kind] = (this.messages[kind] ?? 0) + 1;
  }

  countRefusedPosition(reason: string, n = 1): void {
    this.refusedPositions[reason] = (this.refusedPositions[reason] ?? 0) + n;
  }

  /** A session authenticated as this terminal: it replaces any older session of the same terminal. */
  bind(session: Jt808Session, itemId: string, edition: number): void {
    const previous = this.byItem.get(itemId);
    session.bindSeq = ++this.binds;
    this.byItem.set(itemId, session);
    if (previous && previous !== session) previous.close('replaced');
    this.status.connected(itemId, Date.now(), session.remoteAddress, edition);
  }

  /** The session no longer speaks for its terminal (closed, logged out, registering again). */
  unbind(session: Jt808Session): void {
    const itemId = session.terminal?.itemId;
    if (!itemId || this.byItem.get(itemId) !== session) return;
    this.byItem.delete(itemId);
    this.status.disconnected(itemId, Date.now());
    this.reassembler.dropTerminal(session.terminal?.phone ?? '');
  }

  detach(session: Jt808Session): void {
    if (!this.sessions.delete(session)) return;
    this.waiting.delete(session);
    this.closed[session.closeReason] = (this.closed[session.closeReason] ?? 0) + 1;
    this.unbind(session);
    if (this.sessions.size === 0) this.whenEmpty?.();
  }

  /**
   * The acks of one commit go out as one write per connection instead of one per message: the socket is corked while
   * the writer settles a batch and uncorked on the next tick, after the settle loop.
   */
  coalesceWrites(socket: net.Socket): void {
    if (socket.writableCorked) return;
    socket.cork();
    this.corked.push(socket);
    if (this.corked.length === 1) process.nextTick(() => this.uncorkAll());
  }

  private uncorkAll(): void {
    const sockets = this.corked;
    this.corked = [];
    for (const socket of sockets) socket.uncork();
  }

  private accept(socket: net.Socket): void {
    this.counters.accepted++;
    const session = new Jt808Session(this, socket);
    this.sessions.add(session);
  }

  private wakeWaiting(): void {
    if (this.waiting.size === 0) return;
    for (const session of [...this.waiting]) session.pump();
  }
}

export type { CloseReason };
