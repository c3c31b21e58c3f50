// The command map's store: what it hands to MapLibre after each live update — everything the first time, then only
// the features that moved, changed state, arrived or left the filter.
import { describe, expect, it } from 'vitest';
import type { MapPosition } from '../../api/types';
import { PositionStore, type LatestSnapshot } from './position-store';

const now = Date.now();
function pos(i: number, more: Partial<MapPosition> = {}): MapPosition {
  return {
    sourceId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, sourceKind: 'terminal', type: 'vehicle',
    unitId: 'u1', vehicleId: `v${i}`, officerId: null, label: `沪A${String(i).padStart(5, '0')}`, ts: new Date(now - 1000).toISOString(),
    lat: 31.2 + i * 0.001, lon: 121.4, speedKmh: 30, direction: 90, alarm: 0, statusBits: 3, status: 'moving', ...more,
  };
}
function latest(positions: MapPosition[]): LatestSnapshot {
  return { serverTime: new Date(now).toISOString(), offlineAfterMinutes: 10, positions };
}
const names = () => '中队';

describe('PositionStore.build', () => {
  it('sends everything first, then only what moved', () => {
    const store = new PositionStore();
    store.merge(latest(Array.from({ length: 10 }, (_, i) => pos(i))), names);
    const first = store.build('all', null);
    expect(first.collection.features).toHaveLength(10);
    expect(first.diff).toBeNull();

    store.apply([pos(3, { lat: 31.5, ts: new Date(now).toISOString() })], names);
    const second = store.build('all', null);
    expect(second.collection.features).toHaveLength(10);
    expect(second.diff).toEqual({
      add: [], remove: [],
      update: [expect.objectContaining({ newGeometry: { type: 'Point', coordinates: [121.4, 31.5] } })],
    });
    expect(second.diff!.update[0].addOrUpdateProperties).toContainEqual({ key: 'status', value: 'moving' });

    // Nothing new: an empty diff.
    expect(store.build('all', null).diff).toEqual({ add: [], remove: [], update: [] });
  });

  it('adds newcomers, updates a state change, and removes what leaves the filter', () => {
    const store = new PositionStore();
    store.merge(latest(Array.from({ length: 10 }, (_, i) => pos(i))), names);
    store.build('all', 'moving');
    store.apply([pos(10, { ts: new Date(now).toISOString() }), pos(2, { status: 'stopped', speedKmh: 0, ts: new Date(now).toISOString() })], names);
    const next = store.build('all', 'moving');
    expect(next.diff!.add.map((f) => f.properties.label)).toEqual(['沪A00010']);
    expect(next.diff!.remove).toHaveLength(1);
    expect(next.collection.features).toHaveLength(10);
  });

  it('replaces everything when most features changed, and after forgetShown()', () => {
    const store = new PositionStore();
    store.merge(latest(Array.from({ length: 10 }, (_, i) => pos(i))), names);
    store.build('all', null);
    store.apply(Array.from({ length: 8 }, (_, i) => pos(i, { lat: 30.9, ts: new Date(now).toISOString() })), names);
    expect(store.build('all', null).diff).toBeNull();
    store.forgetShown();
    expect(store.build('all', null).diff).toBeNull();
    expect(store.build('all', null).diff).not.toBeNull();
  });
});
