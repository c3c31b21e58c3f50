// JT/T 808 gateway end to end on PostgreSQL: N simulated 北斗 terminals over loopback register, authenticate and
// report positions (0x0200 one at a time, and 0x0704 batches) in a closed loop; the gateway (its own process) decodes,
// group-commits positions + position_days + latest_positions and only then acks. Prints positions/s acknowledged,
// ack latency, where the CPU went, the rows actually stored (must equal the acks), and in the same run a raw COPY of
// the same number of rows into `positions` as the baseline, with the ratio. Measures; never asserts a timing.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, queryOne, queryRows, sql, type Database } from '@cg/db';
import { CopyBinaryWriter, uuidBytes } from '../../apps/server/src/modules/jt808/pg-copy-binary.ts';
import { ensurePositionPartitions } from '../../apps/server/src/modules/jt808/position-partitions.ts';
import { prepareDatabase, withBenchDatabase } from '../lib/bench-db.ts';
import { numberFrom, readConfig, type ConfigSpec } from '../lib/config.ts';
import { cpuBetween, cpuSnapshot } from '../lib/cpu.ts';
import { connectFleet, runPhase, type LoadFleet, type PhaseResult } from '../lib/jt808-load.ts';
import { startGateway, type GatewayTuning, type RunningGateway } from '../lib/jt808-gateway-server.ts';
import { benchTerminals, ensureBenchTerminals, type BenchTerminal } from '../lib/jt808-seed.ts';
import { copyFrom } from '../lib/pg-copy.ts';
import { waitForIdle } from '../lib/pg-admin.ts';
import { isSeeded, seedBenchData } from '../lib/seed.ts';
import type { BenchContext } from '../lib/types.ts';

const MODES = ['single', 'batch'] as const;
type Mode = (typeof MODES)[number];
/** Units and a few officers are all the terminals need; the scale only sizes the officers. */
const SPEC: ConfigSpec = { defaultScale: 0.2, scaleNote: '(units, ~1k officers: the terminals are added on top)', scenarioNames: MODES };

export const name = 'jt808';
export const description =
  'JT/T 808 gateway on PostgreSQL: N terminals over loopback, positions/s acked after commit, ack p50/p95/p99, rows checked, raw COPY baseline and ratio';
export const options = [
  'BENCH_DATABASE_URL   PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)',
  'BENCH_TERMINALS      simulated terminals (default 2000); as many vehicles with fitted 北斗 terminals are seeded',
  'BENCH_DURATION       seconds of load per mode (default 10)',
  'BENCH_SCENARIOS      modes, comma-separated: single (0x0200), batch (0x0704) (default both)',
  'BENCH_WINDOW         0x0200 messages in flight per terminal (default 4)',
  'BENCH_BATCH          positions per 0x0704 (default 20: one package; more are subpackaged)',
  'BENCH_BATCH_WINDOW   0x0704 messages in flight per terminal (default 1)',
  'BENCH_WARMUP         seconds of 0x0200 before the measured modes, not reported (default 3)',
  'BENCH_POOL_SIZE      the gateway\'s PostgreSQL pool size (default 10)',
  'BENCH_GW_LINGER_MS, BENCH_GW_MAX_BATCH_ROWS, BENCH_GW_CONCURRENCY   the writer\'s group commit (defaults: the gateway\'s)',
  'BENCH_GW_BULK        copy (default on PostgreSQL) or insert: how the writer stores positions',
  'BENCH_CPU_PROF=dir   write a V8 CPU profile of the gateway process into dir (node --cpu-prof)',
  'BENCH_KEEP_DB=1, BENCH_REUSE_DB=name   as for the other benchmarks; positions tables are emptied at the start',
];

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

interface Settings {
  terminals: number;
  window: number;
  batch: number;
  batchWindow: number;
  warmupS: number;
  tuning: GatewayTuning;
}

function badBulk(value: string): never {
  throw new Error(`BENCH_GW_BULK must be copy or insert, got "${value}"`);
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const int = (key: string, fallback: number, min: number, max: number) => Math.round(numberFrom(env, key, fallback, min, max));
  const opt = (key: string, min: number, max: number) => (env[key] ? numberFrom(env, key, 0, min, max) : undefined);
  const prof = env.BENCH_CPU_PROF?.trim();
  return {
    terminals: int('BENCH_TERMINALS', 2000, 1, 100_000),
    window: int('BENCH_WINDOW', 4, 1, 32),
    batch: int('BENCH_BATCH', 20, 1, 1000),
    batchWindow: int('BENCH_BATCH_WINDOW', 1, 1, 32),
    warmupS: numberFrom(env, 'BENCH_WARMUP', 3, 0, 600),
    tuning: {
      poolSize: opt('BENCH_POOL_SIZE', 1, 500),
      lingerMs: opt('BENCH_GW_LINGER_MS', 0, 1000),
      maxBatchRows: opt('BENCH_GW_MAX_BATCH_ROWS', 1, 1_000_000),
      concurrency: opt('BENCH_GW_CONCURRENCY', 1, 64),
      bulk: env.BENCH_GW_BULK === 'insert' ? 'insert' : env.BENCH_GW_BULK === 'copy' || !env.BENCH_GW_BULK ? undefined : badBulk(env.BENCH_GW_BULK),
      cpuProfDir: prof ? path.resolve(prof) : undefined,
    },
  };
}

