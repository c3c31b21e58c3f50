// Seeds realistic demo data on first start: the Shanghai organisation with demo jurisdictions, officers, demo logins.
import { randomUUID } from 'node:crypto';
import { generateDemoData, generateDemoEquipment, DEMO_DISTRICT_CODE, DEMO_SQUADRON_CODE, type DemoEquipmentItem } from '@cg/demo-data';
import { assessOfficerQuality, geometryBBox, geometryCentroid, type JurisdictionGeometry } from '@cg/domain';
import {
  equipmentItems, equipmentLedger, officers, queryOne, queryRows, sql, systemSettings, units, users, type Database, type Executor,
} from '@cg/db';
import { SYSTEM_ACTOR } from '../core/context.ts';
import { appendAudit } from '../modules/audit/audit.service.ts';
import { ensureBuiltinCategories } from '../modules/equipment/equipment.service.ts';
import { hashPassword, verifyPassword } from '../modules/auth/password.ts';
import { DEMO_USERS } from './demo-users.ts';

export interface SeedOptions {
  scale?: number;
  seed?: number;
  /** Reference date: freshness of demo records is relative to it (default now). */
  asOf?: Date;
  /** Skip demo logins (benchmarks). */
  users?: boolean;
  /** Seed the 执法装备库 too (default true). */
  equipment?: boolean;
  onProgress?: (message: string) => void;
}

export interface SeedResult {
  units: number;
  officers: number;
  equipment: number;
  users: number;
  ms: number;
}

