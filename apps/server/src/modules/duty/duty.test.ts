// 勤务 against a real database with the business clock pinned: a clerk plans 南京东路街道中队's 13 October and publishes
// it on time, changes after publication are logged; double booking and approved leave keep officers off shifts; the
// officers check in from the phone inside and outside the area (flagged), a resend with the same Idempotency-Key is
// answered from the first and writes nothing; log photos of the wrong type or size are refused with nothing written;
// 一人一档 shows what happened and exports to Excel; the indicators count exactly; other districts see nothing; every
// write is audited.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { FILE_SHEETS } from './duty-file.service.ts';

const M_PER_DEG_LAT = (Math.PI * 6371008.8) / 180;
const HALF_SIDE_M = 500;

function multipart(file: Buffer, name: string, type: string) {
  const boundary = '----cgduty' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, file, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A tiny PNG: the signature and an IHDR chunk are all imageMimeOf looks at. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR-test-image-bytes')]);

interface Officer { id: string; name: string }

describe('勤务', () => {
  let t: TestApp;
  let clock = new Date('2026-10-12T10:00:00+08:00');
  let squadron: { id: string; name: string; path: string; centerLat: number; centerLon: number };
  let dy: Officer; let zdz: Officer; let nq: Officer;
  let others: Officer[];
  let vehicles: { id: string; plate: string }[];
  let planId: string;
  let early: string; let late: string; let night: string;
  let logId: string;

  const at = (s: string) => new Date(`${s}+08:00`).toISOString();
  const north = (m: number) => squadron.centerLat + m / M_PER_DEG_LAT;
  const square = () => {
    const dLat = HALF_SIDE_M / M_PER_DEG_LAT;
    const dLon = dLat / Math.cos((squadron.centerLat * Math.PI) / 180);
    const { centerLon: x, centerLat: y } = squadron;
    return [[x - dLon, y - dLat], [x + dLon, y - dLat], [x + dLon, y + dLat], [x - dLon, y + dLat], [x - dLon, y - dLat]];
  };
  const written = async () => ({
    plans: await t.count('duty_plans'), shifts: await t.count('duty_shifts'), members: await t.count('duty_shift_members'),
    changes: await t.count('duty_plan_changes'), checkins: await t.count('duty_checkins'), logs: await t.count('duty_log_entries'),
    photos: await t.count('duty_log_photos'), leaves: await t.count('duty_leaves'), requests: await t.count('client_requests'),
    audit: await t.count('audit_log'),
  });
  const audit = (entityType: string, entityId: string) => queryRows<{ action: string }>(t.database.db, sql`
    SELECT action FROM audit_log WHERE entity_type = ${entityType} AND entity_id = ${entityId} ORDER BY seq`).then((r) => r.map((a) => a.action));
  const checkIn = (user: string, shiftId: string, kind: 'in' | 'out', body: object, key?: string) =>
    t.as(user, 'POST', `/api/duty/my/shifts/${shiftId}/check-${kind}`, body, key ? { 'idempotency-key': key } : {});

  beforeAll(async () => {
    t = await createTestApp({ now: () => clock });
    const me = (await t.as('njdl_zdz', 'GET', '/api/auth/me')).json();
    squadron = (await t.as('njdl_zdz', 'GET', `/api/units/${me.unit.id}`)).json();
    const officerOf = async (username: string) => (await queryOne<Officer>(t.database.db, sql`
      SELECT o.id, o.name FROM users u JOIN officers o ON o.id = u.officer_id WHERE u.username = ${username}`))!;
    [dy, zdz, nq] = [await officerOf('njdl_dy'), await officerOf('njdl_zdz'), await officerOf('njdl_nq')];
    others = await queryRows<Officer>(t.database.db, sql`
      SELECT o.id, o.name FROM officers o WHERE o.unit_id = ${squadron.id} AND o.status = '在岗'
        AND o.id NOT IN (SELECT officer_id FROM users WHERE officer_id IS NOT NULL) ORDER BY o.name, o.id LIMIT 3`);
    vehicles = await queryRows<{ id: string; plate: string }>(t.database.db, sql`
      SELECT e.id, COALESCE(e.attributes->>'plate', e.asset_tag) AS plate FROM equipment_items e
      JOIN equipment_categories c ON c.id = e.category_id AND c.code = 'vehicle'
      WHERE e.unit_id = ${squadron.id} AND e.status IN ('在库', '在用') ORDER BY e.asset_tag LIMIT 2`);
    expect(others).toHaveLength(3);
    expect(vehicles.length).toBeGreaterThanOrEqual(1);
  });
  afterAll(() => t.close());

  it('plans a day, publishes it on time; after publication every change is logged', async () => {
    const created = await t.as('njdl_nq', 'POST', '/api/duty/plans', { unitId: squadron.id, date: '2026-10-13', note: '国庆后首个工作日' });
    expect(created.statusCode, created.body).toBe(201);
    const plan = created.json();
    planId = plan.id;
    expect(plan).toMatchObject({ status: 'draft', planDate: '2026-10-13', timing: 'not_due', publishDeadline: '2026-10-12T09:00:00.000Z', shifts: [], changes: [] });
    const again = await t.as('njdl_zdz', 'POST', '/api/duty/plans', { unitId: squadron.id, date: '2026-10-13' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('已存在');

    const addEarly = await t.as('njdl_nq', 'POST', `/api/duty/plans/${planId}/shifts`, {
      name: '早班', startsAt: at('2026-10-13T08:00:00'), endsAt: at('2026-10-13T16:00:00'), area: square(), areaName: '步行街片区',
      patrolRoute: [[squadron.centerLon, squadron.centerLat], [squadron.centerLon, north(300)]],
      members: [{ officerId: zdz.id, role: 'leader' }, { officerId: dy.id }, { officerId: others[0].id }], vehicleIds: [vehicles[0].id],
    });
    expect(addEarly.statusCode, addEarly.body).toBe(201);
    early = addEarly.json().shifts[0].id;
    expect(addEarly.json().shifts[0]).toMatchObject({ name: '早班', timeLabel: '08:00–16:00', areaName: '步行街片区' });
    expect(addEarly.json().shifts[0].members.map((m: { name: string; roleLabel: string }) => `${m.name}${m.roleLabel}`)[0]).toBe(`${zdz.name}带班`);
    expect(addEarly.json().shifts[0].vehicles.map((v: { vehicleId: string }) => v.vehicleId)).toEqual([vehicles[0].id]);
    // 晚班 has no area of its own: check-ins are judged against the squadron's jurisdiction.
    const addLate = await t.as('njdl_nq', 'POST', `/api/duty/plans/${planId}/shifts`, {
      name: '晚班', startsAt: at('2026-10-13T16:00:00'), endsAt: at('2026-10-14T00:00:00'), members: [{ officerId: nq.id, role: 'leader' }, { officerId: others[1].id }],
    });
    expect(addLate.statusCode, addLate.body).toBe(201);
    late = addLate.json().shifts.find((s: { name: string }) => s.name === '晚班').id;
    const addNight = await t.as('njdl_nq', 'POST', `/api/duty/plans/${planId}/shifts`, {
      name: '夜班', startsAt: at('2026-10-13T22:00:00'), endsAt: at('2026-10-14T06:00:00'), members: [{ officerId: others[0].id }],
    });
    expect(addNight.statusCode, addNight.body).toBe(201);
    night = addNight.json().shifts.find((s: { name: string }) => s.name === '夜班').id;
    expect(addNight.json().shifts.find((s: { name: string }) => s.name === '夜班').timeLabel).toBe('22:00–次日06:00');
    const version = addNight.json().version;

    const stale = await t.as('njdl_nq', 'POST', `/api/duty/plans/${planId}/publish`, { version: version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const published = await t.as('njdl_nq', 'POST', `/api/duty/plans/${planId}/publish`, { version });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', publishedAt: clock.toISOString(), timing: 'on_time', changes: [] });
    expect((await t.as('njdl_nq', 'POST', `/api/duty/plans/${planId}/publish`, { version: published.json().version })).statusCode).toBe(409);
    expect((await t.as('njdl_nq', 'DELETE', `/api/duty/plans/${planId}`)).statusCode).toBe(409);

    // A change after publication: 晚班 gets one more officer.
    const changed = await t.as('njdl_zdz', 'PUT', `/api/duty/shifts/${late}`, {
      name: '晚班', startsAt: at('2026-10-13T16:00:00'), endsAt: at('2026-10-14T00:00:00'),
      members: [{ officerId: nq.id, role: 'leader' }, { officerId: others[1].id }, { officerId: others[2].id }],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const changes = changed.json().changes;
    expect(changes).toHaveLength(1);
    expect(changes[0].summary).toBe(`修改班次“晚班”：人员 +${others[2].name}`);
    expect(changes[0].actorName).toContain('njdl_zdz');
    expect(changes[0].before.members.map((m: { officerId: string }) => m.officerId)).toEqual(expect.not.arrayContaining([others[2].id]));
    expect(changes[0].after.members.map((m: { officerId: string }) => m.officerId)).toContain(others[2].id);
    // The same body again is no change and logs nothing.
    const same = await t.as('njdl_zdz', 'PUT', `/api/duty/shifts/${late}`, {
      name: '晚班', startsAt: at('2026-10-13T16:00:00'), endsAt: at('2026-10-14T00:00:00'),
      members: [{ officerId: nq.id, role: 'leader' }, { officerId: others[1].id }, { officerId: others[2].id }],
    });
    expect(same.json().changes).toHaveLength(1);
    expect(await audit('duty_plan', planId)).toEqual(['create', 'shift_create', 'shift_create', 'shift_create', 'publish', 'shift_update']);

    const list = (await t.as('hp_admin', 'GET', '/api/duty/plans?from=2026-10-12&to=2026-10-18')).json();
    expect(list.items.map((p: { id: string }) => p.id)).toEqual([planId]);
    expect(list.items[0]).toMatchObject({ unitName: squadron.name, shiftCount: 3, memberCount: 6, status: 'published' });
    const openapi = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(openapi.paths['/api/duty/plans/{id}/publish'].post.summary).toMatch(/按时发布/);
  });

  it('refuses bad input with the field named, double booking and leave, and writes nothing', async () => {
    const before = await written();
    const bad: [object, string, RegExp][] = [
      [{ name: '中班', startsAt: at('2026-10-14T08:00:00'), endsAt: at('2026-10-14T16:00:00') }, 'startsAt', /计划日期2026-10-13当天/],
      [{ name: '中班', startsAt: at('2026-10-13T12:00:00'), endsAt: at('2026-10-13T11:00:00') }, 'endsAt', /晚于开始时间/],
      [{ name: '中班', startsAt: at('2026-10-13T12:00:00'), endsAt: at('2026-10-13T20:00:00'), area: [[121.4, 31.2], [121.5, 31.2], [121.4, 31.2]] }, 'area', /至少需要4个坐标/],
      [{ name: '中班', startsAt: '2026-10-13 12:00', endsAt: at('2026-10-13T20:00:00') }, 'startsAt', /ISO 8601/],
      [{ name: '', startsAt: at('2026-10-13T12:00:00'), endsAt: at('2026-10-13T20:00:00') }, 'name', /班次名称/],
      [{ name: '中班', startsAt: at('2026-10-13T12:00:00'), endsAt: at('2026-10-13T20:00:00'), members: [{ officerId: others[1].id }, { officerId: others[1].id }] }, 'members', /重复/],
    ];
    for (const [body, field, message] of bad) {
      const res = await t.as('njdl_nq', 'POST', `/api/duty/plans/${planId}/shifts`, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field)).toContain(field);
      expect(JSON.stringify(res.json())).toMatch(message);
    }
    // 中班 12:00–20:00 would put 队员 on two shifts at once (早班 until 16:00).
    const double = await t.as('njdl_nq', 'POST', `/api/duty/plans/${planId}/shifts`, {
      name: '中班', startsAt: at('2026-10-13T12:00:00'), endsAt: at('2026-10-13T20:00:00'), members: [{ officerId: others[2].id }, { officerId: dy.id }],
    });
    expect(double.statusCode, double.body).toBe(409);
    expect(double.json().details).toHaveLength(2);
    expect(double.json().details.find((d: { field: string }) => d.field === 'members.1.officerId').message)
      .toBe(`${dy.name}已排在2026-10-13${squadron.name}“早班”（08:00–16:00），时间重叠`);
    expect(double.json().details.find((d: { field: string }) => d.field === 'members.0.officerId').message).toMatch(/“晚班”/);
    // The car is on 早班 too.
    const car = await t.as('njdl_nq', 'POST', `/api/duty/plans/${planId}/shifts`, {
      name: '中班', startsAt: at('2026-10-13T12:00:00'), endsAt: at('2026-10-13T20:00:00'), vehicleIds: [vehicles[0].id],
    });
    expect(car.statusCode).toBe(409);
    expect(car.json().details[0]).toMatchObject({ field: 'vehicleIds.0', message: expect.stringMatching(/早班.*时间重叠/) });
    // Another squadron's officer.
    const stranger = await queryOne<{ id: string }>(t.database.db, sql`SELECT o.id FROM officers o JOIN units u ON u.id = o.unit_id WHERE u.path NOT LIKE ${squadron.path + '%'} LIMIT 1`);
    const foreign = await t.as('njdl_nq', 'POST', `/api/duty/plans/${planId}/shifts`, {
      name: '中班', startsAt: at('2026-10-13T12:00:00'), endsAt: at('2026-10-13T20:00:00'), members: [{ officerId: stranger!.id }],
    });
    expect(foreign.statusCode).toBe(409);
    expect(foreign.json().details[0].message).toContain('不属于');
    expect(await written()).toEqual(before);

    // Leave: 内勤 asks for 14–15 Oct; the clerk cannot approve leave, an officer cannot either, the leader can.
    const asked = await t.as('njdl_nq', 'POST', '/api/duty/my/leaves', { kind: '事假', fromDate: '2026-10-14', toDate: '2026-10-15', reason: '家中有事' });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ status: 'pending', days: 2, officerId: nq.id });
    expect((await t.as('njdl_nq', 'POST', `/api/duty/leaves/${asked.json().id}/decide`, { decision: 'approved' })).statusCode).toBe(403);
    expect((await t.as('njdl_dy', 'POST', `/api/duty/leaves/${asked.json().id}/decide`, { decision: 'approved' })).statusCode).toBe(403);
    // 晚班 ends at 24:00 on the 13th, which is where the leave begins: no clash, so it can be approved.
    const approved = await t.as('njdl_zdz', 'POST', `/api/duty/leaves/${asked.json().id}/decide`, { decision: 'approved', note: '同意' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', statusLabel: '已批准', decisionNote: '同意' });
    const overlapping = await t.as('njdl_nq', 'POST', '/api/duty/my/leaves', { kind: '病假', fromDate: '2026-10-15', toDate: '2026-10-16', reason: '感冒发烧' });
    expect(overlapping.statusCode).toBe(409);

    const next = await t.as('njdl_nq', 'POST', '/api/duty/plans', { unitId: squadron.id, date: '2026-10-14' });
    expect(next.statusCode).toBe(201);
    const onLeave = await t.as('njdl_zdz', 'POST', `/api/duty/plans/${next.json().id}/shifts`, {
      name: '早班', startsAt: at('2026-10-14T08:00:00'), endsAt: at('2026-10-14T16:00:00'), members: [{ officerId: nq.id }],
    });
    expect(onLeave.statusCode).toBe(409);
    expect(onLeave.json().details[0]).toEqual({ field: 'members.0.officerId', message: `${nq.name}已批准事假（2026-10-14至2026-10-15），不能排班` });

    // Copying the 13th to the 15th carries everyone over except the clerk, on leave that day.
    const copied = await t.as('njdl_nq', 'POST', '/api/duty/plans/copy', { unitId: squadron.id, date: '2026-10-15', fromDate: '2026-10-13' });
    expect(copied.statusCode, copied.body).toBe(201);
    expect(copied.json()).toMatchObject({ status: 'draft', planDate: '2026-10-15' });
    expect(copied.json().shifts.map((s: { name: string; timeLabel: string; members: unknown[] }) => `${s.name} ${s.timeLabel} ${s.members.length}`))
      .toEqual(['早班 08:00–16:00 3', '晚班 16:00–24:00 2', '夜班 22:00–次日06:00 1']);
    expect(copied.json().shifts[0].area).toEqual(square());
    expect(copied.json().skipped).toEqual([{ shiftName: '晚班', what: nq.name, reason: `${nq.name}已批准事假（2026-10-14至2026-10-15），不能排班` }]);
    expect((await t.as('njdl_nq', 'POST', '/api/duty/plans/copy', { unitId: squadron.id, date: '2026-10-14' })).statusCode).toBe(409);
    expect(await audit('duty_plan', copied.json().id)).toEqual(['copy']);

    // 队员 asks for the 13th, but is on 早班: approval is refused until the roster changes; the leader rejects instead.
    const dyLeave = await t.as('njdl_dy', 'POST', '/api/duty/my/leaves', { kind: '调休', fromDate: '2026-10-13', toDate: '2026-10-13', reason: '国庆值班调休' });
    expect(dyLeave.statusCode).toBe(201);
    const refused = await t.as('njdl_zdz', 'POST', `/api/duty/leaves/${dyLeave.json().id}/decide`, { decision: 'approved' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/2026-10-13“早班”（08:00–16:00）/);
    const rejected = await t.as('njdl_zdz', 'POST', `/api/duty/leaves/${dyLeave.json().id}/decide`, { decision: 'rejected', note: '当日警力不足' });
    expect(rejected.json().status).toBe('rejected');
    const pending = (await t.as('njdl_zdz', 'GET', '/api/duty/leaves?status=approved')).json().items;
    expect(pending.map((l: { id: string }) => l.id)).toEqual([asked.json().id]);
    expect(await audit('duty_leave', asked.json().id)).toEqual(['request', 'approve']);
    expect(await audit('duty_leave', dyLeave.json().id)).toEqual(['request', 'reject']);
  });

  it('checks in inside and outside the area; a resend with the same key is answered from the first and writes once', async () => {
    clock = new Date('2026-10-13T07:20:00+08:00');
    const tooEarly = await checkIn('njdl_dy', early, 'in', { lat: squadron.centerLat, lon: squadron.centerLon });
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json()).toMatchObject({ code: 'CHECKIN_REFUSED', message: expect.stringContaining('07:30') });

    clock = new Date('2026-10-13T07:50:00+08:00');
    const today = await t.as('njdl_dy', 'GET', '/api/duty/my/today');
    expect(today.statusCode, today.body).toBe(200);
    expect(today.json().date).toBe('2026-10-13');
    expect(today.json().shifts).toHaveLength(1);
    expect(today.json().shifts[0]).toMatchObject({
      id: early, name: '早班', myRole: 'member', areaSource: 'shift', canCheckIn: true, canCheckOut: false, checkin: null,
      checkinOpensAt: at('2026-10-13T07:30:00'), areaGeometry: { type: 'Polygon' },
    });
    expect(today.json().shifts[0].members).toHaveLength(3);
    expect(today.json().positionReport.url).toBe('/api/tracking/officer-position');
    // The phone reports positions through the tracking module's route (with the phone's own clock).
    const report = await t.as('njdl_dy', 'POST', '/api/tracking/officer-position', { lat: squadron.centerLat, lon: squadron.centerLon, ts: new Date().toISOString() });
    expect(report.statusCode, report.body).toBe(200);

    const before = await written();
    const body = { lat: north(100), lon: squadron.centerLon, accuracyM: 12 };
    const first = await checkIn('njdl_dy', early, 'in', body, 'dy-early-in-0001');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ kind: 'in', at: clock.toISOString(), insideArea: true, distanceToAreaM: 0, areaSource: 'shift', message: '签到成功' });
    const replay = await checkIn('njdl_dy', early, 'in', body, 'dy-early-in-0001');
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    const after = await written();
    expect(after).toEqual({ ...before, checkins: before.checkins + 1, requests: before.requests + 1, audit: before.audit + 1 });
    const reused = await checkIn('njdl_dy', early, 'in', { ...body, accuracyM: 30 }, 'dy-early-in-0001');
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    const twice = await checkIn('njdl_dy', early, 'in', body);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toBe('本班次已于07:50签到');
    expect(await written()).toEqual(after);

    // The leader checks in 1 km north of the centre: 500 m outside the square, flagged.
    const outside = await checkIn('njdl_zdz', early, 'in', { lat: north(1000), lon: squadron.centerLon });
    expect(outside.statusCode, outside.body).toBe(201);
    expect(outside.json().insideArea).toBe(false);
    expect(outside.json().distanceToAreaM).toBeGreaterThan(HALF_SIDE_M - 2);
    expect(outside.json().distanceToAreaM).toBeLessThan(HALF_SIDE_M + 2);
    expect(outside.json().message).toMatch(/班次巡查区域外约500米，已标记/);
    // Not a member of 晚班; a shift of a draft plan is not anyone's yet.
    expect((await checkIn('njdl_dy', late, 'in', body)).statusCode).toBe(404);
    expect((await checkIn('njdl_dy', early, 'out', { lat: 39.9, lon: 116.4 })).statusCode).toBe(400);
    // Once checked in, 早班 cannot lose its officers.
    const drop = await t.as('njdl_zdz', 'PUT', `/api/duty/shifts/${early}`, {
      name: '早班', startsAt: at('2026-10-13T08:00:00'), endsAt: at('2026-10-13T16:00:00'), area: square(), areaName: '步行街片区',
      members: [{ officerId: zdz.id, role: 'leader' }, { officerId: others[0].id }],
    });
    expect(drop.statusCode).toBe(409);
    expect(drop.json().message).toContain(dy.name);
    expect((await t.as('njdl_zdz', 'DELETE', `/api/duty/shifts/${early}`)).statusCode).toBe(409);

    clock = new Date('2026-10-13T16:10:00+08:00');
    const out = await checkIn('njdl_dy', early, 'out', { lat: squadron.centerLat, lon: squadron.centerLon });
    expect(out.statusCode, out.body).toBe(201);
    expect(out.json()).toMatchObject({ kind: 'out', insideArea: true });
    // 晚班: judged against the squadron's jurisdiction.
    const lateIn = await checkIn('njdl_nq', late, 'in', { lat: squadron.centerLat, lon: squadron.centerLon });
    expect(lateIn.statusCode, lateIn.body).toBe(201);
    expect(lateIn.json()).toMatchObject({ areaSource: 'jurisdiction', insideArea: true, distanceToAreaM: 0 });
    expect(await audit('duty_shift', early)).toEqual(['check_in', 'check_in', 'check_out']);
  });

  it('keeps duty log photos: wrong type 415, too big 413, nothing written', async () => {
    clock = new Date('2026-10-13T10:00:00+08:00');
    const entry = await t.as('njdl_dy', 'POST', '/api/duty/my/logs', {
      text: '步行街东口劝离流动摊贩2处，现场已恢复', shiftId: early, lat: squadron.centerLat, lon: squadron.centerLon,
    }, { 'idempotency-key': 'dy-log-0001' });
    expect(entry.statusCode, entry.body).toBe(201);
    logId = entry.json().id;
    expect(entry.json()).toMatchObject({ shiftName: '早班', officerName: dy.name, at: clock.toISOString(), photos: [] });
    const url = `/api/duty/my/logs/${logId}/photos`;
    const png = multipart(PNG, '现场.png', 'image/png');
    const ok = await t.as('njdl_dy', 'POST', url, png.body, { ...png.headers, 'idempotency-key': 'dy-log-photo-0001' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().photos).toHaveLength(1);
    // The phone did not hear the answer and sends the same photo again: one photo, the first answer replayed.
    const again = await t.as('njdl_dy', 'POST', url, png.body, { ...png.headers, 'idempotency-key': 'dy-log-photo-0001' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().photos.map((p: { id: string }) => p.id)).toEqual(ok.json().photos.map((p: { id: string }) => p.id));
    expect(await t.count('duty_log_photos')).toBe(1);
    expect(ok.json().photos[0]).toMatchObject({ fileName: '现场.png', mimeType: 'image/png', sizeBytes: PNG.length });
    const image = await t.as('njdl_zdz', 'GET', ok.json().photos[0].url);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(PNG)).toBe(true);

    const before = await written();
    // A PDF dressed up as a JPEG.
    const pdf = multipart(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), 'photo.jpg', 'image/jpeg');
    const wrong = await t.as('njdl_dy', 'POST', url, pdf.body, pdf.headers);
    expect(wrong.statusCode).toBe(415);
    expect(wrong.json().message).toMatch(/JPEG、PNG 或 WebP/);
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x41);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const huge = multipart(big, 'big.jpg', 'image/jpeg');
    const tooBig = await t.as('njdl_dy', 'POST', url, huge.body, huge.headers);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().message).toMatch(/5 MB/);
    const json = await t.as('njdl_dy', 'POST', url, { file: 'x' });
    expect(json.statusCode).toBe(415);
    // Someone else's entry is not theirs to add to.
    expect((await t.as('njdl_zdz', 'POST', url, png.body, png.headers)).statusCode).toBe(404);
    expect(await written()).toEqual(before);
    expect(await audit('duty_log', logId)).toEqual(['create', 'photo']);
  });

  it('一人一档 shows the shift, check-ins, track, log, tasks, complaints and kit; the Excel has every section', async () => {
    // Positions from the phone during 早班 (100 m apart) and one after it; a task received; a complaint filed by 内勤.
    for (const [time, m] of [['08:10', 0], ['08:11', 100], ['08:12', 200], ['17:00', 5000]] as const) {
      await t.database.db.execute(sql`INSERT INTO positions (source_kind, source_id, ts, lat, lon) VALUES ('officer', ${dy.id}, ${at(`2026-10-13T${time}:00`)}::timestamptz, ${north(m)}, ${squadron.centerLon})`);
    }
    const task = await queryOne<{ id: string }>(t.database.db, sql`
      INSERT INTO dispatch_tasks (code, unit_id, title, priority, wanted_type, lat, lon, status, created_by_name, created_at, closed_at)
      VALUES ('DD202610130001', ${squadron.id}, '跨门营业', 'normal', 'any', ${squadron.centerLat}, ${squadron.centerLon}, 'completed', '指挥员',
        ${at('2026-10-13T11:00:00')}::timestamptz, ${at('2026-10-13T11:30:00')}::timestamptz) RETURNING id`);
    await t.database.db.execute(sql`
      INSERT INTO dispatch_assignments (task_id, source_id, source_kind, object_type, officer_id, label, status, dispatched_at, received_at, arrived_at, completed_at, result_note)
      VALUES (${task!.id}, ${dy.id}, 'officer', 'person', ${dy.id}, ${dy.name}, 'completed', ${at('2026-10-13T11:00:00')}::timestamptz,
        ${at('2026-10-13T11:01:00')}::timestamptz, ${at('2026-10-13T11:10:00')}::timestamptz, ${at('2026-10-13T11:30:00')}::timestamptz, '已责令改正')`);
    clock = new Date('2026-10-13T11:00:00+08:00');
    const complaint = await t.as('njdl_nq', 'POST', '/api/complaints', { categoryCode: 'SR03', description: '店门口堆放纸箱', lat: squadron.centerLat, lon: squadron.centerLon });
    expect(complaint.statusCode, complaint.body).toBe(201);

    clock = new Date('2026-10-14T12:00:00+08:00');
    const res = await t.as('njdl_zdz', 'GET', `/api/duty/officers/${dy.id}/file?from=2026-10-12&to=2026-10-14`);
    expect(res.statusCode, res.body).toBe(200);
    const file = res.json();
    expect(file.officer).toMatchObject({ id: dy.id, name: dy.name, unitId: squadron.id });
    expect(file.shifts).toHaveLength(1);
    expect(file.shifts[0]).toMatchObject({
      shiftId: early, planDate: '2026-10-13', name: '早班', role: 'member', checkinAt: at('2026-10-13T07:50:00'), checkinInside: true,
      checkoutAt: at('2026-10-13T16:10:00'), checkoutInside: true, track: { points: 3, firstAt: at('2026-10-13T08:10:00'), lastAt: at('2026-10-13T08:12:00') },
    });
    expect(file.shifts[0].track.distanceM).toBeGreaterThanOrEqual(199);
    expect(file.shifts[0].track.distanceM).toBeLessThanOrEqual(201);
    expect(file.checkins.map((c: { kind: string; insideArea: boolean }) => `${c.kind}:${c.insideArea}`)).toEqual(['in:true', 'out:true']);
    expect(file.logEntries.map((e: { id: string; photos: unknown[] }) => [e.id, e.photos.length])).toEqual([[logId, 1]]);
    expect(file.tasks).toEqual([expect.objectContaining({ code: 'DD202610130001', status: 'completed', resultNote: '已责令改正' })]);
    expect(file.leaves.map((l: { status: string }) => l.status)).toEqual(['rejected']);
    const held = (await t.as('njdl_zdz', 'GET', `/api/equipment/items?holderOfficerId=${dy.id}&pageSize=100`)).json();
    expect(file.kit.map((k: { itemId: string }) => k.itemId).sort()).toEqual(held.items.map((i: { id: string }) => i.id).sort());
    // 07:50 → 16:10 on duty; one task received; no complaint steps of this officer.
    expect(file.summary).toEqual({
      shifts: 1, shiftsDue: 1, shiftsCheckedIn: 1, checkinRate: 1, plannedHours: 8, hoursOnDuty: 8.33, outsideCheckins: 0,
      logEntries: 1, tasks: 1, complaints: 0, leaveDays: 0,
    });
    const leader = (await t.as('njdl_zdz', 'GET', `/api/duty/officers/${zdz.id}/file?from=2026-10-12&to=2026-10-14`)).json();
    expect(leader.summary).toMatchObject({ shifts: 1, shiftsCheckedIn: 1, outsideCheckins: 1 });
    expect(leader.checkins[0]).toMatchObject({ insideArea: false, areaSourceLabel: '班次巡查区域' });
    const clerk = (await t.as('njdl_zdz', 'GET', `/api/duty/officers/${nq.id}/file?from=2026-10-12&to=2026-10-14`)).json();
    expect(clerk.summary).toMatchObject({ complaints: 1, leaveDays: 1 });
    expect(clerk.complaints[0]).toMatchObject({ code: complaint.json().code, kind: 'accepted' });

    const xlsx = await t.as('njdl_zdz', 'GET', `/api/duty/officers/${dy.id}/file.xlsx?from=2026-10-12&to=2026-10-14`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent(`一人一档_${dy.name}`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...FILE_SHEETS]);
    const rows = (name: string) => wb.getWorksheet(name)!.getSheetValues().slice(2).filter(Boolean) as unknown[][];
    expect(rows('班次')).toHaveLength(1);
    expect(rows('班次')[0]).toEqual(expect.arrayContaining(['2026-10-13', '早班', '08:00–16:00', '2026-10-13 07:50', '是', 3]));
    expect(rows('签到签退')).toHaveLength(2);
    expect(rows('勤务日志')[0]).toEqual(expect.arrayContaining(['步行街东口劝离流动摊贩2处，现场已恢复', 1]));
    expect(rows('调度任务')[0]).toEqual(expect.arrayContaining(['DD202610130001']));
    expect(rows('持有装备')).toHaveLength(held.items.length);
    expect(rows('概况').find((r) => r[1] === '签到率')?.[2]).toBe('100.0%');

    const bad = await t.as('njdl_zdz', 'GET', `/api/duty/officers/${dy.id}/file?from=2026-01-01&to=2026-10-14`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/93天/);
  });

  it('counts the indicators exactly, with the records behind them', async () => {
    clock = new Date('2026-10-14T12:00:00+08:00');
    const res = await t.as('kaohe', 'GET', `/api/duty/indicators?unitId=${squadron.id}&from=2026-10-12&to=2026-10-14`);
    expect(res.statusCode, res.body).toBe(200);
    const ind = res.json();
    // 早班 (队员, 中队长) and 晚班 (内勤) were checked in from the app; 夜班 not.
    expect(ind.shiftCheckin).toMatchObject({ numerator: 2, denominator: 3, rate: 0.6667 });
    expect(ind.shiftCheckin.records.map((r: { name: string; hasAppCheckin: boolean; checkedIn: number; outsideArea: number }) =>
      `${r.name}:${r.hasAppCheckin}:${r.checkedIn}:${r.outsideArea}`)).toEqual(['早班:true:2:1', '晚班:true:1:0', '夜班:false:0:0']);
    expect(ind.shiftCheckin.records.map((r: { shiftId: string }) => r.shiftId)).toEqual([early, late, night]);
    // Active: the three with accounts (check-ins, the log, a task, a complaint); everyone else on strength is not.
    const strength = await queryOne<{ n: number }>(t.database.db, sql`
      SELECT count(*)::int AS n FROM officers o JOIN units u ON u.id = o.unit_id WHERE u.path LIKE ${squadron.path + '%'} AND o.status IN ('在岗', '借调')`);
    expect(ind.activeOfficers).toMatchObject({ numerator: 3, denominator: strength!.n });
    expect(ind.activeOfficers.records.filter((r: { active: boolean }) => r.active).map((r: { officerId: string }) => r.officerId).sort())
      .toEqual([dy.id, zdz.id, nq.id].sort());
    expect(ind.activeOfficers.records.find((r: { officerId: string }) => r.officerId === dy.id))
      .toMatchObject({ checkins: 2, logEntries: 1, tasks: 1, complaints: 0 });
    // 13 Oct published on time; 14 Oct still a draft past its deadline; 12 Oct had no plan at all.
    expect(ind.plansOnTime).toMatchObject({ numerator: 1, denominator: 2, rate: 0.5, notYetDue: [] });
    expect(ind.plansOnTime.records.map((p: { planDate: string; timing: string }) => `${p.planDate}:${p.timing}`)).toEqual(['2026-10-13:on_time', '2026-10-14:overdue']);
    expect(ind.plansOnTime.missing).toEqual({ count: 1, records: [{ unitId: squadron.id, unitName: squadron.name, date: '2026-10-12' }] });
    // A district-wide view counts the same plans and shifts, and the district's other squadrons as missing.
    const district = (await t.as('hp_admin', 'GET', '/api/duty/indicators?from=2026-10-12&to=2026-10-14')).json();
    expect(district.plansOnTime).toMatchObject({ numerator: 1, denominator: 2 });
    expect(district.shiftCheckin).toMatchObject({ numerator: 2, denominator: 3 });
    expect(district.plansOnTime.missing.count).toBeGreaterThan(1);
  });

  it('scopes everything to the org tree: other districts get 404, roles without the right get 403', async () => {
    const xh = (await t.as('admin', 'GET', '/api/units?q=310104001')).json().items[0];
    const created = await t.as('admin', 'POST', '/api/users', { username: 'xh_duty', displayName: '徐汇中队长', role: 'squadron_leader', unitId: xh.id, password: 'Xuhui2026pw' });
    expect(created.statusCode, created.body).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xh_duty', password: 'Xuhui2026pw' } });
    const headers = { authorization: `Bearer ${login.json().token}` };
    const as = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    const before = await written();
    expect((await as('GET', `/api/duty/plans/${planId}`)).statusCode).toBe(404);
    expect((await as('PUT', `/api/duty/shifts/${late}`, { name: '晚班', startsAt: at('2026-10-14T16:00:00'), endsAt: at('2026-10-14T20:00:00') })).statusCode).toBe(404);
    expect((await as('DELETE', `/api/duty/shifts/${night}`)).statusCode).toBe(404);
    expect((await as('POST', '/api/duty/plans', { unitId: squadron.id, date: '2026-10-20' })).statusCode).toBe(404);
    expect((await as('GET', `/api/duty/officers/${dy.id}/file`)).statusCode).toBe(404);
    expect((await as('GET', `/api/duty/officers/${dy.id}/file.xlsx`)).statusCode).toBe(404);
    expect((await as('GET', `/api/duty/indicators?unitId=${squadron.id}`)).statusCode).toBe(404);
    expect((await as('GET', `/api/duty/logs/${logId}/photos/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    const leaves = (await as('GET', '/api/duty/leaves')).json();
    expect(leaves.items).toEqual([]);
    expect((await as('GET', '/api/duty/plans?from=2026-10-12&to=2026-10-18')).json().items).toEqual([]);
    // Within the district: reading yes, planning no; an officer neither plans nor decides.
    expect((await t.as('hp_admin', 'GET', `/api/duty/plans/${planId}`)).statusCode).toBe(200);
    expect((await t.as('hp_admin', 'POST', '/api/duty/plans', { unitId: squadron.id, date: '2026-10-20' })).statusCode).toBe(403);
    expect((await t.as('njdl_dy', 'POST', '/api/duty/plans', { unitId: squadron.id, date: '2026-10-20' })).statusCode).toBe(403);
    expect((await t.as('kaohe', 'GET', '/api/duty/my/today')).statusCode).toBe(403);
    // A plan is for a squadron, not a district.
    const me = (await t.as('hp_admin', 'GET', '/api/auth/me')).json();
    expect((await t.as('admin', 'POST', '/api/duty/plans', { unitId: me.unit.id, date: '2026-10-20' })).json().details[0].field).toBe('unitId');
    expect(await written()).toEqual(before);
  });
});
