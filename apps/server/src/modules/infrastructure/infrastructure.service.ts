// 基础设施登记: a squadron's network links, 勤务指挥室, devices (display, dispatch, video conference, internal cameras,
// business-room recorders and access control), video-conference test calls and machine-room log. Only squadrons hold a
// registry; every record is scoped by the org tree, every write is one transaction with its audit entry, and edits carry
// the version they were based on (409 when someone else changed it first). The five record kinds share one table-driven
// create/update/delete path; what differs is the column list and the cross-field rules.
import {
  COMMAND_ROOM_MODE_LABELS, INFRA_DEVICE_KIND_LABELS, INFRA_DEVICE_KINDS, INFRA_LOCATION_KINDS, INFRA_LOCATION_LABELS, locationKindsFor, MACHINE_ROOM_LOG_KIND_LABELS,
  NETWORK_LINK_KIND_LABELS, RECORDING_DEVICE_KINDS, SQUADRON_KINDS, type CommandRoomMode, type InfraDeviceKind, type InfraLocationKind,
  type MachineRoomLogKind, type NetworkLinkKind,
} from '@cg/domain';
import { queryOne, queryRows, sql, type Database, type Executor, type SQL } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { conflict, invalid, notFound, versionConflict, type ErrorDetail } from '../../core/errors.ts';
import type { Paged } from '../../core/pagination.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { listDocuments, type DocumentMeta } from '../documents/documents.service.ts';
import { iso } from '../tracking/tracking.service.ts';
import { getUnitInScope, type UnitRow } from '../units/units.service.ts';

// ---- record kinds ----------------------------------------------------------------------------------------------

type ColumnType = 'text' | 'float' | 'int' | 'bool' | 'date' | 'timestamptz';
interface Column { column: string; type: ColumnType }

interface Spec {
  table: string;
  /** audit entity type */
  entity: string;
  /** “网络链路” — for messages */
  label: string;
  columns: Record<string, Column>;
}

const col = (column: string, type: ColumnType = 'text'): Column => ({ column, type });

export const SPECS = {
  link: {
    table: 'infra_network_links', entity: 'infra_network_link', label: '网络链路',
    columns: { kind: col('kind'), provider: col('provider'), upMbps: col('up_mbps', 'float'), downMbps: col('down_mbps', 'float'), note: col('note') },
  },
  room: {
    table: 'infra_command_rooms', entity: 'infra_command_room', label: '勤务指挥室',
    columns: { mode: col('mode'), sharedWith: col('shared_with'), location: col('location'), areaM2: col('area_m2', 'float'), note: col('note') },
  },
  device: {
    table: 'infra_devices', entity: 'infra_device', label: '设备',
    columns: {
      kind: col('kind'), name: col('name'), model: col('model'), locationKind: col('location_kind'), room: col('room'),
      retentionDays: col('retention_days', 'int'), retentionVerifiedOn: col('retention_verified_on', 'date'),
      inService: col('in_service', 'bool'), note: col('note'),
    },
  },
  testCall: {
    table: 'infra_test_calls', entity: 'infra_test_call', label: '视频通话测试记录',
    columns: { at: col('at', 'timestamptz'), success: col('success', 'bool'), counterpart: col('counterpart'), note: col('note') },
  },
  log: {
    table: 'infra_machine_room_logs', entity: 'infra_machine_room_log', label: '机房记录',
    columns: { at: col('at', 'timestamptz'), kind: col('kind'), text: col('text') },
  },
} as const satisfies Record<string, Spec>;
export type RecordKind = keyof typeof SPECS;

const CASTS: Record<ColumnType, SQL> = {
  text: sql.raw('text'), float: sql.raw('double precision'), int: sql.raw('integer'), bool: sql.raw('boolean'), date: sql.raw('date'),
  timestamptz: sql.raw('timestamptz'),
};
const valueOf = (c: Column, v: unknown): SQL => sql`${v ?? null}::${CASTS[c.type]}`;

/** The SELECT list of a record kind, camelCase, dates as text and instants as Date. */
function selectList(spec: Spec): SQL {
  const cols = Object.entries(spec.columns).map(([key, c]) =>
    c.type === 'date' ? sql`x.${sql.identifier(c.column)}::text AS ${sql.identifier(key)}` : sql`x.${sql.identifier(c.column)} AS ${sql.identifier(key)}`);
  return sql.join([
    sql`x.id, x.unit_id AS "unitId"`, ...cols,
    sql`x.created_by_name AS "createdByName", x.created_at AS "createdAt", x.updated_at AS "updatedAt", x.version`,
  ], sql`, `);
}

// ---- views -----------------------------------------------------------------------------------------------------

