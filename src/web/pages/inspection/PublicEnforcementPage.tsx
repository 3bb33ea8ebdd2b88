import { Card, Empty, Result, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { AuditOutlined } from '@ant-design/icons';
import { useApiQuery } from '../../lib/client';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import { formatDate, formatDateTime } from '../../../shared/time';

/**
 * /public/enforcement: 执法公示 — no login, phone first. Penalty decisions (personal data masked by
 * the server) and the 严重失信主体名单 in force.
 */
export default function PublicEnforcementPage() {
  const { data, isLoading, error } = useApiQuery(inspectionApi.publicEnforcement, {});
  const [tab, setTab] = useState<'decisions' | 'dishonest'>('decisions');
  const line = (label: string, value: string) => (
    <div style={{ display: 'flex', gap: 8, padding: '3px 0', fontSize: 14 }}>
      <span style={{ color: '#64748b', flex: '0 0 72px' }}>{label}</span>
      <span style={{ wordBreak: 'break-all' }}>{value}</span>
    </div>
  );
  return (
    <div style={{ minHeight: '100vh', background: '#f1f5f9' }}>
      <div style={{ background: '#1d4ed8', color: '#fff', padding: '16px 16px 12px' }}>
        <div style={{ maxWidth: 960, margin: '0 auto' }}>
          <Space align="center">
            <AuditOutlined style={{ fontSize: 24 }} />
            <span style={{ fontSize: 18, fontWeight: 600 }}>安全生产行政执法公示</span>
          </Space>
          <div style={{ opacity: 0.85, fontSize: 13, marginTop: 4 }}>东西湖区 · 行政处罚决定与严重失信主体名单（个人信息已作脱敏处理）</div>
        </div>
      </div>
      <div style={{ maxWidth: 960, margin: '0 auto', padding: 12 }}>
        <Segmented
          block
          value={tab}
          onChange={(v) => setTab(v as typeof tab)}
          options={[
            { value: 'decisions', label: `行政处罚（${data?.decisions.length ?? 0}）` },
            { value: 'dishonest', label: `失信名单（${data?.dishonest.length ?? 0}）` },
          ]}
          style={{ marginBottom: 12 }}
        />
        {isLoading ? (
          <Spin style={{ display: 'block', margin: 48 }} />
        ) : error || !data ? (
          <Result status="warning" title="暂时无法获取公示信息，请稍后再试" />
        ) : tab === 'decisions' ? (
          data.decisions.length === 0 ? (
            <Empty description="暂无公示的行政处罚决定" />
          ) : (
            <Space direction="vertical" size={12} style={{ width: '100%' }}>
              {data.decisions.map((d) => (
                <Card key={d.caseCode} size="small" data-testid="public-decision" title={<span style={{ whiteSpace: 'normal' }}>{d.enterpriseName}</span>} extra={<Tag>{d.department}</Tag>}>
                  {line('决定书文号', d.documentNumber ?? d.caseCode)}
                  {line('信用代码', d.creditCode)}
                  {line('违法行为', d.violation || '—')}
                  {line('违法事实', d.facts)}
                  {line('处罚依据', d.basis || '—')}
                  {line('处罚内容', d.penalty)}
                  {line('决定日期', formatDate(d.decidedOn))}
                </Card>
              ))}
            </Space>
          )
        ) : data.dishonest.length === 0 ? (
          <Empty description="目前没有列入严重失信主体名单的企业" />
        ) : (
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            {data.dishonest.map((d) => (
              <Card key={`${d.creditCode}-${d.startsOn}`} size="small" data-testid="public-dishonest" title={<span style={{ whiteSpace: 'normal' }}>{d.enterpriseName}</span>} extra={d.underRepair ? <Tag color="gold">信用修复审核中</Tag> : <Tag color="red">失信</Tag>}>
                {line('信用代码', d.creditCode)}
                {line('列入事由', d.reason)}
                {line('列入依据', d.basis)}
                {line('列入期限', `${formatDate(d.startsOn)} 至 ${formatDate(d.endsOn)}`)}
                {line('列入单位', d.department)}
              </Card>
            ))}
          </Space>
        )}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, textAlign: 'center' }}>
          数据可从 /public/api/enforcement 获取。{data ? `更新于 ${formatDateTime(data.asOf)}` : ''}
        </Typography.Paragraph>
      </div>
    </div>
  );
}
