import { useMemo } from 'react';
import { Radio, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useApiQuery } from '../../lib/client';
import { riskApi } from '../../../shared/contracts/risk.api';
import { FACTOR_NAMES, LEVEL_COLOURS, assess, bandRangeText, type AssessmentMethod, type RiskLevel, type RiskRules } from '../../../shared/risk';

export const LEVEL_ORDER: RiskLevel[] = ['重大', '较大', '一般', '低'];

export function levelColour(level: string | null | undefined) {
  return level && level in LEVEL_COLOURS ? LEVEL_COLOURS[level as RiskLevel] : null;
}

/** A level as an antd tag in its colour (红橙黄蓝). */
export function LevelTag({ level, suffix = '风险' }: { level: string | null | undefined; suffix?: string }) {
  const c = levelColour(level);
  if (!c) return <span style={{ color: '#999' }}>未评估</span>;
  return (
    <Tag style={{ background: c.hex, borderColor: c.hex, color: c.text, fontWeight: 600 }}>
      {level}
      {suffix}
    </Tag>
  );
}

export function GradeTag({ grade }: { grade: string | null | undefined }) {
  if (!grade) return <Tag>未构成</Tag>;
  const hex = { 一级: '#e02424', 二级: '#f97316', 三级: '#facc15', 四级: '#2563eb' }[grade] ?? '#888';
  return (
    <Tag style={{ background: hex, borderColor: hex, color: grade === '三级' ? '#1f2937' : '#fff', fontWeight: 600 }}>
      {grade}
    </Tag>
  );
}

export function useRiskRules() {
  return useApiQuery(riskApi.rules, {}, { staleTime: 60_000 });
}

/** Factors in the order of the formula (jsonb does not keep key order): L, E, C or L, S. */
export function factorText(method: string, factors: Record<string, number>): string {
  const keys = method === 'LEC' ? ['L', 'E', 'C'] : ['L', 'S'];
  return keys.map((k) => `${k}=${factors[k]}`).join('，');
}

export interface CalculatorValue {
  method: AssessmentMethod;
  factors: Record<string, number | undefined>;
}

/**
 * The LEC / LS calculator: pick the factors from the configured tables and see D (or R), the band
 * and the colour at once. The grading is the same pure function the server runs.
 */
export function RiskCalculator({ rules, value, onChange, disabled }: { rules: RiskRules; value: CalculatorValue; onChange: (v: CalculatorValue) => void; disabled?: boolean }) {
  const keys = useMemo(() => (value.method === 'LEC' ? ['L', 'E', 'C'] : ['L', 'S']), [value.method]);
  const table = value.method === 'LEC' ? rules.lec : rules.ls;
  const result = useMemo(() => {
    const complete = keys.every((k) => typeof value.factors[k] === 'number');
    return complete ? assess(value.method, value.factors, rules) : null;
  }, [value, rules, keys]);
  const symbol = value.method === 'LEC' ? 'D' : 'R';
  const colour = result?.ok ? LEVEL_COLOURS[result.value.level] : null;
  return (
    <div>
      <Radio.Group
        value={value.method}
        disabled={disabled}
        onChange={(e) => onChange({ method: e.target.value, factors: {} })}
        optionType="button"
        buttonStyle="solid"
        options={[
          { value: 'LEC', label: 'LEC 作业条件危险性评价法' },
          { value: 'LS', label: 'LS 风险矩阵法' },
        ]}
        style={{ marginBottom: 12 }}
      />
      <Space wrap align="start" size={12}>
        {keys.map((k) => (
          <div key={k}>
            <div style={{ fontSize: 12, color: '#555', marginBottom: 4 }}>{FACTOR_NAMES[value.method][k]}</div>
            <Select
              data-testid={`factor-${k}`}
              aria-label={FACTOR_NAMES[value.method][k]}
              disabled={disabled}
              style={{ width: value.method === 'LEC' ? 230 : 250 }}
              placeholder={`选择 ${k}`}
              value={value.factors[k]}
              onChange={(v: number) => onChange({ ...value, factors: { ...value.factors, [k]: v } })}
              options={(table as unknown as Record<string, { value: number; label: string }[]>)[k].map((o) => ({ value: o.value, label: `${o.value} — ${o.label}`, title: `${k}=${o.value}` }))}
            />
          </div>
        ))}
        <div
          data-testid="risk-result"
          style={{
            minWidth: 210,
            padding: '8px 14px',
            borderRadius: 6,
            background: colour?.hex ?? '#f5f5f5',
            color: colour?.text ?? '#666',
            marginTop: 20,
            border: colour ? 'none' : '1px dashed #ccc',
          }}
        >
          {result?.ok ? (
            <>
              <div style={{ fontSize: 18, fontWeight: 700 }}>
                {symbol} = {keys.join(' × ')} = {result.value.score}
              </div>
              <div>
                {result.value.band} · {result.value.level}风险（{colour!.name}色）
              </div>
            </>
          ) : result && !result.ok ? (
            <span>{result.issues[0].message}</span>
          ) : (
            <span>选择全部因子后显示结果</span>
          )}
        </div>
      </Space>
      <BandLegend rules={rules} method={value.method} highlight={result?.ok ? result.value.band : undefined} />
    </div>
  );
}

export function BandLegend({ rules, method, highlight }: { rules: RiskRules; method: AssessmentMethod; highlight?: string }) {
  const bands = method === 'LEC' ? rules.lec.bands : rules.ls.bands;
  const symbol = method === 'LEC' ? 'D' : 'R';
  return (
    <div style={{ marginTop: 8, display: 'flex', flexWrap: 'wrap', gap: 6 }}>
      {bands.map((b, i) => {
        const c = LEVEL_COLOURS[b.level];
        return (
          <Tooltip key={b.label} title={`${b.label} → ${b.level}风险（${c.name}）`}>
            <span
              style={{
                fontSize: 12,
                padding: '1px 8px',
                borderRadius: 10,
                background: highlight === b.label ? c.hex : '#fff',
                color: highlight === b.label ? c.text : '#333',
                border: `1px solid ${c.hex}`,
              }}
            >
              {bandRangeText(bands, i, symbol)} {b.label}
            </span>
          </Tooltip>
        );
      })}
    </div>
  );
}

export function Muted({ children }: { children: React.ReactNode }) {
  return <Typography.Text type="secondary">{children}</Typography.Text>;
}
