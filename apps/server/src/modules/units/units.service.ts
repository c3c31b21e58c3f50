// 组织机构: the unit tree, jurisdictions and the point-in-jurisdiction lookup other modules use for routing.
import { randomUUID } from 'node:crypto';
import {
  CHILD_UNIT_KINDS, geometryBBox, geometryCentroid, pointInGeometry, SQUADRON_KINDS, validateJurisdictionGeometry,
  type JurisdictionGeometry, type UnitKind,
} from '@cg/domain';
import { eq, queryOne, queryRows, sql, units, type Database, type Executor } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, conflict, notFound, versionConflict } from '../../core/errors.ts';
import type { Paged } from '../../core/pagination.ts';
import { appendAudit, diff } from '../audit/audit.service.ts';

export interface UnitRow {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  path: string;
  depth: number;
  sortOrder: number;
  contactPerson: string | null;
  contactPhone: string | null;
  address: string | null;
  centerLon: number | null;
  centerLat: number | null;
  geometrySource: string | null;
  version: number;
}

const unitColumns = sql`id, parent_id AS "parentId", code, name, short_name AS "shortName", kind, path, depth,
  sort_order AS "sortOrder", contact_person AS "contactPerson", contact_phone AS "contactPhone", address,
  center_lon AS "centerLon", center_lat AS "centerLat", geometry_source AS "geometrySource", version`;


/** Units already looked up for a user made by `withUnitMemo`. */
const unitMemos = new WeakMap<object, Map<string, UnitRow>>();

/**
 * The same user for one read-only pass that looks up the same units again and again (the evaluation asks each module,
 * and each module checks the unit): getUnitInScope answers repeats from memory while this object lives. Not for writes.
 */
export function withUnitMemo<U extends Pick<AuthUser, 'unitPath'>>(user: U): U {
  if (unitMemos.has(user)) return user;
  const memoized = { ...user };
  unitMemos.set(memoized, new Map());
  return memoized;
}

/** A unit the user may see, or 404. */
export async function getUnitInScope(db: Executor, user: Pick<AuthUser, 'unitPath'>, id: string): Promise<UnitRow> {
  const memo = unitMemos.get(user);
  const row = memo?.get(id) ?? await queryOne<UnitRow>(db, sql`SELECT ${unitColumns} FROM units WHERE id = ${id}`);
  if (!row || !row.path.startsWith(user.unitPath)) throw notFound('单位');
  memo?.set(id, row);
  return row;
}

export async function getUnitByCode(db: Executor, code: string): Promise<UnitRow | undefined> {
  return queryOne<UnitRow>(db, sql`SELECT ${unitColumns} FROM units WHERE code = ${code}`);
}

/** All units of the user's subtree (small: a few hundred rows city-wide). */
export async function unitsInScope(db: Executor, user: Pick<AuthUser, 'unitPath'>): Promise<UnitRow[]> {
  return queryRows<UnitRow>(db, sql`SELECT ${unitColumns} FROM units WHERE path LIKE ${user.unitPath + '%'} ORDER BY depth, sort_order, code`);
}

export interface UnitTreeNode {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  /** Officers of this unit and all units below it. */
  officerCount: number;
  children: UnitTreeNode[];
}

export async function unitTree(db: Executor, user: AuthUser): Promise<UnitTreeNode[]> {
  const rows = await unitsInScope(db, user);
  const counts = await queryRows<{ unit_id: string; n: number }>(db, sql`
    SELECT o.unit_id, count(*)::int AS n FROM officers o JOIN units u ON u.id = o.unit_id
    WHERE u.path LIKE ${user.unitPath + '%'} GROUP BY o.unit_id`);
  const direct = new Map(counts.map((c) => [c.unit_id, c.n]));
  const nodes = new Map<string, UnitTreeNode>();
  for (const r of rows) nodes.set(r.id, { id: r.id, code: r.code, name: r.name, kind: r.kind, officerCount: direct.get(r.id) ?? 0, children: [] });
  const roots: UnitTreeNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const total = (n: UnitTreeNode): number => (n.officerCount += n.children.reduce((s, c) => s + total(c), 0));
  roots.forEach(total);
  return roots;
}

export interface UnitFilter {
  q?: string;
  kind?: string;
  parentId?: string;
  rootId?: string;
  page: number;
  pageSize: number;
  sort: { field: 'code' | 'name' | 'kind'; desc: boolean };
}

