// 勤务指挥室 reads against a real database: latest positions scoped to the org tree with the derived state, one
// source's track (range limits, de-duplication, simplification) and the 接入率/在线天数 statistics.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '@cg/db';
import { LiveBatchDecoder, shanghaiDate, type LiveMapPosition as MapPosition } from '@cg/domain';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { derivePositionState, douglasPeucker, MAX_TRACK_POINTS } from './tracking.service.ts';

const MIN = 60_000;

interface Terminal { id: string; vehicleId: string; plate: string; unitId: string; unitPath: string }

describe('勤务指挥室 positions, tracks and statistics', () => {
  let t: TestApp;
  let squadron: { id: string; name: string };
  let ours: Terminal[];
  let foreign: Terminal;

  const latest = async (p: { source: Terminal; minutesAgo: number; speed: number }) => {
    const ts = new Date(Date.now() - p.minutesAgo * MIN).toISOString();
    await t.database.db.execute(sql`
      INSERT INTO latest_positions (source_id, source_kind, unit_id, vehicle_id, label, ts, received_at, lat, lon, speed_kmh)
      VALUES (${p.source.id}, 'terminal', ${p.source.unitId}, ${p.source.vehicleId}, ${p.source.plate}, ${ts}, now(), 31.235, 121.48, ${p.speed})
      ON CONFLICT (source_id) DO UPDATE SET ts = EXCLUDED.ts, speed_kmh = EXCLUDED.speed_kmh`);
  };
  const terminalsIn = (pathPrefix: string) => queryRows<Terminal>(t.database.db, sql`
    SELECT i.id, i.holder_vehicle_id AS "vehicleId", v.attributes->>'plate' AS plate, u.id AS "unitId", u.path AS "unitPath"
    FROM equipment_items i
    JOIN equipment_categories c ON c.id = i.category_id AND c.code = 'beidou_terminal'
    JOIN equipment_items v ON v.id = i.holder_vehicle_id
    JOIN units u ON u.id = i.unit_id
    WHERE u.path LIKE ${pathPrefix + '%'} AND i.status NOT IN ('报废', '遗失') AND v.status NOT IN ('报废', '遗失')
    ORDER BY i.asset_tag`);

  beforeAll(async () => {
    t = await createTestApp();
    squadron = (await t.as('njdl_zdz', 'GET', '/api/auth/me')).json().unit;
    const path = (await t.as('njdl_zdz', 'GET', `/api/units/${squadron.id}`)).json().path as string;
    ours = await terminalsIn(path);
    const hpPath = path.split('/').slice(0, 3).join('/') + '/'; // /市局/黄浦区局/
    foreign = (await queryRows<Terminal>(t.database.db, sql`
      SELECT i.id, i.holder_vehicle_id AS "vehicleId", v.attributes->>'plate' AS plate, u.id AS "unitId", u.path AS "unitPath"
      FROM equipment_items i
      JOIN equipment_categories c ON c.id = i.category_id AND c.code = 'beidou_terminal'
      JOIN equipment_items v ON v.id = i.holder_vehicle_id
      JOIN units u ON u.id = i.unit_id
      WHERE u.path NOT LIKE ${hpPath + '%'} ORDER BY i.asset_tag LIMIT 1`))[0];
    expect(ours.length).toBeGreaterThanOrEqual(4); // the demo squadron's vehicles all carry a terminal
    expect(foreign).toBeDefined();
  });
  afterAll(() => t.close());

  it('derives moving / stopped / offline from speed, age and the gateway connection', () => {
    const cfg = { offlineAfterMinutes: 10, movingSpeedKmh: 3 };
    const now = Date.parse('2025-03-01T08:00:00Z');
    const at = (m: number) => new Date(now - m * MIN).toISOString();
    expect(derivePositionState({ ts: at(1), speedKmh: 40 }, true, now, cfg)).toBe('moving');
    expect(derivePositionState({ ts: at(1), speedKmh: 3 }, null, now, cfg)).toBe('stopped');
    expect(derivePositionState({ ts: at(1), speedKmh: null }, null, now, cfg)).toBe('stopped');
    expect(derivePositionState({ ts: at(10.5), speedKmh: 40 }, true, now, cfg)).toBe('offline');
    expect(derivePositionState({ ts: at(1), speedKmh: 40 }, false, now, cfg)).toBe('offline');
    expect(derivePositionState({ ts: at(1), speedKmh: 40 }, null, now, { ...cfg, movingSpeedKmh: 50 })).toBe('stopped');
  });

  it('lists the latest positions of the caller\'s subtree with their state; other districts stay out', async () => {
    const [moving, stopped, stale, disconnected] = ours;
    await latest({ source: moving, minutesAgo: 1, speed: 35 });
    await latest({ source: stopped, minutesAgo: 2, speed: 1 });
    await latest({ source: stale, minutesAgo: 30, speed: 20 });
    await latest({ source: disconnected, minutesAgo: 1, speed: 20 });
    await t.database.db.execute(sql`
      INSERT INTO terminal_status (item_id, terminal_phone, online, last_seen_at) VALUES (${disconnected.id}, '013900000001', false, now())`);
    await latest({ source: foreign, minutesAgo: 1, speed: 50 });

    const res = await t.as('njdl_zdz', 'GET', '/api/tracking/latest');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const byId = new Map<string, { status: string; label: string; unitName: string; vehicleId: string; type: string; online: boolean | null }>(
      body.items.map((i: { sourceId: string }) => [i.sourceId, i]));
    expect(byId.has(foreign.id)).toBe(false);
    expect(byId.get(moving.id)).toMatchObject({ status: 'moving', label: moving.plate, unitName: squadron.name, vehicleId: moving.vehicleId, type: 'vehicle' });
    expect(byId.get(stopped.id)?.status).toBe('stopped');
    expect(byId.get(stale.id)).toMatchObject({ status: 'offline', online: null });
    expect(byId.get(disconnected.id)).toMatchObject({ status: 'offline', online: false });
    expect(body.counts).toEqual({ moving: 1, stopped: 1, offline: 2, total: 4 });
    expect(body.offlineAfterMinutes).toBe(10);

    // The city sees both; a squadron leader asking for another district's unit gets 404.
    const city = (await t.as('admin', 'GET', '/api/tracking/latest')).json();
    expect(city.items.map((i: { sourceId: string }) => i.sourceId)).toEqual(expect.arrayContaining([foreign.id, moving.id]));
    expect((await t.as('njdl_zdz', 'GET', `/api/tracking/latest?unitId=${foreign.unitId}`)).statusCode).toBe(404);
    expect((await t.as('admin', 'GET', `/api/tracking/latest?unitId=${foreign.unitId}`)).json().items.map((i: { sourceId: string }) => i.sourceId))
      .toEqual([foreign.id]);
    expect((await t.as('njdl_zdz', 'GET', '/api/tracking/latest?kind=officer')).json().items).toEqual([]);
    const bad = await t.as('njdl_zdz', 'GET', '/api/tracking/latest?kind=car');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('kind');
    // A team member reports positions but does not read the command map.
    expect((await t.as('njdl_dy', 'GET', '/api/tracking/latest')).statusCode).toBe(403);
  });

  it('answers the same latest list in the compact form the command map loads (the live stream\'s wire format)', async () => {
    const full = (await t.as('njdl_zdz', 'GET', '/api/tracking/latest')).json();
    const res = await t.as('njdl_zdz', 'GET', '/api/tracking/latest?format=compact');
    expect(res.statusCode).toBe(200);
    const compact = res.json();
    expect(compact.items).toBeUndefined();
    expect(compact.counts).toEqual(full.counts);
    expect(compact.offlineAfterMinutes).toBe(full.offlineAfterMinutes);
    const { positions, skipped } = new LiveBatchDecoder().decode(compact.batch);
    expect(skipped).toBe(0);
    // Same sources, order and states; coordinates to 1e-6°, times to the ms, as the stream sends them.
    expect(positions.map((p) => [p.sourceId, p.label, p.status, p.type, p.unitId, p.vehicleId]))
      .toEqual(full.items.map((i: MapPosition) => [i.sourceId, i.label, i.status, i.type, i.unitId, i.vehicleId]));
    positions.forEach((p, k) => {
      expect(Math.abs(p.lat - full.items[k].lat)).toBeLessThan(5e-7);
      expect(Date.parse(p.ts)).toBe(Date.parse(full.items[k].ts));
      expect(compact.unitNames[p.unitId]).toBe(full.items[k].unitName);
    });
    expect(positions.length).toBeGreaterThan(0);
    const bad = await t.as('njdl_zdz', 'GET', '/api/tracking/latest?format=csv');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('format');
  });

  it('answers a track in a bounded range, one point per timestamp, ordered, and 404 outside the scope', async () => {
    const source = ours[0];
    const base = Date.now() - 3 * 60 * MIN;
    // 3 hours, one position a minute; the last hour's positions are uploaded twice (blind-area backfill), the second
    // time with a corrected latitude that must win.
    await t.database.db.execute(sql`
      INSERT INTO positions (source_kind, source_id, ts, received_at, lat, lon, speed_kmh)
      SELECT 'terminal', ${source.id}, to_timestamp(${base / 1000}::float8 + g * 60), to_timestamp(${base / 1000}::float8 + g * 60 + 5), 31.2 + g * 0.0001, 121.4, 20
      FROM generate_series(0, 179) g`);
    await t.database.db.execute(sql`
      INSERT INTO positions (source_kind, source_id, ts, received_at, lat, lon, speed_kmh, satellites, signal, blind_area)
      SELECT 'terminal', ${source.id}, to_timestamp(${base / 1000}::float8 + g * 60), to_timestamp(${base / 1000}::float8 + g * 60 + 600), 31.3 + g * 0.0001, 121.4, 20,
        7, 21, true
      FROM generate_series(120, 179) g`);
    // A row as stored before migration 0022: satellites, signal and the blind-area flag in extra.
    await t.database.db.execute(sql`
      UPDATE positions SET extra = '{"satellites": 9, "signal": 18, "blindArea": true, "accuracyM": 12.5}'
      WHERE source_id = ${source.id} AND ts = to_timestamp(${base / 1000}::float8 + 100 * 60)`);

    const res = await t.as('njdl_zdz', 'GET', `/api/tracking/track?sourceId=${source.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // Default: the last 2 hours → minutes 60..179 of the series (minute 60 sits a little before the window start).
    expect(body.total).toBeGreaterThanOrEqual(119);
    expect(body.total).toBeLessThanOrEqual(120);
    expect(body.returned).toBe(body.total);
    expect(body.simplified).toBe(false);
    const ts = body.points.map((p: { ts: string }) => Date.parse(p.ts));
    expect(new Set(ts).size).toBe(ts.length);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    const last = body.points.at(-1);
    expect(last.lat).toBeCloseTo(31.3 + 179 * 0.0001, 6); // the later upload
    expect(last).toMatchObject({ satellites: 7, signal: 21, blindArea: true, accuracyM: null });
    const old = body.points.find((p: { ts: string }) => Date.parse(p.ts) === base + 100 * MIN);
    expect(old).toMatchObject({ satellites: 9, signal: 18, blindArea: true, accuracyM: 12.5 });
    expect(body.points[0]).toMatchObject({ satellites: null, signal: null, blindArea: false });
    expect(body.source).toMatchObject({ sourceId: source.id, sourceKind: 'terminal', label: source.plate, vehicleId: source.vehicleId });

    const from = new Date(base).toISOString();
    const all = (await t.as('njdl_zdz', 'GET', `/api/tracking/track?sourceId=${source.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date().toISOString())}`)).json();
    expect(all.total).toBe(180);

    const tooLong = await t.as('njdl_zdz', 'GET',
      `/api/tracking/track?sourceId=${source.id}&from=${encodeURIComponent(new Date(Date.now() - 25 * 60 * MIN).toISOString())}`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().details).toEqual([{ field: 'to', message: '轨迹查询的时间范围不能超过24小时' }]);
    const reversed = await t.as('njdl_zdz', 'GET',
      `/api/tracking/track?sourceId=${source.id}&from=${encodeURIComponent(new Date().toISOString())}&to=${encodeURIComponent(from)}`);
    expect(reversed.statusCode).toBe(400);
    const badTime = await t.as('njdl_zdz', 'GET', `/api/tracking/track?sourceId=${source.id}&from=yesterday`);
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().details[0].field).toBe('from');

    expect((await t.as('njdl_zdz', 'GET', `/api/tracking/track?sourceId=${foreign.id}`)).statusCode).toBe(404);
    expect((await t.as('njdl_zdz', 'GET', `/api/tracking/track?sourceId=${squadron.id}`)).statusCode).toBe(404);
    expect((await t.as('admin', 'GET', `/api/tracking/track?sourceId=${foreign.id}`)).statusCode).toBe(200);
  });

  it('simplifies a dense track to the stated cap and keeps its ends', async () => {
    const source = ours[1];
    const n = MAX_TRACK_POINTS + 1500;
    const start = Math.floor((Date.now() - 115 * MIN) / 1000) * 1000;
    // A zig-zag every second: the shape survives simplification, the count does not.
    await t.database.db.execute(sql`
      INSERT INTO positions (source_kind, source_id, ts, lat, lon, speed_kmh)
      SELECT 'terminal', ${source.id}, to_timestamp(${start / 1000}::float8 + g), 31.2 + g * 0.00001, 121.4 + (g % 7) * 0.00005, 30
      FROM generate_series(0, ${n - 1}) g`);
    const body = (await t.as('njdl_zdz', 'GET', `/api/tracking/track?sourceId=${source.id}&from=${encodeURIComponent(new Date(start).toISOString())}`)).json();
    expect(body.total).toBe(n);
    expect(body.simplified).toBe(true);
    expect(body.returned).toBe(body.points.length);
    expect(body.returned).toBeLessThanOrEqual(MAX_TRACK_POINTS);
    expect(body.maxPoints).toBe(MAX_TRACK_POINTS);
    expect(body.toleranceM).toBeGreaterThan(0);
    expect(Date.parse(body.points[0].ts)).toBe(start);
    expect(Date.parse(body.points.at(-1).ts)).toBe(start + (n - 1) * 1000);
  });

  it('Douglas–Peucker drops points on a straight line and keeps a corner', () => {
    const line = Array.from({ length: 11 }, (_, i) => ({ lat: 31.2, lon: 121.4 + i * 0.001 }));
    expect(douglasPeucker(line, 1)).toEqual([line[0], line[10]]);
    const corner = [...line, { lat: 31.21, lon: 121.41 }];
    expect(douglasPeucker(corner, 1)).toEqual([line[0], line[10], corner[11]]);
  });

  it('counts 接入率 and 在线天数 per unit from the days terminals reported, with the terminals behind them', async () => {
    const [reporting, silent] = ours;
    const today = shanghaiDate(Date.now());
    const day = (n: number) => shanghaiDate(Date.now() - n * 24 * 60 * MIN);
    for (const d of [0, 1, 5, 40]) {
      await t.database.db.execute(sql`
        INSERT INTO position_days (source_id, day, source_kind, unit_id, positions, first_ts, last_ts)
        VALUES (${reporting.id}, ${day(d)}::date, 'terminal', ${reporting.unitId}, 10, now(), now())
        ON CONFLICT DO NOTHING`);
    }
    const from = day(9);
    const res = await t.as('njdl_zdz', 'GET', `/api/tracking/stats?from=${from}&to=${today}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.days).toBe(10);
    const row = body.units.find((u: { unitId: string }) => u.unitId === squadron.id);
    expect(row.installed).toBe(ours.length);
    expect(row.vehiclesWithTerminal).toBe(new Set(ours.map((o) => o.vehicleId)).size);
    expect(row.vehicles).toBeGreaterThanOrEqual(row.vehiclesWithTerminal);
    expect(row.reported).toBe(1);
    expect(row.accessRate).toBeCloseTo(1 / ours.length, 10);
    expect(row.onlineDays).toBe(3); // day 40 is outside the period
    expect(row.onlineRate).toBeCloseTo(3 / (ours.length * 10), 10);
    const rec = body.terminals.find((x: { terminalId: string }) => x.terminalId === reporting.id);
    expect(rec).toMatchObject({ reported: true, onlineDays: 3, positions: 30, plate: reporting.plate, unitId: squadron.id });
    expect(rec.days).toEqual([day(5), day(1), day(0)]);
    expect(body.terminals.find((x: { terminalId: string }) => x.terminalId === silent.id)).toMatchObject({ reported: false, onlineDays: 0, days: [] });
    // The records add up to the figures.
    expect(body.terminals.filter((x: { unitId: string; reported: boolean }) => x.unitId === squadron.id && x.reported).length).toBe(row.reported);
    expect(body.total).toMatchObject({ installed: ours.length, reported: 1 });

    // The district sees the squadron's row among its own; others are refused.
    const district = (await t.as('hp_zhihui', 'GET', `/api/tracking/stats?from=${from}&to=${today}`)).json();
    expect(district.units.find((u: { unitId: string }) => u.unitId === squadron.id)).toMatchObject({ installed: ours.length, reported: 1 });
    expect(district.total.installed).toBeGreaterThan(ours.length);
    expect((await t.as('njdl_zdz', 'GET', `/api/tracking/stats?unitId=${foreign.unitId}`)).statusCode).toBe(404);
    const long = await t.as('njdl_zdz', 'GET', '/api/tracking/stats?from=2020-01-01&to=2022-01-01');
    expect(long.statusCode).toBe(400);
    expect(long.json().details[0].field).toBe('to');
    // A period running into the future ends today: days to come are not counted as days without reports.
    const ahead = (await t.as('njdl_zdz', 'GET', `/api/tracking/stats?from=${from}&to=${shanghaiDate(Date.now() + 30 * 24 * 60 * MIN)}`)).json();
    expect(ahead).toMatchObject({ to: today, days: 10 });
    expect(ahead.units.find((u: { unitId: string }) => u.unitId === squadron.id).onlineRate).toBeCloseTo(row.onlineRate, 10);
    const future = await t.as('njdl_zdz', 'GET', `/api/tracking/stats?from=${shanghaiDate(Date.now() + 2 * 24 * 60 * MIN)}`);
    expect(future.statusCode).toBe(400);
    expect(future.json().details[0].field).toBe('from');
    const badDate = await t.as('njdl_zdz', 'GET', '/api/tracking/stats?from=2025-02-30');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().details[0].field).toBe('from');
  });

  it('compresses the latest positions for clients that accept it (the city-wide list is megabytes of JSON)', async () => {
    const plain = await t.as('admin', 'GET', '/api/tracking/latest');
    const zipped = await t.as('admin', 'GET', '/api/tracking/latest', undefined, { 'accept-encoding': 'gzip' });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    const body = JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'));
    expect(body.counts).toEqual(plain.json().counts);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);
  });
});

