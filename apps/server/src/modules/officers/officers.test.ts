import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gb11643CheckDigit } from '@cg/domain';
import { queryOne, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { SYSTEM_ACTOR } from '../../core/context.ts';
import { applyDueTransfers } from './officers.service.ts';

/** A valid ID number for a given serial (area code 820000, which the demo data never uses). */
function idNumber(serial: number, male = true): string {
  const seq = String((serial % 500) * 2 + (male ? 1 : 0)).padStart(3, '0');
  const day = String((Math.floor(serial / 500) % 28) + 1).padStart(2, '0');
  const first17 = `820000198501${day}${seq}`;
  return first17 + gb11643CheckDigit(first17);
}

async function workbook(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('执法人员库');
  sheet.addRow(['姓名', '性别', '身份证号', '执法证号', '职务', '手机', '所属单位编码', '所属单位', '人员状态', '入职日期', '持证状态', '证件有效期']);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(file: Buffer, name = 'officers.xlsx') {
  const boundary = '----cgtest' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, file, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('执法人员库', () => {
  let t: TestApp;
  let squadron: { id: string; code: string };
  let otherDistrictOfficer: { id: string; name: string; id_number: string };
  let ownOfficer: { id: string; version: number };

  const snapshot = async () => ({ officers: await t.count('officers'), audit: await t.count('audit_log'), transfers: await t.count('officer_transfers') });

  beforeAll(async () => {
    t = await createTestApp();
    squadron = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json().unit;
    otherDistrictOfficer = (await queryOne<{ id: string; name: string; id_number: string }>(t.database.db, sql`
      SELECT o.id, o.name, o.id_number FROM officers o JOIN units u ON u.id = o.unit_id WHERE u.code LIKE '310104%' LIMIT 1`))!;
    ownOfficer = (await t.as('njdl_nq', 'GET', `/api/officers?unitId=${squadron.id}&pageSize=1`)).json().items[0];
  });
  afterAll(() => t.close());

  describe('scope: a squadron user of 黄浦 never sees another district', () => {
    it('answers 404 by id, on update, on transfer and on history', async () => {
      for (const [method, url, body] of [
        ['GET', `/api/officers/${otherDistrictOfficer.id}`, undefined],
        ['PATCH', `/api/officers/${otherDistrictOfficer.id}`, { version: 1, phone: '13900000000' }],
        ['POST', `/api/officers/${otherDistrictOfficer.id}/confirm`, undefined],
        ['GET', `/api/officers/${otherDistrictOfficer.id}/history`, undefined],
        ['POST', `/api/officers/${otherDistrictOfficer.id}/transfers`, { toUnitId: squadron.id, effectiveDate: '2026-01-01' }],
      ] as const) {
        // The squadron leader holds every officer permission, so only the scope can refuse.
        const res = await t.as('njdl_zdz', method, url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.json().code).toBe('NOT_FOUND');
        expect(res.body).not.toContain(otherDistrictOfficer.id_number);
        expect(res.body).not.toContain(otherDistrictOfficer.name);
      }
    });

    it('lists and exports only the own subtree', async () => {
      const list = await t.as('njdl_nq', 'GET', '/api/officers?pageSize=200');
      expect(list.statusCode).toBe(200);
      const body = list.json();
      expect(body.total).toBeGreaterThan(5);
      expect(body.items.every((o: { unitId: string }) => o.unitId === squadron.id)).toBe(true);
      expect(body.items.some((o: { id: string }) => o.id === otherDistrictOfficer.id)).toBe(false);

      const exp = await t.as('njdl_nq', 'GET', '/api/officers/export');
      expect(exp.statusCode).toBe(200);
      expect(exp.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
      const codes = new Set<string>();
      wb.worksheets[0].eachRow((row, n) => { if (n > 1) codes.add(String(row.getCell(7).value)); });
      expect([...codes]).toEqual([squadron.code]);
      expect(wb.worksheets[0].rowCount - 1).toBe(body.total);
    });

    it('answers 404 when filtering by a unit of another district', async () => {
      const other = await queryOne<{ id: string }>(t.database.db, sql`SELECT id FROM units WHERE code = '310104'`);
      expect((await t.as('njdl_nq', 'GET', `/api/officers?unitId=${other!.id}`)).statusCode).toBe(404);
      expect((await t.as('njdl_nq', 'GET', `/api/officers/export?unitId=${other!.id}`)).statusCode).toBe(404);
    });

    it('masks ID numbers for roles without officer.sensitive', async () => {
      const asOfficer = (await t.as('njdl_dy', 'GET', `/api/officers/${ownOfficer.id}`)).json();
      expect(asOfficer.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(asOfficer.idNumberMasked).toBe(true);
      const asClerk = (await t.as('njdl_nq', 'GET', `/api/officers/${ownOfficer.id}`)).json();
      expect(asClerk.idNumber).toMatch(/^\d{17}[\dX]$/);
    });
  });

  describe('bad input gives a clear 4xx and changes nothing', () => {
    const valid = () => ({
      unitId: squadron.id, name: '测试员', gender: '男', idNumber: idNumber(1), badgeNo: '31019901', position: '队员',
      phone: '13912345678', status: '在岗', hireDate: '2024-03-01', certStatus: '有效', certExpiry: '2029-12-31',
    });

    it('bad ID number names the field', async () => {
      const before = await snapshot();
      const bad = valid();
      bad.idNumber = bad.idNumber.slice(0, 17) + (bad.idNumber[17] === '0' ? '1' : '0');
      const res = await t.as('njdl_nq', 'POST', '/api/officers', bad);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().details).toContainEqual({ field: 'idNumber', message: expect.stringContaining('身份证号校验位错误') });
      expect(await snapshot()).toEqual(before);
    });

    it('bad phone names the field', async () => {
      const before = await snapshot();
      const res = await t.as('njdl_nq', 'POST', '/api/officers', { ...valid(), phone: '12345' });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].field).toBe('phone');
      expect(res.json().details[0].message).toContain('手机');
      expect(await snapshot()).toEqual(before);
    });

    it('gender that contradicts the ID number is refused', async () => {
      const res = await t.as('njdl_nq', 'POST', '/api/officers', { ...valid(), gender: '女' });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0]).toMatchObject({ field: 'gender' });
    });

    it('unknown field is rejected by name', async () => {
      const before = await snapshot();
      const res = await t.as('njdl_nq', 'POST', '/api/officers', { ...valid(), salary: 100 });
      expect(res.statusCode).toBe(400);
      expect(res.json().details).toContainEqual({ field: 'salary', message: '不允许的字段：salary' });
      expect(await snapshot()).toEqual(before);
    });

    it('malformed JSON answers 400 MALFORMED_JSON', async () => {
      const before = await snapshot();
      const res = await t.as('njdl_nq', 'POST', '/api/officers', '{"name": "张', { 'content-type': 'application/json' });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('MALFORMED_JSON');
      expect(await snapshot()).toEqual(before);
    });

    it('a 20 MB body answers 413', async () => {
      const before = await snapshot();
      const big = JSON.stringify({ ...valid(), name: 'x'.repeat(20 * 1024 * 1024) });
      const res = await t.as('njdl_nq', 'POST', '/api/officers', big, { 'content-type': 'application/json' });
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
      expect(await snapshot()).toEqual(before);
    });

    it('an Excel sheet with one bad row among 500 writes nothing and names the row', async () => {
      const before = await snapshot();
      const rows = Array.from({ length: 500 }, (_, i) => [
        `导入${String.fromCharCode(0x4e00 + i)}`, '男', idNumber(100 + i), `3101${String(50000 + i)}`, '队员', `139${String(10000000 + i)}`,
        squadron.code, '', '在岗', '2020-05-01', '有效', '2029-06-30',
      ]);
      rows[236][5] = '1391234'; // row 238 in the sheet (header is row 1)
      const { body, headers } = multipart(await workbook(rows));
      const res = await t.as('njdl_nq', 'POST', '/api/officers/import', body, headers);
      expect(res.statusCode).toBe(422);
      const json = res.json();
      expect(json.code).toBe('IMPORT_INVALID');
      expect(json.message).toContain('未导入任何数据');
      expect(json.details).toHaveLength(1);
      expect(json.details[0]).toMatchObject({ row: 238, field: '手机' });
      expect(await snapshot()).toEqual(before);

      rows[236][5] = '13912340000';
      const fixed = multipart(await workbook(rows));
      const ok = await t.as('njdl_nq', 'POST', '/api/officers/import', fixed.body, fixed.headers);
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ imported: 500 });
      const after = await snapshot();
      expect(after.officers).toBe(before.officers + 500);
      expect(after.audit).toBe(before.audit + 500);

      const again = await t.as('njdl_nq', 'POST', '/api/officers/import', fixed.body, fixed.headers);
      expect(again.statusCode).toBe(422);
      expect(again.json().details[0].message).toContain('已存在');
      expect((await snapshot()).officers).toBe(after.officers);
    });

    it('an import row for a unit outside the scope is refused', async () => {
      const { body, headers } = multipart(await workbook([
        ['外区人', '男', idNumber(900), '', '队员', '13900001111', '310104001', '', '在岗', '2020-05-01', '未持证', ''],
      ]));
      const res = await t.as('njdl_nq', 'POST', '/api/officers/import', body, headers);
      expect(res.statusCode).toBe(422);
      expect(res.json().details[0]).toMatchObject({ row: 2, field: '所属单位编码' });
    });
  });

  describe('lifecycle', () => {
    it('creates, updates with optimistic locking, confirms, and records the history with before/after', async () => {
      const created = await t.as('njdl_nq', 'POST', '/api/officers', {
        unitId: squadron.id, name: '李新', gender: '女', idNumber: idNumber(2, false), badgeNo: '31019902', position: '队员',
        phone: '13912345679', status: '在岗', hireDate: '2024-03-01', certStatus: '有效', certExpiry: '2029-12-31',
      });
      expect(created.statusCode).toBe(201);
      const o = created.json();
      expect(o.quality).toMatchObject({ complete: true, valid: true, fresh: true });

      const stale = await t.as('njdl_nq', 'PATCH', `/api/officers/${o.id}`, { version: o.version + 1, phone: '13700000000' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('VERSION_CONFLICT');

      const upd = await t.as('njdl_nq', 'PATCH', `/api/officers/${o.id}`, { version: o.version, phone: '13700000000', position: '组长' });
      expect(upd.statusCode).toBe(200);
      expect(upd.json()).toMatchObject({ phone: '13700000000', position: '组长', version: o.version + 1 });

      const history = (await t.as('njdl_nq', 'GET', `/api/officers/${o.id}/history`)).json();
      expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'update']);
      expect(history[1].actorName).toContain('njdl_nq');
      expect(history[1].changes).toEqual(expect.arrayContaining([
        { field: 'phone', label: '手机', before: '13912345679', after: '13700000000' },
        { field: 'position', label: '职务', before: '队员', after: '组长' },
      ]));
    });

    it('refuses a duplicate ID number with 409 naming the field', async () => {
      const existing = (await t.as('njdl_nq', 'GET', `/api/officers/${ownOfficer.id}`)).json();
      const res = await t.as('njdl_nq', 'POST', '/api/officers', {
        unitId: squadron.id, name: '重复人', gender: existing.gender, idNumber: existing.idNumber, position: '队员',
        status: '离岗', certStatus: '未持证',
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().details[0].field).toBe('idNumber');
    });

    it('transfers within the district: today applies at once, a future date waits', async () => {
      const target = await queryOne<{ id: string; name: string }>(t.database.db, sql`
        SELECT id, name FROM units WHERE code LIKE '310101%' AND kind = '街镇乡中队' AND code <> ${squadron.code} LIMIT 1`);
      const list = (await t.as('hp_admin', 'GET', `/api/officers?unitId=${squadron.id}&pageSize=3`)).json().items;
      const now = await t.as('hp_admin', 'POST', `/api/officers/${list[0].id}/transfers`, { toUnitId: target!.id, effectiveDate: '2026-01-05', reason: '工作需要' });
      expect(now.statusCode).toBe(201);
      expect(now.json().status).toBe('applied');
      expect((await t.as('hp_admin', 'GET', `/api/officers/${list[0].id}`)).json().unitId).toBe(target!.id);
      const history = (await t.as('hp_admin', 'GET', `/api/officers/${list[0].id}/history`)).json();
      expect(history.at(-1)).toMatchObject({ action: 'transfer', actionLabel: '调动生效' });
      expect(history.at(-1).changes).toContainEqual({ field: 'unitId', label: '所属单位', before: '南京东路街道中队', after: target!.name });
      // The squadron clerk no longer sees the officer who left.
      expect((await t.as('njdl_nq', 'GET', `/api/officers/${list[0].id}`)).statusCode).toBe(404);

      const later = await t.as('hp_admin', 'POST', `/api/officers/${list[1].id}/transfers`, { toUnitId: target!.id, effectiveDate: '2099-01-01' });
      expect(later.json().status).toBe('pending');
      expect((await t.as('hp_admin', 'GET', `/api/officers/${list[1].id}`)).json().unitId).toBe(squadron.id);
      const transfers = (await t.as('hp_admin', 'GET', `/api/officers/${list[1].id}/transfers`)).json();
      expect(transfers[0]).toMatchObject({ status: 'pending', effectiveDate: '2099-01-01', toUnit: { name: target!.name } });

      const outside = await queryOne<{ id: string }>(t.database.db, sql`SELECT id FROM units WHERE code = '310104001'`);
      const refused = await t.as('hp_admin', 'POST', `/api/officers/${list[2].id}/transfers`, { toUnitId: outside!.id, effectiveDate: '2026-01-05' });
      expect(refused.statusCode).toBe(404);
    });

    it('the scheduler applies a pending transfer once its date has come, with an audit entry', async () => {
      const pending = await queryOne<{ officer_id: string; to_unit_id: string }>(t.database.db, sql`
        SELECT officer_id, to_unit_id FROM officer_transfers WHERE status = 'pending' AND effective_date = '2099-01-01'`);
      expect(await applyDueTransfers(t.database.db, SYSTEM_ACTOR, new Date('2098-12-31T12:00:00+08:00'))).toBe(0);
      expect(await applyDueTransfers(t.database.db, SYSTEM_ACTOR, new Date('2099-01-01T00:05:00+08:00'))).toBe(1);
      const officer = (await t.as('hp_admin', 'GET', `/api/officers/${pending!.officer_id}`)).json();
      expect(officer.unitId).toBe(pending!.to_unit_id);
      const history = (await t.as('hp_admin', 'GET', `/api/officers/${pending!.officer_id}/history`)).json();
      expect(history.at(-1)).toMatchObject({ action: 'transfer', actorName: '系统' });
      expect(await applyDueTransfers(t.database.db, SYSTEM_ACTOR, new Date('2099-01-02T00:00:00+08:00'))).toBe(0);
    });

    it('filters, sorts and pages', async () => {
      const page1 = (await t.as('hp_admin', 'GET', '/api/officers?sort=-hireDate&pageSize=5&status=在岗')).json();
      expect(page1.items).toHaveLength(5);
      const dates = page1.items.map((o: { hireDate: string }) => o.hireDate);
      expect([...dates].sort().reverse()).toEqual(dates);
      const page2 = (await t.as('hp_admin', 'GET', '/api/officers?sort=-hireDate&pageSize=5&page=2&status=在岗')).json();
      expect(page2.items[0].id).not.toBe(page1.items[0].id);
      expect(page2.total).toBe(page1.total);
      const bad = await t.as('hp_admin', 'GET', '/api/officers?sort=salary');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details[0].field).toBe('sort');
    });

    it('reports data quality per unit with rates', async () => {
      const q = (await t.as('hp_admin', 'GET', '/api/officers/quality')).json();
      expect(q.total).toBeGreaterThan(100);
      expect(q.completenessRate).toBeGreaterThan(0.5);
      expect(q.completenessRate).toBeLessThanOrEqual(1);
      expect(q.byUnit.length).toBeGreaterThan(5);
      const stale = (await t.as('hp_admin', 'GET', '/api/officers?quality=stale&pageSize=1')).json();
      expect(stale.total).toBe(q.total - q.fresh);
      if (stale.items[0]) expect(stale.items[0].quality.fresh).toBe(false);
    });
  });
});
