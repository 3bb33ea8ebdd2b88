import { lazy, Suspense } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Button, Card, Descriptions, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, FormOutlined } from '@ant-design/icons';
import { useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import { periodLabel } from './campaignUi';

const DashboardTab = lazy(() => import('./DashboardTab'));
const TreeTab = lazy(() => import('./TreeTab'));
const ReportsTab = lazy(() => import('./ReportsTab'));
const OverdueTab = lazy(() => import('./OverdueTab'));
const ListsTab = lazy(() => import('./ListsTab'));
const SummariesTab = lazy(() => import('./SummariesTab'));
const AssessmentTab = lazy(() => import('./AssessmentTab'));
const SettingsTab = lazy(() => import('./SettingsTab'));

export function useCampaign(id: string | undefined) {
  return useApiQuery(campaignApi.get, id ? { params: { id } } : null);
}

/** One campaign: dashboard, task tree, monthly reports, overdue, 三个清单, summaries, assessment, settings. */
export default function CampaignDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { can, me } = useAuth();
  const { data: c, isLoading } = useCampaign(id);
  if (isLoading || !c) return <Spin style={{ margin: 48 }} />;
  const tab = params.get('tab') ?? 'dashboard';
  const items = [
    { key: 'dashboard', label: can('campaign.manage') ? '驾驶舱' : '本单位概况', children: <DashboardTab campaign={c} /> },
    { key: 'tree', label: '任务分解', children: <TreeTab campaign={c} /> },
    { key: 'reports', label: '月度报送', children: <ReportsTab campaign={c} /> },
    { key: 'overdue', label: '逾期督办', children: <OverdueTab campaign={c} /> },
    { key: 'lists', label: '三个清单', children: <ListsTab campaign={c} /> },
    { key: 'summaries', label: '总结报告', children: <SummariesTab campaign={c} /> },
    ...(can('campaign.review') ? [{ key: 'assessment', label: '考核评估', children: <AssessmentTab campaign={c} /> }] : []),
    ...(can('campaign.manage') ? [{ key: 'settings', label: '设置', children: <SettingsTab campaign={c} /> }] : []),
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/campaigns')} aria-label="返回" />
            <Typography.Title level={4} style={{ margin: 0 }}>
              {c.name}
            </Typography.Title>
            {c.status === 'archived' ? <Tag>已归档</Tag> : <Tag color="green">进行中</Tag>}
          </Space>
          {can('campaign.report') && me?.unitId && c.status === 'active' && (
            <Button type="primary" icon={<FormOutlined />} onClick={() => navigate(`/campaigns/${c.id}/report/${c.currentPeriod}`)}>
              填报{periodLabel(c.currentPeriod)}进展
            </Button>
          )}
        </Space>
        <Descriptions size="small" column={{ xs: 1, md: 4 }} style={{ marginTop: 8 }}>
          <Descriptions.Item label="文号">{c.docNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="期限">
            {c.startDate} 至 {c.endDate}
          </Descriptions.Item>
          <Descriptions.Item label="报送截止">每月 {c.settings.dueDay} 日</Descriptions.Item>
          <Descriptions.Item label="任务 / 事项 / 责任单位">
            {c.counts.tasks} / {c.counts.items} / {c.counts.units}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          items={items.map((it) => ({ ...it, children: <Suspense fallback={<Spin style={{ margin: 24 }} />}>{it.key === tab ? it.children : null}</Suspense> }))}
        />
      </Card>
    </Space>
  );
}
