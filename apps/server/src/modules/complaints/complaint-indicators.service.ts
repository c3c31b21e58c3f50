// 诉件 indicators for the squadron evaluation, per unit (its subtree) and period, each with the records behind it:
// - 按时处置率: complaints received in the period whose deadline has passed or that were handled — handled on time / all;
// - 重办退回率: complaints received in the period that were reopened or returned / all received;
// - 一事一档完整率: complaints closed in the period whose file is complete (checkComplaintArchive) / all closed.
// Merged duplicates count once, through the complaint they were merged into.
import { checkComplaintArchive, shanghaiStartOfDay } from '@cg/domain';
import { queryRows, sql, type Executor } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { invalid } from '../../core/errors.ts';
import { iso } from '../tracking/tracking.service.ts';
import { getUnitInScope } from '../units/units.service.ts';

const DAY_MS = 86_400_000;
const at = (v: Date | string) => new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
/** Records listed per indicator; the counts always cover all of them. */
export const MAX_INDICATOR_RECORDS = 500;

export interface IndicatorRecord { id: string; code: string; unitName: string; ok: boolean; detail: string }

export interface ComplaintIndicator {
  key: 'on_time' | 'reopen_return' | 'archive_complete';
  name: string;
  /** What counts, in words. */
  definition: string;
  numerator: number;
  denominator: number;
  /** numerator / denominator, null when there is nothing to measure (never a silent zero). */
  rate: number | null;
  /** For reopen_return lower is better. */
  higherIsBetter: boolean;
  records: IndicatorRecord[];
  recordsTruncated: boolean;
}

export interface ComplaintIndicators { unitId: string; unitName: string; from: string; to: string; indicators: ComplaintIndicator[] }

interface Row {
  id: string; code: string; unitName: string; source: string; status: string; mergedIntoId: string | null;
  receivedAt: Date | string; dueAt: Date | string; handledAt: Date | string | null; handledOnTime: boolean | null;
  closedAt: Date | string | null; contactedAt: Date | string | null; handlingNote: string | null; replyText: string | null;
  satisfaction: string | null; reopenCount: number; returnCount: number; eventKinds: string[] | null; photoStages: string[] | null;
}

function indicator(
  key: ComplaintIndicator['key'], name: string, definition: string, records: IndicatorRecord[], higherIsBetter = true,
): ComplaintIndicator {
  const numerator = records.filter((r) => r.ok).length;
  return {
    key, name, definition, numerator, denominator: records.length,
    rate: records.length ? Math.round((numerator / records.length) * 10000) / 10000 : null, higherIsBetter,
    // Problems first: those are what a squadron has to look at.
    records: [...records].sort((a, b) => Number(a.ok === higherIsBetter) - Number(b.ok === higherIsBetter)).slice(0, MAX_INDICATOR_RECORDS),
    recordsTruncated: records.length > MAX_INDICATOR_RECORDS,
  };
}

export async function complaintIndicators(
  db: Executor, user: AuthUser, q: { unitId?: string; from: string; to: string }, now: Date,
): Promise<ComplaintIndicators> {
  if (q.from > q.to) throw invalid([{ field: 'to', message: '结束日期不能早于开始日期' }]);
  const unit = await getUnitInScope(db, user, q.unitId ?? user.unitId);
  const start = shanghaiStartOfDay(q.from);
  const end = new Date(shanghaiStartOfDay(q.to).getTime() + DAY_MS);
  const rows = await queryRows<Row>(db, sql`
    SELECT c.id, c.code, u.name AS "unitName", c.source, c.status, c.merged_into_id AS "mergedIntoId", c.received_at AS "receivedAt",
      c.due_at AS "dueAt", c.handled_at AS "handledAt", c.handled_on_time AS "handledOnTime", c.closed_at AS "closedAt",
      c.contacted_at AS "contactedAt", c.handling_note AS "handlingNote", c.reply_text AS "replyText", c.satisfaction,
      c.reopen_count AS "reopenCount", c.return_count AS "returnCount",
      (SELECT array_agg(DISTINCT e.kind) FROM complaint_events e WHERE e.complaint_id = c.id) AS "eventKinds",
      (SELECT array_agg(DISTINCT p.stage) FROM complaint_photos p WHERE p.complaint_id = c.id) AS "photoStages"
    FROM complaints c JOIN units u ON u.id = c.unit_id
    WHERE u.path LIKE ${unit.path + '%'} AND c.merged_into_id IS NULL
      AND ((c.received_at >= ${start} AND c.received_at < ${end}) OR (c.closed_at >= ${start} AND c.closed_at < ${end}))
    ORDER BY c.received_at`);
  const inPeriod = (v: Date | string | null) => v !== null && new Date(v) >= start && new Date(v) < end;
  const received = rows.filter((r) => inPeriod(r.receivedAt));

  const onTime = received
    .filter((r) => r.handledAt !== null || new Date(r.dueAt) < now)
    .map((r) => ({
      id: r.id, code: r.code, unitName: r.unitName, ok: r.handledOnTime === true,
      detail: r.handledAt ? `时限 ${at(r.dueAt)}，处置 ${at(r.handledAt)}${r.handledOnTime ? '，按时' : '，超期'}` : `时限 ${at(r.dueAt)} 已过，尚未处置`,
    }));
  const reopenReturn = received.map((r) => ({
    id: r.id, code: r.code, unitName: r.unitName, ok: r.reopenCount > 0 || r.returnCount > 0,
    detail: `重办 ${r.reopenCount} 次，退回 ${r.returnCount} 次`,
  }));
  const archive = rows.filter((r) => r.status === 'closed' && inPeriod(r.closedAt)).map((r) => {
    const check = checkComplaintArchive({
      source: r.source, status: r.status, mergedIntoId: r.mergedIntoId, contactedAt: r.contactedAt ? iso(r.contactedAt) : null,
      handlingNote: r.handlingNote, replyText: r.replyText, satisfaction: r.satisfaction, eventKinds: r.eventKinds ?? [], photoStages: r.photoStages ?? [],
    });
    return { id: r.id, code: r.code, unitName: r.unitName, ok: check.complete, detail: check.complete ? '完整' : `缺少：${check.missing.join('、')}` };
  });
  return {
    unitId: unit.id, unitName: unit.name, from: q.from, to: q.to,
    indicators: [
      indicator('on_time', '按时处置率', '期间受理、已到处置时限或已处置的诉件中，在时限内处置完毕的比例', onTime),
      indicator('reopen_return', '重办退回率', '期间受理的诉件中，曾被重办（市民不满意）或退回的比例（越低越好）', reopenReturn, false),
      indicator('archive_complete', '一事一档完整率', '期间办结的诉件中，一事一档完整（派遣、签收、联系、处置说明、处置后照片、回复、评价）的比例', archive),
    ],
  };
}
