// Printable QR labels for the 执法装备库: A4 sheets laid out on common self-adhesive label stock, one label per item.
// The QR code holds the item's URL (labelPayload), so a phone camera opens the item and the inventory scanner reads
// the 资产编号 back out of it.
import type { FastifyRequest } from 'fastify';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { z } from 'zod';
import { labelPayload, shanghaiDate } from '@cg/domain';
import { queryRows, sql, type Executor } from '@cg/db';
import { cjkFont } from '../../core/cjk-font.ts';
import type { AuthUser } from '../../core/context.ts';
import { AppError, invalid, notFound } from '../../core/errors.ts';
import { sortSchema } from '../../core/pagination.ts';
import { ITEM_SORT_FIELDS, itemFilterFields, type ItemSortField } from './equipment.schemas.ts';
import { allItems, type ItemFilter } from './equipment.service.ts';

export const MAX_LABEL_IDS = 1000;
export const MAX_LABELS = 3000;

/** A sheet of labels; all lengths in millimetres. */
export interface LabelSheetLayout {
  name: string;
  columns: number;
  rows: number;
  /** One label. */
  width: number;
  height: number;
  /** Page margin to the first label. */
  left: number;
  top: number;
  /** Space between neighbouring labels. */
  gapX: number;
  gapY: number;
}

export const LABEL_LAYOUTS = {
  // The common Chinese A4 24格 stock: 3 × 70 mm fill the width, so the content keeps clear of every label edge
  // (printers cannot print the outermost few millimetres of the sheet).
  'a4-70x37': { name: 'A4 24格 70×37mm', columns: 3, rows: 8, width: 70, height: 37, left: 0, top: 0.5, gapX: 0, gapY: 0 },
  // Stock with page margins and column gaps (Avery L7159 and its equivalents).
  'a4-64x34': { name: 'A4 24格 63.5×33.9mm（带边距）', columns: 3, rows: 8, width: 63.5, height: 33.9, left: 7.25, top: 12.9, gapX: 2.5, gapY: 0 },
} as const satisfies Record<string, LabelSheetLayout>;
export type LabelLayoutKey = keyof typeof LABEL_LAYOUTS;
export const LABEL_LAYOUT_KEYS = Object.keys(LABEL_LAYOUTS) as [LabelLayoutKey, ...LabelLayoutKey[]];
export const DEFAULT_LABEL_LAYOUT: LabelLayoutKey = 'a4-70x37';

export const LABEL_HEADER = '上海城管执法 · 执法装备';

const MAX_SKIP = Math.min(...Object.values(LABEL_LAYOUTS).map((l: LabelSheetLayout) => l.columns * l.rows)) - 1;

/** `?ids=a,b,c` → distinct uuids in the order given. */
const idList = z.string().transform((raw, ctx) => {
  const ids = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
  const problem = ids.length === 0 ? '请至少选择一件装备'
    : ids.length > MAX_LABEL_IDS ? `一次最多按编号打印 ${MAX_LABEL_IDS} 件（当前 ${ids.length} 件），更多请按筛选条件打印`
      : ids.map((id, i) => (z.uuid().safeParse(id).success ? null : `第 ${i + 1} 个编号“${id.slice(0, 40)}”格式不正确`)).find(Boolean);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return ids;
});

/** Query of GET /api/equipment/labels.pdf: either `ids` or the item list's filters. */
export const labelsQuery = z.strictObject({
  ids: idList.optional(),
  ...itemFilterFields,
  sort: sortSchema(ITEM_SORT_FIELDS, 'assetTag'),
  skip: z.coerce.number({ error: `跳过标签数须为 0–${MAX_SKIP} 的整数` }).int(`跳过标签数须为 0–${MAX_SKIP} 的整数`)
    .min(0, `跳过标签数须为 0–${MAX_SKIP} 的整数`).max(MAX_SKIP, `跳过标签数须为 0–${MAX_SKIP} 的整数`).default(0),
  layout: z.enum(LABEL_LAYOUT_KEYS, { error: `标签纸规格只能是：${LABEL_LAYOUT_KEYS.join('、')}` }).default(DEFAULT_LABEL_LAYOUT),
});
export type LabelsQuery = z.infer<typeof labelsQuery>;
export const LABEL_FIELD_LABELS = { ids: '装备编号', skip: '跳过标签数', layout: '标签纸规格', assetTag: '资产编号' };

export interface LabelItem {
  assetTag: string;
  categoryName: string;
  brand: string | null;
  model: string;
  unitName: string;
}

const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
const QUIET_ZONE = 4; // modules of white around the code, as ISO/IEC 18004 asks


