// The terminal side of JT/T 808 over TCP, for the simulator and the tests: sends messages (subpackaged when the body
// is longer than one package), decodes the platform's replies and matches them to what was sent by serial.
import net from 'node:net';
import {
  encodeJt808Body, encodeJt808Frame, encodeJt808Subpackages, JT808_MAX_BODY_LENGTH, jt808MessageIdOf,
  Jt808FrameDecoder, parseJt808Body, parseJt808Packet, type Jt808BodyInput, type Jt808Edition, type Jt808Header,
} from '@cg/domain';

export interface Jt808Reply {
  header: Jt808Header;
  /** 0x8001: the message answered and the result; 0x8100: result and auth code. */
  kind: 'platformResponse' | 'registerResponse';
  repliedSerial: number;
  repliedId: number | null;
  result: number;
  authCode: string | null;
  /** performance.now() when it arrived. */
  at: number;
}

export interface Jt808ClientOptions {
  host: string;
  port: number;
  /** Digits; the codec pads them to 12 (2013) or 20 (2019). */
  phone: string;
  edition: Jt808Edition;
  /** Default 5 s. */
  replyTimeoutMs?: number;
  /** Keep every reply in `replies` (default); the simulator turns it off and uses onReply. */
  keepReplies?: boolean;
}

export class Jt808ReplyTimeout extends Error {
  constructor(serial: number) {
    super(`no reply to serial ${serial}`);
  }
}

interface Waiter {
  resolve(reply: Jt808Reply): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class Jt808Client {
  readonly phone: string;
  readonly edition: Jt808Edition;
  /** Every reply, in arrival order (tests read it; the simulator uses onReply and clears it). */
  readonly replies: Jt808Reply[] = [];
  onReply: ((reply: Jt808Reply) => void) | null = null;
  /** Resolves when the platform (or we) closed the connection. */
  readonly closed: Promise<void>;
  private serial = 0;
  private readonly decoder = new Jt808FrameDecoder();
  private readonly waiters = new Map<number, Waiter>();
  private readonly replyTimeoutMs: number;
  private isClosed = false;
  private readonly keepReplies: boolean;

  private constructor(readonly socket: net.Socket, options: Jt808ClientOptions) {
    this.phone = options.phone;
    this.edition = options.edition;
    this.replyTimeoutMs = options.replyTimeoutMs ?? 5000;
    this.keepReplies = options.keepReplies ?? true;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.isClosed = true;
        for (const [serial, w] of this.waiters) {
          clearTimeout(w.timer);
          w.reject(new Error(`connection closed before a reply to serial ${serial}`));
        }
        this.waiters.clear();
        resolve();
      });
    });
    socket.on('error', () => { /* surfaces as close */ });
  }

  static connect(options: Jt808ClientOptions): Promise<Jt808Client> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: options.host, port: options.port });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new Jt808Client(socket, options));
      });
      socket.once('error', reject);
    });
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** The serial the next message will carry. */
  get nextSerial(): number {
    return this.serial;
  }

  /**
   * Sends one message; returns the serial of every frame written (several when the body needs subpackages). A body
   * longer than one package is split into packages of `maxPartBytes`.
   */
  send(body: Jt808BodyInput, maxPartBytes = JT808_MAX_BODY_LENGTH): number[] {
    const header = { edition: this.edition, phone: this.phone, serial: this.serial };
    const bytes = encodeJt808Body(body, this.edition);
    if (bytes.length <= maxPartBytes) {
      this.serial = (this.serial + 1) & 0xffff;
      this.writeRaw(encodeJt808Frame({ ...header, messageId: jt808MessageIdOf(body) }, bytes)); // body encoded once
      return [header.serial];
    }
    const frames = encodeJt808Subpackages({ ...header, messageId: jt808MessageIdOf(body) }, bytes, maxPartBytes);
    const serials = frames.map((_, i) => (header.serial + i) & 0xffff);
    this.serial = (this.serial + frames.length) & 0xffff;
    for (const f of frames) this.writeRaw(f);
    return serials;
  }

  /** Sends and waits for the reply to the (last) serial. */
  async request(body: Jt808BodyInput, maxPartBytes?: number): Promise<Jt808Reply> {
    const serials = this.send(body, maxPartBytes);
    const waits = serials.map((s) => this.replyTo(s));
    const replies = await Promise.all(waits);
    return replies[replies.length - 1];
  }

  /** Waits for the reply to a serial already sent. */
  replyTo(serial: number, timeoutMs = this.replyTimeoutMs): Promise<Jt808Reply> {
    const early = this.replies.find((r) => r.repliedSerial === serial);
    if (early) return Promise.resolve(early);
    if (this.isClosed) return Promise.reject(new Error(`connection closed before a reply to serial ${serial}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(serial);
        reject(new Jt808ReplyTimeout(serial));
      }, timeoutMs);
      this.waiters.set(serial, { resolve, reject, timer });
    });
  }

  /** Register (0x0100) then authenticate (0x0102) with the code received; returns the code. */
  async registerAndAuthenticate(register: Omit<Extract<Jt808BodyInput, { kind: 'register' }>, 'kind'>): Promise<string> {
    const r = await this.request({ kind: 'register', ...register });
    if (r.kind !== 'registerResponse' || r.result !== 0 || !r.authCode) throw new Error(`register refused: result ${r.result}`);
    await this.authenticate(r.authCode);
    return r.authCode;
  }

  async authenticate(code: string): Promise<void> {
    const a = await this.request({ kind: 'auth', code, imei: '860000000000001', softwareVersion: 'SIM-1.0' });
    if (a.result !== 0) throw new Error(`auth refused: result ${a.result}`);
  }

  writeRaw(bytes: Uint8Array): boolean {
    if (this.isClosed) return false;
    return this.socket.write(bytes);
  }

  close(): Promise<void> {
    this.socket.destroy();
    return this.closed;
  }

  private onData(chunk: Buffer): void {
    const at = performance.now();
    // What the reply handlers send in answer to one read goes out in one write.
    this.socket.cork();
    try {
      this.handleFrames(chunk, at);
    } finally {
      this.socket.uncork();
    }
  }

  private handleFrames(chunk: Buffer, at: number): void {
    for (const f of this.decoder.push(chunk)) {
      if (!f.ok) continue;
      const p = parseJt808Packet(f.frame);
      if (!p.ok) continue;
      const m = parseJt808Body(p.header.messageId, p.header.edition, p.body);
      if (!m.ok) continue;
      const msg = m.message;
      let reply: Jt808Reply;
      if (msg.kind === 'platformResponse') {
        reply = { header: p.header, kind: msg.kind, repliedSerial: msg.repliedSerial, repliedId: msg.repliedId, result: msg.result, authCode: null, at };
      } else if (msg.kind === 'registerResponse') {
        reply = { header: p.header, kind: msg.kind, repliedSerial: msg.repliedSerial, repliedId: null, result: msg.result, authCode: msg.authCode, at };
      } else {
        continue;
      }
      if (this.keepReplies) this.replies.push(reply);
      this.onReply?.(reply);
      const w = this.waiters.get(reply.repliedSerial);
      if (w) {
        this.waiters.delete(reply.repliedSerial);
        clearTimeout(w.timer);
        w.resolve(reply);
      }
    }
  }
}
