// Indicators of the 执法装备库 for the annual evaluation (装备管理 items of the standard's annex), per unit subtree and
// as of a date. Item status as of the date is replayed from the 台账, so a later change does not rewrite the past.
// Each indicator carries the records behind it (capped) so a score can be explained and its gaps listed.
import {
  ACTIVE_OFFICER_STATUSES, countsAs, DEFAULT_EQUIPMENT_CATEGORIES, equipmentAttributeProblems, DEFAULT_PERFORMANCE_FLOORS, IN_SERVICE_STATUSES,
  PERSONAL_KIT_CODES, quarterOf, SQUADRON_EQUIPMENT_CODES, SQUADRON_KINDS, shanghaiStartOfDay, todayShanghai,
} from '@cg/domain';
import { queryRows, sql, type Executor } from '@cg/db';
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

const nameOf = (code: string) => DEFAULT_EQUIPMENT_CATEGORIES.find((c) => c.code === code)?.name ?? code;
const cap = <T>(list: T[]) => list.slice(0, RECORD_LIMIT);

interface ItemAsOf {
  id: string;
  asset_tag: string;
  code: string;
  unit_id: string;
  unit_name: string;
  status: string;
  holder_officer_id: string | null;
  responsible_officer_id: string | null;
  attributes: Record<string, unknown>;
  expected_return_at: string | null;
  last_action: string;
  holder_vehicle_id: string | null;
}

