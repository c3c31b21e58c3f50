import type { ReactNode } from 'react';
import {
  AimOutlined, ApartmentOutlined, AuditOutlined, DashboardOutlined, MobileOutlined, TeamOutlined, ToolOutlined, UserSwitchOutlined,
  SolutionOutlined, ScheduleOutlined, CloudServerOutlined, TrophyOutlined,
} from '@ant-design/icons';
import type { Permission } from '@cg/domain';

export interface NavItem {
  key: string;
  path: string;
  label: string;
  icon?: ReactNode;
  /** Hidden unless the user has this permission. */
  permission?: Permission;
  /** A group: the entry opens a sub-menu of these instead of navigating. */
  children?: NavItem[];
  /** Other path prefixes whose pages belong to this entry (detail pages reached from it). */
  also?: string[];
}

/** Only the modules that exist now. */
export const NAV_ITEMS: NavItem[] = [
  { key: 'dashboard', path: '/', label: '工作台', icon: <DashboardOutlined /> },
  { key: 'units', path: '/units', label: '组织机构', icon: <ApartmentOutlined />, permission: 'unit.read' },
  { key: 'officers', path: '/officers', label: '执法人员库', icon: <TeamOutlined />, permission: 'officer.read' },
  {
    key: 'equipment-group', path: '/equipment', label: '执法装备库', icon: <ToolOutlined />, permission: 'equipment.read',
    children: [
      { key: 'equipment', path: '/equipment', label: '装备台账', permission: 'equipment.read' },
      { key: 'equipment-overview', path: '/equipment/overview', label: '装备概览与指标', permission: 'equipment.read' },
      { key: 'inventory', path: '/inventory', label: '季度清点', permission: 'equipment.read' },
      { key: 'equipment-documents', path: '/equipment/documents', label: '管理制度', permission: 'equipment.read' },
      { key: 'equipment-categories', path: '/equipment/categories', label: '装备类别', permission: 'equipment.read' },
    ],
  },
  {
    key: 'command-group', path: '/command', label: '勤务指挥室', icon: <AimOutlined />, permission: 'tracking.read',
    children: [
      { key: 'command', path: '/command', label: '指挥地图', permission: 'tracking.read' },
      { key: 'dispatch', path: '/command/dispatch', label: '指挥调度', permission: 'tracking.read' },
      { key: 'command-stats', path: '/command/stats', label: '接入统计', permission: 'tracking.read' },
    ],
  },
  {
    key: 'complaint-group', path: '/complaints', label: '诉件处置', icon: <SolutionOutlined />, permission: 'complaint.read',
    children: [
      { key: 'complaints', path: '/complaints', label: '诉件列表', permission: 'complaint.read' },
      { key: 'complaint-new', path: '/complaints/new', label: '受理诉件', permission: 'complaint.write' },
      { key: 'complaint-categories', path: '/complaints/categories', label: '诉件类别', permission: 'complaint.read' },
      { key: 'complaint-calendar', path: '/complaints/calendar', label: '工作日历', permission: 'complaint.read' },
      { key: 'complaint-stats', path: '/complaints/stats', label: '诉件统计', permission: 'complaint.read' },
    ],
  },
  {
    key: 'duty-group', path: '/duty', label: '勤务管理', icon: <ScheduleOutlined />, permission: 'duty.read',
    children: [
      { key: 'duty-plans', path: '/duty', label: '勤务计划', permission: 'duty.read' },
      { key: 'duty-leaves', path: '/duty/leaves', label: '请假审批', permission: 'duty.read' },
      { key: 'duty-indicators', path: '/duty/indicators', label: '勤务指标', permission: 'duty.read' },
    ],
  },
  {
    key: 'evaluation-group', path: '/evaluation', label: '考核验收', icon: <TrophyOutlined />, permission: 'evaluation.read',
    children: [
      { key: 'evaluation-dashboard', path: '/evaluation', label: '考核总览', permission: 'evaluation.read' },
      { key: 'evaluation-self', path: '/evaluation/self', label: '中队自评', permission: 'evaluation.read' },
      { key: 'evaluation-rounds', path: '/evaluation/rounds', label: '考核轮次', permission: 'evaluation.read', also: ['/evaluation/applicants'] },
      { key: 'evaluation-inspect', path: '/field/inspect', label: '现场检查', permission: 'evaluation.inspect' },
      { key: 'evaluation-rubrics', path: '/evaluation/rubrics', label: '评分标准', permission: 'evaluation.read' },
    ],
  },
  { key: 'infrastructure', path: '/infrastructure', label: '基础设施登记', icon: <CloudServerOutlined />, permission: 'infra.read' },
  { key: 'field', path: '/field', label: '移动执勤', icon: <MobileOutlined />, permission: 'dispatch.handle' },
  { key: 'users', path: '/users', label: '用户与角色', icon: <UserSwitchOutlined />, permission: 'user.read' },
  { key: 'audit', path: '/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit.read' },
];

function leaves(items: NavItem[]): NavItem[] {
  return items.flatMap((i) => (i.children ? leaves(i.children) : [i]));
}

/** The menu entry for a path: the leaf with the longest matching path (so /equipment/overview is not 装备台账). */
export function navKeyFor(pathname: string): string {
  if (pathname === '/') return 'dashboard';
  const under = (p: string) => pathname === p || pathname.startsWith(`${p}/`);
  const match = leaves(NAV_ITEMS)
    .flatMap((i) => [i.path, ...(i.also ?? [])].filter((p) => p !== '/' && under(p)).map((p) => ({ key: i.key, length: p.length })))
    .sort((a, b) => b.length - a.length);
  return match[0]?.key ?? '';
}

/** The group holding a menu key, to open its sub-menu. */
export function navGroupOf(key: string): string | undefined {
  return NAV_ITEMS.find((g) => g.children?.some((c) => c.key === key))?.key;
}
