import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

describe('执法装备库', () => {
  let t: TestApp;
  let squadron: { id: string };
  let categories: Record<string, { id: string }>;
  let officers: { id: string; name: string }[];
  const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
  const snapshot = async () => ({ items: await t.count('equipment_items'), ledger: await t.count('equipment_ledger'), audit: await t.count('audit_log') });

  beforeAll(async () => {
    t = await createTestApp();
    squadron = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json().unit;
    const list = (await t.as('njdl_nq', 'GET', '/api/equipment/categories')).json() as { id: string; code: string }[];
    categories = Object.fromEntries(list.map((c) => [c.code, c]));
    officers = (await t.as('njdl_nq', 'GET', `/api/officers?unitId=${squadron.id}&status=在岗&pageSize=3`)).json().items;
  });
  afterAll(() => t.close());

  const bodyCamera = (tag: string, extra: Record<string, unknown> = {}) => ({
    unitId: squadron.id, categoryId: categories.body_camera.id, assetTag: tag, serialNo: `SN-${tag}`, brand: '海康威视',
    model: 'DSJ-X1', attributes: { resolution: '1080P', storageGb: 64, batteryHours: 10, network: '4G', positioning: true }, ...extra,
  });

  it('has the built-in categories of the standard with their attribute definitions', () => {
    for (const code of ['vehicle', 'handheld_terminal', 'radio', 'body_camera', 'body_camera_4g', 'data_terminal', 'id_reader',
      'scanner', 'portable_printer', 'camera', 'drone', 'beidou_terminal']) {
      expect(categories[code], code).toBeDefined();
    }
  });

  it('registers an item in 在库 with a ledger entry and an audit entry', async () => {
    const res = await t.as('njdl_nq', 'POST', '/api/equipment/items', bodyCamera('HP-BC-0001'));
    expect(res.statusCode).toBe(201);
    const item = res.json();
    expect(item).toMatchObject({ status: '在库', assetTag: 'HP-BC-0001', categoryName: '执法记录仪', overdue: false });
    const ledger = (await t.as('njdl_nq', 'GET', `/api/equipment/items/${item.id}/ledger`)).json();
    expect(ledger.map((l: { action: string }) => l.action)).toEqual(['register']);
    const audit = (await t.as('admin', 'GET', `/api/audit?entityType=equipment&entityId=${item.id}`)).json();
    expect(audit.items[0].action).toBe('create');
  });

  it('refuses bad input by field and writes nothing', async () => {
    const before = await snapshot();
    const badTag = await t.as('njdl_nq', 'POST', '/api/equipment/items', bodyCamera('x'));
    expect(badTag.statusCode).toBe(400);
    expect(badTag.json().details[0].field).toBe('assetTag');
    const unknownAttr = await t.as('njdl_nq', 'POST', '/api/equipment/items', bodyCamera('HP-BC-0002', {
      attributes: { resolution: '1080P', storageGb: 64, batteryHours: 10, network: '4G', colour: 'red' },
    }));
    expect(unknownAttr.statusCode).toBe(400);
    expect(unknownAttr.json().details.map((d: { field: string }) => d.field)).toContain('attributes.colour');
    const badPlate = await t.as('njdl_nq', 'POST', '/api/equipment/items', {
      unitId: squadron.id, categoryId: categories.vehicle.id, assetTag: 'HP-CAR-01', model: '大众朗逸',
      attributes: { plate: 'ABC', vehicleType: '轿车', hasDashcam: true, hasBeidou: true },
    });
    expect(badPlate.statusCode).toBe(400);
    expect(badPlate.json().details[0].field).toBe('attributes.plate');
    const duplicate = await t.as('njdl_nq', 'POST', '/api/equipment/items', bodyCamera('HP-BC-0001'));
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().details[0].field).toBe('assetTag');
    expect(await snapshot()).toEqual(before);
  });

  it('issue → overdue → return, and illegal moves answer 409 without changing anything', async () => {
    const item = (await t.as('njdl_nq', 'POST', '/api/equipment/items', bodyCamera('HP-BC-0100'))).json();
    const url = `/api/equipment/items/${item.id}/ledger`;

    const notOut = await t.as('njdl_nq', 'POST', url, { action: 'return' });
    expect(notOut.statusCode).toBe(409);
    expect(notOut.json()).toMatchObject({ code: 'ILLEGAL_MOVE' });

    const noDate = await t.as('njdl_nq', 'POST', url, { action: 'issue', officerId: officers[0].id });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.json().details[0].field).toBe('expectedReturnAt');

    const issued = await t.as('njdl_nq', 'POST', url, { action: 'issue', officerId: officers[0].id, expectedReturnAt: inAWeek() });
    expect(issued.statusCode).toBe(200);
    expect(issued.json()).toMatchObject({ status: '借出', holderOfficerId: officers[0].id, holderOfficerName: officers[0].name, overdue: false });

    const before = await snapshot();
    const second = await t.as('njdl_nq', 'POST', url, { action: 'issue', officerId: officers[1].id, expectedReturnAt: inAWeek() });
    expect(second.statusCode).toBe(409);
    const repair = await t.as('njdl_nq', 'POST', url, { action: 'send_repair' });
    expect(repair.statusCode).toBe(409);
    expect(await snapshot()).toEqual(before);
    expect((await t.as('njdl_nq', 'GET', `/api/equipment/items/${item.id}`)).json().version).toBe(issued.json().version);

    // Time passes: the expected return is now in the past.
    await t.database.db.execute(sql`UPDATE equipment_items SET expected_return_at = now() - interval '1 day' WHERE id = ${item.id}`);
    const overdue = (await t.as('njdl_nq', 'GET', '/api/equipment/items?overdue=true')).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(item.id);
    expect(overdue.items.find((i: { id: string }) => i.id === item.id).overdue).toBe(true);

    const returned = await t.as('njdl_nq', 'POST', url, { action: 'return', note: '完好' });
    expect(returned.json()).toMatchObject({ status: '在库', holderOfficerId: null, expectedReturnAt: null, overdue: false });
    const ledger = (await t.as('njdl_nq', 'GET', url)).json();
    expect(ledger.map((l: { action: string }) => l.action)).toEqual(['register', 'issue', 'return']);
    expect(ledger[2]).toMatchObject({ officerName: officers[0].name, note: '完好', fromStatus: '借出', toStatus: '在库' });
  });

  it('personal kit: assign to an officer shows in their kit; no second holder; repair blocks issuing', async () => {
    const item = (await t.as('njdl_nq', 'POST', '/api/equipment/items', bodyCamera('HP-BC-0200'))).json();
    const url = `/api/equipment/items/${item.id}/ledger`;
    expect((await t.as('njdl_nq', 'POST', url, { action: 'assign', officerId: officers[1].id })).json().status).toBe('在用');
    const kit = (await t.as('njdl_nq', 'GET', `/api/equipment/items?holderOfficerId=${officers[1].id}`)).json();
    expect(kit.items.map((i: { assetTag: string }) => i.assetTag)).toContain('HP-BC-0200');
    expect((await t.as('njdl_nq', 'POST', url, { action: 'assign', officerId: officers[2].id })).statusCode).toBe(409);
    expect((await t.as('njdl_nq', 'POST', url, { action: 'send_repair', note: '屏幕损坏' })).json().status).toBe('维修');
    const whileRepair = await t.as('njdl_nq', 'POST', url, { action: 'issue', officerId: officers[2].id, expectedReturnAt: inAWeek() });
    expect(whileRepair.statusCode).toBe(409);
    expect(whileRepair.json().message).toContain('维修');
  });

  it('scrapping needs the squadron leader, who is recorded as approver', async () => {
    const item = (await t.as('njdl_nq', 'POST', '/api/equipment/items', bodyCamera('HP-BC-0300'))).json();
    const url = `/api/equipment/items/${item.id}/ledger`;
    const byClerk = await t.as('njdl_nq', 'POST', url, { action: 'scrap', note: '老化' });
    expect(byClerk.statusCode).toBe(403);
    const byLeader = await t.as('njdl_zdz', 'POST', url, { action: 'scrap', note: '老化' });
    expect(byLeader.json().status).toBe('报废');
    const ledger = (await t.as('njdl_zdz', 'GET', url)).json();
    expect(ledger.at(-1)).toMatchObject({ action: 'scrap', approvedByName: expect.stringContaining('njdl_zdz') });
    expect((await t.as('njdl_zdz', 'POST', url, { action: 'found' })).statusCode).toBe(409);
  });

  it('another district answers 404 by id, in lists and on ledger actions', async () => {
    const item = await queryOne<{ id: string }>(t.database.db, sql`SELECT id FROM equipment_items WHERE asset_tag = 'HP-BC-0001'`);
    const other = await queryOne<{ id: string }>(t.database.db, sql`SELECT id FROM units WHERE code = '310104'`);
    // A 徐汇 user: the demo has none, so make one as the city admin.
    const created = await t.as('admin', 'POST', '/api/users', {
      username: 'xh_nq', displayName: '徐汇内勤', role: 'squadron_clerk', unitId: other!.id, password: 'Xuhui2026pw',
    });
    expect(created.statusCode).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xh_nq', password: 'Xuhui2026pw' } });
    const auth = { authorization: `Bearer ${login.json().token}` };
    expect((await t.app.inject({ method: 'GET', url: `/api/equipment/items/${item!.id}`, headers: auth })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/equipment/items/${item!.id}/ledger`, headers: auth, payload: { action: 'maintain' } })).statusCode).toBe(404);
    const list = (await t.app.inject({ method: 'GET', url: '/api/equipment/items?pageSize=200', headers: auth })).json();
    expect(list.items.some((i: { id: string }) => i.id === item!.id)).toBe(false);
  });

  it('the demo 执法装备库 is consistent with its ledger and shows realistic gaps for the evaluation', async () => {
    const body = (await t.as('hp_admin', 'GET', '/api/equipment/indicators')).json();
    expect(body.items).toBeGreaterThan(500);
    const get = (key: string) => body.indicators.find((i: { key: string }) => i.key === key);
    for (const key of ['kit.handheld_terminal', 'kit.radio', 'kit.body_camera']) {
      expect(get(key).value, key).toBeGreaterThan(0.6);
      expect(get(key).value, key).toBeLessThanOrEqual(1);
    }
    expect(get('vehicles.hasDashcam').denominator).toBeGreaterThan(10);
    expect(get('ledger.responsible').value).toBeGreaterThan(0.9);
    // The replayed ledger agrees with the items' own status.
    const inService = (await t.as('hp_admin', 'GET', '/api/equipment/items?status=在用&pageSize=1')).json().total
      + (await t.as('hp_admin', 'GET', '/api/equipment/items?status=在库&pageSize=1')).json().total
      + (await t.as('hp_admin', 'GET', '/api/equipment/items?status=借出&pageSize=1')).json().total;
    expect(body.itemsInService).toBe(inService);
  });

  it('only personal kit can be assigned; a transfer records where the item went', async () => {
    const car = await t.as('njdl_nq', 'POST', '/api/equipment/items', {
      unitId: squadron.id, categoryId: categories.vehicle.id, assetTag: 'HP-CAR-77', model: '大众朗逸',
      attributes: { plate: '沪A77777', vehicleType: '轿车', hasDashcam: true, hasBeidou: true },
    });
    const url = `/api/equipment/items/${car.json().id}/ledger`;
    const assign = await t.as('njdl_nq', 'POST', url, { action: 'assign', officerId: officers[0].id });
    expect(assign.statusCode).toBe(409);
    expect(assign.json().message).toContain('不是个人装备');
    const target = (await t.as('hp_admin', 'GET', '/api/units?q=外滩街道中队')).json().items[0];
    expect((await t.as('hp_admin', 'POST', url, { action: 'transfer', toUnitId: target.id })).json().unitId).toBe(target.id);
    const ledger = (await t.as('hp_admin', 'GET', url)).json();
    expect(ledger.at(-1)).toMatchObject({ action: 'transfer', note: '调拨至外滩街道中队' });
  });
});
