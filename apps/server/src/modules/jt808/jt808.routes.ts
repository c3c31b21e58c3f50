import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { pageQuery } from '../../core/pagination.ts';
import { uuid } from '../../core/schemas.ts';
import { listJt808Terminals } from './jt808.service.ts';

const tags = ['北斗定位'];

export function jt808Routes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    // Read-only directory for the terminal simulator (and operators): what the gateway would accept, where.
    app.get('/api/jt808/terminals', {
      config: { permission: 'equipment.read' },
      schema: {
        tags, summary: '北斗终端目录（终端手机号、协议版本、所属单位及辖区范围）',
        querystring: z.strictObject({
          ...pageQuery,
          unitId: uuid('单位').optional(),
          installed: z.enum(['true', 'false'], { error: 'installed 只能为 true 或 false' }).optional(),
        }),
      },
    }, async (request) => {
      const q = request.query;
      return listJt808Terminals(db, userOf(request), {
        page: q.page, pageSize: q.pageSize, unitId: q.unitId, installed: q.installed === 'true',
      });
    });
  };
}
