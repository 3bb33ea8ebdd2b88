import { useMemo, useState } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Progress, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { DraftPlan, PlanEditOp } from '../../../shared/contracts/plan';
import type { PlanNode } from '../../../shared/plan/types';
import { descendantsOf, NODE_KIND_LABELS, type TreeIndex } from './planModel';

const ROOT = '__root__';

/** "移动到…": choose a new parent and a position (the keyboard way to do what drag and drop does). */
export function MoveDialog({ node, index, nodes, open, busy, onCancel, onMove }: {
  node: PlanNode;
  index: TreeIndex;
  nodes: PlanNode[];
  open: boolean;
  busy: boolean;
  onCancel(): void;
  onMove(parentId: string | null, position: number): void;
}) {
  const siblingsNow = index.children.get(node.parentId) ?? [];
  const [parent, setParent] = useState<string>(node.parentId ?? ROOT);
  const [position, setPosition] = useState<number>(siblingsNow.indexOf(node));
  const excluded = useMemo(() => new Set([node.id, ...descendantsOf(index, node.id)]), [index, node]);
  const parentOptions = useMemo(
    () => [
      { value: ROOT, label: '（顶层）' },
      ...nodes.filter((n) => !excluded.has(n.id) && (n.kind !== 'item' || node.kind === 'item')).map((n) => ({ value: n.id, label: `${NODE_KIND_LABELS[n.kind]} ${n.id} ${n.title}`, level: n.level })),
    ],
    [nodes, excluded, node.kind],
  );
  const kids = (index.children.get(parent === ROOT ? null : parent) ?? []).filter((k) => k.id !== node.id);
  const positions = [{ value: 0, label: '放在最前' }, ...kids.map((k, i) => ({ value: i + 1, label: `放在“${k.id} ${k.title}”之后` }))];
  return (
    <Modal
      title={`移动“${node.id} ${node.title}”`}
      open={open}
      onCancel={onCancel}
      okText="移动"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => onMove(parent === ROOT ? null : parent, Math.min(position, kids.length))}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label="移到哪个节点之下">
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            value={parent}
            options={parentOptions}
            optionRender={(o) => <span style={{ paddingLeft: ((o.data as { level?: number }).level ?? 1) * 12 - 12 }}>{o.label}</span>}
            onChange={(v) => {
              setParent(v);
              setPosition(0);
            }}
            aria-label="新的上级节点"
          />
        </Form.Item>
        <Form.Item label="位置">
          <Select value={Math.min(position, kids.length)} options={positions} onChange={setPosition} aria-label="位置" />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">下级节点随之移动；两处的编号将重新排列。</Typography.Text>
    </Modal>
  );
}

