// Data access of the JT/T 808 gateway: which terminal a phone is, auth codes and connection state in terminal_status,
// and the terminal directory the simulator drives. Terminals themselves belong to the 执法装备库: they are looked up
// only through the equipment module's registeredTerminals.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { queryOne, queryRows, sql, type Executor } from '@cg/db';
import type { Jt808Edition } from '@cg/domain';
import type { AuthUser } from '../../core/context.ts';
import type { Paged } from '../../core/pagination.ts';
import { getUnitInScope } from '../units/units.service.ts';
import { registeredTerminals, TERMINAL_CATEGORY_CODE, type RegisteredTerminal } from '../equipment/terminals.service.ts';
import { jt808PhoneOfStored, storedPhoneSpellings } from './terminal-phone.ts';

/** What the gateway keeps of a terminal for the life of a session. */
export interface GatewayTerminal {
  itemId: string;
  /** The codec's form of the phone. */
  phone: string;
  unitId: string;
  unitPath: string;
  vehicleId: string | null;
  officerId: string | null;
  /** Plate, else the officer's name, else the 资产编号: what the map labels it with. */
  label: string;
}

export type TerminalLookup =
  | { found: true; terminal: GatewayTerminal }
  /** `ambiguous`: two terminals in service whose stored numbers are the same phone (e.g. '0139…' and '139…'). */
  | { found: false; ambiguous: boolean };

function gatewayTerminalOf(t: RegisteredTerminal, phone: string): GatewayTerminal {
  return {
    itemId: t.itemId, phone, unitId: t.unitId, unitPath: t.unitPath, vehicleId: t.vehicleId, officerId: t.officerId,
    label: t.vehiclePlate ?? t.officerName ?? t.assetTag,
  };
}

/**
 * The terminal in service registered under `phone` (codec form), whichever stored spelling the 装备库 holds: every
 * spelling asked in one query on the unique index of the stored number.
 */
export async function findTerminal(db: Executor, phone: string): Promise<TerminalLookup> {
  const spellings = storedPhoneSpellings(phone);
  if (spellings.length === 0) return { found: false, ambiguous: false };
  const matches = (await registeredTerminals(db, spellings)).filter((t) => jt808PhoneOfStored(t.terminalPhone) === phone);
  if (matches.length !== 1) return { found: false, ambiguous: matches.length > 1 };
  return { found: true, terminal: gatewayTerminalOf(matches[0], phone) };
}

/** Every terminal in service by the codec's form of its phone; phones held by two terminals map to null. */
export async function allTerminals(db: Executor): Promise<Map<string, GatewayTerminal | null>> {
  const out = new Map<string, GatewayTerminal | null>();
  for (const row of await registeredTerminals(db, null)) {
    const phone = jt808PhoneOfStored(row.terminalPhone);
    if (phone === null) continue;
    out.set(phone, out.has(phone) ? null : gatewayTerminalOf(row, phone));
  }
  return out;
}

/** Issues a new auth code for a (re-)registering terminal; the old one stops working. Durable before it is sent. */
export async function issueAuthCode(db: Executor, terminal: GatewayTerminal, edition: Jt808Edition): Promise<string> {
  // 16 hex digits: 64 random bits, and only characters every terminal firmware stores.
  const code = randomBytes(8).toString('hex');
  await db.execute(sql`
    INSERT INTO terminal_status (item_id, terminal_phone, protocol_edition, auth_code, registered_at)
    VALUES (${terminal.itemId}, ${terminal.phone}, ${String(edition)}, ${code}, now())
    ON CONFLICT (item_id) DO UPDATE SET terminal_phone = excluded.terminal_phone,
      protocol_edition = excluded.protocol_edition, auth_code = excluded.auth_code, registered_at = excluded.registered_at`);
  return code;
}

/** Constant-time comparison of auth codes (hashing first evens out the lengths); no code issued matches nothing. */
export function authCodesEqual(issued: string | null, presented: string): boolean {
  const a = createHash('sha256').update(issued ?? '').digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b) && issued !== null && issued !== '';
}

/** Checks a presented auth code against the one issued to the terminal (terminal_status). */
export async function authCodeMatches(db: Executor, itemId: string, presented: string): Promise<boolean> {
  const row = await queryOne<{ auth_code: string | null }>(db, sql`SELECT auth_code FROM terminal_status WHERE item_id = ${itemId}`);
  return authCodesEqual(row?.auth_code ?? null, presented);
}

/** 0x0003 注销: the terminal must register again. */
export async function revokeAuthCode(db: Executor, itemId: string): Promise<void> {
  await db.execute(sql`UPDATE terminal_status SET auth_code = NULL WHERE item_id = ${itemId}`);
}

/** At gateway start no session exists yet, whatever the table says after a crash. */
export async function markAllTerminalsOffline(db: Executor): Promise<number> {
  const rows = await queryRows<{ item_id: string }>(db, sql`UPDATE terminal_status SET online = false WHERE online RETURNING item_id`);
  return rows.length;
}

