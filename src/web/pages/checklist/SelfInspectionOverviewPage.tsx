import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Card, Col, DatePicker, Empty, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useApiQuery } from '../../lib/client';
import { checklistApi } from '../../../shared/contracts/checklist.api';
import { formatRate as pct, rateColour as rateColor } from '../../../shared/checklist/rates';
import { formatDateTime } from '../../../shared/time';
import { useOrg } from '../../lib/reference';
import { Chart } from '../../components/Chart';
import type { BehindRow, CompletionRow } from '../../../shared/contracts/checklist';
import { monthRange } from './checklistUi';


function RateChart({ rows, onPick }: { rows: CompletionRow[]; onPick: (r: CompletionRow) => void }) {
  if (!rows.some((r) => r.rate !== null)) return <Empty description="本期无应查自查" />;
  // Rows with nothing due have no rate: they are not charted as 100 %.
  const sorted = rows.filter((r) => r.rate !== null).sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0));
  return (
    <Chart
      height={Math.max(220, sorted.length * 26 + 40)}
      onClick={(p) => {
        const r = sorted.find((x) => x.name === p.name);
        if (r) onPick(r);
      }}
      option={{
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (ps: { name: string; dataIndex: number }[]) => {
            const r = sorted[ps[0].dataIndex];
            return `${r.name}<br/>完成率 ${pct(r.rate)}（已查 ${r.done} / 应查 ${r.due}）<br/>企业 ${r.enterprises} 家，自报隐患 ${r.reported}，自改 ${r.fixed}`;
          },
        },
        grid: { left: 130, right: 50, top: 8, bottom: 24 },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        yAxis: { type: 'category', data: sorted.map((r) => r.name), inverse: true },
        series: [
          {
            type: 'bar',
            data: sorted.map((r) => ({ value: Math.round((r.rate ?? 0) * 1000) / 10, itemStyle: { color: rateColor(r.rate) } })),
            label: { show: true, position: 'right', formatter: '{c}%' },
          },
        ],
      }}
    />
  );
}

/** Government view: completion rate of due self-inspections by street and sector, and who is behind. */
export default function SelfInspectionOverviewPage() {
  const navigate = useNavigate();
  const { data: org } = useOrg();
  const [range, setRange] = useState(monthRange());
  const [regionCode, setRegion] = useState<string | undefined>();
  const [sector, setSector] = useState<string | undefined>();
  const q = { ...range, regionCode, sector };
  const { data, isLoading } = useApiQuery(checklistApi.completion, { query: q });
  const behind = useApiQuery(checklistApi.behind, { query: q });
  const t = data?.total;
  return (
    <div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Typography.Text strong>企业隐患自查（自查自改自报）</Typography.Text>
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(range.from), dayjs(range.to)]}
            onChange={(v) => v && v[0] && v[1] && setRange({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
          />
          <Select allowClear placeholder="全部街道" style={{ width: 170 }} value={regionCode} onChange={setRegion} options={(org?.regions ?? []).filter((r) => r.kind !== 'district').map((r) => ({ value: r.code, label: r.name }))} />
          <Select allowClear placeholder="全部行业领域" style={{ width: 160 }} value={sector} onChange={setSector} options={(org?.sectors ?? []).map((s) => ({ value: s.code, label: s.name }))} />
          <Typography.Text type="secondary">应查 = 本期已结束的周期 + 已提前完成的周期；按周期结束日计入</Typography.Text>
        </Space>
      </Card>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {[
          ['开展自查企业', t?.enterprises ?? 0, undefined, '家'],
          ['应查 / 已查', t ? `${t.due} / ${t.done}` : '—', undefined, ''],
          ['完成率', t ? pct(t.rate) : '—', t ? rateColor(t.rate) : undefined, ''],
          ['逾期未查', t?.missed ?? 0, t?.missed ? '#cf1322' : undefined, '次'],
          ['自报隐患（重大）', t ? `${t.reported}（${t.reportedMajor}）` : '—', undefined, ''],
          ['自改（立查立改 / 整改销号）', t ? `${t.fixed}（${t.fixedOnSpot} / ${t.rectified}）` : '—', undefined, ''],
        ].map(([title, value, color, suffix]) => (
          <Col xs={12} md={8} xl={4} key={String(title)}>
            <Card size="small" loading={isLoading}>
              <Statistic title={title} value={value as string | number} suffix={suffix as string} valueStyle={color ? { color: color as string } : undefined} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title="完成率：按街道（属地）" loading={isLoading}>
            {data && <RateChart rows={data.byRegion} onPick={(r) => setRegion(r.code)} />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="完成率：按行业领域" loading={isLoading}>
            {data && <RateChart rows={data.bySector} onPick={(r) => setSector(r.code)} />}
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={`未按计划完成自查的企业（${behind.data?.length ?? 0}）`}>
            <Table<BehindRow>
              size="small"
              rowKey="enterpriseId"
              loading={behind.isLoading}
              dataSource={behind.data}
              pagination={{ pageSize: 15 }}
              tableLayout="fixed"
              columns={[
                { title: '企业', dataIndex: 'enterpriseName', ellipsis: { showTitle: true }, render: (v: string, r) => <a onClick={() => navigate(`/enterprises/${r.enterpriseId}`)}>{v}</a> },
                { title: '属地', dataIndex: 'regionName', width: 130, ellipsis: { showTitle: true } },
                { title: '行业领域', dataIndex: 'sectorName', width: 110, ellipsis: { showTitle: true } },
                { title: '应查', dataIndex: 'due', width: 70, align: 'right' },
                { title: '已查', dataIndex: 'done', width: 70, align: 'right' },
                { title: '逾期', dataIndex: 'missed', width: 70, align: 'right', render: (v: number) => <span style={{ color: '#cf1322' }}>{v}</span> },
                { title: '完成率', dataIndex: 'rate', width: 90, align: 'right', render: (v: number | null) => <span style={{ color: rateColor(v) }}>{pct(v)}</span> },
                { title: '最近提交', dataIndex: 'lastSubmittedAt', width: 150, render: (v: string | null) => (v ? formatDateTime(v) : '从未提交') },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
