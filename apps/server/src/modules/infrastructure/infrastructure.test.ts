import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATOR_CATALOGUE, type IndicatorResult } from '@cg/domain';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import type { AuthUser } from '../../core/context.ts';
import { infrastructureIndicators } from './infrastructure-indicators.ts';

// A fixed business clock ahead of the real one, so documents uploaded now (stamped by the database) are before it.
const NOW = new Date('2027-04-15T10:00:00+08:00');
const PERIOD = { from: '2027-01-01', to: '2027-12-31' };

function multipart(content: Buffer, fileName: string) {
  const boundary = '----cginfra' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { body: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

describe('基础设施登记', () => {
  let t: TestApp;
  let squadron: { id: string; name: string; path?: string };
  let empty: { id: string; name: string };
  let district: { id: string };
  const scopeUser = { unitPath: '/' } as AuthUser;

  const post = async (path: string, body: unknown, user = 'njdl_nq') => {
    const res = await t.as(user, 'POST', `/api/infrastructure/units/${squadron.id}/${path}`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const indicators = async (unitId: string, q = `from=${PERIOD.from}&to=${PERIOD.to}`) => {
    const res = await t.as('hp_admin', 'GET', `/api/infrastructure/units/${unitId}/indicators?${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().indicators as (IndicatorResult & { label: string })[];
  };
  const get = (list: IndicatorResult[], id: string) => list.find((i) => i.id === id)!;
  const value = (list: IndicatorResult[], id: string) => (get(list, id).outcome as { value: number | null }).value;
  const gapLabels = (list: IndicatorResult[], id: string) => get(list, id).gaps.map((g) => g.label);

  beforeAll(async () => {
    t = await createTestApp({ demoEquipment: false, now: () => NOW });
    squadron = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json().unit;
    empty = (await t.as('admin', 'GET', '/api/units?q=310101002')).json().items[0];
    district = (await t.as('admin', 'GET', '/api/units?q=310101')).json().items.find((u: { code: string }) => u.code === '310101');
  });
  afterAll(() => t.close());

  it('answers every infra.* and documents.* indicator of the catalogue; an empty squadron scores 0 with gaps', async () => {
    const list = await indicators(empty.id);
    const ids = INDICATOR_CATALOGUE.filter((d) => /^(infra|documents)\./.test(d.id)).map((d) => d.id);
    expect(ids).toHaveLength(15);
    expect(list.map((i) => i.id)).toEqual(ids);
    for (const i of list) {
      if (i.id === 'infra.machine_room_log') continue;
      expect(i.outcome, i.id).toMatchObject({ available: true, value: 0 });
      expect(i.gaps.length, i.id).toBeGreaterThan(0);
      expect(i.records, i.id).toEqual([]);
    }
    expect(gapLabels(list, 'infra.network_links')).toEqual(['缺少政务外网链路', '缺少互联网链路']);
    expect(gapLabels(list, 'infra.internal_camera_coverage')).toContain('暂扣物品存放室未配置摄像机');
    expect(gapLabels(list, 'infra.business_room_av')).toContain('案件审理室未配置联网门禁');
    expect(gapLabels(list, 'documents.machine_room_rules')).toEqual(['未上传机房管理制度']);
    // Jan–Mar have ended without an entry: months are a shortfall.
    expect(get(list, 'infra.machine_room_log').outcome).toMatchObject({ value: 0, numerator: 0, denominator: 3 });
    expect(gapLabels(list, 'infra.machine_room_log')).toEqual(['2027年1月无机房记录', '2027年2月无机房记录', '2027年3月无机房记录']);
    expect(get(list, 'infra.network_links').gaps[0].link).toBe(`/infrastructure?unitId=${empty.id}&tab=network`);
    // A period whose months have not ended and hold no entry has nothing to measure yet.
    const future = await indicators(empty.id, 'from=2027-04-01&to=2027-06-30');
    expect(get(future, 'infra.machine_room_log').outcome).toMatchObject({ available: true, value: null, reason: expect.any(String) });
  });

  it('registers links, room and devices, keeps one room per squadron, checks versions and audits every write', async () => {
    const gov = await post('links', { kind: 'gov_extranet', provider: '电子政务外网', upMbps: 20, downMbps: 20 });
    expect(gov).toMatchObject({ kind: 'gov_extranet', kindLabel: '政务外网', upMbps: 20, version: 1 });
    const net = await post('links', { kind: 'internet', provider: '中国电信', upMbps: 6, downMbps: 100 });

    const stale = await t.as('njdl_nq', 'PATCH', `/api/infrastructure/links/${net.id}`, { version: 1, upMbps: 5 });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toMatchObject({ upMbps: 5, version: 2 });
    const conflict = await t.as('njdl_nq', 'PATCH', `/api/infrastructure/links/${net.id}`, { version: 1, upMbps: 50 });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().code).toBe('VERSION_CONFLICT');

    const badRoom = await t.as('njdl_nq', 'POST', `/api/infrastructure/units/${squadron.id}/command-room`, { mode: 'shared', location: '三楼' });
    expect(badRoom.statusCode).toBe(400);
    expect(badRoom.json().details).toEqual([expect.objectContaining({ field: 'sharedWith', message: '共享的勤务指挥室须填写共享单位' })]);
    await post('command-room', { mode: 'own', location: '办公楼二楼203室', areaM2: 40 });
    const second = await t.as('njdl_nq', 'POST', `/api/infrastructure/units/${squadron.id}/command-room`, { mode: 'own', location: '一楼' });
    expect(second.statusCode).toBe(409);

    const badBandwidth = await t.as('njdl_nq', 'POST', `/api/infrastructure/units/${squadron.id}/links`, { kind: 'internet', upMbps: -1, downMbps: 'x' });
    expect(badBandwidth.statusCode).toBe(400);
    expect(badBandwidth.json().message).toContain('上行带宽须大于0');
    expect(badBandwidth.json().message).toContain('下行带宽');

    const badCamera = await t.as('njdl_nq', 'POST', `/api/infrastructure/units/${squadron.id}/devices`, { kind: 'camera', name: '门口枪机', locationKind: 'hearing_room' });
    expect(badCamera.statusCode).toBe(400);
    expect(badCamera.json().details[0]).toMatchObject({ field: 'locationKind', message: expect.stringContaining('出入口、内部通道、暂扣物品存放室、勤务指挥室') });
    const halfRetention = await t.as('njdl_nq', 'POST', `/api/infrastructure/units/${squadron.id}/devices`,
      { kind: 'camera', name: '门口枪机', locationKind: 'entrance', retentionDays: 20 });
    expect(halfRetention.json().details[0]).toMatchObject({ field: 'retentionVerifiedOn' });

    const audit = (await t.as('admin', 'GET', `/api/audit?entityType=infra_network_link&entityId=${net.id}`)).json();
    expect(audit.items.map((a: { action: string }) => a.action).sort()).toEqual(['create', 'update']);

    const registry = (await t.as('njdl_dy', 'GET', `/api/infrastructure/units/${squadron.id}`));
    expect(registry.statusCode).toBe(403); // 队员 has no infra.read
    const reg = (await t.as('njdl_zdz', 'GET', `/api/infrastructure/units/${squadron.id}`)).json();
    expect(reg.links).toHaveLength(2);
    expect(reg.room).toMatchObject({ mode: 'own', modeLabel: '自建', areaM2: 40 });
    expect(reg.documents).toEqual({ machineRoomRules: null, equipmentRules: null });
  });

  it('refuses units that are not squadrons and squadrons out of scope', async () => {
    const notSquadron = await t.as('hp_admin', 'GET', `/api/infrastructure/units/${district.id}`);
    expect(notSquadron.statusCode).toBe(400);
    expect(notSquadron.json().message).toContain('不是中队');
    const other = (await t.as('admin', 'GET', '/api/units?q=310104001')).json().items[0];
    expect((await t.as('njdl_nq', 'GET', `/api/infrastructure/units/${other.id}`)).statusCode).toBe(404);
    expect((await t.as('njdl_nq', 'POST', `/api/infrastructure/units/${other.id}/links`, { kind: 'internet', upMbps: 10, downMbps: 10 })).statusCode).toBe(404);
    expect((await t.as('hp_admin', 'GET', `/api/infrastructure/units/${squadron.id}`)).statusCode).toBe(200);
  });

  it('computes each indicator from hand-built data, with records and gaps', async () => {
    // Devices: display in service, dispatch out of service; cameras at three of four places; two business rooms complete.
    await post('devices', { kind: 'display', name: '拼接大屏', model: 'LED-55' });
    const dispatch = await post('devices', { kind: 'dispatch', name: '调度台', inService: false });
    await post('devices', { kind: 'camera', name: '大门枪机', locationKind: 'entrance', retentionDays: 30, retentionVerifiedOn: '2027-04-01' });
    await post('devices', { kind: 'camera', name: '走廊半球', locationKind: 'corridor', retentionDays: 10, retentionVerifiedOn: '2027-04-01' });
    await post('devices', { kind: 'camera', name: '指挥室半球', locationKind: 'command_room' });
    await post('devices', { kind: 'camera', name: '仓库旧机', locationKind: 'seized_storage', inService: false });
    for (const room of ['reception_hall', 'hearing_room'] as const) {
      await post('devices', { kind: 'av_recorder', name: `${room}录音录像`, locationKind: room, retentionDays: room === 'hearing_room' ? 90 : 20, retentionVerifiedOn: '2027-03-20' });
      await post('devices', { kind: 'access_control', name: `${room}门禁`, locationKind: room });
    }
    await post('devices', { kind: 'av_recorder', name: '信访录音录像', locationKind: 'petition_room' });
    // Test calls: a failed one, then none successful until March.
    await post('test-calls', { at: '2027-02-10T10:00:00+08:00', success: false, note: '音频无声' });
    // Machine-room log in January, March and April (April is under way).
    for (const at of ['2027-01-10T09:00:00+08:00', '2027-03-05T09:00:00+08:00', '2027-03-31T23:30:00+08:00', '2027-04-02T09:00:00+08:00']) {
      await post('machine-room-logs', { at, kind: 'watch', text: '机房巡检正常' });
    }

    let list = await indicators(squadron.id);
    expect(value(list, 'infra.network_links')).toBe(1);
    // internet link is 5 up / 100 down: below 10 Mbit/s business need.
    expect(get(list, 'infra.bandwidth_business').outcome).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(gapLabels(list, 'infra.bandwidth_business')).toEqual(['互联网带宽不足']);
    // best uplink 20 ≥ 8.
    expect(get(list, 'infra.bandwidth_video').outcome).toMatchObject({ value: 1, numerator: 20, denominator: 8 });
    expect(value(list, 'infra.command_room')).toBe(1);
    expect(value(list, 'infra.command_room_display')).toBe(1);
    expect(value(list, 'infra.command_room_dispatch')).toBe(0);
    expect(gapLabels(list, 'infra.command_room_dispatch')).toEqual(['勤务指挥室未配置在用的指挥调度设备']);
    expect(value(list, 'infra.video_conference')).toBe(0);
    expect(value(list, 'infra.video_conference_test')).toBe(0);
    expect(gapLabels(list, 'infra.video_conference_test')).toEqual(['考核期间内1次测试通话均未成功']);
    // Jan ✓, Feb ✗, Mar ✓ (ended), Apr ✓ (under way, has an entry).
    expect(get(list, 'infra.machine_room_log').outcome).toMatchObject({ value: 0.75, numerator: 3, denominator: 4 });
    expect(gapLabels(list, 'infra.machine_room_log')).toEqual(['2027年2月无机房记录']);
    expect(get(list, 'infra.machine_room_log').records.find((r) => r.label === '2027年3月')?.detail).toBe('2条机房记录');
    expect(get(list, 'infra.internal_camera_coverage').outcome).toMatchObject({ value: 0.75, numerator: 3, denominator: 4 });
    expect(gapLabels(list, 'infra.internal_camera_coverage')).toEqual(['暂扣物品存放室未配置摄像机']);
    expect(get(list, 'infra.internal_camera_retention').outcome).toMatchObject({ numerator: 1, denominator: 3 });
    expect(gapLabels(list, 'infra.internal_camera_retention').sort()).toEqual(['指挥室半球未核实录像保存天数', '走廊半球录像保存10天，不足15天'].sort());
    expect(get(list, 'infra.business_room_av').outcome).toMatchObject({ numerator: 2, denominator: 3 });
    expect(gapLabels(list, 'infra.business_room_av')).toEqual(['信访接待室未配置联网门禁']);
    expect(get(list, 'infra.business_room_retention').outcome).toMatchObject({ numerator: 1, denominator: 3 });
    expect(value(list, 'documents.machine_room_rules')).toBe(0);

    // Fix the gaps: a dispatch desk back in service, a terminal and a successful call, the rules uploaded.
    const fixed = await t.as('njdl_nq', 'PATCH', `/api/infrastructure/devices/${dispatch.id}`, { version: 1, inService: true });
    expect(fixed.statusCode, fixed.body).toBe(200);
    await post('devices', { kind: 'video_conference', name: '视频会议终端', model: 'HUAWEI TE20' });
    await post('test-calls', { at: '2027-03-18T15:00:00+08:00', success: true, counterpart: '区局指挥中心' });
    const doc = multipart(pdf('机房'), '机房管理制度.pdf');
    const up = await t.as('njdl_nq', 'POST', `/api/units/${squadron.id}/documents?kind=machine_room_rules&title=${encodeURIComponent('机房管理制度')}`, doc.body, doc.headers);
    expect(up.statusCode, up.body).toBe(201);
    list = await indicators(squadron.id);
    expect(value(list, 'infra.command_room_dispatch')).toBe(1);
    expect(value(list, 'infra.video_conference')).toBe(1);
    expect(value(list, 'infra.video_conference_test')).toBe(1);
    expect(get(list, 'infra.video_conference_test').records[0]).toMatchObject({ label: '2027-03-18 测试通话成功', detail: '区局指挥中心' });
    expect(value(list, 'documents.machine_room_rules')).toBe(1);
    expect(get(list, 'documents.machine_room_rules').records[0]).toMatchObject({ label: '机房管理制度（第1版）', link: `/equipment/documents?unitId=${squadron.id}` });
    expect(value(list, 'documents.equipment_rules')).toBe(0);

    // A low uplink on the only link with the most bandwidth: video ratio is uplink / 8.
    const gov = (await t.as('njdl_nq', 'GET', `/api/infrastructure/units/${squadron.id}`)).json().links.find((l: { kind: string }) => l.kind === 'gov_extranet');
    await t.as('njdl_nq', 'PATCH', `/api/infrastructure/links/${gov.id}`, { version: gov.version, upMbps: 6 });
    list = await indicators(squadron.id);
    expect(get(list, 'infra.bandwidth_video').outcome).toMatchObject({ value: 0.75, numerator: 6, denominator: 8 });
    expect(gapLabels(list, 'infra.bandwidth_video')).toEqual(['上行带宽不足以上传2路实时视频']);
  });

  it('ignores rows registered after the as-of instant and test calls outside the period', async () => {
    const before = await infrastructureIndicators(t.database.db, scopeUser, squadron.id, PERIOD, new Date('2027-01-01T00:00:00+08:00'));
    expect(before.find((i) => i.id === 'infra.network_links')!.outcome).toMatchObject({ value: 0 });
    expect(before.find((i) => i.id === 'infra.command_room')!.outcome).toMatchObject({ value: 0 });
    const q2 = await infrastructureIndicators(t.database.db, scopeUser, squadron.id, { from: '2027-04-01', to: '2027-06-30' }, NOW);
    expect(q2.find((i) => i.id === 'infra.video_conference_test')!.outcome).toMatchObject({ value: 0 });
    expect(q2.find((i) => i.id === 'infra.machine_room_log')!.outcome).toMatchObject({ value: 1, numerator: 1, denominator: 1 });
  });

  it('lists the machine-room log by page and deletes with a version check', async () => {
    const page = (await t.as('njdl_nq', 'GET', `/api/infrastructure/units/${squadron.id}/machine-room-logs?page=1&pageSize=2`)).json();
    expect(page).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    expect(page.items.map((l: { at: string }) => l.at)).toEqual(['2027-04-02T01:00:00.000Z', '2027-03-31T15:30:00.000Z']);
    expect(page.items[0]).toMatchObject({ kind: 'watch', kindLabel: '值守' });
    const march = (await t.as('njdl_nq', 'GET', `/api/infrastructure/units/${squadron.id}/machine-room-logs?from=2027-03-01&to=2027-03-31`)).json();
    expect(march.total).toBe(2);
    const id = page.items[0].id;
    expect((await t.as('njdl_nq', 'DELETE', `/api/infrastructure/machine-room-logs/${id}?version=9`)).statusCode).toBe(409);
    expect((await t.as('njdl_nq', 'DELETE', `/api/infrastructure/machine-room-logs/${id}?version=1`)).json()).toEqual({ id, deleted: true });
    expect((await t.as('njdl_nq', 'DELETE', `/api/infrastructure/machine-room-logs/${id}`)).statusCode).toBe(404);
    const late = await t.as('njdl_nq', 'POST', `/api/infrastructure/units/${squadron.id}/machine-room-logs`, { at: '2027-05-01T09:00:00+08:00', kind: 'fault', text: '空调故障' });
    expect(late.statusCode).toBe(400);
    expect(late.json().details[0]).toMatchObject({ field: 'at', message: '时间不能晚于当前时间' });
  });
});