/**
 * CPU µs per position (from the % of one core and the rate): unlike the rate, this hardly changes when other work
 * takes CPU away, so it compares runs on a busy machine.
 */
function cpuPerRow(cpu: Record<string, number | null>, perSecond: number): Record<string, number | null> {
  const us = (pct: number | null | undefined) => (pct == null || perSecond <= 0 ? null : round((pct / 100) * 1e6 / perSecond, 1));
  return { gateway: us(cpu.cpu_server_pct), postgres: us(cpu.cpu_postgres_pct), loadgen: us(cpu.cpu_loadgen_pct) };
}

/** What the gateway stored, counted, against what the terminals had acknowledged. */
async function checkStored(db: Database, fleet: LoadFleet, acked: number): Promise<Record<string, unknown>> {
  const counts = await queryOne<{ positions: number; days: number; latest: number }>(db, sql`
    SELECT (SELECT count(*)::int FROM positions WHERE source_kind = 'terminal') AS positions,
      (SELECT coalesce(sum(positions), 0)::int FROM position_days) AS days,
      (SELECT count(*)::int FROM latest_positions) AS latest`);
  const reporting = fleet.terminals.filter((t) => t.ackedPositions > 0);
  const ids = `{${reporting.map((t) => t.terminal.itemId).join(',')}}`;
  const newest = `{${reporting.map((t) => t.newestAckedTs).join(',')}}`;
  // Each terminal's latest position must be its newest acknowledged one (same transaction as the insert).
  const latestOk = await queryOne<{ n: number }>(db, sql`
    SELECT count(*)::int AS n FROM unnest(${ids}::text::uuid[], ${newest}::text::float8[]) AS a(id, ms)
    JOIN latest_positions l ON l.source_id = a.id AND l.ts = to_timestamp(a.ms / 1000)`);
  const perTerminal = await queryRows<{ id: string; n: number }>(db, sql`
    SELECT source_id AS id, count(*)::int AS n FROM positions WHERE source_kind = 'terminal' GROUP BY source_id`);
  const stored = new Map(perTerminal.map((r) => [r.id, r.n]));
  const mismatched = fleet.terminals.filter((t) => (stored.get(t.terminal.itemId) ?? 0) !== t.ackedPositions).length;
  const positions = counts?.positions ?? -1;
  return {
    acked_positions: acked, positions_rows: positions, position_days_sum: counts?.days ?? -1,
    latest_positions_rows: counts?.latest ?? -1, terminals_reporting: reporting.length,
    latest_is_newest_acked: latestOk?.n ?? -1, terminals_with_row_count_mismatch: mismatched,
    ok: positions === acked && counts?.days === acked && counts?.latest === reporting.length
      && latestOk?.n === reporting.length && mismatched === 0,
  };
}

/**
 * The gateway's COPY data for the same number of rows: binary format, the same 18 columns, values of the same kind
 * (what the load generator sends: mileage, signal, satellites, a blind-area batch), over the same terminals.
 */
function copyChunks(terminals: readonly BenchTerminal[], rows: number, baseTs: number): Buffer[] {
  const out = new CopyBinaryWriter(rows * 180 + 64);
  const kind = Buffer.from('terminal');
  const ids = terminals.map((t) => uuidBytes(t.itemId));
  const received = Date.now();
  for (let i = 0; i < rows; i++) {
    const k = Math.floor(i / terminals.length);
    out.reserve(200).row(18).bytes(kind).bytes(ids[i % terminals.length]).timestamptz(baseTs + k * 1000).timestamptz(received)
      .float8(round(31.1 + (i % 97) * 0.003 + k * 0.00005, 6)).float8(round(121.3 + (i % 89) * 0.004 + k * 0.00004, 6))
      .int2(5 + (k % 4)).float4(20 + (k % 40)).int2((i * 37) % 360).int4(0).int4(786435).float4(round(1000 + k * 0.01, 1))
      .float4(null).float4(null).int2(20 + (k % 10)).int2(10 + (k % 8)).bool(true).jsonb(null);
  }
  const data = out.finish();
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; at += 1 << 20) chunks.push(data.subarray(at, at + (1 << 20)));
  return chunks;
}

