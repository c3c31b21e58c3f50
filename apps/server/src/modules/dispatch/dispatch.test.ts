// 指挥调度 against a real database: a task at a point lands at the squadron whose jurisdiction holds it, the nearest
// available units are recommended (with reasons for the ones left out), dispatch is all-or-nothing, the receiving
// officer moves the assignment along from the phone (repeats are harmless, others' assignments are invisible), the
// first completion stands the other units down, and every write is audited. Scope: other districts stay out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

interface Vehicle { terminalId: string; vehicleId: string; plate: string; unitId: string }

describe('指挥调度', () => {
  let t: TestApp;
  let squadron: { id: string; name: string; centerLat: number; centerLon: number };
  let dyOfficerId: string;
  let zdzOfficerId: string;
  let withDriver: Vehicle;
  let noDriver: Vehicle;
  let offline: Vehicle;
  let taskId: string;

  const plant = async (v: Vehicle, p: { dLat: number; minutesAgo: number }) => {
    await t.database.db.execute(sql`
      INSERT INTO latest_positions (source_id, source_kind, unit_id, vehicle_id, label, ts, received_at, lat, lon, speed_kmh)
      VALUES (${v.terminalId}, 'terminal', ${v.unitId}, ${v.vehicleId}, ${v.plate}, now() - ${`${p.minutesAgo} minutes`}::interval, now(),
        ${squadron.centerLat + p.dLat}, ${squadron.centerLon}, 0)
      ON CONFLICT (source_id) DO UPDATE SET ts = EXCLUDED.ts, lat = EXCLUDED.lat`);
  };
  const countRows = async () => ({
    tasks: await t.count('dispatch_tasks'), assignments: await t.count('dispatch_assignments'), events: await t.count('dispatch_events'),
  });

  beforeAll(async () => {
    t = await createTestApp();
    const me = (await t.as('njdl_zdz', 'GET', '/api/auth/me')).json();
    squadron = (await t.as('njdl_zdz', 'GET', `/api/units/${me.unit.id}`)).json();
    zdzOfficerId = me.officerId ?? me.officer?.id;
    const dy = (await t.as('njdl_dy', 'GET', '/api/auth/me')).json();
    dyOfficerId = dy.officerId ?? dy.officer?.id;
    expect(dyOfficerId).toBeTruthy();
    expect(zdzOfficerId).toBeTruthy();
    const vehicles = await queryRows<Vehicle>(t.database.db, sql`
      SELECT i.id AS "terminalId", v.id AS "vehicleId", v.attributes->>'plate' AS plate, i.unit_id AS "unitId"
      FROM equipment_items i JOIN equipment_categories c ON c.id = i.category_id AND c.code = 'beidou_terminal'
      JOIN equipment_items v ON v.id = i.holder_vehicle_id
      WHERE i.unit_id = ${squadron.id} ORDER BY i.asset_tag`);
    expect(vehicles.length).toBeGreaterThanOrEqual(3);
    [withDriver, noDriver, offline] = vehicles;
    // One car's 责任人 is the squadron leader (who has the app); one has none; one went silent an hour ago.
    await t.database.db.execute(sql`UPDATE equipment_items SET responsible_officer_id = ${zdzOfficerId} WHERE id IN (${withDriver.vehicleId}, ${offline.vehicleId})`);
    await t.database.db.execute(sql`UPDATE equipment_items SET responsible_officer_id = NULL WHERE id = ${noDriver.vehicleId}`);
    await plant(withDriver, { dLat: 0.004, minutesAgo: 1 });
    await plant(noDriver, { dLat: 0.001, minutesAgo: 1 });
    await plant(offline, { dLat: 0.0005, minutesAgo: 60 });
    // The officer reports from the phone, through the field-app API, 200 m north of the centre.
    const report = await t.as('njdl_dy', 'POST', '/api/tracking/officer-position',
      { lat: squadron.centerLat + 0.0018, lon: squadron.centerLon, accuracyM: 8, ts: new Date().toISOString() });
    expect(report.statusCode).toBe(200);
  });
  afterAll(() => t.close());

  it('creates a task at a point; it belongs to the squadron whose jurisdiction holds it', async () => {
    const res = await t.as('hp_zhihui', 'POST', '/api/dispatch/tasks', {
      title: '占道经营', description: '南京东路步行街出口流动摊贩', priority: 'urgent', wantedType: 'any',
      address: '南京东路步行街', lat: squadron.centerLat, lon: squadron.centerLon,
    });
    expect(res.statusCode, res.body).toBe(201);
    const task = res.json();
    taskId = task.id;
    expect(task.code).toMatch(/^DD\d{8}0001$/);
    expect(task.unitId).toBe(squadron.id);
    expect(task.status).toBe('pending');
    expect(task.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created']);
    const audit = await queryOne<{ action: string }>(t.database.db, sql`SELECT action FROM audit_log WHERE entity_type = 'dispatch_task' AND entity_id = ${taskId}`);
    expect(audit?.action).toBe('create');
    const second = await t.as('hp_zhihui', 'POST', '/api/dispatch/tasks', { title: '噪声扰民', lat: squadron.centerLat, lon: squadron.centerLon });
    expect(second.json().code).toBe(task.code.slice(0, -4) + '0002');
    expect(second.json().priority).toBe('normal');
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = await countRows();
    const cases: [string, object, string, RegExp][] = [
      ['hp_zhihui', { lat: squadron.centerLat, lon: squadron.centerLon }, 'title', /任务名称/],
      ['hp_zhihui', { title: '测试', lat: 39.9, lon: 116.4 }, 'lat', /上海市范围/],
      ['hp_zhihui', { title: '测试', lat: '31.2', lon: squadron.centerLon }, 'lat', /纬度须为数字/],
      ['hp_zhihui', { title: '测试', lat: squadron.centerLat, lon: squadron.centerLon, priority: 'asap' }, 'priority', /紧急程度/],
      // East China Sea, inside the Shanghai box but in no jurisdiction.
      ['hp_zhihui', { title: '测试', lat: 31.0, lon: 122.15 }, 'lat', /不在任何中队辖区/],
      // A squadron leader's point in another squadron's ground (人民广场 is 黄浦, but not 南京东路 — pick a far one).
      ['njdl_zdz', { title: '测试', lat: 31.30, lon: 121.50 }, 'lat', /不在您的管辖范围/],
    ];
    for (const [user, body, field, message] of cases) {
      const res = await t.as(user, 'POST', '/api/dispatch/tasks', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const err = res.json();
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(JSON.stringify(err)).toMatch(message);
    }
    expect(await countRows()).toEqual(before);
    expect((await t.as('njdl_dy', 'POST', '/api/dispatch/tasks', { title: '测试', lat: squadron.centerLat, lon: squadron.centerLon })).statusCode).toBe(403);
  });

  it('recommends the nearest available units of the wanted type, and says why nearer ones are left out', async () => {
    const people = (await t.as('hp_zhihui', 'GET', `/api/dispatch/recommend?lat=${squadron.centerLat}&lon=${squadron.centerLon}&type=person`)).json();
    expect(people.items[0].recipientId).toBe(dyOfficerId);
    expect(people.items[0].type).toBe('person');
    expect(people.items[0].distanceM).toBeGreaterThan(150);
    expect(people.items[0].distanceM).toBeLessThan(250);

    const cars = (await t.as('hp_zhihui', 'GET', `/api/dispatch/recommend?lat=${squadron.centerLat}&lon=${squadron.centerLon}&type=vehicle`)).json();
    expect(cars.items.every((c: { type: string }) => c.type === 'vehicle')).toBe(true);
    expect(cars.items[0].sourceId).toBe(withDriver.terminalId);
    expect(cars.items[0].recipientName).toBeTruthy();
    expect(cars.items[0].etaMinutes).toBeGreaterThanOrEqual(1);
    const why = new Map(cars.unavailable.map((c: { sourceId: string; reasons: string[] }) => [c.sourceId, c.reasons.join('；')]));
    expect(why.get(noDriver.terminalId)).toMatch(/未设责任人/);
    expect(why.get(offline.terminalId)).toMatch(/离线/);

    const bad = await t.as('hp_zhihui', 'GET', '/api/dispatch/recommend?lat=abc&lon=121.4');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('lat');
  });

  it('dispatches all or nothing', async () => {
    const before = await countRows();
    const res = await t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${taskId}/assignments`, { sourceIds: [dyOfficerId, offline.terminalId] });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([expect.objectContaining({ field: 'sourceIds.1', message: expect.stringMatching(/离线/) })]);
    expect(await countRows()).toEqual(before);

    const ok = await t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${taskId}/assignments`, { sourceIds: [dyOfficerId, withDriver.terminalId] });
    expect(ok.statusCode, ok.body).toBe(200);
    const task = ok.json();
    expect(task.status).toBe('dispatched');
    expect(task.assignments.map((a: { officerId: string }) => a.officerId).sort()).toEqual([dyOfficerId, zdzOfficerId].sort());
    expect(task.timeline.filter((e: { kind: string }) => e.kind === 'dispatched')).toHaveLength(2);
    // Busy now: not offered again, and refused if picked by hand for another task.
    const people = (await t.as('hp_zhihui', 'GET', `/api/dispatch/recommend?lat=${squadron.centerLat}&lon=${squadron.centerLon}&type=person`)).json();
    expect(people.items.some((c: { sourceId: string }) => c.sourceId === dyOfficerId)).toBe(false);
    const other = (await t.as('hp_zhihui', 'POST', '/api/dispatch/tasks', { title: '另一任务', lat: squadron.centerLat, lon: squadron.centerLon })).json();
    const busy = await t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${other.id}/assignments`, { sourceIds: [dyOfficerId] });
    expect(busy.statusCode).toBe(400);
    expect(busy.json().message).toMatch(new RegExp(`正在执行任务 ${task.code}`));
  });

  it('the officer moves it along from the phone; repeats change nothing; completion stands the others down', async () => {
    const mine = (await t.as('njdl_dy', 'GET', '/api/dispatch/my')).json();
    const a = mine.items.find((i: { taskId: string }) => i.taskId === taskId);
    expect(a.status).toBe('dispatched');
    expect(a.task.title).toBe('占道经营');
    // Someone else's assignment is invisible.
    expect((await t.as('njdl_nq', 'POST', `/api/dispatch/my/${a.id}/step`, { step: 'received' })).statusCode).toBe(404);

    const arrived = await t.as('njdl_dy', 'POST', `/api/dispatch/my/${a.id}/step`,
      { step: 'arrived', lat: squadron.centerLat + 0.0001, lon: squadron.centerLon });
    expect(arrived.statusCode, arrived.body).toBe(200);
    expect(arrived.json().status).toBe('arrived');
    expect(arrived.json().receivedAt).toBe(arrived.json().arrivedAt); // 接收 stamped on the way
    const events = await t.count('dispatch_events');
    const again = await t.as('njdl_dy', 'POST', `/api/dispatch/my/${a.id}/step`, { step: 'arrived' });
    expect(again.statusCode).toBe(200);
    expect(again.json().arrivedAt).toBe(arrived.json().arrivedAt);
    expect(await t.count('dispatch_events')).toBe(events);

    const bad = await t.as('njdl_dy', 'POST', `/api/dispatch/my/${a.id}/step`, { step: 'arrived', lat: squadron.centerLat });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('lon');

    const done = await t.as('njdl_dy', 'POST', `/api/dispatch/my/${a.id}/step`, { step: 'completed', note: '摊贩已劝离' });
    expect(done.json().task.status).toBe('completed');
    const task = (await t.as('hp_zhihui', 'GET', `/api/dispatch/tasks/${taskId}`)).json();
    expect(task.status).toBe('completed');
    expect(task.closedAt).toBeTruthy();
    const car = task.assignments.find((x: { sourceId: string }) => x.sourceId === withDriver.terminalId);
    expect(car.status).toBe('cancelled');
    expect(task.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      ['created', 'dispatched', 'dispatched', 'received', 'arrived', 'completed', 'withdrawn']);
    const arrivedEvent = task.timeline.find((e: { kind: string }) => e.kind === 'arrived');
    expect(arrivedEvent.lat).toBeCloseTo(squadron.centerLat + 0.0001, 6);
    expect(task.timeline.find((e: { kind: string }) => e.kind === 'completed').note).toMatch(/摊贩已劝离/);

    // The car's 责任人 finds it stood down.
    const stood = (await t.as('njdl_zdz', 'GET', '/api/dispatch/my')).json().items.find((i: { taskId: string }) => i.taskId === taskId);
    expect(stood.status).toBe('cancelled');
    const late = await t.as('njdl_zdz', 'POST', `/api/dispatch/my/${stood.id}/step`, { step: 'received' });
    expect(late.statusCode).toBe(409);

    const actions = await queryRows<{ action: string }>(t.database.db, sql`
      SELECT action FROM audit_log WHERE entity_type = 'dispatch_task' AND entity_id = ${taskId} ORDER BY seq`);
    expect(actions.map((r) => r.action)).toEqual(['create', 'dispatch', 'field_arrived', 'field_completed']);
    // Free again.
    const people = (await t.as('hp_zhihui', 'GET', `/api/dispatch/recommend?lat=${squadron.centerLat}&lon=${squadron.centerLon}&type=person`)).json();
    expect(people.items[0].sourceId).toBe(dyOfficerId);
  });

  it('withdraws one unit and cancels a task', async () => {
    const task = (await t.as('hp_zhihui', 'POST', '/api/dispatch/tasks', { title: '违法搭建', lat: squadron.centerLat, lon: squadron.centerLon })).json();
    const sent = (await t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${task.id}/assignments`, { sourceIds: [dyOfficerId] })).json();
    const a = sent.assignments[0];
    expect((await t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${task.id}/assignments/${a.id}/withdraw`, { reason: '' })).statusCode).toBe(400);
    const withdrawn = (await t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${task.id}/assignments/${a.id}/withdraw`, { reason: '派错人员' })).json();
    expect(withdrawn.status).toBe('pending');
    expect(withdrawn.assignments[0].status).toBe('cancelled');
    // Sent again after withdrawal: allowed.
    expect((await t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${task.id}/assignments`, { sourceIds: [dyOfficerId] })).statusCode).toBe(200);
    const cancelled = (await t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${task.id}/cancel`, { reason: '当事人已自行整改' })).json();
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.assignments.every((x: { status: string }) => x.status === 'cancelled')).toBe(true);
    expect((await t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${task.id}/cancel`, { reason: '重复撤销' })).statusCode).toBe(409);
    expect((await t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${task.id}/assignments`, { sourceIds: [dyOfficerId] })).statusCode).toBe(409);
  });

  it('lists tasks open first within scope; other districts see nothing', async () => {
    const list = (await t.as('hp_zhihui', 'GET', '/api/dispatch/tasks?status=open')).json();
    expect(list.items.every((x: { status: string }) => !['completed', 'cancelled'].includes(x.status))).toBe(true);
    const all = (await t.as('hp_zhihui', 'GET', '/api/dispatch/tasks')).json();
    expect(all.total).toBe(4);
    expect((await t.as('hp_zhihui', 'GET', '/api/dispatch/tasks?q=占道')).json().items).toHaveLength(1);
    // A district admin of 浦东 does not exist in demo logins; the city admin sees all, and a task id from outside a
    // squadron leader's subtree is a 404. Move one task to another district to prove it.
    const other = await queryOne<{ id: string }>(t.database.db, sql`
      SELECT id FROM units WHERE kind = '街镇乡中队' AND path NOT LIKE (SELECT path FROM units WHERE id = ${squadron.id}) || '%' LIMIT 1`);
    await t.database.db.execute(sql`UPDATE dispatch_tasks SET unit_id = ${other!.id} WHERE id = ${taskId}`);
    expect((await t.as('njdl_zdz', 'GET', `/api/dispatch/tasks/${taskId}`)).statusCode).toBe(404);
    expect((await t.as('njdl_zdz', 'GET', '/api/dispatch/tasks')).json().items.some((x: { id: string }) => x.id === taskId)).toBe(false);
  });

  it('finds an address among the units (offline 地址定位)', async () => {
    const res = (await t.as('hp_zhihui', 'GET', `/api/dispatch/geocode?q=${encodeURIComponent('南京东路')}`)).json();
    expect(res.items[0].label).toMatch(/南京东路/);
    expect(res.items[0].lat).toBeCloseTo(squadron.centerLat, 6);
    expect((await t.as('hp_zhihui', 'GET', '/api/dispatch/geocode?q=x')).statusCode).toBe(400);
  });

  it('sends a unit to one task only, even when commanders dispatch it to four tasks at the same moment', async () => {
    const create = async (title: string) =>
      (await t.as('hp_zhihui', 'POST', '/api/dispatch/tasks', { title, lat: squadron.centerLat, lon: squadron.centerLon })).json();
    const tasks = [];
    for (const n of ['一', '二', '三', '四']) tasks.push(await create(`并发派遣${n}`));
    const results = await Promise.all(tasks.map((task) =>
      t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${task.id}/assignments`, { sourceIds: [dyOfficerId] })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400, 400, 400]);
    for (const r of results.filter((x) => x.statusCode === 400)) expect(r.json().message).toMatch(/正在执行任务/);
    const active = await queryRows<{ task_id: string }>(t.database.db, sql`
      SELECT task_id FROM dispatch_assignments WHERE source_id = ${dyOfficerId} AND status IN ('dispatched', 'received', 'arrived')`);
    expect(active).toHaveLength(1);
  });

  it('a completion from the phone and a cancel at the same moment: one wins with a clear answer, no deadlock', async () => {
    const live = (await t.as('njdl_dy', 'GET', '/api/dispatch/my')).json().items
      .find((i: { status: string }) => i.status === 'dispatched');
    expect(live).toBeTruthy();
    const [step, cancel] = await Promise.all([
      t.as('njdl_dy', 'POST', `/api/dispatch/my/${live.id}/step`, { step: 'completed', note: '已处置' }),
      t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${live.taskId}/cancel`, { reason: '重复派单' }),
    ]);
    expect([step.statusCode, cancel.statusCode].sort()).toEqual([200, 409]);
    for (const r of [step, cancel]) expect(r.body).not.toMatch(/并发冲突/);
    const task = (await t.as('hp_zhihui', 'GET', `/api/dispatch/tasks/${live.taskId}`)).json();
    expect(task.status).toBe(step.statusCode === 200 ? 'completed' : 'cancelled');
  });

  it('one phone, one task: a car whose 责任人 is already on a task is busy too', async () => {
    await plant(offline, { dLat: 0.0005, minutesAgo: 1 }); // back on line; its 责任人 is the squadron leader, as withDriver's
    try {
      const create = async (title: string) =>
        (await t.as('hp_zhihui', 'POST', '/api/dispatch/tasks', { title, lat: squadron.centerLat, lon: squadron.centerLon })).json();
      const first = await create('责任人占用一');
      expect((await t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${first.id}/assignments`, { sourceIds: [withDriver.terminalId] })).statusCode).toBe(200);
      const second = await create('责任人占用二');
      const refused = await t.as('hp_zhihui', 'POST', `/api/dispatch/tasks/${second.id}/assignments`, { sourceIds: [offline.terminalId] });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().details[0].message).toMatch(new RegExp(`接收人.+正在执行任务 ${first.code}`));
      const cars = (await t.as('hp_zhihui', 'GET', `/api/dispatch/recommend?lat=${squadron.centerLat}&lon=${squadron.centerLon}&type=vehicle`)).json();
      expect(cars.items.some((c: { sourceId: string }) => c.sourceId === offline.terminalId)).toBe(false);
      const why = cars.unavailable.find((c: { sourceId: string }) => c.sourceId === offline.terminalId);
      expect(why.reasons.join('；')).toMatch(/正在执行任务/);
    } finally {
      await plant(offline, { dLat: 0.0005, minutesAgo: 60 });
    }
  });
});
