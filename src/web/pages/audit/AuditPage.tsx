import { useMemo, useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Input, Select, Table, Tag, Tooltip } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { auditApi } from '../../../shared/contracts/platform.api';
import { orgApi } from '../../../shared/contracts/org.api';
import type { AuditListItem } from '../../../shared/contracts/endpoint';
import { formatDateTime } from '../../../shared/time';
import { ACTION_LABELS, DiffView, ENTITY_LABELS, actionLabel, auditSubjects, entityLabel } from '../../components/AuditHistory';

type Filters = { actor?: string; action?: string; entity?: string; from?: string; to?: string };

/** The audit log: who did what to which record, when, from where; and the SM3 chain check for admins. */
export default function AuditPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const { data, isFetching } = useApiQuery(auditApi.list, { query: { ...filters, page, pageSize: 30 } }, { placeholderData: keepPreviousData });
  const tree = useApiQuery(orgApi.tree, {}, { staleTime: 10 * 60_000 });
  const regionName = useMemo(() => new Map((tree.data?.regions ?? []).map((r) => [r.code, r.name])), [tree.data]);
  const subjects = useMemo(() => auditSubjects(data?.items ?? []), [data]);
  const verify = useApiMutation(auditApi.verify, { onError: (e) => message.error(e.message) });
  const set = (p: Filters) => {
    setFilters({ ...filters, ...p });
    setPage(1);
  };
  const actionOptions = Object.entries(ACTION_LABELS)
    .filter(([k]) => !filters.entity || k.startsWith(`${filters.entity}.`))
    .map(([value, label]) => ({ value, label }));
  const v = verify.data;
  return (
    <Card
      title="审计日志"
      extra={
        can('system.read') && (
          <Button icon={<SafetyOutlined />} loading={verify.isPending} onClick={() => verify.mutate({ body: {} })}>
            校验哈希链
          </Button>
        )
      }
    >
      {v && (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          type={v.ok ? 'success' : 'error'}
          message={v.ok ? `审计链完整：${v.rows} 条记录全部通过 SM3 校验` : `审计链被破坏：第一条异常记录 ${v.broken?.id ?? '—'}（链 ${v.broken?.lane}，序号 ${v.broken?.seq}）：${v.broken?.reason}`}
        />
      )}
      <div className="page-toolbar">
        <Input.Search allowClear placeholder="操作人用户名" onSearch={(x) => set({ actor: x || undefined })} style={{ width: 180 }} />
        <Select
          allowClear
          placeholder="对象类型"
          style={{ width: 150 }}
          value={filters.entity}
          options={Object.entries(ENTITY_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(x?: string) => set({ entity: x, action: undefined })}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="操作类型"
          style={{ width: 200 }}
          value={filters.action}
          options={actionOptions}
          onChange={(x?: string) => set({ action: x })}
        />
        <DatePicker.RangePicker
          onChange={(r) => set({ from: r?.[0] ? (r[0] as Dayjs).format('YYYY-MM-DD') : undefined, to: r?.[1] ? (r[1] as Dayjs).format('YYYY-MM-DD') : undefined })}
        />
      </div>
      <Table<AuditListItem>
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data?.items}
        tableLayout="fixed"
        expandable={{ expandedRowRender: (r) => <DiffView before={r.before} after={r.after} />, rowExpandable: (r) => !!(r.before || r.after) }}
        pagination={{ current: page, pageSize: 30, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 条` }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 140, render: (x: string) => formatDateTime(x) },
          { title: '操作人', dataIndex: 'actorUsername', width: 110, ellipsis: true },
          { title: '操作', dataIndex: 'action', width: 170, ellipsis: { showTitle: false }, render: (x: string) => <Tooltip title={actionLabel(x)}><Tag>{actionLabel(x)}</Tag></Tooltip> },
          { title: '对象类型', dataIndex: 'entity', width: 100, render: (x: string) => entityLabel(x) },
          {
            title: '对象',
            key: 'subject',
            ellipsis: { showTitle: false },
            render: (_: unknown, r) => {
              const s = subjects.get(r.id) ?? '—';
              return <Tooltip title={s}>{s}</Tooltip>;
            },
          },
          { title: '属地', dataIndex: 'regionCode', width: 130, ellipsis: true, render: (x: string | null) => (x ? (regionName.get(x) ?? '本区') : '—') },
          { title: '来源 IP', dataIndex: 'ip', width: 120, responsive: ['xl'], render: (x: string | null) => x ?? '—' },
        ]}
      />
    </Card>
  );
}
