import { Button, Popconfirm, Tag, Tooltip } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { keyOf } from '../../lib/client';
import { emergencyApi } from '../../../shared/contracts/emergency.api';
import type { Endpoint } from '../../../shared/contracts/endpoint';
import {
  ACCIDENT_TYPES,
  EXPERT_AVAILABILITY,
  EXPERT_KINDS,
  MATERIAL_CATEGORIES,
  REGULATION_KINDS,
  REGULATION_LEVELS,
  REGULATION_STATUSES,
  RESOURCE_LABELS,
  TEAM_KINDS,
  TEAM_READINESS,
  type ResourceKind,
} from '../../../shared/emergency/catalog';
import { formatDate } from '../../../shared/time';

/** How each of the five databases is shown and edited (one generic list/detail page serves them all). */

export type Rec = Record<string, unknown> & { id: string; canEdit: boolean; updatedAt: string; ownerUnitName: string };

export interface FieldDef {
  name: string;
  label: string;
  type?: 'text' | 'textarea' | 'int' | 'number' | 'date' | 'select' | 'phone';
  options?: readonly string[];
  required?: boolean;
  /** not on the update form (materials' quantity: only through movements) */
  createOnly?: boolean;
  /** shown in the list */
  column?: { width: number; render?: (v: unknown, r: Rec) => ReactNode };
}

export interface KindUi {
  kind: ResourceKind;
  label: string;
  /** the record's name in the list and the title */
  titleField: string;
  fields: FieldDef[];
  categoryOptions: readonly string[];
  categoryLabel: string;
  api: { list: Endpoint; get: Endpoint; create: Endpoint; update: Endpoint; remove: Endpoint; importFile: Endpoint; exportFile: Endpoint; template: Endpoint };
}

const ellipsis = (v: unknown) => (
  <Tooltip title={String(v ?? '')}>
    <span style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{String(v ?? '—')}</span>
  </Tooltip>
);
export const telLink = (v: unknown) => (v ? String(v).includes('*') ? <span>{String(v)}</span> : <a href={`tel:${String(v).replace(/-/g, '')}`}>{String(v)}</a> : '—');

const apis = (p: 'team' | 'material' | 'expert' | 'regulation' | 'case') => {
  const a = emergencyApi as unknown as Record<string, Endpoint>;
  return { list: a[`${p}List`], get: a[`${p}Get`], create: a[`${p}Create`], update: a[`${p}Update`], remove: a[`${p}Remove`], importFile: a[`${p}ImportFile`], exportFile: a[`${p}ExportFile`], template: a[`${p}Template`] };
};

export const EXPIRY_TAG: Record<string, ReactNode> = { expiring: <Tag color="orange">临期</Tag>, expired: <Tag color="red">已过期</Tag>, ok: null };

