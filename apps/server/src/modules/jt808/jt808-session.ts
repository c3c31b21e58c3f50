// One TCP connection of a terminal: frames → packets → (subpackages) → messages, answered in order. Register and
// auth wait for the database, so frames are handled one at a time from a stash that never holds more than one read
// chunk: while something waits (a database call, the writer, unacked positions, unread acks) the socket is paused.
import type { Socket } from 'node:net';
import {
  encodeJt808PlatformResponse, encodeJt808RegisterResponse, JT808_MSG, JT808_REGISTER_RESULT, JT808_RESULT, Jt808FrameDecoder,
  parseJt808Body, parseJt808Packet, type Jt808FrameResult, type Jt808Header, type Jt808Location,
} from '@cg/domain';
import type { Jt808Gateway } from './jt808-gateway.ts';
import { authCodeMatches, authCodesEqual, issueAuthCode, revokeAuthCode, type GatewayTerminal } from './jt808.service.ts';
import type { PositionSource } from './position-writer.ts';
import { positionRowOf, type PositionRow } from './position-rows.ts';

/** Bytes received without one good packet before the peer is taken for garbage (a good frame is < 4 KiB escaped). */
export const MAX_BYTES_WITHOUT_GOOD_FRAME = 64 * 1024;
/** Bad frames in a row before the peer is dropped. */
export const MAX_BAD_FRAMES_IN_A_ROW = 64;
/** Messages refused before authentication before the peer is dropped. */
export const MAX_REFUSED_BEFORE_AUTH = 16;
/** Acks the peer has not read yet (bytes in our socket buffer) before we stop reading from it. */
export const MAX_UNREAD_REPLY_BYTES = 64 * 1024;

const NO_FRAMES: Jt808FrameResult[] = [];

export type CloseReason =
  | 'peer' | 'idle' | 'auth-deadline' | 'unregistered' | 'auth-failed' | 'garbage' | 'refused' | 'replaced' | 'shutdown'
  | 'retired' | 'error';

function sourceOf(t: GatewayTerminal): PositionSource {
  return { sourceId: t.itemId, unitId: t.unitId, unitPath: t.unitPath, vehicleId: t.vehicleId, officerId: t.officerId, label: t.label };
}

export class Jt808Session {
  readonly remoteAddress: string;
  private readonly decoder: Jt808FrameDecoder;
  private stash = NO_FRAMES;
  private stashAt = 0;
  private busy = false;
  private closing = false;
  private paused = false;
  private serial = 0;
  private pendingJobs = 0;
  private badInARow = 0;
  private bytesSinceGood = 0;
  private refusedBeforeAuth = 0;
  private authDeadline: NodeJS.Timeout | null;
  /** Set once authenticated; every later message must carry its phone. */
  terminal: GatewayTerminal | null = null;
  /** Looked up and issued by the register on this connection, so the auth right after it needs no query. */
  private registered: { terminal: GatewayTerminal; code: string } | null = null;
  private source: PositionSource | null = null;
  private edition = 2013;
  closeReason: CloseReason = 'peer';

