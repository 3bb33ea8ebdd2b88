import { useState } from 'react';
import { nodeLabel } from '../../../shared/campaign/nodes';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { call, download, invalidate, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { applyServerErrors } from '../../components/forms';
import { LIST_KIND_LABELS, LIST_KINDS, LIST_STATUSES, type ListKind } from '../../../shared/contracts/campaign';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import type { CampaignView, ListEntryView as ListEntry, TaskNodeView } from '../../../shared/contracts/campaign.views';
import type { BodyIn } from '../../../shared/contracts/endpoint';

const TITLE_LABEL: Record<ListKind, string> = { hazard: '问题隐患', selfcheck: '自查发现的问题', measure: '制度措施名称' };
const STATUS_COLORS: Record<string, string> = { 未开始: 'default', 推进中: 'processing', 已完成: 'success' };

/** 三个清单 with 时间表 (deadline) and 路线图 (measures and dated steps); Excel in the office layout. */
export default function ListsTab({ campaign }: { campaign: CampaignView }) {
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [kind, setKind] = useState<ListKind>('hazard');
  const [unitId, setUnitId] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<ListEntry | 'new' | null>(null);
  const office = can('campaign.manage');
  const canWrite = can('campaign.lists') && campaign.status === 'active';
  const query = { kind, unitId, status: status as (typeof LIST_STATUSES)[number] | undefined, page, pageSize: 20 };
  const { data, isFetching } = useApiQuery(campaignApi.lists, { params: { id: campaign.id }, query }, { placeholderData: keepPreviousData });
  const { data: tree } = useApiQuery(campaignApi.tree, { params: { id: campaign.id } });
  const remove = async (e: ListEntry) => {
    try {
      await call(campaignApi.deleteListEntry, { params: { entryId: e.id } });
      await invalidate(qc, campaignApi.lists);
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const exportXlsx = (k?: ListKind) => download(campaignApi.exportLists, { params: { id: campaign.id }, query: { kind: k, unitId } }).catch((e: Error) => message.error(e.message));
  return (
    <div>
      <Tabs
        activeKey={kind}
        onChange={(k) => (setKind(k as ListKind), setPage(1))}
        items={LIST_KINDS.map((k) => {
          const s = data?.stats.find((x) => x.kind === k);
          return { key: k, label: `${LIST_KIND_LABELS[k]}${s ? `（${s.done}/${s.total}）` : ''}` };
        })}
      />
      <div className="page-toolbar">
        {office && <Select allowClear showSearch optionFilterProp="label" placeholder="全部单位" style={{ width: 200 }} value={unitId} onChange={(v) => (setUnitId(v), setPage(1))} options={(tree?.units ?? []).map((u) => ({ value: u.unitId, label: u.name }))} />}
        <Select allowClear placeholder="完成情况" style={{ width: 120 }} value={status} onChange={(v) => (setStatus(v), setPage(1))} options={LIST_STATUSES.map((s) => ({ value: s, label: s }))} />
        <span className="spacer" />
        <Button icon={<DownloadOutlined />} onClick={() => exportXlsx(kind)}>
          导出本清单
        </Button>
        <Button icon={<DownloadOutlined />} onClick={() => exportXlsx()}>
          导出三个清单
        </Button>
        {canWrite && (office ? !!unitId || !!me?.unitId : true) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新增
          </Button>
        )}
      </div>
      <Table<ListEntry>
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data?.items}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
        expandable={{
          expandedRowRender: (e) => (
            <Space direction="vertical">
              {e.description && <Typography.Text>{e.description}</Typography.Text>}
              {e.measures && <Typography.Text>路线图：{e.measures}</Typography.Text>}
              {e.roadmap.map((s, i) => (
                <Typography.Text key={i} delete={false} type={s.done ? 'success' : undefined}>
                  {i + 1}. {s.date ?? ''} {s.step} {s.done ? '（已完成）' : ''}
                </Typography.Text>
              ))}
              {e.completionNote && <Typography.Text type="secondary">完成情况：{e.completionNote}</Typography.Text>}
            </Space>
          ),
        }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 60 },
          ...(office ? [{ title: '填报单位', dataIndex: 'unitName', width: 130 }] : []),
          { title: TITLE_LABEL[kind], dataIndex: 'title' },
          ...(kind === 'hazard' ? [{ title: '等级', dataIndex: 'hazardLevel', width: 70, render: (v: string | null) => (v === '重大' ? <Tag color="red">重大</Tag> : v ?? '一般') }] : []),
          ...(kind === 'measure' ? [{ title: '文号', dataIndex: 'docNumber', width: 140 }] : []),
          { title: '时间表', dataIndex: 'deadline', width: 110 },
          { title: '路线图', width: 90, render: (_: unknown, e: ListEntry) => `${e.roadmap.filter((s) => s.done).length}/${e.roadmap.length} 步` },
          { title: '责任人', dataIndex: 'responsiblePerson', width: 90 },
          { title: '完成情况', dataIndex: 'status', width: 90, render: (v: string) => <Tag color={STATUS_COLORS[v]}>{v}</Tag> },
          ...(canWrite
            ? [
                {
                  title: '操作',
                  width: 110,
                  render: (_: unknown, e: ListEntry) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setEditing(e)}>
                        编辑
                      </Button>
                      <Popconfirm title="删除该条目？" onConfirm={() => remove(e)}>
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
      {editing && <EntryModal campaign={campaign} kind={kind} unitId={unitId} entry={editing === 'new' ? null : editing} tasks={(tree?.nodes ?? []).filter((n) => n.kind === 'task')} onClose={() => setEditing(null)} />}
    </div>
  );
}

function EntryModal({ campaign, kind, unitId, entry, tasks, onClose }: { campaign: CampaignView; kind: ListKind; unitId?: string; entry: ListEntry | null; tasks: TaskNodeView[]; onClose: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const submit = async (v: Record<string, unknown> & { deadline?: Dayjs | null; roadmap?: { date?: Dayjs | null; step: string; done?: boolean }[] }) => {
    setBusy(true);
    // The form's fields are the entry's (title, category, measures, …); dates and the roadmap converted.
    const body = {
      ...v,
      deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
      roadmap: (v.roadmap ?? []).filter((s) => s?.step).map((s) => ({ date: s.date ? s.date.format('YYYY-MM-DD') : null, step: s.step, done: !!s.done })),
    } as Omit<BodyIn<typeof campaignApi.updateListEntry>, 'version'>;
    try {
      if (entry) await call(campaignApi.updateListEntry, { params: { entryId: entry.id }, body: { ...body, version: entry.version } });
      else await call(campaignApi.createListEntry, { params: { id: campaign.id }, body: { ...body, title: body.title ?? '', kind, unitId } });
      await invalidate(qc, campaignApi.lists);
      message.success('已保存');
      onClose();
    } catch (e) {
      applyServerErrors(form, e, message);
    } finally {
      setBusy(false);
    }
  };
  const initial = entry
    ? { ...entry, deadline: entry.deadline ? dayjs(entry.deadline) : null, roadmap: entry.roadmap.map((s) => ({ ...s, date: s.date ? dayjs(s.date) : null })) }
    : { status: '未开始', hazardLevel: kind === 'hazard' ? '一般' : undefined, roadmap: [] };
  return (
    <Modal open width={720} title={`${entry ? '编辑' : '新增'}${LIST_KIND_LABELS[kind]}条目`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={initial}>
        <Form.Item name="title" label={TITLE_LABEL[kind]} rules={[{ required: true, message: '请填写' }]}>
          <Input />
        </Form.Item>
        <Space wrap>
          {kind === 'hazard' && (
            <Form.Item name="hazardLevel" label="隐患等级">
              <Select style={{ width: 100 }} options={['一般', '重大'].map((x) => ({ value: x, label: x }))} />
            </Form.Item>
          )}
          {kind !== 'hazard' && (
            <Form.Item name="category" label="类别">
              <Input style={{ width: 140 }} placeholder={kind === 'measure' ? '制度/措施/标准' : '责任落实/制度执行…'} />
            </Form.Item>
          )}
          {kind === 'measure' && (
            <Form.Item name="docNumber" label="文号">
              <Input style={{ width: 180 }} />
            </Form.Item>
          )}
          <Form.Item name="taskId" label="所属任务">
            <Select allowClear showSearch optionFilterProp="label" style={{ width: 260 }} options={tasks.map((t) => ({ value: t.id, label: `${nodeLabel(t.nodeId)} ${t.title}` }))} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label="具体情况">
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="measures" label={kind === 'measure' ? '主要内容' : '整改措施（路线图）'}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Typography.Text strong>路线图步骤</Typography.Text>
        <Form.List name="roadmap">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex', marginTop: 6 }}>
                  <Form.Item name={[f.name, 'date']} noStyle>
                    <DatePicker placeholder="时间" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'step']} noStyle>
                    <Input placeholder="步骤" style={{ width: 320 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'done']} valuePropName="checked" noStyle>
                    <Checkbox>已完成</Checkbox>
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(f.name)}>
                    删除
                  </Button>
                </Space>
              ))}
              <div style={{ margin: '6px 0 12px' }}>
                <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ step: '', done: false })}>
                  添加步骤
                </Button>
              </div>
            </>
          )}
        </Form.List>
        <Space wrap>
          <Form.Item name="deadline" label="时间表（完成时限）">
            <DatePicker />
          </Form.Item>
          <Form.Item name="responsiblePerson" label="责任人">
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="status" label="完成情况">
            <Select style={{ width: 110 }} options={LIST_STATUSES.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
        </Space>
        <Form.Item name="completionNote" label="完成情况说明">
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
