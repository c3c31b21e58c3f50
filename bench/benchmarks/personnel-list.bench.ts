// Personnel list (GET /api/officers) with filters over ≥100k officers on PostgreSQL: latency and throughput under
// 50 concurrent clients, per request shape. Seeds its own database (or reuses one), never asserts a timing.
import { queryOne, queryRows, sql, type Database } from '@cg/db';
import { withApp } from '../lib/app-server.ts';
import { prepareDatabase, withBenchDatabase } from '../lib/bench-db.ts';
import { configOptions, readConfig, type ConfigSpec } from '../lib/config.ts';
import { listRequest, measureScenarios, selectScenarios, type Scenario } from '../lib/scenarios.ts';
import { isSeeded, seedBenchData } from '../lib/seed.ts';
import { passwordOf } from '../lib/session.ts';
import type { BenchContext } from '../lib/types.ts';

const SCENARIO_NAMES = [
  'city-first-page', 'status-cert-filter', 'keyword-search', 'squadron-subtree', 'deep-page', 'district-user-mix', 'quality-stale',
];
const SPEC: ConfigSpec = { defaultScale: 18, scaleNote: '≈ 105k officers', scenarioNames: SCENARIO_NAMES };

export const name = 'personnel-list';
export const description =
  'GET /api/officers with filters over ≥100k officers on PostgreSQL: p50/p95/p99 latency and req/s at 50 concurrent clients';
export const options = configOptions(SPEC);

const SQUADRON_KINDS = ['街镇乡中队', '特定区域中队', '机动中队'];

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

const request = (params: Record<string, string | number>, labels: Record<string, string> = {}) =>
  listRequest('/api/officers', params, labels);

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

async function describeDataset(ctx: BenchContext, db: Database, dbName: string, vacuumAnalyzeMs: number): Promise<Fixtures> {
  const fixtures = await loadFixtures(db);
  const size = await queryOne<{ db: string; officers: string }>(db, sql`
    SELECT pg_database_size(current_database())::text AS db, pg_total_relation_size('officers')::text AS officers`);
  ctx.log(`${fixtures.officers} officers in ${fixtures.units} units (黄浦: ${fixtures.districtOfficers})`);
  if (fixtures.officers < 100_000) ctx.log(`WARNING: only ${fixtures.officers} officers (< 100k): raise BENCH_SCALE`);
  ctx.emit({
    metric: 'dataset', database: dbName, officers: fixtures.officers, units: fixtures.units, district_officers: fixtures.districtOfficers,
    db_size_mb: Math.round(Number(size?.db ?? 0) / 2 ** 20), officers_table_mb: Math.round(Number(size?.officers ?? 0) / 2 ** 20),
    vacuum_analyze_ms: vacuumAnalyzeMs,
  });
  return fixtures;
}

export async function run(ctx: BenchContext): Promise<void> {
  const cfg = readConfig(ctx.env, SPEC);
  await withBenchDatabase(ctx, cfg, {}, async (database) => {
    const fixtures = await prepareDatabase(ctx, database, {
      isSeeded,
      seed: (db) => {
        ctx.log(`seeding ${database.name} at scale ${cfg.scale} (no equipment)…`);
        return seedBenchData(db, { scale: cfg.scale, equipment: false, onProgress: ctx.log });
      },
      fixtures: (db, { vacuumAnalyzeMs }) => describeDataset(ctx, db, database.name, vacuumAnalyzeMs),
    });
    if (ctx.signal.aborted) return;
    const scenarios = selectScenarios(buildScenarios(fixtures), SCENARIO_NAMES, cfg.scenarios);
    await withApp(database.url, { poolSize: cfg.poolSize, log: ctx.log }, (app) =>
      measureScenarios(ctx, cfg, app, scenarios, {
        database: database.name, passwordOf: (u) => passwordOf(u), extra: { officers: fixtures.officers } }));
  });
}
