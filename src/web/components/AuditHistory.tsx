import { useQuery } from '@tanstack/react-query';
import { Empty, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api } from '../lib/api';

export interface AuditItem {
  id: number;
  at: string;
  actorUsername: string;
  actorRoles: string[];
  ip: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  regionCode: string | null;
  before: unknown;
  after: unknown;
}

/** Chinese names of audited actions; unknown actions show as written. Modules add theirs. */
export const ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出',
  'auth.login_failed': '登录失败',
  'auth.locked': '账号锁定',
  'auth.password_change': '修改密码',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.reset_password': '重置密码',
  'user.unlock': '解除锁定',
  'enterprise.create': '登记企业',
  'enterprise.update': '修改企业',
  'enterprise.import_create': '导入新增',
  'enterprise.import_update': '导入更新',
  'enterprise.export': '导出名录',
  'enterprise.seed': '演示数据',
  'unit.update': '修改单位',
  'org.seed': '初始化组织机构',
  'file.upload': '上传附件',
};

/** Field-by-field difference of two snapshots. */
export function diffRows(before: unknown, after: unknown): { field: string; from: string; to: string }[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !['version', 'updatedAt', 'createdAt'].includes(k));
  const show = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return keys.filter((k) => show(b[k]) !== show(a[k])).map((k) => ({ field: k, from: show(b[k]), to: show(a[k]) }));
}

export function DiffView({ before, after, labels = {} }: { before: unknown; after: unknown; labels?: Record<string, string> }) {
  const rows = diffRows(before, after);
  if (!rows.length) return <Typography.Text type="secondary">无字段变化</Typography.Text>;
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="field"
      dataSource={rows}
      columns={[
        { title: '字段', dataIndex: 'field', width: 160, render: (f: string) => labels[f] ?? f },
        { title: '修改前', dataIndex: 'from', render: (v: string) => (v ? <span className="diff-del">{v}</span> : '—') },
        { title: '修改后', dataIndex: 'after', render: (_: unknown, r) => (r.to ? <span className="diff-add">{r.to}</span> : '—') },
      ]}
    />
  );
}

const ENTERPRISE_FIELD_LABELS: Record<string, string> = {
  name: '企业名称',
  creditCode: '信用代码',
  sector: '行业领域',
  sectors: '兼营领域',
  regionCode: '属地',
  address: '地址',
  lng: '经度',
  lat: '纬度',
  legalRepName: '法定代表人',
  legalRepPhoneSet: '法人电话已填',
  safetyManagerName: '安全负责人',
  safetyManagerPhoneSet: '安全负责人电话已填',
  scale: '规模',
  aboveScale: '规上',
  status: '状态',
  employees: '从业人数',
  establishedOn: '成立日期',
  businessScope: '经营范围',
  riskLevel: '风险等级',
};

/** The audit trail of one record, newest first, with field differences. */
export function AuditHistory({ url }: { url: string }) {
  const { data, isLoading } = useQuery({ queryKey: ['history', url], queryFn: () => api.get<AuditItem[]>(url) });
  if (!isLoading && !data?.length) return <Empty description="暂无变更记录" />;
  return (
    <Table<AuditItem>
      size="small"
      rowKey="id"
      loading={isLoading}
      dataSource={data}
      pagination={{ pageSize: 10 }}
      expandable={{ expandedRowRender: (r) => <DiffView before={r.before} after={r.after} labels={ENTERPRISE_FIELD_LABELS} />, rowExpandable: (r) => !!(r.before || r.after) }}
      columns={[
        { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
        { title: '操作', dataIndex: 'action', width: 120, render: (v: string) => <Tag>{ACTION_LABELS[v] ?? v}</Tag> },
        { title: '操作人', dataIndex: 'actorUsername', width: 120 },
        { title: '来源 IP', dataIndex: 'ip', width: 130 },
        { title: '变更字段', render: (_: unknown, r) => diffRows(r.before, r.after).map((d) => ENTERPRISE_FIELD_LABELS[d.field] ?? d.field).join('、') || '—' },
      ]}
    />
  );
}
