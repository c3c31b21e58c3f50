// Deterministic demo 执法装备库 for generated units and officers: vehicles with their 北斗 terminals, personal kit
// for every officer on duty, the 中队装备 the standard asks of a squadron, and the odd item under repair, lost,
// lent out or without a 责任人 so the indicators and the ledger views have something to show.
// Pure like generateDemoData: no I/O, no clock, no Math.random.
import {
  ACTIVE_OFFICER_STATUSES,
  DEFAULT_EQUIPMENT_CATEGORIES,
  SQUADRON_KINDS,
  type EquipmentAttributeValue,
  type EquipmentCategoryDef,
  type EquipmentStatus,
} from '@cg/domain';
import {
  BEIDOU_MODELS,
  BODY_CAMERA_4G_MODELS,
  BODY_CAMERA_MODELS,
  CAMERA_MODELS,
  CONFERENCE_MODELS,
  DATA_TERMINAL_MODELS,
  DRONE_MODELS,
  HANDHELD_MODELS,
  HQ_VEHICLES,
  ID_READER_MODELS,
  MOBILE_VEHICLES,
  PRINTER_MODELS,
  RADIO_MODELS,
  SCANNER_MODELS,
  SPECIAL_AREA_VEHICLES,
  STREET_VEHICLES,
  SURVEILLANCE_MODELS,
  type BodyCameraModel,
  type ModelBase,
  type Resolution,
  type VehicleModel,
} from './equipment-catalogue.ts';
import { DEFAULT_AS_OF, DEFAULT_SEED, type DemoData, type DemoOfficer, type DemoUnit } from './generate.ts';
import { deriveSeed, mulberry32, weightedTable, type Rng, type WeightedTable } from './random.ts';

export interface DemoEquipmentItem {
  unitCode: string;
  categoryCode: string;
  /** 资产编号 `<unitCode>-<category short code>-<seq>`, unique, passes assetTagProblem. */
  assetTag: string;
  /** Unique per model (a VIN for vehicles); null for a few legacy records. */
  serialNo: string | null;
  brand: string | null;
  model: string;
  status: EquipmentStatus;
  /** 责任人 (officer idNumber, same unit); null for ~3% of items, the gap the 台账 indicator reports. */
  responsibleIdNumber: string | null;
  /** Officer holding the item now: set exactly when 在用 (personal kit) or 借出. */
  holderIdNumber: string | null;
  /** ISO 8601 timestamp, only for 借出; some lie before asOf (overdue). */
  expectedReturnAt: string | null;
  purchaseDate: string | null;
  warrantyUntil: string | null;
  /** Valid for the category's attribute definitions (equipmentAttributeProblems), in canonical form. */
  attributes: Record<string, EquipmentAttributeValue>;
  /** Storage place or installation; for a 北斗 terminal the plate of the vehicle it is fitted to. */
  location: string | null;
}

