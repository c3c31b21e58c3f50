import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

describe('个人装备签收', () => {
  let t: TestApp;
  let radioId: string;

  beforeAll(async () => {
    t = await createTestApp({ demoEquipment: false });
    const me = (await t.as('njdl_dy', 'GET', '/api/auth/me')).json();
    const squadron = me.unit;
    const radio = ((await t.as('njdl_nq', 'GET', '/api/equipment/categories')).json() as { id: string; code: string }[]).find((c) => c.code === 'radio')!.id;
    radioId = (await t.as('njdl_nq', 'POST', '/api/equipment/items', { unitId: squadron.id, categoryId: radio, assetTag: 'ACK-R-1', model: 'PD680' })).json().id;
    const officerId = me.officerId as string;
    expect(officerId).toEqual(expect.any(String));
    const assigned = await t.as('njdl_nq', 'POST', `/api/equipment/items/${radioId}/ledger`, { action: 'assign', officerId });
    expect(assigned.statusCode).toBe(200);
  });
  afterAll(() => t.close());

  it('shows the officer the kit handed to them, unsigned, and lets them sign once', async () => {
    const kit = (await t.as('njdl_dy', 'GET', '/api/equipment/my-kit')).json();
    expect(kit).toEqual([expect.objectContaining({ id: radioId, assetTag: 'ACK-R-1', action: 'assign', acknowledgedAt: null, handedOverBy: expect.any(String) })]);
    const auditBefore = await t.count('audit_log');
    const signed = await t.as('njdl_dy', 'POST', `/api/equipment/items/${radioId}/acknowledge`);
    expect(signed.statusCode).toBe(200);
    expect(signed.json().acknowledgedAt).toEqual(expect.any(String));
    expect(await t.count('audit_log')).toBe(auditBefore + 1);
    const again = await t.as('njdl_dy', 'POST', `/api/equipment/items/${radioId}/acknowledge`);
    expect(again.statusCode).toBe(409);
    const ledger = (await t.as('njdl_nq', 'GET', `/api/equipment/items/${radioId}/ledger`)).json();
    expect(ledger.at(-1)).toMatchObject({ action: 'assign', acknowledgedAt: signed.json().acknowledgedAt });
  });

  it('does not let anyone else sign for it', async () => {
    expect((await t.as('njdl_zdz', 'POST', `/api/equipment/items/${radioId}/acknowledge`)).statusCode).toBe(404);
    const noOfficer = await t.as('admin', 'POST', `/api/equipment/items/${radioId}/acknowledge`);
    expect(noOfficer.statusCode).toBe(409);
    expect(noOfficer.json().code).toBe('NO_OFFICER');
    expect((await t.as('njdl_dy', 'POST', '/api/equipment/items/not-a-uuid/acknowledge')).statusCode).toBe(400);
  });
});
