// Pure rules of the gateway: phone spellings versus the codec, what a location becomes, the simulator's routes.
import { describe, expect, it } from 'vitest';
import {
  encodeJt808Message, Jt808FrameDecoder, JT808_STATUS, parseJt808Location, parseJt808Packet, encodeJt808Location,
  type Jt808Location, type Jt808LocationInput, type PolygonGeometry,
} from '@cg/domain';
import { inArea, RouteWalker, seededRandom } from './jt808-simulator.ts';
import { numberArray, textArray } from './pg-arrays.ts';
import { MAX_CLOCK_AHEAD_MS, positionRowOf } from './position-rows.ts';
import { jt808PhoneForEdition, jt808PhoneOfStored, storedPhoneSpellings } from './terminal-phone.ts';

/** The phone a gateway reads from a frame sent with these BCD digits in this edition. */
function phoneOnTheWire(digits: string, edition: 2013 | 2019): string {
  const frame = encodeJt808Message({ edition, phone: digits, serial: 1 }, { kind: 'heartbeat' });
  const [decoded] = new Jt808FrameDecoder().push(frame);
  if (!decoded.ok) throw new Error('bad frame');
  const p = parseJt808Packet(decoded.frame);
  if (!p.ok) throw new Error(p.error);
  return p.header.phone;
}

describe('终端手机号：装备库登记值与协议号码一致', () => {
  it.each([
    ['013912345678', '13912345678'],
    ['13912345678', '13912345678'],
    [' 013912345678 ', '13912345678'],
    ['00012345678', '00012345678'],
    ['106412345678', '106412345678'],
    ['12345678901234567890', '12345678901234567890'],
  ])('stored %s is the codec’s %s', (stored, phone) => expect(jt808PhoneOfStored(stored)).toBe(phone));

  it('matches what 2013 (BCD[6]) and 2019 (BCD[10]) terminals send for the stored number', () => {
    for (const stored of ['013912345678', '13912345678', '15012345678']) {
      const phone = jt808PhoneOfStored(stored) as string;
      expect(phoneOnTheWire(stored, 2013)).toBe(phone);
      expect(phoneOnTheWire(stored.padStart(20, '0'), 2019)).toBe(phone);
      expect(phoneOnTheWire(jt808PhoneForEdition(phone, 2013) as string, 2013)).toBe(phone);
      expect(phoneOnTheWire(jt808PhoneForEdition(phone, 2019) as string, 2019)).toBe(phone);
    }
  });

  it('lists every spelling the 装备库 may hold for a phone, all normalising back to it', () => {
    const s = storedPhoneSpellings('13912345678');
    expect(s).toEqual(Array.from({ length: 10 }, (_, k) => '0'.repeat(k) + '13912345678'));
    expect(s.every((x) => jt808PhoneOfStored(x) === '13912345678')).toBe(true);
    expect(storedPhoneSpellings('12345678901234567890')).toEqual(['12345678901234567890']);
    expect(storedPhoneSpellings('013912345678')).toEqual([]); // not the codec's form
    expect(jt808PhoneForEdition('1234567890123', 2013)).toBeNull();
  });
});

const base: Jt808LocationInput = { latitude: 31.23, longitude: 121.47, time: new Date('2025-03-01T02:00:00Z'), fixed: true };
function loc(over: Partial<Jt808LocationInput> = {}, status?: number): Jt808Location {
  const r = parseJt808Location(encodeJt808Location({ ...base, ...over, status }));
  if (!r.ok) throw new Error(r.error);
  return r.location;
}
const now = new Date('2025-03-01T02:00:30Z').getTime();
const ctx = { now, blindArea: false, retentionDays: 180 };