/** Items by id in the order given; any id missing or outside the user's scope answers 404. */
export async function labelItemsByIds(db: Executor, user: Pick<AuthUser, 'unitPath'>, ids: readonly string[]): Promise<LabelItem[]> {
  const rows = await queryRows<LabelItem & { id: string; unitPath: string }>(db, sql`
    SELECT i.id, i.asset_tag AS "assetTag", c.name AS "categoryName", i.brand, i.model, u.name AS "unitName", u.path AS "unitPath"
    FROM equipment_items i JOIN units u ON u.id = i.unit_id JOIN equipment_categories c ON c.id = i.category_id
    WHERE i.id = ANY(${sql.param([...ids])}::uuid[])`);
  const byId = new Map(rows.filter((r) => r.unitPath.startsWith(user.unitPath)).map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound('装备');
    return { assetTag: row.assetTag, categoryName: row.categoryName, brand: row.brand, model: row.model, unitName: row.unitName };
  });
}

/** Items matching the list's filters, in the list's order; more than MAX_LABELS answers 400 TOO_MANY_LABELS. */
export async function labelItemsByFilter(
  db: Executor, user: AuthUser, filter: ItemFilter & { sort: { field: ItemSortField; desc: boolean } },
): Promise<LabelItem[]> {
  const rows = await allItems(db, user, filter, MAX_LABELS + 1);
  if (rows.length > MAX_LABELS) {
    throw new AppError(400, 'TOO_MANY_LABELS', `符合条件的装备超过 ${MAX_LABELS} 件，请缩小范围（按单位、类别或状态筛选）后分批打印`);
  }
  return rows;
}

/** The labels a request asks for: by `ids` (no filters alongside) or by the list's filters. */
export async function labelItemsFor(db: Executor, user: AuthUser, query: LabelsQuery): Promise<LabelItem[]> {
  const { ids, sort, skip: _skip, layout: _layout, ...filter } = query;
  if (ids) {
    const extra = Object.keys(filter).filter((k) => filter[k as keyof typeof filter] !== undefined);
    if (extra.length) throw invalid([{ field: 'ids', message: `按编号打印时不能同时使用筛选条件（${extra.join('、')}）` }]);
    return labelItemsByIds(db, user, ids);
  }
  const items = await labelItemsByFilter(db, user, { ...filter, sort });
  if (items.length === 0) throw new AppError(400, 'NOTHING_TO_PRINT', '没有符合条件的装备，无标签可打印');
  return items;
}

/** PUBLIC_URL when set; otherwise the address this request came in on (X-Forwarded-* only behind TRUST_PROXY). */
export function labelBaseUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const host = /^[A-Za-z0-9.:[\]-]+$/.test(request.host) ? request.host : 'localhost';
  return `${request.protocol === 'https' ? 'https' : 'http'}://${host}`;
}

export function labelsFileName(now = new Date()): string {
  return `执法装备标签_${shanghaiDate(now).replace(/-/g, '')}.pdf`;
}

/** Advance widths per character at 1 pt, so fitting thousands of labels does not run the shaper per attempt. */
class Measure {
  private readonly widths = new Map<string, number>();
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  width(text: string, size: number): number {
    let w = 0;
    for (const ch of text) {
      let cw = this.widths.get(ch);
      if (cw === undefined) {
        cw = this.doc.fontSize(1000).widthOfString(ch) / 1000;
        this.widths.set(ch, cw);
      }
      w += cw;
    }
    return w * size;
  }

  /** At most `maxLines` lines no wider than `width`; breaks after '-' or ' ' when it can, '…' when cut short. */
  lines(text: string, size: number, width: number, maxLines: number): string[] {
    return this.wrap(text, size, width, maxLines).lines;
  }

  wrap(text: string, size: number, width: number, maxLines: number): { lines: string[]; cut: boolean } {
    const chars = Array.from(text.replace(/\s+/g, ' ').trim());
    const out: string[] = [];
    let start = 0;
    while (start < chars.length && out.length < maxLines) {
      let end = start;
      while (end < chars.length && this.width(chars.slice(start, end + 1).join(''), size) <= width) end++;
      if (end === chars.length) {
        out.push(chars.slice(start).join(''));
        return { lines: out, cut: false };
      }
      if (out.length === maxLines - 1) {
        let cut = Math.max(end, start);
        while (cut > start && this.width(chars.slice(start, cut).join('') + '…', size) > width) cut--;
        out.push(chars.slice(start, cut).join('').trimEnd() + '…');
        return { lines: out, cut: true };
      }
      const soft = Math.max(chars.lastIndexOf('-', end - 1), chars.lastIndexOf(' ', end - 1));
      const next = soft >= start + Math.ceil((end - start) / 2) ? soft + 1 : Math.max(end, start + 1);
      out.push(chars.slice(start, next).join('').trimEnd());
      start = next;
      while (chars[start] === ' ') start++;
    }
    return { lines: out, cut: false };
  }
}

