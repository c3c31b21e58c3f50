// 诉件 lifecycle against a real database: a 12345 order goes 受理 → 派遣 → 首次联系 → 签收 → 处置中 → 已处置 → 已回复 → 办结 with
// every step timed and audited; the wrong role or state is refused with nothing written; 退回 needs a reason; 延期 is
// requested by the squadron and approved by a leader (the deadline moves across the calendar); a dissatisfied citizen
// reopens it with 3 working days; 改派 needs a reason; duplicates are merged and linked; photos are checked by content
// and size; the field app's Idempotency-Key makes a replay write nothing; 巡查发现 from the phone is signed at once.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryOne, queryRows, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7), Buffer.from([0xff, 0xd9])]);

// A 1×1 PNG (red pixel).
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
const savePdf = (pdf: Buffer) => {
  const file = join(mkdtempSync(join(tmpdir(), 'cg-archive-')), 'a.pdf');
  writeFileSync(file, pdf);
  return file;
};
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', savePdf(pdf), '-'], { encoding: 'utf8' });

function multipart(content: Buffer, fileName: string) {
  const boundary = '----cgphoto' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: image/jpeg\r\n\r\n`);
  return { body: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('诉件 lifecycle', () => {
  let t: TestApp;
  // Fri 25 Sep 2026, before 国庆 (1–7 Oct off, Sat 10 Oct worked).
  let clock = new Date('2026-09-25T10:00:00+08:00');
  let squadron: { id: string; name: string; centerLat: number; centerLon: number };
  let n = 0;

  const act = (user: string, id: string, body: object, headers?: Record<string, string>) =>
    t.as(user, 'POST', `/api/complaints/${id}/actions`, body, headers);
  const newOrder = async (extra: object = {}) => {
    n += 1;
    const res = await t.as('admin', 'POST', '/api/complaints/intake', {
      source: '12345', externalNo: `GD-LC-${n}`, categoryCode: 'SR01', description: '人行道上有流动摊贩卖水果',
      address: '南京东路', lat: squadron.centerLat + (n % 10) * 0.0001, lon: squadron.centerLon, reporterPhone: '13800001111', ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; code: string; dueAt: string; version: number };
  };
  const writes = async () => ({
    events: await t.count('complaint_events'), audit: await t.count('audit_log'), photos: await t.count('complaint_photos'),
    complaints: await t.count('complaints'), keys: await t.count('client_requests'),
  });

  beforeAll(async () => {
    t = await createTestApp({ demoEquipment: false, now: () => clock });
    const me = (await t.as('njdl_zdz', 'GET', '/api/auth/me')).json();
    squadron = (await t.as('njdl_zdz', 'GET', `/api/units/${me.unit.id}`)).json();
  });
  afterAll(() => t.close());
  beforeEach(() => { clock = new Date('2026-09-25T10:00:00+08:00'); });

  it('walks the whole line, each step timed, audited and offered only to the right role', async () => {
    const c = await newOrder();
    let d = (await t.as('njdl_nq', 'GET', `/api/complaints/${c.id}`)).json();
    expect(d.availableActions.map((a: { action: string }) => a.action)).toEqual(['dispatch']);
    expect((await t.as('njdl_dy', 'GET', `/api/complaints/${c.id}`)).json().availableActions).toEqual([]);

    const steps: [string, object, string, string][] = [
      ['njdl_nq', { action: 'dispatch' }, 'dispatched', 'dispatched'],
      ['njdl_dy', { action: 'contact', note: '已电话联系王先生' }, 'dispatched', 'contacted'],
      ['njdl_dy', { action: 'sign' }, 'signed', 'signed'],
      ['njdl_dy', { action: 'start' }, 'handling', 'handling'],
      ['njdl_dy', { action: 'handle', note: '摊贩已劝离，现场恢复整洁' }, 'handled', 'handled'],
      ['njdl_nq', { action: 'reply', replyText: '您反映的问题已处理，摊贩已劝离。' }, 'replied', 'replied'],
      ['njdl_zdz', { action: 'close' }, 'closed', 'closed'],
    ];
    for (const [user, body, status, kind] of steps) {
      clock = new Date(clock.getTime() + 3600_000);
      const res = await act(user, c.id, body);
      expect(res.statusCode, `${JSON.stringify(body)}: ${res.body}`).toBe(200);
      d = res.json();
      expect(d.status).toBe(status);
      expect(d.events.at(-1)).toMatchObject({ kind, at: clock.toISOString() });
    }
    expect(d).toMatchObject({
      handledOnTime: true, handlingNote: '摊贩已劝离，现场恢复整洁', replyText: '您反映的问题已处理，摊贩已劝离。', dueState: 'done',
      contactedAt: expect.any(String), handledAt: expect.any(String), repliedAt: expect.any(String), closedAt: expect.any(String),
    });
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(['accepted', 'dispatched', 'contacted', 'signed', 'handling', 'handled', 'replied', 'closed']);
    const audit = await queryRows<{ action: string }>(t.database.db, sql`
      SELECT action FROM audit_log WHERE entity_type = 'complaint' AND entity_id = ${c.id} ORDER BY seq`);
    expect(audit.map((a) => a.action)).toEqual(['intake', 'dispatch', 'contact', 'sign', 'start', 'handle', 'reply', 'close']);
  });

  it('refuses the wrong role, the wrong state, a missing reason or note, and a stale version; nothing is written', async () => {
    const c = await newOrder();
    const before = await writes();
    const cases: [string, object, number, string][] = [
      ['njdl_dy', { action: 'dispatch' }, 403, 'FORBIDDEN'],
      ['njdl_nq', { action: 'sign' }, 409, 'ILLEGAL_MOVE'],
      ['njdl_nq', { action: 'dispatch', version: c.version + 5 }, 409, 'VERSION_CONFLICT'],
      ['njdl_nq', { action: 'fly' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [user, body, status, code] of cases) {
      const res = await act(user, c.id, body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().code).toBe(code);
    }
    expect((await act('njdl_nq', c.id, { action: 'fly' })).json().details[0]).toMatchObject({ field: 'action' });
    await act('njdl_nq', c.id, { action: 'dispatch' });
    const mid = await writes();
    const ret = await act('njdl_dy', c.id, { action: 'return' });
    expect(ret.statusCode).toBe(400);
    expect(ret.json().details[0]).toMatchObject({ field: 'reason', message: expect.stringContaining('退回须填写原因') });
    await act('njdl_dy', c.id, { action: 'sign' });
    const noNote = await act('njdl_dy', c.id, { action: 'handle' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().details[0].field).toBe('note');
    const after = await writes();
    // Only the dispatch and the sign were written (2 events, 2 audit rows).
    expect(mid).toEqual({ ...before, events: before.events + 1, audit: before.audit + 1 });
    expect(after).toEqual({ ...mid, events: mid.events + 1, audit: mid.audit + 1 });
  });

  it('退回 goes back to the desk with the reason; 改派 moves it to another squadron with a reason', async () => {
    const c = await newOrder();
    await act('njdl_nq', c.id, { action: 'dispatch' });
    const ret = await act('njdl_dy', c.id, { action: 'return', reason: '位置在外滩中队辖区' });
    expect(ret.json()).toMatchObject({ status: 'returned', returnCount: 1 });
    const other = (await t.as('admin', 'GET', '/api/units?q=外滩')).json().items.find((u: { kind: string }) => u.kind.endsWith('中队'));
    expect(other).toBeDefined();
    expect((await t.as('hp_admin', 'POST', `/api/complaints/${c.id}/reroute`, { unitId: other.id, reason: '' })).json().details[0].field).toBe('reason');
    const moved = await t.as('hp_admin', 'POST', `/api/complaints/${c.id}/reroute`, { unitId: other.id, reason: '按实际位置改派' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ unitId: other.id, status: 'returned' });
    expect(moved.json().events.at(-1)).toMatchObject({ kind: 'rerouted', fromUnitName: squadron.name, toUnitName: other.name, note: expect.stringContaining('按实际位置改派') });
    // The first squadron no longer sees it.
    expect((await t.as('njdl_dy', 'GET', `/api/complaints/${c.id}`)).statusCode).toBe(404);
    // Once signed it cannot be re-routed.
    const d = await newOrder();
    await act('njdl_nq', d.id, { action: 'dispatch' });
    await act('njdl_dy', d.id, { action: 'sign' });
    expect((await t.as('hp_admin', 'POST', `/api/complaints/${d.id}/reroute`, { unitId: other.id, reason: '改派试试' })).statusCode).toBe(409);
  });

  it('延期: the squadron asks, the leader approves, the deadline moves across 国庆; at most 15 working days in all', async () => {
    const c = await newOrder();
    // Received Fri 25 Sep 10:00; 5 working days: 28, 29, 30 Sep, 8, 9 Oct → due 9 Oct 24:00.
    expect(c.dueAt).toBe('2026-10-09T16:00:00.000Z');
    await act('njdl_nq', c.id, { action: 'dispatch' });
    await act('njdl_dy', c.id, { action: 'sign' });
    expect((await act('njdl_dy', c.id, { action: 'request_extension', reason: '需协调房管部门', extensionDays: 11 })).json().details[0].field).toBe('extensionDays');
    const tooLong = await act('njdl_dy', c.id, { action: 'request_extension', reason: '需协调房管部门', extensionDays: 10 });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().details[0].message).toContain('超过15个工作日');
    const asked = await act('njdl_dy', c.id, { action: 'request_extension', reason: '需协调房管部门', extensionDays: 3 });
    expect(asked.statusCode, asked.body).toBe(200);
    // 3 more working days after Fri 9 Oct: Sat 10 (调休上班), Mon 12, Tue 13 → 13 Oct 24:00.
    expect(asked.json()).toMatchObject({ extensionPending: true, extensionRequestedDueAt: '2026-10-13T16:00:00.000Z', dueAt: c.dueAt });
    expect((await act('njdl_dy', c.id, { action: 'approve_extension' })).statusCode).toBe(403);
    expect((await act('njdl_dy', c.id, { action: 'request_extension', reason: '再申请', extensionDays: 1 })).json().code).toBe('EXTENSION_PENDING');
    const approved = await act('njdl_zdz', c.id, { action: 'approve_extension' });
    expect(approved.json()).toMatchObject({ extensionPending: false, dueAt: '2026-10-13T16:00:00.000Z', status: 'signed' });
    expect(approved.json().events.at(-1).note).toMatch(/批准延期/);
    // A late handling is recorded as not on time.
    clock = new Date('2026-10-14T09:00:00+08:00');
    const late = await act('njdl_dy', c.id, { action: 'handle', note: '已协调拆除' });
    expect(late.json()).toMatchObject({ status: 'handled', handledOnTime: false });
  });

  it('a dissatisfied citizen reopens it with 3 working days; satisfied only records', async () => {
    const c = await newOrder();
    for (const [u, b] of [['njdl_nq', { action: 'dispatch' }], ['njdl_dy', { action: 'sign' }], ['njdl_dy', { action: 'handle', note: '已处理' }],
      ['njdl_nq', { action: 'reply', replyText: '已处理完毕' }]] as const) expect((await act(u, c.id, b)).statusCode).toBe(200);
    expect((await t.as('njdl_nq', 'POST', `/api/complaints/${c.id}/feedback`, { satisfaction: 'dissatisfied' })).json().details[0].field).toBe('note');
    clock = new Date('2026-09-30T15:00:00+08:00');
    const res = await t.as('njdl_nq', 'POST', `/api/complaints/${c.id}/feedback`, { satisfaction: 'dissatisfied', note: '摊贩第二天又来了' });
    expect(res.statusCode, res.body).toBe(200);
    // Wed 30 Sep + 3 working days: 8, 9, 10 (Sat, 调休上班) Oct → 10 Oct 24:00.
    expect(res.json()).toMatchObject({ status: 'handling', satisfaction: null, replyText: null, reopenCount: 1, dueAt: '2026-10-10T16:00:00.000Z', handledAt: null });
    expect(res.json().events.slice(-2).map((e: { kind: string }) => e.kind)).toEqual(['feedback', 'reopened']);
    expect((await t.as('njdl_dy', 'POST', `/api/complaints/${c.id}/feedback`, { satisfaction: 'satisfied' })).statusCode).toBe(403);
  });

  it('merges a duplicate into the original and cross-links two others', async () => {
    const a = await newOrder();
    const b = await newOrder();
    const c = await newOrder();
    const merged = await t.as('njdl_nq', 'POST', `/api/complaints/${b.id}/merge`, { intoId: a.id, reason: '同一摊贩' });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ status: 'closed', mergedIntoId: a.id, mergedIntoCode: a.code, availableActions: [] });
    expect((await act('njdl_nq', b.id, { action: 'dispatch' })).statusCode).toBe(409);
    expect((await t.as('njdl_nq', 'POST', `/api/complaints/${c.id}/merge`, { intoId: b.id })).json().details[0].field).toBe('intoId');
    const linked = await t.as('njdl_nq', 'POST', `/api/complaints/${c.id}/links`, { otherId: a.id });
    expect(linked.json().links).toEqual([expect.objectContaining({ id: a.id, kind: 'duplicate' })]);
    expect((await t.as('njdl_nq', 'POST', `/api/complaints/${a.id}/links`, { otherId: c.id })).statusCode).toBe(409);
    const original = (await t.as('njdl_nq', 'GET', `/api/complaints/${a.id}`)).json();
    expect(original.links.map((l: { code: string; kind: string }) => `${l.code}:${l.kind}`).sort()).toEqual([`${b.code}:merged`, `${c.code}:duplicate`].sort());
    expect(original.events.filter((e: { kind: string }) => e.kind === 'merged' || e.kind === 'linked')).toHaveLength(2);
  });

  it('photos: checked by content and size, replay-safe with an Idempotency-Key, served back', async () => {
    const c = await newOrder();
    await act('njdl_nq', c.id, { action: 'dispatch' });
    const url = `/api/complaints/${c.id}/photos?stage=before&lat=${squadron.centerLat}&lon=${squadron.centerLon}`;
    const before = await writes();
    const html = multipart(Buffer.from('<html>x</html>'), 'x.jpg');
    expect((await t.as('njdl_dy', 'POST', url, html.body, html.headers)).statusCode).toBe(415);
    const big = multipart(Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]), 'big.jpg');
    const tooBig = await t.as('njdl_dy', 'POST', url, big.body, big.headers);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().details[0].field).toBe('file');
    const badStage = multipart(JPEG, 'a.jpg');
    expect((await t.as('njdl_dy', 'POST', `/api/complaints/${c.id}/photos?stage=middle`, badStage.body, badStage.headers)).json().details[0].field).toBe('stage');
    expect(await writes()).toEqual(before);

    const key = { 'idempotency-key': 'photo-0001-abcdef' };
    const p1 = multipart(JPEG, '现场.jpg');
    const first = await t.as('njdl_dy', 'POST', url, p1.body, { ...p1.headers, ...key });
    expect(first.statusCode, first.body).toBe(201);
    const again = multipart(JPEG, '现场.jpg');
    const replay = await t.as('njdl_dy', 'POST', url, again.body, { ...again.headers, ...key });
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toMatchObject({ replayed: true });
    expect(first.json().replayed).toBe(false);
    expect(await writes()).toEqual({ ...before, photos: before.photos + 1, events: before.events + 1, audit: before.audit + 1, keys: before.keys + 1 });
    const photo = first.json().photos[0];
    expect(photo).toMatchObject({ stage: 'before', stageLabel: '处置前', mimeType: 'image/jpeg', sizeBytes: JPEG.length });
    const got = await t.as('njdl_nq', 'GET', photo.url);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(got.rawPayload, JPEG)).toBe(0);
  });

  it('an action replayed with its Idempotency-Key is applied once; the key cannot be reused for another action', async () => {
    const c = await newOrder();
    await act('njdl_nq', c.id, { action: 'dispatch' });
    const key = { 'idempotency-key': 'offline-sign-0001' };
    const first = await act('njdl_dy', c.id, { action: 'sign' }, key);
    const before = await writes();
    const replay = await act('njdl_dy', c.id, { action: 'sign' }, key);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ status: 'signed', replayed: true, version: first.json().version });
    expect(await writes()).toEqual(before);
    const reused = await act('njdl_dy', c.id, { action: 'start' }, key);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await act('njdl_dy', c.id, { action: 'start' }, { 'idempotency-key': 'bad key!' })).json().details[0].field).toBe('Idempotency-Key');
    // Without a key a repeated step is refused by the state machine, not applied twice.
    expect((await act('njdl_dy', c.id, { action: 'sign' })).statusCode).toBe(409);
  });

  it('巡查发现: an officer reports on the spot; it is routed, dispatched and signed by the reporter, once', async () => {
    const body = { categoryCode: 'SR03', description: '店门口堆放纸箱占用人行道', address: '南京东路100号', lat: squadron.centerLat, lon: squadron.centerLon + 0.001 };
    const key = { 'idempotency-key': 'field-report-0001' };
    const res = await t.as('njdl_dy', 'POST', '/api/complaints/field', body, key);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ source: 'field', status: 'signed', unitId: squadron.id });
    expect(res.json().events.map((e: { kind: string }) => e.kind)).toEqual(['accepted', 'dispatched', 'signed']);
    const count = await t.count('complaints');
    const replay = await t.as('njdl_dy', 'POST', '/api/complaints/field', body, key);
    expect(replay.json()).toMatchObject({ id: res.json().id, replayed: true });
    expect(await t.count('complaints')).toBe(count);
    // A point in another squadron's jurisdiction is not the officer's to report; nothing written.
    const outside = await t.as('njdl_dy', 'POST', '/api/complaints/field', { ...body, lat: 31.19, lon: 121.44 }, { 'idempotency-key': 'field-report-0002' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().details[0].field).toBe('lat');
    expect(await t.count('complaints')).toBe(count);
    const row = await queryOne<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM client_requests WHERE key = 'field-report-0002'`);
    expect(row!.n).toBe(0);
  });
});

