// 装备类别与属性 in a real browser: the city admin extends a built-in category (whose built-in attributes are
// locked) with a new enum attribute, creates a category after fixing a bad attribute key the form names, and
// deactivates it after confirming. A squadron clerk sees the catalogue without the editing controls.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { queryOne, sql } from '@cg/db';
import { startHarness, type Harness } from './harness.ts';
import { login } from './steps.ts';

/** Picks an antd Select option; under CPU load the popup may still be animating, so it is retried until the control shows it. */
async function pick(page: Page, scope: Locator, label: string, option: string) {
  const control = scope.getByLabel(label, { exact: true });
  const item = scope.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
  for (let attempt = 1; attempt <= 3; attempt++) {
    await control.scrollIntoViewIfNeeded();
    await control.click();
    const choice = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first();
    await choice.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
    await choice.click({ force: true, timeout: 10_000 }).catch(() => undefined);
    await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    if ((await item.first().textContent())?.includes(option)) return;
  }
  // Last resort, without the mouse: open with the keyboard and walk the options until the wanted one is active.
  await control.focus();
  await page.keyboard.press('ArrowDown');
  for (let step = 0; step < 20; step++) {
    const active = page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').first();
    if ((await active.textContent({ timeout: 2_000 }).catch(() => ''))?.includes(option)) {
      await page.keyboard.press('Enter');
      break;
    }
    await page.keyboard.press('ArrowDown');
  }
  await expect.poll(() => item.first().textContent()).toContain(option);
}

async function addTags(scope: Locator, label: string, values: string[]) {
  const input = scope.getByLabel(label, { exact: true });
  for (const v of values) {
    await input.fill(v);
    await input.press('Enter');
  }
  await input.press('Escape');
}

const categoryRow = (page: Page, code: string) =>
  page.locator('.ant-collapse-item').filter({ has: page.getByText(code, { exact: true }) });

describe('装备类别与属性 in the browser', () => {
  let h: Harness;
  let failures = 0;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await h.screenshot(`equipment-categories-failure-${++failures}`);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('extends 执法记录仪 with a new attribute; its built-in attributes are locked', async () => {
    const { page } = h;
    await login(page, 'admin', 'Admin@123456');
    await page.goto('/equipment/categories');
    await page.getByTestId('group-执法人员装备').waitFor();
    const row = categoryRow(page, 'body_camera');
    await row.getByText('执法记录仪', { exact: true }).click();
    await expect.poll(() => row.locator('.ant-table-row').count()).toBe(5);

    await row.locator('button.ant-btn', { hasText: /编\s?辑/ }).click();
    const drawer = page.getByRole('dialog', { name: '编辑装备类别：执法记录仪' });
    await drawer.getByTestId('attribute-0').waitFor();
    // resolution is built in: no delete, no type change, key fixed.
    const first = drawer.getByTestId('attribute-0');
    await expect.poll(() => first.getByRole('button', { name: '删除属性' }).isDisabled()).toBe(true);
    await expect.poll(() => first.getByLabel('属性键', { exact: true }).isDisabled()).toBe(true);

    await drawer.getByRole('button', { name: '添加属性' }).click();
    const added = drawer.getByTestId('attribute-5');
    await added.getByLabel('属性名称', { exact: true }).fill('佩戴方式');
    await added.getByLabel('属性键', { exact: true }).fill('mountType');
    await pick(page, added, '类型', '选项');
    await addTags(added, '选项', ['肩夹', '头戴']);
    await drawer.getByRole('button', { name: /保\s?存/ }).click();
    await drawer.waitFor({ state: 'hidden' });

    const stored = await queryOne<{ attributes: { key: string; options?: string[] }[] }>(h.database.db, sql`
      SELECT attributes FROM equipment_categories WHERE code = 'body_camera'`);
    expect(stored!.attributes.find((a) => a.key === 'mountType')).toEqual({ key: 'mountType', label: '佩戴方式', type: 'enum', options: ['肩夹', '头戴'] });
    await expect.poll(() => row.locator('.ant-table-row').count()).toBe(6);
  });

  it('creates a category after the form names a bad attribute key, then deactivates it after confirming', async () => {
    const { page } = h;
    await page.getByRole('button', { name: '新增类别' }).click();
    const drawer = page.getByRole('dialog', { name: '新增装备类别' });
    await drawer.getByLabel('类别名称').fill('反光锥桶');
    await drawer.getByLabel('类别编码').fill('traffic_cone');
    await pick(page, drawer, '装备分组', '中队装备');
    await drawer.getByRole('button', { name: '添加属性' }).click();
    const attr = drawer.getByTestId('attribute-0');
    await attr.getByLabel('属性名称', { exact: true }).fill('高度');
    await attr.getByLabel('属性键', { exact: true }).fill('height_cm');
    await pick(page, attr, '类型', '数字');
    await attr.getByLabel('单位', { exact: true }).fill('厘米');
    await attr.getByLabel('最大值', { exact: true }).fill('120');
    await drawer.getByRole('button', { name: /保\s?存/ }).click();
    await expect.poll(() => attr.locator('.ant-form-item-explain-error').allTextContents())
      .toEqual([expect.stringContaining('属性键应为驼峰式英文')]);
    expect(await queryOne(h.database.db, sql`SELECT 1 FROM equipment_categories WHERE code = 'traffic_cone'`)).toBeUndefined();

    await attr.getByLabel('属性键', { exact: true }).fill('heightCm');
    await drawer.getByRole('button', { name: /保\s?存/ }).click();
    await drawer.waitFor({ state: 'hidden' });
    const row = categoryRow(page, 'traffic_cone');
    await row.waitFor();
    await h.screenshot('equipment-categories');

    await row.locator('button.ant-btn', { hasText: /停\s?用/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /停\s?用/ }).click();
    await row.getByText('已停用', { exact: true }).waitFor();
    const stored = await queryOne<{ active: boolean; attributes: unknown }>(h.database.db, sql`
      SELECT active, attributes FROM equipment_categories WHERE code = 'traffic_cone'`);
    expect(stored).toEqual({ active: false, attributes: [{ key: 'heightCm', label: '高度', type: 'number', unit: '厘米', max: 120 }] });
  });

  it('shows a squadron clerk the catalogue without editing controls', async () => {
    const { page } = h;
    await page.context().clearCookies();
    await login(page, 'njdl_nq', 'Demo@123456');
    await page.goto('/equipment/categories');
    await page.getByTestId('group-执法车辆').waitFor();
    expect(await page.getByRole('button', { name: '新增类别' }).count()).toBe(0);
    expect(await page.locator('button.ant-btn', { hasText: /编\s?辑/ }).count()).toBe(0);
  });
});
