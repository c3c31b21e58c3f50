// The evaluation's indicators for hand-built squadrons: a new, empty squadron (no officers, no equipment, nothing
// registered) gets, for every indicator, either a zero that is a real shortfall (with its gaps) or "nothing to measure"
// with the reason — never a silent zero presented as data; modules not in the platform report nothing at all. Then the
// squadron gets two officers and one body camera, and the figures follow exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gb11643CheckDigit, INDICATOR_CATALOGUE, INDICATOR_MODULES, ROLE_PERMISSIONS, shanghaiDate, shanghaiStartOfDay, type IndicatorResult,
} from '@cg/domain';
import { queryOne, sql } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { squadronIndicators } from './evaluation-indicators.service.ts';

describe('考核验收 indicators of a hand-built squadron', () => {
  let t: TestApp;
  let unitId: string;
  let user: AuthUser;
  // As of now, over this year: the officers and items below are written now, so an earlier asOf would not see them.
  const asOf = new Date();
  const year = shanghaiDate(asOf).slice(0, 4);
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  // The quarters of the year that have ended (Q4 ends with the year): each should have had a closed round.
  const endedQuarters = [1, 2, 3].filter((q) => shanghaiStartOfDay(`${year}-${String(q * 3 + 1).padStart(2, '0')}-01`).getTime() <= asOf.getTime());
  const read = async () => new Map((await squadronIndicators(t.database.db, user, { unitId, ...period, asOf })).map((r) => [r.id, r]));
  const outcome = (m: Map<string, IndicatorResult>, id: string) => m.get(id)!.outcome;

  beforeAll(async () => {
    t = await createTestApp({ demoEquipment: false });
    const district = (await t.as('hp_admin', 'GET', '/api/auth/me')).json().unit;
    const created = await t.as('hp_admin', 'POST', '/api/units', { parentId: district.id, code: '310101902', name: '黄浦区考核测试中队', kind: '机动中队' });
    expect(created.statusCode, created.body).toBe(201);
    unitId = created.json().id;
    const row = await queryOne<{ id: string; unitId: string; unitPath: string }>(t.database.db, sql`
      SELECT u.id, u.unit_id AS "unitId", un.path AS "unitPath" FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = 'kaohe'`);
    user = { ...row!, username: 'kaohe', displayName: '市局考核员', role: 'city_assessor', officerId: null, permissions: ROLE_PERMISSIONS.city_assessor, sessionId: 't' };
  }, 300_000);
  afterAll(() => t?.close());

  it('an empty squadron: shortfalls are zeros with gaps, nothing-to-measure says why, planned modules are absent', async () => {
    const m = await read();
    // Every measurable catalogue id is there, none of the planned modules'.
    const expected = INDICATOR_CATALOGUE.filter((d) => !INDICATOR_MODULES[d.module].planned).map((d) => d.id);
    expect([...m.keys()].sort()).toEqual(expected.sort());
    expect(m.has('cases.quality')).toBe(false);

    for (const id of ['personnel.timeliness', 'personnel.accuracy', 'personnel.completeness']) {
      expect(outcome(m, id)).toEqual({ available: true, value: null, reason: '执法人员库中没有本中队人员' });
    }
    for (const id of ['kit.handheld_terminal', 'kit.radio', 'kit.body_camera', 'performance.body_camera_4g']) {
      expect(outcome(m, id)).toEqual({ available: true, value: null, reason: '没有在岗队员' });
    }
    expect(outcome(m, 'vehicles.dashcam')).toMatchObject({ value: null, reason: '没有在用执法车辆' });
    expect(outcome(m, 'tracking.access_rate')).toMatchObject({ value: null, reason: '没有已安装北斗终端的车辆' });
    expect(outcome(m, 'equipment.accuracy')).toMatchObject({ value: null, reason: '尚无已关闭的季度清点' });
    expect(outcome(m, 'complaints.on_time')).toMatchObject({ value: null });
    expect(outcome(m, 'duty.active_officers')).toMatchObject({ value: null, reason: '没有在岗队员' });

    // Real shortfalls: none of the five squadron kinds, no data terminal, no round in the quarters ended, no dispatch.
    expect(outcome(m, 'squadron_kit.all')).toEqual({ available: true, value: 0, numerator: 0, denominator: 5 });
    expect(m.get('squadron_kit.all')!.gaps).toHaveLength(5);
    expect(outcome(m, 'performance.data_terminal')).toMatchObject({ value: 0 });
    if (endedQuarters.length) {
      expect(outcome(m, 'inventory.quarters')).toEqual({ available: true, value: 0, numerator: 0, denominator: endedQuarters.length });
      expect(m.get('inventory.quarters')!.gaps.map((g) => g.label)).toEqual(endedQuarters.map((q) => `${year}年第${q}季度未完成清点`));
    } else {
      expect(outcome(m, 'inventory.quarters')).toMatchObject({ value: null, reason: '考核期间内尚无已结束的季度' });
    }
    expect(outcome(m, 'dispatch.in_use')).toMatchObject({ value: 0 });
    expect(outcome(m, 'infra.command_room')).toMatchObject({ value: 0 });
    expect(outcome(m, 'ledger.overdue')).toEqual({ available: true, value: 0, numerator: undefined, denominator: undefined });
    // Every squadron-day since the unit existed and before the publication deadline lacks a plan: counted against it.
    const plans = outcome(m, 'duty.plans_on_time');
    expect(plans).toMatchObject({ value: 0 });
  });

  it('two officers and one body camera: 1 of 2, with the officer without one as the gap', async () => {
    const officer = (name: string, first17: string) => t.as('hp_admin', 'POST', '/api/officers', {
      unitId, name, gender: '男', idNumber: first17 + gb11643CheckDigit(first17), position: '队员', status: '在岗', certStatus: '有效', phone: '13800000000',
    });
    const a = await officer('考核甲', '31010119900101001');
    expect(a.statusCode, a.body).toBe(201);
    const b = await officer('考核乙', '31010119900202001');
    expect(b.statusCode, b.body).toBe(201);
    const cats = Object.fromEntries(((await t.as('hp_admin', 'GET', '/api/equipment/categories')).json() as { code: string; id: string }[]).map((c) => [c.code, c.id]));
    const cam = await t.as('hp_admin', 'POST', '/api/equipment/items', {
      unitId, categoryId: cats.body_camera, assetTag: 'KH-BC-0001', model: 'DSJ-1', responsibleOfficerId: a.json().id, attributes: { resolution: '1080P' },
    });
    expect(cam.statusCode, cam.body).toBe(201);
    await t.as('hp_admin', 'POST', `/api/equipment/items/${cam.json().id}/ledger`, { action: 'assign', officerId: a.json().id });

    const m = await read();
    expect(outcome(m, 'kit.body_camera')).toEqual({ available: true, value: 0.5, numerator: 1, denominator: 2 });
    expect(m.get('kit.body_camera')!.gaps.map((g) => g.label)).toEqual(['考核乙']);
    // The gap is the officer without the kit: it links to the officer, the counted record to the item.
    expect(m.get('kit.body_camera')!.gaps[0]!.link).toBe(`/officers/${m.get('kit.body_camera')!.gaps[0]!.id}`);
    expect(m.get('kit.body_camera')!.records.map((r) => r.link)).toEqual([`/equipment/${cam.json().id}`]);
    expect(outcome(m, 'kit.radio')).toEqual({ available: true, value: 0, numerator: 0, denominator: 2 });
    expect(outcome(m, 'personnel.completeness')).toMatchObject({ available: true, denominator: 2 });
    expect(outcome(m, 'ledger.responsible')).toEqual({ available: true, value: 1, numerator: 1, denominator: 1 });
  });

  it('values only (the 考核总览 and the trend): the same outcome for every indicator, without the evidence lists', async () => {
    const demo = await queryOne<{ id: string }>(t.database.db, sql`SELECT id FROM units WHERE name = '南京东路街道中队'`);
    for (const id of [unitId, demo!.id]) {
      const full = await squadronIndicators(t.database.db, user, { unitId: id, ...period, asOf });
      const values = await squadronIndicators(t.database.db, user, { unitId: id, ...period, asOf }, { evidence: false });
      expect(values.map((r) => [r.id, r.outcome])).toEqual(full.map((r) => [r.id, r.outcome]));
      // What is left out: the officers without kit, the 执法人员库 gaps.
      expect(values.find((r) => r.id === 'kit.radio')!.gaps).toEqual([]);
      if (id === unitId) expect(full.find((r) => r.id === 'kit.radio')!.gaps.length).toBe(2);
    }
  });
});
