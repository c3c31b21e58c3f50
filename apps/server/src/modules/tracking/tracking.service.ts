// 勤务指挥室 reads: latest positions of vehicles (北斗 terminals) and officers with a derived state, one source's track,
// and the 接入率/在线天数 figures for the evaluation. Everything is scoped by the org tree like the other modules.
import {
  LiveBatchEncoder, shanghaiDate, shanghaiStartOfDay, todayShanghai, type LiveMapPosition, type LiveSourceKind, type LiveState,
  type LiveWireBatch,
} from '@cg/domain';
import { queryOne, queryRows, sql, type Executor } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { TERMINAL_CATEGORY_CODE } from '../equipment/terminals.service.ts';
import { getUnitInScope } from '../units/units.service.ts';
import type { LivePosition } from './position-bus.ts';
import type { TrackingConfig } from './tracking.config.ts';

export type SourceKind = LiveSourceKind;
/** 行驶中 / 静止 / 离线 on the map. */
export type PositionState = LiveState;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Timestamps come back as Date from node-postgres and as text from PGlite. */
export const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();

/**
 * The state a position shows on the map. Offline when the position is older than the configured window (judged by the
 * position's own time, so a blind-area backfill never paints an old point as live) or when the gateway says the
 * terminal's connection is gone; otherwise moving above the speed threshold, else stopped.
 */
export function derivePositionState(
  position: { ts: Date | string; speedKmh: number | null },
  online: boolean | null,
  now: number,
  config: Pick<TrackingConfig, 'offlineAfterMinutes' | 'movingSpeedKmh'>,
): PositionState {
  if (online === false) return 'offline';
  const age = now - new Date(position.ts).getTime();
  if (age > config.offlineAfterMinutes * MINUTE_MS) return 'offline';
  return (position.speedKmh ?? 0) > config.movingSpeedKmh ? 'moving' : 'stopped';
}

/** What the map calls the thing that moves: a vehicle, or a person (field app or 单兵 terminal). */
export const objectTypeOf = (p: { vehicleId: string | null }): 'vehicle' | 'person' => (p.vehicleId ? 'vehicle' : 'person');

/** A position as the command map draws it and the live stream encodes it (statusBits: JT/T 808 ACC, fixed …). */
export type MapPosition = LiveMapPosition;

export interface LatestPosition extends MapPosition {
  unitName: string;
  receivedAt: string;
  /** Gateway connection of a terminal; null for officers and terminals the gateway has never seen. */
  online: boolean | null;
  lastSeenAt: string | null;
}

export interface LatestAnswer {
  serverTime: string;
  offlineAfterMinutes: number;
  movingSpeedKmh: number;
  counts: Record<PositionState, number> & { total: number };
  items: LatestPosition[];
}

/**
 * The latest list for the command map (`format=compact`): the positions in the live stream's wire format, a batch of
 * its own (keys from 1), and the names of the units they belong to. At 20k units ~40 % of the bytes of `items` (each
 * source is still named once, with its UUIDs) and no per-item object for the browser to parse.
 */
export interface CompactLatestAnswer extends Omit<LatestAnswer, 'items'> {
  batch: LiveWireBatch;
  unitNames: Record<string, string>;
}

interface LatestRow {
  sourceId: string;
  sourceKind: SourceKind;
  unitId: string;
  unitName: string;
  vehicleId: string | null;
  officerId: string | null;
  label: string;
  ts: Date | string;
  receivedAt: Date | string;
  lat: number;
  lon: number;
  speedKmh: number | null;
  direction: number | null;
  alarm: number;
  statusBits: number;
  online: boolean | null;
  lastSeenAt: Date | string | null;
}

/** Latest position of every source in the user's subtree (or the given unit's subtree within it). */
async function latestRows(db: Executor, user: AuthUser, query: { unitId?: string; kind?: SourceKind }): Promise<LatestRow[]> {
  const unit = await getUnitInScope(db, user, query.unitId ?? user.unitId);
  return queryRows<LatestRow>(db, sql`
    SELECT lp.source_id AS "sourceId", lp.source_kind AS "sourceKind", lp.unit_id AS "unitId", u.name AS "unitName",
      lp.vehicle_id AS "vehicleId", lp.officer_id AS "officerId", lp.label, lp.ts, lp.received_at AS "receivedAt",
      lp.lat, lp.lon, lp.speed_kmh AS "speedKmh", lp.direction, lp.alarm, lp.status AS "statusBits",
      t.online, t.last_seen_at AS "lastSeenAt"
    FROM latest_positions lp
    JOIN units u ON u.id = lp.unit_id
    LEFT JOIN terminal_status t ON t.item_id = lp.source_id
    WHERE u.path LIKE ${unit.path + '%'} ${query.kind ? sql`AND lp.source_kind = ${query.kind}` : sql``}
    ORDER BY lp.label, lp.source_id`);
}

