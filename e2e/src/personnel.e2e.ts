// The core journey of a district clerk's day, in a real browser against a real server:
// log in, pick a district in the org tree, create an officer (bad ID first, then a server-side field error),
// import an Excel file, edit the officer and read the change history.
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, sql } from '@cg/db';
import { gb11643CheckDigit } from '@cg/domain';
import { startHarness, type Harness } from './harness.ts';
import { login, pickOption } from './steps.ts';

// GB 11643 example number (a woman), and the same with a wrong check digit.
const GOOD_ID = '11010519491231002X';
const BAD_ID = '110105194912310021';
/** Valid ID numbers with an area code the demo data never uses. */
const importId = (seq: string) => `82000019800101${seq}` + gb11643CheckDigit(`82000019800101${seq}`);

async function importFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('执法人员库');
  sheet.addRow(['姓名', '性别', '身份证号', '执法证号', '职务', '手机', '所属单位编码', '所属单位', '人员状态', '入职日期', '持证状态', '证件有效期']);
  sheet.addRow(['甲导入', '男', importId('001'), '31019800001', '队员', '13900000001', '', '', '在岗', '2010-03-01', '有效', '2029-12-31']);
  sheet.addRow(['乙导入', '女', importId('002'), '31019800002', '队员', '13900000002', '', '', '在岗', '2011-03-01', '有效', '2029-12-31']);
  sheet.addRow(['丙导入', '男', importId('003'), '', '协管员', '13900000003', '', '', '在岗', '2012-03-01', '未持证', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('执法人员库 in the browser', () => {
  let h: Harness;
  let failures = 0;
  beforeAll(async () => { h = await startHarness(); });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      failures += 1;
      console.error(`screenshot: ${await h.screenshot(`fail-${failures}-${ctx.task.name}`)}`);
    }
  });
  afterAll(() => h?.close());

  it('logs in and shows the platform in Chinese', async () => {
    await login(h.page, 'admin', 'Admin@123456');
    await expect.poll(() => h.page.getByTestId('current-user-name').textContent()).toContain('系统管理员');
    await expect.poll(() => h.page.getByRole('menuitem').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('执法人员库'), expect.stringContaining('组织机构'), expect.stringContaining('审计日志')]),
    );
  });

  it('picks a district in the org tree and lists only its officers', async () => {
    const page = h.page;
    await page.getByRole('menuitem', { name: /执法人员库/ }).click();
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    // The tree loads on its own request: wait for the node before listening for the scoped list.
    const huangpuNode = page.getByTestId('unit-tree').getByText('黄浦区城管执法局', { exact: true });
    await huangpuNode.waitFor({ state: 'visible' });
    const scoped = page.waitForResponse((r) => r.url().includes('/api/officers?') && r.url().includes('unitId='));
    await huangpuNode.click();
    // A click lost under CI load (seen: no scoped request at all, the node never selected) is done again.
    const selected = page.getByTestId('unit-tree').locator('.ant-tree-treenode-selected', { hasText: '黄浦区城管执法局' });
    for (let attempt = 1; attempt < 3 && !(await selected.waitFor({ timeout: 5_000 }).then(() => true, () => false)); attempt++) {
      await huangpuNode.click();
    }
    expect((await scoped).status()).toBe(200);
    await page.getByText('范围：黄浦区城管执法局（含下级单位）').waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    // Every listed officer belongs to a 黄浦 unit.
    const huangpu = await queryOne<{ names: string[] }>(h.database.db, sql`
      SELECT array_agg(name) AS names FROM units WHERE code LIKE '310101%'`);
    const unitCells = await rows.evaluateAll((trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(unitCells.length).toBeGreaterThan(5);
    for (const text of unitCells) expect(huangpu!.names.some((n) => text.includes(n))).toBe(true);

    // 导出Excel exports the current filter: only 黄浦's officers.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出Excel' }).click();
    const file = await (await download).path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const codes = new Set<string>();
    wb.worksheets[0].eachRow((row, n) => { if (n > 1) codes.add(String(row.getCell(7).value)); });
    expect(codes.size).toBeGreaterThan(3);
    for (const code of codes) expect(code.startsWith('310101')).toBe(true);
  });

  it('creates an officer: a bad ID number shows under 身份证号, a server-side error under 性别, then saves', async () => {
    const page = h.page;
    await page.getByRole('button', { name: '新增人员' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('姓名').fill('测试新员');
    await drawer.getByLabel('男').check();
    await drawer.getByLabel('身份证号').fill(BAD_ID);
    await drawer.getByLabel('手机').fill('13912345678');
    await drawer.getByLabel('执法证号').fill('31019900001');
    await drawer.getByRole('button', { name: '保存' }).click();
    const idItem = drawer.locator('.ant-form-item').filter({ has: page.getByLabel('身份证号') });
    await expect.poll(() => idItem.locator('.ant-form-item-explain-error').textContent()).toContain('身份证号校验位错误');

    // A valid ID of a woman with gender 男: only the server knows that is wrong, and names the field.
    await drawer.getByLabel('身份证号').fill(GOOD_ID);
    await drawer.getByRole('button', { name: '保存' }).click();
    const genderItem = drawer.locator('.ant-form-item').filter({ has: page.getByLabel('男') });
    await expect.poll(() => genderItem.locator('.ant-form-item-explain-error').textContent()).toContain('性别与身份证号不符');
    expect(await h.database.db.execute(sql`SELECT 1 FROM officers WHERE id_number = ${GOOD_ID}`).then((r) => (r as unknown as { rows: unknown[] }).rows.length)).toBe(0);

    await drawer.getByLabel('女').check();
    await drawer.getByRole('button', { name: '保存' }).click();
    await page.getByText('已新增执法人员：测试新员').waitFor();
    const saved = await queryOne<{ name: string; unit: string }>(h.database.db, sql`
      SELECT o.name, u.name AS unit FROM officers o JOIN units u ON u.id = o.unit_id WHERE o.id_number = ${GOOD_ID}`);
    expect(saved).toEqual({ name: '测试新员', unit: '黄浦区城管执法局' });
  });

  it('imports an Excel file into the selected unit', async () => {
    const page = h.page;
    const before = await queryOne<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM officers`);
    await page.getByRole('button', { name: 'Excel导入' }).click();
    const dialog = page.getByRole('dialog', { name: 'Excel导入执法人员' });
    await dialog.locator('input[type=file]').setInputFiles({
      name: '人员导入.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await importFile(),
    });
    await dialog.getByRole('button', { name: '开始导入' }).click();
    await dialog.getByText('导入成功，共导入 3 条人员记录').waitFor();
    const after = await queryOne<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM officers`);
    expect(after!.n).toBe(before!.n + 3);
    await dialog.getByRole('button', { name: /关闭|完成|知道了/ }).first().click();
  });

  it('edits the officer and shows the change in the history', async () => {
    const page = h.page;
    await page.getByPlaceholder('姓名 / 执法证号 / 手机').fill('测试新员');
    await page.getByPlaceholder('姓名 / 执法证号 / 手机').press('Enter');
    await page.getByRole('link', { name: '测试新员' }).click();
    await page.getByRole('tab', { name: '变更历史' }).waitFor();
    await page.getByRole('button', { name: /编辑/ }).first().click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('手机').fill('13787654321');
    await drawer.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存人员信息').waitFor();
    await page.getByRole('tab', { name: '变更历史' }).click();
    const history = page.getByRole('tabpanel');
    await expect.poll(() => history.textContent()).toContain('13912345678');
    const text = (await history.textContent()) ?? '';
    expect(text).toContain('13787654321');
    expect(text).toContain('系统管理员');
    await h.screenshot('officer-history');
  });

  it('schedules a transfer for a future date, then cancels it after confirmation', async () => {
    const page = h.page;
    await page.getByRole('button', { name: /调动/ }).first().click();
    const dialog = page.getByRole('dialog', { name: /人员调动/ });
    // Each step is checked before the next: under CI load a click that lands while a popup is still closing was lost.
    await pickOption(page, dialog.locator('.ant-form-item', { hasText: '调入单位' }), '外滩街道中队');
    await dialog.getByLabel('生效日期').fill('2099-01-01');
    await dialog.getByLabel('生效日期').press('Enter');
    await expect.poll(() => dialog.getByLabel('生效日期').inputValue()).toBe('2099-01-01');
    await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor({ state: 'hidden' });
    await dialog.getByLabel('调动原因').fill('工作需要');
    await dialog.getByRole('button', { name: '确认调动' }).click();
    await page.getByText('调动已登记，将于 2099-01-01 生效').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('tab', { name: '调动记录' }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByText('外滩街道中队').waitFor();
    const pending = await queryOne<{ status: string }>(h.database.db, sql`
      SELECT t.status FROM officer_transfers t JOIN officers o ON o.id = t.officer_id WHERE o.id_number = ${GOOD_ID}`);
    expect(pending).toEqual({ status: 'pending' });

    await panel.getByRole('button', { name: '撤销' }).click();
    await page.getByRole('button', { name: '撤销', exact: true }).last().click();
    await page.getByText('已撤销待生效的调动').waitFor();
    const cancelled = await queryOne<{ status: string }>(h.database.db, sql`
      SELECT t.status FROM officer_transfers t JOIN officers o ON o.id = t.officer_id WHERE o.id_number = ${GOOD_ID}`);
    expect(cancelled).toEqual({ status: 'cancelled' });
  });

  it('the audit chain verifies from the audit viewer', async () => {
    const page = h.page;
    await page.getByRole('menuitem', { name: /审计日志/ }).click();
    await page.getByRole('button', { name: /校验审计链/ }).click();
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent()).toMatch(/完整|通过/);
  });

  it('a squadron clerk sees only the own squadron, and another district\'s officer is not found', async () => {
    const page = h.page;
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    await login(page, 'njdl_nq', 'Demo@123456');
    await page.getByRole('menuitem', { name: /执法人员库/ }).click();
    const tree = page.getByTestId('unit-tree');
    await tree.getByText('南京东路街道中队', { exact: true }).waitFor();
    expect(await tree.getByText('黄浦区城管执法局', { exact: true }).count()).toBe(0);
    const other = await queryOne<{ id: string; name: string }>(h.database.db, sql`
      SELECT o.id, o.name FROM officers o JOIN units u ON u.id = o.unit_id WHERE u.code = '310104001' LIMIT 1`);
    await page.goto(`/officers/${other!.id}`);
    await page.getByText('人员不存在').waitFor();
    expect(await page.getByText(other!.name, { exact: true }).count()).toBe(0);
  });
});
