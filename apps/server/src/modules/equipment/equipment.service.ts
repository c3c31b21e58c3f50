// 执法装备库: categories, items and their 台账 (ledger), scoped by the organisation tree and audited.
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_EQUIPMENT_CATEGORIES, equipmentAttributeProblems, isOverdue, LEDGER_ACTION_LABELS, normalizeAttributes,
  planLedgerAction, type EquipmentAttributeDef, type EquipmentStatus, type LedgerAction,
} from '@cg/domain';
import {
  equipmentCategories, equipmentItems, equipmentLedger, eq, queryOne, queryRows, sql, type Database, type Executor, type SQL,
} from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, conflict, forbidden, invalid, notFound, versionConflict, type ErrorDetail } from '../../core/errors.ts';
import type { Paged } from '../../core/pagination.ts';
import { appendAudit, diff } from '../audit/audit.service.ts';
import { getOfficerInScope } from '../officers/officers.service.ts';
import { getUnitInScope } from '../units/units.service.ts';
import type { ItemCreateInput, ItemSortField, ItemUpdateInput, LedgerActionInput } from './equipment.schemas.ts';

export interface CategoryRow {
  id: string;
  code: string;
  name: string;
  groupName: string;
  perOfficer: boolean;
  attributes: EquipmentAttributeDef[];
  builtin: boolean;
  sortOrder: number;
  version: number;
}

const categoryColumns = sql`id, code, name, group_name AS "groupName", per_officer AS "perOfficer", attributes, builtin,
  sort_order AS "sortOrder", version`;

/** Inserts the built-in categories the database does not have yet (by code); run at start-up. */
export async function ensureBuiltinCategories(db: Executor): Promise<number> {
  const existing = new Set((await queryRows<{ code: string }>(db, sql`SELECT code FROM equipment_categories`)).map((r) => r.code));
  const missing = DEFAULT_EQUIPMENT_CATEGORIES.map((c, i) => ({ ...c, sortOrder: i + 1 })).filter((c) => !existing.has(c.code));
  if (missing.length === 0) return 0;
  await db.insert(equipmentCategories).values(missing.map((c) => ({
    code: c.code, name: c.name, groupName: c.group, perOfficer: c.perOfficer, attributes: c.attributes, builtin: true, sortOrder: c.sortOrder,
  }))).onConflictDoNothing();
  return missing.length;
}

export async function listCategories(db: Executor): Promise<CategoryRow[]> {
  return queryRows<CategoryRow>(db, sql`SELECT ${categoryColumns} FROM equipment_categories ORDER BY sort_order, code`);
}

async function getCategory(db: Executor, id: string): Promise<CategoryRow> {
  const row = await queryOne<CategoryRow>(db, sql`SELECT ${categoryColumns} FROM equipment_categories WHERE id = ${id}`);
  if (!row) throw new AppError(400, 'VALIDATION_FAILED', '装备类别不存在', [{ field: 'categoryId', message: '装备类别不存在' }]);
  return row;
}

