import { describe, expect, it } from 'vitest';
import {
  ACTIVE_OFFICER_STATUSES,
  assetTagProblem,
  DEFAULT_EQUIPMENT_CATEGORIES,
  equipmentAttributeProblems,
  isoDateProblem,
  normalizeAssetTag,
  normalizeAttributes,
  PERSONAL_KIT_CODES,
  plateNumberProblem,
  SQUADRON_EQUIPMENT_CODES,
  SQUADRON_KINDS,
  terminalPhoneProblem,
  type OfficerStatus,
  type UnitKind,
} from '@cg/domain';
import { generateDemoData, generateDemoEquipment, type DemoEquipmentItem } from './index.ts';

const AS_OF = '2026-11-01';
const asOfMs = Date.parse(`${AS_OF}T00:00:00Z`);
const data = generateDemoData();
const items = generateDemoEquipment(data);

const categories = new Map(DEFAULT_EQUIPMENT_CATEGORIES.map((c) => [c.code, c]));
const officers = new Map(data.officers.map((o) => [o.idNumber, o]));
const units = new Map(data.units.map((u) => [u.code, u]));
const isSquadron = (kind: UnitKind) => SQUADRON_KINDS.includes(kind);
const isActive = (status: OfficerStatus) => ACTIVE_OFFICER_STATUSES.includes(status);
const squadrons = data.units.filter((u) => isSquadron(u.kind));
const activeOfficers = data.officers.filter((o) => isActive(o.status) && isSquadron(units.get(o.unitCode)!.kind));

const byCategory = (code: string) => items.filter((i) => i.categoryCode === code);
const share = (part: number, whole: number) => part / whole;
function countBy<T>(list: readonly T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of list) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
}
function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

