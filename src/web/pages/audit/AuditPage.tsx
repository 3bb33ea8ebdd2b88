import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Input, Table, Tag } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type PageResult } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { ACTION_LABELS, DiffView, type AuditItem } from '../../components/AuditHistory';

/** The audit log: who did what, when, from where; and the SM3 chain check for admins. */
export default function AuditPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<{ actor?: string; action?: string; entity?: string; from?: string; to?: string }>({});
  const [page, setPage] = useState(1);
  const [verify, setVerify] = useState<{ ok: boolean; rows: number; broken?: { id: number | null; lane: number; seq: number; reason: string } } | null>(null);
  const [verifying, setVerifying] = useState(false);
  const { data, isFetching } = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: () => api.get<PageResult<AuditItem>>('/api/audit', { ...filters, page, pageSize: 30 }),
    placeholderData: keepPreviousData,
  });
  const set = (p: typeof filters) => {
    setFilters({ ...filters, ...p });
    setPage(1);
  };
  return (
    <Card
      title="审计日志"
      extra={
        can('system.read') && (
          <Button
            icon={<SafetyOutlined />}
            loading={verifying}
            onClick={async () => {
              setVerifying(true);
              try {
                setVerify(await api.post('/api/audit/verify'));
              } catch (e) {
                message.error((e as Error).message);
              } finally {
                setVerifying(false);
              }
            }}
          >
            校验哈希链
          </Button>
        )
      }
    >
      {verify && (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          type={verify.ok ? 'success' : 'error'}
          message={verify.ok ? `审计链完整：${verify.rows} 条记录全部通过 SM3 校验` : `审计链被破坏：第一条异常记录 id=${verify.broken?.id}（链 ${verify.broken?.lane}，序号 ${verify.broken?.seq}）：${verify.broken?.reason}`}
        />
      )}
      <div className="page-toolbar">
        <Input.Search allowClear placeholder="操作人用户名" onSearch={(v) => set({ actor: v || undefined })} style={{ width: 180 }} />
        <Input.Search allowClear placeholder="操作（如 enterprise）" onSearch={(v) => set({ action: v || undefined })} style={{ width: 200 }} />
        <DatePicker.RangePicker
          onChange={(r) => set({ from: r?.[0] ? (r[0] as Dayjs).format('YYYY-MM-DD') : undefined, to: r?.[1] ? (r[1] as Dayjs).format('YYYY-MM-DD') : undefined })}
        />
      </div>
      <Table<AuditItem>
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data?.items}
        expandable={{ expandedRowRender: (r) => <DiffView before={r.before} after={r.after} />, rowExpandable: (r) => !!(r.before || r.after) }}
        pagination={{ current: page, pageSize: 30, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 条` }}
        columns={[
          { title: '编号', dataIndex: 'id', width: 80 },
          { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
          { title: '操作人', dataIndex: 'actorUsername', width: 120 },
          { title: '操作', dataIndex: 'action', width: 160, render: (v: string) => <Tag>{ACTION_LABELS[v] ?? v}</Tag> },
          { title: '对象', dataIndex: 'entity', width: 110 },
          { title: '对象编号', dataIndex: 'entityId', ellipsis: true },
          { title: '属地', dataIndex: 'regionCode', width: 100 },
          { title: '来源 IP', dataIndex: 'ip', width: 120 },
        ]}
      />
    </Card>
  );
}
