import { lazy, type ComponentType, type ReactNode } from 'react';
import {
  AimOutlined,
  AlertOutlined,
  FundOutlined,
  ApartmentOutlined,
  AuditOutlined,
  ControlOutlined,
  ExperimentOutlined,
  PieChartOutlined,
  WarningOutlined,
  BankOutlined,
  FileSearchOutlined,
  HomeOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { BarChartOutlined, CarryOutOutlined, OrderedListOutlined } from '@ant-design/icons';
import { FlagOutlined, ScheduleOutlined } from '@ant-design/icons';
import { ApiOutlined, BellOutlined, DashboardOutlined } from '@ant-design/icons';
import CampaignHomeWidget from './pages/campaign/HomeWidget';

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
const PlanListPage = lazy(() => import('./pages/plan/PlanListPage'));
const PlanReviewPage = lazy(() => import('./pages/plan/PlanReviewPage'));

// 风险分级管控 and 重大危险源 (risk module)
const RiskPointsPage = lazy(() => import('./pages/risk/RiskPointsPage'));
const RiskPointPage = lazy(() => import('./pages/risk/RiskPointPage'));
const RiskCardPage = lazy(() => import('./pages/risk/RiskCardPage'));
const RiskDashboardPage = lazy(() => import('./pages/risk/RiskDashboardPage'));
const MajorRisksPage = lazy(() => import('./pages/risk/MajorRisksPage'));
const HazardSourcesPage = lazy(() => import('./pages/risk/HazardSourcesPage'));
const HazardSourcePage = lazy(() => import('./pages/risk/HazardSourcePage'));
const RiskRulesPage = lazy(() => import('./pages/risk/RiskRulesPage'));
const RiskHomeWidget = lazy(() => import('./pages/risk/RiskHomeWidget'));
const PublicRiskCardPage = lazy(() => import('./pages/risk/PublicRiskCardPage'));
const EnterpriseRiskPointsTab = lazy(() => import('./pages/risk/EnterpriseRiskTabs').then((m) => ({ default: m.EnterpriseRiskPointsTab })));
const EnterpriseHazardSourcesTab = lazy(() => import('./pages/risk/EnterpriseRiskTabs').then((m) => ({ default: m.EnterpriseHazardSourcesTab })));

// 隐患排查治理 (hazard module)
const HazardListPage = lazy(() => import('./pages/hazard/HazardListPage'));
const HazardNewPage = lazy(() => import('./pages/hazard/HazardNewPage'));
const HazardDetailPage = lazy(() => import('./pages/hazard/HazardDetailPage'));
const HazardStatsPage = lazy(() => import('./pages/hazard/HazardStatsPage'));
const HazardHomeWidget = lazy(() => import('./pages/hazard/HazardHomeWidget'));
const EnterpriseHazardsTab = lazy(() => import('./pages/hazard/EnterpriseHazardsTab'));
const PublicSupervisionPage = lazy(() => import('./pages/hazard/PublicSupervisionPage'));

// 检查清单 and 企业自查 (checklist module)
const ChecklistListPage = lazy(() => import('./pages/checklist/ChecklistListPage'));
const ChecklistDetailPage = lazy(() => import('./pages/checklist/ChecklistDetailPage'));
const ChecklistImportPage = lazy(() => import('./pages/checklist/ChecklistImportPage'));
const SelfInspectionPage = lazy(() => import('./pages/checklist/SelfInspectionPage'));
const SelfInspectionRunPage = lazy(() => import('./pages/checklist/SelfInspectionRunPage'));
const SelfInspectionOverviewPage = lazy(() => import('./pages/checklist/SelfInspectionOverviewPage'));
const SelfInspectionHomeWidget = lazy(() => import('./pages/checklist/SelfInspectionHomeWidget'));
const EnterpriseSelfInspectionTab = lazy(() => import('./pages/checklist/EnterpriseSelfInspectionTab'));

// 专项整治台账 (campaign module)
const CampaignListPage = lazy(() => import('./pages/campaign/CampaignListPage'));
const CampaignDetailPage = lazy(() => import('./pages/campaign/CampaignDetailPage'));
const CampaignReportPage = lazy(() => import('./pages/campaign/ReportPage'));
const CampaignSummaryPage = lazy(() => import('./pages/campaign/SummaryEditPage'));
const CampaignMyTasksPage = lazy(() => import('./pages/campaign/MyTasksWidget'));

// 重大危险源监测预警 (monitoring module)
const MonitoringWallPage = lazy(() => import('./pages/monitoring/MonitoringWallPage'));
const MonitoringAlarmsPage = lazy(() => import('./pages/monitoring/AlarmsPage'));
const MonitoringAlarmDetailPage = lazy(() => import('./pages/monitoring/AlarmDetailPage'));
const MonitoringDevicesPage = lazy(() => import('./pages/monitoring/DevicesPage'));
const MonitoringDevicePage = lazy(() => import('./pages/monitoring/DevicePage'));
const MonitoringHomeWidget = lazy(() => import('./pages/monitoring/MonitoringHomeWidget'));

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
  { path: '/plans', component: PlanListPage, permission: 'plan.manage', menu: { label: '方案导入', icon: <FileSearchOutlined />, group: '专项整治', order: 20 } },
  { path: '/plans/:id', component: PlanReviewPage, permission: 'plan.manage' },
  { path: '/risk/points', component: RiskPointsPage, permission: 'risk.read', menu: { label: '风险点清单', icon: <AimOutlined />, group: '双重预防', order: 10 } },
  { path: '/risk/points/new', component: RiskPointPage, permission: 'risk.write' },
  { path: '/risk/points/:id', component: RiskPointPage, permission: 'risk.read' },
  { path: '/risk/points/:id/card', component: RiskCardPage, permission: 'risk.read' },
  { path: '/risk/dashboard', component: RiskDashboardPage, permission: 'risk.read', menu: { label: '风险四色分布', icon: <PieChartOutlined />, group: '双重预防', order: 20 } },
  { path: '/risk/major', component: MajorRisksPage, permission: 'risk.read', menu: { label: '重大风险清单', icon: <WarningOutlined />, group: '双重预防', order: 30 } },
  { path: '/risk/sources', component: HazardSourcesPage, permission: 'risk.read', menu: { label: '重大危险源', icon: <ExperimentOutlined />, group: '双重预防', order: 40 } },
  { path: '/risk/sources/new', component: HazardSourcePage, permission: 'risk.write' },
  { path: '/risk/sources/:id', component: HazardSourcePage, permission: 'risk.read' },
  { path: '/risk/rules', component: RiskRulesPage, permission: 'risk.read', menu: { label: '风险分级规则', icon: <ControlOutlined />, group: '双重预防', order: 90 } },
  { path: '/hazards', component: HazardListPage, permission: 'hazard.read', menu: { label: '隐患排查治理', icon: <AlertOutlined />, group: '双重预防', order: 50 } },
  { path: '/hazards/new', component: HazardNewPage, permission: 'hazard.create' },
  { path: '/hazards/stats', component: HazardStatsPage, permission: 'hazard.stats', menu: { label: '隐患统计分析', icon: <FundOutlined />, group: '双重预防', order: 60 } },
  { path: '/hazards/:id', component: HazardDetailPage, permission: 'hazard.read' },
  { path: '/checklists', component: ChecklistListPage, permission: 'checklist.read', menu: { label: '检查清单', icon: <OrderedListOutlined />, group: '双重预防', order: 54 } },
  { path: '/checklists/import', component: ChecklistImportPage, permission: 'checklist.manage' },
  { path: '/checklists/:id', component: ChecklistDetailPage, permission: 'checklist.read' },
  { path: '/self-inspection', component: SelfInspectionPage, permission: 'selfcheck.run', menu: { label: '隐患自查', icon: <CarryOutOutlined />, group: '双重预防', order: 45 } },
  { path: '/self-inspection/overview', component: SelfInspectionOverviewPage, permission: 'selfcheck.stats', menu: { label: '企业自查统计', icon: <BarChartOutlined />, group: '双重预防', order: 56 } },
  { path: '/self-inspection/runs/:id', component: SelfInspectionRunPage, permission: 'selfcheck.read' },
  { path: '/campaigns', component: CampaignListPage, permission: 'campaign.read', menu: { label: '专项行动', icon: <FlagOutlined />, group: '专项整治', order: 10 } },
  { path: '/campaigns/my', component: CampaignMyTasksPage, permission: 'campaign.report', menu: { label: '我的任务', icon: <ScheduleOutlined />, group: '专项整治', order: 5 } },
  { path: '/campaigns/:id', component: CampaignDetailPage, permission: 'campaign.read' },
  { path: '/campaigns/:id/report/:period', component: CampaignReportPage, permission: 'campaign.read' },
  { path: '/campaigns/:id/summaries/:sid', component: CampaignSummaryPage, permission: 'campaign.read' },
  { path: '/monitoring', component: MonitoringWallPage, permission: 'monitoring.read', menu: { label: '监测一张图', icon: <DashboardOutlined />, group: '监测预警', order: 10 } },
  { path: '/monitoring/alarms', component: MonitoringAlarmsPage, permission: 'monitoring.read', menu: { label: '报警记录', icon: <BellOutlined />, group: '监测预警', order: 20 } },
  { path: '/monitoring/alarms/:id', component: MonitoringAlarmDetailPage, permission: 'monitoring.read' },
  { path: '/monitoring/devices', component: MonitoringDevicesPage, permission: 'monitoring.read', menu: { label: '监测设备', icon: <ApiOutlined />, group: '监测预警', order: 30 } },
  { path: '/monitoring/devices/:id', component: MonitoringDevicePage, permission: 'monitoring.read' },
];

