// 诉件 statistics and map against a real database, with hand-built complaints (SQL inserts for the states and times
// a test needs, one through the 12345 intake route): exact headline counts and rates, each reproducible through its
// list query; 大类 and child-unit breakdowns; a repeat location of 3 complaints in one ~50 m cell (2 elsewhere are
// not one); the heat grid; merged duplicates left out; the map switching from points to grid clusters above the cap;
// another district's user seeing none of it; bad input refused with the field named. The business clock is pinned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { MAP_POINT_CAP, REPEAT_CELL_LAT_DEG, REPEAT_CELL_LON_DEG } from './complaint-stats.service.ts';

const M_PER_DEG_LAT = (Math.PI * 6371008.8) / 180;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Unit { id: string; path: string; name: string }
interface Insert {
  unit: Unit; category: string; status: string; receivedAt: string; dueAt: string; lat: number; lon: number;
  handledOnTime?: boolean; satisfaction?: string; reopen?: number; returned?: number; mergedInto?: string; address?: string;
}

describe('诉件统计与地图', () => {
  let t: TestApp;
  // Tuesday 20 October 2026, 10:00 in Shanghai: "this month" is 1–20 October.
  const clock = new Date('2026-10-20T10:00:00+08:00');
  let njdl: Unit & { centerLat: number; centerLon: number };
  let huangpu: Unit;
  let otherHp: Unit;
  let xuhuiSquadron: Unit;
  let xuhui: Unit;
  const cat: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let seq = 0;
  let xhAuth: { authorization: string };

  /** The centre of the ~50 m repeat-grid cell holding the point, so nearby test points never straddle a cell edge. */
  const cellCentre = (lat: number, lon: number) => ({
    lat: (Math.floor(lat / REPEAT_CELL_LAT_DEG) + 0.5) * REPEAT_CELL_LAT_DEG,
    lon: (Math.floor(lon / REPEAT_CELL_LON_DEG) + 0.5) * REPEAT_CELL_LON_DEG,
  });
  const east = (m: number) => njdl.centerLon + m / (M_PER_DEG_LAT * Math.cos((njdl.centerLat * Math.PI) / 180));

  async function insert(o: Insert): Promise<string> {
    seq += 1;
    const done = ['handled', 'replied', 'closed'].includes(o.status);
    const handledAt = done ? new Date(new Date(o.dueAt).getTime() + (o.handledOnTime ? -DAY : DAY)) : null;
    const row = await queryOne<{ id: string }>(t.database.db, sql`
      INSERT INTO complaints (code, source, category_id, description, address, lat, lon, unit_id, status, received_at, contact_due_at,
        due_at, handled_at, handled_on_time, closed_at, satisfaction, reopen_count, return_count, merged_into_id, created_by_name)
      VALUES (${`T${String(seq).padStart(5, '0')}`}, 'clerk', ${cat[o.category]}, '测试诉件', ${o.address ?? null}, ${o.lat}, ${o.lon},
        ${o.unit.id}, ${o.status}, ${o.receivedAt}, ${o.receivedAt}, ${o.dueAt}, ${handledAt}, ${done ? o.handledOnTime ?? false : null},
        ${o.status === 'closed' ? handledAt : null}, ${o.satisfaction ?? null}, ${o.reopen ?? 0}, ${o.returned ?? 0}, ${o.mergedInto ?? null}, '测试')
      RETURNING id`);
    return row!.id;
  }
  const get = (user: string, url: string) => t.as(user, 'GET', url);
  const stats = async (user: string, query = '') => {
    const res = await get(user, `/api/complaints/stats${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const listTotal = async (user: string, query: string) => {
    const res = await get(user, `/api/complaints?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().total as number;
  };

  beforeAll(async () => {
    t = await createTestApp({ demoEquipment: false, now: () => clock });
    const me = (await get('njdl_zdz', '/api/auth/me')).json();
    njdl = (await get('njdl_zdz', `/api/units/${me.unit.id}`)).json();
    huangpu = (await get('hp_admin', `/api/units/${(await get('hp_admin', '/api/auth/me')).json().unit.id}`)).json();
    const unit = (where: ReturnType<typeof sql>) => queryOne<Unit>(t.database.db, sql`SELECT id, path, name FROM units WHERE ${where} ORDER BY code LIMIT 1`);
    otherHp = (await unit(sql`path LIKE ${huangpu.path + '%'} AND kind = '街镇乡中队' AND id <> ${njdl.id}`))!;
    xuhui = (await unit(sql`code = '310104' AND kind = '区局'`))!;
    xuhuiSquadron = (await unit(sql`path LIKE ${xuhui.path + '%'} AND kind = '街镇乡中队'`))!;
    for (const r of await queryRows<{ code: string; id: string }>(t.database.db, sql`SELECT code, id FROM complaint_categories`)) cat[r.code] = r.id;

    // 南京东路 in October: a repeat spot (A1–A3) 150 m east, two complaints 150 m west (B, C), one pushed by 12345 at
    // the centre (D), a duplicate merged into A1 (E); one from September (F); one in another 黄浦 squadron (G); one in 徐汇 (H).
    const spotA = cellCentre(njdl.centerLat, east(150));
    const spotB = cellCentre(njdl.centerLat, east(-150));
    const oct = (day: number, hour = 10) => new Date(`2026-10-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString();
    ids.A1 = await insert({ unit: njdl, category: 'SR01', status: 'closed', receivedAt: oct(8), dueAt: oct(13), handledOnTime: true, satisfaction: 'satisfied', ...spotA, address: '南京东路100号' });
    ids.A2 = await insert({ unit: njdl, category: 'SR01', status: 'closed', receivedAt: oct(9), dueAt: oct(14), handledOnTime: false, satisfaction: 'basically_satisfied', ...spotA, address: '南京东路100号' });
    ids.A3 = await insert({ unit: njdl, category: 'SR01', status: 'handling', receivedAt: oct(12), dueAt: oct(19), lat: spotA.lat + 0.00005, lon: spotA.lon, address: '南京东路102号' });
    ids.B = await insert({ unit: njdl, category: 'SR03', status: 'replied', receivedAt: oct(13), dueAt: oct(16), handledOnTime: true, reopen: 1, ...spotB });
    ids.C = await insert({ unit: njdl, category: 'JM01', status: 'dispatched', receivedAt: oct(19), dueAt: oct(26), returned: 1, ...spotB });
    ids.E = await insert({ unit: njdl, category: 'SR01', status: 'closed', receivedAt: oct(10), dueAt: oct(15), mergedInto: ids.A1, ...spotA });
    ids.F = await insert({ unit: njdl, category: 'SR03', status: 'accepted', receivedAt: '2026-09-20T10:00:00+08:00', dueAt: '2026-09-25T16:00:00Z', ...spotB });
    ids.G = await insert({ unit: otherHp, category: 'WJ02', status: 'closed', receivedAt: oct(5), dueAt: oct(19), handledOnTime: true, lat: 31.225, lon: 121.48 });
    ids.H = await insert({ unit: xuhuiSquadron, category: 'SR01', status: 'accepted', receivedAt: oct(15), dueAt: oct(22), lat: 31.19, lon: 121.44 });
    const d = await t.as('admin', 'POST', '/api/complaints/intake', {
      source: '12345', externalNo: 'GD2026101600001', categoryCode: 'SR01', description: '步行街出口有流动摊贩', address: '南京东路步行街',
      lat: njdl.centerLat, lon: njdl.centerLon, receivedAt: '2026-10-16T09:00:00+08:00',
    });
    expect(d.statusCode, d.body).toBe(201);
    expect(d.json()).toMatchObject({ unitId: njdl.id, status: 'accepted', overdue: false });
    ids.D = d.json().id;

    const created = await t.as('admin', 'POST', '/api/users', { username: 'xh_tongji', displayName: '徐汇区局管理员', role: 'district_admin', unitId: xuhui.id, password: 'Xuhui2026pw' });
    expect(created.statusCode, created.body).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xh_tongji', password: 'Xuhui2026pw' } });
    xhAuth = { authorization: `Bearer ${login.json().token}` };
  });
  afterAll(() => t.close());

  it('counts the squadron\'s month exactly, each headline figure reproducible in the list', async () => {
    const s = await stats('njdl_zdz');
    expect(s).toMatchObject({ unitId: njdl.id, from: '2026-10-01', to: '2026-10-20' });
    const v = Object.fromEntries(Object.entries(s.figures).map(([k, f]) => [k, (f as { value: number }).value]));
    // A1–A3, B, C, D; E merged into A1 is left out; F is September's.
    expect(v).toEqual({
      received: 6, handled: 3, handledOnTime: 2, onTimeRate: 0.6667, open: 3, overdueOpen: 1, reopened: 1, reopenRate: 0.1667,
      returned: 1, returnRate: 0.1667, mergedDuplicates: 1,
    });
    expect(s.figures.onTimeRate).toMatchObject({ numerator: 'handledOnTime', denominator: 'handled' });
    expect(Object.fromEntries(Object.entries(s.satisfaction).map(([k, f]) => [k, (f as { value: number }).value])))
      .toEqual({ satisfied: 1, basicallySatisfied: 1, dissatisfied: 0, unrated: 4 });
    // The list behind each figure: the period list holds the merged duplicate too; open and overdue match exactly.
    expect(await listTotal('njdl_zdz', s.figures.received.listQuery)).toBe(6 + 1);
    expect(s.figures.received.definition).toMatch(/另含已并入其他诉件的重复件1件/);
    expect(await listTotal('njdl_zdz', s.figures.open.listQuery)).toBe(3);
    expect(await listTotal('njdl_zdz', s.figures.overdueOpen.listQuery)).toBe(1);
    expect(s.figures.overdueOpen.listQuery).toBe(`receivedFrom=2026-10-01&receivedTo=2026-10-20&unitId=${njdl.id}&status=open&overdue=true`);

    // 大类: 市容环境 (A1–A3, B, D) and 街面秩序 (C).
    expect(s.byCategory.map((c: { categoryCode: string; received: number; handled: number; handledOnTime: number; onTimeRate: number | null; open: number; overdueOpen: number }) =>
      [c.categoryCode, c.received, c.handled, c.handledOnTime, c.onTimeRate, c.open, c.overdueOpen]))
      .toEqual([['SR', 5, 3, 2, 0.6667, 2, 1], ['JM', 1, 0, 0, null, 1, 0]]);
    const jm = s.byCategory.find((c: { categoryCode: string }) => c.categoryCode === 'JM');
    expect(await listTotal('njdl_zdz', jm.listQuery)).toBe(1);
    // A squadron has no child units.
    expect(s.byUnit).toEqual([]);

    // Repeat locations: A1–A3 in one ~50 m cell (E, merged, not counted); B and C share a cell but are only two.
    expect(s.repeatLocations).toMatchObject({ cellM: 50, minCount: 3, truncated: false });
    expect(s.repeatLocations.items).toHaveLength(1);
    const spot = s.repeatLocations.items[0];
    expect(spot).toMatchObject({ count: 3, open: 1, address: '南京东路100号', idsTruncated: false });
    expect(spot.complaintIds).toEqual([ids.A3, ids.A2, ids.A1]);
    expect(Math.abs(spot.lon - east(150)) * M_PER_DEG_LAT * Math.cos((31.2 * Math.PI) / 180)).toBeLessThan(50);

    // Heat: every complaint of the period once; the repeat spot's cell weighs 3.
    expect(s.heat.cellM).toBe(500);
    expect(s.heat.items.reduce((a: number, h: { weight: number }) => a + h.weight, 0)).toBe(6);
    expect(Math.max(...s.heat.items.map((h: { weight: number }) => h.weight))).toBeGreaterThanOrEqual(3);
    const finer = await stats('njdl_zdz', '?heatCellM=100');
    expect(finer.heat.cellM).toBe(100);
    expect(finer.heat.items.reduce((a: number, h: { weight: number }) => a + h.weight, 0)).toBe(6);
  });

  it('rolls the district up by child unit; a period and a unit can be chosen', async () => {
    const s = await stats('hp_admin');
    expect(s.unitId).toBe(huangpu.id);
    expect(s.figures.received.value).toBe(7);
    expect(s.figures.handled.value).toBe(4);
    expect(s.figures.onTimeRate.value).toBe(0.75);
    // The child of 黄浦 on the squadron's path (a squadron may sit below a 大队).
    const childOf = (u: Unit) => s.byUnit.find((r: { unitId: string }) => u.path.includes(`/${r.unitId}/`));
    expect(childOf(njdl)).toMatchObject({ received: 6, handled: 3, handledOnTime: 2, open: 3, overdueOpen: 1, reopenRate: 0.1667 });
    expect(childOf(otherHp)).toMatchObject({ received: 1, handled: 1, handledOnTime: 1, onTimeRate: 1 });
    // Every direct child is listed, those without complaints with zeros; the rows add up to the district.
    const children = await queryRows<{ id: string }>(t.database.db, sql`SELECT id FROM units WHERE parent_id = ${huangpu.id}`);
    expect(s.byUnit).toHaveLength(children.length);
    expect(s.byUnit.reduce((a: number, r: { received: number }) => a + r.received, 0)).toBe(7);
    expect(await listTotal('hp_admin', childOf(njdl).listQuery)).toBe(6 + 1);
    // 大类 违法建筑 from the other squadron.
    expect(s.byCategory.map((c: { categoryCode: string; received: number }) => [c.categoryCode, c.received])).toEqual([['SR', 5], ['JM', 1], ['WJ', 1]]);

    // A chosen unit and period: 南京东路 in September holds F only (open, overdue).
    const sep = await stats('hp_admin', `?unitId=${njdl.id}&from=2026-09-01&to=2026-09-30`);
    expect(sep).toMatchObject({ unitId: njdl.id, from: '2026-09-01', to: '2026-09-30' });
    expect([sep.figures.received.value, sep.figures.open.value, sep.figures.overdueOpen.value, sep.figures.onTimeRate.value]).toEqual([1, 1, 1, null]);
    expect(sep.repeatLocations.items).toEqual([]);

    // The city: 黄浦's 7 and 徐汇's 1, per district.
    const city = await stats('admin');
    expect(city.figures.received.value).toBe(8);
    expect(city.byUnit.find((r: { unitId: string }) => r.unitId === huangpu.id)).toMatchObject({ received: 7 });
    expect(city.byUnit.find((r: { unitId: string }) => r.unitId === xuhui.id)).toMatchObject({ received: 1, open: 1, overdueOpen: 0 });
  });

  it('another district sees none of them', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/complaints/stats', headers: xhAuth });
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.figures.received.value).toBe(1);
    expect(s.repeatLocations.items).toEqual([]);
    expect(s.heat.items).toEqual([expect.objectContaining({ weight: 1 })]);
    const map = await t.app.inject({ method: 'GET', url: '/api/complaints/map?minLon=120.8&minLat=30.6&maxLon=122.2&maxLat=31.9&zoom=10', headers: xhAuth });
    expect(map.statusCode, map.body).toBe(200);
    expect(map.json().points.map((p: { id: string }) => p.id)).toEqual([ids.H]);
    // 南京东路 is out of their scope: 404 like the list, for the map and the statistics.
    for (const url of [`/api/complaints/stats?unitId=${njdl.id}`, `/api/complaints/map?minLon=121&minLat=31&maxLon=122&maxLat=32&zoom=12&unitId=${njdl.id}`]) {
      const r = await t.app.inject({ method: 'GET', url, headers: xhAuth });
      expect(r.statusCode, url).toBe(404);
    }
    expect((await get('njdl_zdz', `/api/complaints/stats?unitId=${huangpu.id}`)).statusCode).toBe(404);
  });

  it('puts points on the map with the list filters', async () => {
    const box = `minLon=${njdl.centerLon - 0.02}&minLat=${njdl.centerLat - 0.02}&maxLon=${njdl.centerLon + 0.02}&maxLat=${njdl.centerLat + 0.02}&zoom=16`;
    const all = (await get('njdl_zdz', `/api/complaints/map?${box}`)).json();
    expect(all).toMatchObject({ mode: 'points', cap: MAP_POINT_CAP, clusters: [] });
    // A1–A3, B, C, D, F (E merged: not drawn twice).
    expect(all.total).toBe(7);
    expect(all.points.map((p: { id: string }) => p.id).sort()).toEqual([ids.A1, ids.A2, ids.A3, ids.B, ids.C, ids.D, ids.F].sort());
    const a3 = all.points.find((p: { id: string }) => p.id === ids.A3);
    expect(a3).toMatchObject({ status: 'handling', statusLabel: '处置中', categoryName: '市容环境／乱设摊', overdue: true });
    expect(Object.keys(a3).sort()).toEqual(['categoryName', 'code', 'id', 'lat', 'lon', 'overdue', 'status', 'statusLabel']);
    expect(all.points.filter((p: { overdue: boolean }) => p.overdue).map((p: { id: string }) => p.id).sort()).toEqual([ids.A3, ids.F].sort());

    const ids_ = async (q: string) => (await get('njdl_zdz', `/api/complaints/map?${box}&${q}`)).json().points.map((p: { id: string }) => p.id).sort();
    expect(await ids_('status=open')).toEqual([ids.A3, ids.C, ids.D, ids.F].sort());
    expect(await ids_('status=closed')).toEqual([ids.A1, ids.A2].sort());
    expect(await ids_(`categoryId=${cat.JM}`)).toEqual([ids.C]);
    expect(await ids_(`categoryId=${cat.SR03}`)).toEqual([ids.B, ids.F].sort());
    expect(await ids_('receivedFrom=2026-10-12&receivedTo=2026-10-16')).toEqual([ids.A3, ids.B, ids.D].sort());
    // A box west of the centre holds only the western spot.
    const west = `minLon=${east(-300)}&minLat=${njdl.centerLat - 0.01}&maxLon=${east(-50)}&maxLat=${njdl.centerLat + 0.01}&zoom=17`;
    expect((await get('njdl_zdz', `/api/complaints/map?${west}`)).json().points.map((p: { id: string }) => p.id).sort()).toEqual([ids.B, ids.C, ids.F].sort());
  });

  it('refuses bad input with the field named', async () => {
    const box = 'minLon=121.4&minLat=31.2&maxLon=121.5&maxLat=31.3&zoom=14';
    const cases: [string, string, RegExp][] = [
      ['/api/complaints/map?minLat=31.2&maxLon=121.5&maxLat=31.3&zoom=14', 'minLon', /最小经度/],
      ['/api/complaints/map?minLon=121.5&minLat=31.2&maxLon=121.4&maxLat=31.3&zoom=14', 'maxLon', /最小经度须小于最大经度/],
      ['/api/complaints/map?minLon=121.4&minLat=31.3&maxLon=121.5&maxLat=31.3&zoom=14', 'maxLat', /最小纬度须小于最大纬度/],
      ['/api/complaints/map?minLon=121.4&minLat=31.2&maxLon=121.5&maxLat=95&zoom=14', 'maxLat', /最大纬度不能大于90/],
      ['/api/complaints/map?minLon=abc&minLat=31.2&maxLon=121.5&maxLat=31.3&zoom=14', 'minLon', /最小经度须为数字/],
      ['/api/complaints/map?minLon=121.4&minLat=31.2&maxLon=121.5&maxLat=31.3&zoom=30', 'zoom', /地图级别不能大于22/],
      [`/api/complaints/map?${box}&status=done`, 'status', /状态只能是/],
      [`/api/complaints/map?${box}&receivedFrom=2026-10-10&receivedTo=2026-10-01`, 'receivedTo', /不能晚于/],
      [`/api/complaints/map?${box}&bbox=1`, 'bbox', /不允许的字段/],
      ['/api/complaints/stats?from=2026-10-10&to=2026-10-01', 'to', /结束日期不能早于开始日期/],
      ['/api/complaints/stats?from=2026-02-30', 'from', /开始日期/],
      ['/api/complaints/stats?from=2025-01-01&to=2026-10-20', 'from', /不能超过366天/],
      ['/api/complaints/stats?unitId=abc', 'unitId', /单位格式不正确/],
      ['/api/complaints/stats?heatCellM=50', 'heatCellM', /热力网格边长不能小于100/],
      ['/api/complaints/stats?heatCellM=120', 'heatCellM', /50米的整数倍/],
    ];
    for (const [url, field, message] of cases) {
      const res = await get('hp_admin', url);
      expect(res.statusCode, `${url} → ${res.body}`).toBe(400);
      const err = res.json();
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details.map((x: { field: string }) => x.field), url).toContain(field);
      expect(JSON.stringify(err), url).toMatch(message);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/complaints/map?${box}` })).statusCode).toBe(401);
  });

  it('switches from points to grid clusters above the cap', async () => {
    // Two piles far from everything else: 1,000 at P and 1,000 at Q fill the box to the cap exactly.
    const P = { lat: 31.001, lon: 121.001 };
    const Q = { lat: 31.008, lon: 121.008 };
    const pile = (at: { lat: number; lon: number }, n: number, from: number) => t.database.db.execute(sql`
      INSERT INTO complaints (code, source, category_id, description, lat, lon, unit_id, status, received_at, contact_due_at, due_at, created_by_name)
      SELECT 'P' || lpad((${from}::int + g)::text, 6, '0'), 'clerk', ${cat.SR01}, '批量', ${at.lat}::float8, ${at.lon}::float8, ${njdl.id},
        'accepted', ${'2026-08-10T10:00:00+08:00'}::timestamptz, ${'2026-08-11T10:00:00+08:00'}::timestamptz, ${'2026-08-17T10:00:00+08:00'}::timestamptz, '测试'
      FROM generate_series(1, ${n}::int) g`);
    await pile(P, 1000, 0);
    await pile(Q, 1000, 1000);
    const box = 'minLon=120.995&minLat=30.995&maxLon=121.015&maxLat=31.015&zoom=14';
    const atCap = (await get('hp_admin', `/api/complaints/map?${box}`)).json();
    expect(atCap).toMatchObject({ mode: 'points', total: MAP_POINT_CAP, clusters: [] });
    expect(atCap.points).toHaveLength(MAP_POINT_CAP);

    await pile(Q, 1, 2000);
    const over = (await get('hp_admin', `/api/complaints/map?${box}`)).json();
    expect(over).toMatchObject({ mode: 'clusters', total: MAP_POINT_CAP + 1, points: [] });
    // zoom 14: 64 px of 256-px tiles = 360 / 2^14 / 4 degrees.
    expect(over.cellDeg).toBeCloseTo(360 / 2 ** 14 / 4, 10);
    expect(over.clusters).toHaveLength(2);
    expect(over.clusters[0]).toMatchObject({ count: 1001, open: 1001, overdue: 1001 });
    expect(over.clusters[0].lat).toBeCloseTo(Q.lat, 9);
    expect(over.clusters[0].lon).toBeCloseTo(Q.lon, 9);
    expect(over.clusters[1]).toMatchObject({ count: 1000 });
    expect(over.clusters[1].lat).toBeCloseTo(P.lat, 9);

    // The filters apply before the cap: August only at P → 1,000 points; October → none of the piles.
    expect((await get('hp_admin', `/api/complaints/map?minLon=120.995&minLat=30.995&maxLon=121.004&maxLat=31.004&zoom=14`)).json())
      .toMatchObject({ mode: 'points', total: 1000 });
    expect((await get('hp_admin', `/api/complaints/map?${box}&receivedFrom=2026-10-01`)).json()).toMatchObject({ mode: 'points', total: 0 });
    // Zoomed out over the whole city the piles and the other complaints fall into coarse cells.
    const city = (await get('admin', '/api/complaints/map?minLon=120.8&minLat=30.6&maxLon=122.2&maxLat=31.9&zoom=9')).json();
    expect(city.mode).toBe('clusters');
    expect(city.total).toBe(2001 + 7 + 1 + 1);
    // Another district still sees only its own.
    const xh = await t.app.inject({ method: 'GET', url: `/api/complaints/map?${box}`, headers: xhAuth });
    expect(xh.json()).toMatchObject({ mode: 'points', total: 0 });
  });
});
