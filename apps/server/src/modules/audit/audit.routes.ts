import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shanghaiStartOfDay } from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { pageQuery } from '../../core/pagination.ts';
import { getUnitInScope } from '../units/units.service.ts';
import { listAudit, verifyAuditChain } from './audit.service.ts';

const tags = ['审计日志'];
const DAY_MS = 86_400_000;

/** An ISO 8601 instant, or a calendar day (Shanghai) meaning its start — or, for `to`, the start of the next day. */
const instantOrDate = (label: string, edge: 'start' | 'end') =>
  z.union([
    z.iso.datetime({ offset: true }),
    z.iso.date().transform((d) => new Date(shanghaiStartOfDay(d).getTime() + (edge === 'end' ? DAY_MS : 0)).toISOString()),
  ], { error: `${label}须为 YYYY-MM-DD 或 ISO 8601 时间` });

export function auditRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/audit', {
      config: { permission: 'audit.read' },
      schema: {
        tags, summary: '审计日志（本单位及下级）',
        querystring: z.strictObject({
          ...pageQuery,
          sort: z.enum(['seq', '-seq'], { error: '排序只能是 seq 或 -seq' }).optional(),
          entityType: z.string().max(40).optional(), entityId: z.string().max(64).optional(),
          actor: z.string().max(64).optional(), action: z.string().max(40).optional(),
          from: instantOrDate('开始时间', 'start').optional(),
          to: instantOrDate('结束时间', 'end').optional(),
          unitId: z.uuid('单位格式不正确').optional(),
        }),
      },
    }, async (request) => {
      const user = userOf(request);
      const { unitId, sort, ...q } = request.query;
      const unit = unitId ? await getUnitInScope(db, user, unitId) : null;
      return listAudit(db, user, { ...q, unitPath: unit?.path, ascending: sort === 'seq' });
    });

    app.post('/api/audit/verify', {
      config: { permission: 'audit.verify' },
      schema: { tags, summary: '校验审计链（SHA-256 链式哈希）' },
    }, async () => verifyAuditChain(db));
  };
}
