// 考核验收报告 of one applicant as a PDF: who, which round and rubric version, whether the scores are final (published) or
// projected, each tier against its pass line, every criterion with its evidence, the on-site findings with their photos,
// and the 差距清单. Chinese set in Noto Sans SC; tables break across pages and repeat their header.
import PDFDocument from 'pdfkit';
import {
  EVALUATION_TIER_LABELS, EVIDENCE_SOURCE_LABELS, INDICATORS_BY_ID, type CriterionBasis, type CriterionScore, type TierScore,
} from '@cg/domain';
import type { Executor } from '@cg/db';
import { cjkFont } from '../../core/cjk-font.ts';
import type { AuthUser } from '../../core/context.ts';
import { applicantScores, findingPhoto, type ApplicantScores } from './evaluation-rounds.service.ts';

export const BASIS_LABELS: Record<CriterionBasis, string> = {
  data: '平台数据', confirmed: '现场确认', override: '现场改判', onsite: '现场评定', pending: '待现场检查', fallback: '未接入·现场计分',
};

/** 依据 of a criterion as shown: an inspector's override says so whatever the data situation was. */
export const basisText = (c: Pick<CriterionScore, 'basis' | 'finding'>) =>
  (c.finding?.verdict === 'override' ? BASIS_LABELS.override : BASIS_LABELS[c.basis]);

