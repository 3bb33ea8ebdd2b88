import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { Chart } from '../../components/Chart';
import type { RiskMapView } from '../../../shared/contracts/risk';
import { LEVEL_COLOURS } from '../../../shared/risk';
import { LEVEL_ORDER } from './riskUi';

/**
 * A schematic outline of 东西湖区 (WGS-84), hand-drawn around the streets' extent. It is a sketch
 * for orientation, not a surveyed boundary; no map tiles, GeoJSON downloads or web fonts are used.
 */
export const DISTRICT_OUTLINE: [number, number][] = [
  [113.945, 30.65], [113.962, 30.69], [113.99, 30.728], [114.01, 30.772], [114.04, 30.788], [114.075, 30.772], [114.1, 30.745],
  [114.135, 30.742], [114.165, 30.722], [114.205, 30.712], [114.25, 30.705], [114.262, 30.672], [114.24, 30.628], [114.222, 30.602],
  [114.185, 30.598], [114.14, 30.605], [114.1, 30.622], [114.055, 30.63], [114.005, 30.64], [113.965, 30.64],
];

const COS_LAT = Math.cos((30.67 * Math.PI) / 180);

/** Enterprises as coloured points on longitude/latitude axes over the district outline (ECharts scatter). */
export function RiskMap({ data, height = 460 }: { data: RiskMapView; height?: number }) {
  const navigate = useNavigate();
  const option = useMemo(() => {
    const pts = data.enterprises;
    const xs = pts.map((e) => e.lng);
    const ys = pts.map((e) => e.lat);
    const districtWide = data.regions.length > 3 || pts.length === 0;
    let [x0, x1] = districtWide ? [113.94, 114.27] : [Math.min(...xs) - 0.01, Math.max(...xs) + 0.01];
    let [y0, y1] = districtWide ? [30.59, 30.795] : [Math.min(...ys) - 0.008, Math.max(...ys) + 0.008];
    // Keep the map's proportions (1° of longitude is cos(latitude) × 1° of latitude on the ground).
    const want = 2.1;
    const ratio = ((x1 - x0) * COS_LAT) / (y1 - y0);
    if (ratio < want) {
      const extra = ((want * (y1 - y0)) / COS_LAT - (x1 - x0)) / 2;
      x0 -= extra;
      x1 += extra;
    } else {
      const extra = (((x1 - x0) * COS_LAT) / want - (y1 - y0)) / 2;
      y0 -= extra;
      y1 += extra;
    }
    const groups: [string, string, string][] = [...LEVEL_ORDER.map((l) => [l, `${l}风险`, LEVEL_COLOURS[l].hex] as [string, string, string]), ['', '未评定', '#94a3b8']];
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesName: string; data: { name: string; points: number; sources: number } }) =>
          p.seriesName === '街道' || !p.data?.name ? '' : `${p.data.name}<br/>${p.seriesName} · 风险点 ${p.data.points} 个${p.data.sources ? ` · 重大危险源 ${p.data.sources} 处` : ''}`,
      },
      legend: { top: 0, data: groups.map((g) => g[1]) },
      grid: { left: 8, right: 8, top: 32, bottom: 8 },
      xAxis: { type: 'value', min: x0, max: x1, show: false },
      yAxis: { type: 'value', min: y0, max: y1, show: false },
      series: [
        {
          type: 'custom',
          name: '区界（示意）',
          silent: true,
          z: 0,
          data: [[0, 0]],
          renderItem: (_params: unknown, api: { coord: (p: [number, number]) => number[] }) => ({
            type: 'polygon',
            shape: { points: DISTRICT_OUTLINE.map((p) => api.coord(p)) },
            style: { fill: 'rgba(148,163,184,0.12)', stroke: '#64748b', lineWidth: 1.5, lineDash: [6, 4] },
          }),
        },
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
