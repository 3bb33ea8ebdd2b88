import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { ApiError, useApiMutation, useApiQuery } from '../../lib/client';
import { reportApi } from '../../../shared/contracts/report.api';
import { formatDate, formatDateTime } from '../../../shared/time';
import { slaText } from '../../../shared/report/workdays';
import type { SlaView } from '../../../shared/contracts/report';

/** 举报设置: the time limits, the holiday table (working days) and Open311 partner keys. */
export default function ReportSettingsPage() {
  const { message } = App.useApp();
  const sla = useApiQuery(reportApi.sla, {});
  const saveSla = useApiMutation(reportApi.updateSla, { invalidates: ['report'] });
  const holidays = useApiQuery(reportApi.holidays, {});
  const keys = useApiQuery(reportApi.apiKeys, {});
  const add = useApiMutation(reportApi.addHoliday, { invalidates: ['report'] });
  const del = useApiMutation(reportApi.deleteHoliday, { invalidates: ['report'] });
  const create = useApiMutation(reportApi.createApiKey, { invalidates: ['report'] });
  const revoke = useApiMutation(reportApi.revokeApiKey, { invalidates: ['report'] });
  const [newKey, setNewKey] = useState<string | null>(null);
  const fail = (e: unknown) => message.error((e as ApiError).message);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card title="办理时限">
        {sla.data && (
          <Form
            key={`${sla.data.acknowledgeWorkingDays}-${sla.data.replyWorkingDays}`}
            layout="inline"
            initialValues={sla.data}
            onFinish={(v: SlaView) => saveSla.mutateAsync({ body: v }).then(() => message.success('办理时限已保存，此后受理的举报按新时限计算'), fail)}
            style={{ rowGap: 8 }}
          >
            <Form.Item name="acknowledgeWorkingDays" label="受理时限" rules={[{ required: true, message: '请填写受理时限' }]}>
              <InputNumber min={1} max={10} precision={0} addonAfter="个工作日" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="replyWorkingDays" label="核查答复时限" rules={[{ required: true, message: '请填写答复时限' }]}>
              <InputNumber min={1} max={60} precision={0} addonAfter="个工作日" style={{ width: 160 }} />
            </Form.Item>
            <Button htmlType="submit" type="primary" loading={saveSla.isPending}>
              保存
            </Button>
          </Form>
        )}
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          举报提交时按当时的时限和节假日表计算应受理、应答复日期；修改时限不改变已受理举报的日期。
        </Typography.Paragraph>
      </Card>
      <Card title={`节假日与调休（工作日计算${sla.data ? `：${slaText(sla.data)}` : ''}）`}>
        <Form
          layout="inline"
          onFinish={(v: { date: Dayjs; name: string; workday?: boolean }) => add.mutateAsync({ body: { date: v.date.format('YYYY-MM-DD'), name: v.name, workday: !!v.workday } }).then(() => message.success('已保存'), fail)}
          style={{ marginBottom: 12, rowGap: 8 }}
        >
          <Form.Item name="date" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker placeholder="日期" />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true, message: '请填写名称' }]}>
            <Input placeholder="如：春节" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="workday" valuePropName="checked">
            <Checkbox>调休上班日</Checkbox>
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={add.isPending}>
            添加
          </Button>
        </Form>
        <Table
          size="small"
          rowKey="date"
          loading={holidays.isLoading}
          dataSource={holidays.data ?? []}
          pagination={{ pageSize: 15 }}
          columns={[
            { title: '日期', dataIndex: 'date', width: 140, render: (v: string) => formatDate(v) },
            { title: '名称', dataIndex: 'name' },
            { title: '类型', dataIndex: 'workday', width: 120, render: (w: boolean) => (w ? <Tag color="blue">调休上班</Tag> : <Tag color="red">放假</Tag>) },
            {
              title: '',
              key: 'op',
              width: 80,
              render: (_: unknown, h) => (
                <Popconfirm title="删除该日期？" onConfirm={() => del.mutateAsync({ params: { date: h.date } }).then(() => undefined, fail)}>
                  <Button type="link" size="small" danger>
                    删除
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
      <Card title="Open311 合作应用密钥">
        {newKey && <Alert type="warning" showIcon closable onClose={() => setNewKey(null)} style={{ marginBottom: 12 }} message="新密钥（仅显示这一次，请交给合作应用保存）" description={<Typography.Text copyable code>{newKey}</Typography.Text>} />}
        <Form layout="inline" onFinish={(v: { name: string }) => create.mutateAsync({ body: v }).then((k) => setNewKey(k.key), fail)} style={{ marginBottom: 12 }}>
          <Form.Item name="name" rules={[{ required: true, message: '请填写应用名称' }]}>
            <Input placeholder="合作应用名称" style={{ width: 240 }} />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={create.isPending}>
            发放密钥
          </Button>
        </Form>
        <Table
          size="small"
          rowKey="id"
          loading={keys.isLoading}
          dataSource={keys.data ?? []}
          pagination={false}
          columns={[
            { title: '应用', dataIndex: 'name', ellipsis: true },
            { title: '密钥前缀', dataIndex: 'prefix', width: 120 },
            { title: '发放', key: 'c', width: 220, render: (_: unknown, k) => `${formatDateTime(k.createdAt)} · ${k.createdByName}` },
            { title: '最近使用', dataIndex: 'lastUsedAt', width: 150, render: (v: string | null) => (v ? formatDateTime(v) : '—') },
            {
              title: '状态',
              key: 's',
              width: 140,
              render: (_: unknown, k) =>
                k.revokedAt ? (
                  <Tag>已吊销</Tag>
                ) : (
                  <Popconfirm title="吊销后该应用无法再提交，确定？" onConfirm={() => revoke.mutateAsync({ params: { id: k.id } }).then(() => undefined, fail)}>
                    <Button size="small" danger>
                      吊销
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
