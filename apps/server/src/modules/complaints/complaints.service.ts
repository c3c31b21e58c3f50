// 诉件处置, first part: the category tree with time limits, the holiday calendar deadlines are counted on, intake by a
// clerk and by outside systems (12345 …, idempotent on their order number), routing to the squadron whose jurisdiction
// holds the point, the 50 m duplicate search, and the list and detail. Scoped by the org tree; every write audited in
// its transaction. The business clock (`now`) is injected so deadlines and the intake window are testable.
import { createHash } from 'node:crypto';
import {
  availableComplaintActions, COMPLAINT_ACTION_LABELS, planComplaintAction, type ComplaintAction, type ComplaintRole,
  buildWorkCalendar, checkComplaintArchive, CN_PUBLIC_HOLIDAYS_2026, type ArchiveCheck, deadlineOf, isoDateProblem, isWorkingDay, shanghaiDate, shanghaiStartOfDay, SQUADRON_KINDS, TIME_LIMIT_UNIT_LABELS,
  type CalendarDay, type TimeLimit, type TimeLimitUnit, type WorkCalendar,
} from '@cg/domain';
import { queryOne, queryRows, sql, type Database, type Executor } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, conflict, invalid, notFound } from '../../core/errors.ts';
import type { Paged } from '../../core/pagination.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { iso } from '../tracking/tracking.service.ts';
import { getUnitInScope, locateSquadron } from '../units/units.service.ts';
import { BUILTIN_COMPLAINT_CATEGORIES } from './complaints.catalog.ts';

export type Clock = () => Date;

