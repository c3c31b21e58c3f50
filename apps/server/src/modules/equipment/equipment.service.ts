// 执法装备库: categories, items and their 台账 (ledger), scoped by the organisation tree and audited.
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_EQUIPMENT_CATEGORIES, equipmentAttributeProblems, isOverdue, LEDGER_ACTION_LABELS, normalizeAttributes,
  OFFICER_ASSIGNABLE_CODES, planLedgerAction, VEHICLE_FITTED_CODES, type EquipmentAttributeDef, type EquipmentStatus, type LedgerAction,
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
import { assertTerminalPhoneFree, TERMINAL_CATEGORY_CODE } from './terminals.service.ts';
import type { ItemCreateInput, ItemSortField, ItemUpdateInput, LedgerActionInput } from './equipment.schemas.ts';
import { problemMessages } from './equipment-attribute-check.ts';

export interface CategoryRow {
  id: string;
  code: string;
  name: string;
  groupName: string;
  perOfficer: boolean;
  attributes: EquipmentAttributeDef[];
  builtin: boolean;
  /** false: 停用, takes no new items. */
  active: boolean;
  sortOrder: number;
  version: number;
}

export const categoryColumns = sql`id, code, name, group_name AS "groupName", per_officer AS "perOfficer", attributes, builtin,
  active, sort_order AS "sortOrder", version`;

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