export async function listUnits(db: Executor, user: AuthUser, f: UnitFilter): Promise<Paged<UnitRow & { officerCount: number }>> {
  const root = f.rootId ? await getUnitInScope(db, user, f.rootId) : null;
  const where = sql.join([
    sql`u.path LIKE ${(root?.path ?? user.unitPath) + '%'}`,
    f.q ? sql`(u.name ILIKE ${'%' + f.q + '%'} OR u.code ILIKE ${f.q + '%'})` : sql`true`,
    f.kind ? sql`u.kind = ${f.kind}` : sql`true`,
    f.parentId ? sql`u.parent_id = ${f.parentId}` : sql`true`,
  ], sql` AND `);
  const order = sql.raw(`u.${f.sort.field} ${f.sort.desc ? 'DESC' : 'ASC'}, u.code`);
  const [{ n }] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM units u WHERE ${where}`);
  const items = await queryRows<UnitRow & { officerCount: number }>(db, sql`
    SELECT ${sql.raw(unitColumnsPrefixed('u'))},
      (SELECT count(*)::int FROM officers o WHERE o.unit_id = u.id) AS "officerCount"
    FROM units u WHERE ${where} ORDER BY ${order} LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return { items, total: n, page: f.page, pageSize: f.pageSize };
}

function unitColumnsPrefixed(p: string): string {
  return `${p}.id, ${p}.parent_id AS "parentId", ${p}.code, ${p}.name, ${p}.short_name AS "shortName", ${p}.kind, ${p}.path,
    ${p}.depth, ${p}.sort_order AS "sortOrder", ${p}.contact_person AS "contactPerson", ${p}.contact_phone AS "contactPhone",
    ${p}.address, ${p}.center_lon AS "centerLon", ${p}.center_lat AS "centerLat", ${p}.geometry_source AS "geometrySource", ${p}.version`;
}

export async function unitDetail(db: Executor, user: AuthUser, id: string) {
  const unit = await getUnitInScope(db, user, id);
  const extra = await queryOne<{ jurisdiction: JurisdictionGeometry | null }>(db, sql`SELECT jurisdiction FROM units WHERE id = ${id}`);
  const ancestorIds = unit.path.split('/').filter(Boolean).slice(0, -1);
  const ancestors = ancestorIds.length
    ? await queryRows<{ id: string; name: string; kind: string; depth: number }>(db, sql`
        SELECT id, name, kind, depth FROM units WHERE id IN (${sql.join(ancestorIds.map((a) => sql`${a}`), sql`, `)}) ORDER BY depth`)
    : [];
  return { ...unit, jurisdiction: extra?.jurisdiction ?? null, ancestors: ancestors.map(({ id: aid, name, kind }) => ({ id: aid, name, kind })) };
}

export interface UnitCreateInput {
  parentId: string;
  code: string;
  name: string;
  shortName?: string;
  kind: UnitKind;
  contactPerson?: string;
  contactPhone?: string;
  address?: string;
}

export async function createUnit(db: Database, user: AuthUser, actor: Actor, input: UnitCreateInput): Promise<UnitRow> {
  return db.transaction(async (tx) => {
    const parent = await getUnitInScope(tx, user, input.parentId);
    if (!CHILD_UNIT_KINDS[parent.kind].includes(input.kind)) {
      throw new AppError(400, 'VALIDATION_FAILED', `“${parent.kind}”下不能设立“${input.kind}”`, [
        { field: 'kind', message: `“${parent.kind}”下只能设立：${CHILD_UNIT_KINDS[parent.kind].join('、') || '无下级单位'}` },
      ]);
    }
    if (await getUnitByCode(tx, input.code)) throw conflict(`单位编码 ${input.code} 已存在`, [{ field: 'code', message: '单位编码已存在' }]);
    const id = randomUUID();
    const [row] = await tx.insert(units).values({
      id, parentId: parent.id, code: input.code, name: input.name, shortName: input.shortName, kind: input.kind,
      path: `${parent.path}${id}/`, depth: parent.depth + 1, contactPerson: input.contactPerson,
      contactPhone: input.contactPhone, address: input.address,
    }).returning();
    await appendAudit(tx, actor, { unitId: id, entityType: 'unit', entityId: id, action: 'create', after: input });
    return (await getUnitInScope(tx, user, row.id));
  });
}

export interface UnitUpdateInput {
  version: number;
  name?: string;
  shortName?: string | null;
  contactPerson?: string | null;
  contactPhone?: string | null;
  address?: string | null;
}

export async function updateUnit(db: Database, user: AuthUser, actor: Actor, id: string, input: UnitUpdateInput): Promise<UnitRow> {
  return db.transaction(async (tx) => {
    const unit = await getUnitInScope(tx, user, id);
    if (unit.version !== input.version) throw versionConflict();
    const { version: _v, ...changes } = input;
    const d = diff(unit as unknown as Record<string, unknown>, changes);
    if (!d) return unit;
    await tx.update(units).set({ ...changes, version: unit.version + 1, updatedAt: new Date() }).where(eq(units.id, id));
    await appendAudit(tx, actor, { unitId: id, entityType: 'unit', entityId: id, action: 'update', ...d });
    return getUnitInScope(tx, user, id);
  });
}

export interface GeoJsonFeature {
  type: 'Feature';
  properties: { code: string; name: string; kind: string; geometrySource: string | null };
  geometry: JurisdictionGeometry;
}

