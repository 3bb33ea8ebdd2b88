import { Card, Empty, Result, Space, Spin, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useApiQuery } from '../../lib/client';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import { formatDate, formatDateTime } from '../../../shared/time';

/**
 * /public/inspections: 双随机抽查结果公示 — no login, readable on a phone. Each draw with its seed
 * commitment and seed (anyone re-runs it from GET /public/api/inspections), its targets and outcomes.
 */
export default function PublicInspectionsPage() {
  const { data, isLoading, error } = useApiQuery(inspectionApi.publicInspections, {});
  const byDraw = new Map<string, NonNullable<typeof data>['items']>();
  for (const x of data?.items ?? []) byDraw.set(x.drawCode, [...(byDraw.get(x.drawCode) ?? []), x]);
  return (
    <div style={{ minHeight: '100vh', background: '#f1f5f9' }}>
      <div style={{ background: '#1d4ed8', color: '#fff', padding: '16px 16px 12px' }}>
        <div style={{ maxWidth: 960, margin: '0 auto' }}>
          <Space align="center">
            <SafetyCertificateOutlined style={{ fontSize: 24 }} />
            <span style={{ fontSize: 18, fontWeight: 600 }}>双随机抽查结果公示</span>
          </Space>
          <div style={{ opacity: 0.85, fontSize: 13, marginTop: 4 }}>东西湖区安全生产执法 · 随机抽取检查对象、随机选派执法检查人员、抽查情况及查处结果及时向社会公开</div>
        </div>
      </div>
      <div style={{ maxWidth: 960, margin: '0 auto', padding: 12 }}>
        {isLoading ? (
          <Spin style={{ display: 'block', margin: 48 }} />
        ) : error ? (
          <Result status="warning" title="暂时无法获取公示信息，请稍后再试" />
        ) : byDraw.size === 0 ? (
          <Empty description="近期没有公布的双随机抽查" />
        ) : (
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            {[...byDraw.entries()].map(([code, items]) => (
              <Card key={code} size="small" data-testid="public-draw" title={<span style={{ whiteSpace: 'normal' }}>{items[0].drawName}</span>} extra={<Tag>{items[0].department}</Tag>}>
                <div style={{ fontSize: 12, color: '#64748b', marginBottom: 8, wordBreak: 'break-all' }}>
                  抽取编号 {code} · {formatDateTime(items[0].drawnAt)} · 算法 {items[0].algorithm}
                  <br />
                  种子承诺 SHA-256：{items[0].seedHash}
                  <br />
                  公布种子：{items[0].seed}
                </div>
                {items.map((x, i) => (
                  <div key={i} style={{ display: 'flex', justifyContent: 'space-between', gap: 8, padding: '6px 0', borderTop: '1px solid #f1f5f9', fontSize: 14 }}>
                    <span>
                      {x.enterpriseName} <span style={{ color: '#64748b' }}>（{x.regionName}）</span>
                    </span>
                    <span style={{ textAlign: 'right', color: '#334155' }}>
                      {x.inspectionDate ? `${formatDate(x.inspectionDate)} ` : ''}
                      {x.outcome}
                    </span>
                  </div>
                ))}
              </Card>
            ))}
          </Space>
        )}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, textAlign: 'center' }}>
          抽取数据（对象库、人员库、种子与结果）可从 /public/api/inspections 获取，按公开算法重算核验。{data ? `更新于 ${formatDateTime(data.asOf)}` : ''}
        </Typography.Paragraph>
      </div>
    </div>
  );
}
