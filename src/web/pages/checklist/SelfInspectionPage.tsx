import { useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Card, Col, DatePicker, Empty, Form, type FormInstance, Input, Modal, Popconfirm, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { CheckCircleOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, useApiMutation, useApiQuery } from '../../lib/client';
import { checklistApi } from '../../../shared/contracts/checklist.api';
import { formatRate, rateColour } from '../../../shared/checklist/rates';
import { useMe } from '../../lib/auth';
import { applyServerErrors } from '../../components/forms';
import { CYCLE_LABELS } from '../../../shared/checklist/cycle';
import type { PlanCreate, PlanView, RunSummary } from '../../../shared/contracts/checklist';
import { monthRange, RunStatusTag } from './checklistUi';

/** Today's (this week's, this month's) self-inspections of the enterprise, its plans, history and tallies. */
export default function SelfInspectionPage() {
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const month = monthRange();
  const plans = useApiQuery(checklistApi.listPlans, {});
  const tally = useApiQuery(checklistApi.tally, { query: month });
  const [page, setPage] = useState(1);
  const runs = useApiQuery(checklistApi.listRuns, { query: { page, pageSize: 10 } });
  const start = useApiMutation(checklistApi.startRun, {
    onSuccess: (r) => navigate(`/self-inspection/runs/${r.id}`),
    onError: (e) => message.error(e instanceof ApiError ? e.message : '无法开始'),
  });
  const active = (plans.data ?? []).filter((p) => p.active && p.current);

  return (
    <div style={{ maxWidth: 1100 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        隐患自查
      </Typography.Title>
      <Card size="small" title="本期待办" style={{ marginBottom: 12 }} data-testid="due-list">
        {active.length === 0 && <Empty description="没有进行中的自查计划" />}
        <Space direction="vertical" style={{ width: '100%' }}>
          {active.map((p) => {
            const c = p.current!;
            const done = c.status === 'submitted';
            return (
              <div key={p.id} style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '8px 0', borderBottom: '1px solid #f0f0f0', flexWrap: 'wrap' }}>
                <div style={{ flex: 1, minWidth: 180 }}>
                  <div style={{ fontWeight: 600 }}>
                    {p.name} <Tag>{CYCLE_LABELS[p.cycle]}</Tag>
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {p.templateName} · {c.label} · 负责人 {p.responsibleName}
                  </Typography.Text>
                </div>
                <RunStatusTag status={c.status} />
                {c.status === 'in_progress' && (
                  <Typography.Text type="secondary">
                    {c.answered}/{c.total}
                  </Typography.Text>
                )}
                {done ? (
                  <Button icon={<CheckCircleOutlined />} onClick={() => navigate(`/self-inspection/runs/${c.runId}`)}>
                    查看
                  </Button>
                ) : c.status === 'missed' ? null : (
                  <Button type="primary" size="large" loading={start.isPending && start.variables?.params.id === p.id} onClick={() => start.mutate({ params: { id: p.id } })}>
                    {c.status === 'in_progress' ? '继续检查' : '开始检查'} <RightOutlined />
                  </Button>
                )}
              </div>
            );
          })}
        </Space>
      </Card>
      {tally.data && (
        <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="本月自查（已查/应查）" value={`${tally.data.done}/${tally.data.due}`} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="完成率" value={formatRate(tally.data.rate)} valueStyle={{ color: rateColour(tally.data.rate) }} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="自改（立查立改+整改销号）" value={tally.data.fixed} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="自报隐患（其中重大）" value={`${tally.data.reported}（${tally.data.reportedMajor}）`} />
            </Card>
          </Col>
        </Row>
      )}
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'runs',
              label: '自查记录',
              children: (
                <Table<RunSummary>
                  size="small"
                  rowKey="id"
                  loading={runs.isLoading}
                  dataSource={runs.data?.items}
                  tableLayout="fixed"
                  pagination={{ current: page, pageSize: 10, total: runs.data?.total, onChange: setPage, showSizeChanger: false }}
                  onRow={(r) => ({ onClick: () => r.status !== 'missed' && navigate(`/self-inspection/runs/${r.id}`), style: { cursor: r.status === 'missed' ? 'default' : 'pointer' } })}
                  columns={[
                    { title: '周期', dataIndex: 'periodLabel', width: 170, ellipsis: { showTitle: true } },
                    { title: '计划', dataIndex: 'planName', ellipsis: { showTitle: true } },
                    { title: '状态', dataIndex: 'status', width: 90, render: (s) => <RunStatusTag status={s} /> },
                    { title: '合格/不合格/不适用', width: 140, render: (_: unknown, r) => (r.status === 'submitted' ? `${r.passCount}/${r.failCount}/${r.naCount}` : '—') },
                    { title: '上报隐患', dataIndex: 'hazardCount', width: 80 },
                    { title: '检查人', dataIndex: 'inspectorName', width: 100, ellipsis: { showTitle: true }, render: (v: string | null) => v ?? '—' },
                  ]}
                />
              ),
            },
            {
              key: 'plans',
              label: '自查计划',
              children: <PlanTable plans={plans.data ?? []} loading={plans.isLoading} onNew={() => setCreating(true)} />,
            },
          ]}
        />
      </Card>
      <NewPlanModal
        open={creating}
        enterpriseId={me.enterpriseId!}
        form={form}
        onClose={() => setCreating(false)}
        onCreated={() => setCreating(false)}
      />
    </div>
  );
}

