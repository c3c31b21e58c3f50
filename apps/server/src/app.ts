// Builds the HTTP application. Used by main.ts, the tests, the e2e suite and the benchmarks.
import compress from '@fastify/compress';
import { constants as zlibConstants } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '@cg/db';
import { registerAuthHook } from './core/auth-hook.ts';
import { registerErrorHandler, sendRouteNotFound } from './core/errors.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { equipmentRoutes } from './modules/equipment/equipment.routes.ts';
import { equipmentCategoryRoutes } from './modules/equipment/equipment-categories.routes.ts';
import { kitAcknowledgementRoutes } from './modules/equipment/kit-acknowledgement.routes.ts';
import { inventoryRoutes } from './modules/inventory/inventory.routes.ts';
import { jt808Routes } from './modules/jt808/jt808.routes.ts';
import { dispatchRoutes } from './modules/dispatch/dispatch.routes.ts';
import { complaintRoutes } from './modules/complaints/complaints.routes.ts';
import { complaintStatsRoutes } from './modules/complaints/complaint-stats.routes.ts';
import { dutyRoutes } from './modules/duty/duty.routes.ts';
import { infrastructureRoutes } from './modules/infrastructure/infrastructure.routes.ts';
import { evaluationRoutes } from './modules/evaluation/evaluation.routes.ts';
import { open311Routes } from './modules/open311/open311.routes.ts';
import { complaintActionRoutes } from './modules/complaints/complaint-actions.routes.ts';
import { documentRoutes } from './modules/documents/documents.routes.ts';
import { metaRoutes } from './modules/meta/meta.routes.ts';
import { officerRoutes } from './modules/officers/officers.routes.ts';
import { unitRoutes } from './modules/units/units.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { PositionBus } from './modules/tracking/position-bus.ts';
import { loadTrackingConfig, type TrackingConfig } from './modules/tracking/tracking.config.ts';
import { trackingRoutes } from './modules/tracking/tracking.routes.ts';

z.config(z.locales.zhCN());

export const APP_VERSION = '0.1.0';

export interface AppOptions {
  database: DatabaseHandle;
  /** Built web app to serve at / (apps/web/dist); omitted in API-only tests. */
  webRoot?: string;
  logger?: boolean | object;
  secureCookie?: boolean;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy?: boolean;
  /** Login attempts per client IP per minute (password spraying across accounts; per-account lockout is separate). */
  loginRateLimit?: number;
  /** Base URL printed into equipment QR labels (PUBLIC_URL); unset: the request's protocol and host. */
  publicUrl?: string;
  /** Committed positions fan out here (JT/T 808 gateway, field app → command map stream); created when absent. */
  positionBus?: PositionBus;
  /** Command-map settings; defaults from the environment (TRACKING_OFFLINE_MINUTES). */
  tracking?: Partial<TrackingConfig>;
  /** Business clock for complaint deadlines and intake checks; tests pin it. Default: the system clock. */
  now?: () => Date;
}

export const JSON_BODY_LIMIT = 1024 * 1024;
export const UPLOAD_LIMIT = 10 * 1024 * 1024;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const db = options.database.db;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    genReqId: () => randomUUID(),
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  // gzip/br for JSON and the web app (the city-wide latest positions are ~10 MB of JSON uncompressed). The live
  // event stream is written to the raw socket (hijacked), so it is never buffered by this.
  await app.register(compress, { threshold: 2048, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } } });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 10 } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429, code: 'RATE_LIMITED', details: [],
      message: `尝试过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: '上海城管执法基层中队信息化平台 API', version: APP_VERSION, description: '错误格式：{code, message, details[]}；列表：page/pageSize/sort。' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'cg_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  registerAuthHook(app, db);
  await app.register(metaRoutes({ database: options.database.kind, version: APP_VERSION }));
  await app.register(authRoutes(db, { secureCookie: options.secureCookie ?? false, loginRateLimit: options.loginRateLimit ?? 30 }));
  await app.register(unitRoutes(db));
  await app.register(officerRoutes(db));
  await app.register(userRoutes(db));
  await app.register(equipmentRoutes(db, { publicUrl: options.publicUrl }));
  await app.register(equipmentCategoryRoutes(db));
  await app.register(kitAcknowledgementRoutes(db));
  await app.register(inventoryRoutes(db));
  await app.register(documentRoutes(db));
  await app.register(auditRoutes(db));
  await app.register(jt808Routes(db));
  const trackingConfig = { ...loadTrackingConfig(), ...options.tracking };
  await app.register(trackingRoutes(db, { bus: options.positionBus ?? new PositionBus(), config: trackingConfig }));
  await app.register(dispatchRoutes(db, trackingConfig));
  await app.register(complaintRoutes(db, { now: options.now }));
  await app.register(complaintStatsRoutes(db, { now: options.now }));
  await app.register(dutyRoutes(db, { now: options.now }));
  await app.register(infrastructureRoutes(db, { now: options.now }));
  await app.register(evaluationRoutes(db, { now: options.now }));
  await app.register(open311Routes(db, { now: options.now }));
  await app.register(complaintActionRoutes(db, { now: options.now }));

  if (options.webRoot && existsSync(options.webRoot)) {
    await app.register(fastifyStatic, { root: options.webRoot, wildcard: false, maxAge: '1h' });
    // Client-side routes: anything that is not an API call or a file gets the app shell.
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api') || request.method !== 'GET') return sendRouteNotFound(request, reply);
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 });
    });
  } else {
    app.setNotFoundHandler(sendRouteNotFound);
  }
  return app;
}
