import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Space, Statistic, Table, Typography } from 'antd';
import { api, type PageResult } from '../../lib/api';
import type { EnterpriseView } from '../../../shared/contracts/org';
import type { PlanView, RunSummary, Tally } from '../../../shared/contracts/checklist';
import { monthRange, pct, RunStatusTag } from './checklistUi';
import { PlanTable } from './SelfInspectionPage';

/** Enterprise detail tab: the enterprise's self-inspection plans, runs and this month's tallies. */
export default function EnterpriseSelfInspectionTab({ enterprise }: { enterprise: EnterpriseView }) {
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const month = monthRange();
  const plans = useQuery({ queryKey: ['self-plans', enterprise.id], queryFn: () => api.get<PlanView[]>('/api/self-inspection/plans', { enterpriseId: enterprise.id }) });
  const tally = useQuery({ queryKey: ['self-tally', enterprise.id, month], queryFn: () => api.get<Tally>('/api/self-inspection/tally', { ...month, enterpriseId: enterprise.id }) });
  const runs = useQuery({ queryKey: ['self-runs', enterprise.id, page], queryFn: () => api.get<PageResult<RunSummary>>('/api/self-inspection/runs', { enterpriseId: enterprise.id, page, pageSize: 10 }) });
  const t = tally.data;
  return (
    <div>
      {t && (
        <Space size="large" wrap style={{ marginBottom: 12 }}>
          <Statistic title="本月自查（已查/应查）" value={`${t.done}/${t.due}`} />
          <Statistic title="完成率" value={pct(t.rate)} valueStyle={{ color: t.rate < 0.9 ? '#cf1322' : '#389e0d' }} />
          <Statistic title="逾期未查" value={t.missed} />
          <Statistic title="自改（立查立改+整改销号）" value={t.fixed} />
          <Statistic title="自报隐患（重大）" value={`${t.reported}（${t.reportedMajor}）`} />
        </Space>
      )}
      <Typography.Title level={5}>自查计划</Typography.Title>
      <PlanTable plans={plans.data ?? []} loading={plans.isLoading} readOnly />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        自查记录
      </Typography.Title>
      <Table<RunSummary>
        size="small"
        rowKey="id"
        loading={runs.isLoading}
        dataSource={runs.data?.items}
        scroll={{ x: 760 }}
        pagination={{ current: page, pageSize: 10, total: runs.data?.total, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: '周期', dataIndex: 'periodLabel', width: 190, render: (v: string, r) => (r.status === 'missed' ? v : <a onClick={() => navigate(`/self-inspection/runs/${r.id}`)}>{v}</a>) },
          { title: '计划', dataIndex: 'planName' },
          { title: '清单版本', width: 90, render: (_: unknown, r) => `第 ${r.version} 版` },
          { title: '状态', dataIndex: 'status', width: 90, render: (s) => <RunStatusTag status={s} /> },
          { title: '合格/不合格/不适用', width: 140, render: (_: unknown, r) => (r.status === 'submitted' ? `${r.passCount}/${r.failCount}/${r.naCount}` : '—') },
          { title: '上报隐患', dataIndex: 'hazardCount', width: 80 },
          { title: '提交时间', dataIndex: 'submittedAt', width: 160, render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN') : '—') },
        ]}
      />
    </div>
  );
}
