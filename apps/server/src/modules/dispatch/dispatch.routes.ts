import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { FIELD_STEPS, TASK_PRIORITIES, TASK_STATUSES, WANTED_TYPES } from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { pageQuery } from '../../core/pagination.ts';
import { optionalText, uuid, uuidParam } from '../../core/schemas.ts';
import type { TrackingConfig } from '../tracking/tracking.config.ts';
import {
  cancelTask, createTask, dispatchUnits, geocodeAddress, listTasks, myAssignments, recommendUnits, reportFieldStep, taskDetail,
  withdrawAssignment,
} from './dispatch.service.ts';

const tags = ['指挥调度'];
const labels = {
  title: '任务名称', description: '任务说明', priority: '紧急程度', wantedType: '需要的力量', address: '地址', lat: '纬度', lon: '经度',
  sourceIds: '派遣对象', reason: '原因', step: '处置环节', note: '说明', q: '关键词',
};
const lat = (label = '纬度') => z.number({ error: `${label}须为数字` }).min(30.6, '位置须在上海市范围内（纬度30.6～31.9）').max(31.9, '位置须在上海市范围内（纬度30.6～31.9）');
const lon = (label = '经度') => z.number({ error: `${label}须为数字` }).min(120.8, '位置须在上海市范围内（经度120.8～122.2）').max(122.2, '位置须在上海市范围内（经度120.8～122.2）');
const coerced = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), schema);
const reason = z.string({ error: '请填写原因' }).trim().min(2, '原因至少2个字').max(200, '原因不能超过200个字符');

export function dispatchRoutes(db: Database, config: TrackingConfig): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/dispatch/tasks', {
      config: { permission: 'tracking.read', labels },
      schema: {
        tags, summary: '调度任务列表（未结束的在前，紧急的在前）',
        querystring: z.strictObject({
          ...pageQuery,
          unitId: uuid('所属单位').optional(),
          status: z.enum([...TASK_STATUSES, 'open'], { error: '状态不正确' }).optional(),
          q: z.string().trim().max(50, '关键词不能超过50个字符').optional(),
        }),
      },
    }, async (request) => listTasks(db, userOf(request), request.query));

    app.post('/api/dispatch/tasks', {
      config: { permission: 'dispatch.command', labels },
      schema: {
        tags, summary: '新建调度任务（在地图上选点或按地址定位；任务归属位置所在中队）',
        body: z.strictObject({
          title: z.string({ error: '请填写任务名称' }).trim().min(2, '任务名称至少2个字').max(60, '任务名称不能超过60个字符'),
          description: optionalText(500, '任务说明'),
          priority: z.enum(TASK_PRIORITIES, { error: '紧急程度只能是 urgent（紧急）或 normal（一般）' }).default('normal'),
          wantedType: z.enum(WANTED_TYPES, { error: '需要的力量只能是 any、vehicle 或 person' }).default('any'),
          address: optionalText(200, '地址'),
          lat: lat(), lon: lon(),
        }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await createTask(db, user, actorOf(user, request.ip, request.id), request.body));
    });

    app.get('/api/dispatch/tasks/:id', {
      config: { permission: 'tracking.read', labels },
      schema: { tags, summary: '调度任务详情：派遣的单位与处置时间线', params: uuidParam },
    }, async (request) => taskDetail(db, userOf(request), request.params.id));

    app.get('/api/dispatch/recommend', {
      config: { permission: 'dispatch.command', labels },
      schema: {
        tags, summary: '就近推荐可派遣的车辆、人员（在线、空闲、有人在移动端接收），附距离与预计到达时间',
        querystring: z.strictObject({
          lat: coerced(lat()), lon: coerced(lon()),
          type: z.enum(WANTED_TYPES, { error: '类型只能是 any、vehicle 或 person' }).default('any'),
          unitId: uuid('所属单位').optional(),
          limit: z.coerce.number().int().min(1, '推荐数量至少为1').max(50, '推荐数量不能超过50').default(8),
        }),
      },
    }, async (request) => recommendUnits(db, userOf(request), config, request.query));

    app.post('/api/dispatch/tasks/:id/assignments', {
      config: { permission: 'dispatch.command', labels },
      schema: {
        tags, summary: '派遣（一次可派多个单位；任何一个不可派则全部不派并说明原因）', params: uuidParam,
        body: z.strictObject({
          sourceIds: z.array(z.uuid('派遣对象格式不正确'), { error: '请选择派遣对象' }).min(1, '请至少选择一个派遣对象').max(20, '一次最多派遣20个单位')
            .refine((ids) => new Set(ids).size === ids.length, '派遣对象有重复'),
          note: optionalText(200, '说明'),
        }),
      },
    }, async (request) => {
      const user = userOf(request);
      return dispatchUnits(db, user, config, actorOf(user, request.ip, request.id), request.params.id, request.body.sourceIds, request.body.note);
    });

    app.post('/api/dispatch/tasks/:id/assignments/:assignmentId/withdraw', {
      config: { permission: 'dispatch.command', labels },
      schema: {
        tags, summary: '撤回一个已派单位',
        params: z.strictObject({ id: uuid('调度任务'), assignmentId: uuid('派遣记录') }),
        body: z.strictObject({ reason }),
      },
    }, async (request) => {
      const user = userOf(request);
      return withdrawAssignment(db, user, actorOf(user, request.ip, request.id), request.params.id, request.params.assignmentId, request.body.reason);
    });

    app.post('/api/dispatch/tasks/:id/cancel', {
      config: { permission: 'dispatch.command', labels },
      schema: { tags, summary: '撤销调度任务（在途单位收队）', params: uuidParam, body: z.strictObject({ reason }) },
    }, async (request) => {
      const user = userOf(request);
      return cancelTask(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body.reason);
    });

    app.get('/api/dispatch/geocode', {
      config: { permission: 'dispatch.command', labels },
      schema: {
        tags, summary: '地址定位（离线：按单位名称、地址匹配辖区中心，再在地图上细化）',
        querystring: z.strictObject({ q: z.string({ error: '请输入地址' }).trim().min(2, '地址至少2个字').max(100, '地址不能超过100个字符') }),
      },
    }, async (request) => geocodeAddress(db, userOf(request), request.query.q));

    app.get('/api/dispatch/my', {
      config: { permission: 'dispatch.handle', labels },
      schema: { tags, summary: '移动端：派给本人的任务（进行中的，以及24小时内结束的）' },
    }, async (request) => myAssignments(db, userOf(request)));

    app.post('/api/dispatch/my/:id/step', {
      config: { permission: 'dispatch.handle', labels },
      schema: {
        tags, summary: '移动端：接收、到达、完成（可重复提交，重复的不改变任何记录）', params: uuidParam,
        body: z.strictObject({
          step: z.enum(FIELD_STEPS, { error: '处置环节只能是 received（接收）、arrived（到达）或 completed（完成）' }),
          lat: lat().optional(), lon: lon().optional(),
          note: optionalText(500, '说明'),
        }).refine((b) => (b.lat === undefined) === (b.lon === undefined), { message: '经纬度须同时提供', path: ['lon'] }),
      },
    }, async (request) => {
      const user = userOf(request);
      return reportFieldStep(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body);
    });
  };
}
