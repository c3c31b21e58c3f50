// The command map's live stream on the wire: one SSE event per second may carry tens of thousands of positions, and
// as objects with named keys, UUIDs and ISO times that was ~350 bytes each — at 20k units ~5 MB a second for the
// browser to parse before any of our code ran (bench/README.md, command-map). Here each source is named once per
// connection (its identity: ids, label, kind) and then referred to by a small number; a position is a row of numbers.
// Pure: the server's stream encodes, the command page decodes.

export type LiveSourceKind = 'terminal' | 'officer';
export type LiveObjectType = 'vehicle' | 'person';
export type LiveState = 'moving' | 'stopped' | 'offline';

/** A position as the command map holds it (the same shape as an item of the latest-positions list). */
export interface LiveMapPosition {
  sourceId: string;
  sourceKind: LiveSourceKind;
  type: LiveObjectType;
  unitId: string;
  vehicleId: string | null;
  officerId: string | null;
  label: string;
  /** Fix time, ISO 8601. */
  ts: string;
  lat: number;
  lon: number;
  speedKmh: number | null;
  direction: number | null;
  alarm: number;
  statusBits: number;
  status: LiveState;
}

/** [key, sourceId, kind (0 terminal, 1 officer), type (0 vehicle, 1 person), unitId, vehicleId, officerId, label] */
export type LiveSourceEntry = [number, string, 0 | 1, 0 | 1, string, string | null, string | null, string];
/** [key, lon, lat, age in ms before the batch's `at`, speedKmh, direction, alarm, statusBits, state (0 moving, 1 stopped, 2 offline)] */
export type LivePositionRow = [number, number, number, number, number | null, number | null, number, number, 0 | 1 | 2];

export interface LiveWireBatch {
  /** Format version. */
  v: 1;
  /** The batch's clock (ms since epoch): each row's fix time is `at − age`. */
  at: number;
  /** Sources named for the first time on this connection, or whose identity changed. */
  s: LiveSourceEntry[];
  p: LivePositionRow[];
}

export const LIVE_WIRE_VERSION = 1;
const STATES: readonly LiveState[] = ['moving', 'stopped', 'offline'];
const STATE_CODE: Record<LiveState, 0 | 1 | 2> = { moving: 0, stopped: 1, offline: 2 };

/** 1e-6 degrees (~0.1 m) is what a JT/T 808 terminal reports; more digits only cost bytes. */
const micro = (deg: number) => Math.round(deg * 1e6) / 1e6;
const tenth = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** One per connection: remembers which sources this client was told about. */
export class LiveBatchEncoder {
  private readonly known = new Map<string, { key: number; identity: string }>();

  /** Sources named so far on this connection (its memory is bounded by the sources in the client's scope). */
  get sourceCount(): number {
    return this.known.size;
  }

  encode(positions: readonly LiveMapPosition[], at: number): LiveWireBatch {
    const s: LiveSourceEntry[] = [];
    const p: LivePositionRow[] = [];
    for (const x of positions) {
      const identity = `${x.sourceKind}|${x.type}|${x.unitId}|${x.vehicleId ?? ''}|${x.officerId ?? ''}|${x.label}`;
      let held = this.known.get(x.sourceId);
      if (!held || held.identity !== identity) {
        held = { key: held?.key ?? this.known.size + 1, identity };
        this.known.set(x.sourceId, held);
        s.push([held.key, x.sourceId, x.sourceKind === 'officer' ? 1 : 0, x.type === 'person' ? 1 : 0, x.unitId, x.vehicleId, x.officerId, x.label]);
      }
      p.push([held.key, micro(x.lon), micro(x.lat), at - Date.parse(x.ts), tenth(x.speedKmh), x.direction, x.alarm, x.statusBits, STATE_CODE[x.status]]);
    }
    return { v: LIVE_WIRE_VERSION, at, s, p };
  }
}

type Identity = Pick<LiveMapPosition, 'sourceId' | 'sourceKind' | 'type' | 'unitId' | 'vehicleId' | 'officerId' | 'label'>;

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumOrNull = (v: unknown): v is number | null => v === null || isNum(v);

export interface DecodedLiveBatch {
  positions: LiveMapPosition[];
  /** Rows or source entries that were malformed, or named a source this connection never introduced; skipped. */
  skipped: number;
}

/** One per connection: a new connection (EventSource reconnect) starts with `reset()`. */
export class LiveBatchDecoder {
  private sources: (Identity | undefined)[] = [];

  reset(): void {
    this.sources = [];
  }

  /** Checks every field (the stream is input from outside the page); a bad entry or row is skipped, never thrown. */
  decode(batch: unknown): DecodedLiveBatch {
    const positions: LiveMapPosition[] = [];
    let skipped = 0;
    if (typeof batch !== 'object' || batch === null) return { positions, skipped: 1 };
    const { v, at, s, p } = batch as Partial<Record<keyof LiveWireBatch, unknown>>;
    if (v !== LIVE_WIRE_VERSION || !isNum(at) || !Array.isArray(s) || !Array.isArray(p)) return { positions, skipped: 1 };
    for (const e of s as unknown[]) {
      if (!Array.isArray(e) || e.length !== 8) { skipped += 1; continue; }
      const [key, sourceId, kind, type, unitId, vehicleId, officerId, label] = e as unknown[];
      if (!Number.isInteger(key) || (key as number) < 1 || !isStr(sourceId) || (kind !== 0 && kind !== 1) || (type !== 0 && type !== 1)
        || !isStr(unitId) || !isStrOrNull(vehicleId) || !isStrOrNull(officerId) || !isStr(label)) { skipped += 1; continue; }
      this.sources[key as number] = {
        sourceId, sourceKind: kind === 1 ? 'officer' : 'terminal', type: type === 1 ? 'person' : 'vehicle', unitId, vehicleId, officerId, label,
      };
    }
    for (const r of p as unknown[]) {
      if (!Array.isArray(r) || r.length !== 9) { skipped += 1; continue; }
      const [key, lon, lat, age, speedKmh, direction, alarm, statusBits, state] = r as unknown[];
      const id = Number.isInteger(key) ? this.sources[key as number] : undefined;
      if (!id || !isNum(lon) || !isNum(lat) || !isNum(age) || !isNumOrNull(speedKmh) || !isNumOrNull(direction)
        || !isNum(alarm) || !isNum(statusBits) || (state !== 0 && state !== 1 && state !== 2)) { skipped += 1; continue; }
      positions.push({
        sourceId: id.sourceId, sourceKind: id.sourceKind, type: id.type, unitId: id.unitId, vehicleId: id.vehicleId,
        officerId: id.officerId, label: id.label, ts: new Date(at - age).toISOString(), lat, lon, speedKmh, direction, alarm,
        statusBits, status: STATES[state],
      });
    }
    return { positions, skipped };
  }
}
