import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { ApiError, useApiMutation, useApiQuery } from '../../lib/client';
import { reportApi } from '../../../shared/contracts/report.api';
import { formatDate, formatDateTime } from '../../../shared/time';

/** 举报设置: the holiday table (working-day SLAs) and Open311 partner keys. */
export default function ReportSettingsPage() {
  const { message } = App.useApp();
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
      <Card title="节假日与调休（工作日计算：1 个工作日内受理，15 个工作日内答复）">
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
