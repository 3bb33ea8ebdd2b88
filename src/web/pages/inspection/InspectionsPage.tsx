import { useState } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData } from '@tanstack/react-query';
import { Button, Card, List, Segmented, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import { fmtDate, InspectionStatusTag, ORIGIN_LABELS } from './inspectionUi';

/** 执法检查: a list that works on a phone (cards), mine or all in scope. */
export default function InspectionsPage() {
  const navigate = useNavigate();
  const { can } = useAuth();
  const [mine, setMine] = useState(can('inspection.conduct') ? 'true' : 'false');
  const [page, setPage] = useState(1);
  const { data, isFetching } = useApiQuery(inspectionApi.inspections, { query: { mine: mine as 'true' | 'false', page, pageSize: 20 } }, { placeholderData: keepPreviousData });
  return (
    <Card
      title="执法检查"
      extra={
        can('inspection.conduct') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/inspection/inspections/new')}>
            安排检查
          </Button>
        )
      }
    >
      <Segmented
        value={mine}
        onChange={(v) => {
          setMine(String(v));
          setPage(1);
        }}
        options={[
          { value: 'true', label: '我参加的' },
          { value: 'false', label: '全部' },
        ]}
        style={{ marginBottom: 12 }}
      />
      <List
        loading={isFetching}
        dataSource={data?.items}
        pagination={{ current: page, pageSize: 20, total: data?.total, onChange: setPage, size: 'small' }}
        renderItem={(x) => (
          <List.Item data-testid="inspection-item" onClick={() => navigate(`/inspection/inspections/${x.id}`)} style={{ cursor: 'pointer' }} extra={<InspectionStatusTag value={x.status} />}>
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  <span>{x.enterpriseName}</span>
                  {x.unannounced && <Tag color="magenta">四不两直</Tag>}
                  <Tag>{ORIGIN_LABELS[x.origin]}</Tag>
                </Space>
              }
              description={
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {x.code} · {fmtDate(x.plannedOn)} · {x.team.map((t) => t.name.replace('执法检查员 ', '')).join('、')}
                  {x.status === 'completed' ? ` · 发现问题 ${x.failed} 项` : ''}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
