import { useNavigate } from 'react-router';
import { Button, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import type { EnterpriseView } from '../../../shared/contracts/org';
import type { HazardListItem } from '../../../shared/contracts/hazard';
import { hazardApi } from '../../../shared/contracts/hazard.api';
import { fmtTime, GradeTag, HazardFlags } from './hazardUi';

/** The hazards of one enterprise (tab on the enterprise detail page). */
export default function EnterpriseHazardsTab({ enterprise }: { enterprise: EnterpriseView }) {
  const navigate = useNavigate();
  const { can } = useAuth();
  const { data, isLoading } = useApiQuery(hazardApi.list, { query: { enterpriseId: enterprise.id, pageSize: 100 } });
  const open = data?.items.filter((h) => h.status !== 'closed' && h.status !== 'dismissed').length ?? 0;
  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <span>
          共 {data?.total ?? 0} 条，未销号 {open} 条，超期 {data?.items.filter((h) => h.overdue).length ?? 0} 条
        </span>
        <Button size="small" onClick={() => navigate(`/hazards?enterpriseId=${enterprise.id}`)}>
          在台账中查看
        </Button>
        {can('hazard.create') && (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/hazards/new?enterpriseId=${enterprise.id}`)}>
            登记隐患
          </Button>
        )}
      </Space>
      <Table<HazardListItem>
        size="small"
        rowKey="id"
        loading={isLoading}
        dataSource={data?.items}
        pagination={{ pageSize: 10 }}
        scroll={{ x: 800 }}
        columns={[
          { title: '隐患编号', dataIndex: 'code', width: 190, render: (v: string, r) => <a onClick={() => navigate(`/hazards/${r.id}`)}>{v}</a> },
          { title: '部位 / 描述', dataIndex: 'description', ellipsis: true, render: (v: string, r) => `${r.place}：${v}` },
          { title: '等级', dataIndex: 'grade', width: 70, render: (v: string) => <GradeTag grade={v} /> },
          { title: '状态', dataIndex: 'status', width: 180, render: (_: unknown, r) => <HazardFlags h={r} /> },
          { title: '发现时间', dataIndex: 'foundAt', width: 140, render: fmtTime },
          { title: '整改期限', dataIndex: 'deadline', width: 110, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </div>
  );
}
