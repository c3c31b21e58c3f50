import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const HEADERS = ['资产编号', '类别', '品牌', '型号', '序列号', '所属单位编码', '所属单位', '状态', '责任人执法证号', '责任人', '持有人',
  '预计归还', '购置日期', '保修截止', '存放位置', '备注', '性能属性'];

async function workbook(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('执法装备库');
  sheet.addRow(HEADERS);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(file: Buffer) {
  const boundary = '----cgeq' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="items.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`);
  return { body: Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('执法装备库 Excel', () => {
  let t: TestApp;
  let squadronCode: string;
  let badge: string;
  beforeAll(async () => {
    t = await createTestApp();
    const me = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json();
    squadronCode = me.unit.code;
    badge = (await t.as('njdl_nq', 'GET', `/api/officers?unitId=${me.unit.id}&status=在岗&certStatus=有效&pageSize=1`)).json().items[0].badgeNo;
  });
  afterAll(() => t.close());
  const snapshot = async () => ({ items: await t.count('equipment_items'), ledger: await t.count('equipment_ledger'), audit: await t.count('audit_log') });

  it('5,000 items with one bad row write nothing and name the row; without it all 5,000 land', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => {
      const n = String(i).padStart(5, '0');
      return i % 2 === 0
        ? [`NJ-BC-${n}`, '执法记录仪', '海康威视', 'DSJ-X1', `HK${n}`, squadronCode, '', '', i % 10 === 0 ? badge : '', '', '', '',
          '2026-03-01', '2029-02-28', '装备室', '', '分辨率=1080P；存储容量=64；续航时间=10；联网方式=4G；定位=是']
        : [`NJ-RD-${n}`, '对讲机', '海能达', 'PD680', `HY${n}`, squadronCode, '', '', '', '', '', '', '2025-06-01', '', '', '', '制式=数字'];
    });
    rows[3141][16] = '制式=量子'; // row 3143 in the sheet
    const before = await snapshot();
    const bad = multipart(await workbook(rows));
    const res = await t.as('njdl_nq', 'POST', '/api/equipment/items/import', bad.body, bad.headers);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringContaining('未导入任何数据') });
    expect(res.json().details).toEqual([{ row: 3143, field: '性能属性', message: expect.stringContaining('制式') }]);
    expect(await snapshot()).toEqual(before);

    rows[3141][16] = '制式=数字';
    const good = multipart(await workbook(rows));
    const ok = await t.as('njdl_nq', 'POST', '/api/equipment/items/import', good.body, good.headers);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ imported: 5000 });
    const after = await snapshot();
    expect(after.items).toBe(before.items + 5000);
    expect(after.ledger).toBe(before.ledger + 5000);
    expect(after.audit).toBe(before.audit + 5000);
    const withOwner = (await t.as('njdl_nq', 'GET', `/api/equipment/items?q=NJ-BC-00010`)).json().items[0];
    expect(withOwner).toMatchObject({ status: '在库', responsibleBadgeNo: badge, attributes: { resolution: '1080P', storageGb: 64, positioning: true } });

    const again = await t.as('njdl_nq', 'POST', '/api/equipment/items/import', good.body, good.headers);
    expect(again.statusCode).toBe(422);
    expect(again.json().details[0]).toMatchObject({ row: 2, field: '资产编号', message: expect.stringContaining('已在执法装备库中') });
  });

  it('reports unknown categories, attributes, units out of scope and duplicate tags by row', async () => {
    const { body, headers } = multipart(await workbook([
      ['NJ-X-0001', '光剑', '', 'A1', '', squadronCode, '', '', '', '', '', '', '', '', '', '', ''],
      ['NJ-X-0002', '对讲机', '', 'A1', '', squadronCode, '', '', '', '', '', '', '', '', '', '', '颜色=红'],
      ['NJ-X-0003', '对讲机', '', 'A1', '', '310104001', '', '', '', '', '', '', '', '', '', '', ''],
      ['NJ-X-0003', '对讲机', '', 'A1', '', squadronCode, '', '', '', '', '', '', '', '', '', '', ''],
      ['NJ-X-0005', '对讲机', '', 'A1', '', squadronCode, '', '', 'NOSUCH99', '', '', '', '2026-02-30', '', '', '', ''],
    ]));
    const res = await t.as('njdl_nq', 'POST', '/api/equipment/items/import', body, headers);
    expect(res.statusCode).toBe(422);
    const details = res.json().details as { row: number; field: string }[];
    expect(details).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 2, field: '类别' }),
      expect.objectContaining({ row: 3, field: '性能属性' }),
      expect.objectContaining({ row: 4, field: '所属单位编码' }),
      expect.objectContaining({ row: 5, field: '资产编号' }),
      expect.objectContaining({ row: 6, field: '购置日期' }),
    ]));
  });

  it('exports the current filter with readable attributes, and the template imports as it is', async () => {
    const exp = await t.as('njdl_nq', 'GET', '/api/equipment/items/export?q=NJ-RD-0000');
    expect(exp.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('资产编号');
    const tags: string[] = [];
    sheet.eachRow((row, n) => { if (n > 1) tags.push(String(row.getCell(1).value)); });
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.every((tag) => tag.startsWith('NJ-RD-0000'))).toBe(true);
    expect(sheet.getRow(2).getCell(17).value).toBe('制式=数字');

    const template = await t.as('njdl_nq', 'GET', '/api/equipment/import-template');
    const { body, headers } = multipart(template.rawPayload);
    const imported = await t.as('njdl_nq', 'POST', '/api/equipment/items/import', body, headers);
    expect(imported.json()).toEqual({ imported: 1 });
  });
});