// `lock` (in a transaction): an item is checked against the definition a concurrent category edit may be changing.
async function getCategory(db: Executor, id: string, lock = false): Promise<CategoryRow> {
  const row = await queryOne<CategoryRow>(db, sql`SELECT ${categoryColumns} FROM equipment_categories WHERE id = ${id}
    ${lock ? sql`FOR SHARE` : sql``}`);
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
  /** The vehicle (an item of category 执法车辆) this item is installed in, e.g. a Beidou terminal. */
  holderVehicleId: string | null;
  holderVehiclePlate: string | null;
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
    i.holder_vehicle_id AS "holderVehicleId", hv.attributes->>'plate' AS "holderVehiclePlate",
    i.expected_return_at AS "expectedReturnAt", i.purchase_date::text AS "purchaseDate", i.warranty_until::text AS "warrantyUntil",
    i.attributes, i.location, i.notes, i.created_at AS "createdAt", i.updated_at AS "updatedAt", i.version
  FROM equipment_items i
  JOIN units u ON u.id = i.unit_id
  JOIN equipment_categories c ON c.id = i.category_id
  LEFT JOIN officers ro ON ro.id = i.responsible_officer_id
  LEFT JOIN officers ho ON ho.id = i.holder_officer_id
  LEFT JOIN equipment_items hv ON hv.id = i.holder_vehicle_id`;

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
  holderVehicleId?: string;
  responsibleOfficerId?: string;
  noResponsible?: 'true';
  overdue?: 'true';
}

/** Sort columns: `join` is what the page query must join to read one; nullable ones keep empty values last. */
const SORT_COLUMNS: Record<ItemSortField, { column: string; nullable?: boolean; join?: 'unit' | 'category' }> = {
  assetTag: { column: 'i.asset_tag' }, model: { column: 'i.model' }, status: { column: 'i.status' },
  purchaseDate: { column: 'i.purchase_date', nullable: true }, updatedAt: { column: 'i.updated_at' },
  unitName: { column: 'u.name', join: 'unit' }, categoryName: { column: 'c.name', join: 'category' },
};

type ItemSort = { field: ItemSortField; desc: boolean };

function orderBy(sort: ItemSort, column = SORT_COLUMNS[sort.field].column, id = 'i.id'): SQL {
  // NULLS LAST both ways with id ascending: the order the two purchase-date indexes (0008) hold.
  if (SORT_COLUMNS[sort.field].nullable) return sql.raw(`${column} ${sort.desc ? 'DESC NULLS LAST' : 'ASC'}, ${id}`);
  // NOT NULL: no NULLS clause and the tie-breaker in the same direction, so a (column, id) index walks either way.
  const direction = sort.desc ? 'DESC' : 'ASC';
  return sql.raw(`${column} ${direction}, ${id} ${direction}`);
}

interface ItemWhere {
  /** Conditions on `equipment_items i` alone, so counting reads that one table. */
  where: SQL;
  /** Below the city root (the root scope adds no condition). */
  scoped: boolean;
}

async function itemWhere(db: Executor, user: AuthUser, f: ItemFilter): Promise<ItemWhere> {
  const unit = f.unitId ? await getUnitInScope(db, user, f.unitId) : null;
  const scopePath = unit?.path ?? user.unitPath;
  const scoped = scopePath.split('/').filter(Boolean).length > 1;
  const conditions: SQL[] = [];
  if (scoped) conditions.push(sql`i.unit_id IN (SELECT id FROM units WHERE path LIKE ${scopePath + '%'})`);
  if (f.categoryId) conditions.push(sql`i.category_id = ${f.categoryId}`);
  if (f.group) conditions.push(sql`i.category_id IN (SELECT id FROM equipment_categories WHERE group_name = ${f.group})`);
  if (f.status) conditions.push(sql`i.status = ${f.status}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`;
    conditions.push(sql`(i.asset_tag ILIKE ${like} OR i.serial_no ILIKE ${like} OR i.model ILIKE ${like} OR i.brand ILIKE ${like})`);
  }
  if (f.holderOfficerId) conditions.push(sql`i.holder_officer_id = ${f.holderOfficerId}`);
  if (f.holderVehicleId) conditions.push(sql`i.holder_vehicle_id = ${f.holderVehicleId}`);
  if (f.responsibleOfficerId) conditions.push(sql`i.responsible_officer_id = ${f.responsibleOfficerId}`);
  if (f.noResponsible) conditions.push(sql`i.responsible_officer_id IS NULL AND i.status NOT IN ('报废', '遗失')`);
  if (f.overdue) conditions.push(sql`i.status = '借出' AND i.expected_return_at < now()`);
  return { where: conditions.length ? sql.join(conditions, sql` AND `) : sql`true`, scoped };
}

/**
 * One page of items in list order: the ids are paged on equipment_items with only the join the sort needs, and only
 * those rows get the other joins. Below the city root the matches are collected first: 资产编号 begin with the unit
 * code, and the planner would otherwise walk the asset-tag index across the whole table looking for one district's.
 */
async function pageOfItems(db: Executor, w: ItemWhere, sort: ItemSort, limit: number, offset: number): Promise<ItemRecord[]> {
  const { column, join } = SORT_COLUMNS[sort.field];
  const from = sql.raw('equipment_items i'
    + (join === 'unit' ? ' JOIN units u ON u.id = i.unit_id' : '')
    + (join === 'category' ? ' JOIN equipment_categories c ON c.id = i.category_id' : ''));
  const ids = w.scoped
    ? sql`WITH m AS MATERIALIZED (SELECT i.id, ${sql.raw(column)} AS k FROM ${from} WHERE ${w.where})
      SELECT id FROM m ORDER BY ${orderBy(sort, 'k', 'id')} LIMIT ${limit} OFFSET ${offset}`
    : sql`SELECT i.id FROM ${from} WHERE ${w.where} ORDER BY ${orderBy(sort)} LIMIT ${limit} OFFSET ${offset}`;
  return queryRows<ItemRecord>(db, sql`${itemSelect} WHERE i.id IN (${ids}) ORDER BY ${orderBy(sort)}`);
}

export async function listItems(
  db: Executor, user: AuthUser, f: ItemFilter & { page: number; pageSize: number; sort: ItemSort },
): Promise<Paged<ItemView>> {
  const w = await itemWhere(db, user, f);
  const offset = (f.page - 1) * f.pageSize;
  const rows = await pageOfItems(db, w, f.sort, f.pageSize, offset);
  // A page that is not full ends the list, so it gives the total without a count.
  const total = (rows.length > 0 || f.page === 1) && rows.length < f.pageSize
    ? offset + rows.length
    : (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM equipment_items i WHERE ${w.where}`))[0].n;
  const now = new Date();
  return { items: rows.map((r) => toView(r, now)), total, page: f.page, pageSize: f.pageSize };
}

