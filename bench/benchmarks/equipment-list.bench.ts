// Equipment list (GET /api/equipment/items, the 执法装备库 page) with filters over ≥1M items on PostgreSQL: latency and
// throughput under 50 concurrent clients, per request shape. Seeds its own database (or reuses one), never asserts a timing.
import { queryOne, queryRows, sql, type Database } from '@cg/db';
import { SYSTEM_ACTOR } from '../../apps/server/src/core/context.ts';
import { appendAudit } from '../../apps/server/src/modules/audit/audit.service.ts';
import { hashPassword } from '../../apps/server/src/modules/auth/password.ts';
import { withApp } from '../lib/app-server.ts';
import { prepareDatabase, withBenchDatabase } from '../lib/bench-db.ts';
import { configOptions, readConfig, type ConfigSpec } from '../lib/config.ts';
import { listRequest, measureScenarios, selectScenarios, type Request, type Scenario } from '../lib/scenarios.ts';
import { isSeeded, seedBenchData } from '../lib/seed.ts';
import { passwordOf } from '../lib/session.ts';
import type { BenchContext } from '../lib/types.ts';

const SCENARIO_NAMES = [
  'city-first-page', 'category-status', 'keyword-search', 'squadron-user', 'unit-tree', 'overdue', 'no-responsible',
  'deep-page', 'purchase-date-sort', 'district-user-mix',
];
const SPEC: ConfigSpec = { defaultScale: 60, scaleNote: '≈ 1.05M items, 350k officers', scenarioNames: SCENARIO_NAMES };

export const name = 'equipment-list';
export const description =
  'GET /api/equipment/items with filters over ≥1M items on PostgreSQL: p50/p95/p99 latency and req/s at 50 concurrent clients';
export const options = configOptions(SPEC);

/**
 * District accounts besides the demo ones (all in 黄浦), so the district mix covers districts of different sizes.
 * Created in the benchmark's own database only.
 */
const BENCH_PASSWORD = 'Bench@123456';
const BENCH_USERS = [
  { username: 'bench_pd_admin', displayName: '浦东区局管理员（压测）', role: 'district_admin', districtCode: '310115' },
  { username: 'bench_mh_admin', displayName: '闵行区局管理员（压测）', role: 'district_admin', districtCode: '310112' },
  { username: 'bench_xh_zhihui', displayName: '徐汇区局指挥员（压测）', role: 'district_commander', districtCode: '310104' },
];
const PASSWORDS = Object.fromEntries(BENCH_USERS.map((u) => [u.username, BENCH_PASSWORD]));

const SQUADRON_KINDS = ['街镇乡中队', '特定区域中队', '机动中队'];
const PATH = '/api/equipment/items';

async function ensureBenchUsers(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const u of BENCH_USERS) {
      const exists = await queryOne(tx, sql`SELECT 1 FROM users WHERE lower(username) = ${u.username}`);
      if (exists) continue;
      const unit = await queryOne<{ id: string }>(tx, sql`SELECT id FROM units WHERE code = ${u.districtCode} AND kind = '区局'`);
      if (!unit) throw new Error(`no 区局 with code ${u.districtCode} for ${u.username}`);
      const passwordHash = await hashPassword(BENCH_PASSWORD);
      await queryRows(tx, sql`
        INSERT INTO users (username, display_name, role, unit_id, password_hash)
        VALUES (${u.username}, ${u.displayName}, ${u.role}, ${unit.id}, ${passwordHash})`);
      await appendAudit(tx, SYSTEM_ACTOR, {
        unitId: unit.id, entityType: 'user', entityId: u.username, action: 'create', after: { username: u.username, role: u.role, bench: true },
      });
    }
  });
}

interface UnitRef { id: string; name: string; code: string; path: string; items: number }

/** Real units, categories, tags and models of the seeded data, so the requests ask for things that exist. */
interface Fixtures {
  items: number;
  units: number;
  officers: number;
  ledger: number;
  overdue: number;
  noResponsible: number;
  category: (code: string) => { id: string; name: string; group: string };
  /** 南京东路街道中队 (njdl_* users), 黄浦 (hp_* users), 浦东, a 浦东 大队, squadrons spread over the city. */
  njdl: UnitRef;
  huangpu: UnitRef;
  pudong: UnitRef;
  brigade: UnitRef;
  squadrons: UnitRef[];
  huangpuSquadron: UnitRef;
  fullTag: string;
  serialPrefix: string;
  commonModel: string;
  rareModel: string;
  commonBrand: string;
}

