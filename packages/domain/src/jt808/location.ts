// 0x0200 location report and 0x0704 batch: parsed straight from the bytes, no intermediate arrays.

import { checkUint, toBcdByte } from './bytes.ts';
import { JT808_ITEM, JT808_STATUS } from './constants.ts';

/** Beijing time is UTC+8 all year (no DST since 1991). */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
/** alarm + status + lat + lon + altitude + speed + direction + time. */
export const JT808_LOCATION_FIXED_BYTES = 28;

export interface Jt808AdditionalItem {
  id: number;
  value: Uint8Array;
}

export interface Jt808Location {
  alarm: number;
  status: number;
  /** Status bit 0. */
  acc: boolean;
  /** Status bit 1: the position is a GNSS fix. */
  fixed: boolean;
  /** Degrees; negative when status bit 2 (south) is set. */
  latitude: number;
  /** Degrees; negative when status bit 3 (west) is set. */
  longitude: number;
  altitudeM: number;
  speedKmh: number;
  /** 0–359, clockwise from north. */
  direction: number;
  /** The report's BCD time (Beijing) as an instant. */
  time: Date;
  /** Item 0x01, km. */
  mileageKm: number | null;
  /** Item 0x02, litres. */
  fuelL: number | null;
  /** Item 0x03 (speed from the tachograph), km/h. */
  recorderSpeedKmh: number | null;
  /** Item 0x30, wireless signal strength. */
  signal: number | null;
  /** Item 0x31, GNSS satellites in view. */
  satellites: number | null;
  /** Items not decoded above (other ids, or a known id with the wrong length), in body order; views into the body. */
  extraItems: Jt808AdditionalItem[] | null;
}

export type Jt808LocationError = 'BAD_BODY' | 'BAD_TIME' | 'BAD_ITEM';
export type Jt808LocationResult = { ok: true; location: Jt808Location } | { ok: false; error: Jt808LocationError };

function u32(b: Uint8Array, i: number): number {
  return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

function u16(b: Uint8Array, i: number): number {
  return (b[i] << 8) | b[i + 1];
}

/** One BCD byte as 0–99, or -1 when a nibble is above 9. */
function bcd(b: number): number {
  const hi = b >> 4;
  const lo = b & 0x0f;
  return hi > 9 || lo > 9 ? -1 : hi * 10 + lo;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** BCD[6] YYMMDDhhmmss in Beijing time → epoch ms, or NaN for a bad digit or an impossible date. */
export function readJt808BcdTime(b: Uint8Array, at: number): number {
  const yy = bcd(b[at]);
  const month = bcd(b[at + 1]);
  const day = bcd(b[at + 2]);
  const hour = bcd(b[at + 3]);
  const minute = bcd(b[at + 4]);
  const second = bcd(b[at + 5]);
  if (yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
    || second < 0 || second > 59) return NaN;
  const year = 2000 + yy;
  if (day > daysInMonth(year, month)) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second) - BEIJING_OFFSET_MS;
}

/** Writes an instant as BCD[6] Beijing time (whole seconds). Throws RangeError outside 2000–2099. */
export function writeJt808BcdTime(time: Date, out: Uint8Array, at: number): void {
  const ms = time.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('时间无效');
  const d = new Date(ms + BEIJING_OFFSET_MS);
  const year = d.getUTCFullYear();
  if (year < 2000 || year > 2099) throw new RangeError(`时间超出 2000–2099 年：${time.toISOString()}`);
  out[at] = toBcdByte(year - 2000);
  out[at + 1] = toBcdByte(d.getUTCMonth() + 1);
  out[at + 2] = toBcdByte(d.getUTCDate());
  out[at + 3] = toBcdByte(d.getUTCHours());
  out[at + 4] = toBcdByte(d.getUTCMinutes());
  out[at + 5] = toBcdByte(d.getUTCSeconds());
}

/** Parses a 0x0200 body held in b[start, end). Extra items are views into `b`. */
export function parseJt808Location(b: Uint8Array, start = 0, end = b.length): Jt808LocationResult {
  if (end - start < JT808_LOCATION_FIXED_BYTES) return { ok: false, error: 'BAD_BODY' };
  const ms = readJt808BcdTime(b, start + 22);
  if (Number.isNaN(ms)) return { ok: false, error: 'BAD_TIME' };
  const status = u32(b, start + 4);
  const latRaw = u32(b, start + 8);
  const lonRaw = u32(b, start + 12);
  let mileageKm: number | null = null;
  let fuelL: number | null = null;
  let recorderSpeedKmh: number | null = null;
  let signal: number | null = null;
  let satellites: number | null = null;
  let extraItems: Jt808AdditionalItem[] | null = null;
  let i = start + JT808_LOCATION_FIXED_BYTES;
  while (i < end) {
    if (end - i < 2) return { ok: false, error: 'BAD_ITEM' };
    const id = b[i];
    const len = b[i + 1];
    const v = i + 2;
    if (v + len > end) return { ok: false, error: 'BAD_ITEM' };
    if (id === JT808_ITEM.MILEAGE && len === 4) mileageKm = u32(b, v) / 10;
    else if (id === JT808_ITEM.FUEL && len === 2) fuelL = u16(b, v) / 10;
    else if (id === JT808_ITEM.RECORDER_SPEED && len === 2) recorderSpeedKmh = u16(b, v) / 10;
    else if (id === JT808_ITEM.SIGNAL && len === 1) signal = b[v];
    else if (id === JT808_ITEM.SATELLITES && len === 1) satellites = b[v];
    else (extraItems ??= []).push({ id, value: b.subarray(v, v + len) });
    i = v + len;
  }
  // A zero coordinate stays +0 whatever the hemisphere bit says.
  const latitude = latRaw / 1e6;
  const longitude = lonRaw / 1e6;
  return {
    ok: true,
    location: {
      alarm: u32(b, start),
      status,
      acc: (status & JT808_STATUS.ACC) !== 0,
      fixed: (status & JT808_STATUS.FIXED) !== 0,
      latitude: (status & JT808_STATUS.SOUTH) !== 0 && latRaw !== 0 ? -latitude : latitude,
      longitude: (status & JT808_STATUS.WEST) !== 0 && lonRaw !== 0 ? -longitude : longitude,
      altitudeM: u16(b, start + 16),
      speedKmh: u16(b, start + 18) / 10,
      direction: u16(b, start + 20),
      time: new Date(ms),
      mileageKm,
      fuelL,
      recorderSpeedKmh,
      signal,
      satellites,
      extraItems,
    },
  };
}

export interface Jt808LocationInput {
  alarm?: number;
  /** Raw status; ACC / fixed bits are overridden by `acc` / `fixed` when given, south / west by a non-zero sign. */
  status?: number;
  acc?: boolean;
  fixed?: boolean;
  latitude: number;
  longitude: number;
  altitudeM?: number;
  speedKmh?: number;
  direction?: number;
  time: Date;
  mileageKm?: number | null;
  fuelL?: number | null;
  recorderSpeedKmh?: number | null;
  signal?: number | null;
  satellites?: number | null;
  extraItems?: readonly Jt808AdditionalItem[] | null;
}

function setBit(value: number, bit: number, on: boolean): number {
  return on ? value | bit : value & ~bit;
}

function putU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}

