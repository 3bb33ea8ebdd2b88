import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Space, Statistic, Table, Typography } from 'antd';
import { useApiQuery } from '../../lib/client';
import { checklistApi } from '../../../shared/contracts/checklist.api';
import { formatRate, rateColour } from '../../../shared/checklist/rates';
import { formatDateTime } from '../../../shared/time';
import type { EnterpriseView } from '../../../shared/contracts/org';
import type { RunSummary } from '../../../shared/contracts/checklist';
import { monthRange, RunStatusTag } from './checklistUi';
import { PlanTable } from './SelfInspectionPage';

/** Enterprise detail tab: the enterprise's self-inspection plans, runs and this month's tallies. */
export default function EnterpriseSelfInspectionTab({ enterprise }: { enterprise: EnterpriseView }) {
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const month = monthRange();
  const plans = useApiQuery(checklistApi.listPlans, { query: { enterpriseId: enterprise.id } });
  const tally = useApiQuery(checklistApi.tally, { query: { ...month, enterpriseId: enterprise.id } });
  const runs = useApiQuery(checklistApi.listRuns, { query: { enterpriseId: enterprise.id, page, pageSize: 10 } });
  const t = tally.data;
  return (
    <div>
      {t && (
        <Space size="large" wrap style={{ marginBottom: 12 }}>
          <Statistic title="本月自查（已查/应查）" value={`${t.done}/${t.due}`} />
          <Statistic title="完成率" value={formatRate(t.rate)} valueStyle={{ color: rateColour(t.rate) }} />
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
        tableLayout="fixed"
        pagination={{ current: page, pageSize: 10, total: runs.data?.total, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: '周期', dataIndex: 'periodLabel', width: 170, ellipsis: { showTitle: true }, render: (v: string, r) => (r.status === 'missed' ? v : <a onClick={() => navigate(`/self-inspection/runs/${r.id}`)}>{v}</a>) },
          { title: '计划', dataIndex: 'planName', ellipsis: { showTitle: true } },
          { title: '清单版本', width: 90, render: (_: unknown, r) => `第 ${r.version} 版` },
          { title: '状态', dataIndex: 'status', width: 90, render: (s) => <RunStatusTag status={s} /> },
          { title: '合格/不合格/不适用', width: 140, render: (_: unknown, r) => (r.status === 'submitted' ? `${r.passCount}/${r.failCount}/${r.naCount}` : '—') },
          { title: '上报隐患', dataIndex: 'hazardCount', width: 80 },
          { title: '提交时间', dataIndex: 'submittedAt', width: 150, render: (v: string | null) => (v ? formatDateTime(v) : '—') },
        ]}
      />
    </div>
  );
}
