// The evaluation's indicators for one squadron and period, gathered from each module through its own service: every
// catalogue id the platform can measure gets an IndicatorResult (value, numerator/denominator, the records counted and
// the gaps); ids of modules that do not exist yet are absent, so scoring says so and falls back to the on-site check.
import {
  INDICATOR_CATALOGUE, INDICATOR_MODULES, plusDays, quarterOf, shanghaiDate, shanghaiStartOfDay, SQUADRON_EQUIPMENT_CODES,
  type EvidenceRecord, type IndicatorOutcome, type IndicatorResult, type QuarterInfo,
} from '@cg/domain';
import type { Executor } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { invalid } from '../../core/errors.ts';
import { complaintIndicators } from '../complaints/complaint-indicators.service.ts';
import { tasksCreatedIn } from '../dispatch/dispatch.service.ts';
import { dutyIndicators } from '../duty/duty-indicators.ts';
import { equipmentIndicators, type Indicator as EquipmentIndicator } from '../equipment/equipment-indicators.ts';
import { infrastructureIndicators } from '../infrastructure/infrastructure-indicators.ts';
import { closedRoundsIn, lastClosedRound, roundDiscrepancies } from '../inventory/inventory.service.ts';
import { qualityGaps, qualitySummary, type QualityGapKind } from '../officers/officers.service.ts';
import { trackingStats } from '../tracking/tracking.service.ts';
import { getUnitInScope, withUnitMemo } from '../units/units.service.ts';

/** Squadrons evaluated at once: their queries overlap on the pool (each squadron's own queries run one after another). */
export const EVALUATION_CONCURRENCY = 4;

/** `fn` over `items` with at most `limit` running at once; results in input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The longest evaluation period: a calendar year and a bit (a round may run from one December to the next). */
export const MAX_EVALUATION_DAYS = 400;
/**
 * Gaps kept per indicator: enough to act on; the module's own page lists them all (`truncated` says there are more).
 * Every snapshot of a round holds them (253 squadrons × ~40 indicators): 100 made writing the snapshot a sixth of its time.
 */
const RECORDS = 50;
/** Records kept per indicator of what was counted: a sample to check against (the numerator says how many). */
const COUNTED_RECORDS = 20;
const DAY_MS = 86_400_000;

export interface EvaluationPeriod {
  unitId: string;
  /** Inclusive Shanghai dates. */
  from: string;
  to: string;
  /** The moment the data is read as of (a round's cut-off, or now). */
  asOf: Date;
}

const measured = (value: number, numerator?: number, denominator?: number): IndicatorOutcome => ({ available: true, value, numerator, denominator });
const nothing = (reason: string): IndicatorOutcome => ({ available: true, value: null, reason });


function result(id: string, outcome: IndicatorOutcome, records: EvidenceRecord[], gaps: EvidenceRecord[], truncated = false): IndicatorResult {
  return {
    id, outcome, records: records.slice(0, COUNTED_RECORDS), gaps: gaps.slice(0, RECORDS),
    truncated: truncated || records.length > COUNTED_RECORDS || gaps.length > RECORDS,
  };
}

/** An equipment-module indicator under a catalogue id; `empty` names what a zero denominator means. */
function fromEquipment(
  id: string, ind: EquipmentIndicator | undefined, empty: string, link: (r: EvidenceRecord) => string, gapLink = link,
): IndicatorResult {
  if (!ind) return result(id, nothing(empty), [], []);
  const outcome = ind.kind === 'count' ? measured(ind.value)
    : ind.denominator ? measured(ind.value, ind.numerator, ind.denominator) : nothing(empty);
  return result(id, outcome, ind.records.map((r) => ({ ...r, link: link(r) })), ind.gaps.map((r) => ({ ...r, link: gapLink(r) })), ind.truncated);
}

const itemLink = (r: EvidenceRecord) => `/equipment/${r.id}`;
/** The gaps of a per-officer kit are the officers without it. */
const officerLink = (r: { id: string }) => `/officers/${r.id}`;

async function personnel(db: Executor, user: AuthUser, unitId: string, asOf: Date, evidence: boolean): Promise<IndicatorResult[]> {
  const q = await qualitySummary(db, user, unitId, asOf);
  const gaps = evidence && (q.fresh < q.total || q.valid < q.total || q.complete < q.total) ? await qualityGaps(db, user, unitId, RECORDS, asOf) : null;
  const part = (id: string, n: number, quality: QualityGapKind) =>
    result(id, q.total ? measured(n / q.total, n, q.total) : nothing('执法人员库中没有本中队人员'), [],
      n < q.total ? (gaps?.[quality] ?? []).map((o) => ({ id: o.id, label: o.name, link: officerLink(o), detail: o.problems.join('、') || undefined })) : [],
      q.total - n > RECORDS);
  return [
    part('personnel.timeliness', q.fresh, 'stale'),
    part('personnel.accuracy', q.valid, 'invalid'),
    part('personnel.completeness', q.complete, 'incomplete'),
  ];
}

