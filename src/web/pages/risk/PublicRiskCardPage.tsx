import { useParams, useSearchParams } from 'react-router';
import { Result, Spin } from 'antd';
import { ApiError, useApiQuery } from '../../lib/client';
import { riskApi } from '../../../shared/contracts/risk.api';
import { CARD_PRINT_CSS, RiskCard } from './RiskCard';

/** /public/risk-cards/<token>: what the QR code on a posted card opens. No login. */
export default function PublicRiskCardPage() {
  const { token } = useParams();
  const [params] = useSearchParams();
  const type = params.get('type') === 'emergency' ? 'emergency' : 'notice';
  const { data, error, isLoading } = useApiQuery(riskApi.publicCard, { params: { token: token ?? '' }, query: { type } }, { retry: false });
  return (
    <div style={{ minHeight: '100vh', background: '#f1f5f9', padding: 12 }}>
      <style>{CARD_PRINT_CSS}</style>
      {isLoading ? (
        <Spin style={{ display: 'block', margin: 48 }} />
      ) : error || !data ? (
        <Result status="404" title="告知卡不存在或已失效" subTitle={error instanceof ApiError ? '该二维码可能已被企业重新生成，请以现场最新张贴的告知卡为准。' : '无法连接服务器'} />
      ) : (
        <RiskCard card={data} />
      )}
    </div>
  );
}
