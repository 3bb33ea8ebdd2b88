import type { RiskCardView } from '../../../shared/contracts/risk';
import { LEVEL_COLOURS, type RiskLevel } from '../../../shared/risk';

/**
 * 安全风险告知卡 / 岗位应急处置卡, laid out for an A4 page (and readable on a phone when opened from
 * the QR code). Only what is posted on site: no personal phone numbers, no internal measure owners.
 */
export function RiskCard({ card }: { card: RiskCardView }) {
  const c = card.level ? LEVEL_COLOURS[card.level as RiskLevel] : null;
  const head = c?.hex ?? '#64748b';
  const cell: React.CSSProperties = { border: '1px solid #94a3b8', padding: '6px 10px', verticalAlign: 'top', fontSize: 14, lineHeight: 1.6 };
  const label: React.CSSProperties = { ...cell, width: '22%', background: '#f1f5f9', fontWeight: 600 };
  const list = (items: string[]) =>
    items.length ? (
      <ol style={{ margin: 0, paddingLeft: 20 }}>
        {items.map((t, i) => (
          <li key={i}>{t}</li>
        ))}
      </ol>
    ) : (
      '—'
    );
  return (
    <div className="risk-card" data-testid="risk-card" style={{ background: '#fff', border: `6px solid ${head}`, padding: 16, maxWidth: 760, margin: '0 auto', fontFamily: 'inherit' }}>
      <div style={{ background: head, color: c?.text ?? '#fff', textAlign: 'center', padding: '10px 0', marginBottom: 12 }}>
        <div style={{ fontSize: 26, fontWeight: 800, letterSpacing: 6 }}>{card.title}</div>
        <div style={{ fontSize: 15 }}>{card.enterpriseName}</div>
      </div>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <tbody>
          <tr>
            <td style={label}>风险点</td>
            <td style={cell}>
              {card.point.name}（{card.point.code}）
            </td>
            <td style={label}>类型</td>
            <td style={cell}>{card.point.kind}</td>
          </tr>
          <tr>
            <td style={label}>位置</td>
            <td style={cell}>{card.point.location || '—'}</td>
            <td style={label}>管控层级</td>
            <td style={cell}>{card.point.controlLevel}</td>
          </tr>
          <tr>
            <td style={label}>风险等级</td>
            <td style={{ ...cell, background: c?.hex, color: c?.text, fontWeight: 700, fontSize: 16 }} data-testid="card-level">
              {card.level ? `${card.level}风险（${c!.name}色）` : '未评估'}
            </td>
            <td style={label}>责任人</td>
            <td style={cell}>{card.point.responsiblePerson || '—'}</td>
          </tr>
          {card.type === 'notice' ? (
            <>
              <tr>
                <td style={label}>主要危险有害因素</td>
                <td style={cell} colSpan={3}>
                  {list(card.hazardFactors)}
                </td>
              </tr>
              <tr>
                <td style={label}>可能导致的事故</td>
                <td style={cell} colSpan={3}>
                  {card.accidentTypes.join('、') || '—'}
                </td>
              </tr>
              <tr>
                <td style={label}>管控措施</td>
                <td style={cell} colSpan={3}>
                  {list(card.measures.map((m) => `【${m.kind}】${m.content}（${m.responsibleLevel}级）`))}
                </td>
              </tr>
              <tr>
                <td style={label}>应急处置</td>
                <td style={cell} colSpan={3}>
                  {list(card.emergency.steps)}
                </td>
              </tr>
            </>
          ) : (
            <>
              <tr>
                <td style={label}>主要风险</td>
                <td style={cell} colSpan={3}>
                  {card.accidentTypes.join('、')}
                  {card.hazardFactors.length > 0 && <div style={{ color: '#475569' }}>{card.hazardFactors.join('；')}</div>}
                </td>
              </tr>
              <tr>
                <td style={label}>应急处置程序</td>
                <td style={{ ...cell, fontSize: 15 }} colSpan={3}>
                  {list(card.emergency.steps)}
                </td>
              </tr>
              <tr>
                <td style={label}>注意事项</td>
                <td style={cell} colSpan={3}>
                  {list(card.emergency.cautions)}
                </td>
              </tr>
            </>
          )}
          <tr>
            <td style={label}>应急电话</td>
            <td style={{ ...cell, fontWeight: 700 }} colSpan={3}>
              {'火警 119\u3000急救 120\u3000报警 110'}{card.emergency.dutyPhone ? `\u3000值班 ${card.emergency.dutyPhone}` : ''}
            </td>
          </tr>
        </tbody>
      </table>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-end', marginTop: 12, fontSize: 12, color: '#475569' }}>
        <div>
          {card.assessedOn && (
            <div>
              评价：{card.method} {card.method === 'LEC' ? 'D' : 'R'}={card.score}（{card.band}），{card.assessedOn}
            </div>
          )}
          <div>{`生成：${card.generatedAt.slice(0, 10)}\u3000安治 · 东西湖区安全生产工作平台`}</div>
        </div>
        {card.qr && (
          <div style={{ textAlign: 'center' }}>
            <img src={card.qr} alt="扫码查看告知卡" data-testid="card-qr" style={{ width: 120, height: 120, display: 'block' }} />
            <div>扫码查看</div>
          </div>
        )}
      </div>
    </div>
  );
}

/** Print CSS for a card page: A4 portrait, nothing but the card. */
export const CARD_PRINT_CSS = `
@page { size: A4 portrait; margin: 10mm; }
@media screen and (max-width: 520px) {
  .risk-card { padding: 8px !important; border-width: 3px !important; }
  .risk-card td { font-size: 13px !important; padding: 4px 6px !important; }
}
@media print {
  body { background: #fff !important; }
  .risk-card { max-width: none !important; border-width: 4px !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .risk-card * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .ant-card { box-shadow: none !important; border: none !important; }
  .ant-card-head, .ant-card-body > .no-print { display: none !important; }
  .ant-layout, .ant-layout-content { background: #fff !important; }
}
`;