interface Stamp { id: string; unitId: string; createdByName: string; createdAt: string; updatedAt: string; version: number }

export interface LinkView extends Stamp {
  kind: NetworkLinkKind; kindLabel: string; provider: string | null; upMbps: number; downMbps: number; note: string | null;
}
export interface RoomView extends Stamp {
  mode: CommandRoomMode; modeLabel: string; sharedWith: string | null; location: string; areaM2: number | null; note: string | null;
}
export interface DeviceView extends Stamp {
  kind: InfraDeviceKind; kindLabel: string; name: string; model: string | null; locationKind: InfraLocationKind | null;
  locationLabel: string | null; room: string | null; retentionDays: number | null; retentionVerifiedOn: string | null; inService: boolean;
  note: string | null;
}
export interface TestCallView extends Stamp { at: string; success: boolean; counterpart: string | null; note: string | null }
export interface LogView extends Stamp { at: string; kind: MachineRoomLogKind; kindLabel: string; text: string }

type Raw = Record<string, unknown> & { createdAt: Date | string; updatedAt: Date | string };

function stamped<T>(r: Raw): T {
  const out: Record<string, unknown> = { ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) };
  if (r.at !== undefined) out.at = iso(r.at as Date | string);
  if (r.upMbps !== undefined) out.upMbps = Number(r.upMbps);
  if (r.downMbps !== undefined) out.downMbps = Number(r.downMbps);
  if (r.areaM2 !== undefined && r.areaM2 !== null) out.areaM2 = Number(r.areaM2);
  return out as T;
}

const VIEWS: { [K in RecordKind]: (r: Raw) => unknown } = {
  link: (r) => ({ ...stamped<LinkView>(r), kindLabel: NETWORK_LINK_KIND_LABELS[r.kind as NetworkLinkKind] }),
  room: (r) => ({ ...stamped<RoomView>(r), modeLabel: COMMAND_ROOM_MODE_LABELS[r.mode as CommandRoomMode] }),
  device: (r) => ({
    ...stamped<DeviceView>(r), kindLabel: INFRA_DEVICE_KIND_LABELS[r.kind as InfraDeviceKind],
    locationLabel: r.locationKind ? INFRA_LOCATION_LABELS[r.locationKind as InfraLocationKind] : null,
  }),
  testCall: (r) => stamped<TestCallView>(r),
  log: (r) => ({ ...stamped<LogView>(r), kindLabel: MACHINE_ROOM_LOG_KIND_LABELS[r.kind as MachineRoomLogKind] }),
};
type ViewOf<K extends RecordKind> = K extends 'link' ? LinkView : K extends 'room' ? RoomView : K extends 'device' ? DeviceView
  : K extends 'testCall' ? TestCallView : LogView;

const ORDER: Record<RecordKind, SQL> = {
  link: sql`x.kind, x.created_at, x.id`,
  room: sql`x.id`,
  device: sql`array_position(ARRAY[${sql.raw(INFRA_DEVICE_KINDS.map((k) => `'${k}'`).join(','))}]::text[], x.kind),
    array_position(ARRAY[${sql.raw(INFRA_LOCATION_KINDS.map((k) => `'${k}'`).join(','))}]::text[], x.location_kind) NULLS FIRST, x.name, x.id`,
  testCall: sql`x.at DESC, x.id`,
  log: sql`x.at DESC, x.id`,
};

async function rowsOf<K extends RecordKind>(db: Executor, kind: K, where: SQL, tail: SQL = sql``): Promise<ViewOf<K>[]> {
  const spec: Spec = SPECS[kind];
  const rows = await queryRows<Raw>(db, sql`SELECT ${selectList(spec)} FROM ${sql.identifier(spec.table)} x
    WHERE ${where} ORDER BY ${ORDER[kind]} ${tail}`);
  return rows.map((r) => VIEWS[kind](r) as ViewOf<K>);
}

// ---- scope -----------------------------------------------------------------------------------------------------

/** A squadron the user may see; other unit kinds hold no registry. */
export async function squadronInScope(db: Executor, user: Pick<AuthUser, 'unitPath'>, unitId: string): Promise<UnitRow> {
  const unit = await getUnitInScope(db, user, unitId);
  if (!SQUADRON_KINDS.includes(unit.kind)) throw invalid([{ field: 'unitId', message: `${unit.name}不是中队：基础设施按中队登记` }]);
  return unit;
}

async function recordInScope<K extends RecordKind>(tx: Executor, user: AuthUser, kind: K, id: string, lock: boolean): Promise<ViewOf<K>> {
  const spec: Spec = SPECS[kind];
  if (lock) await tx.execute(sql`SELECT 1 FROM ${sql.identifier(spec.table)} WHERE id = ${id} FOR UPDATE`);
  const [row] = await rowsOf(tx, kind, sql`x.id = ${id} AND x.unit_id IN (SELECT id FROM units WHERE path LIKE ${user.unitPath + '%'})`);
  if (!row) throw notFound(spec.label);
  return row;
}

