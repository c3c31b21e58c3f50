import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { isoDate, uuid } from '../../core/schemas.ts';
import { getUnitInScope } from '../units/units.service.ts';
import { MAX_AGE_MS, MAX_FUTURE_MS, MAX_OFFICER_BATCH, reportOfficerPositions } from './officer-position.service.ts';
import type { PositionBus } from './position-bus.ts';
import type { TrackingConfig } from './tracking.config.ts';
import { LiveStreams, openPositionStream } from './tracking-stream.ts';
import { latestPositions, latestPositionsCompact, MAX_TRACK_RANGE_HOURS, track, trackingStats } from './tracking.service.ts';

const TAG = '勤务指挥室';
const labels = {
  ts: '定位时间', accuracyM: '定位精度', speedKmh: '速度', heading: '方向', sourceId: '定位对象', body: '位置', kind: '定位来源',
  format: '返回格式',
};
const kindSchema = z.enum(['terminal', 'officer'], { error: '定位来源只能是 terminal（北斗终端）或 officer（执法人员）' });
const datetime = (label: string) => z.iso.datetime({ offset: true, error: `${label}须为带时区的 ISO 8601 时间` });

const officerPoint = z.strictObject({
  lat: z.number({ error: '纬度须为数字' }).min(3, '纬度超出范围（3～54）').max(54, '纬度超出范围（3～54）'),
  lon: z.number({ error: '经度须为数字' }).min(73, '经度超出范围（73～136）').max(136, '经度超出范围（73～136）'),
  accuracyM: z.number({ error: '定位精度须为数字' }).min(0, '定位精度不能为负').max(100_000, '定位精度不能超过100公里').optional(),
  speedKmh: z.number({ error: '速度须为数字' }).min(0, '速度不能为负').max(300, '速度不能超过300 km/h').optional(),
  heading: z.number({ error: '方向须为数字' }).min(0, '方向应在0～360度之间').lt(360, '方向应在0～360度之间').optional(),
  ts: datetime('定位时间').superRefine((value, ctx) => {
    const at = Date.parse(value);
    if (at > Date.now() + MAX_FUTURE_MS) ctx.addIssue({ code: 'custom', message: '定位时间晚于服务器时间超过2分钟，请校准手机时间' });
    else if (at < Date.now() - MAX_AGE_MS) ctx.addIssue({ code: 'custom', message: '定位时间早于7天前，已超出补传期限' });
  }),
});

export interface TrackingRouteOptions {
  bus: PositionBus;
  config: TrackingConfig;
}

export function trackingRoutes(db: Database, { bus, config }: TrackingRouteOptions): FastifyPluginAsyncZod {
  return async (app) => {
    const streams = new LiveStreams();
    // Open event streams would otherwise keep the server from closing.
    app.addHook('preClose', async () => streams.endAll());

    app.get('/api/tracking/latest', {
      config: { permission: 'tracking.read', labels },
      schema: {
        tags: [TAG], summary: '辖区内车辆、人员的最新位置与状态（行驶中/静止/离线）；format=compact 为实时推送的紧凑格式',
        querystring: z.strictObject({
          unitId: uuid('所属单位').optional(), kind: kindSchema.optional(),
          format: z.enum(['full', 'compact'], { error: '返回格式只能是 full（逐项对象）或 compact（紧凑格式）' }).optional(),
        }),
      },
    }, async (request) => {
      const { format, ...query } = request.query;
      return format === 'compact' ? latestPositionsCompact(db, userOf(request), config, query) : latestPositions(db, userOf(request), config, query);
    });

    app.get('/api/tracking/track', {
      config: { permission: 'tracking.read', labels },
      schema: {
        tags: [TAG], summary: `一个定位对象在时间范围内的轨迹（最长${MAX_TRACK_RANGE_HOURS}小时，按时间去重排序，点数过多时抽稀）`,
        querystring: z.strictObject({ sourceId: uuid('定位对象'), from: datetime('开始时间').optional(), to: datetime('结束时间').optional() }),
      },
    }, async (request) => track(db, userOf(request), request.query));

    app.get('/api/tracking/stream', {
      config: { permission: 'tracking.read', labels },
      schema: {
        tags: [TAG], summary: '实时位置推送（Server-Sent Events，event: positions，每客户端每秒最多一次，按对象合并）',
        querystring: z.strictObject({ unitId: uuid('所属单位').optional(), kind: kindSchema.optional() }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      const unit = request.query.unitId ? await getUnitInScope(db, user, request.query.unitId) : null;
      openPositionStream(db, bus, streams, config, request, reply, user, { unitPath: unit?.path ?? user.unitPath, kind: request.query.kind });
      return reply;
    });

    app.post('/api/tracking/officer-position', {
      config: { permission: 'tracking.report', labels },
      schema: {
        tags: [TAG], summary: `上报本人执勤位置（单个或最多${MAX_OFFICER_BATCH}个离线缓存的位置）`,
        // One position or a batch; a single one is treated as a batch of one (errors name e.g. "0.lat").
        body: z.preprocess(
          (v) => (Array.isArray(v) ? v : [v]),
          z.array(officerPoint).min(1, '位置不能为空').max(MAX_OFFICER_BATCH, `位置一次最多上报${MAX_OFFICER_BATCH}个，请分批补传`),
        ),
      },
    }, async (request) => reportOfficerPositions(db, bus, userOf(request), request.body));

    app.get('/api/tracking/stats', {
      config: { permission: 'tracking.read', labels },
      schema: {
        tags: [TAG], summary: '北斗接入率与在线天数（按单位，含每台终端的明细）',
        querystring: z.strictObject({ unitId: uuid('所属单位').optional(), from: isoDate('开始日期').optional(), to: isoDate('结束日期').optional() }),
      },
    }, async (request) => trackingStats(db, userOf(request), request.query));
  };
}
