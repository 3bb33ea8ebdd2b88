import { lazy, type ComponentType, type ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  HomeOutlined,
  TeamOutlined,
} from '@ant-design/icons';

/**
 * Every page of the app, with its menu entry. A module adds its pages here (lazy-loaded, so each
 * module is its own chunk). `permission` hides the page and its menu entry from users without it.
 */
export interface PageDef {
  path: string;
  component: ComponentType;
  permission?: string;
  menu?: { label: string; icon?: ReactNode; group: MenuGroup; order: number };
}

export type MenuGroup = '工作台' | '专项整治' | '双重预防' | '执法检查' | '应急管理' | '监测预警' | '基础信息' | '系统管理';
export const MENU_GROUPS: MenuGroup[] = ['工作台', '专项整治', '双重预防', '执法检查', '应急管理', '监测预警', '基础信息', '系统管理'];

const HomePage = lazy(() => import('./pages/HomePage'));
const EnterpriseListPage = lazy(() => import('./pages/enterprises/EnterpriseListPage'));
const EnterpriseDetailPage = lazy(() => import('./pages/enterprises/EnterpriseDetailPage'));
const EnterpriseEditPage = lazy(() => import('./pages/enterprises/EnterpriseEditPage'));
const EnterpriseImportPage = lazy(() => import('./pages/enterprises/EnterpriseImportPage'));
const OrgPage = lazy(() => import('./pages/org/OrgPage'));
const UsersPage = lazy(() => import('./pages/users/UsersPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));

export const PAGES: PageDef[] = [
  { path: '/', component: HomePage, menu: { label: '首页', icon: <HomeOutlined />, group: '工作台', order: 0 } },
  { path: '/enterprises', component: EnterpriseListPage, permission: 'enterprise.read', menu: { label: '企业名录', icon: <BankOutlined />, group: '基础信息', order: 10 } },
  { path: '/enterprises/new', component: EnterpriseEditPage, permission: 'enterprise.create' },
  { path: '/enterprises/import', component: EnterpriseImportPage, permission: 'enterprise.import' },
  { path: '/enterprises/:id', component: EnterpriseDetailPage, permission: 'enterprise.read' },
  { path: '/enterprises/:id/edit', component: EnterpriseEditPage, permission: 'enterprise.write' },
  { path: '/org', component: OrgPage, permission: 'org.read', menu: { label: '组织机构', icon: <ApartmentOutlined />, group: '基础信息', order: 20 } },
  { path: '/admin/users', component: UsersPage, permission: 'user.manage', menu: { label: '用户与角色', icon: <TeamOutlined />, group: '系统管理', order: 10 } },
  { path: '/admin/audit', component: AuditPage, permission: 'audit.read', menu: { label: '审计日志', icon: <AuditOutlined />, group: '系统管理', order: 20 } },
];

/** Cards on the home page, contributed by modules (my tasks, overdue hazards, alarms…). */
export const HOME_WIDGETS: { key: string; component: ComponentType; permission?: string }[] = [];

/** Extra tabs on the enterprise detail page, contributed by modules (hazards, risk points, sources…). */
export const ENTERPRISE_TABS: { key: string; label: string; component: ComponentType<{ enterprise: import('../shared/contracts/org').EnterpriseView }>; permission?: string }[] = [];

/** Pages without login (/public/*). */
export const PUBLIC_PAGES: { path: string; component: ComponentType }[] = [];
