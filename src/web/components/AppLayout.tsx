import { useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Avatar, Dropdown, Layout, Menu, Tag, Typography } from 'antd';
import { LockOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth, useMe } from '../lib/auth';
import { MENU_GROUPS, PAGES } from '../modules';
import { ROLE_LABELS, type Role } from '../../shared/access';
import { NotificationBell } from './NotificationBell';

const { Header, Sider, Content } = Layout;

/** The app shell: a menu built from the pages the user may open, grouped by line of work. */
export function AppLayout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 1100);

  const items = useMemo(() => {
    const visible = PAGES.filter((p) => p.menu && (!p.permission || me.permissions.includes(p.permission)));
    return MENU_GROUPS.map((g) => {
      const children = visible
        .filter((p) => p.menu!.group === g)
        .sort((a, b) => a.menu!.order - b.menu!.order)
        .map((p) => ({ key: p.path, icon: p.menu!.icon, label: p.menu!.label }));
      return children.length ? { type: 'group' as const, key: g, label: collapsed ? null : g, children } : null;
    }).filter(Boolean);
  }, [me, collapsed]);

  // The deepest menu path that prefixes the current location is the selected entry.
  const selected = useMemo(() => {
    const paths = PAGES.filter((p) => p.menu).map((p) => p.path);
    const match = paths.filter((p) => (p === '/' ? location.pathname === '/' : location.pathname === p || location.pathname.startsWith(`${p}/`)));
    return match.sort((a, b) => b.length - a.length)[0] ?? '/';
  }, [location.pathname]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider collapsible collapsed={collapsed} trigger={null} width={208} theme="dark" style={{ overflow: 'auto', height: '100vh', position: 'sticky', top: 0 }}>
        <div style={{ height: 56, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#fff', gap: 8 }}>
          <SafetyCertificateOutlined style={{ fontSize: 22, color: '#60a5fa' }} />
          {!collapsed && <span style={{ fontSize: 18, fontWeight: 600, letterSpacing: 2 }}>安治</span>}
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={[selected]} items={items as never} onClick={(e) => navigate(e.key)} />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 16px', display: 'flex', alignItems: 'center', gap: 12, height: 56, borderBottom: '1px solid #eee' }} className="no-print">
          <span onClick={() => setCollapsed(!collapsed)} style={{ cursor: 'pointer', fontSize: 18 }} aria-label="折叠菜单">
            {collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
          </span>
          <Typography.Text strong style={{ fontSize: 15 }}>
            东西湖区安全生产工作平台
          </Typography.Text>
          <span style={{ flex: 1 }} />
          <NotificationBell />
          <Tag color="blue">{me.unitName ?? '—'}</Tag>
          <Dropdown
            menu={{
              items: [
                { key: 'roles', label: me.roles.map((r) => ROLE_LABELS[r as Role] ?? r).join('、'), disabled: true },
                { type: 'divider' },
                { key: 'password', icon: <LockOutlined />, label: '修改密码', onClick: () => navigate('/account/password') },
                {
                  key: 'logout',
                  icon: <LogoutOutlined />,
                  label: '退出登录',
                  onClick: async () => {
                    await logout();
                    navigate('/login');
                  },
                },
              ],
            }}
          >
            <span style={{ cursor: 'pointer', display: 'flex', alignItems: 'center', gap: 6 }} data-testid="user-menu">
              <Avatar size="small" icon={<UserOutlined />} />
              {me.displayName}
            </span>
          </Dropdown>
        </Header>
        <Content style={{ margin: 16 }}>{children}</Content>
      </Layout>
    </Layout>
  );
}
