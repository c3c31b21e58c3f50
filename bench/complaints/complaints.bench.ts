// 诉件 over 1M complaints on PostgreSQL: the list (GET /api/complaints: first page, 未办结, by unit, by category,
// keyword, by deadline), the map (GET /api/complaints/map at city, district and street zoom) and the statistics
// (GET /api/complaints/stats for a district's and the city's month), each under 50 concurrent clients as a district
// user and the city admin. Measures and prints; never asserts a timing. Same contract as benchmarks/*.bench.ts.
import { queryOne, queryRows, sql, type Database } from '@cg/db';
import { SYSTEM_ACTOR } from '../../apps/server/src/core/context.ts';
import { appendAudit } from '../../apps/server/src/modules/audit/audit.service.ts';
import { hashPassword } from '../../apps/server/src/modules/auth/password.ts';
import { withApp, type RunningApp } from '../lib/app-server.ts';
import { prepareDatabase, withBenchDatabase } from '../lib/bench-db.ts';
import { configOptions, numberFrom, readConfig, type BenchConfig, type ConfigSpec } from '../lib/config.ts';
import { cpuBetween, cpuSnapshot } from '../lib/cpu.ts';
import { runLoad } from '../lib/load.ts';
import { waitForIdle } from '../lib/pg-admin.ts';
import { isSeeded, seedBenchData } from '../lib/seed.ts';
import { login, passwordOf } from '../lib/session.ts';
import type { BenchContext } from '../lib/types.ts';
import { complaintCount, ROADS, seedComplaints } from './seed.ts';

const SCENARIO_NAMES = [
  'list-first-page', 'list-open', 'list-unit', 'list-category', 'list-keyword', 'list-due-sort',
  'map-city', 'map-district', 'map-street', 'stats-district-month', 'stats-city-month',
];
const SPEC: ConfigSpec = { defaultScale: 1, scaleNote: '(units and officers only; the complaints: BENCH_COMPLAINTS)', scenarioNames: SCENARIO_NAMES };

export const name = 'complaints';
export const description =
  '诉件 list, map and statistics over 1M complaints on PostgreSQL: p50/p95/p99 latency and req/s at 50 concurrent clients';
export const options = [
  ...configOptions(SPEC),
  'BENCH_COMPLAINTS     complaints to generate when seeding (default 1000000)',
];

/** A 浦东 account besides the demo ones (all in 黄浦): the largest district. Created in the benchmark's database only. */
const BENCH_PASSWORD = 'Bench@123456';
const BENCH_USERS = [{ username: 'bench_pd_admin', displayName: '浦东区局管理员（压测）', role: 'district_admin', districtCode: '310115' }];
const PASSWORDS = Object.fromEntries(BENCH_USERS.map((u) => [u.username, BENCH_PASSWORD]));

async function ensureBenchUsers(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const u of BENCH_USERS) {
      if (await queryOne(tx, sql`SELECT 1 FROM users WHERE lower(username) = ${u.username}`)) continue;
      const unit = await queryOne<{ id: string }>(tx, sql`SELECT id FROM units WHERE code = ${u.districtCode} AND kind = '区局'`);
      if (!unit) throw new Error(`no 区局 with code ${u.districtCode} for ${u.username}`);
      await queryRows(tx, sql`
        INSERT INTO users (username, display_name, role, unit_id, password_hash)
        VALUES (${u.username}, ${u.displayName}, ${u.role}, ${unit.id}, ${await hashPassword(BENCH_PASSWORD)})`);
      await appendAudit(tx, SYSTEM_ACTOR, {
        unitId: unit.id, entityType: 'user', entityId: u.username, action: 'create', after: { username: u.username, role: u.role, bench: true },
      });
    }
  });
}

interface UnitRef { id: string; name: string; path: string; lat: number; lon: number }
interface Box { minLon: number; minLat: number; maxLon: number; maxLat: number }

