import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Progress, Radio, Space, Table } from 'antd';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import type { TargetClass } from '../../../shared/inspection/rules';
import { ClassTag, fmtTime } from './inspectionUi';
import { PlanStatusTag } from './PlansPage';

type Month = { scheduled: number; random: number; note: string };

/** One department's annual plan: class lines, monthly breakdown (editable with reasons), progress, submit / review. */
export default function PlanDetailPage() {
  const { id } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const { data: p, isLoading } = useApiQuery(inspectionApi.plan, { params: { id: id! } });
  const update = useApiMutation(inspectionApi.updatePlan, { invalidates: ['inspection'] });
  const submit = useApiMutation(inspectionApi.submitPlan, { invalidates: ['inspection'] });
  const review = useApiMutation(inspectionApi.reviewPlan, { invalidates: ['inspection'] });
  const [months, setMonths] = useState<Month[]>([]);
  const [reviewing, setReviewing] = useState(false);
  const [form] = Form.useForm();
  useEffect(() => {
    if (p) setMonths(p.months.map((m) => ({ scheduled: m.scheduled, random: m.random, note: m.note })));
  }, [p]);
  if (isLoading || !p) return <Card loading />;
  const editable = p.editable && can('inspection.plan');
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      return true;
    } catch (e) {
      message.error((e as Error).message);
      return false;
    }
  };
  const set = (i: number, patch: Partial<Month>) => setMonths(months.map((m, k) => (k === i ? { ...m, ...patch } : m)));
  const sum = (k: 'scheduled' | 'random') => months.reduce((s, m) => s + m[k], 0);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title={`${p.unitName} ${p.year} 年度执法计划`}
        extra={
          <Space>
            <PlanStatusTag value={p.status} />
            {editable && (
              <Button type="primary" loading={submit.isPending} onClick={() => run(() => submit.mutateAsync({ params: { id: p.id } }), '已报送区安委办')}>
                报送
              </Button>
            )}
            {p.status === 'submitted' && can('inspection.plan_review') && (
              <Button type="primary" onClick={() => setReviewing(true)}>
                审定 / 退回
              </Button>
            )}
          </Space>
        }
      >
        {p.status === 'returned' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`已退回：${p.reviewOpinion ?? ''}（${p.reviewedByName ?? ''}）`} />}
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="全年计划">{`${p.scheduled + p.random} 次（重点检查 ${p.scheduled}，双随机 ${p.random}）`}</Descriptions.Item>
          <Descriptions.Item label="按当前名录测算">{`重点检查 ${p.proposal.scheduled}，双随机 ${p.proposal.random}`}</Descriptions.Item>
          <Descriptions.Item label="截至本月应完成">{p.progress.dueToDate} 次</Descriptions.Item>
          <Descriptions.Item label="已完成">{`${p.progress.done} 次（重点检查 ${p.progress.doneScheduled}，双随机 ${p.progress.doneRandom}）`}</Descriptions.Item>
          <Descriptions.Item label="A、B 类企业覆盖">{`${p.progress.abCovered} / ${p.progress.abTotal} 家`}</Descriptions.Item>
          <Descriptions.Item label="A 类全年检查满 2 次">{`${p.progress.aFull} / ${p.progress.aTotal} 家`}</Descriptions.Item>
          <Descriptions.Item label="编制人">{p.createdByName}</Descriptions.Item>
          <Descriptions.Item label="报送时间">{fmtTime(p.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label="审定意见">{p.reviewOpinion ? `${p.reviewOpinion}（${p.reviewedByName}）` : '—'}</Descriptions.Item>
        </Descriptions>
        {p.note && <div style={{ color: '#475569', marginTop: 8 }}>说明：{p.note}</div>}
        <Progress style={{ marginTop: 8 }} percent={p.progress.planned ? Math.min(100, Math.round((100 * p.progress.done) / p.progress.planned)) : 0} format={() => `${p.progress.done}/${p.progress.planned}`} />
      </Card>
      <Card title="按分类分级" size="small">
        <Table
          rowKey="targetClass"
          size="small"
          pagination={false}
          dataSource={p.classes}
          columns={[
            { title: '分类', dataIndex: 'targetClass', width: 160, render: (v: TargetClass) => <ClassTag value={v} /> },
            { title: '企业数', dataIndex: 'enterprises', width: 90 },
            { title: '每年频次', dataIndex: 'frequency', width: 90 },
            { title: '应检查', dataIndex: 'required', width: 90 },
            { title: '方式', dataIndex: 'share', width: 100, render: (v: string) => (v === 'scheduled' ? '重点检查' : '双随机抽查') },
            { title: '已检查', dataIndex: 'done', width: 90 },
            { title: '达到频次的企业', width: 140, render: (_: unknown, r) => `${r.covered} / ${r.enterprises}` },
          ]}
        />
      </Card>
      <Card
        title="月度安排"
        size="small"
        extra={
          editable && (
            <Button type="primary" loading={update.isPending} onClick={() => run(() => update.mutateAsync({ params: { id: p.id }, body: { months } }), '月度安排已保存')}>
              保存月度安排（重点 {sum('scheduled')}，双随机 {sum('random')}）
            </Button>
          )
        }
      >
        <Table
          rowKey="month"
          size="small"
          pagination={false}
          dataSource={p.months}
          columns={[
            { title: '月份', dataIndex: 'month', width: 70, render: (m: number) => `${m}月` },
            {
              title: '重点检查（计划 / 建议）',
              width: 190,
              render: (_: unknown, r, i) =>
                editable ? (
                  <Space size={4}>
                    <InputNumber aria-label={`${r.month}月重点检查`} min={0} size="small" value={months[i]?.scheduled} onChange={(v) => set(i, { scheduled: v ?? 0 })} style={{ width: 70 }} />
                    <span style={{ color: '#94a3b8' }}>/ {r.proposedScheduled}</span>
                  </Space>
                ) : (
                  `${r.scheduled} / ${r.proposedScheduled}`
                ),
            },
            {
              title: '双随机（计划 / 建议）',
              width: 190,
              render: (_: unknown, r, i) =>
                editable ? (
                  <Space size={4}>
                    <InputNumber aria-label={`${r.month}月双随机`} min={0} size="small" value={months[i]?.random} onChange={(v) => set(i, { random: v ?? 0 })} style={{ width: 70 }} />
                    <span style={{ color: '#94a3b8' }}>/ {r.proposedRandom}</span>
                  </Space>
                ) : (
                  `${r.random} / ${r.proposedRandom}`
                ),
            },
            {
              title: '已完成（重点 / 双随机）',
              width: 200,
              render: (_: unknown, r) => {
                const planned = r.scheduled + r.random;
                const done = r.doneScheduled + r.doneRandom;
                return <Progress size="small" percent={planned ? Math.min(100, Math.round((100 * done) / planned)) : done ? 100 : 0} format={() => `${r.doneScheduled} / ${r.doneRandom}`} />;
              },
            },
            {
              title: '调整理由',
              render: (_: unknown, r, i) =>
                editable ? <Input size="small" aria-label={`${r.month}月调整理由`} placeholder="与建议不同时必填" value={months[i]?.note} onChange={(e) => set(i, { note: e.target.value })} /> : r.note || '—',
            },
          ]}
        />
      </Card>
      <Modal open={reviewing} title="审定执法计划" onCancel={() => setReviewing(false)} onOk={() => form.submit()} confirmLoading={review.isPending}>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ accepted: true }}
          onFinish={async (v) => {
            if (await run(() => review.mutateAsync({ params: { id: p.id }, body: v }), v.accepted ? '计划已审定' : '计划已退回')) setReviewing(false);
          }}
        >
          <Form.Item name="accepted" label="审定结论">
            <Radio.Group options={[{ value: true, label: '审定同意' }, { value: false, label: '退回修改' }]} />
          </Form.Item>
          <Form.Item name="opinion" label="意见" rules={[{ required: true, min: 2, message: '请填写意见' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
