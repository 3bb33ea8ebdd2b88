import { useEffect, useMemo, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { Alert, Card, Checkbox, Col, List, Row, Space, Tag, Typography } from 'antd';
import { useApiQuery } from '../../lib/client';
import { Chart } from '../../components/Chart';
import { emergencyApi } from '../../../shared/contracts/emergency.api';
import { RESOURCE_POINT_KINDS, RESOURCE_POINT_LABELS } from '../../../shared/contracts/emergency.duty';
import { DISTRICT_EXTENT, districtMapBase, groundFrame } from '../../components/districtMap';

/**
 * 应急资源分布 on the offline district outline (the risk map's sketch; no tiles): teams, material depots,
 * major hazard sources. A click on the map asks the server for the nearest resources (great-circle distance).
 */

type Kind = (typeof RESOURCE_POINT_KINDS)[number];
const COLOURS: Record<Kind, string> = { team: '#1677ff', depot: '#52c41a', hazard: '#cf1322' };
const SYMBOLS: Record<Kind, string> = { team: 'circle', depot: 'rect', hazard: 'triangle' };

export default function ResourceMapPage() {
  const [kinds, setKinds] = useState<Kind[]>([...RESOURCE_POINT_KINDS]);
  const [here, setHere] = useState<{ lat: number; lng: number } | null>(null);
  const kindsParam = kinds.join(',');
  const { data } = useApiQuery(emergencyApi.resourceMap, { query: { kinds: kindsParam } });
  const { data: near, isFetching } = useApiQuery(emergencyApi.nearby, here && kinds.length ? { query: { lat: Number(here.lat.toFixed(5)), lng: Number(here.lng.toFixed(5)), kinds: kindsParam, limit: 10 } } : null);
  const wrap = useRef<HTMLDivElement>(null);

  // Clicks on empty map space: the chart's pixel → longitude/latitude (ECharts' own conversion).
  useEffect(() => {
    const el = wrap.current?.firstElementChild as HTMLDivElement | null;
    const chart = el ? echarts.getInstanceByDom(el) : undefined;
    if (!chart) return;
    const zr = chart.getZr();
    const onClick = (e: { offsetX: number; offsetY: number }) => {
      const p = chart.convertFromPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]) as number[] | undefined;
      if (p && Number.isFinite(p[0]) && Number.isFinite(p[1])) setHere({ lng: p[0], lat: p[1] });
    };
    zr.on('click', onClick);
    return () => {
      zr.off('click', onClick);
    };
  }, [data]);

  const option = useMemo(() => {
    const base = districtMapBase(groundFrame(DISTRICT_EXTENT));
    const pts = data?.points ?? [];
    const nearIds = new Set((near?.points ?? []).slice(0, 3).map((p) => `${p.kind}:${p.id}`));
    return {
      tooltip: { trigger: 'item', formatter: (p: { data: { name: string; detail: string } }) => (p.data?.detail ? `${p.data.name}<br/>${p.data.detail}` : '') },
      legend: { top: 0, data: RESOURCE_POINT_KINDS.map((k) => RESOURCE_POINT_LABELS[k]) },
      grid: base.grid,
      xAxis: base.xAxis,
      yAxis: base.yAxis,
      series: [
        base.outline,
        ...RESOURCE_POINT_KINDS.map((k) => ({
          type: 'scatter',
          name: RESOURCE_POINT_LABELS[k],
          z: 3,
          symbol: SYMBOLS[k],
          symbolSize: (_v: unknown, p: { data: { key: string } }) => (nearIds.has(p.data.key) ? 18 : 11),
          itemStyle: { color: COLOURS[k], borderColor: '#fff', borderWidth: 1 },
          data: pts.filter((p) => p.kind === k).map((p) => ({ value: [p.lng, p.lat], name: p.name, detail: p.detail, key: `${p.kind}:${p.id}` })),
        })),
        {
          type: 'scatter',
          name: '所选位置',
          silent: true,
          z: 5,
          symbol: 'pin',
          symbolSize: 26,
          itemStyle: { color: '#fa8c16' },
          data: here ? [{ value: [here.lng, here.lat], name: '所选位置' }] : [],
        },
      ],
    };
  }, [data, near, here]);

  return (
    <Card
      title="应急资源分布"
      extra={
        <Checkbox.Group
          value={kinds}
          onChange={(v) => setKinds(v as Kind[])}
          options={RESOURCE_POINT_KINDS.map((k) => ({ value: k, label: RESOURCE_POINT_LABELS[k] }))}
        />
      }
    >
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            点击地图上的任一位置，右侧列出最近的救援队伍、物资储备点和重大危险源（直线距离）。区界为示意，不是测绘边界。
          </Typography.Paragraph>
          <div ref={wrap} data-testid="resource-map">
            <Chart option={option} height={440} />
          </div>
          {!!data?.withoutCoordinates && <Alert type="info" style={{ marginTop: 8 }} message={`${data.withoutCoordinates} 处资源缺少经纬度，未在图上显示（可在资源库中补充坐标）`} />}
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={here ? `距所选位置最近（${here.lng.toFixed(4)}, ${here.lat.toFixed(4)}）` : '最近的应急资源'} data-testid="nearby">
            {here ? (
              <List
                loading={isFetching}
                size="small"
                dataSource={near?.points ?? []}
                renderItem={(p) => (
                  <List.Item>
                    <List.Item.Meta
                      title={
                        <Space wrap size={4}>
                          <Tag color={COLOURS[p.kind]}>{p.kindLabel}</Tag>
                          <span>{p.name}</span>
                        </Space>
                      }
                      description={
                        <span>
                          <Typography.Text strong>{p.distanceKm} 公里</Typography.Text> · {p.detail}
                        </span>
                      }
                    />
                  </List.Item>
                )}
              />
            ) : (
              <Typography.Text type="secondary">请在地图上点击事发位置。</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
    </Card>
  );
}
