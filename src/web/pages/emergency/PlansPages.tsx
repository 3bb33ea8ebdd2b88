import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Grid, Input, List, Modal, Radio, Row, Select, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { AuditOutlined, CheckOutlined, EditOutlined, FileWordOutlined, PlusOutlined, RollbackOutlined, SendOutlined, UploadOutlined, WarningOutlined } from '@ant-design/icons';
import { ApiError, call, invalidate, urlOf, useApiMutation, useApiQuery } from '../../lib/client';
import { useQueryClient } from '@tanstack/react-query';
import { useAuth } from '../../lib/auth';
import { useUrlFilters } from '../../lib/urlFilters';
import { applyServerErrors } from '../../components/forms';
import { ConfirmDelete, dropFromLists } from './emergencyUi';
import { emergencyApi } from '../../../shared/contracts/emergency.api';
import { filesApi } from '../../../shared/contracts/platform.api';
import type { PlanDetail, PlanView } from '../../../shared/contracts/emergency.plans';
import { PLAN_LEVELS, PLAN_STATUS_LABELS, PLAN_TYPES, type PlanStatus } from '../../../shared/emergency/plans';
import { formatDate, formatDateTime } from '../../../shared/time';

/** 应急预案: the registry (own, to review, the district's), a plan with its versions and review, the office's expiry dashboard. */

const STATUS_COLOR: Record<string, string> = { draft: 'default', submitted: 'processing', returned: 'error', filed: 'success' };
const REVISION_COLOR: Record<string, string> = { ok: 'green', due_soon: 'orange', overdue: 'red', needs_revision: 'volcano', not_filed: 'default' };

export const statusTag = (p: Pick<PlanView, 'status' | 'statusLabel'>) => <Tag color={STATUS_COLOR[p.status]}>{p.statusLabel}</Tag>;
const revisionTag = (p: PlanView) => (p.revisionState === 'not_filed' ? <Typography.Text type="secondary">未备案</Typography.Text> : <Tag color={REVISION_COLOR[p.revisionState]}>{p.revisionState === 'ok' ? formatDate(p.nextRevisionOn) : `${p.nextRevisionOn ? `${formatDate(p.nextRevisionOn)} ` : ''}${p.revisionLabel}`}</Tag>);

