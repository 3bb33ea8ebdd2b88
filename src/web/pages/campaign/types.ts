/** View shapes of the campaign API used by the pages (the server's answers). */
export type { CampaignView, TaskNodeView, IndicatorView, ReportView, ReportEntryView, AssignmentView, SummarySection } from '../../../shared/contracts/campaign';

export type CellStatus = 'accepted' | 'accepted_late' | 'submitted' | 'returned' | 'draft' | 'missing' | 'notdue';

export const CELL_LABELS: Record<CellStatus, string> = {
  accepted: '按时·已采纳',
  accepted_late: '迟报·已采纳',
  submitted: '待审核',
  returned: '已退回',
  draft: '草稿',
  missing: '未报送',
  notdue: '未到期',
};
export const CELL_COLORS: Record<CellStatus, string> = {
  accepted: '#52c41a',
  accepted_late: '#95de64',
  submitted: '#1677ff',
  returned: '#faad14',
  draft: '#d9d9d9',
  missing: '#f5222d',
  notdue: '#f0f0f0',
};
export const CELL_ORDER: CellStatus[] = ['missing', 'returned', 'draft', 'notdue', 'submitted', 'accepted_late', 'accepted'];

export interface Dashboard {
  campaign: { id: string; name: string; startDate: string; endDate: string; status: string; currentPeriod: string };
  today: string;
  scope: 'unit' | 'district';
  summary: {
    units: number;
    items: number;
    leadItems: number;
    leadDone: number;
    completionRate: number;
    overdueItems: number;
    laggingItems: number;
    overdueReports: number;
    pendingReview: number;
    lateReports: number;
    acceptedReports: number;
  };
  byTask: { taskId: string; nodeId: string; title: string; total: number; done: number; progress: number; lagging: number; overdue: number; rate: number }[];
  byUnit: { unitId: string; name: string; kind: string; total: number; done: number; progress: number; lagging: number; overdue: number; overdueReports: number; rate: number }[];
  byPhase: { phaseId: string | null; name: string; startDate: string | null; endDate: string | null; total: number; done: number; progress: number; rate: number }[];
  heatmap: { units: { unitId: string; name: string; kind: string }[]; periods: string[]; cells: [number, number, CellStatus][] };
  overdueByPeriod: { period: string; missing: number }[];
  indicators: {
    id: string;
    nodeId: string | null;
    name: string;
    unit: string;
    comparator: string;
    targetValue: number | null;
    targetValueMax: number | null;
    dueDate: string | null;
    aggregate: string;
    current: number | null;
    reportingUnits: number;
    met: boolean | null;
    trend: { period: string; value: number }[];
  }[];
}

export interface PeriodRow {
  period: string;
  dueDate: string;
  state: 'open' | 'closed' | 'future' | 'outside' | 'archived';
  overdue: boolean;
  expected: number;
  draft: number;
  submitted: number;
  returned: number;
  accepted: number;
  late: number;
}

export interface PeriodStatus {
  period: string;
  dueDate: string;
  units: { unitId: string; unitName: string; unitKind: string; items: number; reportId: string | null; status: string; late: boolean; submittedAt: string | null; reviewedAt: string | null; returnCount: number }[];
}

export interface AssessmentRow {
  unitId: string;
  name: string;
  kind: string;
  group: 'department' | 'territory';
  timeliness: number;
  completion: number;
  review: number;
  score: number;
  grade: string;
  rank: number;
  rankInGroup: number;
  veto: { reason: string } | null;
  facts: { reportsDue: number; onTime: number; late: number; items: number; completed: number; itemsDue: number; itemsDueCompleted: number; reviewed: number; firstPass: number };
}

export interface Assessment {
  from: string;
  to: string;
  reportsDue: number;
  settings: { weights: { timeliness: number; completion: number; review: number }; latePenalty: number; gradeBands: { min: number; grade: string }[] };
  rows: AssessmentRow[];
}

export interface Overdue {
  today: string;
  reports: { unitId: string; unitName: string; period: string; dueDate: string; status: string; daysOverdue: number }[];
  items: { unitId: string; unitName: string; itemId: string; nodeId: string; title: string; taskTitle: string; role: string; dueDate: string; status: string; daysOverdue: number }[];
  byUnit: { unitId: string; unitName: string; kind: string; reports: number; items: number }[];
}

export interface ListEntry {
  id: string;
  unitId: string;
  unitName: string;
  kind: 'hazard' | 'selfcheck' | 'measure';
  seq: number;
  title: string;
  category: string;
  description: string;
  measures: string;
  roadmap: { date?: string | null; step: string; done: boolean }[];
  deadline: string | null;
  responsiblePerson: string;
  status: string;
  completionNote: string;
  completedOn: string | null;
  docNumber: string;
  hazardId: string | null;
  hazardLevel: string | null;
  taskId: string | null;
  version: number;
}

export interface SummaryView {
  id: string;
  unitId: string | null;
  unitName: string | null;
  kind: string;
  kindLabel: string;
  periodKey: string;
  periodLabel: string;
  title: string;
  recipient: string;
  docNumber: string;
  issuer: string;
  issuedOn: string | null;
  sections: import('../../../shared/contracts/campaign').SummarySection[];
  status: 'draft' | 'final';
  version: number;
  updatedAt: string;
}

export interface MyTasks {
  campaigns: {
    id: string;
    name: string;
    period: string;
    dueDate: string;
    daysLeft: number;
    report: { id: string; status: string; late: boolean; returnCount: number; reviewComment: string | null } | null;
    items: { total: number; lead: number; co: number; territorial: number; done: number; progress: number; lagging: number; notStarted: number };
    dueThisMonth: { itemId: string; nodeId: string; title: string; dueDate: string; status: string }[];
    overdueCount: number;
    overdue: { itemId: string; nodeId: string; title: string; dueDate: string; status: string; daysOverdue: number }[];
  }[];
}

export const UNIT_GROUP_LABELS: Record<string, string> = { department: '成员单位', territory: '街道（管理处）' };

export function periodText(p: string): string {
  return `${p.slice(0, 4)}年${Number(p.slice(5))}月`;
}
