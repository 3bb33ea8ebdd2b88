import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, type PageResult } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { useOrg } from '../../lib/reference';
import type { RiskPointView } from '../../../shared/contracts/risk';
import { RISK_POINT_KINDS } from '../../../shared/risk';
import { LEVEL_ORDER, LevelTag } from './riskUi';

const FILTER_KEYS = ['q', 'level', 'kind', 'regionCode', 'sector', 'status', 'reviewDue'] as const;

/** A compact list of risk points for a query (enterprise tab, 重大风险清单). */
export function RiskPointTable({ query, showEnterprise, onOpen }: { query: Record<string, unknown>; showEnterprise?: boolean; onOpen: (p: RiskPointView) => void }) {
  const [page, setPage] = useState(1);
  const q = { ...query, page, pageSize: 10 };
  const { data, isFetching } = useQuery({ queryKey: ['risk-points', q], queryFn: () => api.get<PageResult<RiskPointView>>('/api/risk/points', q), placeholderData: keepPreviousData });
  return (
    <Table<RiskPointView>
      rowKey="id"
      size="small"
      loading={isFetching}
      dataSource={data?.items}
      scroll={{ x: showEnterprise ? 1100 : 900 }}
      pagination={{ current: page, pageSize: 10, total: data?.total ?? 0, showTotal: (t) => `共 ${t} 个`, onChange: setPage, showSizeChanger: false }}
      onRow={(r) => ({ onDoubleClick: () => onOpen(r) })}
      columns={[
        { title: '编号', dataIndex: 'code', width: 90, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
        { title: '风险点', dataIndex: 'name', width: 170, render: (v: string, r) => <a onClick={() => onOpen(r)}>{v}</a> },
        ...(showEnterprise ? [{ title: '企业', dataIndex: 'enterpriseName', width: 220, ellipsis: true }, { title: '属地', dataIndex: 'regionName', width: 110 }] : []),
        { title: '类型', dataIndex: 'kind', width: 90 },
        { title: '风险等级', width: 100, render: (_: unknown, r) => <LevelTag level={r.assessment?.level} /> },
        { title: '评价', width: 180, render: (_: unknown, r) => (r.assessment ? `${r.assessment.method} ${r.assessment.method === 'LEC' ? 'D' : 'R'}=${r.assessment.score}（${r.assessment.band}）` : '—') },
        { title: '管控层级', dataIndex: 'controlLevel', width: 80 },
        { title: '责任人', dataIndex: 'responsiblePerson', width: 90 },
        { title: '下次复评', dataIndex: 'nextReviewOn', width: 120, render: (v: string | null, r) => (v ? r.reviewDue ? <Tag color="red">{v} 到期</Tag> : v : '—') },
      ]}
    />
  );
}

export default function RiskPointsPage() {
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const { data: org } = useOrg();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined])), [params]);
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const query = { ...filters, page, pageSize };
  const { data, isFetching } = useQuery({ queryKey: ['risk-points', query], queryFn: () => api.get<PageResult<RiskPointView>>('/api/risk/points', query), placeholderData: keepPreviousData });
  const gov = me?.scope.kind !== 'enterprise';
  const regions = (org?.regions ?? []).filter((r) => r.kind !== 'district' && (me?.scope.kind !== 'region' || r.code.startsWith(me.scope.prefix ?? '')));
  const sectors = (org?.sectors ?? []).filter((s) => me?.scope.kind !== 'sectors' || me.sectors.includes(s.code));
  const open = (r: RiskPointView) => navigate(`/risk/points/${r.id}`);

  return (
    <Card title="风险点清单（风险分级管控）">
      <div className="page-toolbar">
        <Input.Search allowClear placeholder="风险点、编号、位置或企业" defaultValue={filters.q} onSearch={(v) => set({ q: v.trim() || undefined })} style={{ width: 240 }} aria-label="搜索风险点" />
        <Select allowClear placeholder="风险等级" style={{ width: 110 }} value={filters.level} onChange={(v) => set({ level: v })} options={[...LEVEL_ORDER, '未评估'].map((l) => ({ value: l, label: l }))} />
        <Select allowClear placeholder="类型" style={{ width: 110 }} value={filters.kind} onChange={(v) => set({ kind: v })} options={RISK_POINT_KINDS.map((k) => ({ value: k, label: k }))} />
        {gov && <Select allowClear placeholder="属地" style={{ width: 150 }} value={filters.regionCode} onChange={(v) => set({ regionCode: v })} options={regions.map((r) => ({ value: r.code, label: r.name }))} showSearch optionFilterProp="label" />}
        {gov && <Select allowClear placeholder="行业领域" style={{ width: 130 }} value={filters.sector} onChange={(v) => set({ sector: v })} options={sectors.map((s) => ({ value: s.code, label: s.name }))} showSearch optionFilterProp="label" />}
        <Select allowClear placeholder="复评" style={{ width: 110 }} value={filters.reviewDue} onChange={(v) => set({ reviewDue: v })} options={[{ value: 'true', label: '复评到期' }]} />
        <Select allowClear placeholder="状态" style={{ width: 90 }} value={filters.status} onChange={(v) => set({ status: v })} options={['在用', '停用'].map((s) => ({ value: s, label: s }))} />
        <span className="spacer" />
        <Space>
          {can('risk.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/risk/points/new')}>
              新增风险点
            </Button>
          )}
        </Space>
      </div>
      <Table<RiskPointView>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items}
        scroll={{ x: 1250 }}
        pagination={{ current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 个风险点`, onChange: (p, ps) => set({ page: p, pageSize: ps }) }}
        onRow={(r) => ({ onDoubleClick: () => open(r) })}
        columns={[
          { title: '编号', dataIndex: 'code', width: 90, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
          { title: '风险点', dataIndex: 'name', width: 170, render: (v: string, r) => <a onClick={() => open(r)}>{v}</a> },
          ...(gov ? [{ title: '企业', dataIndex: 'enterpriseName', width: 230, ellipsis: true }, { title: '属地', dataIndex: 'regionName', width: 120 }] : []),
          { title: '类型', dataIndex: 'kind', width: 90 },
          { title: '风险等级', width: 100, render: (_: unknown, r) => <LevelTag level={r.assessment?.level} /> },
          { title: '评价结果', width: 190, render: (_: unknown, r) => (r.assessment ? `${r.assessment.method} ${r.assessment.method === 'LEC' ? 'D' : 'R'}=${r.assessment.score}（${r.assessment.band}）` : '—') },
          { title: '管控层级', dataIndex: 'controlLevel', width: 86 },
          { title: '措施', dataIndex: 'measureCount', width: 60, align: 'right' as const },
          { title: '下次复评', dataIndex: 'nextReviewOn', width: 130, render: (v: string | null, r) => (v ? r.reviewDue ? <Tag color="red">{v} 到期</Tag> : v : '—') },
          { title: '状态', dataIndex: 'status', width: 70, render: (v: string) => (v === '在用' ? v : <Tag>{v}</Tag>) },
        ]}
      />
    </Card>
  );
}