async function equipment(db: Executor, user: AuthUser, p: EvaluationPeriod, evidence: boolean): Promise<IndicatorResult[]> {
  const asOfDate = shanghaiDate(p.asOf);
  const eq = await equipmentIndicators(db, user, p.unitId, asOfDate,
    { recordLimit: evidence ? COUNTED_RECORDS : 0, gapLimit: evidence ? RECORDS : 0, sampleRecords: true, inventory: false });
  const by = new Map(eq.indicators.map((i) => [i.key, i]));
  const out: IndicatorResult[] = [
    fromEquipment('kit.handheld_terminal', by.get('kit.handheld_terminal'), '没有在岗队员', itemLink, officerLink),
    fromEquipment('kit.radio', by.get('kit.radio'), '没有在岗队员', itemLink, officerLink),
    fromEquipment('kit.body_camera', by.get('kit.body_camera'), '没有在岗队员', itemLink, officerLink),
    fromEquipment('vehicles.dashcam', by.get('vehicles.hasDashcam'), '没有在用执法车辆', itemLink),
    fromEquipment('vehicles.beidou', by.get('vehicles.beidouTerminalFitted'), '没有在用执法车辆', itemLink),
    fromEquipment('ledger.responsible', by.get('ledger.responsible'), '没有在用装备', itemLink),
    fromEquipment('ledger.overdue', by.get('ledger.overdue'), '', itemLink),
    fromEquipment('equipment.completeness', by.get('data.completeness'), '没有在用装备', itemLink),
    fromEquipment('performance.vehicle', by.get('performance.vehicle'), '没有在用执法车辆', itemLink),
  ];

  // 中队装备: the five kinds, each present or not, as one ratio.
  const kinds = SQUADRON_EQUIPMENT_CODES.map((code) => by.get(`squadron_kit.${code}`)).filter((i): i is EquipmentIndicator => !!i);
  const present = kinds.filter((k) => k.numerator && k.numerator > 0);
  out.push(result('squadron_kit.all', measured(present.length / SQUADRON_EQUIPMENT_CODES.length, present.length, SQUADRON_EQUIPMENT_CODES.length),
    present.map((k) => ({ id: k.key, label: k.label })), kinds.filter((k) => !present.includes(k)).map((k) => ({ id: k.key, label: k.label, detail: k.gaps[0]?.detail }))));

  // 单兵4G执法记录仪: performing units per active officer (number and performance), capped at 1.
  const cam = by.get('performance.body_camera_4g');
  const officers = eq.activeOfficers;
  if (!officers) out.push(result('performance.body_camera_4g', nothing('没有在岗队员'), [], []));
  else {
    const good = cam?.numerator ?? 0;
    const short = officers - Math.min(good, officers);
    out.push(result('performance.body_camera_4g', measured(Math.min(1, good / officers), Math.min(good, officers), officers),
      (cam?.records ?? []).map((r) => ({ ...r, link: itemLink(r) })),
      [...(cam?.gaps ?? []).map((r) => ({ ...r, link: itemLink(r) })),
        ...(short > 0 ? [{ id: 'shortfall', label: `还差${short}台性能达标的4G执法记录仪`, detail: `在岗队员${officers}人，达标${good}台` }] : [])]));
  }
  // 数据管理终端: in-service units meeting the floor; none at all scores 0 (the kind is required).
  const dt = by.get('performance.data_terminal');
  out.push(result('performance.data_terminal', measured(dt?.denominator ? dt.value : 0, dt?.numerator ?? 0, dt?.denominator ?? 0),
    (dt?.records ?? []).map((r) => ({ ...r, link: itemLink(r) })),
    dt?.denominator ? dt.gaps.map((r) => ({ ...r, link: itemLink(r) })) : [{ id: 'none', label: '没有在用的数据管理终端' }]));
  return out;
}

