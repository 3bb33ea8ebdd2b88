import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, Modal, Radio, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, FileWordOutlined, SendOutlined } from '@ant-design/icons';
import { ApiError, call, download, invalidate, useApiQuery } from '../../lib/client';
import type { HazardStatistics, ReportFigures } from '../../../shared/contracts/hazard';
import { previousQuarter } from '../../../shared/hazard/dates';
import { chinaDate, formatDateTime } from '../../../shared/time';
import { hazardApi } from '../../../shared/contracts/hazard.api';
import { useAuth } from '../../lib/auth';
import { Chart } from '../../components/Chart';

type Rated = HazardStatistics['byRegion'][number];

/** A rate with no denominator is not 100 %: it is shown as —. */
const pctCell = (v: number | null) => (v === null ? '—' : `${v}%`);

function RateChart({ rows, onPick }: { rows: Rated[]; onPick: (code: string) => void }) {
  const list = rows.slice(0, 20);
  return (
    <Chart
      height={Math.max(300, list.length * 26 + 110)}
      onClick={(p) => {
        const r = list.find((x) => x.name === p.name);
        if (r) onPick(r.code);
      }}
      option={{
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { data: ['整改率 %', '超期率 %', '隐患数'], top: 0, left: 'center' },
        grid: { left: 130, right: 60, top: 64, bottom: 40 },
        // Rates (%) on the bottom axis, the number of hazards on its own axis at the top.
        xAxis: [
          { type: 'value', max: 100, name: '比率（%）', nameLocation: 'middle', nameGap: 22, position: 'bottom' },
          { type: 'value', name: '隐患数（项）', nameLocation: 'middle', nameGap: 22, position: 'top', splitLine: { show: false }, axisLine: { show: true, lineStyle: { color: '#2563eb' } }, axisLabel: { color: '#2563eb' } },
        ],
        yAxis: { type: 'category', data: list.map((r) => r.name).reverse() },
        series: [
          { name: '整改率 %', type: 'bar', data: list.map((r) => r.rectificationRate ?? 0).reverse(), itemStyle: { color: '#16a34a' }, label: { show: true, position: 'right', formatter: '{c}' } },
          { name: '超期率 %', type: 'bar', data: list.map((r) => r.overdueRate ?? 0).reverse(), itemStyle: { color: '#dc2626' } },
          { name: '隐患数', type: 'line', xAxisIndex: 1, data: list.map((r) => r.total).reverse(), itemStyle: { color: '#2563eb' }, symbolSize: 6 },
        ],
      }}
    />
  );
}

// The period being reported: the last quarter that has ended (16号令 Art.14: by the 15th of the next quarter).
const today = chinaDate(new Date());
const lastQuarter = previousQuarter(today);
const thisYear = Number(today.slice(0, 4));

