// 勤务指挥室 end to end with the real parts: the JT/T 808 gateway runs beside the app and the terminal simulator (the
// `npm run simulate:jt808` CLI, a child process speaking TCP) drives 南京东路's vehicles; the district commander's map
// shows them live and plays one back; an officer with a phone (simulated geolocation) goes on duty in the field app,
// the commander creates a task, dispatches the nearest officer, and the phone moves it 接收 → 到达 → 完成 while the
// command room's timeline follows.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { queryOne, queryRows, sql } from '@cg/db';
import { PHONE_VIEWPORT, startHarness, type Harness } from './harness.ts';
import { login } from './steps.ts';
import { Jt808Client } from '../../apps/server/src/modules/jt808/jt808-client.ts';
import { jt808PhoneOfStored } from '../../apps/server/src/modules/jt808/terminal-phone.ts';

declare const window: {
  __commandMap?: {
    sourceFeatureCount(): Promise<number>;
    position(sourceId: string): { lat: number; lon: number; status: string } | null;
    playback: { playing: boolean; t: number; start: number; end: number; points: number } | null;
  };
};

declare const navigator: { serviceWorker: { ready: Promise<{ scope: string }> } };

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Squadron { id: string; centerLat: number; centerLon: number }

describe('北斗 simulator → command map → dispatch → field app', () => {
  let h: Harness;
  let simulator: ChildProcess;
  let simulatorOutput = '';
  let squadron: Squadron;
  let terminals: { id: string; plate: string }[];
  let phone: BrowserContext;
  let phonePage: Page;
  let failures = 0;

  beforeAll(async () => {
    h = await startHarness({ jt808: true });
    squadron = (await queryOne<Squadron>(h.database.db, sql`
      SELECT id, center_lat AS "centerLat", center_lon AS "centerLon" FROM units WHERE name = '南京东路街道中队'`))!;
    terminals = await queryRows<{ id: string; plate: string }>(h.database.db, sql`
      SELECT i.id, v.attributes->>'plate' AS plate FROM equipment_items i
      JOIN equipment_categories c ON c.id = i.category_id AND c.code = 'beidou_terminal'
      JOIN equipment_items v ON v.id = i.holder_vehicle_id
      WHERE i.unit_id = ${squadron.id}`);
    expect(terminals.length).toBeGreaterThanOrEqual(3);
    // The simulator CLI, as a user would run it, against this server and gateway.
    simulator = spawn(path.join(root, 'node_modules/.bin/tsx'), [
      'apps/server/src/cli/simulate-jt808.ts', '--api', h.baseUrl, '--port', String(h.jt808Port), '--unit', squadron.id,
      '--terminals', String(terminals.length), '--interval', '1', '--blind-rate', '0', '--json',
    ], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    simulator.stdout!.on('data', (d: Buffer) => { simulatorOutput += d.toString(); });
    simulator.stderr!.on('data', (d: Buffer) => { simulatorOutput += d.toString(); });

    phone = await h.browser.newContext({
      baseURL: h.baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
      geolocation: { latitude: squadron.centerLat + 0.0015, longitude: squadron.centerLon, accuracy: 12 }, permissions: ['geolocation'],
    });
    phonePage = await phone.newPage();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      failures += 1;
      console.error(`screenshot: ${await h.screenshot(`fail-dispatch-${failures}-${ctx.task.name}`)}`);
      await phonePage?.screenshot({ path: path.join(root, 'e2e/artifacts', `fail-dispatch-phone-${failures}.png`) }).catch(() => undefined);
      console.error(simulatorOutput.slice(-2000));
    }
  });
  afterAll(async () => {
    simulator?.kill('SIGINT');
    await phone?.close();
    await h?.close();
  });

  it('the simulated terminals register with the gateway and move on the commander\'s map', async () => {
    const page = h.page;
    await login(page, 'hp_zhihui');
    await page.goto('/command');
    await page.getByTestId('command-map').waitFor();
    // Every terminal of the squadron shows up live (not offline) and keeps moving.
    for (const t of terminals) {
      await page.waitForFunction((id) => {
        const p = window.__commandMap?.position(id);
        return p !== null && p !== undefined && p.status !== 'offline';
      }, t.id, { timeout: 30_000, polling: 200 });
    }
    const first = terminals[0].id;
    const before = await page.evaluate((id) => window.__commandMap?.position(id), first);
    await page.waitForFunction(([id, lat, lon]) => {
      const p = window.__commandMap?.position(id as string);
      return p && (p.lat !== lat || p.lon !== lon);
    }, [first, before!.lat, before!.lon] as const, { timeout: 10_000, polling: 200 });
    const online = await queryRows<{ online: boolean }>(h.database.db, sql`
      SELECT online FROM terminal_status WHERE item_id IN (${sql.join(terminals.map((t) => sql`${t.id}`), sql`, `)})`);
    expect(online).toHaveLength(terminals.length);
    expect(online.every((r) => r.online)).toBe(true);
  });

  it('a registered terminal that registers, authenticates and reports is on the map within 2 s; a stranger is refused', async () => {
    const page = h.page;
    // A 黄浦 terminal the simulator does not drive (another squadron).
    const term = (await queryOne<{ id: string; storedPhone: string; plate: string }>(h.database.db, sql`
      SELECT i.id, i.attributes->>'terminalPhone' AS "storedPhone", v.attributes->>'plate' AS plate
      FROM equipment_items i JOIN equipment_categories c ON c.id = i.category_id AND c.code = 'beidou_terminal'
      JOIN equipment_items v ON v.id = i.holder_vehicle_id JOIN units u ON u.id = i.unit_id
      JOIN units d ON u.path LIKE d.path || '%' AND d.name = '黄浦区城管执法局'
      WHERE i.unit_id <> ${squadron.id} AND i.status NOT IN ('报废', '遗失') ORDER BY i.asset_tag LIMIT 1`))!;
    const c = await Jt808Client.connect({ host: '127.0.0.1', port: h.jt808Port!, phone: jt808PhoneOfStored(term.storedPhone)!, edition: 2013, replyTimeoutMs: 5000 });
    try {
      const code = await c.registerAndAuthenticate({ province: 31, city: 101, maker: '70111', model: 'BD-T808', terminalId: 'T000001', plateColor: 1, plate: term.plate });
      expect(code).toMatch(/^[0-9a-f]{16}$/);
      const lat = 31.228765;
      const lon = 121.481234;
      const sent = Date.now();
      const ack = await c.request({
        kind: 'location',
        location: { latitude: lat, longitude: lon, time: new Date(Math.floor(Date.now() / 1000) * 1000), fixed: true, acc: true, speedKmh: 24, direction: 90 },
      });
      expect(ack.result).toBe(0);
      await page.waitForFunction(([id, want]) => {
        const p = window.__commandMap?.position(id as string);
        return p !== null && p !== undefined && Math.abs(p.lat - (want as number)) < 1e-6;
      }, [term.id, lat] as const, { timeout: 2000, polling: 50 });
      expect(Date.now() - sent).toBeLessThanOrEqual(2000);
      expect(await page.evaluate((id) => window.__commandMap?.position(id)?.status, term.id)).toBe('moving');
    } finally {
      await c.close();
    }
    // A phone the 执法装备库 does not know: 0x8100 result 4 (无该终端), and nothing written.
    const before = await queryOne<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM terminal_status`);
    const stranger = await Jt808Client.connect({ host: '127.0.0.1', port: h.jt808Port!, phone: '10000000000', edition: 2013, replyTimeoutMs: 5000 });
    const refused = await stranger.request({ kind: 'register', province: 31, city: 101, maker: '70111', model: 'BD-T808', terminalId: 'T000002', plateColor: 1, plate: '沪A00000' });
    expect(refused).toMatchObject({ kind: 'registerResponse', result: 4 });
    await stranger.closed;
    expect((await queryOne<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM terminal_status`))!.n).toBe(before!.n);
  });

  it('plays back a simulated vehicle\'s track', async () => {
    const page = h.page;
    // Let the vehicle drive a little longer so the track has points to play.
    await expect.poll(async () => (await queryOne<{ n: number }>(h.database.db, sql`
      SELECT count(*)::int AS n FROM positions WHERE source_id = ${terminals[0].id}`))!.n, { timeout: 20_000 }).toBeGreaterThanOrEqual(8);
    await page.getByLabel('搜索').fill(terminals[0].plate);
    await page.getByTestId('unit-list').getByRole('button', { name: new RegExp(terminals[0].plate) }).click();
    await page.getByTestId('unit-popup').getByRole('button', { name: '轨迹回放' }).click();
    const panel = page.getByTestId('track-playback');
    await panel.getByText(/\d+ 个定位点/).waitFor();
    await panel.getByRole('button', { name: '播放' }).click();
    await page.getByTestId('track-playhead').waitFor();
    const pb = await page.evaluate(() => window.__commandMap?.playback);
    expect(pb!.points).toBeGreaterThanOrEqual(8);
    await expect.poll(async () => (await page.evaluate(() => window.__commandMap?.playback?.t)) ?? 0).toBeGreaterThan(pb!.start);
    await panel.getByRole('button', { name: '关闭轨迹回放' }).click();
  });

  it('an officer goes on duty in the field app and appears on the map', async () => {
    await login(phonePage, 'njdl_dy');
    await phonePage.goto('/field');
    // Installable: a manifest that starts at /field, and a service worker in control of the page.
    const manifest = await (await phonePage.request.get('/manifest.webmanifest')).json() as { start_url: string; icons: { sizes: string }[] };
    expect(manifest.start_url).toBe('/field');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(await phonePage.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(`${h.baseUrl}/`);
    await phonePage.getByTestId('duty-switch').click();
    await phonePage.getByTestId('duty-status').getByText(/当前位置/).waitFor();
    const officer = (await queryOne<{ officerId: string }>(h.database.db, sql`SELECT officer_id AS "officerId" FROM users WHERE username = 'njdl_dy'`))!;
    await h.page.waitForFunction((id) => window.__commandMap?.position(id)?.status === 'stopped' || window.__commandMap?.position(id)?.status === 'moving',
      officer.officerId, { timeout: 20_000, polling: 200 });
    const p = await h.page.evaluate((id) => window.__commandMap?.position(id), officer.officerId);
    expect(p!.lat).toBeCloseTo(squadron.centerLat + 0.0015, 5);
    // Reporting goes on while the officer is on another field page (勤务日志), not only on 移动执勤.
    await phonePage.getByTestId('field-duty-link').click();
    await phonePage.waitForURL(/\/field\/duty/);
    await phone.setGeolocation({ latitude: squadron.centerLat + 0.0016, longitude: squadron.centerLon, accuracy: 12 });
    await h.page.waitForFunction(([id, lat]) => Math.abs((window.__commandMap?.position(id as string)?.lat ?? 0) - (lat as number)) < 1e-6,
      [officer.officerId, squadron.centerLat + 0.0016] as const, { timeout: 45_000, polling: 500 });
    await phonePage.goBack();
    await phonePage.getByTestId('duty-status').getByText(/当前位置/).waitFor();
  });

  it('the commander dispatches the nearest officer; the phone receives, arrives and completes; the timeline follows', async () => {
    const page = h.page;
    await page.goto('/command/dispatch');
    await page.getByRole('button', { name: '新建任务' }).click();
    const dialog = page.getByRole('dialog', { name: '新建调度任务' });
    await dialog.getByLabel('任务名称').fill('流动摊贩占道经营');
    await dialog.getByLabel('任务说明').fill('步行街东口，约5个摊位');
    await dialog.getByText('紧急', { exact: true }).click();
    await dialog.getByText('人员', { exact: true }).click();
    await dialog.getByPlaceholder('如：南京东路步行街').fill('南京东路');
    await dialog.getByRole('button', { name: '定位' }).click();
    const point = dialog.getByTestId('task-point');
    // One hit sets the point; several are listed to choose from.
    await expect.poll(async () => (await point.textContent()) ?? '', { timeout: 10_000 }).toMatch(/任务位置|点击地图/);
    if (!/任务位置/.test((await point.textContent()) ?? '')) await dialog.locator('.ant-list-item').first().click();
    await point.getByText(/任务位置/).waitFor();
    await dialog.getByRole('button', { name: '新建' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const panel = page.getByTestId('task-panel');
    await panel.getByText('流动摊贩占道经营').first().waitFor();
    const officer = (await queryOne<{ name: string }>(h.database.db, sql`
      SELECT o.name FROM users u JOIN officers o ON o.id = u.officer_id WHERE u.username = 'njdl_dy'`))!;
    const recs = page.getByTestId('recommendations');
    const row = recs.getByRole('row', { name: new RegExp(officer.name) });
    await row.waitFor({ timeout: 15_000 });
    await row.getByRole('checkbox').check();
    await recs.getByTestId('dispatch-selected').click();
    await expect.poll(async () => panel.getByTestId('task-status').textContent()).toBe('已派');

    // The command map flags the open task; its flag leads back to the task in 指挥调度.
    const code = (await queryOne<{ code: string }>(h.database.db, sql`SELECT code FROM dispatch_tasks WHERE title = '流动摊贩占道经营'`))!.code;
    await page.goto('/command');
    const flag = page.getByTestId(`map-task-${code}`);
    await flag.waitFor({ timeout: 15_000 });
    await page.getByTestId('open-tasks').getByText('进行中的调度任务 1 个').waitFor();
    await flag.click();
    await page.waitForURL(/\/command\/dispatch\?task=/);
    await expect.poll(async () => panel.getByTestId('task-status').textContent()).toBe('已派');

    // The phone picks it up by itself (polling), then the officer works it.
    const card = phonePage.locator('[data-testid^="my-task-DD"]').first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.textContent()).toContain('流动摊贩占道经营');
    await card.getByRole('button', { name: '接收任务' }).click();
    await card.getByTestId('my-task-status').getByText('已接收').waitFor();
    await card.getByRole('button', { name: '到达现场' }).click();
    await card.getByTestId('my-task-status').getByText('已到达').waitFor();
    await card.getByRole('button', { name: '处置完成' }).click();
    const done = phonePage.getByRole('dialog', { name: '处置完成' });
    await done.getByRole('textbox').fill('摊贩已劝离，现场恢复');
    await done.getByRole('button', { name: '确认完成' }).click();
    await card.getByTestId('my-task-status').getByText('已完成').waitFor();
    await phonePage.screenshot({ path: path.join(root, 'e2e/artifacts', 'dispatch-field-phone.png') });

    // The command room sees it finish, with every step timed and where the phone was at arrival.
    await expect.poll(async () => panel.getByTestId('task-status').textContent(), { timeout: 15_000 }).toBe('已完成');
    const timeline = page.getByTestId('task-timeline');
    for (const kind of ['created', 'dispatched', 'received', 'arrived', 'completed']) await timeline.getByTestId(`timeline-${kind}`).waitFor();
    expect(await timeline.getByTestId('timeline-arrived').textContent()).toMatch(/上报位置/);
    expect(await timeline.getByTestId('timeline-completed').textContent()).toContain('摊贩已劝离');
    await h.screenshot('dispatch-command');

    const events = await queryRows<{ kind: string }>(h.database.db, sql`
      SELECT e.kind FROM dispatch_events e JOIN dispatch_tasks t ON t.id = e.task_id WHERE t.title = '流动摊贩占道经营' ORDER BY e.at, e.id`);
    expect(events.map((e) => e.kind)).toEqual(['created', 'dispatched', 'received', 'arrived', 'completed']);
  });
});
