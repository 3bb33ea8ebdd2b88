import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Divider, Empty, Form, Input, InputNumber, Popconfirm, Result, Row, Select, Space, Spin, Table, Tabs, Tag, Upload } from 'antd';
import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { ApiError, call, invalidate, keyOf, useApiQuery } from '../../lib/client';
import { riskApi } from '../../../shared/contracts/risk.api';
import type { BodyIn } from '../../../shared/contracts/endpoint';
import { useAuth } from '../../lib/auth';
import { applyServerErrors } from '../../components/forms';
import { AuditHistory } from '../../components/AuditHistory';
import type { EvaluationView, HazardSourceView } from '../../../shared/contracts/risk';
import { GRADE_RANGES, HAZARD_CLASSES, HAZARD_CLASS_BY_SYMBOL, INSTALLATION_KINDS, TABLE1, TABLE1_BY_ID, UNIT_KINDS, alphaFor, evaluateSource, formatNumber, type SubstanceLineInput } from '../../../shared/risk';
import { EnterprisePicker } from '../../components/EnterprisePicker';
import { GradeTag } from './riskUi';

const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|400-?\d{3}-?\d{4})$/;
const CUSTOM = '__custom';

const substanceOptions = [
  { value: CUSTOM, label: '其他（未列入表1，按表2类别确定临界量）' },
  ...TABLE1.map((s) => ({ value: s.id, label: `${s.name}${s.cas ? `（${s.cas.split('；')[0]}）` : ''} Q=${s.Q}t` })),
];
const classOptions = HAZARD_CLASSES.map((c) => ({ value: c.symbol, label: `${c.symbol} ${c.category}：${c.description}（Q=${c.Q}t，β=${c.beta}）` }));

interface FormLine {
  catalogId?: string;
  name?: string;
  cas?: string;
  symbol?: string;
  quantity?: number | null;
}

function toInput(l: FormLine): SubstanceLineInput {
  return l.catalogId && l.catalogId !== CUSTOM ? { catalogId: l.catalogId, symbol: l.symbol || null, quantity: l.quantity ?? undefined } : { name: l.name, cas: l.cas || null, symbol: l.symbol || null, quantity: l.quantity ?? undefined };
}

