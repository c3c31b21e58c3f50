// Static reference data for Shanghai: the city bureau, the 16 district bureaus (GB/T 2260 codes), the directly-run
// units and the 街道/镇/乡 of each district with an approximate centroid [lon, lat] (WGS84, accurate to a few km —
// good enough for demo maps, not for anything official).

export type LonLat = [number, number];

/** Land masses: Voronoi cells are computed per land mass so that no cell crosses the Yangtze. */
export type Landmass = 'mainland' | 'chongming' | 'changxing' | 'hengsha';

export type StreetKind = '街道' | '镇' | '乡' | '地区';

export interface StreetDef {
  /** Official name, e.g. 南京东路街道, 莘庄镇, 新村乡. */
  name: string;
  kind: StreetKind;
  center: LonLat;
  landmass: Landmass;
}

export interface SpecialAreaDef {
  /** Area name without the 中队 suffix, e.g. 外滩风景区. */
  name: string;
  center: LonLat;
  /** Radius of the demo hexagon in km. */
  radiusKm: number;
}

export interface BrigadeDef {
  /** e.g. 第一大队 */
  name: string;
  /** Short area label, e.g. 陆家嘴片区. */
  area: string;
  /** Names of the streets / special areas (without 中队) hanging under it; '机动' for the district's 机动中队. */
  members: string[];
}

export interface DistrictDef {
  code: string;
  /** 黄浦区 */
  name: string;
  /** 黄浦 */
  shortName: string;
  /** Location of the district bureau (approximate). */
  hq: LonLat;
  /** A road for the bureau's demo address. */
  hqRoad: string;
  streets: StreetDef[];
  specialAreas: SpecialAreaDef[];
  /** Only 浦东新区: 大队 between the district bureau and its squadrons. */
  brigades?: BrigadeDef[];
}

export interface DirectSquadronDef {
  name: string;
  kind: '特定区域中队' | '机动中队';
  center: LonLat;
  /** Hexagon radius for specific-area squadrons; mobile squadrons have no geometry. */
  radiusKm?: number;
  addressBase: string;
}

export interface DirectUnitDef {
  code: string;
  name: string;
  shortName: string;
  center: LonLat;
  /** Demo address without the house number, e.g. 上海市黄浦区西藏南路. */
  addressBase: string;
  squadrons: DirectSquadronDef[];
}

export const CITY_BUREAU = {
  code: '310000',
  name: '上海市城市管理行政执法局',
  shortName: '市城管执法局',
  center: [121.4737, 31.2304] as LonLat,
  addressBase: '上海市黄浦区大沽路',
} as const;

type S = [name: string, lon: number, lat: number, landmass?: Landmass];

function streets(list: S[]): StreetDef[] {
  return list.map(([name, lon, lat, landmass]) => ({
    name,
    kind: streetKind(name),
    center: [lon, lat],
    landmass: landmass ?? 'mainland',
  }));
}

function streetKind(name: string): StreetKind {
  if (name.endsWith('街道')) return '街道';
  if (name.endsWith('乡')) return '乡';
  if (name.endsWith('镇')) return '镇';
  return '地区';
}

function areas(list: [name: string, lon: number, lat: number, radiusKm?: number][]): SpecialAreaDef[] {
  return list.map(([name, lon, lat, radiusKm]) => ({ name, center: [lon, lat], radiusKm: radiusKm ?? 0.6 }));
}

