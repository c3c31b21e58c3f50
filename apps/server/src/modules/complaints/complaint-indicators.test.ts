// The evaluation's 诉件 indicators from real records: on-time handling, reopen/return and complete 一事一档, each with
// the complaints behind it, scoped to the unit asked for; an empty period says "nothing to measure", not zero.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
function multipart(content: Buffer) {
  const boundary = '----cgind' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="after.png"\r\nContent-Type: image/png\r\n\r\n`);
  return { body: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('诉件 indicators', () => {
  let t: TestApp;
  let clock = new Date('2026-11-02T09:00:00+08:00');
  let sq: { id: string; centerLat: number; centerLon: number };
  let n = 0;
  const order = async () => {
    n += 1;
    const res = await t.as('admin', 'POST', '/api/complaints/intake', {
      source: '12345', externalNo: `GD-IND-${n}`, categoryCode: 'SR01', description: '占道设摊', lat: sq.centerLat + n * 0.0001, lon: sq.centerLon,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; code: string };
  };
  const act = async (user: string, id: string, body: object) => {
    const res = await t.as(user, 'POST', `/api/complaints/${id}/actions`, body);
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    t = await createTestApp({ demoEquipment: false, now: () => clock });
    const me = (await t.as('njdl_zdz', 'GET', '/api/auth/me')).json();
    sq = (await t.as('njdl_zdz', 'GET', `/api/units/${me.unit.id}`)).json();
  });
  afterAll(() => t.close());

  it('counts on-time handling, reopen/return and complete files, listing the records', async () => {
    // Mon 2 Nov: four complaints, 5 working days each → due Mon 9 Nov 24:00.
    const complete = await order();
    const late = await order();
    const overdue = await order();
    const noPhoto = await order();
    for (const c of [complete, late, overdue, noPhoto]) await act('njdl_nq', c.id, { action: 'dispatch' });
    await act('njdl_dy', late.id, { action: 'return', reason: '需核实位置' });
    await act('njdl_nq', late.id, { action: 'dispatch' });
    for (const c of [complete, noPhoto]) {
      await act('njdl_dy', c.id, { action: 'contact', note: '已联系' });
      await act('njdl_dy', c.id, { action: 'sign' });
    }
    const photo = multipart(PNG);
    expect((await t.as('njdl_dy', 'POST', `/api/complaints/${complete.id}/photos?stage=after`, photo.body, photo.headers)).statusCode).toBe(201);
    for (const c of [complete, noPhoto]) {
      await act('njdl_dy', c.id, { action: 'handle', note: '已劝离' });
      await act('njdl_nq', c.id, { action: 'reply', replyText: '已处理' });
      expect((await t.as('njdl_nq', 'POST', `/api/complaints/${c.id}/feedback`, { satisfaction: 'satisfied' })).statusCode).toBe(200);
      await act('njdl_zdz', c.id, { action: 'close' });
    }
    clock = new Date('2026-11-12T09:00:00+08:00');
    await act('njdl_dy', late.id, { action: 'sign' });
    await act('njdl_dy', late.id, { action: 'handle', note: '晚了三天' });

    const res = await t.as('njdl_zdz', 'GET', '/api/complaints/indicators?from=2026-11-01&to=2026-11-30');
    expect(res.statusCode, res.body).toBe(200);
    const byKey = Object.fromEntries(res.json().indicators.map((i: { key: string }) => [i.key, i]));
    expect(byKey.on_time).toMatchObject({ numerator: 2, denominator: 4, rate: 0.5 });
    expect(byKey.on_time.records.slice(0, 2).map((r: { code: string }) => r.code).sort()).toEqual([late.code, overdue.code].sort());
    expect(byKey.on_time.records.find((r: { code: string }) => r.code === overdue.code).detail).toContain('尚未处置');
    expect(byKey.reopen_return).toMatchObject({ numerator: 1, denominator: 4, rate: 0.25, higherIsBetter: false });
    expect(byKey.reopen_return.records[0]).toMatchObject({ code: late.code, ok: true, detail: '重办 0 次，退回 1 次' });
    expect(byKey.archive_complete).toMatchObject({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(byKey.archive_complete.records[0]).toMatchObject({ code: noPhoto.code, ok: false, detail: '缺少：处置后照片' });

    // An empty period measures nothing: null, not zero.
    const empty = (await t.as('njdl_zdz', 'GET', '/api/complaints/indicators?from=2026-01-01&to=2026-01-31')).json();
    expect(empty.indicators.map((i: { rate: number | null; denominator: number }) => [i.rate, i.denominator])).toEqual([[null, 0], [null, 0], [null, 0]]);
    // Validation and scope.
    const bad = await t.as('njdl_zdz', 'GET', '/api/complaints/indicators?from=2026-12-01&to=2026-11-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('to');
    const other = (await t.as('admin', 'GET', '/api/units?q=310104001')).json().items[0];
    expect((await t.as('njdl_zdz', 'GET', `/api/complaints/indicators?unitId=${other.id}&from=2026-11-01&to=2026-11-30`)).statusCode).toBe(404);
  });
});
