// Group commit of positions from every session: collect for a few ms (or up to maxBatchRows), write the batch in one
// transaction and only when it has committed settle the jobs (the sessions send their acks) and publish to the
// PositionBus. A failed commit settles every job as not committed: no acks, the terminals resend.
// On a PostgreSQL pool the rows go in with binary COPY (PostgreSQL's bulk path: about twice as fast per row as INSERT …
// SELECT, and the binary format half the cost of the text one again, measured in bench/jt808), then position_days and latest_positions in one statement, on one connection
// between BEGIN and COMMIT. On PGlite (no COPY FROM STDIN over its API) all three are data-modifying CTEs of ONE
// statement, which is its own transaction.
import { queryRows, sql, type Executor, type SQL } from '@cg/db';
import type { LivePosition, PositionBus } from '../tracking/position-bus.ts';
import type { GatewayLog } from './gateway-log.ts';
import { CopyBinaryWriter, uuidBytes } from './pg-copy-binary.ts';
import { copyFromStdin, type CopyClient } from './pg-copy.ts';
import { numberArray as numbers, textArray as texts } from './pg-arrays.ts';
import type { PositionRow } from './position-rows.ts';

export interface PositionSource {
  sourceId: string;
  unitId: string;
  unitPath: string;
  vehicleId: string | null;
  officerId: string | null;
  label: string;
}

export interface PositionJob {
  source: PositionSource;
  rows: PositionRow[];
  /** Epoch ms the message arrived. */
  receivedAt: number;
  /** Called exactly once: true after the commit, false when the batch failed (nothing of it was stored). */
  settle(committed: boolean): void;
}

export interface PositionWriterOptions {
  db: Executor;
  log: GatewayLog;
  bus?: PositionBus;
  /** How long the first queued position waits for others before a commit starts. Default 5 ms. */
  lingerMs?: number;
  /** Rows per statement. Default 5000. */
  maxBatchRows?: number;
  /** Statements in flight at once (1 on PGlite's single connection). Default 1. */
  concurrency?: number;
  /** Queued rows beyond which the writer is "behind" and sessions stop reading. Default 50 000. */
  maxQueuedRows?: number;
  /** Runs before each statement (tests: delay or fail a commit). */
  beforeCommit?: (rows: number) => Promise<void> | void;
  /** After every batch settled, committed or not (the gateway resumes paused sessions). */
  onSettled?: () => void;
  /** 'copy' (default where possible: a PostgreSQL pool) or 'insert' (one INSERT … SELECT FROM unnest statement). */
  bulk?: 'copy' | 'insert';
}

/** The node-postgres pool behind a drizzle database, and drizzle's SQL renderer: what the COPY path needs. */
interface PoolClientLike extends CopyClient {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  release(destroy?: boolean): void;
}
interface CopyPath {
  pool: { connect(): Promise<PoolClientLike> };
  render(query: SQL): { sql: string; params: unknown[] };
}

/** COPY needs a node-postgres pool (drizzle's `$client`) and drizzle's dialect to render the statement after it. */
function copyPathOf(db: Executor): CopyPath | null {
  const d = db as unknown as { $client?: { connect?: unknown; totalCount?: unknown }; dialect?: { sqlToQuery?: unknown } };
  const pool = d.$client;
  const dialect = d.dialect;
  if (!pool || typeof pool.connect !== 'function' || typeof pool.totalCount !== 'number') return null;
  if (!dialect || typeof dialect.sqlToQuery !== 'function') return null;
  const render = dialect.sqlToQuery.bind(dialect) as (q: SQL) => { sql: string; params: unknown[] };
  return { pool: pool as CopyPath['pool'], render };
}

const COPY_POSITIONS = `COPY positions (source_kind, source_id, ts, received_at, lat, lon, altitude_m, speed_kmh, direction,
  alarm, status, mileage_km, fuel_l, recorder_speed_kmh, signal, satellites, blind_area, extra) FROM STDIN (FORMAT binary)`;
