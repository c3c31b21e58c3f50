// Deterministic demo data: the Shanghai 城管执法 organisation tree with demo jurisdictions and a roster of officers.
// Pure: no I/O, no clock, no Math.random — the same options always give the same output.
import {
  gb11643CheckDigit,
  type CertStatus,
  type OfficerStatus,
  type Position,
  type UnitKind,
} from '@cg/domain';
import { shanghaiGeometry, type PolygonOrMultiPolygon } from './geometry.ts';
import { randomName } from './names.ts';
import { deriveSeed, mulberry32, weightedTable, type Rng } from './random.ts';
import {
  CITY_BUREAU,
  DIRECT_UNITS,
  DISTRICTS,
  STREET_SHORT_NAMES,
  streetShortName,
  type DistrictDef,
  type LonLat,
  type StreetDef,
} from './shanghai.ts';

export interface GenerateOptions {
  /** Multiplies the per-unit officer counts (1 → ~6k officers, 20 → ~120k). Default 1. */
  scale?: number;
  /** PRNG seed. Default {@link DEFAULT_SEED}. */
  seed?: number;
  /** Reference date `YYYY-MM-DD` standing in for "today" (hire dates, cert expiry, freshness). Default 2026-11-01. */
  asOf?: string;
}

export interface DemoUnit {
  code: string;
  parentCode: string | null;
  name: string;
  shortName: string;
  kind: UnitKind;
  contactPerson: string;
  contactPhone: string;
  address: string;
  center: [number, number] | null;
  jurisdiction: PolygonOrMultiPolygon | null;
  geometrySource: 'demo' | null;
  sortOrder: number;
}

export interface DemoOfficer {
  unitCode: string;
  name: string;
  gender: '男' | '女';
  idNumber: string;
  /** 执法证号; null when the officer holds no certificate (or, deliberately, as a data-quality problem). */
  badgeNo: string | null;
  position: Position;
  /** Mobile number; null for the deliberate "missing phone" data-quality problem. */
  phone: string | null;
  status: OfficerStatus;
  hireDate: string;
  certStatus: CertStatus;
  certExpiry: string | null;
  /** When the record was last reviewed (ISO 8601, UTC); null if never. */
  confirmedAt: string | null;
}

export interface DemoData {
  units: DemoUnit[];
  officers: DemoOfficer[];
}

export const DEFAULT_SEED = 20261101;
export const DEFAULT_AS_OF = '2026-11-01';
/** 黄浦区城管执法局 — the district used for demo logins. */
export const DEMO_DISTRICT_CODE = '310101';
/** 南京东路街道中队 — the squadron used for demo logins. */
export const DEMO_SQUADRON_CODE = '310101001';

// ---------------------------------------------------------------------------------------------------------------
// dates (UTC day numbers, no clock involved)

const DAY_MS = 86_400_000;

