// 诉件 end to end with the real parts: 12345 pushes an order through the API the day before 国庆; it lands at 南京东路街道中队
// with its deadline counted across the holiday; the squadron clerk dispatches it at the desk; the officer signs it on a
// phone (phone viewport, simulated geolocation, service worker on), loses the network, photographs and handles it
// offline, comes back and the queue syncs exactly once; the clerk replies; the citizen is not satisfied and the
// complaint is reopened; the 一事一档 PDF holds all of it.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { queryOne, queryRows, sql } from '@cg/db';
import { artifactsDir, PHONE_VIEWPORT, startHarness, type Harness } from './harness.ts';
import { login } from './steps.ts';

interface Squadron { id: string; centerLat: number; centerLon: number }

describe('诉件: 12345 → desk → phone offline → reply → 重办 → 一事一档', () => {
  let h: Harness;
  let squadron: Squadron;
  let phone: BrowserContext;
  let phonePage: Page;
  let complaint: { id: string; code: string };
  let failures = 0;

  beforeAll(async () => {
    // Wednesday 30 Sep 2026, 10:00 Shanghai: 1–7 Oct are off, Saturday 10 Oct is worked.
    h = await startHarness({ complaintsFrom: new Date('2026-09-30T10:00:00+08:00') });
    squadron = (await queryOne<Squadron>(h.database.db, sql`
      SELECT id, center_lat AS "centerLat", center_lon AS "centerLon" FROM units WHERE name = '南京东路街道中队'`))!;
    phone = await h.browser.newContext({
      baseURL: h.baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
      serviceWorkers: 'allow',
      geolocation: { latitude: squadron.centerLat + 0.001, longitude: squadron.centerLon, accuracy: 10 }, permissions: ['geolocation'],
    });
    phonePage = await phone.newPage();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      failures += 1;
      console.error(`screenshot: ${await h.screenshot(`complaints-fail-${failures}`)}`);
      if (phonePage) await phonePage.screenshot({ path: path.join(artifactsDir, `complaints-phone-fail-${failures}.png`) }).catch(() => undefined);
    }
  });
  afterAll(async () => {
    await phone?.close();
    await h?.close();
  });

  it('a 12345 order lands at the squadron of its location with the deadline counted across 国庆', async () => {
    const token = (await (await fetch(`${h.baseUrl}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Admin@123456' }),
    })).json() as { token: string }).token;
    const res = await fetch(`${h.baseUrl}/api/complaints/intake`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        source: '12345', externalNo: 'GD20260930E2E01', categoryCode: 'SR01', description: '南京东路步行街东口有流动摊贩占道卖水果',
        address: '南京东路步行街东口', lat: squadron.centerLat + 0.0005, lon: squadron.centerLon, reporterName: '王先生', reporterPhone: '13812345678',
      }),
    });
    expect(res.status).toBe(201);
    const body = await res.json() as { id: string; code: string; unitName: string; dueAt: string; contactDueAt: string };
    complaint = { id: body.id, code: body.code };
    expect(body.unitName).toBe('南京东路街道中队');
    // 5 working days from Wed 30 Sep: 8, 9, 10 (Saturday, worked), 12, 13 Oct → due Tue 13 Oct 24:00 Shanghai.
    expect(body.dueAt).toBe('2026-10-13T16:00:00.000Z');
    // Contact within 1 working day: Thu 8 Oct 24:00.
    expect(body.contactDueAt).toBe('2026-10-08T16:00:00.000Z');
  });

  it('the squadron clerk sees it at the desk with its deadline and dispatches it', async () => {
    const page = h.page;
    await login(page, 'njdl_nq');
    await page.goto('/complaints');
    await page.getByTestId('complaint-table').getByText(complaint.code).click();
    await page.waitForURL(`**/complaints/${complaint.id}`);
    await expect.poll(() => page.getByTestId('handle-due').textContent()).toContain('2026-10-13');
    await page.getByTestId('action-dispatch').click();
    await page.getByTestId('action-submit').click();
    await expect.poll(() => page.getByTestId('complaint-status').textContent()).toContain('已派遣');
  });

  it('the officer signs on the phone, handles it offline with a photo, and it syncs once when back online', async () => {
    await login(phonePage, 'njdl_dy');
    await phonePage.goto('/field?tab=complaints');
    // Let the service worker take control so the app keeps working in the dead zone.
    await phonePage.evaluate(async () => { await (globalThis as unknown as { navigator: { serviceWorker: { ready: Promise<unknown> } } }).navigator.serviceWorker.ready; });
    await phonePage.getByTestId(`my-complaint-${complaint.code}`).click();
    await phonePage.waitForURL(`**/field/complaints/${complaint.id}`);
    await phonePage.getByTestId('action-sign').click();
    await expect.poll(() => phonePage.getByTestId('complaint-status').textContent()).toContain('已签收');
    // The page shows the step at once (optimistic); wait until the server has it before the network goes.
    await expect.poll(async () => (await queryOne<{ status: string }>(h.database.db, sql`
      SELECT status FROM complaints WHERE id = ${complaint.id}`))?.status, { timeout: 15_000 }).toBe('signed');
    await expect.poll(() => phonePage.getByTestId('sync-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('synced');

    // A real JPEG, drawn in the browser, as the phone camera would hand it over.
    const jpegBase64 = await phonePage.evaluate(async () => {
      const g = globalThis as unknown as { document: { createElement(t: 'canvas'): { width: number; height: number; getContext(k: '2d'): { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void }; toDataURL(t: string, q: number): string } } };
      const canvas = g.document.createElement('canvas');
      canvas.width = 1200; canvas.height = 900;
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#8ab'; ctx.fillRect(0, 0, 1200, 900);
      ctx.fillStyle = '#c33'; ctx.fillRect(300, 200, 400, 300);
      return canvas.toDataURL('image/jpeg', 0.9).split(',')[1];
    });

    await phone.setOffline(true);
    await phonePage.getByTestId('photo-input-after').setInputFiles({ name: '处置后.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpegBase64, 'base64') });
    await phonePage.getByTestId('action-handle').click();
    await phonePage.getByTestId('handle-note').fill('摊贩已劝离，现场恢复整洁');
    await phonePage.getByRole('button', { name: '确认处置完毕' }).click();
    await expect.poll(() => phonePage.getByTestId('sync-status').getAttribute('data-state')).toBe('offline');
    await expect.poll(() => phonePage.getByTestId('sync-status').getAttribute('data-pending')).toBe('2');
    await expect.poll(() => phonePage.getByTestId('complaint-status').textContent()).toContain('已处置');
    // Nothing reached the server while offline.
    const offline = await queryOne<{ photos: number; status: string }>(h.database.db, sql`
      SELECT (SELECT count(*)::int FROM complaint_photos WHERE complaint_id = c.id) AS photos, c.status FROM complaints c WHERE c.id = ${complaint.id}`);
    expect(offline).toEqual({ photos: 0, status: 'signed' });

    await phone.setOffline(false);
    await expect.poll(() => phonePage.getByTestId('sync-status').getAttribute('data-state'), { timeout: 30_000 }).toBe('synced');
    const synced = await queryOne<{ photos: number; handled: number; status: string; note: string }>(h.database.db, sql`
      SELECT (SELECT count(*)::int FROM complaint_photos WHERE complaint_id = c.id AND stage = 'after') AS photos,
        (SELECT count(*)::int FROM complaint_events WHERE complaint_id = c.id AND kind = 'handled') AS handled, c.status, c.handling_note AS note
      FROM complaints c WHERE c.id = ${complaint.id}`);
    expect(synced).toEqual({ photos: 1, handled: 1, status: 'handled', note: '摊贩已劝离，现场恢复整洁' });
    // The handling and the photo carry the phone's position.
    const located = await queryRows<{ lat: number | null }>(h.database.db, sql`
      SELECT lat FROM complaint_events WHERE complaint_id = ${complaint.id} AND kind IN ('handled', 'photo')`);
    expect(located.every((e) => e.lat !== null)).toBe(true);
  });

  it('the clerk replies; a dissatisfied citizen reopens it; the 一事一档 PDF shows the whole life', async () => {
    const page = h.page;
    await page.goto(`/complaints/${complaint.id}`);
    await expect.poll(() => page.getByTestId('complaint-status').textContent()).toContain('已处置');
    await page.getByTestId('action-reply').click();
    await page.getByTestId('action-reply-text').fill('您反映的流动摊贩已劝离，感谢监督。');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => page.getByTestId('complaint-status').textContent()).toContain('已回复');

    await page.getByTestId('btn-feedback').click();
    await page.getByRole('dialog').getByText('不满意', { exact: true }).click();
    await page.getByTestId('feedback-note').fill('第二天摊贩又来了');
    await page.getByTestId('feedback-submit').click();
    await expect.poll(() => page.getByTestId('complaint-status').textContent()).toContain('处置中');
    const row = await queryOne<{ status: string; reopenCount: number }>(h.database.db, sql`
      SELECT status, reopen_count AS "reopenCount" FROM complaints WHERE id = ${complaint.id}`);
    expect(row).toEqual({ status: 'handling', reopenCount: 1 });

    const download = page.waitForEvent('download');
    await page.getByTestId('archive-link').click();
    const file = path.join(artifactsDir, `${complaint.code}-一事一档.pdf`);
    await (await download).saveAs(file);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const expected of [
      '诉件一事一档', complaint.code, 'GD20260930E2E01', '南京东路街道中队', '受理', '派遣', '签收', '处置完毕', '摊贩已劝离，现场恢复整洁',
      '回复市民', '您反映的流动摊贩已劝离，感谢监督。', '不满意', '第二天摊贩又来了', '重办', '处置后',
    ]) expect(text, expected).toContain(expected);
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').filter((l) => /^\s+\d+\s+\d+\s+image/.test(l));
    expect(images).toHaveLength(1);
    writeFileSync(path.join(artifactsDir, 'complaint-archive.txt'), text);
  });
});