async function loadFixtures(db: Database): Promise<Fixtures> {
  const counts = await queryOne<{ items: number; units: number; officers: number; ledger: number; overdue: number; no_resp: number }>(db, sql`
    SELECT (SELECT count(*)::int FROM equipment_items) AS items, (SELECT count(*)::int FROM units) AS units,
      (SELECT count(*)::int FROM officers) AS officers, (SELECT count(*)::int FROM equipment_ledger) AS ledger,
      (SELECT count(*)::int FROM equipment_items WHERE status = '借出' AND expected_return_at < now()) AS overdue,
      (SELECT count(*)::int FROM equipment_items WHERE responsible_officer_id IS NULL AND status NOT IN ('报废', '遗失')) AS no_resp`);
  if (!counts) throw new Error('no counts');
  const categories = new Map((await queryRows<{ code: string; id: string; name: string; group: string }>(db, sql`
    SELECT code, id, name, group_name AS "group" FROM equipment_categories`)).map((c) => [c.code, c]));
  const category = (code: string) => {
    const c = categories.get(code);
    if (!c) throw new Error(`no equipment category ${code}`);
    return c;
  };
  const unitRows = await queryRows<UnitRef & { kind: string; parent_code: string | null }>(db, sql`
    SELECT u.id, u.name, u.code, u.path, u.kind, p.code AS parent_code, coalesce(n.items, 0)::int AS items
    FROM units u LEFT JOIN units p ON p.id = u.parent_id
    LEFT JOIN (SELECT unit_id, count(*) AS items FROM equipment_items GROUP BY unit_id) n ON n.unit_id = u.id
    ORDER BY u.code`);
  const subtreeItems = (path: string) => unitRows.filter((u) => u.path.startsWith(path)).reduce((a, u) => a + u.items, 0);
  const userUnit = async (username: string) => {
    const row = await queryOne<{ id: string }>(db, sql`SELECT unit_id AS id FROM users WHERE lower(username) = ${username}`);
    const unit = row && unitRows.find((u) => u.id === row.id);
    if (!unit) throw new Error(`the database has no demo user ${username}: seed it with users (or drop it and start fresh)`);
    return { ...unit, items: subtreeItems(unit.path) };
  };
  const byCode = (code: string) => {
    const unit = unitRows.find((u) => u.code === code);
    if (!unit) throw new Error(`no unit with code ${code}`);
    return { ...unit, items: subtreeItems(unit.path) };
  };
  const pudong = byCode('310115');
  const brigade = unitRows.find((u) => u.parent_code === pudong.code && u.kind === '大队');
  if (!brigade) throw new Error('no 大队 under 浦东新区');
  const squadronRows = unitRows.filter((u) => SQUADRON_KINDS.includes(u.kind) && u.items > 0);
  const spread = <T>(rows: T[], n: number) => Array.from({ length: Math.min(n, rows.length) }, (_, i) => rows[Math.floor(((i + 0.5) * rows.length) / n)]);
  const huangpu = await userUnit('hp_admin');

  const tagAt = await queryOne<{ asset_tag: string; serial_no: string }>(db, sql`
    SELECT asset_tag, serial_no FROM equipment_items WHERE serial_no IS NOT NULL ORDER BY asset_tag
    OFFSET ${Math.floor(counts.items / 2)} LIMIT 1`);
  const models = await queryRows<{ model: string; n: number }>(db, sql`
    SELECT model, count(*)::int AS n FROM equipment_items GROUP BY model ORDER BY n DESC, model`);
  const brand = await queryOne<{ brand: string }>(db, sql`
    SELECT brand FROM equipment_items WHERE brand IS NOT NULL GROUP BY brand ORDER BY count(*) DESC, brand LIMIT 1`);
  if (!tagAt || !models.length || !brand) throw new Error('the database has no equipment items');
  return {
    items: counts.items, units: counts.units, officers: counts.officers, ledger: counts.ledger, overdue: counts.overdue,
    noResponsible: counts.no_resp, category,
    njdl: await userUnit('njdl_zdz'), huangpu, pudong, brigade: { ...brigade, items: subtreeItems(brigade.path) },
    squadrons: spread(squadronRows, 3),
    huangpuSquadron: spread(squadronRows.filter((s) => s.path.startsWith(huangpu.path)), 2)[1] ?? squadronRows[0],
    fullTag: tagAt.asset_tag,
    // Model prefix + 2-digit purchase year + counter: the first 6 characters match one model's items of one year.
    serialPrefix: tagAt.serial_no.slice(0, 6),
    commonModel: models[0].model,
    rareModel: models[models.length - 1].model,
    commonBrand: brand.brand,
  };
}

