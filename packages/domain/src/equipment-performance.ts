// 性能指标 floors for the equipment 附表二 scores by number *and performance* (示范中队: 单兵4G执法记录仪, 执法车辆4G车载视频,
// 数据管理终端). The standard leaves the figures to the city bureau's documents, so these defaults are a reading of common
// practice, kept as data: the evaluation can override them.

export interface PerformanceFloor {
  /** Category code the floor applies to. */
  code: string;
  label: string;
  /** Plain-language statement of the floor, shown beside the indicator. */
  description: string;
  /** The attributes `shortfalls` reads (the evaluation fetches only these; a missing key and null read alike). */
  reads: readonly string[];
  /** Why an item falls short (empty when it meets the floor). */
  shortfalls(attributes: Record<string, unknown>): string[];
}

const RESOLUTION_RANK: Record<string, number> = { '720P': 1, '1080P': 2, '2K': 3, '4K': 4 };

function atLeastResolution(v: unknown, min: string, label: string): string[] {
  if (typeof v !== 'string') return [`${label}未登记`];
  return (RESOLUTION_RANK[v] ?? 0) >= RESOLUTION_RANK[min]! ? [] : [`${label}${v}低于${min}`];
}

function atLeastNumber(v: unknown, min: number, label: string, unit: string): string[] {
  if (typeof v !== 'number' || !Number.isFinite(v)) return [`${label}未登记`];
  return v >= min ? [] : [`${label}${v}${unit}低于${min}${unit}`];
}

export const DEFAULT_PERFORMANCE_FLOORS: readonly PerformanceFloor[] = [
  {
    code: 'body_camera_4g', label: '单兵4G执法记录仪性能达标',
    description: '4G/5G 联网、分辨率不低于1080P、续航不低于8小时、具备定位',
    reads: ['network', 'resolution', 'batteryHours', 'positioning'],
    shortfalls: (a) => [
      ...(a.network === '4G' || a.network === '5G' ? [] : ['未联网（4G/5G）']),
      ...atLeastResolution(a.resolution, '1080P', '分辨率'),
      ...atLeastNumber(a.batteryHours, 8, '续航', '小时'),
      ...(a.positioning === true ? [] : ['不具备定位']),
    ],
  },
  {
    code: 'vehicle', label: '执法车辆4G车载视频性能达标',
    description: '配备4G车载视频，分辨率不低于1080P',
    reads: ['has4gVideo', 'videoResolution'],
    shortfalls: (a) => (a.has4gVideo === true ? atLeastResolution(a.videoResolution, '1080P', '车载视频分辨率') : ['未配备4G车载视频']),
  },
  {
    code: 'data_terminal', label: '数据管理终端性能达标',
    description: '存储容量不低于4TB、接口不少于8个',
    reads: ['capacityTb', 'ports'],
    shortfalls: (a) => [...atLeastNumber(a.capacityTb, 4, '存储容量', 'TB'), ...atLeastNumber(a.ports, 8, '接口数', '个')],
  },
];