/** The plan form (create and edit): name, level, type, event, summary, linked teams/materials/experts. */
function PlanForm({ open, plan, onClose }: { open: boolean; plan?: PlanDetail; onClose: (id?: string) => void }) {
  const { message } = App.useApp();
  const { me } = useAuth();
  const [form] = Form.useForm();
  const create = useApiMutation(emergencyApi.planCreate, { invalidates: ['emergency'] });
  const update = useApiMutation(emergencyApi.planUpdate, { invalidates: ['emergency'] });
  const teams = useApiQuery(emergencyApi.teamList, open ? { query: { pageSize: 100 } } : null);
  const materials = useApiQuery(emergencyApi.materialList, open ? { query: { pageSize: 100 } } : null);
  const experts = useApiQuery(emergencyApi.expertList, open ? { query: { pageSize: 100 } } : null);
  const linkOptions = [
    { label: '救援队伍', options: (teams.data?.items ?? []).map((x) => ({ value: `teams:${x.id}`, label: x.name })) },
    { label: '设备物资', options: (materials.data?.items ?? []).map((x) => ({ value: `materials:${x.id}`, label: `${x.name}（${x.depot}）` })) },
    { label: '专家', options: (experts.data?.items ?? []).map((x) => ({ value: `experts:${x.id}`, label: `${x.name}（${x.field}）` })) },
  ];
  const isEnterprise = !!me?.enterpriseId;
  const save = (v: { title: string; level: string; type: string; eventType?: string; summary?: string; links?: string[] }) => {
    const body = {
      title: v.title,
      level: v.level as (typeof PLAN_LEVELS)[number],
      type: v.type as (typeof PLAN_TYPES)[number],
      eventType: v.eventType || null,
      summary: v.summary || null,
      links: (v.links ?? []).map((s) => {
        const [kind, id] = s.split(':');
        return { kind: kind as 'teams', id };
      }),
    };
    const done = { onSuccess: (p: PlanDetail) => (message.success('已保存'), form.resetFields(), onClose(p.id)), onError: (e: unknown) => applyServerErrors(form, e, message) };
    if (plan) update.mutate({ params: { id: plan.id }, body }, done);
    else create.mutate({ body }, done);
  };
  const initial = plan
    ? { title: plan.title, level: plan.level, type: plan.type, eventType: plan.eventType ?? undefined, summary: plan.summary ?? undefined, links: plan.links.map((l) => `${l.kind}:${l.id}`) }
    : { level: isEnterprise ? '企业' : undefined, type: '专项应急预案' };
  return (
    <Modal open={open} title={plan ? '修改预案信息' : '登记应急预案'} onCancel={() => onClose()} onOk={() => form.submit()} confirmLoading={create.isPending || update.isPending} okText="保存" destroyOnHidden width={640}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save} preserve={false}>
        <Form.Item name="title" label="预案名称" rules={[{ required: true, message: '请填写预案名称' }]}>
          <Input maxLength={150} placeholder="如：将军路街道生产安全事故应急预案" />
        </Form.Item>
        <Space wrap style={{ width: '100%' }}>
          <Form.Item name="level" label="级别" rules={[{ required: true, message: '请选择级别' }]}>
            <Select style={{ width: 140 }} options={PLAN_LEVELS.filter((l) => (isEnterprise ? l === '企业' : l !== '企业')).map((l) => ({ value: l, label: l }))} />
          </Form.Item>
          <Form.Item name="type" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
            <Select style={{ width: 180 }} options={PLAN_TYPES.map((l) => ({ value: l, label: l }))} />
          </Form.Item>
          <Form.Item name="eventType" label="适用事件">
            <Input style={{ width: 180 }} maxLength={50} placeholder="如：危化品泄漏" />
          </Form.Item>
        </Space>
        <Form.Item name="summary" label="内容摘要">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="links" label="关联资源（救援队伍、物资、专家）">
          <Select mode="multiple" allowClear showSearch optionFilterProp="label" options={linkOptions} placeholder="从五库中选择" loading={teams.isFetching || materials.isFetching || experts.isFetching} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 预案登记册. */
export default function PlansPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const { params, set } = useUrlFilters();
  const [creating, setCreating] = useState(false);
  const view = (params.get('view') ?? 'all') as 'all' | 'mine' | 'review';
  const status = (params.get('status') ?? undefined) as PlanStatus | undefined;
  const q = params.get('q') ?? undefined;
  const page = Number(params.get('page') ?? 1);
  const { data, isFetching } = useApiQuery(emergencyApi.planList, { query: { view, status, q, page, pageSize: 20 } }, { placeholderData: keepPreviousData });
  const canWrite = can('emergency.plan');
  const canReview = can('emergency.plan.review');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const remove = (r: PlanView) =>
    call(emergencyApi.planDelete, { params: { id: r.id } }).then(
      () => (dropFromLists(qc, emergencyApi.planList, r.id), message.success(`已删除预案草稿《${r.title}》`), invalidate(qc, 'emergency')),
      (e: unknown) => message.error(e instanceof ApiError ? e.message : '删除失败'),
    );
  const deleteButton = (r: PlanView) => r.canDelete && <ConfirmDelete size="small" title={`删除预案草稿《${r.title}》？`} description="已上传的文本一并删除，不可恢复。" onConfirm={() => remove(r)} />;
  return (
    <Card
      title="应急预案"
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记预案
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Radio.Group value={view} onChange={(e) => set({ view: e.target.value === 'all' ? undefined : e.target.value, page: undefined })} optionType="button">
          <Radio.Button value="all">全部</Radio.Button>
          {canWrite && <Radio.Button value="mine">本单位</Radio.Button>}
          {canReview && <Radio.Button value="review">报备审查</Radio.Button>}
        </Radio.Group>
        <Select allowClear placeholder="状态" style={{ width: 150 }} value={status} onChange={(v) => set({ status: v, page: undefined })} options={Object.entries(PLAN_STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
        <Input.Search allowClear placeholder="预案或单位名称" defaultValue={q} onSearch={(v) => set({ q: v || undefined, page: undefined })} style={{ width: 220 }} />
      </Space>
      {screens.md ? (
        <Table<PlanView>
          rowKey="id"
          size="middle"
          loading={isFetching}
          dataSource={data?.items}
          pagination={{ current: page, pageSize: 20, total: data?.total, showSizeChanger: false, onChange: (p) => set({ page: String(p) }) }}
          onRow={(r) => ({ onClick: () => navigate(`/emergency/plans/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: '预案名称', dataIndex: 'title', render: (v: string, r) => <Link to={`/emergency/plans/${r.id}`}>{v}</Link> },
            { title: '编制单位', dataIndex: 'ownerName', width: 150 },
            { title: '级别', dataIndex: 'level', width: 70 },
            { title: '类型', dataIndex: 'type', width: 120 },
            { title: '状态', dataIndex: 'status', width: 120, render: (_: unknown, r) => statusTag(r) },
            { title: '版本', dataIndex: 'currentVersion', width: 60, render: (v: number) => (v ? `第${v}版` : '—') },
            { title: '下次修订', dataIndex: 'nextRevisionOn', width: 150, render: (_: unknown, r) => revisionTag(r) },
            ...(canWrite ? [{ title: '操作', key: 'actions', width: 90, render: (_: unknown, r: PlanView) => deleteButton(r) }] : []),
          ]}
        />
      ) : (
        <List
          loading={isFetching}
          dataSource={data?.items}
          locale={{ emptyText: <Empty description="暂无预案" /> }}
          pagination={data && data.total > 20 ? { current: page, pageSize: 20, total: data.total, onChange: (p) => set({ page: String(p) }), size: 'small' } : false}
          renderItem={(r) => (
            <List.Item onClick={() => navigate(`/emergency/plans/${r.id}`)} style={{ cursor: 'pointer' }} extra={deleteButton(r)}>
              <List.Item.Meta title={<Link to={`/emergency/plans/${r.id}`}>{r.title}</Link>} description={<Space wrap size={4}>{statusTag(r)}{r.type}{revisionTag(r)}</Space>} />
            </List.Item>
          )}
        />
      )}
      <PlanForm open={creating} onClose={(id) => (setCreating(false), id && navigate(`/emergency/plans/${id}`))} />
    </Card>
  );
}

/** One plan: its data, versions and review; the owner uploads and files, the reviewer accepts or returns. */
export function PlanDetailPage() {
  const { id } = useParams();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const { data: p, error, isLoading } = useApiQuery(emergencyApi.planGet, id ? { params: { id } } : null);
  const [editing, setEditing] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [returning, setReturning] = useState(false);
  const [revising, setRevising] = useState(false);
  const [note, setNote] = useState('');
  const [text, setText] = useState('');
  const submit = useApiMutation(emergencyApi.planSubmit, { invalidates: ['emergency'] });
  const review = useApiMutation(emergencyApi.planReview, { invalidates: ['emergency'] });
  const revise = useApiMutation(emergencyApi.planNeedsRevision, { invalidates: ['emergency'] });
  const { can } = useAuth();
  const navigate = useNavigate();
  if (error) return <Alert type="error" message={error.message} />;
  if (isLoading || !p) return <Card loading />;
  const uploadFile = async (file: File) => {
    const fd = new FormData();
    if (note.trim()) fd.append('note', note.trim());
    fd.append('file', file);
    setUploading(true);
    try {
      await call(emergencyApi.planUploadVersion, { params: { id: p.id }, body: fd });
      await invalidate(qc, 'emergency');
      setNote('');
      message.success('已上传新版本');
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '上传失败');
    } finally {
      setUploading(false);
    }
  };
  const onErr = (e: ApiError) => message.error(e.message);
  // The lists are marked stale, not refetched here: this page's own query would refetch and answer 404.
  const remove = () =>
    call(emergencyApi.planDelete, { params: { id: p.id } }).then(
      () => (dropFromLists(qc, emergencyApi.planList, p.id), void qc.invalidateQueries({ queryKey: ['emergency'], refetchType: 'none' }), message.success('预案草稿已删除'), navigate('/emergency/plans', { replace: true })),
      (e: unknown) => message.error(e instanceof ApiError ? e.message : '删除失败'),
    );
  const accept = () =>
    modal.confirm({
      title: '同意备案？',
      content: `《${p.title}》第 ${p.currentVersion} 版备案后，下次修订期限为三年后。`,
      okText: '备案',
      onOk: () => review.mutateAsync({ params: { id: p.id }, body: { decision: 'accept' } }).then(() => message.success('已备案'), onErr),
    });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space wrap>
            <FileWordOutlined />
            <span style={{ whiteSpace: 'normal' }}>{p.title}</span>
            {statusTag(p)}
          </Space>
        }
        extra={<Link to="/emergency/plans">返回列表</Link>}
      >
        {p.status === 'returned' && p.lastComment && <Alert type="error" showIcon style={{ marginBottom: 12 }} message="审查退回意见" description={p.lastComment} />}
        {p.needsRevision && <Alert type="warning" showIcon icon={<WarningOutlined />} style={{ marginBottom: 12 }} message="预案需修订" description={p.revisionReason} />}
        <Descriptions size="small" column={screens.md ? 3 : 1} bordered>
          <Descriptions.Item label="编制单位">{p.ownerName}</Descriptions.Item>
          <Descriptions.Item label="级别">{p.level}</Descriptions.Item>
          <Descriptions.Item label="类型">{p.type}</Descriptions.Item>
          <Descriptions.Item label="适用事件">{p.eventType ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="报备审查单位">{p.reviewerName}</Descriptions.Item>
          <Descriptions.Item label="备案编号">{p.filingNo ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="备案日期">{formatDate(p.filedOn) || '—'}</Descriptions.Item>
          <Descriptions.Item label="下次修订">{revisionTag(p)}</Descriptions.Item>
          <Descriptions.Item label="当前版本">{p.currentVersion ? `第${p.currentVersion}版` : '未上传'}</Descriptions.Item>
          <Descriptions.Item label="内容摘要" span={screens.md ? 3 : 1}>
            {p.summary ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="关联资源" span={screens.md ? 3 : 1}>
            {p.links.length ? (
              <Space wrap size={4}>
                {p.links.map((l) => (
                  <Tag key={`${l.kind}:${l.id}`}>
                    <Link to={`/emergency/${l.kind}/${l.id}`}>
                      {l.kindLabel}：{l.label}
                    </Link>
                  </Tag>
                ))}
              </Space>
            ) : (
              '—'
            )}
          </Descriptions.Item>
        </Descriptions>
        <Space wrap style={{ marginTop: 16 }}>
          {p.canEdit && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              修改信息
            </Button>
          )}
          {p.canEdit && (
            <Space.Compact>
              <Input placeholder="版本说明（可选）" value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 180 }} maxLength={300} />
              <Upload accept=".docx,.pdf" showUploadList={false} beforeUpload={(f) => (void uploadFile(f), false)}>
                <Button icon={<UploadOutlined />} loading={uploading}>
                  上传预案文本
                </Button>
              </Upload>
            </Space.Compact>
          )}
          {p.canEdit && p.status !== 'filed' && (
            <Button type="primary" icon={<SendOutlined />} loading={submit.isPending} onClick={() => submit.mutate({ params: { id: p.id } }, { onSuccess: () => message.success(`已报备至${p.reviewerName}`), onError: onErr })}>
              报备
            </Button>
          )}
          {p.canReview && (
            <>
              <Button type="primary" icon={<CheckOutlined />} onClick={accept}>
                备案
              </Button>
              <Button danger icon={<RollbackOutlined />} onClick={() => setReturning(true)}>
                退回
              </Button>
            </>
          )}
          {p.canDelete && <ConfirmDelete title="删除这份预案草稿？" description="已上传的文本一并删除，不可恢复；报备后不能再删除。" onConfirm={remove} />}
          {p.status === 'filed' && !p.needsRevision && can('emergency.plan') && (
            <Button icon={<AuditOutlined />} onClick={() => setRevising(true)}>
              标记需修订
            </Button>
          )}
        </Space>
      </Card>
      <Card title="版本与审查记录" size="small">
        {screens.md ? (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={p.versions}
            locale={{ emptyText: '尚未上传预案文本' }}
            columns={[
              { title: '版本', dataIndex: 'version', width: 70, render: (v: number) => `第${v}版` },
              { title: '文件', dataIndex: 'fileName', render: (v: string, r) => <a href={urlOf(filesApi.download, { params: { id: r.fileId } })} target="_blank" rel="noreferrer">{v}</a> },
              { title: '说明', dataIndex: 'note', render: (v: string | null) => v ?? '—' },
              { title: '上传', dataIndex: 'uploadedAt', width: 170, render: (v: string, r) => `${formatDateTime(v)} ${r.uploadedByName}` },
              { title: '报备', dataIndex: 'submittedAt', width: 150, render: (v: string | null) => (v ? formatDateTime(v) : '未报备') },
              {
                title: '审查',
                dataIndex: 'decision',
                width: 260,
                render: (v: string | null, r) => (v ? <span>{v === 'accepted' ? <Tag color="success">已备案</Tag> : <Tag color="error">退回</Tag>}{r.comment}</span> : r.submittedAt ? '待审查' : '—'),
              },
            ]}
          />
        ) : (
          <List
            dataSource={p.versions}
            locale={{ emptyText: '尚未上传预案文本' }}
            renderItem={(r) => (
              <List.Item>
                <List.Item.Meta
                  title={<a href={urlOf(filesApi.download, { params: { id: r.fileId } })}>{`第${r.version}版 ${r.fileName}`}</a>}
                  description={r.decision ? `${r.decision === 'accepted' ? '已备案' : '退回'} ${r.comment ?? ''}` : r.submittedAt ? '待审查' : '未报备'}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      {editing && <PlanForm open plan={p} onClose={() => setEditing(false)} />}
      <Modal
        open={returning}
        title="退回预案"
        okText="退回"
        okButtonProps={{ danger: true, disabled: text.trim().length < 2 }}
        confirmLoading={review.isPending}
        onCancel={() => setReturning(false)}
        onOk={() => review.mutate({ params: { id: p.id }, body: { decision: 'return', comment: text.trim() } }, { onSuccess: () => (message.success('已退回'), setReturning(false), setText('')), onError: onErr })}
      >
        <Typography.Paragraph type="secondary">请写明需要修改的内容，报备单位修改后上传新版本重新报备。</Typography.Paragraph>
        <Input.TextArea aria-label="修改意见" rows={4} maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} placeholder="修改意见" />
      </Modal>
      <Modal
        open={revising}
        title="标记预案需修订"
        okText="确定"
        okButtonProps={{ disabled: text.trim().length < 2 }}
        confirmLoading={revise.isPending}
        onCancel={() => setRevising(false)}
        onOk={() => revise.mutate({ params: { id: p.id }, body: { reason: text.trim() } }, { onSuccess: () => (message.success('已标记'), setRevising(false), setText('')), onError: onErr })}
      >
        <Input.TextArea aria-label="原因" rows={3} maxLength={500} value={text} onChange={(e) => setText(e.target.value)} placeholder="如：事故调查发现预案未明确的处置措施" />
      </Modal>
    </Space>
  );
}

/** 预案到期看板 (安委办): due within 90 days, overdue, 需修订, by unit. */
export function PlanDashboardPage() {
  const navigate = useNavigate();
  const { data, isLoading, error } = useApiQuery(emergencyApi.planDashboard, {});
  if (error) return <Alert type="error" message={error.message} />;
  if (isLoading || !data) return <Card loading />;
  const s = data.summary;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Row gutter={[12, 12]}>
        {[
          ['预案总数', s.plans, undefined],
          ['已备案', s.filed, undefined],
          ['待审查', s.pending, '#1677ff'],
          ['90 天内到期', s.dueSoon, '#fa8c16'],
          ['已超期', s.overdue, '#f5222d'],
          ['需修订', s.needsRevision, '#fa541c'],
        ].map(([label, value, color]) => (
          <Col key={String(label)} xs={12} md={4}>
            <Card size="small">
              <Statistic title={label} value={Number(value)} valueStyle={color ? { color: String(color) } : undefined} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title="需关注的预案（到期、超期、需修订）" size="small">
        <Table<PlanView>
          rowKey="id"
          size="small"
          dataSource={data.attention}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          onRow={(r) => ({ onClick: () => navigate(`/emergency/plans/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: '预案名称', dataIndex: 'title', render: (v: string, r) => <Link to={`/emergency/plans/${r.id}`}>{v}</Link> },
            { title: '编制单位', dataIndex: 'ownerName', width: 150 },
            { title: '备案日期', dataIndex: 'filedOn', width: 110, render: (v: string | null) => formatDate(v) || '—' },
            { title: '修订', dataIndex: 'revisionState', width: 170, render: (_: unknown, r) => revisionTag(r) },
            { title: '原因', dataIndex: 'revisionReason', ellipsis: true, render: (v: string | null, r) => v ?? (r.revisionState === 'overdue' ? '超过三年未修订' : '三年修订期将至') },
          ]}
        />
      </Card>
      <Card title="各单位预案情况" size="small">
        <Table
          rowKey="ownerId"
          size="small"
          dataSource={data.units}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          columns={[
            { title: '单位', dataIndex: 'ownerName' },
            { title: '预案', dataIndex: 'plans', width: 80 },
            { title: '已备案', dataIndex: 'filed', width: 80 },
            { title: '90 天内到期', dataIndex: 'dueSoon', width: 110, render: (v: number) => (v ? <Tag color="orange">{v}</Tag> : 0) },
            { title: '已超期', dataIndex: 'overdue', width: 90, render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
            { title: '需修订', dataIndex: 'needsRevision', width: 90, render: (v: number) => (v ? <Tag color="volcano">{v}</Tag> : 0) },
          ]}
        />
      </Card>
    </Space>
  );
}
