/**
 * The offline district map's frame, shared by every map page (风险分布, 应急资源分布): a schematic
 * outline of 东西湖区 and longitude/latitude axes kept in ground proportions. No map tiles, GeoJSON
 * downloads or web fonts are used.
 */

/**
 * A schematic outline of 东西湖区 (WGS-84), hand-drawn around the streets' extent. It is a sketch
 * for orientation, not a surveyed boundary.
 */
export const DISTRICT_OUTLINE: [number, number][] = [
  [113.945, 30.65], [113.962, 30.69], [113.99, 30.728], [114.01, 30.772], [114.04, 30.788], [114.075, 30.772], [114.1, 30.745],
  [114.135, 30.742], [114.165, 30.722], [114.205, 30.712], [114.25, 30.705], [114.262, 30.672], [114.24, 30.628], [114.222, 30.602],
  [114.185, 30.598], [114.14, 30.605], [114.1, 30.622], [114.055, 30.63], [114.005, 30.64], [113.965, 30.64],
];

/** The whole district's extent: [west, east, south, north]. */
export const DISTRICT_EXTENT: [number, number, number, number] = [113.94, 114.27, 30.59, 30.795];

const COS_LAT = Math.cos((30.67 * Math.PI) / 180);

/**
 * Widen an extent so the map keeps its proportions on the ground (1° of longitude is cos(latitude)
 * × 1° of latitude) at the given width/height ratio of the chart.
 */
export function groundFrame([x0, x1, y0, y1]: [number, number, number, number], want = 2.1): [number, number, number, number] {
  const ratio = ((x1 - x0) * COS_LAT) / (y1 - y0);
  if (ratio < want) {
    const extra = ((want * (y1 - y0)) / COS_LAT - (x1 - x0)) / 2;
    return [x0 - extra, x1 + extra, y0, y1];
  }
  const extra = (((x1 - x0) * COS_LAT) / want - (y1 - y0)) / 2;
  return [x0, x1, y0 - extra, y1 + extra];
}

/** The grid, hidden axes and the outline series of a district map over a frame. */
export function districtMapBase([x0, x1, y0, y1]: [number, number, number, number]) {
  return {
    grid: { left: 8, right: 8, top: 32, bottom: 8 },
    xAxis: { type: 'value', min: x0, max: x1, show: false },
    yAxis: { type: 'value', min: y0, max: y1, show: false },
    outline: {
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
  };
}
