// The command map's positions, outside React: up to tens of thousands of sources change every second, so they live
// in a Map that the live stream writes into and that is turned into GeoJSON at most once a second. Measured by
// bench/benchmarks/command-map.bench.ts (20k units): nothing here may parse, copy or sort per unit per update.
import type { MapPosition, PositionState } from '../../api/types';

export type ObjectType = 'vehicle' | 'person';
export type TypeFilter = 'all' | ObjectType;

export interface PositionItem extends MapPosition {
  unitName: string;
}

/** Only what the map's layers read (colour, pictogram, label, selection): every property costs on each update. */
export interface PositionFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { sourceId: string; label: string; type: ObjectType; status: PositionState };
}

export interface PositionCollection {
  type: 'FeatureCollection';
  features: PositionFeature[];
}

/**
 * What changed on the map since the last build (MapLibre's GeoJSONSource.updateData): only these features travel to
 * the map's worker, instead of re-serialising all of them — at 20k units the full setData cost 120–240 ms of main
 * thread per update (bench/README.md, command-map).
 */
export interface PositionDiff {
  add: PositionFeature[];
  remove: number[];
  update: { id: number; newGeometry: PositionFeature['geometry']; addOrUpdateProperties: { key: string; value: unknown }[] }[];
}

/** A unit as held: the item, its fix time parsed once, and its map feature, updated in place. */
interface Entry {
  item: PositionItem;
  tsMs: number;
  feature: PositionFeature;
}

export const STATUS_LABELS: Record<PositionState, string> = { moving: '行驶中', stopped: '静止', offline: '离线' };
export const STATUS_COLORS: Record<PositionState, string> = { moving: '#2ba84a', stopped: '#1677ff', offline: '#8c8c8c' };
export const TYPE_LABELS: Record<ObjectType, string> = { vehicle: '车辆', person: '人员' };

/** The latest list as the page loads it (GET /api/tracking/latest?format=compact, decoded). */
export interface LatestSnapshot {
  serverTime: string;
  offlineAfterMinutes: number;
  positions: readonly MapPosition[];
}

export class PositionStore {
  private readonly entries = new Map<string, Entry>();
  /** Numeric feature ids (MapLibre feature-state and promoteId need numbers or strings; numbers are cheaper). */
  private readonly numericIds = new Map<string, number>();
  /** Entries by label, for the side list; rebuilt only when a unit comes or goes or is renamed, not per update. */
  private byLabel: Entry[] | null = null;
  private offlineAfterMs = 10 * 60_000;
  /** Entries whose position, label or type changed since the last build. */
  private touched = new Set<Entry>();
  /** Feature ids on the map after the last build; null after clear() (the next build replaces everything). */
  private shown: Set<number> | null = null;
  /** Server clock minus browser clock, so ageing is judged on the server's time. */
  private skewMs = 0;
  dirty = false;

  /** Forgets every unit (the scope changed). */
  clear(): void {
    this.entries.clear();
    this.byLabel = null;
    this.touched.clear();
    this.shown = null;
    this.dirty = true;
  }

  /** Takes in the latest list; a unit the live stream already moved further keeps the newer fix. */
  merge(latest: LatestSnapshot, unitNames: (unitId: string) => string): void {
    this.offlineAfterMs = latest.offlineAfterMinutes * 60_000;
    this.skewMs = Date.parse(latest.serverTime) - Date.now();
    for (const p of latest.positions) {
      const tsMs = Date.parse(p.ts);
      const held = this.entries.get(p.sourceId);
      if (held && held.tsMs >= tsMs) continue;
      this.put(held, { ...p, unitName: unitNames(p.unitId) }, tsMs);
    }
    this.dirty = true;
  }

  /**
   * Merges live positions; an older fix (backfill) never moves a source back. Returns whether anything changed. Up to
   * tens of thousands a second: held objects are updated in place instead of copied.
   */
  apply(batch: readonly MapPosition[], unitNames: (unitId: string) => string): boolean {
    let changed = false;
    for (const p of batch) {
      const tsMs = Date.parse(p.ts);
      const held = this.entries.get(p.sourceId);
      if (held && held.tsMs > tsMs) continue;
      if (held) {
        const it = held.item;
        if (it.unitId !== p.unitId) it.unitName = unitNames(p.unitId);
        // Field by field: several times cheaper than Object.assign at this rate.
        it.sourceKind = p.sourceKind; it.type = p.type; it.unitId = p.unitId; it.vehicleId = p.vehicleId;
        it.officerId = p.officerId; it.label = p.label; it.ts = p.ts; it.lat = p.lat; it.lon = p.lon; it.speedKmh = p.speedKmh;
        it.direction = p.direction; it.alarm = p.alarm; it.statusBits = p.statusBits; it.status = p.status;
        this.put(held, it, tsMs);
      } else {
        this.put(undefined, { ...p, unitName: unitNames(p.unitId) }, tsMs);
      }
      changed = true;
    }
    if (changed) this.dirty = true;
    return changed;
  }