export function PlanTable({ plans, loading, onNew, readOnly }: { plans: PlanView[]; loading: boolean; onNew?: () => void; readOnly?: boolean }) {
  const { message } = App.useApp();
  const stop = useApiMutation(checklistApi.updatePlan, {
    invalidates: [checklistApi.listPlans],
    onError: (e) => message.error(e instanceof ApiError ? e.message : '操作失败'),
  });
  return (
    <>
      {onNew && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={onNew}>
          新建计划
        </Button>
      )}
      <Table<PlanView>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={plans}
        pagination={false}
        tableLayout="fixed"
        columns={[
          { title: '计划', dataIndex: 'name', ellipsis: { showTitle: true }, render: (v: string, r) => (r.active ? v : <Typography.Text delete>{v}</Typography.Text>) },
          { title: '检查清单', dataIndex: 'templateName', ellipsis: true },
          { title: '周期', dataIndex: 'cycle', width: 70, render: (c: PlanView['cycle']) => CYCLE_LABELS[c] },
          { title: '检查类别', dataIndex: 'categories', ellipsis: { showTitle: true }, render: (c: string[]) => (c.length ? c.join('、') : '全部') },
          { title: '负责人', dataIndex: 'responsibleName', width: 90 },
          { title: '起止', width: 190, render: (_: unknown, r) => `${r.startDate} 至 ${r.endDate ?? '—'}` },
          ...(readOnly
            ? []
            : [
                {
                  title: '',
                  key: 'ops',
                  width: 70,
                  render: (_: unknown, r: PlanView) =>
                    r.active && (
                      <Popconfirm title="停用后不再计入应查，确定停用？" onConfirm={() => stop.mutate({ params: { id: r.id }, body: { active: false, version: r.version } })}>
                        <Button size="small" type="link" danger>
                          停用
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]),
        ]}
      />
    </>
  );
}

export function NewPlanModal({ open, enterpriseId, form, onClose, onCreated }: { open: boolean; enterpriseId: string; form: FormInstance; onClose: () => void; onCreated: () => void }) {
  const { message } = App.useApp();
  const templates = useApiQuery(checklistApi.listTemplates, open ? {} : null);
  const templateId = Form.useWatch('templateId', form) as string | undefined;
  const current = templates.data?.find((t) => t.id === templateId)?.currentVersionId;
  const version = useApiQuery(checklistApi.getVersion, current ? { params: { id: current } } : null);
  const categories = [...new Set((version.data?.items ?? []).map((i) => i.category))];
  const create = useApiMutation(checklistApi.createPlan, {
    invalidates: [checklistApi.listPlans],
    onSuccess: () => {
      form.resetFields();
      onCreated();
    },
    onError: (e) => applyServerErrors(form, e, message),
  });
  return (
    <Modal title="新建自查计划" open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ cycle: 'daily', startDate: dayjs() }}
        onFinish={(v: Omit<PlanCreate, 'enterpriseId' | 'startDate'> & { startDate?: dayjs.Dayjs }) => create.mutate({ body: { ...v, enterpriseId, categories: v.categories ?? [], startDate: v.startDate?.format('YYYY-MM-DD') } })}
      >
        <Form.Item name="templateId" label="检查清单" rules={[{ required: true, message: '请选择检查清单' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(templates.data ?? []).filter((t) => t.currentVersionId).map((t) => ({ value: t.id, label: `${t.name}（${t.sectorName}）` }))}
            onChange={() => form.setFieldValue('categories', [])}
          />
        </Form.Item>
        <Form.Item name="categories" label="检查类别" extra="不选则检查清单全部检查项；日常巡查建议只选现场类别。">
          <Select mode="multiple" options={categories.map((c) => ({ value: c, label: c }))} disabled={!templateId} />
        </Form.Item>
        <Form.Item name="name" label="计划名称" rules={[{ required: true, min: 2, message: '请填写计划名称' }]}>
          <Input placeholder="如：每日安全巡查" maxLength={100} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="cycle" label="周期" rules={[{ required: true }]} style={{ width: '40%' }}>
            <Select options={Object.entries(CYCLE_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="startDate" label="开始日期" style={{ width: '60%' }}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="responsibleName" label="负责人" rules={[{ required: true, message: '请填写负责人' }]}>
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
