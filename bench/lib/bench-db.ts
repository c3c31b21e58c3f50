// The database a benchmark runs against: a fresh cg_bench_<time> (dropped afterwards unless kept) or the one named by
// BENCH_REUSE_DB (created and seeded on first use, kept). Migrated, seeded when empty, vacuumed and analysed.
import { migrateDatabase, openDatabase, queryRows, sql, type Database } from '@cg/db';
import type { BenchConfig } from './config.ts';
import { createDatabase, databaseExists, databaseUrl, dropDatabase, serverVersion } from './pg-admin.ts';
import type { BenchContext } from './types.ts';

export interface BenchDatabase {
  name: string;
  url: string;
  reused: boolean;
  postgres: string;
}

/**
 * Creates or reuses the database, prints the `config` line (with `extra`), runs `fn`, then drops the database unless it
 * is to be kept — also when `fn` fails or is interrupted.
 */
export async function withBenchDatabase(
  ctx: BenchContext, cfg: BenchConfig, extra: Record<string, unknown>, fn: (database: BenchDatabase) => Promise<void>,
): Promise<void> {
  const postgres = await serverVersion(cfg.serverUrl);
  let name: string;
  let drop: boolean;
  if (cfg.reuse) {
    name = cfg.reuse;
    drop = false;
    if (!(await databaseExists(cfg.serverUrl, name))) {
      ctx.log(`creating ${name} (BENCH_REUSE_DB: kept afterwards)`);
      await createDatabase(cfg.serverUrl, name);
    }
  } else {
    name = `cg_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
    drop = !cfg.keep;
    ctx.log(`creating ${name}`);
    await createDatabase(cfg.serverUrl, name);
  }
  ctx.emit({
    metric: 'config', postgres, database: name, reused: !!cfg.reuse, connections: cfg.connections,
    duration_s: cfg.durationSeconds, app_pool_size: cfg.poolSize ?? 'default', scale: cfg.scale, ...extra,
  });
  try {
    await fn({ name, url: databaseUrl(cfg.serverUrl, name), reused: !!cfg.reuse, postgres });
  } finally {
    if (drop) {
      ctx.log(`dropping ${name}`);
      await dropDatabase(cfg.serverUrl, name);
    } else {
      ctx.log(`kept database ${name}; rerun quickly with BENCH_REUSE_DB=${name}`);
    }
  }
}

export interface PrepareSteps<T> {
  /** True when the database already holds the benchmark's data (then `seed` is skipped). */
  isSeeded(db: Database): Promise<boolean>;
  /** Writes the data; what it returns goes into the `seed_ms` line (row counts). */
  seed(db: Database): Promise<Record<string, unknown>>;
  /** After VACUUM (ANALYZE): reads what the scenarios need from the data. */
  fixtures(db: Database, info: { vacuumAnalyzeMs: number }): Promise<T>;
}

/** Migrates, seeds when empty (timed: the `seed_ms` line), runs VACUUM (ANALYZE), then reads the fixtures. */
export async function prepareDatabase<T>(ctx: BenchContext, database: BenchDatabase, steps: PrepareSteps<T>): Promise<T> {
  const handle = await openDatabase({ url: database.url, poolSize: 2 });
  try {
    await migrateDatabase(handle);
    if (!(await steps.isSeeded(handle.db))) {
      const t0 = Date.now();
      const counts = await steps.seed(handle.db);
      ctx.emit({ metric: 'seed_ms', value: Date.now() - t0, ...counts, database: database.name });
    } else {
      ctx.log(`reusing the data already in ${database.name}`);
    }
    // VACUUM as well as ANALYZE: freshly inserted rows would otherwise wake autovacuum in the middle of a measurement,
    // and index-only scans need the visibility map it sets.
    ctx.log('VACUUM (ANALYZE)…');
    const t0 = Date.now();
    await queryRows(handle.db, sql`VACUUM (ANALYZE)`);
    return await steps.fixtures(handle.db, { vacuumAnalyzeMs: Date.now() - t0 });
  } finally {
    await handle.close();
  }
}