export const DISTRICTS: DistrictDef[] = [
  {
    code: '310101', name: '黄浦区', shortName: '黄浦', hq: [121.4846, 31.2317], hqRoad: '延安东路',
    streets: streets([
      ['南京东路街道', 121.478, 31.238], ['外滩街道', 121.488, 31.245], ['半淞园路街道', 121.494, 31.205],
      ['小东门街道', 121.502, 31.225], ['豫园街道', 121.490, 31.228], ['老西门街道', 121.478, 31.220],
      ['五里桥街道', 121.476, 31.200], ['打浦桥街道', 121.467, 31.207], ['淮海中路街道', 121.470, 31.222],
      ['瑞金二路街道', 121.460, 31.213],
    ]),
    specialAreas: areas([['外滩风景区', 121.4905, 31.2385], ['人民广场', 121.475, 31.232]]),
  },
  {
    code: '310104', name: '徐汇区', shortName: '徐汇', hq: [121.4366, 31.1883], hqRoad: '漕溪北路',
    streets: streets([
      ['天平路街道', 121.440, 31.205], ['湖南路街道', 121.445, 31.213], ['斜土路街道', 121.455, 31.198],
      ['枫林路街道', 121.455, 31.188], ['长桥街道', 121.445, 31.140], ['田林街道', 121.425, 31.178],
      ['虹梅路街道', 121.405, 31.170], ['康健新村街道', 121.418, 31.160], ['徐家汇街道', 121.437, 31.192],
      ['凌云路街道', 121.435, 31.155], ['龙华街道', 121.455, 31.175], ['漕河泾街道', 121.435, 31.168],
      ['华泾镇', 121.445, 31.115],
    ]),
    specialAreas: areas([['徐汇滨江', 121.462, 31.178]]),
  },
  {
    code: '310105', name: '长宁区', shortName: '长宁', hq: [121.4243, 31.2204], hqRoad: '愚园路',
    streets: streets([
      ['华阳路街道', 121.425, 31.222], ['江苏路街道', 121.432, 31.222], ['新华路街道', 121.425, 31.205],
      ['周家桥街道', 121.410, 31.220], ['天山路街道', 121.400, 31.212], ['仙霞新村街道', 121.390, 31.205],
      ['虹桥街道', 121.415, 31.200], ['程家桥街道', 121.370, 31.190], ['北新泾街道', 121.380, 31.218],
      ['新泾镇', 121.360, 31.215],
    ]),
    specialAreas: [],
  },
  {
    code: '310106', name: '静安区', shortName: '静安', hq: [121.4559, 31.2450], hqRoad: '常德路',
    streets: streets([
      ['静安寺街道', 121.447, 31.225], ['曹家渡街道', 121.435, 31.232], ['江宁路街道', 121.448, 31.240],
      ['石门二路街道', 121.458, 31.235], ['南京西路街道', 121.460, 31.228], ['天目西路街道', 121.458, 31.247],
      ['北站街道', 121.475, 31.248], ['宝山路街道', 121.475, 31.260], ['芷江西路街道', 121.455, 31.255],
      ['共和新路街道', 121.458, 31.268], ['大宁路街道', 121.455, 31.280], ['彭浦新村街道', 121.450, 31.305],
      ['临汾路街道', 121.455, 31.318], ['彭浦镇', 121.435, 31.298],
    ]),
    specialAreas: areas([['上海火车站地区', 121.456, 31.249]]),
  },
  {
    code: '310107', name: '普陀区', shortName: '普陀', hq: [121.3972, 31.2498], hqRoad: '大渡河路',
    streets: streets([
      ['长寿路街道', 121.440, 31.243], ['曹杨新村街道', 121.415, 31.240], ['长风新村街道', 121.395, 31.225],
      ['宜川路街道', 121.445, 31.258], ['甘泉路街道', 121.440, 31.270], ['石泉路街道', 121.430, 31.255],
      ['真如镇街道', 121.405, 31.253], ['万里街道', 121.410, 31.272], ['长征镇', 121.380, 31.245],
      ['桃浦镇', 121.385, 31.285],
    ]),
    specialAreas: [],
  },
  {
    code: '310109', name: '虹口区', shortName: '虹口', hq: [121.5050, 31.2646], hqRoad: '飞虹路',
    streets: streets([
      ['欧阳路街道', 121.490, 31.272], ['曲阳路街道', 121.495, 31.283], ['广中路街道', 121.470, 31.276],
      ['嘉兴路街道', 121.493, 31.262], ['凉城新村街道', 121.470, 31.298], ['四川北路街道', 121.483, 31.258],
      ['北外滩街道', 121.500, 31.252], ['江湾镇街道', 121.483, 31.288],
    ]),
    specialAreas: [],
  },
  {
    code: '310110', name: '杨浦区', shortName: '杨浦', hq: [121.5260, 31.2595], hqRoad: '江浦路',
    streets: streets([
      ['定海路街道', 121.552, 31.265], ['平凉路街道', 121.535, 31.260], ['江浦路街道', 121.520, 31.262],
      ['四平路街道', 121.505, 31.280], ['控江路街道', 121.525, 31.280], ['长白新村街道', 121.548, 31.278],
      ['延吉新村街道', 121.535, 31.287], ['殷行街道', 121.535, 31.320], ['大桥街道', 121.527, 31.269],
      ['五角场街道', 121.505, 31.300], ['新江湾城街道', 121.503, 31.330], ['长海路街道', 121.530, 31.305],
    ]),
    specialAreas: areas([['杨浦滨江', 121.530, 31.255]]),
  },
  {
    code: '310112', name: '闵行区', shortName: '闵行', hq: [121.3810, 31.1126], hqRoad: '沪闵路',
    streets: streets([
      ['江川路街道', 121.385, 31.010], ['古美街道', 121.395, 31.150], ['新虹街道', 121.315, 31.195],
      ['浦锦街道', 121.495, 31.095], ['莘庄镇', 121.375, 31.110], ['七宝镇', 121.345, 31.155],
      ['颛桥镇', 121.405, 31.065], ['华漕镇', 121.290, 31.225], ['虹桥镇', 121.380, 31.172],
      ['梅陇镇', 121.420, 31.125], ['吴泾镇', 121.455, 31.045], ['马桥镇', 121.350, 31.030],
      ['浦江镇', 121.520, 31.060],
    ]),
    specialAreas: areas([['虹桥枢纽', 121.318, 31.196, 1.0]]),
  },
  {
    code: '310113', name: '宝山区', shortName: '宝山', hq: [121.4893, 31.4053], hqRoad: '密山路',
    streets: streets([
      ['友谊路街道', 121.485, 31.400], ['吴淞街道', 121.500, 31.378], ['张庙街道', 121.443, 31.333],
      ['罗店镇', 121.340, 31.410], ['大场镇', 121.405, 31.303], ['杨行镇', 121.430, 31.380],
      ['月浦镇', 121.420, 31.420], ['罗泾镇', 121.350, 31.475], ['顾村镇', 121.380, 31.355],
      ['高境镇', 121.490, 31.320], ['庙行镇', 121.430, 31.350], ['淞南镇', 121.480, 31.345],
    ]),
    specialAreas: areas([['吴淞口国际邮轮港', 121.502, 31.392]]),
  },
  {
    code: '310114', name: '嘉定区', shortName: '嘉定', hq: [121.2655, 31.3756], hqRoad: '博乐路',
    streets: streets([
      ['新成路街道', 121.265, 31.375], ['真新街道', 121.362, 31.250], ['嘉定镇街道', 121.245, 31.385],
      ['南翔镇', 121.310, 31.295], ['安亭镇', 121.165, 31.300], ['马陆镇', 121.270, 31.335],
      ['徐行镇', 121.270, 31.430], ['华亭镇', 121.235, 31.475], ['外冈镇', 121.160, 31.365],
      ['江桥镇', 121.320, 31.245], ['菊园新区', 121.240, 31.410], ['嘉定工业区', 121.205, 31.430],
    ]),
    specialAreas: areas([['国际汽车城', 121.175, 31.285]]),
  },
  {
    code: '310115', name: '浦东新区', shortName: '浦东', hq: [121.5447, 31.2215], hqRoad: '世纪大道',
    streets: streets([
      ['潍坊新村街道', 121.525, 31.228], ['陆家嘴街道', 121.505, 31.237], ['周家渡街道', 121.495, 31.185],
      ['塘桥街道', 121.520, 31.213], ['上钢新村街道', 121.480, 31.180], ['南码头路街道', 121.505, 31.203],
      ['沪东新村街道', 121.575, 31.282], ['金杨新村街道', 121.565, 31.258], ['洋泾街道', 121.540, 31.245],
      ['浦兴路街道', 121.590, 31.265], ['东明路街道', 121.505, 31.160], ['花木街道', 121.555, 31.210],
      ['川沙新镇', 121.705, 31.190], ['高桥镇', 121.580, 31.345], ['北蔡镇', 121.545, 31.180],
      ['合庆镇', 121.730, 31.245], ['唐镇', 121.650, 31.215], ['曹路镇', 121.670, 31.280],
      ['金桥镇', 121.615, 31.250], ['高行镇', 121.600, 31.295], ['高东镇', 121.630, 31.325],
      ['张江镇', 121.600, 31.200], ['三林镇', 121.505, 31.140], ['惠南镇', 121.760, 31.055],
      ['周浦镇', 121.590, 31.110], ['新场镇', 121.645, 31.030], ['大团镇', 121.730, 30.980],
      ['康桥镇', 121.590, 31.145], ['航头镇', 121.600, 31.045], ['祝桥镇', 121.760, 31.120],
      ['泥城镇', 121.820, 30.925], ['宣桥镇', 121.680, 31.075], ['书院镇', 121.870, 31.000],
      ['万祥镇', 121.800, 30.975], ['老港镇', 121.840, 31.065], ['南汇新城镇', 121.920, 30.900],
    ]),
    specialAreas: areas([
      ['陆家嘴金融城', 121.507, 31.240], ['世博地区', 121.492, 31.187], ['国际旅游度假区', 121.665, 31.145, 1.2],
    ]),
    brigades: [
      { name: '第一大队', area: '陆家嘴片区', members: ['陆家嘴街道', '潍坊新村街道', '塘桥街道', '南码头路街道', '洋泾街道', '花木街道', '陆家嘴金融城', '机动'] },
      { name: '第二大队', area: '金桥高桥片区', members: ['金杨新村街道', '沪东新村街道', '浦兴路街道', '金桥镇', '高行镇', '高桥镇', '高东镇', '曹路镇'] },
      { name: '第三大队', area: '三林世博片区', members: ['周家渡街道', '上钢新村街道', '东明路街道', '三林镇', '北蔡镇', '世博地区'] },
      { name: '第四大队', area: '张江川沙片区', members: ['张江镇', '唐镇', '川沙新镇', '合庆镇', '康桥镇', '周浦镇', '国际旅游度假区'] },
      { name: '第五大队', area: '惠南祝桥片区', members: ['祝桥镇', '惠南镇', '航头镇', '新场镇', '宣桥镇', '老港镇'] },
      { name: '第六大队', area: '临港片区', members: ['大团镇', '万祥镇', '书院镇', '泥城镇', '南汇新城镇'] },
    ],
  },
  {
    code: '310116', name: '金山区', shortName: '金山', hq: [121.3420, 30.7417], hqRoad: '金山大道',
    streets: streets([
      ['石化街道', 121.335, 30.720], ['朱泾镇', 121.170, 30.895], ['枫泾镇', 121.010, 30.890],
      ['张堰镇', 121.290, 30.800], ['亭林镇', 121.310, 30.890], ['吕巷镇', 121.190, 30.830],
      ['廊下镇', 121.150, 30.790], ['金山卫镇', 121.300, 30.740], ['漕泾镇', 121.410, 30.790],
      ['山阳镇', 121.355, 30.770],
    ]),
    specialAreas: areas([['金山城市沙滩', 121.345, 30.712]]),
  },
  {
    code: '310117', name: '松江区', shortName: '松江', hq: [121.2277, 31.0322], hqRoad: '园中路',
    streets: streets([
      ['岳阳街道', 121.225, 31.010], ['永丰街道', 121.195, 31.010], ['方松街道', 121.220, 31.035],
      ['中山街道', 121.248, 31.008], ['广富林街道', 121.205, 31.060], ['九里亭街道', 121.318, 31.145],
      ['泗泾镇', 121.265, 31.120], ['佘山镇', 121.195, 31.100], ['车墩镇', 121.300, 31.005],
      ['新桥镇', 121.320, 31.065], ['洞泾镇', 121.235, 31.090], ['九亭镇', 121.330, 31.120],
      ['泖港镇', 121.175, 30.950], ['石湖荡镇', 121.130, 30.990], ['新浜镇', 121.075, 30.940],
      ['叶榭镇', 121.290, 30.940], ['小昆山镇', 121.130, 31.050],
    ]),
    specialAreas: areas([['佘山国家旅游度假区', 121.190, 31.095]]),
  },
  {
    code: '310118', name: '青浦区', shortName: '青浦', hq: [121.1241, 31.1497], hqRoad: '公园路',
    streets: streets([
      ['夏阳街道', 121.100, 31.140], ['盈浦街道', 121.120, 31.160], ['香花桥街道', 121.110, 31.195],
      ['朱家角镇', 121.050, 31.110], ['练塘镇', 121.040, 31.010], ['金泽镇', 120.930, 31.040],
      ['赵巷镇', 121.195, 31.160], ['徐泾镇', 121.270, 31.180], ['华新镇', 121.215, 31.245],
      ['重固镇', 121.160, 31.210], ['白鹤镇', 121.100, 31.250],
    ]),
    specialAreas: areas([['朱家角古镇', 121.053, 31.113]]),
  },
  {
    code: '310120', name: '奉贤区', shortName: '奉贤', hq: [121.4740, 30.9180], hqRoad: '解放东路',
    streets: streets([
      ['西渡街道', 121.445, 30.990], ['奉浦街道', 121.495, 30.950], ['金海街道', 121.505, 30.915],
      ['南桥镇', 121.460, 30.930], ['奉城镇', 121.650, 30.920], ['庄行镇', 121.380, 30.900],
      ['金汇镇', 121.530, 31.000], ['四团镇', 121.740, 30.910], ['青村镇', 121.570, 30.940],
      ['柘林镇', 121.470, 30.860], ['海湾镇', 121.600, 30.860],
    ]),
    specialAreas: [],
  },
  {
    code: '310151', name: '崇明区', shortName: '崇明', hq: [121.3973, 31.6230], hqRoad: '人民路',
    streets: streets([
      ['城桥镇', 121.400, 31.630, 'chongming'], ['堡镇', 121.610, 31.545, 'chongming'],
      ['新河镇', 121.520, 31.580, 'chongming'], ['庙镇', 121.360, 31.705, 'chongming'],
      ['竖新镇', 121.550, 31.600, 'chongming'], ['向化镇', 121.700, 31.520, 'chongming'],
      ['三星镇', 121.270, 31.725, 'chongming'], ['港沿镇', 121.660, 31.555, 'chongming'],
      ['中兴镇', 121.760, 31.510, 'chongming'], ['陈家镇', 121.850, 31.510, 'chongming'],
      ['绿华镇', 121.210, 31.765, 'chongming'], ['港西镇', 121.470, 31.620, 'chongming'],
      ['建设镇', 121.440, 31.660, 'chongming'], ['新海镇', 121.370, 31.770, 'chongming'],
      ['东平镇', 121.500, 31.680, 'chongming'], ['长兴镇', 121.690, 31.395, 'changxing'],
      ['新村乡', 121.290, 31.765, 'chongming'], ['横沙乡', 121.870, 31.345, 'hengsha'],
    ]),
    specialAreas: [],
  },
];

