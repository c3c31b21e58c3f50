// 诉件一事一档 as one PDF: the facts, deadlines, handling and reply, the full timed timeline, the photos, linked
// complaints and the file's completeness. Chinese set in Noto Sans SC. The citizen's number is always masked here:
// the file travels further than the desk.
import PDFDocument from 'pdfkit';
import type { Executor } from '@cg/db';
import { cjkFont } from '../../core/cjk-font.ts';
import type { AuthUser } from '../../core/context.ts';
import { complaintDetail, maskPhone, type ComplaintDetail } from './complaints.service.ts';
import { photoContent } from './complaint-actions.service.ts';

const MARGIN = 48;
const fmt = (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
/** Deadlines end at 24:00 of their last day; say so instead of 00:00 of the next. */
const fmtDue = (v: string | null) => {
  if (!v) return '—';
  const at = new Date(v);
  const text = fmt(v);
  if (!text.endsWith(' 00:00:00')) return text;
  return `${new Date(at.getTime() - 1).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' })} 24:00`;
};

interface PhotoBytes { caption: string; content: Buffer | null; mimeType: string }

export async function complaintArchivePdf(db: Executor, user: AuthUser, id: string, now: Date): Promise<{ pdf: Buffer; detail: ComplaintDetail }> {
  const detail = await complaintDetail(db, user, id, now);
  const photos: PhotoBytes[] = [];
  for (const p of detail.photos) {
    const bytes = await photoContent(db, user, id, p.id);
    photos.push({
      caption: `${p.stageLabel} · ${fmt(p.takenAt ?? p.uploadedAt)} · ${p.uploadedByName}${p.lat !== null && p.lon !== null ? ` · ${p.lon.toFixed(5)}, ${p.lat.toFixed(5)}` : ''}`,
      // pdfkit draws JPEG and PNG; a WebP photo is listed by name only.
      content: p.mimeType === 'image/webp' ? null : bytes.content, mimeType: p.mimeType,
    });
  }
  return { pdf: await render(detail, photos, user, now), detail };
}

function render(d: ComplaintDetail, photos: PhotoBytes[], user: AuthUser, now: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', margin: MARGIN, bufferPages: true,
    info: { Title: `诉件一事一档 ${d.code}`, Author: '上海城管执法基层中队信息平台', Subject: d.categoryName },
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

  const heading = (text: string) => {
    if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
    doc.moveDown(0.6).fontSize(13).fillColor('#1f3a5f').text(text).moveDown(0.2);
    doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).strokeColor('#c8d3e0').lineWidth(0.8).stroke();
    doc.moveDown(0.3).fontSize(10).fillColor('#000');
  };
  const field = (label: string, value: string | null | undefined) => {
    const y = doc.y;
    doc.fontSize(10).fillColor('#555').text(label, MARGIN, y, { width: 90 });
    doc.fillColor('#000').text(value && value.trim() ? value : '—', MARGIN + 95, y, { width: width - 95 });
    doc.moveDown(0.25);
  };

  doc.fontSize(18).text('诉件一事一档', { align: 'center' });
  doc.fontSize(11).fillColor('#333').text(`${d.code} · ${d.statusLabel}`, { align: 'center' });
  doc.fontSize(9).fillColor('#777').text(`生成时间 ${fmt(now.toISOString())} · 生成人 ${user.displayName}`, { align: 'center' });
  doc.fillColor('#000');

  heading('一、基本信息');
  field('诉件编号', d.code);
  field('来源', d.externalNo ? `${d.sourceLabel}（${d.externalSystem} 工单号 ${d.externalNo}）` : d.sourceLabel);
  field('诉件类别', d.categoryName);
  field('诉件内容', d.description);
  field('地址', d.address);
  field('位置', `经度 ${d.lon.toFixed(6)}，纬度 ${d.lat.toFixed(6)}`);
  field('诉求人', [d.reporterName, maskPhone(d.reporterPhone)].filter(Boolean).join(' ') || null);
  field('承办中队', d.unitName);
  field('受理时间', fmt(d.receivedAt));
  field('首次联系时限', `${fmtDue(d.contactDueAt)}；实际联系 ${fmt(d.contactedAt)}`);
  field('处置时限', `${fmtDue(d.dueAt)}${d.extensionPending ? `（延期申请待审批，拟延至 ${fmtDue(d.extensionRequestedDueAt)}）` : ''}`);
  field('退回／重办', `退回 ${d.returnCount} 次，重办 ${d.reopenCount} 次`);
  if (d.mergedIntoCode) field('合并', `已并入诉件 ${d.mergedIntoCode}`);

  heading('二、处置与回复');
  field('处置情况', d.handlingNote);
  field('处置完毕时间', d.handledAt ? `${fmt(d.handledAt)}（${d.handledOnTime ? '按时' : '超期'}）` : null);
  field('回复市民', d.replyText);
  field('回复时间', d.repliedAt ? fmt(d.repliedAt) : null);
  field('市民评价', d.satisfactionLabel ? `${d.satisfactionLabel}（${fmt(d.feedbackAt)}）` : null);
  field('办结时间', d.closedAt ? fmt(d.closedAt) : null);

  heading('三、全过程记录');
  const cols = [{ title: '时间', w: 105 }, { title: '环节', w: 60 }, { title: '操作人', w: 70 }, { title: '说明', w: width - 235 }];
  const row = (cells: string[], header = false) => {
    doc.fontSize(9).fillColor(header ? '#555' : '#000');
    const heights = cells.map((c, i) => doc.heightOfString(c || '—', { width: cols[i].w - 6 }));
    const h = Math.max(...heights) + 6;
    if (doc.y + h > doc.page.height - MARGIN) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => { doc.text(c || '—', x + 3, y + 3, { width: cols[i].w - 6 }); x += cols[i].w; });
    doc.moveTo(MARGIN, y + h).lineTo(MARGIN + width, y + h).strokeColor('#e3e8ee').lineWidth(0.5).stroke();
    doc.x = MARGIN;
    doc.y = y + h;
  };
  row(cols.map((c) => c.title), true);
  for (const e of d.events) {
    const move = e.fromUnitName && e.toUnitName ? `${e.fromUnitName} → ${e.toUnitName}` : '';
    row([fmt(e.at), e.kindLabel, e.actorName, [e.note, move].filter(Boolean).join('；')]);
  }

  heading('四、现场照片');
  if (!photos.length) doc.fontSize(10).text('无照片');
  for (const p of photos) {
    if (p.content) {
      if (doc.y + 230 > doc.page.height - MARGIN) doc.addPage();
      const y = doc.y;
      try {
        doc.image(p.content, MARGIN, y, { fit: [300, 200] });
        doc.y = y + 205;
      } catch {
        doc.text('（照片无法显示）', MARGIN, y);
      }
    }
    doc.x = MARGIN;
    doc.fontSize(9).fillColor('#555').text(`${p.caption}${p.content ? '' : `（${p.mimeType}，未嵌入）`}`).fillColor('#000').moveDown(0.4);
  }

  heading('五、关联诉件');
  if (!d.links.length) doc.fontSize(10).text('无');
  for (const l of d.links) doc.fontSize(10).text(`${l.code}（${l.kind === 'merged' ? '合并' : '疑似重复'}，${l.statusLabel}）`);

  heading('六、档案完整性');
  for (const item of d.archive.items) doc.fontSize(10).text(`${item.ok ? '【已具备】' : '【缺少】'} ${item.label}`);
  doc.moveDown(0.3).text(d.archive.complete ? '结论：一事一档完整。' : `结论：尚缺 ${d.archive.missing.join('、')}。`);

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Writing inside the bottom margin must not start a new page.
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor('#999').text(`${d.code} 一事一档 · 第 ${i + 1} / ${pages.count} 页`, MARGIN, doc.page.height - MARGIN + 16,
      { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
