import { useNavigate } from 'react-router';
import { Card, Col, Row, Statistic } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useApiQuery } from '../../lib/client';
import { hazardApi } from '../../../shared/contracts/hazard.api';

/** Home page card: open, overdue and 重大 hazards of the user's scope (clicks open the filtered ledger). */
export default function HazardHomeWidget() {
  const navigate = useNavigate();
  const { data } = useApiQuery(hazardApi.stats, {}, { staleTime: 60_000 });
  if (!data) return null;
  const cell = (title: string, value: number | string, link: string, color?: string, suffix?: string) => (
    <Col xs={12} md={6}>
      <Card hoverable size="small" onClick={() => navigate(link)}>
        <Statistic title={title} value={value} valueStyle={color ? { color } : undefined} suffix={suffix} />
      </Card>
    </Col>
  );
  return (
    <Card
      title={
        <span>
          <WarningOutlined style={{ color: '#dc2626', marginRight: 6 }} />
          隐患排查治理
        </span>
      }
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="hazard-widget"
    >
      <Row gutter={[12, 12]}>
        {cell('未销号隐患', data.open, '/hazards?status=open')}
        {cell('超期未整改', data.overdue, '/hazards?overdue=true', data.overdue ? '#cf1322' : undefined)}
        {cell('重大隐患（未销号）', data.majorOpen, '/hazards?grade=%E9%87%8D%E5%A4%A7&status=open', data.majorOpen ? '#cf1322' : undefined)}
        {cell('整改率', data.rectificationRate ?? '—', '/hazards/stats', '#16a34a', '%')}
      </Row>
    </Card>
  );
}