export interface ItemRecord {
  id: string;
  unitId: string;
  unitName: string;
  unitCode: string;
  unitPath: string;
  categoryId: string;
  categoryCode: string;
  categoryName: string;
  groupName: string;
  perOfficer: boolean;
  assetTag: string;
  serialNo: string | null;
  brand: string | null;
  model: string;
  status: EquipmentStatus;
  responsibleOfficerId: string | null;
  responsibleOfficerName: string | null;
  responsibleBadgeNo: string | null;
  holderOfficerId: string | null;
  holderOfficerName: string | null;
  expectedReturnAt: string | null;
  purchaseDate: string | null;
  warrantyUntil: string | null;
  attributes: Record<string, unknown>;
  location: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type ItemView = Omit<ItemRecord, 'unitPath'> & { overdue: boolean };

const itemSelect = sql`
  SELECT i.id, i.unit_id AS "unitId", u.name AS "unitName", u.code AS "unitCode", u.path AS "unitPath", i.category_id AS "categoryId",
    c.code AS "categoryCode", c.name AS "categoryName", c.group_name AS "groupName", c.per_officer AS "perOfficer", i.asset_tag AS "assetTag",
    i.serial_no AS "serialNo", i.brand, i.model, i.status, i.responsible_officer_id AS "responsibleOfficerId",
    ro.name AS "responsibleOfficerName", ro.badge_no AS "responsibleBadgeNo", i.holder_officer_id AS "holderOfficerId", ho.name AS "holderOfficerName",
    i.expected_return_at AS "expectedReturnAt", i.purchase_date::text AS "purchaseDate", i.warranty_until::text AS "warrantyUntil",
    i.attributes, i.location, i.notes, i.created_at AS "createdAt", i.updated_at AS "updatedAt", i.version
  FROM equipment_items i
  JOIN units u ON u.id = i.unit_id
  JOIN equipment_categories c ON c.id = i.category_id
  LEFT JOIN officers ro ON ro.id = i.responsible_officer_id
  LEFT JOIN officers ho ON ho.id = i.holder_officer_id`;

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

function toView(r: ItemRecord, now = new Date()): ItemView {
  const { unitPath: _p, ...rest } = r;
  return {
    ...rest, expectedReturnAt: iso(r.expectedReturnAt), createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)!,
    overdue: isOverdue(r.expectedReturnAt, r.status, now),
  };
}

export async function getItemInScope(db: Executor, user: Pick<AuthUser, 'unitPath'>, id: string): Promise<ItemRecord> {
  const row = await queryOne<ItemRecord>(db, sql`${itemSelect} WHERE i.id = ${id}`);
  if (!row || !row.unitPath.startsWith(user.unitPath)) throw notFound('装备');
  return row;
}

export interface ItemFilter {
  unitId?: string;
  categoryId?: string;
  group?: string;
  status?: string;
  q?: string;
  holderOfficerId?: string;
  responsibleOfficerId?: string;
  noResponsible?: 'true';
  overdue?: 'true';
}

const SORT_COLUMNS: Record<ItemSortField, string> = {
  assetTag: 'i.asset_tag', model: 'i.model', status: 'i.status', purchaseDate: 'i.purchase_date', updatedAt: 'i.updated_at',
  unitName: 'u.name', categoryName: 'c.name',
};

async function itemWhere(db: Executor, user: AuthUser, f: ItemFilter): Promise<SQL> {
  const unit = f.unitId ? await getUnitInScope(db, user, f.unitId) : null;
  const conditions: SQL[] = [sql`u.path LIKE ${(unit?.path ?? user.unitPath) + '%'}`];
  if (f.categoryId) conditions.push(sql`i.category_id = ${f.categoryId}`);
  if (f.group) conditions.push(sql`c.group_name = ${f.group}`);
  if (f.status) conditions.push(sql`i.status = ${f.status}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`;
    conditions.push(sql`(i.asset_tag ILIKE ${like} OR i.serial_no ILIKE ${like} OR i.model ILIKE ${like} OR i.brand ILIKE ${like})`);
  }
  if (f.holderOfficerId) conditions.push(sql`i.holder_officer_id = ${f.holderOfficerId}`);
  if (f.responsibleOfficerId) conditions.push(sql`i.responsible_officer_id = ${f.responsibleOfficerId}`);
  if (f.noResponsible) conditions.push(sql`i.responsible_officer_id IS NULL AND i.status NOT IN ('报废', '遗失')`);
  if (f.overdue) conditions.push(sql`i.status = '借出' AND i.expected_return_at < now()`);
  return sql.join(conditions, sql` AND `);
}

export async function listItems(
  db: Executor, user: AuthUser, f: ItemFilter & { page: number; pageSize: number; sort: { field: ItemSortField; desc: boolean } },
): Promise<Paged<ItemView>> {
  const where = await itemWhere(db, user, f);
  const from = sql`FROM equipment_items i JOIN units u ON u.id = i.unit_id JOIN equipment_categories c ON c.id = i.category_id`;
  const [{ n }] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n ${from} WHERE ${where}`);
  const direction = f.sort.desc ? 'DESC NULLS LAST' : 'ASC NULLS LAST';
  const rows = await queryRows<ItemRecord>(db, sql`${itemSelect} WHERE ${where}
    ORDER BY ${sql.raw(`${SORT_COLUMNS[f.sort.field]} ${direction}, i.id`)} LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  const now = new Date();
  return { items: rows.map((r) => toView(r, now)), total: n, page: f.page, pageSize: f.pageSize };
}