function putU16(out: Uint8Array, at: number, v: number): void {
  out[at] = v >> 8;
  out[at + 1] = v & 0xff;
}

/** Bytes of a location's 0x0200 body: the fixed part and its additional items. */
function locationSize(loc: Jt808LocationInput): number {
  let n = JT808_LOCATION_FIXED_BYTES;
  if (loc.mileageKm != null) n += 6;
  if (loc.fuelL != null) n += 4;
  if (loc.recorderSpeedKmh != null) n += 4;
  if (loc.signal != null) n += 3;
  if (loc.satellites != null) n += 3;
  for (const extra of loc.extraItems ?? []) n += 2 + extra.value.length;
  return n;
}

/**
 * Writes a location's 0x0200 body at out[at] (exactly locationSize bytes); returns the end. One buffer for the whole
 * message instead of an array per item: the simulator and the load bench encode tens of thousands a second.
 */
function writeLocation(loc: Jt808LocationInput, out: Uint8Array, at: number): number {
  let status = checkUint(loc.status ?? 0, 0xffffffff, '状态');
  if (loc.acc !== undefined) status = setBit(status, JT808_STATUS.ACC, loc.acc);
  if (loc.fixed !== undefined) status = setBit(status, JT808_STATUS.FIXED, loc.fixed);
  if (loc.latitude !== 0) status = setBit(status, JT808_STATUS.SOUTH, loc.latitude < 0);
  if (loc.longitude !== 0) status = setBit(status, JT808_STATUS.WEST, loc.longitude < 0);
  putU32(out, at, checkUint(loc.alarm ?? 0, 0xffffffff, '报警标志'));
  putU32(out, at + 4, status >>> 0);
  putU32(out, at + 8, checkUint(Math.round(Math.abs(loc.latitude) * 1e6), 0xffffffff, '纬度'));
  putU32(out, at + 12, checkUint(Math.round(Math.abs(loc.longitude) * 1e6), 0xffffffff, '经度'));
  putU16(out, at + 16, checkUint(loc.altitudeM ?? 0, 0xffff, '高程'));
  putU16(out, at + 18, checkUint(Math.round((loc.speedKmh ?? 0) * 10), 0xffff, '速度'));
  putU16(out, at + 20, checkUint(loc.direction ?? 0, 0xffff, '方向'));
  writeJt808BcdTime(loc.time, out, at + 22);
  let i = at + JT808_LOCATION_FIXED_BYTES;
  const item = (id: number, len: 1 | 2 | 4, value: number, field: string) => {
    out[i] = id;
    out[i + 1] = len;
    const v = checkUint(value, len === 4 ? 0xffffffff : len === 2 ? 0xffff : 0xff, field);
    if (len === 4) putU32(out, i + 2, v);
    else if (len === 2) putU16(out, i + 2, v);
    else out[i + 2] = v;
    i += 2 + len;
  };
  if (loc.mileageKm != null) item(JT808_ITEM.MILEAGE, 4, Math.round(loc.mileageKm * 10), '里程');
  if (loc.fuelL != null) item(JT808_ITEM.FUEL, 2, Math.round(loc.fuelL * 10), '油量');
  if (loc.recorderSpeedKmh != null) item(JT808_ITEM.RECORDER_SPEED, 2, Math.round(loc.recorderSpeedKmh * 10), '记录仪速度');
  if (loc.signal != null) item(JT808_ITEM.SIGNAL, 1, loc.signal, '信号强度');
  if (loc.satellites != null) item(JT808_ITEM.SATELLITES, 1, loc.satellites, '卫星数');
  for (const extra of loc.extraItems ?? []) {
    checkUint(extra.id, 0xff, '附加信息ID');
    checkUint(extra.value.length, 0xff, '附加信息长度');
    out[i] = extra.id;
    out[i + 1] = extra.value.length;
    out.set(extra.value, i + 2);
    i += 2 + extra.value.length;
  }
  return i;
}

