import { useNavigate, useParams, useSearchParams } from 'react-router';
import { App, Button, Card, Result, Segmented, Space, Spin } from 'antd';
import { FileWordOutlined, PrinterOutlined } from '@ant-design/icons';
import { ApiError, download, useApiQuery } from '../../lib/client';
import { riskApi } from '../../../shared/contracts/risk.api';
import { CARD_PRINT_CSS, RiskCard } from './RiskCard';

/** Print view of a point's cards (A4). The QR code opens the public card page. */
export default function RiskCardPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const type = params.get('type') === 'emergency' ? 'emergency' : 'notice';
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data, error, isLoading } = useApiQuery(riskApi.card, id ? { params: { id }, query: { type } } : null);
  if (isLoading) return <Spin style={{ margin: 48 }} />;
  if (error || !data) return <Result status="404" title="风险点不存在或不在您的管辖范围内" subTitle={error instanceof ApiError ? error.message : undefined} />;
  return (
    <Card>
      <style>{CARD_PRINT_CSS}</style>
      <div className="no-print" style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 16, flexWrap: 'wrap', gap: 8 }}>
        <Segmented
          value={type}
          onChange={(v) => setParams({ type: String(v) }, { replace: true })}
          options={[
            { value: 'notice', label: '安全风险告知卡' },
            { value: 'emergency', label: '岗位应急处置卡' },
          ]}
        />
        <Space>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-card">
            打印
          </Button>
          <Button icon={<FileWordOutlined />} onClick={() => download(riskApi.cardDocx, { params: { id: id! }, query: { type } }).catch((e: Error) => message.error(e.message))}>
            下载 Word
          </Button>
          <Button onClick={() => navigate(`/risk/points/${id}`)}>返回风险点</Button>
        </Space>
      </div>
      <RiskCard card={data} />
      <div className="no-print" style={{ textAlign: 'center', color: '#888', fontSize: 12, marginTop: 8 }}>
        二维码指向公开的告知卡页面（{data.publicUrl.replace(/\/public\/risk-cards\/.*/, '/public/risk-cards/…')}），扫码无需登录，只显示现场张贴的内容。
      </div>
    </Card>
  );
}
