// 基础设施 indicators of one squadron for the annual evaluation (catalogue ids infra.* and documents.*), each with the
// records counted and the gaps that would raise it, as of an instant: rows registered after it are ignored (edits and
// deletions are not replayed — the registry holds the current facts, as an inspector would find them on site).
//   Coverage of what the standard requires (links, locations, rooms, devices) scores 0 when nothing is registered: an
//   empty registry is a shortfall, not “nothing to measure”. Only the machine-room log can have nothing to measure yet
//   (a period whose months have not ended and hold no entry), and says so.
import {
  BUSINESS_ROOM_KINDS, CAMERA_LOCATION_KINDS, INDICATOR_CATALOGUE, INFRA_DEFAULTS, INFRA_LOCATION_LABELS, monthLabel, monthsOf,
  NETWORK_LINK_KIND_LABELS, NETWORK_LINK_KINDS, shanghaiDate, shanghaiStartOfDay, type DocumentKind, type EvidenceRecord,
  type IndicatorOutcome, type IndicatorResult,
} from '@cg/domain';
import { queryRows, sql, type Executor, type SQL } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { listDocuments } from '../documents/documents.service.ts';
import { squadronInScope } from './infrastructure.service.ts';

export const INFRA_RECORD_LIMIT = 200;

/** The catalogue ids this module answers, in catalogue order. */
export const INFRASTRUCTURE_INDICATOR_IDS = INDICATOR_CATALOGUE
  .filter((d) => d.id.startsWith('infra.') || d.id.startsWith('documents.')).map((d) => d.id);

interface LinkRow { id: string; kind: keyof typeof NETWORK_LINK_KIND_LABELS; provider: string | null; upMbps: number; downMbps: number }
interface DeviceRow {
  id: string; kind: string; name: string; model: string | null; locationKind: string | null; room: string | null;
  retentionDays: number | null; retentionVerifiedOn: string | null; inService: boolean;
}

const fmtMbps = (n: number) => `${Math.round(n * 10) / 10}`;
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
const flagOutcome = (ok: boolean): IndicatorOutcome => ({ available: true, value: ok ? 1 : 0 });
const ratioOutcome = (numerator: number, denominator: number): IndicatorOutcome =>
  denominator > 0 ? { available: true, value: round4(numerator / denominator), numerator, denominator } : { available: true, value: 0 };

function result(id: string, outcome: IndicatorOutcome, records: EvidenceRecord[], gaps: EvidenceRecord[]): IndicatorResult {
  return {
    id, outcome, records: records.slice(0, INFRA_RECORD_LIMIT), gaps: gaps.slice(0, INFRA_RECORD_LIMIT),
    truncated: records.length > INFRA_RECORD_LIMIT || gaps.length > INFRA_RECORD_LIMIT,
  };
}

