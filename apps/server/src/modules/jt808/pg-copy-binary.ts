// PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format"), written
// straight into one growing Buffer: for the gateway's positions it costs PostgreSQL about half of the text format per
// row (no number, timestamp or JSON text to parse) and the gateway no toISOString / String(number) per value.
// Hand-written because it is the hot path and the format is small: a header, then per row a field count and
// length-prefixed values in network byte order; the writer only knows the handful of types it is used with.

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** 2000-01-01T00:00:00Z, PostgreSQL's epoch for timestamps, in Unix ms. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
const UUID_HEX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid's 16 bytes, from its text form; throws on anything else (a bad id must fail the batch, not corrupt it). */
export function uuidBytes(id: string): Buffer {
  if (!UUID_HEX.test(id)) throw new Error(`not a uuid: ${id}`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

export class CopyBinaryWriter {
  private buf: Buffer;
  private at = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(64, initialBytes));
    SIGNATURE.copy(this.buf, 0);
    this.buf.writeInt32BE(0, 11); // flags: no OIDs
    this.buf.writeInt32BE(0, 15); // header extension length
    this.at = 19;
  }

  /** Room for `bytes` more. Callers reserve once per row with its largest size. */
  reserve(bytes: number): this {
    if (this.at + bytes > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + bytes));
      this.buf.copy(bigger, 0, 0, this.at);
      this.buf = bigger;
    }
    return this;
  }

  row(fields: number): this {
    this.at = this.buf.writeInt16BE(fields, this.at);
    return this;
  }

  null(): this {
    this.at = this.buf.writeInt32BE(-1, this.at);
    return this;
  }

  /** Bytes already encoded (a text value in UTF-8, or a uuid's 16 bytes). */
  bytes(value: Buffer): this {
    this.at = this.buf.writeInt32BE(value.length, this.at);
    this.at += value.copy(this.buf, this.at);
    return this;
  }

  /** timestamptz from Unix epoch ms (exact: µs below 2^53). */
  timestamptz(ms: number): this {
    const us = (ms - PG_EPOCH_MS) * 1000;
    const high = Math.floor(us / TWO_32);
    this.at = this.buf.writeInt32BE(8, this.at);
    this.at = this.buf.writeInt32BE(high, this.at);
    this.at = this.buf.writeUInt32BE(us - high * TWO_32, this.at);
    return this;
  }

  float8(v: number | null): this {
    if (v === null) return this.null();
    this.at = this.buf.writeInt32BE(8, this.at);
    this.at = this.buf.writeDoubleBE(v, this.at);
    return this;
  }

  float4(v: number | null): this {
    if (v === null) return this.null();
    this.at = this.buf.writeInt32BE(4, this.at);
    this.at = this.buf.writeFloatBE(v, this.at);
    return this;
  }

  /** smallint; the value must fit (the caller validated it). */
  int2(v: number | null): this {
    if (v === null) return this.null();
    this.at = this.buf.writeInt32BE(2, this.at);
    this.at = this.buf.writeInt16BE(v, this.at);
    return this;
  }

  int4(v: number | null): this {
    if (v === null) return this.null();
    this.at = this.buf.writeInt32BE(4, this.at);
    this.at = this.buf.writeInt32BE(v, this.at);
    return this;
  }

  bool(v: boolean): this {
    this.at = this.buf.writeInt32BE(1, this.at);
    this.buf[this.at++] = v ? 1 : 0;
    return this;
  }

  /** jsonb: format version 1, then the JSON text (PostgreSQL parses and checks it). */
  jsonb(text: string | null): this {
    if (text === null) return this.null();
    const length = Buffer.byteLength(text);
    this.reserve(length + 5);
    this.at = this.buf.writeInt32BE(length + 1, this.at);
    this.buf[this.at++] = 1;
    this.at += this.buf.write(text, this.at);
    return this;
  }

  /** The finished COPY data (with the end-of-data marker); the writer must not be used afterwards. */
  finish(): Buffer {
    this.reserve(2);
    this.at = this.buf.writeInt16BE(-1, this.at);
    return this.buf.subarray(0, this.at);
  }
}
