import { describe, expect, it } from 'vitest';
import {
  assessOfficerQuality,
  genderFromIdNumber,
  isValidIdNumber,
  shanghaiStartOfDay,
  SQUADRON_KINDS,
  validateJurisdictionGeometry,
} from '@cg/domain';
import {
  DEMO_DISTRICT_CODE,
  DEMO_SQUADRON_CODE,
  generateDemoData,
  summarize,
  type DemoData,
  type PolygonOrMultiPolygon,
} from './index.ts';

const DISTRICT_CODES: Record<string, string> = {
  '310101': '黄浦区', '310104': '徐汇区', '310105': '长宁区', '310106': '静安区', '310107': '普陀区',
  '310109': '虹口区', '310110': '杨浦区', '310112': '闵行区', '310113': '宝山区', '310114': '嘉定区',
  '310115': '浦东新区', '310116': '金山区', '310117': '松江区', '310118': '青浦区', '310120': '奉贤区',
  '310151': '崇明区',
};

const data: DemoData = generateDemoData();
const byCode = new Map(data.units.map((u) => [u.code, u]));

/** Ray casting; holes respected. */
function pointIn([x, y]: [number, number], geometry: PolygonOrMultiPolygon): boolean {
  const inRing = (ring: [number, number][]) => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polys.some((rings) => inRing(rings[0]) && !rings.slice(1).some(inRing));
}