export const KIND_UI: Record<ResourceKind, KindUi> = {
  teams: {
    kind: 'teams',
    label: RESOURCE_LABELS.teams,
    titleField: 'name',
    categoryOptions: TEAM_KINDS,
    categoryLabel: '队伍类别',
    api: apis('team'),
    fields: [
      { name: 'name', label: '队伍名称', required: true, column: { width: 240, render: ellipsis } },
      { name: 'unitName', label: '所属单位', required: true, column: { width: 150, render: ellipsis } },
      { name: 'kind', label: '队伍类别', type: 'select', options: TEAM_KINDS, required: true, column: { width: 110 } },
      { name: 'specialty', label: '专业特长', required: true, column: { width: 220, render: ellipsis } },
      { name: 'size', label: '人数', type: 'int', required: true, column: { width: 70 } },
      { name: 'equipment', label: '主要装备', type: 'textarea' },
      { name: 'baseAddress', label: '驻地', required: true },
      { name: 'lng', label: '经度', type: 'number' },
      { name: 'lat', label: '纬度', type: 'number' },
      { name: 'contactName', label: '联系人', required: true, column: { width: 80 } },
      { name: 'contactPhone', label: '联系电话', type: 'phone', column: { width: 130, render: telLink } },
      { name: 'readiness', label: '战备状态', type: 'select', options: TEAM_READINESS, column: { width: 90, render: (v) => <Tag color={v === '休整' ? 'default' : 'green'}>{String(v)}</Tag> } },
    ],
  },
  materials: {
    kind: 'materials',
    label: RESOURCE_LABELS.materials,
    titleField: 'name',
    categoryOptions: MATERIAL_CATEGORIES,
    categoryLabel: '物资类别',
    api: apis('material'),
    fields: [
      { name: 'name', label: '物资名称', required: true, column: { width: 180, render: ellipsis } },
      { name: 'category', label: '物资类别', type: 'select', options: MATERIAL_CATEGORIES, required: true, column: { width: 100 } },
      { name: 'spec', label: '规格型号', column: { width: 130, render: ellipsis } },
      {
        name: 'quantity',
        label: '数量',
        type: 'number',
        required: true,
        createOnly: true,
        column: { width: 110, render: (v, r) => <span style={{ color: r.lowStock ? '#cf1322' : undefined }}>{`${String(v)} ${String(r.unitOfMeasure)}`}{r.lowStock ? '（低）' : ''}</span> },
      },
      { name: 'unitOfMeasure', label: '计量单位', required: true },
      { name: 'minQuantity', label: '最低库存', type: 'number' },
      { name: 'depot', label: '存放地点', required: true, column: { width: 200, render: ellipsis } },
      { name: 'ownerName', label: '权属单位', required: true, column: { width: 130, render: ellipsis } },
      { name: 'lng', label: '经度', type: 'number' },
      { name: 'lat', label: '纬度', type: 'number' },
      { name: 'contactName', label: '联系人' },
      { name: 'contactPhone', label: '联系电话', type: 'phone', column: { width: 130, render: telLink } },
      { name: 'expiryDate', label: '有效期至', type: 'date', column: { width: 150, render: (v, r) => (v ? <span>{formatDate(String(v))} {EXPIRY_TAG[String(r.expiry)]}</span> : '—') } },
    ],
  },
  experts: {
    kind: 'experts',
    label: RESOURCE_LABELS.experts,
    titleField: 'name',
    categoryOptions: EXPERT_KINDS,
    categoryLabel: '专家类别',
    api: apis('expert'),
    fields: [
      { name: 'name', label: '姓名', required: true, column: { width: 90 } },
      { name: 'kind', label: '专家类别', type: 'select', options: EXPERT_KINDS, required: true, column: { width: 80 } },
      { name: 'field', label: '专业领域', required: true, column: { width: 140, render: ellipsis } },
      { name: 'title', label: '职称', column: { width: 110, render: ellipsis } },
      { name: 'organisation', label: '工作单位', required: true, column: { width: 200, render: ellipsis } },
      { name: 'position', label: '职务' },
      { name: 'phone', label: '联系电话', type: 'phone', column: { width: 130, render: telLink } },
      { name: 'availability', label: '可否调用', type: 'select', options: EXPERT_AVAILABILITY, column: { width: 100, render: (v) => <Tag color={v === '可调用' ? 'green' : 'default'}>{String(v)}</Tag> } },
      { name: 'expertise', label: '擅长方向', type: 'textarea', column: { width: 220, render: ellipsis } },
    ],
  },
  regulations: {
    kind: 'regulations',
    label: RESOURCE_LABELS.regulations,
    titleField: 'title',
    categoryOptions: REGULATION_KINDS,
    categoryLabel: '类别',
    api: apis('regulation'),
    fields: [
      { name: 'title', label: '名称', required: true, column: { width: 300, render: ellipsis } },
      { name: 'kind', label: '类别', type: 'select', options: REGULATION_KINDS, required: true, column: { width: 100 } },
      { name: 'level', label: '层级', type: 'select', options: REGULATION_LEVELS, required: true, column: { width: 70 } },
      { name: 'issuer', label: '发布机关', required: true, column: { width: 170, render: ellipsis } },
      { name: 'docNumber', label: '文号或标准号', column: { width: 180, render: ellipsis } },
      { name: 'issuedOn', label: '发布日期', type: 'date' },
      { name: 'effectiveOn', label: '施行日期', type: 'date', column: { width: 120, render: (v) => (v ? formatDate(String(v)) : '—') } },
      { name: 'status', label: '状态', type: 'select', options: REGULATION_STATUSES, column: { width: 70, render: (v) => <Tag color={v === '现行' ? 'green' : 'default'}>{String(v)}</Tag> } },
      { name: 'fullText', label: '全文', type: 'textarea' },
    ],
  },
  cases: {
    kind: 'cases',
    label: RESOURCE_LABELS.cases,
    titleField: 'title',
    categoryOptions: ACCIDENT_TYPES,
    categoryLabel: '事故类型',
    api: apis('case'),
    fields: [
      { name: 'title', label: '案例名称', required: true, column: { width: 340, render: ellipsis } },
      { name: 'occurredOn', label: '发生日期', type: 'date', required: true, column: { width: 120, render: (v) => formatDate(String(v)) } },
      { name: 'place', label: '发生地点', required: true, column: { width: 150, render: ellipsis } },
      { name: 'sectorName', label: '行业领域', column: { width: 110 } },
      { name: 'accidentType', label: '事故类型', type: 'select', options: ACCIDENT_TYPES, required: true, column: { width: 90 } },
      { name: 'deaths', label: '死亡人数', type: 'int', column: { width: 80 } },
      { name: 'injuries', label: '受伤人数', type: 'int', column: { width: 80 } },
      { name: 'directLoss', label: '直接经济损失（万元）', type: 'number' },
      { name: 'cause', label: '发生原因', type: 'textarea', required: true },
      { name: 'measures', label: '采取措施', type: 'textarea' },
      { name: 'process', label: '处置过程', type: 'textarea' },
      { name: 'lessons', label: '主要经验', type: 'textarea' },
      { name: 'problems', label: '存在问题', type: 'textarea' },
      { name: 'suggestions', label: '意见建议', type: 'textarea' },
      { name: 'expertOpinion', label: '专家意见', type: 'textarea' },
    ],
  },
};

