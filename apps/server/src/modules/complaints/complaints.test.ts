// 诉件处置 against a real database: a complaint pushed by 12345 lands at the squadron whose jurisdiction holds the
// point, with deadlines counted on the holiday calendar (across 国庆); the intake is idempotent on the order number;
// bad input (unknown category, a point in no jurisdiction, a stale receivedAt) is refused with the field named and
// nothing written; duplicates within 50 m are found and at 80 m not; other districts see nothing; the calendar is
// edited by the city admin only and changes later deadlines; every write is audited. The business clock is pinned.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const M_PER_DEG_LAT = (Math.PI * 6371008.8) / 180;

describe('诉件处置', () => {
  let t: TestApp;
  const TODAY = new Date('2026-10-02T09:00:00+08:00');
  let clock = TODAY;
  let squadron: { id: string; name: string; centerLat: number; centerLon: number };
  let first: { id: string; code: string; categoryId: string };

  const intake = (body: object, user = 'admin') => t.as(user, 'POST', '/api/complaints/intake', body);
  const order = (externalNo: string, extra: object = {}) => ({
    source: '12345', externalNo, categoryCode: 'SR01', description: '南京东路步行街出口有流动摊贩占道卖水果',
    address: '南京东路步行街', lat: squadron.centerLat, lon: squadron.centerLon, reporterName: '王先生', reporterPhone: '13812345678',
    receivedAt: '2026-09-30T10:00:00+08:00', ...extra,
  });
  const written = async () => ({
    complaints: await t.count('complaints'), events: await t.count('complaint_events'), audit: await t.count('audit_log'),
    counters: await t.count('complaint_code_counters'),
  });
  const north = (m: number) => squadron.centerLat + m / M_PER_DEG_LAT;

  beforeAll(async () => {
    t = await createTestApp({ demoEquipment: false, now: () => clock });
    const me = (await t.as('njdl_zdz', 'GET', '/api/auth/me')).json();
    squadron = (await t.as('njdl_zdz', 'GET', `/api/units/${me.unit.id}`)).json();
    expect(squadron.centerLat).toBeTypeOf('number');
  });
  afterAll(() => t.close());
  beforeEach(() => { clock = TODAY; });

  it('ships the category tree and the 2026 holidays', async () => {
    const tree = (await t.as('njdl_nq', 'GET', '/api/complaints/categories')).json().items;
    expect(tree.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['市容环境', '街面秩序', '违法建筑', '建设工地', '户外广告与店招', '绿化与环卫']));
    const sr01 = tree.find((c: { code: string }) => c.code === 'SR').children.find((c: { code: string }) => c.code === 'SR01');
    expect(sr01).toMatchObject({ name: '乱设摊', contactLimit: { unit: 'working_days', amount: 1 }, handleLimit: { unit: 'working_days', amount: 5, label: '5个工作日' } });
    const cal = (await t.as('njdl_dy', 'GET', '/api/complaints/calendar?year=2026')).json();
    expect(cal.days.filter((d: { name: string }) => d.name === '国庆节').map((d: { date: string }) => d.date)).toHaveLength(7);
    expect(cal.days.find((d: { date: string }) => d.date === '2026-10-10')).toMatchObject({ kind: 'workday' });
    // Loading the defaults again adds nothing.
    const { ensureComplaintDefaults } = await import('./complaints.service.ts');
    expect(await ensureComplaintDefaults(t.database.db)).toEqual({ categories: 0, calendarDays: 0 });
    // The routes are described in the OpenAPI document.
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(expect.arrayContaining(['/api/complaints', '/api/complaints/intake', '/api/complaints/calendar/{date}']));
  });

  it('a 12345 order lands at the squadron holding the point, with deadlines counted across 国庆', async () => {
    const res = await intake(order('GD2026093000001'));
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    first = c;
    expect(c.code).toMatch(/^SJ2026100200001$/);
    expect(c).toMatchObject({ unitId: squadron.id, unitName: squadron.name, status: 'accepted', source: '12345', externalSystem: '12345', replayed: false });
    expect(c.receivedAt).toBe('2026-09-30T02:00:00.000Z');
    // Received Wed 30 Sep; 1–7 Oct off. Contact: the 1st working day after = Thu 8 Oct, due by its 24:00.
    expect(c.contactDueAt).toBe('2026-10-08T16:00:00.000Z');
    // Handling 5 working days: 8, 9, Sat 10 (调休上班), 12, 13 Oct → due Tue 13 Oct 24:00 (Shanghai).
    expect(c.dueAt).toBe('2026-10-13T16:00:00.000Z');
    expect(c.overdue).toBe(false);
    expect(c.possibleDuplicates).toEqual([]);
    expect(c.events).toHaveLength(1);
    expect(c.events[0]).toMatchObject({ kind: 'accepted', toStatus: 'accepted', toUnitName: squadron.name });
    expect(c.events[0].note).toMatch(/12345热线.*GD2026093000001.*派往/);
    const audit = await queryRows<{ action: string; unit_id: string }>(t.database.db, sql`
      SELECT action, unit_id FROM audit_log WHERE entity_type = 'complaint' AND entity_id = ${c.id}`);
    expect(audit).toEqual([{ action: 'intake', unit_id: squadron.id }]);
  });

  it('is idempotent on the order number; a changed body for the same number is a conflict', async () => {
    const before = await written();
    const again = await intake(order('GD2026093000001'));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.id, code: first.code, replayed: true });
    expect(await written()).toEqual(before);

    const changed = await intake(order('GD2026093000001', { description: '南京东路步行街出口有流动摊贩占道卖水果和玩具' }));
    expect(changed.statusCode).toBe(409);
    expect(changed.json().details[0].field).toBe('externalNo');
    expect(changed.json().message).toContain(first.code);
    // Same number from another system is another order.
    const other = await intake(order('GD2026093000001', { source: 'other', externalSystem: '一网统管' }));
    expect(other.statusCode, other.body).toBe(201);
    expect(await t.count('complaints')).toBe(before.complaints + 1);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = await written();
    const cases: [string, string, object, string, RegExp][] = [
      ['admin', '/api/complaints/intake', order('X1', { categoryCode: 'NOPE' }), 'categoryCode', /类别“NOPE”不存在/],
      ['admin', '/api/complaints/intake', order('X2', { categoryCode: 'SR' }), 'categoryCode', /大类，请选择其下的小类/],
      ['admin', '/api/complaints/intake', order('X3', { categoryCode: undefined }), 'categoryCode', /categoryCode 或 categoryId/],
      // East China Sea: inside the Shanghai box, in no jurisdiction.
      ['admin', '/api/complaints/intake', order('X4', { lat: 31.0, lon: 122.15 }), 'lat', /不在任何中队辖区/],
      ['admin', '/api/complaints/intake', order('X5', { lat: 39.9, lon: 116.4 }), 'lat', /上海市范围/],
      ['admin', '/api/complaints/intake', order('X6', { receivedAt: '2026-08-01T10:00:00+08:00' }), 'receivedAt', /30天前/],
      ['admin', '/api/complaints/intake', order('X7', { receivedAt: '2026-10-03T10:00:00+08:00' }), 'receivedAt', /晚于当前时间/],
      ['admin', '/api/complaints/intake', order('X8', { receivedAt: '2026-09-30 10:00' }), 'receivedAt', /ISO 8601/],
      ['admin', '/api/complaints/intake', order('X9', { source: 'other' }), 'externalSystem', /来源系统/],
      ['admin', '/api/complaints/intake', order('X 10'), 'externalNo', /工单号只能包含/],
      ['admin', '/api/complaints/intake', order('X11', { reporterPhone: '电话13812345678' }), 'reporterPhone', /诉求人电话格式/],
      ['njdl_nq', '/api/complaints', { categoryCode: 'SR01', description: '门口堆物', lat: 31.0, lon: 122.15 }, 'lat', /不在任何中队辖区/],
      ['njdl_nq', '/api/complaints', { categoryId: '00000000-0000-4000-8000-000000000000', description: '门口堆物', lat: squadron.centerLat, lon: squadron.centerLon }, 'categoryId', /不存在/],
      // A squadron clerk may not file a complaint located in another squadron's ground.
      ['njdl_nq', '/api/complaints', { categoryCode: 'SR03', description: '门口堆物', lat: 31.30, lon: 121.50 }, 'lat', /不在您的管辖范围/],
      ['njdl_nq', '/api/complaints', { categoryCode: 'SR03', description: '门口堆物', lat: squadron.centerLat, lon: squadron.centerLon, unitId: '00000000-0000-4000-8000-000000000000' }, 'unitId', /按辖区派发/],
    ];
    for (const [user, url, body, field, message] of cases) {
      const res = await t.as(user, 'POST', url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)} → ${res.body}`).toBe(400);
      const err = res.json();
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(JSON.stringify(err)).toMatch(message);
    }
    expect(await written()).toEqual(before);
    // Who may do what.
    expect((await t.as('njdl_dy', 'POST', '/api/complaints', { categoryCode: 'SR03', description: '门口堆物', lat: squadron.centerLat, lon: squadron.centerLon })).statusCode).toBe(403);
    expect((await intake(order('X12'), 'njdl_nq')).statusCode).toBe(403);
    expect(await written()).toEqual(before);
  });

  it('a clerk files a complaint; duplicates within 50 m are offered, at 80 m not', async () => {
    const res = await t.as('njdl_nq', 'POST', '/api/complaints', {
      categoryCode: 'SR01', description: '又有摊贩在步行街出口', lat: north(30), lon: squadron.centerLon, reporterPhone: '021-63211234',
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ source: 'clerk', unitId: squadron.id, externalNo: null, reporterPhone: '021-63211234' });
    expect(c.receivedAt).toBe(clock.toISOString());
    // Received Fri 2 Oct (in the holiday): contact by Thu 8 Oct, handling by Tue 13 Oct (8, 9, 10, 12, 13).
    expect(c.contactDueAt).toBe('2026-10-08T16:00:00.000Z');
    expect(c.dueAt).toBe('2026-10-13T16:00:00.000Z');
    expect(c.possibleDuplicates.map((d: { code: string }) => d.code)).toContain(first.code);
    const dup = c.possibleDuplicates.find((d: { code: string }) => d.code === first.code);
    expect(dup.distanceM).toBeGreaterThan(29);
    expect(dup.distanceM).toBeLessThan(31);
    expect(c.events[0].note).toMatch(/50米内有\d件同类诉件/);

    const at = async (m: number, code = 'SR01') => (await t.as('njdl_nq', 'GET',
      `/api/complaints/duplicates?lat=${north(m)}&lon=${squadron.centerLon}&categoryCode=${code}`)).json();
    const near = await at(-45);
    expect(near.radiusM).toBe(50);
    expect(near.items.map((d: { id: string }) => d.id)).toContain(first.id);
    expect(near.items.find((d: { id: string }) => d.id === first.id).distanceM).toBeCloseTo(45, 0);
    expect((await at(-80)).items.map((d: { id: string }) => d.id)).not.toContain(first.id);
    expect((await at(0, 'SR03')).items).toEqual([]);

    // Closed 10 days ago still counts; closed 40 days ago no longer.
    await t.database.db.execute(sql`UPDATE complaints SET status = 'closed', closed_at = ${new Date(clock.getTime() - 10 * 86_400_000)} WHERE id = ${first.id}`);
    expect((await at(0)).items.map((d: { id: string }) => d.id)).toContain(first.id);
    await t.database.db.execute(sql`UPDATE complaints SET closed_at = ${new Date(clock.getTime() - 40 * 86_400_000)} WHERE id = ${first.id}`);
    expect((await at(0)).items.map((d: { id: string }) => d.id)).not.toContain(first.id);
    await t.database.db.execute(sql`UPDATE complaints SET status = 'accepted', closed_at = NULL WHERE id = ${first.id}`);

    // A point in no jurisdiction (the river, an unmapped patch) may be given to a squadron by hand, not to a district.
    const sea = { categoryCode: 'SR03', description: '江边堆放杂物', lat: 31.0, lon: 122.15 };
    const district = (await t.as('hp_admin', 'GET', '/api/auth/me')).json().unit.id;
    const notSquadron = await t.as('hp_admin', 'POST', '/api/complaints', { ...sea, unitId: district });
    expect(notSquadron.statusCode).toBe(400);
    expect(notSquadron.json().details[0].field).toBe('unitId');
    const manual = await t.as('njdl_nq', 'POST', '/api/complaints', { ...sea, unitId: squadron.id });
    expect(manual.statusCode, manual.body).toBe(201);
    expect(manual.json()).toMatchObject({ unitId: squadron.id, status: 'accepted' });
    expect(manual.json().events[0].note).toMatch(/指定派往/);

    const bad = await t.as('njdl_nq', 'GET', `/api/complaints/duplicates?lat=abc&lon=${squadron.centerLon}&categoryCode=SR01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('lat');
    const audit = await queryRows<{ action: string }>(t.database.db, sql`SELECT action FROM audit_log WHERE entity_type = 'complaint' AND entity_id = ${c.id}`);
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('lists and shows within scope; other districts get 404', async () => {
    const list = await t.as('njdl_zdz', 'GET', '/api/complaints?source=12345&sort=dueAt');
    expect(list.statusCode, list.body).toBe(200);
    const item = list.json().items.find((i: { id: string }) => i.id === first.id);
    expect(item.reporterPhone).toBe('138****5678');
    expect(list.json().items.every((i: { source: string }) => i.source === '12345')).toBe(true);
    // The same order number from 12345 and from 一网统管: two complaints.
    expect((await t.as('njdl_zdz', 'GET', `/api/complaints?q=${encodeURIComponent('GD2026093000001')}`)).json().total).toBe(2);
    expect((await t.as('njdl_zdz', 'GET', '/api/complaints?receivedFrom=2026-10-01&receivedTo=2026-10-31')).json().items
      .some((i: { id: string }) => i.id === first.id)).toBe(false);
    expect((await t.as('njdl_zdz', 'GET', '/api/complaints?overdue=true')).json().total).toBe(0);
    // Time passes: after 13 Oct the open ones are overdue.
    clock = new Date('2026-10-20T09:00:00+08:00');
    const overdue = (await t.as('njdl_zdz', 'GET', '/api/complaints?overdue=true&status=open')).json();
    expect(overdue.total).toBe(4);
    expect(overdue.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    const sr = (await t.as('njdl_zdz', 'GET', `/api/complaints?categoryId=${(await t.as('njdl_nq', 'GET', '/api/complaints/categories')).json().items.find((c: { code: string }) => c.code === 'SR').id}`)).json();
    expect(sr.total).toBe(4);
    expect((await t.as('njdl_zdz', 'GET', '/api/complaints?sort=title')).statusCode).toBe(400);
    expect((await t.as('njdl_zdz', 'GET', '/api/complaints?status=done')).json().details[0].field).toBe('status');

    const detail = (await t.as('njdl_nq', 'GET', `/api/complaints/${first.id}`)).json();
    expect(detail.reporterPhone).toBe('13812345678');
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['accepted']);
    // The officer who handles it may call the citizen back; the city assessor sees the number masked.
    expect((await t.as('njdl_dy', 'GET', `/api/complaints/${first.id}`)).json().reporterPhone).toBe('13812345678');
    expect((await t.as('kaohe', 'GET', `/api/complaints/${first.id}`)).json().reporterPhone).toBe('138****5678');

    const other = (await t.as('admin', 'GET', '/api/units?q=310104001')).json().items[0];
    const created = await t.as('admin', 'POST', '/api/users', { username: 'xh_zdz2', displayName: '徐汇中队长', role: 'squadron_leader', unitId: other.id, password: 'Xuhui2026pw' });
    expect(created.statusCode).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xh_zdz2', password: 'Xuhui2026pw' } });
    const auth = { authorization: `Bearer ${login.json().token}` };
    expect((await t.app.inject({ method: 'GET', url: `/api/complaints/${first.id}`, headers: auth })).statusCode).toBe(404);
    const theirs = await t.app.inject({ method: 'GET', url: '/api/complaints', headers: auth });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().total).toBe(0);
    // Nor does their duplicate search reveal it.
    const dup = await t.app.inject({ method: 'GET', url: `/api/complaints/duplicates?lat=${squadron.centerLat}&lon=${squadron.centerLon}&categoryCode=SR01`, headers: auth });
    expect(dup.json().items).toEqual([]);
  });

  it('the city admin edits the calendar; later deadlines follow it, earlier ones stand', async () => {
    expect((await t.as('hp_admin', 'PUT', '/api/complaints/calendar/2026-10-08', { kind: 'holiday', name: '临时放假' })).statusCode).toBe(403);
    const bad = [
      ['/api/complaints/calendar/2026-02-30', { kind: 'holiday', name: '错' }, 'date'],
      ['/api/complaints/calendar/2026-10-08', { kind: 'workday', name: '错' }, 'kind'],
      ['/api/complaints/calendar/2026-10-08', { kind: 'holiday', name: '' }, 'name'],
    ] as const;
    for (const [url, body, field] of bad) {
      const res = await t.as('admin', 'PUT', url, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const set = await t.as('admin', 'PUT', '/api/complaints/calendar/2026-10-08', { kind: 'holiday', name: '国庆节延长' });
    expect(set.statusCode, set.body).toBe(200);
    const res = await intake(order('GD2026093000002', { categoryCode: 'SR03', description: '店门口堆放纸箱' }));
    expect(res.statusCode, res.body).toBe(201);
    // 8 Oct is off now: contact by Fri 9 Oct, handling 9, 10, 12, 13, 14 → Wed 14 Oct 24:00.
    expect(res.json().contactDueAt).toBe('2026-10-09T16:00:00.000Z');
    expect(res.json().dueAt).toBe('2026-10-14T16:00:00.000Z');
    expect((await t.as('njdl_nq', 'GET', `/api/complaints/${first.id}`)).json().dueAt).toBe('2026-10-13T16:00:00.000Z');

    const removed = await t.as('admin', 'DELETE', '/api/complaints/calendar/2026-10-08');
    expect(removed.statusCode).toBe(200);
    expect((await t.as('admin', 'DELETE', '/api/complaints/calendar/2026-10-08')).statusCode).toBe(404);
    const after = await intake(order('GD2026093000003', { categoryCode: 'SR04', description: '沿街晾晒衣物' }));
    expect(after.json().dueAt).toBe('2026-10-13T16:00:00.000Z');
    const audit = await queryRows<{ action: string; entity_id: string }>(t.database.db, sql`
      SELECT action, entity_id FROM audit_log WHERE entity_type = 'work_calendar_day' ORDER BY seq`);
    expect(audit).toEqual([{ action: 'create', entity_id: '2026-10-08' }, { action: 'delete', entity_id: '2026-10-08' }]);
  });

  it('urgent categories run in natural hours', async () => {
    const res = await intake(order('GD2026100200009', { categoryCode: 'GD01', description: '工地夜间打桩噪声', receivedAt: '2026-10-01T23:30:00+08:00' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().contactDueAt).toBe('2026-10-01T16:30:00.000Z');
    expect(res.json().dueAt).toBe('2026-10-02T15:30:00.000Z');
    // 共享单车乱停放: contact within 4 working hours — Fri 9 Oct 16:00–17:00, then Sat 10 Oct (调休上班) 09:00–12:00.
    clock = new Date('2026-10-10T20:00:00+08:00');
    const bikes = await intake(order('GD2026100900001', { categoryCode: 'JM02', description: '共享单车堆满人行道', receivedAt: '2026-10-09T16:00:00+08:00' }));
    expect(bikes.statusCode, bikes.body).toBe(201);
    expect(bikes.json().contactDueAt).toBe('2026-10-10T04:00:00.000Z');
    expect(bikes.json().dueAt).toBe('2026-10-10T08:00:00.000Z');
    expect(bikes.json().code).toBe('SJ2026101000001');
  });

  it('stops counting a very large list at 10,000 and says so', async () => {
    await t.database.db.execute(sql`
      INSERT INTO complaints (code, source, category_id, description, lat, lon, unit_id, status, received_at, contact_due_at, due_at, created_by_name)
      SELECT 'SJBULK' || lpad(g::text, 6, '0'), 'clerk', ${first.categoryId}, '批量测试诉件', ${squadron.centerLat}, ${squadron.centerLon},
        ${squadron.id}, 'accepted', now(), now(), now(), '测试'
      FROM generate_series(1, 10001) g`);
    const big = (await t.as('njdl_zdz', 'GET', '/api/complaints?pageSize=10')).json();
    expect(big).toMatchObject({ total: 10000, totalCapped: true });
    expect(big.items).toHaveLength(10);
    const small = (await t.as('njdl_zdz', 'GET', '/api/complaints?source=12345')).json();
    expect(small.totalCapped).toBe(false);
    expect(small.total).toBeLessThan(100);
  });
});
