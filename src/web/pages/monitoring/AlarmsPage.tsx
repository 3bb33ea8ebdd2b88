import { useUrlFilters } from '../../lib/urlFilters';
import { useNavigate } from 'react-router';
import { useEffect, useRef } from 'react';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Select, Space, Table, Tooltip, Typography } from 'antd';
import { keyOf, useApiQuery } from '../../lib/client';
import { monitoringApi } from '../../../shared/contracts/monitoring.api';
import { ALARM_STATUSES, ALARM_STATUS_LABELS, type AlarmQuery, type AlarmView } from '../../../shared/contracts/monitoring';
import { ALARM_TYPES, ALARM_TYPE_LABELS, SEVERITY_LABELS } from '../../../shared/monitoring/rules';
import { AlarmStateTag, ESCALATION_TEXT, fmt, SeverityTag } from './monitoringUi';
import { useMonitoringStream } from './useMonitoringStream';

/** 报警记录: filters in the address bar, server-side paging; re-read when the live stream tells of a change (polls only while it is down). */
export default function AlarmsPage() {
  const navigate = useNavigate();
  const { set, get } = useUrlFilters();
  const query = { status: get('status') ?? 'open', severity: get('severity'), type: get('type'), enterpriseId: get('enterpriseId'), deviceId: get('deviceId'), page: Number(get('page') ?? 1), pageSize: Number(get('pageSize') ?? 20) } as Partial<AlarmQuery>;
  const qc = useQueryClient();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (pending.current && clearTimeout(pending.current)), []);
  // An alarm changed somewhere in scope: re-read the page shown (filters and paging stay server-side).
  const reload = () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      void qc.invalidateQueries({ queryKey: keyOf(monitoringApi.listAlarms) });
    }, 300);
  };
  const { live } = useMonitoringStream({ values: false }, { onAlarm: reload, onReady: reload });
  const { data, isFetching, error } = useApiQuery(monitoringApi.listAlarms, { query }, { placeholderData: keepPreviousData, refetchInterval: live ? false : 10_000 });
  return (
    <Card title="报警记录" extra={<a onClick={() => navigate('/monitoring')}>返回监测一张图</a>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select style={{ width: 120 }} value={query.status} onChange={(v) => set({ status: v })} options={ALARM_STATUSES.map((s) => ({ value: s, label: ALARM_STATUS_LABELS[s] }))} aria-label="状态" />
        <Select allowClear placeholder="等级" style={{ width: 130 }} value={query.severity ? String(query.severity) : undefined} onChange={(v) => set({ severity: v })} options={[1, 2, 3, 4].map((s) => ({ value: String(s), label: SEVERITY_LABELS[s as 1] }))} aria-label="等级" />
        <Select allowClear placeholder="类型" style={{ width: 130 }} value={query.type} onChange={(v) => set({ type: v })} options={ALARM_TYPES.map((t) => ({ value: t, label: ALARM_TYPE_LABELS[t] }))} aria-label="类型" />
      </Space>
      {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 12 }} />}
      <Table<AlarmView>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onRow={(a) => ({ onClick: () => navigate(`/monitoring/alarms/${a.id}`), style: { cursor: 'pointer' } })}
        pagination={{ current: data?.page ?? 1, pageSize: data?.pageSize ?? 20, total: data?.total ?? 0, showTotal: (n) => `共 ${n} 条`, onChange: (page, pageSize) => set({ page, pageSize }) }}
        columns={[
          { title: '等级', dataIndex: 'severity', width: 100, render: (s: number) => <SeverityTag severity={s} /> },
          { title: '类型', dataIndex: 'type', width: 100, render: (t: AlarmView['type']) => ALARM_TYPE_LABELS[t] },
          {
            title: '企业 / 设备 / 测点',
            ellipsis: { showTitle: false },
            render: (_: unknown, a) => {
              const text = `${a.enterpriseName} / ${a.deviceName}${a.sensorName ? ` / ${a.sensorName}` : ''}`;
              return <Tooltip title={text}>{text}</Tooltip>;
            },
          },
          { title: '内容', dataIndex: 'message', ellipsis: { showTitle: false }, render: (m: string) => <Tooltip title={m}>{m}</Tooltip> },
          { title: '次数', dataIndex: 'count', width: 70 },
          { title: '首次', dataIndex: 'raisedAt', width: 150, render: fmt },
          { title: '状态', width: 150, render: (_: unknown, a) => <AlarmStateTag a={a} /> },
          { title: '上报至', dataIndex: 'escalationLevel', width: 110, render: (l: number) => <Typography.Text type={l > 0 ? 'danger' : undefined}>{ESCALATION_TEXT[l]}</Typography.Text> },
        ]}
      />
    </Card>
  );
}
