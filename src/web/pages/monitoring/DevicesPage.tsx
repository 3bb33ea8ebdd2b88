import { useUrlFilters } from '../../lib/urlFilters';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tooltip } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { monitoringApi } from '../../../shared/contracts/monitoring.api';
import type { DeviceCredentials, DeviceQuery, DeviceView } from '../../../shared/contracts/monitoring';
import { EnterprisePicker } from '../../components/EnterprisePicker';
import { CredentialsDialog } from './CredentialsDialog';
import { DeviceImportDialog } from './DeviceImportDialog';
import { fmt } from './monitoringUi';

export function DeviceStatus({ d }: { d: Pick<DeviceView, 'enabled' | 'online'> }) {
  if (!d.enabled) return <Badge status="default" text="已停用" />;
  return d.online ? <Badge status="success" text="在线" /> : <Badge status="error" text="离线" />;
}

/** 监测设备: the devices of the user's scope; register one (its secret is shown once). */
export default function DevicesPage() {
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const { params, set } = useUrlFilters();
  const q = params.get('q') ?? undefined;
  const status = params.get('status') ?? undefined;
  const page = Number(params.get('page') ?? 1);
  const { data, isFetching, error } = useApiQuery(monitoringApi.listDevices, { query: { q, status, page, pageSize: 20 } as Partial<DeviceQuery> }, { placeholderData: keepPreviousData });
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [creds, setCreds] = useState<DeviceCredentials | null>(null);
  const [form] = Form.useForm();
  const enterpriseId = Form.useWatch('enterpriseId', form) as string | undefined;
  const { data: targets } = useApiQuery(monitoringApi.targets, enterpriseId ? { query: { enterpriseId } } : null);
  const create = useApiMutation(monitoringApi.createDevice, { invalidates: ['monitoring'] });
  const isEnterprise = me?.scope.kind === 'enterprise';

  return (
    <Card
      title="监测设备"
      extra={
        <Space>
          <a onClick={() => navigate('/monitoring')}>监测一张图</a>
          {can('monitoring.manage') && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              Excel 导入
            </Button>
          )}
          {can('monitoring.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                form.setFieldsValue({ enterpriseId: isEnterprise ? (me?.enterpriseId ?? undefined) : undefined, intervalSeconds: 60 });
                setCreating(true);
              }}
            >
              登记设备
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder="设备名称、编码或企业" defaultValue={q} onSearch={(v) => set({ q: v.trim() || undefined })} style={{ width: 240 }} aria-label="搜索设备" />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 120 }}
          value={status}
          onChange={(v) => set({ status: v })}
          options={[
            { value: 'online', label: '在线' },
            { value: 'offline', label: '离线' },
            { value: 'disabled', label: '已停用' },
          ]}
          aria-label="状态"
        />
      </Space>
      {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 12 }} />}
      <Table<DeviceView>
        rowKey="id"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onRow={(d) => ({ onClick: () => navigate(`/monitoring/devices/${d.id}`), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, showTotal: (n) => `共 ${n} 台`, onChange: (p) => set({ page: p }) }}
        columns={[
          { title: '编码', dataIndex: 'code', width: 110 },
          { title: '名称', dataIndex: 'name', ellipsis: { showTitle: false }, render: (v: string) => <Tooltip title={v}>{v}</Tooltip> },
          ...(isEnterprise ? [] : [{ title: '企业', dataIndex: 'enterpriseName', ellipsis: { showTitle: false }, render: (v: string) => <Tooltip title={v}>{v}</Tooltip> }]),
          { title: '重大危险源', dataIndex: 'sourceName', ellipsis: { showTitle: false }, render: (v: string | null) => (v ? <Tooltip title={v}>{v}</Tooltip> : '—') },
          { title: '测点', dataIndex: 'sensorCount', width: 70 },
          { title: '报警', dataIndex: 'openAlarms', width: 70, render: (v: number) => (v ? <Badge count={v} /> : 0) },
          { title: '状态', width: 90, render: (_: unknown, d) => <DeviceStatus d={d} /> },
          { title: '最近上报', dataIndex: 'lastSeenAt', width: 150, render: fmt },
        ]}
      />
      <Modal
        open={creating}
        title="登记监测设备"
        onCancel={() => setCreating(false)}
        confirmLoading={create.isPending}
        destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          try {
            const r = await create.mutateAsync({ body: { ...v, sourceId: v.sourceId ?? null, riskPointId: v.riskPointId ?? null } });
            setCreating(false);
            form.resetFields();
            setCreds(r);
          } catch (e) {
            message.error((e as Error).message);
          }
        }}
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="enterpriseId" label="企业" rules={[{ required: true, message: '请选择企业' }]} hidden={isEnterprise}>
            <EnterprisePicker />
          </Form.Item>
          <Form.Item name="code" label="设备编码" rules={[{ required: true, message: '请填写设备编码' }, { pattern: /^[A-Za-z0-9._-]+$/, message: '只能包含字母、数字、点、下划线和连字符' }]}>
            <Input maxLength={40} placeholder="如 GW-01" />
          </Form.Item>
          <Form.Item name="name" label="设备名称" rules={[{ required: true, message: '请填写设备名称' }]}>
            <Input maxLength={100} placeholder="如 罐区数据采集网关" />
          </Form.Item>
          <Form.Item name="sourceId" label="所在重大危险源">
            <Select allowClear disabled={!enterpriseId} options={(targets?.sources ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` }))} placeholder="可不选" />
          </Form.Item>
          <Form.Item name="riskPointId" label="所在风险点">
            <Select allowClear disabled={!enterpriseId} options={(targets?.riskPoints ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` }))} placeholder="可不选" />
          </Form.Item>
          <Form.Item name="location" label="安装位置">
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="intervalSeconds" label="采样周期" rules={[{ required: true }]} extra="超过 3 个周期无数据判为离线">
            <InputNumber min={1} max={86400} addonAfter="秒" style={{ width: 180 }} />
          </Form.Item>
        </Form>
      </Modal>
      {creds && <CredentialsDialog creds={creds} onClose={() => setCreds(null)} />}
      <DeviceImportDialog open={importing} onClose={() => setImporting(false)} />
    </Card>
  );
}
