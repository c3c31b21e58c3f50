import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { maskIdNumber } from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { attachment, XLSX_MIME } from '../../core/excel.ts';
import { uploadedFile } from '../../core/upload.ts';
import { pageQuery, sortSchema } from '../../core/pagination.ts';
import { isoDate, optionalText, uuidParam } from '../../core/schemas.ts';
import { getUnitInScope } from '../units/units.service.ts';
import { exportFileName, exportWorkbook, importWorkbook, MAX_EXPORT_ROWS, templateWorkbook } from './officers-excel.ts';
import {
  OFFICER_SORT_FIELDS, officerCreateSchema, officerFilterFields, officerUpdateSchema,
} from './officers.schemas.ts';
import {
  allOfficers, cancelTransfer, confirmOfficer, createOfficer, createTransfer, listOfficers, listTransfers, officerDetail,
  officerHistory, qualitySummary, updateOfficer,
} from './officers.service.ts';

const tags = ['执法人员库'];

export function officerRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/officers', {
      config: { permission: 'officer.read' },
      schema: {
        tags, summary: '人员列表（本单位及下级）',
        querystring: z.strictObject({ ...pageQuery, sort: sortSchema(OFFICER_SORT_FIELDS, 'name'), ...officerFilterFields }),
      },
    }, async (request) => {
      return listOfficers(db, userOf(request), request.query);
    });

    app.get('/api/officers/export', {
      config: { permission: 'officer.export' },
      schema: {
        tags, summary: '按当前筛选与排序导出 Excel（不分页）',
        querystring: z.strictObject({ ...officerFilterFields, sort: sortSchema(OFFICER_SORT_FIELDS, 'unitName') }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      const rows = await allOfficers(db, user, request.query, MAX_EXPORT_ROWS);
      const canSee = user.permissions.includes('officer.sensitive');
      const buffer = await exportWorkbook(rows, canSee ? (v) => v : maskIdNumber);
      reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('officers.xlsx', exportFileName()));
      return reply.send(buffer);
    });

    app.get('/api/officers/import-template', {
      config: { permission: 'officer.import' },
      schema: { tags, summary: '下载导入模板' },
    }, async (request, reply) => {
      const user = userOf(request);
      const unit = await getUnitInScope(db, user, user.unitId);
      reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('officers-template.xlsx', '执法人员导入模板.xlsx'));
      return reply.send(await templateWorkbook({ unitCode: unit.code, unitName: unit.name }));
    });

    app.post('/api/officers/import', {
      config: { permission: 'officer.import' },
      schema: {
        tags, summary: 'Excel 导入（全部成功或全部不导入）', consumes: ['multipart/form-data'],
        querystring: z.strictObject({ unitId: z.uuid('所属单位格式不正确').optional() }),
      },
    }, async (request) => {
      const user = userOf(request);
      const { content: buffer } = await uploadedFile(request, '.xlsx 文件');
      return importWorkbook(db, user, actorOf(user, request.ip, request.id), buffer, request.query.unitId);
    });

    app.get('/api/officers/quality', {
      config: { permission: 'officer.read' },
      schema: { tags, summary: '数据质量（完整性、准确性、及时性）', querystring: z.strictObject({ unitId: z.uuid('所属单位格式不正确').optional() }) },
    }, async (request) => qualitySummary(db, userOf(request), request.query.unitId));

    app.get('/api/officers/:id', {
      config: { permission: 'officer.read' },
      schema: { tags, summary: '人员详情', params: uuidParam },
    }, async (request) => officerDetail(db, userOf(request), request.params.id));

    app.post('/api/officers', {
      config: { permission: 'officer.write' },
      schema: { tags, summary: '新增人员', body: officerCreateSchema },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await createOfficer(db, user, actorOf(user, request.ip, request.id), request.body));
    });

    app.patch('/api/officers/:id', {
      config: { permission: 'officer.write' },
      schema: { tags, summary: '修改人员信息（调动请用调动接口）', params: uuidParam, body: officerUpdateSchema },
    }, async (request) => {
      const user = userOf(request);
      return updateOfficer(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body);
    });

    app.post('/api/officers/:id/confirm', {
      config: { permission: 'officer.write' },
      schema: { tags, summary: '确认人员信息（本季度已核对）', params: uuidParam },
    }, async (request) => {
      const user = userOf(request);
      return confirmOfficer(db, user, actorOf(user, request.ip, request.id), request.params.id);
    });

    app.get('/api/officers/:id/transfers', {
      config: { permission: 'officer.read' },
      schema: { tags, summary: '调动记录', params: uuidParam },
    }, async (request) => listTransfers(db, userOf(request), request.params.id));

    app.post('/api/officers/:id/transfers', {
      config: { permission: 'officer.transfer' },
      schema: {
        tags, summary: '登记调动（生效日期不晚于今天则立即生效）', params: uuidParam,
        body: z.strictObject({
          toUnitId: z.uuid('调入单位格式不正确'),
          effectiveDate: isoDate('生效日期'),
          reason: optionalText(200, '原因'),
        }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await createTransfer(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body));
    });

    app.post('/api/officers/:id/transfers/:transferId/cancel', {
      config: { permission: 'officer.transfer' },
      schema: { tags, summary: '撤销待生效的调动', params: z.strictObject({ id: z.uuid('编号格式不正确'), transferId: z.uuid('调动编号格式不正确') }) },
    }, async (request, reply) => {
      const user = userOf(request);
      await cancelTransfer(db, user, actorOf(user, request.ip, request.id), request.params.id, request.params.transferId);
      return reply.status(204).send();
    });

    app.get('/api/officers/:id/history', {
      config: { permission: 'officer.read' },
      schema: { tags, summary: '变更历史（谁、何时、改前改后）', params: uuidParam },
    }, async (request) => officerHistory(db, userOf(request), request.params.id));
  };
}