const answerHeader = (now: number, config: TrackingConfig, total: number) => ({
  serverTime: new Date(now).toISOString(), offlineAfterMinutes: config.offlineAfterMinutes,
  movingSpeedKmh: config.movingSpeedKmh, counts: { moving: 0, stopped: 0, offline: 0, total },
});

export async function latestPositions(
  db: Executor, user: AuthUser, config: TrackingConfig, query: { unitId?: string; kind?: SourceKind },
): Promise<LatestAnswer> {
  const rows = await latestRows(db, user, query);
  const now = Date.now();
  const header = answerHeader(now, config, rows.length);
  const items = rows.map((r): LatestPosition => {
    const status = derivePositionState(r, r.online, now, config);
    header.counts[status] += 1;
    return {
      sourceId: r.sourceId, sourceKind: r.sourceKind, type: objectTypeOf(r), unitId: r.unitId, unitName: r.unitName,
      vehicleId: r.vehicleId, officerId: r.officerId, label: r.label, ts: iso(r.ts), receivedAt: iso(r.receivedAt),
      lat: r.lat, lon: r.lon, speedKmh: r.speedKmh, direction: r.direction, alarm: r.alarm, statusBits: r.statusBits,
      status, online: r.online, lastSeenAt: r.lastSeenAt ? iso(r.lastSeenAt) : null,
    };
  });
  return { ...header, items };
}

/** The same list as latestPositions, in the compact form (CompactLatestAnswer); same order, same states. */
export async function latestPositionsCompact(
  db: Executor, user: AuthUser, config: TrackingConfig, query: { unitId?: string; kind?: SourceKind },
): Promise<CompactLatestAnswer> {
  const rows = await latestRows(db, user, query);
  const now = Date.now();
  const header = answerHeader(now, config, rows.length);
  const unitNames: Record<string, string> = {};
  const positions = rows.map((r): MapPosition => {
    const status = derivePositionState(r, r.online, now, config);
    header.counts[status] += 1;
    unitNames[r.unitId] = r.unitName;
    return {
      sourceId: r.sourceId, sourceKind: r.sourceKind, type: objectTypeOf(r), unitId: r.unitId, vehicleId: r.vehicleId,
      officerId: r.officerId, label: r.label, ts: iso(r.ts), lat: r.lat, lon: r.lon, speedKmh: r.speedKmh,
      direction: r.direction, alarm: r.alarm, statusBits: r.statusBits, status,
    };
  });
  return { ...header, batch: new LiveBatchEncoder().encode(positions, now), unitNames };
}

/** A committed position as the live stream sends it: the same shape as the latest list, state derived. */
export function toMapPosition(p: LivePosition, now: number, config: TrackingConfig): MapPosition {
  return {
    sourceId: p.sourceId, sourceKind: p.sourceKind, type: objectTypeOf(p), unitId: p.unitId, vehicleId: p.vehicleId,
    officerId: p.officerId, label: p.label, ts: p.ts, lat: p.lat, lon: p.lon, speedKmh: p.speedKmh, direction: p.direction,
    alarm: p.alarm, statusBits: p.status, status: derivePositionState(p, null, now, config),
  };
}

// ---------------------------------------------------------------------------------------------------------------- track

export const MAX_TRACK_RANGE_HOURS = 24;
export const DEFAULT_TRACK_RANGE_HOURS = 2;
/** Above this many distinct points a track is simplified (Douglas–Peucker) until it fits. */
export const MAX_TRACK_POINTS = 5000;

export interface TrackPoint {
  ts: string;
  lat: number;
  lon: number;
  speedKmh: number | null;
  direction: number | null;
  /** GNSS satellites in view (JT/T 808 item 0x31), when the terminal sent it. */
  satellites: number | null;
  /** Wireless signal strength (item 0x30). */
  signal: number | null;
  /** Came in a blind-area upload (0x0704 type 1): stored late, after the terminal regained its connection. */
  blindArea: boolean;
  /** The phone's reported accuracy in metres (field app). */
  accuracyM: number | null;
}

export interface TrackAnswer {
  source: { sourceId: string; sourceKind: SourceKind; label: string; unitId: string; unitName: string; vehicleId: string | null; officerId: string | null };
  from: string;
  to: string;
  /** Distinct positions (one per timestamp) in the range. */
  total: number;
  returned: number;
  maxPoints: number;
  simplified: boolean;
  /** Douglas–Peucker tolerance used, in metres (0 when not simplified). */
  toleranceM: number;
  points: TrackPoint[];
}