const COPY_FIELDS = 18;
/** The largest binary row without `extra` (which reserves its own room): 2 + 18 length words + the values. */
const COPY_ROW_BYTES = 2 + COPY_FIELDS * 4 + 8 + 16 + 8 + 8 + 8 + 8 + 2 + 4 + 2 + 4 + 4 + 4 + 4 + 4 + 2 + 2 + 1;
const TERMINAL = Buffer.from('terminal');

/** A source's uuid as COPY bytes, parsed once per session's source object. */
const uuidCache = new WeakMap<PositionSource, Buffer>();
function uuidOf(source: PositionSource): Buffer {
  let bytes = uuidCache.get(source);
  if (!bytes) uuidCache.set(source, (bytes = uuidBytes(source.sourceId)));
  return bytes;
}

/** The jobs' rows as binary COPY data. Throws (failing the batch, no acks) on a value that does not fit its column. */
function copyRows(jobs: readonly PositionJob[], rowCount: number): Buffer {
  const out = new CopyBinaryWriter(rowCount * COPY_ROW_BYTES + 64);
  for (const job of jobs) {
    const source = uuidOf(job.source);
    for (const row of job.rows) {
      out.reserve(COPY_ROW_BYTES).row(COPY_FIELDS).bytes(TERMINAL).bytes(source).timestamptz(row.ts).timestamptz(job.receivedAt)
        .float8(row.lat).float8(row.lon).int2(row.altitudeM).float4(row.speedKmh).int2(row.direction).int4(row.alarm)
        .int4(row.status).float4(row.mileageKm).float4(row.fuelL).float4(row.recorderSpeedKmh).int2(row.signal)
        .int2(row.satellites).bool(row.blindArea).jsonb(row.extra);
    }
  }
  return out.finish();
}

export interface PositionWriterStats {
  queuedRows: number;
  inFlight: number;
  batches: number;
  rows: number;
  failedBatches: number;
  failedRows: number;
  largestBatch: number;
  lastCommitMs: number;
}

interface LatestCandidate {
  source: PositionSource;
  row: PositionRow;
  receivedAt: number;
}

export class PositionWriter {
  private readonly db: Executor;
  private readonly log: GatewayLog;
  private readonly bus?: PositionBus;
  private readonly lingerMs: number;
  private readonly maxBatchRows: number;
  private readonly concurrency: number;
  private readonly maxQueuedRows: number;
  private readonly beforeCommit?: (rows: number) => Promise<void> | void;
  private readonly onSettled?: () => void;
  private readonly copy: CopyPath | null;
  private queue: PositionJob[] = [];
  private queuedRows = 0;
  private oldestQueuedAt = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private readonly counters = { batches: 0, rows: 0, failedBatches: 0, failedRows: 0, largestBatch: 0, lastCommitMs: 0 };

  constructor(options: PositionWriterOptions) {
    this.db = options.db;
    this.log = options.log;
    this.bus = options.bus;
    this.lingerMs = options.lingerMs ?? 5;
    this.maxBatchRows = options.maxBatchRows ?? 5000;
    this.concurrency = options.concurrency ?? 1;
    this.maxQueuedRows = options.maxQueuedRows ?? 50_000;
    this.beforeCommit = options.beforeCommit;
    this.onSettled = options.onSettled;
    this.copy = options.bulk === 'insert' ? null : copyPathOf(options.db);
  }

  /** How positions reach the table: 'copy' on a PostgreSQL pool, else 'insert'. */
  get bulkPath(): 'copy' | 'insert' {
    return this.copy ? 'copy' : 'insert';
  }

  /** Sessions stop reading while this holds, so a flood cannot outgrow memory while the database is slow. */
  get behind(): boolean {
    return this.queuedRows >= this.maxQueuedRows;
  }

  get stats(): PositionWriterStats {
    return { queuedRows: this.queuedRows, inFlight: this.inFlight, ...this.counters };
  }

  enqueue(job: PositionJob): void {
    if (this.closed) {
      job.settle(false);
      return;
    }
    if (job.rows.length === 0) {
      job.settle(true);
      return;
    }
    if (this.queue.length === 0) this.oldestQueuedAt = performance.now();
    this.queue.push(job);
    this.queuedRows += job.rows.length;
    this.schedule();
  }