export interface Jt808TerminalEntry {
  itemId: string;
  assetTag: string;
  /** The codec's form (what a terminal's header carries, normalised). */
  phone: string;
  /** As registered in the 装备库. */
  storedPhone: string;
  /** From the item's 通信协议 attribute; 2013 when it does not say. */
  edition: Jt808Edition;
  terminalId: string | null;
  maker: string | null;
  model: string;
  vehicleId: string | null;
  plate: string | null;
  officerId: string | null;
  unitId: string;
  unitCode: string;
  unitName: string;
  /**
   * False when the unit has no jurisdiction of its own: centre and box are then its subtree's (a 区局), or a box of
   * ±AROUND_BASE_DEG around its base (机动中队, 直属中队 working across districts).
   */
  ownJurisdiction: boolean;
  /** The unit's jurisdiction: centroid and bounding box (null when neither it nor its subtree has one). */
  center: [number, number] | null;
  bbox: [number, number, number, number] | null;
}

/** Half the side of the area given to a unit with neither its own nor a subtree jurisdiction (about 3 km). */
export const AROUND_BASE_DEG = 0.03;

/** Terminals in service in the caller's subtree (or a unit's, 404 outside it); `installed`: fitted to a vehicle. */
export async function listJt808Terminals(
  db: Executor, user: Pick<AuthUser, 'unitPath'>, query: { installed?: boolean; unitId?: string; page: number; pageSize: number },
): Promise<Paged<Jt808TerminalEntry>> {
  const rootPath = query.unitId ? (await getUnitInScope(db, user, query.unitId)).path : user.unitPath;
  const where = sql`c.code = ${TERMINAL_CATEGORY_CODE} AND i.status NOT IN ('报废', '遗失') AND i.attributes ? 'terminalPhone'
    AND u.path LIKE ${`${rootPath}%`} ${query.installed ? sql`AND i.holder_vehicle_id IS NOT NULL` : sql``}`;
  const total = await queryOne<{ n: number }>(db, sql`
    SELECT count(*)::int AS n FROM equipment_items i JOIN equipment_categories c ON c.id = i.category_id
    JOIN units u ON u.id = i.unit_id WHERE ${where}`);
  const rows = await queryRows<{
    itemId: string; assetTag: string; storedPhone: string; protocol: string | null; terminalId: string | null;
    maker: string | null; model: string; vehicleId: string | null; plate: string | null; officerId: string | null;
    unitId: string; unitCode: string; unitName: string; ownArea: boolean; centerLon: number | null; centerLat: number | null;
    minLon: number | null; minLat: number | null; maxLon: number | null; maxLat: number | null;
  }>(db, sql`
    SELECT i.id AS "itemId", i.asset_tag AS "assetTag", i.attributes->>'terminalPhone' AS "storedPhone",
      i.attributes->>'protocol' AS protocol, i.attributes->>'terminalId' AS "terminalId", i.attributes->>'maker' AS maker,
      i.model, i.holder_vehicle_id AS "vehicleId", v.attributes->>'plate' AS plate, i.holder_officer_id AS "officerId",
      u.id AS "unitId", u.code AS "unitCode", u.name AS "unitName", u.min_lon IS NOT NULL AS "ownArea",
      COALESCE(u.min_lon, sub.min_lon, u.center_lon - ${AROUND_BASE_DEG}) AS "minLon",
      COALESCE(u.min_lat, sub.min_lat, u.center_lat - ${AROUND_BASE_DEG}) AS "minLat",
      COALESCE(u.max_lon, sub.max_lon, u.center_lon + ${AROUND_BASE_DEG}) AS "maxLon",
      COALESCE(u.max_lat, sub.max_lat, u.center_lat + ${AROUND_BASE_DEG}) AS "maxLat",
      COALESCE(u.center_lon, (sub.min_lon + sub.max_lon) / 2) AS "centerLon", COALESCE(u.center_lat, (sub.min_lat + sub.max_lat) / 2) AS "centerLat"
    FROM equipment_items i JOIN equipment_categories c ON c.id = i.category_id JOIN units u ON u.id = i.unit_id
    LEFT JOIN equipment_items v ON v.id = i.holder_vehicle_id
    -- A unit without its own jurisdiction (a 区局) covers its subtree's.
    LEFT JOIN LATERAL (
      SELECT min(s.min_lon) AS min_lon, min(s.min_lat) AS min_lat, max(s.max_lon) AS max_lon, max(s.max_lat) AS max_lat
      FROM units s WHERE u.min_lon IS NULL AND s.path LIKE u.path || '%'
    ) sub ON true
    WHERE ${where}
    ORDER BY u.code, i.asset_tag
    LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`);
  return {
    items: rows.map((r) => ({
      itemId: r.itemId, assetTag: r.assetTag, phone: jt808PhoneOfStored(r.storedPhone) ?? r.storedPhone,
      storedPhone: r.storedPhone, edition: r.protocol?.includes('2019') ? 2019 : 2013, terminalId: r.terminalId,
      maker: r.maker, model: r.model, vehicleId: r.vehicleId, plate: r.plate, officerId: r.officerId,
      unitId: r.unitId, unitCode: r.unitCode, unitName: r.unitName, ownJurisdiction: r.ownArea,
      center: r.centerLon !== null && r.centerLat !== null ? [r.centerLon, r.centerLat] : null,
      bbox: r.minLon !== null && r.minLat !== null && r.maxLon !== null && r.maxLat !== null
        ? [r.minLon, r.minLat, r.maxLon, r.maxLat] : null,
    })),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}
