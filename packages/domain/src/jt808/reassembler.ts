// Subpackage reassembly with bounded memory: per-terminal and global caps, timeout on a caller-supplied clock.

import type { Jt808Header } from './packet.ts';

export interface Jt808ReassemblerOptions {
  /** Messages being assembled per terminal; opening one more evicts that terminal's oldest. Default 4. */
  maxOpenPerTerminal?: number;
  /** Body bytes held across all terminals; going over evicts the least recently active messages. Default 16 MiB. */
  maxTotalBytes?: number;
  /** Joined body size of one message; a message growing past it is dropped. Default 2 MiB. */
  maxMessageBytes?: number;
  /**
   * Body bytes held for one terminal; going over evicts that terminal's older messages, so one terminal cannot push
   * everyone else's out of the shared budget. Default: maxTotalBytes (no separate limit).
   */
  maxBytesPerTerminal?: number;
  /** Packages of one message; a larger total is refused at once. Default 4096. */
  maxPackages?: number;
  /** Milliseconds without a new package before a message is evicted. Default 60 s. */
  timeoutMs?: number;
}

export type Jt808EvictionReason = 'TIMEOUT' | 'TERMINAL_LIMIT' | 'MEMORY_LIMIT';

/** A message given up on; `missing` lists the 1-based indices never received (for a retransmission request). */
export interface Jt808EvictedMessage {
  phone: string;
  messageId: number;
  firstSerial: number;
  total: number;
  missing: number[];
  reason: Jt808EvictionReason;
}

export type Jt808ReassemblyResult =
  /** `header`: the first package's, with the joined length and no subpackage fields; `serials`: of every package. */
  | { status: 'complete'; header: Jt808Header; body: Uint8Array; serials: number[]; evicted: Jt808EvictedMessage[] }
  | { status: 'pending'; received: number; total: number; evicted: Jt808EvictedMessage[] }
  /** The same index again: the first copy is kept. */
  | { status: 'duplicate'; evicted: Jt808EvictedMessage[] }
  /** NOT_SUBPACKAGED: the header has no subpackage fields; TOO_LARGE: over maxPackages or maxMessageBytes. */
  | { status: 'rejected'; error: 'NOT_SUBPACKAGED' | 'TOO_LARGE'; evicted: Jt808EvictedMessage[] };

interface Entry {
  key: string;
  phone: string;
  messageId: number;
  firstSerial: number;
  total: number;
  parts: (Uint8Array | undefined)[];
  /** The header of package 1, once it has arrived. */
  firstHeader: Jt808Header | undefined;
  received: number;
  bytes: number;
  lastSeen: number;
}

/**
 * Collects the packages of long messages. As the standard asks, the packages of one message carry consecutive
 * serials, so a package's first serial is `serial - (index - 1)` (mod 2^16); messages are keyed by
 * (phone, message id, first serial, total). Entries are kept in least-recently-active order, so eviction by time or
 * size always takes from the front. Bodies passed in are copied only when joined; the caller must not reuse them.
 */
export class Jt808Reassembler {
  private readonly maxOpenPerTerminal: number;
  private readonly maxTotalBytes: number;
  private readonly maxMessageBytes: number;
  private readonly maxBytesPerTerminal: number;
  private readonly maxPackages: number;
  private readonly timeoutMs: number;
  private readonly entries = new Map<string, Entry>();
  private readonly openByPhone = new Map<string, number>();
  private readonly bytesByPhone = new Map<string, number>();
  private bytes = 0;

