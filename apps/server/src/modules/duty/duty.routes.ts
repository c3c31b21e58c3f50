import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CHECKIN_EARLY_MINUTES, CHECKOUT_LATE_MINUTES, dateRangeProblem, DUTY_MEMBER_ROLES, DUTY_PLAN_STATUSES, DUTY_PUBLISH_CUTOFF, LEAVE_KINDS, LEAVE_STATUSES,
  MAX_DUTY_PHOTO_BYTES, MAX_PHOTOS_PER_LOG_ENTRY, plusDays, shanghaiDate, type CheckinKind,
} from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { invalid } from '../../core/errors.ts';
import { attachment, XLSX_MIME } from '../../core/excel.ts';
import { idempotencyKeyOf } from '../../core/idempotency.ts';
import { isoDate, optionalText, uuid, uuidParam } from '../../core/schemas.ts';
import { uploadedPhoto } from '../../core/upload.ts';
import {
  addLogPhoto, cancelLeave, createLogEntry, decideLeave, listLeaves, logPhoto, myLeaves, myToday, recordCheckin, requestLeave,
} from './duty-field.service.ts';
import { officerFile, officerFileWorkbook } from './duty-file.service.ts';
import { dutyIndicators } from './duty-indicators.ts';
import {
  addShift, copyPlan, createPlan, deletePlan, deleteShift, listPlans, MAX_PLAN_DAYS_AHEAD, planDetail, publishPlan, updatePlanNote, updateShift, type Clock,
} from './duty.service.ts';

const tags = ['勤务管理'];
const MAX_PLAN_LIST_DAYS = 62;
const labels = {
  unitId: '中队', date: '计划日期', fromDate: '开始日期', toDate: '结束日期', note: '备注', version: '版本', name: '班次名称',
  startsAt: '开始时间', endsAt: '结束时间', area: '巡查区域', areaName: '区域名称', patrolRoute: '巡逻路线', members: '人员',
  officerId: '执法人员', role: '角色', vehicleIds: '车辆', lat: '纬度', lon: '经度', accuracyM: '定位精度', at: '时间', text: '日志内容',
  shiftId: '班次', kind: '类型', reason: '事由', decision: '审批结果', status: '状态', from: '开始日期', to: '结束日期',
};
const SHANGHAI_BOX = '位置须在上海市范围内（纬度30.6～31.9，经度120.8～122.2）';
const lat = () => z.number({ error: '纬度须为数字' }).min(30.6, SHANGHAI_BOX).max(31.9, SHANGHAI_BOX);
const lon = () => z.number({ error: '经度须为数字' }).min(120.8, SHANGHAI_BOX).max(122.2, SHANGHAI_BOX);
const datetime = (label: string) => z.iso.datetime({ offset: true, error: `${label}须为带时区的 ISO 8601 时间` });
const point = z.tuple([z.number({ error: '经度须为数字' }), z.number({ error: '纬度须为数字' })], { error: '坐标应为[经度, 纬度]' });
const unique = <T>(items: T[]) => new Set(items).size === items.length;

const shiftBody = z.strictObject({
  name: z.string({ error: '请填写班次名称' }).trim().min(1, '请填写班次名称，如“早班”').max(20, '班次名称不能超过20个字符'),
  startsAt: datetime('开始时间'),
  endsAt: datetime('结束时间'),
  area: z.array(point, { error: '巡查区域应为坐标数组 [[经度, 纬度], …]' }).nullish(),
  areaName: optionalText(40, '区域名称'),
  patrolRoute: z.array(point, { error: '巡逻路线应为坐标数组 [[经度, 纬度], …]' }).nullish(),
  note: optionalText(200, '备注'),
  members: z.array(z.strictObject({
    officerId: uuid('执法人员'),
    role: z.enum(DUTY_MEMBER_ROLES, { error: '角色只能是 leader（带班）或 member（队员）' }).default('member'),
  }), { error: '人员应为数组' }).max(50, '一个班次最多50人').default([])
    .refine((ms) => unique(ms.map((m) => m.officerId)), '人员有重复'),
  vehicleIds: z.array(uuid('车辆'), { error: '车辆应为数组' }).max(10, '一个班次最多10辆车').default([]).refine(unique, '车辆有重复'),
});

const checkinBody = z.strictObject({
  lat: lat(), lon: lon(),
  accuracyM: z.number({ error: '定位精度须为数字' }).min(0, '定位精度不能为负').max(100_000, '定位精度不能超过100公里').optional(),
  at: datetime('时间').optional(),
});

const rangeQuery = {
  from: isoDate('开始日期').optional(),
  to: isoDate('结束日期').optional(),
};
const ordered = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;
const orderRule = { message: '开始日期不能晚于结束日期', path: ['to'] };

