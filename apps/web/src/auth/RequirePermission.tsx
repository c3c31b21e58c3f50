import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { Link } from 'react-router';
import type { Permission } from '@cg/domain';
import { useAuth } from './auth-context';

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  if (!can(permission)) {
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle="您的角色没有访问此模块的权限，如需开通请联系上级管理员。"
        extra={
          <Link to="/">
            <Button type="primary">返回工作台</Button>
          </Link>
        }
      />
    );
  }
  return <>{children}</>;
}
