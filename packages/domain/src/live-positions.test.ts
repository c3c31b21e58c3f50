import { describe, it, expect } from 'vitest';
import { LiveBatchDecoder, LiveBatchEncoder, type LiveMapPosition } from './live-positions.ts';

const AT = Date.parse('2026-12-03T10:00:05.000Z');

function car(over: Partial<LiveMapPosition> = {}): LiveMapPosition {
  return {
    sourceId: '7f0c1a52-2b1e-4d44-9d7e-0a9c1b2c3d4e', sourceKind: 'terminal', type: 'vehicle',
    unitId: '11111111-2222-4333-8444-555555555555', vehicleId: '99999999-8888-4777-8666-555555555555', officerId: null,
    label: '沪A·12345', ts: '2026-12-03T10:00:04.250Z', lat: 31.230416, lon: 121.473701, speedKmh: 36.5, direction: 270,
    alarm: 0, statusBits: 3, status: 'moving', ...over,
  };
}

const officer = (over: Partial<LiveMapPosition> = {}) => car({
  sourceId: 'officer-1', sourceKind: 'officer', type: 'person', vehicleId: null, officerId: 'officer-1', label: '王伟',
  speedKmh: null, direction: null, statusBits: 0, status: 'stopped', ...over,
});

/** Through JSON, as the SSE event carries it. */
const wire = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('live position stream format', () => {
  it('round-trips every field, naming each source once per connection', () => {
    const enc = new LiveBatchEncoder();
    const dec = new LiveBatchDecoder();
    const first = enc.encode([car(), officer()], AT);
    expect(first.s).toHaveLength(2);
    expect(dec.decode(wire(first))).toEqual({ positions: [car(), officer()], skipped: 0 });

    // The next second: only rows, no names.
    const moved = car({ ts: '2026-12-03T10:00:05.000Z', lat: 31.2305, lon: 121.4738, status: 'stopped', speedKmh: 0 });
    const second = enc.encode([moved], AT + 1000);
    expect(second.s).toEqual([]);
    expect(dec.decode(wire(second)).positions).toEqual([moved]);
    expect(enc.sourceCount).toBe(2);
  });

  it('names a source again when its identity changes (renamed plate, moved to another unit)', () => {
    const enc = new LiveBatchEncoder();
    const dec = new LiveBatchDecoder();
    dec.decode(wire(enc.encode([car()], AT)));
    const renamed = car({ label: '沪A·54321', unitId: 'aaaaaaaa-2222-4333-8444-555555555555' });
    const batch = enc.encode([renamed], AT + 1000);
    expect(batch.s).toHaveLength(1);
    expect(batch.s[0][0]).toBe(batch.p[0][0]); // the same key
    expect(dec.decode(wire(batch)).positions).toEqual([renamed]);
  });

  it('is several times smaller than the positions as objects', () => {
    const enc = new LiveBatchEncoder();
    const many = Array.from({ length: 1000 }, (_, i) => car({ sourceId: `src-${String(i).padStart(32, '0')}`, lon: 121.4 + i * 1e-5 }));
    enc.encode(many, AT);
    const rows = JSON.stringify(enc.encode(many, AT + 1000));
    expect(rows.length * 5).toBeLessThan(JSON.stringify(many).length);
  });

  it('keeps a fix time older than the batch (backfill) and sub-second times exactly', () => {
    const enc = new LiveBatchEncoder();
    const dec = new LiveBatchDecoder();
    const old = car({ ts: '2026-12-02T23:59:59.999Z' });
    expect(dec.decode(wire(enc.encode([old], AT))).positions[0].ts).toBe(old.ts);
  });

  it('rounds coordinates to 1e-6 degrees and speed to 0.1 km/h', () => {
    const enc = new LiveBatchEncoder();
    const dec = new LiveBatchDecoder();
    const [p] = dec.decode(wire(enc.encode([car({ lat: 31.23041649999, lon: 121.4737012345, speedKmh: 36.54 })], AT))).positions;
    expect([p.lat, p.lon, p.speedKmh]).toEqual([31.230416, 121.473701, 36.5]);
  });

  it('skips malformed entries and rows, and rows of sources this connection never named, without throwing', () => {
    const enc = new LiveBatchEncoder();
    const good = wire(enc.encode([car()], AT)) as { v: number; at: number; s: unknown[]; p: unknown[] };
    const dec = new LiveBatchDecoder();
    const bad = {
      ...good,
      s: [...good.s, [2, 'x', 7, 0, 'u', null, null, 'l'], 'nonsense', [3, 'y', 0, 0, 'u', null, null]],
      p: [...good.p, [99, 121, 31, 0, null, null, 0, 0, 0], [1, '121', 31, 0, null, null, 0, 0, 0], [1, 121, 31, 0, null, null, 0, 0, 5], null],
    };
    const out = dec.decode(bad);
    expect(out.positions).toEqual([car()]);
    expect(out.skipped).toBe(7);
    for (const junk of [null, 42, 'text', {}, { v: 2, at: AT, s: [], p: [] }, { v: 1, at: 'now', s: [], p: [] }, { v: 1, at: AT, s: {}, p: [] }]) {
      expect(dec.decode(junk)).toEqual({ positions: [], skipped: 1 });
    }
  });

  it('forgets the names of the last connection on reset', () => {
    const enc = new LiveBatchEncoder();
    const dec = new LiveBatchDecoder();
    dec.decode(wire(enc.encode([car()], AT)));
    dec.reset();
    expect(dec.decode(wire(enc.encode([car()], AT + 1000)))).toEqual({ positions: [], skipped: 1 });
    // A new connection's encoder names it again.
    expect(dec.decode(wire(new LiveBatchEncoder().encode([car()], AT))).positions).toHaveLength(1);
  });
});
