import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Empty, Form, Grid, Image, Input, List, Modal, Radio, Select, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { CameraOutlined, FlagOutlined, MinusCircleOutlined, PlayCircleOutlined, PlusOutlined, StopOutlined, WarningOutlined } from '@ant-design/icons';
import { ApiError, call, invalidate, urlOf, useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { useOrg } from '../../lib/reference';
import { useUrlFilters } from '../../lib/urlFilters';
import { applyServerErrors } from '../../components/forms';
import { EnterprisePicker } from '../../components/EnterprisePicker';
import { ConfirmDelete, dropFromLists } from './emergencyUi';
import { emergencyApi } from '../../../shared/contracts/emergency.api';
import { filesApi } from '../../../shared/contracts/platform.api';
import type { DrillView } from '../../../shared/contracts/emergency.plans';
import { DRILL_RATINGS, DRILL_STATUS_LABELS, DRILL_TYPES, EXERCISE_MARK, type DrillStatus } from '../../../shared/emergency/plans';
import { formatDate, formatDateTime } from '../../../shared/time';

/** 应急演练: plan (type, scenario, plan, participants), run (timeline, photos), evaluate (improvement items → hazards). */

const STATUS_COLOR: Record<string, string> = { planned: 'default', running: 'red', ended: 'orange', evaluated: 'success' };
const drillTag = (d: Pick<DrillView, 'status' | 'statusLabel'>) => <Tag color={STATUS_COLOR[d.status]}>{d.status === 'running' ? `${EXERCISE_MARK}${d.statusLabel}` : d.statusLabel}</Tag>;

function DrillForm({ open, drill, onClose }: { open: boolean; drill?: DrillView; onClose: (id?: string) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { data: org } = useOrg();
  const plans = useApiQuery(emergencyApi.planList, open ? { query: { view: 'mine', pageSize: 100 } } : null);
  const create = useApiMutation(emergencyApi.drillCreate, { invalidates: ['emergency'] });
  const update = useApiMutation(emergencyApi.drillUpdate, { invalidates: ['emergency'] });
  const unitOptions = (org?.units ?? []).filter((u) => ['street', 'department', 'park', 'office'].includes(u.kind)).map((u) => ({ value: u.id, label: u.shortName }));
  const save = (v: { title: string; type: string; scenario: string; planId?: string; plannedOn: Dayjs; location: string; participantUnitIds?: string[] }) => {
    const body = { title: v.title, type: v.type as (typeof DRILL_TYPES)[number], scenario: v.scenario, planId: v.planId ?? null, plannedOn: v.plannedOn.format('YYYY-MM-DD'), location: v.location, participantUnitIds: v.participantUnitIds ?? [] };
    const done = { onSuccess: (d: DrillView) => (message.success('已保存'), onClose(d.id)), onError: (e: unknown) => applyServerErrors(form, e, message) };
    if (drill) update.mutate({ params: { id: drill.id }, body }, done);
    else create.mutate({ body }, done);
  };
  const initial = drill
    ? { title: drill.title, type: drill.type, scenario: drill.scenario, planId: drill.planId ?? undefined, plannedOn: dayjs(drill.plannedOn), location: drill.location, participantUnitIds: drill.participants.map((p) => p.id) }
    : { type: '实兵演练' };
  return (
    <Modal open={open} title={drill ? '修改演练计划' : '制定演练计划'} onCancel={() => onClose()} onOk={() => form.submit()} confirmLoading={create.isPending || update.isPending} okText="保存" destroyOnHidden width={640}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save} preserve={false}>
        <Form.Item name="title" label="演练名称" rules={[{ required: true, message: '请填写演练名称' }]}>
          <Input maxLength={150} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="type" label="演练类型" rules={[{ required: true }]}>
            <Radio.Group options={DRILL_TYPES.map((t) => ({ value: t, label: t }))} optionType="button" />
          </Form.Item>
          <Form.Item name="plannedOn" label="演练日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="location" label="地点" rules={[{ required: true, message: '请填写地点' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="scenario" label="演练情景" rules={[{ required: true, message: '请描述演练情景' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="planId" label="依据的预案">
          <Select allowClear options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))} loading={plans.isFetching} placeholder="本单位的应急预案" />
        </Form.Item>
        <Form.Item name="participantUnitIds" label="参演单位（演练期间这些单位的页面显示【演练】提示）">
          <Select mode="multiple" allowClear showSearch optionFilterProp="label" options={unitOptions} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function DrillsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const { params, set } = useUrlFilters();
  const [creating, setCreating] = useState(false);
  const status = (params.get('status') ?? undefined) as DrillStatus | undefined;
  const page = Number(params.get('page') ?? 1);
  const { data, isFetching } = useApiQuery(emergencyApi.drillList, { query: { status, page, pageSize: 20 } }, { placeholderData: keepPreviousData });
  const { message } = App.useApp();
  const qc = useQueryClient();
  const remove = (r: DrillView) =>
    call(emergencyApi.drillDelete, { params: { id: r.id } }).then(
      () => (dropFromLists(qc, emergencyApi.drillList, r.id), message.success(`已删除演练计划“${r.title}”`), invalidate(qc, 'emergency')),
      (e: unknown) => message.error(e instanceof ApiError ? e.message : '删除失败'),
    );
  const deleteButton = (r: DrillView) => r.canDelete && <ConfirmDelete size="small" title={`删除演练计划“${r.title}”？`} description="尚未开始的演练可以删除，不可恢复。" onConfirm={() => remove(r)} />;
  return (
    <Card
      title="应急演练"
      extra={
        can('emergency.drill') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            制定演练计划
          </Button>
        )
      }
    >
      <Select allowClear placeholder="状态" style={{ width: 160, marginBottom: 12 }} value={status} onChange={(v) => set({ status: v, page: undefined })} options={Object.entries(DRILL_STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
      {screens.md ? (
        <Table<DrillView>
          rowKey="id"
          size="middle"
          loading={isFetching}
          dataSource={data?.items}
          pagination={{ current: page, pageSize: 20, total: data?.total, showSizeChanger: false, onChange: (p) => set({ page: String(p) }) }}
          onRow={(r) => ({ onClick: () => navigate(`/emergency/drills/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: '演练名称', dataIndex: 'title', render: (v: string, r) => <Link to={`/emergency/drills/${r.id}`}>{v}</Link> },
            { title: '类型', dataIndex: 'type', width: 100 },
            { title: '组织单位', dataIndex: 'ownerName', width: 140 },
            { title: '日期', dataIndex: 'plannedOn', width: 110, render: (v: string) => formatDate(v) },
            { title: '状态', dataIndex: 'status', width: 150, render: (_: unknown, r) => drillTag(r) },
            { title: '改进事项', dataIndex: 'improvements', width: 90, render: (v: DrillView['improvements']) => v.length || '—' },
            ...(can('emergency.drill') ? [{ title: '操作', key: 'actions', width: 90, render: (_: unknown, r: DrillView) => deleteButton(r) }] : []),
          ]}
        />
      ) : (
        <List
          loading={isFetching}
          dataSource={data?.items}
          locale={{ emptyText: <Empty description="暂无演练" /> }}
          renderItem={(r) => (
            <List.Item onClick={() => navigate(`/emergency/drills/${r.id}`)} style={{ cursor: 'pointer' }} extra={deleteButton(r)}>
              <List.Item.Meta title={<Link to={`/emergency/drills/${r.id}`}>{r.title}</Link>} description={<Space wrap size={4}>{drillTag(r)}{r.type} {formatDate(r.plannedOn)}</Space>} />
            </List.Item>
          )}
        />
      )}
      <DrillForm open={creating} onClose={(id) => (setCreating(false), id && navigate(`/emergency/drills/${id}`))} />
    </Card>
  );
}

type EvalForm = { rating: (typeof DRILL_RATINGS)[number]; summary: string; planNeedsRevision?: boolean; improvements?: { text: string; responsible?: string }[] };
type HazardForm = { enterpriseId: string; place: string; category: string; grade: '一般' | '重大' };

export function DrillDetailPage() {
  const { id } = useParams();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const { data: d, error, isLoading } = useApiQuery(emergencyApi.drillGet, id ? { params: { id } } : null);
  const [editing, setEditing] = useState(false);
  const [evaluating, setEvaluating] = useState(false);
  const [toHazard, setToHazard] = useState<number | null>(null);
  const [entry, setEntry] = useState<{ at: Dayjs; text: string }>({ at: dayjs(), text: '' });
  const [uploading, setUploading] = useState(false);
  const [evalForm] = Form.useForm<EvalForm>();
  const [hazardForm] = Form.useForm<HazardForm>();
  const inv = { invalidates: ['emergency'] };
  const start = useApiMutation(emergencyApi.drillStart, inv);
  const end = useApiMutation(emergencyApi.drillEnd, inv);
  const timeline = useApiMutation(emergencyApi.drillTimeline, inv);
  const evaluate = useApiMutation(emergencyApi.drillEvaluate, inv);
  const hazard = useApiMutation(emergencyApi.drillImprovementHazard, { invalidates: ['emergency', 'hazard'] });
  const navigate = useNavigate();
  if (error) return <Alert type="error" message={error.message} />;
  if (isLoading || !d) return <Card loading />;
  const onErr = (e: ApiError) => message.error(e.message);
  const photo = async (file: File) => {
    const fd = new FormData();
    fd.append('file', file);
    setUploading(true);
    try {
      await call(emergencyApi.drillPhoto, { params: { id: d.id }, body: fd });
      await invalidate(qc, 'emergency');
      message.success('已上传');
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '上传失败');
    } finally {
      setUploading(false);
    }
  };
  const recording = d.canEdit && (d.status === 'running' || d.status === 'ended');
  // The lists are marked stale, not refetched here: this page's own query would refetch and answer 404.
  const remove = () =>
    call(emergencyApi.drillDelete, { params: { id: d.id } }).then(
      () => (dropFromLists(qc, emergencyApi.drillList, d.id), void qc.invalidateQueries({ queryKey: ['emergency'], refetchType: 'none' }), message.success('演练计划已删除'), navigate('/emergency/drills', { replace: true })),
      (e: unknown) => message.error(e instanceof ApiError ? e.message : '删除失败'),
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {d.status === 'running' && <Alert type="error" showIcon icon={<FlagOutlined />} message={`${EXERCISE_MARK}本次演练正在进行，参演单位的页面与通知均标注“演练”，请勿当作真实事件。`} />}
      <Card title={<Space wrap><span style={{ whiteSpace: 'normal' }}>{d.title}</span>{drillTag(d)}</Space>} extra={<Link to="/emergency/drills">返回列表</Link>}>
        <Descriptions size="small" bordered column={screens.md ? 3 : 1}>
          <Descriptions.Item label="类型">{d.type}</Descriptions.Item>
          <Descriptions.Item label="组织单位">{d.ownerName}</Descriptions.Item>
          <Descriptions.Item label="日期">{formatDate(d.plannedOn)}</Descriptions.Item>
          <Descriptions.Item label="地点">{d.location}</Descriptions.Item>
          <Descriptions.Item label="依据预案">{d.planId ? <Link to={`/emergency/plans/${d.planId}`}>{d.planTitle}</Link> : '—'}</Descriptions.Item>
          <Descriptions.Item label="参演单位">{d.participants.map((p) => p.name).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label="情景" span={screens.md ? 3 : 1}>
            {d.scenario}
          </Descriptions.Item>
        </Descriptions>
        {d.canEdit && (
          <Space wrap style={{ marginTop: 16 }}>
            {d.status === 'planned' && <Button onClick={() => setEditing(true)}>修改计划</Button>}
            {d.status === 'planned' && (
              <Button
                type="primary"
                danger
                icon={<PlayCircleOutlined />}
                onClick={() => modal.confirm({ title: '开始演练？', content: '参演单位将收到带【演练】标记的通知，页面顶部显示演练提示。', okText: '开始', onOk: () => start.mutateAsync({ params: { id: d.id } }).then(() => message.success('演练已开始'), onErr) })}
              >
                开始演练
              </Button>
            )}
            {d.canDelete && <ConfirmDelete title="删除这项演练计划？" description="尚未开始的演练可以删除，不可恢复；开始后不能再删除。" onConfirm={remove} />}
            {d.status === 'running' && (
              <Button icon={<StopOutlined />} onClick={() => end.mutate({ params: { id: d.id } }, { onSuccess: () => message.success('演练已结束'), onError: onErr })}>
                结束演练
              </Button>
            )}
            {d.status === 'ended' && (
              <Button type="primary" onClick={() => setEvaluating(true)}>
                演练评估
              </Button>
            )}
          </Space>
        )}
      </Card>
      <Card title="演练过程" size="small">
        {d.timeline.length ? (
          <Timeline items={d.timeline.map((x) => ({ children: <span><Typography.Text strong>{formatDateTime(x.at)}</Typography.Text> {x.text} <Typography.Text type="secondary">（{x.byName}）</Typography.Text></span> }))} />
        ) : (
          <Typography.Text type="secondary">演练开始后记录过程</Typography.Text>
        )}
        {recording && (
          <Space.Compact style={{ width: '100%', maxWidth: 720 }}>
            <DatePicker showTime value={entry.at} onChange={(v) => setEntry({ ...entry, at: v ?? dayjs() })} aria-label="时间" />
            <Input placeholder="经过（如：救援队伍到达现场）" aria-label="经过" value={entry.text} maxLength={500} onChange={(e) => setEntry({ ...entry, text: e.target.value })} />
            <Button
              type="primary"
              disabled={entry.text.trim().length < 2}
              loading={timeline.isPending}
              onClick={() => timeline.mutate({ params: { id: d.id }, body: { at: entry.at.toISOString(), text: entry.text.trim() } }, { onSuccess: () => setEntry({ at: dayjs(), text: '' }), onError: onErr })}
            >
              记录
            </Button>
          </Space.Compact>
        )}
      </Card>
      <Card
        title="现场照片"
        size="small"
        extra={
          d.canEdit && d.status !== 'planned' && (
            <Upload accept="image/*" showUploadList={false} beforeUpload={(f) => (void photo(f), false)}>
              <Button icon={<CameraOutlined />} loading={uploading} size="small">
                上传照片
              </Button>
            </Upload>
          )
        }
      >
        {d.photos.length ? (
          <Image.PreviewGroup>
            <Space wrap>
              {d.photos.map((p) => (
                <Image key={p.fileId} src={urlOf(filesApi.download, { params: { id: p.fileId } })} width={96} height={96} style={{ objectFit: 'cover' }} alt={p.name} />
              ))}
            </Space>
          </Image.PreviewGroup>
        ) : (
          <Typography.Text type="secondary">暂无照片</Typography.Text>
        )}
      </Card>
      {d.evaluation && (
        <Card title="演练评估" size="small">
          <Descriptions size="small" column={screens.md ? 3 : 1}>
            <Descriptions.Item label="评估结论">
              <Tag color={d.evaluation.rating === '不合格' ? 'red' : 'blue'}>{d.evaluation.rating}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="评估人">{d.evaluation.evaluatorName}</Descriptions.Item>
            <Descriptions.Item label="评估时间">{formatDateTime(d.evaluation.evaluatedAt)}</Descriptions.Item>
            <Descriptions.Item label="评估意见" span={screens.md ? 3 : 1}>
              {d.evaluation.summary}
            </Descriptions.Item>
          </Descriptions>
          {d.evaluation.planNeedsRevision && <Alert type="warning" showIcon icon={<WarningOutlined />} message="评估认为预案需修订，已通知预案编制单位" style={{ margin: '8px 0' }} />}
          <Table
            rowKey="no"
            size="small"
            pagination={false}
            dataSource={d.improvements}
            locale={{ emptyText: '无改进事项' }}
            columns={[
              { title: '序号', dataIndex: 'no', width: 60 },
              { title: '改进事项', dataIndex: 'text' },
              { title: '责任', dataIndex: 'responsible', width: 140, render: (v: string | null) => v ?? '—' },
              {
                title: '隐患',
                dataIndex: 'hazardCode',
                width: 200,
                render: (v: string | null, r) =>
                  v ? (
                    <Link to={`/hazards/${r.hazardId}`}>{v}</Link>
                  ) : d.canEdit ? (
                    <Button size="small" onClick={() => (hazardForm.resetFields(), setToHazard(r.no))}>
                      转为隐患
                    </Button>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </Card>
      )}
      {editing && <DrillForm open drill={d} onClose={() => setEditing(false)} />}
      <Modal open={evaluating} title="演练评估" okText="提交评估" width={680} confirmLoading={evaluate.isPending} onCancel={() => setEvaluating(false)} onOk={() => evalForm.submit()} destroyOnHidden>
        <Form<EvalForm>
          form={evalForm}
          layout="vertical"
          initialValues={{ rating: '良好', improvements: [] }}
          onFinish={(v) => evaluate.mutate({ params: { id: d.id }, body: { rating: v.rating, summary: v.summary, planNeedsRevision: !!v.planNeedsRevision, improvements: (v.improvements ?? []).filter((x) => x?.text) } }, { onSuccess: () => (message.success('评估已提交'), setEvaluating(false)), onError: (e) => applyServerErrors(evalForm, e, message) })}
        >
          <Form.Item name="rating" label="评估结论" rules={[{ required: true }]}>
            <Radio.Group options={DRILL_RATINGS.map((r) => ({ value: r, label: r }))} optionType="button" />
          </Form.Item>
          <Form.Item name="summary" label="评估意见" rules={[{ required: true, message: '请填写评估意见' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          {d.planId && (
            <Form.Item name="planNeedsRevision" valuePropName="checked">
              <Checkbox>演练暴露预案问题，预案《{d.planTitle}》需修订</Checkbox>
            </Form.Item>
          )}
          <Form.List name="improvements">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'text']} rules={[{ required: true, message: '请填写改进事项' }]} style={{ width: 380 }}>
                      <Input placeholder="改进事项" aria-label="改进事项" maxLength={500} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'responsible']} style={{ width: 160 }}>
                      <Input placeholder="责任人/单位" maxLength={50} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="删除" />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ text: '' })}>
                  添加改进事项
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
      <Modal open={toHazard !== null} title="改进事项转为隐患" okText="登记隐患" confirmLoading={hazard.isPending} onCancel={() => setToHazard(null)} onOk={() => hazardForm.submit()} destroyOnHidden>
        <Typography.Paragraph type="secondary">{d.improvements.find((x) => x.no === toHazard)?.text}</Typography.Paragraph>
        <Form<HazardForm>
          form={hazardForm}
          layout="vertical"
          initialValues={{ category: '应急管理', grade: '一般' }}
          onFinish={(v) =>
            hazard.mutate(
              { params: { id: d.id, no: toHazard! }, body: v },
              { onSuccess: (r) => (message.success(`已登记隐患 ${r.improvements.find((x) => x.no === toHazard)?.hazardCode ?? ''}`), setToHazard(null)), onError: (e) => applyServerErrors(hazardForm, e, message) },
            )
          }
        >
          <Form.Item name="enterpriseId" label="隐患所在企业" rules={[{ required: true, message: '请选择企业' }]}>
            <EnterprisePicker />
          </Form.Item>
          <Form.Item name="place" label="部位/场所" rules={[{ required: true, message: '请填写部位' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="category" label="隐患类别" rules={[{ required: true }]}>
              <Input maxLength={50} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="grade" label="隐患等级">
              <Radio.Group options={['一般', '重大'].map((g) => ({ value: g, label: g }))} optionType="button" />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Space>
  );
}
