// Open311 GeoReport v2, JSON only, under /open311/v2/. Outside /api, so the session hook does not apply: POST
// authenticates with `api_key` (form or JSON body), reads are public (a key, when given, must be valid). Form bodies
// (application/x-www-form-urlencoded, as the spec's clients send) are parsed in this scope only, and errors answer in
// the spec's shape `[{code, description}]` with the field named.
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '@cg/db';
import { actorOf } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import {
  authenticateKey, getRequest, listRequests, listServices, Open311Error, serviceDefinition, submitRequest, touchKey, type KeyAuth,
} from './open311.service.ts';

export const OPEN311_PREFIX = '/open311/v2';
const tags = ['Open311 GeoReport v2'];
const noSession: Record<string, string[]>[] = [];

/** Open311 field → Chinese label, for errors that name the field. */
const LABELS: Record<string, string> = {
  api_key: '接口密钥', service_code: '服务类型', lat: '纬度', long: '经度', address_string: '地址', description: '问题描述',
  first_name: '名', last_name: '姓', phone: '电话', email: '电子邮箱', device_id: '设备编号', account_id: '账号',
  media_url: '图片地址', external_id: '客户端编号', service_request_id: '诉件编号', start_date: '开始时间', end_date: '结束时间',
  status: '状态', jurisdiction_id: '辖区编号',
};
const named = (field: string) => (LABELS[field] ? `${field}（${LABELS[field]}）` : field);

const SHANGHAI_BOX = '位置须在上海市范围内（纬度30.6～31.9，经度120.8～122.2）';
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const coerced = <T extends z.ZodType>(schema: T) => z.preprocess((v) => {
  const b = blankToUndefined(v);
  return typeof b === 'string' ? Number(b) : b;
}, schema);
const text = (max: number) => z.preprocess(blankToUndefined, z.string({ error: '须为文字' }).trim().max(max, `不能超过${max}个字符`).optional());
/** A comma-delimited list (the spec's way of repeating a parameter). */
const commaList = <T extends string>(item: z.ZodType<T, string>, max: number) => z.preprocess(blankToUndefined, z.string({ error: '须为文字' })
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(item).max(max, `最多${max}项`)).optional());
const w3cDatetime = z.iso.datetime({ offset: true, error: '须为带时区的 ISO 8601 时间，如 2026-10-02T09:00:00+08:00' })
  .transform((v) => new Date(v)).optional();

const postBody = z.object({
  api_key: z.unknown().optional(), // checked before validation (403 before anything else)
  jurisdiction_id: text(50),
  service_code: z.string({ error: '请填写服务类型' }).trim().min(1, '请填写服务类型').max(20, '不能超过20个字符'),
  lat: coerced(z.number({ error: '须为数字' }).min(30.6, SHANGHAI_BOX).max(31.9, SHANGHAI_BOX)).optional(),
  long: coerced(z.number({ error: '须为数字' }).min(120.8, SHANGHAI_BOX).max(122.2, SHANGHAI_BOX)).optional(),
  address_string: text(200),
  address_id: text(100),
  description: z.string({ error: '请填写问题描述' }).trim().min(2, '至少2个字').max(2000, '不能超过2000个字符'),
  first_name: text(15),
  last_name: text(15),
  phone: z.preprocess(blankToUndefined, z.string({ error: '须为文字' }).trim()
    .regex(/^[0-9+\-() ]{5,20}$/, '格式不正确（5～20位数字，可含+、-、括号、空格）').optional()),
  email: text(254),
  device_id: text(100),
  account_id: text(100),
  media_url: text(1000),
  external_id: z.preprocess(blankToUndefined, z.string({ error: '须为文字' }).trim().max(64, '不能超过64个字符')
    .regex(/^[A-Za-z0-9_\-./]+$/, '只能包含字母、数字和 _ - . /').optional()),
}).superRefine((b, ctx) => {
  // Requests are routed to the squadron whose jurisdiction holds the point: an address alone cannot be routed.
  for (const field of ['lat', 'long'] as const) {
    if (b[field] !== undefined) continue;
    ctx.addIssue({
      code: 'custom', path: [field],
      message: b.address_string ? '需要位置：请同时提供 lat 和 long（本平台按位置派往辖区中队，暂不支持仅凭地址受理）' : '请提供位置（lat 和 long）',
    });
  }
});

const keyQuery = { api_key: text(200), jurisdiction_id: text(50) };
const requestsQuery = z.object({
  ...keyQuery,
  service_request_id: commaList(z.string().max(40, '每个编号不能超过40个字符'), 200),
  service_code: commaList(z.string().max(20, '每个服务类型不能超过20个字符'), 100),
  start_date: w3cDatetime,
  end_date: w3cDatetime,
  status: commaList(z.enum(['open', 'closed'], { error: '只能是 open 或 closed' }), 2),
}).refine((q) => !q.start_date || !q.end_date || q.start_date <= q.end_date, { message: '不能早于开始时间', path: ['end_date'] });

type Reply = { status: (code: number) => { send: (body: unknown) => unknown } };
const sendErrors = (reply: Reply, status: number, descriptions: string[]) =>
  reply.status(status).send(descriptions.map((description) => ({ code: status, description })));