/** The 0x0200 body for a location (the inverse of parseJt808Location). Throws RangeError for values out of range. */
export function encodeJt808Location(loc: Jt808LocationInput): Uint8Array {
  const out = new Uint8Array(locationSize(loc));
  writeLocation(loc, out, 0);
  return out;
}

export const JT808_BATCH_TYPE = { NORMAL: 0, BLIND_AREA: 1 } as const;

export interface Jt808LocationBatch {
  /** 0 normal batch, 1 blind-area backfill. */
  batchType: number;
  locations: Jt808Location[];
  /** Items whose structure was sound but whose content was not (e.g. a bad time): the others are still kept. */
  rejected: { index: number; error: Jt808LocationError }[];
}

export type Jt808LocationBatchResult = { ok: true; batch: Jt808LocationBatch } | { ok: false; error: 'BAD_BODY' };

/**
 * Parses a 0x0704 body: count WORD, type BYTE, then count × {length WORD, 0x0200 body}. The item lengths must add up
 * to the body exactly and match the count; otherwise the whole batch is BAD_BODY.
 */
export function parseJt808LocationBatch(b: Uint8Array): Jt808LocationBatchResult {
  if (b.length < 3) return { ok: false, error: 'BAD_BODY' };
  const count = u16(b, 0);
  const locations: Jt808Location[] = [];
  const rejected: Jt808LocationBatch['rejected'] = [];
  let i = 3;
  for (let n = 0; n < count; n++) {
    if (b.length - i < 2) return { ok: false, error: 'BAD_BODY' };
    const len = u16(b, i);
    if (i + 2 + len > b.length) return { ok: false, error: 'BAD_BODY' };
    const r = parseJt808Location(b, i + 2, i + 2 + len);
    if (r.ok) locations.push(r.location);
    else rejected.push({ index: n, error: r.error });
    i += 2 + len;
  }
  if (i !== b.length) return { ok: false, error: 'BAD_BODY' };
  return { ok: true, batch: { batchType: b[2], locations, rejected } };
}

export interface Jt808LocationBatchInput {
  batchType: number;
  locations: readonly Jt808LocationInput[];
}

/** The 0x0704 body (the inverse of parseJt808LocationBatch for the accepted items). */
export function encodeJt808LocationBatch(batch: Jt808LocationBatchInput): Uint8Array {
  const count = checkUint(batch.locations.length, 0xffff, '位置数据项个数');
  const type = checkUint(batch.batchType, 0xff, '位置数据类型');
  const sizes = batch.locations.map((loc) => checkUint(locationSize(loc), 0xffff, '位置汇报数据体长度'));
  const out = new Uint8Array(3 + sizes.reduce((sum, n) => sum + 2 + n, 0));
  putU16(out, 0, count);
  out[2] = type;
  let at = 3;
  batch.locations.forEach((loc, k) => {
    putU16(out, at, sizes[k]);
    at = writeLocation(loc, out, at + 2);
  });
  return out;
}
