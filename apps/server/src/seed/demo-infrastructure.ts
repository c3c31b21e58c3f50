// Demo 基础设施登记 for the demo district's squadrons (黄浦): each squadron gets one of a few profiles so the registry
// page and the evaluation show differences — complete ones, one whose uplink is too thin for video and has no
// video-conference terminal, one missing a camera location (and short retention, a shared command room), one with
// months without machine-room log and only failed test calls, one with hardly anything registered. Records are dated
// as if entered over the past year (created_at = when), so “as of” works. Rules documents (a tiny PDF) for the complete
// ones only. Written as the infrastructure module would write them; no audit entries, like the rest of the demo history.
import { DEMO_DISTRICT_CODE } from '@cg/demo-data';
import { shanghaiDate, shanghaiStartOfDay, SQUADRON_KINDS } from '@cg/domain';
import { createHash } from 'node:crypto';
import { queryOne, queryRows, sql, type Database, type Executor } from '@cg/db';

const DAY_MS = 86_400_000;

type Profile = 'complete_gap' | 'complete' | 'thin_uplink' | 'camera_gap' | 'log_gap' | 'sparse';
const PROFILES: Profile[] = ['complete_gap', 'complete', 'thin_uplink', 'camera_gap', 'log_gap', 'sparse'];

const LOG_TEXTS: [string, string][] = [
  ['watch', '机房巡检：温湿度正常，UPS 市电供电，交换机、录像机运行正常'],
  ['watch', '值守巡查：机柜门已锁，监控录像机硬盘状态正常'],
  ['maintenance', '清理机柜灰尘，检查网线标签，更新设备台账'],
  ['maintenance', '录像机固件升级，核对各通道录像完整'],
  ['fault', '政务外网中断约20分钟，已报区局信息科，线路恢复正常'],
];

async function insertRows(db: Executor, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.execute(sql`INSERT INTO ${sql.identifier(table)} (${sql.raw(columns.join(', '))}) VALUES ${sql.join(
      chunk.map((r) => sql`(${sql.join(r.map((v) => sql`${v}`), sql`, `)})`), sql`, `)}`);
  }
}

