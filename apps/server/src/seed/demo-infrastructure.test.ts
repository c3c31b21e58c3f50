import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SQUADRON_CODE } from '@cg/demo-data';
import { plusDays, todayShanghai } from '@cg/domain';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { seedDemoInfrastructure } from './demo-infrastructure.ts';

describe('demo 基础设施登记', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demoEquipment: false });
  });
  afterAll(() => t.close());

  it('registers the 黄浦 squadrons with differing completeness, once', async () => {
    const first = await seedDemoInfrastructure(t.database.db);
    expect(first.squadrons).toBeGreaterThanOrEqual(5);
    expect(first.devices).toBeGreaterThan(50);
    expect((await seedDemoInfrastructure(t.database.db)).squadrons).toBe(0);

    const units = (await t.as('hp_admin', 'GET', '/api/units?q=310101&pageSize=100')).json().items as { id: string; code: string; kind: string }[];
    const squadrons = units.filter((u) => u.kind.endsWith('中队')).sort((a, b) => a.code.localeCompare(b.code));
    const values = new Map<string, Record<string, number | null>>();
    for (const s of squadrons) {
      // The past year, whatever the month today.
      const res = await t.as('hp_admin', 'GET', `/api/infrastructure/units/${s.id}/indicators?from=${plusDays(todayShanghai(), -364)}&to=${todayShanghai()}`);
      expect(res.statusCode, res.body).toBe(200);
      values.set(s.code, Object.fromEntries(res.json().indicators.map((i: { id: string; outcome: { value?: number | null } }) => [i.id, i.outcome.value ?? null])));
    }
    const all = [...values.values()];
    // Somebody complete, somebody short of video uplink without a terminal, a camera location missing, log months missing.
    expect(all.some((v) => Object.entries(v).every(([id, x]) => id === 'infra.machine_room_log' || x === 1))).toBe(true);
    expect(all.some((v) => v['infra.bandwidth_video']! < 1 && v['infra.video_conference'] === 0)).toBe(true);
    expect(all.some((v) => v['infra.internal_camera_coverage'] === 0.75)).toBe(true);
    expect(all.some((v) => v['infra.machine_room_log']! < 0.8)).toBe(true);
    expect(all.some((v) => v['infra.command_room'] === 0)).toBe(true);
    // The demo login's squadron: complete but for one month without machine-room log.
    const demo = values.get(DEMO_SQUADRON_CODE)!;
    expect(demo['infra.internal_camera_coverage']).toBe(1);
    expect(demo['infra.machine_room_log']).toBeLessThan(1);
  });
});
