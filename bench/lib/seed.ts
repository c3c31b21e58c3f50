// Demo data for the benchmarks: the app's own seed (units, officers, demo logins) and, for the 执法装备库, the items of
// generateDemoEquipment with their 台账 written in bulk — the seed's row-by-batch path takes ~10 min for 1M items.
import { generateDemoData, generateDemoEquipment, type DemoEquipmentItem } from '@cg/demo-data';
import { queryOne, queryRows, sql, type Database, type Executor } from '@cg/db';
import { isSeeded, seedDemoData } from '../../apps/server/src/seed/demo-seed.ts';
import { ensureBuiltinCategories } from '../../apps/server/src/modules/equipment/equipment.service.ts';

/** Same seed for the officers and the equipment, so the equipment's officer references resolve. */
const SEED = 2018_100;
/** Rows per INSERT … SELECT FROM unnest(…): large enough to amortise the round trip, small enough for memory. */
const CHUNK = 20_000;
const DEMO_ACTOR = '系统（演示数据）';

export { isSeeded };

export interface SeedOptions {
  scale: number;
  /** Also the 执法装备库 (bulk path). */
  equipment: boolean;
  onProgress?: (message: string) => void;
}

/**
 * Seeds units, officers and the demo logins through the app's seed, then (optionally) the equipment in bulk. One
 * transaction: an interrupted seed leaves an empty database, not half of one.
 */
export async function seedBenchData(db: Database, options: SeedOptions): Promise<Record<string, number>> {
  const progress = options.onProgress ?? (() => {});
  const asOf = new Date();
  return db.transaction(async (tx) => {
    const t0 = Date.now();
    // The seed opens its own transaction; inside ours it becomes a savepoint.
    const r = await seedDemoData(tx as unknown as Database, {
      scale: options.scale, seed: SEED, asOf, users: true, equipment: false, onProgress: (m) => progress(`  ${m}`),
    });
    const counts: Record<string, number> = { scale: options.scale, units: r.units, officers: r.officers, users: r.users, officers_ms: Date.now() - t0 };
    if (options.equipment) Object.assign(counts, await bulkSeedEquipment(tx, options.scale, asOf, progress));
    return counts;
  });
}

/**
 * Generates the equipment for the officers already in the database (same scale, seed and date as their seed) and
 * writes items with unnest() in chunks, then derives the 台账 in SQL exactly as the app's seed does: a registration
 * on the purchase date, then the move to the current status.
 */
