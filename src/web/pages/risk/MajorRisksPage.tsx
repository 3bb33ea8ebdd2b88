import { useNavigate } from 'react-router';
import { Card, Table, Typography } from 'antd';
import { useApiQuery } from '../../lib/client';
import { riskApi } from '../../../shared/contracts/risk.api';
import { orgApi } from '../../../shared/contracts/org.api';
import type { EnterpriseView } from '../../../shared/contracts/org';
import type { HazardSourceView } from '../../../shared/contracts/risk';
import { RiskPointTable } from './RiskPointsPage';
import { GradeTag, LevelTag } from './riskUi';
import { CreditFlag } from '../../components/CreditFlag';

/** 重大风险清单 of the user's scope: 重大 risk points, 重大风险 enterprises, 一级/二级 重大危险源. */
export default function MajorRisksPage() {
  const navigate = useNavigate();
  const { data: ents } = useApiQuery(orgApi.listEnterprises, { query: { riskLevel: '重大', pageSize: 200 } });
  const { data: sources } = useApiQuery(riskApi.listSources, { query: { pageSize: 200, status: '在用' } });
  const topSources = (sources?.items ?? []).filter((s) => s.grade === '一级' || s.grade === '二级');
  return (
    <div>
      <Card title="重大风险清单" style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">当前评价为重大风险（红色）的风险点，按企业排列；双击查看详情、管控措施和告知卡。</Typography.Paragraph>
        <RiskPointTable query={{ level: '重大', status: '在用' }} showEnterprise onOpen={(p) => navigate(`/risk/points/${p.id}`)} />
      </Card>
      <Card title={`重大风险企业（${ents?.total ?? 0} 家）`} style={{ marginBottom: 16 }}>
        <Table<EnterpriseView>
          size="small"
          rowKey="id"
          dataSource={ents?.items}
          pagination={{ pageSize: 10 }}
          tableLayout="fixed"
          columns={[
            {
              title: '企业',
              dataIndex: 'name',
              ellipsis: { showTitle: true },
              render: (v: string, r) => (
                <>
                  <CreditFlag flag={r.dishonest} />
                  <a onClick={() => navigate(`/enterprises/${r.id}`)}>{v}</a>
                </>
              ),
            },
            { title: '行业领域', dataIndex: 'sectorName', width: 120, ellipsis: { showTitle: true } },
            { title: '属地', dataIndex: 'regionName', width: 140, ellipsis: { showTitle: true } },
            { title: '监管部门', dataIndex: 'supervisingUnitName', width: 140, ellipsis: { showTitle: true } },
            { title: '风险等级', dataIndex: 'riskLevel', width: 100, render: (v: string) => <LevelTag level={v} /> },
          ]}
        />
      </Card>
      <Card title={`一级、二级重大危险源（${topSources.length} 处）`}>
        <Table<HazardSourceView>
          size="small"
          rowKey="id"
          dataSource={topSources}
          pagination={{ pageSize: 10 }}
          tableLayout="fixed"
          columns={[
            { title: '重大危险源', dataIndex: 'name', ellipsis: { showTitle: true }, render: (v: string, r) => <a onClick={() => navigate(`/risk/sources/${r.id}`)}>{v}</a> },
            { title: '企业', dataIndex: 'enterpriseName', ellipsis: { showTitle: true } },
            { title: '属地', dataIndex: 'regionName', width: 140, ellipsis: { showTitle: true } },
            { title: 'R', dataIndex: 'R', width: 90, render: (v: number) => v.toFixed(2) },
            { title: '等级', dataIndex: 'grade', width: 80, render: (v: string) => <GradeTag grade={v} /> },
            { title: '主要负责人', dataIndex: 'mainName', width: 110, ellipsis: { showTitle: true } },
          ]}
        />
      </Card>
    </div>
  );
}