function buildScenarios(f: Fixtures): Scenario[] {
  const r = (params: Record<string, string | number | undefined>, labels: Record<string, string> = {}, user?: string): Request =>
    listRequest(PATH, params, labels, user);
  const unit = (u: UnitRef) => [{ unitId: u.id }, { unitId: `<${u.name}>` }] as const;
  const cat = (code: string) => [{ categoryId: f.category(code).id }, { categoryId: `<${f.category(code).name}>` }] as const;
  /** A request with a unit and/or category filter, labelled by name. */
  const rf = (params: Record<string, string | number>, refs: (readonly [Record<string, string>, Record<string, string>])[], user?: string) =>
    r({ ...Object.assign({}, ...refs.map((x) => x[0])), ...params }, Object.assign({}, ...refs.map((x) => x[1])), user);
  // "<unit code>-ZD": the 执法终端 of one squadron, typed as the start of an asset tag.
  const tagPrefix = (u: UnitRef, short: string) => `${u.code}-${short}`;
  const [sqA, sqB, sqC] = f.squadrons;
  return [
    {
      name: 'city-first-page', user: 'admin', requests: [
        r({ page: 1 }), r({ page: 2 }), r({ page: 3 }), r({ sort: '-assetTag', page: 1 }), r({ sort: '-updatedAt', page: 1 }),
        r({ page: 1, pageSize: 50 }),
      ],
    },
    {
      name: 'category-status', user: 'admin', requests: [
        rf({ status: '在用', page: 1 }, [cat('handheld_terminal')]),
        rf({ status: '在库', page: 1 }, [cat('vehicle')]),
        rf({ status: '维修', page: 1 }, [cat('body_camera')]),
        rf({ status: '借出', page: 1 }, [cat('radio')]),
        r({ group: f.category('surveillance').group, status: '在库', page: 1 }),
        rf({ page: 1 }, [cat('drone')]),
        r({ status: '遗失', page: 1 }),
      ],
    },
    {
      name: 'keyword-search', user: 'admin', requests: [
        r({ q: tagPrefix(sqA, 'ZD'), page: 1 }),
        r({ q: f.fullTag, page: 1 }),
        r({ q: f.serialPrefix, page: 1 }),
        r({ q: f.commonModel, page: 1 }),
        r({ q: f.rareModel, page: 1 }),
        r({ q: f.commonBrand, page: 1 }),
      ],
    },
    {
      name: 'squadron-user', user: 'njdl_zdz', requests: [
        r({ page: 1 }), r({ page: 3 }), r({ status: '在用', page: 1 }), r({ q: tagPrefix(f.njdl, 'JL'), page: 1 }),
        r({ overdue: 'true', page: 1 }), r({ noResponsible: 'true', page: 1 }), r({ sort: '-purchaseDate', page: 1 }),
        rf({ page: 1 }, [cat('handheld_terminal')], 'njdl_nq'),
        r({ page: 1 }, {}, 'njdl_dy'),
      ],
    },
    {
      name: 'unit-tree', user: 'admin', requests: [
        rf({ page: 1 }, [unit(f.huangpu)]),
        rf({ page: 1 }, [unit(f.pudong)]),
        rf({ page: 1 }, [unit(f.brigade)]),
        ...[sqA, sqB, sqC].map((s) => rf({ page: 1 }, [unit(s)])),
        rf({ status: '在用', page: 1 }, [unit(f.huangpu)]),
      ],
    },
    {
      name: 'overdue', user: 'admin', requests: [
        r({ overdue: 'true', page: 1 }), r({ overdue: 'true', page: 2 }), r({ overdue: 'true', sort: '-updatedAt', page: 1 }),
        rf({ overdue: 'true', page: 1 }, [cat('body_camera')]),
        rf({ overdue: 'true', page: 1 }, [unit(f.pudong)]),
        r({ overdue: 'true', page: 1 }, {}, 'hp_admin'),
      ],
    },
    {
      name: 'no-responsible', user: 'admin', requests: [
        r({ noResponsible: 'true', page: 1 }), r({ noResponsible: 'true', page: 2 }), r({ noResponsible: 'true', status: '在库', page: 1 }),
        rf({ noResponsible: 'true', page: 1 }, [cat('vehicle')]),
        rf({ noResponsible: 'true', page: 1 }, [unit(f.pudong)]),
        r({ noResponsible: 'true', page: 1 }, {}, 'hp_admin'),
      ],
    },
    {
      name: 'deep-page', user: 'admin', requests: [
        r({ page: 500 }), r({ page: 2000 }), r({ sort: '-assetTag', page: 500 }), r({ sort: 'model', page: 500 }),
        r({ sort: 'unitName', page: 200 }), r({ sort: 'categoryName', page: 200 }), r({ page: 400, pageSize: 50 }),
      ],
    },
    {
      name: 'purchase-date-sort', user: 'admin', requests: [
        r({ sort: 'purchaseDate', page: 1 }), r({ sort: '-purchaseDate', page: 1 }), r({ sort: '-purchaseDate', page: 2 }),
        rf({ sort: '-purchaseDate', page: 1 }, [cat('handheld_terminal')]),
        r({ sort: '-purchaseDate', status: '在库', page: 1 }),
        rf({ sort: 'purchaseDate', page: 1 }, [unit(f.huangpu)]),
      ],
    },
    {
      name: 'district-user-mix', user: 'hp_admin', requests: [
        r({ page: 1 }),
        rf({ status: '在用', page: 1 }, [cat('radio')]),
        r({ q: tagPrefix(f.huangpuSquadron, 'DJ'), page: 1 }, {}, 'hp_zhihui'),
        r({ overdue: 'true', page: 1 }, {}, 'hp_zhihui'),
        r({ page: 1 }, {}, 'bench_pd_admin'),
        r({ noResponsible: 'true', page: 1 }, {}, 'bench_pd_admin'),
        r({ sort: '-purchaseDate', page: 1 }, {}, 'bench_pd_admin'),
        r({ page: 1 }, {}, 'bench_mh_admin'),
        r({ status: '维修', page: 1 }, {}, 'bench_mh_admin'),
        r({ page: 1 }, {}, 'bench_xh_zhihui'),
        r({ page: 50 }, {}, 'bench_xh_zhihui'),
      ],
    },
  ];
}

