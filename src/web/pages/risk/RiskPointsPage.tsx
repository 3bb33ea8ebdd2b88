import { useUrlFilters } from '../../lib/urlFilters';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useApiQuery } from '../../lib/client';
import { riskApi } from '../../../shared/contracts/risk.api';
import type { QueryIn } from '../../../shared/contracts/endpoint';
import { useAuth } from '../../lib/auth';
import { useOrg } from '../../lib/reference';
import type { RiskPointView } from '../../../shared/contracts/risk';
import { RISK_POINT_KINDS } from '../../../shared/risk';
import { LEVEL_ORDER, LevelTag } from './riskUi';

const FILTER_KEYS = ['q', 'level', 'kind', 'regionCode', 'sector', 'status', 'reviewDue'] as const;

export type RiskPointFilter = Omit<QueryIn<typeof riskApi.listPoints>, 'page' | 'pageSize'>;

const assessmentText = (r: RiskPointView) => (r.assessment ? `${r.assessment.method} ${r.assessment.method === 'LEC' ? 'D' : 'R'}=${r.assessment.score}（${r.assessment.band}）` : '—');
const nextReview = (v: string | null, r: RiskPointView) => (v ? r.reviewDue ? <Tag color="red">{v} 到期</Tag> : v : '—');

/** A compact list of risk points for a query (enterprise tab, 重大风险清单). */
export function RiskPointTable({ query, showEnterprise, onOpen }: { query: RiskPointFilter; showEnterprise?: boolean; onOpen: (p: RiskPointView) => void }) {
  const [page, setPage] = useState(1);
  const q = { ...query, page, pageSize: 10 };
  const { data, isFetching } = useApiQuery(riskApi.listPoints, { query: q }, { placeholderData: keepPreviousData });
  return (
    <Table<RiskPointView>
      rowKey="id"
      size="small"
      loading={isFetching}
      dataSource={data?.items}
      tableLayout="fixed"
      pagination={{ current: page, pageSize: 10, total: data?.total ?? 0, showTotal: (t) => `共 ${t} 个`, onChange: setPage, showSizeChanger: false }}
      onRow={(r) => ({ onDoubleClick: () => onOpen(r) })}
      columns={[
        { title: '编号', dataIndex: 'code', width: 96, ellipsis: { showTitle: true }, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
        { title: '风险点', dataIndex: 'name', ellipsis: { showTitle: false }, render: (v: string, r) => <Tooltip title={v}><a onClick={() => onOpen(r)}>{v}</a></Tooltip> },
        ...(showEnterprise ? [{ title: '企业', dataIndex: 'enterpriseName', ellipsis: { showTitle: true } }, { title: '属地', dataIndex: 'regionName', width: 110, ellipsis: { showTitle: true } }] : []),
        { title: '类型', dataIndex: 'kind', width: 90, responsive: ['xxl'] },
        { title: '风险等级', width: 90, render: (_: unknown, r) => <LevelTag level={r.assessment?.level} /> },
        { title: '评价', width: 180, responsive: ['xxl'], render: (_: unknown, r) => assessmentText(r) },
        { title: '管控层级', dataIndex: 'controlLevel', width: 80, responsive: ['xxl'] },
        { title: '责任人', dataIndex: 'responsiblePerson', width: 90, ellipsis: { showTitle: true } },
        { title: '下次复评', dataIndex: 'nextReviewOn', width: 130, render: nextReview },
      ]}
    />
  );
}

export default function RiskPointsPage() {
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const { data: org } = useOrg();
  const { params, set } = useUrlFilters();
  const filters = useMemo(() => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined])), [params]);
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const query = { ...filters, page, pageSize };
  const { data, isFetching } = useApiQuery(riskApi.listPoints, { query: query as RiskPointFilter & { page: number; pageSize: number } }, { placeholderData: keepPreviousData });
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
        tableLayout="fixed"
        pagination={{ current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 个风险点`, onChange: (p, ps) => set({ page: p, pageSize: ps }) }}
        onRow={(r) => ({ onDoubleClick: () => open(r) })}
        columns={[
          { title: '编号', dataIndex: 'code', width: 96, ellipsis: { showTitle: true }, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
          { title: '风险点', dataIndex: 'name', ellipsis: { showTitle: false }, render: (v: string, r) => <Tooltip title={v}><a onClick={() => open(r)}>{v}</a></Tooltip> },
          ...(gov ? [{ title: '企业', dataIndex: 'enterpriseName', ellipsis: { showTitle: true } }, { title: '属地', dataIndex: 'regionName', width: 110, ellipsis: { showTitle: true } }] : []),
          { title: '类型', dataIndex: 'kind', width: 86 },
          { title: '风险等级', width: 90, render: (_: unknown, r) => <LevelTag level={r.assessment?.level} /> },
          { title: '评价结果', width: 190, responsive: gov ? ['xxl'] : undefined, ellipsis: { showTitle: true }, render: (_: unknown, r) => assessmentText(r) },
          { title: '管控层级', dataIndex: 'controlLevel', width: 86, responsive: ['xxl'] },
          { title: '措施', dataIndex: 'measureCount', width: 60, align: 'right' as const, responsive: ['xxl'] },
          { title: '下次复评', dataIndex: 'nextReviewOn', width: 130, render: nextReview },
          { title: '状态', dataIndex: 'status', width: 64, render: (v: string) => (v === '在用' ? v : <Tag>{v}</Tag>) },
        ]}
      />
    </Card>
  );
}
