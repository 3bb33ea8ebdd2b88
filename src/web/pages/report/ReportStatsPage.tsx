import { useState } from 'react';
import { Button, Card, Col, DatePicker, Row, Space, Spin, Statistic } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { download, useApiQuery } from '../../lib/client';
import { Chart } from '../../components/Chart';
import { reportApi } from '../../../shared/contracts/report.api';

/** 举报统计: volume by category, street and month; verified rate; response and closing times; rewards paid. */
export default function ReportStatsPage() {
  const [range, setRange] = useState<[string, string] | null>(null);
  const { data: s, isLoading } = useApiQuery(reportApi.stats, { query: range ? { from: range[0], to: range[1] } : {} });
  if (isLoading || !s) return <Spin style={{ display: 'block', margin: 48 }} />;
  const bar = (items: { name: string; count: number }[], color: string) => ({
    grid: { left: 110, right: 20, top: 10, bottom: 20 },
    tooltip: {},
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: items.map((x) => x.name).reverse() },
    series: [{ type: 'bar', data: items.map((x) => x.count).reverse(), itemStyle: { color } }],
  });
  return (
    <Card
      title="举报统计分析"
      extra={
        <Space wrap>
          <DatePicker.RangePicker value={[dayjs(s.from), dayjs(s.to)]} allowClear={false} onChange={(v) => v && setRange([v[0]!.format('YYYY-MM-DD'), v[1]!.format('YYYY-MM-DD')])} aria-label="统计区间" />
          <Button icon={<DownloadOutlined />} onClick={() => download(reportApi.statsExport, { query: { from: s.from, to: s.to } })}>
            导出 Excel
          </Button>
        </Space>
      }
    >
      <Row gutter={[12, 12]}>
        <Col xs={12} md={4}>
          <Statistic title="举报总数" value={s.total} suffix="件" />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title="核查属实率" value={s.verifiedRate === null ? '—' : (s.verifiedRate * 100).toFixed(1)} suffix={s.verifiedRate === null ? '' : '%'} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title="平均受理用时" value={s.avgAcknowledgeHours ?? '—'} suffix={s.avgAcknowledgeHours === null ? '' : '小时'} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title="平均办结用时" value={s.avgCloseDays ?? '—'} suffix={s.avgCloseDays === null ? '' : '天'} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title="超期（受理/答复）" value={`${s.overdue.ack} / ${s.overdue.reply}`} valueStyle={{ color: s.overdue.ack + s.overdue.reply ? '#cf1322' : undefined }} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={`已发放奖励（${s.rewards.paid} 件）`} value={s.rewards.paidAmount} suffix="元" />
        </Col>
        <Col xs={24}>
          <Card size="small" title="按月举报量与属实数">
            <Chart
              height={260}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { data: ['举报', '属实'] },
                grid: { left: 40, right: 20, top: 30, bottom: 30 },
                xAxis: { type: 'category', data: s.byMonth.map((m) => m.month) },
                yAxis: { type: 'value', minInterval: 1 },
                series: [
                  { name: '举报', type: 'bar', data: s.byMonth.map((m) => m.count), itemStyle: { color: '#1d4ed8' } },
                  { name: '属实', type: 'line', data: s.byMonth.map((m) => m.verified), itemStyle: { color: '#dc2626' } },
                ],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="按类别">
            <Chart height={320} option={bar(s.byCategory, '#0891b2')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="按属地">
            <Chart height={320} option={bar(s.byStreet, '#7c3aed')} />
          </Card>
        </Col>
      </Row>
    </Card>
  );
}
