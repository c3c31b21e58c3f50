import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EQUIPMENT_STATUSES, todayShanghai } from '@cg/domain';
import { queryRows, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

type Counts = Record<string, number>;
interface Overview {
  unit: { id: string; name: string };
  total: number;
  byStatus: Counts;
  categories: { id: string; code: string; name: string; groupName: string; total: number; byStatus: Counts }[];
  children: { unitId: string; unitName: string; total: number; byStatus: Counts }[];
  own: { total: number; byStatus: Counts };
  attention: {
    overdueLoans: number; noResponsible: number; longRepair: number; warrantyExpiring: number;
    longRepairItems: { assetTag: string; days: number }[]; warrantyItems: { assetTag: string; date: string; days: number }[];
  };
}

const DAY = 86_400_000;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

describe('装备概览', () => {
  let t: TestApp;
  let squadron: { id: string; name: string };
  let district: { id: string };
  /** The list route's total for a filter: an independent count of the same items. */
  const listed = async (user: string, query: string) => {
    const res = await t.as(user, 'GET', `/api/equipment/items?pageSize=1&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().total as number;
  };

  beforeAll(async () => {
    t = await createTestApp();
    squadron = (await t.as('njdl_zdz', 'GET', '/api/auth/me')).json().unit;
    district = (await t.as('hp_admin', 'GET', '/api/auth/me')).json().unit;
  });
  afterAll(() => t.close());

  it('counts the own unit by status and category, matching the item list', async () => {
    const res = await t.as('njdl_zdz', 'GET', '/api/equipment/overview');
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json() as Overview;
    expect(o.unit.id).toBe(squadron.id);
    expect(o.total).toBeGreaterThan(0);
    expect(o.total).toBe(await listed('njdl_zdz', `unitId=${squadron.id}`));
    for (const s of EQUIPMENT_STATUSES) expect(o.byStatus[s], s).toBe(await listed('njdl_zdz', `unitId=${squadron.id}&status=${s}`));
    // Every category of the catalogue, in its order, with its group; the cells add up.
    const catalogue = (await t.as('njdl_zdz', 'GET', '/api/equipment/categories')).json() as { id: string; groupName: string }[];
    expect(o.categories.map((c) => [c.id, c.groupName])).toEqual(catalogue.map((c) => [c.id, c.groupName]));
    for (const c of o.categories.filter((x) => x.total > 0)) {
      expect(c.total, c.name).toBe(await listed('njdl_zdz', `unitId=${squadron.id}&categoryId=${c.id}`));
      expect(c.byStatus['在用'], c.name).toBe(await listed('njdl_zdz', `unitId=${squadron.id}&categoryId=${c.id}&status=在用`));
    }
    expect(o.categories.reduce((n, c) => n + c.total, 0)).toBe(o.total);
    // A squadron has no child units: everything is its own.
    expect(o.children).toEqual([]);
    expect(o.own).toEqual({ total: o.total, byStatus: o.byStatus });
    expect(o.attention.overdueLoans).toBe(await listed('njdl_zdz', `unitId=${squadron.id}&overdue=true`));
    expect(o.attention.noResponsible).toBe(await listed('njdl_zdz', `unitId=${squadron.id}&noResponsible=true`));
  });

  it('splits a district by its direct child units, each with its subtree', async () => {
    const o = (await t.as('hp_admin', 'GET', '/api/equipment/overview')).json() as Overview;
    expect(o.unit.id).toBe(district.id);
    const units = (await t.as('hp_admin', 'GET', `/api/units?parentId=${district.id}&pageSize=200`)).json().items as { id: string }[];
    expect(o.children.map((c) => c.unitId).sort()).toEqual(units.map((u) => u.id).sort());
    expect(o.total).toBe(await listed('hp_admin', `unitId=${district.id}`));
    const withItems = o.children.filter((c) => c.total > 0);
    expect(withItems.length).toBeGreaterThan(1);
    for (const c of withItems.slice(0, 4)) {
      expect(c.total, c.unitName).toBe(await listed('hp_admin', `unitId=${c.unitId}`));
      expect(c.byStatus['借出'], c.unitName).toBe(await listed('hp_admin', `unitId=${c.unitId}&status=借出`));
    }
    const ownOnly = await queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM equipment_items WHERE unit_id = ${district.id}`);
    expect(o.own.total).toBe(ownOnly[0].n);
    expect(o.children.reduce((n, c) => n + c.total, 0) + o.own.total).toBe(o.total);
    expect(o.attention.overdueLoans).toBe(await listed('hp_admin', `unitId=${district.id}&overdue=true`));
    expect(o.attention.overdueLoans).toBeGreaterThan(0);
  });

  it('covers the whole city for the city bureau', async () => {
    const o = (await t.as('admin', 'GET', '/api/equipment/overview')).json() as Overview;
    expect(o.total).toBe(await t.count('equipment_items'));
    expect(o.children.length).toBeGreaterThan(16);
    expect(o.children.reduce((n, c) => n + c.total, 0) + o.own.total).toBe(o.total);
  });

  it('flags items in 维修 for more than 30 days from the 台账, and warranties ending within 90 days', async () => {
    const today = todayShanghai();
    const cat = (await t.as('njdl_nq', 'GET', '/api/equipment/categories')).json().find((c: { code: string }) => c.code === 'id_reader');
    const register = async (assetTag: string, warrantyUntil?: string) => {
      const res = await t.as('njdl_nq', 'POST', '/api/equipment/items', {
        unitId: squadron.id, categoryId: cat.id, assetTag, model: 'R1', purchaseDate: addDays(today, -700), warrantyUntil,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const move = async (id: string, action: string) =>
      expect((await t.as('njdl_nq', 'POST', `/api/equipment/items/${id}/ledger`, { action })).statusCode).toBe(200);
    // Three repairs sent back in time (the clock starts at the move into 维修); one of them is repaired since.
    const sent: { id: string; asset_tag: string }[] = [];
    for (const tag of ['OV-R-1', 'OV-R-2', 'OV-R-3']) {
      const id = await register(tag);
      await move(id, 'send_repair');
      sent.push({ id, asset_tag: tag });
    }
    for (const [n, r] of sent.entries()) {
      await t.database.db.execute(sql`UPDATE equipment_ledger SET at = now() - make_interval(days => ${31 + n * 10})
        WHERE item_id = ${r.id} AND to_status = '维修'`);
    }
    await move(sent[0].id, 'repaired');
    const old = sent.slice(1);
    // Warranty boundaries: the last day of the window counts, the day after and yesterday do not.
    for (const [tag, warrantyUntil] of [['OV-W-90', addDays(today, 90)], ['OV-W-91', addDays(today, 91)], ['OV-W-0', today], ['OV-W-M1', addDays(today, -1)]]) {
      await register(tag, warrantyUntil);
    }

    // Independent figures from the raw rows.
    const rows = await queryRows<{ asset_tag: string; status: string; warranty_until: string | null; repair_at: string | null }>(t.database.db, sql`
      SELECT i.asset_tag, i.status, i.warranty_until::text AS warranty_until,
        (SELECT max(l.at) FROM equipment_ledger l WHERE l.item_id = i.id AND l.to_status = '维修')::text AS repair_at
      FROM equipment_items i WHERE i.unit_id = ${squadron.id}`);
    const longRepair = rows.filter((r) => r.status === '维修' && r.repair_at && Date.now() - Date.parse(r.repair_at) > 30 * DAY);
    const expiring = rows.filter((r) => !['报废', '遗失'].includes(r.status) && r.warranty_until
      && r.warranty_until >= today && r.warranty_until <= addDays(today, 90));

    const o = (await t.as('njdl_zdz', 'GET', `/api/equipment/overview?unitId=${squadron.id}`)).json() as Overview;
    expect(o.attention.longRepair).toBe(longRepair.length);
    expect(o.attention.longRepair).toBeGreaterThanOrEqual(old.length);
    // Longest first, with the days since it went to repair.
    expect(o.attention.longRepairItems.map((i) => [i.assetTag, i.days]).slice(0, 2)).toEqual([['OV-R-3', 51], ['OV-R-2', 41]]);
    expect(o.attention.longRepairItems.map((i) => i.assetTag)).not.toContain('OV-R-1');
    expect(o.attention.warrantyExpiring).toBe(expiring.length);
    const flagged = o.attention.warrantyItems.map((i) => i.assetTag);
    if (expiring.length <= 20) {
      expect(flagged).toEqual(expect.arrayContaining(['OV-W-90', 'OV-W-0']));
      expect(o.attention.warrantyItems.find((i) => i.assetTag === 'OV-W-90')).toMatchObject({ date: addDays(today, 90), days: 90 });
    }
    expect(flagged).not.toContain('OV-W-91');
    expect(flagged).not.toContain('OV-W-M1');
    // The district above sees the same long repairs among its own.
    const d = (await t.as('hp_admin', 'GET', '/api/equipment/overview')).json() as Overview;
    expect(d.attention.longRepair).toBeGreaterThanOrEqual(o.attention.longRepair);
  });

  it('keeps to the scope: another squadron is 404, a bad unit id is 400, no session is 401', async () => {
    const other = (await t.as('admin', 'GET', '/api/units?q=310101002')).json().items[0] as { id: string };
    expect(other).toBeDefined();
    expect((await t.as('njdl_zdz', 'GET', `/api/equipment/overview?unitId=${other.id}`)).statusCode).toBe(404);
    expect((await t.as('hp_admin', 'GET', `/api/equipment/overview?unitId=${other.id}`)).statusCode).toBe(200);
    const bad = await t.as('njdl_zdz', 'GET', '/api/equipment/overview?unitId=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'unitId' })] });
    const unknown = await t.as('njdl_zdz', 'GET', '/api/equipment/overview?unit=x');
    expect(unknown.statusCode).toBe(400);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/equipment/overview' });
    expect(anonymous.statusCode).toBe(401);
  });
});
