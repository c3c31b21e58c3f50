import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shanghaiParts } from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { pageQuery, sortSchema } from '../../core/pagination.ts';
import { isoDate, optionalText, uuid, uuidParam } from '../../core/schemas.ts';
import {
  categoryTree, complaintDetail, COMPLAINT_SOURCES, COMPLAINT_STATUSES, createComplaint, duplicatesFor, intakeExternal, listCalendar,
  listComplaints, removeCalendarDay, setCalendarDay, type Clock,
} from './complaints.service.ts';
import { complaintIndicators } from './complaint-indicators.service.ts';

export const tags = ['诉件处置'];
export const labels = {
  categoryId: '诉件类别', categoryCode: '诉件类别编码', description: '诉件内容', address: '地址', lat: '纬度', lon: '经度',
  reporterName: '诉求人姓名', reporterPhone: '诉求人电话', receivedAt: '受理时间', unitId: '承办中队', source: '来源',
  externalSystem: '来源系统', externalNo: '工单号', status: '状态', overdue: '是否超期', q: '关键词', receivedFrom: '受理日期起',
  receivedTo: '受理日期止', year: '年份', date: '日期', kind: '日期类型', name: '名称', includeInactive: '含停用类别',
};
const SHANGHAI_BOX = '位置须在上海市范围内（纬度30.6～31.9，经度120.8～122.2）';
export const lat = () => z.number({ error: '纬度须为数字' }).min(30.6, SHANGHAI_BOX).max(31.9, SHANGHAI_BOX);
export const lon = () => z.number({ error: '经度须为数字' }).min(120.8, SHANGHAI_BOX).max(122.2, SHANGHAI_BOX);
const coerced = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), schema);
export const categoryCode = z.string({ error: '诉件类别编码须为文字' }).trim().min(1, '请填写诉件类别编码').max(20, '诉件类别编码不能超过20个字符');
export const hasCategory = (b: { categoryId?: string; categoryCode?: string }) => (b.categoryId === undefined) !== (b.categoryCode === undefined);
export const categoryRule = { message: '请提供诉件类别：categoryCode 或 categoryId 二选一', path: ['categoryCode'] };

export const complaintFields = {
  categoryId: uuid('诉件类别').optional(),
  categoryCode: categoryCode.optional(),
  description: z.string({ error: '请填写诉件内容' }).trim().min(2, '诉件内容至少2个字').max(2000, '诉件内容不能超过2000个字符'),
  address: optionalText(200, '地址'),
  lat: lat(), lon: lon(),
  reporterName: optionalText(30, '诉求人姓名'),
  reporterPhone: z.string({ error: '诉求人电话须为文字' }).trim().regex(/^[0-9+\-() ]{5,20}$/, '诉求人电话格式不正确（5～20位数字，可含+、-、括号、空格）').nullish(),
  receivedAt: z.iso.datetime({ offset: true, error: '受理时间须为带时区的 ISO 8601 时间' }).optional(),
};

const dayParam = z.strictObject({ date: isoDate('日期') });

