// 执法装备库 in a real browser against a real server: a squadron clerk registers a body camera with its
// performance attributes, lends it to an officer, the loan runs overdue, the list and the officer's kit show it,
// and the return closes the loan in the 台账 (入库登记 → 借用登记 → 归还). Only legal moves are offered.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { queryOne, sql } from '@cg/db';
import { startHarness, type Harness } from './harness.ts';
import { login } from './steps.ts';

const TAG = 'E2E-JLY-0001';
/** 南京东路街道中队, the clerk's squadron. */
const SQUADRON_CODE = '310101001';

/**
 * Picks an option of an antd Select opened by clicking the labelled control, and waits until the control shows
 * it (under load a click can land while the popup is still animating in; then it is tried again).
 */
async function choose(page: Page, scope: Locator, label: string, option: string | RegExp, shown: string) {
  const control = scope.getByLabel(label, { exact: true });
  const item = scope.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
  for (let attempt = 1; ; attempt++) {
    await control.scrollIntoViewIfNeeded();
    await control.click();
    const popup = page.locator('.ant-select-dropdown:visible');
    const choice = popup.locator('.ant-select-item-option', { hasText: option }).first();
    // Under load the popup can still be animating in; a forced click on a visible option does what a user's would.
    await choice.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
    await choice.click({ force: true, timeout: 10_000 }).catch(() => undefined);
    await popup.first().waitFor({ state: 'hidden' }).catch(() => undefined);
    const text = await item.textContent();
    if (text?.includes(shown) || attempt === 3) break;
    console.warn(`choose(${label}): option not taken on attempt ${attempt}, trying again`);
  }
  await expect.poll(() => item.textContent()).toContain(shown);
}

/** 执法装备库 is a sub-menu; its 装备台账 entry is the list (the group may already be open). */
async function openEquipmentList(page: Page) {
  const leaf = page.getByRole('menuitem', { name: '装备台账', exact: true });
  if (!(await leaf.isVisible())) await page.getByRole('menuitem', { name: /执法装备库/ }).click();
  await leaf.click();
}

interface ItemRow {
  id: string;
  status: string;
  holder: string | null;
  attributes: Record<string, unknown>;
  unit: string;
}

async function itemRow(h: Harness): Promise<ItemRow | undefined> {
  return queryOne<ItemRow>(h.database.db, sql`
    SELECT i.id, i.status, o.name AS holder, i.attributes, u.name AS unit
    FROM equipment_items i JOIN units u ON u.id = i.unit_id LEFT JOIN officers o ON o.id = i.holder_officer_id
    WHERE i.asset_tag = ${TAG}`);
}

/** The texts of the 台账 操作 buttons on the detail page. */
async function offeredMoves(page: Page): Promise<string[]> {
  await page.getByTestId('ledger-actions').waitFor();
  return page.getByTestId('ledger-actions').getByRole('button').allTextContents();
}