  constructor(private readonly gw: Jt808Gateway, readonly socket: Socket) {
    this.remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.decoder = new Jt808FrameDecoder();
    socket.setNoDelay(true);
    socket.setTimeout(gw.idleMs);
    socket.on('timeout', () => this.close('idle'));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.pump());
    socket.on('error', () => { this.closeReason = this.closeReason === 'peer' ? 'error' : this.closeReason; });
    socket.on('close', () => {
      if (this.authDeadline) clearTimeout(this.authDeadline);
      this.closing = true;
      this.stash = NO_FRAMES;
      gw.detach(this);
    });
    this.authDeadline = null;
    this.armAuthDeadline();
  }

  /** A connection that is not authenticated within authDeadlineMs is closed (again after a logout). */
  private armAuthDeadline(): void {
    if (this.authDeadline) clearTimeout(this.authDeadline);
    this.authDeadline = setTimeout(() => {
      if (!this.terminal) this.close('auth-deadline');
    }, this.gw.authDeadlineMs);
    this.authDeadline.unref();
  }

  /**
   * The 装备库 changed the authenticated terminal (transferred to another unit, fitted to another vehicle, a new
   * holder): positions from now on carry the new owner. Returns whether anything changed.
   */
  follow(t: GatewayTerminal): boolean {
    const was = this.terminal;
    if (!was || was.itemId !== t.itemId) return false;
    if (was.unitId === t.unitId && was.unitPath === t.unitPath && was.vehicleId === t.vehicleId
      && was.officerId === t.officerId && was.label === t.label) return false;
    this.terminal = t;
    this.source = sourceOf(t);
    return true;
  }

  /** Closed or closing: nothing more is read. */
  get isClosing(): boolean {
    return this.closing;
  }

  /** Which bind of the gateway this session's authentication was (refreshTerminals skips later ones). */
  bindSeq = 0;

  /** Location messages written or being written but not yet acked. */
  get pending(): number {
    return this.pendingJobs;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** graceful: let the last reply reach the terminal (FIN after the buffer drains), then destroy after a grace period. */
  close(reason: CloseReason, graceful = false): void {
    if (this.closing) return;
    this.closing = true;
    this.closeReason = reason;
    this.stash = NO_FRAMES;
    if (graceful) {
      this.socket.end();
      setTimeout(() => this.socket.destroy(), this.gw.closeGraceMs).unref();
    } else {
      this.socket.destroy();
    }
  }

  /** Gateway stop, step 1: read and handle nothing more; acks of positions being written still go out. */
  stopReading(): void {
    this.closing = true;
    this.stash = NO_FRAMES;
    this.socket.pause();
  }

  /** Gateway stop, step 2 (the writer has drained): end the connection once the last acks are flushed. */
  finish(): void {
    this.closeReason = 'shutdown';
    this.socket.resume(); // read on (and ignore) so the peer's FIN is seen and the socket closes
    this.socket.end();
    setTimeout(() => this.socket.destroy(), this.gw.closeGraceMs).unref();
  }

  /** Called by the gateway when the writer caught up or a batch settled. */
  pump(): void {
    if (this.busy || this.closing) return;
    while (this.stashAt < this.stash.length) {
      if (this.closing) return;
      if (this.mustWait()) {
        this.pause();
        return;
      }
      const frame = this.stash[this.stashAt++];
      let waiting: Promise<void> | undefined;
      try {
        waiting = this.handleFrame(frame);
      } catch (err) {
        // A bug in handling one peer's frame must cost that connection, never the process (and every other terminal).
        this.gw.log.error({ err, remote: this.remoteAddress, phone: this.terminal?.phone }, 'JT/T 808 消息处理异常，连接已关闭');
        this.close('error');
        return;
      }
      if (waiting) {
        this.busy = true;
        this.pause();
        waiting.catch((err: unknown) => this.gw.log.error({ err, remote: this.remoteAddress }, 'JT/T 808 消息处理失败'))
          .finally(() => {
            this.busy = false;
            this.pump();
          });
        return;
      }
    }
    this.stash = NO_FRAMES;
    this.stashAt = 0;
    if (this.closing) return;
    if (this.mustWait()) this.pause();
    else this.resume();
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    this.gw.counters.bytesIn += chunk.length;
    this.bytesSinceGood += chunk.length;
    const frames = this.decoder.push(chunk);
    if (frames.length) {
      this.stash = this.stashAt < this.stash.length ? [...this.stash.slice(this.stashAt), ...frames] : frames;
      this.stashAt = 0;
      this.pump();
    }
    if (!this.closing && this.bytesSinceGood > MAX_BYTES_WITHOUT_GOOD_FRAME) this.close('garbage');
  }

  private mustWait(): boolean {
    return this.pendingJobs >= this.gw.maxPendingMessages || this.gw.writer.behind
      || this.socket.writableLength > MAX_UNREAD_REPLY_BYTES;
  }

  private pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.gw.counters.pauses++;
    this.socket.pause();
    this.gw.waiting.add(this);
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.gw.waiting.delete(this);
    this.socket.resume();
  }

  private nextSerial(): number {
    const s = this.serial;
    this.serial = (s + 1) & 0xffff;
    return s;
  }

  private write(bytes: Uint8Array): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    this.socket.write(bytes);
    this.gw.counters.replies++;
  }

  private respond(header: Jt808Header, result: number, serials: readonly number[] | null = null): void {
    if (!serials) {
      this.write(encodeJt808PlatformResponse(header, this.nextSerial(), result));
      return;
    }
    // A reassembled message: every package is answered, each by its own serial.
    for (const serial of serials) this.write(encodeJt808PlatformResponse({ ...header, serial }, this.nextSerial(), result));
  }

  private bad(reason: string): void {
    const gw = this.gw;
    gw.countBad(reason);
    gw.badLog.warn(reason, { reason, remote: this.remoteAddress, phone: this.terminal?.phone }, `JT/T 808 坏帧：${reason}`);
    if (++this.badInARow > MAX_BAD_FRAMES_IN_A_ROW) this.close('garbage');
  }

  private refuse(header: Jt808Header, serials: readonly number[] | null = null): void {
    this.gw.counters.refusedBeforeAuth++;
    this.respond(header, JT808_RESULT.FAIL, serials);
    if (++this.refusedBeforeAuth > MAX_REFUSED_BEFORE_AUTH) this.close('refused', true);
  }

  /** Returns a promise when the message needs the database; the stash waits for it. */
  private handleFrame(f: Jt808FrameResult): Promise<void> | undefined {
    const gw = this.gw;
    if (!f.ok) {
      this.bad(f.error);
      return;
    }
    const p = parseJt808Packet(f.frame);
    if (!p.ok) {
      if (p.error === 'ENCRYPTED' && p.header) {
        gw.countBad(p.error);
        this.respond(p.header, this.terminal ? JT808_RESULT.NOT_SUPPORTED : JT808_RESULT.FAIL);
      } else {
        this.bad(p.error);
      }
      return;
    }
    this.badInARow = 0;
    this.bytesSinceGood = 0;
    gw.counters.packets++;
    const now = Date.now();
    let { header, body } = p;
    if (this.terminal) {
      if (header.phone !== this.terminal.phone) {
        gw.countBad('PHONE_MISMATCH');
        this.respond(header, JT808_RESULT.FAIL);
        return;
      }
      gw.status.seen(this.terminal.itemId, now);
    }
    let serials: number[] | null = null;
    if (header.packageTotal > 0) {
      // Subpackages only after authentication: strangers may not fill the shared reassembly buffer.
      if (!this.terminal) return void this.refuse(header);
      // Only the batch upload is long for a reason; anything else split into packages (multimedia, or a register
      // with a megabyte plate) is answered at once and never buffered.
      if (header.messageId !== JT808_MSG.LOCATION_BATCH) {
        gw.countBad('SUBPACKAGE_NOT_SUPPORTED');
        this.respond(header, JT808_RESULT.NOT_SUPPORTED);
        return;
      }
      const r = gw.reassembler.push(header, body, now);
      gw.counters.subpackagesEvicted += r.evicted.length;
      if (r.status !== 'complete') {
        if (r.status === 'rejected') gw.countBad(`SUBPACKAGE_${r.error}`);
        return;
      }
      ({ header, body, serials } = r);
    }
    const m = parseJt808Body(header.messageId, header.edition, body);
    if (!m.ok) {
      gw.countBad(m.error);
      this.respond(header, JT808_RESULT.BAD_MESSAGE, serials);
      return;
    }
    const message = m.message;
    gw.countMessage(message.kind);
    if (!this.terminal && message.kind !== 'register' && message.kind !== 'auth') return void this.refuse(header, serials);
    switch (message.kind) {
      case 'register':
        return this.register(header);
      case 'auth':
        return this.authenticate(header, message.code);
      case 'heartbeat':
        this.respond(header, JT808_RESULT.OK);
        return;
      case 'logout':
        return this.logout(header);
      case 'location':
        this.locations(header, serials, [message.location], false, 0);
        return;
      case 'locationBatch':
        this.locations(header, serials, message.locations, message.batchType === 1, message.rejected.length);
        return;
      case 'terminalResponse':
        return; // the terminal answering a downlink: nothing to answer back
      default:
        this.respond(header, JT808_RESULT.NOT_SUPPORTED, serials);
    }
  }

  private async register(header: Jt808Header): Promise<void> {
    const gw = this.gw;
    if (this.terminal) this.unbind(); // registering again: it must authenticate with the new code
    const lookup = await gw.directory.find(header.phone);
    if (!lookup.found) {
      gw.counters.registerRefused++;
      gw.badLog.warn(`register:${header.phone}`, { phone: header.phone, remote: this.remoteAddress, ambiguous: lookup.ambiguous },
        lookup.ambiguous ? 'JT/T 808 注册被拒：该手机号在装备库中登记了多个在用终端' : 'JT/T 808 注册被拒：终端未在执法装备库登记或已停用');
      this.write(encodeJt808RegisterResponse(header, this.nextSerial(), JT808_REGISTER_RESULT.NO_SUCH_TERMINAL));
      this.close('unregistered', true);
      return;
    }
    const code = await issueAuthCode(gw.db, lookup.terminal, header.edition);
    this.registered = { terminal: lookup.terminal, code };
    gw.counters.registered++;
    this.write(encodeJt808RegisterResponse(header, this.nextSerial(), JT808_REGISTER_RESULT.OK, code));
  }

  private async authenticate(header: Jt808Header, code: string): Promise<void> {
    const gw = this.gw;
    const registered = this.registered?.terminal.phone === header.phone ? this.registered : null;
    const lookup = registered ? { found: true as const, terminal: registered.terminal } : await gw.directory.find(header.phone);
    const ok = registered ? authCodesEqual(registered.code, code)
      : lookup.found && await authCodeMatches(gw.db, lookup.terminal.itemId, code);
    if (!ok || !lookup.found) {
      gw.counters.authFailed++;
      gw.badLog.warn(`auth:${header.phone}`, { phone: header.phone, remote: this.remoteAddress }, 'JT/T 808 鉴权失败');
      this.respond(header, JT808_RESULT.FAIL);
      this.close('auth-failed', true);
      return;
    }
    if (this.terminal && this.terminal.itemId !== lookup.terminal.itemId) this.unbind();
    const t = lookup.terminal;
    this.terminal = t;
    this.edition = header.edition;
    this.source = sourceOf(t);
    if (this.authDeadline) clearTimeout(this.authDeadline);
    this.authDeadline = null;
    // Used once: a later auth on this connection asks the directory, which follows the 装备库 (transfers, 报废).
    this.registered = null;
    gw.counters.authenticated++;
    gw.bind(this, t.itemId, this.edition);
    this.respond(header, JT808_RESULT.OK);
  }

  private async logout(header: Jt808Header): Promise<void> {
    const terminal = this.terminal as GatewayTerminal;
    await revokeAuthCode(this.gw.db, terminal.itemId);
    this.respond(header, JT808_RESULT.OK);
    this.unbind();
    // The code just revoked must not work on this connection either: the next auth asks the database.
    this.registered = null;
    this.armAuthDeadline();
  }

  private unbind(): void {
    this.gw.unbind(this);
    this.terminal = null;
    this.source = null;
  }

  private locations(
    header: Jt808Header, serials: number[] | null, locations: readonly Jt808Location[], blindArea: boolean, malformed: number,
  ): void {
    const gw = this.gw;
    const now = Date.now();
    const rows: PositionRow[] = [];
    gw.counters.positionsReceived += locations.length;
    for (const location of locations) {
      const v = positionRowOf(location, { now, blindArea, retentionDays: gw.retentionDays });
      if (v.ok) rows.push(v.row);
      else gw.countRefusedPosition(v.reason);
    }
    if (malformed) gw.countRefusedPosition('MALFORMED_ITEM', malformed);
    if (rows.length === 0) {
      // Nothing storable: resending would not help, so the terminal is told the message is wrong (an empty batch is fine).
      this.respond(header, locations.length || malformed ? JT808_RESULT.BAD_MESSAGE : JT808_RESULT.OK, serials);
      return;
    }
    this.pendingJobs++;
    gw.writer.enqueue({
      source: this.source as PositionSource,
      rows,
      receivedAt: now,
      settle: (committed) => {
        this.pendingJobs--;
        if (committed) {
          gw.counters.positionsCommitted += rows.length;
          gw.coalesceWrites(this.socket);
          this.respond(header, JT808_RESULT.OK, serials);
        } else {
          gw.counters.acksWithheld++;
        }
      },
    });
  }
}