interface SourceRow {
  sourceId: string;
  sourceKind: SourceKind;
  unitId: string;
  unitName: string;
  unitPath: string;
  vehicleId: string | null;
  officerId: string | null;
  label: string | null;
}

/** A terminal (equipment item of the 北斗 category) or an officer, with the unit that owns it now. */
async function sourceOf(db: Executor, sourceId: string): Promise<SourceRow | undefined> {
  return queryOne<SourceRow>(db, sql`
    SELECT s.source_id AS "sourceId", s.source_kind AS "sourceKind", s.unit_id AS "unitId", u.name AS "unitName",
      u.path AS "unitPath", s.vehicle_id AS "vehicleId", s.officer_id AS "officerId",
      COALESCE(lp.label, s.label) AS label
    FROM (
      SELECT i.id AS source_id, 'terminal' AS source_kind, i.unit_id, i.holder_vehicle_id AS vehicle_id,
        i.holder_officer_id AS officer_id, COALESCE(v.attributes->>'plate', o.name, i.asset_tag) AS label
      FROM equipment_items i
      JOIN equipment_categories c ON c.id = i.category_id AND c.code = ${TERMINAL_CATEGORY_CODE}
      LEFT JOIN equipment_items v ON v.id = i.holder_vehicle_id
      LEFT JOIN officers o ON o.id = i.holder_officer_id
      WHERE i.id = ${sourceId}
      UNION ALL
      SELECT o.id, 'officer', o.unit_id, NULL, o.id, o.name FROM officers o WHERE o.id = ${sourceId}
    ) s
    JOIN units u ON u.id = s.unit_id
    LEFT JOIN latest_positions lp ON lp.source_id = s.source_id`);
}

export async function track(
  db: Executor, user: AuthUser, query: { sourceId: string; from?: string; to?: string }, now = Date.now(),
): Promise<TrackAnswer> {
  const source = await sourceOf(db, query.sourceId);
  if (!source || !source.unitPath.startsWith(user.unitPath)) throw notFound('定位对象');
  const to = query.to ? new Date(query.to) : new Date(now);
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_TRACK_RANGE_HOURS * HOUR_MS);
  if (from.getTime() >= to.getTime()) {
    throw invalid([{ field: 'to', message: '结束时间须晚于开始时间' }]);
  }
  if (to.getTime() - from.getTime() > MAX_TRACK_RANGE_HOURS * HOUR_MS) {
    throw invalid([{ field: 'to', message: `轨迹查询的时间范围不能超过${MAX_TRACK_RANGE_HOURS}小时` }]);
  }
  // A terminal's blind-area upload may repeat positions it already sent: one row per timestamp, the last received.
  // Rows stored before migration 0022 carry satellites, signal and the blind-area flag in `extra`.
  const rows = await queryRows<Omit<TrackPoint, 'ts'> & { ts: Date | string }>(db, sql`
    SELECT DISTINCT ON (ts) ts, lat, lon, speed_kmh AS "speedKmh", direction,
      coalesce(satellites, (extra->>'satellites')::int) AS satellites, coalesce(signal, (extra->>'signal')::int) AS signal,
      blind_area OR coalesce((extra->>'blindArea')::boolean, false) AS "blindArea", (extra->>'accuracyM')::float8 AS "accuracyM"
    FROM positions
    WHERE source_id = ${source.sourceId} AND ts >= ${from.toISOString()}::timestamptz AND ts <= ${to.toISOString()}::timestamptz
    ORDER BY ts, received_at DESC`);
  const all = rows.map((r): TrackPoint => ({
    ts: iso(r.ts), lat: r.lat, lon: r.lon, speedKmh: r.speedKmh, direction: r.direction, satellites: r.satellites,
    signal: r.signal, blindArea: r.blindArea, accuracyM: r.accuracyM,
  }));
  const { points, toleranceM } = simplifyTrack(all, MAX_TRACK_POINTS);
  return {
    source: {
      sourceId: source.sourceId, sourceKind: source.sourceKind, label: source.label ?? '', unitId: source.unitId,
      unitName: source.unitName, vehicleId: source.vehicleId, officerId: source.officerId,
    },
    from: from.toISOString(), to: to.toISOString(), total: all.length, returned: points.length,
    maxPoints: MAX_TRACK_POINTS, simplified: points.length < all.length, toleranceM, points,
  };
}

