import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Result, Space, Spin, Tabs, Tag } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { ApiError } from '../../lib/api';
import { useApiQuery } from '../../lib/client';
import { orgApi } from '../../../shared/contracts/org.api';
import { formatDateTime } from '../../../shared/time';
import { useAuth } from '../../lib/auth';
import { useLabels } from '../../lib/reference';
import { AuditHistory } from '../../components/AuditHistory';
import { CreditFlag, creditFlagText } from '../../components/CreditFlag';
import { ENTERPRISE_TABS } from '../../modules';
import { RISK_COLORS, STATUS_COLORS } from './types';

export default function EnterpriseDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const { sectorName } = useLabels();
  const { data: e, error, isLoading } = useApiQuery(orgApi.getEnterprise, id ? { params: { id } } : null);
  if (isLoading) return <Spin style={{ margin: 48 }} />;
  if (error || !e) return <Result status="404" title="企业不存在或不在您的管辖范围内" subTitle={error instanceof ApiError ? error.message : undefined} extra={<Button onClick={() => navigate('/enterprises')}>返回名录</Button>} />;
  const tabs = ENTERPRISE_TABS.filter((t) => !t.permission || me?.permissions.includes(t.permission));
  return (
    <Card
      title={
        <Space>
          {e.name}
          <CreditFlag flag={e.dishonest} />
          <Tag color={STATUS_COLORS[e.status]}>{e.status}</Tag>
          {e.riskLevel && <Tag color={RISK_COLORS[e.riskLevel]}>{e.riskLevel}风险</Tag>}
        </Space>
      }
      extra={
        <Space>
          {can('enterprise.write') && (
            <Button icon={<EditOutlined />} onClick={() => navigate(`/enterprises/${e.id}/edit`)}>
              编辑
            </Button>
          )}
          <Button onClick={() => navigate(-1)}>返回</Button>
        </Space>
      }
    >
      {e.dishonest && <Alert type="error" showIcon message={creditFlagText(e.dishonest)} style={{ marginBottom: 12 }} data-testid="credit-flag-detail" />}
      {e.creditCodeWarning && <Alert type="warning" showIcon message={e.creditCodeWarning} style={{ marginBottom: 12 }} />}
      <Tabs
        items={[
          {
            key: 'basic',
            label: '基本信息',
            children: (
              <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} styles={{ label: { width: 140 }, content: { wordBreak: 'break-all' } }} style={{ maxWidth: '100%' }}>
                <Descriptions.Item label="统一社会信用代码">
                  <span style={{ fontFamily: 'monospace' }}>{e.creditCode}</span>
                </Descriptions.Item>
                <Descriptions.Item label="行业领域">
                  {e.sectorName}
                  {e.sectors.filter((s) => s !== e.sector).length > 0 && <span style={{ color: '#888' }}>（兼 {e.sectors.filter((s) => s !== e.sector).map(sectorName).join('、')}）</span>}
                </Descriptions.Item>
                <Descriptions.Item label="属地">{e.regionName}</Descriptions.Item>
                <Descriptions.Item label="监管部门（一企一执法主体）">{e.supervisingUnitName}</Descriptions.Item>
                <Descriptions.Item label="地址" span={2}>
                  {e.address || '—'}
                  {e.lng != null && e.lat != null && <span style={{ color: '#888' }}>（{e.lng.toFixed(5)}, {e.lat.toFixed(5)}）</span>}
                </Descriptions.Item>
                <Descriptions.Item label="法定代表人">
                  {e.legalRepName || '—'} {e.legalRepPhone && <span style={{ marginLeft: 8 }}>{e.legalRepPhone}</span>}
                </Descriptions.Item>
                <Descriptions.Item label="安全负责人">
                  {e.safetyManagerName || '—'} {e.safetyManagerPhone && <span style={{ marginLeft: 8 }}>{e.safetyManagerPhone}</span>}
                </Descriptions.Item>
                <Descriptions.Item label="企业规模">
                  {e.scale}
                  {e.aboveScale ? '（规模以上）' : ''}
                </Descriptions.Item>
                <Descriptions.Item label="从业人数">{e.employees ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="成立日期">{e.establishedOn ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="最后更新">{formatDateTime(e.updatedAt)}</Descriptions.Item>
                <Descriptions.Item label="经营范围" span={2}>
                  {e.businessScope || '—'}
                </Descriptions.Item>
              </Descriptions>
            ),
          },
          ...tabs.map((t) => ({ key: t.key, label: t.label, children: <t.component enterprise={e} /> })),
          { key: 'history', label: '变更历史', children: <AuditHistory endpoint={orgApi.enterpriseHistory} params={{ id: e.id }} /> },
        ]}
      />
      {e.phonesMasked && <div style={{ color: '#999', fontSize: 12, marginTop: 8 }}>联系电话按权限脱敏显示。</div>}
    </Card>
  );
}
