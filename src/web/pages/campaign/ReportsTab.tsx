import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Col, List, Popconfirm, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { call, download, invalidate, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { REPORT_STATUS_COLORS, REPORT_STATUS_LABELS } from '../../../shared/contracts/campaign';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import type { CampaignView } from '../../../shared/contracts/campaign.views';
import { formatDateTime } from '../../../shared/time';
import { periodLabel } from './campaignUi';

const STATE_TAGS: Record<string, ReactNode> = {
  open: <Tag color="blue">报送中</Tag>,
  closed: <Tag icon={<LockOutlined />}>已封账</Tag>,
  future: <Tag>未开始</Tag>,
  archived: <Tag>已归档</Tag>,
};

export function StatusTag({ status, late }: { status: string; late?: boolean }) {
  return (
    <Space size={2}>
      <Tag color={REPORT_STATUS_COLORS[status as 'draft'] ?? 'default'}>{REPORT_STATUS_LABELS[status as 'draft'] ?? status}</Tag>
      {late && <Tag color="orange">迟报</Tag>}
    </Space>
  );
}

/** 月度报送: the office's review desk per month; a unit's own months. */
export default function ReportsTab({ campaign }: { campaign: CampaignView }) {
  const { can } = useAuth();
  return can('campaign.review') ? <ReviewDesk campaign={campaign} /> : <MyMonths campaign={campaign} />;
}

function ReviewDesk({ campaign }: { campaign: CampaignView }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { can } = useAuth();
  const { data: periods } = useApiQuery(campaignApi.periods, { params: { id: campaign.id } });
  const [period, setPeriod] = useState<string>();
  const [filter, setFilter] = useState<string>('all');
  useEffect(() => {
    if (!period && periods?.length) setPeriod((periods.find((p) => p.state !== 'future') ?? periods[0]).period);
  }, [periods, period]);
  const { data: status, isFetching } = useApiQuery(campaignApi.periodStatus, period ? { params: { id: campaign.id, period } } : null);
  const current = periods?.find((p) => p.period === period);
  const rows = (status?.units ?? []).filter((u) => filter === 'all' || u.status === filter || (filter === 'late' && u.late));
  const toggleClose = async () => {
    try {
      const params = { id: campaign.id, period: period! };
      if (current?.state === 'closed') await call(campaignApi.reopenPeriod, { params });
      else await call(campaignApi.closePeriod, { params, body: {} });
      await invalidate(qc, campaignApi.periods, campaignApi.periodStatus);
      message.success(current?.state === 'closed' ? '已解除封账' : '已封账');
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Row gutter={16}>
      <Col xs={24} lg={6}>
        <List
          size="small"
          bordered
          style={{ maxHeight: 620, overflow: 'auto' }}
          dataSource={(periods ?? []).filter((p) => p.state !== 'future')}
          renderItem={(p) => (
            <List.Item onClick={() => setPeriod(p.period)} style={{ cursor: 'pointer', background: p.period === period ? '#e6f4ff' : undefined }} data-testid={`period-${p.period}`}>
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  <Typography.Text strong>{periodLabel(p.period)}</Typography.Text>
                  {STATE_TAGS[p.state]}
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  采纳 {p.accepted} · 待审 {p.submitted > 0 ? <Badge count={p.submitted} size="small" color="#1677ff" data-testid="pending-badge" /> : 0} · 退回 {p.returned} · 应报 {p.expected}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Col>
      <Col xs={24} lg={18}>
        <div className="page-toolbar">
          <Typography.Text strong>
            {period ? periodLabel(period) : ''} · 截止 {status?.dueDate}
          </Typography.Text>
          <Segmented
            size="small"
            value={filter}
            onChange={(v) => setFilter(String(v))}
            options={[
              { value: 'all', label: '全部' },
              { value: 'submitted', label: '待审核' },
              { value: 'returned', label: '已退回' },
              { value: 'accepted', label: '已采纳' },
              { value: 'missing', label: '未报送' },
              { value: 'late', label: '迟报' },
            ]}
          />
          <span className="spacer" />
          <Button icon={<DownloadOutlined />} onClick={() => download(campaignApi.consolidatedXlsx, { params: { id: campaign.id, period: period! } }).catch((e: Error) => message.error(e.message))}>
            全区汇总表
          </Button>
          {can('campaign.manage') && current && current.state !== 'future' && (
            <Popconfirm title={current.state === 'closed' ? '解除封账后各单位可继续报送或修改该月报告。' : '封账后各单位不能再报送或修改该月报告。'} onConfirm={toggleClose}>
              <Button icon={current.state === 'closed' ? <UnlockOutlined /> : <LockOutlined />}>{current.state === 'closed' ? '解除封账' : '封账'}</Button>
            </Popconfirm>
          )}
        </div>
        <Table
          rowKey="unitId"
          size="small"
          loading={isFetching}
          dataSource={rows}
          pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 家` }}
          columns={[
            { title: '单位', dataIndex: 'unitName', render: (v: string, r) => <a onClick={() => navigate(`/campaigns/${campaign.id}/report/${period}?unitId=${r.unitId}`)}>{v}</a> },
            { title: '事项', dataIndex: 'items', width: 70 },
            { title: '状态', width: 150, render: (_: unknown, r) => <StatusTag status={r.status} late={r.late} /> },
            { title: '提交时间', dataIndex: 'submittedAt', width: 150, render: (v: string | null) => formatDateTime(v) },
            { title: '退回', dataIndex: 'returnCount', width: 60 },
            {
              title: '操作',
              width: 90,
              render: (_: unknown, r) => (
                <Button type="link" size="small" onClick={() => navigate(`/campaigns/${campaign.id}/report/${period}?unitId=${r.unitId}`)}>
                  {r.status === 'submitted' ? '审核' : '查看'}
                </Button>
              ),
            },
          ]}
        />
      </Col>
    </Row>
  );
}

function MyMonths({ campaign }: { campaign: CampaignView }) {
  const navigate = useNavigate();
  const { data: periods, isLoading } = useApiQuery(campaignApi.periods, { params: { id: campaign.id } });
  const { data: mine } = useApiQuery(campaignApi.reports, { params: { id: campaign.id }, query: { pageSize: 500 } });
  const byPeriod = new Map((mine?.items ?? []).map((r) => [r.period, r]));
  return (
    <Table
      rowKey="period"
      size="small"
      loading={isLoading}
      dataSource={(periods ?? []).filter((p) => p.state !== 'future')}
      pagination={{ pageSize: 12 }}
      columns={[
        { title: '月份', dataIndex: 'period', width: 110, render: (v: string) => periodLabel(v) },
        { title: '截止日', dataIndex: 'dueDate', width: 110 },
        { title: '月份状态', dataIndex: 'state', width: 100, render: (v: string) => STATE_TAGS[v] },
        {
          title: '本单位报告',
          render: (_: unknown, p) => {
            const r = byPeriod.get(p.period);
            return r ? <StatusTag status={r.status} late={r.late} /> : <StatusTag status={p.overdue ? 'missing' : 'notdue'} />;
          },
        },
        {
          title: '操作',
          width: 100,
          render: (_: unknown, p) => {
            const r = byPeriod.get(p.period);
            const editable = p.state === 'open' && (!r || r.status === 'draft' || r.status === 'returned');
            return (
              <Button type="link" size="small" onClick={() => navigate(`/campaigns/${campaign.id}/report/${p.period}`)}>
                {editable ? '填报' : '查看'}
              </Button>
            );
          },
        },
      ]}
    />
  );
}
