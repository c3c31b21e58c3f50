// Accounts in the browser: a district admin creates a squadron clerk, who must change the initial password
// at first login and then works inside the own squadron only.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, sql } from '@cg/db';
import { startHarness, type Harness } from './harness.ts';
import { pickOption } from './steps.ts';

describe('用户与角色 in the browser', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') console.error(`screenshot: ${await h.screenshot(`fail-users-${ctx.task.name}`)}`);
  });
  afterAll(() => h?.close());

  it('a district admin creates a clerk for a squadron; a weak password is refused in the form', async () => {
    const page = h.page;
    await page.goto('/login');
    await page.getByLabel('用户名').fill('hp_admin');
    await page.getByLabel('密码').fill('Demo@123456');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('current-user-name').waitFor();
    await page.getByRole('menuitem', { name: /用户与角色/ }).click();
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog', { name: '新建用户' });
    await dialog.getByLabel('用户名').fill('wt_nq');
    await dialog.getByLabel('姓名').fill('外滩内勤');
    await dialog.getByLabel('角色').click();
    await page.locator('.ant-select-item-option', { hasText: '中队内勤' }).click();
    await pickOption(page, dialog.locator('.ant-form-item', { hasText: '所属单位' }), '外滩街道中队');
    await dialog.getByLabel('初始密码', { exact: true }).fill('short1');
    await dialog.getByLabel('确认初始密码').fill('short1');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('密码长度不能少于10位').waitFor();
    await dialog.getByLabel('初始密码', { exact: true }).fill('Initial2026pw');
    await dialog.getByLabel('确认初始密码').fill('Initial2026pw');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const created = await queryOne<{ role: string; unit: string; must_change_password: boolean }>(h.database.db, sql`
      SELECT us.role, un.name AS unit, us.must_change_password FROM users us JOIN units un ON un.id = us.unit_id WHERE us.username = 'wt_nq'`);
    expect(created).toEqual({ role: 'squadron_clerk', unit: '外滩街道中队', must_change_password: true });
    // The roles a district admin may grant stop at their own tier.
    await page.getByRole('button', { name: '新建用户' }).click();
    await dialog.getByLabel('角色').click();
    const offered = await page.locator('.ant-select-item-option').allTextContents();
    expect(offered).toContain('中队长');
    expect(offered).not.toContain('市局管理员');
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: '取消' }).click();
  });

  it('adds a squadron under the district in 组织机构; a duplicate code is refused on the field', async () => {
    const page = h.page;
    await page.getByRole('menuitem', { name: /组织机构/ }).click();
    await page.getByTestId('unit-tree').getByText('黄浦区城管执法局', { exact: true }).click();
    await page.getByRole('button', { name: '新增下级单位' }).click();
    const dialog = page.getByRole('dialog', { name: /新增下级单位/ });
    // Under CPU load the popup may still be animating: retry until the control shows the kind.
    const kindItem = dialog.locator('.ant-form-item').filter({ has: page.getByLabel('单位类型') });
    for (let attempt = 1; attempt <= 3 && !(await kindItem.textContent())?.includes('机动中队'); attempt++) {
      await dialog.getByLabel('单位类型').click();
      const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '机动中队' }).first();
      await option.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
      await option.click({ force: true, timeout: 10_000 }).catch(() => undefined);
      await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
    await expect.poll(() => kindItem.textContent()).toContain('机动中队');
    await dialog.getByLabel('单位编码').fill('310101001');
    await dialog.getByLabel('单位名称').fill('黄浦区第二机动中队');
    await dialog.getByRole('button', { name: '保存' }).click();
    const codeItem = dialog.locator('.ant-form-item').filter({ has: page.getByLabel('单位编码') });
    await expect.poll(() => codeItem.locator('.ant-form-item-explain-error').textContent()).toContain('单位编码已存在');
    await dialog.getByLabel('单位编码').fill('310101901');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('已新增单位：黄浦区第二机动中队').waitFor();
    await page.getByTestId('unit-tree').getByText('黄浦区第二机动中队', { exact: true }).waitFor();
    const unit = await queryOne<{ kind: string; parent: string }>(h.database.db, sql`
      SELECT u.kind, p.name AS parent FROM units u JOIN units p ON p.id = u.parent_id WHERE u.code = '310101901'`);
    expect(unit).toEqual({ kind: '机动中队', parent: '黄浦区城管执法局' });
  });

  it('the new clerk must change the initial password at first login, then sees only the own squadron', async () => {
    const page = h.page;
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('用户名').fill('wt_nq');
    await page.getByLabel('密码').fill('Initial2026pw');
    await page.getByRole('button', { name: '登录' }).click();
    const dialog = page.getByRole('dialog', { name: '请先修改初始密码' });
    await dialog.getByLabel('当前密码').fill('Initial2026pw');
    await dialog.getByLabel('新密码', { exact: true }).fill('Waitan2026ok');
    await dialog.getByLabel('确认新密码').fill('Waitan2026ok');
    await dialog.getByRole('button', { name: '确认修改' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = await queryOne<{ must_change_password: boolean }>(h.database.db, sql`SELECT must_change_password FROM users WHERE username = 'wt_nq'`);
    expect(row!.must_change_password).toBe(false);

    await page.getByRole('menuitem', { name: /执法人员库/ }).click();
    await page.getByTestId('unit-tree').getByText('外滩街道中队', { exact: true }).waitFor();
    expect(await page.getByTestId('unit-tree').getByText('南京东路街道中队', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: /用户与角色/ }).count()).toBe(0);
  });
});
