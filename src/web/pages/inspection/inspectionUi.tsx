import { Tag } from 'antd';
import { CASE_STATUS_LABELS, CLASS_LABELS, DOCUMENT_LABELS, type CaseStatus, type DocumentKind, type TargetClass } from '../../../shared/inspection/rules';
import { formatDate, formatDateTime } from '../../../shared/time';

/** Shared bits of the 执法检查 pages: tags and labels (no raw codes shown to users). */

const CLASS_COLORS: Record<TargetClass, string> = { A: 'red', B: 'orange', C: 'gold', D: 'blue' };

export function ClassTag({ value }: { value: TargetClass }) {
  return <Tag color={CLASS_COLORS[value]}>{CLASS_LABELS[value]}</Tag>;
}

const INSPECTION_STATUS: Record<string, [string, string]> = { planned: ['待检查', 'default'], in_progress: ['检查中', 'processing'], completed: ['已完成', 'success'] };
export function InspectionStatusTag({ value }: { value: string }) {
  const [label, color] = INSPECTION_STATUS[value] ?? [value, 'default'];
  return <Tag color={color}>{label}</Tag>;
}

export function CaseStatusTag({ value }: { value: CaseStatus }) {
  const color = value === 'closed' ? 'success' : value === 'legal_review' ? 'purple' : value === 'decided' || value === 'executing' ? 'blue' : 'default';
  return <Tag color={color}>{CASE_STATUS_LABELS[value]}</Tag>;
}

export const docLabel = (k: DocumentKind) => DOCUMENT_LABELS[k];
export const ORIGIN_LABELS: Record<string, string> = { draw: '双随机', plan: '计划检查', adhoc: '临时检查' };
export const fmtDate = (v?: string | null) => (v ? formatDate(v) : '—');
export const fmtTime = (v?: string | null) => (v ? formatDateTime(v) : '—');
export const money = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n.toLocaleString('zh-CN')} 元`);