interface Fixtures {
  complaints: number; open: number; lastMonth: number;
  huangpu: UnitRef; pudong: UnitRef; njdl: UnitRef; pudongSquadron: UnitRef;
  huangpuBox: Box; pudongBox: Box;
  bigCategory: { id: string; name: string }; smallCategory: { id: string; name: string };
  code: string; externalNo: string; road: string;
  thisMonth: { from: string; to: string }; lastMonthPeriod: { from: string; to: string };
}

const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function loadFixtures(db: Database): Promise<Fixtures> {
  const unitOf = async (where: ReturnType<typeof sql>) => {
    const u = await queryOne<UnitRef>(db, sql`SELECT id, name, path, center_lat AS lat, center_lon AS lon FROM units WHERE ${where} LIMIT 1`);
    if (!u) throw new Error('a unit the benchmark needs is missing: seed the demo data (or drop the database and start fresh)');
    return u;
  };
  const huangpu = await unitOf(sql`id = (SELECT unit_id FROM users WHERE lower(username) = 'hp_admin')`);
  const njdl = await unitOf(sql`id = (SELECT unit_id FROM users WHERE lower(username) = 'njdl_zdz')`);
  const pudong = await unitOf(sql`code = '310115' AND kind = '区局'`);
  const pudongSquadron = await unitOf(sql`id = (SELECT c.unit_id FROM complaints c JOIN units u ON u.id = c.unit_id
    WHERE u.path LIKE ${pudong.path + '%'} GROUP BY c.unit_id ORDER BY count(*) DESC LIMIT 1)`);
  const boxOf = async (u: UnitRef) => {
    const b = await queryOne<Box>(db, sql`
      SELECT min(center_lon) - 0.02 AS "minLon", min(center_lat) - 0.02 AS "minLat", max(center_lon) + 0.02 AS "maxLon", max(center_lat) + 0.02 AS "maxLat"
      FROM units WHERE path LIKE ${u.path + '%'} AND center_lat IS NOT NULL`);
    return b!;
  };
  const today = shanghaiToday();
  const thisMonth = { from: `${today.slice(0, 8)}01`, to: today };
  const firstOfLast = new Date(`${today.slice(0, 8)}01T00:00:00Z`);
  firstOfLast.setUTCMonth(firstOfLast.getUTCMonth() - 1);
  const lastDay = new Date(`${today.slice(0, 8)}01T00:00:00Z`).getTime() - 86_400_000;
  const lastMonthPeriod = { from: firstOfLast.toISOString().slice(0, 10), to: new Date(lastDay).toISOString().slice(0, 10) };
  const counts = await queryOne<{ complaints: number; open: number; last_month: number }>(db, sql`
    SELECT count(*)::int AS complaints, (count(*) FILTER (WHERE status NOT IN ('handled', 'replied', 'closed')))::int AS open,
      (count(*) FILTER (WHERE received_at >= ${lastMonthPeriod.from + 'T00:00:00+08:00'}::timestamptz
        AND received_at < ${thisMonth.from + 'T00:00:00+08:00'}::timestamptz))::int AS last_month
    FROM complaints`);
  const cat = async (code: string) => (await queryOne<{ id: string; name: string }>(db, sql`SELECT id, name FROM complaint_categories WHERE code = ${code}`))!;
  const sample = await queryOne<{ code: string; external_no: string }>(db, sql`
    SELECT code, external_no FROM complaints WHERE external_no IS NOT NULL ORDER BY received_at DESC OFFSET 1000 LIMIT 1`);
  if (!counts || !sample) throw new Error('the database holds no complaints');
  return {
    complaints: counts.complaints, open: counts.open, lastMonth: counts.last_month,
    huangpu, pudong, njdl, pudongSquadron, huangpuBox: await boxOf(huangpu), pudongBox: await boxOf(pudong),
    bigCategory: await cat('SR'), smallCategory: await cat('JM02'),
    code: sample.code, externalNo: sample.external_no, road: ROADS[0], thisMonth, lastMonthPeriod,
  };
}

interface Request { label: string; path: string; user: string }
interface Scenario { name: string; requests: Request[] }

