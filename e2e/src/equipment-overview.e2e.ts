// 装备概览与指标 and 装备管理制度 in a real browser: the squadron leader's KPI cards agree with the item list's own
// counts, an indicator opens the records behind it, and a rules document goes up (PDF recognised by content,
// a renamed file refused before sending) and comes back down byte for byte.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.ts';
import { login } from './steps.ts';

/** GET an API route with the browser's session cookie. */
async function api<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

const listTotal = async (page: Page, query: string) =>
  (await api<{ total: number }>(page, `/api/equipment/items?pageSize=1&${query}`)).total;

/** The number shown on a KPI card (antd Statistic groups thousands with commas). */
async function kpi(page: Page, key: string): Promise<number> {
  const text = await page.getByTestId(`kpi-${key}`).locator('.ant-statistic-content-value').textContent();
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);

describe('装备概览与指标、装备管理制度 in the browser', () => {
  let h: Harness;
  let failures = 0;
  let unit: { id: string; name: string };
  beforeAll(async () => {
    h = await startHarness();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      failures += 1;
      console.error(`screenshot: ${await h.screenshot(`fail-equipment-overview-${failures}-${ctx.task.name}`)}`);
    }
  });
  afterAll(() => h?.close());

  it('the squadron leader\'s KPI cards match the item list\'s counts', async () => {
    const page = h.page;
    await login(page, 'njdl_zdz', 'Demo@123456');
    unit = (await api<{ unit: { id: string; name: string } }>(page, '/api/auth/me')).unit;
    await page.goto('/equipment/overview');
    await page.getByRole('heading', { name: '装备概览与指标' }).waitFor();
    await page.getByTestId('kpi-total').waitFor();
    const expected = {
      total: await listTotal(page, `unitId=${unit.id}`),
      inUse: await listTotal(page, `unitId=${unit.id}&status=在用`),
      lent: await listTotal(page, `unitId=${unit.id}&status=借出`),
      repair: await listTotal(page, `unitId=${unit.id}&status=维修`),
      overdue: await listTotal(page, `unitId=${unit.id}&overdue=true`),
      noResponsible: await listTotal(page, `unitId=${unit.id}&noResponsible=true`),
    };
    expect(expected.total).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(expected)) expect(await kpi(page, key), key).toBe(value);
    // A squadron has no child units: the chart says so instead of drawing nothing.
    await page.getByText(`${unit.name}没有下级单位`).waitFor();
    // The chart library loads lazily: wait for its canvas rather than counting once.
    await expect.poll(() => page.getByRole('img', { name: '各类别装备按状态堆叠柱状图' }).locator('canvas').count()).toBe(1);
    await h.screenshot('equipment-overview');

    // A KPI card opens the list with the same filter.
    await page.getByTestId('kpi-lent').click();
    await page.waitForURL(/\/equipment\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('status')).toBe('借出');
    expect(url.searchParams.get('unitId')).toBe(unit.id);
    await page.getByRole('heading', { name: '执法装备库' }).waitFor();
    await page.goBack();
    await page.getByTestId('kpi-total').waitFor();
  });

  it('an indicator row opens the records behind it, linked to the items', async () => {
    const page = h.page;
    const report = await api<{ indicators: { key: string; label: string; numerator?: number; records: { id: string; label: string }[]; gaps: unknown[] }[] }>(
      page, `/api/equipment/indicators?unitId=${unit.id}`);
    const ind = report.indicators.find((i) => i.key === 'kit.body_camera')!;
    expect(ind.records.length).toBeGreaterThan(0);
    const table = page.getByTestId('indicator-table');
    const row = table.locator('tr.ant-table-row', { hasText: ind.label });
    await row.waitFor();
    expect(await row.textContent()).toContain(`${ind.numerator} / `);
    await row.click();
    const drawer = page.getByRole('dialog', { name: ind.label });
    await drawer.waitFor();
    await drawer.getByRole('tab', { name: `统计对象（${ind.records.length}）` }).waitFor();
    if (ind.gaps.length > 0) await drawer.getByRole('tab', { name: `差距（${ind.gaps.length}）` }).waitFor();
    const first = ind.records[0];
    await drawer.getByTestId('indicator-records').getByRole('link', { name: first.label, exact: true }).click();
    await page.waitForURL(new RegExp(`/equipment/${first.id}$`));
    await page.getByText(first.label).first().waitFor();
  });

  it('uploads the equipment rules as a PDF (a renamed HTML file is refused first) and downloads the same bytes', async () => {
    const page = h.page;
    await page.goto('/equipment/documents');
    await page.getByRole('heading', { name: '装备管理制度' }).waitFor();
    await page.getByText(`${unit.name}尚未上传制度文件`).waitFor();
    await page.getByRole('button', { name: '上传装备使用、维护、管理制度' }).click();
    const dialog = page.getByRole('dialog', { name: /上传制度文件/ });
    await dialog.getByText('单个文件不超过 10 MB').waitFor();
    await dialog.getByLabel('标题').fill('南京东路街道中队装备使用、维护、管理制度');

    // Named .pdf but not a PDF: refused in the browser, nothing sent.
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/documents')) posted += 1;
    });
    await dialog.locator('input[type=file]').setInputFiles({ name: '制度.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') });
    await dialog.getByText('文件内容不是 PDF 或 Word').waitFor();
    await dialog.getByRole('button', { name: '上传', exact: true }).click();
    await dialog.getByText('文件内容不是 PDF 或 Word').waitFor();
    expect(posted).toBe(0);

    const bytes = pdf('装备管理制度 v1');
    const sha = createHash('sha256').update(bytes).digest('hex');
    await dialog.locator('input[type=file]').setInputFiles({ name: '装备管理制度.pdf', mimeType: 'application/pdf', buffer: bytes });
    await expect.poll(() => dialog.getByText('文件内容不是 PDF 或 Word').count()).toBe(0);
    const upload = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/api/units/${unit.id}/documents`));
    await dialog.getByRole('button', { name: '上传', exact: true }).click();
    expect((await upload).status()).toBe(201);
    await page.getByText('已上传装备使用、维护、管理制度第 1 版').waitFor();

    const card = page.getByTestId('documents-equipment_rules');
    const versionRow = card.locator('tr.ant-table-row', { hasText: '装备管理制度.pdf' });
    await versionRow.waitFor();
    const text = await versionRow.textContent();
    expect(text).toContain('第 1 版');
    expect(text).toContain(sha.slice(0, 12));
    expect(text).toContain('南京东路中队长');

    const download = page.waitForEvent('download');
    await versionRow.getByRole('button', { name: /下载/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('装备管理制度.pdf');
    const saved = await readFile((await file.path())!);
    expect(createHash('sha256').update(saved).digest('hex')).toBe(sha);

    // 上传新版本 keeps the title and makes version 2 the current one; version 1 stays listed.
    await card.getByRole('button', { name: '上传新版本' }).click();
    const again = page.getByRole('dialog', { name: /上传制度文件/ });
    expect(await again.getByLabel('标题').inputValue()).toBe('南京东路街道中队装备使用、维护、管理制度');
    await again.locator('input[type=file]').setInputFiles({ name: '装备管理制度-修订.pdf', mimeType: 'application/pdf', buffer: pdf('v2') });
    await again.getByRole('button', { name: '上传', exact: true }).click();
    await page.getByText('已上传装备使用、维护、管理制度第 2 版').waitFor();
    await expect.poll(() => card.locator('tr.ant-table-row').count()).toBe(2);
    expect(await card.locator('tr.ant-table-row').first().textContent()).toContain('现行');
    await h.screenshot('equipment-documents');
  });
});