  /** Commits everything queued and waits for statements in flight; later jobs are refused (settled false). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length || this.inFlight) {
      this.startBatches(true);
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  private schedule(): void {
    if (this.queue.length === 0 || this.inFlight >= this.concurrency) return;
    const waited = performance.now() - this.oldestQueuedAt;
    if (this.queuedRows >= this.maxBatchRows || waited >= this.lingerMs) {
      this.startBatches(false);
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.schedule();
      }, this.lingerMs - waited);
    }
  }

  private startBatches(all: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length && this.inFlight < this.concurrency) {
      const jobs: PositionJob[] = [];
      let rows = 0;
      // Whole jobs only: a message's positions commit together, so its one ack is true for all of them.
      while (this.queue.length && (jobs.length === 0 || rows + this.queue[0].rows.length <= this.maxBatchRows)) {
        const job = this.queue.shift() as PositionJob;
        jobs.push(job);
        rows += job.rows.length;
      }
      this.queuedRows -= rows;
      if (this.queue.length) this.oldestQueuedAt = performance.now();
      this.inFlight++;
      void this.commit(jobs, rows).finally(() => {
        this.inFlight--;
        if (this.closed) this.startBatches(true);
        else this.schedule();
        for (const wake of this.idleWaiters.splice(0)) wake();
      });
      if (!all && this.queuedRows < this.maxBatchRows) break;
    }
  }

  private async commit(jobs: PositionJob[], rowCount: number): Promise<void> {
    const started = performance.now();
    const copy = this.copy;
    // COPY: the rows in binary (encoded inside the try below); otherwise one array per column for unnest().
    const pSource: string[] = [];
    const pTs: number[] = [];
    const pReceived: number[] = [];
    const pLat: number[] = [];
    const pLon: number[] = [];
    const pAltitude: (number | null)[] = [];
    const pSpeed: number[] = [];
    const pDirection: (number | null)[] = [];
    const pAlarm: number[] = [];
    const pStatus: number[] = [];
    const pMileage: (number | null)[] = [];
    const pFuel: (number | null)[] = [];
    const pRecorderSpeed: (number | null)[] = [];
    const pSignal: (number | null)[] = [];
    const pSatellites: (number | null)[] = [];
    const pBlindArea: boolean[] = [];
    const pExtra: (string | null)[] = [];
    const latest = new Map<string, LatestCandidate>();
    const days = new Map<string, { sourceId: string; day: string; unitId: string; n: number; first: number; last: number }>();
    for (const job of jobs) {
      const { source } = job;
      for (const row of job.rows) {
        if (!copy) {
          pSource.push(source.sourceId);
          pTs.push(row.ts);
          pReceived.push(job.receivedAt);
          pLat.push(row.lat);
          pLon.push(row.lon);
          pAltitude.push(row.altitudeM);
          pSpeed.push(row.speedKmh);
          pDirection.push(row.direction);
          pAlarm.push(row.alarm);
          pStatus.push(row.status);
          pMileage.push(row.mileageKm);
          pFuel.push(row.fuelL);
          pRecorderSpeed.push(row.recorderSpeedKmh);
          pSignal.push(row.signal);
          pSatellites.push(row.satellites);
          pBlindArea.push(row.blindArea);
          pExtra.push(row.extra);
        }
        if (row.latest) {
          const current = latest.get(source.sourceId);
          if (!current || row.ts > current.row.ts) latest.set(source.sourceId, { source, row, receivedAt: job.receivedAt });
        }
        if (row.day !== null) {
          const key = `${source.sourceId}|${row.day}`;
          const d = days.get(key);
          if (d) {
            d.n++;
            d.first = Math.min(d.first, row.ts);
            d.last = Math.max(d.last, row.ts);
          } else {
            days.set(key, { sourceId: source.sourceId, day: row.day, unitId: source.unitId, n: 1, first: row.ts, last: row.ts });
          }
        }
      }
    }
    // Rows locked in one order (source id, then day) in every batch, so concurrent batches cannot deadlock.
    const latestRows = [...latest.values()].sort((a, b) => (a.source.sourceId < b.source.sourceId ? -1 : 1));
    const dayRows = [...days.values()].sort((a, b) =>
      a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : a.day < b.day ? -1 : 1);

    // position_days and latest_positions (one row per source and batch: deduplicated above), after the positions.
    const daysAndLatest = sql`days AS (
          INSERT INTO position_days (source_id, day, source_kind, unit_id, positions, first_ts, last_ts)
          SELECT d.source_id, d.day, 'terminal', d.unit_id, d.n, to_timestamp(d.first_ms / 1000), to_timestamp(d.last_ms / 1000)
          FROM unnest(${texts(dayRows.map((d) => d.sourceId))}::text::uuid[], ${texts(dayRows.map((d) => d.day))}::text::date[],
            ${texts(dayRows.map((d) => d.unitId))}::text::uuid[], ${numbers(dayRows.map((d) => d.n))}::text::int4[],
            ${numbers(dayRows.map((d) => d.first))}::text::float8[], ${numbers(dayRows.map((d) => d.last))}::text::float8[])
            AS d(source_id, day, unit_id, n, first_ms, last_ms)
          ON CONFLICT (source_id, day) DO UPDATE SET positions = position_days.positions + excluded.positions,
            first_ts = LEAST(position_days.first_ts, excluded.first_ts),
            last_ts = GREATEST(position_days.last_ts, excluded.last_ts), unit_id = excluded.unit_id
        )
        INSERT INTO latest_positions (source_id, source_kind, unit_id, vehicle_id, officer_id, label, ts, received_at,
          lat, lon, speed_kmh, direction, alarm, status)
        SELECT l.source_id, 'terminal', l.unit_id, l.vehicle_id, l.officer_id, l.label, to_timestamp(l.ts / 1000),
          to_timestamp(l.received / 1000), l.lat, l.lon, l.speed_kmh, l.direction, l.alarm, l.status
        FROM unnest(${texts(latestRows.map((l) => l.source.sourceId))}::text::uuid[],
          ${texts(latestRows.map((l) => l.source.unitId))}::text::uuid[],
          ${texts(latestRows.map((l) => l.source.vehicleId))}::text::uuid[],
          ${texts(latestRows.map((l) => l.source.officerId))}::text::uuid[],
          ${texts(latestRows.map((l) => l.source.label))}::text::text[],
          ${numbers(latestRows.map((l) => l.row.ts))}::text::float8[], ${numbers(latestRows.map((l) => l.receivedAt))}::text::float8[],
          ${numbers(latestRows.map((l) => l.row.lat))}::text::float8[], ${numbers(latestRows.map((l) => l.row.lon))}::text::float8[],
          ${numbers(latestRows.map((l) => l.row.speedKmh))}::text::float4[],
          ${numbers(latestRows.map((l) => l.row.direction))}::text::int2[],
          ${numbers(latestRows.map((l) => l.row.alarm))}::text::int4[], ${numbers(latestRows.map((l) => l.row.status))}::text::int4[])
          AS l(source_id, unit_id, vehicle_id, officer_id, label, ts, received, lat, lon, speed_kmh, direction, alarm, status)
        ON CONFLICT (source_id) DO UPDATE SET unit_id = excluded.unit_id, vehicle_id = excluded.vehicle_id,
          officer_id = excluded.officer_id, label = excluded.label, ts = excluded.ts, received_at = excluded.received_at,
          lat = excluded.lat, lon = excluded.lon, speed_kmh = excluded.speed_kmh, direction = excluded.direction,
          alarm = excluded.alarm, status = excluded.status
        WHERE excluded.ts > latest_positions.ts
        RETURNING source_id`;

    let updated: { source_id: string }[];
    try {
      await this.beforeCommit?.(rowCount);
      if (copy) {
        updated = await this.commitWithCopy(copy, copyRows(jobs, rowCount), sql`WITH ${daysAndLatest}`);
      } else {
        updated = await queryRows<{ source_id: string }>(this.db, sql`
        WITH ins AS (
          INSERT INTO positions (source_kind, source_id, ts, received_at, lat, lon, altitude_m, speed_kmh, direction,
            alarm, status, mileage_km, fuel_l, recorder_speed_kmh, signal, satellites, blind_area, extra)
          SELECT 'terminal', p.source_id, to_timestamp(p.ts / 1000), to_timestamp(p.received / 1000), p.lat, p.lon,
            p.altitude_m, p.speed_kmh, p.direction, p.alarm, p.status, p.mileage_km, p.fuel_l, p.recorder_speed_kmh,
            p.signal, p.satellites, p.blind_area, p.extra
          FROM unnest(${texts(pSource)}::text::uuid[], ${numbers(pTs)}::text::float8[], ${numbers(pReceived)}::text::float8[],
            ${numbers(pLat)}::text::float8[], ${numbers(pLon)}::text::float8[], ${numbers(pAltitude)}::text::int2[],
            ${numbers(pSpeed)}::text::float4[], ${numbers(pDirection)}::text::int2[], ${numbers(pAlarm)}::text::int4[],
            ${numbers(pStatus)}::text::int4[], ${numbers(pMileage)}::text::float4[], ${numbers(pFuel)}::text::float4[],
            ${numbers(pRecorderSpeed)}::text::float4[], ${numbers(pSignal)}::text::int2[],
            ${numbers(pSatellites)}::text::int2[], ${texts(pBlindArea.map(String))}::text::bool[], ${texts(pExtra)}::text::jsonb[])
            AS p(source_id, ts, received, lat, lon, altitude_m, speed_kmh, direction, alarm, status, mileage_km, fuel_l,
              recorder_speed_kmh, signal, satellites, blind_area, extra)
        ), ${daysAndLatest}`);
      }
    } catch (err) {
      this.counters.failedBatches++;
      this.counters.failedRows += rowCount;
      this.log.error({ err, rows: rowCount, jobs: jobs.length }, 'JT/T 808 位置批量写入失败：本批不应答，终端将重发');
      for (const job of jobs) job.settle(false);
      this.onSettled?.();
      return;
    }
    this.counters.batches++;
    this.counters.rows += rowCount;
    this.counters.largestBatch = Math.max(this.counters.largestBatch, rowCount);
    this.counters.lastCommitMs = performance.now() - started;
    for (const job of jobs) {
      try {
        job.settle(true);
      } catch (err) {
        this.log.error({ err }, 'JT/T 808 应答发送失败'); // committed all the same; the other jobs still get theirs
      }
    }
    this.onSettled?.();
    if (this.bus && updated.length) {
      const live: LivePosition[] = [];
      for (const { source_id: id } of updated) {
        const c = latest.get(id);
        if (!c) continue;
        live.push({
          sourceId: id, sourceKind: 'terminal', unitId: c.source.unitId, unitPath: c.source.unitPath,
          vehicleId: c.source.vehicleId, officerId: c.source.officerId, label: c.source.label,
          ts: new Date(c.row.ts).toISOString(), lat: c.row.lat, lon: c.row.lon, speedKmh: c.row.speedKmh,
          direction: c.row.direction, alarm: c.row.alarm, status: c.row.status,
        });
      }
      this.bus.publish(live);
    }
  }

  /** BEGIN; COPY the rows; the days + latest statement; COMMIT — on one pooled connection. */
  private async commitWithCopy(copy: CopyPath, data: Buffer, rest: SQL): Promise<{ source_id: string }[]> {
    const client = await copy.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      await copyFromStdin(client, COPY_POSITIONS, [data]);
      const q = copy.render(rest);
      const result = await client.query(q.sql, q.params);
      await client.query('COMMIT');
      return result.rows as { source_id: string }[];
    } catch (err) {
      // A connection that cannot even roll back is not handed out again.
      await client.query('ROLLBACK').catch(() => { broken = true; });
      throw err;
    } finally {
      client.release(broken);
    }
  }
}