/** 每季度全面清点 over the quarters of the period that have ended by asOf, and 账实相符 of the last closed round. */
async function inventory(db: Executor, p: EvaluationPeriod, unitPath: string, unitName: string): Promise<IndicatorResult[]> {
  // Quarters overlapping the period that have ended by asOf: each should have a closed round.
  const quarters: QuarterInfo[] = [];
  const periodEnd = shanghaiStartOfDay(plusDays(p.to, 1)).getTime();
  for (let q = quarterOf(shanghaiStartOfDay(p.from)); q.start.getTime() < periodEnd; q = quarterOf(q.end)) {
    if (q.end.getTime() <= p.asOf.getTime()) quarters.push(q);
  }
  const years = [...new Set(quarters.map((q) => q.year))];
  const closed = (await Promise.all(years.map(async (year) => (await closedRoundsIn(db, unitPath, year, p.asOf)).map((r) => ({ ...r, year }))))).flat();
  const roundOf = (q: QuarterInfo) => closed.find((r) => r.year === q.year && r.quarter === q.quarter);
  const done = quarters.filter((q) => roundOf(q));
  const missing = quarters.filter((q) => !roundOf(q));
  const rounds = result('inventory.quarters',
    quarters.length ? measured(done.length / quarters.length, done.length, quarters.length) : nothing('考核期间内尚无已结束的季度'),
    done.map((q) => roundOf(q)!).map((r) => ({
      id: r.id, label: `${r.year}年第${r.quarter}季度清点`, detail: `${unitName} · ${shanghaiDate(new Date(r.closedAt))}关闭`, link: `/inventory/${r.id}`,
    })),
    missing.map((q) => ({ id: `${q.year}-${q.quarter}`, label: `${q.label}未完成清点`, link: '/inventory' })));

  const last = await lastClosedRound(db, p.unitId, p.asOf);
  let accuracy: IndicatorResult;
  if (!last?.summary) accuracy = result('equipment.accuracy', nothing('尚无已关闭的季度清点'), [], []);
  else {
    const s = last.summary;
    const total = (s.expected ?? 0) + (s.unexpected ?? 0);
    const found = s.found ?? 0;
    const off = await roundDiscrepancies(db, last.id);
    const labels: Record<string, string> = { missing: '账有实无', unexpected: '实有账无', wrong_holder: '持有人不符', pending: '未清点' };
    accuracy = result('equipment.accuracy', total ? measured(found / total, found, total) : nothing('最近一次清点没有装备'),
      [{ id: last.id, label: `${last.year}年第${last.quarter}季度清点`, detail: `账实相符${found}件/共${total}件`, link: `/inventory/${last.id}` }],
      off.map((d) => ({ id: d.id, label: d.assetTag, detail: labels[d.result] ?? d.result, link: `/inventory/${last.id}` })));
  }
  return [rounds, accuracy];
}

async function tracking(db: Executor, user: AuthUser, p: EvaluationPeriod, asOfDate: string): Promise<IndicatorResult> {
  const to = p.to < asOfDate ? p.to : asOfDate;
  const stats = await trackingStats(db, user, { unitId: p.unitId, from: p.from, to }, MAX_EVALUATION_DAYS, asOfDate);
  const t = stats.total;
  const records = stats.terminals.map((x) => ({
    id: x.terminalId, label: x.plate ?? x.assetTag, detail: `在线${x.onlineDays}天，${x.positions}个定位`, link: `/equipment/${x.terminalId}`,
  }));
  return result('tracking.access_rate', t.installed ? measured(t.reported / t.installed, t.reported, t.installed) : nothing('没有已安装北斗终端的车辆'),
    records.filter((_, i) => stats.terminals[i]!.reported),
    records.filter((_, i) => !stats.terminals[i]!.reported).map((r) => ({ ...r, detail: '考核期间内没有定位上报' })));
}

async function dispatchUse(db: Executor, p: EvaluationPeriod, unitPath: string, start: Date, end: Date): Promise<IndicatorResult> {
  const tasks = await tasksCreatedIn(db, unitPath, start, end);
  return result('dispatch.in_use', measured(tasks.total > 0 ? 1 : 0, tasks.total, undefined),
    tasks.items.map((t) => ({ id: t.id, label: t.code, detail: `${t.title} · ${shanghaiDate(new Date(t.createdAt))}`, link: `/command/dispatch?task=${t.id}` })),
    tasks.total ? [] : [{ id: 'none', label: '考核期间内没有通过平台派遣任务', link: '/command/dispatch' }], tasks.total > tasks.items.length);
}

async function complaints(db: Executor, user: AuthUser, p: EvaluationPeriod): Promise<IndicatorResult[]> {
  const c = await complaintIndicators(db, user, { unitId: p.unitId, from: p.from, to: p.to }, p.asOf);
  const empty: Record<string, string> = {
    on_time: '期间内没有已到处置时限的诉件', reopen_return: '期间内没有受理的诉件', archive_complete: '期间内没有办结的诉件',
  };
  return c.indicators.map((ind) => {
    const rec = (r: (typeof ind.records)[number]) => ({ id: r.id, label: r.code, detail: r.detail, link: `/complaints/${r.id}` });
    const bad = ind.records.filter((r) => r.ok !== ind.higherIsBetter);
    const good = ind.records.filter((r) => r.ok === ind.higherIsBetter);
    return result(`complaints.${ind.key}`, ind.rate === null ? nothing(empty[ind.key]!) : measured(ind.rate, ind.numerator, ind.denominator),
      good.map(rec), bad.map(rec), ind.recordsTruncated);
  });
}

