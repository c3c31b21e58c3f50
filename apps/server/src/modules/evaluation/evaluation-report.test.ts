// 考核验收 reports against a real database: the per-squadron PDF carries the squadron, tiers, every criterion, the on-site
// override with its reason and embedded photo (an unreadable photo is noted, not fatal) and the 差距清单, in Chinese that
// pdftotext reads back; the round summary and the dashboard open in Excel with the expected sheets and rows; scope and
// permission hold (another squadron's report is 404, a 队员 gets 403).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate, type TierScore } from '@cg/domain';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * A real baseline JPEG (grey, w×h, one component) without an image library: every 8×8 block is DC difference 0 and an
 * end-of-block, each a one-bit Huffman code "0", so the scan is all zero bits.
 */
function greyJpeg(w: number, h: number): Buffer {
  const seg = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
  const huffman = (tableClass: number) => [tableClass << 4, 1, ...Array<number>(15).fill(0), 0x00];
  const blocks = Math.ceil(w / 8) * Math.ceil(h / 8);
  return Buffer.from([
    0xff, 0xd8,
    ...seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...seg(0xdb, [0x00, ...Array<number>(64).fill(1)]),
    ...seg(0xc0, [8, h >> 8, h & 0xff, w >> 8, w & 0xff, 1, 1, 0x11, 0]),
    ...seg(0xc4, huffman(0)), ...seg(0xc4, huffman(1)),
    ...seg(0xda, [1, 1, 0x00, 0, 63, 0]),
    ...Array<number>(Math.ceil((blocks * 2) / 8)).fill(0),
    0xff, 0xd9,
  ]);
}
const JPEG = greyJpeg(64, 48);
// Passes the upload's content check (PNG signature) but is not a readable PNG.
const BROKEN_PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR-broken')]);

const savePdf = (pdf: Buffer) => {
  const file = join(mkdtempSync(join(tmpdir(), 'cg-eval-report-')), 'r.pdf');
  writeFileSync(file, pdf);
  return file;
};
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', savePdf(pdf), '-'], { encoding: 'utf8' });
const pdfInfo = (pdf: Buffer) => execFileSync('pdfinfo', [savePdf(pdf)], { encoding: 'utf8' });
/** Rows of `pdfimages -list` (after its two header lines). */
const pdfImages = (pdf: Buffer) => execFileSync('pdfimages', ['-list', savePdf(pdf)], { encoding: 'utf8' }).trim().split('\n').slice(2);
const flat = (s: string) => s.replace(/\s+/g, '');

