import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Radio, Row, Space, Spin, Timeline, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { keyOf, useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { monitoringApi } from '../../../shared/contracts/monitoring.api';
import { ALARM_TYPE_LABELS, BAND_LABELS } from '../../../shared/monitoring/rules';
import { AlarmStateTag, ESCALATION_TEXT, fmt, SensorChart, SeverityTag } from './monitoringUi';
import { useMonitoringStream } from './useMonitoringStream';

const EVENT_LABELS: Record<string, string> = { raised: '报警', severity: '升级', reraised: '再次触发', cleared: '恢复', acknowledged: '确认', comment: '处置记录', assigned: '指派', escalated: '逐级上报', hazard: '转隐患' };
const EVENT_COLORS: Record<string, string> = { raised: 'red', severity: 'red', reraised: 'red', escalated: 'orange', cleared: 'green', acknowledged: 'blue', hazard: 'purple' };

/** An alarm: what happened, its timeline, the sensor's curve and the handling (确认、恢复、记录、指派、转隐患). */
export default function AlarmDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useAuth();
  const qc = useQueryClient();
  const { live } = useMonitoringStream(
    { values: false },
    { onAlarm: (e) => void (e.alarm.id === id && qc.invalidateQueries({ queryKey: keyOf(monitoringApi.getAlarm, { params: { id } }) })) },
  );
  const { data, error, isLoading } = useApiQuery(monitoringApi.getAlarm, { params: { id } }, { refetchInterval: live ? false : 10_000 });
  const inv = { invalidates: ['monitoring'] };
  const ack = useApiMutation(monitoringApi.acknowledge, inv);
  const clear = useApiMutation(monitoringApi.clear, inv);
  const comment = useApiMutation(monitoringApi.comment, inv);
  const assign = useApiMutation(monitoringApi.assign, inv);
  const toHazard = useApiMutation(monitoringApi.toHazard, { invalidates: ['monitoring', 'hazard'] });
  const [dialog, setDialog] = useState<null | 'comment' | 'assign' | 'hazard'>(null);
  const [form] = Form.useForm();
  if (isLoading) return <Spin />;
  if (error || !data) return <Alert type="error" showIcon message={error?.message ?? '报警不存在'} />;
  const a = data.alarm;
  const handle = can('monitoring.handle');
  const run = async (p: Promise<unknown>, ok: string) => {
    try {
      await p;
      message.success(ok);
      setDialog(null);
      form.resetFields();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        title={
          <Space wrap>
            <SeverityTag severity={a.severity} />
            <span>{ALARM_TYPE_LABELS[a.type]}</span>
            <Typography.Text type="secondary">{a.enterpriseName}</Typography.Text>
          </Space>
        }
        extra={<a onClick={() => navigate('/monitoring/alarms')}>报警记录</a>}
      >
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {a.message}
        </Typography.Title>
        <Space wrap style={{ marginBottom: 12 }}>
          <AlarmStateTag a={a} />
          {handle && !a.acknowledgedAt && (
            <Button type="primary" danger loading={ack.isPending} onClick={() => run(ack.mutateAsync({ params: { id } }), '已确认')}>
              确认报警
            </Button>
          )}
          {handle && !a.clearedAt && (
            <Button loading={clear.isPending} onClick={() => run(clear.mutateAsync({ params: { id } }), '已恢复')}>
              人工恢复
            </Button>
          )}
          {handle && <Button onClick={() => setDialog('comment')}>处置记录</Button>}
          {handle && !a.closed && <Button onClick={() => setDialog('assign')}>指派</Button>}
          {handle && !a.hazardId && (
            <Button onClick={() => setDialog('hazard')} data-testid="to-hazard">
              转为隐患
            </Button>
          )}
          {a.hazardId && <Button onClick={() => navigate(`/hazards/${a.hazardId}`)}>查看隐患 {a.hazardCode}</Button>}
        </Space>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
          <Descriptions.Item label="设备">{a.deviceName}</Descriptions.Item>
          <Descriptions.Item label="测点">{a.sensorName ? `${a.sensorName}（${a.sensorTag}）` : '—'}</Descriptions.Item>
          <Descriptions.Item label="越限">{a.band ? BAND_LABELS[a.band] : '—'}</Descriptions.Item>
          <Descriptions.Item label="首次报警">{fmt(a.raisedAt)}</Descriptions.Item>
          <Descriptions.Item label="最近">{fmt(a.lastAt)}</Descriptions.Item>
          <Descriptions.Item label="次数">{a.count}</Descriptions.Item>
          <Descriptions.Item label="首次值">{a.firstValue ?? '—'} {a.unit ?? ''}</Descriptions.Item>
          <Descriptions.Item label="最新值">{a.lastValue ?? '—'} {a.unit ?? ''}</Descriptions.Item>
          <Descriptions.Item label="峰值">{a.peakValue ?? '—'} {a.unit ?? ''}</Descriptions.Item>
          <Descriptions.Item label="确认">{a.acknowledgedAt ? `${a.acknowledgedBy ?? ''} ${fmt(a.acknowledgedAt)}` : '未确认'}</Descriptions.Item>
          <Descriptions.Item label="恢复">{a.clearedAt ? `${a.clearedBy ?? ''} ${fmt(a.clearedAt)}` : '未恢复'}</Descriptions.Item>
          <Descriptions.Item label="处置人">{a.assigneeName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="已上报至">{ESCALATION_TEXT[a.escalationLevel]}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          {a.sensorId ? (
            <Card size="small" title="测点曲线">
              <SensorChart sensorId={a.sensorId} />
            </Card>
          ) : (
            <Card size="small" title="设备">
              <Button onClick={() => navigate(`/monitoring/devices/${a.deviceId}`)}>查看设备</Button>
            </Card>
          )}
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title="处置过程">
            <Timeline
              items={data.events.map((e) => ({
                color: EVENT_COLORS[e.kind] ?? 'gray',
                children: (
                  <div>
                    <Typography.Text strong>{EVENT_LABELS[e.kind] ?? '记录'}</Typography.Text> <Typography.Text type="secondary">{fmt(e.at)} · {e.actorName}</Typography.Text>
                    <div>{e.text}</div>
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <Modal
        open={!!dialog}
        title={dialog === 'comment' ? '处置记录' : dialog === 'assign' ? '指派处置人' : '报警转为隐患'}
        onCancel={() => setDialog(null)}
        confirmLoading={comment.isPending || assign.isPending || toHazard.isPending}
        destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          if (dialog === 'comment') await run(comment.mutateAsync({ params: { id }, body: { text: v.text } }), '已记录');
          if (dialog === 'assign') await run(assign.mutateAsync({ params: { id }, body: { assigneeName: v.assigneeName } }), '已指派');
          if (dialog === 'hazard')
            await run(
              toHazard.mutateAsync({ params: { id }, body: { grade: v.grade, place: v.place || undefined, description: v.description || undefined } }).then((r) => navigate(`/hazards/${r.hazardId}`)),
              '已登记到隐患台账',
            );
        }}
      >
        <Form form={form} layout="vertical" initialValues={{ grade: '一般' }}>
          {dialog === 'comment' && (
            <Form.Item name="text" label="内容" rules={[{ required: true, message: '请填写处置情况' }]}>
              <Input.TextArea rows={4} maxLength={1000} showCount />
            </Form.Item>
          )}
          {dialog === 'assign' && (
            <Form.Item name="assigneeName" label="处置人" rules={[{ required: true, message: '请填写处置人' }]}>
              <Input maxLength={50} />
            </Form.Item>
          )}
          {dialog === 'hazard' && (
            <>
              <Form.Item name="grade" label="隐患等级">
                <Radio.Group options={['一般', '重大'].map((g) => ({ value: g, label: `${g}隐患` }))} />
              </Form.Item>
              <Form.Item name="place" label="部位" extra="不填则为设备与测点名称">
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="description" label="描述" extra="不填则由报警自动生成（测点、数值、时间、次数）">
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
