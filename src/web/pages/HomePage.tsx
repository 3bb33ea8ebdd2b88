import { Card, Col, Descriptions, Row, Statistic, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useMe } from '../lib/auth';
import { useApiQuery } from '../lib/client';
import { orgApi } from '../../shared/contracts/org.api';
import { Chart } from '../components/Chart';
import { useOrgName, useOwnEnterprise } from '../components/AppLayout';
import { HOME_WIDGETS } from '../modules';
import DutyHomeLink from './emergency/DutyHomeLink';

const SCOPE_TEXT: Record<string, string> = {
  all: '全区（系统管理）',
  region: '本辖区',
  sectors: '本部门监管的行业领域',
  enterprise: '本企业',
};

export default function HomePage() {
  const me = useMe();
  const navigate = useNavigate();
  const own = me.scope.kind === 'enterprise';
  const canSeeEnterprises = me.permissions.includes('enterprise.read') && !own;
  const { data } = useApiQuery(orgApi.enterpriseStats, canSeeEnterprises ? {} : null);
  const orgName = useOrgName(me);
  const { data: ent } = useOwnEnterprise(me);
  const widgets = HOME_WIDGETS.filter((w) => !w.permission || me.permissions.includes(w.permission));
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {me.displayName}，您好
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {orgName ? `${orgName} · ` : ''}数据范围：{SCOPE_TEXT[me.scope.kind] ?? me.scope.kind}
      </Typography.Paragraph>
      <DutyHomeLink />
      {own && ent && (
        <Card size="small" title={ent.name} style={{ marginBottom: 16 }} data-testid="own-enterprise" extra={<a onClick={() => navigate(`/enterprises/${ent.id}`)}>企业信息</a>}>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title="从业人数" value={ent.employees ?? '—'} suffix={ent.employees != null ? '人' : undefined} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="风险等级" value={ent.riskLevel ?? '未评定'} valueStyle={{ color: ent.riskLevel === '重大' ? '#cf1322' : ent.riskLevel === '较大' ? '#d46b08' : undefined }} />
            </Col>
            <Col xs={24} md={12}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="行业领域">{ent.sectorName}</Descriptions.Item>
                <Descriptions.Item label="属地">{ent.regionName}</Descriptions.Item>
                <Descriptions.Item label="监管部门">{ent.supervisingUnitName}</Descriptions.Item>
                <Descriptions.Item label="经营状态">
                  <Tag color={ent.status === '在营' ? 'green' : 'default'}>{ent.status}</Tag>
                </Descriptions.Item>
              </Descriptions>
            </Col>
          </Row>
        </Card>
      )}
      {widgets.map((W) => (
        <W.component key={W.key} />
      ))}
      {canSeeEnterprises && data && (
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Card>
              <Statistic title="生产经营单位" value={data.total} suffix="家" />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card>
              <Statistic title="规模以上" value={data.aboveScale} suffix="家" />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card>
              <Statistic title="在营" value={data.byStatus.find((s) => s.name === '在营')?.count ?? 0} suffix="家" />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card>
              <Statistic title="重大风险企业" value={data.byRisk.find((s) => s.name === '重大')?.count ?? 0} suffix="家" valueStyle={{ color: '#cf1322' }} />
            </Card>
          </Col>
          {(
            <>
              <Col xs={24} lg={12}>
                <Card title="按行业领域">
                  <Chart
                    height={Math.max(260, data.bySector.length * 22)}
                    onClick={(p) => {
                      const s = data.bySector.find((x) => x.name === p.name);
                      if (s) navigate(`/enterprises?sector=${s.code}`);
                    }}
                    option={{
                      tooltip: {},
                      grid: { left: 110, right: 24, top: 8, bottom: 24 },
                      xAxis: { type: 'value', minInterval: 1 },
                      yAxis: { type: 'category', data: data.bySector.map((s) => s.name).reverse() },
                      series: [{ type: 'bar', data: data.bySector.map((s) => s.count).reverse(), itemStyle: { color: '#2563eb' } }],
                    }}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card title="按属地（街道/管理处）">
                  <Chart
                    height={Math.max(260, data.byRegion.length * 22)}
                    onClick={(p) => {
                      const r = data.byRegion.find((x) => x.name === p.name);
                      if (r) navigate(`/enterprises?regionCode=${r.code}`);
                    }}
                    option={{
                      tooltip: {},
                      grid: { left: 150, right: 24, top: 8, bottom: 24 },
                      xAxis: { type: 'value', minInterval: 1 },
                      yAxis: { type: 'category', data: data.byRegion.map((s) => s.name).reverse() },
                      series: [{ type: 'bar', data: data.byRegion.map((s) => s.count).reverse(), itemStyle: { color: '#0d9488' } }],
                    }}
                  />
                </Card>
              </Col>
            </>
          )}
        </Row>
      )}
    </div>
  );
}