export function complaintRoutes(db: Database, options: { now?: Clock } = {}): FastifyPluginAsyncZod {
  const now = options.now ?? (() => new Date());
  return async (app) => {
    app.get('/api/complaints/categories', {
      config: { permission: 'complaint.read', labels },
      schema: {
        tags, summary: '诉件类别树（大类／小类）及首次联系、处置时限',
        querystring: z.strictObject({ includeInactive: z.enum(['true', 'false'], { error: '含停用类别只能是 true 或 false' }).optional() }),
      },
    }, async (request) => ({ items: await categoryTree(db, request.query.includeInactive === 'true') }));

    app.get('/api/complaints/calendar', {
      config: { permission: 'complaint.read', labels },
      schema: {
        tags, summary: '工作日历：某年的节假日与调休上班日（未列出的日期按周一至周五上班）',
        querystring: z.strictObject({ year: z.coerce.number({ error: '年份须为数字' }).int('年份须为整数').min(2000, '年份不能早于2000').max(2100, '年份不能晚于2100').optional() }),
      },
    }, async (request) => listCalendar(db, request.query.year ?? shanghaiParts(now()).year));

    app.put('/api/complaints/calendar/:date', {
      config: { permission: 'complaint.config', labels },
      schema: {
        tags, summary: '设置一天为节假日或调休上班日（已设置的则修改）；之后受理的诉件按新日历计算时限', params: dayParam,
        body: z.strictObject({
          kind: z.enum(['holiday', 'workday'], { error: '日期类型只能是 holiday（放假）或 workday（调休上班）' }),
          name: z.string({ error: '请填写名称' }).trim().min(1, '请填写名称，如“国庆节”').max(20, '名称不能超过20个字符'),
        }),
      },
    }, async (request) => {
      const user = userOf(request);
      return setCalendarDay(db, actorOf(user, request.ip, request.id), request.params.date, request.body);
    });

    app.delete('/api/complaints/calendar/:date', {
      config: { permission: 'complaint.config', labels },
      schema: { tags, summary: '删除一天的设置（恢复按周一至周五上班）', params: dayParam },
    }, async (request) => {
      const user = userOf(request);
      return removeCalendarDay(db, actorOf(user, request.ip, request.id), request.params.date);
    });

    app.get('/api/complaints/duplicates', {
      config: { permission: 'complaint.read', labels },
      schema: {
        tags, summary: '疑似重复诉件：同一小类、50米内、未办结或30天内办结的',
        querystring: z.strictObject({
          lat: coerced(lat()), lon: coerced(lon()), categoryId: uuid('诉件类别').optional(), categoryCode: categoryCode.optional(),
        }).refine(hasCategory, categoryRule),
      },
    }, async (request) => duplicatesFor(db, userOf(request), request.query, now()));

    app.get('/api/complaints', {
      config: { permission: 'complaint.read', labels },
      schema: {
        tags, summary: '诉件列表（本单位及下级；诉求人电话打码）',
        querystring: z.strictObject({
          ...pageQuery,
          unitId: uuid('承办单位').optional(),
          status: z.enum([...COMPLAINT_STATUSES, 'open'], { error: `状态只能是 open 或 ${COMPLAINT_STATUSES.join('、')}` }).optional(),
          categoryId: uuid('诉件类别').optional(),
          source: z.enum(COMPLAINT_SOURCES, { error: `来源只能是 ${COMPLAINT_SOURCES.join('、')}` }).optional(),
          overdue: z.enum(['true', 'false'], { error: '是否超期只能是 true 或 false' }).transform((v) => v === 'true').optional(),
          q: z.string().trim().max(50, '关键词不能超过50个字符').optional(),
          receivedFrom: isoDate('受理日期起').optional(),
          receivedTo: isoDate('受理日期止').optional(),
          sort: sortSchema(['receivedAt', 'dueAt'] as const, '-receivedAt'),
        }).refine((q) => !q.receivedFrom || !q.receivedTo || q.receivedFrom <= q.receivedTo, { message: '受理日期起不能晚于受理日期止', path: ['receivedTo'] }),
      },
    }, async (request) => listComplaints(db, userOf(request), request.query, now()));

    app.get('/api/complaints/indicators', {
      config: { permission: 'complaint.read', labels: { ...labels, from: '开始日期', to: '结束日期' } },
      schema: {
        tags, summary: '诉件考核指标（按单位及下级、按期间）：按时处置率、重办退回率、一事一档完整率，各附所依据的诉件',
        querystring: z.strictObject({ unitId: uuid('单位').optional(), from: isoDate('开始日期'), to: isoDate('结束日期') }),
      },
    }, async (request) => complaintIndicators(db, userOf(request), request.query, now()));

    app.get('/api/complaints/:id', {
      config: { permission: 'complaint.read', labels },
      schema: { tags, summary: '诉件详情与时间线', params: uuidParam },
    }, async (request) => complaintDetail(db, userOf(request), request.params.id, now()));

    app.post('/api/complaints', {
      config: { permission: 'complaint.write', labels },
      schema: {
        tags, summary: '受理诉件（窗口、电话）：按位置派往所在辖区的中队；位置不在任何辖区时可指定承办中队。返回时限和疑似重复诉件',
        body: z.strictObject({ ...complaintFields, unitId: uuid('承办中队').optional() }).refine(hasCategory, categoryRule),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await createComplaint(db, user, actorOf(user, request.ip, request.id), request.body, now()));
    });

    app.post('/api/complaints/intake', {
      config: { permission: 'complaint.intake', labels },
      schema: {
        tags, summary: '外部系统推送诉件（12345等）：按工单号幂等，同一工单号再次推送返回已受理的诉件（200），内容不同则409',
        body: z.strictObject({
          ...complaintFields,
          source: z.enum(['12345', 'other'], { error: '来源只能是 12345 或 other' }),
          externalSystem: z.string({ error: '来源系统须为文字' }).trim().min(2, '来源系统至少2个字').max(30, '来源系统不能超过30个字符').optional(),
          externalNo: z.string({ error: '请填写工单号' }).trim().min(1, '请填写工单号').max(64, '工单号不能超过64个字符')
            .regex(/^[A-Za-z0-9_\-./]+$/, '工单号只能包含字母、数字和 _ - . /'),
        }).refine(hasCategory, categoryRule)
          .refine((b) => b.source === '12345' ? b.externalSystem === undefined || b.externalSystem === '12345' : b.externalSystem !== undefined && b.externalSystem !== '12345',
            { message: '来源为 other 时须填写来源系统名称（不能是12345）；来源为 12345 时无需填写', path: ['externalSystem'] }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      const { status, body } = await intakeExternal(db, user, actorOf(user, request.ip, request.id), request.body, now());
      return reply.status(status).send(body);
    });
  };
}
