// Open311 GeoReport v2 against a real database, as a client uses it: services.json → services/SR01.json → POST
// requests.json form-encoded with the demo key → the request by id and in the list, in the spec's shapes with
// +08:00 datetimes and no personal data of the reporter. Refusals in the spec's error shape naming the field (bad or
// missing key, a key whose account may not file or whose scope does not hold the point, unknown service, a point
// outside Shanghai or in no jurisdiction, no location, no description) write nothing. The business clock is pinned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { DEMO_OPEN311_KEY, seedDemoOpen311 } from '../../seed/demo-open311.ts';
import { hashApiKey, shanghaiIso } from './open311.service.ts';

const BASE = '/open311/v2';
const REQUEST_FIELDS = [
  'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
  'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
].sort();
const REPORTER_PHONE = '13812345678';
const PHONE_IN_TEXT = '13912345678';

describe('Open311 GeoReport v2', () => {
  let t: TestApp;
  const clock = new Date('2026-10-02T09:00:00+08:00');
  let squadron: { id: string; name: string; centerLat: number; centerLon: number };
  let filed: string;
  const readBodies: string[] = [];

  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url: `${BASE}${url}` });
    readBodies.push(res.body);
    return res;
  };
  const postForm = (fields: Record<string, string>) => t.app.inject({
    method: 'POST', url: `${BASE}/requests.json`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
  const report = (extra: Record<string, string> = {}) => ({
    api_key: DEMO_OPEN311_KEY, service_code: 'SR01', lat: String(squadron.centerLat), long: String(squadron.centerLon),
    address_string: '南京东路步行街东口', description: `步行街东口有流动摊贩占道卖水果，联系电话${PHONE_IN_TEXT}`,
    first_name: '先生', last_name: '王', phone: REPORTER_PHONE, email: 'wang@example.com', device_id: 'dev-1', account_id: 'acc-1',
    media_url: 'https://example.com/p.jpg', ...extra,
  });
  const written = async () => ({
    complaints: await t.count('complaints'), events: await t.count('complaint_events'), audit: await t.count('audit_log'),
    counters: await t.count('complaint_code_counters'),
    keysUsed: (await queryOne<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM open311_api_keys WHERE last_used_at IS NOT NULL`))!.n,
  });
  const addKey = async (key: string, username: string, active = true) => {
    await t.database.db.execute(sql`INSERT INTO open311_api_keys (name, key_sha256, user_id, active)
      SELECT ${`测试 ${username}`}, ${hashApiKey(key)}, id, ${active} FROM users WHERE username = ${username}`);
  };

  beforeAll(async () => {
    t = await createTestApp({ demoEquipment: false, now: () => clock });
    expect(await seedDemoOpen311(t.database.db)).toBe(true);
    expect(await seedDemoOpen311(t.database.db)).toBe(false); // idempotent
    const me = (await t.as('njdl_zdz', 'GET', '/api/auth/me')).json();
    squadron = (await t.as('njdl_zdz', 'GET', `/api/units/${me.unit.id}`)).json();
    await addKey('officer-key', 'njdl_dy'); // 队员: may read complaints, not push them
    await addKey('huangpu-key', 'hp_admin'); // 黄浦区局: may push, within 黄浦 only
    await addKey('stopped-key', 'admin', false);
  });
  afterAll(() => t.close());

  it('stores the demo key hashed, on a service account that cannot log in', async () => {
    const row = await queryOne<{ role: string; unit_depth: number; key_sha256: string; active: boolean }>(t.database.db, sql`
      SELECT us.role, un.depth AS unit_depth, k.key_sha256, k.active FROM open311_api_keys k JOIN users us ON us.id = k.user_id
      JOIN units un ON un.id = us.unit_id WHERE us.username = 'open311'`);
    expect(row).toEqual({ role: 'api_client', unit_depth: 0, key_sha256: hashApiKey(DEMO_OPEN311_KEY), active: true });
    expect(JSON.stringify(await queryRows(t.database.db, sql`SELECT * FROM open311_api_keys`))).not.toContain(DEMO_OPEN311_KEY);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'open311', password: DEMO_OPEN311_KEY } });
    expect(login.statusCode).toBe(401);
  });

  it('lists the services (小类, grouped by 大类) and a service definition', async () => {
    const res = await get('/services.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const services = res.json() as { service_code: string }[];
    const sr01 = services.find((s) => s.service_code === 'SR01');
    expect(sr01).toEqual({
      service_code: 'SR01', service_name: '乱设摊', description: expect.stringContaining('5个工作日'), metadata: false, type: 'realtime',
      keywords: '市容环境,乱设摊', group: '市容环境',
    });
    // 大类 with 小类 are groups, not services.
    expect(services.map((s) => s.service_code)).not.toContain('SR');
    const tree = (await t.as('admin', 'GET', '/api/complaints/categories')).json().items as { children: unknown[] }[];
    expect(services.length).toBe(tree.reduce((n, g) => n + Math.max(1, g.children.length), 0));

    const def = await get('/services/SR01.json');
    expect(def.statusCode).toBe(200);
    expect(def.json()).toEqual({ service_code: 'SR01', attributes: [] });
    for (const code of ['NOPE', 'SR']) {
      const missing = await get(`/services/${code}.json`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual([{ code: 404, description: expect.stringContaining('service_code') }]);
    }
    const xml = await get('/services.xml');
    expect(xml.statusCode).toBe(404);
    expect(xml.json()[0]).toMatchObject({ code: 404, description: expect.stringContaining('JSON') });
  });

  it('files a form-encoded request as an open311 intake routed by jurisdiction', async () => {
    const before = await written();
    const res = await postForm(report());
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toEqual([{ service_request_id: expect.stringMatching(/^SJ20261002\d{5}$/), service_notice: expect.stringContaining(squadron.name), account_id: null }]);
    filed = body[0].service_request_id;

    const row = await queryOne<Record<string, unknown>>(t.database.db, sql`
      SELECT source, external_system, external_no, unit_id, reporter_name, reporter_phone, address, created_by_name, status, received_at
      FROM complaints WHERE code = ${filed}`);
    expect(row).toMatchObject({
      source: 'other', external_system: 'open311', external_no: expect.stringMatching(/^o311-[0-9a-f-]{36}$/), unit_id: squadron.id,
      reporter_name: '王先生', reporter_phone: REPORTER_PHONE, address: '南京东路步行街东口', created_by_name: expect.stringContaining('(open311)'),
      status: 'accepted',
    });
    expect(new Date(row!.received_at as string).getTime()).toBe(clock.getTime());
    expect(await written()).toEqual({
      complaints: before.complaints + 1, events: before.events + 1, audit: before.audit + 1, counters: before.counters + 1,
      keysUsed: before.keysUsed + 1,
    });
    const audit = await queryRows<{ action: string }>(t.database.db, sql`
      SELECT a.action FROM audit_log a JOIN complaints c ON c.id::text = a.entity_id WHERE c.code = ${filed}`);
    expect(audit).toEqual([{ action: 'intake' }]);
    const key = await queryOne<{ last_used_at: Date | string }>(t.database.db, sql`
      SELECT last_used_at FROM open311_api_keys WHERE key_sha256 = ${hashApiKey(DEMO_OPEN311_KEY)}`);
    expect(new Date(key!.last_used_at).getTime()).toBe(clock.getTime());
  });

  it('answers the request by id and in the list, in the spec shape, without the reporter', async () => {
    const one = await get(`/requests/${filed}.json`);
    expect(one.statusCode).toBe(200);
    const items = one.json();
    expect(items).toHaveLength(1);
    const item = items[0];
    expect(Object.keys(item).sort()).toEqual(REQUEST_FIELDS);
    const due = await queryOne<{ due_at: Date | string }>(t.database.db, sql`SELECT due_at FROM complaints WHERE code = ${filed}`);
    expect(item).toMatchObject({
      service_request_id: filed, status: 'open', status_notes: null, service_name: '乱设摊', service_code: 'SR01',
      agency_responsible: squadron.name, service_notice: '首次联系时限1个工作日，处置时限5个工作日',
      requested_datetime: '2026-10-02T09:00:00+08:00', updated_datetime: '2026-10-02T09:00:00+08:00',
      expected_datetime: shanghaiIso(due!.due_at), address: '南京东路步行街东口', address_id: null, zipcode: null,
      lat: squadron.centerLat, long: squadron.centerLon, media_url: null,
    });
    // Received on 2 Oct (国庆): 5 working days from 8 Oct (Sat 10 Oct worked) → 14 Oct 00:00 Shanghai.
    expect(item.expected_datetime).toBe('2026-10-14T00:00:00+08:00');
    // A phone typed into the description is masked.
    expect(item.description).toBe('步行街东口有流动摊贩占道卖水果，联系电话139****5678');

    const byId = await get(`/requests.json?service_request_id=${filed},SJ20990101000001`);
    expect(byId.statusCode).toBe(200);
    expect(byId.json()).toEqual([item]);

    const codes = async (query: string) => {
      const res = await get(`/requests.json${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { service_request_id: string }[]).map((r) => r.service_request_id);
    };
    expect(await codes('')).toContain(filed);
    expect(await codes('?status=open&service_code=SR01,SR02')).toContain(filed);
    expect(await codes('?status=closed')).not.toContain(filed);
    expect(await codes('?service_code=SR02')).not.toContain(filed);
    expect(await codes(`?start_date=${encodeURIComponent('2026-10-02T08:59:00+08:00')}&end_date=${encodeURIComponent('2026-10-02T01:01:00Z')}`)).toEqual([filed]);
    expect(await codes(`?start_date=${encodeURIComponent('2026-10-02T09:01:00+08:00')}`)).not.toContain(filed);
    // A valid key on a read is fine; a wrong one is refused.
    expect(await codes(`?api_key=${DEMO_OPEN311_KEY}&service_request_id=${filed}`)).toEqual([filed]);
    const wrongKey = await get('/requests.json?api_key=nope');
    expect(wrongKey.statusCode).toBe(403);
    expect(wrongKey.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);

    const badStatus = await get('/requests.json?status=pending');
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json()[0]).toEqual({ code: 400, description: expect.stringMatching(/^status（状态）：/) });
    const badDate = await get('/requests.json?start_date=2026-10-01');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json()[0].description).toMatch(/^start_date（开始时间）：.*ISO 8601/);
    const unknown = await get('/requests/SJ20990101000001.json');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual([{ code: 404, description: expect.stringContaining('service_request_id') }]);

    for (const body of readBodies) {
      expect(body).not.toContain(REPORTER_PHONE);
      expect(body).not.toContain(PHONE_IN_TEXT);
      expect(body).not.toContain('王先生');
      expect(body).not.toContain('wang@example.com');
    }
  });

  it('accepts JSON too; a resent client number files nothing new', async () => {
    const first = await t.app.inject({ method: 'POST', url: `${BASE}/requests.json`, payload: { ...report({ external_id: 'APP-0001' }), lat: squadron.centerLat, long: squadron.centerLon } });
    expect(first.statusCode, first.body).toBe(201);
    const before = await written();
    const again = await postForm(report({ external_id: 'APP-0001' }));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()[0].service_request_id).toBe(first.json()[0].service_request_id);
    expect(again.json()[0].service_notice).toMatch(/已受理过/);
    expect(await written()).toEqual(before);
  });

  it('refuses bad requests in the spec error shape, naming the field, and writes nothing', async () => {
    const before = await written();
    const { lat: _lat, long: _long, ...noLocation } = report();
    const { description: _d, ...noDescription } = report();
    const { api_key: _k, ...noKey } = report();
    const cases: [Record<string, string>, number, RegExp][] = [
      [report({ api_key: 'wrong-key' }), 403, /^api_key（接口密钥）：密钥无效/],
      [report({ api_key: 'stopped-key' }), 403, /^api_key（接口密钥）：密钥无效或已停用/],
      [noKey, 400, /^api_key（接口密钥）：请提供/],
      [report({ api_key: 'officer-key' }), 403, /没有推送诉件的权限/],
      [report({ service_code: 'NOPE' }), 400, /^service_code（服务类型）：诉件类别“NOPE”不存在/],
      [report({ service_code: 'SR' }), 400, /^service_code（服务类型）：.*大类/],
      [report({ lat: '39.9', long: '116.4' }), 400, /^lat（纬度）：位置须在上海市范围内/],
      // East China Sea: inside the Shanghai box, in no jurisdiction.
      [report({ lat: '31.0', long: '122.15' }), 400, /^lat（纬度）：诉件位置不在任何中队辖区内/],
      // 黄浦's key may not file a point in another district.
      [report({ api_key: 'huangpu-key', lat: '31.30', long: '121.50' }), 400, /^lat（纬度）：.*不在您的管辖范围内/],
      [noLocation, 400, /^lat（纬度）：需要位置/],
      [report({ lat: 'north' }), 400, /^lat（纬度）：须为数字/],
      [noDescription, 400, /^description（问题描述）：请填写问题描述/],
      [report({ description: ' ' }), 400, /^description（问题描述）：/],
      [report({ phone: '电话138' }), 400, /^phone（电话）：格式不正确/],
    ];
    for (const [fields, status, description] of cases) {
      const res = await postForm(fields);
      expect(res.statusCode, `${JSON.stringify(fields)} → ${res.body}`).toBe(status);
      const errors = res.json() as { code: number; description: string }[];
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e.code).toBe(status);
      expect(errors.map((e) => e.description).join('\n'), res.body).toMatch(description);
    }
    const noBody = await t.app.inject({ method: 'POST', url: `${BASE}/requests.json` });
    expect(noBody.statusCode).toBe(400);
    expect(await written()).toEqual(before);
  });

  it('parses form bodies only under /open311 and is described in the OpenAPI document', async () => {
    const token = await t.tokenOf('admin');
    const form = await t.app.inject({
      method: 'POST', url: '/api/complaints', payload: 'categoryCode=SR01&description=abc',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(415);
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(expect.arrayContaining([`${BASE}/services.json`, `${BASE}/requests.json`, `${BASE}/requests/{service_request_id}.json`]));
  });
});
