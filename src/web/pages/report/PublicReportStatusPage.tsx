import { useParams, useNavigate } from 'react-router';
import { Button, Card, Descriptions, Empty, Result, Spin, Tag, Timeline, Typography } from 'antd';
import { useApiQuery } from '../../lib/client';
import { reportApi } from '../../../shared/contracts/report.api';
import { formatDateTime } from '../../../shared/time';
import { PublicShell } from './PublicReportPage';

const STATUS_COLOR: Record<string, string> = { submitted: 'default', accepted: 'processing', verified: 'blue', closed: 'success' };

/** /public/report/:code — the reporter's view: status and public replies only. */
export default function PublicReportStatusPage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const { data, isLoading, error } = useApiQuery(reportApi.track, { params: { code } }, { retry: false });
  return (
    <PublicShell title="举报办理进度">
      {isLoading ? (
        <Spin style={{ display: 'block', margin: 48 }} />
      ) : error || !data ? (
        <Card>
          <Result status="warning" title={error?.message ?? '未找到'} extra={<Button onClick={() => navigate('/public/report')}>返回举报页面</Button>} />
        </Card>
      ) : (
        <Card>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="受理编号">{data.caseNo}</Descriptions.Item>
            <Descriptions.Item label="类别">{data.categoryName}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLOR[data.status]} data-testid="report-status">
                {data.statusLabel}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label="承办单位">{data.handlingUnit}</Descriptions.Item>
            <Descriptions.Item label="举报时间">{formatDateTime(data.submittedAt)}</Descriptions.Item>
            {data.closedAt && <Descriptions.Item label="办结时间">{formatDateTime(data.closedAt)}</Descriptions.Item>}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            答复
          </Typography.Title>
          {data.replies.length === 0 ? (
            <Empty description="暂无答复，请耐心等待" />
          ) : (
            <Timeline
              items={data.replies.map((r) => ({
                children: (
                  <div data-testid="report-reply">
                    <div style={{ fontSize: 12, color: '#64748b' }}>
                      {formatDateTime(r.at)} · {r.unit}
                    </div>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{r.text}</div>
                  </div>
                ),
              }))}
            />
          )}
          <Button block onClick={() => navigate('/public/report')}>
            返回举报页面
          </Button>
        </Card>
      )}
    </PublicShell>
  );
}
