// 考核验收 summaries for districts and the city as Excel: a round's applicants (汇总, 全市排名, 区内排名, 指标明细 per
// criterion) and the live 考核总览 of every squadron. Each sheet has a title row, a frozen header and number formats.
import ExcelJS from 'exceljs';
import { EVALUATION_TIER_LABELS, EVALUATION_TIERS, EVIDENCE_SOURCE_LABELS, type EvaluationTier } from '@cg/domain';
import type { Executor } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { getUnitInScope } from '../units/units.service.ts';
import { basisText, valueText } from './evaluation-report.service.ts';
import { applicantScores, roundDetail, type ApplicantScores } from './evaluation-rounds.service.ts';
import { evaluationDashboard } from './evaluation-self.service.ts';
import { rubricDetail } from './evaluation-rubrics.service.ts';

const CREATOR = '上海城管执法基层中队信息化平台';
const POINTS = '0.00';
const shTime = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
const passText = (v: boolean | null) => (v === null ? '' : v ? '达标' : '未达标');

interface Col { key: string; header: string; width: number; numFmt?: string }

/** A sheet: title (merged, row 1), header (row 2, frozen), then the rows. */
function sheet(wb: ExcelJS.Workbook, name: string, title: string, cols: Col[], rows: Record<string, unknown>[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = cols.map((c) => ({ key: c.key, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  ws.getRow(1).values = [title];
  ws.mergeCells(1, 1, 1, cols.length);
  ws.getRow(1).font = { bold: true, size: 13 };
  ws.getRow(1).height = 22;
  const header = ws.getRow(2);
  header.values = cols.map((c) => c.header);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } };
  header.alignment = { vertical: 'middle', wrapText: true };
  for (const r of rows) ws.addRow(r);
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: cols.length } };
  return ws;
}

/** A round's summary for the user's scope (or a unit of it): applicants, rankings and every criterion. */
export async function roundSummaryXlsx(db: Executor, user: AuthUser, roundId: string, unitId: string | undefined, now: Date) {
  const scope = await getUnitInScope(db, user, unitId ?? user.unitId);
  // The same scope rule as everywhere in the round (the unit's subtree), narrowed to the chosen unit.
  const scoped: AuthUser = { ...user, unitPath: scope.path };
  const detail = await roundDetail(db, scoped, roundId);
  const scores: ApplicantScores[] = [];
  for (const a of detail.applicants) scores.push(await applicantScores(db, scoped, a.id));
  const status = detail.round.status === 'published' ? '最终得分' : detail.round.snapshotAt ? '预计得分' : '尚未快照';
  const heading = (what: string) => `${detail.round.name} · ${what}（${scope.name}，${status}，评分标准第${detail.rubric.version}版，生成于 ${shTime(now)}）`;

  const wb = new ExcelJS.Workbook();
  wb.creator = CREATOR;
  wb.created = now;
  sheet(wb, '汇总', heading('汇总'), [
    { key: 'districtName', header: '区局', width: 16 }, { key: 'unitName', header: '中队', width: 22 }, { key: 'tierLabel', header: '申报等级', width: 14 },
    { key: 'standardPoints', header: '规范化达标得分', width: 13, numFmt: POINTS }, { key: 'standardPassed', header: '规范化达标', width: 11 },
    { key: 'demonstrationPoints', header: '示范得分', width: 10, numFmt: POINTS }, { key: 'demonstrationPassed', header: '示范', width: 9 },
    { key: 'pendingPoints', header: '待现场检查分', width: 12, numFmt: POINTS }, { key: 'findings', header: '现场检查记录', width: 12, numFmt: '0' },
    { key: 'submittedByName', header: '申报人', width: 16 },
  ], detail.applicants.map((a) => ({
    ...a, districtName: a.districtName ?? '', standardPassed: passText(a.standardPassed),
    demonstrationPoints: a.tier === 'demonstration' ? a.demonstrationPoints : null,
    demonstrationPassed: a.tier === 'demonstration' ? passText(a.demonstrationPassed) : '',
  })));

  const tierLabel = (t: EvaluationTier) => EVALUATION_TIER_LABELS[t];
  const passedOf = new Map(detail.applicants.map((a) => [a.id, { standard: a.standardPassed, demonstration: a.demonstrationPassed }]));
  sheet(wb, '全市排名', heading('全市排名'), [
    { key: 'tier', header: '等级', width: 14 }, { key: 'rank', header: '名次', width: 7, numFmt: '0' }, { key: 'districtName', header: '区局', width: 16 },
    { key: 'unitName', header: '中队', width: 22 }, { key: 'points', header: '得分', width: 10, numFmt: POINTS }, { key: 'passed', header: '是否达标', width: 10 },
  ], EVALUATION_TIERS.flatMap((t) => detail.ranking[t].city.map((r) => ({
    ...r, tier: tierLabel(t), districtName: r.districtName ?? '', passed: passText(passedOf.get(r.applicantId)?.[t] ?? null),
  }))));
  sheet(wb, '区内排名', heading('区内排名'), [
    { key: 'tier', header: '等级', width: 14 }, { key: 'districtName', header: '区局', width: 16 }, { key: 'rank', header: '区内名次', width: 9, numFmt: '0' },
    { key: 'unitName', header: '中队', width: 22 }, { key: 'points', header: '得分', width: 10, numFmt: POINTS }, { key: 'passed', header: '是否达标', width: 10 },
  ], EVALUATION_TIERS.flatMap((t) => detail.ranking[t].districts.flatMap((d) => d.items.map((r) => ({
    ...r, tier: tierLabel(t), districtName: d.districtName, passed: passText(passedOf.get(r.applicantId)?.[t] ?? null),
  })))));

  sheet(wb, '指标明细', heading('指标明细'), [
    { key: 'districtName', header: '区局', width: 14 }, { key: 'unitName', header: '中队', width: 20 }, { key: 'tier', header: '等级', width: 14 },
    { key: 'category', header: '类别', width: 14 }, { key: 'item', header: '项目', width: 16 }, { key: 'code', header: '编号', width: 14 },
    { key: 'text', header: '指标内容', width: 40 }, { key: 'source', header: '证据来源', width: 12 }, { key: 'basis', header: '依据', width: 14 },
    { key: 'value', header: '指标值', width: 10 }, { key: 'target', header: '目标值', width: 10 }, { key: 'points', header: '得分', width: 8, numFmt: POINTS },
    { key: 'weight', header: '分值', width: 8, numFmt: POINTS }, { key: 'note', header: '说明', width: 30 },
  ], scores.flatMap((s) => s.tiers.flatMap((t) => t.categories.flatMap((cat) => cat.items.flatMap((item) => item.criteria.map((c) => ({
    districtName: s.applicant.districtName ?? '', unitName: s.applicant.unitName, tier: t.name, category: cat.name, item: item.name,
    code: c.code, text: c.text, source: EVIDENCE_SOURCE_LABELS[c.source], basis: basisText(c),
    value: c.value === null ? '' : valueText(c), target: c.target === null ? '' : valueText(c, c.target), points: c.points, weight: c.weight,
    note: c.finding?.reason ?? c.unavailableReason ?? '',
  })))))));

  return { xlsx: Buffer.from(await wb.xlsx.writeBuffer()), round: detail.round, scopeName: scope.name };
}

