import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import dayjs from 'dayjs';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Grid, Input, InputNumber, List, Modal, Radio, Row, Select, Space, Spin, Statistic, Table, Tag, Timeline, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { download, useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth, useMe } from '../../lib/auth';
import { useUrlFilters } from '../../lib/urlFilters';
import { applyServerErrors } from '../../components/forms';
import { EnterprisePicker } from '../../components/EnterprisePicker';
import { Chart } from '../../components/Chart';
import { emergencyApi } from '../../../shared/contracts/emergency.api';
import type { AccidentView, StatsRow } from '../../../shared/contracts/emergency.accidents';
import { ACCIDENT_TYPES } from '../../../shared/emergency/catalog';
import { ACCIDENT_GRADES, FIRST_REPORT_HOURS, GRADE_COLOURS, accidentGrade, firstReportDeadline } from '../../../shared/emergency/accident-grade';
import { REGIONS, SECTORS } from '../../../shared/org/reference';
import { formatDateTime } from '../../../shared/time';

/** 事故信息报送: the list with overdue flags, the 首报 form (grade shown live), the timeline with 续报/终报, the statistics. */

const gradeTag = (g: string) => <Tag color={GRADE_COLOURS[g as keyof typeof GRADE_COLOURS]}>{g}事故</Tag>;
const casualtyText = (a: { deaths: number; missing: number; seriousInjuries: number; minorInjuries: number }) =>
  [`死亡 ${a.deaths}`, a.missing ? `下落不明 ${a.missing}` : '', `重伤 ${a.seriousInjuries}`, a.minorInjuries ? `轻伤 ${a.minorInjuries}` : ''].filter(Boolean).join('，');
const flags = (a: AccidentView) => (
  <Space size={4} wrap>
    {a.firstLate && <Tag color="red">首报超时</Tag>}
    {a.finalOverdue && <Tag color="volcano">未按期终报</Tag>}
    {!a.finalOverdue && a.status === 'open' && <Tag color="processing">续报中</Tag>}
    {a.status === 'closed' && <Tag>已终报</Tag>}
  </Space>
);

