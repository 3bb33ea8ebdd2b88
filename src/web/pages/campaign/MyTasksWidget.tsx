import { useNavigate } from 'react-router';
import { nodeLabel } from '../../../shared/campaign/nodes';
import { Alert, Button, Card, Col, Empty, List, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import { FormOutlined } from '@ant-design/icons';
import { useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import { StatusTag } from './ReportsTab';
import { periodLabel } from './campaignUi';

/** 我的任务 (home card): the unit's items, what is due this month, overdue items, this month's report. */
export function MyTasksWidget({ full = false }: { full?: boolean }) {
  const navigate = useNavigate();
  const { me } = useAuth();
  const { data } = useApiQuery(campaignApi.myTasks, me?.unitId ? {} : null);
  if (!data) return null;
  if (!data.campaigns.length) return full ? <Card title="我的任务"><Empty description="本单位在进行中的专项行动里没有承担任务" /></Card> : null;
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }} data-testid="my-tasks">
      {data.campaigns.map((c) => {
        const r = c.report;
        const pct = c.items.total ? Math.round((c.items.done / c.items.total) * 100) : 0;
        return (
          <Card
            key={c.id}
            size="small"
            title={
              <Space>
                <span>我的任务</span>
                <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
                  {c.name}
                </Typography.Text>
              </Space>
            }
            extra={
              <Button type="link" onClick={() => navigate(`/campaigns/${c.id}`)}>
                进入
              </Button>
            }
          >
            {r?.status === 'returned' && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={`${periodLabel(c.period)}报告被退回：${r.reviewComment ?? '请修改后重新提交'}`} />}
            <Row gutter={[12, 12]}>
              <Col xs={24} md={8}>
                <Space direction="vertical" size={4}>
                  <Typography.Text strong>{periodLabel(c.period)}进展报告</Typography.Text>
                  <Space>
                    {r ? <StatusTag status={r.status} late={r.late} /> : <StatusTag status={c.daysLeft < 0 ? 'missing' : 'notdue'} />}
                    <Typography.Text type={c.daysLeft < 0 ? 'danger' : 'secondary'}>截止 {c.dueDate}{c.daysLeft >= 0 ? `（还有 ${c.daysLeft} 天）` : ''}</Typography.Text>
                  </Space>
                  {(!r || r.status === 'draft' || r.status === 'returned') && (
                    <Button type="primary" size="small" icon={<FormOutlined />} onClick={() => navigate(`/campaigns/${c.id}/report/${c.period}`)}>
                      {r ? '继续填报' : '填报'}
                    </Button>
                  )}
                  {r && r.status !== 'draft' && r.status !== 'returned' && (
                    <Button size="small" onClick={() => navigate(`/campaigns/${c.id}/report/${c.period}`)}>
                      查看报告
                    </Button>
                  )}
                </Space>
              </Col>
              <Col xs={12} md={4}>
                <Statistic title="承担事项" value={c.items.total} suffix={<Typography.Text type="secondary" style={{ fontSize: 12 }}>牵头 {c.items.lead}</Typography.Text>} />
              </Col>
              <Col xs={12} md={4}>
                <Statistic title="逾期事项" value={c.overdueCount} valueStyle={c.overdueCount ? { color: '#cf1322' } : undefined} />
              </Col>
              <Col xs={24} md={8}>
                <Typography.Text type="secondary">完成进度（已采纳）</Typography.Text>
                <Progress percent={pct} success={{ percent: pct }} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  已完成 {c.items.done} · 推进中 {c.items.progress} · 滞后 {c.items.lagging} · 未开始 {c.items.notStarted}
                </Typography.Text>
              </Col>
              {(full || c.dueThisMonth.length > 0 || c.overdue.length > 0) && (
                <>
                  <Col xs={24} md={12}>
                    <List
                      size="small"
                      header={<Typography.Text strong>{periodLabel(c.period)}到期</Typography.Text>}
                      dataSource={c.dueThisMonth.slice(0, full ? 50 : 5)}
                      locale={{ emptyText: '本期没有到期事项' }}
                      renderItem={(i) => (
                        <List.Item>
                          <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                            {nodeLabel(i.nodeId)} {i.title}
                          </Typography.Text>
                          <Tag>{i.dueDate}</Tag>
                        </List.Item>
                      )}
                    />
                  </Col>
                  <Col xs={24} md={12}>
                    <List
                      size="small"
                      header={<Typography.Text strong>逾期未完成</Typography.Text>}
                      dataSource={c.overdue.slice(0, full ? 50 : 5)}
                      locale={{ emptyText: '没有逾期事项' }}
                      renderItem={(i) => (
                        <List.Item>
                          <Typography.Text ellipsis style={{ maxWidth: 340 }}>
                            {nodeLabel(i.nodeId)} {i.title}
                          </Typography.Text>
                          <Tag color="red">逾期 {i.daysOverdue} 天</Tag>
                        </List.Item>
                      )}
                    />
                  </Col>
                </>
              )}
            </Row>
          </Card>
        );
      })}
    </Space>
  );
}

export default function MyTasksPage() {
  return <MyTasksWidget full />;
}
