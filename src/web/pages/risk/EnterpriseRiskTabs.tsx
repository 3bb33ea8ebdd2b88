import { useNavigate } from 'react-router';
import { Button, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useAuth } from '../../lib/auth';
import type { EnterpriseView } from '../../../shared/contracts/org';
import { RiskPointTable } from './RiskPointsPage';
import { HazardSourceTable } from './HazardSourcesPage';

/** Enterprise detail tab: its risk points. */
export function EnterpriseRiskPointsTab({ enterprise }: { enterprise: EnterpriseView }) {
  const navigate = useNavigate();
  const { can } = useAuth();
  return (
    <div>
      {can('risk.write') && (
        <Space style={{ marginBottom: 8 }}>
          <Button icon={<PlusOutlined />} onClick={() => navigate(`/risk/points/new?enterpriseId=${enterprise.id}`)}>
            新增风险点
          </Button>
        </Space>
      )}
      <RiskPointTable query={{ enterpriseId: enterprise.id }} onOpen={(p) => navigate(`/risk/points/${p.id}`)} />
    </div>
  );
}

/** Enterprise detail tab: its 重大危险源. */
export function EnterpriseHazardSourcesTab({ enterprise }: { enterprise: EnterpriseView }) {
  const navigate = useNavigate();
  const { can } = useAuth();
  return (
    <div>
      {can('risk.write') && (
        <Space style={{ marginBottom: 8 }}>
          <Button icon={<PlusOutlined />} onClick={() => navigate(`/risk/sources/new?enterpriseId=${enterprise.id}`)}>
            登记重大危险源
          </Button>
        </Space>
      )}
      <HazardSourceTable query={{ enterpriseId: enterprise.id, pageSize: 100 }} />
    </div>
  );
}
