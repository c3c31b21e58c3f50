// 装备类别维护 (city admin): create, edit, 停用/启用; plus item counts per category for the catalogue page.
// zod checks the request's shape; the definition rules (keys, types, patterns, built-in locks) are @cg/domain's.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CATEGORY_LIMITS, EQUIPMENT_GROUPS } from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { uuidParam } from '../../core/schemas.ts';
import {
  categoryItemCounts, createCategory, setCategoryActive, updateCategory,
} from './equipment-categories.service.ts';

const tags = ['执法装备库'];
const labels = { code: '类别编码', name: '类别名称', group: '装备分组', perOfficer: '按人配发', attributes: '性能属性' };

const fields = {
  name: z.string({ error: '类别名称须为文本' }).max(100, '类别名称过长'),
  group: z.enum(EQUIPMENT_GROUPS, { error: `装备分组只能是：${EQUIPMENT_GROUPS.join('、')}` }),
  perOfficer: z.boolean({ error: '按人配发须为是或否' }),
  // Each entry is checked by categoryDraftProblems, which names the attribute and the setting.
  attributes: z.array(z.unknown(), { error: '性能属性定义须为列表' })
    .max(CATEGORY_LIMITS.attributes, `一个类别最多${CATEGORY_LIMITS.attributes}个性能属性`),
};

const categoryCreateSchema = z.strictObject({
  code: z.string({ error: '类别编码须为文本' }).max(100, '类别编码过长'),
  name: fields.name,
  group: fields.group,
  perOfficer: fields.perOfficer.default(false),
  attributes: fields.attributes.default([]),
});

const categoryUpdateSchema = z.strictObject({
  version: z.number({ error: '缺少版本号' }).int().positive(),
  name: fields.name.optional(),
  group: fields.group.optional(),
  perOfficer: fields.perOfficer.optional(),
  attributes: fields.attributes.optional(),
});

export function equipmentCategoryRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/equipment/categories/item-counts', {
      config: { permission: 'equipment.read' },
      schema: { tags, summary: '各装备类别的装备数（本单位及下级，含各状态）' },
    }, async (request) => categoryItemCounts(db, userOf(request)));

    app.post('/api/equipment/categories', {
      config: { permission: 'equipment.category', labels },
      schema: { tags, summary: '新增装备类别（含性能属性定义）', body: categoryCreateSchema },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await createCategory(db, actorOf(user, request.ip, request.id), request.body));
    });

    app.patch('/api/equipment/categories/:id', {
      config: { permission: 'equipment.category', labels },
      schema: {
        tags, summary: '修改装备类别：名称、分组、按人配发、性能属性（内置属性不可删除或改类型；已有装备时受限）',
        params: uuidParam, body: categoryUpdateSchema,
      },
    }, async (request) => {
      const user = userOf(request);
      return updateCategory(db, actorOf(user, request.ip, request.id), request.params.id, request.body);
    });

    app.post('/api/equipment/categories/:id/deactivate', {
      config: { permission: 'equipment.category' },
      schema: { tags, summary: '停用装备类别（不能再登记新装备，已有装备不受影响）', params: uuidParam },
    }, async (request) => {
      const user = userOf(request);
      return setCategoryActive(db, actorOf(user, request.ip, request.id), request.params.id, false);
    });

    app.post('/api/equipment/categories/:id/activate', {
      config: { permission: 'equipment.category' },
      schema: { tags, summary: '重新启用装备类别', params: uuidParam },
    }, async (request) => {
      const user = userOf(request);
      return setCategoryActive(db, actorOf(user, request.ip, request.id), request.params.id, true);
    });
  };
}
