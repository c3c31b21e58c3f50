// 北斗/JT/T 808 terminals are items of category beidou_terminal. The gateway (next issue) accepts a terminal only when
// its 终端手机号 is registered here, and learns from the binding which vehicle or officer its positions belong to.
import { queryOne, queryRows, sql, type Executor } from '@cg/db';
import { conflict } from '../../core/errors.ts';

export const TERMINAL_CATEGORY_CODE = 'beidou_terminal';

export interface RegisteredTerminal {
  itemId: string;
  assetTag: string;
  unitId: string;
  unitPath: string;
  status: string;
  terminalPhone: string;
  terminalId: string | null;
  vehicleId: string | null;
  vehiclePlate: string | null;
  officerId: string | null;
  officerName: string | null;
}

/**
 * Terminals in service (category beidou_terminal, not 报废/遗失) registered under any of `phones` (stored spellings,
 * compared exactly: the unique index on the stored number serves it), or every terminal in service when `phones` is
 * null. The JT/T 808 gateway looks terminals up only through this and registeredTerminal.
 */
export async function registeredTerminals(db: Executor, phones: readonly string[] | null): Promise<RegisteredTerminal[]> {
  if (phones && phones.length === 0) return [];
  return queryRows<RegisteredTerminal>(db, sql`
    SELECT i.id AS "itemId", i.asset_tag AS "assetTag", i.unit_id AS "unitId", u.path AS "unitPath", i.status,
      i.attributes->>'terminalPhone' AS "terminalPhone", i.attributes->>'terminalId' AS "terminalId",
      i.holder_vehicle_id AS "vehicleId", v.attributes->>'plate' AS "vehiclePlate",
      i.holder_officer_id AS "officerId", o.name AS "officerName"
    FROM equipment_items i
    JOIN equipment_categories c ON c.id = i.category_id AND c.code = ${TERMINAL_CATEGORY_CODE}
    JOIN units u ON u.id = i.unit_id
    LEFT JOIN equipment_items v ON v.id = i.holder_vehicle_id
    LEFT JOIN officers o ON o.id = i.holder_officer_id
    WHERE i.attributes ? 'terminalPhone' AND i.status NOT IN ('报废', '遗失')
      ${phones ? sql`AND i.attributes->>'terminalPhone' IN (${sql.join(phones.map((p) => sql`${p}`), sql`, `)})` : sql``}`);
}

/** The terminal registered under this phone number and in service (not 报废/遗失), or null. */
export async function registeredTerminal(db: Executor, terminalPhone: string): Promise<RegisteredTerminal | null> {
  return (await registeredTerminals(db, [terminalPhone]))[0] ?? null;
}

/** One phone number identifies one terminal in service: a second registration would let two devices share a track. */
export async function assertTerminalPhoneFree(db: Executor, terminalPhone: unknown, exceptItemId?: string): Promise<void> {
  if (typeof terminalPhone !== 'string' || terminalPhone === '') return;
  // Serialise concurrent registrations of the same number (the check below is otherwise racy).
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'terminal:' + terminalPhone}))`);
  const clash = await queryOne<{ asset_tag: string }>(db, sql`
    SELECT i.asset_tag FROM equipment_items i JOIN equipment_categories c ON c.id = i.category_id AND c.code = ${TERMINAL_CATEGORY_CODE}
    WHERE i.attributes ? 'terminalPhone' AND i.attributes->>'terminalPhone' = ${terminalPhone} AND i.status NOT IN ('报废', '遗失')
      ${exceptItemId ? sql`AND i.id <> ${exceptItemId}` : sql``}`);
  if (clash) {
    const message = `终端手机号 ${terminalPhone} 已登记在装备 ${clash.asset_tag}`;
    throw conflict(message, [{ field: 'attributes.terminalPhone', message }]);
  }
}