export async function isSeeded(db: Database): Promise<boolean> {
  const row = await queryOne<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM units`);
  return (row?.n ?? 0) > 0;
}

export async function seedDemoData(db: Database, options: SeedOptions = {}): Promise<SeedResult> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => {});
  const asOf = options.asOf ?? new Date();
  const data = generateDemoData({ scale: options.scale ?? 1, seed: options.seed ?? 2018_100, asOf: asOf.toISOString().slice(0, 10) });
  progress(`生成演示数据：${data.units.length} 个单位，${data.officers.length} 名人员`);

  const unitIds = new Map<string, { id: string; path: string; depth: number }>();
  let equipmentCount = 0;
  const unitRows = data.units.map((u) => {
    const id = randomUUID();
    const parent = u.parentCode ? unitIds.get(u.parentCode) : undefined;
    if (u.parentCode && !parent) throw new Error(`demo unit ${u.code}: parent ${u.parentCode} not generated first`);
    const path = `${parent?.path ?? '/'}${id}/`;
    const depth = parent ? parent.depth + 1 : 0;
    unitIds.set(u.code, { id, path, depth });
    const geometry = u.jurisdiction as JurisdictionGeometry | null;
    const bbox = geometry ? geometryBBox(geometry) : null;
    const center = u.center ?? (geometry ? geometryCentroid(geometry) : null);
    return {
      id, parentId: parent?.id ?? null, code: u.code, name: u.name, shortName: u.shortName, kind: u.kind, path, depth,
      sortOrder: u.sortOrder, contactPerson: u.contactPerson, contactPhone: u.contactPhone, address: u.address,
      jurisdiction: geometry, geometrySource: u.geometrySource, minLon: bbox?.[0] ?? null, minLat: bbox?.[1] ?? null,
      maxLon: bbox?.[2] ?? null, maxLat: bbox?.[3] ?? null, centerLon: center?.[0] ?? null, centerLat: center?.[1] ?? null,
    };
  });

  await db.transaction(async (tx) => {
    for (let i = 0; i < unitRows.length; i += 200) await tx.insert(units).values(unitRows.slice(i, i + 200));
    progress(`写入组织机构：${unitRows.length} 个单位`);

    const defaultTouched = new Date(asOf.getTime() - 200 * 86_400_000);
    const officerIds = new Map<string, string>();
    for (let i = 0; i < data.officers.length; i += 1000) {
      const batch = data.officers.slice(i, i + 1000).map((o) => {
        const unitId = unitIds.get(o.unitCode)!.id;
        const touched = o.confirmedAt ? new Date(o.confirmedAt) : defaultTouched;
        const q = assessOfficerQuality({ ...o, unitId, confirmedAt: o.confirmedAt, updatedAt: touched }, asOf);
        return {
          unitId, name: o.name, gender: o.gender, idNumber: o.idNumber, badgeNo: o.badgeNo || null, position: o.position,
          phone: o.phone || null, status: o.status, hireDate: o.hireDate, certStatus: o.certStatus, certExpiry: o.certExpiry,
          confirmedAt: o.confirmedAt ? new Date(o.confirmedAt) : null, qualityIncomplete: !q.complete,
          qualityInvalid: q.problems.some((p) => p.kind === 'invalid' && p.field !== 'certStatus'),
          createdAt: touched, updatedAt: touched,
        };
      });
      const inserted = await tx.insert(officers).values(batch).returning({ id: officers.id, idNumber: officers.idNumber });
      for (const r of inserted) officerIds.set(r.idNumber, r.id);
      if ((i / 1000) % 20 === 19) progress(`写入人员：${i + batch.length} / ${data.officers.length}`);
    }

    if (options.equipment !== false) {
      equipmentCount = await seedEquipment(tx, generateDemoEquipment(data, { seed: options.seed ?? 2018_100, asOf: asOf.toISOString().slice(0, 10) }),
        (code) => unitIds.get(code)!.id, (idNumber) => officerIds.get(idNumber) ?? null, asOf);
      progress(`写入执法装备库：${equipmentCount} 件装备`);
    }

    let userCount = 0;
    if (options.users !== false) {
      const city = data.units.find((u) => u.parentCode === null)!;
      const unitFor = { city: city.code, district: DEMO_DISTRICT_CODE, squadron: DEMO_SQUADRON_CODE };
      for (const du of DEMO_USERS) {
        const unitId = unitIds.get(unitFor[du.at])!.id;
        const officer = du.officerPosition
          ? await queryOne<{ id: string }>(tx, sql`SELECT id FROM officers WHERE unit_id = ${unitId} AND position = ${du.officerPosition} ORDER BY name LIMIT 1`)
          : undefined;
        await tx.insert(users).values({
          username: du.username, displayName: du.displayName, role: du.role, unitId, officerId: officer?.id ?? null,
          passwordHash: await hashPassword(du.password),
        });
        userCount += 1;
      }
    }
    await tx.insert(systemSettings).values({
      key: 'demo_seed', value: { at: new Date().toISOString(), scale: options.scale ?? 1, units: unitRows.length, officers: data.officers.length, equipment: equipmentCount },
    });
    await appendAudit(tx, SYSTEM_ACTOR, {
      unitId: unitRows[0].id, entityType: 'system', entityId: 'demo-seed', action: 'seed',
      after: { units: unitRows.length, officers: data.officers.length, equipment: equipmentCount, users: userCount, geometry: 'demo' },
    });
  });
  const counts = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM users`);
  return { units: unitRows.length, officers: data.officers.length, equipment: equipmentCount, users: counts[0].n, ms: Date.now() - started };
}

/** Demo accounts whose password is still the published one (the server refuses to run in production with any). */
export async function demoAccountsWithDefaultPassword(db: Database): Promise<string[]> {
  const found: string[] = [];
  for (const du of DEMO_USERS) {
    const row = await queryOne<{ password_hash: string }>(db, sql`SELECT password_hash FROM users WHERE lower(username) = ${du.username}`);
    if (row && (await verifyPassword(row.password_hash, du.password))) found.push(du.username);
  }
  return found;
}

/** The ledger move that brought a demo item to its current status (after its registration). */
const STATUS_ACTION: Record<string, string | null> = { 在库: null, 在用: 'assign', 借出: 'issue', 维修: 'send_repair', 报废: 'scrap', 遗失: 'lose' };

