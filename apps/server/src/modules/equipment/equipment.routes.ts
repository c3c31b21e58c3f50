import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { pageQuery, sortSchema } from '../../core/pagination.ts';
import { uuidParam } from '../../core/schemas.ts';
import {
  ITEM_SORT_FIELDS, itemCreateSchema, itemFilterFields, itemUpdateSchema, ledgerActionSchema,
} from './equipment.schemas.ts';
import { applyLedgerAction, createItem, itemDetail, itemLedger, listCategories, listItems, updateItem } from './equipment.service.ts';

const tags = ['执法装备库'];
const labels = { model: '型号', status: '装备状态', notes: '备注', location: '存放位置', officerId: '人员' };

export function equipmentRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/equipment/categories', {
      config: { permission: 'equipment.read' },
      schema: { tags, summary: '装备类别及其性能属性定义' },
    }, async () => listCategories(db));

    app.get('/api/equipment/items', {
      config: { permission: 'equipment.read', labels },
      schema: {
        tags, summary: '装备列表（本单位及下级）',
        querystring: z.strictObject({ ...pageQuery, sort: sortSchema(ITEM_SORT_FIELDS, 'assetTag'), ...itemFilterFields }),
      },
    }, async (request) => listItems(db, userOf(request), request.query));

    app.get('/api/equipment/items/:id', {
      config: { permission: 'equipment.read' },
      schema: { tags, summary: '装备详情', params: uuidParam },
    }, async (request) => itemDetail(db, userOf(request), request.params.id));

    app.post('/api/equipment/items', {
      config: { permission: 'equipment.write', labels },
      schema: { tags, summary: '登记装备（入库）', body: itemCreateSchema },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await createItem(db, user, actorOf(user, request.ip, request.id), request.body));
    });

    app.patch('/api/equipment/items/:id', {
      config: { permission: 'equipment.write', labels },
      schema: { tags, summary: '修改装备信息（状态与持有人通过台账变更）', params: uuidParam, body: itemUpdateSchema },
    }, async (request) => {
      const user = userOf(request);
      return updateItem(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body);
    });

    app.get('/api/equipment/items/:id/ledger', {
      config: { permission: 'equipment.read' },
      schema: { tags, summary: '装备台账（全部流转记录）', params: uuidParam },
    }, async (request) => itemLedger(db, userOf(request), request.params.id));

    app.post('/api/equipment/items/:id/ledger', {
      config: { permission: 'equipment.write', labels },
      schema: {
        tags, summary: '台账操作：配发、收回、借用、归还、故障、送修、修复、保养、报废、遗失、找回、调拨',
        params: uuidParam, body: ledgerActionSchema,
      },
    }, async (request) => {
      const user = userOf(request);
      return applyLedgerAction(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body);
    });
  };
}