function multipart(file: Buffer, name: string, type: string) {
  const boundary = '----cgreport' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, file, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function workbook(payload: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  return wb;
}
/** Data rows of a sheet: below the title (1) and header (2). */
const dataRows = (ws: ExcelJS.Worksheet) => ws.actualRowCount - 2;

describe('考核验收报告与汇总', () => {
  let t: TestApp;
  let squadron: { id: string; name: string };
  let roundId: string;
  let applicantId: string;
  let otherApplicant: string;
  const REASON = '抽查10件案件，8件记录完整，现场核实照片见附件';

  beforeAll(async () => {
    t = await createTestApp();
    squadron = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json().unit;
    const v1 = (await t.as('kaohe', 'GET', '/api/evaluation/rubrics')).json().items[0];
    const today = shanghaiDate(new Date()); // a Shanghai date, as the server reads it
    const created = await t.as('kaohe', 'POST', '/api/evaluation/rounds', {
      year: 2026, name: '2026年度信息化建设专项考核', rubricId: v1.id, periodFrom: '2026-01-01', periodTo: '2026-12-31', applyDeadline: today,
      cutoffAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(created.statusCode, created.body).toBe(201);
    roundId = created.json().id;
    const apply = (unitId: string, tier: string) => t.as('hp_admin', 'POST', `/api/evaluation/rounds/${roundId}/applicants`, { unitId, tier });
    const mine = await apply(squadron.id, 'demonstration');
    expect(mine.statusCode, mine.body).toBe(201);
    applicantId = mine.json().id;
    const dash = (await t.as('hp_admin', 'GET', '/api/evaluation/dashboard')).json();
    const sibling = dash.squadrons.find((s: { unitId: string }) => s.unitId !== squadron.id);
    const second = await apply(sibling.unitId, 'standard');
    expect(second.statusCode, second.body).toBe(201);
    otherApplicant = second.json().id;
    const round = (await t.as('kaohe', 'GET', `/api/evaluation/rounds/${roundId}`)).json().round;
    const snap = await t.as('kaohe', 'POST', `/api/evaluation/rounds/${roundId}/snapshot`, { rowVersion: round.rowVersion });
    expect(snap.statusCode, snap.body).toBe(200);

    const put = (code: string, body: object) => t.as('kaohe', 'PUT', `/api/evaluation/applicants/${applicantId}/findings/${code}`, body);
    const override = await put('S.APP.CASE.1', { verdict: 'override', credit: 0.8, reason: REASON });
    expect(override.statusCode, override.body).toBe(200);
    const photo = multipart(JPEG, '案卷抽查.jpg', 'image/jpeg');
    const added = await t.as('kaohe', 'POST', `/api/evaluation/findings/${override.json().id}/photos`, photo.body, photo.headers);
    expect(added.statusCode, added.body).toBe(201);
    // A second override whose only photo cannot be decoded: the report must still render.
    const second2 = await put('S.APP.INSP.1', { verdict: 'override', credit: 0.5, reason: '现场演示部分功能' });
    expect(second2.statusCode, second2.body).toBe(200);
    const broken = multipart(BROKEN_PNG, '损坏的照片.png', 'image/png');
    expect((await t.as('kaohe', 'POST', `/api/evaluation/findings/${second2.json().id}/photos`, broken.body, broken.headers)).statusCode).toBe(201);
    expect((await put('S.EQP.KIT.1', { verdict: 'confirm' })).statusCode).toBe(200);
  }, 180_000);
  afterAll(() => t?.close());

  it('the report PDF of a squadron renders its Chinese text, every criterion, the override with its photo, and the gap list', async () => {
    const res = await t.as('njdl_zdz', 'GET', `/api/evaluation/applicants/${applicantId}/report.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`${squadron.name}-考核验收报告.pdf`));
    const pdf = res.rawPayload;
    const text = flat(pdfText(pdf));
    for (const s of ['考核验收报告', squadron.name, '规范化达标中队', '示范中队', '预计得分', '队员执法记录仪配置数量', 'S.EQP.KIT.3',
      flat(REASON), '差距清单', '现场改判', '案卷抽查.jpg', '照片无法解析，未嵌入', '第1/']) {
      expect(text, s).toContain(s);
    }
    const scores = (await t.as('njdl_zdz', 'GET', `/api/evaluation/applicants/${applicantId}`)).json() as { tiers: TierScore[] };
    for (const tier of scores.tiers) {
      for (const c of tier.categories.flatMap((x) => x.items.flatMap((i) => i.criteria))) expect(text, c.code).toContain(c.code);
    }
    // The JPEG is embedded (once), the broken PNG is not.
    const images = pdfImages(pdf);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/\s64\s+48\s+gray\s+1\s+8\s+jpeg\s/);
    const pages = Number(/Pages:\s+(\d+)/.exec(pdfInfo(pdf))![1]);
    expect(pages).toBeGreaterThan(2);
    expect(text).toContain(`第${pages}/${pages}页`);
    console.info(`report.pdf: ${pages} pages, ${pdf.length} bytes`);
  });

  it('scope and permission: another squadron’s report is 404, a 队员 without evaluation.read gets 403', async () => {
    expect((await t.as('njdl_zdz', 'GET', `/api/evaluation/applicants/${otherApplicant}/report.pdf`)).statusCode).toBe(404);
    expect((await t.as('hp_admin', 'GET', `/api/evaluation/applicants/${otherApplicant}/report.pdf`)).statusCode).toBe(200);
    expect((await t.as('njdl_dy', 'GET', `/api/evaluation/applicants/${applicantId}/report.pdf`)).statusCode).toBe(403);
    expect((await t.as('njdl_dy', 'GET', `/api/evaluation/rounds/${roundId}/summary.xlsx`)).statusCode).toBe(403);
    expect((await t.as('njdl_dy', 'GET', '/api/evaluation/dashboard.xlsx')).statusCode).toBe(403);
  });

  it('after publication the report says 最终得分 and the round summary has every sheet with the right rows', async () => {
    const round = (await t.as('kaohe', 'GET', `/api/evaluation/rounds/${roundId}`)).json().round;
    const pub = await t.as('kaohe', 'POST', `/api/evaluation/rounds/${roundId}/publish`, { rowVersion: round.rowVersion });
    expect(pub.statusCode, pub.body).toBe(200);
    const text = flat(pdfText((await t.as('njdl_zdz', 'GET', `/api/evaluation/applicants/${applicantId}/report.pdf`)).rawPayload));
    expect(text).toContain('最终得分');
    expect(text).not.toContain('预计得分');

    const res = await t.as('hp_admin', 'GET', `/api/evaluation/rounds/${roundId}/summary.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = await workbook(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '全市排名', '区内排名', '指标明细']);
    const summary = wb.getWorksheet('汇总')!;
    expect(dataRows(summary)).toBe(2);
    expect(String(summary.getCell('A1').value)).toContain('2026年度信息化建设专项考核');
    expect(summary.getRow(2).getCell(2).value).toBe('中队');
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const mineRow = [3, 4].map((r) => summary.getRow(r)).find((r) => r.getCell(2).value === squadron.name)!;
    const detail = (await t.as('hp_admin', 'GET', `/api/evaluation/applicants/${applicantId}`)).json() as { tiers: TierScore[] };
    const std = detail.tiers.find((x) => x.tier === 'standard')!;
    expect(mineRow.getCell(4).value).toBeCloseTo(std.points, 6);
    expect(mineRow.getCell(4).numFmt).toBe('0.00');
    // Standard: both applicants; demonstration: only ours. City and district lists have the same entries here (one district).
    expect(dataRows(wb.getWorksheet('全市排名')!)).toBe(3);
    expect(dataRows(wb.getWorksheet('区内排名')!)).toBe(3);
    const other = (await t.as('hp_admin', 'GET', `/api/evaluation/applicants/${otherApplicant}`)).json() as { tiers: TierScore[] };
    const criteria = (tiers: TierScore[]) => tiers.flatMap((x) => x.categories.flatMap((c) => c.items.flatMap((i) => i.criteria))).length;
    const details = wb.getWorksheet('指标明细')!;
    expect(dataRows(details)).toBe(criteria(detail.tiers) + criteria(other.tiers));
    const camera = details.getRows(3, dataRows(details))!.find((r) => r.getCell(6).value === 'S.EQP.KIT.3' && r.getCell(2).value === squadron.name)!;
    expect(camera.getCell(7).value).toBe('队员执法记录仪配置数量');
    const overridden = details.getRows(3, dataRows(details))!.find((r) => r.getCell(6).value === 'S.APP.CASE.1' && r.getCell(2).value === squadron.name)!;
    expect(overridden.getCell(9).value).toBe('现场改判');
    expect(overridden.getCell(14).value).toBe(REASON);

    // A squadron leader's summary holds its own squadron only; narrowing to a unit outside the scope is 404.
    const own = await t.as('njdl_zdz', 'GET', `/api/evaluation/rounds/${roundId}/summary.xlsx`);
    expect(own.statusCode).toBe(200);
    const ownWb = await workbook(own.rawPayload);
    expect(dataRows(ownWb.getWorksheet('汇总')!)).toBe(1);
    expect(dataRows(ownWb.getWorksheet('指标明细')!)).toBe(criteria(detail.tiers));
    const district = (await t.as('hp_admin', 'GET', '/api/auth/me')).json().unit;
    expect((await t.as('njdl_zdz', 'GET', `/api/evaluation/rounds/${roundId}/summary.xlsx?unitId=${district.id}`)).statusCode).toBe(404);
    const narrowed = await workbook((await t.as('hp_admin', 'GET', `/api/evaluation/rounds/${roundId}/summary.xlsx?unitId=${squadron.id}`)).rawPayload);
    expect(dataRows(narrowed.getWorksheet('汇总')!)).toBe(1);
  });

  it('the dashboard workbook lists every squadron of the scope with projected points, pass and top gap', async () => {
    const json = (await t.as('hp_admin', 'GET', '/api/evaluation/dashboard')).json() as { squadrons: { unitName: string; standardPoints: number }[] };
    const res = await t.as('hp_admin', 'GET', '/api/evaluation/dashboard.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    const ws = (await workbook(res.rawPayload)).getWorksheet('考核总览')!;
    expect(dataRows(ws)).toBe(json.squadrons.length);
    expect(ws.getRow(2).values).toEqual(expect.arrayContaining(['中队', '规范化达标预计得分', '示范', '首要差距', '建议']));
    const first = ws.getRow(3);
    expect(first.getCell(2).value).toBe(json.squadrons[0]!.unitName);
    expect(first.getCell(3).value).toBeCloseTo(json.squadrons[0]!.standardPoints, 6);
    expect(['达标', '未达标']).toContain(first.getCell(4).value);
    const own = await t.as('njdl_zdz', 'GET', '/api/evaluation/dashboard.xlsx');
    expect(own.statusCode).toBe(200);
    expect(dataRows((await workbook(own.rawPayload)).getWorksheet('考核总览')!)).toBe(1);
  });
});
