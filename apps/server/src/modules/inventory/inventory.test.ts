import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

describe('季度清点', () => {
  let t: TestApp;
  let squadron: { id: string };
  let officers: { id: string; name: string }[];
  let radio: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    squadron = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json().unit;
    officers = (await t.as('njdl_nq', 'GET', `/api/officers?unitId=${squadron.id}&status=在岗&pageSize=3`)).json().items;
    radio = ((await t.as('njdl_nq', 'GET', '/api/equipment/categories')).json() as { code: string; id: string }[]).find((c) => c.code === 'radio')!.id;
    for (const tag of ['INV-A', 'INV-B', 'INV-C']) {
      const res = await t.as('njdl_nq', 'POST', '/api/equipment/items', { unitId: squadron.id, categoryId: radio, assetTag: tag, model: 'PD680' });
      ids[tag] = res.json().id;
    }
    await t.as('njdl_nq', 'POST', `/api/equipment/items/${ids['INV-B']}/ledger`, { action: 'assign', officerId: officers[0].id });
    // An item of another 黄浦 squadron that turns up here.
    const other = (await t.as('hp_admin', 'GET', '/api/units?q=外滩街道中队')).json().items[0];
    ids['INV-D'] = (await t.as('hp_admin', 'POST', '/api/equipment/items', { unitId: other.id, categoryId: radio, assetTag: 'INV-D', model: 'PD680' })).json().id;
  });
  afterAll(() => t.close());

  it('runs a round: scan and tick, one missing, one unexpected, one with another holder; the leader closes and it is applied', async () => {
    const started = await t.as('njdl_nq', 'POST', '/api/inventory/rounds', { unitId: squadron.id });
    expect(started.statusCode).toBe(201);
    const round = started.json();
    const expectedTags = round.lines.filter((l: { expected: boolean }) => l.expected).map((l: { assetTag: string }) => l.assetTag);
    expect(expectedTags).toEqual(expect.arrayContaining(['INV-A', 'INV-B', 'INV-C']));
    expect((await t.as('njdl_nq', 'POST', '/api/inventory/rounds', { unitId: squadron.id })).statusCode).toBe(409);

    const count = (body: Record<string, unknown>) => t.as('njdl_nq', 'POST', `/api/inventory/rounds/${round.id}/count`, body);
    // Everything on the book is counted except INV-C.
    for (const tag of expectedTags.filter((x: string) => !['INV-B', 'INV-C'].includes(x))) {
      const res = await count({ assetTag: tag, method: 'scan', ...(tag === 'INV-A' ? { location: '二楼装备柜' } : {}) });
      expect(res.json().result).toBe('found');
    }
    expect((await count({ assetTag: 'inv-b', method: 'tick', holderOfficerId: officers[1].id })).json().result).toBe('wrong_holder');
    expect((await count({ assetTag: 'INV-D', method: 'scan' })).json().result).toBe('unexpected');
    const stranger = await count({ assetTag: 'NOT-ON-BOOK-1', method: 'scan' });
    expect(stranger.json()).toMatchObject({ result: 'unexpected', counts: { unexpected: 2 } });
    expect((await count({ assetTag: '??', method: 'scan' })).statusCode).toBe(400);
    // A wrong scan is taken back: an unexpected line disappears, an expected one goes back to 待清点.
    const wrong = await t.as('njdl_dy', 'POST', `/api/inventory/rounds/${round.id}/count`, { assetTag: 'WRONG-SCAN-9', method: 'scan' });
    expect(wrong.json()).toMatchObject({ result: 'unexpected', counts: { unexpected: 3 } });
    const undone = await t.as('njdl_dy', 'DELETE', `/api/inventory/rounds/${round.id}/count/wrong-scan-9`);
    expect(undone.json()).toMatchObject({ result: 'pending', counts: { unexpected: 2 } });
    expect((await t.as('njdl_dy', 'DELETE', `/api/inventory/rounds/${round.id}/count/WRONG-SCAN-9`)).statusCode).toBe(404);
    expect((await count({ assetTag: 'INV-C', method: 'tick' })).json().result).toBe('found');
    expect((await t.as('njdl_nq', 'DELETE', `/api/inventory/rounds/${round.id}/count/INV-C`)).json().counts.pending).toBe(1);

    expect((await t.as('njdl_nq', 'POST', `/api/inventory/rounds/${round.id}/close`, {})).statusCode).toBe(403);
    const closed = await t.as('njdl_zdz', 'POST', `/api/inventory/rounds/${round.id}/close`, { note: '按期完成' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', summary: { missing: 1, unexpected: 2, wrong_holder: 1, lost: 1, reassigned: 1 } });

    const c = (await t.as('njdl_zdz', 'GET', `/api/equipment/items/${ids['INV-C']}`)).json();
    expect(c.status).toBe('遗失');
    const cLedger = (await t.as('njdl_zdz', 'GET', `/api/equipment/items/${ids['INV-C']}/ledger`)).json();
    expect(cLedger.at(-1)).toMatchObject({ action: 'lose', approvedByName: expect.stringContaining('njdl_zdz'), note: expect.stringContaining('清点') });
    const b = (await t.as('njdl_zdz', 'GET', `/api/equipment/items/${ids['INV-B']}`)).json();
    expect(b).toMatchObject({ status: '在用', holderOfficerId: officers[1].id });
    expect((await t.as('njdl_zdz', 'GET', `/api/equipment/items/${ids['INV-A']}`)).json().location).toBe('二楼装备柜');

    expect((await count({ assetTag: 'INV-A', method: 'scan' })).statusCode).toBe(409);
    const audit = (await t.as('admin', 'GET', `/api/audit?entityType=inventory&entityId=${round.id}&pageSize=200`)).json();
    const actions = audit.items.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe('close');
    expect(actions.at(-1)).toBe('start');
    expect(actions.filter((a: string) => a === 'uncount')).toHaveLength(2);
    expect(actions.filter((a: string) => a === 'count').length).toBe(expectedTags.length - 2 + 5);
  });

  it('lists squadrons still due this quarter; a closed round takes the squadron off the list', async () => {
    const due = (await t.as('hp_admin', 'GET', '/api/inventory/due')).json() as { unitId: string; unitName: string }[];
    expect(due.length).toBeGreaterThan(5);
    expect(due.map((d) => d.unitId)).not.toContain(squadron.id);
    expect(due.map((d) => d.unitName)).toContain('外滩街道中队');
  });

  it('another district cannot see the round', async () => {
    const rounds = (await t.as('njdl_zdz', 'GET', '/api/inventory/rounds')).json();
    expect(rounds).toHaveLength(1);
    const other = (await t.as('admin', 'GET', '/api/units?q=310104001')).json().items[0];
    const created = await t.as('admin', 'POST', '/api/users', { username: 'xh_zdz', displayName: '徐汇中队长', role: 'squadron_leader', unitId: other.id, password: 'Xuhui2026pw' });
    expect(created.statusCode).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xh_zdz', password: 'Xuhui2026pw' } });
    const res = await t.app.inject({ method: 'GET', url: `/api/inventory/rounds/${rounds[0].id}`, headers: { authorization: `Bearer ${login.json().token}` } });
    expect(res.statusCode).toBe(404);
  });
});
