import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useApiQuery } from '../../lib/client';
import { emergencyApi } from '../../../shared/contracts/emergency.api';
import { SEARCH_KINDS, SEARCH_LABELS } from '../../../shared/emergency/catalog';

const KIND_COLOR: Record<string, string> = { teams: 'red', materials: 'orange', experts: 'blue', regulations: 'purple', cases: 'cyan', plans: 'green' };

/** 五库统一检索: one box, ranked hits from all five databases with the kind of each. */
export default function EmergencySearchPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const { data, isFetching, error } = useApiQuery(emergencyApi.search, q.trim() ? { query: { q } } : null);
  return (
    <Card title="五库统一检索">
      <Input.Search size="large" enterButton="检索" allowClear placeholder="如：液氯 泄漏、空气呼吸器、GB 18218" defaultValue={q} loading={isFetching} onSearch={(v) => setParams(v ? { q: v } : {})} style={{ maxWidth: 640 }} />
      {error && <Alert type="error" message={error.message} style={{ marginTop: 12 }} />}
      {data && (
        <>
          <Space wrap style={{ margin: '12px 0' }}>
            {SEARCH_KINDS.map((k) => (
              <Tag key={k} color={KIND_COLOR[k]}>
                {SEARCH_LABELS[k]} {data.counts[k] ?? 0}
                {data.countsCapped && (data.counts[k] ?? 0) > 0 ? '+' : ''}
              </Tag>
            ))}
            {data.countsCapped && <Typography.Text type="secondary">命中记录很多，以上为已检索部分的条数；可增加关键词缩小范围</Typography.Text>}
            {!data.matchedAll && <Typography.Text type="warning">没有同时包含全部关键词的记录，以下为部分命中的结果</Typography.Text>}
          </Space>
          {data.hits.length === 0 ? (
            <Empty description="没有找到相关记录" />
          ) : (
            <List
              dataSource={data.hits}
              renderItem={(h) => (
                <List.Item style={{ cursor: 'pointer' }} onClick={() => navigate(`/emergency/${h.kind}/${h.id}`)}>
                  <List.Item.Meta
                    title={
                      <Space>
                        <Tag color={KIND_COLOR[h.kind]}>{h.kindLabel}</Tag>
                        <a>{h.title}</a>
                      </Space>
                    }
                    description={<span style={{ wordBreak: 'break-all' }}>{h.snippet}</span>}
                  />
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </Card>
  );
}