describe('generateDemoEquipment', () => {
  it('is deterministic in (data, seed, asOf) and uses its own stream', () => {
    expect(generateDemoEquipment(generateDemoData())).toEqual(items);
    const other = generateDemoEquipment(data, { seed: 7 });
    expect(other).not.toEqual(items);
    expect(generateDemoEquipment(data, { seed: 7 })).toEqual(other);
    expect(generateDemoEquipment(data, { asOf: '2025-06-30' })[0].purchaseDate).not.toBe(items[0].purchaseDate);
    // scale is accepted for symmetry with generateDemoData but multiplies nothing.
    expect(generateDemoEquipment(data, { scale: 5 })).toEqual(items);
  });

  it('rejects bad options', () => {
    expect(() => generateDemoEquipment(data, { seed: 1.5 })).toThrow();
    expect(() => generateDemoEquipment(data, { asOf: '2026-02-30' })).toThrow();
    expect(() => generateDemoEquipment(data, { scale: -1 })).toThrow();
  });

  it('gives only squadrons and district HQs equipment, from the built-in catalogue', () => {
    for (const i of items) {
      const kind = units.get(i.unitCode)?.kind;
      expect(kind === '区局' || (kind !== undefined && isSquadron(kind)), i.assetTag).toBe(true);
      expect(categories.has(i.categoryCode), i.categoryCode).toBe(true);
      if (kind === '区局') expect(['vehicle', 'beidou_terminal']).toContain(i.categoryCode);
    }
  });

  it('has valid attributes for every item, already in canonical form', () => {
    const bad: string[] = [];
    for (const i of items) {
      const defs = categories.get(i.categoryCode)!.attributes;
      const problems = equipmentAttributeProblems(defs, i.attributes);
      if (problems.length) bad.push(`${i.assetTag}: ${problems.map((p) => p.message).join('; ')}`);
      else if (JSON.stringify(normalizeAttributes(defs, i.attributes)) !== JSON.stringify(i.attributes)) bad.push(`${i.assetTag}: not canonical`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('has unique, well-formed identifiers', () => {
    for (const i of items) {
      expect(assetTagProblem(i.assetTag), i.assetTag).toBeNull();
      expect(normalizeAssetTag(i.assetTag)).toBe(i.assetTag);
      expect(i.model.trim()).not.toBe('');
    }
    expect(duplicates(items.map((i) => i.assetTag))).toEqual([]);
    const serials = items.filter((i) => i.serialNo !== null).map((i) => `${i.model}\u0000${i.serialNo}`);
    expect(duplicates(serials)).toEqual([]);
    expect(share(items.length - serials.length, items.length)).toBeLessThan(0.03);

    const plates = byCategory('vehicle').map((v) => v.attributes.plate as string);
    for (const p of plates) expect(plateNumberProblem(p), p).toBeNull();
    expect(duplicates(plates)).toEqual([]);
    expect(plates.some((p) => /^沪[A-Z][DF][A-Z0-9]\d{4}$/.test(p))).toBe(true); // new-energy plates
    for (const v of byCategory('vehicle')) expect(v.serialNo, 'VIN').toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);

    const terminals = byCategory('beidou_terminal');
    const phones = terminals.map((t) => t.attributes.terminalPhone as string);
    for (const p of phones) {
      expect(terminalPhoneProblem(p), p).toBeNull();
      expect(p).toMatch(/^(0\d{11}|1\d{10})$/);
    }
    expect(duplicates(phones.map((p) => p.replace(/^0/, '')))).toEqual([]);
    expect(duplicates(terminals.map((t) => t.attributes.terminalId as string))).toEqual([]);
    expect(duplicates(terminals.map((t) => t.attributes.sim as string))).toEqual([]);
    expect(duplicates(byCategory('handheld_terminal').map((t) => t.attributes.imei as string))).toEqual([]);
  });

  it('names holders and 责任人 who exist in the same unit; holders are on duty', () => {
    for (const i of items) {
      for (const id of [i.responsibleIdNumber, i.holderIdNumber]) {
        if (id === null) continue;
        const o = officers.get(id);
        expect(o, `${i.assetTag} → ${id}`).toBeDefined();
        expect(o!.unitCode, i.assetTag).toBe(i.unitCode);
      }
      if (i.holderIdNumber) expect(isActive(officers.get(i.holderIdNumber)!.status)).toBe(true);
    }
  });

  it('keeps status, holder and return date consistent with the ledger rules', () => {
    for (const i of items) {
      const perOfficer = categories.get(i.categoryCode)!.perOfficer;
      switch (i.status) {
        case '借出':
          expect(i.holderIdNumber, i.assetTag).not.toBeNull();
          expect(i.expectedReturnAt, i.assetTag).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
          break;
        case '在用':
          expect(perOfficer, i.assetTag).toBe(true);
          expect(i.holderIdNumber, i.assetTag).not.toBeNull();
          if (i.responsibleIdNumber) expect(i.responsibleIdNumber).toBe(i.holderIdNumber);
          expect(i.expectedReturnAt).toBeNull();
          break;
        default:
          expect(i.holderIdNumber, i.assetTag).toBeNull();
          expect(i.expectedReturnAt, i.assetTag).toBeNull();
      }
    }
    const loans = items.filter((i) => i.status === '借出');
    const overdue = loans.filter((i) => Date.parse(i.expectedReturnAt!) < asOfMs);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThan(loans.length);
  });

  it('has plausible dates', () => {
    for (const i of items) {
      if (i.purchaseDate === null) {
        expect(i.warrantyUntil).toBeNull();
        continue;
      }
      expect(isoDateProblem(i.purchaseDate)).toBeNull();
      expect(isoDateProblem(i.warrantyUntil!)).toBeNull();
      expect(i.purchaseDate < AS_OF).toBe(true);
      expect(i.warrantyUntil! > i.purchaseDate).toBe(true);
    }
  });

  it('gives each squadron 2–4 vehicles and each district HQ 1–3, with a 北斗 terminal per fitted vehicle', () => {
    const vehicles = countBy(byCategory('vehicle'), (v) => v.unitCode);
    for (const s of squadrons) {
      expect(vehicles.get(s.code), s.name).toBeGreaterThanOrEqual(2);
      expect(vehicles.get(s.code), s.name).toBeLessThanOrEqual(4);
    }
    for (const d of data.units.filter((u) => u.kind === '区局')) {
      expect(vehicles.get(d.code), d.name).toBeGreaterThanOrEqual(1);
      expect(vehicles.get(d.code), d.name).toBeLessThanOrEqual(3);
    }
    const all = byCategory('vehicle');
    expect(share(all.filter((v) => v.attributes.hasDashcam).length, all.length)).toBeCloseTo(0.9, 1);
    const fitted = all.filter((v) => v.attributes.hasBeidou);
    expect(share(fitted.length, all.length)).toBeCloseTo(0.85, 1);
    expect(all.some((v) => v.attributes.has4gVideo)).toBe(true);

    const terminals = byCategory('beidou_terminal');
    expect(terminals.length).toBe(fitted.length);
    const plateUnit = new Map(fitted.map((v) => [v.attributes.plate as string, v.unitCode]));
    for (const t of terminals) expect(plateUnit.get(t.location!), t.assetTag).toBe(t.unitCode);
    expect(new Set(terminals.map((t) => t.location)).size).toBe(terminals.length);
  });

  it('issues personal kit to roughly the specified share of officers on duty', () => {
    const ratio = (codes: string[]) =>
      share(new Set(items.filter((i) => codes.includes(i.categoryCode)).map((i) => i.responsibleIdNumber ?? i.holderIdNumber ?? i.assetTag)).size, activeOfficers.length);
    expect(ratio(['handheld_terminal'])).toBeGreaterThan(0.85);
    expect(ratio(['handheld_terminal'])).toBeLessThan(0.96);
    expect(ratio(['radio'])).toBeGreaterThan(0.88);
    expect(ratio(['radio'])).toBeLessThan(0.97);
    expect(ratio(['body_camera', 'body_camera_4g'])).toBeGreaterThan(0.8);
    expect(ratio(['body_camera', 'body_camera_4g'])).toBeLessThan(0.92);
    expect(share(byCategory('body_camera_4g').length, byCategory('body_camera_4g').length + byCategory('body_camera').length)).toBeCloseTo(0.2, 1);
    // Nobody gets two of one kind, and only officers on duty get any.
    for (const code of PERSONAL_KIT_CODES) {
      const ids = items.filter((i) => i.categoryCode === code && i.status === '在用').map((i) => i.holderIdNumber!);
      expect(duplicates(ids)).toEqual([]);
    }
    for (const i of items) {
      if (categories.get(i.categoryCode)!.perOfficer && i.holderIdNumber) {
        expect(isActive(officers.get(i.holderIdNumber)!.status)).toBe(true);
      }
    }
  });

  it('equips most squadrons with the required 中队装备, leaving a few gaps', () => {
    for (const code of SQUADRON_EQUIPMENT_CODES) {
      const present = new Set(byCategory(code).map((i) => i.unitCode));
      const coverage = share(present.size, squadrons.length);
      expect(coverage, code).toBeGreaterThan(0.84);
      expect(coverage, code).toBeLessThan(0.96);
      for (const i of byCategory(code)) {
        if (i.status === '在库' && i.responsibleIdNumber) {
          expect(['内勤', '中队长']).toContain(officers.get(i.responsibleIdNumber)!.position);
        }
      }
    }
    const cameras = byCategory('surveillance');
    const rooms = DEFAULT_EQUIPMENT_CATEGORIES.find((c) => c.code === 'surveillance')!.attributes.find((a) => a.key === 'location')!.options!;
    for (const c of cameras) {
      expect(rooms).toContain(c.location);
      expect(c.attributes.location).toBe(c.location);
      expect(c.attributes.retentionDays).toBeGreaterThanOrEqual(15);
      expect(c.attributes.retentionDays).toBeLessThanOrEqual(90);
    }
    expect(share(new Set(cameras.map((c) => c.unitCode)).size, squadrons.length)).toBeGreaterThan(0.7);
    const conference = share(new Set(byCategory('video_conference').map((i) => i.unitCode)).size, squadrons.length);
    expect(conference).toBeGreaterThan(0.4);
    expect(conference).toBeLessThan(0.6);
    const drones = share(new Set(byCategory('drone').map((i) => i.unitCode)).size, squadrons.length);
    expect(drones).toBeGreaterThan(0.08);
    expect(drones).toBeLessThan(0.22);
  });

  it('sprinkles repairs, write-offs, losses, loans and missing 责任人 at about the specified rates', () => {
    const status = countBy(items, (i) => i.status);
    const rate = (s: string) => share(status.get(s) ?? 0, items.length);
    expect(rate('维修')).toBeGreaterThan(0.02);
    expect(rate('维修')).toBeLessThan(0.04);
    expect(rate('报废')).toBeGreaterThan(0.005);
    expect(rate('报废')).toBeLessThan(0.016);
    expect(rate('遗失')).toBeGreaterThan(0.002);
    expect(rate('遗失')).toBeLessThan(0.009);
    expect(rate('借出')).toBeGreaterThan(0.013);
    expect(rate('借出')).toBeLessThan(0.027);
    const noResponsible = share(items.filter((i) => i.responsibleIdNumber === null).length, items.length);
    expect(noResponsible).toBeGreaterThan(0.02);
    expect(noResponsible).toBeLessThan(0.04);
  });

  it('follows the officers when the data is scaled up, keeping identifiers unique', () => {
    const big = generateDemoData({ scale: 6 });
    const list: DemoEquipmentItem[] = generateDemoEquipment(big);
    expect(list.length / items.length).toBeGreaterThan(5);
    expect(duplicates(list.map((i) => i.assetTag))).toEqual([]);
    expect(duplicates(list.filter((i) => i.serialNo).map((i) => `${i.model}\u0000${i.serialNo}`))).toEqual([]);
    expect(duplicates(list.filter((i) => i.categoryCode === 'vehicle').map((i) => i.attributes.plate as string))).toEqual([]);
    const phones = list.filter((i) => i.categoryCode === 'beidou_terminal').map((i) => (i.attributes.terminalPhone as string).replace(/^0/, ''));
    expect(duplicates(phones)).toEqual([]);
  });
});