function parseDay(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`日期格式应为 YYYY-MM-DD: ${s}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = ms / DAY_MS;
  if (formatDay(day) !== s) throw new Error(`无效日期: ${s}`);
  return day;
}

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const dayOf = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / DAY_MS;

/** First day of the calendar quarter containing `day`. */
export function quarterStart(day: number): number {
  const d = new Date(day * DAY_MS);
  return dayOf(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 + 1, 1);
}

// ---------------------------------------------------------------------------------------------------------------
// unit tree

type OfficerProfile = 'hq' | 'brigade' | 'street' | 'special' | 'mobile' | 'direct' | 'city';

interface UnitDraft extends DemoUnit {
  profile: OfficerProfile;
  /** District code for badge prefixes and ID area codes; null for city-level units. */
  districtCode: string | null;
  /** Officer count at scale 1. */
  baseCount: number;
}

const BASE_COUNTS: Record<OfficerProfile, [number, number]> = {
  city: [12, 16],
  hq: [8, 12],
  brigade: [4, 6],
  direct: [6, 10],
  street: [18, 28],
  special: [10, 16],
  mobile: [15, 25],
};

const ROAD_SUFFIXES = weightedTable<string>([['路', 6], ['中路', 2], ['北路', 1.5], ['南路', 1.5], ['东路', 1], ['西路', 1], ['大街', 1]]);

function streetAddress(rng: Rng, d: DistrictDef, s: StreetDef): string {
  const road = s.name.endsWith('路街道') ? s.name.slice(0, -2) : streetShortName(s.name) + rng.weighted(ROAD_SUFFIXES);
  return `上海市${d.name}${road}${rng.int(1, 1200)}号`;
}

const centroid = (points: LonLat[]): [number, number] => {
  const x = points.reduce((a, p) => a + p[0], 0) / points.length;
  const y = points.reduce((a, p) => a + p[1], 0) / points.length;
  return [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6];
};

function cloneGeometry(g: PolygonOrMultiPolygon | null | undefined): PolygonOrMultiPolygon | null {
  return g ? structuredClone(g) : null;
}

function buildUnits(rng: Rng): UnitDraft[] {
  const geo = shanghaiGeometry();
  const units: UnitDraft[] = [];
  const childCount = new Map<string | null, number>();
  const add = (
    u: Omit<UnitDraft, 'sortOrder' | 'contactPerson' | 'contactPhone' | 'geometrySource' | 'baseCount'>,
  ): UnitDraft => {
    const sortOrder = (childCount.get(u.parentCode) ?? 0) + 1;
    childCount.set(u.parentCode, sortOrder);
    const [lo, hi] = BASE_COUNTS[u.profile];
    const draft: UnitDraft = {
      ...u,
      contactPerson: '',
      contactPhone: '',
      geometrySource: u.jurisdiction ? 'demo' : null,
      sortOrder,
      baseCount: rng.int(lo, hi),
    };
    units.push(draft);
    return draft;
  };

  add({
    code: CITY_BUREAU.code, parentCode: null, name: CITY_BUREAU.name, shortName: CITY_BUREAU.shortName, kind: '市局',
    address: `${CITY_BUREAU.addressBase}${rng.int(1, 300)}号`, center: [...CITY_BUREAU.center],
    jurisdiction: cloneGeometry(geo.city), profile: 'city', districtCode: null,
  });

  for (const d of DISTRICTS) {
    add({
      code: d.code, parentCode: CITY_BUREAU.code, name: `${d.name}城管执法局`, shortName: d.shortName, kind: '区局',
      address: `上海市${d.name}${d.hqRoad}${rng.int(1, 2000)}号`, center: [...d.hq],
      jurisdiction: cloneGeometry(geo.districts.get(d.code)), profile: 'hq', districtCode: d.code,
    });

    // Squadrons are numbered streets first, then specific areas, then the mobile squadron.
    type Sq = Omit<UnitDraft, 'sortOrder' | 'contactPerson' | 'contactPhone' | 'geometrySource' | 'baseCount' | 'parentCode'>;
    const squadrons = new Map<string, Sq>();
    let seq = 0;
    const nextCode = () => `${d.code}${String(++seq).padStart(3, '0')}`;
    for (const s of d.streets) {
      squadrons.set(s.name, {
        code: nextCode(), name: `${s.name}中队`, shortName: `${STREET_SHORT_NAMES.get(s.name) ?? s.name}中队`, kind: '街镇乡中队',
        address: streetAddress(rng, d, s), center: [...s.center],
        jurisdiction: cloneGeometry(geo.streets.get(`${d.code}/${s.name}`)), profile: 'street', districtCode: d.code,
      });
    }
    for (const a of d.specialAreas) {
      squadrons.set(a.name, {
        code: nextCode(), name: `${a.name}中队`, shortName: `${a.name}中队`, kind: '特定区域中队',
        address: `上海市${d.name}${a.name}城管工作站`, center: [...a.center],
        jurisdiction: cloneGeometry(geo.specialAreas.get(`${d.code}/${a.name}`)), profile: 'special', districtCode: d.code,
      });
    }
    squadrons.set('机动', {
      code: nextCode(), name: `${d.name}城管执法局机动中队`, shortName: `${d.shortName}机动中队`, kind: '机动中队',
      address: `上海市${d.name}${d.hqRoad}${rng.int(1, 2000)}号`, center: [...d.hq], jurisdiction: null,
      profile: 'mobile', districtCode: d.code,
    });

    if (!d.brigades) {
      for (const sq of squadrons.values()) add({ ...sq, parentCode: d.code });
      continue;
    }
    const placed = new Set<string>();
    d.brigades.forEach((b, i) => {
      const code = `${d.code}D${String(i + 1).padStart(2, '0')}`;
      const members = b.members.map((m) => {
        const sq = squadrons.get(m);
        if (!sq || placed.has(m)) throw new Error(`${d.name}${b.name}: 成员 ${m} 不存在或重复`);
        placed.add(m);
        return sq;
      });
      add({
        code, parentCode: d.code, name: `${d.name}城管执法局${b.name}`, shortName: `${d.shortName}${b.name}`,
        kind: '大队', address: streetAddress(rng, d, d.streets.find((s) => b.members.includes(s.name)) ?? d.streets[0]),
        center: centroid(members.filter((m) => m.center).map((m) => m.center as LonLat)),
        jurisdiction: cloneGeometry(geo.brigades.get(`${d.code}/${b.name}`)), profile: 'brigade', districtCode: d.code,
      });
      for (const sq of members) add({ ...sq, parentCode: code });
    });
    const missing = [...squadrons.keys()].filter((k) => !placed.has(k));
    if (missing.length) throw new Error(`${d.name}: 中队未归属大队: ${missing.join(', ')}`);
  }

  DIRECT_UNITS.forEach((u) => {
    add({
      code: u.code, parentCode: CITY_BUREAU.code, name: u.name, shortName: u.shortName, kind: '直属单位',
      address: `${u.addressBase}${rng.int(1, 1500)}号`, center: [...u.center],
      jurisdiction: cloneGeometry(geo.directUnits.get(u.code)), profile: 'direct', districtCode: null,
    });
    u.squadrons.forEach((sq, i) => {
      const special = sq.kind === '特定区域中队';
      add({
        code: `${u.code}${String(i + 1).padStart(3, '0')}`, parentCode: u.code,
        name: special ? sq.name : `${u.name}${sq.name}`, shortName: sq.name, kind: sq.kind,
        address: `${sq.addressBase}${rng.int(1, 1500)}号`, center: [...sq.center],
        jurisdiction: special ? cloneGeometry(geo.specialAreas.get(`${u.code}/${sq.name}`)) : null,
        profile: special ? 'special' : 'mobile', districtCode: null,
      });
    });
  });
  return units;
}

// ---------------------------------------------------------------------------------------------------------------
// officers

const SHANGHAI_CODES = DISTRICTS.map((d) => d.code);
/** Codes of the former districts/counties, still printed on many older ID cards. */
const FORMER_CODES: Record<string, string[]> = {
  '310101': ['310102', '310103'], // 南市区, 卢湾区
  '310106': ['310108'], // 闸北区
  '310112': ['310221'], // 上海县
  '310113': ['310223'], // 宝山县
  '310114': ['310222'], // 嘉定县
  '310115': ['310224', '310225'], // 川沙县, 南汇县
  '310116': ['310228'], // 金山县
  '310117': ['310227'], // 松江县
  '310118': ['310229'], // 青浦县
  '310120': ['310226'], // 奉贤县
  '310151': ['310230'], // 崇明县
};
const FORMER_CITY_CODES = ['310102', '310103', '310108'];
const OTHER_PROVINCE_CODES = weightedTable<string>([
  ['320583', 3], ['320681', 3], ['320684', 2], ['320623', 2], ['321281', 2], ['320382', 1], ['320102', 1],
  ['330482', 2], ['330421', 1], ['330106', 1], ['340123', 1], ['341221', 1], ['340104', 1], ['360102', 1],
  ['370102', 1], ['410102', 1], ['420106', 1], ['430102', 1], ['510104', 1],
]);
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156',
  '157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191',
  '198', '199',
];

interface Ctx {
  rng: Rng;
  asOfDay: number;
  asOfYear: number;
  quarterStartDay: number;
  idKeys: Set<string>;
  phones: Set<string>;
  badgeSerial: Map<string, number>;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function uniquePhone(ctx: Ctx): string {
  for (;;) {
    const p = ctx.rng.pick(MOBILE_PREFIXES) + pad(ctx.rng.int(0, 99_999_999), 8);
    if (!ctx.phones.has(p)) {
      ctx.phones.add(p);
      return p;
    }
  }
}

function idAreaCode(ctx: Ctx, districtCode: string | null, birthYear: number): string {
  const { rng } = ctx;
  const r = rng.next();
  const own = districtCode ?? rng.pick(SHANGHAI_CODES);
  if (r < 0.55) return own;
  if (r < 0.68) return rng.pick(SHANGHAI_CODES);
  if (r < 0.78 && birthYear <= 1990) return rng.pick(FORMER_CODES[own] ?? FORMER_CITY_CODES);
  if (r < 0.78) return own;
  return rng.weighted(OTHER_PROVINCE_CODES);
}

/** An ID number unique within the dataset: on a collision the sequence digits move on, then the birth day. */
function uniqueIdNumber(ctx: Ctx, area: string, birthDay: number, male: boolean): string {
  const { rng } = ctx;
  for (let shift = 0; ; shift++) {
    const birth = formatDay(birthDay + shift).replaceAll('-', '');
    const prefix = area + birth;
    const start = rng.int(0, 499);
    for (let k = 0; k < 500; k++) {
      const v = (start + k * 7) % 500; // 7 is coprime with 500, so this visits every value
      const seq = pad(Math.floor(v / 5), 2) + String((v % 5) * 2 + (male ? 1 : 0));
      const first17 = prefix + seq;
      if (!ctx.idKeys.has(first17)) {
        ctx.idKeys.add(first17);
        return first17 + gb11643CheckDigit(first17);
      }
    }
  }
}

function nextBadge(ctx: Ctx, districtCode: string | null): string {
  const prefix = districtCode ? `31${districtCode.slice(4, 6)}` : '3100';
  const serial = (ctx.badgeSerial.get(prefix) ?? 10_000) + ctx.rng.int(1, 3);
  ctx.badgeSerial.set(prefix, serial);
  return prefix + pad(serial, 6);
}

/** A timestamp on a working day-time (09:00–18:00 Shanghai) of the given day, ISO 8601 UTC. */
function workTimestamp(rng: Rng, day: number): string {
  const minutes = rng.int(60, 599); // 01:00–09:59 UTC = 09:00–17:59 +08:00
  return new Date(day * DAY_MS + minutes * 60_000 + rng.int(0, 59) * 1000).toISOString();
}

const EXPIRY_FROM = dayOf(2027, 1, 1);
const EXPIRY_TO = dayOf(2030, 12, 31);
const EARLIEST_HIRE = dayOf(1994, 3, 1);

function leaderPosition(unit: UnitDraft, index: number, rng: Rng): Position | null {
  const squadron = unit.profile === 'street' || unit.profile === 'special' || unit.profile === 'mobile';
  if (squadron) {
    if (index === 0) return '中队长';
    if (index === 1) return rng.chance(0.5) ? '副中队长' : '指导员';
    if (index === 2) return '内勤';
    return null;
  }
  if (index === 0) return '组长';
  if (index === 1) return '内勤';
  return null;
}

function makeOfficer(ctx: Ctx, unit: UnitDraft, index: number): DemoOfficer {
  const { rng, asOfDay } = ctx;
  const lead = leaderPosition(unit, index, rng);
  const isSquadron = unit.profile === 'street' || unit.profile === 'special' || unit.profile === 'mobile';
  let position: Position = lead ?? '队员';
  if (!lead && isSquadron && rng.chance(0.12)) position = '组长';
  else if (!lead && !isSquadron && rng.chance(0.08)) position = '内勤';
  const core = index < 3; // leaders and the clerk: always present, complete and valid

  const maleShare = position === '内勤' ? 0.4 : core ? 0.88 : 0.8;
  const male = rng.chance(maleShare);
  const gender = male ? '男' : '女';

  // Birth 1966–2002 (half uniform, half bunched towards the mid-1980s); leaders 1970–1988.
  const spread = rng.chance(0.5) ? rng.next() : (rng.next() + rng.next()) / 2;
  const birthYear = core ? rng.int(1970, 1988) : 1966 + Math.min(36, Math.floor(spread * 37));
  const yearStart = dayOf(birthYear, 1, 1);
  const birthDay = yearStart + rng.int(0, dayOf(birthYear + 1, 1, 1) - yearStart - 1);

  const area = idAreaCode(ctx, unit.districtCode, birthYear);
  const idNumber = uniqueIdNumber(ctx, area, birthDay, male);
  const name = randomName(rng, gender);

  // Hired at 21–27, not before the service existed, at least two weeks before asOf.
  const latestHire = asOfDay - 14;
  let earliestHire = Math.max(birthDay + 365 * 21 + rng.int(0, 365 * 6), EARLIEST_HIRE);
  if (earliestHire > latestHire) earliestHire = latestHire - rng.int(0, 300);
  const hireDay = core ? rng.int(earliestHire, Math.max(earliestHire, latestHire - 365 * 5)) : rng.int(earliestHire, latestHire);

  let status: OfficerStatus = '在岗';
  if (!core) {
    const age = ctx.asOfYear - birthYear;
    const retirementAge = male ? 60 : 55;
    const r = rng.next();
    if (age >= retirementAge - 1 && r < 0.5) status = '退休';
    else if (r < 0.03) status = '借调';
    else if (r < 0.045) status = '离岗';
    else if (r < 0.06) status = '病休';
    else if (r < 0.066) status = '调离';
  }

  let certStatus: CertStatus = '有效';
  let certExpiry: string | null = formatDay(rng.int(EXPIRY_FROM, EXPIRY_TO));
  if (!core) {
    const r = rng.next();
    if (hireDay > asOfDay - 200 && r < 0.65) {
      certStatus = '未持证';
      certExpiry = null;
    } else if ((status === '退休' || status === '调离') && r < 0.7) {
      certStatus = '注销';
      certExpiry = formatDay(asOfDay - rng.int(30, 900));
    } else if (r < 0.04) {
      certStatus = '过期';
      certExpiry = formatDay(asOfDay - rng.int(1, 700));
    } else if (r < 0.05) {
      certStatus = '暂扣';
    } else if (r < 0.062) {
      certStatus = '未持证';
      certExpiry = null;
    }
  }

  let badgeNo = certStatus === '未持证' ? null : nextBadge(ctx, unit.districtCode);
  let phone: string | null = uniquePhone(ctx);

  // Deliberate data-quality problems (~2.5%), so the quality dashboards have something to show. Only officers on
  // duty get them, where @cg/domain's assessOfficerQuality flags each one (a 离岗 officer may lack a phone).
  if (!core && status === '在岗' && rng.chance(0.03)) {
    const kind = rng.int(0, 2);
    if (kind === 1 && certStatus === '有效' && badgeNo) {
      badgeNo = null; // 在岗, 持证有效, but no 执法证号 recorded
    } else if (kind === 2 && certStatus === '有效') {
      certExpiry = formatDay(asOfDay - rng.int(1, 500)); // still marked 有效 though expired
    } else {
      phone = null;
    }
  }

  // Freshness: ~85% reviewed this quarter, the rest never or in an earlier quarter.
  let confirmedAt: string | null;
  const r = rng.next();
  const qStart = ctx.quarterStartDay;
  if (r < 0.08) confirmedAt = null;
  else if (r < 0.15) {
    const from = Math.max(hireDay, qStart - 730);
    confirmedAt = from <= qStart - 1 ? workTimestamp(rng, rng.int(from, qStart - 1)) : null;
  } else {
    const from = Math.max(qStart, Math.min(hireDay, asOfDay - 1));
    confirmedAt = workTimestamp(rng, rng.int(from, Math.max(from, asOfDay - 1)));
  }

  return {
    unitCode: unit.code,
    name,
    gender,
    idNumber,
    badgeNo,
    position,
    phone,
    status,
    hireDate: formatDay(hireDay),
    certStatus,
    certExpiry,
    confirmedAt,
  };
}

// ---------------------------------------------------------------------------------------------------------------

export function generateDemoData(opts: GenerateOptions = {}): DemoData {
  const scale = opts.scale ?? 1;
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isFinite(scale) || scale < 0) throw new Error(`scale 必须是非负数: ${scale}`);
  if (!Number.isInteger(seed)) throw new Error(`seed 必须是整数: ${seed}`);
  const asOfDay = parseDay(opts.asOf ?? DEFAULT_AS_OF);

  const unitRng = mulberry32(deriveSeed(seed, 1));
  const drafts = buildUnits(unitRng);

  const ctx: Ctx = {
    rng: mulberry32(deriveSeed(seed, 2)),
    asOfDay,
    asOfYear: new Date(asOfDay * DAY_MS).getUTCFullYear(),
    quarterStartDay: quarterStart(asOfDay),
    idKeys: new Set(),
    phones: new Set(),
    badgeSerial: new Map(),
  };
  const officers: DemoOfficer[] = [];
  for (const unit of drafts) {
    const n = Math.round(unit.baseCount * scale);
    const first = officers.length;
    for (let i = 0; i < n; i++) officers.push(makeOfficer(ctx, unit, i));
    const contact = officers[first] as DemoOfficer | undefined;
    if (contact?.phone) {
      unit.contactPerson = contact.name;
      unit.contactPhone = contact.phone;
    } else {
      unit.contactPerson = randomName(unitRng, unitRng.chance(0.8) ? '男' : '女');
      unit.contactPhone = uniquePhone({ ...ctx, rng: unitRng });
    }
  }

  const units: DemoUnit[] = drafts.map((u) => ({
    code: u.code,
    parentCode: u.parentCode,
    name: u.name,
    shortName: u.shortName,
    kind: u.kind,
    contactPerson: u.contactPerson,
    contactPhone: u.contactPhone,
    address: u.address,
    center: u.center,
    jurisdiction: u.jurisdiction,
    geometrySource: u.geometrySource,
    sortOrder: u.sortOrder,
  }));
  return { units, officers };
}
