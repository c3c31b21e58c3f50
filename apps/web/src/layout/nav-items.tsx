import type { ReactNode } from 'react';
import { ApartmentOutlined, AuditOutlined, DashboardOutlined, TeamOutlined, ToolOutlined, UserSwitchOutlined } from '@ant-design/icons';
import type { Permission } from '@cg/domain';

export interface NavItem {
  key: string;
  path: string;
  label: string;
  icon: ReactNode;
  /** Hidden unless the user has this permission. */
  permission?: Permission;
}

/** Only the modules that exist now. */
export const NAV_ITEMS: NavItem[] = [
  { key: 'dashboard', path: '/', label: '工作台', icon: <DashboardOutlined /> },
  { key: 'units', path: '/units', label: '组织机构', icon: <ApartmentOutlined />, permission: 'unit.read' },
  { key: 'officers', path: '/officers', label: '执法人员库', icon: <TeamOutlined />, permission: 'officer.read' },
  { key: 'equipment', path: '/equipment', label: '执法装备库', icon: <ToolOutlined />, permission: 'equipment.read' },
  { key: 'users', path: '/users', label: '用户与角色', icon: <UserSwitchOutlined />, permission: 'user.read' },
  { key: 'audit', path: '/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit.read' },
];

export function navKeyFor(pathname: string): string {
  const match = NAV_ITEMS.filter((i) => i.path !== '/' && (pathname === i.path || pathname.startsWith(`${i.path}/`)));
  return match[0]?.key ?? (pathname === '/' ? 'dashboard' : '');
}
