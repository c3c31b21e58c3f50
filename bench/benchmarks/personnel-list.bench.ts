// Personnel list (GET /api/officers) with filters over ≥100k officers on PostgreSQL: latency and throughput under
// 50 concurrent clients, per request shape. Seeds its own database (or reuses one), never asserts a timing.
import { migrateDatabase, openDatabase, queryOne, queryRows, sql, type Database } from '@cg/db';
import { isSeeded, seedDemoData } from '../../apps/server/src/seed/demo-seed.ts';
import { DEMO_USERS } from '../../apps/server/src/seed/demo-users.ts';
import { startApp, type RunningApp } from '../lib/app-server.ts';
import { cpuBetween, cpuSnapshot } from '../lib/cpu.ts';
import { runLoad } from '../lib/load.ts';
import { assertSafeName, createDatabase, databaseExists, databaseUrl, dropDatabase, serverVersion } from '../lib/pg-admin.ts';
import type { BenchContext } from '../lib/types.ts';

export const name = 'personnel-list';
export const description =
  'GET /api/officers with filters over ≥100k officers on PostgreSQL: p50/p95/p99 latency and req/s at 50 concurrent clients';
export const options = [
  'BENCH_DATABASE_URL   PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)',
  'BENCH_DURATION       seconds of load per scenario (default 10)',
  'BENCH_CONNECTIONS    concurrent clients (default 50)',
  'BENCH_SCALE          demo-data scale when seeding (default 18 ≈ 104k officers)',
  'BENCH_SCENARIOS      comma-separated subset of: city-first-page, status-cert-filter, keyword-search,',
  '                     squadron-subtree, deep-page, district-user-mix, quality-stale',
  'BENCH_POOL_SIZE      the app\'s PostgreSQL pool size (default: the app\'s own default, 10)',
  'BENCH_KEEP_DB=1      keep the fresh cg_bench_<time> database instead of dropping it',
  'BENCH_REUSE_DB=name  use (and keep) this database; seeded on first use, reused as it is afterwards',
];

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
const SCENARIO_NAMES = [
  'city-first-page', 'status-cert-filter', 'keyword-search', 'squadron-subtree', 'deep-page', 'district-user-mix', 'quality-stale',
];
const SQUADRON_KINDS = ['街镇乡中队', '特定区域中队', '机动中队'];
const UNLOADED_REPEATS = 5;

interface Config {
  serverUrl: string;
  durationSeconds: number;
  connections: number;
  scale: number;
  poolSize?: number;
  scenarios: string[] | null;
  keep: boolean;
  reuse: string | null;
}