/** Import as a campaign: a name, then progress until the campaign exists. */
export function ImportDialog({ open, defaultName, counts, busy, error, onCancel, onImport }: {
  open: boolean;
  defaultName: string;
  counts: { tasks: number; items: number; unresolved: number; withoutLead: number; period: string | null };
  busy: boolean;
  error: string | null;
  onCancel(): void;
  onImport(name: string): void;
}) {
  const [form] = Form.useForm<{ name: string }>();
  return (
    <Modal
      title="导入为专项行动"
      open={open}
      onCancel={busy ? undefined : onCancel}
      closable={!busy}
      okText="导入"
      cancelText="取消"
      confirmLoading={busy}
      okButtonProps={{ disabled: !counts.period }}
      onOk={() => form.validateFields().then((v) => onImport(v.name.trim()))}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ name: defaultName }} disabled={busy} onFinish={(v) => onImport(v.name.trim())}>
        <Form.Item name="name" label="专项行动名称" rules={[{ required: true, whitespace: true, message: '请填写专项行动名称' }, { min: 2, message: '名称至少 2 个字' }, { max: 200, message: '名称不超过 200 字' }]}>
          <Input autoFocus />
        </Form.Item>
      </Form>
      <Typography.Paragraph>
        将导入 {counts.tasks} 项任务、{counts.items} 条工作条目，按牵头、配合单位分解到各单位。{counts.period ? `行动期限：${counts.period}。` : ''}
      </Typography.Paragraph>
      {!counts.period && <Alert type="error" showIcon style={{ marginBottom: 12 }} title="未识别出行动的起止日期：请先在“方案信息”中填写行动开始和结束日期。" />}
      {(counts.unresolved > 0 || counts.withoutLead > 0) && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${counts.unresolved ? `${counts.unresolved} 个单位未能识别（按原文保留）` : ''}${counts.unresolved && counts.withoutLead ? '；' : ''}${counts.withoutLead ? `${counts.withoutLead} 项任务没有牵头单位` : ''}。可以先核对再导入。`}
        />
      )}
      {busy && (
        <div data-testid="plan-import-progress">
          <Progress percent={99} status="active" showInfo={false} />
          <Typography.Text type="secondary">正在创建专项行动与任务台账…</Typography.Text>
        </div>
      )}
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

interface PlanInfoValues {
  title: string;
  docNumber: string;
  issuer: string;
  issuedOn: Dayjs | null;
  campaignStart: Dayjs | null;
  campaignEnd: Dayjs | null;
}

/** The document's metadata and the campaign period (the import needs the period). */
export function PlanInfoDialog({ open, plan, busy, readOnly, onCancel, onSave }: {
  open: boolean;
  plan: DraftPlan;
  busy: boolean;
  readOnly: boolean;
  onCancel(): void;
  onSave(op: PlanEditOp): void;
}) {
  const [form] = Form.useForm<PlanInfoValues>();
  const d = (s: string | null) => (s ? dayjs(s) : null);
  const iso = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);
  const initial: PlanInfoValues = {
    title: plan.document.title ?? '',
    docNumber: plan.document.docNumber ?? '',
    issuer: plan.document.issuer ?? '',
    issuedOn: d(plan.document.issuedOn),
    campaignStart: d(plan.campaign.start),
    campaignEnd: d(plan.campaign.end),
  };
  const submit = (v: PlanInfoValues) => {
    const op: Record<string, unknown> = { op: 'editPlan' };
    if (v.title.trim() !== (plan.document.title ?? '')) op.title = v.title.trim() || null;
    if ((v.docNumber ?? '').trim() !== (plan.document.docNumber ?? '')) op.docNumber = v.docNumber.trim() || null;
    if ((v.issuer ?? '').trim() !== (plan.document.issuer ?? '')) op.issuer = v.issuer.trim() || null;
    if (iso(v.issuedOn) !== plan.document.issuedOn) op.issuedOn = iso(v.issuedOn);
    if (iso(v.campaignStart) !== plan.campaign.start) op.campaignStart = iso(v.campaignStart);
    if (iso(v.campaignEnd) !== plan.campaign.end) op.campaignEnd = iso(v.campaignEnd);
    if (Object.keys(op).length > 1) onSave(op as PlanEditOp);
    else onCancel();
  };
  return (
    <Modal title="方案信息" open={open} onCancel={onCancel} okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => form.submit()} okButtonProps={{ disabled: readOnly }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} disabled={readOnly}>
        <Form.Item name="title" label="方案标题" rules={[{ max: 300, message: '不超过 300 字' }]}>
          <Input />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="docNumber" label="文号" style={{ width: '50%' }}>
            <Input placeholder="如 东安〔2020〕7号" />
          </Form.Item>
          <Form.Item name="issuedOn" label="印发日期" style={{ width: '50%' }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="issuer" label="发文单位">
          <Input />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="campaignStart" label="行动开始日期" style={{ width: '50%' }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="campaignEnd"
            label="行动结束日期"
            style={{ width: '50%' }}
            dependencies={['campaignStart']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v: Dayjs | null) => (v && getFieldValue('campaignStart') && v.isBefore(getFieldValue('campaignStart')) ? Promise.reject(new Error('结束日期不能早于开始日期')) : Promise.resolve()),
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Typography.Text type="secondary">“三年内”等指向行动结束的时限随结束日期一并调整。</Typography.Text>
      </Form>
    </Modal>
  );
}
