import { useMemo, useState } from 'react';
import { Button, DatePicker, Divider, Empty, Form, Input, InputNumber, Popconfirm, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, DragOutlined, MergeCellsOutlined, MinusCircleOutlined, PlusOutlined, ScissorOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { COMPARATOR_LABELS, COMPARATORS, DEADLINE_KIND_LABELS, DEADLINE_KINDS, NODE_KIND_LABELS, NODE_KINDS, type PlanEditOp } from '../../../shared/contracts/plan';
import { isGenericUnitName } from '../../../shared/plan/units';
import type { DeadlineKind, NodeKind, PlanNode } from '../../../shared/plan/types';
import { descendantsOf, KIND_COLORS, sentenceSplitPoints, type TreeIndex } from './planModel';

export interface UnitOption {
  value: string;
  label: string;
}

interface Props {
  node: PlanNode;
  index: TreeIndex;
  text: string;
  caret: number | null;
  unitOptions: UnitOption[];
  /** every name and alias of the registry's units (to colour unknown names) */
  knownUnits: Set<string>;
  readOnly: boolean;
  busy: boolean;
  onSubmit(ops: PlanEditOp[]): Promise<boolean>;
  onMove(): void;
}

interface DeadlineRow {
  date: Dayjs | null;
  kind: DeadlineKind;
  text: string;
  start?: number;
  end?: number;
}
interface TargetRow {
  value: number | null;
  valueMax?: number | null;
  unit: string;
  comparator: (typeof COMPARATORS)[number];
  subject: string | null;
  text: string;
  start?: number;
  end?: number;
}
interface Values {
  title: string;
  kind: NodeKind;
  leadUnits: string[];
  coUnits: string[];
  deadlines: DeadlineRow[];
  targets: TargetRow[];
}

function initialValues(n: PlanNode): Values {
  return {
    title: n.title,
    kind: n.kind,
    leadUnits: n.leadUnits,
    coUnits: n.coUnits,
    deadlines: n.deadlines.map((d) => ({ date: d.date ? dayjs(d.date) : null, kind: d.kind, text: d.text, start: d.start, end: d.end })),
    targets: n.targets.map((t) => ({ value: t.value, valueMax: t.valueMax ?? null, unit: t.unit, comparator: t.comparator, subject: t.subject, text: t.text, start: t.start, end: t.end })),
  };
}

const deadlinesOut = (rows: DeadlineRow[]) =>
  rows.map((d) => ({ date: d.kind === 'ongoing' ? null : d.date ? d.date.format('YYYY-MM-DD') : null, kind: d.kind, text: d.text ?? '', ...(d.start !== undefined && d.end !== undefined ? { start: d.start, end: d.end } : {}) }));
const targetsOut = (rows: TargetRow[]) =>
  rows.map((t) => ({
    value: Number(t.value),
    ...(t.valueMax !== null && t.valueMax !== undefined ? { valueMax: Number(t.valueMax) } : {}),
    unit: t.unit,
    comparator: t.comparator,
    subject: t.subject || null,
    text: t.text ?? '',
    ...(t.start !== undefined && t.end !== undefined ? { start: t.start, end: t.end } : {}),
  }));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Edit panel of the selected node: units, deadlines, targets, title/kind; split, merge, move, delete. */
export function NodeEditor({ node, index, text, caret, unitOptions, knownUnits, readOnly, busy, onSubmit, onMove }: Props) {
  const [form] = Form.useForm<Values>();
  const initial = useMemo(() => initialValues(node), [node]);
  const [splitAt, setSplitAt] = useState<number | 'caret' | null>(null);
  const splitPoints = useMemo(() => sentenceSplitPoints(index, node, text), [index, node, text]);
  const caretInside = caret !== null && caret > node.start && caret < node.end && !(index.children.get(node.id) ?? []).some((k) => k.start < caret && caret < k.end);
  const siblings = index.children.get(node.parentId) ?? [];
  const next = siblings[siblings.indexOf(node) + 1];
  const subtree = descendantsOf(index, node.id).length;
  // units are not inherited in the contract; the campaign falls back to the nearest ancestor's
  const inherited = useMemo(() => {
    if (node.leadUnits.length || node.coUnits.length) return null;
    let p = node.parentId ? index.byId.get(node.parentId) : undefined;
    while (p && !p.leadUnits.length) p = p.parentId ? index.byId.get(p.parentId) : undefined;
    return p ?? null;
  }, [index, node]);

  const save = async (v: Values) => {
    const ops: PlanEditOp[] = [];
    if (v.title !== node.title || v.kind !== node.kind) {
      ops.push({ op: 'editNode', nodeId: node.id, ...(v.title !== node.title ? { title: v.title } : {}), ...(v.kind !== node.kind ? { kind: v.kind } : {}) } as PlanEditOp);
    }
    if (!same(v.leadUnits, node.leadUnits) || !same(v.coUnits, node.coUnits)) ops.push({ op: 'setUnits', nodeId: node.id, leadUnits: v.leadUnits, coUnits: v.coUnits });
    const dl = deadlinesOut(v.deadlines ?? []);
    if (!same(dl, deadlinesOut(initial.deadlines))) ops.push({ op: 'setDeadlines', nodeId: node.id, deadlines: dl } as PlanEditOp);
    const tg = targetsOut(v.targets ?? []);
    if (!same(tg, targetsOut(initial.targets))) ops.push({ op: 'setTargets', nodeId: node.id, targets: tg } as PlanEditOp);
    if (ops.length) await onSubmit(ops);
  };

  const unitSelect = (role: 'lead' | 'co') => (
    <Select
      mode="tags"
      options={unitOptions}
      placeholder={role === 'lead' ? '选择或输入牵头单位' : '选择或输入配合单位'}
      tokenSeparators={['、', '，', ',']}
      disabled={readOnly}
      aria-label={role === 'lead' ? '牵头单位' : '配合单位'}
      showSearch={{ optionFilterProp: 'label' }}
      tagRender={({ label, value, closable, onClose }) => {
        const name = String(value);
        const known = knownUnits.has(name) || isGenericUnitName(name);
        const tag = (
          <Tag color={known ? (role === 'lead' ? 'magenta' : 'blue') : 'orange'} closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }} onMouseDown={(e) => e.preventDefault()}>
            {label ?? name}
          </Tag>
        );
        return known ? tag : <Tooltip title="组织机构库中没有该单位：将按原文保留并标为未识别">{tag}</Tooltip>;
      }}
    />
  );

  return (
    <div className="plan-editor" data-testid="plan-editor">
      <div className="pe-head">
        <Tag color={KIND_COLORS[node.kind]}>{NODE_KIND_LABELS[node.kind]}</Tag>
        <Typography.Text strong>{node.id}</Typography.Text>
        <Typography.Text type="secondary" ellipsis style={{ flex: 1 }}>
          {node.marker}
        </Typography.Text>
      </div>
      <Form<Values> form={form} layout="vertical" size="small" initialValues={initial} onFinish={save} disabled={readOnly}>
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '标题不能为空' }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="kind" label="类型">
          <Select options={NODE_KINDS.map((k) => ({ value: k, label: `${NODE_KIND_LABELS[k]}（${k}）` }))} />
        </Form.Item>
        <Form.Item name="leadUnits" label="牵头单位">
          {unitSelect('lead')}
        </Form.Item>
        <Form.Item name="coUnits" label="配合单位" extra={inherited ? `未单独列出，沿用${NODE_KIND_LABELS[inherited.kind]}“${inherited.id}”的牵头单位：${inherited.leadUnits.join('、')}` : undefined}>
          {unitSelect('co')}
        </Form.Item>

        <Divider titlePlacement="start" plain className="pe-divider">
          完成时限
        </Divider>
        <Form.List name="deadlines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <div key={f.key} className="pe-row">
                  <Space.Compact block>
                    <Form.Item name={[f.name, 'date']} noStyle>
                      <DatePicker placeholder="日期" style={{ width: '42%' }} aria-label="完成日期" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'kind']} noStyle>
                      <Select style={{ width: '58%' }} aria-label="时限类型" options={DEADLINE_KINDS.map((k) => ({ value: k, label: DEADLINE_KIND_LABELS[k] }))} />
                    </Form.Item>
                  </Space.Compact>
                  <Space.Compact block style={{ marginTop: 4 }}>
                    <Form.Item name={[f.name, 'text']} noStyle>
                      <Input placeholder="原文，如“2021年底前”" aria-label="时限原文" />
                    </Form.Item>
                    <Button icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label="删除该时限" />
                  </Space.Compact>
                </div>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ date: null, kind: 'by', text: '' })}>
                添加时限
              </Button>
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start" plain className="pe-divider">
          目标指标
        </Divider>
        <Form.List name="targets">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <div key={f.key} className="pe-row">
                  <Space.Compact block>
                    <Form.Item name={[f.name, 'comparator']} noStyle>
                      <Select style={{ width: '30%' }} aria-label="比较方式" options={COMPARATORS.map((c) => ({ value: c, label: COMPARATOR_LABELS[c] }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'value']} noStyle rules={[{ required: true, message: '请填写指标值' }]}>
                      <InputNumber placeholder="值" style={{ width: '25%' }} aria-label="指标值" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'valueMax']} noStyle>
                      <InputNumber placeholder="上限" style={{ width: '25%' }} aria-label="上限（介于时）" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'unit']} noStyle rules={[{ required: true, message: '请填写单位' }]}>
                      <Input placeholder="%" style={{ width: '20%' }} aria-label="指标单位" />
                    </Form.Item>
                  </Space.Compact>
                  <Space.Compact block style={{ marginTop: 4 }}>
                    <Form.Item name={[f.name, 'subject']} noStyle>
                      <Input placeholder="考核对象，如“持证率”" aria-label="考核对象" />
                    </Form.Item>
                    <Button icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label="删除该指标" />
                  </Space.Compact>
                </div>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ value: null, unit: '%', comparator: '>=', subject: null, text: '' })}>
                添加指标
              </Button>
            </>
          )}
        </Form.List>
        {!readOnly && (
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" htmlType="submit" loading={busy}>
              保存修改
            </Button>
            <Button htmlType="button" onClick={() => form.resetFields()}>
              还原
            </Button>
          </Space>
        )}
      </Form>

      {!readOnly && (
        <>
          <Divider titlePlacement="start" plain className="pe-divider">
            结构调整
          </Divider>
          <Space orientation="vertical" style={{ width: '100%' }} size={8}>
            <Space.Compact block>
              <Select
                style={{ flex: 1, minWidth: 0 }}
                size="small"
                placeholder={splitPoints.length || caretInside ? '选择拆分位置' : '无可拆分的位置'}
                value={splitAt ?? undefined}
                onChange={setSplitAt}
                aria-label="拆分位置"
                options={[
                  ...(caretInside ? [{ value: 'caret' as const, label: `原文光标处（第 ${caret! + 1} 字）` }] : []),
                  ...splitPoints.map((p) => ({ value: p.at, label: `在“${p.label}”之后` })),
                ]}
              />
              <Button
                size="small"
                icon={<ScissorOutlined />}
                disabled={splitAt === null || (splitAt === 'caret' && !caretInside)}
                loading={busy}
                onClick={async () => {
                  const at = splitAt === 'caret' ? caret! : splitAt!;
                  if (await onSubmit([{ op: 'split', nodeId: node.id, at }])) setSplitAt(null);
                }}
              >
                拆分
              </Button>
            </Space.Compact>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              在右侧原文中点击要拆开的位置，或选择一句的句末；其后的文字成为下一个{NODE_KIND_LABELS[node.kind]}。
            </Typography.Text>
            <Space wrap size={6}>
              <Popconfirm title={next ? `与下一项“${next.id} ${next.title}”合并？` : ''} disabled={!next} onConfirm={() => onSubmit([{ op: 'merge', nodeId: node.id }])} okText="合并" cancelText="取消">
                <Button size="small" icon={<MergeCellsOutlined />} disabled={!next}>
                  与下一项合并
                </Button>
              </Popconfirm>
              <Button size="small" icon={<DragOutlined />} onClick={onMove}>
                移动到…
              </Button>
              <Popconfirm
                title={`删除“${node.id} ${node.title}”${subtree ? `及其下级 ${subtree} 项` : ''}？`}
                onConfirm={() => onSubmit([{ op: 'delete', nodeId: node.id }])}
                okText="删除"
                okButtonProps={{ danger: true }}
                cancelText="取消"
              >
                <Button size="small" danger icon={<DeleteOutlined />}>
                  删除
                </Button>
              </Popconfirm>
            </Space>
          </Space>
        </>
      )}
    </div>
  );
}

export function EditorEmpty() {
  return <Empty className="plan-editor-empty" description="在左侧任务树中选择一个节点，或点击原文中的标注" />;
}