/** Register or edit a 重大危险源: substances with live S / R / grade (GB 18218-2018), 包保责任人, installations, filings. */
export default function HazardSourcePage() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { can, me } = useAuth();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const { data: s, isLoading, error } = useApiQuery(riskApi.getSource, !isNew && id ? { params: { id } } : null);
  const writable = can('risk.write');
  const gov = me?.scope.kind !== 'enterprise';
  const watched = Form.useWatch('substances', form) as FormLine[] | undefined;
  const lines = useMemo(() => watched ?? [], [watched]);
  const people = Form.useWatch('peopleExposed', form) as number | null | undefined;

  useEffect(() => {
    if (s) {
      form.setFieldsValue({
        ...s,
        mainPhone: s.phonesMasked ? undefined : s.mainPhone,
        techPhone: s.phonesMasked ? undefined : s.techPhone,
        opPhone: s.phonesMasked ? undefined : s.opPhone,
        substances: (s.substances ?? []).map((x) => (x.catalogId ? { catalogId: x.catalogId, symbol: x.symbol ?? undefined, quantity: x.quantity } : { catalogId: CUSTOM, name: x.name, cas: x.cas ?? undefined, symbol: x.symbol ?? undefined, quantity: x.quantity })),
        installations: (s.installations ?? []).filter((i) => i.status === '在用'),
      });
    }
  }, [s, form]);

  const live = useMemo(() => evaluateSource({ peopleExposed: people ?? undefined, substances: lines.filter(Boolean).map(toInput) }), [lines, people]);

  if (!isNew && isLoading) return <Spin style={{ margin: 48 }} />;
  if (!isNew && (error || !s)) return <Result status="404" title="重大危险源不存在或不在您的管辖范围内" subTitle={error instanceof ApiError ? error.message : undefined} extra={<Button onClick={() => navigate('/risk/sources')}>返回清单</Button>} />;

  const onFinish = async (v: Record<string, unknown>) => {
    setBusy(true);
    const body: Record<string, unknown> = { ...v, substances: ((v.substances as FormLine[]) ?? []).map(toInput) };
    if (!body.code) delete body.code;
    for (const k of ['mainPhone', 'techPhone', 'opPhone']) {
      if (body[k] === undefined || body[k] === '') {
        if (isNew || !s?.phonesMasked) body[k] = null;
        else delete body[k];
      }
    }
    body.installations = ((v.installations as Record<string, unknown>[]) ?? []).map((i) => Object.fromEntries(Object.entries(i).filter(([, x]) => x !== undefined && x !== null)));
    if (isNew) {
      if (!gov) delete body.enterpriseId;
      delete body.status;
    } else {
      delete body.enterpriseId;
      body.version = s!.version;
    }
    try {
      const saved = isNew
        ? await call(riskApi.createSource, { body: body as BodyIn<typeof riskApi.createSource> })
        : await call(riskApi.updateSource, { params: { id: id! }, body: body as BodyIn<typeof riskApi.updateSource> });
      message.success(`已保存：S=${formatNumber(saved.S)}，R=${formatNumber(saved.R)}，${saved.grade ?? '未构成重大危险源'}`);
      await invalidate(qc, riskApi.listSources, riskApi.stats);
      qc.setQueryData(keyOf(riskApi.getSource, { params: { id: saved.id } }), saved);
      if (isNew) navigate(`/risk/sources/${saved.id}`, { replace: true });
    } catch (err) {
      applyServerErrors(form, err, message);
    } finally {
      setBusy(false);
    }
  };

  const liveBox = (
    <Card size="small" style={{ marginBottom: 12, background: '#f8fafc' }} data-testid="source-live">
      {live.ok ? (
        <Space size={24} wrap>
          <span>
            S = Σq/Q = <b>{formatNumber(live.value.S, 3)}</b> {live.value.isMajor ? <Tag color="red">构成重大危险源</Tag> : <Tag>未构成（S＜1）</Tag>}
          </span>
          <span>
            α = <b>{live.value.alpha}</b>（{live.value.peopleExposed} 人）
          </span>
          <span>
            R = α·Σβq/Q = <b>{formatNumber(live.value.R, 2)}</b>
          </span>
          <span>
            等级：<GradeTag grade={live.value.grade} /> {live.value.grade && <span style={{ color: '#888' }}>{GRADE_RANGES[live.value.grade]}</span>}
          </span>
        </Space>
      ) : (
        <span style={{ color: '#b45309' }}>{live.issues[0]?.message ?? '填写物质和数量后实时计算'}</span>
      )}
      <div style={{ fontSize: 12, color: '#888', marginTop: 4 }}>依据 GB 18218-2018：临界量 Q 按表1（或表2），校正系数 β 按表3/表4，α 按表5，分级按表6。保存时由服务器重新计算。</div>
    </Card>
  );

  const editor = (
    <Form
      form={form}
      layout="vertical"
      onFinish={onFinish}
      disabled={!writable}
      initialValues={{ unitKind: '储存单元', peopleExposed: 0, substances: [{ catalogId: undefined, quantity: undefined }], installations: [], enterpriseId: search.get('enterpriseId') ?? undefined }}
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
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请输入名称' }, { min: 2, max: 100 }]}>
            <Input placeholder="如：液氯储存单元、LPG储罐区" />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="code" label="编号" tooltip="留空自动编号">
            <Input placeholder="自动" />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="unitKind" label="单元类型" rules={[{ required: true }]}>
            <Select options={UNIT_KINDS.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="location" label="位置" rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="peopleExposed" label="厂区边界外 500 米范围内常住人口（人）" rules={[{ required: true, message: '请输入人数' }, { type: 'integer', min: 0, max: 1_000_000, message: '0～1000000 的整数' }]} extra={people != null && Number.isInteger(people) && people >= 0 ? `α = ${alphaFor(people)}` : undefined}>
            <InputNumber style={{ width: '100%' }} min={0} precision={0} />
          </Form.Item>
        </Col>
        {!isNew && (
          <Col xs={12} md={4}>
            <Form.Item name="status" label="状态">
              <Select options={['在用', '已核销'].map((k) => ({ value: k, label: k }))} />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Divider titlePlacement="start" plain>
        危险化学品及实际存在量 q
      </Divider>
      <Form.List name="substances">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => {
              const l = lines[i] ?? {};
              const custom = l.catalogId === CUSTOM;
              const cat = l.catalogId && !custom ? TABLE1_BY_ID[l.catalogId] : undefined;
              const res = live.ok ? live.value.lines[i] : undefined;
              return (
                <Row gutter={8} key={f.key} align="top">
                  <Col xs={24} md={7}>
                    <Form.Item name={[f.name, 'catalogId']} rules={[{ required: true, message: '请选择物质' }]}>
                      <Select showSearch optionFilterProp="label" options={substanceOptions} placeholder="选择表1物质或“其他”" aria-label={`第${i + 1}种物质`} />
                    </Form.Item>
                  </Col>
                  {custom && (
                    <>
                      <Col xs={12} md={3}>
                        <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '名称' }]}>
                          <Input placeholder="物质名称" />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={3}>
                        <Form.Item name={[f.name, 'cas']}>
                          <Input placeholder="CAS 号" />
                        </Form.Item>
                      </Col>
                    </>
                  )}
                  <Col xs={24} md={custom ? 5 : 8}>
                    <Form.Item name={[f.name, 'symbol']} rules={custom ? [{ required: true, message: '请选择危险性类别（表2）' }] : []}>
                      <Select
                        allowClear
                        options={classOptions}
                        disabled={!!cat?.toxicGasBeta}
                        placeholder={cat?.toxicGasBeta ? `毒性气体：β=${cat.toxicGasBeta}（表3）` : cat?.symbol ? `默认 ${cat.symbol}（${HAZARD_CLASS_BY_SYMBOL[cat.symbol].category}）` : '危险性类别（表2/表4）'}
                        popupMatchSelectWidth={520}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Form.Item name={[f.name, 'quantity']} rules={[{ required: true, message: '请输入 q' }, { type: 'number', min: 0.000001, max: 10_000_000, message: '0～10000000 吨' }]}>
                      <InputNumber style={{ width: '100%' }} min={0} suffix="t" placeholder="q" aria-label={`第${i + 1}种物质实际存在量`} />
                    </Form.Item>
                  </Col>
                  <Col xs={10} md={custom ? 2 : 5} style={{ paddingTop: 5, fontSize: 12, color: '#475569' }}>
                    {res ? `Q=${res.criticalQuantity}t β=${res.beta} q/Q=${formatNumber(res.ratio, 3)}` : cat ? `Q=${cat.Q}t` : ''}
                  </Col>
                  <Col xs={2} md={1}>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除物质" />
                  </Col>
                </Row>
              );
            })}
            <Button icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 12 }}>
              添加物质
            </Button>
          </>
        )}
      </Form.List>
      {liveBox}
      <Divider titlePlacement="start" plain>
        包保责任人
      </Divider>
      {s?.phonesMasked && <Alert type="info" showIcon message="电话按权限脱敏显示；留空表示不修改。" style={{ marginBottom: 8 }} />}
      <Row gutter={16}>
        {(
          [
            ['main', '主要负责人'],
            ['tech', '技术负责人'],
            ['op', '操作负责人'],
          ] as const
        ).map(([k, label]) => (
          <Col xs={24} md={8} key={k}>
            <Space.Compact block>
              <Form.Item name={`${k}Name`} label={label} rules={[{ required: true, message: `请输入${label}` }, { max: 50 }]} style={{ width: '45%' }}>
                <Input placeholder="姓名" />
              </Form.Item>
              <Form.Item name={`${k}Phone`} label="电话" rules={[{ pattern: PHONE_RE, message: '电话格式不正确' }]} style={{ width: '55%' }}>
                <Input placeholder={s?.phonesMasked ? ((s as unknown as Record<string, string>)[`${k}Phone`] ?? '') : '手机或固话'} />
              </Form.Item>
            </Space.Compact>
          </Col>
        ))}
      </Row>
      <Divider titlePlacement="start" plain>
        设施（储罐、装置、仓库；监测传感器将关联到设施）
      </Divider>
      <Form.List name="installations">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row gutter={8} key={f.key}>
                <Form.Item name={[f.name, 'id']} hidden>
                  <Input />
                </Form.Item>
                <Col xs={6} md={3}>
                  <Form.Item name={[f.name, 'tag']} rules={[{ required: true, message: '位号' }, { max: 40 }]}>
                    <Input placeholder="位号 V-101" />
                  </Form.Item>
                </Col>
                <Col xs={10} md={6}>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '名称' }, { max: 100 }]}>
                    <Input placeholder="名称" />
                  </Form.Item>
                </Col>
                <Col xs={8} md={3}>
                  <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: '类型' }]}>
                    <Select options={INSTALLATION_KINDS.map((k) => ({ value: k, label: k }))} placeholder="类型" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item name={[f.name, 'medium']}>
                    <Input placeholder="介质" />
                  </Form.Item>
                </Col>
                <Col xs={10} md={5}>
                  <Form.Item name={[f.name, 'capacity']}>
                    <Input placeholder="容积/规模" />
                  </Form.Item>
                </Col>
                <Col xs={2} md={1}>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="停用设施" title="移除（设施编号保留，状态改为停用）" />
                </Col>
              </Row>
            ))}
            <div>
              <Button icon={<PlusOutlined />} onClick={() => add({ kind: '储罐' })} style={{ marginBottom: 16 }}>
                添加设施
              </Button>
            </div>
          </>
        )}
      </Form.List>
      {writable && (
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {isNew ? '登记' : '保存（重新辨识分级）'}
          </Button>
          {!isNew && (
            <Popconfirm
              title="按当前数据重新计算并记录一次复核？"
              onConfirm={async () => {
                try {
                  const saved = await call(riskApi.updateSource, { params: { id: id! }, body: { review: true, version: s!.version, reviewNote: '定期复核' } });
                  qc.setQueryData(keyOf(riskApi.getSource, { params: { id: id! } }), saved);
                  message.success('已记录复核');
                } catch (e) {
                  message.error(e instanceof ApiError ? e.message : '复核失败');
                }
              }}
            >
              <Button>记录复核</Button>
            </Popconfirm>
          )}
        </Space>
      )}
    </Form>
  );

  if (isNew) return <Card title="登记重大危险源">{editor}</Card>;
  return (
    <Card
      title={
        <Space>
          {s!.name}
          <GradeTag grade={s!.grade} />
          {s!.status !== '在用' && <Tag>{s!.status}</Tag>}
        </Space>
      }
      extra={<Button onClick={() => navigate(-1)}>返回</Button>}
    >
      <Descriptions size="small" column={{ xs: 1, md: 4 }} style={{ marginBottom: 8 }}>
        <Descriptions.Item label="企业">
          <a onClick={() => navigate(`/enterprises/${s!.enterpriseId}`)}>{s!.enterpriseName}</a>
        </Descriptions.Item>
        <Descriptions.Item label="属地">{s!.regionName}</Descriptions.Item>
        <Descriptions.Item label="S / R">
          {formatNumber(s!.S, 3)} / {formatNumber(s!.R, 2)}
        </Descriptions.Item>
        <Descriptions.Item label="评估日期">{s!.evaluatedOn}</Descriptions.Item>
      </Descriptions>
      <Tabs
        items={[
          { key: 'edit', label: '辨识与分级', children: editor },
          { key: 'filings', label: `备案（${s!.filings?.length ?? 0}）`, children: <Filings source={s!} /> },
          { key: 'evals', label: '评估历史', children: <Evaluations list={s!.evaluations ?? []} /> },
          { key: 'history', label: '变更记录', children: <AuditHistory endpoint={riskApi.sourceHistory} params={{ id: id! }} /> },
        ]}
      />
    </Card>
  );
}

