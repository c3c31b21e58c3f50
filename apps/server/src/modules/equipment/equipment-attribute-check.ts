// equipment_items.attribute_problems: what the category's attribute rules (equipmentAttributeProblems) say is wrong with
// an item's attributes, stored so that 完整性 is counted in SQL instead of reading every item's attributes. Every write
// of attributes sets it; a category edit rechecks its items; rows loaded before the column existed (or in bulk) are
// null until checkUncheckedItems catches up, and readers check those themselves.
import { equipmentAttributeProblems, type EquipmentAttributeDef } from '@cg/domain';
import { queryRows, sql, type Executor } from '@cg/db';

export const problemMessages = (defs: readonly EquipmentAttributeDef[], attributes: Record<string, unknown> | null) =>
  equipmentAttributeProblems(defs, attributes ?? {}).map((p) => p.message);

/** Stores each item's problems; `onlyUnchecked` leaves rows alone that something else checked meanwhile. */
export async function storeAttributeProblems(db: Executor, checked: { id: string; problems: string[] }[], onlyUnchecked = false) {
  if (!checked.length) return;
  await db.execute(sql`
    UPDATE equipment_items i SET attribute_problems = ARRAY(SELECT jsonb_array_elements_text(v.value -> 'p'))
    FROM jsonb_array_elements(${JSON.stringify(checked.map((c) => ({ id: c.id, p: c.problems })))}::jsonb) v
    WHERE i.id = (v.value ->> 'id')::uuid ${onlyUnchecked ? sql`AND i.attribute_problems IS NULL` : sql``}`);
}

/** Checks items never checked, `batchSize` at a time; returns how many. */
export async function checkUncheckedItems(db: Executor, batchSize = 5000): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await queryRows<{ id: string; defs: EquipmentAttributeDef[]; attributes: Record<string, unknown> | null }>(db, sql`
      SELECT i.id, c.attributes AS defs, i.attributes FROM equipment_items i JOIN equipment_categories c ON c.id = i.category_id
      WHERE i.attribute_problems IS NULL LIMIT ${batchSize}`);
    if (!rows.length) return done;
    await storeAttributeProblems(db, rows.map((r) => ({ id: r.id, problems: problemMessages(r.defs, r.attributes) })), true);
    done += rows.length;
  }
}