export async function infrastructureIndicators(
  db: Executor, user: AuthUser, unitId: string, period: { from: string; to: string }, asOf: Date,
): Promise<IndicatorResult[]> {
  const unit = await squadronInScope(db, user, unitId);
  const asOfIso = asOf.toISOString();
  const asOfDate = shanghaiDate(asOf);
  const page = (tab: string) => `/infrastructure?unitId=${unit.id}&tab=${tab}`;
  const gap = (key: string, label: string, tab: string, detail?: string): EvidenceRecord =>
    ({ id: `${unit.id}:${key}`, label, ...(detail ? { detail } : {}), link: page(tab) });
  const registered = sql`unit_id = ${unit.id} AND created_at <= ${asOfIso}::timestamptz`;
  const periodStart = shanghaiStartOfDay(period.from);
  const periodEnd = new Date(shanghaiStartOfDay(period.to).getTime() + 86_400_000);
  const until = new Date(Math.min(periodEnd.getTime(), asOf.getTime()));

  // One round trip for the five registers (the evaluation asks for hundreds of squadrons at once).
  const list = (query: SQL) => sql`(SELECT coalesce(json_agg(x), '[]') FROM (${query}) x)`;
  const [registers] = await queryRows<{
    links: LinkRow[]; rooms: { id: string; mode: string; sharedWith: string | null; location: string }[]; devices: DeviceRow[];
    calls: { id: string; at: string; success: boolean; counterpart: string | null }[]; logMonths: { month: string; n: number }[];
  }>(db, sql`SELECT
    ${list(sql`SELECT id, kind, provider, up_mbps AS "upMbps", down_mbps AS "downMbps" FROM infra_network_links WHERE ${registered}
      ORDER BY kind, created_at, id`)} AS links,
    ${list(sql`SELECT id, mode, shared_with AS "sharedWith", location FROM infra_command_rooms WHERE ${registered}`)} AS rooms,
    ${list(sql`SELECT id, kind, name, model, location_kind AS "locationKind", room, retention_days AS "retentionDays",
        retention_verified_on::text AS "retentionVerifiedOn", in_service AS "inService"
      FROM infra_devices WHERE ${registered} ORDER BY kind, location_kind, name, id`)} AS devices,
    ${list(sql`SELECT id, at, success, counterpart FROM infra_test_calls
      WHERE ${registered} AND at >= ${periodStart.toISOString()}::timestamptz AND at < ${until.toISOString()}::timestamptz ORDER BY at DESC, id`)} AS calls,
    ${list(sql`SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*)::int AS n FROM infra_machine_room_logs
      WHERE ${registered} AND at >= ${periodStart.toISOString()}::timestamptz AND at < ${until.toISOString()}::timestamptz GROUP BY 1`)} AS "logMonths"`);
  const { links, rooms, devices, calls, logMonths } = registers!;

  const inService = devices.filter((d) => d.inService);
  const ofKind = (kind: string) => inService.filter((d) => d.kind === kind);
  const deviceRecord = (d: DeviceRow, tab: string, extra?: string): EvidenceRecord => ({
    id: d.id, label: d.name,
    detail: [d.locationKind ? INFRA_LOCATION_LABELS[d.locationKind as keyof typeof INFRA_LOCATION_LABELS] : null, d.room, d.model, extra]
      .filter(Boolean).join(' · ') || undefined,
    link: page(tab),
  });
  const out: IndicatorResult[] = [];

  // 网络: both link kinds (half each); business bandwidth per link; video uplink against 2 streams.
  {
    const present = NETWORK_LINK_KINDS.filter((k) => links.some((l) => l.kind === k));
    const missing = NETWORK_LINK_KINDS.filter((k) => !present.includes(k));
    out.push(result('infra.network_links',
      { available: true, value: present.length / NETWORK_LINK_KINDS.length, numerator: present.length, denominator: NETWORK_LINK_KINDS.length },
      links.map((l) => linkRecord(l)), missing.map((k) => gap(`link:${k}`, `缺少${NETWORK_LINK_KIND_LABELS[k]}链路`, 'network'))));

    const need = INFRA_DEFAULTS.businessMbps;
    const enough = links.filter((l) => l.upMbps >= need && l.downMbps >= need);
    const short = links.filter((l) => !(l.upMbps >= need && l.downMbps >= need));
    out.push(result('infra.bandwidth_business', ratioOutcome(enough.length, links.length), enough.map((l) => linkRecord(l)), [
      ...(links.length ? [] : [gap('links', '未登记网络链路', 'network')]),
      ...short.map((l) => ({ ...linkRecord(l), label: `${NETWORK_LINK_KIND_LABELS[l.kind]}带宽不足`, detail: `上行 ${fmtMbps(l.upMbps)} / 下行 ${fmtMbps(l.downMbps)} Mbit/s，业务要求上下行均不低于 ${need} Mbit/s` })),
    ]));

    const videoNeed = INFRA_DEFAULTS.videoStreams * INFRA_DEFAULTS.videoStreamMbps;
    const best = links.reduce<LinkRow | null>((a, l) => (!a || l.upMbps > a.upMbps ? l : a), null);
    const up = best?.upMbps ?? 0;
    out.push(result('infra.bandwidth_video',
      { available: true, value: round4(Math.min(1, up / videoNeed)), numerator: up, denominator: videoNeed },
      best ? [linkRecord(best)] : [],
      !best ? [gap('links', '未登记网络链路', 'network', `上传${INFRA_DEFAULTS.videoStreams}路实时视频需上行 ${videoNeed} Mbit/s`)]
        : up < videoNeed ? [{ ...linkRecord(best), label: '上行带宽不足以上传2路实时视频',
          detail: `最大上行 ${fmtMbps(up)} Mbit/s，需 ${videoNeed} Mbit/s（${INFRA_DEFAULTS.videoStreams}路 × ${INFRA_DEFAULTS.videoStreamMbps} Mbit/s）` }] : []));
  }

  // 勤务指挥室 and its devices.
  {
    const room = rooms[0];
    const roomRecord: EvidenceRecord[] = room
      ? [{ id: room.id, label: `勤务指挥室（${room.mode === 'shared' ? `与${room.sharedWith}共享` : '自建'}）`, detail: room.location, link: page('command') }]
      : [];
    const noRoom = gap('room', '未登记勤务指挥室', 'command');
    out.push(result('infra.command_room', flagOutcome(!!room), roomRecord, room ? [] : [noRoom]));
    for (const [id, kind, word] of [['infra.command_room_display', 'display', '显示设备'], ['infra.command_room_dispatch', 'dispatch', '指挥调度设备']] as const) {
      const list = ofKind(kind);
      const gaps = [...(room ? [] : [noRoom]), ...(list.length ? [] : [gap(`device:${kind}`, `勤务指挥室未配置在用的${word}`, 'command')])];
      out.push(result(id, flagOutcome(!!room && list.length > 0), list.map((d) => deviceRecord(d, 'command')), gaps));
    }
  }

  // 视频会议: a terminal in service, and a successful test call with the district in the period.
  {
    const terminals = ofKind('video_conference');
    out.push(result('infra.video_conference', flagOutcome(terminals.length > 0), terminals.map((d) => deviceRecord(d, 'video')),
      terminals.length ? [] : [gap('device:video_conference', '未配置在用的视频会议终端', 'video')]));
    const ok = calls.filter((c) => c.success);
    const failed = calls.length - ok.length;
    out.push(result('infra.video_conference_test', flagOutcome(ok.length > 0),
      ok.map((c) => ({ id: c.id, label: `${shanghaiDate(c.at)} 测试通话成功`, detail: c.counterpart ?? undefined, link: page('video') })),
      ok.length ? [] : [gap('test-call', failed ? `考核期间内${failed}次测试通话均未成功` : '考核期间内无与区局指挥中心的视频通话测试记录', 'video',
        `${period.from} 至 ${period.to}`)]));
  }

  // 机房记录: months of the period with an entry. A month counts once it has ended (by the period's end or as of) or
  // already has an entry; the month under way without an entry yet is not a shortfall.
  {
    const counts = new Map(logMonths.map((m) => [m.month, Number(m.n)]));
    const due = monthsOf(period.from, period.to).filter((m) => {
      if (counts.has(m)) return true;
      const [y, mo] = m.split('-').map(Number);
      const nextMonth = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
      const monthEnd = new Date(Math.min(shanghaiStartOfDay(nextMonth).getTime(), periodEnd.getTime()));
      return monthEnd.getTime() <= asOf.getTime();
    });
    const withLog = due.filter((m) => counts.has(m));
    const outcome: IndicatorOutcome = due.length
      ? { available: true, value: round4(withLog.length / due.length), numerator: withLog.length, denominator: due.length }
      : { available: true, value: null, reason: '考核期间内尚无已结束的月份，也没有机房记录' };
    out.push(result('infra.machine_room_log', outcome,
      withLog.map((m) => ({ id: `${unit.id}:log:${m}`, label: monthLabel(m), detail: `${counts.get(m)}条机房记录`, link: page('machine-room') })),
      due.filter((m) => !counts.has(m)).map((m) => gap(`log:${m}`, `${monthLabel(m)}无机房记录`, 'machine-room'))));
  }

  // 内部监控: each required location has a camera in service; cameras' verified retention.
  {
    const cameras = ofKind('camera');
    const covered = CAMERA_LOCATION_KINDS.filter((k) => cameras.some((c) => c.locationKind === k));
    out.push(result('infra.internal_camera_coverage', ratioOutcome(covered.length, CAMERA_LOCATION_KINDS.length),
      covered.map((k) => {
        const here = cameras.filter((c) => c.locationKind === k);
        return { id: `${unit.id}:camera:${k}`, label: INFRA_LOCATION_LABELS[k], detail: `${here.length}台：${here.map((c) => c.name).join('、')}`, link: page('monitoring') };
      }),
      CAMERA_LOCATION_KINDS.filter((k) => !covered.includes(k)).map((k) => gap(`camera:${k}`, `${INFRA_LOCATION_LABELS[k]}未配置摄像机`, 'monitoring'))));
    out.push(retention('infra.internal_camera_retention', cameras, INFRA_DEFAULTS.cameraRetentionDays, '未登记在用的内部监控摄像机'));
  }

  // 重要业务用房: HD recorder and networked access control in each room; the recorders' verified retention.
  {
    const recorders = ofKind('av_recorder');
    const doors = ofKind('access_control');
    const complete = BUSINESS_ROOM_KINDS.filter((k) => recorders.some((d) => d.locationKind === k) && doors.some((d) => d.locationKind === k));
    const gaps = BUSINESS_ROOM_KINDS.flatMap((k) => [
      ...(recorders.some((d) => d.locationKind === k) ? [] : [gap(`av:${k}`, `${INFRA_LOCATION_LABELS[k]}未配置高清录音录像设备`, 'monitoring')]),
      ...(doors.some((d) => d.locationKind === k) ? [] : [gap(`door:${k}`, `${INFRA_LOCATION_LABELS[k]}未配置联网门禁`, 'monitoring')]),
    ]);
    out.push(result('infra.business_room_av', ratioOutcome(complete.length, BUSINESS_ROOM_KINDS.length),
      complete.flatMap((k) => [...recorders, ...doors].filter((d) => d.locationKind === k).map((d) => deviceRecord(d, 'monitoring'))), gaps));
    out.push(retention('infra.business_room_retention', recorders, INFRA_DEFAULTS.businessRoomRetentionDays, '未登记在用的高清录音录像设备'));
  }

  // 制度文件: the current version uploaded by the as-of instant.
  const docs = await listDocuments(db, user, unit.id);
  for (const [id, kind, word] of [['documents.machine_room_rules', 'machine_room_rules', '机房管理制度'], ['documents.equipment_rules', 'equipment_rules', '装备使用、维护、管理制度']] as const) {
    const current = docs.filter((d) => d.kind === (kind as DocumentKind) && d.uploadedAt <= asOfIso).sort((a, b) => b.version - a.version)[0];
    const link = `/equipment/documents?unitId=${unit.id}`;
    out.push(result(id, flagOutcome(!!current),
      current ? [{ id: current.id, label: `${current.title}（第${current.version}版）`, detail: `${current.fileName} · ${shanghaiDate(current.uploadedAt)} 上传`, link }] : [],
      current ? [] : [{ id: `${unit.id}:doc:${kind}`, label: `未上传${word}`, link }]));
  }

  const byId = new Map(out.map((r) => [r.id, r]));
  return INFRASTRUCTURE_INDICATOR_IDS.map((id) => byId.get(id)!);

  function linkRecord(l: LinkRow): EvidenceRecord {
    return {
      id: l.id, label: `${NETWORK_LINK_KIND_LABELS[l.kind]}${l.provider ? `（${l.provider}）` : ''}`,
      detail: `上行 ${fmtMbps(l.upMbps)} / 下行 ${fmtMbps(l.downMbps)} Mbit/s`, link: page('network'),
    };
  }

  /** Share of the devices whose retention, verified by the as-of date, reaches the minimum. */
  function retention(id: string, list: DeviceRow[], minDays: number, none: string): IndicatorResult {
    const verified = (d: DeviceRow) => d.retentionDays != null && d.retentionVerifiedOn != null && d.retentionVerifiedOn <= asOfDate;
    const ok = list.filter((d) => verified(d) && d.retentionDays! >= minDays);
    const gaps = list.length === 0 ? [gap(`retention:${id}`, none, 'monitoring', `录像保存须不少于${minDays}天`)]
      : list.filter((d) => !ok.includes(d)).map((d) => ({
        ...deviceRecord(d, 'monitoring'),
        label: verified(d) ? `${d.name}录像保存${d.retentionDays}天，不足${minDays}天` : `${d.name}未核实录像保存天数`,
      }));
    return result(id, ratioOutcome(ok.length, list.length),
      ok.map((d) => deviceRecord(d, 'monitoring', `核实保存${d.retentionDays}天（${d.retentionVerifiedOn}）`)), gaps);
  }
}

/** Default evaluation period: the calendar year of the as-of date, up to that date. */
export function defaultPeriod(asOf: Date): { from: string; to: string } {
  const today = shanghaiDate(asOf);
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}