/**
 * Demo 执法装备库: items with a consistent 台账 (registered on the purchase date, then the move to the current status),
 * so indicators replayed from the ledger see the same state as the items.
 */
async function seedEquipment(
  tx: Executor, items: DemoEquipmentItem[], unitIdOf: (code: string) => string, officerIdOf: (idNumber: string) => string | null, asOf: Date,
): Promise<number> {
  await ensureBuiltinCategories(tx);
  const categories = new Map((await queryRows<{ id: string; code: string }>(tx, sql`SELECT id, code FROM equipment_categories`)).map((c) => [c.code, c.id]));
  const moveAt = new Date(asOf.getTime() - 20 * 86_400_000);
  const ids = items.map(() => randomUUID());
  // A Beidou terminal in stock whose location names a working vehicle of its unit is installed in that vehicle (安装到车辆).
  const vehicleByPlate = new Map<string, string>();
  items.forEach((it, k) => {
    if (it.categoryCode === 'vehicle' && it.status !== '报废' && typeof it.attributes.plate === 'string') vehicleByPlate.set(`${it.unitCode}|${it.attributes.plate}`, ids[k]);
  });
  for (let i = 0; i < items.length; i += 1000) {
    const batch = items.slice(i, i + 1000).map((it, k) => {
      const vehicleId = it.categoryCode === 'beidou_terminal' && it.status === '在库' && it.location
        ? vehicleByPlate.get(`${it.unitCode}|${it.location}`) ?? null : null;
      return {
        id: ids[i + k], unitId: unitIdOf(it.unitCode), categoryId: categories.get(it.categoryCode)!, assetTag: it.assetTag,
        serialNo: it.serialNo, brand: it.brand, model: it.model, status: vehicleId ? '在用' : it.status,
        responsibleOfficerId: it.responsibleIdNumber ? officerIdOf(it.responsibleIdNumber) : null,
        holderOfficerId: it.holderIdNumber ? officerIdOf(it.holderIdNumber) : null, holderVehicleId: vehicleId,
        expectedReturnAt: it.expectedReturnAt ? new Date(it.expectedReturnAt) : null, purchaseDate: it.purchaseDate,
        warrantyUntil: it.warrantyUntil, attributes: it.attributes, location: it.location,
      };
    });
    // Vehicles first: a terminal's holder_vehicle_id must point at an inserted row.
    batch.sort((a, b) => Number(a.holderVehicleId !== null) - Number(b.holderVehicleId !== null));
    await tx.insert(equipmentItems).values(batch.filter((b) => b.holderVehicleId === null));
    const fitted = batch.filter((b) => b.holderVehicleId !== null);
    if (fitted.length) await tx.insert(equipmentItems).values(fitted);
    const ledger = batch.flatMap((it) => {
      const registered = it.purchaseDate ? new Date(`${it.purchaseDate}T10:00:00+08:00`) : new Date(asOf.getTime() - 400 * 86_400_000);
      const entries: (typeof equipmentLedger.$inferInsert)[] = [
        { itemId: it.id, unitId: it.unitId, action: 'register', toStatus: '在库', actorName: '系统（演示数据）', at: registered },
      ];
      const action = it.holderVehicleId ? 'fit' : STATUS_ACTION[it.status];
      if (action === 'fit') {
        entries.push({
          itemId: it.id, unitId: it.unitId, action, fromStatus: '在库', toStatus: '在用', note: `安装到${it.location}`,
          actorName: '系统（演示数据）', at: registered,
        });
      } else if (action) {
        entries.push({
          itemId: it.id, unitId: it.unitId, action, fromStatus: '在库', toStatus: it.status, officerId: it.holderOfficerId,
          expectedReturnAt: it.expectedReturnAt, actorName: '系统（演示数据）', at: registered > moveAt ? registered : moveAt,
        });
      }
      return entries;
    });
    for (let j = 0; j < ledger.length; j += 1000) await tx.insert(equipmentLedger).values(ledger.slice(j, j + 1000));
  }
  return items.length;
}