  private put(held: Entry | undefined, item: PositionItem, tsMs: number): void {
    if (held) {
      if (held.feature.properties.label !== item.label) this.byLabel = null;
      this.touched.add(held);
      held.item = item;
      held.tsMs = tsMs;
      held.feature.geometry.coordinates = [item.lon, item.lat];
      held.feature.properties.label = item.label;
      held.feature.properties.type = item.type;
      return;
    }
    this.entries.set(item.sourceId, {
      item,
      tsMs,
      feature: {
        type: 'Feature',
        id: this.idOf(item.sourceId),
        geometry: { type: 'Point', coordinates: [item.lon, item.lat] },
        properties: { sourceId: item.sourceId, label: item.label, type: item.type, status: item.status },
      },
    });
    this.byLabel = null;
  }

  /** The map lost or never got what was built (not ready, or a new map): the next build sends everything. */
  forgetShown(): void {
    this.shown = null;
  }

  get size(): number {
    return this.entries.size;
  }

  get(sourceId: string): PositionItem | undefined {
    const e = this.entries.get(sourceId);
    return e ? { ...e.item, status: this.stateOf(e) } : undefined;
  }

  /** The server's state, aged on the client: a source that stopped reporting turns offline without a new message. */
  private stateOf(e: Entry, now = Date.now() + this.skewMs): PositionState {
    if (e.item.status !== 'offline' && now - e.tsMs > this.offlineAfterMs) return 'offline';
    return e.item.status;
  }

  private idOf(sourceId: string): number {
    let id = this.numericIds.get(sourceId);
    if (id === undefined) {
      id = this.numericIds.size + 1;
      this.numericIds.set(sourceId, id);
    }
    return id;
  }

  /**
   * Everything passing the filter, as the map's GeoJSON, plus the counts per state. The features are the held ones
   * (not copies): the map serialises them for its worker at once, and only the next update changes them.
   */
  build(type: TypeFilter, status: PositionState | null): {
    collection: PositionCollection; counts: Record<PositionState, number> & { total: number };
    /** The change against the previous build, when it is small enough to be worth sending instead of everything. */
    diff: PositionDiff | null;
  } {
    const now = Date.now() + this.skewMs;
    const counts = { moving: 0, stopped: 0, offline: 0, total: 0 };
    const features: PositionFeature[] = [];
    const before = this.shown;
    const shown = new Set<number>();
    const diff: PositionDiff = { add: [], remove: [], update: [] };
    for (const e of this.entries.values()) {
      if (type !== 'all' && e.item.type !== type) continue;
      const s = this.stateOf(e, now);
      counts[s] += 1;
      counts.total += 1;
      if (status && s !== status) continue;
      const f = e.feature;
      const stateChanged = f.properties.status !== s;
      f.properties.status = s;
      features.push(f);
      shown.add(f.id);
      if (!before) continue;
      if (!before.has(f.id)) diff.add.push(f);
      else if (stateChanged || this.touched.has(e)) {
        diff.update.push({
          id: f.id, newGeometry: f.geometry,
          addOrUpdateProperties: [
            { key: 'status', value: s }, { key: 'label', value: f.properties.label }, { key: 'type', value: f.properties.type },
          ],
        });
      }
    }
    if (before) for (const id of before) if (!shown.has(id)) diff.remove.push(id);
    this.shown = shown;
    this.touched.clear();
    this.dirty = false;
    const changes = diff.add.length + diff.remove.length + diff.update.length;
    // A diff touching most features costs about what a full replacement does: send it whole then.
    const useDiff = before !== null && before.size > 0 && changes <= Math.max(features.length, before.size) / 2;
    return { collection: { type: 'FeatureCollection', features }, counts, diff: useDiff ? diff : null };
  }

  /**
   * Plate / name / unit search for the side list: moving first, then stopped, then offline, each by label; capped (the
   * map shows all). One pass over the entries kept in label order, no sort per update.
   */
  search(query: string, type: TypeFilter, status: PositionState | null, limit: number): { items: PositionItem[]; total: number } {
    const q = query.trim().toUpperCase();
    const raw = query.trim();
    const now = Date.now() + this.skewMs;
    if (!this.byLabel) {
      this.byLabel = [...this.entries.values()].sort((a, b) =>
        a.item.label < b.item.label ? -1 : a.item.label > b.item.label ? 1 : 0);
    }
    const buckets: Record<PositionState, PositionItem[]> = { moving: [], stopped: [], offline: [] };
    let total = 0;
    for (const e of this.byLabel) {
      const p = e.item;
      if (type !== 'all' && p.type !== type) continue;
      const s = this.stateOf(e, now);
      if (status && s !== status) continue;
      if (q && !p.label.toUpperCase().includes(q) && !p.unitName.includes(raw)) continue;
      total += 1;
      const bucket = buckets[s];
      if (bucket.length < limit) bucket.push({ ...p, status: s });
    }
    return { items: [...buckets.moving, ...buckets.stopped, ...buckets.offline].slice(0, limit), total };
  }
}
