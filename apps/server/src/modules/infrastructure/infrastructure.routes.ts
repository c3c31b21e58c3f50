import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  COMMAND_ROOM_MODES, dateRangeProblem, INDICATORS_BY_ID, INFRA_DEVICE_KINDS, INFRA_LOCATION_KINDS, MACHINE_ROOM_LOG_KINDS, NETWORK_LINK_KINDS,
} from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { invalid } from '../../core/errors.ts';
import { pageQuery } from '../../core/pagination.ts';
import { isoDate, optionalText, uuid, uuidParam } from '../../core/schemas.ts';
import { defaultPeriod, infrastructureIndicators } from './infrastructure-indicators.ts';
import {
  createRecord, deleteRecord, listMachineRoomLogs, registry, updateRecord, type RecordKind,
} from './infrastructure.service.ts';

const tags = ['基础设施登记'];
const labels = {
  unitId: '中队', kind: '类型', provider: '运营商', upMbps: '上行带宽', downMbps: '下行带宽', note: '备注', version: '版本',
  mode: '建设方式', sharedWith: '共享单位', location: '位置', areaM2: '面积', name: '设备名称', model: '型号', locationKind: '部位',
  room: '具体位置', retentionDays: '录像保存天数', retentionVerifiedOn: '核实日期', inService: '是否在用', at: '时间', success: '是否成功',
  counterpart: '通话对方', text: '记录内容', from: '开始日期', to: '结束日期',
};
/** Longest evaluation period the indicators accept. */
const MAX_PERIOD_DAYS = 400;

