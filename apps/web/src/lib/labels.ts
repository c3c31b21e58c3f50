// Chinese labels for values the contract leaves open (audit entity types and actions, statuses).
import { LEDGER_ACTION_LABELS, type LedgerAction } from '@cg/domain';
import type { QualityFilter, Transfer, UserStatus } from '../api/types';

export const QUALITY_FILTER_OPTIONS: { value: QualityFilter; label: string }[] = [
  { value: 'incomplete', label: '不完整' },
  { value: 'invalid', label: '有误' },
  { value: 'stale', label: '待确认' },
];

export const USER_STATUS_LABELS: Record<UserStatus, string> = { active: '启用', disabled: '停用' };

export const TRANSFER_STATUS: Record<Transfer['status'], { label: string; color: string }> = {
  pending: { label: '待生效', color: 'processing' },
  applied: { label: '已生效', color: 'success' },
  cancelled: { label: '已取消', color: 'default' },
};

export const ENTITY_TYPE_LABELS: Record<string, string> = {
  officer: '执法人员',
  unit: '组织机构',
  user: '用户',
  transfer: '人员调动',
  session: '登录会话',
  auth: '登录认证',
  jurisdiction: '辖区边界',
  equipment: '执法装备',
  equipment_category: '装备类别',
  complaint: '诉件',
  work_calendar_day: '工作日历',
};

export const ACTION_LABELS: Record<string, string> = {
  create: '新增',
  update: '修改',
  delete: '删除',
  import: '导入',
  export: '导出',
  confirm: '确认信息',
  transfer: '调动',
  transfer_apply: '调动生效',
  transfer_applied: '调动生效',
  transfer_cancel: '取消调动',
  login: '登录',
  login_failed: '登录失败',
  logout: '退出登录',
  lock: '账号锁定',
  locked: '账号锁定',
  unlock: '解锁',
  password_change: '修改密码',
  change_password: '修改密码',
  password_reset: '重置密码',
  reset_password: '重置密码',
  enable: '启用',
  disable: '停用',
  activate: '启用',
  deactivate: '停用',
  geojson_import: '导入辖区边界',
  import_geojson: '导入辖区边界',
  relocate: '变更存放位置',
};

export function entityTypeLabel(value: string): string {
  return ENTITY_TYPE_LABELS[value] ?? value;
}

export function actionLabel(value: string): string {
  // 台账 moves are audited as `ledger:<action>`.
  const ledger = /^ledger:(\w+)$/.exec(value);
  if (ledger && Object.hasOwn(LEDGER_ACTION_LABELS, ledger[1])) return `台账：${LEDGER_ACTION_LABELS[ledger[1] as LedgerAction]}`;
  return ACTION_LABELS[value] ?? ACTION_LABELS[value.split('.').pop() ?? ''] ?? value;
}

export function options(values: readonly string[]): { value: string; label: string }[] {
  return values.map((v) => ({ value: v, label: v }));
}

export const OFFICER_FIELD_LABELS: Record<string, string> = {
  unitId: '所属单位',
  unitName: '所属单位',
  name: '姓名',
  gender: '性别',
  idNumber: '身份证号',
  badgeNo: '执法证号',
  position: '职务',
  phone: '手机',
  status: '人员状态',
  hireDate: '入职日期',
  certStatus: '持证状态',
  certExpiry: '证件有效期',
  confirmedAt: '确认时间',
  version: '版本',
};