/** Form values → request body: empty optional fields left out (the server stores them as empty). */
export function toBody(ui: KindUi, values: Record<string, unknown>, update: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of ui.fields) {
    if (update && f.createOnly) continue;
    const v = values[f.name];
    if (v === undefined || v === null || v === '') continue;
    out[f.name] = v;
  }
  return out;
}

/**
 * 删除 behind a confirmation (Popconfirm). Clicks on it, and in its popup, never reach the table row
 * or list item it sits in (React events bubble out of portals along the component tree).
 */
export function ConfirmDelete({ title, description, onConfirm, size }: { title: string; description?: ReactNode; onConfirm: () => Promise<unknown>; size?: 'small' | 'middle' }) {
  return (
    <span onClick={(e) => e.stopPropagation()}>
      <Popconfirm title={title} description={description} okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={onConfirm}>
        <Button danger size={size} icon={<DeleteOutlined />}>
          删除
        </Button>
      </Popconfirm>
    </span>
  );
}

/** Take a deleted record out of the cached pages of a list at once (the refetch that follows confirms it). */
export function dropFromLists(qc: QueryClient, list: Endpoint, id: string): void {
  qc.setQueriesData<{ items: { id: string }[]; total: number }>({ queryKey: keyOf(list) }, (old) =>
    old && old.items.some((x) => x.id === id) ? { ...old, items: old.items.filter((x) => x.id !== id), total: Math.max(0, old.total - 1) } : old,
  );
}
