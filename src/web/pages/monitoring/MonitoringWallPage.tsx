import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Badge, Button, Card, Col, Drawer, Empty, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { AlertOutlined, ApiOutlined, SettingOutlined, SoundOutlined } from '@ant-design/icons';
import { keyOf, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { monitoringApi } from '../../../shared/contracts/monitoring.api';
import type { AlarmView, LiveSensor, Overview, StreamValue } from '../../../shared/contracts/monitoring';
import { BAND_LABELS, SENSOR_KIND_LABELS } from '../../../shared/monitoring/rules';
import { AlarmStateTag, BAND_COLORS, beep, fmt, SensorChart, SeverityTag } from './monitoringUi';
import { SettingsDialog } from './SettingsDialog';
import { useMonitoringStream } from './useMonitoringStream';

/** The wall's open alarms after a change from the stream: closed ones leave, others are replaced or added (by severity, newest first). */
export function upsertAlarm(list: AlarmView[], a: AlarmView): AlarmView[] {
  const rest = list.filter((x) => x.id !== a.id);
  if (a.closed) return rest;
  return [...rest, a].sort((x, y) => Number(x.closed) - Number(y.closed) || x.severity - y.severity || (x.lastAt < y.lastAt ? 1 : x.lastAt > y.lastAt ? -1 : 0));
}

/** The latest values from the stream into the wall's sensors. */
function applyValues(o: Overview, values: StreamValue[]): Overview {
  const by = new Map(values.map((v) => [v.sensorId, v]));
  let changed = false;
  const live = o.live.map((s) => {
    const v = by.get(s.id);
    if (!v || (s.lastAt && v.at && v.at < s.lastAt)) return s;
    changed = true;
    return { ...s, lastValue: v.value, lastAt: v.at, band: v.band, online: true };
  });
  return changed ? { ...o, live } : o;
}

/**
 * 监测预警一张图: device status, open alarms by severity, the alarm list and every sensor's latest
 * value, kept current by the live stream (SSE; polling every 5 s only while it is down); a new
 * 一级 alarm shows a banner and a notification and beeps. The district sees
 * every enterprise of its scope (pick one to narrow); an enterprise sees its own.
 */
export default function MonitoringWallPage() {
  const navigate = useNavigate();
  const { notification } = App.useApp();
  const { can, me } = useAuth();
  const [params, setParams] = useSearchParams();
  const enterpriseId = params.get('enterpriseId') ?? undefined;
  const [sensor, setSensor] = useState<LiveSensor | null>(null);
  const [settings, setSettings] = useState(false);
  const [sound, setSound] = useState(true);
  const qc = useQueryClient();
  const input = useMemo(() => ({ query: { enterpriseId } }), [enterpriseId]);
  const overviewKey = keyOf(monitoringApi.overview, input);
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The counts and the enterprise table are not in the stream: re-read the wall shortly after a change.
  const refreshSoon = () => {
    if (refresh.current) return;
    refresh.current = setTimeout(() => {
      refresh.current = null;
      void qc.invalidateQueries({ queryKey: overviewKey });
    }, 2000);
  };
  useEffect(() => () => void (refresh.current && clearTimeout(refresh.current)), []);
  const { live } = useMonitoringStream(
    { enterpriseId },
    {
      onReady: () => void qc.invalidateQueries({ queryKey: overviewKey }),
      onAlarm: (e) => {
        qc.setQueryData<Overview>(overviewKey, (old) => (old ? { ...old, alarms: upsertAlarm(old.alarms, e.alarm) } : old));
        refreshSoon();
      },
      onValues: (e) => qc.setQueryData<Overview>(overviewKey, (old) => (old ? applyValues(old, e.values) : old)),
    },
  );
  // Polls only while the stream is down (slowly: the stream is the normal path).
  const { data, error } = useApiQuery(monitoringApi.overview, input, { refetchInterval: live ? 60_000 : 5_000 });
  const seen = useRef<Set<string> | null>(null);
  const [flashId, setFlashId] = useState<string | null>(null);
  const flash = (flashId && data?.alarms.find((a) => a.id === flashId)) || null;

  // New 一级 alarms since the page opened: a banner, a notification and a beep.
  useEffect(() => {
    if (!data) return;
    const ids = new Set(data.alarms.filter((a) => a.severity === 1).map((a) => a.id));
    if (seen.current) {
      const fresh = data.alarms.filter((a) => a.severity === 1 && !a.acknowledgedAt && !seen.current!.has(a.id));
      if (fresh.length) {
        setFlashId(fresh[0].id);
        notification.error({ key: 'monitoring-red', message: '新的一级报警', description: `${fresh[0].enterpriseName} ${fresh[0].deviceName}：${fresh[0].message}`, duration: 8 });
        if (sound) beep();
      }
    }
    seen.current = ids;
  }, [data, notification, sound]);

  const isEnterprise = me?.scope.kind === 'enterprise';
  const sev = data?.openBySeverity;
  return (
    <div data-testid="monitoring-wall">
      <Card
        title={
          <span>
            <AlertOutlined style={{ color: '#cf1322', marginRight: 6 }} />
            重大危险源监测预警
            <Tooltip title={live ? '报警与数值实时推送' : '实时推送未连接，每 5 秒刷新'}>
              <Tag color={live ? 'success' : 'warning'} style={{ marginLeft: 12 }} data-testid="stream-state">
                {live ? '实时' : '轮询'}
              </Tag>
            </Tooltip>
            {data ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>更新于 {fmt(data.now)}</Typography.Text> : null}
          </span>
        }
        extra={
          <Space wrap>
            {!isEnterprise && data && (
              <Select
                allowClear
                style={{ width: 220 }}
                placeholder="全部企业"
                value={enterpriseId}
                onChange={(v) => setParams(v ? { enterpriseId: v } : {}, { replace: true })}
                options={data.enterprises.map((e) => ({ value: e.id, label: e.name }))}
                aria-label="选择企业"
              />
            )}
            <Tooltip title={sound ? '一级报警时声音提示（点击关闭）' : '已静音（点击开启）'}>
              <Button icon={<SoundOutlined />} type={sound ? 'primary' : 'default'} ghost={sound} onClick={() => setSound(!sound)} aria-label="声音提示" />
            </Tooltip>
            <Button icon={<ApiOutlined />} onClick={() => navigate('/monitoring/devices')}>
              设备
            </Button>
            <Button onClick={() => navigate('/monitoring/alarms')}>报警记录</Button>
            {can('monitoring.config') && <Button icon={<SettingOutlined />} onClick={() => setSettings(true)} aria-label="设置" />}
          </Space>
        }
      >
        {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 12 }} />}
        {flash && !flash.acknowledgedAt && (
          <Alert
            data-testid="red-alarm-banner"
            type="error"
            showIcon
            closable
            onClose={() => setFlashId(null)}
            style={{ marginBottom: 12 }}
            message={`一级报警：${flash.enterpriseName} ${flash.deviceName}`}
            description={flash.message}
            action={
              <Button size="small" danger onClick={() => navigate(`/monitoring/alarms/${flash.id}`)}>
                立即处置
              </Button>
            }
          />
        )}
        <Row gutter={[12, 12]}>
          <Col xs={12} md={4}>
            <Statistic title="设备在线" value={data?.devices.online ?? 0} suffix={`/ ${data ? data.devices.total - data.devices.disabled : 0}`} valueStyle={{ color: '#16a34a' }} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="设备离线" value={data?.devices.offline ?? 0} valueStyle={data?.devices.offline ? { color: '#cf1322' } : undefined} />
          </Col>
          {([1, 2, 3, 4] as const).map((s) => (
            <Col xs={12} md={3} key={s}>
              <Statistic title={`${['', '一级（红）', '二级（橙）', '三级（黄）', '四级（蓝）'][s]}`} value={sev?.[s] ?? 0} valueStyle={{ color: ['', '#cf1322', '#fa8c16', '#b58900', '#1677ff'][s] }} />
            </Col>
          ))}
          <Col xs={12} md={4}>
            <Statistic title="未确认报警" value={data?.unacknowledged ?? 0} valueStyle={data?.unacknowledged ? { color: '#cf1322' } : undefined} />
          </Col>
        </Row>
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={11}>
          <Card size="small" title="未关闭报警" extra={<a onClick={() => navigate('/monitoring/alarms')}>全部</a>}>
            <Table<AlarmView>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data?.alarms ?? []}
              scroll={{ y: 420 }}
              onRow={(a) => ({ onClick: () => navigate(`/monitoring/alarms/${a.id}`), style: { cursor: 'pointer' } })}
              locale={{ emptyText: <Empty description="当前无报警" /> }}
              columns={[
                { title: '等级', dataIndex: 'severity', width: 96, render: (s: number) => <SeverityTag severity={s} /> },
                {
                  title: '报警',
                  ellipsis: { showTitle: false },
                  render: (_: unknown, a) => (
                    <Tooltip title={`${a.enterpriseName} ${a.deviceName} ${a.sensorName ?? ''}：${a.message}`}>
                      <div style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                        <Typography.Text strong>{a.sensorName ?? a.deviceName}</Typography.Text> {a.message}
                      </div>
                      {!isEnterprise && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {a.enterpriseName}
                        </Typography.Text>
                      )}
                    </Tooltip>
                  ),
                },
                { title: '状态', width: 110, render: (_: unknown, a) => <AlarmStateTag a={a} /> },
                { title: '最近', dataIndex: 'lastAt', width: 96, render: (v: string) => fmt(v).slice(5) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={13}>
          <Card size="small" title="实时数值" extra={<Typography.Text type="secondary">点击查看曲线</Typography.Text>}>
            {data && data.live.length === 0 && <Empty description="暂无传感器" />}
            {data && <LiveGrid live={data.live} onPick={setSensor} />}
          </Card>
        </Col>
      </Row>

      {!isEnterprise && !enterpriseId && data && data.enterprises.length > 0 && (
        <Card size="small" title="企业监测状态" style={{ marginTop: 16 }}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.enterprises}
            onRow={(e) => ({ onClick: () => setParams({ enterpriseId: e.id }), style: { cursor: 'pointer' } })}
            columns={[
              { title: '企业', dataIndex: 'name', ellipsis: true },
              { title: '设备', dataIndex: 'devices', width: 80 },
              { title: '离线', dataIndex: 'offline', width: 80, render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0) },
              { title: '未关闭报警', dataIndex: 'openAlarms', width: 110 },
              { title: '最高等级', dataIndex: 'worstSeverity', width: 120, render: (v: number | null) => (v ? <SeverityTag severity={v} /> : '—') },
            ]}
          />
        </Card>
      )}

      <Drawer open={!!sensor} onClose={() => setSensor(null)} size="large" title={sensor ? `${sensor.name}（${sensor.tag}）` : ''} destroyOnHidden>
        {sensor && (
          <>
            <Typography.Paragraph type="secondary">
              {sensor.enterpriseName} / {sensor.deviceName} · 最新 {sensor.lastValue ?? '—'} {sensor.unit}（{fmt(sensor.lastAt)}）
            </Typography.Paragraph>
            <SensorChart sensorId={sensor.id} height={320} />
            <Button style={{ marginTop: 12 }} onClick={() => navigate(`/monitoring/devices/${sensor.deviceId}`)}>
              查看设备
            </Button>
          </>
        )}
      </Drawer>
      {settings && <SettingsDialog onClose={() => setSettings(false)} />}
    </div>
  );
}