export function open311Routes(db: Database, options: { now?: () => Date } = {}): FastifyPluginAsyncZod {
  const now = options.now ?? (() => new Date());
  // Inside a prefixed child so the not-found and error handlers below answer for /open311/v2 only.
  const scoped: FastifyPluginAsyncZod = async (scope) => {
    await scope.register(formbody);
    const keyOf = new WeakMap<FastifyRequest, KeyAuth>();

    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof Open311Error) return sendErrors(reply, error.statusCode, error.descriptions);
      if (error instanceof AppError) return sendErrors(reply, error.statusCode, [error.message]);
      if (hasZodFastifySchemaValidationErrors(error)) {
        const descriptions = (error.validation as { instancePath: string; message?: string }[]).map((v) => {
          const field = v.instancePath.replace(/^\//, '').split('/')[0];
          return `${field ? named(field) : '请求'}：${v.message ?? '格式错误'}`;
        });
        return sendErrors(reply, 400, descriptions.length ? descriptions : ['请求参数有误']);
      }
      const code = error.code;
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) return sendErrors(reply, 413, ['请求内容过大']);
      if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        return sendErrors(reply, 415, ['请以 application/x-www-form-urlencoded 或 application/json 提交']);
      }
      if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) {
        return sendErrors(reply, 400, ['请求内容不是合法的JSON']);
      }
      if (error.statusCode === 429) return sendErrors(reply, 429, ['请求过于频繁，请稍后再试']);
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return sendErrors(reply, error.statusCode, [error.message]);
      request.log.error({ err: error }, 'unhandled error');
      return sendErrors(reply, 500, ['服务器内部错误']);
    });
    scope.setNotFoundHandler((request, reply) => sendErrors(reply, 404,
      [`接口不存在：${request.method} ${request.url.split('?')[0]}（仅支持 JSON 格式，如 ${OPEN311_PREFIX}/services.json）`]));

    /** A key on a read is optional, but a wrong one is refused rather than ignored. */
    const checkOptionalKey = async (key: string | undefined) => {
      if (key === undefined) return;
      const auth = await authenticateKey(db, key);
      await touchKey(db, auth.keyId, now());
    };

    scope.get('/services.json', {
      config: { rateLimit: { max: 600, timeWindow: 60_000 } },
      schema: { tags, summary: 'Open311：服务类型列表（诉件小类；group 为大类）', security: noSession, querystring: z.object(keyQuery) },
    }, async (request) => {
      await checkOptionalKey(request.query.api_key);
      return listServices(db);
    });

    scope.get('/services/:service_code.json', {
      config: { rateLimit: { max: 600, timeWindow: 60_000 } },
      schema: {
        tags, summary: 'Open311：服务定义（暂无自定义属性，attributes 为空）', security: noSession, querystring: z.object(keyQuery),
        params: z.object({ service_code: z.string().max(20, '不能超过20个字符') }),
      },
    }, async (request) => {
      await checkOptionalKey(request.query.api_key);
      return serviceDefinition(db, request.params.service_code);
    });

    scope.post('/requests.json', {
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      preValidation: async (request) => {
        const body = request.body as Record<string, unknown> | undefined;
        const query = request.query as Record<string, unknown> | undefined;
        const key = body?.api_key ?? query?.api_key;
        if (key !== undefined && typeof key !== 'string') throw new Open311Error(400, [`${named('api_key')}：须为文字`]);
        keyOf.set(request, await authenticateKey(db, key));
      },
      schema: {
        tags, security: noSession, body: postBody, consumes: ['application/x-www-form-urlencoded', 'application/json'],
        summary: 'Open311：提交诉求（api_key 必填；按 lat/long 派往辖区中队，作为外部系统 open311 的工单受理）。返回 [{service_request_id, service_notice, account_id}]',
      },
    }, async (request, reply) => {
      const auth = keyOf.get(request)!;
      const b = request.body;
      const { status, body } = await submitRequest(db, auth, actorOf(auth.user, request.ip, request.id), {
        service_code: b.service_code, lat: b.lat!, long: b.long!, address_string: b.address_string, description: b.description,
        first_name: b.first_name, last_name: b.last_name, phone: b.phone, external_id: b.external_id,
      }, now());
      return reply.status(status).send(body);
    });

    scope.get('/requests.json', {
      config: { rateLimit: { max: 600, timeWindow: 60_000 } },
      schema: {
        tags, security: noSession, querystring: requestsQuery,
        summary: 'Open311：诉求列表（service_request_id 逗号分隔时忽略其余条件；默认最近90天，最多1000条；不含诉求人信息）',
      },
    }, async (request) => {
      const q = request.query;
      await checkOptionalKey(q.api_key);
      return listRequests(db, {
        serviceRequestIds: q.service_request_id, serviceCodes: q.service_code, startDate: q.start_date, endDate: q.end_date,
        statuses: q.status,
      }, now());
    });

    scope.get('/requests/:service_request_id.json', {
      config: { rateLimit: { max: 600, timeWindow: 60_000 } },
      schema: {
        tags, summary: 'Open311：单个诉求（返回只含一项的数组）', security: noSession, querystring: z.object(keyQuery),
        params: z.object({ service_request_id: z.string().max(40, '不能超过40个字符') }),
      },
    }, async (request) => {
      await checkOptionalKey(request.query.api_key);
      return getRequest(db, request.params.service_request_id);
    });
  };
  return async (app) => {
    await app.register(scoped, { prefix: OPEN311_PREFIX });
  };
}
