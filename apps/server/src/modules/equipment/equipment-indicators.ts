// Indicators of the 执法装备库 for the annual evaluation (装备管理 items of the standard's annex), per unit subtree and
// as of a date. Item status as of the date is replayed from the 台账, so a later change does not rewrite the past.
// Each indicator carries the records behind it (capped) so a score can be explained and its gaps listed.
import {
  ACTIVE_OFFICER_STATUSES, countsAs, DEFAULT_EQUIPMENT_CATEGORIES, DEFAULT_PERFORMANCE_FLOORS, IN_SERVICE_STATUSES,
  PERSONAL_KIT_CODES, quarterOf, SQUADRON_EQUIPMENT_CODES, SQUADRON_KINDS, shanghaiStartOfDay, todayShanghai,
} from '@cg/domain';
import { queryRows, sql, type Executor, type SQL } from '@cg/db';
import { problemMessages } from './equipment-attribute-check.ts';
import type { AuthUser } from '../../core/context.ts';
import { closedRoundsIn } from '../inventory/inventory.service.ts';
import { listCategories } from './equipment.service.ts';
import { getUnitInScope } from '../units/units.service.ts';

export const RECORD_LIMIT = 500;
const DAY_MS = 86_400_000;

export interface IndicatorRecord {
  id: string;
  label: string;
  detail?: string;
}

export interface Indicator {
  key: string;
  label: string;
  /** The figure the evaluation uses: a ratio (0..1) or a count, as `kind` says. */
  value: number;
  kind: 'ratio' | 'count';
  numerator?: number;
  denominator?: number;
  target?: number;
  /** What was counted. */
  records: IndicatorRecord[];
  /** What is missing (差距): officers without kit, squadrons without an item kind, items without 责任人 … */
  gaps: IndicatorRecord[];
  truncated: boolean;
}

const cap = <T>(list: T[], limit: number) => list.slice(0, limit);

interface ItemAsOf {
  id: string;
  asset_tag: string;
  code: string;
  unit_id: string;
  status: string;
}
/** Items alike in everything the counts look at, and how many. */
interface ItemGroup {
  code: string;
  svc: boolean;
  kept: boolean;
  noResponsible: boolean;
  overdue: boolean;
  check: 'complete' | 'incomplete' | 'unchecked';
  n: number;
}
/** Vehicles, 北斗 terminals and the kinds with performance floors: few per squadron, read one by one. */
interface ScoredItem extends ItemAsOf {
  attributes: Record<string, unknown> | null;
  holder_vehicle_id: string | null;
  /** A 北斗 terminal fitted into the vehicle holder_vehicle_id (as of the date). */
  fitted: boolean;
}

export interface IndicatorOptions {
  /** Records listed per indicator (what was counted; the evaluation keeps fewer than the page shows). */
  recordLimit?: number;
  /** Gaps listed per indicator; 0 for the values only. */
  gapLimit?: number;
  /**
   * Records of what was counted as a sample: any `recordLimit` of them (listed by asset tag), not the first by asset tag —
   * no sort of a squadron's thousands of items (the evaluation keeps 20). Gaps are always the first by asset tag.
   */
  sampleRecords?: boolean;
  /** The 季度清点 indicators (default true). */
  inventory?: boolean;
}