export const DIRECT_UNITS: DirectUnitDef[] = [
  {
    code: '3100Z1', name: '市局执法总队', shortName: '执法总队', center: [121.4700, 31.2250], addressBase: '上海市黄浦区西藏南路',
    squadrons: [
      { name: '直属一中队', kind: '机动中队', center: [121.4700, 31.2250], addressBase: '上海市黄浦区西藏南路' },
      { name: '直属二中队', kind: '机动中队', center: [121.4300, 31.1900], addressBase: '上海市徐汇区漕溪路' },
    ],
  },
  {
    code: '3100Z2', name: '市水管处', shortName: '水管处', center: [121.4800, 31.2000], addressBase: '上海市黄浦区中山南路',
    squadrons: [{ name: '水务执法中队', kind: '机动中队', center: [121.4800, 31.2000], addressBase: '上海市黄浦区中山南路' }],
  },
  {
    code: '3100Z3', name: '机场地区执法支队', shortName: '机场支队', center: [121.8050, 31.1500], addressBase: '上海市浦东新区启航路',
    squadrons: [
      { name: '浦东机场中队', kind: '特定区域中队', center: [121.8050, 31.1500], radiusKm: 3, addressBase: '上海市浦东新区启航路' },
      { name: '虹桥机场中队', kind: '特定区域中队', center: [121.3400, 31.1930], radiusKm: 1.5, addressBase: '上海市长宁区迎宾二路' },
    ],
  },
  {
    code: '3100Z4', name: '自贸区综合执法大队', shortName: '自贸区大队', center: [121.5950, 31.3400], addressBase: '上海市浦东新区基隆路',
    squadrons: [
      { name: '外高桥保税区中队', kind: '特定区域中队', center: [121.5950, 31.3400], radiusKm: 1.5, addressBase: '上海市浦东新区基隆路' },
    ],
  },
];

