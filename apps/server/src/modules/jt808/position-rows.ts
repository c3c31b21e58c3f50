// What the gateway stores for a decoded 0x0200 / 0x0704 location, and whether it may move the map (latest_positions)
// and count as a day of reporting (position_days). Pure: the clock is passed in.
import { JT808_STATUS, shanghaiDate, type Jt808Location } from '@cg/domain';

/** A position more than this far ahead of the platform clock comes from a wrong terminal clock (see docs/api.md). */
export const MAX_CLOCK_AHEAD_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PositionRow {
  /** Device time, epoch ms. */
  ts: number;
  lat: number;
  lon: number;
  altitudeM: number | null;
  speedKmh: number;
  direction: number | null;
  alarm: number;
  status: number;
  mileageKm: number | null;
  /** Item 0x02, litres. */
  fuelL: number | null;
  /** Item 0x03, the driving recorder's speed, km/h. */
  recorderSpeedKmh: number | null;
  /** Item 0x30, wireless signal strength. */
  signal: number | null;
  /** Item 0x31, GNSS satellites in view. */
  satellites: number | null;
  /** From a 0x0704 blind-area upload (type 1). */
  blindArea: boolean;
  /** JSON text of unknown items and the clock flag, or null (the usual case). */
  extra: string | null;
  /** May become the source's latest position (the SQL still keeps the newer one). */
  latest: boolean;
  /** Shanghai day it counts for in position_days, or null when its time is implausible. */
  day: string | null;
}

export type PositionRejection = 'COORDINATES_OUT_OF_RANGE';

export type PositionVerdict = { ok: true; row: PositionRow } | { ok: false; reason: PositionRejection };

export interface PositionContext {
  /** Platform clock when the message arrived, epoch ms. */
  now: number;
  /** From a 0x0704 blind-area batch (type 1). */
  blindArea: boolean;
  /** POSITION_RETENTION_DAYS: older positions would be dropped by the next retention run anyway. */
  retentionDays: number;
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/**
 * The row for one location. Refused (answered 0x8001 result 2, nothing stored): coordinates outside ±90 / ±180.
 * Stored but never the latest: 0,0 (no fix yet), coordinates encrypted by the terminal, a time more than
 * MAX_CLOCK_AHEAD_MS ahead (it would freeze the latest position until the real clock caught up) and a time older
 * than the retention window. Only times inside [now − retention, now + MAX_CLOCK_AHEAD_MS] count in position_days.
 */
export function positionRowOf(loc: Jt808Location, ctx: PositionContext): PositionVerdict {
  const { latitude: lat, longitude: lon } = loc;
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return { ok: false, reason: 'COORDINATES_OUT_OF_RANGE' };
  }
  const ts = loc.time.getTime();
  const ahead = ts > ctx.now + MAX_CLOCK_AHEAD_MS;
  const stale = ts < ctx.now - ctx.retentionDays * DAY_MS;
  const noFix = lat === 0 && lon === 0;
  const encrypted = (loc.status & JT808_STATUS.COORDINATES_ENCRYPTED) !== 0;

  let extra: string | null = null;
  if (loc.extraItems || ahead || stale) {
    const flags: Record<string, unknown> = {};
    if (loc.extraItems) {
      const items: Record<string, string> = {};
      for (const item of loc.extraItems) items[item.id.toString(16).padStart(2, '0')] = hex(item.value);
      flags.items = items;
    }
    if (ahead) flags.clock = 'ahead';
    else if (stale) flags.clock = 'stale';
    extra = JSON.stringify(flags);
  }

  return {
    ok: true,
    row: {
      ts,
      lat,
      lon,
      // The standard's WORD is unsigned; terminals below sea level send two's complement.
      altitudeM: loc.altitudeM > 0x7fff ? loc.altitudeM - 0x10000 : loc.altitudeM,
      speedKmh: loc.speedKmh,
      direction: loc.direction <= 359 ? loc.direction : null,
      // alarm and status are DWORD bit sets; the integer columns hold them as signed 32-bit.
      alarm: loc.alarm | 0,
      status: loc.status | 0,
      mileageKm: loc.mileageKm,
      fuelL: loc.fuelL,
      recorderSpeedKmh: loc.recorderSpeedKmh,
      signal: loc.signal,
      satellites: loc.satellites,
      blindArea: ctx.blindArea,
      extra,
      latest: !noFix && !encrypted && !ahead && !stale,
      day: ahead || stale ? null : shanghaiDate(ts),
    },
  };
}
