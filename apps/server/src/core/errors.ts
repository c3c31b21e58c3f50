// One error shape for every client: {code, message, details[]} with Chinese messages naming the field.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { FIELD_LABELS } from './field-labels.ts';

export interface ErrorDetail {
  field?: string;
  row?: number;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what = '记录') => new AppError(404, 'NOT_FOUND', `${what}不存在或不在您的管辖范围内`);
export const forbidden = (message = '没有执行此操作的权限') => new AppError(403, 'FORBIDDEN', message);
export const conflict = (message: string, details: ErrorDetail[] = []) => new AppError(409, 'CONFLICT', message, details);
export const versionConflict = () =>
  new AppError(409, 'VERSION_CONFLICT', '记录已被他人修改，请刷新后重试', [{ field: 'version', message: '版本已过期' }]);
export const invalid = (details: ErrorDetail[], message?: string) =>
  new AppError(400, 'VALIDATION_FAILED', message ?? details[0]?.message ?? '请求参数有误', details);

/** Routes may rename fields for their own context: `config: { labels: { name: '单位名称' } }`. */
declare module 'fastify' {
  interface FastifyContextConfig {
    labels?: Record<string, string>;
  }
}

export function fieldLabel(field: string, overrides?: Record<string, string>): string {
  const last = field.split('.').pop() ?? field;
  return overrides?.[last] ?? FIELD_LABELS[last] ?? field;
}

/** Turns zod issues (as fastify-type-provider-zod reports them) into our details. */
function detailsFromValidation(
  validation: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[],
  context: string | undefined,
  labels: Record<string, string> | undefined,
): ErrorDetail[] {
  return validation.flatMap((v) => {
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (v.keyword === 'unrecognized_keys') {
      const keys = (v.params.keys as string[] | undefined) ?? [];
      return keys.map((k) => ({ field: path ? `${path}.${k}` : k, message: `不允许的字段：${k}` }));
    }
    const field = path || context || '';
    const label = field ? fieldLabel(field, labels) : '请求';
    const msg = v.message ?? '格式错误';
    return [{ field, message: msg.startsWith(label) ? msg : `${label}：${msg}` }];
  });
}

/** SQLSTATE of a database error, also when the driver wraps it (drizzle puts it in `cause`). */
function postgresCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.statusCode).send({ code: error.code, message: error.message, details: error.details });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = detailsFromValidation(error.validation as never, error.validationContext, request.routeOptions.config?.labels);
      const where = error.validationContext === 'querystring' ? '查询参数' : error.validationContext === 'params' ? '路径参数' : '请求内容';
      return reply.status(400).send({
        code: 'VALIDATION_FAILED',
        message: details.length ? `${where}有误：${details.map((d) => d.message).join('；')}` : `${where}有误`,
        details,
      });
    }
    const code = (error as FastifyError).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || code === 'FST_REQ_FILE_TOO_LARGE' || (error as FastifyError).statusCode === 413) {
      return reply.status(413).send({ code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大', details: [] });
    }
    if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && (error as FastifyError).statusCode === 400)) {
      return reply.status(400).send({ code: 'MALFORMED_JSON', message: '请求内容不是合法的JSON', details: [] });
    }
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.status(400).send({ code: 'MALFORMED_JSON', message: '请求内容为空', details: [] });
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型', details: [] });
    }
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      return reply.status(415).send({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '请以 multipart/form-data 上传文件', details: [] });
    }
    const pgCode = postgresCode(error);
    if (pgCode === '23505') {
      // A unique index caught what the service's own check could not (two requests at once).
      return reply.status(409).send({ code: 'CONFLICT', message: '记录已存在（唯一性冲突），请刷新后重试', details: [] });
    }
    if (pgCode === '40001' || pgCode === '40P01') {
      return reply.status(409).send({ code: 'CONFLICT', message: '并发冲突，请重试', details: [] });
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ code: code ?? 'BAD_REQUEST', message: error.message, details: [] });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ code: 'INTERNAL', message: '服务器内部错误', details: [] });
  });
}

export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ code: 'NOT_FOUND', message: `接口不存在：${request.method} ${request.url.split('?')[0]}`, details: [] });
}
