// Background jobs: pending transfers that fall due, expired sessions; daily position partitions and their retention.
import { Cron } from 'croner';
import type { Database } from '@cg/db';
import type { FastifyBaseLogger } from 'fastify';
import { SYSTEM_ACTOR } from './core/context.ts';
import { purgeExpiredSessions } from './modules/auth/auth.service.ts';
import { maintainPositionPartitions } from './modules/jt808/position-partitions.ts';
import { applyDueTransfers } from './modules/officers/officers.service.ts';

export interface SchedulerOptions {
  /** POSITION_RETENTION_DAYS. */
  positionRetentionDays: number;
}

export async function runHousekeeping(db: Database, log: FastifyBaseLogger): Promise<void> {
  const applied = await applyDueTransfers(db, SYSTEM_ACTOR);
  const purged = await purgeExpiredSessions(db);
  if (applied || purged) log.info({ applied, purged }, '定时任务：调动生效、清理过期会话');
}

/** Partitions for yesterday, today and tomorrow (UTC days); partitions older than the retention dropped. */
export async function runPositionMaintenance(db: Database, log: FastifyBaseLogger, retentionDays: number): Promise<void> {
  const { created, dropped } = await maintainPositionPartitions(db, retentionDays);
  if (created || dropped) log.info({ created, dropped, retentionDays }, '定时任务：位置分区（新建、按保留期删除）');
}

export function startScheduler(db: Database, log: FastifyBaseLogger, options: SchedulerOptions = { positionRetentionDays: 180 }): { stop(): void } {
  // Every 10 minutes; transfers are dated by day, so this is prompt enough.
  const housekeeping = new Cron('*/10 * * * *', { protect: true, timezone: 'Asia/Shanghai' }, () =>
    runHousekeeping(db, log).catch((err: unknown) => log.error({ err }, '定时任务失败')));
  // Daily: tomorrow's partition exists a day ahead, so one failed run costs nothing (rows would land in the default
  // partition and move over when their day's partition is created).
  const positions = new Cron('5 0 * * *', { protect: true, timezone: 'Asia/Shanghai' }, () =>
    runPositionMaintenance(db, log, options.positionRetentionDays).catch((err: unknown) => log.error({ err }, '位置分区维护失败')));
  return {
    stop() {
      housekeeping.stop();
      positions.stop();
    },
  };
}
