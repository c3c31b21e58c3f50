// QR labels and Excel in the 执法装备库 list, in a real browser: a squadron clerk ticks items and prints their
// label sheet, prints by filter after confirming the count, exports, gets a row report for a bad import, and a
// scanned label URL lands on the item.
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';
import { login } from './steps.ts';

describe('执法装备库: labels, export and import in the browser', () => {
  let h: Harness;
  let failures = 0;
  const rows = () => h.page.locator('.ant-table-tbody tr.ant-table-row');
  beforeAll(async () => {
    h = await startHarness();
    await login(h.page, 'njdl_nq', 'Demo@123456');
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      failures += 1;
      console.error(`screenshot: ${await h.screenshot(`fail-equipment-labels-${failures}-${ctx.task.name}`)}`);
    }
  });
  afterAll(() => h?.close());

  it('prints the label sheet of the ticked items', async () => {
    const page = h.page;
    await page.goto('/equipment?sort=assetTag');
    await rows().first().waitFor();
    const tags: string[] = [];
    for (const i of [0, 2]) {
      await rows().nth(i).locator('.ant-checkbox-input').check();
      tags.push((await rows().nth(i).getByRole('link').first().textContent())!.trim());
    }
    await page.getByRole('button', { name: '打印标签（已选 2 件）' }).click();
    const dialog = page.getByRole('dialog', { name: '打印二维码标签' });
    await expect.poll(() => dialog.textContent()).toContain('已选择 2 件装备');
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: '生成 PDF' }).click();
    const pdf = await download;
    expect(pdf.suggestedFilename()).toMatch(/^执法装备标签_\d{8}\.pdf$/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', await pdf.path(), '-'], { encoding: 'utf8' });
    for (const tag of tags) expect(text).toContain(tag);
    expect(text).toContain('南京东路街道中队');
  });

  it('prints by the current filter after showing how many labels that is', async () => {
    const page = h.page;
    await page.getByRole('button', { name: '清除选择' }).click();
    const total = Number((await page.locator('.ant-pagination-total-text').textContent())!.match(/\d+/)![0]);
    await page.getByRole('button', { name: /打印标签$/ }).click();
    const dialog = page.getByRole('dialog', { name: '打印二维码标签' });
    await expect.poll(() => dialog.textContent()).toContain(`按当前筛选条件共 ${total} 件装备`);
    await expect.poll(() => dialog.textContent()).toContain(`约 ${Math.ceil(total / 24)} 页`);
    await dialog.getByRole('button', { name: '取消' }).click();
  });

  it('exports the list as Excel', async () => {
    const page = h.page;
    const total = Number((await page.locator('.ant-pagination-total-text').textContent())!.match(/\d+/)![0]);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出Excel' }).click();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await (await download).path());
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('资产编号');
    expect(sheet.actualRowCount).toBe(total + 1);
  });

  it('shows the row report when an import is refused', async () => {
    const page = h.page;
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('执法装备库');
    sheet.addRow(['资产编号', '类别', '型号', '所属单位编码']);
    sheet.addRow(['E2E-LBL-0001', '光剑', 'X1', '310101001']);
    await page.getByRole('button', { name: '导入Excel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Excel导入执法装备' });
    await dialog.locator('input[type=file]').setInputFiles({
      name: '装备导入.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    await dialog.getByRole('button', { name: '开始导入' }).click();
    await dialog.getByText('没有名为“光剑”的装备类别').waitFor();
    expect(await dialog.locator('.ant-table-tbody tr.ant-table-row').first().locator('td').first().textContent()).toBe('2');
    await dialog.getByRole('button', { name: '取消' }).click();
  });

  it('a scanned label URL opens the item; an unknown tag says so', async () => {
    const page = h.page;
    const tag = (await rows().first().getByRole('link').first().textContent())!.trim();
    await page.goto(`/equipment/tag/${encodeURIComponent(tag.toLowerCase())}`);
    await page.waitForURL(/\/equipment\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: '性能属性' }).waitFor();
    expect(await page.locator('.ant-card-head').first().textContent()).toContain(tag);
    await page.getByRole('button', { name: '打印标签' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: '打印二维码标签' }).textContent()).toContain('已选择 1 件装备');
    await page.getByRole('dialog', { name: '打印二维码标签' }).getByRole('button', { name: '取消' }).click();

    await page.goto('/equipment/tag/NO-SUCH-0001');
    await page.getByText('未找到该装备').waitFor();
    expect(await page.getByText('资产编号 NO-SUCH-0001 的装备不存在').count()).toBe(1);
  });
});