  constructor(options: Jt808ReassemblerOptions = {}) {
    this.maxOpenPerTerminal = options.maxOpenPerTerminal ?? 4;
    this.maxTotalBytes = options.maxTotalBytes ?? 16 * 1024 * 1024;
    this.maxMessageBytes = options.maxMessageBytes ?? 2 * 1024 * 1024;
    this.maxBytesPerTerminal = options.maxBytesPerTerminal ?? this.maxTotalBytes;
    this.maxPackages = options.maxPackages ?? 4096;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    for (const [name, v] of Object.entries({
      maxOpenPerTerminal: this.maxOpenPerTerminal, maxTotalBytes: this.maxTotalBytes,
      maxMessageBytes: this.maxMessageBytes, maxBytesPerTerminal: this.maxBytesPerTerminal, maxPackages: this.maxPackages, timeoutMs: this.timeoutMs,
    })) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} 应为正整数`);
    }
  }

  /** Messages being assembled. */
  get openCount(): number {
    return this.entries.size;
  }

  /** Body bytes held. */
  get totalBytes(): number {
    return this.bytes;
  }

  /** Adds one package (header from parseJt808Packet with packageTotal > 0, and its body). `now`: epoch ms. */
  push(header: Jt808Header, body: Uint8Array, now: number): Jt808ReassemblyResult {
    const evicted = this.evictExpired(now);
    const { packageTotal: total, packageIndex: index } = header;
    if (total === 0 || index === 0 || index > total) return { status: 'rejected', error: 'NOT_SUBPACKAGED', evicted };
    if (total > this.maxPackages || body.length > this.maxMessageBytes) {
      return { status: 'rejected', error: 'TOO_LARGE', evicted };
    }
    const firstSerial = (header.serial - (index - 1)) & 0xffff;
    const key = `${header.phone}|${header.messageId}|${firstSerial}|${total}`;
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key); // re-inserted below as the most recently active
    } else {
      const open = this.openByPhone.get(header.phone) ?? 0;
      if (open >= this.maxOpenPerTerminal) this.evictOldestOf(header.phone, evicted);
      entry = {
        key, phone: header.phone, messageId: header.messageId, firstSerial, total,
        parts: new Array<Uint8Array | undefined>(total), firstHeader: undefined,
        received: 0, bytes: 0, lastSeen: now,
      };
      this.openByPhone.set(header.phone, (this.openByPhone.get(header.phone) ?? 0) + 1);
    }
    this.entries.set(key, entry);
    entry.lastSeen = now;
    if (entry.parts[index - 1] !== undefined) return { status: 'duplicate', evicted };
    if (entry.bytes + body.length > this.maxMessageBytes) {
      this.remove(entry);
      return { status: 'rejected', error: 'TOO_LARGE', evicted };
    }
    entry.parts[index - 1] = body;
    if (index === 1) entry.firstHeader = header;
    entry.received++;
    entry.bytes += body.length;
    this.bytes += body.length;
    this.bytesByPhone.set(entry.phone, (this.bytesByPhone.get(entry.phone) ?? 0) + body.length);
    if (entry.received === total) {
      this.remove(entry);
      return { status: 'complete', ...this.join(entry), evicted };
    }
    // Over this terminal's share: drop its own older messages first, then this one.
    if ((this.bytesByPhone.get(entry.phone) ?? 0) > this.maxBytesPerTerminal) {
      for (const other of [...this.entries.values()]) {
        if ((this.bytesByPhone.get(entry.phone) ?? 0) <= this.maxBytesPerTerminal) break;
        if (other !== entry && other.phone === entry.phone) this.evict(other, 'TERMINAL_LIMIT', evicted);
      }
      if ((this.bytesByPhone.get(entry.phone) ?? 0) > this.maxBytesPerTerminal) {
        this.remove(entry);
        return { status: 'rejected', error: 'TOO_LARGE', evicted };
      }
    }
    // Over the global budget: drop the least recently active messages, never the one just fed.
    for (const other of this.entries.values()) {
      if (this.bytes <= this.maxTotalBytes) break;
      if (other === entry) continue;
      this.evict(other, 'MEMORY_LIMIT', evicted);
    }
    if (this.bytes > this.maxTotalBytes) {
      this.remove(entry);
      return { status: 'rejected', error: 'TOO_LARGE', evicted };
    }
    return { status: 'pending', received: entry.received, total, evicted };
  }

  /** Evicts messages idle for more than timeoutMs at `now`. */
  evictExpired(now: number): Jt808EvictedMessage[] {
    const evicted: Jt808EvictedMessage[] = [];
    for (const entry of this.entries.values()) {
      if (now - entry.lastSeen <= this.timeoutMs) break; // the rest are more recent
      this.evict(entry, 'TIMEOUT', evicted);
    }
    return evicted;
  }

  /** Forgets a terminal's partial messages (its connection closed). */
  dropTerminal(phone: string): void {
    for (const entry of [...this.entries.values()]) if (entry.phone === phone) this.remove(entry);
  }

  private evictOldestOf(phone: string, evicted: Jt808EvictedMessage[]): void {
    for (const entry of this.entries.values()) {
      if (entry.phone === phone) {
        this.evict(entry, 'TERMINAL_LIMIT', evicted);
        return;
      }
    }
  }

  private evict(entry: Entry, reason: Jt808EvictionReason, evicted: Jt808EvictedMessage[]): void {
    const missing: number[] = [];
    for (let i = 0; i < entry.total; i++) if (entry.parts[i] === undefined) missing.push(i + 1);
    evicted.push({ phone: entry.phone, messageId: entry.messageId, firstSerial: entry.firstSerial, total: entry.total, missing, reason });
    this.remove(entry);
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry.key);
    this.bytes -= entry.bytes;
    const held = (this.bytesByPhone.get(entry.phone) ?? 0) - entry.bytes;
    if (held <= 0) this.bytesByPhone.delete(entry.phone);
    else this.bytesByPhone.set(entry.phone, held);
    const open = (this.openByPhone.get(entry.phone) ?? 1) - 1;
    if (open === 0) this.openByPhone.delete(entry.phone);
    else this.openByPhone.set(entry.phone, open);
  }

  private join(entry: Entry): { header: Jt808Header; body: Uint8Array; serials: number[] } {
    const body = new Uint8Array(entry.bytes);
    const serials: number[] = [];
    let at = 0;
    for (let i = 0; i < entry.total; i++) {
      const part = entry.parts[i] as Uint8Array;
      body.set(part, at);
      at += part.length;
      serials.push((entry.firstSerial + i) & 0xffff);
    }
    const first = entry.firstHeader as Jt808Header;
    return { header: { ...first, bodyLength: body.length, packageTotal: 0, packageIndex: 0 }, body, serials };
  }
}
