// Daily partitions of `positions` (UTC days, see migration 0010): yesterday, today and tomorrow always exist, and
// partitions older than POSITION_RETENTION_DAYS are dropped. Run at start-up and by the scheduler.
import { queryOne, sql, type Executor } from '@cg/db';

const DAY_MS = 24 * 60 * 60 * 1000;

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Creates the partitions for yesterday, today and tomorrow (UTC) if missing; returns how many were created. */
export async function ensurePositionPartitions(db: Executor, now = new Date()): Promise<number> {
  const row = await queryOne<{ n: number }>(db, sql`SELECT ensure_position_partitions(${utcDay(now.getTime() - DAY_MS)}::date, 3) AS n`);
  return row?.n ?? 0;
}

/** Drops the partitions (and default-partition rows) from before `retentionDays` ago; returns partitions dropped. */
export async function dropExpiredPositions(db: Executor, retentionDays: number, now = new Date()): Promise<number> {
  const row = await queryOne<{ n: number }>(db, sql`SELECT drop_position_partitions_before(${utcDay(now.getTime() - retentionDays * DAY_MS)}::date) AS n`);
  return row?.n ?? 0;
}

/** Both, for the scheduler. */
export async function maintainPositionPartitions(db: Executor, retentionDays: number, now = new Date()): Promise<{ created: number; dropped: number }> {
  const created = await ensurePositionPartitions(db, now);
  const dropped = await dropExpiredPositions(db, retentionDays, now);
  return { created, dropped };
}
