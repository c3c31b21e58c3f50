// Browser steps shared by the e2e files: logging in and picking from antd selects, made robust against CI load.
import type { Locator, Page } from 'playwright-core';

/** Logs in through the form; desktop shows the user's name, a phone only the account button. */
export async function login(page: Page, username: string, password = 'Demo@123456') {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('current-user-name').or(page.getByRole('button', { name: '当前用户' })).waitFor();
}

/**
 * Picks `text` in a searchable single antd Select or TreeSelect inside `field` (its form item, or the control itself) by
 * typing `typed` and clicking the visible option, until the control shows it (the selection carries the option's title).
 * Under CI load a click that landed while the dropdown was still filtering or animating was lost, so a pick that did not
 * take is done again (three tries) before failing.
 */
export async function pickOption(page: Page, field: Locator, text: string, typed = text) {
  const selected = field.getByTitle(text, { exact: true });
  for (let attempt = 1; attempt <= 3 && !(await selected.count()); attempt++) {
    await field.getByRole('combobox').first().click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type(typed);
    const choice = page
      .locator('.ant-select-dropdown:visible')
      .locator('.ant-select-item-option, .ant-select-tree-title', { hasText: text })
      .first();
    await choice.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
    await choice.click({ timeout: 10_000 }).catch(() => undefined);
    await selected.waitFor({ timeout: 3_000 }).catch(() => undefined);
  }
  await selected.waitFor();
  // The next control must not be covered by the closing dropdown (no Escape: in a modal it may close the modal).
  await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
}
