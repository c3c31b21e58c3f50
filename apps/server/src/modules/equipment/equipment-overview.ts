// 装备概览: what a unit's subtree holds right now (category × status, per direct child unit) and what needs attention
// (overdue loans, items without 责任人, long repairs, warranties running out). Aggregated in SQL; the loops below
// only merge grouped rows.
import { EQUIPMENT_STATUSES, todayShanghai, type EquipmentStatus } from '@cg/domain';
import { queryOne, queryRows, sql, type Executor } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { getUnitInScope } from '../units/units.service.ts';
import { listCategories } from './equipment.service.ts';

/** An item counts as a long repair after this many days in 维修 (since it was sent, per the 台账). */
export const LONG_REPAIR_DAYS = 30;
/** Warranties ending within this many days (from today, Shanghai time) are flagged. */
export const WARRANTY_WINDOW_DAYS = 90;
/** Items listed under each attention figure that the item list cannot filter for. */
export const ATTENTION_LIST_LIMIT = 20;

export type StatusCounts = Record<EquipmentStatus, number>;

export interface AttentionItem {
  id: string;
  assetTag: string;
  categoryName: string;
  model: string;
  unitName: string;
  status: EquipmentStatus;
  /** Long repair: when it went to repair; warranty: the warranty's last day. */
  date: string;
  days: number;
}

export interface EquipmentOverview {
  unit: { id: string; name: string; kind: string };
  generatedAt: string;
  statuses: readonly EquipmentStatus[];
  total: number;
  byStatus: StatusCounts;
  categories: { id: string; code: string; name: string; groupName: string; total: number; byStatus: StatusCounts }[];
  /** Direct child units, each with its whole subtree; `own` is what is registered at the unit itself. */
  children: { unitId: string; unitName: string; kind: string; total: number; byStatus: StatusCounts }[];
  own: { total: number; byStatus: StatusCounts };
  attention: {
    overdueLoans: number;
    noResponsible: number;
    longRepair: number;
    longRepairDays: number;
    longRepairItems: AttentionItem[];
    warrantyExpiring: number;
    warrantyDays: number;
    warrantyItems: AttentionItem[];
  };
}

const emptyCounts = (): StatusCounts => Object.fromEntries(EQUIPMENT_STATUSES.map((s) => [s, 0])) as StatusCounts;

function add(target: { total: number; byStatus: StatusCounts }, status: string, n: number) {
  target.total += n;
  if (status in target.byStatus) target.byStatus[status as EquipmentStatus] += n;
}

