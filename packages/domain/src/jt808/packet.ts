// Message header (2013 and 2019 editions): parse with length checks, encode in either edition.

import { readBcd, writeBcd, checkUint } from './bytes.ts';
import { JT808_ATTR, JT808_MAX_BODY_LENGTH, type Jt808Edition, type Jt808ErrorCode } from './constants.ts';
import { wrapJt808Frame } from './frame.ts';

export interface Jt808Header {
  messageId: number;
  edition: Jt808Edition;
  /** 2019: the protocol version BYTE (1 for the first 2019 revision); 2013: 0. */
  protocolVersion: number;
  /** Body length from the attributes (bits 0–9); checked against the frame. */
  bodyLength: number;
  /** Encryption bits 10–12 (0 = none, 1 = RSA). */
  encryption: number;
  /** True when bit 14 named one edition but the frame length fits only the other (a known terminal quirk). */
  versionFlagMismatch: boolean;
  /** Terminal phone, normalised by normalizeJt808Phone. */
  phone: string;
  serial: number;
  /** Subpackage total and 1-based index; both 0 when bit 13 is clear. */
  packageTotal: number;
  packageIndex: number;
}

export type Jt808PacketResult =
  | { ok: true; header: Jt808Header; body: Uint8Array }
  /** `header` is set when the header itself could be read, so the caller can still answer the serial. */
  | { ok: false; error: Jt808ErrorCode; header?: Jt808Header };

export interface Jt808PacketOptions {
  /** Trust bit 14 alone; by default a frame whose length fits only the other edition's header is read as that one. */
  strictVersionFlag?: boolean;
}

/** Fewest digits kept: an 11-digit mobile number is the shortest the platform stores. */
export const JT808_PHONE_MIN_DIGITS = 11;
/** Most digits: BCD[10] in 2019. */
export const JT808_PHONE_MAX_DIGITS = 20;

/**
 * The one form of a terminal phone the platform stores and compares: leading zeros removed, then left-padded with
 * zeros to 11 digits. So BCD[6] '013912345678' and BCD[10] '00000000013912345678' are both '13912345678' and a
 * terminal keeps its identity across editions; '000012345678' becomes '00012345678'. Padding back to 12 or 20
 * digits restores the exact BCD, so replies carry the bytes the terminal sent. Null for non-digits or > 20 digits.
 */
export function normalizeJt808Phone(digits: string): string | null {
  return /^\d{1,20}$/.test(digits) ? normalizeDigits(digits) : null;
}

/** normalizeJt808Phone for a string already known to be 1–20 digits (the hot path: every frame's header). */
function normalizeDigits(digits: string): string {
  if (digits.length < JT808_PHONE_MIN_DIGITS) return digits.padStart(JT808_PHONE_MIN_DIGITS, '0');
  // Dropping leading zeros and padding back to 11 = dropping at most (length - 11) of them.
  const maxDrop = digits.length - JT808_PHONE_MIN_DIGITS;
  let i = 0;
  while (i < maxDrop && digits.charCodeAt(i) === 48) i++;
  return i === 0 ? digits : digits.slice(i);
}

function headerLength(edition: Jt808Edition, subpackaged: boolean): number {
  return (edition === 2019 ? 17 : 12) + (subpackaged ? 4 : 0);
}

/**
 * Reads the header of a checksum-verified frame (header + body, as Jt808FrameDecoder yields it) and checks that the
 * body length in the attributes matches what follows. `body` is a view into `frame`.
 */
export function parseJt808Packet(frame: Uint8Array, options: Jt808PacketOptions = {}): Jt808PacketResult {
  if (frame.length < 12) return { ok: false, error: 'TRUNCATED' };
  const messageId = (frame[0] << 8) | frame[1];
  const attr = (frame[2] << 8) | frame[3];
  const bodyLength = attr & JT808_ATTR.BODY_LENGTH_MASK;
  const subpackaged = (attr & JT808_ATTR.SUBPACKAGE) !== 0;
  const flagged: Jt808Edition = (attr & JT808_ATTR.VERSION_FLAG) !== 0 ? 2019 : 2013;
  let edition = flagged;
  if (!options.strictVersionFlag) {
    const other: Jt808Edition = flagged === 2019 ? 2013 : 2019;
    if (frame.length !== headerLength(flagged, subpackaged) + bodyLength
      && frame.length === headerLength(other, subpackaged) + bodyLength) {
      edition = other;
    }
  }
  const headerLen = headerLength(edition, subpackaged);
  if (frame.length < headerLen) return { ok: false, error: 'TRUNCATED' };
  const phoneAt = edition === 2019 ? 5 : 4;
  const phoneBytes = edition === 2019 ? 10 : 6;
  const digits = readBcd(frame, phoneAt, phoneBytes);
  if (digits === null) return { ok: false, error: 'BAD_PHONE' };
  const at = phoneAt + phoneBytes;
  const header: Jt808Header = {
    messageId,
    edition,
    protocolVersion: edition === 2019 ? frame[4] : 0,
    bodyLength,
    encryption: (attr >> JT808_ATTR.ENCRYPTION_SHIFT) & JT808_ATTR.ENCRYPTION_MASK,
    versionFlagMismatch: edition !== flagged,
    phone: normalizeDigits(digits),
    serial: (frame[at] << 8) | frame[at + 1],
    packageTotal: subpackaged ? (frame[at + 2] << 8) | frame[at + 3] : 0,
    packageIndex: subpackaged ? (frame[at + 4] << 8) | frame[at + 5] : 0,
  };
  if (frame.length !== headerLen + bodyLength) return { ok: false, error: 'BAD_LENGTH', header };
  if (subpackaged && (header.packageTotal === 0 || header.packageIndex === 0 || header.packageIndex > header.packageTotal)) {
    return { ok: false, error: 'BAD_SUBPACKAGE', header };
  }
  if (header.encryption !== 0) return { ok: false, error: 'ENCRYPTED', header };
  return { ok: true, header, body: frame.subarray(headerLen) };
}

