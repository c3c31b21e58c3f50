// The environment variables every list benchmark reads (BENCH_*), parsed and checked once.
import { assertSafeName } from './pg-admin.ts';

export const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchConfig {
  serverUrl: string;
  durationSeconds: number;
  connections: number;
  scale: number;
  poolSize?: number;
  /** The BENCH_SCENARIOS subset, or null for all. */
  scenarios: string[] | null;
  keep: boolean;
  reuse: string | null;
  /** Sequential timings of each URL before the load (`unloaded_ms`). */
  repeats: number;
}

export interface ConfigSpec {
  defaultScale: number;
  /** What the default scale gives, for --help, e.g. "≈ 105k officers". */
  scaleNote: string;
  scenarioNames: readonly string[];
}

export function numberFrom(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${key} must be a number from ${min} to ${max}, got "${raw}"`);
  return n;
}

export function readConfig(env: NodeJS.ProcessEnv, spec: ConfigSpec): BenchConfig {
  const pool = numberFrom(env, 'BENCH_POOL_SIZE', 0, 0, 500);
  const reuse = env.BENCH_REUSE_DB?.trim() || null;
  if (reuse) assertSafeName(reuse);
  const scenarios = env.BENCH_SCENARIOS ? env.BENCH_SCENARIOS.split(',').map((x) => x.trim()).filter(Boolean) : null;
  const unknown = scenarios?.filter((x) => !spec.scenarioNames.includes(x)) ?? [];
  if (unknown.length) throw new Error(`unknown BENCH_SCENARIOS ${unknown.join(', ')}; known: ${spec.scenarioNames.join(', ')}`);
  return {
    serverUrl: env.BENCH_DATABASE_URL || DEFAULT_SERVER,
    durationSeconds: numberFrom(env, 'BENCH_DURATION', 10, 1, 3600),
    connections: Math.round(numberFrom(env, 'BENCH_CONNECTIONS', 50, 1, 2000)),
    scale: numberFrom(env, 'BENCH_SCALE', spec.defaultScale, 0.01, 100),
    poolSize: pool > 0 ? Math.round(pool) : undefined,
    scenarios,
    keep: env.BENCH_KEEP_DB === '1' || env.BENCH_KEEP_DB === 'true',
    reuse,
    repeats: Math.round(numberFrom(env, 'BENCH_REPEATS', 5, 1, 100)),
  };
}

/** The `--help` lines for these variables. */
export function configOptions(spec: ConfigSpec): string[] {
  const names: string[] = [];
  let line = '';
  for (const n of spec.scenarioNames) {
    if (line && line.length + n.length > 80) { names.push(line); line = ''; }
    line += (line ? ' ' : '') + n + ',';
  }
  if (line) names.push(line.replace(/,$/, ''));
  return [
    `BENCH_DATABASE_URL   PostgreSQL server (default ${DEFAULT_SERVER})`,
    'BENCH_DURATION       seconds of load per scenario (default 10)',
    'BENCH_CONNECTIONS    concurrent clients (default 50)',
    `BENCH_SCALE          demo-data scale when seeding (default ${spec.defaultScale} ${spec.scaleNote})`,
    'BENCH_SCENARIOS      comma-separated subset of:',
    ...names.map((n) => `                       ${n}`),
    'BENCH_REPEATS        sequential timings per URL before the load (default 5)',
    'BENCH_POOL_SIZE      the app\'s PostgreSQL pool size (default: the app\'s own default, 10)',
    'BENCH_KEEP_DB=1      keep the fresh cg_bench_<time> database instead of dropping it',
    'BENCH_REUSE_DB=name  use (and keep) this database; seeded on first use, reused as it is afterwards',
  ];
}
