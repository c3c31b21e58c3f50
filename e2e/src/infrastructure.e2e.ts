// 基础设施登记 end to end: the 内勤 of the demo squadron opens the registry, sees the indicators with their gaps, registers
// a link and a camera at the missing location, and deletes a log entry after confirming.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, sql } from '@cg/db';
import { seedDemoInfrastructure } from '../../apps/server/src/seed/demo-infrastructure.ts';
import { startHarness, type Harness } from './harness.ts';
import { login } from './steps.ts';

describe('基础设施登记', () => {
  let h: Harness;
  let failures = 0;
  let squadronId: string;

  beforeAll(async () => {
    h = await startHarness();
    await seedDemoInfrastructure(h.database.db);
    squadronId = (await queryOne<{ id: string }>(h.database.db, sql`SELECT id FROM units WHERE name = '南京东路街道中队'`))!.id;
    // Take the 暂扣物品存放室 camera out, so the coverage shows a gap to fix.
    await h.database.db.execute(sql`DELETE FROM infra_devices WHERE unit_id = ${squadronId} AND location_kind = 'seized_storage'`);
    await login(h.page, 'njdl_nq');
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      failures += 1;
      console.error(`screenshot: ${await h.screenshot(`infra-fail-${failures}`)}`);
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('opens the own squadron with the network indicators and adds a link', async () => {
    const page = h.page;
    await page.getByRole('menuitem', { name: '基础设施登记' }).click();
    await page.getByTestId('infra-page').waitFor();
    await expect.poll(() => page.getByTestId('infra-links').locator('tbody tr').count()).toBe(2);
    await page.getByTestId('infra-indicator-infra.network_links').getByText('已达标').waitFor();
    await page.getByTestId('infra-link-add').click();
    await page.getByTestId('infra-link-up').fill('8');
    await page.getByTestId('infra-link-down').fill('8');
    await page.getByTestId('infra-link-save').click();
    await expect.poll(() => page.getByTestId('infra-links').locator('tbody tr').count()).toBe(3);
    // 8/8 Mbit/s is short of the 10 Mbit/s business need: the gap names it.
    await page.getByTestId('infra-gaps-infra.bandwidth_business').getByText('带宽不足').first().waitFor();
    await h.screenshot('infra-network');
  });

  it('shows the missing camera location and clears it by registering a camera', async () => {
    const page = h.page;
    await page.getByTestId('infra-tab-monitoring').click();
    const gaps = page.getByTestId('infra-gaps-infra.internal_camera_coverage');
    await gaps.getByText('暂扣物品存放室未配置摄像机').waitFor();
    await page.getByTestId('infra-cameras-add').click();
    await page.getByTestId('infra-cameras-location').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '暂扣物品存放室' }).click();
    await page.getByTestId('infra-cameras-name').fill('仓库半球');
    await page.getByTestId('infra-cameras-retention').fill('30');
    await page.getByTestId('infra-cameras-verified').click();
    await page.getByTestId('infra-cameras-verified').fill(new Date().toISOString().slice(0, 10));
    await page.keyboard.press('Enter');
    await page.getByTestId('infra-cameras-device-save').click();
    await page.getByTestId('infra-cameras').getByText('仓库半球').waitFor();
    await expect.poll(() => gaps.count()).toBe(0);
    await page.getByTestId('infra-indicator-infra.internal_camera_coverage').getByText('100%').waitFor();
    await h.screenshot('infra-monitoring');
  });

  it('deletes a machine-room log entry after confirming', async () => {
    const page = h.page;
    await page.getByTestId('infra-tab-machine-room').click();
    await page.getByTestId('infra-documents').getByText('机房管理制度', { exact: false }).first().waitFor();
    const rows = page.getByTestId('infra-logs').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const before = (await queryOne<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM infra_machine_room_logs WHERE unit_id = ${squadronId}`))!.n;
    await rows.first().getByTestId('infra-log-delete').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
    await page.getByText('已删除').waitFor();
    const after = (await queryOne<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM infra_machine_room_logs WHERE unit_id = ${squadronId}`))!.n;
    expect(after).toBe(before - 1);
    await h.screenshot('infra-machine-room');
  });
});
