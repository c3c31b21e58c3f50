import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

interface Category {
  id: string;
  code: string;
  name: string;
  groupName: string;
  perOfficer: boolean;
  attributes: { key: string; label: string; type: string; options?: string[]; required?: boolean; min?: number; max?: number }[];
  builtin: boolean;
  active: boolean;
  version: number;
}

const cone = {
  code: 'traffic_cone', name: '反光锥桶', group: '中队装备', perOfficer: false,
  attributes: [
    { key: 'heightCm', label: '高度', type: 'number', unit: '厘米', min: 30, max: 120 },
    { key: 'colour', label: '颜色', type: 'enum', options: ['红白', '黄黑'] },
    { key: 'batchNo', label: '批号', type: 'string', pattern: '[A-Z]{2}\\d{4}', patternMessage: '应为2位大写字母加4位数字' },
  ],
};

describe('装备类别维护', () => {
  let t: TestApp;
  let squadron: { id: string; code: string };
  let tagSeq = 0;
  const nextTag = () => `CAT-T-${String(++tagSeq).padStart(4, '0')}`;
  const category = async (code: string): Promise<Category> =>
    ((await t.as('admin', 'GET', '/api/equipment/categories')).json() as Category[]).find((c) => c.code === code)!;
  const auditOf = async (id: string) =>
    (await t.as('admin', 'GET', `/api/audit?entityType=equipment_category&entityId=${id}&pageSize=50`)).json().items as
      { action: string; before: unknown; after: unknown }[];
  const newItem = (categoryId: string, attributes: Record<string, unknown>) =>
    t.as('njdl_nq', 'POST', '/api/equipment/items', { unitId: squadron.id, categoryId, assetTag: nextTag(), model: 'X-1', attributes });

  beforeAll(async () => {
    t = await createTestApp({ demoEquipment: false });
    squadron = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json().unit;
  });
  afterAll(() => t.close());

  it('creates a category in one transaction with an audit entry, and it takes items at once', async () => {
    const res = await t.as('admin', 'POST', '/api/equipment/categories', {
      ...cone, name: ' 反光锥桶 ', attributes: cone.attributes.map((a) => ({ ...a, required: false })),
    });
    expect(res.statusCode).toBe(201);
    const created = res.json() as Category;
    expect(created).toMatchObject({ code: 'traffic_cone', name: '反光锥桶', groupName: '中队装备', builtin: false, active: true, version: 1 });
    // Stored in the normalised form: `required: false` is not kept.
    expect(created.attributes[0]).toEqual({ key: 'heightCm', label: '高度', type: 'number', unit: '厘米', min: 30, max: 120 });
    expect(await auditOf(created.id)).toMatchObject([{ action: 'create', after: { code: 'traffic_cone', name: '反光锥桶' } }]);

    const item = await newItem(created.id, { heightCm: '70厘米', colour: '红白', batchNo: 'AB1234' });
    expect(item.statusCode).toBe(201);
    expect(item.json().attributes).toEqual({ heightCm: 70, colour: '红白', batchNo: 'AB1234' });
    const bad = await newItem(created.id, { batchNo: 'ab' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([{ field: 'attributes.batchNo', message: '批号：应为2位大写字母加4位数字' }]);
  });

  it('answers 409 on a duplicate code or name, writing nothing', async () => {
    const before = await t.count('equipment_categories');
    const sameCode = await t.as('admin', 'POST', '/api/equipment/categories', { ...cone, name: '锥桶二' });
    expect(sameCode.statusCode).toBe(409);
    expect(sameCode.json().details).toEqual([{ field: 'code', message: '类别编码“traffic_cone”已存在' }]);
    const builtinCode = await t.as('admin', 'POST', '/api/equipment/categories', { ...cone, code: 'radio', name: '新对讲机' });
    expect(builtinCode.statusCode).toBe(409);
    const sameName = await t.as('admin', 'POST', '/api/equipment/categories', { ...cone, code: 'cone_two', name: '对讲机' });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().details[0].field).toBe('name');
    expect(await t.count('equipment_categories')).toBe(before);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const before = await t.count('audit_log');
    const badKey = await t.as('admin', 'POST', '/api/equipment/categories', {
      ...cone, code: 'cone_bad', name: '坏锥桶', attributes: [cone.attributes[0], { key: 'Colour_x', label: '颜色', type: 'enum', options: ['红'] }],
    });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'attributes.1.key', message: expect.stringContaining('第2个属性（颜色）：属性键应为驼峰式英文') }],
    });
    const badPattern = await t.as('admin', 'POST', '/api/equipment/categories', {
      ...cone, code: 'cone_bad', name: '坏锥桶', attributes: [{ key: 'x', label: '甲', type: 'string', pattern: '(' }],
    });
    expect(badPattern.json().details).toEqual([
      { field: 'attributes.0.pattern', message: '第1个属性（甲）：格式（正则表达式）无法解析，请检查括号与转义' },
    ]);
    const badGroup = await t.as('admin', 'POST', '/api/equipment/categories', { ...cone, code: 'cone_bad', name: '坏锥桶', group: '其他' });
    expect(badGroup.statusCode).toBe(400);
    expect(badGroup.json().details[0]).toMatchObject({ field: 'group', message: expect.stringContaining('装备分组只能是') });
    const badCode = await t.as('admin', 'POST', '/api/equipment/categories', { ...cone, code: 'Cone-Bad', name: '坏锥桶' });
    expect(badCode.json().details[0].field).toBe('code');
    const unknown = await t.as('admin', 'POST', '/api/equipment/categories', { ...cone, code: 'cone_bad', name: '坏锥桶', builtin: true });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details[0]).toEqual({ field: 'builtin', message: '不允许的字段：builtin' });
    expect(await t.count('audit_log')).toBe(before);
  });

  it('lets only holders of equipment.category write categories', async () => {
    const camera = await category('body_camera');
    for (const user of ['hp_admin', 'njdl_nq', 'kaohe']) {
      expect((await t.as(user, 'POST', '/api/equipment/categories', { ...cone, code: 'cone_x', name: '锥桶X' })).statusCode, user).toBe(403);
      expect((await t.as(user, 'PATCH', `/api/equipment/categories/${camera.id}`, { version: camera.version, name: '记录仪' })).statusCode).toBe(403);
      expect((await t.as(user, 'POST', `/api/equipment/categories/${camera.id}/deactivate`)).statusCode).toBe(403);
    }
    expect((await t.as('njdl_dy', 'GET', '/api/equipment/categories/item-counts')).statusCode).toBe(200);
  });

  it('extends a built-in category with a new attribute, then registers an item using it', async () => {
    const camera = await category('body_camera');
    const existing = await newItem(camera.id, { resolution: '1080P' });
    expect(existing.statusCode).toBe(201);
    const attributes = [
      ...camera.attributes.map((a) => (a.key === 'network' ? { ...a, label: '联网', options: [...a.options!, 'Wi-Fi'] } : a)),
      { key: 'mountType', label: '佩戴方式', type: 'enum', options: ['肩夹', '头戴'] },
    ];
    const res = await t.as('admin', 'PATCH', `/api/equipment/categories/${camera.id}`, { version: camera.version, attributes });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: camera.version + 1, builtin: true });
    expect(res.json().attributes.map((a: { key: string }) => a.key)).toContain('mountType');

    const item = await newItem(camera.id, { resolution: '4K', network: 'wi-fi', mountType: '头戴' });
    expect(item.statusCode).toBe(201);
    expect(item.json().attributes).toEqual({ resolution: '4K', network: 'Wi-Fi', mountType: '头戴' });
    const wrong = await newItem(camera.id, { mountType: '手持' });
    expect(wrong.json().details).toEqual([{ field: 'attributes.mountType', message: '佩戴方式只能是：肩夹、头戴' }]);

    const [update] = await auditOf(camera.id);
    expect(update.action).toBe('update');
    expect(Object.keys(update.after as object)).toEqual(['attributes']);
  });

  it('refuses to drop or retype a built-in attribute, with 409 naming it and nothing changed', async () => {
    const camera = await category('body_camera');
    const dropped = await t.as('admin', 'PATCH', `/api/equipment/categories/${camera.id}`, {
      version: camera.version, attributes: camera.attributes.filter((a) => a.key !== 'storageGb'),
    });
    expect(dropped.statusCode).toBe(409);
    expect(dropped.json()).toMatchObject({
      code: 'CATEGORY_CHANGE_REFUSED',
      details: [{ field: 'attributes', message: '内置属性“存储容量”（storageGb）不能删除：已登记的装备和考核指标依赖它' }],
    });
    const retyped = await t.as('admin', 'PATCH', `/api/equipment/categories/${camera.id}`, {
      version: camera.version,
      attributes: camera.attributes.map((a) => (a.key === 'positioning' ? { key: a.key, label: a.label, type: 'string' } : a)),
    });
    expect(retyped.statusCode).toBe(409);
    expect(retyped.json().details[0].field).toMatch(/^attributes\.\d+\.type$/);
    const perOfficer = await t.as('admin', 'PATCH', `/api/equipment/categories/${camera.id}`, { version: camera.version, perOfficer: false });
    expect(perOfficer.json().details[0].field).toBe('perOfficer');
    expect(await category('body_camera')).toEqual(camera);
  });

  it('refuses a new required attribute and values the items hold no longer fitting, once the category has items', async () => {
    const c = await category('traffic_cone');
    const required = await t.as('admin', 'PATCH', `/api/equipment/categories/${c.id}`, {
      version: c.version, attributes: [...c.attributes, { key: 'maker', label: '厂家', type: 'string', required: true }],
    });
    expect(required.statusCode).toBe(409);
    expect(required.json().details).toEqual([{
      field: 'attributes.3.required',
      message: '第4个属性（厂家）：该类别已有1件装备，新增的属性不能设为必填（这些装备还没有这个值）；请先设为选填，补齐各装备的值后再改为必填',
    }]);
    const narrower = await t.as('admin', 'PATCH', `/api/equipment/categories/${c.id}`, {
      version: c.version, attributes: c.attributes.map((a) => (a.key === 'heightCm' ? { ...a, max: 60 } : a)),
    });
    expect(narrower.statusCode).toBe(409);
    expect(narrower.json().details[0]).toEqual({
      field: 'attributes.0', message: expect.stringMatching(/^第1个属性（高度）：已有1件装备的值不符合新的设置（如 CAT-T-\d{4}：高度不能大于60厘米）$/),
    });
    const removed = await t.as('admin', 'PATCH', `/api/equipment/categories/${c.id}`, {
      version: c.version, attributes: c.attributes.filter((a) => a.key !== 'batchNo'),
    });
    expect(removed.statusCode).toBe(409);
    expect(removed.json().details[0].message).toContain('属性“批号”（batchNo）不能删除：已有1件装备填写了该属性');
    // Optional and wider is fine; a stale version is not.
    const ok = await t.as('admin', 'PATCH', `/api/equipment/categories/${c.id}`, {
      version: c.version, name: '反光锥筒', attributes: [...c.attributes, { key: 'maker', label: '厂家', type: 'string' }],
    });
    expect(ok.statusCode).toBe(200);
    const stale = await t.as('admin', 'PATCH', `/api/equipment/categories/${c.id}`, { version: c.version, name: '锥筒' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
  });

  it('a deactivated category takes no new items (form or Excel) but keeps and edits its existing ones', async () => {
    const c = await category('traffic_cone');
    const existing = (await newItem(c.id, { heightCm: 50 })).json();
    const off = await t.as('admin', 'POST', `/api/equipment/categories/${c.id}/deactivate`);
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ active: false, version: c.version + 1 });
    // Again: no change, no second audit entry.
    expect((await t.as('admin', 'POST', `/api/equipment/categories/${c.id}/deactivate`)).json().version).toBe(c.version + 1);

    const refused = await newItem(c.id, { heightCm: 50 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'CATEGORY_INACTIVE', details: [{ field: 'categoryId', message: '装备类别“反光锥筒”已停用，不能登记新装备' }],
    });
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('执法装备库').addRows([['资产编号', '类别', '型号', '所属单位编码'], ['CAT-X-0001', '反光锥筒', 'X-1', squadron.code]]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const boundary = '----cgcat';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      file, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const imported = await t.as('njdl_nq', 'POST', '/api/equipment/items/import', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(imported.statusCode).toBe(422);
    expect(imported.json().details).toEqual([{ row: 2, field: '类别', message: '装备类别“反光锥筒”已停用，不能登记新装备' }]);

    const edited = await t.as('njdl_nq', 'PATCH', `/api/equipment/items/${existing.id}`, { version: existing.version, attributes: { heightCm: 60 } });
    expect(edited.statusCode).toBe(200);
    const on = await t.as('admin', 'POST', `/api/equipment/categories/${c.id}/activate`);
    expect(on.json().active).toBe(true);
    expect((await newItem(c.id, { heightCm: 50 })).statusCode).toBe(201);
    expect((await auditOf(c.id)).map((a) => a.action)).toEqual(['activate', 'deactivate', 'update', 'create']);
  });

  it('counts the items of each category in the caller\'s scope', async () => {
    const c = await category('traffic_cone');
    // A squadron outside 黄浦区 (hp_admin's unit), so neither hp_admin nor njdl_nq sees its item.
    const district = (await t.as('hp_admin', 'GET', '/api/auth/me')).json().unit as { id: string };
    const elsewhere = await queryOne<{ id: string }>(t.database.db, sql`
      SELECT id FROM units WHERE kind = '街镇乡中队' AND path NOT LIKE ${`%/${district.id}/%`} LIMIT 1`);
    const far = await t.as('admin', 'POST', '/api/equipment/items', {
      unitId: elsewhere!.id, categoryId: c.id, assetTag: nextTag(), model: 'X-1', attributes: {},
    });
    expect(far.statusCode).toBe(201);
    const counts = async (user: string) => Object.fromEntries(
      ((await t.as(user, 'GET', '/api/equipment/categories/item-counts')).json() as { categoryId: string; itemCount: number }[])
        .map((r) => [r.categoryId, r.itemCount]));
    expect((await counts('njdl_nq'))[c.id]).toBe(3);
    expect((await counts('hp_admin'))[c.id]).toBe(3);
    expect((await counts('admin'))[c.id]).toBe(4);
  });

  it('answers 404 for a category that does not exist', async () => {
    const res = await t.as('admin', 'PATCH', '/api/equipment/categories/00000000-0000-4000-8000-000000000000', { version: 1, name: '无' });
    expect(res.statusCode).toBe(404);
  });
});
