// 每季度全面清点: a round per unit and quarter. Expected = the book when the round starts; officers count by scanning the
// QR label (asset tag) or ticking the list; the squadron leader closes the round, which applies the outcome to the
// 执法装备库 in one transaction: missing → 遗失, found with another holder → re-assigned, found elsewhere → relocated,
// found from another unit → transferred here, a lost item found → 找回.
import { quarterOf, SQUADRON_KINDS, type QuarterNumber } from '@cg/domain';
import { inventoryRoundItems, inventoryRounds, queryOne, queryRows, sql, eq, type Database, type Executor } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { conflict, forbidden, notFound } from '../../core/errors.ts';
import { appendAudit } from '../audit/audit.service.ts';
import {
  bookOfUnit, getItemInScope, itemByAssetTag, moveItem, relocateItem,
} from '../equipment/equipment.service.ts';
import { getOfficerInScope } from '../officers/officers.service.ts';
import { getUnitInScope, unitsInScope } from '../units/units.service.ts';

export type LineResult = 'pending' | 'found' | 'missing' | 'unexpected' | 'wrong_holder';

export const RESULT_LABELS: Record<LineResult, string> = {
  pending: '待清点', found: '已清点', missing: '缺失', unexpected: '账外', wrong_holder: '持有人不符',
};

interface RoundRow {
  id: string;
  unitId: string;
  unitName: string;
  unitPath: string;
  year: number;
  quarter: number;
  status: 'counting' | 'closed';
  startedByName: string;
  startedAt: string;
  closedByName: string | null;
  closedAt: string | null;
  summary: Record<string, number> | null;
}

const roundSelect = sql`
  SELECT r.id, r.unit_id AS "unitId", u.name AS "unitName", u.path AS "unitPath", r.year, r.quarter, r.status,
    r.started_by_name AS "startedByName", r.started_at AS "startedAt", r.closed_by_name AS "closedByName",
    r.closed_at AS "closedAt", r.summary
  FROM inventory_rounds r JOIN units u ON u.id = r.unit_id`;

async function getRoundInScope(db: Executor, user: AuthUser, id: string): Promise<RoundRow> {
  const row = await queryOne<RoundRow>(db, sql`${roundSelect} WHERE r.id = ${id}`);
  if (!row || !row.unitPath.startsWith(user.unitPath)) throw notFound('清点任务');
  return row;
}