/**
 * Rough outlines of Shanghai's land masses (a few dozen vertices each — a demo, not a survey). The mainland is bounded
 * by Jiangsu/Zhejiang to the west, the Yangtze estuary to the north-east and Hangzhou Bay to the south.
 */
export const LANDMASS_OUTLINES: Record<Landmass, LonLat[]> = {
  mainland: [
    [120.86, 31.00], [120.88, 31.10], [120.95, 31.14], [121.04, 31.17], [121.07, 31.25], [121.10, 31.29],
    [121.12, 31.33], [121.10, 31.38], [121.15, 31.43], [121.19, 31.50], [121.28, 31.51], [121.33, 31.53],
    [121.40, 31.50], [121.46, 31.45], [121.51, 31.40], [121.56, 31.38], [121.62, 31.36], [121.70, 31.33],
    [121.78, 31.28], [121.84, 31.20], [121.88, 31.12], [121.92, 31.03], [121.98, 30.93], [121.96, 30.86],
    [121.88, 30.85], [121.75, 30.86], [121.60, 30.82], [121.45, 30.79], [121.38, 30.74], [121.33, 30.69],
    [121.25, 30.69], [121.12, 30.73], [121.05, 30.80], [120.96, 30.84], [120.90, 30.90], [120.88, 30.96],
  ],
  chongming: [
    [121.17, 31.80], [121.30, 31.83], [121.45, 31.79], [121.60, 31.72], [121.75, 31.63], [121.90, 31.56],
    [121.98, 31.50], [121.90, 31.46], [121.78, 31.47], [121.65, 31.50], [121.55, 31.54], [121.42, 31.60],
    [121.30, 31.66], [121.20, 31.71], [121.15, 31.76],
  ],
  changxing: [
    [121.55, 31.44], [121.62, 31.44], [121.72, 31.41], [121.80, 31.37], [121.79, 31.35], [121.70, 31.37],
    [121.60, 31.40], [121.55, 31.42],
  ],
  hengsha: [
    [121.83, 31.38], [121.89, 31.37], [121.92, 31.34], [121.89, 31.31], [121.84, 31.32], [121.82, 31.35],
  ],
};

