// 执法人员库: enumerations shared by the server, the web app and the demo generator.
export const GENDERS = ['男', '女'] as const;
export type Gender = (typeof GENDERS)[number];

export const OFFICER_STATUSES = ['在岗', '借调', '离岗', '病休', '退休', '调离'] as const;
export type OfficerStatus = (typeof OFFICER_STATUSES)[number];
/** Statuses that count as an active officer for equipment ratios and duty. */
export const ACTIVE_OFFICER_STATUSES: readonly OfficerStatus[] = ['在岗', '借调'];

export const CERT_STATUSES = ['有效', '过期', '暂扣', '注销', '未持证'] as const;
export type CertStatus = (typeof CERT_STATUSES)[number];

export const POSITIONS = ['中队长', '副中队长', '指导员', '内勤', '组长', '队员', '协管员'] as const;
export type Position = (typeof POSITIONS)[number];

export const UNIT_KINDS = ['市局', '区局', '直属单位', '大队', '街镇乡中队', '特定区域中队', '机动中队'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const SQUADRON_KINDS: readonly UnitKind[] = ['街镇乡中队', '特定区域中队', '机动中队'];

/** Which unit kinds may sit directly under which (the organisation's shape). */
export const CHILD_UNIT_KINDS: Record<UnitKind, readonly UnitKind[]> = {
  市局: ['区局', '直属单位'],
  区局: ['大队', '街镇乡中队', '特定区域中队', '机动中队'],
  直属单位: ['大队', '街镇乡中队', '特定区域中队', '机动中队'],
  大队: ['街镇乡中队', '特定区域中队', '机动中队'],
  街镇乡中队: [],
  特定区域中队: [],
  机动中队: [],
};
