import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Spin, Switch, Table, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { monitoringApi } from '../../../shared/contracts/monitoring.api';
import type { DeviceCredentials, SensorView } from '../../../shared/contracts/monitoring';
import { SENSOR_KIND_DEFAULTS, SENSOR_KINDS, SENSOR_KIND_LABELS, type SensorKind } from '../../../shared/monitoring/rules';
import { CredentialsDialog } from './CredentialsDialog';
import { DeviceStatus } from './DevicesPage';
import { BandTag, fmt, SensorChart } from './monitoringUi';

const num = (v: number | null) => (v == null ? '—' : v);

/** A device: its binding, state and credentials; its sensors with limits; a sensor's curve. */
export default function DevicePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useAuth();
  const manage = can('monitoring.manage');
  const { data, error, isLoading } = useApiQuery(monitoringApi.getDevice, { params: { id } }, { refetchInterval: 15_000 });
  const inv = { invalidates: ['monitoring'] };
  const enable = useApiMutation(monitoringApi.setDeviceEnabled, inv);
  const rotate = useApiMutation(monitoringApi.rotateSecret, inv);
  const addSensor = useApiMutation(monitoringApi.addSensor, inv);
  const updateSensor = useApiMutation(monitoringApi.updateSensor, inv);
  const deleteSensor = useApiMutation(monitoringApi.deleteSensor, inv);
  const [creds, setCreds] = useState<DeviceCredentials | null>(null);
  const [editing, setEditing] = useState<SensorView | 'new' | null>(null);
  const [chart, setChart] = useState<string | null>(null);
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as SensorKind | undefined;
  const { data: targets } = useApiQuery(monitoringApi.targets, data ? { query: { enterpriseId: data.device.enterpriseId } } : null);
  if (isLoading) return <Spin />;
  if (error || !data) return <Alert type="error" showIcon message={error?.message ?? '设备不存在'} />;
  const d = data.device;
  const installations = (targets?.sources ?? []).filter((s) => !d.sourceId || s.id === d.sourceId).flatMap((s) => s.installations);
  const shownChart = chart ?? data.sensors[0]?.id ?? null;

  const openEditor = (s: SensorView | 'new') => {
    setEditing(s);
    if (s === 'new') {
      const def = SENSOR_KIND_DEFAULTS.gas_lel;
      form.setFieldsValue({ kind: 'gas_lel', unit: def.unit, rangeMin: def.min, rangeMax: def.max, h: def.h, hh: def.hh, l: null, ll: null, deadband: def.deadband, tag: '', name: '', installationId: null, rateLimit: null, frozenMinutes: null });
    } else form.setFieldsValue(s);
  };
  const applyDefaults = (k: SensorKind) => {
    const def = SENSOR_KIND_DEFAULTS[k];
    form.setFieldsValue({ unit: def.unit, rangeMin: def.min, rangeMax: def.max, ll: def.ll ?? null, l: def.l ?? null, h: def.h ?? null, hh: def.hh ?? null, deadband: def.deadband });
  };
  const save = async () => {
    const v = await form.validateFields();
    const body = { ...v, unit: v.unit ?? '', installationId: v.installationId ?? null };
    try {
      if (editing === 'new') await addSensor.mutateAsync({ params: { id }, body });
      else if (editing) await updateSensor.mutateAsync({ params: { id: editing.id }, body });
      message.success('已保存');
      setEditing(null);
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={`${d.name}（${d.code}）`}
        extra={
          <Space>
            <a onClick={() => navigate('/monitoring/devices')}>设备列表</a>
            <a onClick={() => navigate(`/monitoring/alarms?deviceId=${d.id}&status=all`)}>报警记录</a>
          </Space>
        }
      >
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="企业">{d.enterpriseName}</Descriptions.Item>
          <Descriptions.Item label="重大危险源">{d.sourceName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="风险点">{d.riskPointName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <DeviceStatus d={d} />
          </Descriptions.Item>
          <Descriptions.Item label="最近上报">{fmt(d.lastSeenAt)}</Descriptions.Item>
          <Descriptions.Item label="采样周期">{d.intervalSeconds} 秒</Descriptions.Item>
          <Descriptions.Item label="安装位置">{d.location || '—'}</Descriptions.Item>
          <Descriptions.Item label="上报主题">
            <Typography.Text copyable code style={{ fontSize: 12 }}>
              {d.topic}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="密钥生成于">{fmt(d.secretIssuedAt)}</Descriptions.Item>
        </Descriptions>
        {manage && (
          <Space style={{ marginTop: 12 }} wrap>
            <span>
              启用 <Switch checked={d.enabled} loading={enable.isPending} onChange={(v) => enable.mutate({ params: { id }, body: { enabled: v } }, { onError: (e) => message.error(e.message) })} aria-label="启用设备" />
            </span>
            <Popconfirm title="重新生成密钥后旧密钥立即失效，设备需重新配置。继续？" onConfirm={async () => setCreds(await rotate.mutateAsync({ params: { id } }))}>
              <Button loading={rotate.isPending}>重新生成密钥</Button>
            </Popconfirm>
          </Space>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title="传感器" extra={manage && <Button size="small" icon={<PlusOutlined />} onClick={() => openEditor('new')}>添加传感器</Button>}>
            <Table<SensorView>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data.sensors}
              onRow={(s) => ({ onClick: () => setChart(s.id), style: { cursor: 'pointer', background: s.id === shownChart ? '#f0f7ff' : undefined } })}
              columns={[
                { title: '位号', dataIndex: 'tag', width: 100 },
                { title: '名称', dataIndex: 'name', ellipsis: { showTitle: false }, render: (v: string, s) => <Tooltip title={`${SENSOR_KIND_LABELS[s.kind]} · ${s.installationName ?? ''}`}>{v}</Tooltip> },
                { title: '最新值', width: 110, render: (_: unknown, s) => (s.lastValue == null ? '—' : `${s.lastValue} ${s.unit}`) },
                { title: '状态', dataIndex: 'band', width: 80, render: (b: SensorView['band']) => <BandTag band={b} /> },
                { title: '限值（低低/低/高/高高）', width: 170, render: (_: unknown, s) => `${num(s.ll)} / ${num(s.l)} / ${num(s.h)} / ${num(s.hh)}` },
                ...(manage
                  ? [
                      {
                        title: '',
                        width: 100,
                        render: (_: unknown, s: SensorView) => (
                          <Space size={4} onClick={(e) => e.stopPropagation()}>
                            <a onClick={() => openEditor(s)}>编辑</a>
                            <Popconfirm title="删除该传感器？" onConfirm={() => deleteSensor.mutate({ params: { id: s.id } }, { onError: (e) => message.error(e.message) })}>
                              <a>删除</a>
                            </Popconfirm>
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={shownChart ? `曲线：${data.sensors.find((s) => s.id === shownChart)?.name ?? ''}` : '曲线'}>{shownChart ? <SensorChart key={shownChart} sensorId={shownChart} /> : <Typography.Text type="secondary">尚无传感器</Typography.Text>}</Card>
        </Col>
      </Row>
      <Modal open={!!editing} title={editing === 'new' ? '添加传感器' : '修改传感器'} onCancel={() => setEditing(null)} onOk={save} confirmLoading={addSensor.isPending || updateSensor.isPending} width={640} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
                <Select options={SENSOR_KINDS.map((k) => ({ value: k, label: SENSOR_KIND_LABELS[k] }))} onChange={(k: SensorKind) => applyDefaults(k)} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="tag" label="位号" rules={[{ required: true, message: '请填写位号' }, { pattern: /^[A-Za-z0-9._-]+$/, message: '字母、数字、点、下划线或连字符' }]}>
                <Input maxLength={40} placeholder="如 GT-101" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="unit" label="单位">
                <Input maxLength={20} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="installationId" label="所测装置/设施">
            <Select allowClear options={installations.map((i) => ({ value: i.id, label: `${i.name}（${i.tag}）` }))} placeholder="可不选" />
          </Form.Item>
          <Row gutter={12}>
            {(['rangeMin', 'rangeMax'] as const).map((k) => (
              <Col span={12} key={k}>
                <Form.Item name={k} label={k === 'rangeMin' ? '量程下限' : '量程上限'}>
                  <InputNumber style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Row gutter={12}>
            {(
              [
                ['ll', '低低报'],
                ['l', '低报'],
                ['h', '高报'],
                ['hh', '高高报'],
              ] as const
            ).map(([k, label]) => (
              <Col span={6} key={k}>
                <Form.Item name={k} label={label}>
                  <InputNumber style={{ width: '100%' }} disabled={kind === 'video' && k !== 'l'} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="deadband" label="回差" extra="回到限值内超过回差才恢复">
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="rateLimit" label="变化率限值（/分钟）">
                <InputNumber min={0} style={{ width: '100%' }} placeholder="不判断" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="frozenMinutes" label="冻结判定（分钟）">
                <InputNumber min={1} max={10080} style={{ width: '100%' }} placeholder="不判断" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
      {creds && <CredentialsDialog creds={creds} onClose={() => setCreds(null)} />}
    </Space>
  );
}
