import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Result, Select, Space, Spin, Tabs, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, call, download, invalidate, keyOf, useApiQuery } from '../../lib/client';
import { checklistApi } from '../../../shared/contracts/checklist.api';
import { AuditHistory } from '../../components/AuditHistory';
import { applyServerErrors } from '../../components/forms';
import { HAZARD_STANDARDS } from '../../../shared/hazard/standards';
import type { ChecklistItemInput, ChecklistItemView, DraftUpdate, TemplateVersionView } from '../../../shared/contracts/checklist';
import { ChecklistTable, VersionStatusTag } from './checklistUi';

const toInput = (i: ChecklistItemView): ChecklistItemInput => ({
  category: i.category,
  project: i.project,
  point: i.point,
  basis: i.basis,
  method: i.method,
  major: i.major ? { standard: i.major.standard, item: i.major.item } : null,
});

/** One checklist: its versions (current, drafts, history), the directory, editing of drafts. */
export default function ChecklistDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const detail = useApiQuery(checklistApi.getTemplate, id ? { params: { id } } : null);
  const versionId = params.get('version') ?? detail.data?.versions.find((v) => v.status === 'draft')?.id ?? detail.data?.template.currentVersionId ?? detail.data?.versions[0]?.id;
  const version = useApiQuery(checklistApi.getVersion, versionId ? { params: { id: versionId } } : null);
  const [editing, setEditing] = useState<{ index: number | null; item: ChecklistItemInput } | null>(null);
  const [meta, setMeta] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [itemForm] = Form.useForm();
  const [metaForm] = Form.useForm();
  const [pubForm] = Form.useForm();
  const stdId = Form.useWatch('majorStandard', itemForm) as string | undefined;

  const refresh = (v?: TemplateVersionView) => {
    if (v) qc.setQueryData(keyOf(checklistApi.getVersion, { params: { id: v.id } }), v);
    void invalidate(qc, checklistApi.getTemplate, checklistApi.listTemplates);
  };
  const onError = (e: unknown) => message.error(e instanceof ApiError ? e.message : '操作失败');
  const patch = useMutation({
    mutationFn: (body: DraftUpdate) => call(checklistApi.updateDraft, { params: { id: versionId! }, body: { ...body, rev: version.data?.rev } }),
    onSuccess: (v) => {
      refresh(v);
      setEditing(null);
      setMeta(false);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) void version.refetch();
      applyServerErrors(editing ? itemForm : metaForm, e, message);
    },
  });
  const newVersion = useMutation({
    mutationFn: () => call(checklistApi.createDraft, { params: { id: id! } }),
    onSuccess: (v) => {
      refresh(v);
      setParams({ version: v.id });
      message.success(`已新建第 ${v.version} 版草稿，可编辑后发布`);
    },
    onError,
  });
  const publish = useMutation({
    mutationFn: (body: { changeNote?: string }) => call(checklistApi.publish, { params: { id: versionId! }, body: { ...body, rev: version.data?.rev } }),
    onSuccess: (v) => {
      refresh(v);
      setPublishing(false);
      message.success(`第 ${v.version} 版已发布，新开始的自查将使用该版本`);
    },
    onError,
  });
  const discard = useMutation({
    mutationFn: () => call(checklistApi.deleteDraft, { params: { id: versionId! } }),
    onSuccess: (r) => {
      void invalidate(qc, checklistApi.listTemplates);
      if (r.templateDeleted) navigate('/checklists');
      else {
        setParams({});
        void invalidate(qc, checklistApi.getTemplate);
      }
    },
    onError,
  });

  const v = version.data;
  const items = useMemo(() => v?.items ?? [], [v]);
  const categories = useMemo(() => [...new Set(items.map((i) => i.category))], [items]);
  const saveItems = (list: ChecklistItemInput[]) => patch.mutate({ items: list });
  const openItem = (index: number | null) => {
    const base = index === null ? { category: items[items.length - 1]?.category ?? '', project: '', point: '', basis: '', method: '', major: null } : toInput(items[index]);
    setEditing({ index, item: base });
    itemForm.setFieldsValue({ ...base, majorStandard: base.major?.standard, majorItem: base.major?.item });
  };

  if (detail.isLoading) return <Spin style={{ margin: 48 }} />;
  if (detail.error || !detail.data) return <Result status="404" title="检查清单不存在或无权访问" extra={<Button onClick={() => navigate('/checklists')}>返回</Button>} />;
  const { template, versions } = detail.data;
  const draft = versions.find((x) => x.status === 'draft');

  return (
    <Card
      title={
        <Space wrap>
          {v?.name ?? template.name}
          {v && <VersionStatusTag status={v.status} />}
        </Space>
      }
      extra={
        <Space wrap>
          <Select
            style={{ width: 190 }}
            value={versionId}
            onChange={(x) => setParams({ version: x })}
            options={versions.map((x) => ({ value: x.id, label: `第 ${x.version} 版（${x.status === 'draft' ? '草稿' : x.status === 'published' ? '现行' : '历史'}）` }))}
          />
          {v && (
            <Button icon={<DownloadOutlined />} onClick={() => download(checklistApi.exportVersion, { params: { id: v.id } }).catch(onError)}>
              导出 Excel
            </Button>
          )}
          {template.editable && !draft && (
            <Button icon={<EditOutlined />} loading={newVersion.isPending} onClick={() => newVersion.mutate()}>
              新建版本
            </Button>
          )}
          <Button onClick={() => navigate('/checklists')}>返回</Button>
        </Space>
      }
    >
      {v?.editable && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`第 ${v.version} 版为草稿：修改只影响草稿，发布后成为现行版本并冻结；进行中的自查仍使用开始时的版本。`}
          action={
            <Space wrap>
              <Button size="small" icon={<UploadOutlined />} onClick={() => navigate(`/checklists/import?templateId=${template.id}`)}>
                从 Excel 导入
              </Button>
              <Button
                size="small"
                onClick={() => {
                  metaForm.setFieldsValue({ name: v.name, applicability: v.applicability, basisNote: v.basisNote, methodNote: v.methodNote, changeNote: v.changeNote ?? '' });
                  setMeta(true);
                }}
              >
                编辑说明
              </Button>
              <Button size="small" type="primary" icon={<SendOutlined />} disabled={!items.length} onClick={() => setPublishing(true)}>
                发布
              </Button>
              <Popconfirm title="删除该草稿？" onConfirm={() => discard.mutate()}>
                <Button size="small" danger>
                  删除草稿
                </Button>
              </Popconfirm>
            </Space>
          }
        />
      )}
      {draft && draft.id !== versionId && template.editable && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`第 ${draft.version} 版草稿待发布`} action={<Button size="small" onClick={() => setParams({ version: draft.id })}>查看草稿</Button>} />
      )}
      {v && (
        <Tabs
          items={[
            {
              key: 'items',
              label: `检查项（${v.itemCount}）`,
              children: (
                <>
                  <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
                    <Descriptions.Item label="行业领域">{v.sectorName}</Descriptions.Item>
                    <Descriptions.Item label="版本">
                      第 {v.version} 版{v.publishedAt ? `（${new Date(v.publishedAt).toLocaleDateString('zh-CN')} 发布${v.publishedByName ? `，${v.publishedByName}` : ''}）` : ''}
                    </Descriptions.Item>
                    <Descriptions.Item label="重大隐患判定项">{v.majorCount} 项</Descriptions.Item>
                    <Descriptions.Item label="适用范围" span={3}>
                      {v.applicability || '—'}
                    </Descriptions.Item>
                    {v.changeNote && (
                      <Descriptions.Item label="版本说明" span={3}>
                        {v.changeNote}
                      </Descriptions.Item>
                    )}
                  </Descriptions>
                  <Typography.Paragraph style={{ fontSize: 13, background: '#fafafa', padding: 8, marginBottom: 6 }}>{v.basisNote}</Typography.Paragraph>
                  <Typography.Paragraph style={{ fontSize: 13, background: '#fafafa', padding: 8 }}>{v.methodNote}</Typography.Paragraph>
                  {v.editable && (
                    <Button icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => openItem(null)}>
                      新增检查项
                    </Button>
                  )}
                  <ChecklistTable
                    items={items}
                    loading={version.isLoading}
                    extra={
                      v.editable
                        ? [
                            {
                              title: '操作',
                              key: 'ops',
                              width: 130,
                              fixed: 'right',
                              render: (_: unknown, r: ChecklistItemView) => {
                                const i = items.findIndex((x) => x.id === r.id);
                                const list = items.map(toInput);
                                const move = (d: number) => {
                                  const next = [...list];
                                  [next[i], next[i + d]] = [next[i + d], next[i]];
                                  saveItems(next);
                                };
                                return (
                                  <Space size={2}>
                                    <Button size="small" type="text" icon={<EditOutlined />} aria-label="编辑" onClick={() => openItem(i)} />
                                    <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label="上移" disabled={i === 0} onClick={() => move(-1)} />
                                    <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label="下移" disabled={i === items.length - 1} onClick={() => move(1)} />
                                    <Button
                                      size="small"
                                      type="text"
                                      danger
                                      icon={<DeleteOutlined />}
                                      aria-label="删除"
                                      onClick={() => modal.confirm({ title: `删除第 ${r.seq} 项？`, onOk: () => saveItems(list.filter((_, k) => k !== i)) })}
                                    />
                                  </Space>
                                );
                              },
                            },
                          ]
                        : undefined
                    }
                  />
                </>
              ),
            },
            {
              key: 'versions',
              label: `版本（${versions.length}）`,
              children: (
                <Descriptions bordered size="small" column={1}>
                  {versions.map((x) => (
                    <Descriptions.Item key={x.id} label={<a onClick={() => setParams({ version: x.id })}>第 {x.version} 版</a>}>
                      <Space wrap>
                        <VersionStatusTag status={x.status} />
                        {x.itemCount} 项（重大隐患判定项 {x.majorCount}）
                        {x.publishedAt ? `发布于 ${new Date(x.publishedAt).toLocaleString('zh-CN')}` : `创建于 ${new Date(x.createdAt).toLocaleString('zh-CN')}`}
                        {x.changeNote && <Typography.Text type="secondary">{x.changeNote.slice(0, 80)}</Typography.Text>}
                      </Space>
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              ),
            },
            { key: 'history', label: '变更记录', children: <AuditHistory endpoint={checklistApi.history} params={{ id: template.id }} /> },
          ]}
        />
      )}

      <Modal
        title={editing?.index === null ? '新增检查项' : `编辑第 ${(editing?.index ?? 0) + 1} 项`}
        open={!!editing}
        width={720}
        onCancel={() => setEditing(null)}
        onOk={() => itemForm.submit()}
        confirmLoading={patch.isPending}
        destroyOnHidden
      >
        <Form
          form={itemForm}
          layout="vertical"
          onFinish={(f) => {
            const it: ChecklistItemInput = {
              category: f.category,
              project: f.project,
              point: f.point,
              basis: f.basis,
              method: f.method,
              major: f.majorStandard && f.majorItem ? { standard: f.majorStandard, item: f.majorItem } : null,
            };
            const list = items.map(toInput);
            if (editing!.index === null) list.push(it);
            else list[editing!.index] = it;
            saveItems(list);
          }}
        >
          <Space.Compact block>
            <Form.Item name="category" label="类别" rules={[{ required: true, message: '必填' }]} style={{ width: '40%' }}>
              <AutoComplete options={categories.map((c) => ({ value: c }))} placeholder="选择或输入" maxLength={50} />
            </Form.Item>
            <Form.Item name="project" label="项目" rules={[{ required: true, message: '必填' }]} style={{ width: '60%' }}>
              <Input maxLength={100} />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="point" label="检查要点" rules={[{ required: true, min: 2, message: '请填写可检查的具体要求' }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          <Form.Item name="basis" label="检查依据" rules={[{ required: true, min: 2, message: '请填写法律法规或标准条款' }]} extra="不确定条款号时只写文件名称，不要编造条款号。">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="method" label="检查方法及判定标准" rules={[{ required: true, min: 2, message: '必填' }]}>
            <Input.TextArea rows={3} maxLength={1000} placeholder="查资料/查现场/问询；判定：……的，判为不合格。" />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="majorStandard" label="重大隐患判定标准（不是判定项则留空）" style={{ width: '55%' }}>
              <Select allowClear options={HAZARD_STANDARDS.map((s) => ({ value: s.id, label: s.name }))} onChange={() => itemForm.setFieldValue('majorItem', undefined)} />
            </Form.Item>
            <Form.Item name="majorItem" label="条款" style={{ width: '45%' }}>
              <Select
                allowClear
                disabled={!stdId}
                showSearch
                optionFilterProp="label"
                options={(HAZARD_STANDARDS.find((s) => s.id === stdId)?.items ?? []).map((i) => ({ value: i.item, label: `${i.label} ${i.text.slice(0, 40)}` }))}
              />
            </Form.Item>
          </Space.Compact>
        </Form>
      </Modal>

      <Modal title="编辑清单说明" open={meta} width={720} onCancel={() => setMeta(false)} onOk={() => metaForm.submit()} confirmLoading={patch.isPending} destroyOnHidden>
        <Form form={metaForm} layout="vertical" onFinish={(f) => patch.mutate(f)}>
          <Form.Item name="name" label="清单名称" rules={[{ required: true, min: 2 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="applicability" label="适用范围">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item name="basisNote" label="说明一（检查依据）">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="methodNote" label="说明二（检查方法及判定标准）">
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
          <Form.Item name="changeNote" label="本版修订说明">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal title={`发布第 ${v?.version} 版`} open={publishing} onCancel={() => setPublishing(false)} onOk={() => pubForm.submit()} confirmLoading={publish.isPending} okText="发布" destroyOnHidden>
        <Typography.Paragraph>发布后该版本冻结不可修改，成为现行版本；原现行版本转为历史版本（仍可查阅，已开始的自查继续使用原版本）。</Typography.Paragraph>
        <Form form={pubForm} layout="vertical" initialValues={{ changeNote: v?.changeNote ?? '' }} onFinish={(f) => publish.mutate(f)}>
          <Form.Item name="changeNote" label="修订说明">
            <Input.TextArea rows={3} maxLength={500} placeholder="本版修订了哪些内容" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
