// 诉件 statistics and the map: points (or grid clusters when too many) in a bounding box, and per period and unit the
// headline figures, 大类 and child-unit breakdowns, places with repeated complaints and a heat grid. Everything is
// aggregated in SQL over the user's org subtree. Merged duplicates are left out (they count once, through the
// complaint they were merged into — as the evaluation indicators do); each headline figure carries the list query
// (GET /api/complaints?…) that shows the complaints behind it.
import { shanghaiDate, shanghaiStartOfDay } from '@cg/domain';
import { queryRows, sql, type Executor, type SQL } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { invalid } from '../../core/errors.ts';
import { getUnitInScope, type UnitRow } from '../units/units.service.ts';
import { COMPLAINT_STATUS_LABELS, DONE_STATUSES, type ComplaintStatus } from './complaints.service.ts';

const DAY_MS = 86_400_000;
const DONE = sql.raw(DONE_STATUSES.map((s) => `'${s}'`).join(', '));
const M_PER_DEG_LAT = (Math.PI * 6371008.8) / 180;
/** Shanghai lies at 30.7–31.9° N: one cosine for the whole city keeps grid cells near-square in metres. */
const COS_SHANGHAI = Math.cos((31.2 * Math.PI) / 180);

/** Above this many complaints in the box the map gets grid clusters instead of points. */
export const MAP_POINT_CAP = 2000;
/** A cluster cell is this many screen pixels wide at the requested zoom (256-px web-mercator tiles). */
export const MAP_CLUSTER_PX = 64;
/** Never more cells than this in one answer: a tiny cell over a wide box is coarsened. */
const MAP_MAX_CELLS = 10_000;
/** Repeat locations: ≥ 3 complaints in one cell of a ~50 m grid. */
export const REPEAT_CELL_M = 50;
export const REPEAT_MIN_COUNT = 3;
export const REPEAT_CELL_LAT_DEG = REPEAT_CELL_M / M_PER_DEG_LAT;
export const REPEAT_CELL_LON_DEG = REPEAT_CELL_LAT_DEG / COS_SHANGHAI;
const MAX_REPEAT_LOCATIONS = 50;
const MAX_REPEAT_IDS = 50;
export const DEFAULT_HEAT_CELL_M = 500;
const MAX_HEAT_CELLS = 5000;
/** Longest period one request may aggregate. */
export const MAX_STATS_DAYS = 366;

const round4 = (x: number) => Math.round(x * 10000) / 10000;
const rate = (numerator: number, denominator: number) => (denominator > 0 ? round4(numerator / denominator) : null);

/**
 * The subtree to count in: the chosen unit (404 when out of scope) or the user's own, as a semi-join on its unit ids —
 * also for the whole city: the map and statistics indexes are led by the unit, and one short probe per unit beats
 * reading a band of the city from a lat/lon or date index and the heap.
 */
async function scopeOf(db: Executor, user: AuthUser, unitId?: string): Promise<{ unit: UnitRow; where: SQL }> {
  const unit = await getUnitInScope(db, user, unitId ?? user.unitId);
  return { unit, where: sql`c.unit_id IN (SELECT id FROM units WHERE path LIKE ${unit.path + '%'})` };
}

/** [start, end) of Shanghai calendar dates `from`…`to`. */
function periodOf(from: string, to: string): { start: Date; end: Date } {
  return { start: shanghaiStartOfDay(from), end: new Date(shanghaiStartOfDay(to).getTime() + DAY_MS) };
}

// ---- map ---------------------------------------------------------------------------------------------------------

export interface MapQuery {
  minLon: number; minLat: number; maxLon: number; maxLat: number; zoom: number;
  unitId?: string; status?: ComplaintStatus | 'open'; categoryId?: string; receivedFrom?: string; receivedTo?: string;
}

export interface MapPoint {
  id: string; code: string; status: ComplaintStatus; statusLabel: string; categoryName: string; lat: number; lon: number; overdue: boolean;
}

export interface MapCluster { lat: number; lon: number; count: number; open: number; overdue: number }

