import { useUrlFilters } from '../../lib/urlFilters';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData } from '@tanstack/react-query';
import { App, Button, Card, Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { download, useApiQuery } from '../../lib/client';
import { orgApi } from '../../../shared/contracts/org.api';
import type { EnterpriseQuery } from '../../../shared/contracts/org';
import { useAuth } from '../../lib/auth';
import { useOrg } from '../../lib/reference';
import { CreditFlag } from '../../components/CreditFlag';
import { ENTERPRISE_SCALES, ENTERPRISE_STATUSES, RISK_COLORS, RISK_LEVELS, STATUS_COLORS, type EnterpriseView } from './types';

const FILTER_KEYS = ['q', 'sector', 'regionCode', 'status', 'scale', 'aboveScale', 'riskLevel', 'sort'] as const;

export default function EnterpriseListPage() {
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const { data: org } = useOrg();
  const { params, set } = useUrlFilters();
  const filters = useMemo(() => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined])), [params]);
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  // the address bar's filters, checked by the server against the contract (EnterpriseQuery)
  const query = { ...filters, page, pageSize } as Partial<EnterpriseQuery>;
  const { data, isFetching } = useApiQuery(orgApi.listEnterprises, { query: query as never }, { placeholderData: keepPreviousData });
  const regions = (org?.regions ?? []).filter((r) => r.kind !== 'district' && (me?.scope.kind !== 'region' || r.code.startsWith(me.scope.prefix ?? '')));
  const sectors = (org?.sectors ?? []).filter((s) => me?.scope.kind !== 'sectors' || me.sectors.includes(s.code));

  return (
    <Card title="企业名录（生产经营单位）">
      <div className="page-toolbar">
        <Input.Search
          allowClear
          placeholder="企业名称、信用代码或地址"
          defaultValue={filters.q}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          style={{ width: 260 }}
          aria-label="搜索企业"
        />
        <Select allowClear placeholder="行业领域" style={{ width: 150 }} value={filters.sector} onChange={(v) => set({ sector: v })} options={sectors.map((s) => ({ value: s.code, label: s.name }))} showSearch optionFilterProp="label" />
        <Select allowClear placeholder="属地" style={{ width: 170 }} value={filters.regionCode} onChange={(v) => set({ regionCode: v })} options={regions.map((r) => ({ value: r.code, label: r.name }))} showSearch optionFilterProp="label" />
        <Select allowClear placeholder="经营状态" style={{ width: 110 }} value={filters.status} onChange={(v) => set({ status: v })} options={ENTERPRISE_STATUSES.map((s) => ({ value: s, label: s }))} />
        <Select allowClear placeholder="规模" style={{ width: 90 }} value={filters.scale} onChange={(v) => set({ scale: v })} options={ENTERPRISE_SCALES.map((s) => ({ value: s, label: s }))} />
        <Select allowClear placeholder="规上" style={{ width: 90 }} value={filters.aboveScale} onChange={(v) => set({ aboveScale: v })} options={[{ value: 'true', label: '规上' }, { value: 'false', label: '规下' }]} />
        <Select allowClear placeholder="风险等级" style={{ width: 100 }} value={filters.riskLevel} onChange={(v) => set({ riskLevel: v })} options={RISK_LEVELS.map((s) => ({ value: s, label: s }))} />
        <span className="spacer" />
        <Space wrap>
          {can('enterprise.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/enterprises/new')}>
              登记企业
            </Button>
          )}
          {can('enterprise.import') && (
            <Button icon={<UploadOutlined />} onClick={() => navigate('/enterprises/import')}>
              导入
            </Button>
          )}
          <Tooltip title="按当前筛选条件导出全部结果">
            <Button
              icon={<DownloadOutlined />}
              onClick={() => download(orgApi.exportEnterprises, { query: filters as never }).catch((e: Error) => message.error(e.message))}
            >
              导出 Excel
            </Button>
          </Tooltip>
        </Space>
      </div>
      <Table<EnterpriseView>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items}
        tableLayout="fixed"
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          set({ sort: s?.order ? `${s.order === 'descend' ? '-' : ''}${String(s.field)}` : undefined });
        }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (t) => `共 ${t} 家`,
          onChange: (p, ps) => set({ page: p, pageSize: ps }),
        }}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/enterprises/${r.id}`) })}
        // Fits 1366 px without horizontal scroll: the name takes what is left (ellipsis with tooltip);
        // supervising unit, employees and safety manager show on wide screens only.
        columns={[
          {
            title: '企业名称',
            dataIndex: 'name',
            sorter: true,
            ellipsis: { showTitle: false },
            render: (v: string, r) => (
              <>
                <CreditFlag flag={r.dishonest} />
                <Tooltip title={v}>
                  <a onClick={() => navigate(`/enterprises/${r.id}`)}>{v}</a>
                </Tooltip>
              </>
            ),
          },
          { title: '统一社会信用代码', dataIndex: 'creditCode', width: 178, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
          { title: '行业领域', dataIndex: 'sectorName', width: 110, ellipsis: { showTitle: false }, render: (v: string) => <Tooltip title={v}>{v}</Tooltip> },
          { title: '属地', dataIndex: 'regionName', width: 120, ellipsis: { showTitle: false }, render: (v: string) => <Tooltip title={v}>{v}</Tooltip> },
          { title: '监管部门', dataIndex: 'supervisingUnitName', width: 130, ellipsis: true, responsive: ['xxl'] },
          { title: '规模', dataIndex: 'scale', width: 84, render: (v: string, r) => `${v}${r.aboveScale ? '·规上' : ''}` },
          { title: '从业人数', dataIndex: 'employees', width: 90, sorter: true, align: 'right', responsive: ['xxl'] },
          { title: '状态', dataIndex: 'status', width: 86, render: (v: string) => <Tag color={STATUS_COLORS[v]}>{v}</Tag> },
          { title: '风险等级', dataIndex: 'riskLevel', width: 86, render: (v: string | null) => (v ? <Tag color={RISK_COLORS[v]}>{v}</Tag> : <span style={{ color: '#bbb' }}>未评定</span>) },
          { title: '安全负责人', dataIndex: 'safetyManagerName', width: 100, ellipsis: true, responsive: ['xxl'] },
        ]}
      />
    </Card>
  );
}
