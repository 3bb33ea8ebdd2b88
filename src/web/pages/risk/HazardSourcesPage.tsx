import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, type PageResult } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import type { HazardSourceView } from '../../../shared/contracts/risk';
import { MAJOR_HAZARD_GRADES } from '../../../shared/risk';
import { GradeTag } from './riskUi';

/** The 重大危险源 of an enterprise (tab) or of the scope (page). */
export function HazardSourceTable({ query, showEnterprise }: { query: Record<string, unknown>; showEnterprise?: boolean }) {
  const navigate = useNavigate();
  const { data, isFetching } = useQuery({ queryKey: ['risk-sources', query], queryFn: () => api.get<PageResult<HazardSourceView>>('/api/risk/sources', query), placeholderData: keepPreviousData });
  return (
    <Table<HazardSourceView>
      rowKey="id"
      size="middle"
      loading={isFetching}
      dataSource={data?.items}
      scroll={{ x: 1100 }}
      pagination={{ pageSize: 20, total: data?.total, showTotal: (t) => `共 ${t} 处` }}
      onRow={(r) => ({ onDoubleClick: () => navigate(`/risk/sources/${r.id}`) })}
      columns={[
        { title: '编号', dataIndex: 'code', width: 100, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
        { title: '名称', dataIndex: 'name', width: 200, render: (v: string, r) => <a onClick={() => navigate(`/risk/sources/${r.id}`)}>{v}</a> },
        ...(showEnterprise ? [{ title: '企业', dataIndex: 'enterpriseName', width: 220, ellipsis: true }, { title: '属地', dataIndex: 'regionName', width: 120 }] : []),
        { title: '单元', dataIndex: 'unitKind', width: 90 },
        { title: '物质', dataIndex: 'substanceCount', width: 60, align: 'right' as const },
        { title: 'S', dataIndex: 'S', width: 80, render: (v: number) => v.toFixed(2) },
        { title: 'R', dataIndex: 'R', width: 80, render: (v: number) => v.toFixed(2) },
        { title: '等级', dataIndex: 'grade', width: 80, render: (v: string | null) => <GradeTag grade={v} /> },
        { title: '主要负责人', dataIndex: 'mainName', width: 100 },
        { title: '评估日期', dataIndex: 'evaluatedOn', width: 110 },
        { title: '状态', dataIndex: 'status', width: 80, render: (v: string) => (v === '在用' ? v : <Tag>{v}</Tag>) },
      ]}
    />
  );
}

export default function HazardSourcesPage() {
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => Object.fromEntries(['q', 'grade', 'status'].map((k) => [k, params.get(k) ?? undefined])), [params]);
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (!v) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  return (
    <Card title="重大危险源（GB 18218-2018）">
      <div className="page-toolbar">
        <Input.Search allowClear placeholder="名称、编号或企业" defaultValue={filters.q} onSearch={(v) => set({ q: v.trim() || undefined })} style={{ width: 240 }} />
        <Select allowClear placeholder="等级" style={{ width: 100 }} value={filters.grade} onChange={(v) => set({ grade: v })} options={MAJOR_HAZARD_GRADES.map((g) => ({ value: g, label: g }))} />
        <Select allowClear placeholder="状态" style={{ width: 100 }} value={filters.status} onChange={(v) => set({ status: v })} options={['在用', '已核销'].map((g) => ({ value: g, label: g }))} />
        <span className="spacer" />
        {can('risk.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/risk/sources/new')}>
            登记重大危险源
          </Button>
        )}
      </div>
      <HazardSourceTable query={{ ...filters, pageSize: 200 }} showEnterprise={me?.scope.kind !== 'enterprise'} />
    </Card>
  );
}
