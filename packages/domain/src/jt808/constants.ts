// Message ids, result codes, bit masks and error codes of JT/T 808-2013 / 2019.

export type Jt808Edition = 2013 | 2019;

export const JT808_MSG = {
  TERMINAL_RESPONSE: 0x0001,
  HEARTBEAT: 0x0002,
  LOGOUT: 0x0003,
  REGISTER: 0x0100,
  AUTH: 0x0102,
  LOCATION: 0x0200,
  LOCATION_BATCH: 0x0704,
  PLATFORM_RESPONSE: 0x8001,
  REGISTER_RESPONSE: 0x8100,
} as const;

/** 0x8001 / 0x0001 result BYTE. */
export const JT808_RESULT = {
  OK: 0,
  FAIL: 1,
  BAD_MESSAGE: 2,
  NOT_SUPPORTED: 3,
  ALARM_CONFIRMED: 4,
} as const;

/** 0x8100 result BYTE. */
export const JT808_REGISTER_RESULT = {
  OK: 0,
  VEHICLE_REGISTERED: 1,
  NO_SUCH_VEHICLE: 2,
  TERMINAL_REGISTERED: 3,
  NO_SUCH_TERMINAL: 4,
} as const;

/** 0x0200 status DWORD bits. */
export const JT808_STATUS = {
  ACC: 1 << 0,
  FIXED: 1 << 1,
  SOUTH: 1 << 2,
  WEST: 1 << 3,
  OUT_OF_SERVICE: 1 << 4,
  COORDINATES_ENCRYPTED: 1 << 5,
} as const;

/** 0x0200 alarm DWORD bits (the ones the platform acts on; the rest stay in `alarm`). */
export const JT808_ALARM = {
  EMERGENCY: 1 << 0,
  OVERSPEED: 1 << 1,
  FATIGUE: 1 << 2,
  DANGER: 1 << 3,
  GNSS_FAULT: 1 << 4,
  GNSS_ANTENNA_CUT: 1 << 5,
  GNSS_ANTENNA_SHORT: 1 << 6,
  POWER_LOW: 1 << 7,
  POWER_OFF: 1 << 8,
} as const;

/** 0x0200 additional item ids decoded into named fields. */
export const JT808_ITEM = {
  MILEAGE: 0x01,
  FUEL: 0x02,
  RECORDER_SPEED: 0x03,
  SIGNAL: 0x30,
  SATELLITES: 0x31,
} as const;

/** Header attribute bits. */
export const JT808_ATTR = {
  BODY_LENGTH_MASK: 0x03ff,
  ENCRYPTION_SHIFT: 10,
  ENCRYPTION_MASK: 0x07,
  SUBPACKAGE: 1 << 13,
  VERSION_FLAG: 1 << 14,
} as const;

/** Largest body the 10-bit length field can state. */
export const JT808_MAX_BODY_LENGTH = 0x03ff;

/** Every way decoding can fail; reported as values, never thrown. */
export type Jt808ErrorCode =
  | 'BAD_ESCAPE'
  | 'TOO_LONG'
  | 'BAD_CHECKSUM'
  | 'TRUNCATED'
  | 'BAD_LENGTH'
  | 'BAD_PHONE'
  | 'BAD_SUBPACKAGE'
  | 'ENCRYPTED'
  | 'BAD_BODY'
  | 'BAD_TIME'
  | 'BAD_ITEM';

export const JT808_ERROR_MESSAGES: Readonly<Record<Jt808ErrorCode, string>> = {
  BAD_ESCAPE: '转义序列无效（0x7d 后只能是 0x01 或 0x02）',
  TOO_LONG: '帧超过长度上限',
  BAD_CHECKSUM: '校验码错误',
  TRUNCATED: '帧不完整（短于消息头）',
  BAD_LENGTH: '消息体长度与消息头不符',
  BAD_PHONE: '终端手机号不是合法的 BCD 码',
  BAD_SUBPACKAGE: '分包总数或包序号无效',
  ENCRYPTED: '消息体已加密，平台不支持',
  BAD_BODY: '消息体格式错误',
  BAD_TIME: '时间不是合法的 BCD 日期时间',
  BAD_ITEM: '位置附加信息项超出消息体',
};