/** Every item matching the filter (for export), in the list's order. */
export async function allItems(
  db: Executor, user: AuthUser, f: ItemFilter & { sort: ItemSort }, limit: number,
): Promise<ItemRecord[]> {
  return pageOfItems(db, await itemWhere(db, user, f), f.sort, limit, 0);
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
    const category = await getCategory(tx, input.categoryId, true);
    if (!category.active) {
      const message = `装备类别“${category.name}”已停用，不能登记新装备`;
      throw new AppError(409, 'CATEGORY_INACTIVE', message, [{ field: 'categoryId', message }]);
    }
    const values = input.attributes ?? {};
    const errors = attributeErrors(category, values);
    if (errors.length) throw invalid(errors);
    if (input.responsibleOfficerId) await getOfficerInScope(tx, user, input.responsibleOfficerId);
    await assertUnique(tx, input.assetTag, input.model, input.serialNo);
    if (category.code === TERMINAL_CATEGORY_CODE) await assertTerminalPhoneFree(tx, values.terminalPhone);
    const itemId = randomUUID();
    const row = {
      id: itemId, unitId: unit.id, categoryId: category.id, assetTag: input.assetTag, serialNo: input.serialNo ?? null,
      brand: input.brand ?? null, model: input.model, status: '在库', responsibleOfficerId: input.responsibleOfficerId ?? null,
      purchaseDate: input.purchaseDate ?? null, warrantyUntil: input.warrantyUntil ?? null,
      attributes: normalizeAttributes(category.attributes, values), location: input.location ?? null, notes: input.notes ?? null,
    };
    const attributeProblems = problemMessages(category.attributes, row.attributes);
    await tx.insert(equipmentItems).values({ ...row, attributeProblems });
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
    let attributeProblems: string[] | undefined;
    if (changes.attributes) {
      const category = await getCategory(tx, item.categoryId, true);
      const merged = { ...item.attributes, ...(changes.attributes as Record<string, unknown>) };
      const errors = attributeErrors(category, merged);
      if (errors.length) throw invalid(errors);
      changes.attributes = normalizeAttributes(category.attributes, merged);
      attributeProblems = problemMessages(category.attributes, changes.attributes as Record<string, unknown>);
      if (category.code === TERMINAL_CATEGORY_CODE && item.status !== '报废' && item.status !== '遗失') {
        await assertTerminalPhoneFree(tx, (changes.attributes as Record<string, unknown>).terminalPhone, id);
      }
    }
    if (changes.responsibleOfficerId) await getOfficerInScope(tx, user, changes.responsibleOfficerId as string);
    const d = diff(item as unknown as Record<string, unknown>, changes);
    if (!d) return;
    await assertUnique(tx, (changes.assetTag as string) ?? item.assetTag, (changes.model as string) ?? item.model,
      changes.serialNo === undefined ? item.serialNo : (changes.serialNo as string | null), id);
    await tx.update(equipmentItems).set({ ...changes, ...(attributeProblems ? { attributeProblems } : {}), version: item.version + 1, updatedAt: new Date() })
      .where(eq(equipmentItems.id, id));
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
  const fittedToVehicle = item.holderVehicleId !== null;
  const plan = planLedgerAction(action, { status: item.status, hasHolder: item.holderOfficerId !== null || fittedToVehicle, fittedToVehicle });
  if (!plan.ok) throw new AppError(409, 'ILLEGAL_MOVE', plan.message, [{ field: 'action', message: plan.message }]);
  if (plan.needsApproval && !user.permissions.includes('equipment.approve')) {
    throw forbidden(`${LEDGER_ACTION_LABELS[action]}须由中队长或以上审批`);
  }
  if (action === 'fit' && !VEHICLE_FITTED_CODES.includes(item.categoryCode)) {
    const message = `${item.categoryName}不是车载设备，不能安装到车辆`;
    throw new AppError(409, 'ILLEGAL_MOVE', message, [{ field: 'action', message }]);
  }
  if (action === 'assign' && !item.perOfficer && !OFFICER_ASSIGNABLE_CODES.includes(item.categoryCode)) {
    const message = `${item.categoryName}不是个人装备，不能配发给个人；临时使用请办理借用登记`;
    throw new AppError(409, 'ILLEGAL_MOVE', message, [{ field: 'action', message }]);
  }
  let holderOfficerId = item.holderOfficerId;
  let holderVehicleId = item.holderVehicleId;
  let expectedReturnAt: Date | null = item.expectedReturnAt ? new Date(item.expectedReturnAt) : null;
  let unitId = item.unitId;
  let note = input.note ?? null;
  if (plan.holder === 'set' && action === 'fit') {
    if (!input.vehicleId) throw invalid([{ field: 'vehicleId', message: '安装到车辆须指定车辆' }]);
    const vehicle = await getItemInScope(tx, user, input.vehicleId).catch(() => {
      throw invalid([{ field: 'vehicleId', message: '车辆不存在或不在本单位范围内' }]);
    });
    if (vehicle.categoryCode !== 'vehicle') throw invalid([{ field: 'vehicleId', message: `${vehicle.assetTag} 不是执法车辆` }]);
    if (vehicle.status === '报废' || vehicle.status === '遗失') {
      throw invalid([{ field: 'vehicleId', message: `车辆 ${vehicle.assetTag} 已${vehicle.status}，不能安装设备` }]);
    }
    holderVehicleId = vehicle.id;
    const plate = typeof vehicle.attributes.plate === 'string' ? vehicle.attributes.plate : vehicle.assetTag;
    note = note ? `安装到${plate}：${note}` : `安装到${plate}`;
  } else if (plan.holder === 'set') {
    if (!input.officerId) throw invalid([{ field: 'officerId', message: `${LEDGER_ACTION_LABELS[action]}须指定领用人员` }]);
    const officer = await getOfficerInScope(tx, user, input.officerId);
    holderOfficerId = officer.id;
  } else if (plan.holder === 'clear') {
    if (item.holderVehicleId && item.holderVehiclePlate) note = note ? `自${item.holderVehiclePlate}拆除：${note}` : `自${item.holderVehiclePlate}拆除`;
    holderOfficerId = null;
    holderVehicleId = null;
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
    status: plan.status, holderOfficerId, holderVehicleId, expectedReturnAt, unitId, version: item.version + 1, updatedAt: new Date(),
  }).where(eq(equipmentItems.id, id));
  const approved = plan.needsApproval ? { approvedById: actor.id, approvedByName: actor.name } : {};
  await tx.insert(equipmentLedger).values({
    itemId: id, unitId: item.unitId, action, fromStatus: item.status, toStatus: plan.status,
    officerId: plan.holder === 'set' ? holderOfficerId : item.holderOfficerId, expectedReturnAt: action === 'issue' ? expectedReturnAt : null,
    note, actorId: actor.id, actorName: actor.name, ...approved,
  });
  await appendAudit(tx, actor, {
    unitId: item.unitId, entityType: 'equipment', entityId: id, action: `ledger:${action}`,
    before: { status: item.status, holderOfficerId: item.holderOfficerId, holderVehicleId: item.holderVehicleId, unitId: item.unitId },
    after: { status: plan.status, holderOfficerId, holderVehicleId, unitId, expectedReturnAt, note },
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
