// Brands and models the demo 执法装备库 draws from: kit actually found in Chinese 城管 squadrons, with the traits that
// decide their category attributes. Weights are relative within a list. Serial prefixes are per model, so serial
// numbers (prefix + purchase year + per-model counter) are unique per model like the database's (model, serial_no).

export interface ModelBase {
  brand: string;
  model: string;
  weight: number;
  /** Serial-number prefix (vehicles use a VIN instead). */
  sn: string;
}

// ---- 执法车辆 -----------------------------------------------------------------------------------------------

export type VehicleType = '轿车' | 'SUV' | '面包车' | '皮卡' | '电动巡逻车' | '摩托车';
export type Energy = 'fuel' | 'ev' | 'phev';

export interface VehicleModel extends ModelBase {
  vehicleType: VehicleType;
  energy: Energy;
  /** VIN world manufacturer identifier (3) and descriptor section (5). */
  wmi: string;
  vds: string;
}

const vehicle = (
  brand: string, model: string, vehicleType: VehicleType, energy: Energy, wmi: string, vds: string, weight: number,
): VehicleModel => ({ brand, model, vehicleType, energy, wmi, vds, weight, sn: '' });

export const LANGYI = vehicle('上汽大众', '朗逸', '轿车', 'fuel', 'LSV', 'AB2BM', 8);
export const PASSAT = vehicle('上汽大众', '帕萨特', '轿车', 'fuel', 'LSV', 'CE4B3', 2);
export const TIGUAN = vehicle('上汽大众', '途观L', 'SUV', 'fuel', 'LSV', 'UA60T', 2);
export const ID4X = vehicle('上汽大众', 'ID.4 X', 'SUV', 'ev', 'LSV', 'UB7E2', 2);
export const GL8 = vehicle('上汽通用别克', 'GL8', '面包车', 'fuel', 'LSG', 'UA8E5', 5);
export const EXCELLE = vehicle('上汽通用别克', '英朗', '轿车', 'fuel', 'LSG', 'BC5S4', 3);
export const V80 = vehicle('上汽大通', 'V80', '面包车', 'fuel', 'LSK', 'G4CA1', 5);
export const EV30 = vehicle('上汽大通', 'EV30', '面包车', 'ev', 'LSK', 'G6AB3', 1);
export const T60 = vehicle('上汽大通', 'T60', '皮卡', 'fuel', 'LSK', 'P4DF2', 1);
export const QIN = vehicle('比亚迪', '秦PLUS DM-i', '轿车', 'phev', 'LGX', 'C76C2', 5);
export const YUAN = vehicle('比亚迪', '元PLUS', 'SUV', 'ev', 'LGX', 'E13E6', 2);
export const EI5 = vehicle('上汽荣威', 'Ei5', '轿车', 'ev', 'LSJ', 'W74U5', 4);
export const RX5 = vehicle('上汽荣威', 'RX5', 'SUV', 'fuel', 'LSJ', 'A2457', 2);
export const PATROL_EV = vehicle('绿通', 'LT-S4.PA', '电动巡逻车', 'ev', 'LL3', 'PA4E1', 2);
export const MOTORBIKE = vehicle('五羊-本田', 'WH150-3', '摩托车', 'fuel', 'LWB', 'PCJ30', 1);

export const STREET_VEHICLES = [LANGYI, GL8, EXCELLE, V80, QIN, YUAN, EI5, RX5, ID4X, T60, PATROL_EV, MOTORBIKE];
/** 特定区域 (scenic areas, stations, business districts) patrol on foot and in small electric cars. */
export const SPECIAL_AREA_VEHICLES = [LANGYI, EI5, QIN, { ...PATROL_EV, weight: 8 }, { ...MOTORBIKE, weight: 2 }];
/** 机动中队 move teams around: vans and people carriers. */
export const MOBILE_VEHICLES = [{ ...GL8, weight: 8 }, { ...V80, weight: 8 }, EV30, T60, LANGYI, QIN];
export const HQ_VEHICLES = [PASSAT, GL8, TIGUAN, QIN, EI5, ID4X];

// ---- 北斗定位终端 (JT/T 808) -----------------------------------------------------------------------------------

export interface BeidouModel extends ModelBase {
  /** 制造商ID: 5 characters in JT/T 808-2013, up to 11 in 2019. */
  maker2013: string;
  maker2019: string;
}

export const BEIDOU_MODELS: BeidouModel[] = [
  { brand: '锐明', model: 'M1N-BD', maker2013: '70321', maker2019: '44030070321', sn: 'RM', weight: 3 },
  { brand: '鸿泉', model: 'HQ-T808', maker2013: '33018', maker2019: '33010833018', sn: 'HQ', weight: 2 },
  { brand: '雅迅', model: 'YX-T200', maker2013: '35020', maker2019: '35020035020', sn: 'YX', weight: 2 },
  { brand: '中寰卫星', model: 'ZHW-808B', maker2013: '41010', maker2019: '41010041010', sn: 'ZH', weight: 1 },
  { brand: '华宝', model: 'HB-T60B', maker2013: '44190', maker2019: '44190044190', sn: 'HB', weight: 1 },
];