export interface DemoEquipmentOptions {
  /** PRNG seed. Default {@link DEFAULT_SEED}; the equipment uses its own stream, so officers are not affected. */
  seed?: number;
  /** Reference date `YYYY-MM-DD` (purchase dates, warranties, loans due around it). Default 2026-11-01. */
  asOf?: string;
  /**
   * Accepted so the generateDemoData options can be passed through; it multiplies nothing. Item counts follow
   * `data`: personal kit per officer on duty, vehicles and shared kit per squadron size, so `data` generated at
   * scale 60 (~350k officers) gives ~1M items.
   */
  scale?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// categories

const CATEGORY = new Map(DEFAULT_EQUIPMENT_CATEGORIES.map((c) => [c.code, c]));

function category(code: string): EquipmentCategoryDef {
  const c = CATEGORY.get(code);
  if (!c) throw new Error(`@cg/domain 缺少装备类别 ${code}`);
  return c;
}

/** Category codes used here, with the short code of their asset tags. */
const SHORT_CODES: Record<string, string> = {
  vehicle: 'CL',
  beidou_terminal: 'BD',
  handheld_terminal: 'ZD',
  radio: 'DJ',
  body_camera: 'JL',
  body_camera_4g: 'JG',
  data_terminal: 'CJ',
  id_reader: 'DK',
  scanner: 'SM',
  portable_printer: 'DY',
  camera: 'SX',
  surveillance: 'JK',
  video_conference: 'SP',
  drone: 'WR',
};
for (const code of Object.keys(SHORT_CODES)) category(code);

/** 安装位置 options of 监控设备, read from the category so a catalogue change cannot make the demo invalid. */
const ROOM_LOCATIONS: readonly string[] =
  category('surveillance').attributes.find((a) => a.key === 'location')?.options?.filter((o) => o !== '其他') ?? [];
/** Rooms where the standard wants 30 days of recordings (elsewhere 15). */
const BUSINESS_ROOMS = new Set(['受理接待大厅', '案件审理室', '信访接待室']);

// ---------------------------------------------------------------------------------------------------------------
// dates (UTC day numbers, no clock)

const DAY_MS = 86_400_000;

function parseDay(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`日期格式应为 YYYY-MM-DD: ${s}`);
  const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
  if (new Date(day * DAY_MS).toISOString().slice(0, 10) !== s) throw new Error(`无效日期: ${s}`);
  return day;
}

const YEAR_DAYS = 365;
/** 17:30 Shanghai (09:30 UTC): loans are due at the end of the working day. */
const DUE_TIME_MS = 9.5 * 3_600_000;

// VIN model-year codes from 2001 (1…9, then letters without I, O, Q, U, Z).
const VIN_YEARS = '123456789ABCDEFGHJKLMNPRSTVWXY';
const VIN_VALUES: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5,
  W: 6, X: 7, Y: 8, Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** GB 16735 / ISO 3779 VIN with its check digit in position 9. */
