import { App, Button, Card, Col, Row, Space, Table, Tag, Typography } from 'antd';
import { nodeLabel } from '../../../shared/campaign/nodes';
import { FileWordOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { download, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { DUTY_ROLE_LABELS } from '../../../shared/campaign/duties';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import type { CampaignView } from '../../../shared/contracts/campaign.views';
import { StatusTag } from './ReportsTab';
import { periodLabel } from './campaignUi';

/** 逾期督办: reports not filed after the due date, items past their deadline; the office drafts a 通报. */
export default function OverdueTab({ campaign }: { campaign: CampaignView }) {
  const navigate = useNavigate();
  const { can } = useAuth();
  const { message } = App.useApp();
  const { data, isLoading } = useApiQuery(campaignApi.overdue, { params: { id: campaign.id } });
  const district = can('campaign.review');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <div className="page-toolbar">
        <Typography.Text type="secondary">截至 {data?.today}：逾期未报 {data?.reports.length ?? 0} 期次，逾期未完成事项 {data?.items.length ?? 0} 项。</Typography.Text>
        <span className="spacer" />
        {can('campaign.manage') && (
          <Button icon={<FileWordOutlined />} onClick={() => download(campaignApi.overdueNotice, { params: { id: campaign.id } }).catch((e: Error) => message.error(e.message))}>
            生成通报（代拟稿）
          </Button>
        )}
      </div>
      <Row gutter={[12, 12]}>
        {district && (
          <Col xs={24} xl={8}>
            <Card size="small" title="按单位">
              <Table
                size="small"
                rowKey="unitId"
                loading={isLoading}
                dataSource={data?.byUnit}
                pagination={{ pageSize: 15 }}
                columns={[
                  { title: '单位', dataIndex: 'unitName' },
                  { title: '逾期未报', dataIndex: 'reports', width: 80, sorter: (a, b) => a.reports - b.reports },
                  { title: '逾期事项', dataIndex: 'items', width: 80, sorter: (a, b) => a.items - b.items },
                ]}
              />
            </Card>
          </Col>
        )}
        <Col xs={24} xl={district ? 16 : 24}>
          <Card size="small" title="逾期未报送的月度报告">
            <Table
              size="small"
              rowKey={(r) => `${r.unitId}-${r.period}`}
              loading={isLoading}
              dataSource={data?.reports}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: '单位', dataIndex: 'unitName' },
                { title: '月份', dataIndex: 'period', width: 100, render: (v: string) => periodLabel(v) },
                { title: '截止日', dataIndex: 'dueDate', width: 110 },
                { title: '状态', dataIndex: 'status', width: 100, render: (v: string) => <StatusTag status={v} /> },
                { title: '逾期天数', dataIndex: 'daysOverdue', width: 90, render: (v: number) => <Tag color={v > 30 ? 'red' : 'orange'}>{v} 天</Tag> },
                {
                  title: '',
                  width: 70,
                  render: (_: unknown, r) => (
                    <Button type="link" size="small" onClick={() => navigate(`/campaigns/${campaign.id}/report/${r.period}${district ? `?unitId=${r.unitId}` : ''}`)}>
                      {district ? '查看' : '补报'}
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
          <Card size="small" title="逾期未完成的事项" style={{ marginTop: 12 }}>
            <Table
              size="small"
              rowKey={(r) => `${r.unitId}-${r.itemId}`}
              loading={isLoading}
              dataSource={data?.items}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: '单位', dataIndex: 'unitName', width: 140 },
                { title: '编号', dataIndex: 'nodeId', width: 90, render: (v: string) => nodeLabel(v) },
                { title: '事项', dataIndex: 'title', render: (v: string, r) => <span title={r.taskTitle}>{v.length > 36 ? `${v.slice(0, 36)}…` : v}</span> },
                { title: '职责', dataIndex: 'role', width: 70, render: (v: string) => DUTY_ROLE_LABELS[v as 'lead'] },
                { title: '完成时限', dataIndex: 'dueDate', width: 110 },
                { title: '当前状态', dataIndex: 'status', width: 90, render: (v: string) => <Tag color={v === '滞后' ? 'red' : 'default'}>{v}</Tag> },
                { title: '逾期', dataIndex: 'daysOverdue', width: 90, render: (v: number) => `${v} 天` },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