function numberFrom(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${key} must be a number from ${min} to ${max}, got "${raw}"`);
  return n;
}

function configFrom(env: NodeJS.ProcessEnv): Config {
  const pool = numberFrom(env, 'BENCH_POOL_SIZE', 0, 0, 500);
  const reuse = env.BENCH_REUSE_DB?.trim() || null;
  if (reuse) assertSafeName(reuse);
  const scenarios = env.BENCH_SCENARIOS ? env.BENCH_SCENARIOS.split(',').map((x) => x.trim()).filter(Boolean) : null;
  const unknown = scenarios?.filter((x) => !SCENARIO_NAMES.includes(x)) ?? [];
  if (unknown.length) throw new Error(`unknown BENCH_SCENARIOS ${unknown.join(', ')}; known: ${SCENARIO_NAMES.join(', ')}`);
  return {
    serverUrl: env.BENCH_DATABASE_URL || DEFAULT_SERVER,
    durationSeconds: numberFrom(env, 'BENCH_DURATION', 10, 1, 3600),
    connections: Math.round(numberFrom(env, 'BENCH_CONNECTIONS', 50, 1, 2000)),
    scale: numberFrom(env, 'BENCH_SCALE', 18, 0.01, 100),
    poolSize: pool > 0 ? Math.round(pool) : undefined,
    scenarios,
    keep: env.BENCH_KEEP_DB === '1' || env.BENCH_KEEP_DB === 'true',
    reuse,
  };
}

/** Real units and badge numbers of the seeded data, so the requests ask for things that exist. */
interface Fixtures {
  officers: number;
  units: number;
  districtUnitPath: string;
  districtOfficers: number;
  squadrons: { id: string; name: string; officers: number }[];
  districtSquadrons: { id: string; name: string; officers: number }[];
  badgePrefixes: string[];
  fullBadge: string;
  districtBadgePrefix: string;
}

async function loadFixtures(db: Database): Promise<Fixtures> {
  const counts = await queryOne<{ officers: number; units: number }>(db, sql`
    SELECT (SELECT count(*)::int FROM officers) AS officers, (SELECT count(*)::int FROM units) AS units`);
  const district = await queryOne<{ path: string }>(db, sql`
    SELECT un.path FROM users us JOIN units un ON un.id = us.unit_id WHERE lower(us.username) = 'hp_admin'`);
  if (!counts || !district) throw new Error('the database has no demo user hp_admin: seed it with users (or drop it and start fresh)');
  const squadronRows = await queryRows<{ id: string; name: string; path: string; officers: number }>(db, sql`
    SELECT u.id, u.name, u.path, (SELECT count(*)::int FROM officers o WHERE o.unit_id = u.id) AS officers
    FROM units u WHERE u.kind IN (${sql.join(SQUADRON_KINDS.map((k) => sql`${k}`), sql`, `)}) ORDER BY u.code`);
  const spread = <T>(rows: T[], n: number) => Array.from({ length: Math.min(n, rows.length) }, (_, i) => rows[Math.floor((i * rows.length) / n)]);
  const inDistrict = squadronRows.filter((s) => s.path.startsWith(district.path) && s.officers > 0);
  const badgeAt = async (fraction: number, pathPrefix = '/') => {
    const row = await queryOne<{ badge_no: string }>(db, sql`
      SELECT o.badge_no FROM officers o JOIN units u ON u.id = o.unit_id
      WHERE o.badge_no IS NOT NULL AND u.path LIKE ${pathPrefix + '%'}
      ORDER BY o.badge_no OFFSET (SELECT floor(count(*) * ${fraction}::float8)::int FROM officers o JOIN units u ON u.id = o.unit_id
        WHERE o.badge_no IS NOT NULL AND u.path LIKE ${pathPrefix + '%'}) LIMIT 1`);
    if (!row) throw new Error('no officer with a badge number found');
    return row.badge_no;
  };
  const districtOfficers = await queryOne<{ n: number }>(db, sql`
    SELECT count(*)::int AS n FROM officers o JOIN units u ON u.id = o.unit_id WHERE u.path LIKE ${district.path + '%'}`);
  return {
    officers: counts.officers,
    units: counts.units,
    districtUnitPath: district.path,
    districtOfficers: districtOfficers?.n ?? 0,
    squadrons: spread(squadronRows.filter((s) => s.officers > 0), 6),
    districtSquadrons: spread(inDistrict, 2),
    // 执法证号 = 31 + district digits + 6-digit serial; 7 characters narrow it to about a thousand serials.
    badgePrefixes: [(await badgeAt(0.3)).slice(0, 7), (await badgeAt(0.75)).slice(0, 7)],
    fullBadge: await badgeAt(0.5),
    districtBadgePrefix: (await badgeAt(0.5, district.path)).slice(0, 7),
  };
}

interface Request {
  /** Human-readable form for the output (unit names instead of ids). */
  label: string;
  path: string;
}

interface Scenario {
  name: string;
  user: string;
  requests: Request[];
}

function request(params: Record<string, string | number>, labels: Record<string, string> = {}): Request {
  const full = { ...params, pageSize: params.pageSize ?? 20 };
  const query = new URLSearchParams(Object.entries(full).map(([k, v]): [string, string] => [k, String(v)]));
  const label = Object.entries(full).map(([k, v]) => `${k}=${labels[k] ?? v}`).join('&');
  return { label, path: `/api/officers?${query.toString()}` };
}

function buildScenarios(f: Fixtures): Scenario[] {
  const unit = (s: { id: string; name: string }) => [{ unitId: s.id }, { unitId: `<${s.name}>` }] as const;
  const districtDeepPage = Math.max(1, Math.min(200, Math.floor(f.districtOfficers / 20)));
  const hpSquadron = f.districtSquadrons[0];
  return [
    {
      name: 'city-first-page', user: 'admin', requests: [
        request({ sort: 'name', page: 1 }),
        request({ sort: 'name', page: 2 }),
        request({ sort: 'name', page: 3 }),
        request({ sort: '-name', page: 1 }),
        request({ sort: 'name', page: 1, pageSize: 50 }),
      ],
    },
    {
      name: 'status-cert-filter', user: 'admin', requests: [
        request({ status: '在岗', certStatus: '有效', sort: 'name', page: 1 }),
        request({ status: '在岗', certStatus: '过期', sort: 'name', page: 1 }),
        request({ status: '借调', certStatus: '有效', sort: 'name', page: 1 }),
        request({ status: '退休', certStatus: '注销', sort: 'name', page: 1 }),
        request({ status: '在岗', certStatus: '暂扣', sort: 'name', page: 1 }),
        request({ status: '病休', certStatus: '暂扣', sort: 'name', page: 1 }), // rare: a handful of rows
      ],
    },
    {
      name: 'keyword-search', user: 'admin', requests: [
        request({ q: '王', sort: 'name', page: 1 }),
        request({ q: '张', sort: 'name', page: 1 }),
        request({ q: '陈', sort: 'name', page: 1 }),
        request({ q: f.badgePrefixes[0], sort: 'name', page: 1 }),
        request({ q: f.badgePrefixes[1], sort: 'name', page: 1 }),
        request({ q: f.fullBadge, sort: 'name', page: 1 }),
      ],
    },
    {
      name: 'squadron-subtree', user: 'admin',
      requests: f.squadrons.map((s) => { const [p, l] = unit(s); return request({ ...p, sort: 'name', page: 1 }, l); }),
    },
    {
      name: 'deep-page', user: 'admin', requests: [
        request({ sort: 'name', page: 200 }),
        request({ sort: 'name', page: 250 }),
        request({ sort: '-hireDate', page: 200 }),
        request({ sort: 'unitName', page: 200 }),
        request({ sort: 'name', page: 200, pageSize: 50 }),
      ],
    },
    {
      name: 'district-user-mix', user: 'hp_admin', requests: [
        request({ sort: 'name', page: 1 }),
        request({ status: '在岗', certStatus: '有效', sort: 'name', page: 1 }),
        request({ q: '王', sort: 'name', page: 1 }),
        request({ q: f.districtBadgePrefix, sort: 'name', page: 1 }),
        ...(hpSquadron ? [(() => { const [p, l] = unit(hpSquadron); return request({ ...p, sort: 'name', page: 1 }, l); })()] : []),
        request({ sort: 'name', page: districtDeepPage }),
        request({ quality: 'stale', sort: 'name', page: 1 }),
      ],
    },
    {
      name: 'quality-stale', user: 'admin', requests: [
        request({ quality: 'stale', sort: 'name', page: 1 }),
        request({ quality: 'stale', sort: 'name', page: 2 }),
        request({ quality: 'stale', sort: '-updatedAt', page: 1 }),
        request({ quality: 'stale', status: '在岗', sort: 'name', page: 1 }),
        (() => { const [p, l] = unit(f.squadrons[0]); return request({ quality: 'stale', ...p, sort: 'name', page: 1 }, l); })(),
      ],
    },
  ];
}

async function login(baseUrl: string, username: string): Promise<string> {
  const user = DEMO_USERS.find((u) => u.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: user.password }),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${body.slice(0, 300)}`);
  return (JSON.parse(body) as { token: string }).token;
}

