// Beidou/JT/T 808 terminals: registered as items, installed in a vehicle or handed to one officer (单兵), looked up by
// 终端手机号 for the gateway; one number, one terminal in service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { registeredTerminal } from './terminals.service.ts';

describe('北斗定位终端', () => {
  let t: TestApp;
  let squadron: { id: string };
  let cat: Record<string, string>;
  let officer: { id: string; name: string };
  let vehicle: string;
  let vehicle2: string;

  const terminal = (tag: string, phone: string) => t.as('njdl_nq', 'POST', '/api/equipment/items', {
    unitId: squadron.id, categoryId: cat.beidou_terminal, assetTag: tag, model: 'BD-T808',
    attributes: { terminalPhone: phone, maker: '70111', terminalId: `T${tag.replace(/-/g, '')}` },
  });
  const move = (id: string, body: Record<string, unknown>) => t.as('njdl_nq', 'POST', `/api/equipment/items/${id}/ledger`, body);

  beforeAll(async () => {
    t = await createTestApp();
    squadron = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json().unit;
    cat = Object.fromEntries(((await t.as('njdl_nq', 'GET', '/api/equipment/categories')).json() as { id: string; code: string }[]).map((c) => [c.code, c.id]));
    officer = (await t.as('njdl_nq', 'GET', `/api/officers?unitId=${squadron.id}&status=在岗&pageSize=1`)).json().items[0];
    const car = (tag: string, plate: string) => t.as('njdl_nq', 'POST', '/api/equipment/items', {
      unitId: squadron.id, categoryId: cat.vehicle, assetTag: tag, model: '帕萨特', attributes: { plate, hasBeidou: true },
    });
    vehicle = (await car('T-CAR-1', '沪A12345')).json().id;
    vehicle2 = (await car('T-CAR-2', '沪A54321')).json().id;
  });
  afterAll(() => t.close());

  it('installs a terminal in a vehicle, refuses a second vehicle and 收回, takes it out with 拆除', async () => {
    const created = await terminal('T-BD-1', '013912345678');
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await move(id, { action: 'fit' })).json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'vehicleId' }] });
    const fitted = await move(id, { action: 'fit', vehicleId: vehicle });
    expect(fitted.statusCode).toBe(200);
    expect(fitted.json()).toMatchObject({ status: '在用', holderVehicleId: vehicle, holderVehiclePlate: '沪A12345', holderOfficerId: null });
    const before = await t.count('equipment_ledger');
    const second = await move(id, { action: 'fit', vehicleId: vehicle2 });
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toBe('该装备已安装在车辆上，请先拆除');
    expect((await move(id, { action: 'unassign' })).statusCode).toBe(409);
    expect((await move(id, { action: 'issue', officerId: officer.id, expectedReturnAt: new Date(Date.now() + 86_400_000).toISOString() })).statusCode).toBe(409);
    expect(await t.count('equipment_ledger')).toBe(before);

    const inCar = (await t.as('njdl_nq', 'GET', `/api/equipment/items?holderVehicleId=${vehicle}`)).json();
    expect(inCar.items.map((i: { assetTag: string }) => i.assetTag)).toEqual(['T-BD-1']);
    expect(await registeredTerminal(t.database.db, '013912345678')).toMatchObject({ itemId: id, vehicleId: vehicle, vehiclePlate: '沪A12345', officerId: null });

    const out = await move(id, { action: 'unfit', note: '车辆送修' });
    expect(out.json()).toMatchObject({ status: '在库', holderVehicleId: null });
    const ledger = (await t.as('njdl_nq', 'GET', `/api/equipment/items/${id}/ledger`)).json() as { action: string; note: string | null }[];
    expect(ledger.map((l) => [l.action, l.note])).toEqual([
      ['register', null], ['fit', '安装到沪A12345'], ['unfit', '自沪A12345拆除：车辆送修'],
    ]);
  });

  it('hands a terminal to one officer (单兵) and the gateway lookup names the officer', async () => {
    const id = (await terminal('T-BD-2', '013912345679')).json().id;
    expect((await move(id, { action: 'assign', officerId: officer.id })).statusCode).toBe(200);
    expect(await registeredTerminal(t.database.db, '013912345679')).toMatchObject({ itemId: id, officerId: officer.id, officerName: officer.name, vehicleId: null });
    // Other shared equipment still cannot be assigned to a person.
    const printer = (await t.as('njdl_nq', 'POST', '/api/equipment/items', { unitId: squadron.id, categoryId: cat.portable_printer, assetTag: 'T-PRN-1', model: 'P1' })).json().id;
    expect((await move(printer, { action: 'assign', officerId: officer.id })).statusCode).toBe(409);
    expect((await move(printer, { action: 'fit', vehicleId: vehicle })).json().message).toBe('便携式打印机不是车载设备，不能安装到车辆');
  });

  it('refuses to fit into something that is not a vehicle or is out of scope', async () => {
    const id = (await terminal('T-BD-3', '013912345670')).json().id;
    const printer = (await t.as('njdl_nq', 'GET', '/api/equipment/items?q=T-PRN-1')).json().items[0].id;
    expect((await move(id, { action: 'fit', vehicleId: printer })).json().details).toEqual([{ field: 'vehicleId', message: 'T-PRN-1 不是执法车辆' }]);
    const elsewhere = (await t.as('admin', 'GET', '/api/equipment/items?categoryId=' + cat.vehicle + '&q=&pageSize=200')).json().items
      .find((v: { unitCode: string }) => !v.unitCode.startsWith('310101'));
    if (elsewhere) {
      expect((await move(id, { action: 'fit', vehicleId: elsewhere.id })).json().details[0].field).toBe('vehicleId');
    }
  });

  it('keeps one terminal in service per phone number; a scrapped one is no longer registered', async () => {
    const dup = await terminal('T-BD-4', '013912345678');
    expect(dup.statusCode).toBe(409);
    expect(dup.json().details).toEqual([{ field: 'attributes.terminalPhone', message: '终端手机号 013912345678 已登记在装备 T-BD-1' }]);
    const t1 = (await t.as('njdl_nq', 'GET', '/api/equipment/items?q=T-BD-1')).json().items[0];
    expect((await t.as('njdl_zdz', 'POST', `/api/equipment/items/${t1.id}/ledger`, { action: 'scrap', note: '损坏' })).statusCode).toBe(200);
    expect(await registeredTerminal(t.database.db, '013912345678')).toBeNull();
    expect((await terminal('T-BD-4', '013912345678')).statusCode).toBe(201);
    expect(await registeredTerminal(t.database.db, '013999999999')).toBeNull();
  });
});
