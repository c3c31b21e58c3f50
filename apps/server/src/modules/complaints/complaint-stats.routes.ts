import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { isoDate, uuid } from '../../core/schemas.ts';
import { complaintMap, complaintStats, MAP_POINT_CAP, MAX_STATS_DAYS } from './complaint-stats.service.ts';
import { labels as complaintLabels, tags } from './complaints.routes.ts';
import { COMPLAINT_STATUSES, type Clock } from './complaints.service.ts';

const labels = {
  ...complaintLabels, minLon: '最小经度', minLat: '最小纬度', maxLon: '最大经度', maxLat: '最大纬度', zoom: '地图级别',
  from: '开始日期', to: '结束日期', heatCellM: '热力网格边长',
};

/** A number from the query string; '' and words are refused (z.coerce would turn '' into 0). */
const num = (label: string, min: number, max: number) => z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z.number({ error: `${label}须为数字` }).min(min, `${label}不能小于${min}`).max(max, `${label}不能大于${max}`),
);

const listFilters = {
  unitId: uuid('承办单位').optional(),
  status: z.enum([...COMPLAINT_STATUSES, 'open'], { error: `状态只能是 open 或 ${COMPLAINT_STATUSES.join('、')}` }).optional(),
  categoryId: uuid('诉件类别').optional(),
  receivedFrom: isoDate('受理日期起').optional(),
  receivedTo: isoDate('受理日期止').optional(),
};

export function complaintStatsRoutes(db: Database, options: { now?: Clock } = {}): FastifyPluginAsyncZod {
  const now = options.now ?? (() => new Date());
  return async (app) => {
    app.get('/api/complaints/map', {
      config: { permission: 'complaint.read', labels },
      schema: {
        tags,
        summary: `诉件地图：范围内（本单位及下级、列表的筛选条件）的诉件点位；超过${MAP_POINT_CAP}件时按地图级别聚合为网格（数量与中心）。不含已合并的重复件`,
        querystring: z.strictObject({
          minLon: num('最小经度', -180, 180), minLat: num('最小纬度', -90, 90),
          maxLon: num('最大经度', -180, 180), maxLat: num('最大纬度', -90, 90),
          zoom: num('地图级别', 0, 22),
          ...listFilters,
        })
          .refine((q) => q.minLon < q.maxLon, { message: '最小经度须小于最大经度', path: ['maxLon'] })
          .refine((q) => q.minLat < q.maxLat, { message: '最小纬度须小于最大纬度', path: ['maxLat'] })
          .refine((q) => !q.receivedFrom || !q.receivedTo || q.receivedFrom <= q.receivedTo, { message: '受理日期起不能晚于受理日期止', path: ['receivedTo'] }),
      },
    }, async (request) => complaintMap(db, userOf(request), request.query, now()));

    app.get('/api/complaints/stats', {
      config: { permission: 'complaint.read', labels },
      schema: {
        tags,
        summary: `诉件统计（按期间、单位及下级；默认本月、本单位）：受理、处置、按时处置率、未办结、超期、重办率、退回率、市民评价，`
          + `按大类、按下级单位，重复投诉点位（约50米内3件及以上）与热力网格。每项附可在列表中复现的查询条件。期间最长${MAX_STATS_DAYS}天`,
        querystring: z.strictObject({
          from: isoDate('开始日期').optional(),
          to: isoDate('结束日期').optional(),
          unitId: uuid('单位').optional(),
          heatCellM: num('热力网格边长', 100, 5000).pipe(z.number().multipleOf(50, '热力网格边长须为50米的整数倍')).optional(),
        }).refine((q) => !q.from || !q.to || q.from <= q.to, { message: '结束日期不能早于开始日期', path: ['to'] }),
      },
    }, async (request) => complaintStats(db, userOf(request), request.query, now()));
  };
}
