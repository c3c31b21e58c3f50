// 接入统计 in a real browser: positions planted for a few 黄浦 terminals over the last days; the page's KPI cards, unit
// table and per-terminal drill-down show exactly what GET /api/tracking/stats answers for the same unit and period,
// and that answer matches what was planted (online days per terminal). A unit without terminals shows the empty state.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { queryRows, sql } from '@cg/db';
import { startHarness, type Harness } from './harness.ts';
import { login } from './steps.ts';

interface Terminal { id: string; plate: string; phone: string | null; unitId: string; lat: number; lon: number }
interface UnitStat {
  unitId: string; unitName: string; vehicles: number; vehiclesWithTerminal: number; installed: number; reported: number;
  onlineDays: number; accessRate: number | null; onlineRate: number | null;
}
interface Stats {
  unit: { id: string; name: string };
  from: string;
  to: string;
  days: number;
  total: { installed: number; reported: number; onlineDays: number; accessRate: number | null; onlineRate: number | null; vehicles: number; vehiclesWithTerminal: number };
  units: UnitStat[];
  terminals: { terminalId: string; plate: string | null; terminalPhone: string | null; unitId: string; onlineDays: number; positions: number; lastPositionAt: string | null }[];
}

async function api<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

/** Shanghai calendar day `n` days before today, as YYYY-MM-DD. */
const shanghaiDay = (daysAgo: number) => new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
const rate = (r: number | null) => (r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.replace(/\s+/g, ' ') ?? '';

describe('接入统计 in the browser', () => {
  let h: Harness;
  let failures = 0;
  let planted: { t: Terminal; days: number }[];
  let emptyUnit: { id: string; name: string };

  beforeAll(async () => {
    h = await startHarness();
    const db = h.database.db;
    const terminals = await queryRows<Terminal>(db, sql`
      SELECT i.id, v.attributes->>'plate' AS plate, i.attributes->>'terminalPhone' AS phone, u.id AS "unitId",
        u.center_lat AS lat, u.center_lon AS lon
      FROM equipment_items i
      JOIN equipment_categories c ON c.id = i.category_id AND c.code = 'beidou_terminal'
      JOIN equipment_items v ON v.id = i.holder_vehicle_id AND v.status NOT IN ('报废', '遗失')
      JOIN units u ON u.id = i.unit_id
      JOIN units d ON u.path LIKE d.path || '%' AND d.name = '黄浦区城管执法局'
      WHERE i.status NOT IN ('报废', '遗失') AND u.center_lon IS NOT NULL ORDER BY i.asset_tag`);
    expect(terminals.length).toBeGreaterThan(5);
    // Four terminals report on 4, 3, 2 and 1 of the last four days (12 fixes a day, one every 5 minutes from 09:00
    // Shanghai time); every other terminal stays silent. position_days is derived from the planted rows the way the
    // gateway's writer keeps it.
    planted = terminals.slice(0, 4).map((t, k) => ({ t, days: 4 - k }));
    for (const { t, days } of planted) {
      for (let d = 0; d < days; d++) {
        const day = shanghaiDay(d + 1);
        await db.execute(sql`
          INSERT INTO positions (source_kind, source_id, ts, lat, lon, speed_kmh, direction)
          SELECT 'terminal', ${t.id}, (${day}::date + time '09:00')::timestamp AT TIME ZONE 'Asia/Shanghai' + make_interval(mins => 5 * g),
            ${t.lat} + g * 0.0002, ${t.lon}, 30, 90
          FROM generate_series(0, 11) g`);
      }
      await db.execute(sql`
        INSERT INTO position_days (source_id, day, source_kind, unit_id, positions, first_ts, last_ts)
        SELECT source_id, (ts AT TIME ZONE 'Asia/Shanghai')::date, 'terminal', ${t.unitId}, count(*), min(ts), max(ts)
        FROM positions WHERE source_id = ${t.id} GROUP BY 1, 2`);
    }
    // The empty state: a 黄浦 unit without children whose terminals were all scrapped (报废 terminals are not installed).
    const plantedUnits = planted.map((p) => p.t.unitId);
    const empty = await queryRows<{ id: string; name: string }>(db, sql`
      SELECT u.id, u.name FROM units u JOIN units d ON u.path LIKE d.path || '%' AND d.name = '黄浦区城管执法局'
      WHERE NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id)
        AND u.id NOT IN (${sql.join(plantedUnits.map((id) => sql`${id}::uuid`), sql`, `)})
      ORDER BY u.code LIMIT 1`);
    expect(empty.length).toBe(1);
    await db.execute(sql`
      UPDATE equipment_items SET status = '报废' WHERE unit_id = ${empty[0].id}
        AND category_id = (SELECT id FROM equipment_categories WHERE code = 'beidou_terminal')`);
    emptyUnit = empty[0];
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      failures += 1;
      console.error(`screenshot: ${await h.screenshot(`fail-tracking-stats-${failures}-${ctx.task.name}`)}`);
    }
  });
  afterAll(() => h?.close());

  it('opens from the menu on this month, and shows the API\'s figures for the chosen period', async () => {
    const page = h.page;
    await login(page, 'hp_zhihui');
    await page.getByRole('menuitem', { name: '勤务指挥室' }).click();
    await page.getByRole('menuitem', { name: '接入统计' }).click();
    await page.waitForURL(/\/command\/stats$/);
    // Default period: from the 1st of this month to today.
    const today = shanghaiDay(0);
    const monthStart = `${today.slice(0, 8)}01`;
    await page.getByText(`${monthStart} 至 ${today}`).waitFor();

    const from = shanghaiDay(6);
    const to = today;
    await page.goto(`/command/stats?from=${from}&to=${to}`);
    const stats = await api<Stats>(page, `/api/tracking/stats?from=${from}&to=${to}`);
    expect(stats.days).toBe(7);
    // The API counts what was planted: 4 of the installed terminals reported, on 10 days together.
    expect(stats.total.reported).toBe(4);
    expect(stats.total.onlineDays).toBe(10);
    expect(stats.total.installed).toBeGreaterThan(4);
    for (const { t, days } of planted) {
      expect(stats.terminals.find((x) => x.terminalId === t.id)?.onlineDays).toBe(days);
    }

    await page.getByText(`${stats.unit.name} · ${from} 至 ${to}（7 天）`).waitFor();
    expect(await text(page, 'kpi-access-rate')).toContain(rate(stats.total.accessRate));
    expect(await text(page, 'kpi-reported')).toContain(`${stats.total.reported} / ${stats.total.installed}`);
    expect(await text(page, 'kpi-avg-online-days')).toContain(`${(stats.total.onlineDays / stats.total.installed).toFixed(1)} 天`);
    expect(await text(page, 'kpi-online-rate')).toContain(rate(stats.total.onlineRate));
    expect(await text(page, 'kpi-vehicles')).toContain(`${stats.total.vehiclesWithTerminal} / ${stats.total.vehicles}`);
    await page.getByRole('img', { name: '各下级单位接入率柱状图' }).locator('canvas').first().waitFor();

    // One table row per unit of the answer, with its counts and rate.
    const rows = page.getByTestId('unit-stats-table').locator('tbody tr[data-testid^="unit-row-"]');
    await expect.poll(() => rows.count()).toBe(stats.units.length);
    for (const u of stats.units) {
      // First cell: the expand button.
      const cells = await page.getByTestId(`unit-row-${u.unitId}`).locator('td').allTextContents();
      expect(cells.slice(1)).toEqual([
        u.unitName, String(u.vehicles), String(u.vehiclesWithTerminal), String(u.installed), String(u.reported), rate(u.accessRate),
        String(u.onlineDays), u.installed ? (u.onlineDays / u.installed).toFixed(1) : '—', rate(u.onlineRate),
      ]);
    }
    await h.screenshot('tracking-stats');
  });

  it('drills down to each terminal of a unit: plate, 终端手机号, online days, last report', async () => {
    const page = h.page;
    const from = shanghaiDay(6);
    const to = shanghaiDay(0);
    await page.goto(`/command/stats?from=${from}&to=${to}`);
    const stats = await api<Stats>(page, `/api/tracking/stats?from=${from}&to=${to}`);
    const { t, days } = planted[0];
    const row = page.getByTestId(`unit-row-${t.unitId}`);
    await row.getByRole('button', { name: /展开/ }).click();
    const termRow = page.getByTestId(`terminal-row-${t.id}`);
    await termRow.waitFor();
    const want = stats.terminals.find((x) => x.terminalId === t.id)!;
    const cells = await termRow.locator('td').allTextContents();
    expect(cells).toContain(t.plate);
    if (t.phone) expect(cells).toContain(t.phone);
    expect(await termRow.getByTestId('terminal-online-days').textContent()).toBe(String(want.onlineDays));
    expect(want.onlineDays).toBe(days);
    expect(cells).toContain(String(want.positions));
    expect(want.positions).toBe(days * 12);
    // Every terminal of the unit is listed, the silent ones marked.
    const inUnit = stats.terminals.filter((x) => x.unitId === t.unitId);
    await expect.poll(() => page.locator('tr[data-testid^="terminal-row-"]').count()).toBe(Math.min(inUnit.length, 20));
    if (inUnit.some((x) => !x.lastPositionAt)) await page.getByText('期间未上报').first().waitFor();
  });

  it('shows the empty state for a unit without terminals', async () => {
    const page = h.page;
    await page.goto(`/command/stats?unitId=${emptyUnit.id}`);
    const stats = await api<Stats>(page, `/api/tracking/stats?unitId=${emptyUnit.id}`);
    expect(stats.total.installed).toBe(0);
    await page.getByTestId('stats-empty').waitFor();
    expect(await text(page, 'stats-empty')).toContain(`${emptyUnit.name}及下级单位没有安装北斗终端的在用车辆`);
  });
});
