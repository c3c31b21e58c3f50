// 勤务指挥室 in a real browser: the district commander's map holds exactly the units the API lists, an officer's
// position reported through the field-app API shows up live within 2 s, a vehicle's track plays back, and on a phone
// the map fills the screen with the list in a bottom drawer.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { queryRows, sql } from '@cg/db';
import path from 'node:path';
import { artifactsDir, PHONE_VIEWPORT, startHarness, type Harness } from './harness.ts';
import { login } from './steps.ts';

// The page's read-only test hook (apps/web/src/pages/command/test-hook.ts), as seen from page.evaluate callbacks.
declare const window: {
  __commandMap?: {
    sourceFeatureCount(): Promise<number>;
    position(sourceId: string): { lat: number; lon: number; status: string } | null;
    playback: { playing: boolean; t: number; start: number; end: number; points: number } | null;
    renderedView(): { zoom: number; clusters: { x: number; y: number; count: number }[]; units: number } | null;
  };
};

async function api<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

const renderedView = (page: Page) => page.evaluate(() => window.__commandMap?.renderedView() ?? null);
/** The view once the map stopped moving (two reads 250 ms apart agree). */
async function settledView(page: Page) {
  let last = '';
  for (let i = 0; i < 40; i++) {
    const now = JSON.stringify(await renderedView(page));
    if (now === last) return JSON.parse(now) as NonNullable<Awaited<ReturnType<typeof renderedView>>>;
    last = now;
    await page.waitForTimeout(250);
  }
  throw new Error(`the map kept moving: ${last}`);
}
const featureCount = (page: Page) => page.evaluate(() => window.__commandMap?.sourceFeatureCount() ?? Promise.resolve(-1));

interface Terminal { id: string; vehicleId: string; plate: string; unitId: string; lon: number; lat: number }

