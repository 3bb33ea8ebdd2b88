import { useNavigate, useParams } from 'react-router';
import { App, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import { fmtTime } from './inspectionUi';

/** One draw: its commitment, the frozen pools, the published seed and result, and each target's inspection. */
export default function DrawDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const { message, modal } = App.useApp();
  const { data: d, isLoading } = useApiQuery(inspectionApi.draw, { params: { id: id! } });
  const execute = useApiMutation(inspectionApi.executeDraw, { invalidates: ['inspection'] });
  const verify = useApiQuery(inspectionApi.verifyDraw, d?.status === 'published' ? { params: { id: id! } } : null);
  if (isLoading || !d) return <Card loading />;
  return (
    <Card
      title={`${d.name}（${d.code}）`}
      extra={
        <Space>
          {d.status === 'committed' && can('inspection.draw') && (
            <Button
              type="primary"
              loading={execute.isPending}
              onClick={() =>
                modal.confirm({
                  title: '执行抽取',
                  content: '将按已承诺的随机种子和冻结的对象库、人员库抽取，并立即公布种子与结果。',
                  onOk: async () => {
                    try {
                      await execute.mutateAsync({ params: { id: d.id } });
                      message.success('抽取完成，种子与结果已公布');
                    } catch (e) {
                      message.error((e as Error).message);
                    }
                  },
                })
              }
            >
              执行抽取并公布
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label="实施部门">{d.unitName}</Descriptions.Item>
        <Descriptions.Item label="状态">{d.status === 'published' ? <Tag color="success">已公布</Tag> : <Tag color="processing">已承诺，待抽取</Tag>}</Descriptions.Item>
        <Descriptions.Item label="对象库">{d.poolTargets} 户企业</Descriptions.Item>
        <Descriptions.Item label="人员库">{d.poolInspectors} 名持有效执法证的人员</Descriptions.Item>
        <Descriptions.Item label="抽取">
          {d.count} 户，每户 {d.perTarget} 名执法人员
        </Descriptions.Item>
        <Descriptions.Item label="发起">
          {d.createdByName} · {fmtTime(d.createdAt)}
        </Descriptions.Item>
        <Descriptions.Item label="种子承诺（SHA-256）" span={2}>
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
            {d.seedHash}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="随机种子" span={2}>
          {d.seed ? (
            <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
              {d.seed}
            </Typography.Text>
          ) : (
            '抽取后公布'
          )}
        </Descriptions.Item>
        {verify.data && (
          <Descriptions.Item label="重算核验" span={2}>
            {verify.data.ok ? <Tag color="success">一致</Tag> : <Tag color="error">不一致</Tag>} {verify.data.message}
          </Descriptions.Item>
        )}
        {d.excluded.length > 0 && (
          <Descriptions.Item label="未入人员库" span={2}>
            {d.excluded.map((x) => `${x.name}（${x.reason}）`).join('；')}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Table
        style={{ marginTop: 16 }}
        rowKey="id"
        dataSource={d.targets}
        pagination={false}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 60 },
          { title: '企业', dataIndex: 'enterpriseName', ellipsis: true },
          { title: '属地', dataIndex: 'regionName', width: 120, ellipsis: true },
          { title: '检查组', width: 220, render: (_: unknown, r) => r.inspectors.map((i) => i.name).join('、') },
          { title: '结果', dataIndex: 'outcome', width: 200, ellipsis: true },
          {
            title: '操作',
            width: 110,
            render: (_: unknown, r) =>
              r.inspectionId ? (
                <Button size="small" onClick={() => navigate(`/inspection/inspections/${r.inspectionId}`)}>
                  查看检查
                </Button>
              ) : (
                can('inspection.conduct') &&
                r.inspectors.some((i) => i.id === me?.id) && (
                  <Button size="small" type="primary" onClick={() => navigate(`/inspection/inspections/new?drawTargetId=${r.id}&enterpriseId=${r.enterpriseId}`)}>
                    安排检查
                  </Button>
                )
              ),
          },
        ]}
      />
    </Card>
  );
}
