import { useNavigate } from 'react-router';
import { Card, Col, Row, Statistic } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { useApiQuery } from '../../lib/client';
import { monitoringApi } from '../../../shared/contracts/monitoring.api';

/** Home page card: open alarms of the user's scope by severity, unacknowledged, offline devices. */
export default function MonitoringHomeWidget() {
  const navigate = useNavigate();
  const { data } = useApiQuery(monitoringApi.overview, { query: { onlyAlarming: 'true' } }, { refetchInterval: 30_000 });
  if (!data || data.devices.total === 0) return null;
  const cell = (title: string, value: number, link: string, color?: string) => (
    <Col xs={12} md={6}>
      <Card hoverable size="small" onClick={() => navigate(link)}>
        <Statistic title={title} value={value} valueStyle={value && color ? { color } : undefined} />
      </Card>
    </Col>
  );
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="monitoring-widget"
      title={
        <span>
          <AlertOutlined style={{ color: '#cf1322', marginRight: 6 }} />
          监测预警
        </span>
      }
      extra={<a onClick={() => navigate('/monitoring')}>一张图</a>}
    >
      <Row gutter={[12, 12]}>
        {cell('一级报警', data.openBySeverity[1], '/monitoring/alarms?severity=1', '#cf1322')}
        {cell('二级报警', data.openBySeverity[2], '/monitoring/alarms?severity=2', '#fa8c16')}
        {cell('未确认报警', data.unacknowledged, '/monitoring/alarms?status=active', '#cf1322')}
        {cell('离线设备', data.devices.offline, '/monitoring/devices?status=offline', '#cf1322')}
      </Row>
    </Card>
  );
}
