import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { getUnitInScope, withUnitMemo } from './units.service.ts';

describe('organisation', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(() => t.close());

  it('shows the city admin 16 districts with their squadrons, and 浦东 squadrons under 大队', async () => {
    const tree = (await t.as('admin', 'GET', '/api/units/tree')).json();
    expect(tree).toHaveLength(1);
    const city = tree[0];
    expect(city.kind).toBe('市局');
    const districts = city.children.filter((c: { kind: string }) => c.kind === '区局');
    expect(districts).toHaveLength(16);
    expect(districts.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining(['黄浦区城管执法局', '浦东新区城管执法局', '崇明区城管执法局']));
    expect(city.children.filter((c: { kind: string }) => c.kind === '直属单位').length).toBe(4);
    for (const d of districts) expect(d.children.length).toBeGreaterThan(1);
    const pudong = districts.find((d: { name: string }) => d.name.startsWith('浦东'));
    expect(pudong.children.every((c: { kind: string }) => c.kind === '大队')).toBe(true);
    expect(city.officerCount).toBeGreaterThan(3000);
  });

  it('gives a district admin only their district', async () => {
    const tree = (await t.as('hp_admin', 'GET', '/api/units/tree')).json();
    expect(tree).toHaveLength(1);
    expect(tree[0].name).toBe('黄浦区城管执法局');
    const list = (await t.as('hp_admin', 'GET', '/api/units?pageSize=200')).json();
    expect(list.items.every((u: { code: string }) => u.code.startsWith('310101'))).toBe(true);
  });

  it('routes a point to the squadron whose jurisdiction holds it', async () => {
    const detail = (await t.as('admin', 'GET', '/api/units?q=南京东路街道中队')).json().items[0];
    const located = await t.as('admin', 'GET', `/api/units/locate?lon=${detail.centerLon}&lat=${detail.centerLat}`);
    expect(located.statusCode).toBe(200);
    expect(located.json().ancestors.map((a: { kind: string }) => a.kind)).toContain('区局');
    const outside = await t.as('admin', 'GET', '/api/units/locate?lon=120.0&lat=30.0');
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe('NOT_IN_JURISDICTION');
    const bad = await t.as('admin', 'GET', '/api/units/locate?lon=abc&lat=31');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('lon');
  });

  it('exports and re-imports jurisdictions as GeoJSON; a bad feature imports nothing', async () => {
    const me = (await t.as('hp_admin', 'GET', '/api/auth/me')).json();
    const fc = (await t.as('hp_admin', 'GET', `/api/units/geojson?rootId=${me.unit.id}`)).json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(5);
    expect(fc.features.every((f: { properties: { geometrySource: string } }) => f.properties.geometrySource === 'demo')).toBe(true);

    const square = { type: 'Polygon', coordinates: [[[121.47, 31.23], [121.49, 31.23], [121.49, 31.25], [121.47, 31.25], [121.47, 31.23]]] };
    const badRing = { type: 'Polygon', coordinates: [[[121.47, 31.23], [121.49, 31.23], [121.49, 31.25]]] };
    const streets = fc.features.filter((f: { properties: { kind: string } }) => f.properties.kind === '街镇乡中队');
    const code = streets[0].properties.code;
    const rejected = await t.as('hp_admin', 'POST', '/api/units/geojson', {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code }, geometry: square },
        { type: 'Feature', properties: { code: streets[1].properties.code }, geometry: badRing },
      ],
    });
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().details[0].field).toBe('features.1.geometry');
    const unchanged = (await t.as('hp_admin', 'GET', `/api/units/geojson?rootId=${me.unit.id}`)).json();
    expect(unchanged.features.find((f: { properties: { code: string } }) => f.properties.code === code).properties.geometrySource).toBe('demo');

    const imported = await t.as('hp_admin', 'POST', '/api/units/geojson', {
      type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code }, geometry: square }],
    });
    expect(imported.json()).toEqual({ updated: 1 });
    const located = (await t.as('hp_admin', 'GET', '/api/units/locate?lon=121.48&lat=31.24')).json();
    expect(located.unit.code).toBe(code);

    const outOfScope = await t.as('hp_admin', 'POST', '/api/units/geojson', {
      type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '310104' }, geometry: square }],
    });
    expect(outOfScope.statusCode).toBe(400);
  });

  it('creates a child unit only where the kind fits, and audits it', async () => {
    const me = (await t.as('hp_admin', 'GET', '/api/auth/me')).json();
    const wrong = await t.as('hp_admin', 'POST', '/api/units', { parentId: me.unit.id, code: '310101901', name: '测试市局', kind: '市局' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details[0].field).toBe('kind');
    const ok = await t.as('hp_admin', 'POST', '/api/units', { parentId: me.unit.id, code: '310101901', name: '黄浦区测试中队', kind: '机动中队' });
    expect(ok.statusCode).toBe(201);
    const dup = await t.as('hp_admin', 'POST', '/api/units', { parentId: me.unit.id, code: '310101901', name: '重复', kind: '机动中队' });
    expect(dup.statusCode).toBe(409);
    const audit = (await t.as('hp_admin', 'GET', `/api/audit?entityType=unit&entityId=${ok.json().id}`)).json();
    expect(audit.items[0].action).toBe('create');
  });

  it('serves OpenAPI and health without login', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toMatchObject({ status: 'ok' });
    const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.json().openapi).toMatch(/^3\./);
    expect(Object.keys(spec.json().paths)).toEqual(expect.arrayContaining(['/api/officers', '/api/auth/login', '/api/units/locate']));
  });

  it('withUnitMemo: repeats of a lookup come from memory for that user object only, and scope is still checked', async () => {
    const db = t.database.db;
    const squadron = await queryOne<{ id: string; name: string }>(db, sql`SELECT id, name FROM units WHERE name = '南京东路街道中队'`);
    const district = await queryOne<{ path: string }>(db, sql`SELECT path FROM units WHERE name = '黄浦区城管执法局'`);
    const other = await queryOne<{ id: string }>(db, sql`SELECT id FROM units WHERE path NOT LIKE ${district!.path + '%'} AND kind = '街镇乡中队' LIMIT 1`);
    const user = { unitPath: district!.path };
    const memo = withUnitMemo(user);
    expect(withUnitMemo(memo)).toBe(memo);
    expect((await getUnitInScope(db, memo, squadron!.id)).name).toBe(squadron!.name);
    await db.execute(sql`UPDATE units SET name = '南京东路街道中队（改名）' WHERE id = ${squadron!.id}`);
    try {
      expect((await getUnitInScope(db, memo, squadron!.id)).name).toBe(squadron!.name); // from memory
      expect((await getUnitInScope(db, user, squadron!.id)).name).toBe('南京东路街道中队（改名）'); // the plain user reads the table
      await expect(getUnitInScope(db, memo, other!.id)).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await db.execute(sql`UPDATE units SET name = ${squadron!.name} WHERE id = ${squadron!.id}`);
    }
  });
});