/** 考核总览 as Excel: every squadron of the scope with projected points and pass per tier, pending points and the top gap. */
export async function dashboardXlsx(db: Executor, user: AuthUser, unitId: string | undefined, now: Date) {
  const d = await evaluationDashboard(db, user, unitId, now);
  const rubric = await rubricDetail(db, d.rubric.id);
  const passLine = (t: EvaluationTier) => rubric.content.tiers.find((x) => x.tier === t)?.passLine;
  const lines = EVALUATION_TIERS.map((t) => `${EVALUATION_TIER_LABELS[t]}合格线${passLine(t) ?? '—'}分`).join('，');
  const wb = new ExcelJS.Workbook();
  wb.creator = CREATOR;
  wb.created = now;
  sheet(wb, '考核总览', `考核总览 · ${d.unit.name}（预计得分：评分标准第${d.rubric.version}版，数据 ${d.period.from} 至 ${d.period.to}；${lines}；生成于 ${shTime(now)}）`, [
    { key: 'districtName', header: '区局', width: 16 }, { key: 'unitName', header: '中队', width: 22 },
    { key: 'standardPoints', header: '规范化达标预计得分', width: 12, numFmt: POINTS }, { key: 'standardPassed', header: '规范化达标', width: 11 },
    { key: 'standardPending', header: '规范化待现场检查分', width: 12, numFmt: POINTS },
    { key: 'demonstrationPoints', header: '示范预计得分', width: 11, numFmt: POINTS }, { key: 'demonstrationPassed', header: '示范', width: 9 },
    { key: 'demonstrationPending', header: '示范待现场检查分', width: 12, numFmt: POINTS },
    { key: 'gapCode', header: '首要差距编号', width: 14 }, { key: 'gapText', header: '首要差距', width: 36 },
    { key: 'gapGain', header: '可得分', width: 8, numFmt: POINTS }, { key: 'gapAdvice', header: '建议', width: 36 },
  ], d.squadrons.map((s) => ({
    ...s, districtName: s.districtName ?? '', standardPassed: passText(s.standardPassed), demonstrationPassed: passText(s.demonstrationPassed),
    gapCode: s.topGap?.criterionCode ?? '', gapText: s.topGap ? `${EVALUATION_TIER_LABELS[s.topGap.tier]} · ${s.topGap.text}` : '',
    gapGain: s.topGap?.gain ?? null, gapAdvice: s.topGap?.advice ?? '',
  })));
  return { xlsx: Buffer.from(await wb.xlsx.writeBuffer()), unitName: d.unit.name };
}