// ---- 执法人员装备 ------------------------------------------------------------------------------------------

export interface HandheldModel extends ModelBase {
  network: '4G' | '5G';
  os: 'Android' | '鸿蒙';
  /** IMEI type allocation code (8 digits). */
  tac: number;
}

export const HANDHELD_MODELS: HandheldModel[] = [
  { brand: '华为', model: 'Mate 60', network: '5G', os: '鸿蒙', tac: 86791406, sn: 'HWM', weight: 2 },
  { brand: '华为', model: 'nova 11', network: '4G', os: '鸿蒙', tac: 86642306, sn: 'HWN', weight: 3 },
  { brand: '中兴', model: 'V50 Vita', network: '5G', os: 'Android', tac: 86871205, sn: 'ZTE', weight: 1 },
  { brand: '优博讯', model: 'i6310', network: '4G', os: 'Android', tac: 86516804, sn: 'UBX', weight: 3 },
  { brand: '东集', model: 'AUTOID 9N', network: '4G', os: 'Android', tac: 86389604, sn: 'SEU', weight: 2 },
  { brand: '新大陆', model: 'MT90', network: '4G', os: 'Android', tac: 86457103, sn: 'NLS', weight: 2 },
];

export interface RadioModel extends ModelBase {
  mode: '模拟' | '数字' | '公网';
}

export const RADIO_MODELS: RadioModel[] = [
  { brand: '摩托罗拉', model: 'XiR P8668i', mode: '数字', sn: '868T', weight: 3 },
  { brand: '摩托罗拉', model: 'GP328D+', mode: '数字', sn: '872T', weight: 2 },
  { brand: '摩托罗拉', model: 'Mag One A8', mode: '模拟', sn: '446A', weight: 1 },
  { brand: '海能达', model: 'PD680', mode: '数字', sn: 'PD68', weight: 3 },
  { brand: '海能达', model: 'TD370', mode: '数字', sn: 'TD37', weight: 1 },
  { brand: '海能达', model: 'PNC370', mode: '公网', sn: 'PNC3', weight: 2 },
  { brand: '建伍', model: 'NX-1300', mode: '数字', sn: 'B2K', weight: 1 },
];

export type Resolution = '720P' | '1080P' | '2K' | '4K';

export interface BodyCameraModel extends ModelBase {
  resolution: Resolution;
  storage: number[];
  battery: [number, number];
  /** Built-in 北斗/GPS positioning. */
  positioning: boolean;
  network?: '4G' | '5G';
}

export const BODY_CAMERA_MODELS: BodyCameraModel[] = [
  { brand: '海康威视', model: 'DS-MH2311', resolution: '1080P', storage: [32, 64], battery: [8, 10], positioning: true, sn: 'HKD', weight: 4 },
  { brand: '大华', model: 'DH-MPT220', resolution: '1080P', storage: [32, 64], battery: [8, 10], positioning: false, sn: 'DHM', weight: 3 },
  { brand: '警翼', model: 'DSJ-X9', resolution: '2K', storage: [64, 128], battery: [10, 12], positioning: true, sn: 'JYX', weight: 2 },
  { brand: '华德安', model: 'DSJ-HDA8', resolution: '1080P', storage: [32, 64], battery: [8, 12], positioning: false, sn: 'HDA', weight: 2 },
  { brand: '海康威视', model: 'DS-MH2211', resolution: '720P', storage: [16, 32], battery: [6, 8], positioning: false, sn: 'HKO', weight: 1 },
];

export const BODY_CAMERA_4G_MODELS: BodyCameraModel[] = [
  { brand: '海康威视', model: 'DS-MCW405', resolution: '1080P', storage: [64, 128], battery: [10, 12], positioning: true, network: '4G', sn: 'HKW', weight: 4 },
  { brand: '大华', model: 'DH-MPT320', resolution: '2K', storage: [64, 128], battery: [10, 14], positioning: true, network: '4G', sn: 'DHW', weight: 3 },
  { brand: '警翼', model: 'DSJ-4G-K9', resolution: '2K', storage: [128, 256], battery: [12, 16], positioning: true, network: '4G', sn: 'JYK', weight: 2 },
  { brand: '华为', model: 'BWC-5G-A1', resolution: '4K', storage: [128, 256], battery: [10, 12], positioning: true, network: '5G', sn: 'HWB', weight: 1 },
];

// ---- 中队装备 and 指挥与视频 ----------------------------------------------------------------------------------

export interface DataTerminalModel extends ModelBase {
  capacityTb: number[];
  ports: number[];
}

export const DATA_TERMINAL_MODELS: DataTerminalModel[] = [
  { brand: '海康威视', model: 'DS-MH4172', capacityTb: [8, 16, 24], ports: [12, 16], sn: 'HKS', weight: 4 },
  { brand: '大华', model: 'DH-MPT-WS16', capacityTb: [8, 16, 32], ports: [16], sn: 'DHS', weight: 3 },
  { brand: '警翼', model: 'GZZ-JY12', capacityTb: [4, 8, 12], ports: [8, 12], sn: 'JYG', weight: 2 },
];