async function counts(db: Executor, roundId: string): Promise<Record<string, number>> {
  const rows = await queryRows<{ result: string; n: number }>(db, sql`
    SELECT result, count(*)::int AS n FROM inventory_round_items WHERE round_id = ${roundId} GROUP BY result`);
  const out: Record<string, number> = { pending: 0, found: 0, missing: 0, unexpected: 0, wrong_holder: 0 };
  for (const r of rows) out[r.result] = r.n;
  out.expected = (await queryOne<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM inventory_round_items WHERE round_id = ${roundId} AND expected`))!.n;
  return out;
}

export async function startRound(
  db: Database, user: AuthUser, actor: Actor, input: { unitId: string; year?: number; quarter?: QuarterNumber },
) {
  const q = quarterOf(new Date());
  const year = input.year ?? q.year;
  const quarter = input.quarter ?? q.quarter;
  const id = await db.transaction(async (tx) => {
    const unit = await getUnitInScope(tx, user, input.unitId);
    const existing = await queryOne(tx, sql`SELECT 1 FROM inventory_rounds WHERE unit_id = ${unit.id} AND year = ${year} AND quarter = ${quarter}`);
    if (existing) throw conflict(`${unit.name} ${year}年第${quarter}季度的清点已存在`, [{ field: 'unitId', message: '本季度已有清点任务' }]);
    const [round] = await tx.insert(inventoryRounds).values({
      unitId: unit.id, year, quarter, status: 'counting', startedById: actor.id, startedByName: actor.name,
    }).returning({ id: inventoryRounds.id });
    const book = await bookOfUnit(tx, unit.path);
    for (let i = 0; i < book.length; i += 500) {
      await tx.insert(inventoryRoundItems).values(book.slice(i, i + 500).map((it) => ({
        roundId: round.id, itemId: it.id, assetTag: it.assetTag, expected: true, expectedStatus: it.status,
        expectedHolderOfficerId: it.holderOfficerId, result: 'pending',
      })));
    }
    await appendAudit(tx, actor, {
      unitId: unit.id, entityType: 'inventory', entityId: round.id, action: 'start', after: { year, quarter, expected: book.length },
    });
    return round.id;
  });
  return roundDetail(db, user, id);
}

export async function roundDetail(db: Executor, user: AuthUser, id: string) {
  const round = await getRoundInScope(db, user, id);
  const lines = await queryRows<Record<string, unknown>>(db, sql`
    SELECT l.id, l.item_id AS "itemId", l.asset_tag AS "assetTag", l.expected, l.expected_status AS "expectedStatus",
      l.result, l.method, l.found_location AS "foundLocation", l.counted_by_name AS "countedByName", l.counted_at AS "countedAt", l.note,
      c.name AS "categoryName", i.model, eh.name AS "expectedHolderName", fh.name AS "foundHolderName", u.name AS "unitName"
    FROM inventory_round_items l
    LEFT JOIN equipment_items i ON i.id = l.item_id
    LEFT JOIN equipment_categories c ON c.id = i.category_id
    LEFT JOIN units u ON u.id = i.unit_id
    LEFT JOIN officers eh ON eh.id = l.expected_holder_officer_id
    LEFT JOIN officers fh ON fh.id = l.found_holder_officer_id
    WHERE l.round_id = ${id} ORDER BY l.expected DESC, l.asset_tag`);
  const { unitPath: _p, ...rest } = round;
  return { ...rest, counts: await counts(db, id), lines: lines.map((l) => ({ ...l, resultLabel: RESULT_LABELS[l.result as LineResult] })) };
}

export async function listRounds(
  db: Executor, user: AuthUser, f: { unitId?: string; year?: number; quarter?: number; status?: 'counting' | 'closed' },
) {
  const unit = f.unitId ? await getUnitInScope(db, user, f.unitId) : null;
  const rows = await queryRows<RoundRow>(db, sql`${roundSelect}
    WHERE u.path LIKE ${(unit?.path ?? user.unitPath) + '%'}
      ${f.year ? sql`AND r.year = ${f.year}` : sql``} ${f.quarter ? sql`AND r.quarter = ${f.quarter}` : sql``}
      ${f.status ? sql`AND r.status = ${f.status}` : sql``}
    ORDER BY r.year DESC, r.quarter DESC, u.code`);
  return Promise.all(rows.map(async ({ unitPath: _p, ...r }) => ({ ...r, counts: await counts(db, r.id) })));
}

export interface CountInput {
  assetTag: string;
  method: 'scan' | 'tick';
  holderOfficerId?: string;
  location?: string | null;
  note?: string | null;
}

/** Records one counted item. Counting the same tag again updates the line (a second look is not a second item). */
export async function countItem(db: Database, user: AuthUser, actor: Actor, roundId: string, input: CountInput) {
  return db.transaction(async (tx) => {
    const round = await getRoundInScope(tx, user, roundId);
    if (round.status !== 'counting') throw conflict('清点已结束，不能再登记');
    if (input.holderOfficerId) await getOfficerInScope(tx, user, input.holderOfficerId);
    const line = await queryOne<{ id: string; expected: boolean; expected_holder_officer_id: string | null; item_id: string | null }>(tx, sql`
      SELECT id, expected, expected_holder_officer_id, item_id FROM inventory_round_items WHERE round_id = ${roundId} AND asset_tag = ${input.assetTag}`);
    const counted = {
      method: input.method, foundHolderOfficerId: input.holderOfficerId ?? null, foundLocation: input.location ?? null,
      countedById: actor.id, countedByName: actor.name, countedAt: new Date(), note: input.note ?? null,
    };
    let result: LineResult;
    if (line) {
      result = line.expected
        ? (input.holderOfficerId && input.holderOfficerId !== line.expected_holder_officer_id ? 'wrong_holder' : 'found')
        : 'unexpected';
      await tx.update(inventoryRoundItems).set({ ...counted, result }).where(eq(inventoryRoundItems.id, line.id));
    } else {
      // Not on this unit's book: equipment of another unit, or an item the book does not know at all.
      const item = await itemByAssetTag(tx, input.assetTag);
      result = 'unexpected';
      await tx.insert(inventoryRoundItems).values({
        roundId, itemId: item && item.unitPath.startsWith(user.unitPath) ? item.id : null, assetTag: input.assetTag, expected: false,
        expectedStatus: item?.status ?? null, result, ...counted,
      });
    }
    await appendAudit(tx, actor, {
      unitId: round.unitId, entityType: 'inventory', entityId: roundId, action: 'count',
      after: { assetTag: input.assetTag, result, method: input.method, holderOfficerId: input.holderOfficerId ?? null, location: input.location ?? null },
    });
    return { assetTag: input.assetTag, result, resultLabel: RESULT_LABELS[result], counts: await counts(tx, roundId) };
  });
}

/** Takes back one count (a wrong scan or tick): an expected line goes back to 待清点, an unexpected one is removed. */
export async function uncountItem(db: Database, user: AuthUser, actor: Actor, roundId: string, assetTag: string) {
  return db.transaction(async (tx) => {
    const round = await getRoundInScope(tx, user, roundId);
    if (round.status !== 'counting') throw conflict('清点已结束，不能再修改');
    const line = await queryOne<{ id: string; expected: boolean; result: LineResult }>(tx, sql`
      SELECT id, expected, result FROM inventory_round_items WHERE round_id = ${roundId} AND asset_tag = ${assetTag}`);
    if (!line || line.result === 'pending') throw notFound('该资产编号的清点登记');
    if (line.expected) {
      await tx.update(inventoryRoundItems).set({
        result: 'pending', method: null, foundHolderOfficerId: null, foundLocation: null, countedById: null,
        countedByName: null, countedAt: null, note: null,
      }).where(eq(inventoryRoundItems.id, line.id));
    } else {
      await tx.delete(inventoryRoundItems).where(eq(inventoryRoundItems.id, line.id));
    }
    await appendAudit(tx, actor, {
      unitId: round.unitId, entityType: 'inventory', entityId: roundId, action: 'uncount', before: { assetTag, result: line.result },
    });
    return { assetTag, result: 'pending' as const, resultLabel: RESULT_LABELS.pending, counts: await counts(tx, roundId) };
  });
}

/** Closes the round and applies its outcome to the 执法装备库 — all of it, or (on any refusal) none of it. */
export async function closeRound(db: Database, user: AuthUser, actor: Actor, roundId: string, note?: string | null) {
  if (!user.permissions.includes('equipment.approve')) throw forbidden('清点结果须由中队长或以上确认关闭');
  await db.transaction(async (tx) => {
    const round = await getRoundInScope(tx, user, roundId);
    if (round.status !== 'counting') throw conflict('该清点已关闭');
    await tx.execute(sql`UPDATE inventory_round_items SET result = 'missing' WHERE round_id = ${roundId} AND result = 'pending'`);
    const lines = await queryRows<{ item_id: string | null; asset_tag: string; result: LineResult; found_holder_officer_id: string | null; found_location: string | null }>(tx, sql`
      SELECT item_id, asset_tag, result, found_holder_officer_id, found_location FROM inventory_round_items WHERE round_id = ${roundId} ORDER BY asset_tag`);
    const why = `${round.year}年第${round.quarter}季度清点`;
    const applied = { lost: 0, reassigned: 0, relocated: 0, transferred: 0, recovered: 0 };
    for (const line of lines) {
      if (!line.item_id) continue; // an unregistered item: to be registered by hand, listed in the round
      let item = await getItemInScope(tx, user, line.item_id);
      if (line.result === 'missing' && (item.status === '在库' || item.status === '在用' || item.status === '借出')) {
        await moveItem(tx, user, actor, item, { action: 'lose', note: `${why}未找到` });
        applied.lost += 1;
        continue;
      }
      if (line.result === 'unexpected') {
        if (item.status === '遗失') {
          await moveItem(tx, user, actor, item, { action: 'found', note: `${why}找回` });
          applied.recovered += 1;
          item = await getItemInScope(tx, user, line.item_id);
        }
        if (item.unitId !== round.unitId && !item.unitPath.startsWith(round.unitPath) && item.status === '在库') {
          await moveItem(tx, user, actor, item, { action: 'transfer', toUnitId: round.unitId, note: `${why}在本单位清点到` });
          applied.transferred += 1;
          item = await getItemInScope(tx, user, line.item_id);
        }
      }
      // Only personal kit is re-assigned; shared items found with someone are recorded in the round, not moved.
      if (line.result === 'wrong_holder' && line.found_holder_officer_id && item.perOfficer) {
        if (item.status === '在用') {
          await moveItem(tx, user, actor, item, { action: 'unassign', note: why });
          item = await getItemInScope(tx, user, line.item_id);
        }
        if (item.status === '在库') {
          await moveItem(tx, user, actor, item, { action: 'assign', officerId: line.found_holder_officer_id, note: `${why}：实际持有人` });
          applied.reassigned += 1;
          item = await getItemInScope(tx, user, line.item_id);
        }
      }
      if (line.found_location) {
        await relocateItem(tx, actor, item, line.found_location);
        applied.relocated += 1;
      }
    }
    const summary = { ...(await counts(tx, roundId)), ...applied };
    await tx.update(inventoryRounds).set({
      status: 'closed', closedById: actor.id, closedByName: actor.name, closedAt: new Date(), summary,
    }).where(eq(inventoryRounds.id, roundId));
    await appendAudit(tx, actor, { unitId: round.unitId, entityType: 'inventory', entityId: roundId, action: 'close', after: { ...summary, note: note ?? null } });
  });
  return roundDetail(db, user, roundId);
}

/** Rounds closed (by the end of `before`) in a unit subtree and year, for the evaluation's indicators. */
export async function closedRoundsIn(db: Executor, unitPath: string, year: number, before: Date) {
  return queryRows<{ id: string; unitId: string; unitName: string; quarter: number; closedAt: string }>(db, sql`
    SELECT r.id, r.unit_id AS "unitId", u.name AS "unitName", r.quarter, r.closed_at AS "closedAt"
    FROM inventory_rounds r JOIN units u ON u.id = r.unit_id
    WHERE u.path LIKE ${unitPath + '%'} AND r.year = ${year} AND r.status = 'closed' AND r.closed_at < ${before.toISOString()}::timestamptz
    ORDER BY r.quarter, u.code`);
}

/** The last round of a unit closed before `before`, with its count summary (账实相符 for the evaluation). */
export async function lastClosedRound(db: Executor, unitId: string, before: Date) {
  return queryOne<{ id: string; year: number; quarter: number; closedAt: string; summary: Record<string, number> | null }>(db, sql`
    SELECT id, year, quarter, closed_at AS "closedAt", summary FROM inventory_rounds
    WHERE unit_id = ${unitId} AND status = 'closed' AND closed_at < ${before.toISOString()}::timestamptz
    ORDER BY closed_at DESC LIMIT 1`);
}

/** Discrepancies of a round (missing, unexpected, wrong holder), for the evaluation's gap list. */
export async function roundDiscrepancies(db: Executor, roundId: string, limit = 200) {
  return queryRows<{ id: string; assetTag: string; result: string; itemId: string | null }>(db, sql`
    SELECT id, asset_tag AS "assetTag", result, item_id AS "itemId" FROM inventory_round_items
    WHERE round_id = ${roundId} AND result IN ('missing', 'unexpected', 'wrong_holder', 'pending') ORDER BY asset_tag LIMIT ${limit}`);
}

/** Squadrons of the scope without a closed round in the quarter (提醒). */
export async function roundsDue(db: Executor, user: AuthUser, year: number, quarter: number) {
  const units = (await unitsInScope(db, user)).filter((u) => SQUADRON_KINDS.includes(u.kind));
  const closed = new Set((await queryRows<{ unit_id: string }>(db, sql`
    SELECT unit_id FROM inventory_rounds WHERE year = ${year} AND quarter = ${quarter} AND status = 'closed'`)).map((r) => r.unit_id));
  return units.filter((u) => !closed.has(u.id)).map((u) => ({ unitId: u.id, unitName: u.name, unitCode: u.code }));
}

