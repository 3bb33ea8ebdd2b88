import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, HeatmapChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent, VisualMapComponent, DataZoomComponent, MarkLineComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

// CustomChart: the risk map draws the district outline as a polygon (no map tiles or GeoJSON downloads).
echarts.use([BarChart, LineChart, PieChart, HeatmapChart, ScatterChart, CustomChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, VisualMapComponent, DataZoomComponent, MarkLineComponent, CanvasRenderer]);

/** An ECharts chart that follows its container's size. Animation off under automation (stable screenshots). */
export function Chart({ option, height = 300, onClick }: { option: EChartsCoreOption; height?: number; onClick?: (p: { name: string; value: unknown; data: unknown; seriesName?: string }) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    chart.current = echarts.init(ref.current);
    const ro = new ResizeObserver(() => chart.current?.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    const animation = !(navigator as Navigator & { webdriver?: boolean }).webdriver;
    chart.current?.setOption({ animation, ...option }, true);
  }, [option]);
  useEffect(() => {
    if (!chart.current || !onClick) return;
    const handler = (p: unknown) => onClick(p as never);
    chart.current.on('click', handler);
    return () => {
      chart.current?.off('click', handler);
    };
  }, [onClick]);
  return <div ref={ref} style={{ width: '100%', height }} />;
}