export function dutyRoutes(db: Database, options: { now?: Clock } = {}): FastifyPluginAsyncZod {
  const now = options.now ?? (() => new Date());
  return async (app) => {
    // ---- plans (勤务计划) ----------------------------------------------------------------------------------------

    app.get('/api/duty/plans', {
      config: { permission: 'duty.read', labels },
      schema: {
        tags, summary: '勤务计划列表：本单位及下级中队在日期范围内的计划（默认今天起7天，最长62天），含班次数、人数与发布时效'
          + `（计划日前一天${DUTY_PUBLISH_CUTOFF.hour}:00前发布为按时）`,
        querystring: z.strictObject({
          unitId: uuid('单位').optional(), ...rangeQuery,
          status: z.enum(DUTY_PLAN_STATUSES, { error: '状态只能是 draft（草稿）或 published（已发布）' }).optional(),
        }).refine(ordered, orderRule),
      },
    }, async (request) => {
      const from = request.query.from ?? shanghaiDate(now());
      const to = request.query.to ?? plusDays(from, 6);
      const problem = dateRangeProblem(from, to, MAX_PLAN_LIST_DAYS);
      if (problem) throw invalid([{ field: 'to', message: problem }]);
      return listPlans(db, userOf(request), { ...request.query, from, to }, now());
    });

    app.post('/api/duty/plans', {
      config: { permission: 'duty.plan', labels },
      schema: {
        tags, summary: `新建某中队某日的勤务计划（草稿；每个中队每天一份，日期为今天至${MAX_PLAN_DAYS_AHEAD}天内）`,
        body: z.strictObject({ unitId: uuid('中队'), date: isoDate('计划日期'), note: optionalText(200, '备注') }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await createPlan(db, user, actorOf(user, request.ip, request.id), request.body, now()));
    });

    app.post('/api/duty/plans/copy', {
      config: { permission: 'duty.plan', labels },
      schema: {
        tags, summary: '复制前一天（或 fromDate 指定日期）的计划为新草稿：班次时间顺延到新日期；请假、重复排班、不在岗的人员和不可用车辆不复制，并在 skipped 中列出',
        body: z.strictObject({ unitId: uuid('中队'), date: isoDate('计划日期'), fromDate: isoDate('复制来源日期').optional() }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await copyPlan(db, user, actorOf(user, request.ip, request.id), request.body, now()));
    });

    app.get('/api/duty/plans/:id', {
      config: { permission: 'duty.read', labels },
      schema: { tags, summary: '勤务计划详情：班次（时间、区域或巡逻路线、人员、车辆）与发布后的变更记录', params: uuidParam },
    }, async (request) => planDetail(db, userOf(request), request.params.id, now()));

    app.patch('/api/duty/plans/:id', {
      config: { permission: 'duty.plan', labels },
      schema: {
        tags, summary: '修改计划备注（需带 version；已发布的计划记入变更记录）', params: uuidParam,
        body: z.strictObject({ version: z.number({ error: '版本须为数字' }).int().min(1), note: optionalText(200, '备注').transform((v) => v ?? null) }),
      },
    }, async (request) => {
      const user = userOf(request);
      return updatePlanNote(db, user, actorOf(user, request.ip, request.id), request.params.id, { version: request.body.version, note: request.body.note }, now());
    });

    app.delete('/api/duty/plans/:id', {
      config: { permission: 'duty.plan', labels },
      schema: { tags, summary: '删除草稿计划（已发布的不能删除）', params: uuidParam },
    }, async (request) => {
      const user = userOf(request);
      return deletePlan(db, user, actorOf(user, request.ip, request.id), request.params.id);
    });

    app.post('/api/duty/plans/:id/publish', {
      config: { permission: 'duty.plan', labels },
      schema: {
        tags, summary: `发布勤务计划（需带 version；每个班次须有人员）。计划日前一天${DUTY_PUBLISH_CUTOFF.hour}:00前发布为按时发布；发布后的每次修改都记入变更记录和审计日志`,
        params: uuidParam, body: z.strictObject({ version: z.number({ error: '版本须为数字' }).int().min(1) }),
      },
    }, async (request) => {
      const user = userOf(request);
      return publishPlan(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body.version, now());
    });

    app.post('/api/duty/plans/:id/shifts', {
      config: { permission: 'duty.plan', labels },
      schema: {
        tags, params: uuidParam, body: shiftBody,
        summary: '新增班次：计划日当天开始、不超过24小时；area 为闭合坐标环 [[经度,纬度],…]（不填则按中队辖区判断签到位置），patrolRoute 为巡逻路线；'
          + '人员须属本中队且在岗，同一人不能排在时间重叠的班次（409），已批准请假期间不能排班（409）；返回整个计划',
      },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await addShift(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body, now()));
    });

    app.put('/api/duty/shifts/:id', {
      config: { permission: 'duty.plan', labels },
      schema: {
        tags, params: uuidParam, body: shiftBody,
        summary: '修改班次（整体替换，规则同新增）；已结束的班次不能修改，已签到的人员不能移除；返回整个计划',
      },
    }, async (request) => {
      const user = userOf(request);
      return updateShift(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body, now());
    });

    app.delete('/api/duty/shifts/:id', {
      config: { permission: 'duty.plan', labels },
      schema: { tags, params: uuidParam, summary: '删除班次（已有签到或勤务日志的不能删除）；返回整个计划' },
    }, async (request) => {
      const user = userOf(request);
      return deleteShift(db, user, actorOf(user, request.ip, request.id), request.params.id, now());
    });

    // ---- field app (移动执勤) --------------------------------------------------------------------------------------

    app.get('/api/duty/my/today', {
      config: { permission: 'duty.self', labels },
      schema: {
        tags, summary: '移动端：本人今天的勤务——已发布班次（区域、巡逻路线、同班人员、车辆、本人签到签退、可否签到）、今天的勤务日志、今天的请假；'
          + '执勤期间的位置请按 positionReport 上报到 POST /api/tracking/officer-position',
      },
    }, async (request) => myToday(db, userOf(request), now()));

    for (const kind of ['in', 'out'] as CheckinKind[]) {
      app.post(`/api/duty/my/shifts/:id/check-${kind}`, {
        config: { permission: 'duty.self', labels },
        schema: {
          tags, params: uuidParam, body: checkinBody,
          summary: kind === 'in'
            ? `移动端：签到（班次开始前${CHECKIN_EARLY_MINUTES}分钟至结束）并上传位置；位置不在班次区域（未设则为中队辖区）内的标记 insideArea=false 及距离。`
              + '可带 Idempotency-Key 头：离线补传时重复发送只记录一次，返回第一次的结果；at 为手机记录的时间（24小时内）'
            : `移动端：签退（签到之后，至班次结束后${CHECKOUT_LATE_MINUTES / 60}小时）并上传位置；规则同签到`,
        },
      }, async (request, reply) => {
        const user = userOf(request);
        const result = await recordCheckin(db, user, actorOf(user, request.ip, request.id), request.params.id, kind, request.body, idempotencyKeyOf(request), now());
        if (result.replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(result.status).send(result.body);
      });
    }

    app.post('/api/duty/my/logs', {
      config: { permission: 'duty.self', labels },
      schema: {
        tags, summary: '移动端：写勤务日志（可关联本人的班次、带位置；可带 Idempotency-Key）；照片另行上传到 /api/duty/my/logs/{id}/photos',
        body: z.strictObject({
          text: z.string({ error: '请填写日志内容' }).trim().min(2, '日志内容至少2个字').max(2000, '日志内容不能超过2000个字符'),
          shiftId: uuid('班次').optional(), lat: lat().optional(), lon: lon().optional(), at: datetime('时间').optional(),
        }).refine((b) => (b.lat === undefined) === (b.lon === undefined), { message: '经纬度须同时提供', path: ['lon'] }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      const result = await createLogEntry(db, user, actorOf(user, request.ip, request.id), request.body, idempotencyKeyOf(request), now());
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(result.status).send(result.body);
    });

    app.post('/api/duty/my/logs/:id/photos', {
      config: { permission: 'duty.self', labels },
      schema: {
        tags, params: uuidParam,
        summary: `移动端：给本人的勤务日志加一张照片（multipart/form-data，字段 file；JPEG、PNG 或 WebP，按文件内容识别，否则415；`
          + `不超过${MAX_DUTY_PHOTO_BYTES / 1024 / 1024} MB，否则413；每条最多${MAX_PHOTOS_PER_LOG_ENTRY}张）；可带 Idempotency-Key：重发只保存一次`,
      },
    }, async (request, reply) => {
      const user = userOf(request);
      const photo = await uploadedPhoto(request, MAX_DUTY_PHOTO_BYTES);
      const result = await addLogPhoto(db, user, actorOf(user, request.ip, request.id), request.params.id, photo, now(), idempotencyKeyOf(request));
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(result.status).send(result.body);
    });

    app.get('/api/duty/logs/:id/photos/:photoId', {
      config: { permission: 'duty.read', labels },
      schema: { tags, summary: '勤务日志照片（原图）', params: z.strictObject({ id: uuid('勤务日志'), photoId: uuid('照片') }) },
    }, async (request, reply) => {
      const photo = await logPhoto(db, userOf(request), request.params.id, request.params.photoId);
      reply.header('content-type', photo.mimeType).header('cache-control', 'private, max-age=86400')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(photo.fileName)}`);
      return reply.send(photo.content);
    });

    app.get('/api/duty/my/leaves', {
      config: { permission: 'duty.self', labels },
      schema: { tags, summary: '移动端：本人的请假记录' },
    }, async (request) => myLeaves(db, userOf(request)));

    app.post('/api/duty/my/leaves', {
      config: { permission: 'duty.self', labels },
      schema: {
        tags, summary: '移动端：请假（事假、病假、年休假、调休；最早30天前，最长60天，与已有请假不能重叠），由中队长审批',
        body: z.strictObject({
          kind: z.enum(LEAVE_KINDS, { error: `类型只能是${LEAVE_KINDS.join('、')}` }),
          fromDate: isoDate('开始日期'), toDate: isoDate('结束日期'),
          reason: z.string({ error: '请填写事由' }).trim().min(2, '事由至少2个字').max(200, '事由不能超过200个字符'),
        }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await requestLeave(db, user, actorOf(user, request.ip, request.id), request.body, now()));
    });

    app.post('/api/duty/my/leaves/:id/cancel', {
      config: { permission: 'duty.self', labels },
      schema: { tags, summary: '移动端：撤回本人待审批的请假', params: uuidParam },
    }, async (request) => {
      const user = userOf(request);
      return cancelLeave(db, user, actorOf(user, request.ip, request.id), request.params.id, now());
    });

    app.get('/api/duty/leaves', {
      config: { permission: 'duty.read', labels },
      schema: {
        tags, summary: '请假列表（本单位及下级；可按状态、与日期范围重叠筛选）',
        querystring: z.strictObject({
          unitId: uuid('单位').optional(), ...rangeQuery,
          status: z.enum(LEAVE_STATUSES, { error: '状态只能是 pending、approved、rejected 或 cancelled' }).optional(),
        }).refine(ordered, orderRule),
      },
    }, async (request) => listLeaves(db, userOf(request), request.query));

    app.post('/api/duty/leaves/:id/decide', {
      config: { permission: 'duty.plan', labels },
      schema: {
        tags, params: uuidParam,
        summary: '中队长审批请假（approved 批准 / rejected 不批准）；内勤不能审批，不能审批本人的请假；请假期间已排班的须先调整班次（409）',
        body: z.strictObject({
          decision: z.enum(['approved', 'rejected'], { error: '审批结果只能是 approved（批准）或 rejected（不批准）' }),
          note: optionalText(200, '审批意见'),
        }),
      },
    }, async (request) => {
      const user = userOf(request);
      return decideLeave(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body, now());
    });

    // ---- 一人一档 and indicators ------------------------------------------------------------------------------------

    const fileQuery = z.strictObject(rangeQuery).refine(ordered, orderRule);
    const officerParam = z.strictObject({ officerId: uuid('执法人员') });

    app.get('/api/duty/officers/:officerId/file', {
      config: { permission: 'duty.read', labels },
      schema: {
        tags, params: officerParam, querystring: fileQuery,
        summary: '一人一档：某执法人员在期间内（默认近30天，最长93天）的班次（签到签退、区域内外、轨迹点数与里程）、签到签退、勤务日志、请假、'
          + '处置的调度任务、诉件处置记录、当前持有装备，以及期间汇总（班次、在岗时长、签到率、区域外签到、日志、任务、诉件）',
      },
    }, async (request) => officerFile(db, userOf(request), request.params.officerId, request.query, now()));

    app.get('/api/duty/officers/:officerId/file.xlsx', {
      config: { permission: 'duty.read', labels },
      schema: { tags, params: officerParam, querystring: fileQuery, summary: '一人一档导出 Excel：概况、班次、签到签退、勤务日志、请假、调度任务、诉件处置、持有装备各一个工作表' },
    }, async (request, reply) => {
      const file = await officerFile(db, userOf(request), request.params.officerId, request.query, now());
      const name = `一人一档_${file.officer.name}_${file.period.from}_${file.period.to}.xlsx`;
      reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('officer-file.xlsx', name));
      return reply.send(await officerFileWorkbook(file));
    });

    app.get('/api/duty/indicators', {
      config: { permission: 'duty.read', labels },
      schema: {
        tags, summary: '勤务指标（默认本月1日至今天，最长93天），每项附明细：APP签到勤务班次占比（已开始的班次中有人用APP签到的）、'
          + '一人一档有记录的人员占比（在岗人员中期间内有签到、日志、轨迹、调度任务或诉件记录的）、勤务计划按时发布率（已到发布时限的计划中按时发布的；没有计划的中队日另列）',
        querystring: z.strictObject({ unitId: uuid('单位').optional(), ...rangeQuery }).refine(ordered, orderRule),
      },
    }, async (request) => dutyIndicators(db, userOf(request), request.query, now()));
  };
}
