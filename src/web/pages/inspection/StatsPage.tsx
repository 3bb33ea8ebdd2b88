import { useState } from 'react';
import { Button, Card, Col, InputNumber, Progress, Row, Space, Statistic, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { download, useApiQuery } from '../../lib/client';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import { money } from './inspectionUi';

/** 执法统计: by department (against the 分类分级 requirement, 零处罚 flagged) and by month; Excel export. */
export default function StatsPage() {
  const [year, setYear] = useState<number | undefined>(undefined);
  const { data, isFetching } = useApiQuery(inspectionApi.stats, { query: year ? { year } : {} });
  const y = data?.year;
  return (
    <Card
      title="执法统计"
      extra={
        <Space>
          <InputNumber aria-label="年度" value={y} min={2000} max={2100} onChange={(v) => setYear(v ?? undefined)} addonAfter="年" style={{ width: 130 }} />
          <Button icon={<DownloadOutlined />} onClick={() => download(inspectionApi.statsExport, { query: y ? { year: y } : {} })}>
            导出 Excel
          </Button>
        </Space>
      }
      loading={isFetching && !data}
    >
      {data && (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={4}><Statistic title="双随机抽取" value={data.totals.draws} suffix="次" /></Col>
            <Col xs={12} md={4}><Statistic title="执法检查" value={data.totals.inspections} suffix="次" /></Col>
            <Col xs={12} md={4}><Statistic title="发现隐患" value={data.totals.hazards} suffix="项" /></Col>
            <Col xs={12} md={4}><Statistic title="其中重大隐患" value={data.totals.majorHazards} suffix="项" /></Col>
            <Col xs={12} md={4}><Statistic title="行政处罚" value={data.totals.penalties} suffix="起" /></Col>
            <Col xs={12} md={4}><Statistic title="罚款金额" value={data.totals.fines} suffix="元" /></Col>
          </Row>
          <Table
            rowKey="unitId"
            size="middle"
            title={() => '按部门'}
            dataSource={data.byDepartment}
            pagination={false}
            columns={[
              { title: '部门', dataIndex: 'unitName', ellipsis: true, render: (v: string, r) => <span>{v} {r.zeroPenalty && <Tag color="warning">零处罚</Tag>}</span> },
              { title: '检查 / 应检查', width: 120, render: (_: unknown, r) => `${r.inspections} / ${r.required}` },
              {
                title: '执法计划完成',
                width: 150,
                render: (_: unknown, r) =>
                  r.planned === null ? <Tag>未编制计划</Tag> : <Progress size="small" percent={r.planned ? Math.min(100, Math.round((100 * r.inspections) / r.planned)) : 0} format={() => `${r.inspections}/${r.planned}`} />,
              },
              { title: 'A、B 类覆盖', width: 100, render: (_: unknown, r) => (r.abTotal ? `${r.abCovered} / ${r.abTotal}` : '—') },
              { title: '隐患', dataIndex: 'hazards', width: 80 },
              { title: '重大隐患', dataIndex: 'majorHazards', width: 90 },
              { title: '每次检查发现', width: 110, render: (_: unknown, r) => (r.inspections ? (r.hazards / r.inspections).toFixed(1) : '—') },
              { title: '文书', dataIndex: 'documents', width: 80 },
              { title: '处罚', dataIndex: 'penalties', width: 80 },
              { title: '罚款', dataIndex: 'fines', width: 120, render: money },
            ]}
          />
          <Table
            style={{ marginTop: 16 }}
            rowKey="month"
            size="small"
            title={() => '按月份'}
            dataSource={data.byMonth}
            pagination={false}
            columns={[
              { title: '月份', dataIndex: 'month', render: (m: string) => `${Number(m.slice(5))}月` },
              { title: '检查', dataIndex: 'inspections' },
              { title: '隐患', dataIndex: 'hazards' },
              { title: '处罚', dataIndex: 'penalties' },
            ]}
          />
        </>
      )}
    </Card>
  );
}