const unitParam = z.strictObject({ unitId: uuid('中队') });
const version = z.number({ error: '版本须为数字' }).int().min(1, '版本须为正整数');
const datetime = (label: string) => z.iso.datetime({ offset: true, error: `${label}须为带时区的 ISO 8601 时间` });
const mbps = (label: string) => z.number({ error: `${label}须为数字（Mbit/s）` }).positive(`${label}须大于0`).max(100_000, `${label}不能超过100000 Mbit/s`);
const requiredText = (max: number, label: string) =>
  z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过${max}个字符`);

const linkBody = z.strictObject({
  kind: z.enum(NETWORK_LINK_KINDS, { error: '类型只能是 gov_extranet（政务外网）或 internet（互联网）' }),
  provider: optionalText(40, '运营商'),
  upMbps: mbps('上行带宽'),
  downMbps: mbps('下行带宽'),
  note: optionalText(200, '备注'),
});
const roomBody = z.strictObject({
  mode: z.enum(COMMAND_ROOM_MODES, { error: '建设方式只能是 own（自建）或 shared（共享）' }),
  sharedWith: optionalText(60, '共享单位'),
  location: requiredText(100, '位置'),
  areaM2: z.number({ error: '面积须为数字（平方米）' }).positive('面积须大于0').max(100_000, '面积不能超过100000平方米').nullish(),
  note: optionalText(200, '备注'),
});
const deviceBody = z.strictObject({
  kind: z.enum(INFRA_DEVICE_KINDS, { error: `类型只能是 ${INFRA_DEVICE_KINDS.join('、')}` }),
  name: requiredText(40, '设备名称'),
  model: optionalText(40, '型号'),
  locationKind: z.enum(INFRA_LOCATION_KINDS, { error: `部位只能是 ${INFRA_LOCATION_KINDS.join('、')}` }).nullish(),
  room: optionalText(60, '具体位置'),
  retentionDays: z.number({ error: '录像保存天数须为数字' }).int('录像保存天数须为整数').min(0, '录像保存天数不能为负').max(3650, '录像保存天数不能超过3650天').nullish(),
  retentionVerifiedOn: isoDate('核实日期').nullish(),
  inService: z.boolean({ error: '是否在用须为 true 或 false' }).optional(),
  note: optionalText(200, '备注'),
});
const testCallBody = z.strictObject({
  at: datetime('时间'),
  success: z.boolean({ error: '是否成功须为 true 或 false' }),
  counterpart: optionalText(40, '通话对方'),
  note: optionalText(200, '备注'),
});
const logBody = z.strictObject({
  at: datetime('时间'),
  kind: z.enum(MACHINE_ROOM_LOG_KINDS, { error: '类型只能是 watch（值守）、maintenance（维护）或 fault（故障）' }),
  text: requiredText(500, '记录内容'),
});
const deleteQuery = z.strictObject({ version: z.coerce.number({ error: '版本须为数字' }).int().min(1, '版本须为正整数').optional() });
const ordered = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;
const orderRule = { message: '开始日期不能晚于结束日期', path: ['to'] };

/** The REST paths of each record kind: create under the squadron, edit and delete by id. */
const KINDS: { kind: RecordKind; path: string; what: string; body: z.ZodObject }[] = [
  { kind: 'link', path: 'links', what: '网络链路（政务外网、互联网）及上下行带宽', body: linkBody },
  { kind: 'room', path: 'command-room', what: '勤务指挥室（自建或共享；每个中队一个）', body: roomBody },
  { kind: 'device', path: 'devices', what: '设备：显示、指挥调度、视频会议终端、监控摄像机（按部位）、高清录音录像设备和联网门禁（按业务用房），录像设备含核实的保存天数', body: deviceBody },
  { kind: 'testCall', path: 'test-calls', what: '与区局指挥中心的视频会议测试通话记录', body: testCallBody },
  { kind: 'log', path: 'machine-room-logs', what: '机房记录（值守、维护、故障）', body: logBody },
];

export function infrastructureRoutes(db: Database, options: { now?: () => Date } = {}): FastifyPluginAsyncZod {
  const now = options.now ?? (() => new Date());
  return async (app) => {
    app.get('/api/infrastructure/units/:unitId', {
      config: { permission: 'infra.read', labels },
      schema: {
        tags, params: unitParam,
        summary: '中队基础设施登记：网络链路、勤务指挥室、设备、最近的视频通话测试、机房记录条数与现行制度文件（机房管理制度、装备管理制度）',
      },
    }, async (request) => registry(db, userOf(request), request.params.unitId));

    app.get('/api/infrastructure/units/:unitId/indicators', {
      config: { permission: 'infra.read', labels },
      schema: {
        tags, params: unitParam,
        summary: '中队基础设施考核指标（infra.*、documents.*）：指标值、计入的记录与差距清单；期间默认为当年1月1日至今天',
        querystring: z.strictObject({ from: isoDate('开始日期').optional(), to: isoDate('结束日期').optional() }).refine(ordered, orderRule),
      },
    }, async (request) => {
      const asOf = now();
      const fallback = defaultPeriod(asOf);
      const period = { from: request.query.from ?? fallback.from, to: request.query.to ?? fallback.to };
      if (period.from > period.to) throw invalid([{ field: 'from', message: '开始日期不能晚于结束日期' }]);
      const problem = dateRangeProblem(period.from, period.to, MAX_PERIOD_DAYS);
      if (problem) throw invalid([{ field: 'to', message: problem }]);
      const results = await infrastructureIndicators(db, userOf(request), request.params.unitId, period, asOf);
      return {
        unitId: request.params.unitId, ...period, asOf: asOf.toISOString(),
        indicators: results.map((r) => {
          const def = INDICATORS_BY_ID.get(r.id)!;
          return { ...r, label: def.label, kind: def.kind, description: def.description, target: def.defaultTarget };
        }),
      };
    });

    app.get('/api/infrastructure/units/:unitId/machine-room-logs', {
      config: { permission: 'infra.read', labels },
      schema: {
        tags, params: unitParam, summary: '机房记录（分页，新的在前；可按日期范围筛选）',
        querystring: z.strictObject({ ...pageQuery, from: isoDate('开始日期').optional(), to: isoDate('结束日期').optional() }).refine(ordered, orderRule),
      },
    }, async (request) => listMachineRoomLogs(db, userOf(request), request.params.unitId, request.query));

    for (const { kind, path, what, body } of KINDS) {
      app.post(`/api/infrastructure/units/:unitId/${path}`, {
        config: { permission: 'infra.write', labels },
        schema: { tags, params: unitParam, body, summary: `登记${what}` },
      }, async (request, reply) => {
        const user = userOf(request);
        const created = await createRecord(db, user, actorOf(user, request.ip, request.id), kind, request.params.unitId,
          request.body as Record<string, unknown>, now());
        return reply.status(201).send(created);
      });

      app.patch(`/api/infrastructure/${path}/:id`, {
        config: { permission: 'infra.write', labels },
        schema: { tags, params: uuidParam, body: body.partial().extend({ version }), summary: `修改${what}（需带 version）` },
      }, async (request) => {
        const user = userOf(request);
        return updateRecord(db, user, actorOf(user, request.ip, request.id), kind, request.params.id,
          request.body as Record<string, unknown> & { version: number }, now());
      });

      app.delete(`/api/infrastructure/${path}/:id`, {
        config: { permission: 'infra.write', labels },
        schema: { tags, params: uuidParam, querystring: deleteQuery, summary: `删除${what}（可带 ?version= 防止误删他人刚修改的记录）` },
      }, async (request) => {
        const user = userOf(request);
        return deleteRecord(db, user, actorOf(user, request.ip, request.id), kind, request.params.id, request.query.version);
      });
    }
  };
}
