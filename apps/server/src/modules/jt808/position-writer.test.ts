// The group-commit writer on its own, on a fresh database (PGlite, or TEST_DATABASE_URL): batching, one statement for
// positions + days + latest, settle only after the commit, nothing on failure, text that needs quoting, partitions.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, queryOne, queryRows, sql, type TestDatabase } from '@cg/db';
import { PositionBus, type LivePosition } from '../tracking/position-bus.ts';
import type { GatewayLog } from './gateway-log.ts';
import { dropExpiredPositions, ensurePositionPartitions } from './position-partitions.ts';
import type { PositionRow } from './position-rows.ts';
import { PositionWriter, type PositionJob, type PositionSource } from './position-writer.ts';

const errors: unknown[] = [];
const log: GatewayLog = {
  info: () => {},
  warn: () => {},
  error: ((obj: unknown) => { errors.push(obj); }) as GatewayLog['error'],
};

const T0 = Date.UTC(2025, 2, 1, 2, 0, 0);
const row = (ts: number, over: Partial<PositionRow> = {}): PositionRow => ({
  ts, lat: 31.2, lon: 121.4, altitudeM: 5, speedKmh: 30, direction: 90, alarm: 0, status: 2, mileageKm: 100,
  fuelL: null, recorderSpeedKmh: null, signal: null, satellites: null, blindArea: false, extra: null, latest: true, day: new Date(ts + 8 * 3600_000).toISOString().slice(0, 10), ...over,
});