async function bulkSeedEquipment(
  tx: Executor, scale: number, asOf: Date, progress: (message: string) => void,
): Promise<Record<string, number>> {
  const t0 = Date.now();
  const day = asOf.toISOString().slice(0, 10);
  const data = generateDemoData({ scale, seed: SEED, asOf: day });
  const items = generateDemoEquipment(data, { seed: SEED, asOf: day });
  progress(`  generated ${items.length} items in ${Date.now() - t0} ms`);

  await ensureBuiltinCategories(tx);
  const idMap = async (query: ReturnType<typeof sql>) =>
    new Map((await queryRows<{ k: string; id: string }>(tx, query)).map((r) => [r.k, r.id]));
  const categories = await idMap(sql`SELECT code AS k, id FROM equipment_categories`);
  const unitIds = await idMap(sql`SELECT code AS k, id FROM units`);
  const officerIds = await idMap(sql`SELECT id_number AS k, id FROM officers`);
  const need = (map: Map<string, string>, key: string, what: string) => {
    const id = map.get(key);
    if (!id) throw new Error(`bulk equipment: ${what} ${key} is not in the database (seeded with another scale or date?)`);
    return id;
  };
  const officer = (idNumber: string | null) => (idNumber ? need(officerIds, idNumber, 'officer') : null);

  // Every reference was just read from the database, so the per-row foreign-key triggers only cost time (about half
  // of it); a superuser can skip them for this transaction. Anyone else gets the checks.
  const superuser = await queryOne<{ su: boolean }>(tx, sql`SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user`);
  if (superuser?.su) await queryRows(tx, sql`SET LOCAL session_replication_role = replica`);

  const t1 = Date.now();
  for (let i = 0; i < items.length; i += CHUNK) {
    await insertItems(tx, items.slice(i, i + CHUNK), (it) => ({
      unit: need(unitIds, it.unitCode, 'unit'), category: need(categories, it.categoryCode, 'category'),
      responsible: officer(it.responsibleIdNumber), holder: officer(it.holderIdNumber),
    }));
    if ((i / CHUNK) % 10 === 9) progress(`  items: ${Math.min(items.length, i + CHUNK)} / ${items.length}`);
  }
  const itemsMs = Date.now() - t1;

  const t2 = Date.now();
  const registerFallback = new Date(asOf.getTime() - 400 * 86_400_000).toISOString();
  const moveAt = new Date(asOf.getTime() - 20 * 86_400_000).toISOString();
  await queryRows(tx, sql`
    INSERT INTO equipment_ledger (item_id, unit_id, action, from_status, to_status, officer_id, expected_return_at, actor_name, at)
    SELECT i.id, i.unit_id, m.action, m.from_status, m.to_status, m.officer_id, m.expected_return_at, ${DEMO_ACTOR}, m.at
    FROM equipment_items i
    CROSS JOIN LATERAL (SELECT coalesce((i.purchase_date::text || ' 10:00:00+08')::timestamptz, ${registerFallback}::timestamptz) AS registered) r
    CROSS JOIN LATERAL (VALUES
      ('register', NULL, '在库', NULL::uuid, NULL::timestamptz, r.registered),
      (CASE i.status WHEN '在用' THEN 'assign' WHEN '借出' THEN 'issue' WHEN '维修' THEN 'send_repair' WHEN '报废' THEN 'scrap'
         WHEN '遗失' THEN 'lose' END, '在库', i.status, i.holder_officer_id, i.expected_return_at,
       greatest(r.registered, ${moveAt}::timestamptz))
    ) AS m(action, from_status, to_status, officer_id, expected_return_at, at)
    WHERE m.action IS NOT NULL`);
  if (superuser?.su) await queryRows(tx, sql`SET LOCAL session_replication_role = DEFAULT`);
  const ledger = await queryOne<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM equipment_ledger`);
  const ledgerMs = Date.now() - t2;
  progress(`  ${items.length} items in ${itemsMs} ms, ${ledger?.n ?? 0} ledger entries in ${ledgerMs} ms`);
  return { equipment: items.length, ledger: ledger?.n ?? 0, equipment_ms: Date.now() - t0, items_insert_ms: itemsMs, ledger_insert_ms: ledgerMs };
}

interface ItemRefs { unit: string; category: string; responsible: string | null; holder: string | null }

async function insertItems(tx: Executor, chunk: DemoEquipmentItem[], refs: (it: DemoEquipmentItem) => ItemRefs): Promise<void> {
  const cols = {
    unit: [] as string[], category: [] as string[], tag: [] as string[], serial: [] as (string | null)[], brand: [] as (string | null)[],
    model: [] as string[], status: [] as string[], responsible: [] as (string | null)[], holder: [] as (string | null)[],
    due: [] as (string | null)[], purchase: [] as (string | null)[], warranty: [] as (string | null)[], attributes: [] as string[],
    location: [] as (string | null)[],
  };
  for (const it of chunk) {
    const r = refs(it);
    cols.unit.push(r.unit); cols.category.push(r.category); cols.tag.push(it.assetTag); cols.serial.push(it.serialNo);
    cols.brand.push(it.brand); cols.model.push(it.model); cols.status.push(it.status); cols.responsible.push(r.responsible);
    cols.holder.push(r.holder); cols.due.push(it.expectedReturnAt); cols.purchase.push(it.purchaseDate);
    cols.warranty.push(it.warrantyUntil); cols.attributes.push(JSON.stringify(it.attributes)); cols.location.push(it.location);
  }
  const p = sql.param;
  await queryRows(tx, sql`
    INSERT INTO equipment_items (unit_id, category_id, asset_tag, serial_no, brand, model, status, responsible_officer_id,
      holder_officer_id, expected_return_at, purchase_date, warranty_until, attributes, location)
    SELECT unit_id, category_id, asset_tag, serial_no, brand, model, status, responsible, holder, due, purchase, warranty,
      attributes::jsonb, location
    FROM unnest(${p(cols.unit)}::uuid[], ${p(cols.category)}::uuid[], ${p(cols.tag)}::text[], ${p(cols.serial)}::text[],
      ${p(cols.brand)}::text[], ${p(cols.model)}::text[], ${p(cols.status)}::text[], ${p(cols.responsible)}::uuid[],
      ${p(cols.holder)}::uuid[], ${p(cols.due)}::timestamptz[], ${p(cols.purchase)}::date[], ${p(cols.warranty)}::date[],
      ${p(cols.attributes)}::text[], ${p(cols.location)}::text[])
      AS t(unit_id, category_id, asset_tag, serial_no, brand, model, status, responsible, holder, due, purchase, warranty,
        attributes, location)`);
}