export interface IdReaderModel extends ModelBase {
  connection: 'USB' | '蓝牙' | '串口';
}

export const ID_READER_MODELS: IdReaderModel[] = [
  { brand: '华视电子', model: 'CVR-100UC', connection: 'USB', sn: 'CVR', weight: 4 },
  { brand: '华视电子', model: 'CVR-100B', connection: '蓝牙', sn: 'CVB', weight: 1 },
  { brand: '神思电子', model: 'SS628-100', connection: 'USB', sn: 'SS6', weight: 3 },
  { brand: '精伦', model: 'iDR210', connection: 'USB', sn: 'IDR', weight: 2 },
];

export interface ScannerModel extends ModelBase {
  dpi: number;
}

export const SCANNER_MODELS: ScannerModel[] = [
  { brand: '富士通', model: 'fi-7160', dpi: 600, sn: 'FJ7', weight: 3 },
  { brand: '佳能', model: 'DR-C225 II', dpi: 600, sn: 'CDR', weight: 2 },
  { brand: '爱普生', model: 'DS-1630', dpi: 1200, sn: 'EDS', weight: 2 },
  { brand: '紫光', model: 'G650', dpi: 600, sn: 'UGS', weight: 1 },
];

export interface PrinterModel extends ModelBase {
  printType: '热敏' | '针式' | '喷墨' | '激光';
  connection: ('蓝牙' | 'USB' | 'Wi-Fi')[];
}

export const PRINTER_MODELS: PrinterModel[] = [
  { brand: '汉印', model: 'MT800', printType: '热敏', connection: ['蓝牙', 'USB'], sn: 'HPR', weight: 4 },
  { brand: '兄弟', model: 'PJ-763MFi', printType: '热敏', connection: ['蓝牙', 'USB'], sn: 'BPJ', weight: 2 },
  { brand: '爱普生', model: 'WF-110', printType: '喷墨', connection: ['Wi-Fi', 'USB'], sn: 'EWF', weight: 2 },
  { brand: '惠普', model: 'OfficeJet 200', printType: '喷墨', connection: ['Wi-Fi', 'USB'], sn: 'HPO', weight: 1 },
];

export interface CameraModel extends ModelBase {
  kind: '照相机' | '摄像机' | '照相摄像一体';
  resolution: Resolution;
}

export const CAMERA_MODELS: CameraModel[] = [
  { brand: '佳能', model: 'EOS R6 Mark II', kind: '照相摄像一体', resolution: '4K', sn: 'CR6', weight: 2 },
  { brand: '佳能', model: 'EOS 90D', kind: '照相机', resolution: '4K', sn: 'C90', weight: 2 },
  { brand: '尼康', model: 'Z 6II', kind: '照相摄像一体', resolution: '4K', sn: 'NZ6', weight: 2 },
  { brand: '索尼', model: 'FDR-AX700', kind: '摄像机', resolution: '4K', sn: 'SAX', weight: 2 },
  { brand: '索尼', model: 'HXR-NX100', kind: '摄像机', resolution: '1080P', sn: 'SNX', weight: 1 },
];

export const SURVEILLANCE_MODELS: ModelBase[] = [
  { brand: '海康威视', model: 'DS-2CD3T46WDV3-I3', sn: 'HKC', weight: 4 },
  { brand: '大华', model: 'DH-IPC-HFW2433M-I1', sn: 'DHC', weight: 3 },
  { brand: '宇视', model: 'IPC2124LE-ADF28KM-G', sn: 'UNV', weight: 2 },
];

export interface ConferenceModel extends ModelBase {
  resolution: Resolution;
}

export const CONFERENCE_MODELS: ConferenceModel[] = [
  { brand: '华为', model: 'TE30', resolution: '1080P', sn: 'HTE', weight: 3 },
  { brand: '华为', model: 'Box 600', resolution: '4K', sn: 'HBX', weight: 1 },
  { brand: '小鱼易连', model: 'ME90', resolution: '1080P', sn: 'XYM', weight: 2 },
  { brand: '中兴', model: 'ZXV10 XT502', resolution: '1080P', sn: 'ZXV', weight: 1 },
];

export interface DroneModel extends ModelBase {
  flightMinutes: number;
  resolution: Resolution;
}

export const DRONE_MODELS: DroneModel[] = [
  { brand: '大疆', model: 'Mavic 3T', flightMinutes: 45, resolution: '4K', sn: '1581F', weight: 3 },
  { brand: '大疆', model: 'Matrice 30T', flightMinutes: 41, resolution: '4K', sn: '1ZNDH', weight: 1 },
  { brand: '大疆', model: 'Mavic 2 行业进阶版', flightMinutes: 31, resolution: '4K', sn: '163DG', weight: 1 },
];