/** 统计分析: rates by street and sector, and the 16号令 quarterly/annual statistics table. */
export default function HazardStatsPage() {
  const navigate = useNavigate();
  const { me } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const isEnterprise = me?.scope.kind === 'enterprise';
  const { data, isLoading } = useApiQuery(hazardApi.stats, {});
  const [year, setYear] = useState(lastQuarter.year);
  const [quarter, setQuarter] = useState<number | undefined>(lastQuarter.quarter);
  const [by, setBy] = useState<'region' | 'sector'>('region');
  const [submitOpen, setSubmitOpen] = useState(false);
  const [form] = Form.useForm();
  const period = { year, quarter };
  const { data: subs } = useApiQuery(hazardApi.reportSubmissions, { query: period });
  const { data: figures, isFetching: figuresLoading } = useApiQuery(hazardApi.reportFigures, { query: { ...period, by } });
  const dl = (format: 'xlsx' | 'docx') => download(hazardApi.report, { query: { ...period, format, by } }).catch((e: Error) => message.error(e.message));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="隐患统计分析" loading={isLoading} extra={<Button onClick={() => navigate('/hazards')}>隐患台账</Button>}>
        {data && (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6} lg={3}>
              <Statistic title="隐患总数" value={data.total} />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic title="未销号" value={data.open} />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic title="已销号" value={data.closed} />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic title="超期未整改" value={data.overdue} valueStyle={{ color: data.overdue ? '#cf1322' : undefined }} />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic title="重大隐患（未销号）" value={data.majorOpen} suffix={`/ ${data.major}`} valueStyle={{ color: '#cf1322' }} />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic title="挂牌督办中" value={data.listed} />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic title="整改率" value={data.rectificationRate ?? '—'} suffix="%" valueStyle={{ color: '#16a34a' }} />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic title="超期率" value={data.overdueRate ?? '—'} suffix="%" valueStyle={{ color: '#dc2626' }} />
            </Col>
          </Row>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
          整改率 = 已销号 ÷（隐患总数 − 不予确认）；超期率 = 当前超期未整改 ÷（隐患总数 − 不予确认）。数据实时，截至 {data ? new Date(data.asOf).toLocaleString('zh-CN', { hour12: false }) : ''}。
        </Typography.Paragraph>
      </Card>
      {data && !isEnterprise && (
        <Row gutter={16}>
          <Col xs={24} xl={12}>
            <Card title="按属地（街道/管理处）" size="small">
              <RateChart rows={data.byRegion} onPick={(code) => navigate(`/hazards?regionCode=${code}&status=open`)} />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title="按行业领域" size="small">
              <RateChart rows={data.bySector} onPick={(code) => navigate(`/hazards?sector=${code}&status=open`)} />
            </Card>
          </Col>
        </Row>
      )}
      {data && (
        <Card title="隐患状态分布" size="small">
          <Chart
            height={260}
            onClick={(p) => {
              const s = data.byStatus.find((x) => x.label === p.name);
              if (s) navigate(`/hazards?status=${s.status}`);
            }}
            option={{
              tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
              legend: { bottom: 0 },
              series: [{ type: 'pie', radius: ['35%', '62%'], center: ['50%', '45%'], label: { formatter: '{b} {c}' }, data: data.byStatus.filter((s) => s.count > 0).map((s) => ({ name: s.label, value: s.count })) }],
            }}
          />
        </Card>
      )}
      <Card title="隐患排查治理情况统计分析表（《安全生产事故隐患排查治理暂行规定》第十四条）" size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select value={year} onChange={setYear} style={{ width: 100 }} options={Array.from({ length: 8 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: `${y} 年` }))} aria-label="年份" />
          <Select
            value={quarter ?? 0}
            onChange={(v) => setQuarter(v || undefined)}
            style={{ width: 140 }}
            options={[{ value: 0, label: '全年（年度）' }, ...[1, 2, 3, 4].map((q) => ({ value: q, label: `第${'一二三四'[q - 1]}季度` }))]}
            aria-label="季度"
          />
          {!isEnterprise && <Radio.Group value={by} onChange={(e) => setBy(e.target.value)} options={[{ value: 'region', label: '按属地汇总' }, { value: 'sector', label: '按行业汇总' }]} optionType="button" />}
          <Button icon={<DownloadOutlined />} onClick={() => dl('xlsx')}>
            下载 Excel
          </Button>
          <Button icon={<FileWordOutlined />} onClick={() => dl('docx')}>
            下载 Word
          </Button>
          {isEnterprise && (
            <Button type="primary" icon={<SendOutlined />} onClick={() => setSubmitOpen(true)}>
              报送（主要负责人签字确认）
            </Button>
          )}
        </Space>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          季度统计分析表于下一季度 15 日前、年度统计分析表于下一年 1 月 31 日前报送{subs ? `；本期报送期限：${subs.due}` : ''}。统计分析表须由主要负责人签字。
        </Typography.Paragraph>
        <Table<ReportFigures>
          size="small"
          rowKey="key"
          loading={figuresLoading}
          dataSource={figures ? (figures.kind === 'enterprise' ? figures.rows : [...figures.rows, figures.total]) : []}
          pagination={false}
          locale={{ emptyText: '本期没有隐患' }}
          style={{ marginBottom: 16 }}
          data-testid="report-figures"
          columns={[
            { title: figures?.by === 'sector' ? '行业领域' : figures?.by === 'enterprise' ? '单位' : '属地', dataIndex: 'name', ellipsis: true },
            { title: '一般隐患', children: [{ title: '数量', dataIndex: 'generalFound', width: 60 }, { title: '已整改', dataIndex: 'generalFixed', width: 64 }, { title: '整改率', dataIndex: 'generalRate', width: 72, render: pctCell }] },
            { title: '重大隐患', children: [{ title: '数量', dataIndex: 'majorFound', width: 60 }, { title: '已销号', dataIndex: 'majorFixed', width: 64 }, { title: '整改率', dataIndex: 'majorRate', width: 72, render: pctCell }, { title: '列入治理计划', dataIndex: 'majorPlanned', width: 96 }] },
            { title: '挂牌督办', children: [{ title: '省', dataIndex: 'supProvince', width: 44 }, { title: '市', dataIndex: 'supCity', width: 44 }, { title: '区', dataIndex: 'supDistrict', width: 44 }] },
            { title: '治理资金（万元）', dataIndex: 'fundsWan', width: 86 },
            { title: '立查立改', dataIndex: 'fixedOnSpot', width: 72 },
            { title: '逾期未整改', dataIndex: 'overdue', width: 86 },
          ]}
        />
        {!isEnterprise && (
          <Table
            size="small"
            rowKey="id"
            dataSource={subs?.items}
            pagination={{ pageSize: 10 }}
            locale={{ emptyText: '本期暂无企业报送' }}
            columns={[
              { title: '企业', dataIndex: 'enterpriseName' },
              { title: '属地', dataIndex: 'regionName', width: 140 },
              { title: '主要负责人', dataIndex: 'principalName', width: 110 },
              { title: '报送时间', dataIndex: 'submittedAt', width: 150, render: (v: string) => formatDateTime(v) },
              { title: '', dataIndex: 'late', width: 70, render: (v: boolean) => (v ? <Tag color="red">逾期</Tag> : <Tag color="green">按时</Tag>) },
            ]}
          />
        )}
      </Card>
      <Modal
        open={submitOpen}
        title={`报送 ${year} 年${quarter ? `第${'一二三四'[quarter - 1]}季度` : '度'}统计分析表`}
        onCancel={() => setSubmitOpen(false)}
        onOk={async () => {
          const v = await form.validateFields();
          try {
            const r = await call(hazardApi.submitReport, { body: { year, quarter, principalName: v.principalName, note: v.note || undefined } });
            message.success(r.late ? `已报送（已超过报送期限 ${r.due}）` : '已报送');
            setSubmitOpen(false);
            void invalidate(qc, hazardApi.reportSubmissions);
          } catch (e) {
            message.error(e instanceof ApiError ? e.message : '报送失败');
          }
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="principalName" label="主要负责人（签字确认）" rules={[{ required: true, message: '请填写主要负责人姓名' }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
