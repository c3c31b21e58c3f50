import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { labelPayload } from '@cg/domain';
import { queryOne, sql } from '@cg/db';
import { buildApp } from '../../app.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { LABEL_HEADER, LABEL_LAYOUTS, renderLabelSheet, type LabelItem } from './equipment-labels.ts';

const DPI = 200;
const work = mkdtempSync(path.join(tmpdir(), 'cg-labels-'));
let fileNo = 0;

function savePdf(pdf: Buffer): string {
  const file = path.join(work, `sheet-${++fileNo}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', savePdf(pdf), '-'], { encoding: 'utf8' });

interface Gray {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Page `page` as 8-bit grey (binary PGM, P5), header parsed here. */
function rasterise(pdf: Buffer, page = 1): Gray {
  const prefix = path.join(work, `page-${++fileNo}`);
  execFileSync('pdftoppm', ['-r', String(DPI), '-gray', '-f', String(page), '-l', String(page), '-singlefile', savePdf(pdf), prefix]);
  const bytes = readFileSync(`${prefix}.pgm`);
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[at]))) at++;
    if (bytes[at] === 0x23) { // '#' comment up to the end of the line
      while (bytes[at] !== 0x0a) at++;
      continue;
    }
    let token = '';
    while (!/\s/.test(String.fromCharCode(bytes[at]))) token += String.fromCharCode(bytes[at++]);
    fields.push(token);
  }
  at++; // the single whitespace byte after maxval
  const [magic, w, h, max] = fields;
  expect(magic).toBe('P5');
  expect(Number(max)).toBe(255);
  const width = Number(w);
  const height = Number(h);
  return { width, height, pixels: bytes.subarray(at, at + width * height) };
}

/** Decodes the QR code inside one label cell of the default layout (column, row from 0). */
function qrInCell(image: Gray, column: number, row: number, layout = LABEL_LAYOUTS['a4-70x37']): string | null {
  const px = (mm: number) => Math.round((mm / 25.4) * DPI);
  const x0 = px(layout.left + column * (layout.width + layout.gapX));
  const y0 = px(layout.top + row * (layout.height + layout.gapY));
  const w = Math.min(px(layout.width), image.width - x0);
  const h = Math.min(px(layout.height), image.height - y0);
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = image.pixels[(y0 + y) * image.width + x0 + x];
      rgba.set([v, v, v, 255], (y * w + x) * 4);
    }
  }
  return jsQR(rgba, w, h)?.data ?? null;
}

describe('执法装备 QR labels', () => {
  let t: TestApp;
  let squadron: { id: string; name: string };
  let items: { id: string; assetTag: string; categoryName: string; unitName: string; model: string }[];
  let outside: { id: string; assetTag: string };

  beforeAll(async () => {
    t = await createTestApp();
    squadron = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json().unit;
    items = (await t.as('njdl_nq', 'GET', `/api/equipment/items?unitId=${squadron.id}&pageSize=3&sort=assetTag`)).json().items;
    expect(items).toHaveLength(3);
    const path = (await queryOne<{ path: string }>(t.database.db, sql`SELECT path FROM units WHERE id = ${squadron.id}`))!.path;
    outside = (await queryOne<{ id: string; assetTag: string }>(t.database.db, sql`
      SELECT i.id, i.asset_tag AS "assetTag" FROM equipment_items i JOIN units u ON u.id = i.unit_id
      WHERE u.path NOT LIKE ${path + '%'} ORDER BY i.asset_tag LIMIT 1`))!;
  }, 120_000);
  afterAll(() => t.close());

  it('prints the chosen items with their Chinese text and a QR code holding the item URL', async () => {
    const ids = items.map((i) => i.id).join(',');
    const res = await t.as('njdl_nq', 'GET', `/api/equipment/labels.pdf?ids=${ids}`, undefined, { host: 'cg.example.test' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('执法装备标签_')}`);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(200_000); // the CJK font is subset, not embedded whole

    const text = pdfText(pdf);
    expect(text).toContain(LABEL_HEADER);
    for (const item of items) {
      expect(text).toContain(item.assetTag);
      expect(text).toContain(item.categoryName);
      expect(text).toContain(item.model);
    }
    expect(text).toContain(squadron.name);

    // Row by row: the labels sit in cells (0,0), (1,0), (2,0) of the first sheet, in the order of `ids`.
    const page = rasterise(pdf);
    expect(page.width).toBe(Math.round((210 / 25.4) * DPI));
    items.forEach((item, i) => {
      expect(qrInCell(page, i, 0)).toBe(labelPayload('http://cg.example.test', item.assetTag));
    });
    expect(qrInCell(page, 0, 1)).toBeNull(); // nothing beyond the three labels
  });

  it('prints into PUBLIC_URL when set, skipping the labels already used on the sheet', async () => {
    const app: FastifyInstance = await buildApp({ database: t.database, publicUrl: 'https://cg.example.gov.cn' });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'njdl_nq', password: 'Demo@123456' } });
      const res = await app.inject({
        method: 'GET', url: `/api/equipment/labels.pdf?ids=${items[0].id}&skip=4`, headers: { authorization: `Bearer ${login.json().token}` },
      });
      expect(res.statusCode).toBe(200);
      const page = rasterise(res.rawPayload);
      expect(qrInCell(page, 0, 0)).toBeNull();
      expect(qrInCell(page, 1, 1)).toBe(labelPayload('https://cg.example.gov.cn', items[0].assetTag)); // slot 4 = column 1, row 1
    } finally {
      await app.close();
    }
  });

  it('prints what the list filter selects, in the list order, over as many sheets as needed', async () => {
    const filter = `unitId=${squadron.id}&status=在用&sort=-assetTag`;
    const list = (await t.as('njdl_nq', 'GET', `/api/equipment/items?${encodeURI(filter)}&pageSize=200`)).json();
    expect(list.total).toBeGreaterThan(24); // the demo squadron holds more than one sheet's worth
    expect(list.total).toBeLessThanOrEqual(200);
    const res = await t.as('njdl_nq', 'GET', `/api/equipment/labels.pdf?${encodeURI(filter)}`);
    expect(res.statusCode).toBe(200);
    const text = pdfText(res.rawPayload);
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages).toHaveLength(Math.ceil(list.total / 24));
    const tags = list.items.map((i: { assetTag: string }) => i.assetTag);
    for (const tag of tags) expect(text).toContain(tag);
    // The first sheet holds the first 24 in the list's order.
    expect(tags.slice(0, 24).every((tag: string) => pages[0].includes(tag))).toBe(true);
    expect(pages[0].includes(tags[24])).toBe(false);
  });

  it('refuses more than the cap, and a filter that selects nothing', async () => {
    const all = await t.as('admin', 'GET', '/api/equipment/labels.pdf');
    expect(all.statusCode).toBe(400);
    expect(all.json()).toMatchObject({ code: 'TOO_MANY_LABELS', message: expect.stringContaining('3000') });
    const none = await t.as('njdl_nq', 'GET', '/api/equipment/labels.pdf?q=NO-SUCH-TAG');
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe('NOTHING_TO_PRINT');
  });

  it('names the field when ids, skip or layout are wrong', async () => {
    const bad = await t.as('njdl_nq', 'GET', `/api/equipment/labels.pdf?ids=${items[0].id},not-a-uuid`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(bad.json().details).toEqual([{ field: 'ids', message: expect.stringMatching(/^装备编号：第 2 个编号“not-a-uuid”格式不正确/) }]);

    const many = Array.from({ length: 1001 }, () => crypto.randomUUID()).join(',');
    const tooMany = await t.as('njdl_nq', 'GET', `/api/equipment/labels.pdf?ids=${many}`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().details[0]).toMatchObject({ field: 'ids', message: expect.stringContaining('1000') });

    const mixed = await t.as('njdl_nq', 'GET', `/api/equipment/labels.pdf?ids=${items[0].id}&status=在库`);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().details[0]).toMatchObject({ field: 'ids', message: expect.stringContaining('status') });

    const skip = await t.as('njdl_nq', 'GET', `/api/equipment/labels.pdf?ids=${items[0].id}&skip=24`);
    expect(skip.statusCode).toBe(400);
    expect(skip.json().details[0]).toMatchObject({ field: 'skip', message: expect.stringContaining('跳过标签数') });

    const layout = await t.as('njdl_nq', 'GET', `/api/equipment/labels.pdf?ids=${items[0].id}&layout=a5`);
    expect(layout.statusCode).toBe(400);
    expect(layout.json().details[0]).toMatchObject({ field: 'layout', message: expect.stringContaining('标签纸规格') });
  });

  it('answers 404 for an id outside the caller’s scope or not on the book, and prints nothing', async () => {
    const out = await t.as('njdl_nq', 'GET', `/api/equipment/labels.pdf?ids=${items[0].id},${outside.id}`);
    expect(out.statusCode).toBe(404);
    expect(out.json().code).toBe('NOT_FOUND');
    const missing = await t.as('njdl_nq', 'GET', `/api/equipment/labels.pdf?ids=${crypto.randomUUID()}`);
    expect(missing.statusCode).toBe(404);
    // The city administrator sees it.
    expect((await t.as('admin', 'GET', `/api/equipment/labels.pdf?ids=${outside.id}`)).statusCode).toBe(200);
  });

  it('documents both routes in the OpenAPI description', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.statusCode).toBe(200);
    const paths = spec.json().paths;
    expect(paths['/api/equipment/labels.pdf'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['ids', 'skip', 'layout', 'unitId', 'status']));
    expect(paths['/api/equipment/items/by-tag/{assetTag}']).toBeDefined();
  });

  it('finds an item by 资产编号 (as scanned) within the caller’s scope only', async () => {
    const detail = (await t.as('njdl_nq', 'GET', `/api/equipment/items/${items[1].id}`)).json();
    const found = await t.as('njdl_nq', 'GET', `/api/equipment/items/by-tag/${encodeURIComponent(items[1].assetTag.toLowerCase())}`);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual(detail);
    expect(found.json().category).toMatchObject({ name: items[1].categoryName });

    const missing = await t.as('njdl_nq', 'GET', '/api/equipment/items/by-tag/NO-SUCH-TAG-0001');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NOT_FOUND');

    const out = await t.as('njdl_nq', 'GET', `/api/equipment/items/by-tag/${outside.assetTag}`);
    expect(out.statusCode).toBe(404);
    expect((await t.as('admin', 'GET', `/api/equipment/items/by-tag/${outside.assetTag}`)).json().id).toBe(outside.id);

    const malformed = await t.as('njdl_nq', 'GET', `/api/equipment/items/by-tag/${encodeURIComponent('—坏—')}`);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().details[0].field).toBe('assetTag');
  });
});