async function describeDataset(ctx: BenchContext, db: Database, dbName: string, vacuumAnalyzeMs: number): Promise<Fixtures> {
  await ensureBenchUsers(db);
  const f = await loadFixtures(db);
  const size = await queryOne<{ db: string; items: string; ledger: string }>(db, sql`
    SELECT pg_database_size(current_database())::text AS db, pg_total_relation_size('equipment_items')::text AS items,
      pg_total_relation_size('equipment_ledger')::text AS ledger`);
  ctx.log(`${f.items} items, ${f.ledger} ledger entries, ${f.officers} officers in ${f.units} units (黄浦: ${f.huangpu.items} items)`);
  if (f.items < 1_000_000) ctx.log(`WARNING: only ${f.items} items (< 1M): raise BENCH_SCALE`);
  const mb = (bytes: string | undefined) => Math.round(Number(bytes ?? 0) / 2 ** 20);
  ctx.emit({
    metric: 'dataset', database: dbName, items: f.items, ledger_entries: f.ledger, officers: f.officers, units: f.units,
    overdue_items: f.overdue, no_responsible_items: f.noResponsible,
    district_items: { [f.huangpu.name]: f.huangpu.items, [f.pudong.name]: f.pudong.items }, squadron_items: { [f.njdl.name]: f.njdl.items },
    db_size_mb: mb(size?.db), items_table_mb: mb(size?.items), ledger_table_mb: mb(size?.ledger), vacuum_analyze_ms: vacuumAnalyzeMs,
  });
  return f;
}

export async function run(ctx: BenchContext): Promise<void> {
  const cfg = readConfig(ctx.env, SPEC);
  await withBenchDatabase(ctx, cfg, {}, async (database) => {
    const fixtures = await prepareDatabase(ctx, database, {
      isSeeded: async (db) => {
        if (!(await isSeeded(db))) return false;
        const row = await queryOne<{ any: boolean }>(db, sql`SELECT EXISTS (SELECT 1 FROM equipment_items) AS any`);
        if (!row?.any) throw new Error(`${database.name} was seeded without equipment: drop it or name another BENCH_REUSE_DB`);
        return true;
      },
      seed: (db) => {
        ctx.log(`seeding ${database.name} at scale ${cfg.scale} (officers through the app's seed, equipment in bulk)…`);
        return seedBenchData(db, { scale: cfg.scale, equipment: true, onProgress: ctx.log });
      },
      fixtures: (db, { vacuumAnalyzeMs }) => describeDataset(ctx, db, database.name, vacuumAnalyzeMs),
    });
    if (ctx.signal.aborted) return;
    const scenarios = selectScenarios(buildScenarios(fixtures), SCENARIO_NAMES, cfg.scenarios);
    await withApp(database.url, { poolSize: cfg.poolSize, log: ctx.log }, (app) =>
      measureScenarios(ctx, cfg, app, scenarios, {
        database: database.name, passwordOf: (u) => passwordOf(u, PASSWORDS), extra: { items: fixtures.items } }));
  });
}
