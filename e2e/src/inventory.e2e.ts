// 季度清点 on a phone: a squadron leader of a small squadron starts the quarter's round in the field app, ticks two
// items, scans a third with the phone camera (Chromium's fake camera plays a clip of its QR label), one item is
// never found, and an item that had been reported lost turns up (账外). Closing the round applies it all to the
// 执法装备库: the missing one is now 遗失, the lost one is 找回 (在库), and the 台账 and audit log say so.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { labelPayload } from '@cg/domain';
import { queryOne, queryRows, sql } from '@cg/db';
import { writeQrVideo } from './fake-camera.ts';
import { artifactsDir, PHONE_VIEWPORT, startHarness, type Harness } from './harness.ts';

const LEADER = { username: 'e2e_qd_zdz', password: 'Qingdian2026pw' };
const TAGS = { a: 'E2E-QD-A', b: 'E2E-QD-B', missing: 'E2E-QD-C', lost: 'E2E-QD-D' };

interface Api {
  (method: string, url: string, body?: unknown): Promise<{ status: number; json: () => any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function apiAs(h: Harness, username: string, password: string): Promise<Api> {
  const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(login.statusCode).toBe(200);
  const token = login.json().token as string;
  return async (method, url, body) => {
    const res = await h.app.inject({
      method: method as 'GET', url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: res.statusCode, json: () => res.json() };
  };
}

async function itemState(h: Harness, tag: string) {
  return queryOne<{ status: string; actions: string[] }>(h.database.db, sql`
    SELECT i.status, array(SELECT l.action FROM equipment_ledger l WHERE l.item_id = i.id ORDER BY l.at, l.id) AS actions
    FROM equipment_items i WHERE i.asset_tag = ${tag}`);
}

async function login(page: Page) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(LEADER.username);
  await page.getByLabel('密码').fill(LEADER.password);
  await page.getByRole('button', { name: '登录' }).click();
  // On a phone the header shows only the avatar.
  await page.getByRole('heading', { name: '工作台' }).waitFor();
}

describe('季度清点 on a phone-sized screen with the camera', () => {
  let h: Harness;
  let failures = 0;
  let squadronId: string;

  beforeAll(async () => {
    // The label of the lost item, as printed by any host: the scanner reads the 资产编号 out of the URL.
    mkdirSync(artifactsDir, { recursive: true });
    const video = path.join(artifactsDir, 'fake-camera-qr.y4m');
    writeQrVideo(video, labelPayload('https://cg.example.gov.cn', TAGS.lost));
    h = await startHarness({
      viewport: PHONE_VIEWPORT,
      mobile: true,
      chromiumArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    await h.context.grantPermissions(['camera'], { origin: h.baseUrl });

    // A small squadron of 黄浦区 with its leader and four radios; one of them was reported lost last month.
    const admin = await apiAs(h, 'admin', 'Admin@123456');
    const district = (await admin('GET', '/api/units?q=310101&pageSize=5')).json().items.find((u: { code: string }) => u.code === '310101');
    const unit = await admin('POST', '/api/units', { parentId: district.id, code: '310101981', name: '清点演练中队', kind: '机动中队' });
    expect(unit.status).toBe(201);
    squadronId = unit.json().id;
    const user = await admin('POST', '/api/users', {
      username: LEADER.username, displayName: '清点演练中队长', role: 'squadron_leader', unitId: squadronId, password: 'Temp-2026-pass',
    });
    expect(user.status).toBe(201);
    const first = await apiAs(h, LEADER.username, 'Temp-2026-pass');
    expect((await first('POST', '/api/auth/password', { oldPassword: 'Temp-2026-pass', newPassword: LEADER.password })).status).toBeLessThan(300);
    const leader = await apiAs(h, LEADER.username, LEADER.password);
    const radio = (await leader('GET', '/api/equipment/categories')).json().find((c: { code: string }) => c.code === 'radio').id;
    for (const tag of Object.values(TAGS)) {
      const created = await leader('POST', '/api/equipment/items', { unitId: squadronId, categoryId: radio, assetTag: tag, model: 'PD680', brand: '海能达' });
      expect(created.status).toBe(201);
    }
    const lostId = (await leader('GET', `/api/equipment/items?q=${TAGS.lost}`)).json().items[0].id;
    expect((await leader('POST', `/api/equipment/items/${lostId}/ledger`, { action: 'lose', note: '巡查中遗失' })).status).toBe(200);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      failures += 1;
      console.error(`screenshot: ${await h.screenshot(`fail-inventory-${failures}-${ctx.task.name}`)}`);
    }
  });
  afterAll(() => h?.close());

  it('the leader sees the squadron due this quarter and starts its round from the phone', async () => {
    const page = h.page;
    await login(page);
    await page.goto('/inventory');
    await page.getByRole('heading', { name: '季度清点' }).waitFor();
    const due = page.getByRole('alert').filter({ hasText: '未完成清点' });
    await due.getByText('清点演练中队').click();
    const dialog = page.getByRole('dialog', { name: '开始季度清点' });
    await expect.poll(() => dialog.locator('.ant-select').first().textContent()).toContain('清点演练中队');
    await dialog.getByRole('button', { name: '开始清点' }).click();
    await page.waitForURL(/\/inventory\/[0-9a-f-]{36}$/);
    // The book at the start: three items; the lost one is not expected.
    await page.getByTestId(`line-${TAGS.a}`).waitFor();
    expect(await page.getByTestId('inventory-lines').locator('.inventory-line-card').count()).toBe(3);
    await expect.poll(() => page.locator('.ant-statistic').filter({ hasText: '应有' }).textContent()).toContain('3');
  });

  it('ticks two items in the list and scans the lost one with the camera (账外)', async () => {
    const page = h.page;
    for (const tag of [TAGS.a, TAGS.b]) {
      await page.getByRole('button', { name: `清点到 ${tag}` }).click();
      await page.getByTestId(`line-${tag}`).waitFor({ state: 'detached' });
    }
    await page.getByRole('button', { name: '摄像头扫码' }).click();
    await page.getByTestId('qr-scanner').waitFor();
    await expect.poll(() => page.getByTestId('last-count').textContent(), { timeout: 20_000 }).toContain(`${TAGS.lost}：账外`);
    await h.screenshot('inventory-phone-scanned');
    await page.getByRole('button', { name: '关闭摄像头' }).click();
    // The camera keeps seeing the code; it was still counted once.
    const lines = await queryRows<{ asset_tag: string; result: string; method: string | null }>(h.database.db, sql`
      SELECT l.asset_tag, l.result, l.method FROM inventory_round_items l JOIN inventory_rounds r ON r.id = l.round_id
      WHERE r.unit_id = ${squadronId} ORDER BY l.asset_tag`);
    expect(lines).toEqual([
      { asset_tag: TAGS.a, result: 'found', method: 'tick' },
      { asset_tag: TAGS.b, result: 'found', method: 'tick' },
      { asset_tag: TAGS.missing, result: 'pending', method: null },
      { asset_tag: TAGS.lost, result: 'unexpected', method: 'scan' },
    ]);
    await page.locator('.ant-segmented-item', { hasText: '账外 1' }).click();
    await page.getByTestId(`line-${TAGS.lost}`).waitFor();
  });

  it('closes the round: the missing item becomes 遗失, the lost one is found, all in the 台账 and audit log', async () => {
    const page = h.page;
    await page.getByRole('button', { name: '关闭清点' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: '关闭清点并更新执法装备库' });
    await confirm.getByText('1 件待清点装备记为').waitFor();
    await confirm.getByRole('button', { name: '确认关闭' }).click();
    await expect.poll(() => page.getByTestId('round-summary').textContent()).toContain('登记遗失 1 件');
    expect(await page.getByTestId('round-summary').textContent()).toContain('找回 1 件');

    expect(await itemState(h, TAGS.missing)).toEqual({ status: '遗失', actions: ['register', 'lose'] });
    expect(await itemState(h, TAGS.lost)).toEqual({ status: '在库', actions: ['register', 'lose', 'found'] });
    expect(await itemState(h, TAGS.a)).toEqual({ status: '在库', actions: ['register'] });
    const round = await queryOne<{ status: string; summary: Record<string, number> }>(h.database.db, sql`
      SELECT status, summary FROM inventory_rounds WHERE unit_id = ${squadronId}`);
    expect(round).toMatchObject({ status: 'closed', summary: { found: 2, missing: 1, unexpected: 1, lost: 1, recovered: 1 } });
    const audit = await queryRows<{ entity_type: string; action: string }>(h.database.db, sql`
      SELECT entity_type, action FROM audit_log WHERE unit_id = ${squadronId} AND entity_type IN ('inventory', 'equipment') AND action <> 'create'
      ORDER BY seq`);
    expect(audit.map((a) => `${a.entity_type}:${a.action}`)).toEqual([
      'equipment:ledger:lose', 'inventory:start', 'inventory:count', 'inventory:count', 'inventory:count',
      'equipment:ledger:lose', 'equipment:ledger:found', 'inventory:close',
    ]);
    // Nothing more can be counted.
    expect(await page.getByRole('button', { name: '摄像头扫码' }).count()).toBe(0);
  });
});
