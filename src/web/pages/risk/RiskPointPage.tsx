import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Divider, Empty, Form, Input, InputNumber, Popconfirm, Result, Row, Select, Space, Spin, Table, Tabs, Tag } from 'antd';
import { DeleteOutlined, FileWordOutlined, PlusOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, call, download, invalidate, keyOf, useApiQuery } from '../../lib/client';
import { riskApi } from '../../../shared/contracts/risk.api';
import type { BodyIn } from '../../../shared/contracts/endpoint';
import { useAuth } from '../../lib/auth';
import { applyServerErrors } from '../../components/forms';
import { AuditHistory } from '../../components/AuditHistory';
import type { AssessmentView, RiskPointView } from '../../../shared/contracts/risk';
import { ACCIDENT_TYPES, CONTROL_LEVELS, MEASURE_KINDS, RISK_POINT_KINDS, rulesVersionLabel } from '../../../shared/risk';
import { EnterprisePicker } from '../../components/EnterprisePicker';
import { LevelTag, RiskCalculator, factorText, useRiskRules, type CalculatorValue } from './riskUi';

const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|400-?\d{3}-?\d{4})$/;
const lines = (s: unknown) =>
  String(s ?? '')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

/** A risk point: identification, control measures, emergency steps, assessment and its history, cards. */
export default function RiskPointPage() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { can, me } = useAuth();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [assessNow, setAssessNow] = useState(true);
  const [calc, setCalc] = useState<CalculatorValue>({ method: 'LEC', factors: {} });
  const [assessor, setAssessor] = useState(me?.displayName.split(' ').pop() ?? '');
  const { data: rules } = useRiskRules();
  const { data: p, isLoading, error } = useApiQuery(riskApi.getPoint, !isNew && id ? { params: { id } } : null);
  const writable = can('risk.write');
  const gov = me?.scope.kind !== 'enterprise';

  useEffect(() => {
    if (p) {
      form.setFieldsValue({
        ...p,
        steps: p.emergency.steps.join('\n'),
        cautions: p.emergency.cautions.join('\n'),
        dutyPhone: p.emergency.dutyPhone ?? undefined,
        measures: p.measures ?? [],
      });
    }
  }, [p, form]);

  if (!isNew && isLoading) return <Spin style={{ margin: 48 }} />;
  if (!isNew && (error || !p)) return <Result status="404" title="风险点不存在或不在您的管辖范围内" subTitle={error instanceof ApiError ? error.message : undefined} extra={<Button onClick={() => navigate('/risk/points')}>返回清单</Button>} />;

  const onFinish = async (v: Record<string, unknown>) => {
    setBusy(true);
    const { steps, cautions, dutyPhone, enterpriseId, status, ...rest } = v;
    const body: Record<string, unknown> = {
      ...rest,
      hazardFactors: (v.hazardFactors as string[] | undefined) ?? [],
      measures: ((v.measures as Record<string, unknown>[] | undefined) ?? []).map((m) => ({ ...m, responsiblePerson: m.responsiblePerson ?? '' })),
      emergency: { steps: lines(steps), cautions: lines(cautions), dutyPhone: dutyPhone ? String(dutyPhone).trim() : null },
    };
    if (!body.code) delete body.code;
    if (isNew) {
      if (gov) body.enterpriseId = enterpriseId;
      if (assessNow) body.assessment = { method: calc.method, factors: calc.factors, assessor: assessor || (me?.displayName ?? '—') };
    } else {
      body.status = status;
      body.version = p!.version;
    }
    try {
      const saved = isNew
        ? await call(riskApi.createPoint, { body: body as BodyIn<typeof riskApi.createPoint> })
        : await call(riskApi.updatePoint, { params: { id: id! }, body: body as BodyIn<typeof riskApi.updatePoint> });
      message.success(isNew ? '风险点已登记' : '已保存');
      await invalidate(qc, riskApi.listPoints, riskApi.stats);
      qc.setQueryData(keyOf(riskApi.getPoint, { params: { id: saved.id } }), saved);
      if (isNew) navigate(`/risk/points/${saved.id}`, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.fieldIssues.some((i) => i.path.startsWith('assessment.'))) message.error(err.message);
      else applyServerErrors(form, err, message);
    } finally {
      setBusy(false);
    }
  };

  const basic = (
    <Form
      form={form}
      layout="vertical"
      onFinish={onFinish}
      disabled={!writable}
      initialValues={{ kind: '场所', controlLevel: '车间', reviewCycleDays: 365, measures: [{ kind: '工程技术', responsibleLevel: '车间' }], enterpriseId: search.get('enterpriseId') ?? undefined }}
      scrollToFirstError
    >
      <Row gutter={16}>
        {isNew && gov && (
          <Col xs={24} md={12}>
            <Form.Item name="enterpriseId" label="所属企业" rules={[{ required: true, message: '请选择所属企业' }]}>
              <EnterprisePicker />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={isNew && gov ? 12 : 8}>
          <Form.Item name="name" label="风险点名称" rules={[{ required: true, message: '请输入风险点名称' }, { min: 2, message: '至少 2 个字' }, { max: 100 }]}>
            <Input placeholder="如：甲类储罐区、动火作业、操作工岗位" />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="code" label="编号" tooltip="留空自动编号（FXD-001…）" rules={[{ pattern: /^[A-Za-z0-9\-_.]*$/, message: '只能包含字母、数字和 - _ .' }]}>
            <Input placeholder="自动" />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Select data-testid="point-kind" options={RISK_POINT_KINDS.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="controlLevel" label="管控层级" rules={[{ required: true }]}>
            <Select options={CONTROL_LEVELS.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="responsiblePerson" label="责任人" rules={[{ max: 50 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="location" label="位置/部位" rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="department" label="所属部门/车间" rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="reviewCycleDays" label="复评周期（天）" rules={[{ required: true, message: '请输入复评周期' }, { type: 'integer', min: 1, max: 1095, message: '1～1095 天的整数' }]}>
            <InputNumber style={{ width: '100%' }} min={1} max={1095} precision={0} />
          </Form.Item>
        </Col>
        {!isNew && (
          <Col xs={12} md={4}>
            <Form.Item name="status" label="状态">
              <Select options={['在用', '停用'].map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={12}>
          <Form.Item name="hazardFactors" label="主要危险有害因素" tooltip="输入后回车添加一条">
            <Select data-testid="hazard-factors" mode="tags" tokenSeparators={['；', ';']} placeholder="如：储罐泄漏遇点火源（回车添加）" open={false} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="accidentTypes" label="可能导致的事故类型（GB 6441）" rules={[{ required: true, message: '至少选择一种事故类型' }]}>
            <Select data-testid="accident-types" mode="multiple" options={ACCIDENT_TYPES.map((a) => ({ value: a, label: a }))} placeholder="选择事故类型" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        管控措施
      </Divider>
      <Form.List name="measures">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Row gutter={8} key={f.key} align="top">
                <Col xs={8} md={3}>
                  <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: '类别' }]}>
                    <Select aria-label={`措施${i + 1}类别`} options={MEASURE_KINDS.map((k) => ({ value: k, label: k }))} />
                  </Form.Item>
                </Col>
                <Col xs={16} md={12}>
                  <Form.Item name={[f.name, 'content']} rules={[{ required: true, message: '请输入措施内容' }, { min: 2, message: '至少 2 个字' }, { max: 500 }]}>
                    <Input aria-label={`措施${i + 1}内容`} placeholder="措施内容" />
                  </Form.Item>
                </Col>
                <Col xs={8} md={3}>
                  <Form.Item name={[f.name, 'responsibleLevel']} rules={[{ required: true, message: '层级' }]}>
                    <Select aria-label={`措施${i + 1}责任层级`} placeholder="责任层级" options={CONTROL_LEVELS.map((k) => ({ value: k, label: `${k}级` }))} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={4}>
                  <Form.Item name={[f.name, 'responsiblePerson']} rules={[{ max: 50 }]}>
                    <Input aria-label={`措施${i + 1}责任人`} placeholder="责任人" />
                  </Form.Item>
                </Col>
                <Col xs={4} md={2}>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除措施" />
                </Col>
              </Row>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ kind: '管理', responsibleLevel: '车间' })} style={{ marginBottom: 12 }}>
              添加措施
            </Button>
          </>
        )}
      </Form.List>
      <Divider titlePlacement="start" plain>
        应急处置（岗位应急处置卡）
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item name="steps" label="应急处置步骤（每行一步）">
            <Input.TextArea rows={4} placeholder={'立即关闭紧急切断阀\n设置警戒区，疏散人员\n拨打119'} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="cautions" label="注意事项（每行一条）">
            <Input.TextArea rows={4} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="dutyPhone" label="值班/应急电话" tooltip="印在卡片上的单位电话（不要填写个人手机）" rules={[{ pattern: PHONE_RE, message: '电话格式不正确' }]}>
            <Input placeholder="027-83891234" />
          </Form.Item>
        </Col>
      </Row>
      {isNew && rules && (
        <>
          <Divider titlePlacement="start" plain>
            <Checkbox checked={assessNow} onChange={(e) => setAssessNow(e.target.checked)}>
              同时进行风险评价
            </Checkbox>
          </Divider>
          {assessNow && (
            <>
              <RiskCalculator rules={rules.rules} value={calc} onChange={setCalc} />
              <Form.Item label="评价人" style={{ marginTop: 12, maxWidth: 300 }} required>
                <Input value={assessor} onChange={(e) => setAssessor(e.target.value)} aria-label="评价人" />
              </Form.Item>
            </>
          )}
        </>
      )}
      {writable && (
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {isNew ? '保存风险点' : '保存修改'}
          </Button>
        </Space>
      )}
    </Form>
  );

  if (isNew) return <Card title="新增风险点">{basic}</Card>;

  return (
    <Card
      title={
        <Space>
          {p!.name}
          <LevelTag level={p!.assessment?.level} />
          {p!.status !== '在用' && <Tag>{p!.status}</Tag>}
          {p!.reviewDue && <Tag color="red">复评到期</Tag>}
        </Space>
      }
      extra={
        <Space wrap>
          <Button icon={<PrinterOutlined />} onClick={() => navigate(`/risk/points/${id}/card?type=notice`)}>
            风险告知卡
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => navigate(`/risk/points/${id}/card?type=emergency`)}>
            应急处置卡
          </Button>
          <Button icon={<FileWordOutlined />} onClick={() => download(riskApi.cardDocx, { params: { id: id! }, query: { type: 'notice' } }).catch((e: Error) => message.error(e.message))}>
            Word
          </Button>
          <Button onClick={() => navigate(-1)}>返回</Button>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 8 }}>
        <Descriptions.Item label="企业">
          <a onClick={() => navigate(`/enterprises/${p!.enterpriseId}`)}>{p!.enterpriseName}</a>
        </Descriptions.Item>
        <Descriptions.Item label="属地">{p!.regionName}</Descriptions.Item>
        <Descriptions.Item label="编号">{p!.code}</Descriptions.Item>
      </Descriptions>
      <Tabs
        defaultActiveKey={search.get('tab') ?? 'assess'}
        items={[
          { key: 'assess', label: '风险评价', children: <AssessmentPanel point={p!} /> },
          { key: 'basic', label: '辨识与管控措施', children: basic },
          { key: 'history', label: '变更记录', children: <AuditHistory endpoint={riskApi.pointHistory} params={{ id: id! }} /> },
        ]}
      />
    </Card>
  );
}