describe('位置校验（positionRowOf）', () => {
  it('keeps a normal fix as the latest, counted for its Shanghai day', () => {
    const v = positionRowOf(loc({
      speedKmh: 42.5, direction: 270, altitudeM: 7, mileageKm: 10.5, fuelL: 30.2, recorderSpeedKmh: 41, signal: 20, satellites: 9,
    }), ctx);
    expect(v).toEqual({
      ok: true,
      row: {
        ts: base.time.getTime(), lat: 31.23, lon: 121.47, altitudeM: 7, speedKmh: 42.5, direction: 270, alarm: 0,
        status: JT808_STATUS.FIXED, mileageKm: 10.5, fuelL: 30.2, recorderSpeedKmh: 41, signal: 20, satellites: 9,
        blindArea: false, extra: null, latest: true, day: '2025-03-01',
      },
    });
    // 23:30 UTC is the next day in Shanghai.
    const late = positionRowOf(loc({ time: new Date('2025-02-28T23:30:00Z') }), ctx);
    expect(late.ok && late.row.day).toBe('2025-03-01');
  });

  it('refuses coordinates outside ±90 / ±180', () => {
    expect(positionRowOf(loc({ latitude: 90.5 }), ctx)).toEqual({ ok: false, reason: 'COORDINATES_OUT_OF_RANGE' });
    expect(positionRowOf(loc({ longitude: -181 }), ctx)).toEqual({ ok: false, reason: 'COORDINATES_OUT_OF_RANGE' });
    expect(positionRowOf(loc({ latitude: -90, longitude: 180 }), ctx).ok).toBe(true);
  });

  it('stores but never makes latest: no fix (0,0), encrypted coordinates, a clock far ahead, a time past retention', () => {
    const noFix = positionRowOf(loc({ latitude: 0, longitude: 0, fixed: false }), ctx);
    expect(noFix.ok && [noFix.row.latest, noFix.row.day]).toEqual([false, '2025-03-01']);
    const encrypted = positionRowOf(loc({}, JT808_STATUS.COORDINATES_ENCRYPTED), ctx);
    expect(encrypted.ok && encrypted.row.latest).toBe(false);
    const ahead = positionRowOf(loc({ time: new Date(now + MAX_CLOCK_AHEAD_MS + 1000) }), ctx);
    expect(ahead.ok && [ahead.row.latest, ahead.row.day, ahead.row.extra]).toEqual([false, null, '{"clock":"ahead"}']);
    const nearlyAhead = positionRowOf(loc({ time: new Date(now + MAX_CLOCK_AHEAD_MS - 1000) }), ctx);
    expect(nearlyAhead.ok && nearlyAhead.row.latest).toBe(true);
    const old = positionRowOf(loc({ time: new Date(now - 181 * 86_400_000) }), ctx);
    expect(old.ok && [old.row.latest, old.row.day, old.row.extra]).toEqual([false, null, '{"clock":"stale"}']);
  });

  it('marks blind-area positions, keeps unknown items as hex, maps the standard’s unsigned fields', () => {
    const v = positionRowOf(loc({
      altitudeM: 0xffff, direction: 400, alarm: 0x80000001, extraItems: [{ id: 0x25, value: Uint8Array.of(0, 0, 0, 3) }],
    }), { ...ctx, blindArea: true });
    expect(v.ok && v.row).toMatchObject({ altitudeM: -1, direction: null, alarm: 0x80000001 | 0, latest: true, blindArea: true });
    expect(v.ok && JSON.parse(v.row.extra as string)).toEqual({ items: { 25: '00000003' } });
  });
});

describe('PostgreSQL array literals', () => {
  it('quotes every text element and writes NULL for null', () => {
    expect(textArray(['a', null, 'NULL', 'x,y', '{"k": "v\\\\"}'])).toBe('{"a",NULL,"NULL","x,y","{\\"k\\": \\"v\\\\\\\\\\"}"}');
    expect(numberArray([1, null, -2.5, 1e-7])).toBe('{1,NULL,-2.5,1e-7}');
    expect(textArray([])).toBe('{}');
  });
});

describe('模拟终端的行驶路线', () => {
  // An L-shaped jurisdiction: a walker must turn back at the inner corner, not cut across it.
  const lShape: PolygonGeometry = {
    type: 'Polygon',
    coordinates: [[[121.40, 31.20], [121.44, 31.20], [121.44, 31.22], [121.42, 31.22], [121.42, 31.24], [121.40, 31.24], [121.40, 31.20]]],
  };
  const area = { geometry: lShape, bbox: [121.40, 31.20, 121.44, 31.24] as [number, number, number, number] };

  it('stays inside its jurisdiction at plausible speeds, stops now and then, moves in street-grid directions', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = seededRandom(seed);
      const w = new RouteWalker(area, random);
      const grid = w.heading % 90;
      let stops = 0;
      let prev = { lon: w.lon, lat: w.lat };
      let moved = 0;
      for (let i = 0; i < 3600; i++) {
        w.step(1);
        expect(inArea(area, w.lon, w.lat)).toBe(true);
        expect(w.speedKmh).toBeGreaterThanOrEqual(0);
        expect(w.speedKmh).toBeLessThanOrEqual(60);
        expect(Math.abs((w.heading % 90) - grid)).toBeLessThan(1e-9);
        if (w.speedKmh === 0) stops++;
        const stepM = Math.hypot((w.lat - prev.lat) * 111_320, (w.lon - prev.lon) * 111_320 * Math.cos((w.lat * Math.PI) / 180));
        expect(stepM).toBeLessThanOrEqual(60 / 3.6 + 0.01);
        moved += stepM;
        prev = { lon: w.lon, lat: w.lat };
      }
      expect(stops).toBeGreaterThan(0);
      expect(moved).toBeGreaterThan(5_000); // an hour of city driving covers kilometres
      const l = w.location(new Date(), random);
      expect(l.fixed).toBe(true);
      expect(l.direction).toBeGreaterThanOrEqual(0);
      expect(l.direction).toBeLessThan(360);
    }
  });
});