export default function AccidentListPage() {
  const navigate = useNavigate();
  const { can } = useAuth();
  const screens = Grid.useBreakpoint();
  const { params, set } = useUrlFilters();
  const q = params.get('q') ?? undefined;
  const status = (params.get('status') ?? undefined) as 'open' | undefined;
  const grade = (params.get('grade') ?? undefined) as '一般' | undefined;
  const overdue = (params.get('overdue') ?? undefined) as 'true' | undefined;
  const page = Number(params.get('page') ?? 1);
  const { data, isFetching } = useApiQuery(emergencyApi.accidents, { query: { q, status, grade, overdue, page, pageSize: 20 } }, { placeholderData: keepPreviousData });
  const canReport = can('emergency.accident.report');
  return (
    <Card
      title="事故信息报送"
      extra={
        <Space wrap>
          {can('emergency.accident.stats') && <Button onClick={() => navigate('/emergency/accident-stats')}>事故统计</Button>}
          {canReport && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/emergency/accidents/new')}>
              事故首报
            </Button>
          )}
        </Space>
      }
    >
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Input.Search allowClear placeholder="事故单位、地点、经过" defaultValue={q} style={{ width: 220 }} onSearch={(v) => set({ q: v || undefined })} />
        <Select allowClear placeholder="全部状态" style={{ width: 130 }} value={status} options={[{ value: 'open', label: '续报中' }, { value: 'closed', label: '已终报' }]} onChange={(v) => set({ status: v })} />
        <Select allowClear placeholder="全部等级" style={{ width: 130 }} value={grade} options={ACCIDENT_GRADES.map((g) => ({ value: g, label: `${g}事故` }))} onChange={(v) => set({ grade: v })} />
        <Select allowClear placeholder="是否逾期" style={{ width: 130 }} value={overdue} options={[{ value: 'true', label: '只看逾期' }]} onChange={(v) => set({ overdue: v })} />
      </div>
      {!!data?.overdueCount && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={`${data.overdueCount} 起事故报送逾期（首报超过 ${FIRST_REPORT_HOURS} 小时，或超过补报期限仍未终报）`}
          action={
            <Button size="small" onClick={() => set({ overdue: 'true' })}>
              查看
            </Button>
          }
        />
      )}
      {screens.md === false ? (
        <List
          loading={isFetching}
          dataSource={data?.items ?? []}
          pagination={{ current: page, total: data?.total ?? 0, pageSize: 20, onChange: (p) => set({ page: String(p) }), size: 'small' }}
          renderItem={(a) => (
            <List.Item onClick={() => navigate(`/emergency/accidents/${a.id}`)} style={{ cursor: 'pointer' }}>
              <List.Item.Meta
                title={
                  <Space wrap>
                    {gradeTag(a.grade)}
                    <span>{a.enterpriseName}</span>
                  </Space>
                }
                description={
                  <div>
                    <div>
                      {formatDateTime(a.occurredAt)} · {a.type} · {casualtyText(a)}
                    </div>
                    {flags(a)}
                  </div>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<AccidentView>
          rowKey="id"
          size="middle"
          loading={isFetching}
          dataSource={data?.items ?? []}
          onRow={(r) => ({ onClick: () => navigate(`/emergency/accidents/${r.id}`), style: { cursor: 'pointer' } })}
          pagination={{ current: page, total: data?.total ?? 0, pageSize: 20, showSizeChanger: false, showTotal: (t) => `共 ${t} 起`, onChange: (p) => set({ page: String(p) }) }}
          columns={[
            { title: '发生时间', dataIndex: 'occurredAt', width: 150, render: (v: string) => formatDateTime(v) },
            { title: '事故单位', dataIndex: 'enterpriseName', ellipsis: true },
            { title: '类型', dataIndex: 'type', width: 100 },
            { title: '街道', dataIndex: 'regionName', width: 110, ellipsis: true },
            { title: '行业领域', dataIndex: 'sectorName', width: 100, ellipsis: true },
            { title: '伤亡', width: 170, render: (_: unknown, a) => casualtyText(a) },
            { title: '损失（万元）', dataIndex: 'directLossWan', width: 100, align: 'right' },
            { title: '等级', dataIndex: 'grade', width: 100, render: gradeTag },
            { title: '报送', width: 170, render: (_: unknown, a) => flags(a) },
          ]}
        />
      )}
    </Card>
  );
}

// ---------- 首报 ----------

type FirstForm = {
  type: string;
  occurredAt: dayjs.Dayjs;
  knownAt?: dayjs.Dayjs;
  place: string;
  enterpriseId?: string;
  enterpriseName?: string;
  regionCode?: string;
  sector?: string;
  summary: string;
  cause?: string;
  measures?: string;
  deaths?: number;
  missing?: number;
  seriousInjuries?: number;
  minorInjuries?: number;
  directLossWan?: number;
};

function CasualtyFields() {
  return (
    <Row gutter={12}>
      {(
        [
          ['deaths', '死亡（人）'],
          ['missing', '下落不明（人）'],
          ['seriousInjuries', '重伤（人，含急性工业中毒）'],
          ['minorInjuries', '轻伤（人）'],
        ] as const
      ).map(([name, label]) => (
        <Col xs={12} md={6} key={name}>
          <Form.Item name={name} label={label} rules={[{ required: name === 'deaths' || name === 'seriousInjuries', message: '请填写人数（无则填 0）' }]}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} inputMode="numeric" />
          </Form.Item>
        </Col>
      ))}
      <Col xs={24} md={12}>
        <Form.Item name="directLossWan" label="直接经济损失（万元，初步估计）" rules={[{ required: true, message: '请填写直接经济损失（无则填 0）' }]}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} inputMode="decimal" />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** The grade the casualties and loss typed so far give (493号令 第三条), shown as they are typed. */
function LiveGrade() {
  const form = Form.useFormInstance();
  const deaths = Form.useWatch('deaths', form) ?? 0;
  const seriousInjuries = Form.useWatch('seriousInjuries', form) ?? 0;
  const directLossWan = Form.useWatch('directLossWan', form) ?? 0;
  const g = accidentGrade({ deaths, seriousInjuries, directLossWan });
  return (
    <Alert
      type={g === '一般' ? 'info' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="live-grade"
      message={
        <span>
          按《生产安全事故报告和调查处理条例》第三条，当前为 {gradeTag(g)}
        </span>
      }
      description="等级取死亡、重伤、直接经济损失三项中最高者；伤亡变化时请及时续报。"
    />
  );
}

export function AccidentNewPage() {
  const navigate = useNavigate();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<FirstForm>();
  const create = useApiMutation(emergencyApi.accidentCreate, { invalidates: ['emergency'] });
  const isEnterprise = me.scope.kind === 'enterprise';
  const [registered, setRegistered] = useState(true);
  const occurredAt = Form.useWatch('occurredAt', form);
  const knownAt = Form.useWatch('knownAt', form);
  const deadline = occurredAt ? firstReportDeadline(occurredAt.toDate(), knownAt?.toDate()) : null;
  const streets = REGIONS.filter((r) => r.kind !== 'district' && (me.scope.kind !== 'region' || r.code.startsWith(me.scope.prefix ?? '')));
  const sectors = SECTORS.filter((s) => me.scope.kind !== 'sectors' || (me.scope.sectors ?? []).includes(s.code));
  const submit = (v: FirstForm) => {
    const body = {
      type: v.type as (typeof ACCIDENT_TYPES)[number],
      occurredAt: v.occurredAt.toISOString(),
      knownAt: v.knownAt ? v.knownAt.toISOString() : undefined,
      place: v.place,
      summary: v.summary,
      cause: v.cause || undefined,
      measures: v.measures || undefined,
      deaths: v.deaths ?? 0,
      missing: v.missing ?? 0,
      seriousInjuries: v.seriousInjuries ?? 0,
      minorInjuries: v.minorInjuries ?? 0,
      directLossWan: v.directLossWan ?? 0,
      ...(isEnterprise ? {} : registered ? { enterpriseId: v.enterpriseId } : { enterpriseName: v.enterpriseName, regionCode: v.regionCode, sector: v.sector }),
    };
    create.mutate({ body }, { onSuccess: (a) => (message.success(`已首报（${a.grade}事故）`), navigate(`/emergency/accidents/${a.id}`, { replace: true })), onError: (e) => applyServerErrors(form, e, message) });
  };
  return (
    <Card title="事故首报" style={{ maxWidth: 900 }}>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message={`事故发生后，单位负责人应于 ${FIRST_REPORT_HOURS} 小时内报告（493号令第九条）。情况不明的先报已知部分，再续报。`}
        description={deadline ? `本次首报时限：${formatDateTime(deadline)}${deadline.getTime() < Date.now() ? '（已超过时限，请立即报送并说明原因）' : ''}` : undefined}
      />
      <Form<FirstForm> form={form} layout="vertical" onFinish={submit} initialValues={{ occurredAt: dayjs(), deaths: 0, missing: 0, seriousInjuries: 0, minorInjuries: 0, directLossWan: 0 }} scrollToFirstError>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="type" label="事故类型" rules={[{ required: true, message: '请选择事故类型' }]}>
              <Select options={ACCIDENT_TYPES.map((t) => ({ value: t, label: t }))} placeholder="请选择" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="occurredAt" label="发生时间" rules={[{ required: true, message: '请选择发生时间' }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} inputReadOnly />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="knownAt" label="获知时间（晚于发生时填写）">
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} inputReadOnly />
            </Form.Item>
          </Col>
        </Row>
        {!isEnterprise && (
          <>
            <Form.Item label="事故单位">
              <Radio.Group value={registered} onChange={(e) => setRegistered(e.target.value)} options={[{ value: true, label: '登记企业' }, { value: false, label: '其他单位（未登记）' }]} />
            </Form.Item>
            {registered ? (
              <Form.Item name="enterpriseId" label="企业" rules={[{ required: true, message: '请选择事故企业' }]}>
                <EnterprisePicker />
              </Form.Item>
            ) : (
              <Row gutter={12}>
                <Col xs={24} md={10}>
                  <Form.Item name="enterpriseName" label="事故单位名称" rules={[{ required: true, message: '请填写事故单位名称' }]}>
                    <Input maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={7}>
                  <Form.Item name="regionCode" label="街道" rules={[{ required: true, message: '请选择街道' }]}>
                    <Select options={streets.map((r) => ({ value: r.code, label: r.name }))} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={7}>
                  <Form.Item name="sector" label="行业领域" rules={[{ required: true, message: '请选择行业领域' }]}>
                    <Select options={sectors.map((s) => ({ value: s.code, label: s.name }))} />
                  </Form.Item>
                </Col>
              </Row>
            )}
          </>
        )}
        <Form.Item name="place" label="发生地点" rules={[{ required: true, message: '请填写发生地点' }]}>
          <Input maxLength={200} placeholder="如：厂区二号车间冲压线" />
        </Form.Item>
        <Form.Item name="summary" label="简要经过" rules={[{ required: true, message: '请填写事故简要经过' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <CasualtyFields />
        <LiveGrade />
        <Form.Item name="cause" label="初步原因">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="measures" label="已采取的措施">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            提交首报
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}

// ---------- detail, timeline, 续报/终报 ----------

type ReportForm = { kind: 'follow' | 'final'; content: string; cause?: string; deaths: number; missing: number; seriousInjuries: number; minorInjuries: number; directLossWan: number };

export function AccidentDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data: a, isLoading, error } = useApiQuery(emergencyApi.accidentGet, { params: { id } });
  const [open, setOpen] = useState<'follow' | 'final' | null>(null);
  const [form] = Form.useForm<ReportForm>();
  const report = useApiMutation(emergencyApi.accidentReport, { invalidates: ['emergency'] });
  if (isLoading) return <Spin />;
  if (error || !a) return <Alert type="error" message={error?.message ?? '事故不存在或无权访问'} />;
  const start = (kind: 'follow' | 'final') => {
    form.setFieldsValue({ kind, content: '', deaths: a.deaths, missing: a.missing, seriousInjuries: a.seriousInjuries, minorInjuries: a.minorInjuries, directLossWan: a.directLossWan });
    setOpen(kind);
  };
  const submit = (v: ReportForm) =>
    report.mutate({ params: { id }, body: { ...v, kind: open ?? 'follow', cause: v.cause || undefined } }, { onSuccess: () => (message.success(open === 'final' ? '已终报' : '已续报'), setOpen(null)), onError: (e) => applyServerErrors(form, e, message) });
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            {gradeTag(a.grade)}
            <span>{a.enterpriseName}</span>
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Button onClick={() => navigate('/emergency/accidents')}>返回列表</Button>
          {a.canReport && <Button onClick={() => start('follow')}>续报</Button>}
          {a.canReport && (
            <Button type="primary" onClick={() => start('final')}>
              终报
            </Button>
          )}
        </Space>
        {a.firstLate && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`首报时间 ${formatDateTime(a.firstReportedAt)}，超过时限 ${formatDateTime(a.deadlineAt)}`} />}
        {a.finalOverdue && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`已超过补报期限（${formatDateTime(a.followDue)}）仍未终报，请核实伤亡后终报`} />}
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label="事故类型">{a.type}</Descriptions.Item>
          <Descriptions.Item label="报送状态">{flags(a)}</Descriptions.Item>
          <Descriptions.Item label="发生时间">{formatDateTime(a.occurredAt)}</Descriptions.Item>
          <Descriptions.Item label="首报时限">{formatDateTime(a.deadlineAt)}</Descriptions.Item>
          <Descriptions.Item label="发生地点">{a.place}</Descriptions.Item>
          <Descriptions.Item label="街道 / 行业">
            {a.regionName} / {a.sectorName}
          </Descriptions.Item>
          <Descriptions.Item label="伤亡">{casualtyText(a)}</Descriptions.Item>
          <Descriptions.Item label="直接经济损失">{a.directLossWan} 万元</Descriptions.Item>
          <Descriptions.Item label="简要经过" span={2}>
            {a.summary}
          </Descriptions.Item>
          <Descriptions.Item label="原因" span={2}>
            {a.cause ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="已采取措施" span={2}>
            {a.measures ?? '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="报送时间线" data-testid="timeline">
        <Timeline
          items={a.timeline.map((r) => ({
            color: r.kind === 'first' ? (r.late ? 'red' : 'blue') : r.kind === 'final' ? 'green' : 'gray',
            children: (
              <div>
                <Space wrap>
                  <Typography.Text strong>{r.kindLabel}</Typography.Text>
                  <span>{formatDateTime(r.at)}</span>
                  <span>
                    {r.actorUnit} · {r.actorName}
                  </span>
                  {r.late && <Tag color="red">超时</Tag>}
                  {gradeTag(r.grade)}
                </Space>
                <div style={{ color: '#475569' }}>
                  {casualtyText(r)}，损失 {r.directLossWan} 万元
                </div>
                <div style={{ whiteSpace: 'pre-wrap' }}>{r.content}</div>
              </div>
            ),
          }))}
        />
      </Card>
      <Modal title={open === 'final' ? '终报（伤亡人数确定，结束报送）' : '续报'} open={!!open} onCancel={() => setOpen(null)} onOk={() => form.submit()} okText="提交" confirmLoading={report.isPending} width={720} destroyOnHidden>
        <Form<ReportForm> form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="content" label={open === 'final' ? '终报内容（伤亡核定、原因、处置结果）' : '续报内容（伤亡变化、处置进展）'} rules={[{ required: true, message: '请填写报送内容' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <CasualtyFields />
          <LiveGrade />
          <Form.Item name="cause" label="原因（更新）">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

// ---------- statistics ----------

const pct = (v: number | null) => (v === null ? '—' : <span style={{ color: v > 0 ? '#cf1322' : v < 0 ? '#389e0d' : undefined }}>{`${v > 0 ? '+' : ''}${v}%`}</span>);

function StatsTable({ title, rows, total, what }: { title: string; rows: StatsRow[]; total: StatsRow; what: string }) {
  return (
    <Table<StatsRow>
      title={() => <Typography.Text strong>{title}</Typography.Text>}
      rowKey="key"
      size="small"
      pagination={false}
      scroll={{ x: 900 }}
      dataSource={[...rows, total]}
      rowClassName={(r) => (r.key === 'total' ? 'ant-table-row-selected' : '')}
      columns={[
        { title: what, dataIndex: 'name', fixed: 'left', width: 130 },
        { title: '当月', children: [
          { title: '起数', width: 60, align: 'right', render: (_: unknown, r) => r.month.count },
          { title: '死亡', width: 60, align: 'right', render: (_: unknown, r) => r.month.deaths },
          { title: '受伤', width: 60, align: 'right', render: (_: unknown, r) => r.month.injuries },
        ] },
        { title: '本年累计', children: [
          { title: '起数', width: 60, align: 'right', render: (_: unknown, r) => r.cumulative.count },
          { title: '死亡', width: 60, align: 'right', render: (_: unknown, r) => r.cumulative.deaths },
          { title: '受伤', width: 60, align: 'right', render: (_: unknown, r) => r.cumulative.injuries },
          { title: '损失（万元）', width: 100, align: 'right', render: (_: unknown, r) => r.cumulative.lossWan },
        ] },
        { title: '上年同期', children: [
          { title: '起数', width: 60, align: 'right', render: (_: unknown, r) => r.lastYear.count },
          { title: '死亡', width: 60, align: 'right', render: (_: unknown, r) => r.lastYear.deaths },
        ] },
        { title: '同比', children: [
          { title: '起数', width: 80, align: 'right', render: (_: unknown, r) => pct(r.change.count) },
          { title: '死亡', width: 80, align: 'right', render: (_: unknown, r) => pct(r.change.deaths) },
          { title: '损失', width: 80, align: 'right', render: (_: unknown, r) => pct(r.change.lossWan) },
        ] },
      ]}
    />
  );
}

export function AccidentStatsPage() {
  const { message } = App.useApp();
  const { params, set } = useUrlFilters();
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const month = params.get('month') ? Number(params.get('month')) : undefined;
  const { data, isFetching } = useApiQuery(emergencyApi.accidentStats, { query: { year, month } }, { placeholderData: keepPreviousData });
  const option = useMemo(
    () =>
      data && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [`${data.year}年`, `${data.year - 1}年`] },
        grid: { left: 36, right: 16, top: 32, bottom: 24 },
        xAxis: { type: 'category', data: data.byMonth.map((m) => `${m.month}月`) },
        yAxis: { type: 'value', minInterval: 1, name: '起数' },
        series: [
          { type: 'bar', name: `${data.year}年`, data: data.byMonth.map((m) => (m.month <= data.month ? m.count : null)), itemStyle: { color: '#1677ff' } },
          { type: 'bar', name: `${data.year - 1}年`, data: data.byMonth.map((m) => m.lastYearCount), itemStyle: { color: '#bfbfbf' } },
        ],
      },
    [data],
  );
  const value = data ? dayjs(`${data.year}-${String(data.month).padStart(2, '0')}-01`) : undefined;
  return (
    <Card
      title="生产安全事故统计"
      loading={!data && isFetching}
      extra={
        <Space wrap>
          <DatePicker picker="month" allowClear={false} value={value} onChange={(d) => d && set({ year: String(d.year()), month: String(d.month() + 1) })} />
          <Button icon={<DownloadOutlined />} onClick={() => download(emergencyApi.accidentStatsExport, { query: { year: data?.year, month: data?.month } }).catch((e: Error) => message.error(e.message))}>
            导出 Excel
          </Button>
        </Space>
      }
    >
      {data && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={`${data.month}月起数`} value={data.total.month.count} suffix="起" />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={`1—${data.month}月起数（同比）`} value={data.total.cumulative.count} suffix={<span style={{ fontSize: 14 }}>起 {pct(data.total.change.count)}</span>} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={`1—${data.month}月死亡（同比）`} value={data.total.cumulative.deaths} suffix={<span style={{ fontSize: 14 }}>人 {pct(data.total.change.deaths)}</span>} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={`1—${data.month}月直接经济损失`} value={data.total.cumulative.lossWan} precision={2} suffix="万元" />
            </Col>
          </Row>
          {option && <Chart option={option} height={220} />}
          <StatsTable title="按行业领域" what="行业领域" rows={data.bySector} total={data.total} />
          <StatsTable title="按街道" what="街道" rows={data.byStreet} total={data.total} />
        </Space>
      )}
    </Card>
  );
}
