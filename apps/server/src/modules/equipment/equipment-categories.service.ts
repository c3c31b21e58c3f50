// 装备类别 as data the city admin maintains: create, edit (attribute definitions included), 停用 and 启用.
// The rules are @cg/domain's (equipment-category.ts); this file adds what needs the database: uniqueness, the items
// a change would affect, row locks and the audit entries.
import {
  builtinCategoryDef, categoryChangeProblems, categoryDraftProblems, normalizeCategoryDraft, storedValueProblems,
  type CategoryFieldProblem, type EquipmentCategoryDef, type EquipmentGroup, type StoredItemAttributes,
} from '@cg/domain';
import { equipmentCategories, eq, queryOne, queryRows, sql, type Database, type Executor } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, conflict, invalid, notFound, versionConflict, type ErrorDetail } from '../../core/errors.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { categoryColumns, type CategoryRow } from './equipment.service.ts';
import { problemMessages, storeAttributeProblems } from './equipment-attribute-check.ts';

export interface CategoryCreateInput {
  code: string;
  name: string;
  group: EquipmentGroup;
  perOfficer: boolean;
  attributes: unknown[];
}

export interface CategoryUpdateInput {
  version: number;
  name?: string;
  group?: EquipmentGroup;
  perOfficer?: boolean;
  /** The whole list in its new order; attributes left out are removed. */
  attributes?: unknown[];
}

const ENTITY = 'equipment_category';

/** Items per category within the user's unit subtree (all statuses). */
export async function categoryItemCounts(db: Executor, user: Pick<AuthUser, 'unitPath'>): Promise<{ categoryId: string; itemCount: number }[]> {
  return queryRows<{ categoryId: string; itemCount: number }>(db, sql`
    SELECT i.category_id AS "categoryId", count(*)::int AS "itemCount"
    FROM equipment_items i JOIN units u ON u.id = i.unit_id
    WHERE u.path LIKE ${user.unitPath + '%'}
    GROUP BY i.category_id`);
}

async function lockCategory(tx: Executor, id: string): Promise<CategoryRow> {
  const row = await queryOne<CategoryRow>(tx, sql`SELECT ${categoryColumns} FROM equipment_categories WHERE id = ${id} FOR UPDATE`);
  if (!row) throw notFound('装备类别');
  return row;
}

async function categoryById(db: Executor, id: string): Promise<CategoryRow> {
  const row = await queryOne<CategoryRow>(db, sql`SELECT ${categoryColumns} FROM equipment_categories WHERE id = ${id}`);
  if (!row) throw notFound('装备类别');
  return row;
}

function definitionOf(row: CategoryRow): EquipmentCategoryDef {
  return { code: row.code, name: row.name, group: row.groupName as EquipmentGroup, perOfficer: row.perOfficer, attributes: row.attributes };
}

/** The change conflicts with what the category is (built in) or holds (items): 409 with the fields named. */
function refused(problems: CategoryFieldProblem[]): AppError {
  return new AppError(409, 'CATEGORY_CHANGE_REFUSED', problems[0].message, problems);
}

async function assertFree(tx: Executor, code: string | null, name: string, exceptId?: string): Promise<void> {
  const clash = await queryRows<{ code: string; name: string }>(tx, sql`
    SELECT code, name FROM equipment_categories
    WHERE (code = ${code ?? ''} OR name = ${name}) ${exceptId ? sql`AND id <> ${exceptId}` : sql``}`);
  const details: ErrorDetail[] = [];
  if (code && clash.some((c) => c.code === code)) details.push({ field: 'code', message: `类别编码“${code}”已存在` });
  if (clash.some((c) => c.name === name)) details.push({ field: 'name', message: `类别名称“${name}”已存在（Excel 导入按名称识别类别）` });
  if (details.length) throw conflict(details[0].message, details);
}

// jsonb returns object keys in its own order, so compare definitions by content, not by JSON text.
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export async function createCategory(db: Database, actor: Actor, input: CategoryCreateInput): Promise<CategoryRow> {
  const problems = categoryDraftProblems(input);
  if (problems.length) throw invalid(problems);
  const def = normalizeCategoryDraft({ ...input, attributes: input.attributes as Record<string, unknown>[] });
  const id = await db.transaction(async (tx) => {
    await assertFree(tx, def.code, def.name);
    const [{ next }] = await queryRows<{ next: number }>(tx, sql`SELECT coalesce(max(sort_order), 0) + 1 AS next FROM equipment_categories`);
    const [row] = await tx.insert(equipmentCategories).values({
      code: def.code, name: def.name, groupName: def.group, perOfficer: def.perOfficer, attributes: def.attributes,
      builtin: false, active: true, sortOrder: next,
    }).returning({ id: equipmentCategories.id });
    await appendAudit(tx, actor, { unitId: null, entityType: ENTITY, entityId: row.id, action: 'create', after: { ...def, sortOrder: next } });
    return row.id;
  });
  return categoryById(db, id);
}