function vin(wmi: string, vds: string, year: number, serial: number): string {
  const yearCode = VIN_YEARS[Math.min(Math.max(year - 2001, 0), VIN_YEARS.length - 1)];
  const chars = `${wmi}${vds}0${yearCode}S${pad(serial % 1_000_000, 6)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = chars[i];
    sum += (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : VIN_VALUES[c]) * VIN_WEIGHTS[i];
  }
  const check = sum % 11;
  return chars.slice(0, 8) + (check === 10 ? 'X' : String(check)) + chars.slice(9);
}

/** Luhn check digit of a digit string (IMEI, ICCID). */
function luhn(digits: string): string {
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

// ---------------------------------------------------------------------------------------------------------------
// plates and terminal numbers

// Shanghai letters (沪C is the suburban series) and the serial alphabet without I and O.
const PLATE_LETTERS = weightedTable<string>([
  ['A', 4], ['B', 3], ['D', 3], ['E', 1], ['F', 1], ['G', 1], ['H', 1], ['J', 1], ['K', 1], ['L', 1], ['M', 1], ['N', 1],
]);
const SUBURBAN_DISTRICTS = new Set(['310116', '310117', '310118', '310120', '310151']); // 金山 松江 青浦 奉贤 崇明
const SERIAL_LETTERS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];
const TERMINAL_PREFIXES = ['134', '135', '136', '137', '138', '139', '147', '150', '152', '157', '178', '198'];

function weighted<T extends { weight: number }>(list: readonly T[]): WeightedTable<T> {
  return weightedTable(list.map((m) => [m, m.weight] as const));
}

const TABLES = {
  street: weighted(STREET_VEHICLES),
  special: weighted(SPECIAL_AREA_VEHICLES),
  mobile: weighted(MOBILE_VEHICLES),
  hq: weighted(HQ_VEHICLES),
  beidou: weighted(BEIDOU_MODELS),
  handheld: weighted(HANDHELD_MODELS),
  radio: weighted(RADIO_MODELS),
  bodyCamera: weighted(BODY_CAMERA_MODELS),
  bodyCamera4g: weighted(BODY_CAMERA_4G_MODELS),
  dataTerminal: weighted(DATA_TERMINAL_MODELS),
  idReader: weighted(ID_READER_MODELS),
  scanner: weighted(SCANNER_MODELS),
  printer: weighted(PRINTER_MODELS),
  camera: weighted(CAMERA_MODELS),
  surveillance: weighted(SURVEILLANCE_MODELS),
  conference: weighted(CONFERENCE_MODELS),
  drone: weighted(DRONE_MODELS),
};
const RESOLUTIONS_1080_UP: Resolution[] = ['1080P', '1080P', '2K', '4K'];

// ---------------------------------------------------------------------------------------------------------------
// generator state

/** How an item is held before the status sprinkle: issued to an officer, kept by the squadron, or installed. */
type Custody = 'issued' | 'kept' | 'installed';

interface ItemSpec {
  code: string;
  model: ModelBase;
  attributes: Record<string, EquipmentAttributeValue>;
  custody: Custody;
  /** For issued kit the officer, otherwise the keeper (内勤, driver, pilot …). */
  officer: DemoOfficer | null;
  location: string | null;
  /** Purchase between min and max days before asOf; warranty in years. */
  ageDays: [number, number];
  warrantyYears: [number, number];
  /** Serial number given (a VIN); otherwise prefix + purchase year + per-model counter. */
  serialNo?: (purchaseYear: number, counter: number) => string;
}

interface UnitCtx {
  unit: DemoUnit;
  active: DemoOfficer[];
  /** 内勤, else 中队长, else the first officer on duty. */
  keeper: DemoOfficer | null;
  seq: Map<string, number>;
}

class Generator {
  readonly items: DemoEquipmentItem[] = [];
  private readonly serials = new Map<string, number>();
  private readonly plates = new Set<string>();
  private readonly terminalNumbers = new Set<string>();
  private readonly days = new Map<number, string>();
  private terminalSeq: number;
  private iccidSeq: number;

  constructor(
    readonly rng: Rng,
    readonly asOfDay: number,
  ) {
    this.terminalSeq = rng.int(100_000, 300_000);
    this.iccidSeq = rng.int(1_000_000, 9_000_000);
  }

  day(d: number): string {
    let s = this.days.get(d);
    if (s === undefined) {
      s = new Date(d * DAY_MS).toISOString().slice(0, 10);
      this.days.set(d, s);
    }
    return s;
  }

  /** Next value of a per-model counter (serial numbers; IMEIs under `<model>#imei`): increasing, never repeated. */
  nextSerial(model: string): number {
    const last = this.serials.get(model) ?? this.rng.int(10_000, 200_000);
    const next = last + this.rng.int(1, 3);
    this.serials.set(model, next);
    return next;
  }

  add(u: UnitCtx, spec: ItemSpec): DemoEquipmentItem {
    const { rng } = this;
    const seq = (u.seq.get(spec.code) ?? 0) + 1;
    u.seq.set(spec.code, seq);
    const assetTag = `${u.unit.code}-${SHORT_CODES[spec.code]}-${pad(seq, 4)}`;

    const purchaseDay = this.asOfDay - rng.int(spec.ageDays[0], spec.ageDays[1]);
    const purchaseYear = new Date(purchaseDay * DAY_MS).getUTCFullYear();
    const counter = this.nextSerial(spec.model.model);
    let serialNo: string | null = spec.serialNo
      ? spec.serialNo(purchaseYear, counter)
      : `${spec.model.sn}${purchaseYear % 100}${pad(counter, 7)}`;
    let purchaseDate: string | null = this.day(purchaseDay);
    let warrantyUntil: string | null = this.day(
      purchaseDay + rng.int(spec.warrantyYears[0], spec.warrantyYears[1]) * YEAR_DAYS + rng.int(0, 3),
    );
    let brand: string | null = spec.model.brand;
    // Legacy records taken over from paper ledgers: no purchase data, the odd missing serial number or brand.
    if (rng.chance(0.03)) {
      purchaseDate = null;
      warrantyUntil = null;
      if (!spec.serialNo && rng.chance(0.4)) serialNo = null;
      if (spec.code !== 'vehicle' && rng.chance(0.2)) brand = null;
    }

    let status: EquipmentStatus = spec.custody === 'issued' ? '在用' : '在库';
    let holder: DemoOfficer | null = spec.custody === 'issued' ? spec.officer : null;
    let expectedReturnAt: string | null = null;
    const r = rng.next();
    if (r < 0.03) status = '维修';
    else if (r < 0.04) status = '报废';
    else if (r < 0.045 && spec.custody !== 'installed') status = '遗失';
    else if (r < 0.066 && spec.custody !== 'installed' && spec.code !== 'vehicle') {
      // Lent from the store for a task (issued kit: a spare lent while the officer's own is away).
      const borrower = spec.custody === 'issued' ? spec.officer : u.active.length ? rng.pick(u.active) : null;
      if (borrower) {
        status = '借出';
        holder = borrower;
        expectedReturnAt = new Date((this.asOfDay + rng.int(-12, 21)) * DAY_MS + DUE_TIME_MS).toISOString();
      }
    }
    if (status !== '在用' && status !== '借出') holder = null;

    const responsible = rng.chance(0.03) ? null : spec.officer;
    const item: DemoEquipmentItem = {
      unitCode: u.unit.code,
      categoryCode: spec.code,
      assetTag,
      serialNo,
      brand,
      model: spec.model.model,
      status,
      responsibleIdNumber: responsible ? responsible.idNumber : null,
      holderIdNumber: holder ? holder.idNumber : null,
      expectedReturnAt,
      purchaseDate,
      warrantyUntil,
      attributes: spec.attributes,
      location: spec.location,
    };
    this.items.push(item);
    return item;
  }

  plate(model: VehicleModel, districtCode: string): string {
    const { rng } = this;
    for (;;) {
      const letter = SUBURBAN_DISTRICTS.has(districtCode) && rng.chance(0.3) ? 'C' : rng.weighted(PLATE_LETTERS);
      let serial: string;
      if (model.energy !== 'fuel') {
        // Small new-energy plate: D electric / F plug-in hybrid, a letter or digit, then 4 digits.
        const kind = model.energy === 'ev' ? 'D' : 'F';
        const second = rng.chance(0.8) ? String(rng.int(0, 9)) : rng.pick(SERIAL_LETTERS);
        serial = `${kind}${second}${pad(rng.int(0, 9999), 4)}`;
      } else {
        const r = rng.next();
        if (r < 0.6) serial = pad(rng.int(0, 99_999), 5);
        else if (r < 0.9) serial = rng.pick(SERIAL_LETTERS) + pad(rng.int(0, 9999), 4);
        else serial = rng.pick(SERIAL_LETTERS) + rng.pick(SERIAL_LETTERS) + pad(rng.int(0, 999), 3);
      }
      const plate = `沪${letter}${serial}`;
      if (!this.plates.has(plate)) {
        this.plates.add(plate);
        return plate;
      }
    }
  }

  /** 终端手机号: an 11-digit number, or (JT/T 808-2013 style) the same with a leading 0 to 12 digits. */
  terminalPhone(leadingZero: boolean): string {
    const { rng } = this;
    for (;;) {
      const core = rng.pick(TERMINAL_PREFIXES) + pad(rng.int(0, 99_999_999), 8);
      if (!this.terminalNumbers.has(core)) {
        this.terminalNumbers.add(core);
        return leadingZero ? `0${core}` : core;
      }
    }
  }

  nextTerminalId(): string {
    this.terminalSeq += this.rng.int(1, 5);
    return `T${pad(this.terminalSeq, 6)}`;
  }

  /** China Mobile ICCID (8986 00 …) with its Luhn digit: 20 digits. */
  nextIccid(): string {
    this.iccidSeq += this.rng.int(1, 7);
    const body = `898600${pad(this.iccidSeq, 13)}`;
    return body + luhn(body);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// what each unit gets

const AGE = {
  vehicle: [120, 8 * YEAR_DAYS] as [number, number],
  electronics: [60, 6 * YEAR_DAYS] as [number, number],
  personal: [30, 5 * YEAR_DAYS] as [number, number],
  installed: [180, 7 * YEAR_DAYS] as [number, number],
};

function addVehicles(g: Generator, u: UnitCtx, count: number, table: WeightedTable<VehicleModel>, parking: string): void {
  const { rng } = g;
  const district = u.unit.code.slice(0, 6);
  const drivers = u.active.filter((o) => o !== u.keeper);
  for (let i = 0; i < count; i++) {
    const model = rng.weighted(table);
    const plate = g.plate(model, district);
    const hasBeidou = rng.chance(0.85);
    const has4gVideo = model.vehicleType !== '摩托车' && model.vehicleType !== '电动巡逻车' && rng.chance(0.35);
    const attributes: Record<string, EquipmentAttributeValue> = {
      plate,
      vehicleType: model.vehicleType,
      hasDashcam: rng.chance(0.9),
      hasBeidou,
      beidouOnCityPlatform: hasBeidou && rng.chance(0.85),
      has4gVideo,
    };
    if (has4gVideo) {
      attributes.videoResolution = rng.pick(RESOLUTIONS_1080_UP);
      attributes.liveToCityCenter = rng.chance(0.7);
    }
    // Annual inspection: mostly ahead, a few already lapsed.
    attributes.inspectionDue = g.day(g.asOfDay + (rng.chance(0.04) ? -rng.int(1, 90) : rng.int(1, 365)));
    const driver = drivers.length && rng.chance(0.7) ? rng.pick(drivers) : u.keeper;
    const car = g.add(u, {
      code: 'vehicle', model, attributes, custody: 'kept', officer: driver, location: parking,
      ageDays: AGE.vehicle, warrantyYears: [3, 3],
      serialNo: (year, counter) => vin(model.wmi, model.vds, year, counter),
    });
    if (!hasBeidou) continue;

    const bd = rng.weighted(TABLES.beidou);
    const is2019 = rng.chance(0.35);
    const terminal = g.add(u, {
      code: 'beidou_terminal', model: bd, custody: 'installed', officer: driver, location: plate,
      ageDays: AGE.installed, warrantyYears: [2, 3],
      attributes: {
        terminalPhone: g.terminalPhone(!is2019 || rng.chance(0.3)),
        maker: is2019 ? bd.maker2019 : bd.maker2013,
        model: bd.model,
        terminalId: g.nextTerminalId(),
        sim: g.nextIccid(),
        protocol: is2019 ? 'JT/T 808-2019' : 'JT/T 808-2013',
        onCityPlatform: attributes.beidouOnCityPlatform as boolean,
      },
    });
    // A written-off vehicle takes its terminal with it.
    if (car.status === '报废') terminal.status = '报废';
  }
}

function bodyCameraAttributes(g: Generator, m: BodyCameraModel, is4g: boolean): Record<string, EquipmentAttributeValue> {
  const { rng } = g;
  const attributes: Record<string, EquipmentAttributeValue> = {
    resolution: m.resolution,
    storageGb: rng.pick(m.storage),
    batteryHours: rng.int(m.battery[0], m.battery[1]),
    network: m.network ?? '无',
    positioning: m.positioning,
  };
  if (is4g) attributes.liveToCityCenter = rng.chance(0.75);
  return attributes;
}

function addPersonalKit(g: Generator, u: UnitCtx): void {
  const { rng } = g;
  // Squadrons differ: most are nearly fully equipped, a few lag behind (the per-officer ratios show it).
  const lag = rng.chance(0.15) ? rng.next() * 0.2 : 0;
  const pHandheld = Math.min(0.99, 0.92 + rng.next() * 0.06 - lag);
  const pRadio = Math.min(0.99, 0.94 + rng.next() * 0.05 - lag);
  const pCamera = Math.min(0.99, 0.87 + rng.next() * 0.06 - lag);
  const share4g = rng.next() * 0.4;
  for (const officer of u.active) {
    if (rng.next() < pHandheld) {
      const m = rng.weighted(TABLES.handheld);
      // IMEI: the model's TAC, a 6-digit serial from its own counter (moving to the next TAC block on overflow).
      const n = g.nextSerial(`${m.model}#imei`);
      const body = `${m.tac + Math.floor(n / 1_000_000)}${pad(n % 1_000_000, 6)}`;
      g.add(u, {
        code: 'handheld_terminal', model: m, custody: 'issued', officer, location: null,
        ageDays: AGE.personal, warrantyYears: [1, 2],
        attributes: { network: m.network, os: m.os, imei: body + luhn(body) },
      });
    }
    if (rng.next() < pRadio) {
      const m = rng.weighted(TABLES.radio);
      g.add(u, {
        code: 'radio', model: m, custody: 'issued', officer, location: null,
        ageDays: AGE.personal, warrantyYears: [1, 3], attributes: { mode: m.mode },
      });
    }
    if (rng.next() < pCamera) {
      const is4g = rng.next() < share4g;
      const m = rng.weighted(is4g ? TABLES.bodyCamera4g : TABLES.bodyCamera);
      g.add(u, {
        code: is4g ? 'body_camera_4g' : 'body_camera', model: m, custody: 'issued', officer, location: null,
        ageDays: AGE.personal, warrantyYears: [1, 3], attributes: bodyCameraAttributes(g, m, is4g),
      });
    }
  }
}

function addSquadronKit(g: Generator, u: UnitCtx): void {
  const { rng } = g;
  const n = u.active.length;
  const keeper = u.keeper;
  const kept = (
    code: string, model: ModelBase, attributes: Record<string, EquipmentAttributeValue>, location: string,
    officer: DemoOfficer | null = keeper,
  ) =>
    g.add(u, {
      code, model, attributes, custody: 'kept', officer, location, ageDays: AGE.electronics, warrantyYears: [1, 3],
    });
  // Each required kind is missing in ~10% of squadrons, so the evaluation has gaps to list.
  const has = () => rng.chance(0.9);

  if (has()) {
    for (let i = Math.max(1, Math.ceil(n / 40)); i > 0; i--) {
      const m = rng.weighted(TABLES.dataTerminal);
      kept('data_terminal', m, { capacityTb: rng.pick(m.capacityTb), ports: rng.pick(m.ports) }, '勤务指挥室');
    }
  }
  if (has()) {
    for (let i = Math.max(1, Math.ceil(n / 15)); i > 0; i--) {
      const m = rng.weighted(TABLES.idReader);
      kept('id_reader', m, { connection: m.connection }, rng.chance(0.6) ? '受理接待大厅' : '内勤办公室');
    }
  }
  if (has()) {
    for (let i = Math.max(1, Math.ceil(n / 30)); i > 0; i--) {
      const m = rng.weighted(TABLES.scanner);
      kept('scanner', m, { dpi: m.dpi }, '内勤办公室');
    }
  }
  if (has()) {
    for (let i = Math.max(1, Math.ceil(n / 6)); i > 0; i--) {
      const m = rng.weighted(TABLES.printer);
      kept('portable_printer', m, { printType: m.printType, connection: rng.pick(m.connection) }, '器材室');
    }
  }
  if (has()) {
    for (let i = Math.max(1, Math.ceil(n / 15)); i > 0; i--) {
      const m = rng.weighted(TABLES.camera);
      kept('camera', m, { kind: m.kind, resolution: m.resolution }, '器材室');
    }
  }

  // 监控设备 in the squadron's rooms, with the odd retention period shorter than the standard wants.
  if (rng.chance(0.85)) {
    for (const room of ROOM_LOCATIONS) {
      if (!rng.chance(0.75)) continue;
      const count = room === '出入口' || room === '内部通道' ? rng.int(1, 3) : 1;
      for (let i = 0; i < count; i++) {
        const m = rng.weighted(TABLES.surveillance);
        const retentionDays = BUSINESS_ROOMS.has(room) ? rng.pick([30, 30, 30, 60, 90, 15]) : rng.pick([15, 15, 30, 30, 60, 90]);
        g.add(u, {
          code: 'surveillance', model: m, custody: 'installed', officer: keeper, location: room,
          ageDays: AGE.installed, warrantyYears: [2, 3],
          attributes: { location: room, retentionDays, audio: BUSINESS_ROOMS.has(room) ? rng.chance(0.8) : rng.chance(0.2) },
        });
      }
    }
  }
  if (rng.chance(0.5)) {
    const m = rng.weighted(TABLES.conference);
    kept('video_conference', m, { resolution: m.resolution, linkedToDistrict: rng.chance(0.9) }, '勤务指挥室');
  }
  if (rng.chance(0.15)) {
    const pilots = u.active.filter((o) => o.position === '队员' || o.position === '组长');
    for (let i = rng.chance(0.3) ? 2 : 1; i > 0; i--) {
      const m = rng.weighted(TABLES.drone);
      const liveStream = rng.chance(0.7);
      kept(
        'drone', m,
        { flightMinutes: m.flightMinutes, videoResolution: m.resolution, liveStream, liveToCityCenter: liveStream && rng.chance(0.5) },
        '器材室', pilots.length ? rng.pick(pilots) : keeper,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

const ACTIVE = new Set<string>(ACTIVE_OFFICER_STATUSES);
const SQUADRONS = new Set<string>(SQUADRON_KINDS);

function keeperOf(active: DemoOfficer[]): DemoOfficer | null {
  return active.find((o) => o.position === '内勤') ?? active.find((o) => o.position === '中队长') ?? active[0] ?? null;
}

/**
 * The 执法装备库 of a generated dataset. Squadrons (街镇乡/特定区域/机动中队) get vehicles (2–4 at scale 1, one per
 * ~8 officers on duty) each with a 北斗 terminal when fitted, 中队装备 and cameras, and personal kit for their
 * officers on duty; 区局 get 1–3 vehicles; other units nothing. Deterministic in (data, seed, asOf).
 */
export function generateDemoEquipment(data: DemoData, opts: DemoEquipmentOptions = {}): DemoEquipmentItem[] {
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new Error(`seed 必须是整数: ${seed}`);
  if (opts.scale !== undefined && (!Number.isFinite(opts.scale) || opts.scale < 0)) {
    throw new Error(`scale 必须是非负数: ${opts.scale}`);
  }
  const g = new Generator(mulberry32(deriveSeed(seed, 3)), parseDay(opts.asOf ?? DEFAULT_AS_OF));
  const { rng } = g;

  const activeByUnit = new Map<string, DemoOfficer[]>();
  for (const o of data.officers) {
    if (!ACTIVE.has(o.status)) continue;
    const list = activeByUnit.get(o.unitCode);
    if (list) list.push(o);
    else activeByUnit.set(o.unitCode, [o]);
  }

  for (const unit of data.units) {
    const squadron = SQUADRONS.has(unit.kind);
    if (!squadron && unit.kind !== '区局') continue;
    const active = activeByUnit.get(unit.code) ?? [];
    const u: UnitCtx = { unit, active, keeper: keeperOf(active), seq: new Map() };
    if (!squadron) {
      addVehicles(g, u, rng.int(1, 3), TABLES.hq, '区局停车场');
      continue;
    }
    const mobile = unit.kind === '机动中队';
    const perOfficer = mobile ? 0.11 + rng.next() * 0.06 : 0.09 + rng.next() * 0.06;
    const table = mobile ? TABLES.mobile : unit.kind === '特定区域中队' ? TABLES.special : TABLES.street;
    addVehicles(g, u, Math.max(2, Math.round(active.length * perOfficer)), table, '中队停车场');
    addSquadronKit(g, u);
    addPersonalKit(g, u);
  }
  return g.items;
}