describe('位置组提交（PositionWriter）', () => {
  let db: TestDatabase;
  let unitId: string;
  let bus: PositionBus;
  let published: LivePosition[][];

  const source = (label = '沪A00001'): PositionSource => ({
    sourceId: randomUUID(), unitId, unitPath: `/${unitId}/`, vehicleId: null, officerId: null, label,
  });
  /** Enqueues and resolves with whether the job was committed. */
  const submit = (w: PositionWriter, src: PositionSource, rows: PositionRow[]) => new Promise<boolean>((resolve) => {
    const job: PositionJob = { source: src, rows, receivedAt: T0 + 1000, settle: resolve };
    w.enqueue(job);
  });
  const count = async (id: string) => (await queryOne<{ n: number }>(db.db, sql`SELECT count(*)::int AS n FROM positions WHERE source_id = ${id}`))!.n;

  beforeAll(async () => {
    db = await createTestDatabase();
    const u = await queryOne<{ id: string }>(db.db, sql`INSERT INTO units (code, name, kind, path, depth) VALUES ('T-W', '测试中队', 'squadron', '/', 1) RETURNING id`);
    unitId = u!.id;
    await db.db.execute(sql`UPDATE units SET path = ${`/${unitId}/`} WHERE id = ${unitId}`);
  });
  afterAll(() => db.destroy());
  beforeEach(() => {
    bus = new PositionBus();
    published = [];
    bus.subscribe((b) => published.push([...b]));
    errors.length = 0;
  });

  it('commits jobs from many sources in one statement, then settles them and publishes the new latest positions', async () => {
    const w = new PositionWriter({ db: db.db, log, bus, lingerMs: 20 });
    const sources = Array.from({ length: 50 }, () => source());
    const settled = await Promise.all(sources.flatMap((s) => [0, 1, 2, 3].map((k) => submit(w, s, [row(T0 + k * 1000)]))));
    expect(settled.every(Boolean)).toBe(true);
    expect(w.stats).toMatchObject({ batches: 1, rows: 200, largestBatch: 200, failedBatches: 0, queuedRows: 0 });
    for (const s of sources.slice(0, 3)) {
      expect(await count(s.sourceId)).toBe(4);
      const latest = await queryOne<{ ms: number; label: string }>(db.db, sql`
        SELECT extract(epoch FROM ts)::float8 * 1000 AS ms, label FROM latest_positions WHERE source_id = ${s.sourceId}`);
      expect(latest).toEqual({ ms: T0 + 3000, label: '沪A00001' });
      const days = await queryRows<{ day: string; positions: number; first: number; last: number }>(db.db, sql`
        SELECT day::text AS day, positions, extract(epoch FROM first_ts)::float8 * 1000 AS first,
          extract(epoch FROM last_ts)::float8 * 1000 AS last FROM position_days WHERE source_id = ${s.sourceId}`);
      expect(days).toEqual([{ day: '2025-03-01', positions: 4, first: T0, last: T0 + 3000 }]);
    }
    expect(published).toHaveLength(1);
    expect(published[0]).toHaveLength(50);
    expect(published[0][0]).toMatchObject({ sourceKind: 'terminal', unitId, ts: new Date(T0 + 3000).toISOString() });
    await w.close();
  });

  it('splits at maxBatchRows without splitting a job', async () => {
    const w = new PositionWriter({ db: db.db, log, lingerMs: 5, maxBatchRows: 50 });
    const s = source();
    const jobs = [...Array.from({ length: 40 }, (_, i) => [row(T0 + i * 1000)]), Array.from({ length: 30 }, (_, i) => row(T0 + 100_000 + i))];
    expect((await Promise.all(jobs.map((rows) => submit(w, s, rows)))).every(Boolean)).toBe(true);
    expect(w.stats.rows).toBe(70);
    expect(w.stats.largestBatch).toBeLessThanOrEqual(50);
    expect(w.stats.batches).toBe(2);
    expect(await count(s.sourceId)).toBe(70);
    await w.close();
  });

  it('settles nothing as committed when the statement fails, and writes nothing', async () => {
    let fail = true;
    const w = new PositionWriter({ db: db.db, log, bus, beforeCommit: () => { if (fail) throw new Error('disk full'); } });
    const s = source();
    expect(await submit(w, s, [row(T0), row(T0 + 1000)])).toBe(false);
    expect(w.stats).toMatchObject({ failedBatches: 1, failedRows: 2, batches: 0 });
    expect(errors).toHaveLength(1);
    expect(await count(s.sourceId)).toBe(0);
    expect(published).toEqual([]);
    fail = false;
    expect(await submit(w, s, [row(T0), row(T0 + 1000)])).toBe(true);
    expect(await count(s.sourceId)).toBe(2);
    await w.close();
  });

  it('moves the latest position only forward; rows not eligible for latest or days are still stored', async () => {
    const w = new PositionWriter({ db: db.db, log, bus });
    const s = source();
    await submit(w, s, [row(T0 + 10_000)]);
    published.length = 0;
    await submit(w, s, [row(T0 + 5000), row(T0 + 10_000, { lat: 30 }), row(T0 + 20_000, { latest: false, day: null })]);
    const latest = await queryOne<{ ms: number; lat: number }>(db.db, sql`
      SELECT extract(epoch FROM ts)::float8 * 1000 AS ms, lat FROM latest_positions WHERE source_id = ${s.sourceId}`);
    expect(latest).toEqual({ ms: T0 + 10_000, lat: 31.2 });
    expect(published).toEqual([]); // nothing newer: nothing to show
    expect(await count(s.sourceId)).toBe(4);
    expect((await queryOne<{ positions: number }>(db.db, sql`SELECT positions FROM position_days WHERE source_id = ${s.sourceId}`))?.positions).toBe(3);
    await w.close();
  });

  it('keeps labels and extra JSON that need quoting intact', async () => {
    const w = new PositionWriter({ db: db.db, log });
    const s = source('沪"A,{1}\\ NULL');
    const extra = JSON.stringify({ items: { '25': '7e7d' }, note: 'a "b", {c} \\ d' });
    expect(await submit(w, s, [row(T0, { extra, altitudeM: null, direction: null, mileageKm: null, alarm: -2147483648 })])).toBe(true);
    const stored = await queryOne<{ extra: unknown; altitude_m: number | null; direction: number | null; alarm: number }>(db.db, sql`
      SELECT extra, altitude_m, direction, alarm FROM positions WHERE source_id = ${s.sourceId}`);
    expect(stored).toEqual({ extra: JSON.parse(extra), altitude_m: null, direction: null, alarm: -2147483648 });
    expect((await queryOne<{ label: string }>(db.db, sql`SELECT label FROM latest_positions WHERE source_id = ${s.sourceId}`))?.label)
      .toBe('沪"A,{1}\\ NULL');
    await w.close();
  });

  it('writes with COPY on PostgreSQL and one statement on PGlite; both paths store the same values', async () => {
    const auto = new PositionWriter({ db: db.db, log, lingerMs: 0 });
    expect(auto.bulkPath).toBe(db.kind === 'postgres' ? 'copy' : 'insert');
    const forced = new PositionWriter({ db: db.db, log, lingerMs: 0, bulk: 'insert' });
    expect(forced.bulkPath).toBe('insert');
    // Escaped control characters and backslashes: COPY's text format must not read them as its own escapes.
    const extra = JSON.stringify({ note: 'tab\t nl\n back\\slash \\N', items: { '25': '7e7d' } });
    const rows = [
      row(T0, { extra, lat: 31.123456, speedKmh: 12.5, altitudeM: -3, alarm: -1, fuelL: 30.5, recorderSpeedKmh: 40.2, signal: 25, satellites: 12, blindArea: true }),
      row(T0 + 1000, { mileageKm: null, direction: null, signal: 0, satellites: 255 }),
      // Before PostgreSQL's epoch (2000-01-01): a negative binary timestamp, to the millisecond.
      row(Date.UTC(1999, 11, 31, 23, 59, 59, 123), { latest: false, day: null, extra: '{"clock":"stale"}' }),
    ];
    const [a, b] = [source(), source()];
    expect(await submit(auto, a, rows)).toBe(true);
    expect(await submit(forced, b, rows)).toBe(true);
    const read = (id: string) => queryRows(db.db, sql`
      SELECT source_kind, extract(epoch FROM ts)::float8 * 1000 AS ms, extract(epoch FROM received_at)::float8 * 1000 AS received,
        lat, lon, altitude_m, speed_kmh, direction, alarm, status, mileage_km, fuel_l, recorder_speed_kmh, signal, satellites,
        blind_area, extra
      FROM positions WHERE source_id = ${id} ORDER BY ts`);
    const stored = await read(a.sourceId);
    expect(stored).toHaveLength(3);
    expect(stored[0]).toMatchObject({ ms: Date.UTC(1999, 11, 31, 23, 59, 59, 123), blind_area: false, signal: null });
    expect(stored[1]).toMatchObject({
      ms: T0, lat: 31.123456, altitude_m: -3, speed_kmh: 12.5, alarm: -1, signal: 25, satellites: 12, blind_area: true,
    });
    expect((stored[1] as { fuel_l: number }).fuel_l).toBeCloseTo(30.5, 5);
    expect((stored[1] as { recorder_speed_kmh: number }).recorder_speed_kmh).toBeCloseTo(40.2, 5);
    expect(stored[2]).toMatchObject({ ms: T0 + 1000, mileage_km: null, direction: null, signal: 0, satellites: 255 });
    expect(stored).toEqual(await read(b.sourceId));
    expect((stored[1] as { extra: unknown }).extra).toEqual(JSON.parse(extra));
    expect((stored[1] as { received: number }).received).toBe(T0 + 1000);
    await auto.close();
    await forced.close();
  });

  it('fails the whole batch when a value does not fit its column: no acks, no rows, and the next batch is fine', async () => {
    for (const bulk of ['copy', 'insert'] as const) {
      const w = new PositionWriter({ db: db.db, log, lingerMs: 20, bulk });
      const [good, bad] = [source(), source()];
      const results = await Promise.all([submit(w, good, [row(T0)]), submit(w, bad, [row(T0, { altitudeM: 40_000 })])]);
      expect(results).toEqual([false, false]);
      expect(await count(good.sourceId)).toBe(0);
      expect(errors).toHaveLength(1);
      errors.length = 0;
      expect(await submit(w, good, [row(T0 + 1000)])).toBe(true);
      expect(await count(good.sourceId)).toBe(1);
      await w.close();
    }
  });

  it('commits what is queued on close and refuses jobs after it', async () => {
    const w = new PositionWriter({ db: db.db, log, lingerMs: 10_000 });
    const s = source();
    const pending = submit(w, s, [row(T0)]);
    await w.close();
    expect(await pending).toBe(true);
    expect(await submit(w, s, [row(T0 + 1000)])).toBe(false);
    expect(await count(s.sourceId)).toBe(1);
  });

  it('runs concurrent statements over overlapping sources without deadlock', async () => {
    const w = new PositionWriter({ db: db.db, log, lingerMs: 1, maxBatchRows: 20, concurrency: 3 });
    const sources = Array.from({ length: 10 }, () => source());
    const jobs: Promise<boolean>[] = [];
    for (let k = 0; k < 30; k++) for (const s of [...sources].reverse()) jobs.push(submit(w, s, [row(T0 + k * 1000)]));
    expect((await Promise.all(jobs)).every(Boolean)).toBe(true);
    expect(w.stats.batches).toBeGreaterThanOrEqual(15);
    const latest = await queryRows<{ ms: number }>(db.db, sql`
      SELECT extract(epoch FROM ts)::float8 * 1000 AS ms FROM latest_positions
      WHERE source_id = ANY(${`{${sources.map((s) => s.sourceId).join(',')}}`}::uuid[])`);
    expect(latest.map((l) => l.ms)).toEqual(sources.map(() => T0 + 29_000));
    await w.close();
  });

  it('keeps daily partitions and drops those past retention', async () => {
    const now = new Date();
    await ensurePositionPartitions(db.db, now);
    const names = async () => (await queryRows<{ relname: string }>(db.db, sql`
      SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'positions' AND c.relname ~ '^positions_[0-9]{8}$' ORDER BY c.relname`)).map((r) => r.relname);
    const day = (offset: number) => `positions_${new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '')}`;
    expect(await names()).toEqual(expect.arrayContaining([day(-1), day(0), day(1)]));
    // A week ago: created (its stray rows move in from the default partition), then dropped by a 3-day retention.
    await db.db.execute(sql`SELECT ensure_position_partitions(${new Date(now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10)}::date, 1)`);
    expect(await names()).toContain(day(-7));
    // A clock years ahead puts rows in the default partition; retention clears them by when they arrived.
    const stray = randomUUID();
    await db.db.execute(sql`INSERT INTO positions (source_kind, source_id, ts, received_at, lat, lon) VALUES
      ('terminal', ${stray}, now() + interval '3 years', now() - interval '10 days', 31.2, 121.4),
      ('terminal', ${stray}, now() + interval '3 years' + interval '1 second', now(), 31.2, 121.4)`);
    expect(await dropExpiredPositions(db.db, 3, now)).toBeGreaterThanOrEqual(1);
    const strays = await queryRows<{ recent: boolean }>(db.db, sql`
      SELECT received_at > now() - interval '1 day' AS recent FROM positions_default WHERE source_id = ${stray}`);
    expect(strays).toEqual([{ recent: true }]);
    const left = await names();
    expect(left).not.toContain(day(-7));
    expect(left).toEqual(expect.arrayContaining([day(-1), day(0), day(1)]));
  });
});
