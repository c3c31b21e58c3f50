// 评分标准 editor end to end: the city's evaluator copies the published default to a draft, moves points between two
// criteria of one item (the unbalanced state is named at its place, refused by the server on 保存 and nothing written),
// balances them, saves, publishes version 2 (then read-only), and the rows in the database say so.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { queryOne, sql } from '@cg/db';
import { startHarness, type Harness } from './harness.ts';
import { login } from './steps.ts';

/** The input of an antd InputNumber carrying the test id (on the input itself or on its wrapper). */
async function numberInput(page: Page, testId: string): Promise<Locator> {
  const el = page.getByTestId(testId);
  const inner = el.locator('input');
  return (await inner.count()) ? inner.first() : el;
}

async function setNumber(page: Page, testId: string, value: string) {
  const input = await numberInput(page, testId);
  await input.fill(value);
  await input.press('Tab');
}

interface CriterionWeights { kit1: number; kit2: number }
const weightsOf = (content: unknown): CriterionWeights => {
  const crits = (content as { tiers: { categories: { items: { criteria: { code: string; weight: number }[] }[] }[] }[] }).tiers
    .flatMap((t) => t.categories).flatMap((c) => c.items).flatMap((i) => i.criteria);
  return { kit1: crits.find((c) => c.code === 'S.EQP.KIT.1')!.weight, kit2: crits.find((c) => c.code === 'S.EQP.KIT.2')!.weight };
};

describe('评分标准 editor', () => {
  let h: Harness;
  let failures = 0;
  let draftId = '';

  beforeAll(async () => {
    h = await startHarness();
    await login(h.page, 'kaohe');
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      failures += 1;
      console.error(`screenshot: ${await h.screenshot(`rubric-fail-${failures}`)}`);
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('copies the published default to a draft and names an unbalanced item at its place; the server refuses it too', async () => {
    const page = h.page;
    const published = (await queryOne<{ id: string }>(h.database.db, sql`SELECT id FROM evaluation_rubrics WHERE status = 'published' AND version = 1`))!;
    await page.goto('/evaluation/rubrics');
    await page.getByTestId(`rubric-copy-${published.id}`).click();
    await page.getByText('已复制为第2版草稿').waitFor();
    await page.waitForURL(/\/evaluation\/rubrics\/[0-9a-f-]{36}$/);
    draftId = page.url().split('/').pop()!;
    expect(draftId).not.toBe(published.id);
    await page.locator('[data-testid="rubric-editor"][data-editable="true"]').waitFor();
    await page.locator('[data-testid="rubric-problems"][data-empty="true"]').waitFor();

    // 执法人员 (8 points) = 2.5 + 2.5 + 3: one criterion up by one point unbalances the item.
    await setNumber(page, 'rubric-weight-S.EQP.KIT.1', '3.5');
    const problems = page.locator('[data-testid="rubric-problems"]:not([data-empty])');
    await expect.poll(() => problems.textContent()).toContain('项目“执法人员”8分，其评估指标合计9分');
    await expect.poll(() => page.getByTestId('rubric-publish').isDisabled()).toBe(true);

    // 保存 goes to the server anyway, which names the same place and writes nothing.
    await page.getByTestId('rubric-save').click();
    const refused = page.getByTestId('rubric-server-problems');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('执法人员');
    const stored = await queryOne<{ content: unknown; status: string }>(h.database.db, sql`SELECT content, status FROM evaluation_rubrics WHERE id = ${draftId}`);
    expect(stored!.status).toBe('draft');
    expect(weightsOf(stored!.content)).toEqual({ kit1: 2.5, kit2: 2.5 });
    await h.screenshot('rubric-unbalanced');
  });

  it('balances the item, saves, publishes version 2, and the published version is read-only', async () => {
    const page = h.page;
    await setNumber(page, 'rubric-weight-S.EQP.KIT.2', '1.5');
    await page.locator('[data-testid="rubric-problems"][data-empty="true"]').waitFor();
    await page.getByTestId('rubric-save').click();
    await page.getByText('已保存', { exact: true }).waitFor();
    const saved = await queryOne<{ content: unknown; status: string }>(h.database.db, sql`SELECT content, status FROM evaluation_rubrics WHERE id = ${draftId}`);
    expect(weightsOf(saved!.content)).toEqual({ kit1: 3.5, kit2: 1.5 });

    await expect.poll(() => page.getByTestId('rubric-publish').isDisabled()).toBe(false);
    await page.getByTestId('rubric-publish').click();
    await page.getByRole('button', { name: '发布', exact: true }).last().click();
    await page.getByText('第2版已发布', { exact: true }).waitFor();
    await page.getByTestId('rubric-readonly').waitFor();
    expect(await page.locator('[data-testid="rubric-editor"]').getAttribute('data-editable')).toBe('false');
    const published = await queryOne<{ status: string; version: number; published_by_name: string }>(h.database.db, sql`
      SELECT status, version, published_by_name FROM evaluation_rubrics WHERE id = ${draftId}`);
    expect(published).toMatchObject({ status: 'published', version: 2 });
    expect(published!.published_by_name).toBeTruthy();
  });
});
