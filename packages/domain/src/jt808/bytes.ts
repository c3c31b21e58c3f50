// Byte-level helpers shared by the JT/T 808 parsers and encoders: BCD, GBK text, fixed-width fields.

/** Two-digit strings for every valid packed-BCD byte; '' marks a byte with a nibble above 9. */
const BCD_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, b) => {
  const hi = b >> 4;
  const lo = b & 0x0f;
  return hi < 10 && lo < 10 ? `${hi}${lo}` : '';
});

/** The digits of `length` packed-BCD bytes, or null when a nibble is not a decimal digit. */
export function readBcd(buf: Uint8Array, offset: number, length: number): string | null {
  let s = '';
  for (let i = offset; i < offset + length; i++) {
    const pair = BCD_PAIRS[buf[i]];
    if (pair === '') return null;
    s += pair;
  }
  return s;
}

/** Writes `digits` as packed BCD into `length` bytes, left-padded with zeros. Throws RangeError for bad input. */
export function writeBcd(digits: string, out: Uint8Array, offset: number, length: number): void {
  if (!/^\d*$/.test(digits)) throw new RangeError(`BCD 字段只能包含数字：${digits}`);
  if (digits.length > length * 2) throw new RangeError(`BCD 字段超过 ${length * 2} 位：${digits}`);
  const padded = digits.padStart(length * 2, '0');
  for (let i = 0; i < length; i++) {
    out[offset + i] = ((padded.charCodeAt(2 * i) - 48) << 4) | (padded.charCodeAt(2 * i + 1) - 48);
  }
}

/** The packed-BCD value of a number 0–99. */
export function toBcdByte(n: number): number {
  return (Math.floor(n / 10) << 4) | n % 10;
}

let gbkDecoder: { decode(input: Uint8Array): string } | undefined;
let asciiDecoder: { decode(input: Uint8Array): string } | undefined;

/** Short ASCII fields are built by hand (cheaper than a decoder call); longer ones go through a decoder. */
const SHORT_ASCII = 64;

/** GBK text of buf[start, end). Pure ASCII skips the GBK decoder (most terminal ids, models and auth codes). */
export function decodeGbk(buf: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (buf[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    // Never spread the bytes into String.fromCharCode: a long field would overflow the call stack.
    if (end - start <= SHORT_ASCII) {
      let s = '';
      for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]);
      return s;
    }
    asciiDecoder ??= new TextDecoder('latin1');
    return asciiDecoder.decode(buf.subarray(start, end));
  }
  gbkDecoder ??= new TextDecoder('gbk');
  return gbkDecoder.decode(buf.subarray(start, end));
}

/** Decodes a fixed-width text field, dropping 0x00 padding and spaces on both ends (terminals pad either side). */
export function decodePaddedText(buf: Uint8Array, start: number, end: number): string {
  let s = start;
  let e = end;
  while (s < e && (buf[s] === 0x00 || buf[s] === 0x20)) s++;
  while (e > s && (buf[e - 1] === 0x00 || buf[e - 1] === 0x20)) e--;
  return decodeGbk(buf, s, e);
}

/** Decodes a trailing STRING, dropping 0x00 terminators some terminals append. */
export function decodeTrailingText(buf: Uint8Array, start: number, end: number): string {
  let e = end;
  while (e > start && buf[e - 1] === 0x00) e--;
  return decodeGbk(buf, start, e);
}

let gbkTable: Map<number, number> | undefined;

/** Code point → GBK double byte, built once from the platform's own GBK decoder (only encoders need it). */
function gbkEncodeTable(): Map<number, number> {
  if (gbkTable) return gbkTable;
  const codes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) codes.push((lead << 8) | trail);
  }
  const bytes = new Uint8Array(codes.length * 2);
  codes.forEach((c, i) => {
    bytes[2 * i] = c >> 8;
    bytes[2 * i + 1] = c & 0xff;
  });
  const decoder = new TextDecoder('gbk');
  const all = decoder.decode(bytes);
  const table = new Map<number, number>();
  // Every lead/trail pair decodes to one BMP character, so one decode call lines up; otherwise decode pair by pair.
  const aligned = all.length === codes.length;
  codes.forEach((c, i) => {
    const ch = aligned ? all.charCodeAt(i) : decoder.decode(bytes.subarray(2 * i, 2 * i + 2)).charCodeAt(0);
    if (ch !== 0xfffd && !table.has(ch)) table.set(ch, c);
  });
  gbkTable = table;
  return table;
}

/** GBK bytes of `text`. Throws RangeError for a character GBK cannot hold. */
export function encodeGbk(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out.push(c);
      continue;
    }
    const code = gbkEncodeTable().get(c);
    if (code === undefined) throw new RangeError(`字符无法用 GBK 编码：${text[i]}`);
    out.push(code >> 8, code & 0xff);
  }
  return Uint8Array.from(out);
}

/** `text` in GBK, right-padded with 0x00 to `width` bytes. Throws RangeError when it does not fit. */
export function encodePaddedText(text: string, width: number, field: string): Uint8Array {
  const bytes = encodeGbk(text);
  if (bytes.length > width) throw new RangeError(`${field}超过 ${width} 字节`);
  const out = new Uint8Array(width);
  out.set(bytes);
  return out;
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Throws RangeError unless n is an integer in [0, max]. */
export function checkUint(n: number, max: number, field: string): number {
  if (!Number.isInteger(n) || n < 0 || n > max) throw new RangeError(`${field}应为 0–${max} 的整数：${n}`);
  return n;
}