/**
 * The live sensors' cards, re-rendered only when the sensors change (not on every alarm event of
 * the stream: a new alarm must reach the screen at once, also on a slow wall PC).
 */
const LiveGrid = memo(function LiveGrid({ live, onPick }: { live: LiveSensor[]; onPick: (s: LiveSensor) => void }) {
  return (
    <Row gutter={[8, 8]} style={{ maxHeight: 470, overflowY: 'auto' }}>
      {live.map((s) => (
        <Col xs={12} sm={8} lg={6} key={s.id}>
          <Card
            size="small"
            hoverable
            onClick={() => onPick(s)}
            styles={{ body: { padding: 8 } }}
            style={{ borderColor: s.band === 'N' ? undefined : BAND_COLORS[s.band], borderWidth: s.band === 'N' ? 1 : 2 }}
            data-testid={`sensor-${s.tag}`}
          >
            <Tooltip title={`${s.enterpriseName} / ${s.deviceName} / ${s.name}（${s.tag}）`}>
              <div style={{ fontSize: 12, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{s.name}</div>
            </Tooltip>
            <div style={{ fontSize: 20, fontWeight: 600, color: s.band === 'N' ? undefined : BAND_COLORS[s.band] }}>
              {s.kind === 'video' ? (s.lastValue === 1 ? '在线' : s.lastValue === 0 ? '中断' : '—') : (s.lastValue ?? '—')}
              <span style={{ fontSize: 12, fontWeight: 400, marginLeft: 4 }}>{s.kind === 'video' ? '' : s.unit}</span>
            </div>
            <div style={{ fontSize: 12 }}>
              <Badge status={s.online ? 'success' : 'default'} text={s.online ? SENSOR_KIND_LABELS[s.kind] : '设备离线'} />
              {s.band !== 'N' && <span style={{ color: BAND_COLORS[s.band], marginLeft: 6 }}>{BAND_LABELS[s.band]}</span>}
            </div>
          </Card>
        </Col>
      ))}
    </Row>
  );
});
