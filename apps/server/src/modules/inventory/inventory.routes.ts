import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assetTagProblem, normalizeAssetTag, quarterOf } from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { optionalText, uuidParam } from '../../core/schemas.ts';
import { closeRound, countItem, listRounds, roundDetail, roundsDue, startRound, uncountItem } from './inventory.service.ts';

const tags = ['装备清点'];
const year = z.coerce.number().int().min(2018, '年份须不早于2018').max(2100, '年份不正确');
const quarter = z.coerce.number().int().min(1, '季度须为1–4').max(4, '季度须为1–4');

export function inventoryRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/inventory/rounds', {
      config: { permission: 'equipment.read' },
      schema: {
        tags, summary: '清点任务列表',
        querystring: z.strictObject({
          unitId: z.uuid('单位格式不正确').optional(), year: year.optional(), quarter: quarter.optional(),
          status: z.enum(['counting', 'closed'], { error: '状态只能是 counting 或 closed' }).optional(),
        }),
      },
    }, async (request) => listRounds(db, userOf(request), request.query));

    app.get('/api/inventory/due', {
      config: { permission: 'equipment.read' },
      schema: { tags, summary: '本季度尚未完成清点的中队（提醒）', querystring: z.strictObject({ year: year.optional(), quarter: quarter.optional() }) },
    }, async (request) => {
      const q = quarterOf(new Date());
      return roundsDue(db, userOf(request), request.query.year ?? q.year, request.query.quarter ?? q.quarter);
    });

    app.post('/api/inventory/rounds', {
      config: { permission: 'equipment.write' },
      schema: {
        tags, summary: '开始季度清点（以当前台账为应有清单）',
        body: z.strictObject({ unitId: z.uuid('单位格式不正确'), year: year.optional(), quarter: quarter.optional() }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      const { unitId, year: y, quarter: q } = request.body;
      return reply.status(201).send(await startRound(db, user, actorOf(user, request.ip, request.id), { unitId, year: y, quarter: q as 1 | 2 | 3 | 4 | undefined }));
    });

    app.get('/api/inventory/rounds/:id', {
      config: { permission: 'equipment.read' },
      schema: { tags, summary: '清点详情（应有、已清点、账外、持有人不符）', params: uuidParam },
    }, async (request) => roundDetail(db, userOf(request), request.params.id));

    app.post('/api/inventory/rounds/:id/count', {
      config: { permission: 'equipment.count' },
      schema: {
        tags, summary: '登记清点到的装备（扫码或勾选）', params: uuidParam,
        body: z.strictObject({
          assetTag: z.string({ error: '请提供资产编号' }).transform(normalizeAssetTag).superRefine((v, ctx) => {
            const p = assetTagProblem(v);
            if (p) ctx.addIssue({ code: 'custom', message: p });
          }),
          method: z.enum(['scan', 'tick'], { error: '清点方式只能是 scan 或 tick' }),
          holderOfficerId: z.uuid('持有人格式不正确').optional(),
          location: optionalText(100, '存放位置'),
          note: optionalText(200, '说明'),
        }),
      },
    }, async (request) => {
      const user = userOf(request);
      return countItem(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body);
    });

    app.delete('/api/inventory/rounds/:id/count/:assetTag', {
      config: { permission: 'equipment.count' },
      schema: {
        tags, summary: '撤销一条清点登记（扫错、勾错）',
        params: z.strictObject({ id: z.uuid('清点任务格式不正确'), assetTag: z.string().transform(normalizeAssetTag) }),
      },
    }, async (request) => {
      const user = userOf(request);
      return uncountItem(db, user, actorOf(user, request.ip, request.id), request.params.id, request.params.assetTag);
    });

    app.post('/api/inventory/rounds/:id/close', {
      config: { permission: 'equipment.write' },
      schema: { tags, summary: '关闭清点并将结果更新到执法装备库（中队长）', params: uuidParam, body: z.strictObject({ note: optionalText(200, '说明') }).optional() },
    }, async (request) => {
      const user = userOf(request);
      return closeRound(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body?.note);
    });
  };
}