export type MapAnswer =
  | { mode: 'points'; total: number; cap: number; points: MapPoint[]; clusters: [] }
  | { mode: 'clusters'; total: number; cap: number; cellDeg: number; points: []; clusters: MapCluster[] };

/** Grid cell in degrees for a zoom level: MAP_CLUSTER_PX pixels, doubled until the box holds at most MAP_MAX_CELLS. */
export function clusterCellDeg(q: Pick<MapQuery, 'minLon' | 'minLat' | 'maxLon' | 'maxLat' | 'zoom'>): number {
  let cell = (360 / (256 * 2 ** Math.floor(q.zoom))) * MAP_CLUSTER_PX;
  while (Math.ceil((q.maxLon - q.minLon) / cell) * Math.ceil((q.maxLat - q.minLat) / cell) > MAP_MAX_CELLS) cell *= 2;
  return cell;
}

export async function complaintMap(db: Executor, user: AuthUser, q: MapQuery, now: Date): Promise<MapAnswer> {
  const { where: scope } = await scopeOf(db, user, q.unitId);
  const conditions = [
    scope,
    sql`c.merged_into_id IS NULL`,
    sql`c.lat BETWEEN ${q.minLat}::float8 AND ${q.maxLat}::float8`,
    sql`c.lon BETWEEN ${q.minLon}::float8 AND ${q.maxLon}::float8`,
    q.status === 'open' ? sql`c.status NOT IN (${DONE})` : q.status ? sql`c.status = ${q.status}` : null,
    q.categoryId ? sql`c.category_id IN (SELECT id FROM complaint_categories WHERE id = ${q.categoryId} OR parent_id = ${q.categoryId})` : null,
    q.receivedFrom ? sql`c.received_at >= ${shanghaiStartOfDay(q.receivedFrom)}` : null,
    q.receivedTo ? sql`c.received_at < ${new Date(shanghaiStartOfDay(q.receivedTo).getTime() + DAY_MS)}` : null,
  ].filter((c) => c !== null);
  const where = sql`WHERE ${sql.join(conditions, sql` AND `)}`;
  const overdue = sql`(c.status NOT IN (${DONE}) AND c.due_at < ${now})`;

  // Up to one more than the cap, from the map index alone: all of them (then their details by id), or proof that
  // there are too many (then clusters).
  const hits = await queryRows<{ id: string }>(db, sql`SELECT c.id FROM complaints c ${where} LIMIT ${MAP_POINT_CAP + 1}`);
  if (hits.length <= MAP_POINT_CAP) {
    const rows = hits.length === 0 ? [] : await queryRows<Omit<MapPoint, 'statusLabel' | 'categoryName'> & { categoryName: string; parentName: string | null }>(db, sql`
      SELECT c.id, c.code, c.status, k.name AS "categoryName", p.name AS "parentName", c.lat, c.lon, ${overdue} AS overdue
      FROM complaints c JOIN complaint_categories k ON k.id = c.category_id LEFT JOIN complaint_categories p ON p.id = k.parent_id
      WHERE c.id = ANY(${sql.param(hits.map((h) => h.id))}::uuid[]) ORDER BY c.code`);
    const points = rows.map(({ parentName, ...r }) => ({
      ...r, statusLabel: COMPLAINT_STATUS_LABELS[r.status], categoryName: parentName ? `${parentName}／${r.categoryName}` : r.categoryName,
    }));
    return { mode: 'points', total: points.length, cap: MAP_POINT_CAP, points, clusters: [] };
  }
  const cell = clusterCellDeg(q);
  const clusters = await queryRows<MapCluster>(db, sql`
    SELECT avg(c.lat)::float8 AS lat, avg(c.lon)::float8 AS lon, count(*)::int AS count,
      (count(*) FILTER (WHERE c.status NOT IN (${DONE})))::int AS open, (count(*) FILTER (WHERE ${overdue}))::int AS overdue
    FROM complaints c ${where}
    GROUP BY floor(c.lon / ${cell}::float8), floor(c.lat / ${cell}::float8)
    ORDER BY count DESC, lat, lon`);
  return {
    mode: 'clusters', total: clusters.reduce((a, c) => a + c.count, 0), cap: MAP_POINT_CAP, cellDeg: cell, points: [],
    clusters: clusters.map((c) => ({ ...c, lat: Number(c.lat), lon: Number(c.lon) })),
  };
}