describe('label sheet layout', () => {
  const long: LabelItem = {
    assetTag: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-12345',
    categoryName: '执法记录仪（单兵4G）超长类别名称用于检验截断效果是否正确',
    brand: '海康威视数字技术股份有限公司',
    model: 'DSJ-X1-PRO-MAX-ULTRA-2026-EDITION',
    unitName: '上海市浦东新区城市管理行政执法局第一大队陆家嘴街道中队机动分队特别勤务组',
  };

  /** Words with their boxes, from `pdftotext -bbox` (points, origin top left). */
  function words(pdf: Buffer): { text: string; xMin: number; xMax: number; yMin: number; yMax: number }[] {
    const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', savePdf(pdf), '-'], { encoding: 'utf8' });
    return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5],
    }));
  }

  for (const key of Object.keys(LABEL_LAYOUTS) as (keyof typeof LABEL_LAYOUTS)[]) {
    it(`${key}: long text is cut to fit its own label, the whole 资产编号 kept`, async () => {
      const layout = LABEL_LAYOUTS[key];
      const sheet = Array.from({ length: layout.columns * layout.rows }, (_, i) => ({ ...long, assetTag: `${long.assetTag.slice(0, 27)}${i}` }));
      const pdf = await renderLabelSheet(sheet, { baseUrl: 'https://cg.example.gov.cn', layout: key });
      const text = pdfText(pdf);
      expect(text).toContain('…');
      expect(text).not.toContain(long.unitName);
      for (const item of sheet) expect(text.replace(/\s+/g, '')).toContain(item.assetTag);
      const mm = 72 / 25.4;
      const found = words(pdf);
      expect(found.length).toBeGreaterThan(sheet.length * 5);
      for (const w of found) {
        const col = Math.floor((w.xMin / mm - layout.left) / (layout.width + layout.gapX));
        const row = Math.floor((w.yMin / mm - layout.top) / (layout.height + layout.gapY));
        const right = (layout.left + col * (layout.width + layout.gapX) + layout.width) * mm;
        const bottom = (layout.top + row * (layout.height + layout.gapY) + layout.height) * mm;
        expect(w.xMax, `${w.text} in column ${col}`).toBeLessThanOrEqual(right);
        expect(w.yMax, `${w.text} in row ${row}`).toBeLessThanOrEqual(bottom);
      }
    });
  }

  it('starts a new sheet after the last label of a page', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ ...long, assetTag: `HP-LBL-${String(i).padStart(4, '0')}` }));
    const pages = pdfText(await renderLabelSheet(items, { baseUrl: 'https://cg.example.gov.cn', skip: 20 })).split('\f').filter((p) => p.trim());
    expect(pages).toHaveLength(3); // 4 on the first sheet, 24 on the second, 2 on the third
    expect(pages[0]).toContain('HP-LBL-0003');
    expect(pages[0]).not.toContain('HP-LBL-0004');
    expect(pages[2]).toContain('HP-LBL-0029');
  });
});