/** Every item matching the filter (for export), in the list's order. */
export async function allItems(
  db: Executor, user: AuthUser, f: ItemFilter & { sort: { field: ItemSortField; desc: boolean } }, limit: number,
): Promise<ItemRecord[]> {
  const where = await itemWhere(db, user, f);
  const direction = f.sort.desc ? 'DESC NULLS LAST' : 'ASC NULLS LAST';
  return queryRows<ItemRecord>(db, sql`${itemSelect} WHERE ${where}
    ORDER BY ${sql.raw(`${SORT_COLUMNS[f.sort.field]} ${direction}, i.id`)} LIMIT ${limit}`);
}

export async function itemDetail(db: Executor, user: AuthUser, id: string) {
  const item = await getItemInScope(db, user, id);
  const category = await getCategory(db, item.categoryId);
  return { ...toView(item), category };
}

function attributeErrors(category: CategoryRow, values: Record<string, unknown>, partial = false): ErrorDetail[] {
  return equipmentAttributeProblems(category.attributes, values, { partial })
    .map((p) => ({ field: `attributes.${p.key}`, message: p.message }));
}

async function assertUnique(tx: Executor, assetTag: string, model: string, serialNo: string | null | undefined, exceptId?: string) {
  const clash = await queryRows<{ asset_tag: string; model: string; serial_no: string | null }>(tx, sql`
    SELECT asset_tag, model, serial_no FROM equipment_items
    WHERE (asset_tag = ${assetTag} OR (${serialNo ?? null}::text IS NOT NULL AND model = ${model} AND serial_no = ${serialNo ?? null}))
      ${exceptId ? sql`AND id <> ${exceptId}` : sql``}`);
  const details: ErrorDetail[] = [];
  if (clash.some((c) => c.asset_tag === assetTag)) details.push({ field: 'assetTag', message: `资产编号 ${assetTag} 已存在` });
  if (serialNo && clash.some((c) => c.model === model && c.serial_no === serialNo)) {
    details.push({ field: 'serialNo', message: `型号 ${model} 的序列号 ${serialNo} 已登记` });
  }
  if (details.length) throw conflict(details[0].message, details);
}

export async function createItem(db: Database, user: AuthUser, actor: Actor, input: ItemCreateInput): Promise<ItemView> {
  const id = await db.transaction(async (tx) => {
    const unit = await getUnitInScope(tx, user, input.unitId);
    const category = await getCategory(tx, input.categoryId);
    const values = input.attributes ?? {};
    const errors = attributeErrors(category, values);
    if (errors.length) throw invalid(errors);
    if (input.responsibleOfficerId) await getOfficerInScope(tx, user, input.responsibleOfficerId);
    await assertUnique(tx, input.assetTag, input.model, input.serialNo);
    const itemId = randomUUID();
    const row = {
      id: itemId, unitId: unit.id, categoryId: category.id, assetTag: input.assetTag, serialNo: input.serialNo ?? null,
      brand: input.brand ?? null, model: input.model, status: '在库', responsibleOfficerId: input.responsibleOfficerId ?? null,
      purchaseDate: input.purchaseDate ?? null, warrantyUntil: input.warrantyUntil ?? null,
      attributes: normalizeAttributes(category.attributes, values), location: input.location ?? null, notes: input.notes ?? null,
    };
    await tx.insert(equipmentItems).values(row);
    await tx.insert(equipmentLedger).values({
      itemId, unitId: unit.id, action: 'register', fromStatus: null, toStatus: '在库', actorId: actor.id, actorName: actor.name,
    });
    await appendAudit(tx, actor, { unitId: unit.id, entityType: 'equipment', entityId: itemId, action: 'create', after: row });
    return itemId;
  });
  return toView(await getItemInScope(db, user, id));
}

