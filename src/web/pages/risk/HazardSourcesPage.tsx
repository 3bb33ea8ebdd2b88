import { useUrlFilters } from '../../lib/urlFilters';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData } from '@tanstack/react-query';
import { Button, Card, Input, Select, Table, Tag, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useApiQuery } from '../../lib/client';
import { riskApi } from '../../../shared/contracts/risk.api';
import type { QueryIn } from '../../../shared/contracts/endpoint';
import { useAuth } from '../../lib/auth';
import type { HazardSourceView } from '../../../shared/contracts/risk';
import { MAJOR_HAZARD_GRADES } from '../../../shared/risk';
import { GradeTag } from './riskUi';

/** The 重大危险源 of an enterprise (tab) or of the scope (page). */
export function HazardSourceTable({ query, showEnterprise }: { query: Partial<QueryIn<typeof riskApi.listSources>>; showEnterprise?: boolean }) {
  const navigate = useNavigate();
  const { data, isFetching } = useApiQuery(riskApi.listSources, { query }, { placeholderData: keepPreviousData });
  return (
    <Table<HazardSourceView>
      rowKey="id"
      size="middle"
      loading={isFetching}
      dataSource={data?.items}
      tableLayout="fixed"
      pagination={{ pageSize: 20, total: data?.total, showTotal: (t) => `共 ${t} 处` }}
      onRow={(r) => ({ onDoubleClick: () => navigate(`/risk/sources/${r.id}`) })}
      columns={[
        { title: '编号', dataIndex: 'code', width: 110, ellipsis: { showTitle: true }, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
        { title: '名称', dataIndex: 'name', ellipsis: { showTitle: false }, render: (v: string, r) => <Tooltip title={v}><a onClick={() => navigate(`/risk/sources/${r.id}`)}>{v}</a></Tooltip> },
        ...(showEnterprise ? [{ title: '企业', dataIndex: 'enterpriseName', ellipsis: { showTitle: true } }, { title: '属地', dataIndex: 'regionName', width: 110, ellipsis: { showTitle: true } }] : []),
        { title: '单元', dataIndex: 'unitKind', width: 90, responsive: showEnterprise ? ['xxl'] : undefined },
        { title: '物质', dataIndex: 'substanceCount', width: 60, align: 'right' as const, responsive: ['xxl'] },
        { title: 'S', dataIndex: 'S', width: 76, responsive: showEnterprise ? ['xxl'] : undefined, render: (v: number) => v.toFixed(2) },
        { title: 'R', dataIndex: 'R', width: 76, render: (v: number) => v.toFixed(2) },
        { title: '等级', dataIndex: 'grade', width: 76, render: (v: string | null) => <GradeTag grade={v} /> },
        { title: '主要负责人', dataIndex: 'mainName', width: 100, ellipsis: { showTitle: true }, responsive: showEnterprise ? ['xxl'] : undefined },
        { title: '评估日期', dataIndex: 'evaluatedOn', width: 110 },
        { title: '状态', dataIndex: 'status', width: 72, render: (v: string) => (v === '在用' ? v : <Tag>{v}</Tag>) },
      ]}
    />
  );
}

export default function HazardSourcesPage() {
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const { params, set } = useUrlFilters();
  const filters = useMemo(() => Object.fromEntries(['q', 'grade', 'status'].map((k) => [k, params.get(k) ?? undefined])), [params]);
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
      <HazardSourceTable query={{ ...(filters as Partial<QueryIn<typeof riskApi.listSources>>), pageSize: 200 }} showEnterprise={me?.scope.kind !== 'enterprise'} />
    </Card>
  );
}