// ---- registry --------------------------------------------------------------------------------------------------

export const REGISTRY_TEST_CALLS = 100;

export interface Registry {
  unit: { id: string; name: string; kind: string };
  links: LinkView[];
  room: RoomView | null;
  devices: DeviceView[];
  /** The latest test calls (at most REGISTRY_TEST_CALLS). */
  testCalls: TestCallView[];
  machineRoomLogCount: number;
  lastMachineRoomLogAt: string | null;
  /** Current (latest) version of each rules document the standard asks for; null when none was uploaded. */
  documents: { machineRoomRules: DocumentMeta | null; equipmentRules: DocumentMeta | null };
}

export async function registry(db: Executor, user: AuthUser, unitId: string): Promise<Registry> {
  const unit = await squadronInScope(db, user, unitId);
  const own = sql`x.unit_id = ${unit.id}`;
  const logs = await queryOne<{ n: number; last: Date | string | null }>(db, sql`
    SELECT count(*)::int AS n, max(at) AS last FROM infra_machine_room_logs WHERE unit_id = ${unit.id}`);
  const docs = await listDocuments(db, user, unit.id);
  const latest = (kind: string) => docs.filter((d) => d.kind === kind).sort((a, b) => b.version - a.version)[0] ?? null;
  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind },
    links: await rowsOf(db, 'link', own),
    room: (await rowsOf(db, 'room', own))[0] ?? null,
    devices: await rowsOf(db, 'device', own),
    testCalls: await rowsOf(db, 'testCall', own, sql`LIMIT ${REGISTRY_TEST_CALLS}`),
    machineRoomLogCount: logs?.n ?? 0,
    lastMachineRoomLogAt: logs?.last ? iso(logs.last) : null,
    documents: { machineRoomRules: latest('machine_room_rules'), equipmentRules: latest('equipment_rules') },
  };
}