/** Cards on the home page, contributed by modules (my tasks, overdue hazards, alarms…). */
export const HOME_WIDGETS: { key: string; component: ComponentType; permission?: string }[] = [
  { key: 'campaign-my-tasks', component: CampaignHomeWidget, permission: 'campaign.read' },
  { key: 'risk-colours', component: RiskHomeWidget, permission: 'risk.read' },
  { key: 'hazards', component: HazardHomeWidget, permission: 'hazard.stats' },
  { key: 'self-inspection', component: SelfInspectionHomeWidget, permission: 'selfcheck.run' },
  { key: 'monitoring', component: MonitoringHomeWidget, permission: 'monitoring.read' },
];

/** Extra tabs on the enterprise detail page, contributed by modules (hazards, risk points, sources…). */
export const ENTERPRISE_TABS: { key: string; label: string; component: ComponentType<{ enterprise: import('../shared/contracts/org').EnterpriseView }>; permission?: string }[] = [
  { key: 'risk-points', label: '风险点', component: EnterpriseRiskPointsTab, permission: 'risk.read' },
  { key: 'hazard-sources', label: '重大危险源', component: EnterpriseHazardSourcesTab, permission: 'risk.read' },
  { key: 'hazards', label: '隐患', component: EnterpriseHazardsTab, permission: 'hazard.read' },
  { key: 'self-inspection', label: '企业自查', component: EnterpriseSelfInspectionTab, permission: 'selfcheck.read' },
];

/** Pages without login (/public/*). */
export const PUBLIC_PAGES: { path: string; component: ComponentType }[] = [
  { path: '/public/risk-cards/:token', component: PublicRiskCardPage },
  { path: '/public/supervision', component: PublicSupervisionPage },
];
