// Officers' positions from the field app and the command map's live stream, over real HTTP: validation that writes
// nothing, idempotent uploads, the latest/day tables, and the SSE stream's scoping, coalescing (≤ 1 event/s), heartbeat
// and clean-up.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { queryOne, queryRows, sql } from '@cg/db';
import { LiveBatchDecoder, shanghaiDate } from '@cg/domain';
import { buildApp } from '../../app.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { PositionBus, type LivePosition } from './position-bus.ts';

const MIN = 60_000;

interface SseEvent { at: number; event: string; data: string }

/** Reads an SSE response into events (and comment lines) as they arrive. */
function readStream(res: Response) {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const done = (async () => {
    for (;;) {
      const { value, done: end } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (end) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line);
          else if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (data.length) events.push({ at: Date.now(), event, data: data.join('\n') });
      }
    }
  })();
  return { events, comments, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('field-app positions and the live stream', () => {
  let t: TestApp;
  let live: FastifyInstance;
  let base: string;
  const bus = new PositionBus();
  let squadron: { id: string; name: string; path: string };
  let hpPath: string;
  let officerId: string;

  const report = (body: unknown, user = 'njdl_dy') => t.as(user, 'POST', '/api/tracking/officer-position', body);
  const positionsOf = async (id: string) =>
    (await queryOne<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM positions WHERE source_id = ${id}`))!.n;
  const ago = (minutes: number) => new Date(Date.now() - minutes * MIN).toISOString();
  const livePosition = (over: Partial<LivePosition>): LivePosition => ({
    sourceId: crypto.randomUUID(), sourceKind: 'terminal', unitId: squadron.id, unitPath: squadron.path, vehicleId: null,
    officerId: null, label: '沪A00000', ts: new Date().toISOString(), lat: 31.23, lon: 121.48, speedKmh: 20, direction: 90,
    alarm: 0, status: 0, ...over,
  });
  const stream = async (user: string, query = '', signal?: AbortSignal) => {
    const res = await fetch(`${base}/api/tracking/stream${query}`, { headers: { authorization: `Bearer ${await t.tokenOf(user)}` }, signal });
    return res;
  };

  beforeAll(async () => {
    t = await createTestApp({ demoEquipment: false });
    const me = (await t.as('njdl_dy', 'GET', '/api/auth/me')).json();
    officerId = me.officerId;
    squadron = (await t.as('njdl_zdz', 'GET', `/api/units/${me.unit.id}`)).json();
    hpPath = squadron.path.split('/').slice(0, 3).join('/') + '/';
    // A second app on the same database whose bus the test holds, listening on a real port for the SSE client.
    live = await buildApp({ database: t.database, positionBus: bus, tracking: { streamHeartbeatMs: 250 } });
    await live.listen({ port: 0, host: '127.0.0.1' });
    const address = live.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await live?.close();
    await t?.close();
  });

  it('refuses invalid positions naming the field and writes nothing', async () => {
    const before = await t.count('positions');
    const cases: [unknown, string, RegExp][] = [
      [{ lat: 95, lon: 121.4, ts: ago(1) }, '0.lat', /纬度/],
      [{ lat: 31.2, lon: 200, ts: ago(1) }, '0.lon', /经度/],
      [{ lat: 31.2, lon: 121.4, ts: new Date(Date.now() + 5 * MIN).toISOString() }, '0.ts', /定位时间.*2分钟/],
      [{ lat: 31.2, lon: 121.4, ts: ago(8 * 24 * 60) }, '0.ts', /7天/],
      [{ lat: 31.2, lon: 121.4, ts: '2025-01-01 08:00' }, '0.ts', /定位时间/],
      [{ lat: 31.2, lon: 121.4, ts: ago(1), speedKmh: -1 }, '0.speedKmh', /速度/],
      [{ lat: 31.2, lon: 121.4, ts: ago(1), heading: 360 }, '0.heading', /方向/],
      [{ lat: '31.2', lon: 121.4, ts: ago(1) }, '0.lat', /纬度/],
      [{ lat: 31.2, lon: 121.4, ts: ago(1), altitude: 3 }, '0.altitude', /altitude/],
      [[{ lat: 31.2, lon: 121.4, ts: ago(2) }, { lat: 31.2, lon: 121.4 }], '1.ts', /定位时间/],
      [Array.from({ length: 101 }, (_, i) => ({ lat: 31.2, lon: 121.4, ts: ago(i + 1) })), 'body', /最多上报100个/],
      [[], 'body', /位置不能为空/],
    ];
    for (const [body, field, message] of cases) {
      const res = await report(body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      const err = res.json();
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details[0].field).toBe(field);
      expect(err.details[0].message).toMatch(message);
    }
    expect(await t.count('positions')).toBe(before);
    expect(await t.count('latest_positions')).toBe(0);
  });

  it('refuses an account without an officer (409 NO_OFFICER), an officer off duty, and roles without the permission (403)', async () => {
    const noOfficer = await report({ lat: 31.2, lon: 121.4, ts: ago(1) }, 'admin');
    expect(noOfficer.statusCode).toBe(409);
    expect(noOfficer.json().code).toBe('NO_OFFICER');
    expect((await report({ lat: 31.2, lon: 121.4, ts: ago(1) }, 'hp_zhihui')).statusCode).toBe(403);
    // An officer on sick leave is not on duty.
    await t.database.db.execute(sql`UPDATE officers SET status = '病休' WHERE id = ${officerId}`);
    const sick = await report({ lat: 31.2, lon: 121.4, ts: ago(1) });
    await t.database.db.execute(sql`UPDATE officers SET status = '在岗' WHERE id = ${officerId}`);
    expect(sick.statusCode).toBe(409);
    expect(sick.json()).toMatchObject({ code: 'OFFICER_NOT_ON_DUTY', message: '人员状态为“病休”，不能上报执勤位置' });
    expect(await t.count('positions')).toBe(0);
  });

  it('stores a position, its latest and day rows once, however often the phone repeats it', async () => {
    const ts = ago(3);
    const first = await report({ lat: 31.2351, lon: 121.4812, accuracyM: 8, speedKmh: 4.5, heading: 359.6, ts });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ officerId, accepted: 1, duplicates: 0, latestTs: ts });
    const again = await report({ lat: 31.2351, lon: 121.4812, accuracyM: 8, speedKmh: 4.5, heading: 359.6, ts });
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await positionsOf(officerId)).toBe(1);

    const row = await queryOne<Record<string, unknown>>(t.database.db, sql`
      SELECT source_kind, unit_id, officer_id, vehicle_id, label, lat, lon, speed_kmh, direction FROM latest_positions WHERE source_id = ${officerId}`);
    const officer = (await t.as('njdl_zdz', 'GET', `/api/officers/${officerId}`)).json();
    expect(row).toEqual({
      source_kind: 'officer', unit_id: squadron.id, officer_id: officerId, vehicle_id: null, label: officer.name,
      lat: 31.2351, lon: 121.4812, speed_kmh: 4.5, direction: 0,
    });
    const stored = await queryOne<{ extra: { accuracyM: number } }>(t.database.db, sql`SELECT extra FROM positions WHERE source_id = ${officerId}`);
    expect(stored!.extra).toEqual({ accuracyM: 8 });

    // A batch queued offline: older fixes fill the track but do not move the officer back on the map.
    const times = [ago(20), ago(15), ago(10)];
    const batch = [times[0], times[1], times[1], times[2]].map((at, i) => ({ lat: 31.23 + i * 0.001, lon: 121.48, ts: at }));
    const res = await report(batch);
    expect(res.json()).toMatchObject({ accepted: 3, duplicates: 1, latestTs: ts });
    expect(await positionsOf(officerId)).toBe(4);
    expect((await queryOne<{ lat: number }>(t.database.db, sql`SELECT lat FROM latest_positions WHERE source_id = ${officerId}`))!.lat).toBe(31.2351);
    const days = await queryRows<{ day: string; positions: number }>(t.database.db, sql`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, positions FROM position_days WHERE source_id = ${officerId} ORDER BY day`);
    expect(days.reduce((s, d) => s + d.positions, 0)).toBe(4);
    expect(days.map((d) => d.day)).toContain(shanghaiDate(Date.now() - 3 * MIN));

    // The squadron leader sees the officer on the map as a person and can replay the track.
    const latest = (await t.as('njdl_zdz', 'GET', '/api/tracking/latest?kind=officer')).json();
    expect(latest.items).toEqual([expect.objectContaining({ sourceId: officerId, type: 'person', status: 'moving', label: officer.name })]);
    const trackRes = (await t.as('njdl_zdz', 'GET', `/api/tracking/track?sourceId=${officerId}`)).json();
    expect(trackRes.points.map((p: { ts: string }) => p.ts)).toEqual([...times, ts]);
    expect(trackRes.points[1].lat).toBe(31.232); // the later of the two fixes with the same time
  });

  it('streams the caller\'s scope only, coalesced by source to at most one event a second', async () => {
    const controller = new AbortController();
    const res = await stream('njdl_zdz', '', controller.signal);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = readStream(res);
    onTestFinished(() => controller.abort());
    await until(() => bus.subscriberCount === 1);

    const car = livePosition({ label: '沪A11111' });
    const elsewhere = livePosition({ label: '沪B22222', unitPath: '/not-our-city/' });
    const district = livePosition({ label: '沪C33333', unitPath: hpPath }); // the district HQ: above the squadron
    const t0 = Date.now();
    // 30 fixes of one car over ~2.4 s, plus sources outside the squadron.
    for (let i = 0; i < 30; i++) {
      bus.publish([
        { ...car, ts: new Date(t0 + i * 80).toISOString(), lat: 31.2 + i * 0.001 },
        { ...elsewhere, ts: new Date(t0 + i * 80).toISOString() },
        { ...district, ts: new Date(t0 + i * 80).toISOString() },
      ]);
      // An older backfilled fix published late must not overtake the newest one.
      if (i === 5) bus.publish([{ ...car, ts: new Date(t0 - 60_000).toISOString(), lat: 1 }]);
      await sleep(80);
    }
    const publishing = Date.now() - t0;
    await sleep(1300);
    const positions = reader.events.filter((e) => e.event === 'positions');
    // ~2.4 s of publishing (longer on a busy machine) + the final flush: never more than one event per second.
    expect(positions.length).toBeGreaterThanOrEqual(2);
    expect(positions.length).toBeLessThanOrEqual(Math.ceil(publishing / 1000) + 1);
    for (let i = 1; i < positions.length; i++) expect(positions[i].at - positions[i - 1].at).toBeGreaterThanOrEqual(900);
    // Compact on the wire: the car is named in the first event only, later rows refer to it by number.
    const decoder = new LiveBatchDecoder();
    const wire = positions.map((e) => JSON.parse(e.data) as { s: unknown[]; p: unknown[] });
    expect(wire.map((w) => w.s.length)).toEqual(wire.map((_, i) => (i === 0 ? 1 : 0)));
    const batches = wire.map((w) => {
      const out = decoder.decode(w);
      expect(out.skipped).toBe(0);
      return out.positions;
    });
    for (const b of batches) {
      expect(b.map((p) => p.sourceId)).toEqual([car.sourceId]); // one entry per source, others out of scope
      expect(b[0].lat).not.toBe(1);
      expect(b[0].status).toBe('moving');
    }
    expect(batches.at(-1)![0].lat).toBeCloseTo(31.2 + 29 * 0.001, 6); // the newest fix arrives last
    expect(reader.comments.some((c) => c.startsWith(': hb'))).toBe(true);

    controller.abort();
    await until(() => bus.subscriberCount === 0);
  });

  it('a district commander\'s stream carries the officer\'s reported position; a foreign unit is 404', async () => {
    const controller = new AbortController();
    const reader = readStream(await stream('hp_zhihui', `?unitId=${squadron.id}`, controller.signal));
    onTestFinished(() => controller.abort());
    await until(() => bus.subscriberCount === 1);
    // Reported through the app holding the bus, as the field app does.
    const ts = ago(0.5);
    const res = await live.inject({
      method: 'POST', url: '/api/tracking/officer-position', headers: { authorization: `Bearer ${await t.tokenOf('njdl_dy')}` },
      payload: { lat: 31.2399, lon: 121.4899, speedKmh: 1, ts },
    });
    expect(res.statusCode).toBe(200);
    await until(() => reader.events.length > 0, 3000);
    const [p] = new LiveBatchDecoder().decode(JSON.parse(reader.events[0].data)).positions;
    expect(p).toMatchObject({ sourceId: officerId, sourceKind: 'officer', type: 'person', lat: 31.2399, lon: 121.4899, ts, status: 'stopped' });
    controller.abort();
    await until(() => bus.subscriberCount === 0);

    const foreign = await queryOne<{ id: string }>(t.database.db, sql`SELECT id FROM units WHERE path NOT LIKE ${hpPath + '%'} AND depth > 1 LIMIT 1`);
    const refused = await stream('hp_zhihui', `?unitId=${foreign!.id}`);
    expect(refused.status).toBe(404);
    expect(bus.subscriberCount).toBe(0);
    expect((await stream('njdl_dy')).status).toBe(403);
    const anonymous = await fetch(`${base}/api/tracking/stream`);
    expect(anonymous.status).toBe(401);
  });

  it('ends open streams when the session ends or the server closes', async () => {
    // A login of its own, so logging out does not spoil the shared test tokens.
    const login = await live.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'njdl_zdz', password: 'Demo@123456' } });
    const token = login.json().token as string;
    const other = await buildApp({ database: t.database, positionBus: bus, tracking: { streamSessionCheckMs: 100 } });
    await other.listen({ port: 0, host: '127.0.0.1' });
    const address = other.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/tracking/stream`;
    const first = readStream(await fetch(url, { headers: { authorization: `Bearer ${token}` } }));
    await until(() => bus.subscriberCount === 1);
    // The stream's session checks do not slide the expiry: a map left open does not keep an idle session alive.
    const idle = sql`(SELECT max(s.last_seen_at) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'njdl_zdz')`;
    await t.database.db.execute(sql`UPDATE sessions SET last_seen_at = now() - interval '10 minutes'
      WHERE user_id = (SELECT id FROM users WHERE username = 'njdl_zdz')`);
    await new Promise((r) => setTimeout(r, 500)); // several checks at 100 ms
    const seen = await queryOne<{ idleS: number }>(t.database.db, sql`SELECT extract(epoch FROM now() - ${idle})::float8 AS "idleS"`);
    expect(seen!.idleS).toBeGreaterThan(590);
    await live.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${token}` } });
    await first.done; // the server ended the response
    expect(first.events.map((e) => e.event)).toEqual(['session-ended']);
    expect(bus.subscriberCount).toBe(0);

    const second = readStream(await fetch(url, { headers: { authorization: `Bearer ${await t.tokenOf('njdl_zdz')}` } }));
    await until(() => bus.subscriberCount === 1);
    const started = Date.now();
    await other.close();
    await second.done;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(bus.subscriberCount).toBe(0);
  });
});
