import { useNavigate } from 'react-router';
import { Card, Col, Row, Statistic } from 'antd';
import { useApiQuery } from '../../lib/client';
import { riskApi } from '../../../shared/contracts/risk.api';
import { useMe } from '../../lib/auth';
import { LEVEL_COLOURS } from '../../../shared/risk';
import { LEVEL_ORDER } from './riskUi';

/** Home card: the four-colour counts of risk points (and enterprises) in the user's scope. */
export default function RiskHomeWidget() {
  const me = useMe();
  const navigate = useNavigate();
  const { data } = useApiQuery(riskApi.stats, {});
  if (!data) return null;
  const ent = me.scope.kind !== 'enterprise';
  return (
    <Card
      size="small"
      title="风险分级管控 · 四色分布"
      style={{ marginBottom: 16 }}
      extra={<a onClick={() => navigate(ent ? '/risk/dashboard' : '/risk/points')}>{ent ? '查看分布' : '风险点清单'}</a>}
      data-testid="risk-widget"
    >
      <Row gutter={[12, 12]}>
        {LEVEL_ORDER.map((l) => (
          <Col xs={12} md={6} key={l}>
            <div
              style={{ borderLeft: `6px solid ${LEVEL_COLOURS[l].hex}`, paddingLeft: 10, cursor: 'pointer' }}
              onClick={() => navigate(`/risk/points?level=${l}`)}
            >
              <Statistic
                title={`${l}风险（${LEVEL_COLOURS[l].name}）`}
                value={data.points[l]}
                suffix={<span style={{ fontSize: 13 }}>个风险点{ent ? ` · ${data.enterprises[l]} 家企业` : ''}</span>}
              />
            </div>
          </Col>
        ))}
      </Row>
      {(data.points.reviewDue > 0 || data.points.未评估 > 0) && (
        <div style={{ marginTop: 8, color: '#cf1322', fontSize: 13 }}>
          {data.points.reviewDue > 0 && <a onClick={() => navigate('/risk/points?reviewDue=true')}>{data.points.reviewDue} 个风险点复评到期</a>}
          {data.points.reviewDue > 0 && data.points.未评估 > 0 && '，'}
          {data.points.未评估 > 0 && <a onClick={() => navigate('/risk/points?level=未评估')}>{data.points.未评估} 个未评估</a>}
        </div>
      )}
    </Card>
  );
}