function rings(geometry: PolygonOrMultiPolygon): [number, number][][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

describe('generateDemoData', () => {
  it('is deterministic for the same options and varies with the seed', () => {
    const a = generateDemoData({ seed: 42 });
    const b = generateDemoData({ seed: 42 });
    expect(a).toEqual(b);
    const c = generateDemoData({ seed: 43 });
    expect(c.officers.map((o) => o.idNumber)).not.toEqual(a.officers.map((o) => o.idNumber));
    // the organisation tree itself does not depend on the seed
    expect(c.units.map((u) => u.code)).toEqual(a.units.map((u) => u.code));
    // results are independent copies
    a.units[0].jurisdiction = null;
    expect(generateDemoData({ seed: 42 }).units[0].jurisdiction).not.toBeNull();
  });

  it('has the city bureau and the 16 districts with their GB/T 2260 codes', () => {
    expect(data.units[0]).toMatchObject({ code: '310000', parentCode: null, kind: '市局', name: '上海市城市管理行政执法局' });
    const districts = data.units.filter((u) => u.kind === '区局');
    expect(districts).toHaveLength(16);
    for (const d of districts) {
      expect(d.name).toBe(`${DISTRICT_CODES[d.code]}城管执法局`);
      expect(d.parentCode).toBe('310000');
    }
    expect(byCode.get('310101')?.shortName).toBe('黄浦');
    const direct = data.units.filter((u) => u.kind === '直属单位').map((u) => u.name);
    expect(direct).toEqual(['市局执法总队', '市水管处', '机场地区执法支队', '自贸区综合执法大队']);
  });

  it('has ≥ 200 street/town squadrons, one mobile squadron per district and the demo login units', () => {
    const streets = data.units.filter((u) => u.kind === '街镇乡中队');
    expect(streets.length).toBeGreaterThanOrEqual(200);
    for (const s of streets) expect(s.name).toMatch(/(街道|镇|乡|新区|工业区)中队$/);
    expect(new Set(streets.map((s) => s.shortName)).size).toBe(streets.length);
    expect(new Set(streets.map((s) => s.name)).size).toBe(streets.length);
    for (const code of Object.keys(DISTRICT_CODES)) {
      const mobile = data.units.filter((u) => u.kind === '机动中队' && u.code.startsWith(code));
      expect(mobile.map((u) => u.name)).toEqual([`${DISTRICT_CODES[code]}城管执法局机动中队`]);
    }
    expect(data.units.filter((u) => u.kind === '特定区域中队').length).toBeGreaterThanOrEqual(8);
    expect(byCode.get(DEMO_DISTRICT_CODE)?.name).toBe('黄浦区城管执法局');
    expect(byCode.get(DEMO_SQUADRON_CODE)).toMatchObject({ name: '南京东路街道中队', parentCode: DEMO_DISTRICT_CODE });
    expect(byCode.get('310101001')?.name).toBe('南京东路街道中队');
  });

  it('hangs every Pudong squadron under a 大队', () => {
    const brigades = data.units.filter((u) => u.kind === '大队');
    expect(brigades.length).toBeGreaterThanOrEqual(5);
    for (const b of brigades) {
      expect(b.parentCode).toBe('310115');
      expect(b.code).toMatch(/^310115D\d{2}$/);
    }
    const pudongSquadrons = data.units.filter((u) => SQUADRON_KINDS.includes(u.kind) && u.code.startsWith('310115'));
    expect(pudongSquadrons.length).toBeGreaterThan(30);
    for (const s of pudongSquadrons) expect(byCode.get(s.parentCode!)?.kind).toBe('大队');
    for (const b of brigades) expect(pudongSquadrons.some((s) => s.parentCode === b.code)).toBe(true);
  });

  it('lists units parent-before-child with unique, well-formed codes', () => {
    const seen = new Set<string>();
    for (const u of data.units) {
      expect(u.code).toMatch(/^[0-9A-Z][0-9A-Z-]{1,31}$/);
      expect(seen.has(u.code)).toBe(false);
      if (u.parentCode !== null) expect(seen.has(u.parentCode)).toBe(true);
      seen.add(u.code);
      if (SQUADRON_KINDS.includes(u.kind)) expect(u.code).toMatch(/^(31\d{4}|3100Z\d)\d{3}$/);
      expect(u.contactPerson.length).toBeGreaterThanOrEqual(2);
      expect(u.contactPhone).toMatch(/^1[3-9]\d{9}$/);
      expect(u.address).toMatch(/^上海市/);
    }
    expect(data.units.filter((u) => u.parentCode === null)).toHaveLength(1);
  });

  it('generates officers with valid, unique ID numbers and badge numbers, gender matching the ID', () => {
    const { officers } = data;
    expect(officers.length).toBeGreaterThan(5000);
    expect(officers.length).toBeLessThan(6500);
    const ids = new Set<string>();
    const badges = new Set<string>();
    for (const o of officers) {
      expect(isValidIdNumber(o.idNumber), o.idNumber).toBe(true);
      ids.add(o.idNumber);
      expect(genderFromIdNumber(o.idNumber)).toBe(o.gender);
      const birthYear = Number(o.idNumber.slice(6, 10));
      expect(birthYear).toBeGreaterThanOrEqual(1966);
      expect(birthYear).toBeLessThanOrEqual(2002);
      if (o.badgeNo !== null) {
        expect(o.badgeNo).toMatch(/^\d{8,12}$/);
        badges.add(o.badgeNo);
      }
      if (o.phone !== null) expect(o.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(byCode.has(o.unitCode)).toBe(true);
      expect(o.hireDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(o.hireDate < '2026-11-01').toBe(true);
      if (o.certExpiry !== null) expect(o.certExpiry).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (o.confirmedAt !== null) expect(new Date(o.confirmedAt).toISOString()).toBe(o.confirmedAt);
      expect(o.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
    }
    expect(ids.size).toBe(officers.length);
    expect(badges.size).toBe(officers.filter((o) => o.badgeNo !== null).length);
    const phones = officers.flatMap((o) => (o.phone ? [o.phone] : []));
    expect(new Set(phones).size).toBe(phones.length);
  });

  it('staffs each squadron with one 中队长, a deputy or 指导员 and a 内勤', () => {
    const squadrons = data.units.filter((u) => SQUADRON_KINDS.includes(u.kind));
    const byUnit = new Map<string, DemoData['officers']>();
    for (const o of data.officers) byUnit.set(o.unitCode, [...(byUnit.get(o.unitCode) ?? []), o]);
    for (const s of squadrons) {
      const staff = byUnit.get(s.code) ?? [];
      expect(staff.length).toBeGreaterThanOrEqual(10);
      expect(staff.filter((o) => o.position === '中队长')).toHaveLength(1);
      expect(staff.filter((o) => o.position === '副中队长' || o.position === '指导员')).toHaveLength(1);
      expect(staff.filter((o) => o.position === '内勤').length).toBeGreaterThanOrEqual(1);
      expect(s.contactPerson).toBe(staff[0].name);
    }
    for (const d of data.units.filter((u) => u.kind === '区局')) {
      const n = byUnit.get(d.code)?.length ?? 0;
      expect(n).toBeGreaterThanOrEqual(8);
      expect(n).toBeLessThanOrEqual(12);
    }
  });

  it('has mostly clean data with a small share of deliberate quality problems', () => {
    const s = summarize(data);
    const n = s.officers;
    expect(s.officersByStatus['在岗'] / n).toBeGreaterThan(0.85);
    for (const st of ['借调', '离岗', '病休', '退休'] as const) expect(s.officersByStatus[st]).toBeGreaterThan(0);
    expect(s.officersByCertStatus['有效'] / n).toBeGreaterThan(0.85);
    expect(s.officersByCertStatus['过期']).toBeGreaterThan(0);
    const problems = s.quality.missingPhone + s.quality.missingBadgeNo + s.quality.validButExpired;
    expect(s.quality.missingPhone).toBeGreaterThan(0);
    expect(s.quality.missingBadgeNo).toBeGreaterThan(0);
    expect(s.quality.validButExpired).toBeGreaterThan(0);
    expect(problems / n).toBeGreaterThan(0.015);
    expect(problems / n).toBeLessThan(0.04);
    expect(s.quality.notConfirmedThisQuarter / n).toBeGreaterThan(0.1);
    expect(s.quality.notConfirmedThisQuarter / n).toBeLessThan(0.2);
    for (const o of data.officers) {
      if (o.certStatus === '有效' && o.certExpiry && o.certExpiry >= '2026-11-01') {
        expect(o.certExpiry >= '2027-01-01' && o.certExpiry <= '2030-12-31').toBe(true);
      }
    }
    expect(s.unitsByKind['区局']).toBe(16);
    expect(s.units).toBe(data.units.length);
  });

  it("agrees with @cg/domain's quality rules: ~2–3% incomplete/invalid, ~15% stale, leaders clean", () => {
    const asOf = shanghaiStartOfDay('2026-11-01');
    const leaders = new Set(['中队长', '副中队长', '指导员']);
    let flawed = 0;
    let stale = 0;
    for (const o of data.officers) {
      // updatedAt as a fresh database row would have it when seeded with the record's review time
      const q = assessOfficerQuality({ ...o, unitId: o.unitCode, updatedAt: o.confirmedAt ?? '2020-01-01T00:00:00Z' }, asOf);
      if (!q.complete || !q.valid) flawed++;
      if (!q.fresh) stale++;
      if (leaders.has(o.position)) expect(q.complete && q.valid, `${o.name} ${JSON.stringify(q.problems)}`).toBe(true);
      expect(q.problems.filter((p) => p.kind !== 'stale').length).toBeLessThanOrEqual(1);
    }
    const n = data.officers.length;
    expect(flawed / n).toBeGreaterThan(0.015);
    expect(flawed / n).toBeLessThan(0.035);
    expect(stale / n).toBeGreaterThan(0.1);
    expect(stale / n).toBeLessThan(0.2);
  });
});

describe('demo geometry', () => {
  it('puts each street squadron centroid inside its own jurisdiction', () => {
    const streets = data.units.filter((u) => u.kind === '街镇乡中队');
    for (const s of streets) {
      expect(s.jurisdiction, s.name).not.toBeNull();
      expect(pointIn(s.center!, s.jurisdiction!), s.name).toBe(true);
      // and inside its district, not inside any other district
      const district = data.units.find((u) => u.kind === '区局' && s.code.startsWith(u.code))!;
      expect(pointIn(s.center!, district.jurisdiction!), s.name).toBe(true);
      for (const other of data.units.filter((u) => u.kind === '区局' && u !== district)) {
        expect(pointIn(s.center!, other.jurisdiction!), `${s.name} in ${other.name}`).toBe(false);
      }
    }
    for (const s of data.units.filter((u) => u.kind === '特定区域中队')) {
      expect(pointIn(s.center!, s.jurisdiction!), s.name).toBe(true);
    }
  });

  it('produces closed GeoJSON rings rounded to 6 decimals, marked as demo geometry', () => {
    for (const u of data.units) {
      if (!u.jurisdiction) {
        expect(u.geometrySource).toBeNull();
        continue;
      }
      expect(u.geometrySource).toBe('demo');
      expect(['Polygon', 'MultiPolygon']).toContain(u.jurisdiction.type);
      expect(validateJurisdictionGeometry(u.jurisdiction), u.name).toMatchObject({ ok: true });
      for (const ring of rings(u.jurisdiction)) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        for (const [x, y] of ring) {
          expect(Math.round(x * 1e6) / 1e6).toBe(x);
          expect(Math.round(y * 1e6) / 1e6).toBe(y);
          expect(x).toBeGreaterThan(120.8);
          expect(x).toBeLessThan(122.1);
          expect(y).toBeGreaterThan(30.6);
          expect(y).toBeLessThan(31.9);
        }
      }
    }
    expect(data.units.filter((u) => u.kind === '机动中队').every((u) => u.jurisdiction === null)).toBe(true);
    expect(byCode.get('310000')?.jurisdiction?.type).toBe('MultiPolygon'); // mainland + islands
    expect(byCode.get('310151')?.jurisdiction?.type).toBe('MultiPolygon'); // 崇明岛, 长兴岛, 横沙岛
  });

  it('keeps the districts in their relative positions', () => {
    const c = (code: string) => byCode.get(code)!.center!;
    const huangpu = c('310101');
    expect(c('310151')[1]).toBeGreaterThan(31.5); // 崇明 on the island to the north
    expect(c('310116')[1]).toBeLessThan(huangpu[1] - 0.3); // 金山 south
    expect(c('310120')[1]).toBeLessThan(huangpu[1] - 0.2); // 奉贤 south
    expect(c('310118')[0]).toBeLessThan(huangpu[0] - 0.3); // 青浦 west
    expect(byCode.get('310115001')!.center![0]).toBeGreaterThan(huangpu[0]); // 浦东 east of the river
    // the Chongming island squadrons are not on the mainland
    const mainland = data.units.filter((u) => u.kind === '区局' && u.code !== '310151');
    for (const s of data.units.filter((u) => u.kind === '街镇乡中队' && u.code.startsWith('310151'))) {
      for (const d of mainland) expect(pointIn(s.center!, d.jurisdiction!)).toBe(false);
    }
  });
});

describe('scale', () => {
  it('multiplies the officer counts', () => {
    const big = generateDemoData({ scale: 4 });
    const ratio = big.officers.length / data.officers.length;
    expect(ratio).toBeGreaterThan(3.8);
    expect(ratio).toBeLessThan(4.2);
    expect(big.units.length).toBe(data.units.length);
  });

  it('generates scale 20 quickly with unique IDs and badge numbers', () => {
    const t0 = performance.now();
    const big = generateDemoData({ scale: 20 });
    const ms = performance.now() - t0;
    console.log(`generateDemoData({ scale: 20 }): ${big.officers.length} officers, ${big.units.length} units in ${ms.toFixed(0)} ms`);
    expect(big.officers.length).toBeGreaterThan(100_000);
    expect(new Set(big.officers.map((o) => o.idNumber)).size).toBe(big.officers.length);
    const badges = big.officers.flatMap((o) => (o.badgeNo ? [o.badgeNo] : []));
    expect(new Set(badges).size).toBe(badges.length);
    expect(big.officers.every((o) => isValidIdNumber(o.idNumber))).toBe(true);
  });
});
