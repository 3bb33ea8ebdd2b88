import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, App, Button, Calendar, Card, Col, DatePicker, Descriptions, Empty, Form, Grid, Input, List, Modal, Popconfirm, Row, Select, Space, Switch, Table, Tabs, Tag, TimePicker, Typography } from 'antd';
import { CopyOutlined, DownloadOutlined, PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import { download, useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth, useMe } from '../../lib/auth';
import { useUrlFilters } from '../../lib/urlFilters';
import { applyServerErrors } from '../../components/forms';
import { emergencyApi } from '../../../shared/contracts/emergency.api';
import type { DutyShiftView } from '../../../shared/contracts/emergency.duty';
import { formatDateTime } from '../../../shared/time';
import { telLink } from './emergencyUi';

/** 应急值守: the month calendar of a unit's roster, bulk entry from a weekly pattern, the handover log, who is on duty now. */

const WEEK = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const phone = (p: string | null, masked: boolean) => (p ? (masked ? p : telLink(p)) : '—');

type ShiftForm = { date: dayjs.Dayjs; start: dayjs.Dayjs; end: dayjs.Dayjs; leaderName: string; leaderPhone?: string; officerName: string; officerPhone: string; note?: string };
type FillForm = { start: dayjs.Dayjs; end: dayjs.Dayjs; overwrite: boolean; week: { leaderName: string; leaderPhone?: string; officerName: string; officerPhone: string }[] };

export default function DutyRosterPage() {
  const { message } = App.useApp();
  const { can } = useAuth();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const { params, set } = useUrlFilters();
  const month = params.get('month') ?? dayjs().format('YYYY-MM');
  const unitId = params.get('unitId') ?? undefined;
  const tab = params.get('tab') ?? 'roster';
  const { data, isFetching } = useApiQuery(emergencyApi.dutyMonth, { query: { month, unitId } }, { placeholderData: keepPreviousData });
  const [editing, setEditing] = useState<{ date: string; shift?: DutyShiftView } | null>(null);
  const [filling, setFilling] = useState(false);
  const [form] = Form.useForm<ShiftForm>();
  const [fillForm] = Form.useForm<FillForm>();
  const create = useApiMutation(emergencyApi.dutyCreate, { invalidates: ['emergency'] });
  const update = useApiMutation(emergencyApi.dutyUpdate, { invalidates: ['emergency'] });
  const remove = useApiMutation(emergencyApi.dutyRemove, { invalidates: ['emergency'] });
  const fill = useApiMutation(emergencyApi.dutyFill, { invalidates: ['emergency'] });
  const byDate = useMemo(() => {
    const m = new Map<string, DutyShiftView[]>();
    for (const s of data?.shifts ?? []) m.set(s.date, [...(m.get(s.date) ?? []), s]);
    return m;
  }, [data]);
  const canEdit = !!data?.canEdit;

  const openDay = (date: string) => {
    if (!canEdit) return;
    const shift = byDate.get(date)?.[0];
    form.resetFields();
    form.setFieldsValue({
      date: dayjs(date),
      start: dayjs(`2000-01-01T${shift?.startTime ?? '08:30'}`),
      end: dayjs(`2000-01-01T${shift?.endTime ?? '08:30'}`),
      leaderName: shift?.leaderName,
      leaderPhone: shift?.leaderPhone ?? undefined,
      officerName: shift?.officerName,
      officerPhone: shift?.officerPhone ?? undefined,
      note: shift?.note ?? undefined,
    });
    setEditing({ date, shift });
  };
  const saveShift = (v: ShiftForm) => {
    const body = { date: v.date.format('YYYY-MM-DD'), startTime: v.start.format('HH:mm'), endTime: v.end.format('HH:mm'), leaderName: v.leaderName, leaderPhone: v.leaderPhone || null, officerName: v.officerName, officerPhone: v.officerPhone, note: v.note || null };
    const done = { onSuccess: () => (message.success('已保存'), setEditing(null)), onError: (e: unknown) => applyServerErrors(form, e, message) };
    if (editing?.shift) update.mutate({ params: { id: editing.shift.id }, body }, done);
    else create.mutate({ body: { ...body, unitId: data?.unit?.id } }, done);
  };
  const openFill = () => {
    // Start from the first full week already entered, so a clerk only changes what differs.
    const first = data?.shifts ?? [];
    const week = WEEK.map((_, i) => {
      const s = first.find((x) => (dayjs(x.date).day() + 6) % 7 === i);
      return { leaderName: s?.leaderName ?? '', leaderPhone: s?.leaderPhone && !s.phonesMasked ? s.leaderPhone : undefined, officerName: s?.officerName ?? '', officerPhone: s?.officerPhone && !s.phonesMasked ? s.officerPhone : '' };
    });
    fillForm.setFieldsValue({ start: dayjs('2000-01-01T08:30'), end: dayjs('2000-01-01T08:30'), overwrite: false, week });
    setFilling(true);
  };
  const doFill = (v: FillForm) =>
    fill.mutate(
      { body: { month, unitId: data?.unit?.id, startTime: v.start.format('HH:mm'), endTime: v.end.format('HH:mm'), overwrite: v.overwrite, week: v.week.map((w) => ({ ...w, leaderPhone: w.leaderPhone || null })) } },
      { onSuccess: (r) => (message.success(`已排班 ${r.created} 天${r.skipped ? `，跳过已排的 ${r.skipped} 天` : ''}`), setFilling(false)), onError: (e) => applyServerErrors(fillForm, e, message) },
    );

  const shiftLine = (s: DutyShiftView) => (
    <div key={s.id} style={{ fontSize: 12, lineHeight: '18px' }}>
      <div>
        <Typography.Text type="secondary">带班</Typography.Text> {s.leaderName}
      </div>
      <div>
        <Typography.Text type="secondary">值班</Typography.Text> {s.officerName}
      </div>
    </div>
  );

  const roster =
    screens.md === false ? (
      <List
        loading={isFetching}
        dataSource={data?.shifts ?? []}
        locale={{ emptyText: <Empty description="本月尚未排班" /> }}
        renderItem={(s) => (
          <List.Item onClick={() => openDay(s.date)} actions={[<a key="tel" href={s.phonesMasked || !s.officerPhone ? undefined : `tel:${s.officerPhone}`}><PhoneOutlined /></a>]}>
            <List.Item.Meta title={`${s.date} ${WEEK[(dayjs(s.date).day() + 6) % 7]} ${s.startTime}—${s.endTime}`} description={`带班 ${s.leaderName} · 值班 ${s.officerName} ${s.officerPhone ?? ''}`} />
          </List.Item>
        )}
      />
    ) : (
      <Calendar
        value={dayjs(`${month}-01`)}
        headerRender={() => null}
        onSelect={(d, info) => info.source === 'date' && d.format('YYYY-MM') === month && openDay(d.format('YYYY-MM-DD'))}
        cellRender={(d, info) => (info.type === 'date' && d.format('YYYY-MM') === month ? <div data-testid={`duty-${d.format('YYYY-MM-DD')}`}>{(byDate.get(d.format('YYYY-MM-DD')) ?? []).map(shiftLine)}</div> : null)}
      />
    );

  return (
    <Card
      title="应急值班表"
      extra={
        <Space wrap>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ width: 200 }}
            value={data?.unit?.id}
            placeholder="单位"
            options={(data?.units ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.kindLabel}）` }))}
            onChange={(v) => set({ unitId: v })}
          />
          <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && set({ month: d.format('YYYY-MM') })} />
          <Button icon={<DownloadOutlined />} onClick={() => download(emergencyApi.dutyExport, { query: { month, unitId: data?.unit?.id } }).catch((e: Error) => message.error(e.message))}>
            导出 Excel
          </Button>
          {canEdit && (
            <Button icon={<CopyOutlined />} onClick={openFill}>
              按周批量排班
            </Button>
          )}
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k === 'roster' ? undefined : k })}
        items={[
          {
            key: 'roster',
            label: `值班表（${data?.unit?.name ?? ''} ${month.replace('-', '年')}月）`,
            children: (
              <>
                {canEdit && <Typography.Paragraph type="secondary">点击日期排班或修改；“按周批量排班”按周一至周日的安排铺满整月。</Typography.Paragraph>}
                {data?.shifts.some((s) => s.phonesMasked) && <Alert type="info" style={{ marginBottom: 8 }} message="您的角色无需查看其他单位值班电话，号码已部分隐藏。" />}
                {roster}
              </>
            ),
          },
          { key: 'handovers', label: '交接班记录', children: <Handovers unitId={data?.unit?.id} canWrite={can('emergency.duty') && !!data?.unit && data.unit.id === me.unitId} /> },
        ]}
      />
      <Modal
        title={editing?.shift ? `修改排班（${editing.date}）` : `排班（${editing?.date ?? ''}）`}
        open={!!editing}
        onCancel={() => setEditing(null)}
        destroyOnHidden
        footer={
          <Space>
            {editing?.shift && (
              <Popconfirm title="删除该排班？" onConfirm={() => remove.mutate({ params: { id: editing.shift!.id } }, { onSuccess: () => (message.success('已删除'), setEditing(null)) })}>
                <Button danger>删除</Button>
              </Popconfirm>
            )}
            <Button onClick={() => setEditing(null)}>取消</Button>
            <Button type="primary" loading={create.isPending || update.isPending} onClick={() => form.submit()}>
              保存
            </Button>
          </Space>
        }
      >
        <Form<ShiftForm> form={form} layout="vertical" onFinish={saveShift}>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
                <DatePicker style={{ width: '100%' }} inputReadOnly />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="start" label="接班时间" rules={[{ required: true, message: '请选择接班时间' }]}>
                <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} inputReadOnly />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="end" label="交班时间" tooltip="不晚于接班时间时为次日" rules={[{ required: true, message: '请选择交班时间' }]}>
                <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} inputReadOnly />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="leaderName" label="带班领导" rules={[{ required: true, message: '请填写带班领导' }]}>
                <Input maxLength={30} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="leaderPhone" label="带班领导电话">
                <Input maxLength={20} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="officerName" label="值班员" rules={[{ required: true, message: '请填写值班员' }]}>
                <Input maxLength={30} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="officerPhone" label="值班电话" rules={[{ required: true, message: '请填写值班电话' }]}>
                <Input maxLength={20} inputMode="tel" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="note" label="备注">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal title={`按周批量排班（${month.replace('-', '年')}月）`} open={filling} onCancel={() => setFilling(false)} onOk={() => fillForm.submit()} okText="铺满整月" confirmLoading={fill.isPending} width={860} destroyOnHidden>
        <Form<FillForm> form={fillForm} layout="vertical" onFinish={doFill}>
          <Space wrap>
            <Form.Item name="start" label="接班时间" rules={[{ required: true, message: '请选择' }]}>
              <TimePicker format="HH:mm" minuteStep={5} inputReadOnly />
            </Form.Item>
            <Form.Item name="end" label="交班时间（次日）" rules={[{ required: true, message: '请选择' }]}>
              <TimePicker format="HH:mm" minuteStep={5} inputReadOnly />
            </Form.Item>
            <Form.Item name="overwrite" label="覆盖本月已排的班" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Form.List name="week">
            {(fields) =>
              fields.map((f, i) => (
                <Row gutter={8} key={f.key} align="middle">
                  <Col span={2}>
                    <Typography.Text strong>{WEEK[i]}</Typography.Text>
                  </Col>
                  <Col span={5}>
                    <Form.Item name={[f.name, 'leaderName']} rules={[{ required: true, message: '带班领导' }]} style={{ marginBottom: 8 }}>
                      <Input placeholder="带班领导" maxLength={30} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={[f.name, 'leaderPhone']} style={{ marginBottom: 8 }}>
                      <Input placeholder="带班领导电话" maxLength={20} />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item name={[f.name, 'officerName']} rules={[{ required: true, message: '值班员' }]} style={{ marginBottom: 8 }}>
                      <Input placeholder="值班员" maxLength={30} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={[f.name, 'officerPhone']} rules={[{ required: true, message: '值班电话' }]} style={{ marginBottom: 8 }}>
                      <Input placeholder="值班电话" maxLength={20} />
                    </Form.Item>
                  </Col>
                </Row>
              ))
            }
          </Form.List>
        </Form>
      </Modal>
    </Card>
  );
}

type HandoverForm = { fromName: string; toName: string; notes: string; pending?: string };

function Handovers({ unitId, canWrite }: { unitId?: string; canWrite: boolean }) {
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<HandoverForm>();
  const { data, isFetching } = useApiQuery(emergencyApi.handovers, { query: { unitId, page, pageSize: 10 } }, { placeholderData: keepPreviousData });
  const create = useApiMutation(emergencyApi.handoverCreate, { invalidates: ['emergency'] });
  useEffect(() => setPage(1), [unitId]);
  return (
    <>
      {canWrite && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => (form.resetFields(), setOpen(true))}>
          登记交接班
        </Button>
      )}
      <Table
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data?.items ?? []}
        pagination={{ current: page, total: data?.total ?? 0, pageSize: 10, showSizeChanger: false, onChange: setPage }}
        scroll={{ x: 800 }}
        columns={[
          { title: '交接时间', dataIndex: 'at', width: 140, render: (v: string) => formatDateTime(v) },
          { title: '单位', dataIndex: 'unitName', width: 120 },
          { title: '交班人', dataIndex: 'fromName', width: 90 },
          { title: '接班人', dataIndex: 'toName', width: 90 },
          { title: '值班情况', dataIndex: 'notes' },
          { title: '待办事项', dataIndex: 'pending', width: 220, render: (v: string | null) => (v ? <Tag color="orange" style={{ whiteSpace: 'normal' }}>{v}</Tag> : '—') },
        ]}
      />
      <Modal title="登记交接班" open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText="保存" confirmLoading={create.isPending} destroyOnHidden>
        <Form<HandoverForm>
          form={form}
          layout="vertical"
          onFinish={(v) => create.mutate({ body: { ...v, pending: v.pending || null } }, { onSuccess: () => (message.success('已登记'), setOpen(false)), onError: (e) => applyServerErrors(form, e, message) })}
        >
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="fromName" label="交班人" rules={[{ required: true, message: '请填写交班人' }]}>
                <Input maxLength={30} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="toName" label="接班人" rules={[{ required: true, message: '请填写接班人' }]}>
                <Input maxLength={30} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="notes" label="值班情况" rules={[{ required: true, message: '请填写值班情况' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="pending" label="待办事项（移交下一班）">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 当前值班: the caller's unit and every unit of the district, with phones to call. */
export function DutyNowPage() {
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const { data, isFetching } = useApiQuery(emergencyApi.dutyNow, {}, { refetchInterval: 300_000 });
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="本单位当前值班" extra={
          <Button type="link" onClick={() => navigate('/emergency/duty')}>
            值班表
          </Button>
        } loading={!data && isFetching} data-testid="duty-mine">
        {data?.mine ? (
          <Descriptions column={{ xs: 1, md: 3 }} size="small">
            <Descriptions.Item label="单位">{data.mine.unitName}</Descriptions.Item>
            <Descriptions.Item label="班次">
              {formatDateTime(data.mine.startsAt)} — {formatDateTime(data.mine.endsAt)}
            </Descriptions.Item>
            <Descriptions.Item label="备注">{data.mine.note ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="带班领导">
              {data.mine.leaderName} {phone(data.mine.leaderPhone, data.mine.phonesMasked)}
            </Descriptions.Item>
            <Descriptions.Item label="值班员">
              {data.mine.officerName} {phone(data.mine.officerPhone, data.mine.phonesMasked)}
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Empty description="本单位当前无人值班（或未排班）" />
        )}
      </Card>
      <Card title={`全区当前值班（${data ? formatDateTime(data.at) : ''}）`} data-testid="duty-district">
        {!!data?.unitsWithout.length && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`当前无人值班：${data.unitsWithout.join('、')}`} />}
        {screens.md === false ? (
          <List
            dataSource={data?.district ?? []}
            renderItem={(s) => (
              <List.Item>
                <List.Item.Meta title={s.unitName} description={<span>带班 {s.leaderName} {phone(s.leaderPhone, s.phonesMasked)} · 值班 {s.officerName} {phone(s.officerPhone, s.phonesMasked)}</span>} />
              </List.Item>
            )}
          />
        ) : (
          <Table<DutyShiftView>
            rowKey="id"
            size="small"
            loading={isFetching}
            dataSource={data?.district ?? []}
            pagination={false}
            columns={[
              { title: '单位', dataIndex: 'unitName', width: 180 },
              { title: '类别', dataIndex: 'unitKindLabel', width: 110 },
              { title: '带班领导', render: (_: unknown, s) => <span>{s.leaderName} {phone(s.leaderPhone, s.phonesMasked)}</span> },
              { title: '值班员', render: (_: unknown, s) => <span>{s.officerName} {phone(s.officerPhone, s.phonesMasked)}</span> },
              { title: '班次', width: 200, render: (_: unknown, s) => `${formatDateTime(s.startsAt).slice(5)} — ${formatDateTime(s.endsAt).slice(5)}` },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