export async function equipmentOverview(db: Executor, user: AuthUser, unitId: string | undefined): Promise<EquipmentOverview> {
  const unit = await getUnitInScope(db, user, unitId ?? user.unitId);
  const scope = unit.path + '%';
  const today = todayShanghai();
  const now = new Date();
  const repairCutoff = new Date(now.getTime() - LONG_REPAIR_DAYS * 86_400_000).toISOString();

  // One pass over the subtree's items: category × status × the direct child the item lies under ('' = the unit itself).
  const grouped = await queryRows<{ category_id: string; status: string; child: string; n: number }>(db, sql`
    SELECT i.category_id, i.status, split_part(substr(u.path, ${unit.path.length + 1}), '/', 1) AS child, count(*)::int AS n
    FROM equipment_items i JOIN units u ON u.id = i.unit_id
    WHERE u.path LIKE ${scope}
    GROUP BY 1, 2, 3`);
  const categories = (await listCategories(db)).map((c) => ({
    id: c.id, code: c.code, name: c.name, groupName: c.groupName, total: 0, byStatus: emptyCounts(),
  }));
  const childUnits = await queryRows<{ id: string; name: string; kind: string }>(db, sql`
    SELECT id, name, kind FROM units WHERE parent_id = ${unit.id} ORDER BY sort_order, code`);
  const children = childUnits.map((c) => ({ unitId: c.id, unitName: c.name, kind: c.kind, total: 0, byStatus: emptyCounts() }));
  const categoryById = new Map(categories.map((c) => [c.id, c]));
  const childById = new Map(children.map((c) => [c.unitId, c]));
  const totals = { total: 0, byStatus: emptyCounts() };
  const own = { total: 0, byStatus: emptyCounts() };
  for (const row of grouped) {
    add(totals, row.status, row.n);
    const category = categoryById.get(row.category_id);
    if (category) add(category, row.status, row.n);
    const child = row.child ? childById.get(row.child) : undefined;
    add(child ?? own, row.status, row.n);
  }

  // 维修 since: the latest move into 维修 (send_repair); later entries while in repair do not restart the clock.
  const repairSince = sql`(SELECT max(l.at) FROM equipment_ledger l
    WHERE l.item_id = i.id AND l.to_status = '维修' AND l.from_status IS DISTINCT FROM '维修')`;
  const warrantyWindow = sql`i.status NOT IN ('报废', '遗失') AND i.warranty_until >= ${today}::date
    AND i.warranty_until <= ${today}::date + ${WARRANTY_WINDOW_DAYS}::int`;
  const attention = await queryOne<{ overdue: number; no_responsible: number; long_repair: number; warranty: number }>(db, sql`
    SELECT
      count(*) FILTER (WHERE i.status = '借出' AND i.expected_return_at < ${now.toISOString()}::timestamptz)::int AS overdue,
      count(*) FILTER (WHERE i.responsible_officer_id IS NULL AND i.status NOT IN ('报废', '遗失'))::int AS no_responsible,
      count(*) FILTER (WHERE r.since < ${repairCutoff}::timestamptz)::int AS long_repair,
      count(*) FILTER (WHERE ${warrantyWindow})::int AS warranty
    FROM equipment_items i JOIN units u ON u.id = i.unit_id
    LEFT JOIN LATERAL (SELECT ${repairSince} AS since WHERE i.status = '维修') r ON true
    WHERE u.path LIKE ${scope}`);

  const itemColumns = sql`i.id, i.asset_tag AS "assetTag", c.name AS "categoryName", i.model, u.name AS "unitName", i.status`;
  const itemFrom = sql`FROM equipment_items i JOIN units u ON u.id = i.unit_id JOIN equipment_categories c ON c.id = i.category_id`;
  const longRepairItems = await queryRows<Omit<AttentionItem, 'days' | 'date'> & { date: string | Date }>(db, sql`
    SELECT * FROM (SELECT ${itemColumns}, ${repairSince} AS date ${itemFrom}
      WHERE u.path LIKE ${scope} AND i.status = '维修') x
    WHERE x.date < ${repairCutoff}::timestamptz ORDER BY x.date, x."assetTag" LIMIT ${ATTENTION_LIST_LIMIT}`);
  const warrantyItems = await queryRows<Omit<AttentionItem, 'days'>>(db, sql`
    SELECT ${itemColumns}, i.warranty_until::text AS date ${itemFrom}
    WHERE u.path LIKE ${scope} AND ${warrantyWindow} ORDER BY i.warranty_until, i.asset_tag LIMIT ${ATTENTION_LIST_LIMIT}`);
  const todayStart = Date.parse(`${today}T00:00:00Z`);

  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind },
    generatedAt: now.toISOString(),
    statuses: EQUIPMENT_STATUSES,
    total: totals.total,
    byStatus: totals.byStatus,
    categories,
    children,
    own,
    attention: {
      overdueLoans: attention?.overdue ?? 0,
      noResponsible: attention?.no_responsible ?? 0,
      longRepair: attention?.long_repair ?? 0,
      longRepairDays: LONG_REPAIR_DAYS,
      longRepairItems: longRepairItems.map((i) => {
        const since = new Date(i.date);
        return { ...i, date: since.toISOString(), days: Math.floor((now.getTime() - since.getTime()) / 86_400_000) };
      }),
      warrantyExpiring: attention?.warranty ?? 0,
      warrantyDays: WARRANTY_WINDOW_DAYS,
      warrantyItems: warrantyItems.map((i) => ({ ...i, days: Math.round((Date.parse(`${i.date}T00:00:00Z`) - todayStart) / 86_400_000) })),
    },
  };
}
