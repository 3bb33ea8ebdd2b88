import { useMemo, useState } from 'react';
import { formatTarget, nodeLabel } from '../../../shared/campaign/nodes';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { call, invalidate, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { useOrg } from '../../lib/reference';
import { applyServerErrors } from '../../components/forms';
import { COMPARATOR_LABELS, COMPARATORS, MILESTONE_KIND_LABELS, MILESTONE_KINDS, NODE_KIND_LABELS, RECURRENCE_LABELS } from '../../../shared/contracts/campaign';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import type { CampaignTree as Tree, CampaignView, IndicatorView, TaskNodeView } from '../../../shared/contracts/campaign.views';
import type { BodyIn } from '../../../shared/contracts/endpoint';
import { ellipsis } from '../../../shared/text';

type Row = TaskNodeView & { children?: Row[] };

const KIND_COLORS: Record<string, string> = { section: 'purple', group: 'geekblue', task: 'blue', item: 'default' };

/** 任务分解表: the tree with lead/co units, 属地 duty and deadlines; the office edits it. */
export default function TreeTab({ campaign }: { campaign: CampaignView }) {
  const { can } = useAuth();
  const manage = can('campaign.manage') && campaign.status === 'active';
  const { data, isLoading } = useApiQuery(campaignApi.tree, { params: { id: campaign.id } });
  const [editing, setEditing] = useState<TaskNodeView | null>(null);
  const [adding, setAdding] = useState<{ parent: TaskNodeView | null } | null>(null);
  const [q, setQ] = useState('');
  const rows = useMemo(() => {
    const nodes = data?.nodes ?? [];
    const byId = new Map<string, Row>(nodes.map((n) => [n.id, { ...n }]));
    const roots: Row[] = [];
    for (const n of nodes) {
      const r = byId.get(n.id)!;
      const p = n.parentId ? byId.get(n.parentId) : undefined;
      if (p) (p.children ??= []).push(r);
      else roots.push(r);
    }
    if (!q.trim()) return roots;
    const term = q.trim();
    return nodes.filter((n) => n.kind !== 'section' && n.kind !== 'group' && (n.title.includes(term) || n.nodeId.startsWith(term) || n.assignments.some((a) => a.name.includes(term) || a.reportingUnitName?.includes(term)))).map((n) => ({ ...n }));
  }, [data, q]);
  const expanded = useMemo(() => (data?.nodes ?? []).filter((n) => n.kind === 'section' || n.kind === 'group').map((n) => n.id), [data]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <div className="page-toolbar">
        <Input.Search allowClear placeholder="按编号、标题或单位查找（如 2.2.7、住建局）" onSearch={setQ} style={{ width: 320 }} />
        <span className="spacer" />
        {manage && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding({ parent: null })}>
            新增顶层任务
          </Button>
        )}
      </div>
      <Table<Row>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100, y: 560 }}
        expandable={q ? undefined : { defaultExpandedRowKeys: expanded }}
        key={`${expanded.length}-${q}`}
        columns={[
          { title: '编号', dataIndex: 'nodeId', width: 120, fixed: 'left', render: (v: string) => nodeLabel(v) },
          {
            title: '任务 / 事项',
            render: (_: unknown, r) => (
              <Tooltip title={r.kind === 'item' || r.kind === 'task' ? <div style={{ maxHeight: 300, overflow: 'auto' }}>{r.text}</div> : undefined} placement="topLeft">
                <Space size={4}>
                  <Tag color={KIND_COLORS[r.kind]}>{NODE_KIND_LABELS[r.kind]}</Tag>
                  <span>{ellipsis(r.title, 41)}</span>
                </Space>
              </Tooltip>
            ),
          },
          {
            title: '牵头',
            width: 200,
            render: (_: unknown, r) =>
              r.assignments
                .filter((a) => a.role === 'lead')
                .map((a) => (
                  <Tag key={a.id} color={a.resolved ? 'blue' : 'red'} title={a.resolved ? undefined : '未识别的单位名称'}>
                    {a.name}
                    {a.reportingUnitName && a.reportingUnitName !== a.name ? `（${a.reportingUnitName}）` : ''}
                  </Tag>
                )),
          },
          {
            title: '配合',
            width: 240,
            render: (_: unknown, r) => {
              const co = r.assignments.filter((a) => a.role === 'co');
              const shown = co.slice(0, 4);
              return (
                <Tooltip title={co.length > 4 ? co.map((a) => a.name).join('、') : undefined}>
                  {shown.map((a) => (
                    <Tag key={a.id} color={a.generic ? undefined : a.resolved ? 'cyan' : 'red'} bordered={!a.generic}>
                      {a.name}
                    </Tag>
                  ))}
                  {co.length > 4 && <Tag>等 {co.length} 个</Tag>}
                </Tooltip>
              );
            },
          },
          { title: '属地', width: 100, render: (_: unknown, r) => (r.territorialDuty ? <Tag color="green">各街道（{r.assignments.filter((a) => a.role === 'territorial').length}）</Tag> : null) },
          {
            title: '完成时限',
            width: 170,
            render: (_: unknown, r) => (
              <Space direction="vertical" size={0}>
                {r.milestones.map((m) => (
                  <span key={m.id} style={{ fontSize: 12 }}>
                    {m.kind === 'recurring' ? `${RECURRENCE_LABELS[m.recurrenceEvery ?? ''] ?? ''}${m.recurrenceTimes ? `${m.recurrenceTimes}次` : ''}` : m.kind === 'ongoing' ? '长期坚持' : m.dueDate}
                    {m.text ? <Typography.Text type="secondary">（{m.text}）</Typography.Text> : null}
                  </span>
                ))}
                {r.isWork && !r.milestones.length && <Typography.Text type="secondary">{r.dueDate ?? '长期'}</Typography.Text>}
              </Space>
            ),
          },
          ...(manage
            ? [
                {
                  title: '操作',
                  width: 110,
                  fixed: 'right' as const,
                  render: (_: unknown, r: Row) => (
                    <Space size={0}>
                      <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)} aria-label={`编辑 ${nodeLabel(r.nodeId)}`} />
                      <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setAdding({ parent: r })} aria-label={`在 ${nodeLabel(r.nodeId)} 下新增`} />
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <IndicatorsCard campaign={campaign} tree={data} manage={manage} />
      {editing && <NodeDrawer campaign={campaign} node={editing} onClose={() => setEditing(null)} />}
      {adding && <AddNodeModal campaign={campaign} parent={adding.parent} onClose={() => setAdding(null)} />}
    </Space>
  );
}

function AddNodeModal({ campaign, parent, onClose }: { campaign: CampaignView; parent: TaskNodeView | null; onClose: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const kinds = parent ? (parent.kind === 'task' || parent.kind === 'item' ? ['item'] : ['group', 'task']) : ['section', 'group', 'task'];
  const submit = async (v: { kind: TaskNodeView['kind']; title: string; text?: string }) => {
    try {
      await call(campaignApi.addTask, { params: { id: campaign.id }, body: { ...v, parentId: parent?.id ?? null } });
      await invalidate(qc, campaignApi.tree, campaignApi.get);
      message.success('已新增');
      onClose();
    } catch (e) {
      applyServerErrors(form, e, message);
    }
  };
  return (
    <Modal open title={parent ? `在“${nodeLabel(parent.nodeId)} ${ellipsis(parent.title, 17)}”下新增` : '新增顶层节点'} onCancel={onClose} onOk={() => form.submit()} okText="新增">
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: kinds.includes('task') ? 'task' : kinds[0] }}>
        <Form.Item name="kind" label="类型">
          <Select options={kinds.map((k) => ({ value: k, label: NODE_KIND_LABELS[k as 'task'] }))} />
        </Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="text" label="内容">
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function NodeDrawer({ campaign, node, onClose }: { campaign: CampaignView; node: TaskNodeView; onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: org } = useOrg();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const unitOptions = (org?.units ?? []).filter((u) => u.active && u.kind !== 'enterprise').map((u) => ({ value: u.id, label: u.shortName }));
  const asValues = (role: string) => node.assignments.filter((a) => a.role === role).map((a) => a.unitId ?? a.name);
  const initial = {
    title: node.title,
    text: node.text,
    lead: asValues('lead'),
    co: asValues('co'),
    territorial: node.territorialDuty,
    milestones: node.milestones.map((m) => ({ dueDate: m.dueDate ? dayjs(m.dueDate) : null, kind: m.kind, text: m.text, recurrenceEvery: m.recurrenceEvery, recurrenceTimes: m.recurrenceTimes })),
  };
  const ids = new Set(unitOptions.map((o) => o.value));
  const toAssign = (values: string[]) => values.map((v) => (ids.has(v) ? { unitId: v } : { name: v }));
  type Milestone = NonNullable<BodyIn<typeof campaignApi.putMilestones>>['milestones'][number];
  const save = async (v: Omit<typeof initial, 'milestones'> & { milestones: { dueDate: Dayjs | null; kind: Milestone['kind']; text?: string; recurrenceEvery?: Milestone['recurrenceEvery']; recurrenceTimes?: number | null }[] }) => {
    setBusy(true);
    const params = { id: campaign.id, taskId: node.id };
    try {
      if (v.title !== node.title || v.text !== node.text) await call(campaignApi.updateTask, { params, body: { title: v.title, text: v.text } });
      await call(campaignApi.putAssignments, { params, body: { lead: toAssign(v.lead), co: toAssign(v.co), territorial: v.territorial } });
      await call(campaignApi.putMilestones, {
        params,
        body: {
          milestones: (v.milestones ?? []).map((m) => ({ dueDate: m.dueDate ? m.dueDate.format('YYYY-MM-DD') : null, kind: m.kind, text: m.text ?? '', recurrenceEvery: m.recurrenceEvery ?? null, recurrenceTimes: m.recurrenceTimes ?? null })),
        },
      });
      await invalidate(qc, campaignApi.tree, campaignApi.get);
      message.success('已保存，责任分工已更新');
      onClose();
    } catch (e) {
      applyServerErrors(form, e, message);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    try {
      await call(campaignApi.deleteTask, { params: { id: campaign.id, taskId: node.id } });
      await invalidate(qc, campaignApi.tree, campaignApi.get);
      message.success('已删除');
      onClose();
    } catch (e) {
      applyServerErrors(form, e, message);
    }
  };
  return (
    <Drawer
      open
      width={640}
      title={`${nodeLabel(node.nodeId)} ${ellipsis(node.title, 25)}`}
      onClose={onClose}
      extra={
        <Space>
          <Popconfirm title="删除该节点及其下级？已有报送记录的不能删除。" onConfirm={remove}>
            <Button danger icon={<DeleteOutlined />}>
              删除
            </Button>
          </Popconfirm>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save}>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="text" label="内容">
          <Input.TextArea rows={5} />
        </Form.Item>
        <Form.Item name="lead" label="牵头单位" extra="专委会牵头的，由其牵头部门报送；可直接输入未登记的单位名称（保留为文字）">
          <Select mode="tags" options={unitOptions} optionFilterProp="label" placeholder="选择或输入单位" />
        </Form.Item>
        <Form.Item name="co" label="配合单位">
          <Select mode="tags" options={unitOptions} optionFilterProp="label" placeholder="选择或输入单位" />
        </Form.Item>
        <Form.Item name="territorial" label="各街道（管理处）负属地责任" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
        <Typography.Text strong>时间节点</Typography.Text>
        <Form.List name="milestones">
          {(fields, { add, remove: rm }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap style={{ display: 'flex', marginTop: 8 }}>
                  <Form.Item name={[f.name, 'kind']} noStyle>
                    <Select style={{ width: 130 }} options={MILESTONE_KINDS.map((k) => ({ value: k, label: MILESTONE_KIND_LABELS[k] }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dueDate']} noStyle>
                    <DatePicker placeholder="完成时限" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'text']} noStyle>
                    <Input placeholder="原文，如 2021年底前" style={{ width: 160 }} />
                  </Form.Item>
                  <Button type="link" danger onClick={() => rm(f.name)}>
                    删除
                  </Button>
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => add({ kind: 'by', dueDate: null, text: '' })}>
                添加时间节点
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

function IndicatorsCard({ campaign, tree, manage }: { campaign: CampaignView; tree: Tree | undefined; manage: boolean }) {
  const [editing, setEditing] = useState<IndicatorView | 'new' | null>(null);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const remove = async (i: IndicatorView) => {
    try {
      await call(campaignApi.deleteIndicator, { params: { id: campaign.id, indicatorId: i.id } });
      await invalidate(qc, campaignApi.tree, campaignApi.get);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Card
      size="small"
      title="目标指标"
      extra={
        manage && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新增指标
          </Button>
        )
      }
    >
      <Table<IndicatorView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={tree?.indicators}
        columns={[
          { title: '编号', dataIndex: 'nodeId', width: 90, render: (v: string) => nodeLabel(v) },
          { title: '指标', dataIndex: 'name' },
          { title: '目标', width: 140, render: (_: unknown, r) => formatTarget(r) },
          { title: '完成时限', dataIndex: 'dueDate', width: 110 },
          { title: '全区口径', dataIndex: 'aggregate', width: 90, render: (v: string) => ({ avg: '平均', sum: '合计', lead: '牵头单位' })[v] ?? v },
          ...(manage
            ? [
                {
                  title: '操作',
                  width: 120,
                  render: (_: unknown, r: IndicatorView) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setEditing(r)}>
                        编辑
                      </Button>
                      <Popconfirm title="删除该指标？" onConfirm={() => remove(r)}>
                        <Button type="link" size="small" danger>
                          删除
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <IndicatorModal campaign={campaign} tree={tree} indicator={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function IndicatorModal({ campaign, tree, indicator, onClose }: { campaign: CampaignView; tree: Tree | undefined; indicator: IndicatorView | null; onClose: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const submit = async (v: Record<string, unknown>) => {
    // The form's fields are the indicator's (name, unit, comparator, target…); the date converted.
    const body = { ...v, dueDate: v.dueDate ? (v.dueDate as Dayjs).format('YYYY-MM-DD') : null } as BodyIn<typeof campaignApi.createIndicator>;
    try {
      if (indicator) await call(campaignApi.updateIndicator, { params: { id: campaign.id, indicatorId: indicator.id }, body });
      else await call(campaignApi.createIndicator, { params: { id: campaign.id }, body });
      await invalidate(qc, campaignApi.tree, campaignApi.get);
      onClose();
    } catch (e) {
      applyServerErrors(form, e, message);
    }
  };
  const tasks = (tree?.nodes ?? []).filter((n) => n.kind === 'task' || n.kind === 'item');
  return (
    <Modal open title={indicator ? '编辑指标' : '新增指标'} onCancel={onClose} onOk={() => form.submit()}>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={indicator ? { ...indicator, dueDate: indicator.dueDate ? dayjs(indicator.dueDate) : null } : { comparator: '>=', unit: '%', aggregate: 'avg' }}
      >
        <Form.Item name="taskId" label="所属任务/事项">
          <Select allowClear showSearch optionFilterProp="label" options={tasks.map((t) => ({ value: t.id, label: `${nodeLabel(t.nodeId)} ${ellipsis(t.title, 31)}` }))} />
        </Form.Item>
        <Form.Item name="name" label="指标名称" rules={[{ required: true, message: '请填写指标名称' }]}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="comparator" label="比较">
            <Select style={{ width: 100 }} options={COMPARATORS.map((c) => ({ value: c, label: COMPARATOR_LABELS[c] }))} />
          </Form.Item>
          <Form.Item name="targetValue" label="目标值">
            <InputNumber />
          </Form.Item>
          <Form.Item name="unit" label="单位">
            <Input style={{ width: 80 }} />
          </Form.Item>
          <Form.Item name="dueDate" label="完成时限">
            <DatePicker />
          </Form.Item>
          <Form.Item name="aggregate" label="全区口径">
            <Select
              style={{ width: 110 }}
              options={[
                { value: 'avg', label: '各单位平均' },
                { value: 'sum', label: '各单位合计' },
                { value: 'lead', label: '牵头单位' },
              ]}
            />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
