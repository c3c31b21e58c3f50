// 基础设施登记: the words and defaults of a squadron's infrastructure registry (standard chapters 2–3) and the month
// arithmetic of the machine-room log indicator. Shared by the server (validation, indicators) and the web page.

export const NETWORK_LINK_KINDS = ['gov_extranet', 'internet'] as const;
export type NetworkLinkKind = (typeof NETWORK_LINK_KINDS)[number];
export const NETWORK_LINK_KIND_LABELS: Record<NetworkLinkKind, string> = { gov_extranet: '政务外网', internet: '互联网' };

export const COMMAND_ROOM_MODES = ['own', 'shared'] as const;
export type CommandRoomMode = (typeof COMMAND_ROOM_MODES)[number];
export const COMMAND_ROOM_MODE_LABELS: Record<CommandRoomMode, string> = { own: '自建', shared: '共享' };

export const INFRA_DEVICE_KINDS = ['display', 'dispatch', 'video_conference', 'camera', 'av_recorder', 'access_control'] as const;
export type InfraDeviceKind = (typeof INFRA_DEVICE_KINDS)[number];
export const INFRA_DEVICE_KIND_LABELS: Record<InfraDeviceKind, string> = {
  display: '显示设备', dispatch: '指挥调度设备', video_conference: '视频会议终端', camera: '监控摄像机',
  av_recorder: '高清同步录音录像设备', access_control: '联网门禁',
};

/** Internal camera locations the standard names (第三章): each needs at least one camera in service. */
export const CAMERA_LOCATION_KINDS = ['entrance', 'corridor', 'seized_storage', 'command_room'] as const;
/** 重要业务用房: each needs an HD audio/video recorder and networked access control. */
export const BUSINESS_ROOM_KINDS = ['reception_hall', 'hearing_room', 'petition_room'] as const;
export type CameraLocationKind = (typeof CAMERA_LOCATION_KINDS)[number];
export type BusinessRoomKind = (typeof BUSINESS_ROOM_KINDS)[number];
export type InfraLocationKind = CameraLocationKind | BusinessRoomKind;
export const INFRA_LOCATION_KINDS = [...CAMERA_LOCATION_KINDS, ...BUSINESS_ROOM_KINDS] as const;
export const INFRA_LOCATION_LABELS: Record<InfraLocationKind, string> = {
  entrance: '出入口', corridor: '内部通道', seized_storage: '暂扣物品存放室', command_room: '勤务指挥室',
  reception_hall: '受理接待大厅', hearing_room: '案件审理室', petition_room: '信访接待室',
};

/** Which location kinds a device kind may (and must) have; an empty list means none. */
export function locationKindsFor(kind: InfraDeviceKind): readonly InfraLocationKind[] {
  if (kind === 'camera') return CAMERA_LOCATION_KINDS;
  if (kind === 'av_recorder' || kind === 'access_control') return BUSINESS_ROOM_KINDS;
  return [];
}
/** Device kinds that record and so have a retention to verify. */
export const RECORDING_DEVICE_KINDS: readonly InfraDeviceKind[] = ['camera', 'av_recorder'];

export const MACHINE_ROOM_LOG_KINDS = ['watch', 'maintenance', 'fault'] as const;
export type MachineRoomLogKind = (typeof MACHINE_ROOM_LOG_KINDS)[number];
export const MACHINE_ROOM_LOG_KIND_LABELS: Record<MachineRoomLogKind, string> = { watch: '值守', maintenance: '维护', fault: '故障' };

/** Defaults of the infrastructure indicators (the standard states no figures; these are the city's working defaults). */
export const INFRA_DEFAULTS = {
  /** Up- and downlink a business link needs, Mbit/s. */
  businessMbps: 10,
  /** Real-time video streams to upload (to the district and the city centre) and the bitrate of one 1080p stream. */
  videoStreams: 2,
  videoStreamMbps: 4,
  cameraRetentionDays: 15,
  businessRoomRetentionDays: 30,
} as const;

/** Calendar months ('YYYY-MM') overlapping the period from..to (ISO dates, inclusive). */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (let guard = 0; guard < 1200; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > last) break;
    months.push(key);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return months;
}

/** “2026年3月” for '2026-03'. */
export const monthLabel = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