const MARGIN = 48;
const HEADER_GAP = 22;
const GAP_ROWS = 20;
const fmt = (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
const num = (n: number) => String(Math.round(n * 100) / 100);

/** An indicator value as people read it: ratios in percent (with the count behind them), flags as 是/否. */
export function valueText(c: Pick<CriterionScore, 'indicatorId' | 'value' | 'numerator' | 'denominator'>, v: number | null = c.value): string {
  if (v === null) return '—';
  const kind = c.indicatorId ? INDICATORS_BY_ID.get(c.indicatorId)?.kind : undefined;
  if (kind === 'ratio') return `${num(v * 100)}%`;
  if (kind === 'flag') return v >= 1 ? '是' : '否';
  return num(v);
}

/** 指标值 / 目标 cell of a criterion, or why there is no value. */
export function measureText(c: CriterionScore): string {
  if (c.source === 'onsite' || !c.indicatorId) return '现场检查';
  if (c.value === null) return c.unavailableReason ?? '无数据';
  const counted = c.numerator !== null && c.denominator !== null ? `（${num(c.numerator)}/${num(c.denominator)}）` : '';
  return `${valueText(c)}${counted} / 目标 ${valueText(c, c.target)}`;
}

export const passText = (t: Pick<TierScore, 'passed'>) => (t.passed ? '达标' : '未达标');

export const scoreStatus = (s: Pick<ApplicantScores, 'frozen' | 'round'>) =>
  s.frozen ? '最终得分' : s.round.snapshotAt ? '预计得分' : '尚未快照';

interface Photo { caption: string; content: Buffer | null; note: string | null }

export async function applicantReportPdf(db: Executor, user: AuthUser, applicantId: string, now: Date): Promise<{ pdf: Buffer; scores: ApplicantScores }> {
  const scores = await applicantScores(db, user, applicantId); // 404 outside the user's scope
  const photos = new Map<string, Photo[]>();
  for (const f of scores.findings) {
    const list: Photo[] = [];
    for (const p of f.photos) {
      const bytes = await findingPhoto(db, user, f.id, p.id);
      list.push({ caption: p.fileName, ...openPhoto(bytes.content, bytes.mimeType) });
    }
    photos.set(f.id, list);
  }
  return { pdf: await render(scores, photos, user, now), scores };
}

/** pdfkit draws JPEG and PNG; anything else (WebP, a damaged file) is listed by name with a note instead of failing the report. */
function openPhoto(content: Buffer, mimeType: string): { content: Buffer | null; note: string | null } {
  if (mimeType !== 'image/jpeg' && mimeType !== 'image/png') return { content: null, note: `${mimeType}，未嵌入` };
  try {
    // Parse on a scratch document first: a file pdfkit cannot read must not break the report.
    (new PDFDocument({ autoFirstPage: false }) as unknown as { openImage(src: Buffer): unknown }).openImage(content); // not in @types/pdfkit
    return { content, note: null };
  } catch {
    return { content: null, note: '照片无法解析，未嵌入' };
  }
}

function render(s: ApplicantScores, photos: Map<string, Photo[]>, user: AuthUser, now: Date): Promise<Buffer> {
  const a = s.applicant;
  const title = `考核验收报告 · ${a.unitName}`;
  const doc = new PDFDocument({
    size: 'A4', margins: { top: MARGIN + HEADER_GAP, bottom: MARGIN, left: MARGIN, right: MARGIN }, bufferPages: true,
    info: { Title: title, Author: '上海城管执法基层中队信息平台', Subject: `${s.round.name}（评分标准第${s.round.rubricVersion}版）` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');
  const width = doc.page.width - MARGIN * 2;
  const bottom = () => doc.page.height - MARGIN;

  const heading = (text: string) => {
    if (doc.y > bottom() - 80) doc.addPage();
    doc.x = MARGIN;
    doc.moveDown(0.6).fontSize(13).fillColor('#1f3a5f').text(text, MARGIN).moveDown(0.2);
    doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).strokeColor('#c8d3e0').lineWidth(0.8).stroke();
    doc.moveDown(0.3).fontSize(10).fillColor('#000');
  };
  const subheading = (text: string, color = '#1f3a5f') => {
    if (doc.y > bottom() - 60) doc.addPage();
    doc.x = MARGIN;
    doc.moveDown(0.3).fontSize(11).fillColor(color).text(text, MARGIN, doc.y, { width }).fillColor('#000').moveDown(0.2);
  };
  const field = (label: string, value: string | null | undefined) => {
    const h = doc.fontSize(10).heightOfString(value || '—', { width: width - 95 });
    if (doc.y + h > bottom()) doc.addPage();
    const y = doc.y;
    doc.fillColor('#555').text(label, MARGIN, y, { width: 90 });
    doc.fillColor('#000').text(value && value.trim() ? value : '—', MARGIN + 95, y, { width: width - 95 });
    doc.x = MARGIN;
    doc.moveDown(0.25);
  };

  /** A table whose rows wrap and which starts a new page (repeating the header) when a row does not fit. */
  const table = (cols: { title: string; w: number; align?: 'left' | 'right' | 'center' }[]) => {
    const scale = width / cols.reduce((t, c) => t + c.w, 0);
    const widths = cols.map((c) => c.w * scale);
    const draw = (cells: string[], style: { header?: boolean; fill?: string; bold?: string } = {}) => {
      doc.fontSize(8.5);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 6 }))) + 6;
      return { h, paint: () => {
        const y = doc.y;
        if (style.fill || style.header) doc.rect(MARGIN, y, width, h).fill(style.fill ?? '#eef2f7');
        let x = MARGIN;
        cells.forEach((c, i) => {
          doc.fillColor(style.header ? '#444' : style.bold ?? '#000')
            .text(c, x + 3, y + 3, { width: widths[i]! - 6, align: cols[i]!.align ?? 'left' });
          x += widths[i]!;
        });
        doc.moveTo(MARGIN, y + h).lineTo(MARGIN + width, y + h).strokeColor('#e3e8ee').lineWidth(0.5).stroke();
        doc.fillColor('#000');
        doc.x = MARGIN;
        doc.y = y + h;
      } };
    };
    const header = () => draw(cols.map((c) => c.title), { header: true }).paint();
    if (doc.y + 40 > bottom()) doc.addPage();
    header();
    return (cells: string[], style: { fill?: string; bold?: string } = {}) => {
      const row = draw(cells, style);
      if (doc.y + row.h > bottom()) {
        doc.addPage();
        header();
      }
      row.paint();
    };
  };

  // ---- title --------------------------------------------------------------------------------------------------------
  const status = scoreStatus(s);
  doc.fontSize(18).text('考核验收报告', { align: 'center' });
  doc.fontSize(12).fillColor('#333').text([a.districtName, a.unitName].filter(Boolean).join(' · '), { align: 'center' });
  doc.fontSize(10).text(`${s.round.name} · 申报${a.tierLabel} · ${status}`, { align: 'center' });
  doc.fontSize(8.5).fillColor('#777').text(`生成时间 ${fmt(now.toISOString())} · 生成人 ${user.displayName}`, { align: 'center' });
  doc.fillColor('#000');

  heading('一、基本信息');
  field('申报中队', a.unitName);
  field('所属区局', a.districtName);
  field('考核轮次', `${s.round.year}年 ${s.round.name}（${s.round.statusLabel}）`);
  field('考核期间', `${s.round.periodFrom} 至 ${s.round.periodTo}`);
  field('评分标准', `${s.round.rubricName}（第${s.round.rubricVersion}版）`);
  field('申报等级', `${a.tierLabel}${a.tier === 'demonstration' ? `（须同时达到${EVALUATION_TIER_LABELS.standard}）` : ''}`);
  field('申报', `${a.submittedByName} · ${fmt(a.submittedAt)}`);
  field('数据快照', s.round.snapshotAt ? `${fmt(s.round.snapshotAt)}（得分只依据快照数据与现场检查）` : '尚未截止快照');
  field('得分状态', s.frozen
    ? `最终得分：结果已于 ${fmt(s.round.publishedAt)} 发布（${s.round.publishedByName ?? '—'}），不再随数据变化`
    : s.round.snapshotAt ? '预计得分：现场检查进行中，结果尚未发布，待现场检查的指标暂按0分计' : '尚未快照，暂无得分');

  heading('二、得分概览');
  if (!s.tiers.length) doc.fontSize(10).text('尚未截止快照，暂无得分。');
  else {
    const row = table([{ title: '等级', w: 110 }, { title: status, w: 60, align: 'right' }, { title: '合格线', w: 55, align: 'right' },
      { title: '待现场检查', w: 65, align: 'right' }, { title: '结论', w: 55, align: 'center' }, { title: '说明', w: 160 }]);
    for (const t of s.tiers) {
      const note = t.requirementMet === false ? `未达到${EVALUATION_TIER_LABELS.standard}（前提等级），不能评为${t.name}`
        : t.requirementMet === true ? `已达到${EVALUATION_TIER_LABELS.standard}（前提等级）`
        : t.pendingPoints > 0 ? `若待查指标全部得分可达 ${num(t.bestCase)} 分` : '';
      row([t.name, num(t.points), num(t.passLine), num(t.pendingPoints), passText(t), note], { bold: t.passed ? '#1b6e2e' : '#b42318' });
    }
    if (s.tiers.some((t) => t.requirementMet !== null)) {
      doc.moveDown(0.3).fontSize(8.5).fillColor('#555')
        .text(`注：${EVALUATION_TIER_LABELS.demonstration}须先达到${EVALUATION_TIER_LABELS.standard}，两者按同一快照分别计分。`, MARGIN, doc.y, { width })
        .fillColor('#000');
    }
  }

  heading('三、评分明细');
  if (!s.tiers.length) doc.fontSize(10).text('—');
  for (const t of s.tiers) {
    subheading(`${t.name}：${num(t.points)} / 合格线 ${num(t.passLine)} 分（${passText(t)}）`);
    const row = table([{ title: '编号', w: 62 }, { title: '指标内容', w: 165 }, { title: '证据来源', w: 56 }, { title: '依据', w: 58 },
      { title: '指标值 / 目标', w: 92 }, { title: '得分/分值', w: 54, align: 'right' }]);
    for (const cat of t.categories) {
      row([cat.code, cat.name, '', '', '', `${num(cat.points)}/${num(cat.weight)}`], { fill: '#dde6f1', bold: '#1f3a5f' });
      for (const item of cat.items) {
        row([item.code, item.name, '', '', '', `${num(item.points)}/${num(item.weight)}`], { fill: '#f3f6fa', bold: '#333' });
        for (const c of item.criteria) {
          row([c.code, c.text, EVIDENCE_SOURCE_LABELS[c.source], basisText(c), measureText(c), `${num(c.points)}/${num(c.weight)}`]);
        }
      }
    }
  }

  heading('四、现场检查记录');
  if (!s.findings.length) doc.fontSize(10).text('无现场检查记录。');
  const criteria = new Map(s.tiers.flatMap((t) => t.categories.flatMap((c) => c.items.flatMap((i) => i.criteria))).map((c) => [c.code, c]));
  for (const f of s.findings) {
    const c = criteria.get(f.criterionCode);
    subheading(`${f.criterionCode} ${c?.text ?? ''}`, '#333');
    field('检查结论', f.verdict === 'override' ? '改判' : '确认平台数据');
    field('得分比例', f.verdict === 'override' && f.credit !== null ? `${num(f.credit * 100)}%${c ? `（${num(c.points)} / ${num(c.weight)} 分）` : ''}` : c ? `按平台数据 ${num(c.points)} / ${num(c.weight)} 分` : '—');
    field('理由', f.reason);
    field('检查人', f.inspectorName);
    field('检查时间', fmt(f.at));
    const list = photos.get(f.id) ?? [];
    if (!list.length) field('照片', f.verdict === 'override' ? '无（改判须补充照片后才能发布）' : '无');
    if (list.some((p) => p.content)) field('照片', `${list.length} 张`);
    let x = MARGIN;
    let rowTop = doc.y;
    for (const p of list) {
      if (!p.content) {
        doc.x = MARGIN;
        field('照片', `${p.caption}（${p.note}）`);
        rowTop = doc.y;
        continue;
      }
      if (x + 120 > MARGIN + width) { x = MARGIN; rowTop += 108; }
      if (rowTop + 105 > bottom()) { doc.addPage(); rowTop = doc.y; x = MARGIN; }
      doc.image(p.content, x, rowTop, { fit: [120, 90], align: 'center', valign: 'center' });
      doc.rect(x, rowTop, 120, 90).strokeColor('#e3e8ee').lineWidth(0.5).stroke();
      doc.fontSize(7.5).fillColor('#555').text(p.caption, x, rowTop + 92, { width: 120, height: 12, ellipsis: true, lineBreak: false }).fillColor('#000');
      x += 128;
      doc.y = rowTop + 108;
    }
    doc.x = MARGIN;
  }

  heading('五、差距清单');
  if (!s.gaps.length) doc.fontSize(10).text(s.tiers.length ? '各项指标均已得满分。' : '—');
  else {
    doc.fontSize(8.5).fillColor('#555')
      .text(`按可得分从高到低列出${s.gaps.length > GAP_ROWS ? `前 ${GAP_ROWS} 项（共 ${s.gaps.length} 项）` : `全部 ${s.gaps.length} 项`}。`, MARGIN, doc.y, { width })
      .fillColor('#000').moveDown(0.2);
    const row = table([{ title: '序号', w: 28, align: 'center' }, { title: '等级', w: 60 }, { title: '指标', w: 180 }, { title: '可得分', w: 42, align: 'right' },
      { title: '建议', w: 177 }]);
    s.gaps.slice(0, GAP_ROWS).forEach((g, i) => {
      row([String(i + 1), EVALUATION_TIER_LABELS[g.tier], `${g.criterionCode} ${g.text}（${g.categoryName} · ${g.itemName}）`, num(g.gain), g.advice]);
    });
  }

  // Header and footer on every page, once the page count is known.
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Writing inside the margins must not start a new page.
    doc.page.margins.bottom = 0;
    doc.page.margins.top = 0;
    doc.fontSize(8).fillColor('#999');
    doc.text(`${title} · ${s.round.name} · ${status}`, MARGIN, MARGIN - 6, { width, align: 'left', lineBreak: false });
    doc.moveTo(MARGIN, MARGIN + 8).lineTo(MARGIN + width, MARGIN + 8).strokeColor('#dde3ea').lineWidth(0.5).stroke();
    doc.text(`生成时间 ${fmt(now.toISOString())} · 第 ${i + 1} / ${pages.count} 页`, MARGIN, doc.page.height - MARGIN + 16,
      { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
