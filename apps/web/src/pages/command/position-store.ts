// The command map's positions, outside React: up to tens of thousands of sources change every second, so they live
// in a Map that the live stream writes into and that is turned into GeoJSON at most once a second.
import type { LatestPositions, MapPosition, PositionState } from '../../api/types';

export type ObjectType = 'vehicle' | 'person';
export type TypeFilter = 'all' | ObjectType;

export interface PositionItem extends MapPosition {
  unitName: string;
}

export interface PositionFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { sourceId: string; label: string; type: ObjectType; status: PositionState; unitName: string; speed: number; dir: number };
}

export interface PositionCollection {
  type: 'FeatureCollection';
  features: PositionFeature[];
}

export const STATUS_LABELS: Record<PositionState, string> = { moving: '行驶中', stopped: '静止', offline: '离线' };
export const STATUS_COLORS: Record<PositionState, string> = { moving: '#2ba84a', stopped: '#1677ff', offline: '#8c8c8c' };
export const TYPE_LABELS: Record<ObjectType, string> = { vehicle: '车辆', person: '人员' };

export class PositionStore {
  private readonly items = new Map<string, PositionItem>();
  /** Numeric feature ids (MapLibre feature-state and promoteId need numbers or strings; numbers are cheaper). */
  private readonly numericIds = new Map<string, number>();
  private offlineAfterMs = 10 * 60_000;
  /** Server clock minus browser clock, so ageing is judged on the server's time. */
  private skewMs = 0;
  dirty = false;

  /** Forgets every unit (the scope changed). */
  clear(): void {
    this.items.clear();
    this.dirty = true;
  }

  /** Takes in the latest list; a unit the live stream already moved further keeps the newer fix. */
  merge(latest: LatestPositions): void {
    this.offlineAfterMs = latest.offlineAfterMinutes * 60_000;
    this.skewMs = Date.parse(latest.serverTime) - Date.now();
    for (const p of latest.items) {
      const held = this.items.get(p.sourceId);
      if (held && Date.parse(held.ts) >= Date.parse(p.ts)) continue;
      this.items.set(p.sourceId, p);
    }
    this.dirty = true;
  }

  /** Merges live positions; an older fix (backfill) never moves a source back. Returns whether anything changed. */
  apply(batch: readonly MapPosition[], unitNames: (unitId: string) => string): boolean {
    let changed = false;
    for (const p of batch) {
      const held = this.items.get(p.sourceId);
      if (held && Date.parse(held.ts) > Date.parse(p.ts)) continue;
      this.items.set(p.sourceId, { ...p, unitName: held && held.unitId === p.unitId ? held.unitName : unitNames(p.unitId) });
      changed = true;
    }
    if (changed) this.dirty = true;
    return changed;
  }

  get size(): number {
    return this.items.size;
  }

  get(sourceId: string): PositionItem | undefined {
    const p = this.items.get(sourceId);
    return p ? { ...p, status: this.statusOf(p) } : undefined;
  }

  /** The server's state, aged on the client: a source that stopped reporting turns offline without a new message. */
  statusOf(p: PositionItem, now = Date.now() + this.skewMs): PositionState {
    if (p.status !== 'offline' && now - Date.parse(p.ts) > this.offlineAfterMs) return 'offline';
    return p.status;
  }

  private idOf(sourceId: string): number {
    let id = this.numericIds.get(sourceId);
    if (id === undefined) {
      id = this.numericIds.size + 1;
      this.numericIds.set(sourceId, id);
    }
    return id;
  }

  /** Everything passing the filter, as the map's GeoJSON, plus the counts per state. */
  build(type: TypeFilter, status: PositionState | null): { collection: PositionCollection; counts: Record<PositionState, number> & { total: number } } {
    const now = Date.now() + this.skewMs;
    const counts = { moving: 0, stopped: 0, offline: 0, total: 0 };
    const features: PositionFeature[] = [];
    for (const p of this.items.values()) {
      if (type !== 'all' && p.type !== type) continue;
      const s = this.statusOf(p, now);
      counts[s] += 1;
      counts.total += 1;
      if (status && s !== status) continue;
      features.push({
        type: 'Feature',
        id: this.idOf(p.sourceId),
        geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
        properties: { sourceId: p.sourceId, label: p.label, type: p.type, status: s, unitName: p.unitName, speed: p.speedKmh ?? 0, dir: p.direction ?? 0 },
      });
    }
    this.dirty = false;
    return { collection: { type: 'FeatureCollection', features }, counts };
  }

  /** Plate / name / unit search for the side list: moving first, then stopped, then offline; capped (the map shows all). */
  search(query: string, type: TypeFilter, status: PositionState | null, limit: number): { items: PositionItem[]; total: number } {
    const q = query.trim().toUpperCase();
    const now = Date.now() + this.skewMs;
    const rank: Record<PositionState, number> = { moving: 0, stopped: 1, offline: 2 };
    const hits: { p: PositionItem; s: PositionState }[] = [];
    for (const p of this.items.values()) {
      if (type !== 'all' && p.type !== type) continue;
      const s = this.statusOf(p, now);
      if (status && s !== status) continue;
      if (q && !p.label.toUpperCase().includes(q) && !p.unitName.includes(query.trim())) continue;
      hits.push({ p, s });
    }
    hits.sort((a, b) => rank[a.s] - rank[b.s] || (a.p.label < b.p.label ? -1 : a.p.label > b.p.label ? 1 : 0));
    return { items: hits.slice(0, limit).map(({ p, s }) => ({ ...p, status: s })), total: hits.length };
  }
}
