import { useMemo, useState } from 'react';
import { formatTarget, nodeLabel } from '../../../shared/campaign/nodes';
import { useNavigate } from 'react-router';
import { Card, Col, Empty, Progress, Row, Segmented, Spin, Statistic, Table, Tag } from 'antd';
import { useApiQuery } from '../../lib/client';
import { Chart } from '../../components/Chart';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import type { CampaignView } from '../../../shared/contracts/campaign.views';
import { ellipsis } from '../../../shared/text';
import { CELL_COLORS, CELL_LABELS, CELL_ORDER, periodLabel } from './campaignUi';

/** Chart labels: at most n characters and "…". */
const short = (s: string, n = 14) => ellipsis(s, n + 1);

/** 驾驶舱: completion by task, unit and phase; unit × month report heatmap; overdue; indicators against targets. */
export default function DashboardTab({ campaign }: { campaign: CampaignView }) {
  const navigate = useNavigate();
  const { data: d, isLoading } = useApiQuery(campaignApi.dashboard, { params: { id: campaign.id } });
  const [unitGroup, setUnitGroup] = useState<'department' | 'territory'>('department');
  const [indicatorId, setIndicatorId] = useState<string>();
  const units = useMemo(() => (d?.byUnit ?? []).filter((u) => (unitGroup === 'territory') === (u.kind === 'street' || u.kind === 'park')), [d, unitGroup]);
  if (isLoading || !d) return <Spin style={{ margin: 24 }} />;
  const s = d.summary;
  const district = d.scope === 'district';
  const ind = d.indicators.find((i) => i.id === indicatorId) ?? d.indicators.find((i) => i.trend.length) ?? d.indicators[0];
  const heatHeight = Math.max(160, d.heatmap.units.length * 16 + 90);
  return (
    <div data-testid="campaign-dashboard">
      <Row gutter={[12, 12]}>
        {[
          { title: district ? '牵头事项完成率' : '本单位事项完成率', value: district ? s.completionRate : Math.round((d.byUnit[0]?.rate ?? 0) * 10) / 10, suffix: '%' },
          { title: district ? '已完成 / 牵头事项' : '已完成 / 全部事项', value: district ? `${s.leadDone} / ${s.leadItems}` : `${d.byUnit[0]?.done ?? 0} / ${s.items}` },
          { title: '逾期未完成事项', value: s.overdueItems, color: s.overdueItems ? '#cf1322' : undefined },
          { title: '逾期未报（期次）', value: s.overdueReports, color: s.overdueReports ? '#cf1322' : undefined },
          { title: '待审核报告', value: s.pendingReview },
          { title: '迟报（期次）', value: s.lateReports },
        ].map((x) => (
          <Col xs={12} md={8} xl={4} key={x.title}>
            <Card size="small">
              <Statistic title={x.title} value={x.value} suffix={x.suffix} valueStyle={x.color ? { color: x.color } : undefined} />
            </Card>
          </Col>
        ))}
        <Col xs={24} xl={12}>
          <Card size="small" title={district ? '各任务完成情况（牵头事项）' : '各任务完成情况（本单位事项）'}>
            <Chart
              height={Math.max(240, d.byTask.length * 20 + 60)}
              option={{
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                legend: { top: 0 },
                grid: { left: 200, right: 24, top: 28, bottom: 24 },
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: { type: 'category', inverse: true, data: d.byTask.map((t) => `${nodeLabel(t.nodeId)} ${short(t.title)}`) },
                series: [
                  { name: '已完成', type: 'bar', stack: 'a', data: d.byTask.map((t) => t.done), itemStyle: { color: '#52c41a' } },
                  { name: '推进中', type: 'bar', stack: 'a', data: d.byTask.map((t) => t.progress), itemStyle: { color: '#1677ff' } },
                  { name: '滞后', type: 'bar', stack: 'a', data: d.byTask.map((t) => t.lagging), itemStyle: { color: '#faad14' } },
                  { name: '未开始', type: 'bar', stack: 'a', data: d.byTask.map((t) => t.total - t.done - t.progress - t.lagging), itemStyle: { color: '#d9d9d9' } },
                ],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          {district ? (
            <Card
              size="small"
              title="各单位完成率"
              extra={
                <Segmented
                  size="small"
                  value={unitGroup}
                  onChange={(v) => setUnitGroup(v as 'department')}
                  options={[
                    { value: 'department', label: '成员单位' },
                    { value: 'territory', label: '街道/管理处' },
                  ]}
                />
              }
            >
              {units.length ? (
                <Chart
                  height={Math.max(240, units.length * 20 + 50)}
                  option={{
                    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${v}%` },
                    grid: { left: 150, right: 40, top: 10, bottom: 24 },
                    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
                    yAxis: { type: 'category', inverse: true, data: units.map((u) => u.name) },
                    series: [
                      {
                        name: '完成率',
                        type: 'bar',
                        data: units.map((u) => ({ value: u.rate, itemStyle: { color: u.rate >= 80 ? '#52c41a' : u.rate >= 60 ? '#2563eb' : '#fa8c16' } })),
                        label: { show: true, position: 'right', formatter: '{c}%' },
                      },
                    ],
                  }}
                />
              ) : (
                <Empty />
              )}
            </Card>
          ) : (
            <Card size="small" title="本单位事项状态">
              {d.byUnit[0] ? (
                <Chart
                  height={300}
                  option={{
                    tooltip: { trigger: 'item', formatter: '{b}：{c} 项（{d}%）' },
                    legend: { bottom: 0 },
                    series: [
                      {
                        type: 'pie',
                        radius: ['40%', '68%'],
                        label: { formatter: '{b}\n{c} 项' },
                        data: [
                          { name: '已完成', value: d.byUnit[0].done, itemStyle: { color: '#52c41a' } },
                          { name: '推进中', value: d.byUnit[0].progress, itemStyle: { color: '#1677ff' } },
                          { name: '滞后', value: d.byUnit[0].lagging, itemStyle: { color: '#faad14' } },
                          { name: '未开始', value: d.byUnit[0].total - d.byUnit[0].done - d.byUnit[0].progress - d.byUnit[0].lagging, itemStyle: { color: '#d9d9d9' } },
                        ],
                      },
                    ],
                  }}
                />
              ) : (
                <Empty />
              )}
            </Card>
          )}
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title="各阶段完成情况（按完成时限所在阶段）">
            <Chart
              height={260}
              option={{
                tooltip: { trigger: 'axis', formatter: (p: { dataIndex: number }[]) => { const x = d.byPhase[p[0].dataIndex]; return `${x.name}<br/>已完成 ${x.done} / ${x.total}（${x.rate}%）`; } },
                grid: { left: 40, right: 16, top: 16, bottom: 40 },
                xAxis: { type: 'category', data: d.byPhase.map((p) => p.name), axisLabel: { interval: 0, fontSize: 11 } },
                yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
                series: [{ type: 'bar', data: d.byPhase.map((p) => p.rate), itemStyle: { color: '#0d9488' }, label: { show: true, position: 'top', formatter: '{c}%' } }],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card size="small" title="逾期未报送（按月，期次）">
            <Chart
              height={260}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 40, right: 16, top: 16, bottom: 40 },
                xAxis: { type: 'category', data: d.overdueByPeriod.map((p) => p.period) },
                yAxis: { type: 'value', minInterval: 1 },
                series: [{ name: '未报送单位', type: 'bar', data: d.overdueByPeriod.map((p) => p.missing), itemStyle: { color: '#f5222d' } }],
              }}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title="月度报送情况（单位 × 月份）">
            <Chart
              height={heatHeight}
              onClick={(p) => {
                const [pi, ui] = (p.data as { value: [number, number] }).value;
                const u = d.heatmap.units[ui];
                if (u) navigate(`/campaigns/${campaign.id}/report/${d.heatmap.periods[pi]}${district ? `?unitId=${u.unitId}` : ''}`);
              }}
              option={{
                tooltip: {
                  formatter: (p: { data: { value: [number, number, number] } }) => {
                    const [pi, ui, v] = p.data.value;
                    return `${d.heatmap.units[ui]?.name}<br/>${periodLabel(d.heatmap.periods[pi])}：${CELL_LABELS[CELL_ORDER[v]]}`;
                  },
                },
                grid: { left: 150, right: 16, top: 10, bottom: 70 },
                xAxis: { type: 'category', data: d.heatmap.periods, splitArea: { show: true }, axisLabel: { rotate: 45, fontSize: 10 } },
                yAxis: { type: 'category', inverse: true, data: d.heatmap.units.map((u) => u.name), axisLabel: { fontSize: 11 } },
                visualMap: {
                  type: 'piecewise',
                  orient: 'horizontal',
                  left: 'center',
                  bottom: 0,
                  dimension: 2,
                  pieces: CELL_ORDER.map((k, i) => ({ value: i, label: CELL_LABELS[k], color: CELL_COLORS[k] })),
                },
                series: [
                  {
                    type: 'heatmap',
                    data: d.heatmap.cells.map(([ui, pi, st]) => ({ value: [pi, ui, CELL_ORDER.indexOf(st)] })),
                    itemStyle: { borderColor: '#fff', borderWidth: 1 },
                    progressive: 0,
                  },
                ],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title="目标指标完成情况">
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.indicators}
              onRow={(r) => ({ onClick: () => setIndicatorId(r.id), style: { cursor: 'pointer', background: r.id === ind?.id ? '#f0f5ff' : undefined } })}
              columns={[
                { title: '编号', dataIndex: 'nodeId', width: 80, render: (v: string) => nodeLabel(v) },
                { title: '指标', dataIndex: 'name', render: (v: string) => short(v, 28) },
                { title: '目标', width: 110, render: (_: unknown, r) => formatTarget(r) },
                { title: '当前', width: 90, render: (_: unknown, r) => (r.current === null ? <Tag>未填报</Tag> : `${r.current}${r.unit}`) },
                {
                  title: '进度',
                  width: 150,
                  render: (_: unknown, r) =>
                    r.current === null || !r.targetValue ? null : (
                      <Progress size="small" percent={Math.min(100, Math.round((r.current / r.targetValue) * 100))} status={r.met ? 'success' : 'active'} />
                    ),
                },
                { title: '达标', width: 70, render: (_: unknown, r) => (r.met === null ? '—' : r.met ? <Tag color="green">达标</Tag> : <Tag color="orange">未达标</Tag>) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={ind ? `指标趋势：${short(ind.name, 20)}` : '指标趋势'}>
            {ind && ind.trend.length ? (
              <Chart
                height={280}
                option={{
                  tooltip: { trigger: 'axis' },
                  grid: { left: 48, right: 24, top: 20, bottom: 40 },
                  xAxis: { type: 'category', data: ind.trend.map((t) => t.period) },
                  yAxis: { type: 'value', axisLabel: { formatter: `{value}${ind.unit}` } },
                  series: [
                    {
                      name: ind.aggregate === 'sum' ? '全区合计' : '各单位平均',
                      type: 'line',
                      data: ind.trend.map((t) => t.value),
                      smooth: true,
                      markLine: ind.targetValue !== null ? { symbol: 'none', data: [{ yAxis: ind.targetValue, name: '目标' }], lineStyle: { color: '#f5222d', type: 'dashed' }, label: { formatter: `目标 ${formatTarget(ind)}` } } : undefined,
                    },
                  ],
                }}
              />
            ) : (
              <Empty description="暂无已采纳的填报数据" />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