async function duty(db: Executor, user: AuthUser, p: EvaluationPeriod, evidence: boolean): Promise<IndicatorResult[]> {
  const d = await dutyIndicators(db, user, { unitId: p.unitId, from: p.from, to: p.to }, p.asOf, MAX_EVALUATION_DAYS,
    { officerRecords: evidence ? RECORDS : 0 });
  const ratio = (n: number, of: number, empty: string) => (of ? measured(n / of, n, of) : nothing(empty));
  const shift = (s: (typeof d.shiftCheckin.records)[number]) => ({
    id: s.shiftId, label: `${s.planDate} ${s.name}`, detail: `${s.timeLabel}，${s.members}人，签到${s.checkedIn}人`, link: `/duty?date=${s.planDate}`,
  });
  const officer = (o: (typeof d.activeOfficers.records)[number]) => ({
    id: o.officerId, label: o.name, detail: `签到${o.checkins}次，日志${o.logEntries}条，轨迹${o.trackDays}天，任务${o.tasks}个，诉件${o.complaints}件`,
    link: `/duty/officers/${o.officerId}`,
  });
  const plan = (x: (typeof d.plansOnTime.records)[number]) => ({ id: x.planId, label: x.planDate, detail: x.timingLabel, link: `/duty?date=${x.planDate}` });
  return [
    result('duty.shift_checkin', ratio(d.shiftCheckin.numerator, d.shiftCheckin.denominator, '期间内没有已开始的勤务班次'),
      d.shiftCheckin.records.filter((s) => s.hasAppCheckin).map(shift), d.shiftCheckin.records.filter((s) => !s.hasAppCheckin).map(shift)),
    result('duty.active_officers', ratio(d.activeOfficers.numerator, d.activeOfficers.denominator, '没有在岗队员'),
      d.activeOfficers.records.filter((o) => o.active).map(officer),
      d.activeOfficers.records.filter((o) => !o.active).map((o) => ({ ...officer(o), detail: '期间内一人一档没有记录' })),
      d.activeOfficers.records.length < d.activeOfficers.denominator),
    // A squadron-day without any plan is late too: it counts against the rate.
    result('duty.plans_on_time',
      ratio(d.plansOnTime.numerator, d.plansOnTime.denominator + d.plansOnTime.missing.count, '期间内没有到发布时限的勤务计划'),
      d.plansOnTime.records.filter((x) => x.onTime).map(plan),
      [...d.plansOnTime.records.filter((x) => !x.onTime).map(plan),
        ...d.plansOnTime.missing.records.map((m) => ({ id: `${m.unitId}|${m.date}`, label: m.date, detail: '没有勤务计划', link: `/duty?date=${m.date}` }))]),
  ];
}

/**
 * Every measurable indicator for one squadron over a period, as of a moment. Results come back in catalogue order;
 * indicators of planned modules are left out (scoring reports them as not yet in the platform). `evidence: false` for
 * the values alone (scores and the gap list's points need no records): the 考核总览 and past months' trend. Some
 * records still come back then; never rely on them being complete.
 */
export async function squadronIndicators(
  db: Executor, asUser: AuthUser, p: EvaluationPeriod, { evidence = true }: { evidence?: boolean } = {},
): Promise<IndicatorResult[]> {
  if (p.from > p.to) throw invalid([{ field: 'to', message: '考核期间的结束日期不能早于开始日期' }]);
  const user = withUnitMemo(asUser); // every module checks the squadron again: one lookup
  const unit = await getUnitInScope(db, user, p.unitId);
  const start = shanghaiStartOfDay(p.from);
  const end = new Date(Math.min(shanghaiStartOfDay(p.to).getTime() + DAY_MS, p.asOf.getTime()));
  const asOfDate = shanghaiDate(p.asOf);
  const parts = [
    ...(await infrastructureIndicators(db, user, p.unitId, { from: p.from, to: p.to }, p.asOf)),
    ...(await personnel(db, user, p.unitId, p.asOf, evidence)),
    ...(await equipment(db, user, p, evidence)),
    ...(await inventory(db, p, unit.path, unit.name)),
    await tracking(db, user, p, asOfDate),
    await dispatchUse(db, p, unit.path, start, end),
    ...(await complaints(db, user, p)),
    ...(await duty(db, user, p, evidence)),
  ];
  const byId = new Map(parts.map((r) => [r.id, r]));
  return INDICATOR_CATALOGUE.filter((d) => !INDICATOR_MODULES[d.module].planned && byId.has(d.id)).map((d) => byId.get(d.id)!);
}
