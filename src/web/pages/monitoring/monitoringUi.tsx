import { useMemo, useState } from 'react';
import { Empty, Segmented, Spin, Tag, Tooltip } from 'antd';
import { Chart } from '../../components/Chart';
import { useApiQuery } from '../../lib/client';
import { monitoringApi } from '../../../shared/contracts/monitoring.api';
import type { AlarmView } from '../../../shared/contracts/monitoring';
import { ALARM_TYPE_LABELS, BAND_LABELS, SENSOR_KIND_LABELS, SEVERITY_COLORS, SEVERITY_LABELS, type Band, type Severity } from '../../../shared/monitoring/rules';
import { formatDateTime } from '../../../shared/time';

export { ALARM_TYPE_LABELS, SENSOR_KIND_LABELS };

export const fmt = (v: string | null | undefined) => (v ? formatDateTime(v) : '—');

export function SeverityTag({ severity }: { severity: number }) {
  const s = severity as Severity;
  return (
    <Tag color={SEVERITY_COLORS[s]} style={{ color: s === 3 ? '#5c4400' : undefined, marginInlineEnd: 0 }}>
      {SEVERITY_LABELS[s]}
    </Tag>
  );
}

export const BAND_COLORS: Record<Band, string> = { HH: '#cf1322', LL: '#cf1322', H: '#fa8c16', L: '#fa8c16', N: '#16a34a' };
export function BandTag({ band }: { band: Band }) {
  return <Tag color={band === 'N' ? 'green' : band === 'H' || band === 'L' ? 'orange' : 'red'}>{BAND_LABELS[band]}</Tag>;
}

/** 未确认 / 已确认 / 已恢复 / 已关闭 of an alarm (two flags). */
export function AlarmStateTag({ a }: { a: Pick<AlarmView, 'acknowledgedAt' | 'clearedAt' | 'closed' | 'flapping'> }) {
  const tags = [];
  if (a.closed) tags.push(<Tag key="c">已关闭</Tag>);
  else {
    tags.push(a.acknowledgedAt ? <Tag key="a" color="blue">已确认</Tag> : <Tag key="a" color="red">未确认</Tag>);
    if (a.clearedAt) tags.push(<Tag key="r" color="green">已恢复</Tag>);
  }
  if (a.flapping)
    tags.push(
      <Tooltip key="f" title="10 分钟内反复越限，已抑制反复报警">
        <Tag color="purple">振荡</Tag>
      </Tooltip>,
    );
  return <>{tags}</>;
}

export const ESCALATION_TEXT = ['企业', '属地街道', '行业主管部门', '区安委办'];

/** A sensor's curve (min/max band + average) over the last 24 hours, 7 days or 30 days, with its limits. */
export function SensorChart({ sensorId, height = 260 }: { sensorId: string; height?: number }) {
  const [span, setSpan] = useState<'6h' | '24h' | '7d' | '30d'>('24h');
  const query = span === '6h' ? { hours: 6 } : span === '24h' ? { hours: 24 } : { days: span === '7d' ? 7 : 30 };
  const { data, isLoading } = useApiQuery(monitoringApi.series, { params: { id: sensorId }, query }, { refetchInterval: 30_000 });
  const option = useMemo(() => {
    if (!data) return {};
    const s = data.sensor;
    const limits = [
      ['高高报', s.hh, '#cf1322'],
      ['高报', s.h, '#fa8c16'],
      ['低报', s.l, '#fa8c16'],
      ['低低报', s.ll, '#cf1322'],
    ].filter(([, v]) => v != null) as [string, number, string][];
    const rollup = data.resolution !== 'raw';
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${Math.round(v * 1000) / 1000} ${s.unit}` },
      grid: { left: 48, right: 60, top: 24, bottom: 48 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: s.unit, scale: true },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 6 }],
      legend: { show: false },
      series: [
        ...(rollup
          ? [
              { name: '最小', type: 'line', data: data.points.map((p) => [p.at, p.min]), lineStyle: { opacity: 0 }, stack: 'band', symbol: 'none' },
              { name: '最大', type: 'line', data: data.points.map((p) => [p.at, p.max - p.min]), lineStyle: { opacity: 0 }, areaStyle: { color: 'rgba(22,119,255,0.15)' }, stack: 'band', symbol: 'none', tooltip: { show: false } },
            ]
          : []),
        {
          name: rollup ? '平均' : '数值',
          type: 'line',
          showSymbol: false,
          data: data.points.map((p) => [p.at, p.avg]),
          lineStyle: { width: 1.5, color: '#1677ff' },
          markLine: { symbol: 'none', silent: true, data: limits.map(([name, v, color]) => ({ yAxis: v, name, lineStyle: { color, type: 'dashed' }, label: { formatter: `${name} ${v}`, color } })) },
        },
      ],
    };
  }, [data]);
  return (
    <div>
      <Segmented
        size="small"
        value={span}
        onChange={(v) => setSpan(v as typeof span)}
        options={[
          { label: '6 小时', value: '6h' },
          { label: '24 小时', value: '24h' },
          { label: '7 天', value: '7d' },
          { label: '30 天', value: '30d' },
        ]}
      />
      <div style={{ position: 'relative', minHeight: height }}>
        {isLoading ? <Spin style={{ marginTop: 40, width: '100%' }} /> : data && data.points.length === 0 ? <Empty description="该时段无数据" /> : <Chart option={option} height={height} />}
      </div>
    </div>
  );
}

/**
 * A short beep (Web Audio) for a new 一级 alarm. Browsers allow sound only after the user has
 * interacted with the page (autoplay policy): until then the context stays suspended and the beep
 * is silent — never an error; the banner and the notification stand. One context is reused.
 */
let audio: AudioContext | null = null;
export function beep() {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    audio ??= new Ctx();
    const ctx = audio;
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const o = ctx.createOscillator();
    const g = ctx.createGain();
    o.type = 'square';
    o.frequency.value = 880;
    g.gain.value = 0.08;
    o.connect(g).connect(ctx.destination);
    o.start();
    o.stop(ctx.currentTime + 0.6);
    o.onended = () => g.disconnect();
  } catch {
    // no audio device: the visual alert stands
  }
}
