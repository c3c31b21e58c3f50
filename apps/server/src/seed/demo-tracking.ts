// Demo history for the 勤务指挥室, so a fresh `npm start` is not an empty map: the last 30 days of reporting of every
// installed 北斗 terminal (position_days — most terminals report on most days, some never: 接入率 is realistic, not 100%),
// each terminal's last known position, and for the demo district (黄浦) the last 90 minutes driven along its streets so
// track playback has something to play. Live movement comes from `npm run simulate:jt808`. Tests do not use this.
import { shanghaiStartOfDay, todayShanghai, type JurisdictionGeometry } from '@cg/domain';
import { queryRows, sql, type Database, type Executor } from '@cg/db';
import { RouteWalker, seededRandom, SHANGHAI_FALLBACK, type SimArea } from '../modules/jt808/jt808-simulator.ts';
import { ensurePositionPartitions } from '../modules/jt808/position-partitions.ts';

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 30;
/** Share of terminals that ever report, and of days on which a reporting one does. */
const REPORTING_SHARE = 0.92;
const DAY_SHARE = 0.85;
const TRACK_MINUTES = 90;

interface TerminalRow {
  id: string;
  unitId: string;
  vehicleId: string;
  plate: string | null;
  assetTag: string;
  districtName: string | null;
  geometry: JurisdictionGeometry | null;
  bbox: [number, number, number, number] | null;
}

async function insertRows(db: Executor, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.execute(sql`INSERT INTO ${sql.identifier(table)} (${sql.raw(columns.join(', '))}) VALUES ${sql.join(
      chunk.map((r) => sql`(${sql.join(r.map((v) => sql`${v}`), sql`, `)})`), sql`, `)}`);
  }
}

export async function seedDemoTracking(
  db: Database, options: { asOf?: Date; trackDistrict?: string; onProgress?: (m: string) => void } = {},
): Promise<{ terminals: number; days: number; tracked: number; positions: number }> {
  const asOf = options.asOf ?? new Date();
  const trackDistrict = options.trackDistrict ?? '黄浦区城管执法局';
  const terminals = await queryRows<TerminalRow & { minLon: number | null; minLat: number | null; maxLon: number | null; maxLat: number | null }>(db, sql`
    SELECT i.id, i.unit_id AS "unitId", v.id AS "vehicleId", v.attributes->>'plate' AS plate, i.asset_tag AS "assetTag",
      (SELECT d.name FROM units d WHERE u.path LIKE d.path || '%' AND d.kind = '区局' LIMIT 1) AS "districtName",
      u.jurisdiction AS geometry, u.min_lon AS "minLon", u.min_lat AS "minLat", u.max_lon AS "maxLon", u.max_lat AS "maxLat"
    FROM equipment_items i
    JOIN equipment_categories c ON c.id = i.category_id AND c.code = 'beidou_terminal'
    JOIN equipment_items v ON v.id = i.holder_vehicle_id
    JOIN units u ON u.id = i.unit_id
    WHERE i.status NOT IN ('报废', '遗失') AND v.status NOT IN ('报废', '遗失')
    ORDER BY i.asset_tag`);
  const random = seededRandom(2018_808);
  const today = todayShanghai(asOf);
  const todayStart = shanghaiStartOfDay(today).getTime();
  const dayRows: unknown[][] = [];
  const latestRows: unknown[][] = [];
  const positionRows: unknown[][] = [];
  let tracked = 0;

  for (const t of terminals) {
    const reports = random() < REPORTING_SHARE;
    const area: SimArea = t.minLon !== null && t.minLat !== null && t.maxLon !== null && t.maxLat !== null
      ? { geometry: t.geometry, bbox: [t.minLon, t.minLat, t.maxLon, t.maxLat] } : SHANGHAI_FALLBACK;
    const walker = new RouteWalker(area, seededRandom(Math.floor(random() * 2 ** 31)));
    if (!reports) continue;
    let lastTs: Date | null = null;
    for (let back = HISTORY_DAYS; back >= 1; back--) {
      if (random() >= DAY_SHARE) continue;
      const dayStart = todayStart - back * DAY_MS;
      // A shift from about 07:30 to 19:30, one fix every 30 s while the engine runs.
      const first = new Date(dayStart + (7 * 60 + Math.floor(random() * 60)) * 60_000);
      const last = new Date(dayStart + (18 * 60 + Math.floor(random() * 120)) * 60_000);
      const positions = 600 + Math.floor(random() * 800);
      dayRows.push([t.id, shanghaiDay(dayStart), 'terminal', t.unitId, positions, first, last]);
      lastTs = last;
    }
    const inDistrict = t.districtName === trackDistrict;
    if (inDistrict) {
      // The last 90 minutes, one fix a minute, ending a couple of minutes ago.
      const end = asOf.getTime() - 2 * 60_000;
      for (let m = TRACK_MINUTES; m >= 0; m--) {
        for (let s = 0; s < 60; s++) walker.step(1);
        positionRows.push([
          'terminal', t.id, new Date(end - m * 60_000), Math.round(walker.lat * 1e6) / 1e6, Math.round(walker.lon * 1e6) / 1e6,
          Math.round(walker.speedKmh * 10) / 10, Math.round(walker.heading) % 360, 3, Math.round(walker.mileageKm * 10) / 10,
        ]);
      }
      dayRows.push([t.id, today, 'terminal', t.unitId, TRACK_MINUTES + 1, new Date(end - TRACK_MINUTES * 60_000), new Date(end)]);
      lastTs = new Date(end);
      tracked += 1;
    }
    if (lastTs) {
      latestRows.push([
        t.id, 'terminal', t.unitId, t.vehicleId, t.plate ?? t.assetTag, lastTs, lastTs, Math.round(walker.lat * 1e6) / 1e6,
        Math.round(walker.lon * 1e6) / 1e6, inDistrict ? Math.round(walker.speedKmh * 10) / 10 : 0, Math.round(walker.heading) % 360, 3,
      ]);
    }
  }

  await db.transaction(async (tx) => {
    await ensurePositionPartitions(tx, asOf);
    await insertRows(tx, 'position_days', ['source_id', 'day', 'source_kind', 'unit_id', 'positions', 'first_ts', 'last_ts'], dayRows);
    await insertRows(tx, 'latest_positions',
      ['source_id', 'source_kind', 'unit_id', 'vehicle_id', 'label', 'ts', 'received_at', 'lat', 'lon', 'speed_kmh', 'direction', 'status'], latestRows);
    await insertRows(tx, 'positions', ['source_kind', 'source_id', 'ts', 'lat', 'lon', 'speed_kmh', 'direction', 'status', 'mileage_km'], positionRows);
  });
  options.onProgress?.(`写入演示定位：${terminals.length} 台北斗终端近${HISTORY_DAYS}天的上线记录 ${dayRows.length} 条，${tracked} 辆车的近${TRACK_MINUTES}分钟轨迹`);
  return { terminals: terminals.length, days: dayRows.length, tracked, positions: positionRows.length };
}

/** The Shanghai calendar date of a Shanghai midnight given in ms. */
function shanghaiDay(shanghaiMidnightMs: number): string {
  return new Date(shanghaiMidnightMs + 8 * 3_600_000).toISOString().slice(0, 10);
}
