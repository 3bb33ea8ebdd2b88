import { useNavigate } from 'react-router';
import { Button, Card, Space, Tag } from 'antd';
import { CarryOutOutlined, RightOutlined } from '@ant-design/icons';
import { useApiQuery } from '../../lib/client';
import { checklistApi } from '../../../shared/contracts/checklist.api';
import { CYCLE_LABELS } from '../../../shared/checklist/cycle';
import { RunStatusTag } from './checklistUi';

/** Home card for enterprises: the self-inspections due this period. */
export default function SelfInspectionHomeWidget() {
  const navigate = useNavigate();
  const { data } = useApiQuery(checklistApi.listPlans, {});
  const due = (data ?? []).filter((p) => p.active && p.current && p.current.status !== 'submitted' && p.current.status !== 'missed');
  if (!data) return null;
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <span>
          <CarryOutOutlined style={{ color: '#2563eb', marginRight: 6 }} />
          隐患自查待办
        </span>
      }
      extra={<a onClick={() => navigate('/self-inspection')}>全部</a>}
      data-testid="selfcheck-widget"
    >
      {due.length === 0 ? (
        <span style={{ color: '#389e0d' }}>本期自查已全部完成</span>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {due.map((p) => (
            <div key={p.id} style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
              <span style={{ flex: 1 }}>
                {p.name} <Tag>{CYCLE_LABELS[p.cycle]}</Tag>
                <span style={{ color: '#888', fontSize: 12 }}>{p.current!.label}</span>
              </span>
              <RunStatusTag status={p.current!.status} />
              <Button size="small" type="primary" onClick={() => navigate('/self-inspection')}>
                去检查 <RightOutlined />
              </Button>
            </div>
          ))}
        </Space>
      )}
    </Card>
  );
}