/** 南京东路街道 → 南京东路, 莘庄镇 → 莘庄, 川沙新镇 → 川沙, 堡镇 stays 堡镇. */
export function streetShortName(name: string): string {
  let s = name.replace(/街道$/, '');
  const m = /^(.{2,}?)(新镇|镇|乡)$/.exec(s);
  if (m) s = m[1];
  return s;
}

/**
 * Short names of all streets, unique city-wide and distinct from the district short names: 南京东路街道 → 南京东路,
 * but 虹桥街道 (长宁) and 虹桥镇 (闵行) keep their suffix, and 嘉定镇街道 → 嘉定镇 (嘉定 is the district).
 */
export const STREET_SHORT_NAMES: ReadonlyMap<string, string> = (() => {
  const all = DISTRICTS.flatMap((d) => d.streets.map((s) => s.name));
  const taken = new Set(DISTRICTS.map((d) => d.shortName));
  const candidates = (name: string) => [streetShortName(name), name.replace(/街道$/, ''), name];
  const count = new Map<string, number>();
  for (const name of all) for (const c of new Set(candidates(name))) count.set(c, (count.get(c) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const name of all) {
    const pick = candidates(name).find((c) => count.get(c) === 1 && !taken.has(c)) ?? name;
    out.set(name, pick);
  }
  return out;
})();

export function totalStreetCount(): number {
  return DISTRICTS.reduce((n, d) => n + d.streets.length, 0);
}
