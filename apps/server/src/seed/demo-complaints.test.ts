// The demo 诉件 are written by the real services: every one has its events and audit rows, states are varied, and a
// second run adds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '@cg/db';
import { DEMO_SQUADRON_CODE } from '@cg/demo-data';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { seedDemoComplaints } from './demo-complaints.ts';

describe('demo complaints', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ demoEquipment: false }); });
  afterAll(() => t.close());

  it('files complaints through the lifecycle with varied states', async () => {
    const made = await seedDemoComplaints(t.database.db, new Date('2026-11-20T09:00:00+08:00'));
    expect(made).toBeGreaterThanOrEqual(30);
    const states = await queryRows<{ status: string; n: number }>(t.database.db, sql`SELECT status, count(*)::int AS n FROM complaints GROUP BY status`);
    const by = Object.fromEntries(states.map((s) => [s.status, s.n]));
    expect(Object.keys(by)).toEqual(expect.arrayContaining(['closed', 'handling', 'signed', 'returned']));
    expect(Object.keys(by).length).toBeGreaterThanOrEqual(5);
    const reopened = await queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM complaints WHERE reopen_count > 0`);
    expect(reopened[0].n).toBeGreaterThan(0);
    const orphans = await queryRows<{ n: number }>(t.database.db, sql`
      SELECT count(*)::int AS n FROM complaints c WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_type = 'complaint' AND a.entity_id = c.id::text)`);
    expect(orphans[0].n).toBe(0);
    expect(await seedDemoComplaints(t.database.db)).toBe(0);
    // The squadron leader's list shows those routed to the squadron; a few near its edge went to the neighbours.
    const mine = await queryRows<{ n: number }>(t.database.db, sql`
      SELECT count(*)::int AS n FROM complaints c JOIN units u ON u.id = c.unit_id WHERE u.code = ${DEMO_SQUADRON_CODE}`);
    expect(mine[0].n).toBeGreaterThan(made / 2);
    expect((await t.as('njdl_zdz', 'GET', '/api/complaints')).json().total).toBe(mine[0].n);
  });
});
