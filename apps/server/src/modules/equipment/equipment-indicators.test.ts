import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayShanghai } from '@cg/domain';
import { queryOne, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { checkUncheckedItems } from './equipment-attribute-check.ts';

describe('装备管理 indicators', () => {
  let t: TestApp;
  let squadron: { id: string; name: string };
  let officers: { id: string; name: string }[];
  let cats: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp({ demoEquipment: false });
    squadron = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json().unit;
    officers = (await t.as('njdl_nq', 'GET', `/api/officers?unitId=${squadron.id}&status=在岗&pageSize=200`)).json().items;
    cats = Object.fromEntries(((await t.as('njdl_nq', 'GET', '/api/equipment/categories')).json() as { code: string; id: string }[]).map((c) => [c.code, c.id]));
    const create = async (body: Record<string, unknown>) => {
      const res = await t.as('njdl_nq', 'POST', '/api/equipment/items', { unitId: squadron.id, ...body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const assign = (id: string, officerId: string) => t.as('njdl_nq', 'POST', `/api/equipment/items/${id}/ledger`, { action: 'assign', officerId });
    const cam1 = await create({ categoryId: cats.body_camera, assetTag: 'IND-BC-1', model: 'X1', responsibleOfficerId: officers[0].id, attributes: { resolution: '1080P' } });
    const cam2 = await create({ categoryId: cats.body_camera_4g, assetTag: 'IND-BC-2', model: 'X2', responsibleOfficerId: officers[1].id, attributes: { network: '4G' } });
    await assign(cam1, officers[0].id);
    await assign(cam2, officers[1].id);
    await create({ categoryId: cats.vehicle, assetTag: 'IND-CAR-1', model: '朗逸', responsibleOfficerId: officers[0].id,
      attributes: { plate: '沪A12345', vehicleType: '轿车', hasDashcam: true, hasBeidou: false } });
    await create({ categoryId: cats.data_terminal, assetTag: 'IND-DT-1', model: 'D1' });
  });
  afterAll(() => t.close());

  it('counts personal kit per active officer, lists who lacks it, and counts a 4G recorder as a body camera', async () => {
    const res = await t.as('njdl_nq', 'GET', `/api/equipment/indicators?unitId=${squadron.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // 在岗 and 借调 officers count as active.
    const seconded = (await t.as('njdl_nq', 'GET', `/api/officers?unitId=${squadron.id}&status=借调&pageSize=200`)).json().total;
    const active = officers.length + seconded;
    expect(body.activeOfficers).toBe(active);
    const cams = body.indicators.find((i: { key: string }) => i.key === 'kit.body_camera');
    expect(cams).toMatchObject({ numerator: 2, denominator: active, kind: 'ratio' });
    expect(cams.value).toBeCloseTo(2 / active);
    expect(cams.records.map((r: { label: string }) => r.label).sort()).toEqual(['IND-BC-1', 'IND-BC-2']);
    expect(cams.gaps).toHaveLength(active - 2);
    expect(cams.gaps.map((g: { id: string }) => g.id)).not.toContain(officers[0].id);
    const radios = body.indicators.find((i: { key: string }) => i.key === 'kit.radio');
    expect(radios.numerator).toBe(0);
  });

  it('reports vehicles with dashcam and Beidou, squadron kit presence and responsible persons, with their gaps', async () => {
    const body = (await t.as('njdl_nq', 'GET', `/api/equipment/indicators?unitId=${squadron.id}`)).json();
    const get = (key: string) => body.indicators.find((i: { key: string }) => i.key === key);
    expect(get('vehicles.hasDashcam')).toMatchObject({ value: 1, numerator: 1, denominator: 1 });
    expect(get('vehicles.hasBeidou')).toMatchObject({ value: 0, gaps: [expect.objectContaining({ label: 'IND-CAR-1' })] });
    expect(get('squadron_kit.data_terminal')).toMatchObject({ value: 1, numerator: 1, denominator: 1 });
    expect(get('squadron_kit.id_reader')).toMatchObject({ value: 0, gaps: [expect.objectContaining({ label: squadron.name })] });
    expect(get('ledger.responsible')).toMatchObject({ numerator: 3, denominator: 4, gaps: [expect.objectContaining({ label: 'IND-DT-1' })] });
    expect(get('ledger.overdue')).toMatchObject({ value: 0 });
  });

  it('counts vehicles with a registered Beidou terminal installed, items meeting performance floors, and quarterly rounds', async () => {
    const get = async (key: string) => ((await t.as('njdl_nq', 'GET', `/api/equipment/indicators?unitId=${squadron.id}`)).json()
      .indicators as { key: string; value: number; gaps: { label: string; detail?: string }[]; records: { label: string }[] }[]).find((i) => i.key === key)!;
    expect(await get('vehicles.beidouTerminalFitted')).toMatchObject({ value: 0, gaps: [expect.objectContaining({ label: 'IND-CAR-1' })] });
    const car = (await t.as('njdl_nq', 'GET', '/api/equipment/items?q=IND-CAR-1')).json().items[0].id;
    const terminal = (await t.as('njdl_nq', 'POST', '/api/equipment/items', {
      unitId: squadron.id, categoryId: cats.beidou_terminal, assetTag: 'IND-BD-1', model: 'BD', attributes: { terminalPhone: '13900000001' },
    })).json().id;
    expect((await t.as('njdl_nq', 'POST', `/api/equipment/items/${terminal}/ledger`, { action: 'fit', vehicleId: car })).statusCode).toBe(200);
    expect(await get('vehicles.beidouTerminalFitted')).toMatchObject({ value: 1, records: [expect.objectContaining({ label: 'IND-CAR-1' })] });

    // IND-BC-2 is a 4G recorder with only its network recorded: short of the floor, and the gap says why.
    const perf = await get('performance.body_camera_4g');
    expect(perf.value).toBe(0);
    expect(perf.gaps).toEqual([expect.objectContaining({ label: 'IND-BC-2', detail: expect.stringContaining('分辨率未登记') })]);
    expect((await get('performance.data_terminal')).gaps[0].detail).toContain('存储容量未登记');

    expect(await get('inventory.quarter')).toMatchObject({ value: 0, gaps: [expect.objectContaining({ label: squadron.name })] });
    const round = (await t.as('njdl_nq', 'POST', '/api/inventory/rounds', { unitId: squadron.id })).json();
    expect((await t.as('njdl_zdz', 'POST', `/api/inventory/rounds/${round.id}/close`, {})).statusCode).toBe(200);
    expect(await get('inventory.quarter')).toMatchObject({ value: 1, gaps: [] });
    const year = await get('inventory.year');
    expect(year.records).toHaveLength(1);
    expect(year.gaps.length).toBe(round.quarter - 1); // earlier quarters of the year were never counted
  });

  it('完整性 reads the stored attribute check; an item never checked is checked on the fly, then stored', async () => {
    const completeness = async () => ((await t.as('njdl_nq', 'GET', `/api/equipment/indicators?unitId=${squadron.id}`)).json()
      .indicators as { key: string; numerator: number; denominator: number; gaps: { label: string; detail?: string }[] }[])
      .find((i) => i.key === 'data.completeness')!;
    const stored = async () => (await queryOne<{ p: string[] | null }>(t.database.db, sql`
      SELECT attribute_problems AS p FROM equipment_items WHERE asset_tag = 'IND-CAR-2'`))!.p;
    // (The round closed above left the earlier items 遗失: a fresh vehicle in service.)
    const created = await t.as('njdl_nq', 'POST', '/api/equipment/items', { unitId: squadron.id, categoryId: cats.vehicle, assetTag: 'IND-CAR-2',
      model: '帕萨特', attributes: { plate: '沪A22222', vehicleType: '轿车' } });
    expect(created.statusCode, created.body).toBe(201);
    // Every item registered through the API carries its check.
    expect(await queryOne<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM equipment_items WHERE attribute_problems IS NULL`))
      .toEqual({ n: 0 });
    expect(await stored()).toEqual([]);
    const before = await completeness();
    expect(before.gaps.map((g) => g.label)).not.toContain('IND-CAR-2');
    expect(before.numerator).toBeGreaterThan(0);

    // A row loaded in bulk without the plate (as before the stored check existed): counted by checking it here.
    await t.database.db.execute(sql`UPDATE equipment_items SET attributes = '{"vehicleType": "轿车"}', attribute_problems = NULL
      WHERE asset_tag = 'IND-CAR-2'`);
    const onTheFly = await completeness();
    expect(onTheFly.numerator).toBe(before.numerator - 1);
    expect(onTheFly.denominator).toBe(before.denominator);
    expect(onTheFly.gaps).toContainEqual(expect.objectContaining({ label: 'IND-CAR-2', detail: expect.stringContaining('车牌号不能为空') }));

    expect(await checkUncheckedItems(t.database.db)).toBe(1);
    expect(await stored()).toEqual(['车牌号不能为空']);
    expect(await completeness()).toEqual(onTheFly);

    // Fixing the attributes through the API clears the stored problem.
    const car = (await t.as('njdl_nq', 'GET', '/api/equipment/items?q=IND-CAR-2')).json().items[0];
    const fixed = await t.as('njdl_nq', 'PATCH', `/api/equipment/items/${car.id}`, { version: car.version, attributes: { plate: '沪A54321' } });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(await stored()).toEqual([]);
    expect((await completeness()).numerator).toBe(before.numerator);
  });

  it('replays the ledger to the date asked: the day before, none of these items existed', async () => {
    const yesterday = new Date(Date.now() - 86_400_000);
    const body = (await t.as('njdl_nq', 'GET', `/api/equipment/indicators?unitId=${squadron.id}&asOf=${todayShanghai(yesterday)}`)).json();
    expect(body.items).toBe(0);
    expect(body.indicators.find((i: { key: string }) => i.key === 'kit.body_camera').numerator).toBe(0);
    const bad = await t.as('njdl_nq', 'GET', `/api/equipment/indicators?asOf=2026-13-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('asOf');
  });
});
