import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Switch, Table, Typography } from 'antd';
import { ApiError, call, invalidate, keyOf } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { riskApi } from '../../../shared/contracts/risk.api';
import { MAJOR_HAZARD_GRADES, RISK_LEVELS, bandRangeText, rulesVersionLabel, type Band, type FactorOption, type RiskRules } from '../../../shared/risk';
import { LevelTag, useRiskRules } from './riskUi';

/** 风险分级规则: band edges and colours, factor tables, the enterprise rule (安委办 edits; everyone reads). */
export default function RiskRulesPage() {
  const { data } = useRiskRules();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [rules, setRules] = useState<RiskRules | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (data) setRules(structuredClone(data.rules));
  }, [data]);
  if (!data || !rules) return null;
  const editable = can('risk.config');
  const set = (fn: (r: RiskRules) => void) => {
    const next = structuredClone(rules);
    fn(next);
    setRules(next);
  };
  const save = async () => {
    setBusy(true);
    try {
      const saved = await call(riskApi.updateRules, { body: { version: data.version, rules } });
      qc.setQueryData(keyOf(riskApi.rules, {}), saved);
      await invalidate(qc, 'risk');
      message.success(`规则已保存（第 ${saved.version} 版），企业风险等级已按新规则重新判定`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '保存失败');
    } finally {
      setBusy(false);
    }
  };

  const bandTable = (method: 'lec' | 'ls', symbol: string) => (
    <Table<Band & { i: number }>
      size="small"
      rowKey="i"
      pagination={false}
      dataSource={rules[method].bands.map((b, i) => ({ ...b, i }))}
      columns={[
        { title: '分级', dataIndex: 'label', render: (v: string, r) => <Input disabled={!editable} value={v} onChange={(e) => set((x) => void (x[method].bands[r.i].label = e.target.value))} style={{ width: 110 }} /> },
        {
          title: `下限（${symbol}）`,
          dataIndex: 'min',
          render: (v: number, r) => <InputNumber disabled={!editable || r.i === rules[method].bands.length - 1} value={v} min={0} onChange={(n) => set((x) => void (x[method].bands[r.i].min = Number(n ?? 0)))} style={{ width: 100 }} />,
        },
        { title: '含下限', dataIndex: 'minInclusive', render: (v: boolean, r) => <Switch disabled={!editable || r.i === rules[method].bands.length - 1} checked={v} onChange={(c) => set((x) => void (x[method].bands[r.i].minInclusive = c))} /> },
        { title: '范围', render: (_: unknown, r) => bandRangeText(rules[method].bands, r.i, symbol) },
        {
          title: '四色等级',
          dataIndex: 'level',
          render: (v: string, r) =>
            editable ? <Select value={v} style={{ width: 100 }} onChange={(l) => set((x) => void (x[method].bands[r.i].level = l as Band['level']))} options={RISK_LEVELS.map((l) => ({ value: l, label: l }))} /> : <LevelTag level={v} />,
        },
      ]}
    />
  );
  const factorTable = (method: 'lec' | 'ls', key: string) => {
    const list = (rules[method] as unknown as Record<string, FactorOption[]>)[key];
    return (
      <Table<FactorOption & { i: number }>
        size="small"
        rowKey="i"
        pagination={false}
        title={() => <b>{method.toUpperCase()} · {key}</b>}
        dataSource={list.map((o, i) => ({ ...o, i }))}
        columns={[
          { title: '分值', dataIndex: 'value', width: 90, render: (v: number, r) => <InputNumber disabled={!editable} value={v} min={0} onChange={(n) => set((x) => void ((x[method] as unknown as Record<string, FactorOption[]>)[key][r.i].value = Number(n ?? 0)))} style={{ width: 80 }} /> },
          { title: '说明', dataIndex: 'label', render: (v: string, r) => <Input disabled={!editable} value={v} onChange={(e) => set((x) => void ((x[method] as unknown as Record<string, FactorOption[]>)[key][r.i].label = e.target.value))} /> },
        ]}
      />
    );
  };

  return (
    <Card
      title="风险分级规则"
      extra={
        editable && (
          <Space>
            <Popconfirm title="恢复为系统默认规则（尚未保存）？" onConfirm={() => setRules(structuredClone(data.defaults))}>
              <Button>恢复默认</Button>
            </Popconfirm>
            <Button type="primary" loading={busy} onClick={save}>
              保存规则
            </Button>
          </Space>
        )
      }
    >
      <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="版本">{rulesVersionLabel(data.version)}</Descriptions.Item>
        <Descriptions.Item label="修改人">{data.updatedBy ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="修改时间">{data.updatedAt ? new Date(data.updatedAt).toLocaleString('zh-CN') : '—'}</Descriptions.Item>
      </Descriptions>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="分级规则各省不尽相同，由区安委办统一配置。已有评价保留当时的结果（记录规则版本），新评价按新规则计算；企业风险等级在保存规则时立即按新规则重新判定。"
      />
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={12}>
          <Typography.Title level={5}>LEC：D = L × E × C</Typography.Title>
          {bandTable('lec', 'D')}
        </Col>
        <Col xs={24} xl={12}>
          <Typography.Title level={5}>LS：R = L × S</Typography.Title>
          {bandTable('ls', 'R')}
        </Col>
        <Col xs={24}>
          <Typography.Title level={5}>企业风险等级</Typography.Title>
          <Form layout="inline" disabled={!editable}>
            <Form.Item label="风险点">
              <Select
                value={rules.enterprise.fromRiskPoints}
                style={{ width: 260 }}
                onChange={(v) => set((x) => void (x.enterprise.fromRiskPoints = v))}
                options={[
                  { value: 'highest', label: '取在用风险点的最高等级' },
                  { value: 'ignore', label: '不计风险点' },
                ]}
              />
            </Form.Item>
            {MAJOR_HAZARD_GRADES.map((g) => (
              <Form.Item key={g} label={`${g}重大危险源`}>
                <Select
                  value={rules.enterprise.majorHazardGrades[g] ?? 'none'}
                  style={{ width: 100 }}
                  onChange={(v) => set((x) => void (x.enterprise.majorHazardGrades[g] = v === 'none' ? null : (v as never)))}
                  options={[...RISK_LEVELS.map((l) => ({ value: l, label: `${l}` })), { value: 'none', label: '不影响' }]}
                />
              </Form.Item>
            ))}
          </Form>
        </Col>
        {(['L', 'E', 'C'] as const).map((k) => (
          <Col xs={24} md={8} key={`lec-${k}`}>
            {factorTable('lec', k)}
          </Col>
        ))}
        {(['L', 'S'] as const).map((k) => (
          <Col xs={24} md={12} key={`ls-${k}`}>
            {factorTable('ls', k)}
          </Col>
        ))}
      </Row>
    </Card>
  );
}