export async function exportJurisdictions(db: Executor, user: AuthUser, rootId?: string) {
  const root = rootId ? await getUnitInScope(db, user, rootId) : null;
  const rows = await queryRows<{ code: string; name: string; kind: string; geometry_source: string | null; jurisdiction: JurisdictionGeometry; id: string; depth: number }>(db, sql`
    SELECT id, code, name, kind, depth, geometry_source, jurisdiction FROM units
    WHERE path LIKE ${(root?.path ?? user.unitPath) + '%'} AND jurisdiction IS NOT NULL ORDER BY depth, sort_order, code`);
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      properties: { id: r.id, code: r.code, name: r.name, kind: r.kind, depth: r.depth, geometrySource: r.geometry_source },
      geometry: r.jurisdiction,
    })),
  };
}

/** Replaces jurisdictions of units named by `properties.code`; every feature must be valid and in scope, or nothing changes. */
export async function importJurisdictions(
  db: Database, user: AuthUser, actor: Actor, features: { properties: Record<string, unknown> | null; geometry: unknown }[],
): Promise<{ updated: number }> {
  const errors: { field: string; message: string }[] = [];
  const prepared: { code: string; geometry: JurisdictionGeometry }[] = [];
  const seen = new Set<string>();
  features.forEach((f, i) => {
    const code = f.properties?.code;
    if (typeof code !== 'string' || !code) {
      errors.push({ field: `features.${i}.properties.code`, message: `第 ${i + 1} 个要素缺少单位编码（properties.code）` });
      return;
    }
    if (seen.has(code)) errors.push({ field: `features.${i}.properties.code`, message: `第 ${i + 1} 个要素：单位编码 ${code} 重复` });
    seen.add(code);
    const v = validateJurisdictionGeometry(f.geometry);
    if (!v.ok) errors.push({ field: `features.${i}.geometry`, message: `第 ${i + 1} 个要素（${code}）：${v.message}` });
    else prepared.push({ code, geometry: v.geometry });
  });
  return db.transaction(async (tx) => {
    const byCode = new Map<string, UnitRow>();
    for (const p of prepared) {
      const unit = await getUnitByCode(tx, p.code);
      if (!unit || !unit.path.startsWith(user.unitPath)) {
        errors.push({ field: 'properties.code', message: `单位编码 ${p.code} 不存在或不在您的管辖范围内` });
      } else byCode.set(p.code, unit);
    }
    if (errors.length) throw new AppError(400, 'VALIDATION_FAILED', `GeoJSON 有 ${errors.length} 处错误，未导入任何辖区`, errors);
    for (const p of prepared) {
      const unit = byCode.get(p.code)!;
      const [minLon, minLat, maxLon, maxLat] = geometryBBox(p.geometry);
      const [centerLon, centerLat] = geometryCentroid(p.geometry);
      await tx.update(units).set({
        jurisdiction: p.geometry, geometrySource: 'imported', minLon, minLat, maxLon, maxLat, centerLon, centerLat,
        version: unit.version + 1, updatedAt: new Date(),
      }).where(eq(units.id, unit.id));
      await appendAudit(tx, actor, {
        unitId: unit.id, entityType: 'unit', entityId: unit.id, action: 'import-jurisdiction',
        before: { geometrySource: unit.geometrySource }, after: { geometrySource: 'imported', bbox: [minLon, minLat, maxLon, maxLat] },
      });
    }
    return { updated: prepared.length };
  });
}

/**
 * The squadron (中队) whose jurisdiction holds the point. Where polygons overlap (a 特定区域中队 inside a street),
 * the smallest jurisdiction wins. Candidates come from the bounding-box index; the exact test runs here.
 */
export async function locateSquadron(db: Executor, lon: number, lat: number): Promise<UnitRow | null> {
  const candidates = await queryRows<UnitRow & { jurisdiction: JurisdictionGeometry; area: number }>(db, sql`
    SELECT ${sql.raw(unitColumnsPrefixed('u'))}, u.jurisdiction, (u.max_lon - u.min_lon) * (u.max_lat - u.min_lat) AS area
    FROM units u
    WHERE u.kind IN (${sql.join(SQUADRON_KINDS.map((k) => sql`${k}`), sql`, `)})
      AND u.jurisdiction IS NOT NULL
      AND u.min_lon <= ${lon} AND u.max_lon >= ${lon} AND u.min_lat <= ${lat} AND u.max_lat >= ${lat}
    ORDER BY area ASC`);
  const hit = candidates.find((c) => pointInGeometry(lon, lat, c.jurisdiction));
  if (!hit) return null;
  const { jurisdiction: _j, area: _a, ...unit } = hit;
  return unit;
}

export async function ancestorsOf(db: Executor, unit: Pick<UnitRow, 'path'>) {
  const ids = unit.path.split('/').filter(Boolean);
  return queryRows<{ id: string; code: string; name: string; kind: string }>(db, sql`
    SELECT id, code, name, kind FROM units WHERE id IN (${sql.join(ids.map((a) => sql`${a}`), sql`, `)}) ORDER BY depth`);
}
