// 北斗 terminals for the jt808 benchmark: N vehicles (执法车辆) each with a beidou_terminal fitted to it (安装到车辆),
// registered the way the gateway looks them up (equipment module, registeredTerminals): category beidou_terminal,
// status 在用, attributes.terminalPhone, holder_vehicle_id = the vehicle. Written in bulk with their 台账 (register +
// fit, as the app's seed writes them); the units, officers and logins come from the app's own seed (bench/lib/seed.ts).
import { queryOne, queryRows, sql, type Database, type Executor } from '@cg/db';
import { ensureBuiltinCategories } from '../../apps/server/src/modules/equipment/equipment.service.ts';
import { jt808PhoneOfStored } from '../../apps/server/src/modules/jt808/terminal-phone.ts';

const TAG_PREFIX = 'BENCH-BD-';
const ACTOR = '系统（压测数据）';
const CHUNK = 5000;

export interface BenchTerminal {
  itemId: string;
  /** The codec's form: what the terminal sends in its header. */
  phone: string;
  plate: string;
}

/** 11 digits, '14' + the index: a valid, unique 终端手机号 that is its own codec form. */
function phoneOf(i: number): string {
  return `14${String(i).padStart(9, '0')}`;
}

function plateOf(i: number): string {
  const letters = 'ABCDEFGHJKLMNP';
  return `沪${letters[Math.floor(i / 100_000) % letters.length]}${String(i % 100_000).padStart(5, '0')}`;
}

/** The benchmark's terminals already in the database, by index order. */
export async function benchTerminals(db: Executor): Promise<BenchTerminal[]> {
  const rows = await queryRows<{ id: string; stored: string; plate: string }>(db, sql`
    SELECT i.id, i.attributes->>'terminalPhone' AS stored, v.attributes->>'plate' AS plate
    FROM equipment_items i JOIN equipment_items v ON v.id = i.holder_vehicle_id
    WHERE i.asset_tag LIKE ${`${TAG_PREFIX}%`} AND i.status = '在用' ORDER BY i.asset_tag`);
  return rows.map((r) => ({ itemId: r.id, phone: jt808PhoneOfStored(r.stored) as string, plate: r.plate }));
}

/**
 * Adds vehicles with fitted terminals until `count` benchmark terminals exist (none when there are enough), spread
 * over the squadrons. One transaction. Returns how many were added.
 */
export async function ensureBenchTerminals(db: Database, count: number): Promise<number> {
  return db.transaction(async (tx) => {
    const have = await queryOne<{ n: number }>(tx, sql`
      SELECT count(*)::int AS n FROM equipment_items WHERE asset_tag LIKE ${`${TAG_PREFIX}%`}`);
    const from = have?.n ?? 0;
    if (from >= count) return 0;
    await ensureBuiltinCategories(tx);
    const cat = async (code: string) => {
      const row = await queryOne<{ id: string }>(tx, sql`SELECT id FROM equipment_categories WHERE code = ${code}`);
      if (!row) throw new Error(`no equipment category ${code}`);
      return row.id;
    };
    const vehicleCat = await cat('vehicle');
    const terminalCat = await cat('beidou_terminal');
    const units = (await queryRows<{ id: string }>(tx, sql`
      SELECT id FROM units WHERE kind IN ('街镇乡中队', '特定区域中队', '机动中队') ORDER BY code`)).map((u) => u.id);
    if (units.length === 0) throw new Error('no squadrons in the database: seed units first');

    for (let start = from; start < count; start += CHUNK) {
      const end = Math.min(count, start + CHUNK);
      const unit: string[] = [];
      const carTag: string[] = [];
      const carAttrs: string[] = [];
      const bdTag: string[] = [];
      const bdAttrs: string[] = [];
      const plate: string[] = [];
      for (let i = start; i < end; i++) {
        const p = plateOf(i);
        unit.push(units[i % units.length]);
        carTag.push(`BENCH-CL-${String(i).padStart(7, '0')}`);
        carAttrs.push(JSON.stringify({ plate: p, vehicleType: '执法车', beidou: true }));
        bdTag.push(`${TAG_PREFIX}${String(i).padStart(7, '0')}`);
        bdAttrs.push(JSON.stringify({
          terminalPhone: phoneOf(i), maker: '70111', model: 'BD-T808', terminalId: `B${String(i).padStart(6, '0')}`,
          protocol: 'JT/T 808-2013',
        }));
        plate.push(p);
      }
      const p = sql.param;
      // Vehicles and their terminals in one statement; the 台账 gets register (both) and fit (the terminal).
      await queryRows(tx, sql`
        WITH src AS (
          SELECT * FROM unnest(${p(unit)}::uuid[], ${p(carTag)}::text[], ${p(carAttrs)}::text[], ${p(bdTag)}::text[],
            ${p(bdAttrs)}::text[], ${p(plate)}::text[]) AS s(unit_id, car_tag, car_attrs, bd_tag, bd_attrs, plate)
        ), cars AS (
          INSERT INTO equipment_items (unit_id, category_id, asset_tag, model, status, attributes, location)
          SELECT unit_id, ${vehicleCat}::uuid, car_tag, '压测车型', '在用', car_attrs::jsonb, '停车场' FROM src
          RETURNING id, asset_tag, unit_id
        ), terminals AS (
          INSERT INTO equipment_items (unit_id, category_id, asset_tag, model, status, attributes, location, holder_vehicle_id)
          SELECT s.unit_id, ${terminalCat}::uuid, s.bd_tag, 'BD-T808', '在用', s.bd_attrs::jsonb, s.plate, c.id
          FROM src s JOIN cars c ON c.asset_tag = s.car_tag
          RETURNING id, unit_id, location
        )
        INSERT INTO equipment_ledger (item_id, unit_id, action, from_status, to_status, note, actor_name)
        SELECT id, unit_id, 'register', NULL, '在库', NULL, ${ACTOR} FROM cars
        UNION ALL SELECT id, unit_id, 'register', NULL, '在库', NULL, ${ACTOR} FROM terminals
        UNION ALL SELECT id, unit_id, 'fit', '在库', '在用', '安装到' || location, ${ACTOR} FROM terminals`);
    }
    return count - from;
  });
}
