import { useUrlFilters } from '../../lib/urlFilters';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Input, Select, Space, Table, Tooltip, Typography } from 'antd';
import { BarChartOutlined, DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { download, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { useOrg } from '../../lib/reference';
import type { ReportListItem, ReportQuery } from '../../../shared/contracts/report';
import { reportApi } from '../../../shared/contracts/report.api';
import { REPORT_CATEGORIES, REPORT_STATUS_LABELS, REPORT_STATUSES } from '../../../shared/report/categories';
import { formatDateTime } from '../../../shared/time';
import { ReportFlags } from './reportUi';

const KEYS = ['q', 'status', 'category', 'regionCode', 'overdue', 'from', 'to'] as const;

/** 举报台账: filters in the address bar, server-side paging; no reporter identity anywhere. */
export default function ReportListPage() {
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const { data: org } = useOrg();
  const { params, set } = useUrlFilters();
  const filters = useMemo(() => Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? undefined])) as Record<(typeof KEYS)[number], string | undefined>, [params]);
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const query = { ...filters, page, pageSize } as Partial<ReportQuery>;
  const { data, isFetching } = useApiQuery(reportApi.list, { query }, { placeholderData: keepPreviousData });
  const regions = (org?.regions ?? []).filter((r) => r.kind === 'street' && (me?.scope.kind !== 'region' || r.code.startsWith(me.scope.prefix ?? '')));
  return (
    <Card
      title="12350 举报受理台账"
      extra={
        <Space>
          {can('report.stats') && (
            <Button icon={<BarChartOutlined />} onClick={() => navigate('/reports/stats')}>
              统计分析
            </Button>
          )}
          {can('report.manage') && (
            <Button icon={<SettingOutlined />} onClick={() => navigate('/reports/settings')}>
              设置
            </Button>
          )}
          {can('report.export') && (
            <Button icon={<DownloadOutlined />} onClick={() => download(reportApi.export, { query }).catch((e: Error) => message.error(e.message))}>
              导出
            </Button>
          )}
        </Space>
      }
    >
      <div className="page-toolbar">
        <Input.Search allowClear placeholder="编号、内容、地址或被举报单位" defaultValue={filters.q} onSearch={(v) => set({ q: v.trim() || undefined })} style={{ width: 240 }} aria-label="搜索举报" />
        <Select allowClear placeholder="状态" style={{ width: 150 }} value={filters.status} onChange={(v) => set({ status: v })} options={[{ value: 'open', label: '未办结（全部）' }, ...REPORT_STATUSES.map((s) => ({ value: s, label: REPORT_STATUS_LABELS[s] }))]} aria-label="状态" />
        <Select allowClear placeholder="类别" style={{ width: 150 }} value={filters.category} onChange={(v) => set({ category: v })} options={REPORT_CATEGORIES.map((c) => ({ value: c.code, label: c.name }))} aria-label="类别" />
        {me?.scope.kind !== 'enterprise' && <Select allowClear showSearch optionFilterProp="label" placeholder="属地" style={{ width: 140 }} value={filters.regionCode} onChange={(v) => set({ regionCode: v })} options={regions.map((r) => ({ value: r.code, label: r.name }))} aria-label="属地" />}
        <Select allowClear placeholder="超期" style={{ width: 110 }} value={filters.overdue} onChange={(v) => set({ overdue: v })} options={[{ value: 'any', label: '全部超期' }, { value: 'ack', label: '受理超期' }, { value: 'reply', label: '答复超期' }]} aria-label="超期" />
        <DatePicker.RangePicker
          style={{ width: 240 }}
          value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
          onChange={(v) => set({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
          aria-label="举报日期"
        />
      </div>
      <Table<ReportListItem>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onRow={(r) => ({ onClick: () => navigate(`/reports/${r.id}`), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize, total: data?.total ?? 0, showTotal: (n) => `共 ${n} 件`, onChange: (p, s) => set({ page: p, pageSize: s }) }}
        columns={[
          { title: '受理编号', dataIndex: 'caseNo', width: 140 },
          { title: '举报时间', dataIndex: 'submittedAt', width: 140, render: (v: string) => formatDateTime(v) },
          { title: '类别', dataIndex: 'categoryName', width: 130, ellipsis: true },
          {
            title: '举报内容',
            dataIndex: 'summary',
            ellipsis: { showTitle: false },
            render: (v: string) => (
              <Tooltip title={v} placement="topLeft">
                {v}
              </Tooltip>
            ),
          },
          { title: '属地', dataIndex: 'streetName', width: 120, ellipsis: true },
          { title: '承办单位', dataIndex: 'departmentName', width: 110, ellipsis: true },
          { title: '状态', key: 'flags', width: 210, render: (_: unknown, r) => <ReportFlags r={r} /> },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
        举报人身份依法保密：台账与导出均不含举报人信息，仅承办人可在详情页查看（每次查看记入审计）。
      </Typography.Paragraph>
    </Card>
  );
}