function Evaluations({ list }: { list: EvaluationView[] }) {
  if (!list.length) return <Empty />;
  return (
    <Table<EvaluationView>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={list}
      columns={[
        { title: '日期', dataIndex: 'evaluatedOn', width: 110 },
        { title: '事由', dataIndex: 'reason', width: 80 },
        { title: '人数', dataIndex: 'peopleExposed', width: 70 },
        { title: 'α', dataIndex: 'alpha', width: 60 },
        { title: 'S', dataIndex: 'S', width: 90, render: (v: number) => formatNumber(v, 3) },
        { title: 'R', dataIndex: 'R', width: 90, render: (v: number) => formatNumber(v, 2) },
        { title: '等级', dataIndex: 'grade', width: 80, render: (v: string | null) => <GradeTag grade={v} /> },
        { title: '说明', dataIndex: 'note' },
      ]}
    />
  );
}

function Filings({ source }: { source: HazardSourceView }) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { filingNo: string; filedOn: Dayjs; authority: string; note?: string; file?: { originFileObj: File }[] }) => {
    setBusy(true);
    const fields = { filingNo: v.filingNo, filedOn: v.filedOn.format('YYYY-MM-DD'), authority: v.authority, ...(v.note ? { note: v.note } : {}) };
    try {
      let saved: HazardSourceView;
      const file = v.file?.[0]?.originFileObj;
      if (file) {
        const fd = new FormData();
        for (const [k, x] of Object.entries(fields)) fd.append(k, x);
        fd.append('file', file, file.name);
        saved = await call(riskApi.uploadFiling, { params: { id: source.id }, body: fd });
      } else saved = await call(riskApi.addFiling, { params: { id: source.id }, body: fields });
      qc.setQueryData(keyOf(riskApi.getSource, { params: { id: source.id } }), saved);
      form.resetFields();
      message.success('备案已登记');
    } catch (e) {
      applyServerErrors(form, e, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={source.filings ?? []}
        locale={{ emptyText: '暂无备案记录' }}
        columns={[
          { title: '备案编号', dataIndex: 'filingNo' },
          { title: '备案日期', dataIndex: 'filedOn', width: 110 },
          { title: '备案机关', dataIndex: 'authority' },
          { title: '附件', dataIndex: 'file', render: (f: { id: string; name: string } | null) => (f ? <a href={`/api/files/${f.id}`} target="_blank" rel="noreferrer">{f.name}</a> : '—') },
          { title: '说明', dataIndex: 'note' },
        ]}
      />
      {can('risk.write') && (
        <Card size="small" title="登记备案" style={{ marginTop: 12 }}>
          <Form form={form} layout="inline" onFinish={submit} initialValues={{ authority: '东西湖区应急管理局', filedOn: dayjs() }}>
            <Form.Item name="filingNo" rules={[{ required: true, message: '备案编号' }]}>
              <Input placeholder="备案编号" />
            </Form.Item>
            <Form.Item name="filedOn" rules={[{ required: true, message: '备案日期' }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="authority" rules={[{ required: true, message: '备案机关' }]}>
              <Input placeholder="备案机关" style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="note">
              <Input placeholder="说明" />
            </Form.Item>
            <Form.Item name="file" valuePropName="fileList" getValueFromEvent={(e: { fileList: unknown[] }) => e.fileList.slice(-1)}>
              <Upload beforeUpload={() => false} maxCount={1} accept=".pdf,.jpg,.jpeg,.png,.docx">
                <Button icon={<UploadOutlined />}>附件</Button>
              </Upload>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              登记
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