/** A GET with its query, labelled readably (names instead of ids). */
function request(user: string, path: string, params: Record<string, string | number>, labels: Record<string, string> = {}): Request {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const label = `${user}: ${path.replace('/api/complaints', '') || '/'}?${Object.entries(params).map(([k, v]) => `${k}=${labels[k] ?? v}`).join('&')}`;
  return { label, path: query ? `${path}?${query}` : path, user };
}

const SHANGHAI: Box = { minLon: 120.85, minLat: 30.67, maxLon: 122.0, maxLat: 31.88 };
const round = (x: number) => Math.round(x * 1e4) / 1e4;
const box = (b: Box) => ({ minLon: round(b.minLon), minLat: round(b.minLat), maxLon: round(b.maxLon), maxLat: round(b.maxLat) });
/** A box of `km` × `km` around a point. */
const around = (u: UnitRef, km: number): Box => {
  const dLat = km / 2 / 111.2;
  const dLon = dLat / Math.cos((u.lat * Math.PI) / 180);
  return { minLon: u.lon - dLon, minLat: u.lat - dLat, maxLon: u.lon + dLon, maxLat: u.lat + dLat };
};

function buildScenarios(f: Fixtures): Scenario[] {
  const L = '/api/complaints';
  const list = (user: string, params: Record<string, string | number>, labels: Record<string, string> = {}) =>
    request(user, L, { ...params, page: 1, pageSize: 20 }, labels);
  const map = (user: string, b: Box, zoom: number, extra: Record<string, string> = {}, labels: Record<string, string> = {}) =>
    request(user, `${L}/map`, { ...box(b), zoom, ...extra }, labels);
  const stats = (user: string, params: Record<string, string> = {}, labels: Record<string, string> = {}) => request(user, `${L}/stats`, params, labels);
  const unit = (u: UnitRef) => [{ unitId: u.id }, { unitId: `<${u.name}>` }] as const;
  const since30 = new Date(Date.now() + 8 * 3_600_000 - 30 * 86_400_000).toISOString().slice(0, 10);
  return [
    { name: 'list-first-page', requests: [list('admin', {}), list('hp_admin', {}), list('bench_pd_admin', {}), list('njdl_zdz', {})] },
    {
      name: 'list-open', requests: [
        list('admin', { status: 'open' }), list('hp_admin', { status: 'open' }), list('bench_pd_admin', { status: 'open' }),
        list('admin', { status: 'open', overdue: 'true' }),
      ],
    },
    {
      name: 'list-unit', requests: [
        list('admin', unit(f.huangpu)[0], unit(f.huangpu)[1]), list('admin', unit(f.pudong)[0], unit(f.pudong)[1]),
        list('admin', unit(f.pudongSquadron)[0], unit(f.pudongSquadron)[1]), list('hp_admin', unit(f.njdl)[0], unit(f.njdl)[1]),
      ],
    },
    {
      name: 'list-category', requests: [
        list('admin', { categoryId: f.bigCategory.id }, { categoryId: `<${f.bigCategory.name}>` }),
        list('admin', { categoryId: f.smallCategory.id }, { categoryId: `<${f.smallCategory.name}>` }),
        list('hp_admin', { categoryId: f.bigCategory.id }, { categoryId: `<${f.bigCategory.name}>` }),
        list('bench_pd_admin', { categoryId: f.smallCategory.id, status: 'open' }, { categoryId: `<${f.smallCategory.name}>` }),
      ],
    },
    {
      name: 'list-keyword', requests: [
        list('admin', { q: f.road }), list('admin', { q: f.code }), list('admin', { q: f.externalNo }), list('hp_admin', { q: f.road }),
      ],
    },
    {
      name: 'list-due-sort', requests: [
        list('admin', { status: 'open', sort: 'dueAt' }), list('hp_admin', { status: 'open', sort: 'dueAt' }),
        list('admin', { sort: '-dueAt' }), list('bench_pd_admin', { sort: 'dueAt' }),
      ],
    },
    {
      name: 'map-city', requests: [
        map('admin', SHANGHAI, 10), map('admin', SHANGHAI, 10, { status: 'open' }), map('admin', SHANGHAI, 10, { receivedFrom: since30 }),
      ],
    },
    {
      name: 'map-district', requests: [
        map('hp_admin', f.huangpuBox, 13), map('hp_admin', f.huangpuBox, 13, { status: 'open' }),
        map('bench_pd_admin', f.pudongBox, 11, { status: 'open' }), map('admin', f.huangpuBox, 13, { receivedFrom: since30 }),
      ],
    },
    {
      name: 'map-street', requests: [
        map('hp_admin', around(f.njdl, 1.5), 16), map('hp_admin', around(f.njdl, 1.5), 16, { status: 'open' }),
        map('admin', around(f.pudongSquadron, 1.5), 16), map('bench_pd_admin', around(f.pudongSquadron, 1.5), 16, { receivedFrom: since30 }),
      ],
    },
    {
      name: 'stats-district-month', requests: [
        stats('hp_admin'), stats('hp_admin', f.lastMonthPeriod), stats('bench_pd_admin'),
        stats('admin', { unitId: f.huangpu.id, ...f.lastMonthPeriod }, { unitId: `<${f.huangpu.name}>` }),
      ],
    },
    { name: 'stats-city-month', requests: [stats('admin'), stats('admin', f.lastMonthPeriod)] },
  ];
}

