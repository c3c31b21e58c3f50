// The demo tracking history (what `npm start` seeds besides the master data): realistic 接入率 below 100 %, last known
// positions for the map, and a drivable track for the demo district's vehicles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { seedDemoTracking } from './demo-tracking.ts';
import { seedDemoDispatch } from './demo-dispatch.ts';

describe('demo tracking and dispatch seed', () => {
  let t: TestApp;
  let result: Awaited<ReturnType<typeof seedDemoTracking>>;
  beforeAll(async () => {
    t = await createTestApp();
    result = await seedDemoTracking(t.database.db);
  });
  afterAll(() => t.close());

  it('gives the demo district a 接入率 that is high but not perfect, from the seeded days', async () => {
    expect(result.terminals).toBeGreaterThan(100);
    const stats = (await t.as('hp_zhihui', 'GET', '/api/tracking/stats')).json();
    expect(stats.total.installed).toBeGreaterThan(10);
    expect(stats.total.accessRate).toBeGreaterThan(0.6);
    expect(stats.total.accessRate).toBeLessThanOrEqual(1);
    const silent = stats.terminals.filter((x: { reported: boolean }) => !x.reported).length;
    const reported = stats.terminals.filter((x: { reported: boolean }) => x.reported).length;
    expect(reported).toBe(stats.total.reported);
    expect(silent + reported).toBe(stats.total.installed);
  });

  it('puts the demo district\'s vehicles on the map with a 90-minute track to play back', async () => {
    const latest = (await t.as('hp_zhihui', 'GET', '/api/tracking/latest?kind=terminal')).json();
    expect(latest.counts.total).toBeGreaterThanOrEqual(result.tracked);
    const moving = latest.items.find((i: { status: string }) => i.status !== 'offline');
    expect(moving).toBeDefined();
    const track = (await t.as('hp_zhihui', 'GET', `/api/tracking/track?sourceId=${moving.sourceId}`)).json();
    expect(track.total).toBe(91);
    const last = track.points.at(-1);
    expect(last.lat).toBeCloseTo(moving.lat, 6);
    const rows = await queryOne<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM positions`);
    expect(rows!.n).toBe(result.positions);
  });

  it('leaves a history of 指挥调度 tasks the pages can show, consistent with the dispatch rules', async () => {
    expect(await seedDemoDispatch(t.database.db)).toBe(6);
    const list = (await t.as('hp_zhihui', 'GET', '/api/dispatch/tasks?status=completed')).json();
    expect(list.total).toBe(5);
    for (const summary of list.items) {
      const task = (await t.as('hp_zhihui', 'GET', `/api/dispatch/tasks/${summary.id}`)).json();
      expect(task.timeline[0].kind).toBe('created');
      expect(task.timeline.at(-1).kind === 'completed' || task.timeline.at(-1).kind === 'withdrawn').toBe(true);
      expect(task.assignments.filter((a: { status: string }) => a.status === 'completed')).toHaveLength(1);
      expect(task.code).toMatch(/^DD\d{12}$/);
    }
    const cancelled = (await t.as('hp_zhihui', 'GET', '/api/dispatch/tasks?status=cancelled')).json();
    expect(cancelled.total).toBe(1);
    // Nobody is left busy: the demo officer is offered for a new task.
    expect((await t.as('hp_zhihui', 'GET', '/api/dispatch/tasks?status=open')).json().total).toBe(0);
  });
});