/** 'YYYY-MM' of the calendar month `n` months before the month of `date`. */
function monthBefore(date: string, n: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const tinyPdf = (title: string) => Buffer.from(`%PDF-1.4\n% ${title}（演示文件）\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

export async function seedDemoInfrastructure(db: Database, asOf = new Date()): Promise<{ squadrons: number; devices: number; logs: number }> {
  const district = await queryOne<{ path: string }>(db, sql`SELECT path FROM units WHERE code = ${DEMO_DISTRICT_CODE}`);
  if (!district) return { squadrons: 0, devices: 0, logs: 0 };
  const existing = await queryOne<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM infra_network_links`);
  if (existing && existing.n > 0) return { squadrons: 0, devices: 0, logs: 0 };
  const squadrons = await queryRows<{ id: string; name: string; address: string | null }>(db, sql`
    SELECT id, name, address FROM units
    WHERE path LIKE ${district.path + '%'} AND kind IN (${sql.join(SQUADRON_KINDS.map((k) => sql`${k}`), sql`, `)}) ORDER BY code`);
  const clerk = await queryOne<{ id: string; name: string }>(db, sql`
    SELECT id, display_name || '(' || username || ')' AS name FROM users WHERE username = 'njdl_nq'`);
  const by = clerk ?? { id: null, name: '系统' };
  const today = shanghaiDate(asOf);
  /** Noon (Shanghai) `days` ago, as an ISO instant. */
  const ago = (days: number, hour = 12) => new Date(shanghaiStartOfDay(today).getTime() - days * DAY_MS + hour * 3_600_000).toISOString();
  const dateAgo = (days: number) => shanghaiDate(new Date(asOf.getTime() - days * DAY_MS));
  const registeredAt = ago(330, 10);

  const links: unknown[][] = [];
  const rooms: unknown[][] = [];
  const devices: unknown[][] = [];
  const calls: unknown[][] = [];
  const logs: unknown[][] = [];
  const docs: unknown[][] = [];
  const stamp = (at: string) => [by.id, by.name, at, at];

  for (const [i, sq] of squadrons.entries()) {
    const profile = PROFILES[i % PROFILES.length];
    const link = (kind: string, provider: string, up: number, down: number) =>
      links.push([sq.id, kind, provider, up, down, null, ...stamp(registeredAt)]);
    const device = (kind: string, name: string, model: string | null, locationKind: string | null, room: string | null,
      retention: number | null = null, inService = true) =>
      devices.push([sq.id, kind, name, model, locationKind, room, retention, retention === null ? null : dateAgo(20), inService, null, ...stamp(registeredAt)]);

    // 网络
    if (profile === 'thin_uplink') {
      link('gov_extranet', '电子政务外网', 4, 10);
      link('internet', '中国联通', 4, 50);
    } else if (profile === 'sparse') {
      link('gov_extranet', '电子政务外网', 10, 10);
    } else {
      link('gov_extranet', '电子政务外网', 20, 20);
      link('internet', profile === 'camera_gap' ? '中国移动' : '中国电信', profile === 'complete' ? 50 : 30, 200);
    }
    if (profile === 'sparse') continue;

    // 勤务指挥室与设备
    const shared = profile === 'camera_gap';
    rooms.push([sq.id, shared ? 'shared' : 'own', shared ? '街道城运中心' : null,
      shared ? '街道城运中心三楼指挥大厅' : `${sq.address ?? sq.name}办公楼二楼`, shared ? null : 45, null, ...stamp(registeredAt)]);
    device('display', '指挥室拼接大屏', '海康 DS-D2055 4×2', null, '指挥室北墙');
    device('display', '值班工作站双屏', '联想 T24', null, '值班台');
    if (profile !== 'log_gap') device('dispatch', '融合指挥调度台', '华为 eSDK 调度台', null, '值班台');
    device('dispatch', '对讲机基地台', '摩托罗拉 XiR M8668', null, '值班台', null, profile !== 'log_gap');
    if (profile !== 'thin_uplink') device('video_conference', '视频会议终端', '华为 TE40', null, '指挥室');

    // 内部监控 and 重要业务用房
    const shortRetention = profile === 'camera_gap';
    device('camera', '大门出入口枪机', '海康 DS-2CD3T47', 'entrance', '一楼大门', shortRetention ? 10 : 30);
    device('camera', '后门出入口半球', '海康 DS-2CD3347', 'entrance', '一楼后门', 30);
    device('camera', '一楼走廊半球', '大华 DH-IPC-HDW2433', 'corridor', '一楼走廊', 30);
    if (profile !== 'camera_gap') device('camera', '暂扣物品仓库半球', '大华 DH-IPC-HDW2433', 'seized_storage', '负一层仓库', 30);
    device('camera', '指挥室全景摄像机', '海康 DS-2CD3956', 'command_room', '指挥室', profile === 'log_gap' ? null : 30);
    for (const [roomKind, roomName] of [['reception_hall', '受理接待大厅'], ['hearing_room', '案件审理室'], ['petition_room', '信访接待室']] as const) {
      device('av_recorder', `${roomName}高清同步录音录像`, '科达 KDV-HD1080', roomKind, roomName, profile === 'camera_gap' && roomKind === 'hearing_room' ? 20 : 90);
      if (!(profile === 'camera_gap' && roomKind === 'petition_room')) device('access_control', `${roomName}联网门禁`, '海康 DS-K1T671', roomKind, roomName);
    }

    // 视频会议 test calls with the district, quarterly (failed ones only for the log_gap squadron).
    if (profile !== 'thin_uplink') {
      for (const days of [300, 210, 120, 30]) {
        const at = ago(days, 15);
        const ok = profile !== 'log_gap';
        calls.push([sq.id, at, ok, '区局指挥中心值班员', ok ? '音视频清晰，通话正常' : '区局端无图像，待排查', ...stamp(at)]);
      }
    }

    // 机房记录: 2–3 entries in each calendar month of the past year; whole months missing where the profile says.
    for (let m = 0; m < 13; m++) {
      if (profile === 'complete_gap' && m === 1) continue;
      if (profile === 'log_gap' && (m === 2 || m === 4 || m === 5)) continue;
      const month = monthBefore(today, m);
      for (let k = 0; k < 2 + (m % 2); k++) {
        const at = new Date(shanghaiStartOfDay(`${month}-${String(5 + k * 9).padStart(2, '0')}`).getTime() + (9 + k) * 3_600_000).toISOString();
        if (new Date(at).getTime() > asOf.getTime()) continue;
        const [kind, text] = LOG_TEXTS[(i + m + k) % LOG_TEXTS.length];
        logs.push([sq.id, at, kind, text, ...stamp(at)]);
      }
    }

    // 制度文件 for the complete profiles.
    if (profile === 'complete' || profile === 'complete_gap') {
      for (const [kind, title] of [['machine_room_rules', '机房管理制度'], ['equipment_rules', '装备使用、维护、管理制度']] as const) {
        const has = await queryOne<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM unit_documents WHERE unit_id = ${sq.id} AND kind = ${kind}`);
        if (has && has.n > 0) continue;
        const content = tinyPdf(title);
        docs.push([sq.id, kind, `${sq.name}${title}`, 1, `${title}.pdf`, 'application/pdf', content.length,
          createHash('sha256').update(content).digest('hex'), content, by.id, by.name, registeredAt]);
      }
    }
  }

  const who = ['created_by_id', 'created_by_name', 'created_at', 'updated_at'];
  await db.transaction(async (tx) => {
    await insertRows(tx, 'infra_network_links', ['unit_id', 'kind', 'provider', 'up_mbps', 'down_mbps', 'note', ...who], links);
    await insertRows(tx, 'infra_command_rooms', ['unit_id', 'mode', 'shared_with', 'location', 'area_m2', 'note', ...who], rooms);
    await insertRows(tx, 'infra_devices', ['unit_id', 'kind', 'name', 'model', 'location_kind', 'room', 'retention_days', 'retention_verified_on',
      'in_service', 'note', ...who], devices);
    await insertRows(tx, 'infra_test_calls', ['unit_id', 'at', 'success', 'counterpart', 'note', ...who], calls);
    await insertRows(tx, 'infra_machine_room_logs', ['unit_id', 'at', 'kind', 'text', ...who], logs);
    await insertRows(tx, 'unit_documents', ['unit_id', 'kind', 'title', 'version', 'file_name', 'mime_type', 'size_bytes', 'sha256', 'content',
      'uploaded_by_id', 'uploaded_by_name', 'uploaded_at'], docs);
  });
  return { squadrons: squadrons.length, devices: devices.length, logs: logs.length };
}
