import { useState } from 'react';
import { Card, Empty, Result, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useApiQuery } from '../../lib/client';
import { hazardApi } from '../../../shared/contracts/hazard.api';
import { formatDateTime } from '../../../shared/time';

/**
 * /public/supervision: 重大事故隐患挂牌督办公示 — no login, readable on a phone. Current 挂牌 items
 * and recent 摘牌 ones; only what a public notice carries (no people, no phones).
 */
export default function PublicSupervisionPage() {
  const [tab, setTab] = useState<'listed' | 'delisted'>('listed');
  const { data, isLoading, error } = useApiQuery(hazardApi.publicSupervision, {}, { refetchInterval: 5 * 60_000 });
  const list = data ? data[tab] : [];
  return (
    <div style={{ minHeight: '100vh', background: '#f1f5f9' }}>
      <div style={{ background: '#1d4ed8', color: '#fff', padding: '16px 16px 12px' }}>
        <div style={{ maxWidth: 960, margin: '0 auto' }}>
          <Space align="center">
            <SafetyCertificateOutlined style={{ fontSize: 24 }} />
            <span style={{ fontSize: 18, fontWeight: 600 }}>重大事故隐患挂牌督办公示</span>
          </Space>
          <div style={{ opacity: 0.85, fontSize: 13, marginTop: 4 }}>东西湖区安全生产委员会办公室 · 依据《安全生产事故隐患排查治理暂行规定》</div>
        </div>
      </div>
      <div style={{ maxWidth: 960, margin: '0 auto', padding: 12 }}>
        <Segmented
          block
          value={tab}
          onChange={(v) => setTab(v as 'listed' | 'delisted')}
          options={[
            { value: 'listed', label: `挂牌督办中（${data?.listed.length ?? '…'}）` },
            { value: 'delisted', label: `已摘牌（${data?.delisted.length ?? '…'}）` },
          ]}
          style={{ marginBottom: 12 }}
        />
        {isLoading ? (
          <Spin style={{ display: 'block', margin: 48 }} />
        ) : error ? (
          <Result status="warning" title="暂时无法获取公示信息，请稍后再试" />
        ) : list.length === 0 ? (
          <Empty description={tab === 'listed' ? '目前没有挂牌督办的重大事故隐患' : '暂无摘牌记录'} />
        ) : (
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            {list.map((x) => (
              <Card key={x.code} size="small" data-testid="supervision-item" title={<span style={{ whiteSpace: 'normal' }}>{x.enterpriseName}</span>} extra={x.status === 'listed' ? <Tag color="volcano">{x.level}挂牌</Tag> : <Tag color="green">已摘牌</Tag>}>
                <Typography.Paragraph style={{ marginBottom: 6 }}>{x.summary}</Typography.Paragraph>
                <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: '4px 16px', fontSize: 13, color: '#475569' }}>
                  <span>隐患编号：{x.code}</span>
                  <span>
                    属地/行业：{x.regionName} · {x.sectorName}
                  </span>
                  <span>督办单位：{x.supervisingUnit}</span>
                  <span>督办文号：{x.docNo}</span>
                  <span>挂牌日期：{x.listedOn}</span>
                  <span>
                    整改期限：{x.deadline}
                    {x.overdueDays > 0 && (
                      <Tag color="red" style={{ marginLeft: 6 }}>
                        已超期 {x.overdueDays} 天
                      </Tag>
                    )}
                  </span>
                  {x.delistedOn && <span>摘牌日期：{x.delistedOn}</span>}
                </div>
              </Card>
            ))}
          </Space>
        )}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, textAlign: 'center' }}>
          发现安全生产隐患或违法行为，请拨打 12350 举报。{data ? `更新于 ${formatDateTime(data.asOf)}` : ''}
        </Typography.Paragraph>
      </div>
    </div>
  );
}
