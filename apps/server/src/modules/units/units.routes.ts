import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { UNIT_KINDS, unitCodeProblem } from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { pageQuery, sortSchema } from '../../core/pagination.ts';
import { optionalText, uuid, uuidParam } from '../../core/schemas.ts';
import {
  ancestorsOf, createUnit, exportJurisdictions, importJurisdictions, listUnits, locateSquadron, unitDetail, unitTree, updateUnit,
} from './units.service.ts';

const labels = { name: '单位名称', kind: '单位类型', code: '单位编码' };
const kindSchema = z.enum(UNIT_KINDS, { error: `单位类型只能是：${UNIT_KINDS.join('、')}` });

export function unitRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/units/tree', {
      config: { permission: 'unit.read' },
      schema: { tags: ['组织机构'], summary: '本单位及下级单位树（含人员数）' },
    }, async (request) => unitTree(db, userOf(request)));

    app.get('/api/units', {
      config: { permission: 'unit.read', labels },
      schema: {
        tags: ['组织机构'], summary: '单位列表',
        querystring: z.strictObject({
          ...pageQuery, sort: sortSchema(['code', 'name', 'kind'] as const, 'code'),
          q: z.string().trim().max(50).optional(), kind: kindSchema.optional(),
          parentId: uuid('上级单位').optional(), rootId: uuid('根单位').optional(),
        }),
      },
    }, async (request) => {
      return listUnits(db, userOf(request), request.query);
    });

    app.get('/api/units/geojson', {
      config: { permission: 'unit.read' },
      schema: { tags: ['组织机构'], summary: '导出辖区 GeoJSON', querystring: z.strictObject({ rootId: uuid('根单位').optional(), download: z.enum(['0', '1']).optional() }) },
    }, async (request, reply) => {
      const fc = await exportJurisdictions(db, userOf(request), request.query.rootId);
      if (request.query.download === '1') {
        reply.header('content-disposition', `attachment; filename="jurisdictions.geojson"`);
      }
      return fc;
    });

    app.post('/api/units/geojson', {
      config: { permission: 'unit.write' },
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags: ['组织机构'], summary: '导入辖区 GeoJSON（按 properties.code 匹配单位，全部成功或全部不导入）',
        body: z.object({
          type: z.literal('FeatureCollection', { error: 'GeoJSON 须为 FeatureCollection' }),
          features: z.array(z.object({
            type: z.literal('Feature', { error: '要素类型须为 Feature' }),
            properties: z.record(z.string(), z.unknown()).nullable(),
            geometry: z.unknown(),
          }).loose()).min(1, '至少需要一个要素').max(5000, '一次最多导入5000个要素'),
        }).loose(),
      },
    }, async (request) => importJurisdictions(db, userOf(request), actorOf(userOf(request), request.ip, request.id), request.body.features));

    app.get('/api/units/locate', {
      config: { permission: 'unit.read' },
      schema: {
        tags: ['组织机构'], summary: '按坐标查询所属中队',
        querystring: z.strictObject({
          lon: z.coerce.number().min(73, '经度超出范围').max(136, '经度超出范围'),
          lat: z.coerce.number().min(3, '纬度超出范围').max(54, '纬度超出范围'),
        }),
      },
    }, async (request) => {
      const user = userOf(request);
      const unit = await locateSquadron(db, request.query.lon, request.query.lat);
      if (!unit || !unit.path.startsWith(user.unitPath)) {
        throw new AppError(404, 'NOT_IN_JURISDICTION', '该位置不在您管辖范围内任何中队的辖区内');
      }
      return { unit, ancestors: await ancestorsOf(db, unit) };
    });

    app.get('/api/units/:id', {
      config: { permission: 'unit.read' },
      schema: { tags: ['组织机构'], summary: '单位详情（含辖区）', params: uuidParam },
    }, async (request) => unitDetail(db, userOf(request), request.params.id));

    app.post('/api/units', {
      config: { permission: 'unit.write', labels },
      schema: {
        tags: ['组织机构'], summary: '新增下级单位',
        body: z.strictObject({
          parentId: uuid('上级单位'),
          code: z.string().trim().superRefine((v, ctx) => {
            const p = unitCodeProblem(v);
            if (p) ctx.addIssue({ code: 'custom', message: p });
          }),
          name: z.string().trim().min(2, '单位名称至少2个字').max(60, '单位名称不能超过60个字'),
          shortName: z.string().trim().max(20).optional(),
          kind: kindSchema,
          contactPerson: z.string().trim().max(30).optional(),
          contactPhone: z.string().trim().max(30).optional(),
          address: z.string().trim().max(200).optional(),
        }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      const unit = await createUnit(db, user, actorOf(user, request.ip, request.id), request.body);
      return reply.status(201).send(unit);
    });

    app.patch('/api/units/:id', {
      config: { permission: 'unit.write', labels },
      schema: {
        tags: ['组织机构'], summary: '修改单位信息', params: uuidParam,
        body: z.strictObject({
          version: z.number().int().positive(),
          name: z.string().trim().min(2, '单位名称至少2个字').max(60, '单位名称不能超过60个字').optional(),
          shortName: optionalText(20, '简称'),
          contactPerson: optionalText(30, '联系人'),
          contactPhone: optionalText(30, '联系电话'),
          address: optionalText(200, '地址'),
        }),
      },
    }, async (request) => {
      const user = userOf(request);
      const body = Object.fromEntries(Object.entries(request.body).filter(([, v]) => v !== undefined)) as typeof request.body;
      return updateUnit(db, user, actorOf(user, request.ip, request.id), request.params.id, body);
    });
  };
}