export async function equipmentIndicators(db: Executor, user: AuthUser, unitId: string | undefined, asOfDate?: string) {
  const unit = await getUnitInScope(db, user, unitId ?? user.unitId);
  const asOf = asOfDate ?? todayShanghai();
  const end = new Date(shanghaiStartOfDay(asOf).getTime() + DAY_MS); // the whole day counts
  const scope = unit.path + '%';

  // Today (or later): the items' own columns are the ledger's latest state (every move writes both in one
  // transaction), so skip replaying ~1 ledger lookup per item — the evaluation asks for hundreds of squadrons at once.
  const current = asOf >= todayShanghai();
  const items = current
    ? await queryRows<ItemAsOf>(db, sql`
      SELECT i.id, i.asset_tag, c.code, i.unit_id, u.name AS unit_name, i.status, i.holder_officer_id,
        i.responsible_officer_id, i.attributes, i.expected_return_at,
        CASE WHEN i.holder_vehicle_id IS NOT NULL THEN 'fit' ELSE '' END AS last_action, i.holder_vehicle_id
      FROM equipment_items i
      JOIN units u ON u.id = i.unit_id
      JOIN equipment_categories c ON c.id = i.category_id
      WHERE u.path LIKE ${scope}`)
    : await queryRows<ItemAsOf>(db, sql`
      SELECT i.id, i.asset_tag, c.code, i.unit_id, u.name AS unit_name, l.to_status AS status, l.officer_id AS holder_officer_id,
        i.responsible_officer_id, i.attributes, l.expected_return_at, l.action AS last_action, i.holder_vehicle_id
      FROM equipment_items i
      JOIN units u ON u.id = i.unit_id
      JOIN equipment_categories c ON c.id = i.category_id
      JOIN LATERAL (
        SELECT to_status, officer_id, expected_return_at, action FROM equipment_ledger
        WHERE item_id = i.id AND at < ${end.toISOString()}::timestamptz ORDER BY at DESC, id DESC LIMIT 1
      ) l ON true
      WHERE u.path LIKE ${scope}`);
  const officers = await queryRows<{ id: string; name: string; unit_name: string }>(db, sql`
    SELECT o.id, o.name, u.name AS unit_name FROM officers o JOIN units u ON u.id = o.unit_id
    WHERE u.path LIKE ${scope} AND o.status IN (${sql.join(ACTIVE_OFFICER_STATUSES.map((s) => sql`${s}`), sql`, `)})
    ORDER BY u.code, o.name`);
  const squadrons = await queryRows<{ id: string; name: string }>(db, sql`
    SELECT id, name FROM units WHERE path LIKE ${scope} AND kind IN (${sql.join(SQUADRON_KINDS.map((k) => sql`${k}`), sql`, `)}) ORDER BY code`);

  const inService = items.filter((i) => (IN_SERVICE_STATUSES as readonly string[]).includes(i.status));
  const itemRecord = (i: ItemAsOf): IndicatorRecord => ({ id: i.id, label: i.asset_tag, detail: `${nameOf(i.code)} · ${i.status} · ${i.unit_name}` });
  const indicators: Indicator[] = [];

  // 执法人员装备: per active officer, default norm 1 : 1 (a 单兵4G记录仪 counts as a 执法记录仪).
  for (const code of PERSONAL_KIT_CODES) {
    const counted = inService.filter((i) => countsAs(i.code).includes(code));
    const holders = new Set(counted.map((i) => i.holder_officer_id).filter(Boolean));
    const without = officers.filter((o) => !holders.has(o.id));
    indicators.push({
      key: `kit.${code}`, label: `${nameOf(code)}配置（每名在岗队员）`, kind: 'ratio',
      value: officers.length ? Math.min(1, counted.length / officers.length) : 0, numerator: counted.length, denominator: officers.length,
      target: 1, records: cap(counted).map(itemRecord),
      gaps: cap(without).map((o) => ({ id: o.id, label: o.name, detail: `${o.unit_name} · 未持有${nameOf(code)}` })),
      truncated: counted.length > RECORD_LIMIT || without.length > RECORD_LIMIT,
    });
  }

  // 执法车辆: 行车记录仪 and 北斗定位终端 as recorded on the vehicle.
  const vehicles = inService.filter((i) => i.code === 'vehicle');
  for (const [attr, label] of [['hasDashcam', '车辆行车记录仪配置率'], ['hasBeidou', '车辆北斗定位终端配置率']] as const) {
    const withIt = vehicles.filter((v) => v.attributes?.[attr] === true);
    const without = vehicles.filter((v) => v.attributes?.[attr] !== true);
    indicators.push({
      key: `vehicles.${attr}`, label, kind: 'ratio', value: vehicles.length ? withIt.length / vehicles.length : 0,
      numerator: withIt.length, denominator: vehicles.length, target: 1, records: cap(withIt).map(itemRecord),
      gaps: cap(without).map(itemRecord), truncated: vehicles.length > RECORD_LIMIT,
    });
  }

  // 北斗定位终端 registered in the 执法装备库 and installed in the vehicle: what the gateway can actually receive.
  const fittedVehicles = new Set(inService.filter((i) => i.code === 'beidou_terminal' && i.last_action === 'fit' && i.holder_vehicle_id)
    .map((i) => i.holder_vehicle_id));
  const withTerminal = vehicles.filter((v) => fittedVehicles.has(v.id));
  const withoutTerminal = vehicles.filter((v) => !fittedVehicles.has(v.id));
  indicators.push({
    key: 'vehicles.beidouTerminalFitted', label: '车辆已安装登记的北斗终端', kind: 'ratio',
    value: vehicles.length ? withTerminal.length / vehicles.length : 0, numerator: withTerminal.length, denominator: vehicles.length,
    target: 1, records: cap(withTerminal).map(itemRecord),
    gaps: cap(withoutTerminal).map((v) => ({ ...itemRecord(v), detail: `${itemRecord(v).detail} · 未安装已登记的北斗定位终端` })),
    truncated: vehicles.length > RECORD_LIMIT,
  });

  // 中队装备: each required kind present and in service in every squadron of the scope.
  for (const code of SQUADRON_EQUIPMENT_CODES) {
    const present = new Set(inService.filter((i) => i.code === code).map((i) => i.unit_id));
    const equipped = squadrons.filter((s) => present.has(s.id));
    const missing = squadrons.filter((s) => !present.has(s.id));
    indicators.push({
      key: `squadron_kit.${code}`, label: `中队${nameOf(code)}在用`, kind: 'ratio',
      value: squadrons.length ? equipped.length / squadrons.length : 0, numerator: equipped.length, denominator: squadrons.length,
      target: 1, records: cap(equipped).map((s) => ({ id: s.id, label: s.name })),
      gaps: cap(missing).map((s) => ({ id: s.id, label: s.name, detail: `缺少在用的${nameOf(code)}` })), truncated: squadrons.length > RECORD_LIMIT,
    });
  }

  // 性能指标: in-service items of the scored kinds that meet the floors (示范中队 scores number and performance).
  for (const floor of DEFAULT_PERFORMANCE_FLOORS) {
    const ofKind = inService.filter((i) => i.code === floor.code);
    const checked = ofKind.map((i) => ({ item: i, problems: floor.shortfalls(i.attributes ?? {}) }));
    const meeting = checked.filter((c) => c.problems.length === 0);
    const short = checked.filter((c) => c.problems.length > 0);
    indicators.push({
      key: `performance.${floor.code}`, label: floor.label, kind: 'ratio',
      value: ofKind.length ? meeting.length / ofKind.length : 0, numerator: meeting.length, denominator: ofKind.length, target: 1,
      records: cap(meeting).map((c) => itemRecord(c.item)),
      gaps: cap(short).map((c) => ({ id: c.item.id, label: c.item.asset_tag, detail: `${c.item.unit_name} · ${c.problems.join('、')}` })),
      truncated: ofKind.length > RECORD_LIMIT,
    });
  }

  // 每季度全面清点: every squadron closes a round each quarter; this quarter, and the year so far.
  const quarter = quarterOf(shanghaiStartOfDay(asOf));
  const rounds = await closedRoundsIn(db, unit.path, quarter.year, end);
  const squadronIds = new Set(squadrons.map((s) => s.id));
  const ownRounds = rounds.filter((r) => squadronIds.has(r.unitId));
  const thisQuarter = new Set(ownRounds.filter((r) => r.quarter === quarter.quarter).map((r) => r.unitId));
  indicators.push({
    key: 'inventory.quarter', label: `${quarter.label}中队清点完成`, kind: 'ratio',
    value: squadrons.length ? thisQuarter.size / squadrons.length : 0, numerator: thisQuarter.size, denominator: squadrons.length, target: 1,
    records: cap(ownRounds.filter((r) => r.quarter === quarter.quarter)).map((r) => ({ id: r.id, label: r.unitName, detail: `第${r.quarter}季度清点已关闭` })),
    gaps: cap(squadrons.filter((s) => !thisQuarter.has(s.id))).map((s) => ({ id: s.id, label: s.name, detail: `${quarter.label}未完成清点` })),
    truncated: squadrons.length > RECORD_LIMIT,
  });
  const due = squadrons.length * quarter.quarter;
  const doneKeys = new Set(ownRounds.map((r) => `${r.unitId}|${r.quarter}`));
  const missingRounds = squadrons.flatMap((s) => Array.from({ length: quarter.quarter }, (_, k) => k + 1)
    .filter((q) => !doneKeys.has(`${s.id}|${q}`)).map((q) => ({ id: s.id, label: s.name, detail: `${quarter.year}年第${q}季度未完成清点` })));
  indicators.push({
    key: 'inventory.year', label: `${quarter.year}年季度清点完成率`, kind: 'ratio',
    value: due ? doneKeys.size / due : 0, numerator: doneKeys.size, denominator: due, target: 1,
    records: cap(ownRounds).map((r) => ({ id: r.id, label: r.unitName, detail: `第${r.quarter}季度` })),
    gaps: cap(missingRounds), truncated: ownRounds.length > RECORD_LIMIT || missingRounds.length > RECORD_LIMIT,
  });

  // 台账: every item that still exists has a 责任人; loans come back on time.
  const kept = items.filter((i) => i.status !== '报废' && i.status !== '遗失');
  const withResponsible = kept.filter((i) => i.responsible_officer_id);
  const noResponsible = kept.filter((i) => !i.responsible_officer_id);
  indicators.push({
    key: 'ledger.responsible', label: '装备责任人落实率', kind: 'ratio', value: kept.length ? withResponsible.length / kept.length : 1,
    numerator: withResponsible.length, denominator: kept.length, target: 1, records: [], gaps: cap(noResponsible).map(itemRecord),
    truncated: noResponsible.length > RECORD_LIMIT,
  });
  const overdue = items.filter((i) => i.status === '借出' && i.expected_return_at && new Date(i.expected_return_at) < end);
  indicators.push({
    key: 'ledger.overdue', label: '逾期未归还', kind: 'count', value: overdue.length, target: 0, records: cap(overdue).map(itemRecord),
    gaps: cap(overdue).map(itemRecord), truncated: overdue.length > RECORD_LIMIT,
  });

  // 执法装备库完整性: in-service items whose category's required attributes are filled in and well-formed.
  const defs = new Map((await listCategories(db)).map((c) => [c.code, c.attributes]));
  const checked = inService.map((i) => ({ item: i, problems: equipmentAttributeProblems(defs.get(i.code) ?? [], i.attributes ?? {}) }));
  const completeItems = checked.filter((c) => c.problems.length === 0);
  const incomplete = checked.filter((c) => c.problems.length > 0);
  indicators.push({
    key: 'data.completeness', label: '执法装备信息完整性', kind: 'ratio',
    value: inService.length ? completeItems.length / inService.length : 0, numerator: completeItems.length, denominator: inService.length, target: 1,
    records: cap(completeItems).map((c) => itemRecord(c.item)),
    gaps: cap(incomplete).map((c) => ({ id: c.item.id, label: c.item.asset_tag, detail: `${nameOf(c.item.code)} · ${c.problems.map((p) => p.message).join('、')}` })),
    truncated: inService.length > RECORD_LIMIT,
  });

  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind }, asOf, activeOfficers: officers.length, squadrons: squadrons.length,
    items: items.length, itemsInService: inService.length, indicators,
    notes: ['在岗人员按当前人员状态统计；装备状态按台账回放至统计日。'],
  };
}
