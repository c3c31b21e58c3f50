// 个人装备签收: an officer confirms, from their own login, that they received the kit assigned or lent to them. The
// confirmation is stamped on the ledger entry that handed the item over, so the 台账 shows who has signed for what.
import { equipmentLedger, eq, queryOne, queryRows, sql, type Database, type Executor } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, conflict, notFound } from '../../core/errors.ts';
import { appendAudit } from '../audit/audit.service.ts';

export interface HeldItem {
  id: string;
  assetTag: string;
  categoryName: string;
  brand: string | null;
  model: string;
  status: string;
  expectedReturnAt: string | null;
  handedOverAt: string;
  handedOverBy: string;
  action: 'assign' | 'issue';
  acknowledgedAt: string | null;
}

function officerOf(user: AuthUser): string {
  if (!user.officerId) throw new AppError(409, 'NO_OFFICER', '当前账号未关联执法人员，无法签收装备');
  return user.officerId;
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/** Items the user's officer holds now, each with the entry that handed it over and whether it was signed for. */
export async function myKit(db: Executor, user: AuthUser): Promise<HeldItem[]> {
  const officerId = officerOf(user);
  const rows = await queryRows<HeldItem>(db, sql`
    SELECT i.id, i.asset_tag AS "assetTag", c.name AS "categoryName", i.brand, i.model, i.status,
      i.expected_return_at AS "expectedReturnAt", l.at AS "handedOverAt", l.actor_name AS "handedOverBy", l.action,
      l.acknowledged_at AS "acknowledgedAt"
    FROM equipment_items i
    JOIN equipment_categories c ON c.id = i.category_id
    JOIN LATERAL (
      SELECT at, actor_name, action, acknowledged_at FROM equipment_ledger
      WHERE item_id = i.id AND action IN ('assign', 'issue') AND officer_id = ${officerId}
      ORDER BY at DESC, id DESC LIMIT 1
    ) l ON true
    WHERE i.holder_officer_id = ${officerId} AND i.status IN ('在用', '借出')
    ORDER BY l.acknowledged_at IS NOT NULL, c.sort_order, i.asset_tag`);
  return rows.map((r) => ({ ...r, handedOverAt: iso(r.handedOverAt)!, expectedReturnAt: iso(r.expectedReturnAt), acknowledgedAt: iso(r.acknowledgedAt) }));
}

/** Signs for one held item. Signing twice is refused (409) so the first time stays the recorded one. */
export async function acknowledgeKit(db: Database, user: AuthUser, actor: Actor, itemId: string): Promise<HeldItem> {
  const officerId = officerOf(user);
  await db.transaction(async (tx) => {
    const entry = await queryOne<{ id: string; unit_id: string; acknowledged_at: string | null; holder: string | null }>(tx, sql`
      SELECT l.id, l.unit_id, l.acknowledged_at, i.holder_officer_id AS holder
      FROM equipment_items i
      JOIN equipment_ledger l ON l.item_id = i.id AND l.action IN ('assign', 'issue') AND l.officer_id = ${officerId}
      WHERE i.id = ${itemId}
      ORDER BY l.at DESC, l.id DESC LIMIT 1 FOR UPDATE OF l`);
    // Another officer's item is not shown to exist.
    if (!entry || entry.holder !== officerId) throw notFound('本人持有的装备');
    if (entry.acknowledged_at) throw conflict('该装备已签收');
    const at = new Date();
    await tx.update(equipmentLedger).set({ acknowledgedAt: at }).where(eq(equipmentLedger.id, entry.id));
    await appendAudit(tx, actor, {
      unitId: entry.unit_id, entityType: 'equipment', entityId: itemId, action: 'acknowledge', after: { ledgerId: entry.id, acknowledgedAt: at.toISOString() },
    });
  });
  const held = (await myKit(db, user)).find((k) => k.id === itemId);
  if (!held) throw notFound('本人持有的装备');
  return held;
}
