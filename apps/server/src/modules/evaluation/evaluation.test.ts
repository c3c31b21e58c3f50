// 考核验收 against a real database: the default rubric is version 1 and cannot be changed; a copy that does not sum is
// refused with nothing written; a squadron's projected score moves by exactly the points the rubric gives one fix (a body
// camera, a closed inventory round, a corrected ID number); a round snapshots its applicants, takes on-site findings
// (override needs a reason and, before publication, a photo), publishes, and its scores no longer move with the data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gb11643CheckDigit, shanghaiDate, type CriterionScore, type IndicatorResult, type StoredIndicatorResult, type TierScore,
} from '@cg/domain';
import { queryOne, queryRows, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR-evaluation-photo')]);

function multipart(file: Buffer, name: string, type: string) {
  const boundary = '----cgeval' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, file, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const criterion = (tiers: TierScore[], code: string): CriterionScore =>
  tiers.flatMap((t) => t.categories.flatMap((c) => c.items.flatMap((i) => i.criteria))).find((c) => c.code === code)!;
const tier = (tiers: TierScore[], name: 'standard' | 'demonstration') => tiers.find((t) => t.tier === name)!;

describe('考核验收', () => {
  let t: TestApp;
  let squadron: { id: string; name: string };
  let cats: Record<string, string>;
  const self = async () => {
    const res = await t.as('njdl_zdz', 'GET', '/api/evaluation/self');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { tiers: TierScore[]; gaps: { criterionCode: string; gain: number; records: unknown[] }[]; trend: { month: string; standard: number }[] };
  };

  beforeAll(async () => {
    t = await createTestApp();
    squadron = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json().unit;
    cats = Object.fromEntries(((await t.as('njdl_nq', 'GET', '/api/equipment/categories')).json() as { code: string; id: string }[]).map((c) => [c.code, c.id]));
  }, 120_000);
  afterAll(() => t?.close());

  describe('评分标准', () => {
    it('ships the default as published version 1, which cannot be edited', async () => {
      const list = (await t.as('kaohe', 'GET', '/api/evaluation/rubrics')).json().items;
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ version: 1, status: 'published' });
      const edit = await t.as('kaohe', 'PUT', `/api/evaluation/rubrics/${list[0].id}`, { rowVersion: list[0].rowVersion, name: '改名' });
      expect(edit.statusCode).toBe(409);
      // Only evaluators edit rubrics.
      expect((await t.as('hp_admin', 'POST', `/api/evaluation/rubrics/${list[0].id}/copy`, {})).statusCode).toBe(403);
    });

    it('copies to a draft; a draft whose weights do not sum is refused naming the place, and nothing is written', async () => {
      const v1 = (await t.as('kaohe', 'GET', '/api/evaluation/rubrics')).json().items[0];
      const copy = await t.as('kaohe', 'POST', `/api/evaluation/rubrics/${v1.id}/copy`, { name: '2027年评分标准（征求意见稿）' });
      expect(copy.statusCode, copy.body).toBe(201);
      const draft = copy.json();
      expect(draft).toMatchObject({ version: 2, status: 'draft', basedOnId: v1.id });
      const content = structuredClone(draft.content);
      content.tiers[0].categories[0].items[0].criteria[0].weight = 4; // 网络基础 now 9 of 8
      const auditBefore = await t.count('audit_log');
      const bad = await t.as('kaohe', 'PUT', `/api/evaluation/rubrics/${draft.id}`, { rowVersion: draft.rowVersion, content });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().code).toBe('RUBRIC_INVALID');
      expect(bad.json().details).toEqual(expect.arrayContaining([
        { field: 'content.tiers.0.categories.0.items.0.criteria', message: '项目“网络基础”8分，其评估指标合计9分' },
      ]));
      expect(await t.count('audit_log')).toBe(auditBefore);
      const stored = (await t.as('kaohe', 'GET', `/api/evaluation/rubrics/${draft.id}`)).json();
      expect(stored.content.tiers[0].categories[0].items[0].criteria[0].weight).toBe(3);
      // A malformed body is a 400 naming the field.
      const malformed = await t.as('kaohe', 'PUT', `/api/evaluation/rubrics/${draft.id}`, { rowVersion: draft.rowVersion, content: { tiers: [{ tier: 'gold' }] } });
      expect(malformed.statusCode).toBe(400);

      // Move a point between two criteria of one item: valid, saved, then published and frozen.
      content.tiers[0].categories[0].items[0].criteria[1].weight = 1;
      const ok = await t.as('kaohe', 'PUT', `/api/evaluation/rubrics/${draft.id}`, { rowVersion: draft.rowVersion, content });
      expect(ok.statusCode, ok.body).toBe(200);
      const published = await t.as('kaohe', 'POST', `/api/evaluation/rubrics/${draft.id}/publish`, { rowVersion: ok.json().rowVersion });
      expect(published.json()).toMatchObject({ status: 'published', version: 2 });
      expect((await t.as('kaohe', 'PUT', `/api/evaluation/rubrics/${draft.id}`, { rowVersion: published.json().rowVersion, name: 'x' })).statusCode).toBe(409);
      const actions = await queryRows<{ action: string }>(t.database.db, sql`
        SELECT action FROM audit_log WHERE entity_type = 'evaluation_rubric' AND entity_id = ${draft.id} ORDER BY seq`);
      expect(actions.map((a) => a.action)).toEqual(['copy', 'update', 'publish']);
    });
  });

  describe('实时自评', () => {
    it('explains every criterion: data with value and target, or why it waits for the on-site check', async () => {
      const s = await self();
      const std = tier(s.tiers, 'standard');
      expect(std.passLine).toBe(80);
      expect(criterion(s.tiers, 'S.APP.CASE.1')).toMatchObject({ basis: 'fallback', unavailableReason: '办案系统尚未接入本平台', points: 0 });
      const kit = criterion(s.tiers, 'S.EQP.KIT.3');
      expect(kit).toMatchObject({ basis: 'data', target: 1 });
      expect(kit.denominator).toBeGreaterThan(0);
      expect(s.trend).toHaveLength(7);
      expect(s.gaps[0]!.gain).toBeGreaterThanOrEqual(s.gaps.at(-1)!.gain);
    });

    it('reuses a past month\'s projected score for a day, then computes it again (late records count)', async () => {
      const first = (await self()).trend;
      const month = `${first[0]!.month}-01`;
      const mark = (points: number, age: string) => t.database.db.execute(sql`
        UPDATE evaluation_projections SET standard_points = ${points}, computed_at = now() - ${age}::interval
        WHERE unit_id = ${squadron.id} AND month = ${month}::date`);
      // Computed an hour ago: reused as stored (a marker value shows it was not recomputed).
      await mark(-1, '1 hour');
      expect((await self()).trend[0]!.standard).toBe(-1);
      // Two days ago: computed again and stored again.
      await mark(-1, '2 days');
      const again = (await self()).trend[0]!.standard;
      expect(again).toBe(first[0]!.standard);
      expect(await queryOne(t.database.db, sql`
        SELECT standard_points, computed_at > now() - interval '1 minute' AS fresh FROM evaluation_projections
        WHERE unit_id = ${squadron.id} AND month = ${month}::date`)).toEqual({ standard_points: first[0]!.standard, fresh: true });
    });

    it('adding a body camera raises the projected score by exactly the points one fix is worth', async () => {
      const before = await self();
      const kit = criterion(before.tiers, 'S.EQP.KIT.3');
      expect(kit.credit).toBeLessThan(1);
      const res = await t.as('njdl_nq', 'POST', '/api/equipment/items', {
        unitId: squadron.id, categoryId: cats.body_camera, assetTag: 'EVAL-BC-0001', model: 'DSJ-X1', attributes: { resolution: '1080P' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const after = await self();
      const std = (s: typeof before) => tier(s.tiers, 'standard').points;
      expect(criterion(after.tiers, 'S.EQP.KIT.3').points - kit.points).toBeCloseTo(kit.pointsPerFix!, 3);
      expect(std(after) - std(before)).toBeCloseTo(kit.pointsPerFix!, 3);
    });

    it('closing an inventory round for a past quarter raises 及时性 by one quarter’s share and makes 准确性 measurable', async () => {
      const before = await self();
      const timely = criterion(before.tiers, 'S.DQ.EQP.1');
      expect(timely.denominator).toBeGreaterThan(0);
      const accurate = criterion(before.tiers, 'S.DQ.EQP.2');
      expect(accurate.basis).toBe('fallback');
      const started = await t.as('njdl_nq', 'POST', '/api/inventory/rounds', { unitId: squadron.id, year: 2026, quarter: 3 });
      expect(started.statusCode, started.body).toBe(201);
      const round = started.json();
      const items = await queryRows<{ asset_tag: string }>(t.database.db, sql`SELECT asset_tag FROM inventory_round_items WHERE round_id = ${round.id}`);
      for (const i of items) {
        const c = await t.as('njdl_nq', 'POST', `/api/inventory/rounds/${round.id}/count`, { assetTag: i.asset_tag, method: 'tick' });
        expect(c.statusCode, c.body).toBe(200);
      }
      const closed = await t.as('njdl_zdz', 'POST', `/api/inventory/rounds/${round.id}/close`, {});
      expect(closed.statusCode, closed.body).toBe(200);
      const after = await self();
      expect(criterion(after.tiers, 'S.DQ.EQP.1').points - timely.points).toBeCloseTo(timely.pointsPerFix!, 3);
      expect(criterion(after.tiers, 'S.DQ.EQP.2')).toMatchObject({ basis: 'data', value: 1, points: 2.5 });
      const std = (s: typeof before) => tier(s.tiers, 'standard').points;
      expect(std(after) - std(before)).toBeCloseTo(timely.pointsPerFix! + 2.5, 3);
    });

    it('fixing an officer’s ID number raises 准确性 by exactly one officer’s share', async () => {
      const o = await queryOne<{ id: string; id_number: string; version: number }>(t.database.db, sql`
        SELECT id, id_number, version FROM officers WHERE unit_id = ${squadron.id} AND NOT quality_invalid ORDER BY name LIMIT 1`);
      const wrongDigit = gb11643CheckDigit(o!.id_number.slice(0, 17)) === '0' ? '1' : '0';
      // Legacy data: an imported record with a wrong check digit.
      await t.database.db.execute(sql`UPDATE officers SET id_number = ${o!.id_number.slice(0, 17) + wrongDigit}, quality_invalid = true WHERE id = ${o!.id}`);
      const before = await self();
      const acc = criterion(before.tiers, 'S.DQ.PER.2');
      expect(acc.credit).toBeLessThan(1);
      expect(before.gaps.find((g) => g.criterionCode === 'S.DQ.PER.2')!.records).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: o!.id, link: `/officers/${o!.id}` })]));
      const fixed = await t.as('njdl_nq', 'PATCH', `/api/officers/${o!.id}`, { version: o!.version, idNumber: o!.id_number });
      expect(fixed.statusCode, fixed.body).toBe(200);
      const after = await self();
      expect(criterion(after.tiers, 'S.DQ.PER.2').points - acc.points).toBeCloseTo(acc.pointsPerFix!, 3);
      expect(acc.pointsPerFix).toBeCloseTo(2.5 / acc.denominator!, 3);
    });

    it('the district sees all its squadrons on the dashboard; a squadron cannot look at another', async () => {
      const d = await t.as('hp_admin', 'GET', '/api/evaluation/dashboard');
      expect(d.statusCode).toBe(200);
      expect(d.json().squadrons.map((s: { unitId: string }) => s.unitId)).toContain(squadron.id);
      const other = d.json().squadrons.find((s: { unitId: string }) => s.unitId !== squadron.id);
      expect((await t.as('njdl_zdz', 'GET', `/api/evaluation/self?unitId=${other.unitId}`)).statusCode).toBe(404);
      expect((await t.as('njdl_dy', 'GET', '/api/evaluation/self')).statusCode).toBe(403);
    });
  });

  describe('年度考核轮次', () => {
    let roundId: string;
    let applicantId: string;
    let otherApplicant: string;

    it('the city opens a round on a published version; districts submit their squadrons', async () => {
      const v1 = (await t.as('kaohe', 'GET', '/api/evaluation/rubrics')).json().items.find((r: { version: number }) => r.version === 1);
      const cutoffAt = new Date(Date.now() + 3_600_000).toISOString();
      const today = shanghaiDate(new Date()); // the deadline is a Shanghai date (after 16:00 UTC it is already tomorrow)
      const body = { year: 2026, name: '2026年度信息化建设专项考核', rubricId: v1.id, periodFrom: '2026-01-01', periodTo: '2026-12-31', applyDeadline: today, cutoffAt };
      expect((await t.as('hp_admin', 'POST', '/api/evaluation/rounds', body)).statusCode).toBe(403);
      const bad = await t.as('kaohe', 'POST', '/api/evaluation/rounds', { ...body, periodTo: '2025-12-31' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details[0]).toMatchObject({ field: 'periodTo' });
      const created = await t.as('kaohe', 'POST', '/api/evaluation/rounds', body);
      expect(created.statusCode, created.body).toBe(201);
      roundId = created.json().id;
      expect(created.json()).toMatchObject({ status: 'open', rubricVersion: 1 });

      const apply = (user: string, unitId: string, tierName: string) => t.as(user, 'POST', `/api/evaluation/rounds/${roundId}/applicants`, { unitId, tier: tierName });
      const mine = await apply('hp_admin', squadron.id, 'demonstration');
      expect(mine.statusCode, mine.body).toBe(201);
      applicantId = mine.json().id;
      expect((await apply('hp_admin', squadron.id, 'standard')).statusCode).toBe(409);
      const district = (await t.as('hp_admin', 'GET', '/api/auth/me')).json().unit;
      const notSquadron = await apply('hp_admin', district.id, 'standard');
      expect(notSquadron.statusCode).toBe(400);
      expect(notSquadron.json().details[0].message).toContain('不是基层中队');
      const dash = (await t.as('hp_admin', 'GET', '/api/evaluation/dashboard')).json();
      const sibling = dash.squadrons.find((s: { unitId: string }) => s.unitId !== squadron.id);
      const second = await apply('hp_admin', sibling.unitId, 'standard');
      expect(second.statusCode).toBe(201);
      otherApplicant = second.json().id;
      // A squadron leader may not submit (districts do) and sees only its own application.
      expect((await apply('njdl_zdz', squadron.id, 'standard')).statusCode).toBe(403);
      const seen = (await t.as('njdl_zdz', 'GET', `/api/evaluation/rounds/${roundId}`)).json();
      expect(seen.applicants.map((a: { id: string }) => a.id)).toEqual([applicantId]);
      expect((await t.as('njdl_zdz', 'GET', `/api/evaluation/applicants/${otherApplicant}`)).statusCode).toBe(404);
    });

    it('findings wait for the snapshot; the snapshot moves the round to on-site inspection', async () => {
      expect((await t.as('kaohe', 'PUT', `/api/evaluation/applicants/${applicantId}/findings/S.APP.CASE.1`, { verdict: 'override', credit: 1, reason: 'x' })).statusCode).toBe(409);
      const round = (await t.as('kaohe', 'GET', `/api/evaluation/rounds/${roundId}`)).json().round;
      const snap = await t.as('kaohe', 'POST', `/api/evaluation/rounds/${roundId}/snapshot`, { rowVersion: round.rowVersion });
      expect(snap.statusCode, snap.body).toBe(200);
      expect(snap.json()).toMatchObject({ status: 'inspecting' });
      expect(snap.json().snapshotAt).not.toBeNull();
      const scores = (await t.as('kaohe', 'GET', `/api/evaluation/applicants/${applicantId}`)).json();
      expect(scores.frozen).toBe(false);
      expect(scores.tiers.map((x: TierScore) => x.tier)).toEqual(['standard', 'demonstration']);
      expect(Object.keys(scores.indicators)).toContain('kit.body_camera');
      // Stored packed (a list's common link prefix once), read back with every record's link.
      const stored = await queryOne<{ snapshot: StoredIndicatorResult[] }>(t.database.db, sql`SELECT snapshot FROM evaluation_applicants WHERE id = ${applicantId}`);
      const packed = stored!.snapshot.filter((r) => r.recordsLink !== undefined || r.gapsLink !== undefined);
      expect(packed.length).toBeGreaterThan(0);
      for (const r of packed) {
        const shown: IndicatorResult = scores.indicators[r.id];
        for (const [list, prefix, read] of [[r.records, r.recordsLink, shown.records], [r.gaps, r.gapsLink, shown.gaps]] as const) {
          if (prefix === undefined) continue;
          expect(list.every((x) => x.link === undefined)).toBe(true);
          expect(read).toEqual(list.map((x) => ({ ...x, link: prefix + x.id })));
        }
      }
      expect((await t.as('hp_admin', 'POST', `/api/evaluation/rounds/${roundId}/applicants`, { unitId: squadron.id, tier: 'standard' })).statusCode).toBe(409);
    });

    it('inspectors confirm data or override with a reason; publication needs a photo for each override', async () => {
      const put = (code: string, body: object) => t.as('kaohe', 'PUT', `/api/evaluation/applicants/${applicantId}/findings/${code}`, body);
      const noReason = await put('S.APP.CASE.1', { verdict: 'override', credit: 0.8 });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().details[0].field).toBe('reason');
      expect((await put('S.APP.CASE.1', { verdict: 'confirm' })).statusCode).toBe(400); // no data to confirm
      expect((await put('NO.SUCH', { verdict: 'confirm' })).statusCode).toBe(400);
      expect((await t.as('hp_admin', 'PUT', `/api/evaluation/applicants/${applicantId}/findings/S.EQP.KIT.1`, { verdict: 'confirm' })).statusCode).toBe(403);
      const before = (await t.as('kaohe', 'GET', `/api/evaluation/applicants/${applicantId}`)).json();
      const override = await put('S.APP.CASE.1', { verdict: 'override', credit: 0.8, reason: '抽查10件案件，8件记录完整' });
      expect(override.statusCode, override.body).toBe(200);
      expect((await put('S.EQP.KIT.1', { verdict: 'confirm' })).statusCode).toBe(200);
      const after = (await t.as('kaohe', 'GET', `/api/evaluation/applicants/${applicantId}`)).json();
      expect(tier(after.tiers, 'standard').points - tier(before.tiers, 'standard').points).toBeCloseTo(4, 6);
      expect(criterion(after.tiers, 'S.APP.CASE.1')).toMatchObject({ basis: 'fallback', points: 4 });
      expect(criterion(after.tiers, 'S.EQP.KIT.1').basis).toBe('confirmed');

      const round = (await t.as('kaohe', 'GET', `/api/evaluation/rounds/${roundId}`)).json().round;
      const refused = await t.as('kaohe', 'POST', `/api/evaluation/rounds/${roundId}/publish`, { rowVersion: round.rowVersion });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().message).toContain('缺少照片');
      const wrongType = multipart(Buffer.from('%PDF-1.4 not a photo'), 'x.jpg', 'image/jpeg');
      expect((await t.as('kaohe', 'POST', `/api/evaluation/findings/${override.json().id}/photos`, wrongType.body, wrongType.headers)).statusCode).toBe(415);
      // Over 5 MB: refused while reading (the multipart limit alone would have let 10 MB through), naming the field.
      const big = multipart(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5 * 1024 * 1024 + 10)]), 'big.jpg', 'image/jpeg');
      const tooBig = await t.as('kaohe', 'POST', `/api/evaluation/findings/${override.json().id}/photos`, big.body, big.headers);
      expect(tooBig.statusCode).toBe(413);
      expect(tooBig.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: [{ field: 'file' }] });
      const photo = multipart(PNG, '案卷抽查.png', 'image/png');
      const added = await t.as('kaohe', 'POST', `/api/evaluation/findings/${override.json().id}/photos`, photo.body, photo.headers);
      expect(added.statusCode, added.body).toBe(201);
      const img = await t.as('njdl_zdz', 'GET', added.json().photos[0].url);
      expect(img.statusCode).toBe(200);
      expect(img.rawPayload.equals(PNG)).toBe(true);
    });

    it('publishes: scores are frozen and do not move when the data changes afterwards', async () => {
      const round = (await t.as('kaohe', 'GET', `/api/evaluation/rounds/${roundId}`)).json().round;
      const pub = await t.as('kaohe', 'POST', `/api/evaluation/rounds/${roundId}/publish`, { rowVersion: round.rowVersion });
      expect(pub.statusCode, pub.body).toBe(200);
      const frozen = (await t.as('njdl_zdz', 'GET', `/api/evaluation/applicants/${applicantId}`)).json();
      expect(frozen.frozen).toBe(true);
      const selfBefore = await self();
      // More kit after publication: the live projection moves, the published score does not.
      await t.as('njdl_nq', 'POST', '/api/equipment/items', {
        unitId: squadron.id, categoryId: cats.radio, assetTag: 'EVAL-RADIO-01', model: 'TK-3000',
      });
      await t.database.db.execute(sql`UPDATE officers SET quality_incomplete = true WHERE unit_id = ${squadron.id}`);
      const later = (await t.as('njdl_zdz', 'GET', `/api/evaluation/applicants/${applicantId}`)).json();
      expect(later.tiers).toEqual(frozen.tiers);
      expect(tier(later.tiers, 'standard').points).toBe(tier(frozen.tiers, 'standard').points);
      const selfAfter = await self();
      expect(tier(selfAfter.tiers, 'standard').points).not.toBe(tier(selfBefore.tiers, 'standard').points);
      expect((await t.as('kaohe', 'PUT', `/api/evaluation/applicants/${applicantId}/findings/S.EQP.KIT.2`, { verdict: 'confirm' })).statusCode).toBe(409);
      const detail = (await t.as('kaohe', 'GET', `/api/evaluation/rounds/${roundId}`)).json();
      expect(detail.round.status).toBe('published');
      expect(detail.ranking.standard.city).toHaveLength(2);
      expect(detail.ranking.demonstration.city.map((r: { applicantId: string }) => r.applicantId)).toEqual([applicantId]);
      const stored = await queryOne<{ standard_points: number }>(t.database.db, sql`SELECT standard_points FROM evaluation_applicants WHERE id = ${applicantId}`);
      expect(stored!.standard_points).toBe(tier(frozen.tiers, 'standard').points);
      const actions = await queryRows<{ action: string }>(t.database.db, sql`
        SELECT action FROM audit_log WHERE entity_type = 'evaluation_round' AND entity_id = ${roundId} ORDER BY seq`);
      expect(actions.map((a) => a.action)).toEqual(['create', 'snapshot', 'publish']);
    });
  });
});