describe('诉件一事一档 PDF', () => {
  let t: TestApp;
  const clock = new Date('2026-09-25T10:00:00+08:00');

  beforeAll(async () => { t = await createTestApp({ demoEquipment: false, now: () => clock }); });
  afterAll(() => t.close());

  it('holds the whole life of a complaint, in Chinese, with the photo and the completeness check', async () => {
    const me = (await t.as('njdl_zdz', 'GET', '/api/auth/me')).json();
    const sq = (await t.as('njdl_zdz', 'GET', `/api/units/${me.unit.id}`)).json();
    const c = (await t.as('admin', 'POST', '/api/complaints/intake', {
      source: '12345', externalNo: 'GD-PDF-1', categoryCode: 'SR01', description: '河南中路口有人占道经营早点摊',
      address: '河南中路', lat: sq.centerLat, lon: sq.centerLon, reporterName: '李女士', reporterPhone: '13900002222',
    })).json();
    const act = (u: string, b: object) => t.as(u, 'POST', `/api/complaints/${c.id}/actions`, b);
    await act('njdl_nq', { action: 'dispatch' });
    await act('njdl_dy', { action: 'contact', note: '电话联系李女士' });
    await act('njdl_dy', { action: 'sign' });
    const photo = multipart(PNG_1x1, '处置后.png');
    expect((await t.as('njdl_dy', 'POST', `/api/complaints/${c.id}/photos?stage=after`, photo.body, photo.headers)).statusCode).toBe(201);
    await act('njdl_dy', { action: 'handle', note: '早点摊已搬离，地面已清扫' });
    await act('njdl_nq', { action: 'reply', replyText: '经现场处置，占道早点摊已搬离。' });
    const fed = await t.as('njdl_nq', 'POST', `/api/complaints/${c.id}/feedback`, { satisfaction: 'dissatisfied', note: '第二天又摆出来了' });
    expect(fed.json().status).toBe('handling');
    expect(fed.json().archive).toMatchObject({ complete: false, missing: ['处置情况说明', '回复市民', '市民评价', '办结'] });

    const res = await t.as('njdl_nq', 'GET', `/api/complaints/${c.id}/archive.pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('一事一档'));
    const text = pdfText(res.rawPayload).replace(/\s+/g, '');
    for (const expected of [
      '诉件一事一档', c.code, 'GD-PDF-1', '河南中路口有人占道经营早点摊', '139****2222', '受理', '派遣', '首次联系', '签收', '处置完毕',
      '早点摊已搬离，地面已清扫', '回复市民', '经现场处置，占道早点摊已搬离。', '市民评价', '不满意', '重办', '第二天又摆出来了', '处置后',
      '档案完整性', '【缺少】办结',
    ]) expect(text, expected).toContain(expected.replace(/\s+/g, ''));
    expect(text).not.toContain('13900002222');
    // The PNG was embedded as an image.
    expect(execFileSync('pdfimages', ['-list', savePdf(res.rawPayload)], { encoding: 'utf8' }).split('\n').filter((l) => /^\s+\d+\s+\d+\s+image/.test(l))).toHaveLength(1);
    expect((await t.as('njdl_nq', 'GET', '/api/complaints/00000000-0000-4000-8000-000000000000/archive.pdf')).statusCode).toBe(404);
  });
});