describe('勤务指挥室 in the browser', () => {
  let h: Harness;
  let failures = 0;
  let tracked: Terminal;

  beforeAll(async () => {
    h = await startHarness();
    const db = h.database.db;
    // Every vehicle terminal of 黄浦 gets a latest position near its unit's centre: a third moving, a third stopped,
    // a third silent for an hour (offline).
    const terminals = await queryRows<Terminal>(db, sql`
      SELECT i.id, i.holder_vehicle_id AS "vehicleId", v.attributes->>'plate' AS plate, u.id AS "unitId",
        u.center_lon AS lon, u.center_lat AS lat
      FROM equipment_items i
      JOIN equipment_categories c ON c.id = i.category_id AND c.code = 'beidou_terminal'
      JOIN equipment_items v ON v.id = i.holder_vehicle_id
      JOIN units u ON u.id = i.unit_id
      JOIN units d ON u.path LIKE d.path || '%' AND d.name = '黄浦区城管执法局'
      WHERE u.center_lon IS NOT NULL ORDER BY i.asset_tag`);
    expect(terminals.length).toBeGreaterThan(10);
    for (const [k, t] of terminals.entries()) {
      const minutesAgo = k % 3 === 2 ? 60 : 1;
      const speed = k % 3 === 0 ? 32 : 0;
      await db.execute(sql`
        INSERT INTO latest_positions (source_id, source_kind, unit_id, vehicle_id, label, ts, received_at, lat, lon, speed_kmh, direction)
        VALUES (${t.id}, 'terminal', ${t.unitId}, ${t.vehicleId}, ${t.plate}, now() - ${`${minutesAgo} minutes`}::interval, now(),
          ${t.lat + (k % 5) * 0.002}, ${t.lon + (k % 7) * 0.002}, ${speed}, 90)`);
    }
    // One vehicle drove a loop in the last hour: 60 fixes.
    tracked = terminals.find((t) => t.plate)!;
    await db.execute(sql`
      INSERT INTO positions (source_kind, source_id, ts, lat, lon, speed_kmh, direction, satellites, signal)
      SELECT 'terminal', ${tracked.id}, now() - make_interval(mins => 60 - g),
        ${tracked.lat} + 0.004 * sin(g / 60.0 * 2 * pi()), ${tracked.lon} + 0.006 * cos(g / 60.0 * 2 * pi()), 25, 0,
        10 + g % 5, 20
      FROM generate_series(0, 59) g`);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      failures += 1;
      console.error(`screenshot: ${await h.screenshot(`fail-command-map-${failures}-${ctx.task.name}`)}`);
    }
  });
  afterAll(() => h?.close());

  it('shows exactly the units the API lists for the district commander, counted by state', async () => {
    const page = h.page;
    await login(page, 'hp_zhihui');
    await page.getByRole('menuitem', { name: '勤务指挥室' }).click();
    await page.getByRole('menuitem', { name: '指挥地图' }).click();
    await page.waitForURL(/\/command$/);
    await page.getByTestId('command-map').waitFor();
    const latest = await api<{ counts: { moving: number; stopped: number; offline: number; total: number } }>(page, '/api/tracking/latest');
    expect(latest.counts.total).toBeGreaterThan(10);
    expect(latest.counts.offline).toBeGreaterThan(0);
    await expect.poll(() => featureCount(page), { timeout: 15_000 }).toBe(latest.counts.total);
    for (const s of ['moving', 'stopped', 'offline'] as const) {
      await expect.poll(async () => Number(await page.getByTestId(`count-${s}`).locator('.command-count-value').textContent())).toBe(latest.counts[s]);
    }
    await page.getByTestId('live-state').getByText('实时').waitFor();

    // The 离线 card filters the map to the silent units; pressing it again shows everything.
    await page.getByTestId('count-offline').click();
    await expect.poll(() => featureCount(page)).toBe(latest.counts.offline);
    await page.getByTestId('count-offline').click();
    await expect.poll(() => featureCount(page)).toBe(latest.counts.total);
    // 人员 only: nobody has reported yet.
    const types = page.locator('.command-panel .ant-segmented');
    await types.getByText('人员', { exact: true }).click();
    await expect.poll(() => featureCount(page)).toBe(0);
    await types.getByText('全部', { exact: true }).click();
    await expect.poll(() => featureCount(page)).toBe(latest.counts.total);
    await h.screenshot('command-map');
  });

  it('gathers nearby units into bubbles when zoomed out; a click on one zooms in until they come apart', async () => {
    const page = h.page;
    const total = await featureCount(page);
    const zoomOut = page.getByRole('button', { name: 'Zoom out' });
    // Out to where the whole district is a handful of bubbles (units within a few hundred metres of each other).
    for (let i = 0; i < 3; i++) {
      const before = (await renderedView(page))!.zoom;
      await zoomOut.click();
      await expect.poll(async () => (await renderedView(page))!.zoom).toBeLessThan(before - 0.5);
    }
    // Every unit is drawn, as part of a bubble or on its own.
    await expect.poll(async () => {
      const v = await settledView(page);
      return v.clusters.reduce((n, c) => n + c.count, 0) + v.units;
    }, { timeout: 10_000 }).toBe(total);
    const view = await settledView(page);
    expect(view.clusters.length).toBeGreaterThan(0);
    const biggest = view.clusters.reduce((a, b) => (b.count > a.count ? b : a));
    const box = (await page.getByTestId('command-map').boundingBox())!;
    await page.mouse.click(box.x + biggest.x, box.y + biggest.y);
    // Zoomed in on the bubble: it has come apart into smaller bubbles or single units.
    await expect.poll(async () => (await settledView(page)).zoom, { timeout: 5000 }).toBeGreaterThan(view.zoom + 0.9);
    await expect.poll(async () => {
      const v = (await renderedView(page))!;
      return Math.max(0, ...v.clusters.map((c) => c.count));
    }, { timeout: 5000 }).toBeLessThan(biggest.count);
    await h.screenshot('command-map-clusters');
  });

  it('puts an officer\'s reported position on the map within 2 seconds', async () => {
    const page = h.page;
    const before = await featureCount(page);
    const login = await fetch(`${h.baseUrl}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'njdl_dy', password: 'Demo@123456' }),
    });
    const { token, user } = (await login.json()) as { token: string; user: { officerId: string } };
    const lat = tracked.lat + 0.001;
    const lon = tracked.lon - 0.001;
    const res = await fetch(`${h.baseUrl}/api/tracking/officer-position`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ lat, lon, speedKmh: 5, accuracyM: 10, ts: new Date().toISOString() }),
    });
    expect(res.status).toBe(200);
    const posted = Date.now();
    await page.waitForFunction(
      // The live stream carries coordinates to 1e-6 degrees (~0.1 m).
      ([id, want]) => Math.abs((window.__commandMap?.position(id as string)?.lat ?? 0) - (want as number)) <= 5e-7,
      [user.officerId, lat] as const, { timeout: 2000, polling: 50 },
    );
    expect(Date.now() - posted).toBeLessThanOrEqual(2000);
    await expect.poll(() => featureCount(page), { timeout: 2000 }).toBe(before + 1);
    expect(await page.evaluate((id) => window.__commandMap?.position(id)?.status, user.officerId)).toBe('moving');

    // A second fix moves the same point (no new feature).
    await fetch(`${h.baseUrl}/api/tracking/officer-position`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ lat: lat + 0.001, lon, speedKmh: 0, ts: new Date().toISOString() }),
    });
    await page.waitForFunction(
      // The live stream carries coordinates to 1e-6 degrees (~0.1 m).
      ([id, want]) => Math.abs((window.__commandMap?.position(id as string)?.lat ?? 0) - (want as number)) <= 5e-7,
      [user.officerId, lat + 0.001] as const, { timeout: 2000, polling: 50 },
    );
    expect(await featureCount(page)).toBe(before + 1);
  });

  it('finds a vehicle by plate, opens its details and plays back its track', async () => {
    const page = h.page;
    await page.getByLabel('搜索').fill(tracked.plate);
    const item = page.getByTestId('unit-list').getByRole('button', { name: new RegExp(tracked.plate) });
    await item.click();
    const popup = page.getByTestId('unit-popup');
    await popup.waitFor();
    expect(await popup.textContent()).toContain(tracked.plate);
    await popup.getByRole('button', { name: '轨迹回放' }).click();
    const panel = page.getByTestId('track-playback');
    await panel.getByText('60 个定位点').waitFor();
    await panel.getByText('64×').click();
    await panel.getByRole('button', { name: '播放' }).click();
    await page.getByTestId('track-playhead').waitFor();
    const first = await page.evaluate(() => window.__commandMap?.playback);
    expect(first?.points).toBe(60);
    await expect.poll(async () => (await page.evaluate(() => window.__commandMap?.playback?.t)) ?? 0).toBeGreaterThan(first!.start + 30_000);
    expect(await page.evaluate(() => window.__commandMap?.playback?.playing)).toBe(true);
    await panel.getByRole('button', { name: '暂停' }).click();
    const paused = await page.evaluate(() => window.__commandMap?.playback?.t);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.__commandMap?.playback?.t)).toBe(paused);
    // The point under the playhead tells how good its fix was (satellites from the terminal's item 0x31).
    expect(await panel.getByTestId('playback-satellites').textContent()).toMatch(/^卫星 1[0-4] 颗$/);
    await h.screenshot('command-map-playback');
    await panel.getByRole('button', { name: '关闭轨迹回放' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await page.getByTestId('track-playhead').count()).toBe(0);
  });

  it('on a phone: the map fills the screen and the list opens in a bottom drawer', async () => {
    const context = await h.browser.newContext({
      baseURL: h.baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    try {
      await login(page, 'njdl_zdz');
      await page.goto('/command');
      const map = page.getByTestId('command-map');
      await map.waitFor();
      const box = (await map.boundingBox())!;
      expect(box.width).toBe(PHONE_VIEWPORT.width);
      expect(box.height).toBeGreaterThan(PHONE_VIEWPORT.height - 80);
      const latest = await api<{ counts: { total: number } }>(page, '/api/tracking/latest');
      await expect.poll(() => featureCount(page), { timeout: 15_000 }).toBe(latest.counts.total);
      await page.getByRole('button', { name: /列表与筛选/ }).click();
      const drawer = page.getByRole('dialog', { name: '车辆与人员' });
      await drawer.waitFor();
      await expect.poll(() => drawer.getByTestId('unit-list').getByRole('button').count()).toBe(latest.counts.total);
      await page.screenshot({ path: path.join(artifactsDir, 'command-map-phone.png') });
    } finally {
      await context.close();
    }
  });
});