/** One request; aborts the benchmark with a clear message unless it answers 200 with a page of officers. */
async function checkedGet(baseUrl: string, token: string, scenario: string, r: Request): Promise<{ ms: number; total: number }> {
  const t0 = performance.now();
  const res = await fetch(baseUrl + r.path, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) {
    throw new Error(`warm-up of ${scenario} failed: GET ${decodeURIComponent(r.path)} answered ${res.status}: ${body.slice(0, 300)}`);
  }
  const json = JSON.parse(body) as { items?: unknown[]; total?: number };
  if (!Array.isArray(json.items) || typeof json.total !== 'number') {
    throw new Error(`warm-up of ${scenario}: GET ${decodeURIComponent(r.path)} did not answer {items, total}: ${body.slice(0, 200)}`);
  }
  return { ms, total: json.total };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const round1 = (x: number) => Math.round(x * 10) / 10;

async function prepareDatabase(ctx: BenchContext, cfg: Config, dbName: string): Promise<Fixtures> {
  const handle = await openDatabase({ url: databaseUrl(cfg.serverUrl, dbName), poolSize: 2 });
  try {
    await migrateDatabase(handle);
    if (!(await isSeeded(handle.db))) {
      ctx.log(`seeding ${dbName} at scale ${cfg.scale}…`);
      const t0 = Date.now();
      const r = await seedDemoData(handle.db, { scale: cfg.scale, users: true, onProgress: (m) => ctx.log(`  ${m}`) });
      ctx.emit({ metric: 'seed_ms', value: Date.now() - t0, scale: cfg.scale, officers: r.officers, units: r.units, users: r.users, database: dbName });
    } else {
      ctx.log(`reusing the data already in ${dbName}`);
    }
    // VACUUM as well as ANALYZE: freshly inserted rows would otherwise wake autovacuum in the middle of a measurement.
    ctx.log('VACUUM (ANALYZE)…');
    const t0 = Date.now();
    await queryRows(handle.db, sql`VACUUM (ANALYZE)`);
    const analyzeMs = Date.now() - t0;
    const fixtures = await loadFixtures(handle.db);
    const size = await queryOne<{ db: string; officers: string }>(handle.db, sql`
      SELECT pg_database_size(current_database())::text AS db, pg_total_relation_size('officers')::text AS officers`);
    ctx.log(`${fixtures.officers} officers in ${fixtures.units} units (黄浦: ${fixtures.districtOfficers})`);
    if (fixtures.officers < 100_000) ctx.log(`WARNING: only ${fixtures.officers} officers (< 100k): raise BENCH_SCALE`);
    ctx.emit({
      metric: 'dataset', database: dbName, officers: fixtures.officers, units: fixtures.units, district_officers: fixtures.districtOfficers,
      db_size_mb: Math.round(Number(size?.db ?? 0) / 2 ** 20), officers_table_mb: Math.round(Number(size?.officers ?? 0) / 2 ** 20),
      vacuum_analyze_ms: analyzeMs,
    });
    return fixtures;
  } finally {
    await handle.close();
  }
}

async function measure(ctx: BenchContext, cfg: Config, app: RunningApp, fixtures: Fixtures): Promise<void> {
  const tokens = new Map<string, string>();
  for (const u of ['admin', 'hp_admin']) tokens.set(u, await login(app.baseUrl, u));

  let scenarios = buildScenarios(fixtures);
  if (scenarios.map((s) => s.name).join() !== SCENARIO_NAMES.join()) throw new Error('SCENARIO_NAMES is out of date');
  if (cfg.scenarios) scenarios = scenarios.filter((s) => cfg.scenarios!.includes(s.name));

  // Warm-up: every URL must answer 200 before anything is measured; then its cost alone (no concurrency).
  ctx.log('warm-up: checking every URL answers 200 and timing each on its own…');
  for (const s of scenarios) {
    const token = tokens.get(s.user)!;
    for (const r of s.requests) {
      const first = await checkedGet(app.baseUrl, token, s.name, r);
      const times: number[] = [];
      for (let i = 0; i < UNLOADED_REPEATS; i++) times.push((await checkedGet(app.baseUrl, token, s.name, r)).ms);
      ctx.emit({
        metric: 'unloaded_ms', scenario: s.name, user: s.user, url: r.label, median: round1(median(times)),
        min: round1(Math.min(...times)), total: first.total,
      });
    }
  }

  for (const s of scenarios) {
    if (ctx.signal.aborted) return;
    ctx.log(`${s.name} (${s.user}, ${s.requests.length} URLs): ${cfg.connections} connections for ${cfg.durationSeconds} s…`);
    const before = await cpuSnapshot(app.cpuMicros);
    const r = await runLoad({
      baseUrl: app.baseUrl, paths: s.requests.map((x) => x.path), headers: { authorization: `Bearer ${tokens.get(s.user)}` },
      connections: cfg.connections, durationSeconds: cfg.durationSeconds, signal: ctx.signal, onProgress: (m) => ctx.log(`  ${m}`),
    });
    const after = await cpuSnapshot(app.cpuMicros);
    ctx.emit({
      metric: 'latency_ms', scenario: s.name, user: s.user,
      p50: r.latency.p50, p90: r.latency.p90, p95: r.latency.p95, p99: r.latency.p99, mean: r.latency.mean, max: r.latency.max,
      rps: r.rps, requests: r.requests, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
      connections: cfg.connections, duration_s: r.durationSeconds, officers: fixtures.officers,
      ...cpuBetween(before, after), urls: s.requests.map((x) => x.label),
      ...(ctx.signal.aborted ? { interrupted: true } : {}),
    });
    if (r.non2xx) ctx.log(`  non-2xx answers: ${JSON.stringify(r.statusCodes)}`);
  }
}

export async function run(ctx: BenchContext): Promise<void> {
  const cfg = configFrom(ctx.env);
  const version = await serverVersion(cfg.serverUrl);
  let dbName: string;
  let drop: boolean;
  if (cfg.reuse) {
    dbName = cfg.reuse;
    drop = false;
    if (!(await databaseExists(cfg.serverUrl, dbName))) {
      ctx.log(`creating ${dbName} (BENCH_REUSE_DB: kept afterwards)`);
      await createDatabase(cfg.serverUrl, dbName);
    }
  } else {
    dbName = `cg_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
    drop = !cfg.keep;
    ctx.log(`creating ${dbName}`);
    await createDatabase(cfg.serverUrl, dbName);
  }
  ctx.emit({
    metric: 'config', postgres: version, database: dbName, reused: !!cfg.reuse, connections: cfg.connections,
    duration_s: cfg.durationSeconds, app_pool_size: cfg.poolSize ?? 'default', scale: cfg.scale,
  });

  try {
    const fixtures = await prepareDatabase(ctx, cfg, dbName);
    if (ctx.signal.aborted) return;
    const app = await startApp(databaseUrl(cfg.serverUrl, dbName), { poolSize: cfg.poolSize });
    ctx.log(`app listening at ${app.baseUrl} (pid ${app.pid})`);
    try {
      await measure(ctx, cfg, app, fixtures);
    } finally {
      await app.stop();
    }
  } finally {
    if (drop) {
      ctx.log(`dropping ${dbName}`);
      await dropDatabase(cfg.serverUrl, dbName);
    } else {
      ctx.log(`kept database ${dbName}; rerun quickly with BENCH_REUSE_DB=${dbName}`);
    }
  }
}