// ---- statistics --------------------------------------------------------------------------------------------------

export interface StatsQuery { from?: string; to?: string; unitId?: string; heatCellM?: number }

/** A headline figure and how to see the complaints behind it in the list. */
export interface Figure {
  label: string;
  value: number | null;
  /** What is counted, in words (including how it relates to the list). */
  definition: string;
  /** Query string for GET /api/complaints that lists the complaints behind the figure. */
  listQuery: string;
  /** For rates: the keys of the figures divided. */
  numerator?: string;
  denominator?: string;
}

/** The figures of one group (whole scope, a 大类, a child unit). */
export interface Counts {
  received: number; handled: number; handledOnTime: number; onTimeRate: number | null; open: number; overdueOpen: number;
  reopened: number; reopenRate: number | null; returned: number; returnRate: number | null;
}

export interface CategoryStats extends Counts { categoryId: string; categoryCode: string; categoryName: string; listQuery: string }
export interface UnitStats extends Counts { unitId: string; unitName: string; kind: string; listQuery: string }
export interface RepeatLocation { lat: number; lon: number; count: number; open: number; address: string | null; complaintIds: string[]; idsTruncated: boolean }
export interface HeatCell { lat: number; lon: number; weight: number }

export interface ComplaintStats {
  unitId: string; unitName: string; from: string; to: string; generatedAt: string;
  figures: Record<'received' | 'handled' | 'handledOnTime' | 'onTimeRate' | 'open' | 'overdueOpen' | 'reopened' | 'reopenRate'
    | 'returned' | 'returnRate' | 'mergedDuplicates', Figure>;
  satisfaction: Record<'satisfied' | 'basicallySatisfied' | 'dissatisfied' | 'unrated', Figure>;
  byCategory: CategoryStats[];
  byUnit: UnitStats[];
  repeatLocations: { cellM: number; minCount: number; items: RepeatLocation[]; truncated: boolean };
  heat: { cellM: number; items: HeatCell[]; truncated: boolean };
}

interface GroupRow {
  unitId: string; rootId: string; merged: boolean; received: number; handled: number; handledOnTime: number; open: number;
  overdueOpen: number; reopened: number; returned: number; satisfied: number; basicallySatisfied: number; dissatisfied: number;
}

const COUNT_KEYS = ['received', 'handled', 'handledOnTime', 'open', 'overdueOpen', 'reopened', 'returned', 'satisfied', 'basicallySatisfied', 'dissatisfied'] as const;
type Sums = Record<(typeof COUNT_KEYS)[number], number>;
const zero = (): Sums => Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Sums;
function add(into: Sums, r: GroupRow): void {
  for (const k of COUNT_KEYS) into[k] += Number(r[k]);
}
function countsOf(s: Sums): Counts {
  return {
    received: s.received, handled: s.handled, handledOnTime: s.handledOnTime, onTimeRate: rate(s.handledOnTime, s.handled),
    open: s.open, overdueOpen: s.overdueOpen, reopened: s.reopened, reopenRate: rate(s.reopened, s.received),
    returned: s.returned, returnRate: rate(s.returned, s.received),
  };
}

/** from/to with their defaults (this month so far, Shanghai time), checked. */
export function statsPeriod(q: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  const today = shanghaiDate(now);
  const to = q.to ?? (q.from && q.from > today ? q.from : today);
  const from = q.from ?? `${to.slice(0, 8)}01`;
  if (from > to) throw invalid([{ field: 'to', message: '结束日期不能早于开始日期' }]);
  const days = Math.round((shanghaiStartOfDay(to).getTime() - shanghaiStartOfDay(from).getTime()) / DAY_MS) + 1;
  if (days > MAX_STATS_DAYS) throw invalid([{ field: 'from', message: `统计期间不能超过${MAX_STATS_DAYS}天（当前${days}天）` }]);
  return { from, to };
}

