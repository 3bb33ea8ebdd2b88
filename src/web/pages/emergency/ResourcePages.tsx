import { useUrlFilters } from '../../lib/urlFilters';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Result, Select, Space, Table, Tag } from 'antd';
import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, SearchOutlined, SwapOutlined, UploadOutlined } from '@ant-design/icons';
import { ExcelImportDialog } from '../../components/ExcelImportDialog';
import { call, download, useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { applyServerErrors } from '../../components/forms';
import { emergencyApi } from '../../../shared/contracts/emergency.api';
import type { ImportReport, MovementView } from '../../../shared/contracts/emergency';
import { MOVEMENT_LABELS, RESOURCE_KINDS, type MovementKind, type ResourceKind } from '../../../shared/emergency/catalog';
import { formatDate, formatDateTime } from '../../../shared/time';
import { KIND_UI, telLink, toBody, EXPIRY_TAG, type FieldDef, type KindUi, type Rec } from './emergencyUi';

type Page = { items: Rec[]; total: number; page: number; pageSize: number };

function FieldInput({ f }: { f: FieldDef }) {
  switch (f.type) {
    case 'textarea':
      return <Input.TextArea rows={f.name === 'fullText' ? 8 : 3} />;
    case 'int':
      return <InputNumber precision={0} style={{ width: '100%' }} />;
    case 'number':
      return <InputNumber style={{ width: '100%' }} />;
    case 'date':
      return <Input type="date" />;
    case 'select':
      return <Select options={(f.options ?? []).map((o) => ({ value: o, label: o }))} />;
    case 'phone':
      return <Input inputMode="tel" placeholder="手机 11 位或 027-83891234" />;
    default:
      return <Input />;
  }
}

/** Create or edit one record of a database (the same form). */
function RecordForm({ ui, record, open, onClose, onSaved }: { ui: KindUi; record?: Rec; open: boolean; onClose: () => void; onSaved: (r: Rec) => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const update = !!record;
  const save = useApiMutation(update ? ui.api.update : ui.api.create, { invalidates: ['emergency'] } as never);
  const fields = ui.fields.filter((f) => !(update && f.createOnly));
  return (
    <Modal title={`${update ? '修改' : '登记'}${ui.label}`} open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} okText="保存" width={720} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={record ?? {}}
        onFinish={(v) =>
          save.mutate({ ...(update ? { params: { id: record.id } } : {}), body: toBody(ui, v, update) } as never, {
            onSuccess: (r) => {
              message.success('已保存');
              onSaved(r as unknown as Rec);
            },
            onError: (e) => applyServerErrors(form, e, message),
          })
        }
      >
        {fields.map((f) => (
          <Form.Item key={f.name} name={f.name} label={f.label} rules={f.required ? [{ required: true, message: `请填写${f.label}` }] : []}>
            <FieldInput f={f} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/** Excel import of one database (the shared dialog: template, 检查, bad rows, 导入). */
function ImportDialog({ ui, open, onClose }: { ui: KindUi; open: boolean; onClose: () => void }) {
  return (
    <ExcelImportDialog<ImportReport>
      open={open}
      onClose={onClose}
      title={`导入${ui.label}`}
      hint="先下载导入模板，按表头填写（带 * 的为必填）。检查无误后导入；有误的行不会写入，除非勾选“跳过有误的行”。"
      skipLabel="跳过有误的行"
      downloadTemplate={() => download(ui.api.template as typeof emergencyApi.teamTemplate)}
      submit={async (body) => (await call(ui.api.importFile as typeof emergencyApi.teamImportFile, { body })) as ImportReport}
      invalidates={['emergency']}
      committedMessage={(r) => `已导入 ${r.created} 条${r.skipped ? `，跳过有误的 ${r.skipped} 行` : ''}`}
      summary={(r) => ({
        type: r.committed ? 'success' : r.invalid ? 'warning' : 'info',
        text: `共 ${r.total} 行：有效 ${r.valid} 行，有误 ${r.invalid} 行。${r.committed ? `已导入 ${r.created} 条。` : r.dryRun ? '仅检查，未写入。' : '未写入任何数据。'}`,
      })}
    />
  );
}

/** One database's list: keyword search, category filter, paging, import/export. */
export function ResourceListPage({ kind }: { kind: ResourceKind }) {
  const ui = KIND_UI[kind];
  const navigate = useNavigate();
  const { can } = useAuth();
  const { message } = App.useApp();
  const { params, set } = useUrlFilters();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const q = params.get('q') ?? undefined;
  const category = params.get('category') ?? undefined;
  const alert = (params.get('alert') ?? undefined) as 'low' | 'expiring' | 'expired' | undefined;
  const page = Number(params.get('page') ?? 1);
  const query = { q, category, alert, page, pageSize: 20 };
  const { data, isFetching, error } = useApiQuery(ui.api.list as typeof emergencyApi.teamList, { query }, { placeholderData: keepPreviousData });
  const list = data as unknown as Page | undefined;
  const manage = can('emergency.manage');
  const columns = ui.fields
    .filter((f) => f.column)
    .map((f) => ({
      title: f.label,
      dataIndex: f.name,
      // The record's name takes the width the other columns leave (ellipsis), so the list fits 1366 px.
      width: f.name === ui.titleField ? undefined : f.column!.width,
      ellipsis: f.name === ui.titleField ? { showTitle: true } : undefined,
      render: f.name === ui.titleField ? (v: unknown, r: Rec) => <a onClick={() => navigate(`/emergency/${kind}/${r.id}`)}>{f.column!.render ? f.column!.render(v, r) : String(v)}</a> : f.column!.render ?? ((v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v))),
    }));
  return (
    <Card
      title={`${ui.label}库`}
      extra={
        <Space wrap>
          <Button icon={<SearchOutlined />} onClick={() => navigate('/emergency/search')}>
            五库统一检索
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => download(ui.api.exportFile as typeof emergencyApi.teamExportFile, { query: { q, category, alert } }).catch((e: Error) => message.error(e.message))}>
            导出
          </Button>
          {manage && (
            <>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                导入
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                登记
              </Button>
            </>
          )}
        </Space>
      }
    >
      <div className="page-toolbar" style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Input.Search allowClear placeholder="关键词（如 液氯 泄漏）" defaultValue={q} style={{ width: 260 }} onSearch={(v) => set({ q: v || undefined })} />
        <Select allowClear placeholder={`全部${ui.categoryLabel}`} style={{ width: 160 }} value={category} options={ui.categoryOptions.map((o) => ({ value: o, label: o }))} onChange={(v) => set({ category: v })} />
        {kind === 'materials' && (
          <Select
            allowClear
            placeholder="预警"
            style={{ width: 140 }}
            value={alert}
            options={[
              { value: 'low', label: '低于最低库存' },
              { value: 'expiring', label: '临期（90 天内）' },
              { value: 'expired', label: '已过期' },
            ]}
            onChange={(v) => set({ alert: v })}
          />
        )}
      </div>
      {error && <Alert type="error" message={error.message} style={{ marginBottom: 12 }} />}
      <Table<Rec>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={list?.items}
        columns={columns}
        tableLayout="fixed"
        pagination={{ current: page, pageSize: 20, total: list?.total ?? 0, showTotal: (n) => `共 ${n} 条`, showSizeChanger: false, onChange: (p) => set({ page: String(p) }) }}
      />
      <RecordForm ui={ui} open={creating} onClose={() => setCreating(false)} onSaved={(r) => (setCreating(false), navigate(`/emergency/${kind}/${r.id}`))} />
      <ImportDialog ui={ui} open={importing} onClose={() => setImporting(false)} />
    </Card>
  );
}

export const TeamsPage = () => <ResourceListPage kind="teams" />;
export const MaterialsPage = () => <ResourceListPage kind="materials" />;
export const ExpertsPage = () => <ResourceListPage kind="experts" />;
export const RegulationsPage = () => <ResourceListPage kind="regulations" />;
export const CasesPage = () => <ResourceListPage kind="cases" />;

/** 出入库 / 调拨 / 报废 of one material, and its log. */
function Movements({ material }: { material: Rec }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [open, setOpen] = useState(false);
  const kind = Form.useWatch('kind', form) as MovementKind | undefined;
  const { data: log } = useApiQuery(emergencyApi.materialMovements, { params: { id: material.id } });
  const { data: stores } = useApiQuery(emergencyApi.materialList, open && kind === 'transfer' ? { query: { q: String(material.name), pageSize: 100 } } : null);
  const move = useApiMutation(emergencyApi.materialMove, { invalidates: ['emergency'] });
  return (
    <Card
      title="库存变动记录"
      size="small"
      style={{ marginTop: 16 }}
      extra={
        material.canEdit && (
          <Button icon={<SwapOutlined />} onClick={() => setOpen(true)}>
            出入库
          </Button>
        )
      }
    >
      <Table<MovementView>
        rowKey="id"
        size="small"
        dataSource={log}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
          { title: '类别', dataIndex: 'kind', width: 70, render: (v: MovementKind) => MOVEMENT_LABELS[v] },
          { title: '数量', dataIndex: 'quantity', width: 80 },
          { title: '结存', dataIndex: 'balanceAfter', width: 80 },
          { title: '对方', dataIndex: 'counterpartName', width: 160, ellipsis: true, render: (v: string | null) => v ?? '—' },
          { title: '事由', dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '—' },
          { title: '经办', dataIndex: 'actorName', width: 140, ellipsis: true },
        ]}
      />
      <Modal title="出入库" open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={move.isPending} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'out' }}
          onFinish={(v) =>
            move.mutate(
              { params: { id: material.id }, body: v },
              { onSuccess: (r) => (message.success(`已办理，现有库存 ${r.quantity}${r.unitOfMeasure}`), setOpen(false), form.resetFields()), onError: (e) => applyServerErrors(form, e, message) },
            )
          }
        >
          <Form.Item name="kind" label="类别">
            <Select options={Object.entries(MOVEMENT_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="quantity" label={`数量（${String(material.unitOfMeasure)}，现有 ${String(material.quantity)}）`} rules={[{ required: true, message: '请填写数量' }]}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          {kind === 'transfer' && (
            <Form.Item name="toMaterialId" label="调入存放点" rules={[{ required: true, message: '请选择调入的存放点' }]}>
              <Select
                options={(stores?.items ?? [])
                  .filter((s) => s.id !== material.id && s.name === material.name && s.unitOfMeasure === material.unitOfMeasure)
                  .map((s) => ({ value: s.id, label: `${s.ownerName} ${s.depot}（现有 ${s.quantity}）` }))}
                notFoundContent="没有同名同计量单位的其他存放点"
              />
            </Form.Item>
          )}
          <Form.Item name="note" label="事由">
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** The detail page of a record of any of the five databases: `/emergency/:kind/:id`. */
export default function ResourceDetailPage() {
  const { kind, id } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const valid = (RESOURCE_KINDS as readonly string[]).includes(kind ?? '');
  const ui = valid ? KIND_UI[kind as ResourceKind] : KIND_UI.teams;
  const { data, error } = useApiQuery(ui.api.get as typeof emergencyApi.teamGet, valid && id ? { params: { id } } : null);
  const remove = useApiMutation(ui.api.remove as typeof emergencyApi.teamRemove, { invalidates: ['emergency'] });
  if (!valid) return <Result status="404" title="页面不存在" />;
  if (error) return <Result status={error.status === 404 ? '404' : 'error'} title={error.message} />;
  const r = data as unknown as Rec | undefined;
  if (!r) return <Card loading />;
  const show = (f: FieldDef) => {
    const v = r[f.name];
    if (v === null || v === undefined || v === '') return '—';
    if (f.type === 'phone') return telLink(v);
    if (f.type === 'date') return formatDate(String(v));
    if (f.type === 'textarea') return <div style={{ whiteSpace: 'pre-wrap' }}>{String(v)}</div>;
    if (f.name === 'quantity') return `${String(v)} ${String(r.unitOfMeasure)}`;
    return String(v);
  };
  return (
    <>
      <Card
        title={
          <Space wrap>
            <span>{String(r[ui.titleField])}</span>
            <Tag>{ui.label}</Tag>
            {r.lowStock === true && <Tag color="red">低于最低库存</Tag>}
            {EXPIRY_TAG[String(r.expiry)]}
          </Space>
        }
        extra={
          r.canEdit && (
            <Space>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                修改
              </Button>
              <Popconfirm title="确定删除？" onConfirm={() => remove.mutate({ params: { id: r.id } }, { onSuccess: () => (message.success('已删除'), navigate(`/emergency/${kind}`)), onError: (e) => message.error(e.message) })}>
                <Button danger icon={<DeleteOutlined />}>
                  删除
                </Button>
              </Popconfirm>
            </Space>
          )
        }
      >
        <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }}>
          {ui.fields.map((f) => (
            <Descriptions.Item key={f.name} label={f.label} span={f.type === 'textarea' ? 2 : 1}>
              {show(f)}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label="录入单位">{r.ownerUnitName}</Descriptions.Item>
          <Descriptions.Item label="更新时间">{formatDateTime(r.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      {kind === 'materials' && <Movements material={r} />}
      <RecordForm ui={ui} record={r} open={editing} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
    </>
  );
}
