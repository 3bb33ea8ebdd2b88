import { useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Card, InputNumber, Progress, Space, Table, Tag, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import { PLAN_STATUS_LABELS, type PlanStatus } from '../../../shared/inspection/rules';

const STATUS_COLORS: Record<PlanStatus | 'none', string> = { none: 'default', draft: 'processing', submitted: 'gold', accepted: 'success', returned: 'error' };
export function PlanStatusTag({ value }: { value: PlanStatus | 'none' }) {
  return <Tag color={STATUS_COLORS[value]}>{PLAN_STATUS_LABELS[value]}</Tag>;
}

const pct = (a: number, b: number) => (b > 0 ? Math.min(100, Math.round((100 * a) / b)) : 0);

/**
 * 执法计划: the district view (the office: every department's annual plan with progress against it,
 * due to date, and A/B coverage; 月度 done vs planned) and a department's own plan (derive it).
 */
export default function PlansPage() {
  const navigate = useNavigate();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [year, setYear] = useState<number | undefined>(undefined);
  const { data, isFetching } = useApiQuery(inspectionApi.plans, { query: year ? { year } : {} });
  const create = useApiMutation(inspectionApi.createPlan, { invalidates: ['inspection'] });
  const y = data?.year;
  const mine = can('inspection.plan') && data?.items.length === 1 && data.items[0].status === 'none';
  return (
    <Card
      title="执法计划"
      extra={
        <Space>
          <InputNumber aria-label="年度" value={y} min={2000} max={2100} onChange={(v) => setYear(v ?? undefined)} addonAfter="年" style={{ width: 130 }} />
          {mine && y && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              loading={create.isPending}
              onClick={async () => {
                try {
                  const p = await create.mutateAsync({ body: { year: y } });
                  message.success('已按分类分级测算生成计划，请核对月度安排');
                  navigate(`/inspection/plans/${p.id}`);
                } catch (e) {
                  message.error((e as Error).message);
                }
              }}
            >
              按分类分级编制 {y} 年计划
            </Button>
          )}
        </Space>
      }
    >
      <Table
        rowKey="unitId"
        loading={isFetching}
        dataSource={data?.items}
        pagination={false}
        onRow={(r) => ({ onClick: () => r.id && navigate(`/inspection/plans/${r.id}`), style: { cursor: r.id ? 'pointer' : 'default' } })}
        expandable={{
          expandedRowRender: (r) => (
            <Space wrap size={[16, 8]}>
              {r.months.map((m) => (
                <div key={m.month} style={{ width: 92 }}>
                  <div style={{ fontSize: 12, color: '#64748b' }}>
                    {m.month}月 {m.done}/{m.planned}
                  </div>
                  <Progress percent={pct(m.done, m.planned)} size="small" showInfo={false} status={m.planned && m.done >= m.planned ? 'success' : 'normal'} />
                </div>
              ))}
            </Space>
          ),
          rowExpandable: (r) => r.status !== 'none',
        }}
        columns={[
          { title: '部门', dataIndex: 'unitName', ellipsis: true },
          { title: '计划状态', dataIndex: 'status', width: 100, render: (v: PlanStatus | 'none') => <PlanStatusTag value={v} /> },
          {
            title: '全年计划（重点 / 双随机）',
            width: 180,
            render: (_: unknown, r) => (r.status === 'none' ? <span style={{ color: '#94a3b8' }}>应检查 {r.required} 次</span> : `${r.scheduled + r.random} 次（${r.scheduled} / ${r.random}）`),
          },
          {
            title: '完成进度',
            width: 220,
            render: (_: unknown, r) => (
              <Tooltip title={`已完成 ${r.progress.done} 次（重点检查 ${r.progress.doneScheduled}，双随机 ${r.progress.doneRandom}），截至本月应完成 ${r.progress.dueToDate} 次`}>
                <Progress percent={pct(r.progress.done, r.progress.planned || r.required)} size="small" status={r.progress.done < r.progress.dueToDate ? 'exception' : 'normal'} format={() => `${r.progress.done}/${r.progress.planned || r.required}`} />
              </Tooltip>
            ),
          },
          { title: '截至本月应完成', width: 120, render: (_: unknown, r) => r.progress.dueToDate },
          {
            title: 'A、B 类企业覆盖',
            width: 170,
            render: (_: unknown, r) => <Progress percent={pct(r.progress.abCovered, r.progress.abTotal)} size="small" format={() => `${r.progress.abCovered}/${r.progress.abTotal}`} />,
          },
        ]}
      />
    </Card>
  );
}