export async function updateItem(db: Database, user: AuthUser, actor: Actor, id: string, input: ItemUpdateInput): Promise<ItemView> {
  await db.transaction(async (tx) => {
    const item = await getItemInScope(tx, user, id);
    if (item.version !== input.version) throw versionConflict();
    const { version: _v, ...fields } = input;
    const changes: Record<string, unknown> = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (changes.attributes) {
      const category = await getCategory(tx, item.categoryId);
      const merged = { ...item.attributes, ...(changes.attributes as Record<string, unknown>) };
      const errors = attributeErrors(category, merged);
      if (errors.length) throw invalid(errors);
      changes.attributes = normalizeAttributes(category.attributes, merged);
    }
    if (changes.responsibleOfficerId) await getOfficerInScope(tx, user, changes.responsibleOfficerId as string);
    const d = diff(item as unknown as Record<string, unknown>, changes);
    if (!d) return;
    await assertUnique(tx, (changes.assetTag as string) ?? item.assetTag, (changes.model as string) ?? item.model,
      changes.serialNo === undefined ? item.serialNo : (changes.serialNo as string | null), id);
    await tx.update(equipmentItems).set({ ...changes, version: item.version + 1, updatedAt: new Date() }).where(eq(equipmentItems.id, id));
    await appendAudit(tx, actor, { unitId: item.unitId, entityType: 'equipment', entityId: id, action: 'update', ...d });
  });
  return toView(await getItemInScope(db, user, id));
}

/**
 * One 台账 movement. The domain's state machine decides what is legal; an illegal move answers 409 ILLEGAL_MOVE
 * and changes nothing. Scrapping and loss need the approving role (中队长 or above), recorded as the approver.
 */
export async function applyLedgerAction(
  db: Database, user: AuthUser, actor: Actor, id: string, input: LedgerActionInput,
): Promise<ItemView> {
  await db.transaction(async (tx) => {
    // Lock the row so two clerks cannot issue the same item at once.
    await tx.execute(sql`SELECT 1 FROM equipment_items WHERE id = ${id} FOR UPDATE`);
    await moveItem(tx, user, actor, await getItemInScope(tx, user, id), input);
  });
  return toView(await getItemInScope(db, user, id));
}

