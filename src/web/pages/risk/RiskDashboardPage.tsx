import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Card, Col, Row, Segmented, Spin, Statistic, Table, Typography } from 'antd';
import { useApiQuery } from '../../lib/client';
import { riskApi } from '../../../shared/contracts/risk.api';
import { useMe } from '../../lib/auth';
import { Chart } from '../../components/Chart';
import type { LevelCounts, RiskStatsView } from '../../../shared/contracts/risk';
import { LEVEL_COLOURS } from '../../../shared/risk';
import { LEVEL_ORDER } from './riskUi';
import { RiskMap } from './RiskMap';

type Basis = 'points' | 'enterprises';

function stacked(rows: (LevelCounts & { name: string; enterprises: LevelCounts })[], basis: Basis) {
  return { option: stackedOption(rows, basis), rows: rows.filter((r) => LEVEL_ORDER.some((l) => (basis === 'points' ? r : r.enterprises)[l] > 0)).length };
}

function stackedOption(rows: (LevelCounts & { name: string; enterprises: LevelCounts })[], basis: Basis) {
  const counts = (r: (typeof rows)[number]) => (basis === 'points' ? r : r.enterprises);
  const shown = rows.filter((r) => LEVEL_ORDER.some((l) => counts(r)[l] > 0));
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: LEVEL_ORDER.map((l) => `${l}风险`) },
    grid: { left: 120, right: 24, top: 32, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((r) => r.name).reverse() },
    series: LEVEL_ORDER.map((l) => ({
      name: `${l}风险`,
      type: 'bar',
      stack: 'total',
      barMaxWidth: 22,
      itemStyle: { color: LEVEL_COLOURS[l].hex },
      data: shown.map((r) => counts(r)[l]).reverse(),
    })),
  };
}

/** 四色分布: by street and by sector (stacked bars), the overall pie, the map; scope-limited. */
export default function RiskDashboardPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [basis, setBasis] = useState<Basis>('points');
  const { data: stats } = useApiQuery(riskApi.stats, {});
  const { data: map } = useApiQuery(riskApi.map, {});
  const byRegion = useMemo(() => (stats ? stacked(stats.byRegion, basis) : null), [stats, basis]);
  const bySector = useMemo(() => (stats ? stacked(stats.bySector, basis) : null), [stats, basis]);
  if (!stats) return <Spin style={{ margin: 48 }} />;
  const totals = basis === 'points' ? stats.points : stats.enterprises;
  const pie = {
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['32%', '58%'],
        center: ['50%', '45%'],
        label: { formatter: '{c}' },
        data: LEVEL_ORDER.map((l) => ({ name: `${l}风险`, value: totals[l], itemStyle: { color: LEVEL_COLOURS[l].hex } })),
      },
    ],
  };
  const unit = basis === 'points' ? '个' : '家';
  return (
    <div>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          风险四色分布
        </Typography.Title>
        <Typography.Text type="secondary">{me.unitName} · 数据范围内</Typography.Text>
        <span className="spacer" />
        <Segmented
          value={basis}
          onChange={(v) => setBasis(v as Basis)}
          options={[
            { value: 'points', label: '按风险点' },
            { value: 'enterprises', label: '按企业' },
          ]}
        />
      </div>
      <Row gutter={[16, 16]}>
        {LEVEL_ORDER.map((l) => (
          <Col xs={12} md={6} key={l}>
            <Card size="small" style={{ borderTop: `4px solid ${LEVEL_COLOURS[l].hex}`, cursor: 'pointer' }} onClick={() => (basis === 'points' ? navigate(`/risk/points?level=${l}`) : navigate(`/enterprises?riskLevel=${l}`))}>
              <Statistic title={`${l}风险（${LEVEL_COLOURS[l].name}）${basis === 'points' ? '风险点' : '企业'}`} value={totals[l]} suffix={unit} valueStyle={{ color: l === '一般' ? '#a16207' : LEVEL_COLOURS[l].hex }} />
            </Card>
          </Col>
        ))}
        <Col xs={24} lg={16}>
          <Card size="small" title={`按属地（街道/管理处）`} data-testid="chart-by-region">
            <Chart height={Math.max(220, (byRegion?.rows ?? 1) * 30 + 60)} option={byRegion!.option} onClick={(p) => { const r = stats.byRegion.find((x) => x.name === p.name); if (r) navigate(`/risk/points?regionCode=${r.code}${p.seriesName ? `&level=${p.seriesName.replace('风险', '')}` : ''}`); }} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title="四色占比">
            <Chart height={Math.max(220, (byRegion?.rows ?? 1) * 30 + 60)} option={pie} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title="分布明细" data-testid="region-table">
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={stats.byRegion}
              columns={[
                { title: '属地', dataIndex: 'name' },
                ...LEVEL_ORDER.map((l) => ({ title: `${l}（${LEVEL_COLOURS[l].name}）`, key: l, align: 'right' as const, render: (_: unknown, r: RiskStatsView['byRegion'][number]) => (basis === 'points' ? r[l] : r.enterprises[l]) })),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="按行业领域">
            <Chart height={Math.max(220, (bySector?.rows ?? 1) * 28 + 60)} option={bySector!.option} onClick={(p) => { const r = stats.bySector.find((x) => x.name === p.name); if (r) navigate(`/risk/points?sector=${r.code}`); }} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="重大危险源与复评">
            <Row gutter={16}>
              <Col span={8}>
                <Statistic title="重大危险源" value={stats.sources.major} suffix="处" />
              </Col>
              {(['一级', '二级', '三级', '四级'] as const).map((g) => (
                <Col span={4} key={g}>
                  <Statistic title={g} value={stats.sources.byGrade[g] ?? 0} />
                </Col>
              ))}
            </Row>
            <Row gutter={16} style={{ marginTop: 16 }}>
              <Col span={8}>
                <Statistic title="风险点" value={stats.points.total} suffix="个" />
              </Col>
              <Col span={8}>
                <Statistic title="未评估" value={stats.points.未评估} suffix="个" />
              </Col>
              <Col span={8}>
                <Statistic title="复评到期" value={stats.points.reviewDue} suffix="个" valueStyle={{ color: stats.points.reviewDue ? '#cf1322' : undefined }} />
              </Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title="企业风险分布图（示意轮廓，离线绘制）" extra={map?.missingCoordinates ? <Typography.Text type="secondary">{map.missingCoordinates} 家企业未标注坐标</Typography.Text> : null}>
            {map ? <RiskMap data={map} /> : <Spin />}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
