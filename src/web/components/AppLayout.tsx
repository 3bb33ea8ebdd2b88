import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Avatar, Drawer, Dropdown, Grid, Layout, Menu, Tag, Typography } from 'antd';
import { LockOutlined, LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useApiQuery } from '../lib/client';
import { orgApi } from '../../shared/contracts/org.api';
import { useAuth, useMe, type Me } from '../lib/auth';
import { MENU_GROUPS, PAGES } from '../modules';
import { ROLE_LABELS, type Role } from '../../shared/access';
import { ExerciseBanner } from './ExerciseBanner';
import { NotificationBell } from './NotificationBell';

const { Header, Sider, Content } = Layout;

/** The user's own enterprise (enterprise users belong to an enterprise, not a unit). */
export function useOwnEnterprise(me: Me) {
  return useApiQuery(orgApi.getEnterprise, me.enterpriseId && me.permissions.includes('enterprise.read') ? { params: { id: me.enterpriseId } } : null, { staleTime: 300_000 });
}

/** The name the header shows for the user's organisation: its unit, or its own enterprise. */
export function useOrgName(me: Me): string | null {
  const { data } = useOwnEnterprise(me);
  return me.unitName ?? data?.name ?? null;
}

/**
 * The app shell: a menu built from the pages the user may open, grouped by line of work. Below
 * 768 px (field roles on phones) the menu lives in a drawer opened from a compact header.
 */
export function AppLayout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  // md = ≥ 768 px; before the first measurement, trust the window.
  const narrow = screens.md === undefined ? window.innerWidth < 768 : !screens.md;
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 1100);
  const [drawer, setDrawer] = useState(false);
  const orgName = useOrgName(me);
  useEffect(() => setDrawer(false), [location.pathname]);

  const items = useMemo(() => {
    const visible = PAGES.filter((p) => p.menu && (!p.permission || me.permissions.includes(p.permission)));
    const showGroups = narrow || !collapsed;
    return MENU_GROUPS.map((g) => {
      const children = visible
        .filter((p) => p.menu!.group === g)
        .sort((a, b) => a.menu!.order - b.menu!.order)
        .map((p) => ({ key: p.path, icon: p.menu!.icon, label: p.menu!.label }));
      return children.length ? { type: 'group' as const, key: g, label: showGroups ? g : null, children } : null;
    }).filter(Boolean);
  }, [me, collapsed, narrow]);

  // The deepest menu path that prefixes the current location is the selected entry.
  const selected = useMemo(() => {
    const paths = PAGES.filter((p) => p.menu).map((p) => p.path);
    const match = paths.filter((p) => (p === '/' ? location.pathname === '/' : location.pathname === p || location.pathname.startsWith(`${p}/`)));
    return match.sort((a, b) => b.length - a.length)[0] ?? '/';
  }, [location.pathname]);

  const menu = <Menu theme="dark" mode="inline" selectedKeys={[selected]} items={items as never} onClick={(e) => navigate(e.key)} />;
  const brand = (full: boolean) => (
    <div style={{ height: 56, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#fff', gap: 8 }}>
      <SafetyCertificateOutlined style={{ fontSize: 22, color: '#60a5fa' }} />
      {full && <span style={{ fontSize: 18, fontWeight: 600, letterSpacing: 2 }}>安治</span>}
    </div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {narrow ? (
        <Drawer
          open={drawer}
          placement="left"
          width={240}
          onClose={() => setDrawer(false)}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }}
          data-testid="menu-drawer"
        >
          {brand(true)}
          {menu}
        </Drawer>
      ) : (
        <Sider collapsible collapsed={collapsed} trigger={null} width={208} theme="dark" style={{ overflow: 'auto', height: '100vh', position: 'sticky', top: 0 }}>
          {brand(!collapsed)}
          {menu}
        </Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header
          style={{ background: '#fff', padding: narrow ? '0 8px' : '0 16px', display: 'flex', alignItems: 'center', gap: narrow ? 8 : 12, height: 56, lineHeight: '56px', borderBottom: '1px solid #eee', minWidth: 0 }}
          className="no-print"
        >
          <span
            role="button"
            tabIndex={0}
            onClick={() => (narrow ? setDrawer(true) : setCollapsed(!collapsed))}
            onKeyDown={(e) => e.key === 'Enter' && (narrow ? setDrawer(true) : setCollapsed(!collapsed))}
            style={{ cursor: 'pointer', fontSize: 18, display: 'flex' }}
            aria-label={narrow ? '打开菜单' : '折叠菜单'}
            data-testid="menu-toggle"
          >
            {narrow ? <MenuOutlined /> : collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
          </span>
          <Typography.Text strong style={{ fontSize: narrow ? 14 : 15, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0, flex: narrow ? 1 : undefined }} data-testid="app-title">
            {narrow ? '安治 · 安全生产' : '东西湖区安全生产工作平台'}
          </Typography.Text>
          {!narrow && <span style={{ flex: 1 }} />}
          <NotificationBell />
          {!narrow && (
            <Tag color="blue" style={{ maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis' }} data-testid="org-name">
              {orgName ?? '—'}
            </Tag>
          )}
          <Dropdown
            menu={{
              items: [
                ...(narrow && orgName ? [{ key: 'org', label: orgName, disabled: true }] : []),
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
            <span style={{ cursor: 'pointer', display: 'flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }} data-testid="user-menu">
              <Avatar size="small" icon={<UserOutlined />} />
              {!narrow && me.displayName}
            </span>
          </Dropdown>
        </Header>
        <ExerciseBanner />
        <Content style={{ margin: narrow ? 8 : 16, minWidth: 0 }}>{children}</Content>
      </Layout>
    </Layout>
  );
}
