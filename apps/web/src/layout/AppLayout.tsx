import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Drawer, Layout, Menu, Result } from 'antd';
import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth, useMe } from '../auth/auth-context';
import { ChangePasswordModal } from '../components/ChangePasswordModal';
import { UnitTreeProvider } from '../components/UnitTreeProvider';
import { useIsMobile } from '../lib/use-is-mobile';
import { dutyReporterFor } from '../lib/duty-position';
import { NAV_ITEMS, navGroupOf, navKeyFor, type NavItem } from './nav-items';
import { UserBox } from './UserBox';

const PLATFORM_NAME = '上海城管执法基层中队信息化平台';
const COLLAPSE_KEY = 'cg.sider.collapsed';

export function AppLayout() {
  const me = useMe();
  const { can, logout } = useAuth();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(COLLAPSE_KEY) === '1');
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [pwdOpen, setPwdOpen] = useState(false);

  useEffect(() => {
    localStorage.setItem(COLLAPSE_KEY, collapsed ? '1' : '0');
  }, [collapsed]);

  // 执勤定位 runs for the whole signed-in session, not only while 移动执勤 is open; it pauses on logout.
  const reportsPosition = can('tracking.report') && me.officerId ? me.officerId : null;
  useEffect(() => {
    if (!reportsPosition) return;
    const reporter = dutyReporterFor(reportsPosition);
    reporter.resume();
    return () => reporter.suspend();
  }, [reportsPosition]);

  // Close the phone drawer after navigating.
  useEffect(() => {
    setDrawerOpen(false);
  }, [location.pathname]);

  const items = useMemo(() => {
    type MenuEntry = { key: string; icon?: ReactNode; label: string; onClick?: () => void; children?: MenuEntry[] };
    const toEntry = (i: NavItem): MenuEntry => {
      const children = i.children?.filter((c) => !c.permission || can(c.permission)).map(toEntry);
      return children
        ? { key: i.key, icon: i.icon, label: i.label, children }
        : { key: i.key, icon: i.icon, label: i.label, onClick: () => navigate(i.path) };
    };
    return NAV_ITEMS.filter((i) => !i.permission || can(i.permission)).map(toEntry);
  }, [can, navigate]);
  const selected = navKeyFor(location.pathname);
  const selectedGroup = navGroupOf(selected);
  const [openKeys, setOpenKeys] = useState<string[]>(selectedGroup ? [selectedGroup] : []);
  useEffect(() => {
    if (selectedGroup) setOpenKeys((keys) => (keys.includes(selectedGroup) ? keys : [...keys, selectedGroup]));
  }, [selectedGroup]);

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      openKeys={collapsed && !isMobile ? undefined : openKeys}
      onOpenChange={setOpenKeys}
      items={items}
      aria-label="主菜单"
    />
  );

  const brand = (
    <div className="app-brand" title={PLATFORM_NAME}>
      <span className="app-brand-badge">城</span>
      {!collapsed || isMobile ? <span>城管执法基层中队</span> : null}
    </div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          {brand}
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          trigger={null}
          width={208}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          {brand}
          {menu}
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="app-header">
          {isMobile ? (
            <Button type="text" icon={<MenuOutlined />} aria-label="打开菜单" onClick={() => setDrawerOpen(true)} />
          ) : (
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              aria-label={collapsed ? '展开菜单' : '收起菜单'}
              onClick={() => setCollapsed((c) => !c)}
            />
          )}
          <div className="app-title" title={PLATFORM_NAME}>
            {isMobile ? '城管执法基层中队平台' : PLATFORM_NAME}
          </div>
          <UserBox me={me} compact={isMobile} onChangePassword={() => setPwdOpen(true)} onLogout={() => void logout()} />
        </Layout.Header>
        <Layout.Content className="app-content">
          {me.mustChangePassword ? (
            // Nothing loads until the initial password is replaced (the server may refuse it anyway).
            <Result status="warning" title="请先修改初始密码" subTitle="修改密码后即可使用平台各项功能。" />
          ) : (
            <UnitTreeProvider>
              <Outlet />
            </UnitTreeProvider>
          )}
        </Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', padding: '12px 16px', color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>
          依据《上海市城管执法系统基层中队信息化建设标准》（沪城管执〔2018〕100号）建设
        </Layout.Footer>
      </Layout>
      <ChangePasswordModal open={pwdOpen || me.mustChangePassword} forced={me.mustChangePassword} onClose={() => setPwdOpen(false)} />
    </Layout>
  );
}