/** What a warm-up answer says about itself, for the `unloaded_ms` line: the list's total, the map's mode, received. */
function summaryOf(path: string, body: unknown): Record<string, unknown> {
  const b = body as Record<string, unknown>;
  if (path.startsWith('/api/complaints/map')) return { mode: b.mode, total: b.total };
  if (path.startsWith('/api/complaints/stats')) {
    const figures = b.figures as Record<string, { value: number | null }>;
    return { received: figures.received.value, open: figures.open.value, repeat_locations: (b.repeatLocations as { items: unknown[] }).items.length,
      heat_cells: (b.heat as { items: unknown[] }).items.length };
  }
  return { total: b.total };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const round1 = (x: number) => Math.round(x * 10) / 10;

async function timedGet(app: RunningApp, token: string, r: Request): Promise<{ ms: number; bytes: number; body: unknown }> {
  const t0 = performance.now();
  const res = await fetch(app.baseUrl + r.path, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, br' } });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${decodeURIComponent(r.path)} as ${r.user} answered ${res.status}: ${text.slice(0, 300)}`);
  return { ms, bytes: text.length, body: JSON.parse(text) };
}

async function measure(ctx: BenchContext, cfg: BenchConfig, app: RunningApp, scenarios: Scenario[], database: string, extra: Record<string, unknown>) {
  const tokens = new Map<string, string>();
  for (const user of new Set(scenarios.flatMap((s) => s.requests.map((r) => r.user)))) {
    tokens.set(user, await login(app.baseUrl, user, passwordOf(user, PASSWORDS)));
  }
  ctx.log('warm-up: every URL must answer 200; then each is timed on its own…');
  for (const s of scenarios) {
    for (const r of s.requests) {
      if (ctx.signal.aborted) return;
      const token = tokens.get(r.user)!;
      const first = await timedGet(app, token, r);
      const times: number[] = [];
      for (let i = 0; i < cfg.repeats; i++) times.push((await timedGet(app, token, r)).ms);
      ctx.emit({
        metric: 'unloaded_ms', scenario: s.name, url: r.label, median: round1(median(times)), min: round1(Math.min(...times)),
        response_kb: Math.round(first.bytes / 1024), ...summaryOf(r.path, first.body),
      });
    }
  }
  const summary: string[] = [];
  const waitIdle = () => waitForIdle(cfg.serverUrl, database, { signal: ctx.signal });
  await waitIdle();
  for (const s of scenarios) {
    if (ctx.signal.aborted) return;
    ctx.log(`${s.name} (${s.requests.length} URLs): ${cfg.connections} connections for ${cfg.durationSeconds} s…`);
    const before = await cpuSnapshot(app.cpuMicros);
    const first = s.requests[0];
    const r = await runLoad({
      baseUrl: app.baseUrl,
      requests: s.requests.map((x) => ({ path: x.path, headers: { authorization: `Bearer ${tokens.get(x.user)!}` } })),
      headers: { authorization: `Bearer ${tokens.get(first.user)!}` },
      connections: cfg.connections, durationSeconds: cfg.durationSeconds, signal: ctx.signal, onProgress: (m) => ctx.log(`  ${m}`),
    });
    const after = await cpuSnapshot(app.cpuMicros);
    const drainMs = await waitIdle();
    ctx.emit({
      metric: 'latency_ms', scenario: s.name, users: [...new Set(s.requests.map((x) => x.user))].join(','),
      p50: r.latency.p50, p90: r.latency.p90, p95: r.latency.p95, p99: r.latency.p99, mean: r.latency.mean, max: r.latency.max,
      rps: r.rps, requests: r.requests, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
      connections: cfg.connections, duration_s: r.durationSeconds, drain_ms: drainMs, ...extra, ...cpuBetween(before, after),
      urls: s.requests.map((x) => x.label), ...(ctx.signal.aborted ? { interrupted: true } : {}),
    });
    if (r.non2xx) ctx.log(`  non-2xx answers: ${JSON.stringify(r.statusCodes)}`);
    summary.push(`${s.name.padEnd(22)} ${String(r.requests).padStart(7)} ${String(r.rps).padStart(8)} ${String(r.latency.p50).padStart(8)} ${String(r.latency.p95).padStart(8)} ${String(r.latency.p99).padStart(8)}`);
  }
  ctx.log(`\n${'scenario'.padEnd(22)} ${'requests'.padStart(7)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}\n${summary.join('\n')}`);
}

export async function run(ctx: BenchContext): Promise<void> {
  const cfg = readConfig(ctx.env, SPEC);
  const total = Math.round(numberFrom(ctx.env, 'BENCH_COMPLAINTS', 1_000_000, 1000, 20_000_000));
  await withBenchDatabase(ctx, cfg, { complaints_requested: total }, async (database) => {
    const fixtures = await prepareDatabase(ctx, database, {
      isSeeded: async (db) => (await complaintCount(db)) > 0,
      seed: async (db) => {
        const counts: Record<string, unknown> = {};
        if (!(await isSeeded(db))) {
          ctx.log(`seeding units, officers and demo logins at scale ${cfg.scale}…`);
          Object.assign(counts, await seedBenchData(db, { scale: cfg.scale, equipment: false, onProgress: ctx.log }));
        }
        ctx.log(`generating ${total} complaints…`);
        return { ...counts, ...(await seedComplaints(db, { total, onProgress: ctx.log })) };
      },
      fixtures: async (db, { vacuumAnalyzeMs }) => {
        await ensureBenchUsers(db);
        const f = await loadFixtures(db);
        const size = await queryOne<{ db: string; complaints: string }>(db, sql`
          SELECT pg_database_size(current_database())::text AS db, pg_total_relation_size('complaints')::text AS complaints`);
        const mb = (bytes: string | undefined) => Math.round(Number(bytes ?? 0) / 2 ** 20);
        ctx.emit({
          metric: 'dataset', database: database.name, complaints: f.complaints, open: f.open, last_month: f.lastMonth,
          db_size_mb: mb(size?.db), complaints_table_mb: mb(size?.complaints), vacuum_analyze_ms: vacuumAnalyzeMs,
        });
        ctx.log(`${f.complaints} complaints (${f.open} open, ${f.lastMonth} received last month)`);
        return f;
      },
    });
    if (ctx.signal.aborted) return;
    const all = buildScenarios(fixtures);
    const scenarios = cfg.scenarios ? all.filter((s) => cfg.scenarios!.includes(s.name)) : all;
    await withApp(database.url, { poolSize: cfg.poolSize, log: ctx.log }, (app) =>
      measure(ctx, cfg, app, scenarios, database.name, { complaints: fixtures.complaints }));
  });
}