export async function equipmentIndicators(db: Executor, user: AuthUser, unitId: string | undefined, asOfDate?: string, options: IndicatorOptions = {}) {
  const unit = await getUnitInScope(db, user, unitId ?? user.unitId);
  const asOf = asOfDate ?? todayShanghai();
  const recordLimit = options.recordLimit ?? RECORD_LIMIT;
  const gapLimit = options.gapLimit ?? RECORD_LIMIT;
  const end = new Date(shanghaiStartOfDay(asOf).getTime() + DAY_MS); // the whole day counts
  const scope = unit.path + '%';
  const categories = await listCategories(db);
  const nameOf = (code: string) => categories.find((c) => c.code === code)?.name ?? DEFAULT_EQUIPMENT_CATEGORIES.find((c) => c.code === code)?.name ?? code;

  // Today (or later): the items' own columns are the ledger's latest state (every move writes both in one
  // transaction), so skip replaying ~1 ledger lookup per item — the evaluation asks for hundreds of squadrons at once.
  const current = asOf >= todayShanghai();
  const itemsAsOf = (withAttributes = false) => current
    ? sql`
      SELECT i.id, i.asset_tag, c.code, i.unit_id, i.status, i.holder_officer_id, i.responsible_officer_id, i.expected_return_at,
        i.holder_vehicle_id, i.holder_vehicle_id IS NOT NULL AS fitted, i.attribute_problems${withAttributes ? sql`, i.attributes` : sql``}
      FROM equipment_items i
      JOIN units u ON u.id = i.unit_id
      JOIN equipment_categories c ON c.id = i.category_id
      WHERE u.path LIKE ${scope}`
    : sql`
      SELECT i.id, i.asset_tag, c.code, i.unit_id, l.to_status AS status, l.officer_id AS holder_officer_id,
        i.responsible_officer_id, l.expected_return_at, i.holder_vehicle_id,
        (l.action = 'fit' AND i.holder_vehicle_id IS NOT NULL) AS fitted, i.attribute_problems${withAttributes ? sql`, i.attributes` : sql``}
      FROM equipment_items i
      JOIN units u ON u.id = i.unit_id
      JOIN equipment_categories c ON c.id = i.category_id
      JOIN LATERAL (
        SELECT to_status, officer_id, expected_return_at, action FROM equipment_ledger
        WHERE item_id = i.id AND at < ${end.toISOString()}::timestamptz ORDER BY at DESC, id DESC LIMIT 1
      ) l ON true
      WHERE u.path LIKE ${scope}`;
  const texts = (list: readonly string[]) => sql`${sql.param([...list])}::text[]`;
  const servingOf = (alias?: string) => sql`${alias ? sql.raw(`${alias}.`) : sql``}status = ANY(${texts(IN_SERVICE_STATUSES)})`;
  // Item codes that count as each personal kit (a 单兵4G记录仪 counts as a 执法记录仪).
  const kitCodes = new Map(PERSONAL_KIT_CODES.map((k) => [k, categories.map((c) => c.code).filter((c) => countsAs(c).includes(k))]));
  const scoredCodes = ['vehicle', 'beidou_terminal', ...DEFAULT_PERFORMANCE_FLOORS.map((f) => f.code)];

  // The bulk of a squadron's items (thousands) is only counted and listed up to the limits, in PostgreSQL; decoding every
  // item here was most of the evaluation's time. 完整性 reads the stored check (equipment-attribute-check.ts).
  const overdueAt = sql`status = '借出' AND expected_return_at < ${end.toISOString()}::timestamptz`;
  const listed: [name: string, where: SQL, limit: number, sample?: boolean][] = [
    ['kept.noResponsible', sql`kept AND responsible_officer_id IS NULL`, gapLimit],
    ['overdue', overdueAt, gapLimit],
    ['complete', sql`svc AND attribute_problems = '{}'`, recordLimit, options.sampleRecords],
    ['incomplete', sql`svc AND cardinality(attribute_problems) > 0`, gapLimit],
    ...[...kitCodes].map(([k, codes]): (typeof listed)[number] => [`kit.${k}`, sql`svc AND code = ANY(${texts(codes)})`, recordLimit, options.sampleRecords]),
  ];
  // Officers on strength, and those short of some kit with the kits they do hold (by GROUP BY: a CTE has no statistics
  // for the planner to choose a join by). A query of its own: joined to the items query above as more readers of its
  // materialised items, it cost more than both apart (PostgreSQL 15, scale 60: 13–25 vs 9 + 5 ms per squadron).
  const kitColumns = [...kitCodes.values()].map((codes, n) => ({ codes, column: sql.identifier(`k${n}`) }));
  const allKitCodes = [...new Set([...kitCodes.values()].flat())];
  const activeOfficers = sql`o.status = ANY(${texts(ACTIVE_OFFICER_STATUSES)})`;
  const [bulk] = await queryRows<{ lists: Record<string, (ItemAsOf & { problems: string[] | null })[] | null>;
    groups: ItemGroup[]; kinds: Record<string, string[] | null> }>(db, sql`
    WITH items AS MATERIALIZED (
      SELECT x.*, x.status = ANY(${texts(IN_SERVICE_STATUSES)}) AS svc, x.status NOT IN ('报废', '遗失') AS kept FROM (${itemsAsOf()}) x)
    SELECT
      (SELECT json_agg(g) FROM (
        SELECT code, svc, kept, responsible_officer_id IS NULL AS "noResponsible", ${overdueAt} AS overdue,
          CASE WHEN attribute_problems IS NULL THEN 'unchecked' WHEN attribute_problems = '{}' THEN 'complete' ELSE 'incomplete' END AS "check",
          count(*)::int AS n
        FROM items GROUP BY 1, 2, 3, 4, 5, 6) g) AS groups,
      json_build_object(${sql.join(listed.filter(([, , limit]) => limit > 0).map(([name, where, limit, sample]) => sql`${name}::text, (SELECT json_agg(x ORDER BY asset_tag, id) FROM (
        SELECT id, asset_tag, code, status, unit_id, attribute_problems AS problems FROM items WHERE ${where}
        ${sample ? sql`` : sql`ORDER BY asset_tag, id`} LIMIT ${limit}) x)`), sql`, `)}) AS lists,
      (SELECT json_build_object(${sql.join(SQUADRON_EQUIPMENT_CODES.map((code) => sql`${code}::text,
        array_agg(DISTINCT unit_id) FILTER (WHERE code = ${code})`), sql`, `)}) FROM items WHERE svc) AS kinds`);
  // Without gaps to list (gapLimit 0: values only), officers are just counted.
  const [staff] = await queryRows<{ officers: number;
    lacking: Record<string, { n: number; list: { id: string; name: string; unit_name: string }[] | null }> | null }>(db, gapLimit > 0 ? sql`
    WITH held AS (
      SELECT holder_officer_id AS id, ${sql.join(kitColumns.map(({ codes, column }) => sql`bool_or(code = ANY(${texts(codes)})) AS ${column}`), sql`, `)}
      FROM (${itemsAsOf()}) x
      WHERE holder_officer_id IS NOT NULL AND ${servingOf()} AND code = ANY(${texts(allKitCodes)}) GROUP BY holder_officer_id),
    active AS MATERIALIZED (
      SELECT o.id, o.name, u.name AS unit_name, u.code AS unit_code,
        ARRAY[${sql.join(kitColumns.map(({ column }) => sql`coalesce(h.${column}, false)`), sql`, `)}] AS kits
      FROM officers o JOIN units u ON u.id = o.unit_id LEFT JOIN held h ON h.id = o.id
      WHERE u.path LIKE ${scope} AND ${activeOfficers})
    SELECT (SELECT count(*)::int FROM active) AS officers,
      json_build_object(${sql.join(kitColumns.map((_, n) => sql`${String(n)}::text, json_build_object(
        'n', (SELECT count(*) FROM active WHERE NOT kits[${n + 1}::int]),
        'list', (SELECT json_agg(x) FROM (
          SELECT id, name, unit_name FROM active WHERE NOT kits[${n + 1}::int] ORDER BY unit_code, name LIMIT ${gapLimit}) x))`), sql`, `)}) AS lacking`
    : sql`SELECT count(*)::int AS officers, NULL AS lacking FROM officers o JOIN units u ON u.id = o.unit_id WHERE u.path LIKE ${scope} AND ${activeOfficers}`);
  // Counts: the items grouped by every property a count depends on (one hash aggregate), summed here.
  const groups = bulk?.groups ?? [];
  const sum = (test: (g: ItemGroup) => boolean) => groups.reduce((n, g) => n + (test(g) ? g.n : 0), 0);
  const counted = new Map<string, number>([
    ['items', sum(() => true)], ['svc', sum((g) => g.svc)], ['kept', sum((g) => g.kept)],
    ['kept.noResponsible', sum((g) => g.kept && g.noResponsible)], ['overdue', sum((g) => g.overdue)],
    ...(['complete', 'incomplete', 'unchecked'] as const).map((c): [string, number] => [c, sum((g) => g.svc && g.check === c)]),
    ...[...kitCodes].map(([k, codes]): [string, number] => [`kit.${k}`, sum((g) => g.svc && codes.includes(g.code))]),
  ]);
  const count = (name: string) => counted.get(name) ?? 0;
  const list = (name: string) => bulk?.lists[name] ?? [];

  // Only the attributes the rules below read, one column each and only for the kinds that read it (a squadron has
  // hundreds of these items; whole attributes were most of the bytes the evaluation moved, building a JSON object per
  // row costs more than plain columns, and each non-null jsonb value is one JSON.parse in the driver).
  const readers = new Map<string, string[]>([['hasDashcam', ['vehicle']], ['hasBeidou', ['vehicle']]]);
  for (const f of DEFAULT_PERFORMANCE_FLOORS) for (const k of f.reads) readers.set(k, [...(readers.get(k) ?? []), f.code]);
  const reads = [...readers].map(([key, codes], n) => ({ key, codes, column: `a${n}` }));
  const scoredRows = await queryRows<Omit<ScoredItem, 'attributes'> & Record<string, unknown>>(db, sql`
    WITH items AS (${itemsAsOf(true)})
    SELECT i.id, i.asset_tag, i.code, i.unit_id, i.status, i.holder_vehicle_id, i.fitted,
      ${sql.join(reads.map((r) => sql`CASE WHEN i.code = ANY(${texts(r.codes)}) THEN i.attributes -> ${r.key}::text END AS ${sql.identifier(r.column)}`), sql`, `)}
    FROM items i
    WHERE ${servingOf('i')} AND i.code = ANY(${texts(scoredCodes)}) ORDER BY i.asset_tag, i.id`);
  const scored: ScoredItem[] = scoredRows.map((r) => {
    const attributes: Record<string, unknown> = {};
    for (const { key, column } of reads) if (r[column] !== null && r[column] !== undefined) attributes[key] = r[column];
    return { id: r.id, asset_tag: r.asset_tag, code: r.code, unit_id: r.unit_id, status: r.status, holder_vehicle_id: r.holder_vehicle_id, fitted: r.fitted, attributes };
  });

  const officerCount = staff?.officers ?? 0;
  const units = await queryRows<{ id: string; name: string; kind: string }>(db, sql`
    SELECT id, name, kind FROM units WHERE path LIKE ${scope} ORDER BY code`);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const squadrons = units.filter((u) => (SQUADRON_KINDS as readonly string[]).includes(u.kind));
  const vehicles = scored.filter((i) => i.code === 'vehicle');
  const fittedVehicles = new Set(scored.filter((i) => i.code === 'beidou_terminal' && i.fitted && i.holder_vehicle_id).map((i) => i.holder_vehicle_id));
  const itemRecord = (i: ItemAsOf): IndicatorRecord => ({ id: i.id, label: i.asset_tag, detail: `${nameOf(i.code)} · ${i.status} · ${unitName.get(i.unit_id) ?? ''}` });
  const indicators: Indicator[] = [];
  const ratio = <T>(key: string, label: string, yes: { n: number; list: T[] }, no: { n: number; list: T[] }, record: (x: T) => IndicatorRecord,
    gap: (x: T) => IndicatorRecord) => {
    const of = yes.n + no.n;
    indicators.push({
      key, label, kind: 'ratio', value: of ? yes.n / of : 0, numerator: yes.n, denominator: of, target: 1,
      records: cap(yes.list, recordLimit).map(record), gaps: cap(no.list, gapLimit).map(gap), truncated: yes.n > recordLimit || no.n > gapLimit,
    });
  };
  const all = <T>(xs: T[]) => ({ n: xs.length, list: xs });

  // 执法人员装备: per active officer, default norm 1 : 1.
  for (const [kitIndex, code] of [...kitCodes.keys()].entries()) {
    const lacking = staff?.lacking?.[String(kitIndex)]; // officers without this kit: how many, the first gapLimit
    const without = lacking?.list ?? [];
    const n = count(`kit.${code}`);
    indicators.push({
      key: `kit.${code}`, label: `${nameOf(code)}配置（每名在岗队员）`, kind: 'ratio',
      value: officerCount ? Math.min(1, n / officerCount) : 0, numerator: n, denominator: officerCount,
      target: 1, records: list(`kit.${code}`).map(itemRecord),
      gaps: cap(without, gapLimit).map((o) => ({ id: o.id, label: o.name, detail: `${o.unit_name} · 未持有${nameOf(code)}` })),
      truncated: n > recordLimit || (lacking?.n ?? 0) > without.length,
    });
  }

  // 执法车辆: 行车记录仪 and 北斗定位终端 as recorded on the vehicle.
  for (const [attr, label] of [['hasDashcam', '车辆行车记录仪配置率'], ['hasBeidou', '车辆北斗定位终端配置率']] as const) {
    ratio(`vehicles.${attr}`, label, all(vehicles.filter((v) => v.attributes?.[attr] === true)), all(vehicles.filter((v) => v.attributes?.[attr] !== true)),
      itemRecord, itemRecord);
  }
  // 北斗定位终端 registered in the 执法装备库 and installed in the vehicle: what the gateway can actually receive.
  ratio('vehicles.beidouTerminalFitted', '车辆已安装登记的北斗终端', all(vehicles.filter((v) => fittedVehicles.has(v.id))),
    all(vehicles.filter((v) => !fittedVehicles.has(v.id))), itemRecord,
    (v) => ({ ...itemRecord(v), detail: `${itemRecord(v).detail} · 未安装已登记的北斗定位终端` }));

  // 中队装备: each required kind present and in service in every squadron of the scope.
  for (const code of SQUADRON_EQUIPMENT_CODES) {
    const units = new Set(bulk?.kinds[code] ?? []);
    ratio(`squadron_kit.${code}`, `中队${nameOf(code)}在用`, all(squadrons.filter((s) => units.has(s.id))), all(squadrons.filter((s) => !units.has(s.id))),
      (s) => ({ id: s.id, label: s.name }), (s) => ({ id: s.id, label: s.name, detail: `缺少在用的${nameOf(code)}` }));
  }

  // 性能指标: in-service items of the scored kinds that meet the floors (示范中队 scores number and performance).
  for (const floor of DEFAULT_PERFORMANCE_FLOORS) {
    const checked = scored.filter((i) => i.code === floor.code).map((i) => ({ item: i, problems: floor.shortfalls(i.attributes ?? {}) }));
    ratio(`performance.${floor.code}`, floor.label, all(checked.filter((c) => c.problems.length === 0)), all(checked.filter((c) => c.problems.length > 0)),
      (c) => itemRecord(c.item), (c) => ({ id: c.item.id, label: c.item.asset_tag, detail: `${unitName.get(c.item.unit_id) ?? ''} · ${c.problems.join('、')}` }));
  }

  // 每季度全面清点: every squadron closes a round each quarter; this quarter, and the year so far (the evaluation reads
  // the inventory module itself and leaves this out).
  if (options.inventory !== false) {
    const quarter = quarterOf(shanghaiStartOfDay(asOf));
    const rounds = await closedRoundsIn(db, unit.path, quarter.year, end);
    const squadronIds = new Set(squadrons.map((s) => s.id));
    const ownRounds = rounds.filter((r) => squadronIds.has(r.unitId));
    const thisQuarter = new Set(ownRounds.filter((r) => r.quarter === quarter.quarter).map((r) => r.unitId));
    indicators.push({
      key: 'inventory.quarter', label: `${quarter.label}中队清点完成`, kind: 'ratio',
      value: squadrons.length ? thisQuarter.size / squadrons.length : 0, numerator: thisQuarter.size, denominator: squadrons.length, target: 1,
      records: cap(ownRounds.filter((r) => r.quarter === quarter.quarter), recordLimit).map((r) => ({ id: r.id, label: r.unitName, detail: `第${r.quarter}季度清点已关闭` })),
      gaps: cap(squadrons.filter((s) => !thisQuarter.has(s.id)), gapLimit).map((s) => ({ id: s.id, label: s.name, detail: `${quarter.label}未完成清点` })),
      truncated: squadrons.length > Math.min(recordLimit, gapLimit),
    });
    const due = squadrons.length * quarter.quarter;
    const doneKeys = new Set(ownRounds.map((r) => `${r.unitId}|${r.quarter}`));
    const missingRounds = squadrons.flatMap((s) => Array.from({ length: quarter.quarter }, (_, k) => k + 1)
      .filter((q) => !doneKeys.has(`${s.id}|${q}`)).map((q) => ({ id: s.id, label: s.name, detail: `${quarter.year}年第${q}季度未完成清点` })));
    indicators.push({
      key: 'inventory.year', label: `${quarter.year}年季度清点完成率`, kind: 'ratio',
      value: due ? doneKeys.size / due : 0, numerator: doneKeys.size, denominator: due, target: 1,
      records: cap(ownRounds, recordLimit).map((r) => ({ id: r.id, label: r.unitName, detail: `第${r.quarter}季度` })),
      gaps: cap(missingRounds, gapLimit), truncated: ownRounds.length > recordLimit || missingRounds.length > gapLimit,
    });
  }

  // 台账: every item that still exists has a 责任人; loans come back on time.
  const kept = count('kept');
  const noResponsible = count('kept.noResponsible');
  indicators.push({
    key: 'ledger.responsible', label: '装备责任人落实率', kind: 'ratio', value: kept ? (kept - noResponsible) / kept : 1,
    numerator: kept - noResponsible, denominator: kept, target: 1, records: [], gaps: list('kept.noResponsible').map(itemRecord),
    truncated: noResponsible > gapLimit,
  });
  const overdue = list('overdue').map(itemRecord);
  indicators.push({
    key: 'ledger.overdue', label: '逾期未归还', kind: 'count', value: count('overdue'), target: 0, records: overdue, gaps: overdue,
    truncated: count('overdue') > gapLimit,
  });

  // 执法装备库完整性: in-service items whose category's required attributes are filled in and well-formed. Items not
  // checked yet (loaded before the stored check, until checkUncheckedItems catches up) are checked here.
  const complete = { n: count('complete'), list: list('complete') };
  const incomplete = { n: count('incomplete'), list: list('incomplete') };
  if (count('unchecked') > 0) {
    const defs = new Map(categories.map((c) => [c.code, c.attributes]));
    const rows = await queryRows<ItemAsOf & { attributes: Record<string, unknown> | null }>(db, sql`
      WITH items AS (${itemsAsOf(true)})
      SELECT i.id, i.asset_tag, i.code, i.unit_id, i.status, i.attributes FROM items i
      WHERE ${servingOf('i')} AND i.attribute_problems IS NULL`);
    for (const r of rows) {
      const problems = problemMessages(defs.get(r.code) ?? [], r.attributes);
      const into = problems.length ? incomplete : complete;
      into.n += 1;
      into.list.push({ id: r.id, asset_tag: r.asset_tag, code: r.code, unit_id: r.unit_id, status: r.status, problems });
    }
    const byTag = (x: ItemAsOf, y: ItemAsOf) => x.asset_tag.localeCompare(y.asset_tag) || x.id.localeCompare(y.id);
    complete.list.sort(byTag);
    incomplete.list.sort(byTag);
  }
  ratio('data.completeness', '执法装备信息完整性', complete, incomplete, itemRecord,
    (c) => ({ id: c.id, label: c.asset_tag, detail: `${nameOf(c.code)} · ${(c.problems ?? []).join('、')}` }));

  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind }, asOf, activeOfficers: officerCount, squadrons: squadrons.length,
    items: count('items'), itemsInService: count('svc'), indicators,
    notes: ['在岗人员按当前人员状态统计；装备状态按台账回放至统计日。'],
  };
}
