// Framing: 0x7e delimiters, 0x7d escaping and the XOR checksum. Streaming, bounded memory, never throws.

/** 2013 header (12 bytes) + checksum: nothing shorter can be a message. */
export const JT808_MIN_FRAME_BYTES = 13;

/** Default cap on a frame's unescaped content: a 2019 subpackage header (21) + 1023-byte body + checksum fits twice. */
export const JT808_DEFAULT_MAX_FRAME_BYTES = 2048;

export type Jt808FrameError = 'BAD_ESCAPE' | 'TOO_LONG' | 'BAD_CHECKSUM' | 'TRUNCATED';

export type Jt808FrameResult =
  /** `frame`: header + body, unescaped, checksum verified and removed. */
  | { ok: true; frame: Uint8Array }
  /** `frame` is present for BAD_CHECKSUM only (header + body as received) so the caller can still read the serial. */
  | { ok: false; error: Jt808FrameError; frame?: Uint8Array };

export interface Jt808FrameDecoderOptions {
  /** Largest unescaped frame content (header + body + checksum) kept; longer frames are reported and skipped. */
  maxFrameBytes?: number;
}

const STATE_HUNT = 0; // before the first 0x7e: bytes are dropped
const STATE_IN = 1; // between delimiters: bytes are collected
const STATE_SKIP = 2; // a frame already reported bad: bytes are dropped up to the next 0x7e

/**
 * Splits a TCP byte stream into frames. Every 0x7e both ends the current frame and starts the next, so "7e…7e7e…7e"
 * and "7e…7e…7e" both work and empty frames are ignored. The buffer is allocated once at maxFrameBytes: whatever is
 * pushed, memory stays bounded. Bytes between frames that are not a frame come back as TRUNCATED or BAD_CHECKSUM.
 */
export class Jt808FrameDecoder {
  private readonly buf: Uint8Array;
  private len = 0;
  private xor = 0;
  private escaping = false;
  private state = STATE_HUNT;
  private pending = 0;
  private dropped = 0;

  constructor(options: Jt808FrameDecoderOptions = {}) {
    const max = options.maxFrameBytes ?? JT808_DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isInteger(max) || max < JT808_MIN_FRAME_BYTES) {
      throw new RangeError(`maxFrameBytes 应为不小于 ${JT808_MIN_FRAME_BYTES} 的整数`);
    }
    this.buf = new Uint8Array(max);
  }

  /** Escaped bytes received since the current frame's opening 0x7e (a caller may drop a peer that never closes). */
  get pendingBytes(): number {
    return this.pending;
  }

  /** Bytes ignored so far: before the first 0x7e, and after a frame was reported bad up to its closing 0x7e. */
  get droppedBytes(): number {
    return this.dropped;
  }

  /** Capacity of the one internal buffer (= maxFrameBytes); it never grows. */
  get capacity(): number {
    return this.buf.length;
  }

  /** Feeds bytes; returns the frames completed by them, in order. */
  push(chunk: Uint8Array): Jt808FrameResult[] {
    const out: Jt808FrameResult[] = [];
    const buf = this.buf;
    const max = buf.length;
    // Locals instead of fields in the per-byte loop; written back at the end.
    let len = this.len;
    let xor = this.xor;
    let escaping = this.escaping;
    let state = this.state;
    let pending = this.pending;
    let dropped = this.dropped;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 0x7e) {
        if (state === STATE_IN) {
          if (escaping) out.push({ ok: false, error: 'BAD_ESCAPE' });
          else if (len > 0) out.push(finishFrame(buf, len, xor));
        }
        state = STATE_IN;
        len = 0;
        xor = 0;
        escaping = false;
        pending = 0;
        continue;
      }
      if (state !== STATE_IN) {
        dropped++;
        if (state === STATE_SKIP) pending++;
        continue;
      }
      pending++;
      let v = b;
      if (escaping) {
        escaping = false;
        if (b === 0x01) v = 0x7d;
        else if (b === 0x02) v = 0x7e;
        else {
          out.push({ ok: false, error: 'BAD_ESCAPE' });
          state = STATE_SKIP;
          continue;
        }
      } else if (b === 0x7d) {
        escaping = true;
        continue;
      }
      if (len === max) {
        // Reported at once, so a peer streaming without delimiters is visible before any closing 0x7e.
        out.push({ ok: false, error: 'TOO_LONG' });
        state = STATE_SKIP;
        continue;
      }
      buf[len++] = v;
      xor ^= v;
    }
    this.len = len;
    this.xor = xor;
    this.escaping = escaping;
    this.state = state;
    this.pending = pending;
    this.dropped = dropped;
    return out;
  }

  /** Forgets any partial frame and waits for the next 0x7e. */
  reset(): void {
    this.len = 0;
    this.xor = 0;
    this.escaping = false;
    this.state = STATE_HUNT;
    this.pending = 0;
  }
}

function finishFrame(buf: Uint8Array, len: number, xor: number): Jt808FrameResult {
  if (len < JT808_MIN_FRAME_BYTES) return { ok: false, error: 'TRUNCATED' };
  // XOR over content including the checksum byte is 0 exactly when the checksum matches.
  const frame = buf.slice(0, len - 1);
  if (xor !== 0) return { ok: false, error: 'BAD_CHECKSUM', frame };
  return { ok: true, frame };
}

/** XOR of buf[start, end). */
export function jt808Checksum(buf: Uint8Array, start = 0, end = buf.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= buf[i];
  return x;
}

/** Appends the checksum to header + body, escapes, and wraps in 0x7e: the bytes to write to the socket. */
export function wrapJt808Frame(content: Uint8Array): Uint8Array {
  const cs = jt808Checksum(content);
  let extra = cs === 0x7e || cs === 0x7d ? 1 : 0;
  for (let i = 0; i < content.length; i++) {
    const b = content[i];
    if (b === 0x7e || b === 0x7d) extra++;
  }
  const out = new Uint8Array(content.length + 1 + extra + 2);
  let at = 0;
  out[at++] = 0x7e;
  for (let i = 0; i <= content.length; i++) {
    const b = i < content.length ? content[i] : cs;
    if (b === 0x7e) {
      out[at++] = 0x7d;
      out[at++] = 0x02;
    } else if (b === 0x7d) {
      out[at++] = 0x7d;
      out[at++] = 0x01;
    } else {
      out[at++] = b;
    }
  }
  out[at] = 0x7e;
  return out;
}