export interface Jt808HeaderInput {
  messageId: number;
  edition: Jt808Edition;
  /** Digits; left-padded with zeros to 12 (2013) or 20 (2019). */
  phone: string;
  serial: number;
  /** 2019 only; defaults to 1. */
  protocolVersion?: number;
  encryption?: number;
  /** Set both (1-based index) to mark a subpackage. */
  packageTotal?: number;
  packageIndex?: number;
}

/** Header + body without checksum or escaping. Throws RangeError for values that do not fit their fields. */
export function encodeJt808Packet(header: Jt808HeaderInput, body: Uint8Array): Uint8Array {
  if (body.length > JT808_MAX_BODY_LENGTH) throw new RangeError(`消息体超过 ${JT808_MAX_BODY_LENGTH} 字节，须分包`);
  const subpackaged = (header.packageTotal ?? 0) > 0 || (header.packageIndex ?? 0) > 0;
  const headerLen = headerLength(header.edition, subpackaged);
  const out = new Uint8Array(headerLen + body.length);
  const messageId = checkUint(header.messageId, 0xffff, '消息ID');
  const encryption = checkUint(header.encryption ?? 0, JT808_ATTR.ENCRYPTION_MASK, '加密方式');
  const attr = body.length
    | (encryption << JT808_ATTR.ENCRYPTION_SHIFT)
    | (subpackaged ? JT808_ATTR.SUBPACKAGE : 0)
    | (header.edition === 2019 ? JT808_ATTR.VERSION_FLAG : 0);
  out[0] = messageId >> 8;
  out[1] = messageId & 0xff;
  out[2] = attr >> 8;
  out[3] = attr & 0xff;
  let at = 4;
  const phoneBytes = header.edition === 2019 ? 10 : 6;
  if (header.edition === 2019) out[at++] = checkUint(header.protocolVersion ?? 1, 0xff, '协议版本号');
  const phone = normalizeJt808Phone(header.phone);
  if (phone === null || phone.length > phoneBytes * 2) throw new RangeError(`终端手机号无效：${header.phone}`);
  writeBcd(phone, out, at, phoneBytes);
  at += phoneBytes;
  const serial = checkUint(header.serial, 0xffff, '流水号');
  out[at++] = serial >> 8;
  out[at++] = serial & 0xff;
  if (subpackaged) {
    const total = checkUint(header.packageTotal ?? 0, 0xffff, '分包总数');
    const index = checkUint(header.packageIndex ?? 0, 0xffff, '包序号');
    if (total === 0 || index === 0 || index > total) throw new RangeError('分包总数与包序号不符');
    out[at++] = total >> 8;
    out[at++] = total & 0xff;
    out[at++] = index >> 8;
    out[at++] = index & 0xff;
  }
  out.set(body, at);
  return out;
}

/** The bytes to send: header + body + checksum, escaped, between 0x7e. */
export function encodeJt808Frame(header: Jt808HeaderInput, body: Uint8Array): Uint8Array {
  return wrapJt808Frame(encodeJt808Packet(header, body));
}

/**
 * Splits a long body into subpackage frames of at most `maxPartBytes` body bytes each. As the standard asks, the
 * packages carry consecutive serials starting at header.serial (wrapping at 0xffff).
 */
export function encodeJt808Subpackages(
  header: Omit<Jt808HeaderInput, 'packageTotal' | 'packageIndex'>,
  body: Uint8Array,
  maxPartBytes: number = JT808_MAX_BODY_LENGTH,
): Uint8Array[] {
  checkUint(header.serial, 0xffff, '流水号');
  checkUint(maxPartBytes, JT808_MAX_BODY_LENGTH, '分包长度');
  if (maxPartBytes === 0) throw new RangeError('分包长度应大于 0');
  const total = Math.max(1, Math.ceil(body.length / maxPartBytes));
  checkUint(total, 0xffff, '分包总数');
  const frames: Uint8Array[] = [];
  for (let i = 0; i < total; i++) {
    frames.push(encodeJt808Frame(
      { ...header, serial: (header.serial + i) & 0xffff, packageTotal: total, packageIndex: i + 1 },
      body.subarray(i * maxPartBytes, (i + 1) * maxPartBytes),
    ));
  }
  return frames;
}
