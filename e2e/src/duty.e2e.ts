// 勤务 end to end: the squadron leader publishes today's plan with a shift for the demo officer; the officer checks in on
// a phone inside the squadron's jurisdiction and checks out from outside it (flagged with the distance); the leader
// sees the plan as published and opens the officer's 一人一档 with its Excel export.
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { queryOne, queryRows, sql } from '@cg/db';
import { shanghaiDate } from '@cg/domain';
import { PHONE_VIEWPORT, startHarness, type Harness } from './harness.ts';
import { login } from './steps.ts';

describe('勤务: plan → phone check-in/out with the area check → 一人一档', () => {
  let h: Harness;
  let phone: BrowserContext;
  let phonePage: Page;
  let squadron: { id: string; centerLat: number; centerLon: number };
  let officerId: string;
  let planId: string;
  let failures = 0;

  beforeAll(async () => {
    h = await startHarness();
    squadron = (await queryOne<typeof squadron>(h.database.db, sql`
      SELECT id, center_lat AS "centerLat", center_lon AS "centerLon" FROM units WHERE name = '南京东路街道中队'`))!;
    officerId = (await queryOne<{ id: string }>(h.database.db, sql`SELECT officer_id AS id FROM users WHERE username = 'njdl_dy'`))!.id;
    phone = await h.browser.newContext({
      baseURL: h.baseUrl, locale: 'zh-CN', viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
      serviceWorkers: 'block', timezoneId: 'Asia/Shanghai',
      geolocation: { latitude: squadron.centerLat, longitude: squadron.centerLon, accuracy: 10 }, permissions: ['geolocation'],
    });
    phonePage = await phone.newPage();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      failures += 1;
      console.error(`screenshot: ${await h.screenshot(`duty-fail-${failures}`)}`);
    }
  });
  afterAll(async () => {
    await phone?.close();
    await h?.close();
  });

  it('the squadron leader publishes today\'s plan with a shift running now', async () => {
    const api = async (method: string, url: string, body?: unknown, token?: string) => {
      const res = await fetch(`${h.baseUrl}${url}`, {
        method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() as Record<string, unknown> };
    };
    const token = (await api('POST', '/api/auth/login', { username: 'njdl_zdz', password: 'Demo@123456' })).body.token as string;
    const now = new Date();
    const today = shanghaiDate(now);
    const dayStart = new Date(`${today}T00:00:00+08:00`);
    const startsAt = new Date(Math.max(dayStart.getTime(), now.getTime() - 10 * 60_000));
    const plan = await api('POST', '/api/duty/plans', { unitId: squadron.id, date: today }, token);
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    planId = plan.body.id as string;
    const withShift = await api('POST', `/api/duty/plans/${planId}/shifts`, {
      name: '巡查班', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3600_000).toISOString(),
      areaName: '南京东路辖区', members: [{ officerId, role: 'member' }],
    }, token);
    expect(withShift.status, JSON.stringify(withShift.body)).toBe(201);
    const published = await api('POST', `/api/duty/plans/${planId}/publish`, { version: withShift.body.version }, token);
    expect(published.status, JSON.stringify(published.body)).toBe(200);

    await login(h.page, 'njdl_zdz');
    await h.page.goto('/duty');
    await expect.poll(() => h.page.getByTestId(`duty-plan-${planId}`).getByTestId('duty-plan-status').textContent()).toContain('已发布');
  });

  it('the officer checks in inside the area and checks out from outside it, flagged with the distance', async () => {
    await login(phonePage, 'njdl_dy');
    await phonePage.goto('/field');
    const card = phonePage.getByTestId('today-duty');
    await card.getByText('巡查班').waitFor();
    await card.getByTestId('duty-check-in').click();
    await expect.poll(() => card.getByTestId('duty-checkin-result').textContent()).toMatch(/(辖区|区域)内/);

    // About 5.5 km north: outside 南京东路's jurisdiction.
    await phone.setGeolocation({ latitude: squadron.centerLat + 0.05, longitude: squadron.centerLon, accuracy: 10 });
    await card.getByTestId('duty-check-out').click();
    await expect.poll(() => card.getByTestId('duty-checkin-result').textContent()).toMatch(/(辖区|区域)外约\d+米/);

    const rows = await queryRows<{ kind: string; inside: boolean }>(h.database.db, sql`
      SELECT kind, inside_area AS inside FROM duty_checkins WHERE officer_id = ${officerId} ORDER BY kind`);
    expect(rows).toEqual([{ kind: 'in', inside: true }, { kind: 'out', inside: false }]);
  });

  it('the leader opens the officer\'s 一人一档 and exports it', async () => {
    await h.page.goto(`/duty/officers/${officerId}`);
    await h.page.getByTestId('officer-file-summary').waitFor();
    const download = h.page.waitForEvent('download');
    await h.page.getByTestId('officer-file-export').click();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await (await download).path())!);
    expect(wb.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['班次', '签到签退']));
    const checkins = wb.getWorksheet('签到签退')!;
    expect(checkins.rowCount).toBeGreaterThanOrEqual(3);
  });
});