export async function complaintStats(db: Executor, user: AuthUser, q: StatsQuery, now: Date): Promise<ComplaintStats> {
  const { from, to } = statsPeriod(q, now);
  const { unit, where: scope } = await scopeOf(db, user, q.unitId);
  const { start, end } = periodOf(from, to);
  const inPeriod = sql`${scope} AND c.received_at >= ${start} AND c.received_at < ${end}`;
  const open = sql`c.status NOT IN (${DONE})`;

  // One pass over the period: per squadron × 大类 × merged-or-not; every breakdown is summed from these rows, so the
  // figures agree with each other by construction.
  const groups = await queryRows<GroupRow>(db, sql`
    SELECT c.unit_id AS "unitId", coalesce(k.parent_id, k.id) AS "rootId", (c.merged_into_id IS NOT NULL) AS merged,
      count(*)::int AS received,
      (count(*) FILTER (WHERE c.status IN (${DONE})))::int AS handled,
      (count(*) FILTER (WHERE c.status IN (${DONE}) AND c.handled_on_time))::int AS "handledOnTime",
      (count(*) FILTER (WHERE ${open}))::int AS open,
      (count(*) FILTER (WHERE ${open} AND c.due_at < ${now}))::int AS "overdueOpen",
      (count(*) FILTER (WHERE c.reopen_count > 0))::int AS reopened,
      (count(*) FILTER (WHERE c.return_count > 0))::int AS returned,
      (count(*) FILTER (WHERE c.satisfaction = 'satisfied'))::int AS satisfied,
      (count(*) FILTER (WHERE c.satisfaction = 'basically_satisfied'))::int AS "basicallySatisfied",
      (count(*) FILTER (WHERE c.satisfaction = 'dissatisfied'))::int AS dissatisfied
    FROM complaints c JOIN complaint_categories k ON k.id = c.category_id
    WHERE ${inPeriod}
    GROUP BY 1, 2, 3`);

  const total = zero();
  let merged = 0;
  const byRoot = new Map<string, Sums>();
  const byUnitId = new Map<string, Sums>();
  for (const r of groups) {
    if (r.merged) { merged += Number(r.received); continue; }
    add(total, r);
    const c = byRoot.get(r.rootId) ?? zero();
    add(c, r);
    byRoot.set(r.rootId, c);
    const u = byUnitId.get(r.unitId) ?? zero();
    add(u, r);
    byUnitId.set(r.unitId, u);
  }

  const list = (extra: Record<string, string> = {}) =>
    new URLSearchParams({ receivedFrom: from, receivedTo: to, unitId: unit.id, ...extra }).toString();
  const base = list();
  const fig = (label: string, value: number | null, definition: string, listQuery = base, ratio?: [string, string]): Figure => ({
    label, value, definition, listQuery, ...(ratio ? { numerator: ratio[0], denominator: ratio[1] } : {}),
  });
  const c = countsOf(total);
  const mergedNote = merged ? `列表另含已并入其他诉件的重复件${merged}件，不计入统计。` : '';
  const figures: ComplaintStats['figures'] = {
    received: fig('受理量', c.received, `期间受理的诉件数（列表总数减去已并入其他诉件的重复件）。${mergedNote}`),
    handled: fig('已处置', c.handled, '期间受理、现已处置完毕（已处置、已回复或已办结）的诉件数，等于受理量减未办结。', base),
    handledOnTime: fig('按时处置', c.handledOnTime, '已处置的诉件中，在处置时限内处置完毕的（列表中“按时处置”为是）。'),
    onTimeRate: fig('按时处置率', c.onTimeRate, '按时处置 ÷ 已处置；无已处置诉件时为空。考核的按时处置率另把已超期未处置的诉件计入分母。',
      base, ['handledOnTime', 'handled']),
    open: fig('未办结', c.open, '期间受理、尚未处置完毕的诉件数。', list({ status: 'open' })),
    overdueOpen: fig('超期未办结', c.overdueOpen, '未办结且已过处置时限的诉件数。', list({ status: 'open', overdue: 'true' })),
    reopened: fig('重办件', c.reopened, '期间受理、曾被重办（市民不满意）的诉件数（列表中重办次数大于0）。'),
    reopenRate: fig('重办率', c.reopenRate, '重办件 ÷ 受理量。', base, ['reopened', 'received']),
    returned: fig('退回件', c.returned, '期间受理、曾被中队退回的诉件数（列表中退回次数大于0）。'),
    returnRate: fig('退回率', c.returnRate, '退回件 ÷ 受理量。', base, ['returned', 'received']),
    mergedDuplicates: fig('合并的重复件', merged, '期间受理、已并入其他诉件的重复件：随主件办理，不计入以上各项（列表中“并入诉件”不为空）。'),
  };
  const rated = total.satisfied + total.basicallySatisfied + total.dissatisfied;
  const satisfaction: ComplaintStats['satisfaction'] = {
    satisfied: fig('满意', total.satisfied, '期间受理、市民评价为满意的诉件数（列表中“市民评价”为满意）。'),
    basicallySatisfied: fig('基本满意', total.basicallySatisfied, '期间受理、市民评价为基本满意的诉件数。'),
    dissatisfied: fig('不满意', total.dissatisfied, '期间受理、市民评价为不满意且尚未重办的诉件数（重办时评价清空，计入重办件）。'),
    unrated: fig('未评价', c.received - rated, '期间受理、尚无市民评价的诉件数（未回复、未回访或重办中）。'),
  };

  const roots = await queryRows<{ id: string; code: string; name: string; sortOrder: number }>(db, sql`
    SELECT id, code, name, sort_order AS "sortOrder" FROM complaint_categories WHERE parent_id IS NULL ORDER BY sort_order, code`);
  const byCategory = roots.filter((r) => byRoot.has(r.id)).map((r) => ({
    categoryId: r.id, categoryCode: r.code, categoryName: r.name, ...countsOf(byRoot.get(r.id)!), listQuery: list({ categoryId: r.id }),
  })).sort((a, b) => b.received - a.received);

  // Child units rolled up by path: every squadron below a child counts for it.
  const subtree = await queryRows<{ id: string; parentId: string | null; name: string; kind: string; path: string }>(db, sql`
    SELECT id, parent_id AS "parentId", name, kind, path FROM units WHERE path LIKE ${unit.path + '%'} ORDER BY depth, sort_order, code`);
  const children = subtree.filter((u) => u.parentId === unit.id);
  const childOf = (path: string) => children.find((ch) => path.startsWith(ch.path));
  const childSums = new Map(children.map((ch) => [ch.id, zero()]));
  const own = zero();
  for (const u of subtree) {
    const sums = byUnitId.get(u.id);
    if (!sums) continue;
    const ch = childOf(u.path);
    const into = ch ? childSums.get(ch.id)! : own;
    for (const k of COUNT_KEYS) into[k] += sums[k];
  }
  const byUnit: UnitStats[] = children.map((ch) => ({
    unitId: ch.id, unitName: ch.name, kind: ch.kind, ...countsOf(childSums.get(ch.id)!),
    listQuery: new URLSearchParams({ receivedFrom: from, receivedTo: to, unitId: ch.id }).toString(),
  }));
  // Complaints held by the chosen unit itself rather than by one of its children (a unit without children: none).
  if (own.received > 0 && children.length > 0) byUnit.push({ unitId: unit.id, unitName: `${unit.name}（本级）`, kind: unit.kind, ...countsOf(own), listQuery: base });

  // Repeat locations and the heat grid from one aggregation of the ~50 m cells (the heat cells are whole multiples of
  // them); the complaint ids are then read only for the cells that made the list.
  const notMerged = sql`${inPeriod} AND c.merged_into_id IS NULL`;
  const heatCellM = q.heatCellM ?? DEFAULT_HEAT_CELL_M;
  const k = Math.round(heatCellM / REPEAT_CELL_M);
  const dLat = sql`${REPEAT_CELL_LAT_DEG}::float8`;
  const dLon = sql`${REPEAT_CELL_LON_DEG}::float8`;
  const [grid] = await queryRows<{ repeats: unknown; heat: unknown }>(db, sql`
    WITH fine AS MATERIALIZED (
      SELECT floor(c.lat / ${dLat})::int AS gy, floor(c.lon / ${dLon})::int AS gx, count(*)::int AS n,
        sum(c.lat) AS slat, sum(c.lon) AS slon, (count(*) FILTER (WHERE ${open}))::int AS open
      FROM complaints c WHERE ${notMerged} GROUP BY 1, 2),
    top AS (SELECT * FROM fine WHERE n >= ${REPEAT_MIN_COUNT} ORDER BY n DESC, gy, gx LIMIT ${MAX_REPEAT_LOCATIONS + 1})
    SELECT
      (SELECT coalesce(json_agg(json_build_object('count', t.n, 'lat', t.slat / t.n, 'lon', t.slon / t.n, 'open', t.open,
          'address', s.address, 'complaintIds', s.ids) ORDER BY t.n DESC, t.gy, t.gx), '[]'::json)
        FROM top t CROSS JOIN LATERAL (
          SELECT array_agg(x.id ORDER BY x.received_at DESC, x.id) AS ids, mode() WITHIN GROUP (ORDER BY x.address) AS address
          FROM (
            SELECT c.id, c.received_at, c.address FROM complaints c
            WHERE c.lat >= t.gy * ${dLat} - 1e-9 AND c.lat < (t.gy + 1) * ${dLat} + 1e-9
              AND c.lon >= t.gx * ${dLon} - 1e-9 AND c.lon < (t.gx + 1) * ${dLon} + 1e-9
              AND floor(c.lat / ${dLat}) = t.gy AND floor(c.lon / ${dLon}) = t.gx AND ${notMerged}
            ORDER BY c.received_at DESC, c.id LIMIT ${MAX_REPEAT_IDS}) x) s) AS repeats,
      (SELECT coalesce(json_agg(json_build_object('gy', h.hy, 'gx', h.hx, 'weight', h.weight) ORDER BY h.weight DESC, h.hy, h.hx), '[]'::json)
        FROM (SELECT floor(gy::float8 / ${k})::int AS hy, floor(gx::float8 / ${k})::int AS hx, sum(n)::int AS weight
          FROM fine GROUP BY 1, 2 ORDER BY weight DESC, hy, hx LIMIT ${MAX_HEAT_CELLS + 1}) h) AS heat`);
  const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const repeats = json<Omit<RepeatLocation, 'idsTruncated'>[]>(grid?.repeats ?? []);
  const heat = json<{ gy: number; gx: number; weight: number }[]>(grid?.heat ?? []);
  const heatLat = k * REPEAT_CELL_LAT_DEG;
  const heatLon = k * REPEAT_CELL_LON_DEG;

  return {
    unitId: unit.id, unitName: unit.name, from, to, generatedAt: now.toISOString(),
    figures, satisfaction, byCategory, byUnit,
    repeatLocations: {
      cellM: REPEAT_CELL_M, minCount: REPEAT_MIN_COUNT, truncated: repeats.length > MAX_REPEAT_LOCATIONS,
      items: repeats.slice(0, MAX_REPEAT_LOCATIONS).map((r) => ({
        ...r, lat: round6(Number(r.lat)), lon: round6(Number(r.lon)), idsTruncated: r.count > MAX_REPEAT_IDS,
      })),
    },
    heat: {
      cellM: heatCellM, truncated: heat.length > MAX_HEAT_CELLS,
      items: heat.slice(0, MAX_HEAT_CELLS).map((h) => ({
        lat: round6((h.gy + 0.5) * heatLat), lon: round6((h.gx + 0.5) * heatLon), weight: h.weight,
      })),
    },
  };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

