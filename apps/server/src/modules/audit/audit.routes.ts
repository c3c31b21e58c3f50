import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { pageQuery } from '../../core/pagination.ts';
import { getUnitInScope } from '../units/units.service.ts';
import { listAudit, verifyAuditChain } from './audit.service.ts';

const tags = ['审计日志'];

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
          from: z.iso.datetime({ offset: true, error: '开始时间须为 ISO 8601 时间' }).optional(),
          to: z.iso.datetime({ offset: true, error: '结束时间须为 ISO 8601 时间' }).optional(),
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