export const COMPLAINT_STATUSES = ['accepted', 'dispatched', 'signed', 'handling', 'handled', 'replied', 'closed', 'returned'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_STATUS_LABELS: Record<ComplaintStatus, string> = {
  accepted: '已受理', dispatched: '已派遣', signed: '已签收', handling: '处置中', handled: '已处置', replied: '已回复', closed: '已办结',
  returned: '已退回',
};
/** Statuses after which the handling deadline no longer runs. */
export const DONE_STATUSES: readonly ComplaintStatus[] = ['handled', 'replied', 'closed'];
export const COMPLAINT_SOURCES = ['clerk', 'field', '12345', 'other'] as const;
export type ComplaintSource = (typeof COMPLAINT_SOURCES)[number];
export const COMPLAINT_SOURCE_LABELS: Record<ComplaintSource, string> = { clerk: '窗口受理', field: '巡查发现', '12345': '12345热线', other: '其他系统' };

const ENTITY = 'complaint';
export const DUPLICATE_RADIUS_M = 50;
export const DUPLICATE_CLOSED_DAYS = 30;
/** How far back an outside system may date a complaint it sends late, and how far ahead its clock may run. */
export const MAX_RECEIVED_AGE_DAYS = 30;
const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;
const EARTH_RADIUS_M = 6371008.8;
const DONE = sql.raw(DONE_STATUSES.map((s) => `'${s}'`).join(', '));

const limitLabel = (l: TimeLimit) => `${l.amount}${TIME_LIMIT_UNIT_LABELS[l.unit]}`;

/** 138****5678: enough to recognise a caller, not enough to ring them. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\s/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  if (digits.length < 8) return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

// ---- defaults ------------------------------------------------------------------------------------------------

/** Writes the built-in categories that are missing (by code) and loads the shipped calendar year once. */
export async function ensureComplaintDefaults(db: Database): Promise<{ categories: number; calendarDays: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(730101)`);
    const existing = new Map((await queryRows<{ code: string; id: string }>(tx, sql`SELECT code, id FROM complaint_categories`)).map((r) => [r.code, r.id]));
    let categories = 0;
    let sort = 0;
    for (const parent of BUILTIN_COMPLAINT_CATEGORIES) {
      const nodes = [{ node: parent, parentCode: null as string | null }, ...(parent.children ?? []).map((node) => ({ node, parentCode: parent.code }))];
      for (const { node, parentCode } of nodes) {
        sort += 1;
        if (existing.has(node.code)) continue;
        const row = await queryOne<{ id: string }>(tx, sql`
          INSERT INTO complaint_categories (code, parent_id, name, contact_limit_unit, contact_limit_amount, handle_limit_unit,
            handle_limit_amount, builtin, sort_order)
          VALUES (${node.code}, ${parentCode ? existing.get(parentCode) ?? null : null}, ${node.name}, ${node.contact.unit},
            ${node.contact.amount}, ${node.handle.unit}, ${node.handle.amount}, true, ${sort})
          RETURNING id`);
        existing.set(node.code, row!.id);
        categories += 1;
      }
    }
    let calendarDays = 0;
    const loaded = await queryOne<{ year: number }>(tx, sql`SELECT year FROM work_calendar_years WHERE year = 2026`);
    if (!loaded) {
      for (const d of CN_PUBLIC_HOLIDAYS_2026) {
        await tx.execute(sql`INSERT INTO work_calendar_days (day, kind, name, updated_by_name) VALUES (${d.date}, ${d.kind}, ${d.name}, '系统')
          ON CONFLICT (day) DO NOTHING`);
        calendarDays += 1;
      }
      await tx.execute(sql`INSERT INTO work_calendar_years (year, source) VALUES (2026, '国务院办公厅关于2026年部分节假日安排的通知')`);
    }
    return { categories, calendarDays };
  });
}

// ---- calendar ------------------------------------------------------------------------------------------------

export async function loadWorkCalendar(db: Executor): Promise<WorkCalendar> {
  const rows = await queryRows<CalendarDay>(db, sql`SELECT day::text AS date, kind, name FROM work_calendar_days ORDER BY day`);
  return buildWorkCalendar(rows);
}

export async function listCalendar(db: Executor, year: number): Promise<{ year: number; days: (CalendarDay & { updatedByName: string | null })[] }> {
  const days = await queryRows<CalendarDay & { updatedByName: string | null }>(db, sql`
    SELECT day::text AS date, kind, name, updated_by_name AS "updatedByName" FROM work_calendar_days
    WHERE day >= ${`${year}-01-01`}::date AND day <= ${`${year}-12-31`}::date ORDER BY day`);
  return { year, days };
}

/** The bare Monday–Friday rule, to tell weekends from weekdays. */
const NO_HOLIDAYS = buildWorkCalendar([]);

export async function setCalendarDay(
  db: Database, actor: Actor, date: string, input: { kind: 'holiday' | 'workday'; name: string },
): Promise<CalendarDay> {
  const problem = isoDateProblem(date, '日期');
  if (problem) throw invalid([{ field: 'date', message: problem }]);
  const weekend = !isWorkingDay(date, NO_HOLIDAYS);
  if (input.kind === 'workday' && !weekend) {
    throw invalid([{ field: 'kind', message: `${date}是工作日，调休上班只能设在周六或周日` }]);
  }
  return db.transaction(async (tx) => {
    const before = await queryOne<CalendarDay>(tx, sql`SELECT day::text AS date, kind, name FROM work_calendar_days WHERE day = ${date}::date FOR UPDATE`);
    await tx.execute(sql`
      INSERT INTO work_calendar_days (day, kind, name, updated_by_name, updated_at) VALUES (${date}::date, ${input.kind}, ${input.name}, ${actor.name}, now())
      ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, updated_by_name = EXCLUDED.updated_by_name, updated_at = now()`);
    const after = { date, kind: input.kind, name: input.name };
    await appendAudit(tx, actor, { unitId: null, entityType: 'work_calendar_day', entityId: date, action: before ? 'update' : 'create', before: before ?? null, after });
    return after;
  });
}

export async function removeCalendarDay(db: Database, actor: Actor, date: string): Promise<{ date: string; removed: true }> {
  const problem = isoDateProblem(date, '日期');
  if (problem) throw invalid([{ field: 'date', message: problem }]);
  return db.transaction(async (tx) => {
    const before = await queryOne<CalendarDay>(tx, sql`DELETE FROM work_calendar_days WHERE day = ${date}::date RETURNING day::text AS date, kind, name`);
    if (!before) throw notFound(`工作日历中的${date}`);
    await appendAudit(tx, actor, { unitId: null, entityType: 'work_calendar_day', entityId: date, action: 'delete', before, after: null });
    return { date, removed: true as const };
  });
}

// ---- categories ----------------------------------------------------------------------------------------------

interface CategoryRow {
  id: string; code: string; parentId: string | null; parentName: string | null; name: string;
  contactLimitUnit: TimeLimitUnit; contactLimitAmount: number; handleLimitUnit: TimeLimitUnit; handleLimitAmount: number;
  active: boolean; builtin: boolean; sortOrder: number; activeChildren: number;
}

const categorySelect = sql`
  SELECT c.id, c.code, c.parent_id AS "parentId", p.name AS "parentName", c.name,
    c.contact_limit_unit AS "contactLimitUnit", c.contact_limit_amount AS "contactLimitAmount",
    c.handle_limit_unit AS "handleLimitUnit", c.handle_limit_amount AS "handleLimitAmount",
    c.active, c.builtin, c.sort_order AS "sortOrder",
    (SELECT count(*)::int FROM complaint_categories k WHERE k.parent_id = c.id AND k.active) AS "activeChildren"
  FROM complaint_categories c LEFT JOIN complaint_categories p ON p.id = c.parent_id`;

export interface CategoryView {
  id: string; code: string; parentId: string | null; name: string; fullName: string;
  contactLimit: TimeLimit & { label: string }; handleLimit: TimeLimit & { label: string };
  active: boolean; builtin: boolean; sortOrder: number; children?: CategoryView[];
}

function categoryView(r: CategoryRow): CategoryView {
  const contact: TimeLimit = { unit: r.contactLimitUnit, amount: Number(r.contactLimitAmount) };
  const handle: TimeLimit = { unit: r.handleLimitUnit, amount: Number(r.handleLimitAmount) };
  return {
    id: r.id, code: r.code, parentId: r.parentId, name: r.name, fullName: r.parentName ? `${r.parentName}／${r.name}` : r.name,
    contactLimit: { ...contact, label: limitLabel(contact) }, handleLimit: { ...handle, label: limitLabel(handle) },
    active: r.active, builtin: r.builtin, sortOrder: r.sortOrder,
  };
}

/** The tree: 大类 with their 小类 (inactive ones only when asked). */
export async function categoryTree(db: Executor, includeInactive = false): Promise<CategoryView[]> {
  const rows = await queryRows<CategoryRow>(db, sql`${categorySelect} ${includeInactive ? sql`` : sql`WHERE c.active`} ORDER BY c.sort_order, c.code`);
  const roots = rows.filter((r) => !r.parentId).map((r) => ({ ...categoryView(r), children: [] as CategoryView[] }));
  const byId = new Map(roots.map((r) => [r.id, r]));
  for (const r of rows) if (r.parentId) byId.get(r.parentId)?.children.push(categoryView(r));
  return roots;
}

/** The category a complaint is filed under: must exist, be active, and be a 小类 (or a 大类 without active 小类). */
async function resolveCategory(db: Executor, ref: { categoryId?: string; categoryCode?: string }): Promise<CategoryRow> {
  const field = ref.categoryId ? 'categoryId' : 'categoryCode';
  const row = ref.categoryId
    ? await queryOne<CategoryRow>(db, sql`${categorySelect} WHERE c.id = ${ref.categoryId}`)
    : await queryOne<CategoryRow>(db, sql`${categorySelect} WHERE c.code = ${ref.categoryCode ?? ''}`);
  if (!row) throw invalid([{ field, message: `诉件类别“${ref.categoryId ?? ref.categoryCode}”不存在` }]);
  if (!row.active) throw invalid([{ field, message: `诉件类别“${row.name}”已停用` }]);
  if (row.activeChildren > 0) throw invalid([{ field, message: `“${row.name}”是大类，请选择其下的小类` }]);
  return row;
}

// ---- complaints ----------------------------------------------------------------------------------------------

export interface ComplaintInput {
  categoryId?: string;
  categoryCode?: string;
  description: string;
  address?: string | null;
  lat: number;
  lon: number;
  reporterName?: string | null;
  reporterPhone?: string | null;
  /** When the citizen's complaint was received; now when absent. */
  receivedAt?: string;
  /** Clerk intake only: the squadron for a point that lies in no jurisdiction. */
  unitId?: string;
}

export interface ExternalComplaintInput extends Omit<ComplaintInput, 'unitId'> {
  source: '12345' | 'other';
  externalSystem?: string;
  externalNo: string;
}

interface ComplaintRow {
  id: string; code: string; source: ComplaintSource; externalSystem: string | null; externalNo: string | null;
  categoryId: string; categoryCode: string; categoryName: string; parentCategoryName: string | null;
  description: string; address: string | null; lat: number; lon: number; reporterName: string | null; reporterPhone: string | null;
  unitId: string; unitName: string; unitPath: string; status: ComplaintStatus;
  receivedAt: Date | string; contactDueAt: Date | string; dueAt: Date | string; closedAt: Date | string | null;
  contactedAt: Date | string | null; handledAt: Date | string | null; repliedAt: Date | string | null;
  handledOnTime: boolean | null; handlingNote: string | null; replyText: string | null; satisfaction: Satisfaction | null;
  feedbackAt: Date | string | null; reopenCount: number; returnCount: number; extensionPending: boolean;
  extensionRequestedDueAt: Date | string | null; mergedIntoId: string | null; mergedIntoCode: string | null;
  createdByName: string; createdAt: Date | string; version: number;
}

const complaintSelect = sql`
  SELECT c.id, c.code, c.source, c.external_system AS "externalSystem", c.external_no AS "externalNo",
    c.category_id AS "categoryId", k.code AS "categoryCode", k.name AS "categoryName", p.name AS "parentCategoryName",
    c.description, c.address, c.lat, c.lon, c.reporter_name AS "reporterName", c.reporter_phone AS "reporterPhone",
    c.unit_id AS "unitId", u.name AS "unitName", u.path AS "unitPath", c.status,
    c.received_at AS "receivedAt", c.contact_due_at AS "contactDueAt", c.due_at AS "dueAt", c.closed_at AS "closedAt",
    c.contacted_at AS "contactedAt", c.handled_at AS "handledAt", c.replied_at AS "repliedAt", c.handled_on_time AS "handledOnTime",
    c.handling_note AS "handlingNote", c.reply_text AS "replyText", c.satisfaction, c.feedback_at AS "feedbackAt",
    c.reopen_count AS "reopenCount", c.return_count AS "returnCount", c.extension_pending AS "extensionPending",
    c.extension_requested_due_at AS "extensionRequestedDueAt", c.merged_into_id AS "mergedIntoId", m.code AS "mergedIntoCode",
    c.created_by_name AS "createdByName", c.created_at AS "createdAt", c.version
  FROM complaints c
  JOIN units u ON u.id = c.unit_id
  JOIN complaint_categories k ON k.id = c.category_id
  LEFT JOIN complaint_categories p ON p.id = k.parent_id
  LEFT JOIN complaints m ON m.id = c.merged_into_id`;

export interface ComplaintView {
  id: string; code: string; source: ComplaintSource; sourceLabel: string; externalSystem: string | null; externalNo: string | null;
  categoryId: string; categoryCode: string; categoryName: string; description: string; address: string | null;
  lat: number; lon: number; reporterName: string | null; reporterPhone: string | null; unitId: string; unitName: string;
  status: ComplaintStatus; statusLabel: string; receivedAt: string; contactDueAt: string; dueAt: string; closedAt: string | null;
  contactedAt: string | null; handledAt: string | null; repliedAt: string | null; handledOnTime: boolean | null;
  handlingNote: string | null; replyText: string | null; satisfaction: Satisfaction | null; satisfactionLabel: string | null;
  feedbackAt: string | null; reopenCount: number; returnCount: number; extensionPending: boolean; extensionRequestedDueAt: string | null;
  mergedIntoId: string | null; mergedIntoCode: string | null;
  /** Past the handling deadline and not yet handled. */
  overdue: boolean;
  /** done; overdue; near (due within 24 hours); normal. */
  dueState: DueState;
  createdByName: string; createdAt: string; version: number;
}

/** Timeline step names, as the 一事一档 and the pages show them. */
export const COMPLAINT_EVENT_LABELS: Record<string, string> = {
  accepted: '受理', rerouted: '改派', dispatched: '派遣', signed: '签收', handling: '开始处置', contacted: '首次联系', handled: '处置完毕',
  replied: '回复市民', closed: '办结', returned: '退回', extension_requested: '申请延期', extension_approved: '批准延期',
  extension_rejected: '驳回延期', reopened: '重办', feedback: '市民评价', merged: '合并', linked: '关联', note: '备注', photo: '照片',
};

export interface ComplaintEventView {
  id: number; kind: string; kindLabel: string; at: string; actorName: string; fromStatus: string | null; toStatus: string | null;
  fromUnitName: string | null; toUnitName: string | null; note: string | null;
}

export interface ComplaintPhotoView {
  id: string; stage: PhotoStage; stageLabel: string; fileName: string; mimeType: string; sizeBytes: number; url: string;
  takenAt: string | null; lat: number | null; lon: number | null; uploadedByName: string; uploadedAt: string;
}

export interface ComplaintLinkView { id: string; code: string; kind: 'duplicate' | 'merged'; status: ComplaintStatus; statusLabel: string }

export interface ComplaintDetail extends ComplaintView {
  events: ComplaintEventView[];
  photos: ComplaintPhotoView[];
  links: ComplaintLinkView[];
  /** The buttons this user may press now. */
  availableActions: { action: ComplaintAction; label: string; reasonRequired: boolean }[];
  /** 一事一档 completeness: what the file holds and what it still lacks. */
  archive: ArchiveCheck;
  /** Whether this user may re-route (改派), merge or record the citizen's feedback. */
  canReroute: boolean; canMerge: boolean; canRecordFeedback: boolean;
}

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };
export const PHOTO_STAGES = ['intake', 'before', 'after'] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];
export const PHOTO_STAGE_LABELS: Record<PhotoStage, string> = { intake: '受理照片', before: '处置前', after: '处置后' };
export type DueState = 'done' | 'overdue' | 'near' | 'normal';
/** Open complaints due within this many hours are flagged 临期. */
export const NEAR_DUE_HOURS = 24;
const HOUR_MS = 3_600_000;

/** The lifecycle roles a user plays on complaints in their scope, from their permissions. */
export function complaintRolesOf(user: Pick<AuthUser, 'permissions'>): ComplaintRole[] {
  const roles: ComplaintRole[] = [];
  if (user.permissions.includes('complaint.write')) roles.push('dispatcher');
  if (user.permissions.includes('complaint.handle')) roles.push('handler');
  if (user.permissions.includes('complaint.approve')) roles.push('leader');
  return roles;
}

const isoOrNull = (v: Date | string | null) => (v ? iso(v) : null);

function dueStateOf(status: ComplaintStatus, dueAt: Date, now: Date): DueState {
  if (DONE_STATUSES.includes(status)) return 'done';
  if (dueAt.getTime() < now.getTime()) return 'overdue';
  return dueAt.getTime() - now.getTime() <= NEAR_DUE_HOURS * HOUR_MS ? 'near' : 'normal';
}

function viewOf(r: ComplaintRow, now: Date, maskContact: boolean): ComplaintView {
  const { unitPath: _p, parentCategoryName, ...rest } = r;
  const dueAt = iso(r.dueAt);
  return {
    ...rest,
    categoryName: parentCategoryName ? `${parentCategoryName}／${r.categoryName}` : r.categoryName,
    sourceLabel: COMPLAINT_SOURCE_LABELS[r.source], statusLabel: COMPLAINT_STATUS_LABELS[r.status],
    reporterPhone: maskContact ? maskPhone(r.reporterPhone) : r.reporterPhone,
    receivedAt: iso(r.receivedAt), contactDueAt: iso(r.contactDueAt), dueAt, closedAt: r.closedAt ? iso(r.closedAt) : null,
    contactedAt: isoOrNull(r.contactedAt), handledAt: isoOrNull(r.handledAt), repliedAt: isoOrNull(r.repliedAt),
    feedbackAt: isoOrNull(r.feedbackAt), extensionRequestedDueAt: isoOrNull(r.extensionRequestedDueAt),
    satisfactionLabel: r.satisfaction ? SATISFACTION_LABELS[r.satisfaction] : null,
    overdue: !DONE_STATUSES.includes(r.status) && new Date(dueAt).getTime() < now.getTime(),
    dueState: dueStateOf(r.status, new Date(dueAt), now),
    createdAt: iso(r.createdAt),
  };
}

export async function getComplaintRow(db: Executor, user: Pick<AuthUser, 'unitPath'>, id: string): Promise<ComplaintRow> {
  const row = await queryOne<ComplaintRow>(db, sql`${complaintSelect} WHERE c.id = ${id}`);
  if (!row || !row.unitPath.startsWith(user.unitPath)) throw notFound('诉件');
  return row;
}

export async function complaintDetail(db: Executor, user: AuthUser, id: string, now: Date): Promise<ComplaintDetail> {
  const row = await getComplaintRow(db, user, id);
  const events = await queryRows<Omit<ComplaintEventView, 'id' | 'at' | 'kindLabel'> & { id: string | number; at: Date | string }>(db, sql`
    SELECT e.id, e.kind, e.at, e.actor_name AS "actorName", e.from_status AS "fromStatus", e.to_status AS "toStatus",
      fu.name AS "fromUnitName", tu.name AS "toUnitName", e.note
    FROM complaint_events e LEFT JOIN units fu ON fu.id = e.from_unit_id LEFT JOIN units tu ON tu.id = e.to_unit_id
    WHERE e.complaint_id = ${id} ORDER BY e.id`);
  const photos = await queryRows<Omit<ComplaintPhotoView, 'stageLabel' | 'url' | 'takenAt' | 'uploadedAt'> & { takenAt: Date | string | null; uploadedAt: Date | string }>(db, sql`
    SELECT id, stage, file_name AS "fileName", mime_type AS "mimeType", size_bytes AS "sizeBytes", taken_at AS "takenAt", lat, lon,
      uploaded_by_name AS "uploadedByName", uploaded_at AS "uploadedAt"
    FROM complaint_photos WHERE complaint_id = ${id} ORDER BY uploaded_at, id`);
  const links = await queryRows<Omit<ComplaintLinkView, 'statusLabel'>>(db, sql`
    SELECT c.id, c.code, l.kind, c.status FROM complaint_links l
    JOIN complaints c ON c.id = CASE WHEN l.a_id = ${id} THEN l.b_id ELSE l.a_id END
    JOIN units u ON u.id = c.unit_id
    WHERE (l.a_id = ${id} OR l.b_id = ${id}) AND u.path LIKE ${user.unitPath + '%'} ORDER BY c.received_at`);
  // Whoever handles complaints needs the number to call the citizen back; everyone else sees it masked.
  const mask = !user.permissions.includes('complaint.write') && !user.permissions.includes('complaint.handle');
  const roles = complaintRolesOf(user);
  const contacted = row.contactedAt !== null;
  const merged = row.mergedIntoId !== null;
  const availableActions = merged ? [] : availableComplaintActions(row.status, { roles, extensionPending: row.extensionPending, contacted })
    .map((action) => {
      const plan = planComplaintAction(row.status, action, { roles, extensionPending: row.extensionPending, contacted, reason: 'xx' });
      return { action, label: COMPLAINT_ACTION_LABELS[action], reasonRequired: plan.ok && plan.reasonRequired };
    });
  const dispatcher = roles.includes('dispatcher');
  return {
    ...viewOf(row, now, mask),
    events: events.map((e) => ({ ...e, id: Number(e.id), kindLabel: COMPLAINT_EVENT_LABELS[e.kind] ?? e.kind, at: iso(e.at) })),
    archive: checkComplaintArchive({
      source: row.source, status: row.status, mergedIntoId: row.mergedIntoId, contactedAt: isoOrNull(row.contactedAt),
      handlingNote: row.handlingNote, replyText: row.replyText, satisfaction: row.satisfaction,
      eventKinds: events.map((e) => e.kind), photoStages: photos.map((p) => p.stage),
    }),
    photos: photos.map((p) => ({
      ...p, stageLabel: PHOTO_STAGE_LABELS[p.stage], url: `/api/complaints/${id}/photos/${p.id}`, takenAt: isoOrNull(p.takenAt),
      uploadedAt: iso(p.uploadedAt),
    })),
    links: links.map((l) => ({ ...l, statusLabel: COMPLAINT_STATUS_LABELS[l.status] })),
    availableActions,
    canReroute: dispatcher && !merged && REROUTABLE.includes(row.status),
    canMerge: dispatcher && !merged && row.status !== 'closed',
    canRecordFeedback: dispatcher && !merged && (row.status === 'replied' || row.status === 'closed'),
  };
}

/** 改派 is possible until the squadron signs. */
export const REROUTABLE: readonly ComplaintStatus[] = ['accepted', 'dispatched', 'returned'];

/** Checks a sender's receivedAt against the business clock; absent → now. */
function receivedAtOf(value: string | undefined, now: Date): Date {
  if (value === undefined) return now;
  const at = new Date(value);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalid([{ field: 'receivedAt', message: '受理时间不能晚于当前时间' }]);
  if (at.getTime() < now.getTime() - MAX_RECEIVED_AGE_DAYS * DAY_MS) {
    throw invalid([{ field: 'receivedAt', message: `受理时间不能早于${MAX_RECEIVED_AGE_DAYS}天前` }]);
  }
  return at;
}

/** 诉件编号 SJ + Shanghai date + 5-digit sequence of that day. */
async function nextCode(tx: Executor, now: Date): Promise<string> {
  const day = shanghaiDate(now).replaceAll('-', '');
  const row = await queryOne<{ last: number }>(tx, sql`
    INSERT INTO complaint_code_counters (day, last) VALUES (${day}, 1)
    ON CONFLICT (day) DO UPDATE SET last = complaint_code_counters.last + 1 RETURNING last`);
  return `SJ${day}${String(row!.last).padStart(5, '0')}`;
}

export interface DuplicateCandidate {
  id: string; code: string; status: ComplaintStatus; statusLabel: string; description: string; address: string | null;
  unitName: string; receivedAt: string; closedAt: string | null; distanceM: number;
}

/**
 * Complaints of the same category within 50 m of the point that are open, or closed in the last 30 days, in the
 * user's scope. The bounding box narrows on the (category, lat, lon) index; the great-circle distance decides.
 */
export async function findDuplicates(
  db: Executor, user: Pick<AuthUser, 'unitPath'>, q: { lat: number; lon: number; categoryId: string; excludeId?: string }, now: Date,
): Promise<DuplicateCandidate[]> {
  const dLat = (DUPLICATE_RADIUS_M / (Math.PI * EARTH_RADIUS_M)) * 180 * 1.01;
  const dLon = dLat / Math.max(0.01, Math.cos((q.lat * Math.PI) / 180));
  const closedSince = new Date(now.getTime() - DUPLICATE_CLOSED_DAYS * DAY_MS);
  const rows = await queryRows<DuplicateCandidate & { receivedAt: Date | string; closedAt: Date | string | null }>(db, sql`
    SELECT * FROM (
      SELECT c.id, c.code, c.status, c.description, c.address, u.name AS "unitName", c.received_at AS "receivedAt", c.closed_at AS "closedAt",
        (2 * ${sql.raw(String(EARTH_RADIUS_M))} * asin(least(1, sqrt(power(sin(radians(c.lat - ${q.lat}::float8) / 2), 2)
          + cos(radians(${q.lat}::float8)) * cos(radians(c.lat)) * power(sin(radians(c.lon - ${q.lon}::float8) / 2), 2))))) AS "distanceM"
      FROM complaints c JOIN units u ON u.id = c.unit_id
      WHERE c.category_id = ${q.categoryId}
        AND c.lat BETWEEN ${q.lat - dLat}::float8 AND ${q.lat + dLat}::float8 AND c.lon BETWEEN ${q.lon - dLon}::float8 AND ${q.lon + dLon}::float8
        AND (c.status <> 'closed' OR c.closed_at >= ${closedSince})
        AND u.path LIKE ${user.unitPath + '%'}
        ${q.excludeId ? sql`AND c.id <> ${q.excludeId}` : sql``}
    ) d WHERE d."distanceM" <= ${DUPLICATE_RADIUS_M}::float8
    ORDER BY d."distanceM", d."receivedAt" DESC LIMIT 20`);
  return rows.map((r) => ({
    ...r, statusLabel: COMPLAINT_STATUS_LABELS[r.status], receivedAt: iso(r.receivedAt), closedAt: r.closedAt ? iso(r.closedAt) : null,
    distanceM: Math.round(Number(r.distanceM) * 10) / 10,
  }));
}

export async function duplicatesFor(
  db: Executor, user: AuthUser, q: { lat: number; lon: number; categoryId?: string; categoryCode?: string }, now: Date,
): Promise<{ radiusM: number; items: DuplicateCandidate[] }> {
  const category = await resolveCategory(db, q);
  return { radiusM: DUPLICATE_RADIUS_M, items: await findDuplicates(db, user, { lat: q.lat, lon: q.lon, categoryId: category.id }, now) };
}

interface Routed { unitId: string; unitName: string; via: 'jurisdiction' | 'manual' }

/** The squadron whose jurisdiction holds the point; it must be in the caller's subtree. */
async function routeOf(tx: Executor, user: AuthUser, input: ComplaintInput): Promise<Routed> {
  const squadron = await locateSquadron(tx, input.lon, input.lat);
  if (squadron) {
    if (!squadron.path.startsWith(user.unitPath)) {
      throw invalid([{ field: 'lat', message: `诉件位置属于${squadron.name}，不在您的管辖范围内` }]);
    }
    if (input.unitId && input.unitId !== squadron.id) {
      throw invalid([{ field: 'unitId', message: `诉件位置在${squadron.name}辖区内，按辖区派发；如需改派，请受理后改派并说明原因` }]);
    }
    return { unitId: squadron.id, unitName: squadron.name, via: 'jurisdiction' };
  }
  if (input.unitId) {
    const unit = await getUnitInScope(tx, user, input.unitId).catch((e: unknown) => { if (e instanceof AppError) return null; throw e; });
    if (!unit || !SQUADRON_KINDS.includes(unit.kind)) {
      throw invalid([{ field: 'unitId', message: '指定的承办中队不存在、不是中队或不在您的管辖范围内' }]);
    }
    return { unitId: unit.id, unitName: unit.name, via: 'manual' };
  }
  throw invalid([{ field: 'lat', message: '诉件位置不在任何中队辖区内，请核对位置（窗口受理可指定承办中队）' }], '诉件位置不在任何中队辖区内');
}

interface Created { id: string; duplicates: DuplicateCandidate[] }

export async function insertComplaint(
  tx: Executor, user: AuthUser, actor: Actor, now: Date, input: ComplaintInput,
  origin: { source: ComplaintSource; externalSystem: string | null; externalNo: string | null; requestHash: string | null },
): Promise<Created> {
  const category = await resolveCategory(tx, input);
  const receivedAt = receivedAtOf(input.receivedAt, now);
  const routed = await routeOf(tx, user, input);
  const calendar = await loadWorkCalendar(tx);
  const contactLimit: TimeLimit = { unit: category.contactLimitUnit, amount: Number(category.contactLimitAmount) };
  const handleLimit: TimeLimit = { unit: category.handleLimitUnit, amount: Number(category.handleLimitAmount) };
  const contactDueAt = deadlineOf(receivedAt, contactLimit, calendar);
  const dueAt = deadlineOf(receivedAt, handleLimit, calendar);
  const duplicates = await findDuplicates(tx, user, { lat: input.lat, lon: input.lon, categoryId: category.id }, now);
  const code = await nextCode(tx, now);
  const row = await queryOne<{ id: string }>(tx, sql`
    INSERT INTO complaints (code, source, external_system, external_no, request_hash, category_id, description, address, lat, lon,
      reporter_name, reporter_phone, unit_id, status, received_at, contact_due_at, due_at, created_by_id, created_by_name, created_at, updated_at)
    VALUES (${code}, ${origin.source}, ${origin.externalSystem}, ${origin.externalNo}, ${origin.requestHash}, ${category.id},
      ${input.description}, ${input.address ?? null}, ${input.lat}, ${input.lon}, ${input.reporterName ?? null}, ${input.reporterPhone ?? null},
      ${routed.unitId}, 'accepted', ${receivedAt}, ${contactDueAt}, ${dueAt}, ${actor.id}, ${actor.name}, ${now}, ${now})
    RETURNING id`);
  const id = row!.id;
  const from = origin.externalNo ? `${COMPLAINT_SOURCE_LABELS[origin.source]}（${origin.externalSystem} 工单号 ${origin.externalNo}）` : COMPLAINT_SOURCE_LABELS[origin.source];
  const note = `受理：${from}，${category.parentName ? `${category.parentName}／` : ''}${category.name}，`
    + `${routed.via === 'jurisdiction' ? '按辖区' : '指定'}派往${routed.unitName}；首次联系时限${limitLabel(contactLimit)}，处置时限${limitLabel(handleLimit)}`
    + (duplicates.length ? `；50米内有${duplicates.length}件同类诉件（${duplicates.slice(0, 3).map((d) => d.code).join('、')}）` : '');
  await tx.execute(sql`
    INSERT INTO complaint_events (complaint_id, kind, at, actor_id, actor_name, to_status, to_unit_id, note)
    VALUES (${id}, 'accepted', ${now}, ${actor.id}, ${actor.name}, 'accepted', ${routed.unitId}, ${note})`);
  await appendAudit(tx, actor, {
    unitId: routed.unitId, entityType: ENTITY, entityId: id, action: origin.externalNo ? 'intake' : 'create',
    after: {
      code, source: origin.source, externalSystem: origin.externalSystem, externalNo: origin.externalNo, categoryCode: category.code,
      description: input.description, address: input.address ?? null, lat: input.lat, lon: input.lon, reporterName: input.reporterName ?? null,
      reporterPhone: maskPhone(input.reporterPhone ?? null), unitId: routed.unitId, routedBy: routed.via,
      receivedAt: receivedAt.toISOString(), contactDueAt: contactDueAt.toISOString(), dueAt: dueAt.toISOString(),
      possibleDuplicates: duplicates.map((d) => d.code),
    },
  });
  return { id, duplicates };
}

export type IntakeResult = ComplaintDetail & { possibleDuplicates: DuplicateCandidate[]; replayed: boolean };

/** A clerk (窗口、电话) files a complaint. */
export async function createComplaint(db: Database, user: AuthUser, actor: Actor, input: ComplaintInput, now: Date): Promise<IntakeResult> {
  const created = await db.transaction((tx) => insertComplaint(tx, user, actor, now, input,
    { source: 'clerk', externalSystem: null, externalNo: null, requestHash: null }));
  return { ...(await complaintDetail(db, user, created.id, now)), possibleDuplicates: created.duplicates, replayed: false };
}

/** What a replay must match: the sender's fields, normalised (trimmed strings, ISO time). */
function requestHashOf(input: ExternalComplaintInput, externalSystem: string): string {
  const canonical = {
    source: input.source, externalSystem, externalNo: input.externalNo,
    category: input.categoryId ?? `code:${input.categoryCode}`, description: input.description, address: input.address ?? null,
    lat: input.lat, lon: input.lon, reporterName: input.reporterName ?? null, reporterPhone: input.reporterPhone ?? null,
    receivedAt: input.receivedAt ? new Date(input.receivedAt).toISOString() : null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * An outside system (12345 …) pushes a complaint. Idempotent on (system, order number): the same order again answers
 * the complaint already filed and writes nothing; the same number with a different body is a conflict.
 */
export async function intakeExternal(
  db: Database, user: AuthUser, actor: Actor, input: ExternalComplaintInput, now: Date,
): Promise<{ status: 200 | 201; body: IntakeResult }> {
  const externalSystem = input.source === '12345' ? '12345' : input.externalSystem!;
  const requestHash = requestHashOf(input, externalSystem);
  const outcome = await db.transaction(async (tx) => {
    // Serialise the same order number so two deliveries at once cannot both pass the check.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`complaint:${externalSystem}:${input.externalNo}`}))`);
    const existing = await queryOne<{ id: string; requestHash: string | null; unitPath: string; code: string }>(tx, sql`
      SELECT c.id, c.request_hash AS "requestHash", u.path AS "unitPath", c.code FROM complaints c JOIN units u ON u.id = c.unit_id
      WHERE c.external_system = ${externalSystem} AND c.external_no = ${input.externalNo}`);
    if (existing) {
      if (!existing.unitPath.startsWith(user.unitPath)) {
        throw conflict(`工单号 ${input.externalNo} 已被受理，但不在您的管辖范围内`, [{ field: 'externalNo', message: '工单号已存在' }]);
      }
      if (existing.requestHash !== requestHash) {
        throw conflict(`工单号 ${input.externalNo} 已受理为诉件 ${existing.code}，但本次推送的内容与首次不同`,
          [{ field: 'externalNo', message: '同一工单号的内容与已受理的不一致' }]);
      }
      return { id: existing.id, duplicates: null };
    }
    return insertComplaint(tx, user, actor, now, input, { source: input.source, externalSystem, externalNo: input.externalNo, requestHash });
  });
  const detail = await complaintDetail(db, user, outcome.id, now);
  if (outcome.duplicates === null) {
    const duplicates = await findDuplicates(db, user, { lat: detail.lat, lon: detail.lon, categoryId: detail.categoryId, excludeId: detail.id }, now);
    return { status: 200, body: { ...detail, possibleDuplicates: duplicates, replayed: true } };
  }
  return { status: 201, body: { ...detail, possibleDuplicates: outcome.duplicates, replayed: false } };
}

