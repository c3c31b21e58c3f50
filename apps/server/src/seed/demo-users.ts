// Demo logins, one per role, in the demo district (黄浦) and squadron (南京东路街道中队). Listed in README.
import type { Role } from '@cg/domain';

export interface DemoUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  /** 'city' | 'district' | 'squadron' — where the account sits. */
  at: 'city' | 'district' | 'squadron';
  /** Link the account to an officer of its unit with this position. */
  officerPosition?: string;
}

export const DEMO_ADMIN_PASSWORD = 'Admin@123456';
export const DEMO_PASSWORD = 'Demo@123456';

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', password: DEMO_ADMIN_PASSWORD, displayName: '系统管理员', role: 'city_admin', at: 'city' },
  { username: 'kaohe', password: DEMO_PASSWORD, displayName: '市局考核员', role: 'city_assessor', at: 'city' },
  { username: 'hp_admin', password: DEMO_PASSWORD, displayName: '黄浦区局管理员', role: 'district_admin', at: 'district' },
  { username: 'hp_zhihui', password: DEMO_PASSWORD, displayName: '黄浦区局指挥员', role: 'district_commander', at: 'district' },
  { username: 'njdl_zdz', password: DEMO_PASSWORD, displayName: '南京东路中队长', role: 'squadron_leader', at: 'squadron', officerPosition: '中队长' },
  { username: 'njdl_nq', password: DEMO_PASSWORD, displayName: '南京东路内勤', role: 'squadron_clerk', at: 'squadron', officerPosition: '内勤' },
  { username: 'njdl_dy', password: DEMO_PASSWORD, displayName: '南京东路队员', role: 'officer', at: 'squadron', officerPosition: '队员' },
];
