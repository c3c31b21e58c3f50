// Background jobs: pending transfers that fall due, expired sessions.
import { Cron } from 'croner';
import type { Database } from '@cg/db';
import type { FastifyBaseLogger } from 'fastify';
import { SYSTEM_ACTOR } from './core/context.ts';
import { purgeExpiredSessions } from './modules/auth/auth.service.ts';
import { applyDueTransfers } from './modules/officers/officers.service.ts';

export async function runHousekeeping(db: Database, log: FastifyBaseLogger): Promise<void> {
  const applied = await applyDueTransfers(db, SYSTEM_ACTOR);
  const purged = await purgeExpiredSessions(db);
  if (applied || purged) log.info({ applied, purged }, '定时任务：调动生效、清理过期会话');
}

export function startScheduler(db: Database, log: FastifyBaseLogger): Cron {
  // Every 10 minutes; transfers are dated by day, so this is prompt enough.
  return new Cron('*/10 * * * *', { protect: true, timezone: 'Asia/Shanghai' }, () =>
    runHousekeeping(db, log).catch((err: unknown) => log.error({ err }, '定时任务失败')));
}