export type ComplaintSortField = 'receivedAt' | 'dueAt';

export interface ComplaintFilter {
  unitId?: string;
  status?: ComplaintStatus | 'open';
  categoryId?: string;
  source?: ComplaintSource;
  overdue?: boolean;
  q?: string;
  receivedFrom?: string;
  receivedTo?: string;
  page: number;
  pageSize: number;
  sort: { field: ComplaintSortField; desc: boolean };
}

const SORT_COLUMNS: Record<ComplaintSortField, string> = { receivedAt: 'c.received_at', dueAt: 'c.due_at' };

/** The list counts at most this many matches; beyond it the answer says `totalCapped`. */
export const MAX_COUNTED_COMPLAINTS = 10_000;

export async function listComplaints(
  db: Executor, user: AuthUser, f: ComplaintFilter, now: Date,
): Promise<Paged<ComplaintView> & { totalCapped: boolean }> {
  const unit = f.unitId ? await getUnitInScope(db, user, f.unitId) : null;
  const conditions = [
    sql`u.path LIKE ${(unit?.path ?? user.unitPath) + '%'}`,
    f.status === 'open' ? sql`c.status NOT IN (${DONE})` : f.status ? sql`c.status = ${f.status}` : null,
    f.categoryId ? sql`c.category_id IN (SELECT id FROM complaint_categories WHERE id = ${f.categoryId} OR parent_id = ${f.categoryId})` : null,
    f.source ? sql`c.source = ${f.source}` : null,
    f.overdue === true ? sql`c.status NOT IN (${DONE}) AND c.due_at < ${now}` : null,
    f.overdue === false ? sql`(c.status IN (${DONE}) OR c.due_at >= ${now})` : null,
    f.q ? sql`(c.code ILIKE ${'%' + f.q + '%'} OR c.description ILIKE ${'%' + f.q + '%'} OR c.address ILIKE ${'%' + f.q + '%'}
      OR c.external_no ILIKE ${'%' + f.q + '%'} OR c.reporter_name ILIKE ${'%' + f.q + '%'})` : null,
    f.receivedFrom ? sql`c.received_at >= ${shanghaiStartOfDay(f.receivedFrom)}` : null,
    f.receivedTo ? sql`c.received_at < ${new Date(shanghaiStartOfDay(f.receivedTo).getTime() + DAY_MS)}` : null,
  ].filter((c) => c !== null);
  const where = sql`WHERE ${sql.join(conditions, sql` AND `)}`;
  // Counting stops after MAX_COUNTED_COMPLAINTS: an exact count of a city-wide million-row list costs more than the page.
  const total = await queryOne<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM (
    SELECT 1 FROM complaints c JOIN units u ON u.id = c.unit_id ${where} LIMIT ${MAX_COUNTED_COMPLAINTS + 1}) counted`);
  const n = total?.n ?? 0;
  const order = sql.raw(`${SORT_COLUMNS[f.sort.field]} ${f.sort.desc ? 'DESC' : 'ASC'}, c.id`);
  const rows = await queryRows<ComplaintRow>(db, sql`${complaintSelect} ${where} ORDER BY ${order}
    LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return {
    items: rows.map((r) => viewOf(r, now, true)), total: Math.min(n, MAX_COUNTED_COMPLAINTS), totalCapped: n > MAX_COUNTED_COMPLAINTS,
    page: f.page, pageSize: f.pageSize,
  };
}
