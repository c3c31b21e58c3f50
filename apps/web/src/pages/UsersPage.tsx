import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import { RolesTab } from './users/RolesTab';
import { UsersTab } from './users/UsersTab';

export default function UsersPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'roles' ? 'roles' : 'users';
  return (
    <>
      <PageHeader title="用户与角色" subTitle="账号、角色授权与账号安全" />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'roles' ? { tab: 'roles' } : {}, { replace: true })}
          items={[
            { key: 'users', label: '用户', children: <UsersTab /> },
            { key: 'roles', label: '角色与权限', children: <RolesTab /> },
          ]}
        />
      </Card>
    </>
  );
}
