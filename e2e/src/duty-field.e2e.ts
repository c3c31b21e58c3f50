// 勤务 on the officer's phone: with a shift running now, the officer of 南京东路街道中队 opens 我的勤务 from 今日勤务, loses
// the network, writes a 勤务日志 with a photo (kept on the phone as 待同步, nothing on the server), comes back and it
// syncs exactly once (one entry, one photo, under the shift, with the phone's position); then asks for leave on the
// phone (refused offline), the 中队长 approves it at the desk and the phone shows it approved; a 巡查发现 with a camera
// photo lands at the squadron. Last, 扫码查装备: the
// phone camera (Chromium's fake camera playing a clip of a label) opens the scanned item.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { queryOne, queryRows, sql } from '@cg/db';
import { labelPayload, plusDays, shanghaiDate } from '@cg/domain';
import { writeQrVideo } from './fake-camera.ts';
import { artifactsDir, PHONE_VIEWPORT, startHarness, type Harness } from './harness.ts';
import { login } from './steps.ts';

// Written before the browser starts, filled with the scanned label once the demo data is known (Chromium opens the file
// only when the page asks for the camera).
const VIDEO = path.join(artifactsDir, 'fake-camera-duty-field.y4m');

describe('勤务 on the phone: offline 勤务日志 with a photo → sync once; 请假 → desk approval; 扫码查装备', () => {
  let h: Harness;
  let phone: BrowserContext;
  let phonePage: Page;
  let squadron: { id: string; centerLat: number; centerLon: number };
  let officerId: string;
  let shiftId: string;
  let leaveId: string;
  let failures = 0;
  const today = shanghaiDate(new Date());
  const leaveFrom = plusDays(today, 20);
  const leaveTo = plusDays(today, 21);

  const api = async (method: string, url: string, body?: unknown, token?: string) => {
    const res = await fetch(`${h.baseUrl}${url}`, {
      method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  };
  const tokenOf = async (username: string) => (await api('POST', '/api/auth/login', { username, password: 'Demo@123456' })).body.token as string;

  beforeAll(async () => {
    mkdirSync(artifactsDir, { recursive: true });
    writeQrVideo(VIDEO, 'placeholder');
    h = await startHarness({
      chromiumArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${VIDEO}`],
    });
    squadron = (await queryOne<typeof squadron>(h.database.db, sql`
      SELECT id, center_lat AS "centerLat", center_lon AS "centerLon" FROM units WHERE name = '南京东路街道中队'`))!;
    officerId = (await queryOne<{ id: string }>(h.database.db, sql`SELECT officer_id AS id FROM users WHERE username = 'njdl_dy'`))!.id;
    phone = await h.browser.newContext({
      baseURL: h.baseUrl, locale: 'zh-CN', viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
      serviceWorkers: 'block', timezoneId: 'Asia/Shanghai',
      geolocation: { latitude: squadron.centerLat, longitude: squadron.centerLon, accuracy: 10 }, permissions: ['geolocation', 'camera'],
    });
    phonePage = await phone.newPage();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      failures += 1;
      console.error(`screenshot: ${await h.screenshot(`duty-field-fail-${failures}`)}`);
      if (phonePage) await phonePage.screenshot({ path: path.join(artifactsDir, `duty-field-phone-fail-${failures}.png`), fullPage: true }).catch(() => undefined);
    }
  });
  afterAll(async () => {
    await phone?.close();
    await h?.close();
  });

  it('the squadron leader publishes today\'s plan with a shift for the officer running now', async () => {
    const token = await tokenOf('njdl_zdz');
    const now = new Date();
    const dayStart = new Date(`${today}T00:00:00+08:00`);
    const startsAt = new Date(Math.max(dayStart.getTime(), now.getTime() - 10 * 60_000));
    const plan = await api('POST', '/api/duty/plans', { unitId: squadron.id, date: today }, token);
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const withShift = await api('POST', `/api/duty/plans/${plan.body.id as string}/shifts`, {
      name: '步行街巡查班', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3600_000).toISOString(),
      areaName: '南京东路辖区', members: [{ officerId, role: 'member' }],
    }, token);
    expect(withShift.status, JSON.stringify(withShift.body)).toBe(201);
    shiftId = (withShift.body.shifts as { id: string }[])[0].id;
    const published = await api('POST', `/api/duty/plans/${plan.body.id as string}/publish`, { version: withShift.body.version }, token);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
  });

  it('writes a 勤务日志 with a photo offline; it waits on the phone and syncs exactly once', async () => {
    await login(phonePage, 'njdl_dy');
    await phonePage.goto('/field');
    await phonePage.getByTestId('today-duty').getByText('步行街巡查班').waitFor();
    await phonePage.getByTestId('field-duty-link').click();
    await phonePage.waitForURL('**/field/duty');
    await phonePage.getByTestId('field-duty-page').waitFor();
    // The shift running now is chosen; the position is known; the queue is empty.
    await expect.poll(() => phonePage.getByTestId('duty-log-form').locator('.ant-select').textContent()).toContain('步行街巡查班');
    await expect.poll(() => phonePage.getByTestId('duty-log-position').textContent()).toMatch(/精度约/);
    await expect.poll(() => phonePage.getByTestId('sync-status').getAttribute('data-state')).toBe('synced');

    // A real JPEG, drawn in the browser, as the phone camera would hand it over.
    const jpegBase64 = await phonePage.evaluate(async () => {
      const g = globalThis as unknown as { document: { createElement(t: 'canvas'): { width: number; height: number; getContext(k: '2d'): { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void }; toDataURL(t: string, q: number): string } } };
      const canvas = g.document.createElement('canvas');
      canvas.width = 800; canvas.height = 600;
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#9bc'; ctx.fillRect(0, 0, 800, 600);
      ctx.fillStyle = '#c63'; ctx.fillRect(200, 150, 300, 200);
      return canvas.toDataURL('image/jpeg', 0.9).split(',')[1];
    });
    const before = (await queryOne<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM duty_log_entries WHERE officer_id = ${officerId}`))!.n;

    await phone.setOffline(true);
    await expect.poll(() => phonePage.getByTestId('sync-status').getAttribute('data-state')).toBe('offline');
    const text = '步行街东口劝离流动摊贩3处，现场秩序恢复';
    await phonePage.getByTestId('duty-log-text').fill(text);
    await phonePage.getByTestId('duty-log-photo').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpegBase64, 'base64') });
    await phonePage.getByTestId('duty-log-picked').waitFor();
    await phonePage.getByTestId('duty-log-submit').click();

    const local = phonePage.getByTestId('duty-log-entry-local');
    await local.waitFor();
    await expect.poll(() => local.getByTestId('duty-log-pending').textContent()).toContain('待同步');
    await expect.poll(() => local.getByTestId('duty-log-entry-text').textContent()).toBe(text);
    await expect.poll(() => local.getByTestId('duty-log-thumb').getAttribute('data-pending')).toBe('true');
    await expect.poll(() => phonePage.getByTestId('sync-status').getAttribute('data-pending')).toBe('2');
    await phonePage.screenshot({ path: path.join(artifactsDir, 'duty-field-log-offline.png'), fullPage: true });
    // Nothing reached the server while offline.
    const offline = await queryOne<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM duty_log_entries WHERE officer_id = ${officerId}`);
    expect(offline!.n).toBe(before);

    await phone.setOffline(false);
    await expect.poll(() => phonePage.getByTestId('sync-status').getAttribute('data-state'), { timeout: 30_000 }).toBe('synced');
    const rows = await queryRows<{ id: string; shiftId: string | null; lat: number | null; photos: number; mime: string[] }>(h.database.db, sql`
      SELECT e.id, e.shift_id AS "shiftId", e.lat, (SELECT count(*)::int FROM duty_log_photos p WHERE p.entry_id = e.id) AS photos,
        array(SELECT p.mime_type FROM duty_log_photos p WHERE p.entry_id = e.id) AS mime
      FROM duty_log_entries e WHERE e.officer_id = ${officerId} AND e.text = ${text}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ shiftId, photos: 1, mime: ['image/jpeg'] });
    expect(rows[0].lat).not.toBeNull();
    expect((await queryOne<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM duty_log_entries WHERE officer_id = ${officerId}`))!.n).toBe(before + 1);

    // The phone now shows the server's copy, photo uploaded.
    const synced = phonePage.getByTestId(`duty-log-entry-${rows[0].id}`);
    await synced.waitFor();
    await expect.poll(() => synced.getAttribute('data-pending')).toBe('false');
    await expect.poll(() => synced.getByTestId('duty-log-thumb').getAttribute('data-pending')).toBe('false');
    await expect.poll(() => phonePage.getByTestId('duty-log-entry-local').count()).toBe(0);
  });

  it('asks for leave on the phone (not offline); the 中队长 approves it at the desk', async () => {
    await phonePage.getByRole('tab', { name: '请假' }).click();
    const panel = phonePage.getByTestId('field-leave');
    await panel.waitFor();

    // Offline the form says so and does not send.
    await phone.setOffline(true);
    await phonePage.getByTestId('leave-offline').waitFor();
    expect(await phonePage.getByTestId('leave-submit').isDisabled()).toBe(true);
    await phone.setOffline(false);
    await expect.poll(() => phonePage.getByTestId('leave-offline').count()).toBe(0);

    await phonePage.getByTestId('leave-kind').click();
    await phonePage.locator('.ant-select-item-option[title="年休假"]').click();
    await phonePage.getByTestId('leave-from').fill(leaveFrom);
    await phonePage.getByTestId('leave-to').fill(leaveTo);
    await phonePage.getByTestId('leave-reason').fill('回老家探亲');
    await phonePage.getByTestId('leave-submit').click();

    await expect.poll(async () => (await queryRows<{ id: string }>(h.database.db, sql`
      SELECT id FROM duty_leaves WHERE officer_id = ${officerId} AND from_date = ${leaveFrom}::date`)).length).toBe(1);
    const leave = (await queryOne<{ id: string; kind: string; toDate: string; status: string }>(h.database.db, sql`
      SELECT id, kind, to_date::text AS "toDate", status FROM duty_leaves WHERE officer_id = ${officerId} AND from_date = ${leaveFrom}::date`))!;
    expect(leave).toMatchObject({ kind: '年休假', toDate: leaveTo, status: 'pending' });
    leaveId = leave.id;
    const card = phonePage.getByTestId(`leave-${leaveId}`);
    await expect.poll(() => card.getByTestId('leave-status').getAttribute('data-status')).toBe('pending');
    await card.getByTestId(`leave-cancel-${leaveId}`).waitFor();

    // The desk: 请假审批 of the squadron (待审批 by default).
    await login(h.page, 'njdl_zdz');
    await h.page.goto('/duty/leaves');
    await h.page.getByTestId(`leave-approve-${leaveId}`).click();
    await h.page.getByTestId('leave-decision-note').fill('同意，注意交接工作');
    // Under load a click on 批准 landed while the dialog was still opening and was lost (CI, 2026-12-03: the dialog stayed
    // open with the note filled in): click again while the dialog is still there and the leave not yet decided.
    const ok = h.page.getByTestId('leave-decision-ok');
    await expect.poll(async () => {
      const status = (await queryOne<{ status: string }>(h.database.db, sql`SELECT status FROM duty_leaves WHERE id = ${leaveId}`))?.status;
      if (status === 'pending' && await ok.isVisible()) await ok.click({ timeout: 2000 }).catch(() => undefined);
      return status;
    }, { timeout: 20_000, interval: 1500 }).toBe('approved');

    // Back on the phone the leave is approved and can no longer be withdrawn.
    await phonePage.reload();
    await phonePage.getByTestId('field-leave').waitFor();
    await expect.poll(() => phonePage.getByTestId(`leave-${leaveId}`).getByTestId('leave-status').getAttribute('data-status')).toBe('approved');
    expect(await phonePage.getByTestId(`leave-cancel-${leaveId}`).count()).toBe(0);
    await phonePage.screenshot({ path: path.join(artifactsDir, 'duty-field-leave.png'), fullPage: true });
  });

  it('巡查发现 with two camera photos (one removed before sending) lands at the squadron with one photo', async () => {
    await phonePage.goto('/field/complaints/new');
    await phonePage.getByTestId('report-form').waitFor();
    await phonePage.getByTestId('report-category').click();
    await phonePage.keyboard.type('占道');
    await phonePage.keyboard.press('Enter');
    const description = '巡查发现：九江路口水果摊占道经营';
    await phonePage.getByTestId('report-description').fill(description);
    await expect.poll(() => phonePage.getByTestId('report-position').innerText()).toMatch(/\d+\.\d+, \d+\.\d+/);
    const png = readFileSync(path.join(import.meta.dirname, '../../apps/web/public/icons/icon-192.png'));
    await phonePage.getByTestId('report-photo-input').setInputFiles([
      { name: '现场1.png', mimeType: 'image/png', buffer: png }, { name: '现场2.png', mimeType: 'image/png', buffer: png },
    ]);
    await expect.poll(() => phonePage.getByTestId('report-photo').count()).toBe(2);
    await phonePage.getByTestId('report-photo').first().getByRole('button', { name: '删除照片' }).click();
    await expect.poll(() => phonePage.getByTestId('report-photo').count()).toBe(1);
    await phonePage.getByTestId('report-submit').click();
    await expect.poll(async () => (await queryOne<{ n: number }>(h.database.db, sql`
      SELECT count(*)::int AS n FROM complaint_photos p JOIN complaints c ON c.id = p.complaint_id WHERE c.description = ${description}`))!.n,
    { timeout: 20_000 }).toBe(1);
    const row = await queryOne<{ source: string; unitId: string }>(h.database.db, sql`
      SELECT source, unit_id AS "unitId" FROM complaints WHERE description = ${description}`);
    expect(row).toEqual({ source: 'field', unitId: squadron.id });
  });

  it('扫码查装备 on the phone opens the scanned item', async () => {
    const item = await queryOne<{ id: string; tag: string }>(h.database.db, sql`
      SELECT i.id, i.asset_tag AS tag FROM equipment_items i WHERE i.unit_id = ${squadron.id} ORDER BY i.asset_tag LIMIT 1`);
    expect(item, 'demo data: an item of 南京东路街道中队').toBeTruthy();
    writeQrVideo(VIDEO, labelPayload('https://cg.example.gov.cn', item!.tag));
    await phonePage.goto('/field');
    await phonePage.getByTestId('field-duty-link').waitFor();
    await phonePage.screenshot({ path: path.join(artifactsDir, 'duty-field-home.png'), fullPage: true });
    await phonePage.getByTestId('field-scan').click();
    await phonePage.waitForURL(`**/equipment/${item!.id}`, { timeout: 30_000 });
  });
});
