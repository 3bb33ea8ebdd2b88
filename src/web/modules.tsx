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
import { NotificationOutlined } from '@ant-design/icons';
import { EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { ApiOutlined, BellOutlined, DashboardOutlined } from '@ant-design/icons';
import { StopOutlined } from '@ant-design/icons';
import { FieldTimeOutlined, FileProtectOutlined } from '@ant-design/icons';
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

export type MenuGroup = '工作台' | '专项整治' | '双重预防' | '执法检查' | '举报受理' | '应急管理' | '监测预警' | '基础信息' | '系统管理';
export const MENU_GROUPS: MenuGroup[] = ['工作台', '专项整治', '双重预防', '执法检查', '举报受理', '应急管理', '监测预警', '基础信息', '系统管理'];

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

// 应急管理 (emergency module): 五库, 统一检索, 一网, 七有
const EmResourceDetailPage = lazy(() => import('./pages/emergency/ResourcePages'));
const EmTeamsPage = lazy(() => import('./pages/emergency/ResourcePages').then((m) => ({ default: m.TeamsPage })));
const EmMaterialsPage = lazy(() => import('./pages/emergency/ResourcePages').then((m) => ({ default: m.MaterialsPage })));
const EmExpertsPage = lazy(() => import('./pages/emergency/ResourcePages').then((m) => ({ default: m.ExpertsPage })));
const EmRegulationsPage = lazy(() => import('./pages/emergency/ResourcePages').then((m) => ({ default: m.RegulationsPage })));
const EmCasesPage = lazy(() => import('./pages/emergency/ResourcePages').then((m) => ({ default: m.CasesPage })));
const EmSearchPage = lazy(() => import('./pages/emergency/EmergencySearchPage'));
const EmLiaisonsPage = lazy(() => import('./pages/emergency/LiaisonsPage'));
const EmSevenHasPage = lazy(() => import('./pages/emergency/SevenHasPages'));
const EmSevenHasOverviewPage = lazy(() => import('./pages/emergency/SevenHasPages').then((m) => ({ default: m.SevenHasOverviewPage })));
// ---------- 值守、事故信息、资源地图 ----------
const EmDutyRosterPage = lazy(() => import('./pages/emergency/DutyPages'));
const EmDutyNowPage = lazy(() => import('./pages/emergency/DutyPages').then((m) => ({ default: m.DutyNowPage })));
const EmAccidentListPage = lazy(() => import('./pages/emergency/AccidentPages'));
const EmAccidentNewPage = lazy(() => import('./pages/emergency/AccidentPages').then((m) => ({ default: m.AccidentNewPage })));
const EmAccidentDetailPage = lazy(() => import('./pages/emergency/AccidentPages').then((m) => ({ default: m.AccidentDetailPage })));
const EmAccidentStatsPage = lazy(() => import('./pages/emergency/AccidentPages').then((m) => ({ default: m.AccidentStatsPage })));
const EmResourceMapPage = lazy(() => import('./pages/emergency/ResourceMapPage'));
// ---------- 预案与演练 ----------
const EmPlansPage = lazy(() => import('./pages/emergency/PlansPages'));
const EmPlanDetailPage = lazy(() => import('./pages/emergency/PlansPages').then((m) => ({ default: m.PlanDetailPage })));
const EmPlanDashboardPage = lazy(() => import('./pages/emergency/PlansPages').then((m) => ({ default: m.PlanDashboardPage })));
const EmDrillsPage = lazy(() => import('./pages/emergency/DrillsPages'));
const EmDrillDetailPage = lazy(() => import('./pages/emergency/DrillsPages').then((m) => ({ default: m.DrillDetailPage })));
const EMERGENCY_PAGES: PageDef[] = [
  { path: '/emergency/search', component: EmSearchPage, permission: 'emergency.read', menu: { label: '五库统一检索', icon: <FileSearchOutlined />, group: '应急管理', order: 5 } },
  { path: '/emergency/liaisons', component: EmLiaisonsPage, permission: 'emergency.read', menu: { label: '应急联络网', icon: <TeamOutlined />, group: '应急管理', order: 10 } },
  { path: '/emergency/teams', component: EmTeamsPage, permission: 'emergency.read', menu: { label: '救援队伍库', icon: <AlertOutlined />, group: '应急管理', order: 20 } },
  { path: '/emergency/materials', component: EmMaterialsPage, permission: 'emergency.read', menu: { label: '设备物资库', icon: <ExperimentOutlined />, group: '应急管理', order: 30 } },
  { path: '/emergency/experts', component: EmExpertsPage, permission: 'emergency.read', menu: { label: '专家库', icon: <TeamOutlined />, group: '应急管理', order: 40 } },
  { path: '/emergency/regulations', component: EmRegulationsPage, permission: 'emergency.read', menu: { label: '法规标准库', icon: <FileSearchOutlined />, group: '应急管理', order: 50 } },
  { path: '/emergency/cases', component: EmCasesPage, permission: 'emergency.read', menu: { label: '典型案例库', icon: <WarningOutlined />, group: '应急管理', order: 60 } },
  { path: '/emergency/seven-has', component: EmSevenHasPage, permission: 'emergency.assess', menu: { label: '“七有”自评', icon: <CarryOutOutlined />, group: '应急管理', order: 70 } },
  { path: '/emergency/seven-has-overview', component: EmSevenHasOverviewPage, permission: 'emergency.overview', menu: { label: '“七有”总览', icon: <BarChartOutlined />, group: '应急管理', order: 80 } },
  { path: '/emergency/:kind/:id', component: EmResourceDetailPage, permission: 'emergency.read' },
  // ---------- 值守、事故信息、资源地图 ----------
  { path: '/emergency/duty', component: EmDutyRosterPage, permission: 'emergency.duty.read', menu: { label: '应急值守', icon: <ScheduleOutlined />, group: '应急管理', order: 90 } },
  { path: '/emergency/duty/now', component: EmDutyNowPage, permission: 'emergency.duty.read', menu: { label: '当前值班', icon: <PhoneOutlined />, group: '应急管理', order: 91 } },
  { path: '/emergency/accidents', component: EmAccidentListPage, permission: 'emergency.accident.read', menu: { label: '事故信息报送', icon: <AlertOutlined />, group: '应急管理', order: 92 } },
  { path: '/emergency/accidents/new', component: EmAccidentNewPage, permission: 'emergency.accident.report' },
  { path: '/emergency/accidents/:id', component: EmAccidentDetailPage, permission: 'emergency.accident.read' },
  { path: '/emergency/accident-stats', component: EmAccidentStatsPage, permission: 'emergency.accident.stats', menu: { label: '事故统计', icon: <BarChartOutlined />, group: '应急管理', order: 93 } },
  { path: '/emergency/resource-map', component: EmResourceMapPage, permission: 'emergency.read', menu: { label: '应急资源分布', icon: <EnvironmentOutlined />, group: '应急管理', order: 94 } },
  // ---------- 预案与演练 ----------
  { path: '/emergency/plans', component: EmPlansPage, permission: 'emergency.read', menu: { label: '应急预案', icon: <FileProtectOutlined />, group: '应急管理', order: 62 } },
  { path: '/emergency/plans/:id', component: EmPlanDetailPage, permission: 'emergency.read' },
  { path: '/emergency/plans-dashboard', component: EmPlanDashboardPage, permission: 'emergency.overview', menu: { label: '预案到期看板', icon: <FieldTimeOutlined />, group: '应急管理', order: 64 } },
  { path: '/emergency/drills', component: EmDrillsPage, permission: 'emergency.read', menu: { label: '应急演练', icon: <FlagOutlined />, group: '应急管理', order: 66 } },
  { path: '/emergency/drills/:id', component: EmDrillDetailPage, permission: 'emergency.read' },
];
// 12350 举报受理 (report module)
const ReportListPage = lazy(() => import('./pages/report/ReportListPage'));
const ReportDetailPage = lazy(() => import('./pages/report/ReportDetailPage'));
const ReportStatsPage = lazy(() => import('./pages/report/ReportStatsPage'));
const ReportSettingsPage = lazy(() => import('./pages/report/ReportSettingsPage'));
const PublicReportPage = lazy(() => import('./pages/report/PublicReportPage'));
const PublicReportStatusPage = lazy(() => import('./pages/report/PublicReportStatusPage'));
// 执法检查 (inspection module)
const InspTargetsPage = lazy(() => import('./pages/inspection/TargetsPage'));
const InspInspectorsPage = lazy(() => import('./pages/inspection/InspectorsPage'));
const InspDrawsPage = lazy(() => import('./pages/inspection/DrawsPage'));
const InspDrawDetailPage = lazy(() => import('./pages/inspection/DrawDetailPage'));
const InspInspectionsPage = lazy(() => import('./pages/inspection/InspectionsPage'));
const InspInspectionNewPage = lazy(() => import('./pages/inspection/InspectionNewPage'));
const InspInspectionRunPage = lazy(() => import('./pages/inspection/InspectionRunPage'));
const InspCasesPage = lazy(() => import('./pages/inspection/CasesPage'));
const InspCaseDetailPage = lazy(() => import('./pages/inspection/CaseDetailPage'));
const InspStatsPage = lazy(() => import('./pages/inspection/StatsPage'));
const PublicInspectionsPage = lazy(() => import('./pages/inspection/PublicInspectionsPage'));
const InspPlansPage = lazy(() => import('./pages/inspection/PlansPage'));
const InspPlanDetailPage = lazy(() => import('./pages/inspection/PlanDetailPage'));
const InspCreditPage = lazy(() => import('./pages/inspection/CreditPage'));
const PublicEnforcementPage = lazy(() => import('./pages/inspection/PublicEnforcementPage'));
// 重大危险源监测预警 (monitoring module)
const MonitoringWallPage = lazy(() => import('./pages/monitoring/MonitoringWallPage'));
const MonitoringAlarmsPage = lazy(() => import('./pages/monitoring/AlarmsPage'));
const MonitoringAlarmDetailPage = lazy(() => import('./pages/monitoring/AlarmDetailPage'));
const MonitoringDevicesPage = lazy(() => import('./pages/monitoring/DevicesPage'));
const MonitoringDevicePage = lazy(() => import('./pages/monitoring/DevicePage'));
const MonitoringHomeWidget = lazy(() => import('./pages/monitoring/MonitoringHomeWidget'));

export const PAGES: PageDef[] = [
  ...EMERGENCY_PAGES,
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
  { path: '/reports', component: ReportListPage, permission: 'report.read', menu: { label: '举报台账', icon: <NotificationOutlined />, group: '举报受理', order: 10 } },
  { path: '/reports/stats', component: ReportStatsPage, permission: 'report.stats', menu: { label: '举报统计', icon: <FundOutlined />, group: '举报受理', order: 20 } },
  { path: '/reports/settings', component: ReportSettingsPage, permission: 'report.manage', menu: { label: '举报设置', icon: <ControlOutlined />, group: '举报受理', order: 30 } },
  { path: '/reports/:id', component: ReportDetailPage, permission: 'report.read' },
  { path: '/inspection/inspections', component: InspInspectionsPage, permission: 'inspection.read', menu: { label: '执法检查', icon: <CarryOutOutlined />, group: '执法检查', order: 10 } },
  { path: '/inspection/inspections/new', component: InspInspectionNewPage, permission: 'inspection.conduct' },
  { path: '/inspection/inspections/:id', component: InspInspectionRunPage, permission: 'inspection.read' },
  { path: '/inspection/draws', component: InspDrawsPage, permission: 'inspection.read', menu: { label: '双随机抽取', icon: <FileSearchOutlined />, group: '执法检查', order: 20 } },
  { path: '/inspection/draws/:id', component: InspDrawDetailPage, permission: 'inspection.read' },
  { path: '/inspection/cases', component: InspCasesPage, permission: 'inspection.read', menu: { label: '执法案件', icon: <AuditOutlined />, group: '执法检查', order: 30 } },
  { path: '/inspection/cases/:id', component: InspCaseDetailPage, permission: 'inspection.read' },
  { path: '/inspection/targets', component: InspTargetsPage, permission: 'inspection.read', menu: { label: '检查对象名录', icon: <BankOutlined />, group: '执法检查', order: 40 } },
  { path: '/inspection/inspectors', component: InspInspectorsPage, permission: 'inspection.read', menu: { label: '执法人员名录', icon: <TeamOutlined />, group: '执法检查', order: 50 } },
  { path: '/inspection/stats', component: InspStatsPage, permission: 'inspection.stats', menu: { label: '执法统计', icon: <BarChartOutlined />, group: '执法检查', order: 60 } },
  { path: '/inspection/plans', component: InspPlansPage, permission: 'inspection.stats', menu: { label: '执法计划', icon: <ScheduleOutlined />, group: '执法检查', order: 15 } },
  { path: '/inspection/plans/:id', component: InspPlanDetailPage, permission: 'inspection.stats' },
  { path: '/inspection/credit', component: InspCreditPage, permission: 'inspection.read', menu: { label: '失信名单', icon: <StopOutlined />, group: '执法检查', order: 45 } },
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
  { path: '/public/report', component: PublicReportPage },
  { path: '/public/report/:code', component: PublicReportStatusPage },
  { path: '/public/inspections', component: PublicInspectionsPage },
  { path: '/public/enforcement', component: PublicEnforcementPage },
];
