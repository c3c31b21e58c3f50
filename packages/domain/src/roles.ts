// Roles of the platform and what each may do. Data scope (the user's unit subtree) is applied on top of these.
export const ROLES = [
  'city_admin',
  'city_assessor',
  'district_admin',
  'district_commander',
  'squadron_leader',
  'squadron_clerk',
  'officer',
  'api_client',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  city_admin: '市局管理员',
  city_assessor: '市局考核员',
  district_admin: '区局管理员',
  district_commander: '区局指挥员',
  squadron_leader: '中队长',
  squadron_clerk: '中队内勤',
  officer: '队员',
  api_client: '外部系统接口',
};

export const PERMISSIONS = {
  'unit.read': '查看组织机构',
  'unit.write': '维护组织机构与辖区',
  'officer.read': '查看执法人员库',
  'officer.write': '新增、修改执法人员',
  'officer.transfer': '人员调动',
  'officer.import': 'Excel导入执法人员',
  'officer.export': 'Excel导出执法人员',
  'officer.sensitive': '查看完整身份证号',
  'user.read': '查看用户',
  'user.write': '管理用户与角色',
  'equipment.read': '查看执法装备库',
  'equipment.write': '维护装备与台账（借用、归还、配发、维修）',
  'equipment.approve': '审批装备报废、遗失',
  'equipment.count': '参与季度清点（扫码、勾选）',
  'equipment.category': '维护装备类别与属性',
  'document.write': '上传制度文件',
  'tracking.read': '勤务指挥室：查看车辆、人员位置、轨迹与接入统计',
  'tracking.report': '上报本人执勤位置（移动端）',
  'dispatch.command': '指挥调度：新建任务、派遣、撤回',
  'dispatch.handle': '接收并处置派给本人的任务（移动端）',
  'complaint.read': '查看诉件',
  'complaint.write': '受理、派遣、处置诉件',
  'complaint.intake': '外部系统接入：通过接口推送诉件（12345 等）',
  'complaint.config': '维护诉件类别、时限与工作日历',
  'complaint.handle': '签收、处置派给本中队的诉件，上报巡查发现（移动端）',
  'complaint.approve': '审批诉件延期，办结、重办诉件',
  'duty.read': '查看勤务',
  'duty.plan': '编排、发布勤务计划',
  'duty.self': '本人签到签退、勤务日志、请假',
  'infra.read': '查看基础设施登记（网络、勤务指挥室、视频会议、机房、监控）',
  'infra.write': '登记、维护本单位基础设施',
  'evaluation.read': '查看考核验收结果与自评',
  'evaluation.rubric': '维护考核评分标准',
  'evaluation.round': '组织考核轮次（开启、截止快照、复核、发布）',
  'evaluation.apply': '申报创建中队',
  'evaluation.inspect': '现场检查记录',
  'audit.read': '查看审计日志',
  'audit.verify': '校验审计链',
} as const;
export type Permission = keyof typeof PERMISSIONS;

const ALL = Object.keys(PERMISSIONS) as Permission[];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  city_admin: ALL,
  city_assessor: [
    'unit.read', 'officer.read', 'officer.export', 'equipment.read', 'tracking.read', 'complaint.read', 'audit.read', 'audit.verify', 'duty.read',
    'infra.read', 'evaluation.read', 'evaluation.rubric', 'evaluation.round', 'evaluation.inspect',
  ],
  district_admin: [
    'unit.read', 'unit.write', 'officer.read', 'officer.write', 'officer.transfer', 'officer.import',
    'officer.export', 'officer.sensitive', 'equipment.read', 'equipment.write', 'equipment.approve', 'equipment.count',
    'document.write', 'tracking.read', 'dispatch.command', 'complaint.read', 'complaint.write', 'complaint.intake', 'complaint.approve',
    'user.read', 'user.write', 'audit.read', 'audit.verify',
    'duty.read', 'infra.read', 'infra.write', 'evaluation.read', 'evaluation.apply',
  ],
  district_commander: [
    'unit.read', 'officer.read', 'officer.export', 'equipment.read', 'tracking.read', 'dispatch.command', 'complaint.read', 'complaint.write', 'complaint.approve',
    'duty.read', 'infra.read', 'evaluation.read',
  ],
  squadron_leader: [
    'unit.read', 'officer.read', 'officer.write', 'officer.transfer', 'officer.import', 'officer.export',
    'officer.sensitive', 'equipment.read', 'equipment.write', 'equipment.approve', 'equipment.count', 'document.write',
    'tracking.read', 'tracking.report', 'dispatch.command', 'dispatch.handle', 'complaint.read', 'complaint.write', 'complaint.handle', 'complaint.approve',
    'user.read', 'audit.read',
    'duty.read', 'duty.plan', 'duty.self', 'infra.read', 'infra.write', 'evaluation.read',
  ],
  squadron_clerk: [
    'unit.read', 'officer.read', 'officer.write', 'officer.import', 'officer.export', 'officer.sensitive',
    'equipment.read', 'equipment.write', 'equipment.count', 'document.write', 'tracking.read', 'tracking.report',
    'dispatch.command', 'dispatch.handle', 'complaint.read', 'complaint.write', 'complaint.handle',
    'duty.read', 'duty.plan', 'duty.self', 'infra.read', 'infra.write', 'evaluation.read',
  ],
  officer: ['unit.read', 'officer.read', 'equipment.read', 'equipment.count', 'tracking.report', 'dispatch.handle', 'complaint.read', 'complaint.handle', 'duty.read', 'duty.self'],
  // A service account (Open311 and other outside systems): files and reads complaints through the API keys only.
  api_client: ['complaint.read', 'complaint.intake'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles a user may grant: never above their own tier. */
export const ROLE_RANK: Record<Role, number> = {
  city_admin: 0,
  city_assessor: 1,
  district_admin: 2,
  district_commander: 3,
  squadron_leader: 4,
  squadron_clerk: 5,
  officer: 6,
  api_client: 1, // only the 市局管理员 may create one
};

export function canGrantRole(actor: Role, target: Role): boolean {
  return ROLE_RANK[actor] <= ROLE_RANK[target] && hasPermission(actor, 'user.write');
}