describe('执法装备库 in the browser: issue → overdue → return', () => {
  let h: Harness;
  let failures = 0;
  let borrower: { id: string; name: string; badge_no: string | null };
  beforeAll(async () => {
    h = await startHarness();
    // An active officer of the squadron whose name is unique there, so the picker's option is unambiguous.
    borrower = (await queryOne<{ id: string; name: string; badge_no: string | null }>(h.database.db, sql`
      SELECT o.id, o.name, o.badge_no FROM officers o JOIN units u ON u.id = o.unit_id
      WHERE u.code = ${SQUADRON_CODE} AND o.status = '在岗' AND o.badge_no IS NOT NULL
        AND (SELECT count(*) FROM officers x WHERE x.unit_id = o.unit_id AND x.name = o.name) = 1
      ORDER BY o.badge_no LIMIT 1`))!;
    expect(borrower).toBeDefined();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      failures += 1;
      console.error(`screenshot: ${await h.screenshot(`fail-equipment-${failures}-${ctx.task.name}`)}`);
    }
  });
  afterAll(() => h?.close());

  it('a squadron clerk opens 执法装备库 and sees the own squadron\'s kit', async () => {
    const page = h.page;
    await login(page, 'njdl_nq', 'Demo@123456');
    await openEquipmentList(page);
    await page.getByRole('heading', { name: '执法装备库' }).waitFor();
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    const tree = page.getByTestId('unit-tree');
    await tree.getByText('南京东路街道中队', { exact: true }).waitFor();
    expect(await tree.getByText('黄浦区城管执法局', { exact: true }).count()).toBe(0);
  });

  it('registers a 执法记录仪 with its attributes; client, server and attribute errors show on their fields', async () => {
    const page = h.page;
    await page.getByRole('button', { name: '登记装备' }).click();
    const drawer = page.getByRole('dialog', { name: '登记装备' });
    // The clerk's own squadron is preselected.
    await expect.poll(() => drawer.locator('.ant-form-item').filter({ has: page.getByLabel('所属单位', { exact: true }) }).textContent()).toContain('南京东路街道中队');
    await choose(page, drawer, '类别', /^执法记录仪$/, '执法记录仪');
    // The category's attributes appear as fields.
    for (const label of ['分辨率', '存储容量', '续航时间', '联网方式', '定位']) await drawer.getByText(label, { exact: true }).waitFor();

    // A taken 资产编号 (from the demo data) is refused by the server on the field.
    const taken = await queryOne<{ asset_tag: string }>(h.database.db, sql`SELECT asset_tag FROM equipment_items LIMIT 1`);
    await drawer.getByLabel('资产编号').fill(taken!.asset_tag);
    await drawer.getByLabel('序列号').fill('SN-E2E-0001');
    await drawer.getByLabel('品牌').fill('海康威视');
    await drawer.getByLabel('型号').fill('DSJ-E2E');
    await choose(page, drawer, '分辨率', '1080P', '1080P');
    await drawer.getByLabel('存储容量').fill('5000');
    await drawer.getByLabel('续航时间').fill('12');
    await choose(page, drawer, '联网方式', /^4G$/, '4G');
    await drawer.locator('.ant-form-item').filter({ hasText: '定位' }).getByLabel('有').check();
    await drawer.getByRole('button', { name: '保存' }).click();
    // Out of range: the shared rule answers before the server is asked.
    const storage = drawer.locator('.ant-form-item').filter({ has: page.getByLabel('存储容量') });
    await expect.poll(() => storage.locator('.ant-form-item-explain-error').textContent()).toContain('存储容量不能大于4096GB');
    await drawer.getByLabel('存储容量').fill('64');
    await drawer.getByRole('button', { name: '保存' }).click();
    const tagItem = drawer.locator('.ant-form-item').filter({ has: page.getByLabel('资产编号') });
    await expect.poll(() => tagItem.locator('.ant-form-item-explain-error').textContent()).toContain('已存在');

    // A server error naming attributes.<key> lands under that dynamic field (the server's answer is stubbed
    // once here: the form's own checks mirror the server's, so a real one cannot be provoked from the UI).
    await drawer.getByLabel('资产编号').fill(TAG.toLowerCase());
    await page.route('**/api/equipment/items', (route) => route.request().method() === 'POST' ? route.fulfill({
      status: 400, contentType: 'application/json',
      body: JSON.stringify({ code: 'VALIDATION_FAILED', message: '数据校验未通过', details: [{ field: 'attributes.batteryHours', message: '续航时间（服务器）不合规' }] }),
    }) : route.fallback());
    await drawer.getByRole('button', { name: '保存' }).click();
    const battery = drawer.locator('.ant-form-item').filter({ has: page.getByLabel('续航时间') });
    await expect.poll(() => battery.locator('.ant-form-item-explain-error').textContent()).toContain('续航时间（服务器）不合规');
    await page.unrouteAll();

    await drawer.getByLabel('续航时间').fill('10');
    await drawer.getByRole('button', { name: '保存' }).click();
    await page.getByText(`已登记装备：${TAG}`).waitFor();
    const saved = await itemRow(h);
    expect(saved).toMatchObject({
      status: '在库', holder: null, unit: '南京东路街道中队',
      attributes: { resolution: '1080P', storageGb: 64, batteryHours: 10, network: '4G', positioning: true },
    });
  });

  it('opens the item: attributes with labels and units; 归还 is not offered while 在库', async () => {
    const page = h.page;
    await page.getByPlaceholder('资产编号 / 序列号 / 型号 / 品牌').fill(TAG);
    await page.getByPlaceholder('资产编号 / 序列号 / 型号 / 品牌').press('Enter');
    await page.getByRole('link', { name: TAG }).click();
    await page.getByRole('heading', { name: '性能属性' }).waitFor();
    const attrs = page.getByTestId('attribute-descriptions');
    await expect.poll(() => attrs.textContent()).toContain('存储容量64 GB');
    expect(await attrs.textContent()).toContain('续航时间10 小时');
    expect(await attrs.textContent()).toContain('定位有');

    const moves = await offeredMoves(page);
    expect(moves).toEqual(expect.arrayContaining(['配发', '借用登记', '故障登记', '送修', '保养', '调拨']));
    expect(moves).not.toContain('归还');
    expect(moves).not.toContain('收回');
    expect(moves).not.toContain('修复入库');
    // 报废/遗失 need equipment.approve, which a clerk does not have.
    expect(moves).not.toContain('报废');
    expect(moves).not.toContain('遗失');
  });

  it('编辑 sends only the changed fields (and attributes) with the version', async () => {
    const page = h.page;
    await page.getByRole('button', { name: '编辑' }).click();
    const drawer = page.getByRole('dialog', { name: `编辑装备：${TAG}` });
    await expect.poll(() => drawer.getByLabel('续航时间').inputValue()).toBe('10');
    expect(await drawer.getByLabel('类别', { exact: true }).isDisabled()).toBe(true);
    await drawer.getByLabel('存放位置').fill('中队装备室 2号柜');
    await drawer.getByLabel('续航时间').fill('12');
    const patch = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().includes('/api/equipment/items/'));
    await drawer.getByRole('button', { name: '保存' }).click();
    expect((await patch).postDataJSON()).toEqual({ version: 1, location: '中队装备室 2号柜', attributes: { batteryHours: 12 } });
    await page.getByText('已保存装备信息').waitFor();
    await expect.poll(() => page.getByTestId('attribute-descriptions').textContent()).toContain('续航时间12 小时');
    const row = await itemRow(h);
    expect(row?.attributes).toEqual({ resolution: '1080P', storageGb: 64, batteryHours: 12, network: '4G', positioning: true });
  });

  it('lends it with 借用登记 to an officer with a return time', async () => {
    const page = h.page;
    await page.getByTestId('ledger-actions').getByRole('button', { name: '借用登记', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: new RegExp(`借用登记：${TAG}`) });
    // The return time defaults to a day from now.
    const due = await dialog.getByLabel('预计归还').inputValue();
    expect(due).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.getByText('请选择借用人员').waitFor();
    await dialog.getByLabel('借用人员').fill(borrower.name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: borrower.badge_no! }).first().click();
    await dialog.getByLabel('借用事由').fill('夜间专项整治');
    await dialog.getByRole('button', { name: '确定' }).click();
    await page.getByText('已办理借用登记').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    const lent = await itemRow(h);
    expect(lent).toMatchObject({ status: '借出', holder: borrower.name });
    const moves = await offeredMoves(page);
    expect(moves).toContain('归还');
    expect(moves).not.toContain('借用登记');
  });

  it('runs overdue: 仅看逾期未还 lists it with the 逾期 tag, and the officer\'s kit shows it', async () => {
    const page = h.page;
    await h.database.db.execute(sql`UPDATE equipment_items SET expected_return_at = now() - interval '1 day' WHERE asset_tag = ${TAG}`);
    await openEquipmentList(page);
    await page.getByRole('heading', { name: '执法装备库' }).waitFor();
    const overdueList = page.waitForResponse((r) => r.url().includes('/api/equipment/items?') && r.url().includes('overdue=true'));
    // The filters live in the URL; the check box follows once the navigation has happened.
    await page.getByLabel('仅看逾期未还').click();
    await expect.poll(() => page.getByLabel('仅看逾期未还').isChecked()).toBe(true);
    expect((await overdueList).status()).toBe(200);
    await page.getByPlaceholder('资产编号 / 序列号 / 型号 / 品牌').fill(TAG);
    await page.getByPlaceholder('资产编号 / 序列号 / 型号 / 品牌').press('Enter');
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: TAG });
    await row.waitFor();
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    expect(await row.getByTestId('overdue-tag').textContent()).toBe('逾期');
    expect(await row.textContent()).toContain(borrower.name);
    expect(page.url()).toContain('overdue=true');
    await h.screenshot('equipment-overdue-list');

    // The holder's page lists the item under 持有装备, overdue.
    await row.getByRole('link', { name: borrower.name }).click();
    await page.getByRole('tab', { name: '持有装备' }).click();
    const kit = page.getByTestId('officer-kit');
    const kitRow = kit.locator('tr.ant-table-row', { hasText: TAG });
    await kitRow.waitFor();
    expect(await kitRow.getByTestId('overdue-tag').textContent()).toBe('逾期');
    await kitRow.getByRole('link', { name: TAG }).click();
    await page.getByTestId('overdue-alert').waitFor();
    expect(await page.getByTestId('overdue-alert').textContent()).toContain('逾期未还');
  });

  it('归还 closes the loan; the 台账 reads 入库登记 → 借用登记 → 归还', async () => {
    const page = h.page;
    await page.getByTestId('ledger-actions').getByRole('button', { name: '归还', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: new RegExp(`归还：${TAG}`) });
    await dialog.getByLabel('说明').fill('完好');
    await dialog.getByRole('button', { name: '确定' }).click();
    await page.getByText('已办理归还').waitFor();
    await expect.poll(async () => (await itemRow(h))?.status).toBe('在库');
    expect((await itemRow(h))?.holder).toBeNull();
    await expect.poll(() => page.getByTestId('overdue-alert').count()).toBe(0);

    const ledger = page.getByTestId('ledger-table');
    await expect.poll(() => ledger.locator('tr.ant-table-row td:first-child').allTextContents()).toEqual(['入库登记', '借用登记', '归还']);
    const rows = await ledger.locator('tr.ant-table-row').allTextContents();
    expect(rows[1]).toContain(borrower.name);
    expect(rows[1]).toContain('夜间专项整治');
    expect(rows[2]).toContain('完好');
    expect(rows.every((r) => r.includes('南京东路内勤'))).toBe(true);

    const moves = await offeredMoves(page);
    expect(moves).not.toContain('归还');
    expect(moves).toContain('借用登记');
    await h.screenshot('equipment-detail-returned');
  });

  it('a move the server refuses (the item changed meanwhile) shows the 409 message and reloads', async () => {
    const page = h.page;
    // Another clerk sends it to repair while this page still shows it 在库.
    await h.database.db.execute(sql`UPDATE equipment_items SET status = '维修' WHERE asset_tag = ${TAG}`);
    await page.getByTestId('ledger-actions').getByRole('button', { name: '保养', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: new RegExp(`保养：${TAG}`) });
    await dialog.getByRole('button', { name: '确定' }).click();
    await page.getByRole('alert').filter({ hasText: '装备在维修中，不能登记保养' }).first().waitFor();
    await expect.poll(() => offeredMoves(page)).toContain('修复入库');
    expect(await offeredMoves(page)).not.toContain('保养');
  });
});