interface Line {
  text: string;
  size: number;
  color: string;
  /** Extra space above the line, pt. */
  before: number;
}

/** The QR code as filled squares (runs of dark modules merged), the quiet zone included in `side`. */
function drawQr(doc: PDFKit.PDFDocument, payload: string, x: number, y: number, side: number): void {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const m = side / (n + 2 * QUIET_ZONE);
  const ox = x + QUIET_ZONE * m;
  const oy = y + QUIET_ZONE * m;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!modules.get(r, c)) continue;
      let run = 1;
      while (c + run < n && modules.get(r, c + run)) run++;
      doc.rect(ox + c * m, oy + r * m, run * m, m);
      c += run - 1;
    }
  }
  doc.fillColor('#000000').fill();
}

function drawLabel(doc: PDFKit.PDFDocument, measure: Measure, item: LabelItem, payload: string, x: number, y: number, w: number, h: number): void {
  doc.save();
  doc.rect(x, y, w, h).clip(); // whatever happens, nothing reaches the neighbouring label

  const pad = 1.5 * MM;
  const side = Math.min(h - 2 * pad, w * 0.48);
  drawQr(doc, payload, x + pad, y + (h - side) / 2, side);

  const tx = x + pad + side + 1 * MM;
  const tw = x + w - 3.5 * MM - tx; // the right edge of the sheet's outer labels is beyond most printers' reach
  const top = y + 2.5 * MM;
  const bottom = y + h - 2.5 * MM;

  // The 资产编号 is what people read off the label: as large as fits on one line (12 → 8 pt), then on two lines
  // (8 → 7 pt); cut short only when even that fails.
  let tagSize = 12;
  while (tagSize > 8 && measure.width(item.assetTag, tagSize) > tw) tagSize -= 0.5;
  let tag = measure.wrap(item.assetTag, tagSize, tw, 2);
  while (tag.cut && tagSize > 7) {
    tagSize -= 0.5;
    tag = measure.wrap(item.assetTag, tagSize, tw, 2);
  }
  const lines: Line[] = [{ text: LABEL_HEADER, size: 6, color: '#555555', before: 0 }];
  tag.lines.forEach((text, i) => lines.push({ text, size: tagSize, color: '#000000', before: i === 0 ? 2 : 0 }));
  measure.lines(item.categoryName, 8, tw, 1).forEach((text) => lines.push({ text, size: 8, color: '#000000', before: 1.5 }));
  const brandModel = [item.brand, item.model].filter(Boolean).join(' ');
  measure.lines(brandModel, 7.5, tw, 1).forEach((text) => lines.push({ text, size: 7.5, color: '#222222', before: 0 }));
  measure.lines(item.unitName, 7, tw, 2).forEach((text, i) => lines.push({ text, size: 7, color: '#222222', before: i === 0 ? 1 : 0 }));

  const step = (l: Line) => l.before + l.size * 1.3;
  const total = lines.reduce((s, l) => s + step(l), 0);
  let baseline = top + Math.max(0, (bottom - top - total) / 2);
  for (const line of lines) {
    baseline += step(line);
    if (baseline - line.size * 0.25 > bottom) break;
    doc.fontSize(line.size).fillColor(line.color).text(line.text, tx, baseline - line.size * 0.25, { lineBreak: false, baseline: 'alphabetic' });
  }
  doc.restore();
}

/**
 * The PDF: labels filled row by row, page after page. `skip` leaves the first labels of the first sheet empty
 * (a partly used sheet goes back into the printer).
 */
export async function renderLabelSheet(
  items: readonly LabelItem[], options: { baseUrl: string; layout?: LabelLayoutKey; skip?: number },
): Promise<Buffer> {
  const layout: LabelSheetLayout = LABEL_LAYOUTS[options.layout ?? DEFAULT_LABEL_LAYOUT];
  const perPage = layout.columns * layout.rows;
  const skip = options.skip ?? 0;
  const doc = new PDFDocument({
    size: [A4.width, A4.height], margin: 0, autoFirstPage: false,
    info: { Title: '执法装备标签', Creator: '上海城管执法基层中队信息化平台' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');
  const measure = new Measure(doc);
  if (items.length === 0) doc.addPage();
  for (const [i, item] of items.entries()) {
    const slot = (i + skip) % perPage;
    if (i === 0 || slot === 0) {
      // 3,000 labels take seconds of CPU: let other requests in between sheets.
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      doc.addPage();
    }
    const col = slot % layout.columns;
    const row = Math.floor(slot / layout.columns);
    const x = (layout.left + col * (layout.width + layout.gapX)) * MM;
    const y = (layout.top + row * (layout.height + layout.gapY)) * MM;
    drawLabel(doc, measure, item, labelPayload(options.baseUrl, item.assetTag), x, y, layout.width * MM, layout.height * MM);
  }
  doc.end();
  return done;
}