async function copyBaseline(
  ctx: BenchContext, url: string, terminals: readonly BenchTerminal[], rows: number,
): Promise<{ rowsPerSecond: number; line: { metric: string } & Record<string, unknown> }> {
  const t0 = performance.now();
  // Device times a day before the gateway's rows (same partition set: yesterday's and today's).
  const messages = copyChunks(terminals, rows, Math.floor(Date.now() / 1000) * 1000 - 20 * 3600_000);
  const encodeMs = performance.now() - t0;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const before = await cpuSnapshot(async () => 0);
    const t1 = performance.now();
    const copied = await copyFrom(client, `COPY positions (source_kind, source_id, ts, received_at, lat, lon, altitude_m,
      speed_kmh, direction, alarm, status, mileage_km, fuel_l, recorder_speed_kmh, signal, satellites, blind_area, extra)
      FROM STDIN (FORMAT binary)`, messages);
    const ms = performance.now() - t1;
    const cpu = cpuBetween(before, await cpuSnapshot(async () => 0));
    const rowsPerSecond = Math.round(copied / (ms / 1000));
    ctx.log(`COPY: ${copied} rows in ${Math.round(ms)} ms = ${rowsPerSecond} rows/s`);
    return {
      rowsPerSecond,
      line: {
        metric: 'copy_baseline', rows: copied, ms: Math.round(ms), rows_per_s: rowsPerSecond, encode_ms: Math.round(encodeMs),
        method: 'COPY positions (…18 columns) FROM STDIN, binary format (as the gateway), one statement, node-postgres + pg-copy-streams (bench/lib/pg-copy.ts)',
        ...cpu, cpu_server_pct: undefined, cpu_us_per_row: { postgres: cpuPerRow(cpu, rowsPerSecond).postgres },
      },
    };
  } finally {
    await client.end();
  }
}

