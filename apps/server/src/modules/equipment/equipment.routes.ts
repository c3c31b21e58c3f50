import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { pageQuery, sortSchema } from '../../core/pagination.ts';
import { attachment, XLSX_MIME } from '../../core/excel.ts';
import { uploadedFile } from '../../core/upload.ts';
import { getUnitInScope } from '../units/units.service.ts';
import { isoDate, uuidParam } from '../../core/schemas.ts';
import { notFound } from '../../core/errors.ts';
import { equipmentIndicators } from './equipment-indicators.ts';
import { equipmentOverview } from './equipment-overview.ts';
import { LABEL_FIELD_LABELS, labelBaseUrl, labelItemsFor, labelsFileName, labelsQuery, renderLabelSheet } from './equipment-labels.ts';
import {
  ITEM_SORT_FIELDS, itemCreateSchema, itemFields, itemFilterFields, itemUpdateSchema, ledgerActionSchema,
} from './equipment.schemas.ts';
import {
  allItems, applyLedgerAction, createItem, itemByAssetTag, itemDetail, itemLedger, listCategories, listItems, updateItem,
} from './equipment.service.ts';
import { exportItemsWorkbook, importItemsWorkbook, itemsExportFileName, itemsTemplateWorkbook, MAX_EXPORT_ROWS } from './equipment-excel.ts';

const tags = ['执法装备库'];
const labels = { model: '型号', status: '装备状态', notes: '备注', location: '存放位置', officerId: '人员' };

export function equipmentRoutes(db: Database, options: { publicUrl?: string } = {}): FastifyPluginAsyncZod {
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

    app.get('/api/equipment/indicators', {
      config: { permission: 'equipment.read' },
      schema: {
        tags, summary: '装备管理考核指标（按单位、统计日；含明细与差距）',
        querystring: z.strictObject({ unitId: z.uuid('单位格式不正确').optional(), asOf: isoDate('统计日').optional() }),
      },
    }, async (request) => equipmentIndicators(db, userOf(request), request.query.unitId, request.query.asOf));

    app.get('/api/equipment/overview', {
      config: { permission: 'equipment.read' },
      schema: {
        tags, summary: '装备概览：类别×状态、下级单位、需关注事项（逾期、无责任人、久修、保修到期）',
        querystring: z.strictObject({ unitId: z.uuid('单位格式不正确').optional() }),
      },
    }, async (request) => equipmentOverview(db, userOf(request), request.query.unitId));

    app.get('/api/equipment/items/export', {
      config: { permission: 'equipment.read' },
      schema: {
        tags, summary: '按当前筛选与排序导出 Excel（不分页）',
        querystring: z.strictObject({ ...itemFilterFields, sort: sortSchema(ITEM_SORT_FIELDS, 'assetTag') }),
      },
    }, async (request, reply) => {
      const rows = await allItems(db, userOf(request), request.query, MAX_EXPORT_ROWS);
      reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('equipment.xlsx', itemsExportFileName()));
      return reply.send(await exportItemsWorkbook(db, rows));
    });

    app.get('/api/equipment/import-template', {
      config: { permission: 'equipment.write' },
      schema: { tags, summary: '下载装备导入模板' },
    }, async (request, reply) => {
      const user = userOf(request);
      const unit = await getUnitInScope(db, user, user.unitId);
      reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('equipment-template.xlsx', '执法装备导入模板.xlsx'));
      return reply.send(await itemsTemplateWorkbook({ unitCode: unit.code, unitName: unit.name }));
    });

    app.post('/api/equipment/items/import', {
      config: { permission: 'equipment.write' },
      schema: {
        tags, summary: 'Excel 导入装备（登记为在库；全部成功或全部不导入）', consumes: ['multipart/form-data'],
        querystring: z.strictObject({ unitId: z.uuid('所属单位格式不正确').optional() }),
      },
    }, async (request) => {
      const user = userOf(request);
      return importItemsWorkbook(db, user, actorOf(user, request.ip, request.id), (await uploadedFile(request, '.xlsx 文件')).content, request.query.unitId);
    });

    app.get('/api/equipment/labels.pdf', {
      config: { permission: 'equipment.read', labels: LABEL_FIELD_LABELS },
      schema: {
        tags, summary: '打印二维码标签（A4 不干胶标签纸 PDF；按 ids 或列表筛选条件）', querystring: labelsQuery,
      },
    }, async (request, reply) => {
      const items = await labelItemsFor(db, userOf(request), request.query);
      const pdf = await renderLabelSheet(items, {
        baseUrl: labelBaseUrl(request, options.publicUrl), layout: request.query.layout, skip: request.query.skip,
      });
      reply.header('content-type', 'application/pdf').header('content-disposition', attachment('equipment-labels.pdf', labelsFileName()));
      return reply.send(pdf);
    });

    app.get('/api/equipment/items/by-tag/:assetTag', {
      config: { permission: 'equipment.read', labels: LABEL_FIELD_LABELS },
      schema: { tags, summary: '按资产编号查装备（扫描标签）', params: z.strictObject({ assetTag: itemFields.assetTag }) },
    }, async (request) => {
      const found = await itemByAssetTag(db, request.params.assetTag);
      if (!found) throw notFound('装备');
      return itemDetail(db, userOf(request), found.id); // 404 as well when outside the caller's scope
    });

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