export async function listMachineRoomLogs(
  db: Executor, user: AuthUser, unitId: string, q: { page: number; pageSize: number; from?: string; to?: string },
): Promise<Paged<LogView>> {
  const unit = await squadronInScope(db, user, unitId);
  const where = sql`x.unit_id = ${unit.id}
    ${q.from ? sql`AND x.at >= (${q.from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')` : sql``}
    ${q.to ? sql`AND x.at < ((${q.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')` : sql``}`;
  const total = await queryOne<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM infra_machine_room_logs x WHERE ${where}`);
  const items = await rowsOf(db, 'log', where, sql`LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

// ---- cross-field rules -----------------------------------------------------------------------------------------

type Values = Record<string, unknown>;

/** What the columns' CHECKs say, in words naming the field, so a form can point at it. */
function problems(kind: RecordKind, v: Values, now: Date): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (kind === 'room') {
    if (v.mode === 'shared' && !v.sharedWith) out.push({ field: 'sharedWith', message: '共享的勤务指挥室须填写共享单位' });
    if (v.mode === 'own' && v.sharedWith) out.push({ field: 'sharedWith', message: '自建的勤务指挥室不填写共享单位' });
  }
  if (kind === 'device') {
    const k = v.kind as InfraDeviceKind;
    const allowed = locationKindsFor(k);
    const label = INFRA_DEVICE_KIND_LABELS[k];
    if (allowed.length && !allowed.includes(v.locationKind as InfraLocationKind)) {
      out.push({ field: 'locationKind', message: `${label}须选择部位：${allowed.map((l) => INFRA_LOCATION_LABELS[l]).join('、')}` });
    }
    if (!allowed.length && v.locationKind) out.push({ field: 'locationKind', message: `${label}属于勤务指挥室，不选择部位` });
    const recording = RECORDING_DEVICE_KINDS.includes(k);
    if (!recording && (v.retentionDays != null || v.retentionVerifiedOn != null)) {
      out.push({ field: 'retentionDays', message: `${label}不录像，不填写录像保存天数` });
    } else if ((v.retentionDays == null) !== (v.retentionVerifiedOn == null)) {
      out.push(v.retentionDays == null
        ? { field: 'retentionDays', message: '填写了核实日期，须同时填写核实的录像保存天数' }
        : { field: 'retentionVerifiedOn', message: '填写了录像保存天数，须同时填写核实日期' });
    }
    if (typeof v.retentionVerifiedOn === 'string' && v.retentionVerifiedOn > shanghaiToday(now)) {
      out.push({ field: 'retentionVerifiedOn', message: '核实日期不能晚于今天' });
    }
  }
  if ((kind === 'testCall' || kind === 'log') && typeof v.at === 'string' && new Date(v.at).getTime() > now.getTime() + 5 * 60_000) {
    out.push({ field: 'at', message: '时间不能晚于当前时间' });
  }
  return out;
}

const shanghaiToday = (now: Date) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

// ---- writes ----------------------------------------------------------------------------------------------------

function pick(spec: Spec, input: Values): Values {
  return Object.fromEntries(Object.keys(spec.columns).filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
}

export async function createRecord<K extends RecordKind>(
  db: Database, user: AuthUser, actor: Actor, kind: K, unitId: string, input: Values, now: Date,
): Promise<ViewOf<K>> {
  const spec: Spec = SPECS[kind];
  const values = pick(spec, input);
  if (kind === 'device' && values.inService === undefined) values.inService = true;
  const bad = problems(kind, values, now);
  if (bad.length) throw invalid(bad);
  return db.transaction(async (tx) => {
    const unit = await squadronInScope(tx, user, unitId);
    if (kind === 'room') {
      // One room per squadron; the unique index settles two requests at once.
      const existing = await queryOne<{ id: string }>(tx, sql`SELECT id FROM infra_command_rooms WHERE unit_id = ${unit.id}`);
      if (existing) throw conflict(`${unit.name}已登记勤务指挥室，请修改原有登记`, [{ field: 'unitId', message: '每个中队只登记一个勤务指挥室' }]);
    }
    const keys = Object.keys(values);
    const stamp = now.toISOString();
    const row = await queryOne<{ id: string }>(tx, sql`
      INSERT INTO ${sql.identifier(spec.table)} (unit_id, ${sql.join(keys.map((k) => sql.identifier(spec.columns[k].column)), sql`, `)},
        created_by_id, created_by_name, created_at, updated_at)
      VALUES (${unit.id}, ${sql.join(keys.map((k) => valueOf(spec.columns[k], values[k])), sql`, `)},
        ${actor.id}, ${actor.name}, ${stamp}::timestamptz, ${stamp}::timestamptz)
      RETURNING id`);
    await appendAudit(tx, actor, { unitId: unit.id, entityType: spec.entity, entityId: row!.id, action: 'create', after: values });
    return recordInScope(tx, user, kind, row!.id, false);
  });
}

export async function updateRecord<K extends RecordKind>(
  db: Database, user: AuthUser, actor: Actor, kind: K, id: string, input: Values & { version: number }, now: Date,
): Promise<ViewOf<K>> {
  const spec: Spec = SPECS[kind];
  const patch = pick(spec, input);
  return db.transaction(async (tx) => {
    const before = await recordInScope(tx, user, kind, id, true) as unknown as Values & Stamp;
    if (before.version !== input.version) throw versionConflict();
    const merged = { ...before, ...patch };
    const bad = problems(kind, merged, now);
    if (bad.length) throw invalid(bad);
    const changed = Object.keys(patch).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(normalised(spec.columns[k], patch[k])));
    if (changed.length === 0) return before as unknown as ViewOf<K>;
    await tx.execute(sql`UPDATE ${sql.identifier(spec.table)} SET
      ${sql.join(changed.map((k) => sql`${sql.identifier(spec.columns[k].column)} = ${valueOf(spec.columns[k], patch[k])}`), sql`, `)},
      updated_at = ${now.toISOString()}::timestamptz, version = version + 1
      WHERE id = ${id}`);
    await appendAudit(tx, actor, {
      unitId: before.unitId, entityType: spec.entity, entityId: id, action: 'update',
      before: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])), after: Object.fromEntries(changed.map((k) => [k, patch[k] ?? null])),
    });
    return recordInScope(tx, user, kind, id, false);
  });
}

/** How a value reads back, so an unchanged field is not reported as a change. */
function normalised(c: Column, v: unknown): unknown {
  if (v == null) return null;
  if (c.type === 'timestamptz') return iso(v as string);
  return v;
}

export async function deleteRecord(
  db: Database, user: AuthUser, actor: Actor, kind: RecordKind, id: string, version: number | undefined,
): Promise<{ id: string; deleted: true }> {
  const spec: Spec = SPECS[kind];
  return db.transaction(async (tx) => {
    const before = await recordInScope(tx, user, kind, id, true) as unknown as Values & Stamp;
    if (version !== undefined && before.version !== version) throw versionConflict();
    await tx.execute(sql`DELETE FROM ${sql.identifier(spec.table)} WHERE id = ${id}`);
    await appendAudit(tx, actor, { unitId: before.unitId, entityType: spec.entity, entityId: id, action: 'delete', before });
    return { id, deleted: true as const };
  });
}