/** One ledger move inside the caller's transaction (also used when an inventory round is closed). */
export async function moveItem(tx: Executor, user: AuthUser, actor: Actor, item: ItemRecord, input: LedgerActionInput): Promise<void> {
  const id = item.id;
  const action = input.action as LedgerAction;
  const plan = planLedgerAction(action, { status: item.status, hasHolder: item.holderOfficerId !== null });
  if (!plan.ok) throw new AppError(409, 'ILLEGAL_MOVE', plan.message, [{ field: 'action', message: plan.message }]);
  if (plan.needsApproval && !user.permissions.includes('equipment.approve')) {
    throw forbidden(`${LEDGER_ACTION_LABELS[action]}须由中队长或以上审批`);
  }
  if (action === 'assign' && !item.perOfficer) {
    const message = `${item.categoryName}不是个人装备，不能配发给个人；临时使用请办理借用登记`;
    throw new AppError(409, 'ILLEGAL_MOVE', message, [{ field: 'action', message }]);
  }
  let holderOfficerId = item.holderOfficerId;
  let expectedReturnAt: Date | null = item.expectedReturnAt ? new Date(item.expectedReturnAt) : null;
  let unitId = item.unitId;
  let note = input.note ?? null;
  if (plan.holder === 'set') {
    if (!input.officerId) throw invalid([{ field: 'officerId', message: `${LEDGER_ACTION_LABELS[action]}须指定领用人员` }]);
    const officer = await getOfficerInScope(tx, user, input.officerId);
    holderOfficerId = officer.id;
  } else if (plan.holder === 'clear') {
    holderOfficerId = null;
    expectedReturnAt = null;
  }
  if (action === 'issue') {
    if (!input.expectedReturnAt) throw invalid([{ field: 'expectedReturnAt', message: '借用须填写预计归还时间' }]);
    expectedReturnAt = new Date(input.expectedReturnAt);
    if (expectedReturnAt.getTime() <= Date.now()) throw invalid([{ field: 'expectedReturnAt', message: '预计归还时间须晚于当前时间' }]);
  }
  if (action === 'transfer') {
    if (!input.toUnitId) throw invalid([{ field: 'toUnitId', message: '调拨须指定调入单位' }]);
    const target = await getUnitInScope(tx, user, input.toUnitId);
    if (target.id === item.unitId) throw invalid([{ field: 'toUnitId', message: '调入单位与当前单位相同' }]);
    unitId = target.id;
    note = note ? `调拨至${target.name}：${note}` : `调拨至${target.name}`;
  }
  await tx.update(equipmentItems).set({
    status: plan.status, holderOfficerId, expectedReturnAt, unitId, version: item.version + 1, updatedAt: new Date(),
  }).where(eq(equipmentItems.id, id));
  const approved = plan.needsApproval ? { approvedById: actor.id, approvedByName: actor.name } : {};
  await tx.insert(equipmentLedger).values({
    itemId: id, unitId: item.unitId, action, fromStatus: item.status, toStatus: plan.status,
    officerId: plan.holder === 'set' ? holderOfficerId : item.holderOfficerId, expectedReturnAt: action === 'issue' ? expectedReturnAt : null,
    note, actorId: actor.id, actorName: actor.name, ...approved,
  });
  await appendAudit(tx, actor, {
    unitId: item.unitId, entityType: 'equipment', entityId: id, action: `ledger:${action}`,
    before: { status: item.status, holderOfficerId: item.holderOfficerId, unitId: item.unitId },
    after: { status: plan.status, holderOfficerId, unitId, expectedReturnAt, note },
  });
}

export async function itemLedger(db: Executor, user: AuthUser, id: string) {
  await getItemInScope(db, user, id);
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    SELECT l.id, l.action, l.from_status AS "fromStatus", l.to_status AS "toStatus", l.officer_id AS "officerId",
      o.name AS "officerName", l.expected_return_at AS "expectedReturnAt", l.note, l.approved_by_name AS "approvedByName",
      l.acknowledged_at AS "acknowledgedAt", l.actor_name AS "actorName", l.at
    FROM equipment_ledger l LEFT JOIN officers o ON o.id = l.officer_id
    WHERE l.item_id = ${id} ORDER BY l.at, l.id`);
  return rows.map((r) => ({
    ...r, actionLabel: LEDGER_ACTION_LABELS[r.action as LedgerAction] ?? r.action,
    at: iso(r.at), expectedReturnAt: iso(r.expectedReturnAt), acknowledgedAt: iso(r.acknowledgedAt),
  }));
}

/** The book of a unit subtree: items that should be on hand (not scrapped or lost), for an inventory round. */
export async function bookOfUnit(db: Executor, unitPath: string): Promise<ItemRecord[]> {
  return queryRows<ItemRecord>(db, sql`${itemSelect} WHERE u.path LIKE ${unitPath + '%'} AND i.status NOT IN ('报废', '遗失') ORDER BY i.asset_tag`);
}

export async function itemByAssetTag(db: Executor, assetTag: string): Promise<ItemRecord | undefined> {
  return queryOne<ItemRecord>(db, sql`${itemSelect} WHERE i.asset_tag = ${assetTag}`);
}

/** Updates where an item is kept, with an audit entry (inventory found it elsewhere). */
export async function relocateItem(tx: Executor, actor: Actor, item: ItemRecord, location: string): Promise<void> {
  if (item.location === location) return;
  await tx.update(equipmentItems).set({ location, version: item.version + 1, updatedAt: new Date() }).where(eq(equipmentItems.id, item.id));
  await appendAudit(tx, actor, {
    unitId: item.unitId, entityType: 'equipment', entityId: item.id, action: 'relocate',
    before: { location: item.location }, after: { location },
  });
}