export async function run(ctx: BenchContext): Promise<void> {
  const cfg = readConfig(ctx.env, SPEC);
  const s = readSettings(ctx.env);
  const modes: Mode[] = (cfg.scenarios as Mode[] | null) ?? [...MODES];
  cfg.connections = s.terminals;
  const extra = {
    terminals: s.terminals, modes, window: s.window, batch: s.batch, batch_window: s.batchWindow, warmup_s: s.warmupS,
    gateway: { pool: s.tuning.poolSize ?? 10, linger_ms: s.tuning.lingerMs ?? 'default', max_batch_rows: s.tuning.maxBatchRows ?? 'default', concurrency: s.tuning.concurrency ?? 'default' },
    loadavg: os.loadavg().map((x) => round(x, 2)),
  };
  await withBenchDatabase(ctx, cfg, extra, async (database) => {
    const terminals = await prepareDatabase(ctx, database, {
      isSeeded: async (db) => (await isSeeded(db)) && (await benchTerminals(db)).length >= s.terminals,
      seed: async (db) => {
        const counts: Record<string, number> = {};
        if (!(await isSeeded(db))) {
          ctx.log(`seeding units and officers (scale ${cfg.scale}) through the app's seed…`);
          Object.assign(counts, await seedBenchData(db, { scale: cfg.scale, equipment: false, onProgress: ctx.log }));
        }
        const t0 = Date.now();
        counts.terminals_added = await ensureBenchTerminals(db, s.terminals);
        counts.terminals_ms = Date.now() - t0;
        ctx.log(`${counts.terminals_added} vehicles with fitted 北斗 terminals added in ${counts.terminals_ms} ms`);
        return counts;
      },
      fixtures: async (db, { vacuumAnalyzeMs }) => {
        await ensurePositionPartitions(db);
        // The benchmark's own rows only: what is counted afterwards must be what this run acknowledged.
        await queryRows(db, sql`TRUNCATE positions, position_days, latest_positions, terminal_status`);
        const all = await benchTerminals(db);
        ctx.emit({ metric: 'dataset', database: database.name, terminals_registered: all.length, vacuum_analyze_ms: vacuumAnalyzeMs });
        return all.slice(0, s.terminals);
      },
    });
    if (ctx.signal.aborted) return;

    if (s.tuning.cpuProfDir) mkdirSync(s.tuning.cpuProfDir, { recursive: true });
    let gateway: RunningGateway | null = await startGateway(database.url, s.tuning);
    ctx.log(`gateway listening on 127.0.0.1:${gateway.port} (pid ${gateway.pid}), positions by ${gateway.bulk}`);
    const bulk = gateway.bulk;
    const results = new Map<Mode, PhaseResult>();
    let fleet: LoadFleet | null = null;
    const handle = await openDatabase({ url: database.url, poolSize: 2 });
    try {
      fleet = await connectFleet(gateway.port, terminals, { signal: ctx.signal });
      ctx.emit({ metric: 'fleet', terminals: fleet.terminals.length, connect_register_auth_ms: Math.round(fleet.connectMs) });
      ctx.log(`${fleet.terminals.length} terminals registered and authenticated in ${Math.round(fleet.connectMs)} ms`);
      let acked = 0;
      if (s.warmupS > 0 && !ctx.signal.aborted) {
        const w = await runPhase(fleet, { mode: 'single', batch: 1, window: s.window, durationMs: s.warmupS * 1000, signal: ctx.signal });
        acked += w.positionsAcked;
        ctx.log(`warm-up: ${w.positionsPerSecond} positions/s`);
      }
      for (const mode of modes) {
        if (ctx.signal.aborted) break;
        await waitForIdle(cfg.serverUrl, database.name, { signal: ctx.signal });
        const gw = gateway;
        const statsBefore = await gw.stats();
        const before = await cpuSnapshot(() => gw.cpuMicros());
        const r = await runPhase(fleet, {
          mode, batch: s.batch, window: mode === 'single' ? s.window : s.batchWindow, durationMs: cfg.durationSeconds * 1000,
          signal: ctx.signal,
        });
        const cpu = cpuBetween(before, await cpuSnapshot(() => gw.cpuMicros()));
        const statsAfter = await gw.stats();
        acked += r.positionsAcked;
        results.set(mode, r);
        const batches = statsAfter.writer.batches - statsBefore.writer.batches;
        const rows = statsAfter.writer.rows - statsBefore.writer.rows;
        ctx.log(`${mode}: ${r.positionsPerSecond} positions/s, ack p99 ${r.latencyMs?.p99 ?? '-'} ms`);
        ctx.emit({
          metric: 'positions', mode, writer: bulk, positions_per_message: mode === 'single' ? 1 : s.batch,
          window: mode === 'single' ? s.window : s.batchWindow, in_flight_max: fleet.terminals.length * (mode === 'single' ? s.window : s.batchWindow),
          positions_per_s: r.positionsPerSecond, messages_per_s: r.messagesPerSecond, ack_latency_ms: r.latencyMs,
          positions_acked: r.positionsAcked, positions_sent: r.positionsSent, failed: r.failed, unanswered: r.unanswered,
          drain_ms: r.drainMs, duration_ms: r.elapsedMs,
          commits: batches, rows_per_commit: batches ? Math.round(rows / batches) : 0,
          largest_commit: statsAfter.writer.largestBatch, failed_commits: statsAfter.writer.failedBatches - statsBefore.writer.failedBatches,
          session_pauses: statsAfter.pauses - statsBefore.pauses,
          bad_frames: Object.values(statsAfter.bad).reduce((a, b) => a + b, 0),
          ...cpu, cpu_us_per_position: cpuPerRow(cpu, r.positionsPerSecond),
          loadavg: os.loadavg().map((x) => round(x, 2)), interrupted: ctx.signal.aborted || undefined,
        });
      }
      // Every ack is in; now count what is in the tables.
      const stored = await checkStored(handle.db, fleet, acked);
      ctx.emit({ metric: 'stored', ...stored });
      if (!stored.ok) ctx.log(`WARNING: stored rows do not match the acks: ${JSON.stringify(stored)}`);
      await fleet.close();
      fleet = null;
      await gateway.stop();
      gateway = null;
      if (ctx.signal.aborted || results.size === 0) return;

      // The baseline: as many rows as the larger measured mode acknowledged, COPY'd by one plain client.
      await waitForIdle(cfg.serverUrl, database.name, { signal: ctx.signal });
      const rows = Math.max(...[...results.values()].map((r) => r.positionsAcked));
      const copy = await copyBaseline(ctx, database.url, terminals, rows);
      ctx.emit(copy.line);
      for (const [mode, r] of results) {
        ctx.emit({
          metric: 'ratio', mode, gateway_positions_per_s: r.positionsPerSecond, copy_rows_per_s: copy.rowsPerSecond,
          ratio: round(r.positionsPerSecond / copy.rowsPerSecond, 3), target_positions_per_s: 100_000, target_ratio: 0.4,
        });
      }
    } finally {
      await fleet?.close();
      await gateway?.stop();
      await handle.close();
    }
  });
}
