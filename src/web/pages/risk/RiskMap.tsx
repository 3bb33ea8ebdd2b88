import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { Chart } from '../../components/Chart';
import type { RiskMapView } from '../../../shared/contracts/risk';
import { LEVEL_COLOURS } from '../../../shared/risk';
import { LEVEL_ORDER } from './riskUi';
import { DISTRICT_EXTENT, districtMapBase, groundFrame } from '../../components/districtMap';

/** Enterprises as coloured points on longitude/latitude axes over the district outline (ECharts scatter). */
export function RiskMap({ data, height = 460 }: { data: RiskMapView; height?: number }) {
  const navigate = useNavigate();
  const option = useMemo(() => {
    const pts = data.enterprises;
    const xs = pts.map((e) => e.lng);
    const ys = pts.map((e) => e.lat);
    const districtWide = data.regions.length > 3 || pts.length === 0;
    // Keep the map's proportions (1° of longitude is cos(latitude) × 1° of latitude on the ground).
    const frame = groundFrame(districtWide ? DISTRICT_EXTENT : [Math.min(...xs) - 0.01, Math.max(...xs) + 0.01, Math.min(...ys) - 0.008, Math.max(...ys) + 0.008]);
    const base = districtMapBase(frame);
    const groups: [string, string, string][] = [...LEVEL_ORDER.map((l) => [l, `${l}风险`, LEVEL_COLOURS[l].hex] as [string, string, string]), ['', '未评定', '#94a3b8']];
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesName: string; data: { name: string; points: number; sources: number } }) =>
          p.seriesName === '街道' || !p.data?.name ? '' : `${p.data.name}<br/>${p.seriesName} · 风险点 ${p.data.points} 个${p.data.sources ? ` · 重大危险源 ${p.data.sources} 处` : ''}`,
      },
      legend: { top: 0, data: groups.map((g) => g[1]) },
      grid: base.grid,
      xAxis: base.xAxis,
      yAxis: base.yAxis,
      series: [
        base.outline,
        ...groups.map(([level, name, colour]) => ({
          type: 'scatter',
          name,
          z: 3,
          symbolSize: (v: unknown, p: { data: { sources: number } }) => (p.data.sources ? 14 : 9),
          itemStyle: { color: colour, borderColor: '#fff', borderWidth: 1, opacity: 0.92 },
          data: pts.filter((e) => (e.riskLevel ?? '') === level).map((e) => ({ value: [e.lng, e.lat], name: e.name, id: e.id, points: e.points, sources: e.sources })),
        })),
        {
          type: 'scatter',
          name: '街道',
          silent: true,
          z: 4,
          symbolSize: 0,
          label: { show: true, formatter: '{b}', color: '#1e293b', fontSize: 12, fontWeight: 600, textBorderColor: '#fff', textBorderWidth: 3 },
          // District-wide, the parks (管理处, 4201124xx) sit among the streets: label the streets only.
          data: data.regions.filter((r) => !districtWide || r.code.slice(6, 7) !== '4').map((r) => ({ value: [r.lng, r.lat + (districtWide ? 0.006 : 0.012)], name: r.name })),
        },
      ],
    };
  }, [data]);
  return <Chart option={option} height={height} onClick={(p) => { const d = p.data as { id?: string }; if (d?.id) navigate(`/enterprises/${d.id}`); }} />;
}