/**
 * Edits name, group, 按人配发 and the attribute list. Refused with 409 CATEGORY_CHANGE_REFUSED when the change
 * breaks a built-in category or the items already registered (categoryChangeProblems, storedValueProblems).
 */
export async function updateCategory(db: Database, actor: Actor, id: string, input: CategoryUpdateInput): Promise<CategoryRow> {
  await db.transaction(async (tx) => {
    // FOR UPDATE: item writes read the category FOR SHARE, so none is validated against the old definition meanwhile.
    const current = await lockCategory(tx, id);
    if (current.version !== input.version) throw versionConflict();
    const before = definitionOf(current);
    const draft = {
      code: current.code,
      name: input.name ?? current.name,
      group: input.group ?? before.group,
      perOfficer: input.perOfficer ?? current.perOfficer,
      attributes: input.attributes ?? current.attributes,
    };
    const problems = categoryDraftProblems(draft);
    if (problems.length) throw invalid(problems);
    const after = normalizeCategoryDraft({ ...draft, attributes: draft.attributes as Record<string, unknown>[] });

    const [{ n: itemCount }] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM equipment_items WHERE category_id = ${id}`);
    const builtin = current.builtin ? builtinCategoryDef(current.code) : undefined;
    const ruleProblems = categoryChangeProblems({ before, after, builtin, itemCount });
    if (ruleProblems.length) throw refused(ruleProblems);
    const attributesChanged = canonical(before.attributes) !== canonical(after.attributes);
    let recheck: { id: string; problems: string[] }[] = [];
    if (attributesChanged && itemCount > 0) {
      const items = await queryRows<StoredItemAttributes & { id: string; stored: string[] | null }>(tx, sql`
        SELECT id, asset_tag AS "assetTag", attributes, attribute_problems AS stored FROM equipment_items WHERE category_id = ${id} ORDER BY asset_tag`);
      const valueProblems = storedValueProblems(before, after, items);
      if (valueProblems.length) throw refused(valueProblems);
      // The edit may clear problems items had (an attribute no longer required): their stored check follows.
      recheck = items.map((i) => ({ id: i.id, stored: i.stored, problems: problemMessages(after.attributes, i.attributes) }))
        .filter((i) => canonical(i.stored) !== canonical(i.problems));
    }
    if (after.name !== before.name) await assertFree(tx, null, after.name, id);

    const changedBefore: Record<string, unknown> = {};
    const changedAfter: Record<string, unknown> = {};
    for (const key of ['name', 'group', 'perOfficer', 'attributes'] as const) {
      if (canonical(before[key]) !== canonical(after[key])) {
        changedBefore[key] = before[key];
        changedAfter[key] = after[key];
      }
    }
    if (Object.keys(changedAfter).length === 0) return;
    await tx.update(equipmentCategories).set({
      name: after.name, groupName: after.group, perOfficer: after.perOfficer, attributes: after.attributes,
      version: current.version + 1, updatedAt: new Date(),
    }).where(eq(equipmentCategories.id, id));
    await appendAudit(tx, actor, {
      unitId: null, entityType: ENTITY, entityId: id, action: 'update', before: changedBefore, after: changedAfter,
    });
    await storeAttributeProblems(tx, recheck);
  });
  return categoryById(db, id);
}

/** 停用 (no new items; existing ones keep working) or 启用 again. Setting the state it already has changes nothing. */
export async function setCategoryActive(db: Database, actor: Actor, id: string, active: boolean): Promise<CategoryRow> {
  await db.transaction(async (tx) => {
    const current = await lockCategory(tx, id);
    if (current.active === active) return;
    await tx.update(equipmentCategories).set({ active, version: current.version + 1, updatedAt: new Date() })
      .where(eq(equipmentCategories.id, id));
    await appendAudit(tx, actor, {
      unitId: null, entityType: ENTITY, entityId: id, action: active ? 'activate' : 'deactivate',
      before: { active: current.active }, after: { active },
    });
  });
  return categoryById(db, id);
}
