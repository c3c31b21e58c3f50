import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { COMPLAINT_ACTIONS } from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { idempotencyKeyOf } from '../../core/idempotency.ts';
import { uploadedPhoto } from '../../core/upload.ts';
import { uuid, uuidParam } from '../../core/schemas.ts';
import {
  addPhoto, linkComplaints, mergeComplaint, photoContent, recordFeedback, reportFromField, rerouteComplaint, takeAction,
} from './complaint-actions.service.ts';
import { complaintArchivePdf } from './complaint-archive.service.ts';
import { complaintFields, hasCategory, categoryRule, labels, lat, lon, tags } from './complaints.routes.ts';
import { PHOTO_STAGES, SATISFACTIONS, type Clock } from './complaints.service.ts';

const actionLabels = {
  ...labels, action: '操作', reason: '原因', note: '说明', replyText: '回复内容', extensionDays: '延期天数', version: '版本',
  intoId: '并入的诉件', otherId: '关联的诉件', satisfaction: '市民评价', stage: '照片类别', takenAt: '拍摄时间',
};
const reason = z.string({ error: '原因须为文字' }).max(500, '原因不能超过500个字符').optional();
const IDEMPOTENCY = '可带 Idempotency-Key 请求头：同一键重发时返回首次结果，不重复写入（移动端离线队列用）';
const coerced = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), schema);

export function complaintActionRoutes(db: Database, options: { now?: Clock } = {}): FastifyPluginAsyncZod {
  const now = options.now ?? (() => new Date());
  return async (app) => {
    app.post('/api/complaints/:id/actions', {
      config: { permission: 'complaint.read', labels: actionLabels },
      schema: {
        tags, params: uuidParam,
        summary: `诉件流转：派遣、首次联系、签收、开始处置、处置完毕、回复市民、办结、退回（须原因）、申请／批准／驳回延期、重办（须原因）。${IDEMPOTENCY}`,
        body: z.strictObject({
          action: z.enum(COMPLAINT_ACTIONS, { error: `操作只能是 ${COMPLAINT_ACTIONS.join('、')}` }),
          reason,
          note: z.string({ error: '说明须为文字' }).max(2000, '说明不能超过2000个字符').optional(),
          replyText: z.string({ error: '回复内容须为文字' }).max(2000, '回复内容不能超过2000个字符').optional(),
          extensionDays: z.number({ error: '延期天数须为数字' }).int('延期天数须为整数').optional(),
          version: z.number({ error: '版本须为数字' }).int().positive().optional(),
          lat: lat().optional(), lon: lon().optional(),
        }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      const { status, body } = await takeAction(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body, now(), idempotencyKeyOf(request));
      return reply.status(status).send(body);
    });

    app.post('/api/complaints/:id/feedback', {
      config: { permission: 'complaint.write', labels: actionLabels },
      schema: {
        tags, params: uuidParam, summary: '记录市民评价（回访）；不满意（须说明原因）即重办，3个工作日内重新处置',
        body: z.strictObject({
          satisfaction: z.enum(SATISFACTIONS, { error: `市民评价只能是 ${SATISFACTIONS.join('、')}` }),
          note: z.string({ error: '说明须为文字' }).max(500, '说明不能超过500个字符').optional(),
        }),
      },
    }, async (request) => {
      const user = userOf(request);
      return recordFeedback(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body, now());
    });

    app.post('/api/complaints/:id/reroute', {
      config: { permission: 'complaint.write', labels: actionLabels },
      schema: {
        tags, params: uuidParam, summary: '改派到另一中队（签收前），须填写原因',
        body: z.strictObject({ unitId: uuid('改派中队'), reason: z.string({ error: '请填写改派原因' }).max(500, '原因不能超过500个字符') }),
      },
    }, async (request) => {
      const user = userOf(request);
      return rerouteComplaint(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body, now());
    });

    app.post('/api/complaints/:id/merge', {
      config: { permission: 'complaint.write', labels: actionLabels },
      schema: {
        tags, params: uuidParam, summary: '把本诉件作为重复件并入另一诉件：本件办结并指向被并入的诉件，两件互相关联',
        body: z.strictObject({ intoId: uuid('并入的诉件'), reason }),
      },
    }, async (request) => {
      const user = userOf(request);
      return mergeComplaint(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body, now());
    });

    app.post('/api/complaints/:id/links', {
      config: { permission: 'complaint.write', labels: actionLabels },
      schema: { tags, params: uuidParam, summary: '关联疑似重复的诉件（两件各自办理）', body: z.strictObject({ otherId: uuid('关联的诉件') }) },
    }, async (request) => {
      const user = userOf(request);
      return linkComplaints(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body.otherId, now());
    });

    app.post('/api/complaints/:id/photos', {
      config: { permission: 'complaint.read', labels: actionLabels },
      schema: {
        tags, params: uuidParam,
        summary: `上传诉件照片（multipart 字段 file；JPEG／PNG／WebP，不超过5 MB）；类别、拍摄时间和位置放在查询参数。${IDEMPOTENCY}`,
        querystring: z.strictObject({
          stage: z.enum(PHOTO_STAGES, { error: `照片类别只能是 ${PHOTO_STAGES.join('、')}` }),
          takenAt: z.iso.datetime({ offset: true, error: '拍摄时间须为带时区的 ISO 8601 时间' }).optional(),
          lat: coerced(lat()).optional(), lon: coerced(lon()).optional(),
        }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      const key = idempotencyKeyOf(request);
      const { content, fileName } = await uploadedPhoto(request);
      const { status, body } = await addPhoto(db, user, actorOf(user, request.ip, request.id), request.params.id,
        { ...request.query, fileName, content }, now(), key);
      return reply.status(status).send(body);
    });

    app.get('/api/complaints/:id/photos/:photoId', {
      config: { permission: 'complaint.read', labels: actionLabels },
      schema: { tags, summary: '诉件照片', params: z.strictObject({ id: uuid('诉件编号'), photoId: uuid('照片编号') }) },
    }, async (request, reply) => {
      const photo = await photoContent(db, userOf(request), request.params.id, request.params.photoId);
      reply.header('content-type', photo.mimeType).header('cache-control', 'private, max-age=86400');
      return reply.send(photo.content);
    });

    app.get('/api/complaints/:id/archive.pdf', {
      config: { permission: 'complaint.read', labels: actionLabels },
      schema: { tags, params: uuidParam, summary: '诉件一事一档（PDF）：基本信息、时限、处置与回复、全过程记录、照片、关联诉件、档案完整性' },
    }, async (request, reply) => {
      const { pdf, detail } = await complaintArchivePdf(db, userOf(request), request.params.id, now());
      const name = `${detail.code}-一事一档.pdf`;
      reply.header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${detail.code}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`);
      return reply.send(pdf);
    });

    app.post('/api/complaints/field', {
      config: { permission: 'complaint.handle', labels: actionLabels },
      schema: {
        tags, summary: `巡查发现：执法队员现场上报，按辖区派往所在中队并由上报人签收，可随后上传照片。${IDEMPOTENCY}`,
        body: z.strictObject({ ...complaintFields }).refine(hasCategory, categoryRule),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      const { status, body } = await reportFromField(db, user, actorOf(user, request.ip, request.id), request.body, now(), idempotencyKeyOf(request));
      return reply.status(status).send(body);
    });
  };
}