/** Keeps the points a Douglas–Peucker pass with `toleranceM` keeps (first and last always). */
export function douglasPeucker<P extends { lat: number; lon: number }>(points: readonly P[], toleranceM: number): P[] {
  if (points.length <= 2) return [...points];
  // Equirectangular metres around the track's latitude: exact enough at city scale.
  const lat0 = (points[0].lat * Math.PI) / 180;
  const kx = 111_320 * Math.cos(lat0);
  const ky = 110_540;
  const x = points.map((p) => p.lon * kx);
  const y = points.map((p) => p.lat * ky);
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const dx = x[b] - x[a];
    const dy = y[b] - y[a];
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD = -1;
    for (let i = a + 1; i < b; i++) {
      let d: number;
      if (len2 === 0) {
        d = Math.hypot(x[i] - x[a], y[i] - y[a]);
      } else {
        const t = Math.max(0, Math.min(1, ((x[i] - x[a]) * dx + (y[i] - y[a]) * dy) / len2));
        d = Math.hypot(x[i] - (x[a] + t * dx), y[i] - (y[a] + t * dy));
      }
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst > 0 && worstD > toleranceM) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** Simplifies with a growing tolerance until at most `max` points remain. */
export function simplifyTrack<P extends { lat: number; lon: number }>(points: readonly P[], max: number): { points: P[]; toleranceM: number } {
  if (points.length <= max) return { points: [...points], toleranceM: 0 };
  let tolerance = 1;
  for (;;) {
    const kept = douglasPeucker(points, tolerance);
    if (kept.length <= max) return { points: kept, toleranceM: tolerance };
    tolerance *= 2;
  }
}

// ---------------------------------------------------------------------------------------------------------------- stats

export const MAX_STATS_DAYS = 366;
export const DEFAULT_STATS_DAYS = 30;

export interface TerminalStat {
  terminalId: string;
  assetTag: string;
  terminalPhone: string | null;
  vehicleId: string;
  plate: string | null;
  unitId: string;
  unitName: string;
  /** Reported at least one position in the period. */
  reported: boolean;
  /** Shanghai days in the period with at least one position. */
  onlineDays: number;
  positions: number;
  lastPositionAt: string | null;
  days: string[];
}

export interface UnitStat {
  unitId: string;
  unitCode: string;
  unitName: string;
  /** Vehicles in service (not 报废/遗失). */
  vehicles: number;
  /** Vehicles with a 北斗 terminal installed. */
  vehiclesWithTerminal: number;
  /** Terminals installed in vehicles (the 接入率 denominator). */
  installed: number;
  reported: number;
  /** reported / installed; null when nothing is installed. */
  accessRate: number | null;
  onlineDays: number;
  /** onlineDays / (installed × days in the period); null when nothing is installed. */
  onlineRate: number | null;
}

export interface StatsAnswer {
  unit: { id: string; name: string };
  from: string;
  to: string;
  days: number;
  total: Omit<UnitStat, 'unitId' | 'unitCode' | 'unitName'>;
  /** One row per unit of the subtree that has vehicles, sorted by unit code. */
  units: UnitStat[];
  /** The records behind every figure: each installed terminal with its unit, days and counts. */
  terminals: TerminalStat[];
}

const IN_SERVICE = sql`NOT IN ('报废', '遗失')`;

export async function trackingStats(
  db: Executor, user: AuthUser, query: { unitId?: string; from?: string; to?: string }, maxDays = MAX_STATS_DAYS,
  today = todayShanghai(),
): Promise<StatsAnswer> {
  const unit = await getUnitInScope(db, user, query.unitId ?? user.unitId);
  // Days that have not come yet cannot be reported in: counting them would lower every online rate.
  if (query.from && query.from > today) throw invalid([{ field: 'from', message: '开始日期不能晚于今天' }]);
  const to = query.to && query.to < today ? query.to : today;
  const from = query.from ?? shanghaiDate(shanghaiStartOfDay(to).getTime() - (DEFAULT_STATS_DAYS - 1) * DAY_MS);
  const days = Math.round((shanghaiStartOfDay(to).getTime() - shanghaiStartOfDay(from).getTime()) / DAY_MS) + 1;
  if (days < 1) throw invalid([{ field: 'to', message: '结束日期不能早于开始日期' }]);
  if (days > maxDays) throw invalid([{ field: 'to', message: `统计期间不能超过${maxDays}天` }]);
  const scope = unit.path + '%';

  const vehicles = await queryRows<{ unitId: string; unitCode: string; unitName: string; vehicles: number }>(db, sql`
    SELECT u.id AS "unitId", u.code AS "unitCode", u.name AS "unitName", count(*)::int AS vehicles
    FROM equipment_items v
    JOIN equipment_categories c ON c.id = v.category_id AND c.code = 'vehicle'
    JOIN units u ON u.id = v.unit_id
    WHERE u.path LIKE ${scope} AND v.status ${IN_SERVICE}
    GROUP BY u.id, u.code, u.name`);
  const terminals = await queryRows<{
    terminalId: string; assetTag: string; terminalPhone: string | null; vehicleId: string; plate: string | null;
    unitId: string; unitCode: string; unitName: string; onlineDays: number; positions: number;
    lastPositionAt: Date | string | null; days: string[] | null;
  }>(db, sql`
    SELECT i.id AS "terminalId", i.asset_tag AS "assetTag", i.attributes->>'terminalPhone' AS "terminalPhone",
      i.holder_vehicle_id AS "vehicleId", v.attributes->>'plate' AS plate,
      u.id AS "unitId", u.code AS "unitCode", u.name AS "unitName",
      count(d.day)::int AS "onlineDays", COALESCE(sum(d.positions), 0)::int AS positions, max(d.last_ts) AS "lastPositionAt",
      array_agg(to_char(d.day, 'YYYY-MM-DD') ORDER BY d.day) FILTER (WHERE d.day IS NOT NULL) AS days
    FROM equipment_items i
    JOIN equipment_categories c ON c.id = i.category_id AND c.code = ${TERMINAL_CATEGORY_CODE}
    JOIN units u ON u.id = i.unit_id
    JOIN equipment_items v ON v.id = i.holder_vehicle_id AND v.status ${IN_SERVICE}
    LEFT JOIN position_days d ON d.source_id = i.id AND d.day >= ${from}::date AND d.day <= ${to}::date
    WHERE u.path LIKE ${scope} AND i.status ${IN_SERVICE}
    GROUP BY i.id, v.id, u.id
    ORDER BY u.code, plate, i.asset_tag`);

  const byUnit = new Map<string, UnitStat>();
  const rowOf = (unitId: string, unitCode: string, unitName: string): UnitStat => {
    let row = byUnit.get(unitId);
    if (!row) {
      row = { unitId, unitCode, unitName, vehicles: 0, vehiclesWithTerminal: 0, installed: 0, reported: 0, accessRate: null, onlineDays: 0, onlineRate: null };
      byUnit.set(unitId, row);
    }
    return row;
  };
  for (const v of vehicles) rowOf(v.unitId, v.unitCode, v.unitName).vehicles = v.vehicles;
  const fitted = new Map<string, Set<string>>();
  for (const t of terminals) {
    const row = rowOf(t.unitId, t.unitCode, t.unitName);
    row.installed += 1;
    if (t.onlineDays > 0) row.reported += 1;
    row.onlineDays += t.onlineDays;
    const set = fitted.get(t.unitId) ?? new Set<string>();
    set.add(t.vehicleId);
    fitted.set(t.unitId, set);
  }
  const finish = <R extends Omit<UnitStat, 'unitId' | 'unitCode' | 'unitName'>>(r: R): R => {
    r.accessRate = r.installed ? r.reported / r.installed : null;
    r.onlineRate = r.installed ? r.onlineDays / (r.installed * days) : null;
    return r;
  };
  const units = [...byUnit.values()]
    .map((r) => finish({ ...r, vehiclesWithTerminal: fitted.get(r.unitId)?.size ?? 0 }))
    .sort((a, b) => a.unitCode.localeCompare(b.unitCode));
  const total = finish({
    vehicles: units.reduce((s, r) => s + r.vehicles, 0),
    vehiclesWithTerminal: units.reduce((s, r) => s + r.vehiclesWithTerminal, 0),
    installed: units.reduce((s, r) => s + r.installed, 0),
    reported: units.reduce((s, r) => s + r.reported, 0),
    accessRate: null,
    onlineDays: units.reduce((s, r) => s + r.onlineDays, 0),
    onlineRate: null,
  });
  return {
    unit: { id: unit.id, name: unit.name }, from, to, days, total, units,
    terminals: terminals.map((t) => ({
      terminalId: t.terminalId, assetTag: t.assetTag, terminalPhone: t.terminalPhone, vehicleId: t.vehicleId, plate: t.plate,
      unitId: t.unitId, unitName: t.unitName, reported: t.onlineDays > 0, onlineDays: t.onlineDays, positions: t.positions,
      lastPositionAt: t.lastPositionAt ? iso(t.lastPositionAt) : null, days: t.days ?? [],
    })),
  };
}
