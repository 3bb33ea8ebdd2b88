import { useUrlFilters } from '../../lib/urlFilters';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, DatePicker, Input, Select, Space, Table, Tooltip, Typography } from 'antd';
import { BarChartOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { download, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { useOrg } from '../../lib/reference';
import { CreditFlag } from '../../components/CreditFlag';
import type { HazardListItem, HazardQuery } from '../../../shared/contracts/hazard';
import { hazardApi } from '../../../shared/contracts/hazard.api';
import { HAZARD_STATUSES, HAZARD_STATUS_LABELS } from '../../../shared/hazard/workflow';
import { fmtTime, GradeTag, HazardFlags, HAZARD_SOURCE_LABELS, SOURCE_OPTIONS } from './hazardUi';

const FILTER_KEYS = ['q', 'status', 'grade', 'source', 'regionCode', 'sector', 'overdue', 'supervision', 'foundFrom', 'foundTo', 'enterpriseId', 'sort'] as const;

/** 隐患台账: filters in the URL (shareable), server-side paging and sorting, streaming export. */
export default function HazardListPage() {
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const { data: org } = useOrg();
  const { params, set } = useUrlFilters();
  const filters = useMemo(() => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined])) as Record<(typeof FILTER_KEYS)[number], string | undefined>, [params]);
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  // Filters come from the address bar as text; the server validates them against the contract.
  const query = { ...filters, page, pageSize } as Partial<HazardQuery>;
  const { data, isFetching, error } = useApiQuery(hazardApi.list, { query }, { placeholderData: keepPreviousData });
  const regions = (org?.regions ?? []).filter((r) => r.kind !== 'district' && (me?.scope.kind !== 'region' || r.code.startsWith(me.scope.prefix ?? '')));
  const sectors = (org?.sectors ?? []).filter((s) => me?.scope.kind !== 'sectors' || me.sectors.includes(s.code));
  const isEnterprise = me?.scope.kind === 'enterprise';

  return (
    <Card
      title="隐患排查治理台账"
      extra={
        <Space>
          <Button icon={<BarChartOutlined />} onClick={() => navigate('/hazards/stats')}>
            统计分析
          </Button>
          {can('hazard.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/hazards/new')}>
              登记隐患
            </Button>
          )}
        </Space>
      }
    >
      <div className="page-toolbar">
        <Input.Search allowClear placeholder="编号、部位、描述或企业名称" defaultValue={filters.q} onSearch={(v) => set({ q: v.trim() || undefined })} style={{ width: 240 }} aria-label="搜索隐患" />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 130 }}
          value={filters.status}
          onChange={(v) => set({ status: v })}
          options={[{ value: 'open', label: '未销号（全部）' }, ...HAZARD_STATUSES.map((s) => ({ value: s, label: HAZARD_STATUS_LABELS[s] }))]}
          aria-label="状态"
        />
        <Select allowClear placeholder="等级" style={{ width: 90 }} value={filters.grade} onChange={(v) => set({ grade: v })} options={['一般', '重大'].map((g) => ({ value: g, label: g }))} aria-label="等级" />
        <Select allowClear placeholder="来源" style={{ width: 110 }} value={filters.source} onChange={(v) => set({ source: v })} options={SOURCE_OPTIONS} aria-label="来源" />
        {!isEnterprise && (
          <>
            <Select allowClear showSearch optionFilterProp="label" placeholder="属地" style={{ width: 150 }} value={filters.regionCode} onChange={(v) => set({ regionCode: v })} options={regions.map((r) => ({ value: r.code, label: r.name }))} aria-label="属地" />
            <Select allowClear showSearch optionFilterProp="label" placeholder="行业领域" style={{ width: 130 }} value={filters.sector} onChange={(v) => set({ sector: v })} options={sectors.map((s) => ({ value: s.code, label: s.name }))} aria-label="行业领域" />
          </>
        )}
        <Select allowClear placeholder="挂牌督办" style={{ width: 110 }} value={filters.supervision} onChange={(v) => set({ supervision: v })} options={[{ value: 'listed', label: '挂牌中' }, { value: 'delisted', label: '已摘牌' }]} aria-label="挂牌督办" />
        <DatePicker.RangePicker
          style={{ width: 240 }}
          placeholder={['发现日期起', '止']}
          value={filters.foundFrom && filters.foundTo ? [dayjs(filters.foundFrom), dayjs(filters.foundTo)] : null}
          onChange={(r) => set({ foundFrom: r?.[0]?.format('YYYY-MM-DD'), foundTo: r?.[1]?.format('YYYY-MM-DD') })}
        />
        <Checkbox checked={filters.overdue === 'true'} onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })}>
          仅超期
        </Checkbox>
        <span className="spacer" />
        <Tooltip title="按当前筛选条件导出全部结果（Excel）">
          <Button icon={<DownloadOutlined />} onClick={() => download(hazardApi.export, { query: { ...query, sort: undefined, page: undefined, pageSize: undefined } }).catch((e: Error) => message.error(e.message))}>
            导出 Excel
          </Button>
        </Tooltip>
      </div>
      {error && <Typography.Text type="danger">{error.message}</Typography.Text>}
      <Table<HazardListItem>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items}
        tableLayout="fixed"
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          if (!s?.order) return set({ sort: undefined });
          set({ sort: `${s.order === 'descend' ? '-' : ''}${String(s.field)}` });
        }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (t) => (data && !data.totalExact ? `超过 ${t} 条（请缩小筛选范围）` : `共 ${t} 条`),
          onChange: (p, ps) => set({ page: p, pageSize: ps }),
        }}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/hazards/${r.id}`) })}
        // Fits 1366 px without scrolling sideways: fixed widths for the short columns, the enterprise
        // and the description share the rest (ellipsis, full text on hover); 行业 and 来源 appear on
        // wide screens only.
        columns={[
          { title: '隐患编号', dataIndex: 'code', width: 172, render: (v: string, r) => <a onClick={() => navigate(`/hazards/${r.id}`)}>{v}</a> },
          ...(isEnterprise
            ? []
            : [
                {
                  title: '企业',
                  dataIndex: 'enterpriseName',
                  width: '17%',
                  ellipsis: { showTitle: false },
                  render: (v: string, r: HazardListItem) => (
                    <>
                      <CreditFlag flag={r.enterpriseDishonest} />
                      <Tooltip title={v} placement="topLeft">
                        <span>{v}</span>
                      </Tooltip>
                    </>
                  ),
                },
              ]),
          {
            title: '部位 / 隐患描述',
            dataIndex: 'description',
            ellipsis: { showTitle: false },
            render: (v: string, r: HazardListItem) => (
              <Tooltip title={`${r.place}：${v}`} placement="topLeft">
                <span>
                  <b style={{ fontWeight: 500 }}>{r.place}</b>：{v}
                </span>
              </Tooltip>
            ),
          },
          { title: '等级', dataIndex: 'grade', width: 56, render: (v: string) => <GradeTag grade={v} /> },
          { title: '状态', dataIndex: 'status', width: 136, render: (_: unknown, r: HazardListItem) => <HazardFlags h={r} /> },
          ...(isEnterprise
            ? []
            : [
                { title: '属地', dataIndex: 'regionName', width: 88, ellipsis: { showTitle: true } },
                { title: '行业', dataIndex: 'sectorName', width: 96, ellipsis: { showTitle: true }, responsive: ['xxl' as const] },
              ]),
          { title: '来源', dataIndex: 'source', width: 84, responsive: ['xxl' as const], render: (v: keyof typeof HAZARD_SOURCE_LABELS) => HAZARD_SOURCE_LABELS[v] },
          { title: '发现时间', dataIndex: 'foundAt', width: 136, sorter: true, sortOrder: filters.sort === 'foundAt' ? 'ascend' : !filters.sort || filters.sort === '-foundAt' ? 'descend' : null, render: fmtTime },
          { title: '整改期限', dataIndex: 'deadline', width: 104, sorter: true, sortOrder: filters.sort === 'deadline' ? 'ascend' : filters.sort === '-deadline' ? 'descend' : null, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}