function AssessmentPanel({ point }: { point: RiskPointView }) {
  const { data: rules } = useRiskRules();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [calc, setCalc] = useState<CalculatorValue>(() => ({ method: (point.assessment?.method ?? 'LEC') as 'LEC' | 'LS', factors: { ...(point.assessment?.factors ?? {}) } }));
  const [assessor, setAssessor] = useState(me?.displayName.split(' ').pop() ?? '');
  const [assessedOn, setAssessedOn] = useState<Dayjs>(dayjs());
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const { data: history } = useApiQuery(riskApi.assessments, { params: { id: point.id } });
  const a = point.assessment;
  const writable = can('risk.write') && point.status === '在用';

  const submit = async () => {
    setBusy(true);
    try {
      const saved = await call(riskApi.assess, { params: { id: point.id }, body: { method: calc.method, factors: calc.factors, assessor, assessedOn: assessedOn.format('YYYY-MM-DD'), note: note || undefined } });
      qc.setQueryData(keyOf(riskApi.getPoint, { params: { id: point.id } }), saved);
      await invalidate(qc, riskApi.assessments, riskApi.listPoints, riskApi.stats);
      message.success(`评价已保存：${saved.assessment?.level}风险`);
      setNote('');
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '保存失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      {a ? (
        <Descriptions bordered size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }} title="当前评价">
          <Descriptions.Item label="风险等级">
            <LevelTag level={a.level} />
          </Descriptions.Item>
          <Descriptions.Item label="评价方法">{a.method === 'LEC' ? 'LEC 作业条件危险性评价法' : 'LS 风险矩阵法'}</Descriptions.Item>
          <Descriptions.Item label="结果">
            {a.method === 'LEC' ? 'D' : 'R'} = {a.score}（{a.band}）
          </Descriptions.Item>
          <Descriptions.Item label="因子">{factorText(a.method, a.factors)}</Descriptions.Item>
          <Descriptions.Item label="评价日期">{a.assessedOn}</Descriptions.Item>
          <Descriptions.Item label="评价人">{a.assessor}</Descriptions.Item>
          <Descriptions.Item label="下次复评">{point.nextReviewOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="管控措施">{point.measureCount} 条</Descriptions.Item>
          <Descriptions.Item label="说明">{a.note ?? '—'}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Alert type="warning" showIcon message="该风险点尚未评价" style={{ marginBottom: 16 }} />
      )}
      {writable && rules && (
        <Card size="small" title={a ? '复评（原评价保留为历史）' : '风险评价'} style={{ marginBottom: 16 }}>
          <RiskCalculator rules={rules.rules} value={calc} onChange={setCalc} />
          <Space wrap style={{ marginTop: 12 }}>
            <Input prefix={<span style={{ color: '#888' }}>评价人</span>} value={assessor} onChange={(e) => setAssessor(e.target.value)} style={{ width: 240 }} aria-label="评价人" />
            <DatePicker value={assessedOn} onChange={(d) => d && setAssessedOn(d)} disabledDate={(d) => d.isAfter(dayjs(), 'day')} allowClear={false} aria-label="评价日期" />
            <Input placeholder="说明（可选）" value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 260 }} />
            <Button type="primary" loading={busy} onClick={submit} data-testid="save-assessment">
              保存评价
            </Button>
          </Space>
        </Card>
      )}
      <Card size="small" title="评价历史">
        {history?.length ? (
          <Table<AssessmentView>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={history}
            columns={[
              { title: '评价日期', dataIndex: 'assessedOn', width: 110 },
              { title: '方法', dataIndex: 'method', width: 60 },
              { title: '因子', width: 150, render: (_: unknown, r) => factorText(r.method, r.factors) },
              { title: '结果', width: 160, render: (_: unknown, r) => `${r.method === 'LEC' ? 'D' : 'R'}=${r.score}（${r.band}）` },
              { title: '等级', width: 90, render: (_: unknown, r) => <LevelTag level={r.level} /> },
              { title: '评价人', dataIndex: 'assessor', width: 120 },
              { title: '分级规则', dataIndex: 'rulesVersion', width: 110, render: (v: number) => rulesVersionLabel(v) },
              { title: '状态', width: 80, render: (_: unknown, r) => (r.active ? <Tag color="green">当前</Tag> : <Tag>历史</Tag>) },
            ]}
          />
        ) : (
          <Empty description="暂无评价" />
        )}
      </Card>
      {can('risk.write') && (
        <div style={{ marginTop: 12 }}>
          <Popconfirm
            title="重新生成二维码后，已张贴的告知卡将无法扫码查看，确定吗？"
            onConfirm={async () => {
              await call(riskApi.rotateCardToken, { params: { id: point.id }, body: {} });
              message.success('已重新生成二维码，请重新打印告知卡');
            }}
          >
            <Button size="small" icon={<ReloadOutlined />}>
              重新生成告知卡二维码
            </Button>
          </Popconfirm>
        </div>
      )}
    </div>
  );
}
