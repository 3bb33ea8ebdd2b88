import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Spin, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { call, invalidate, keyOf, useApiQuery } from '../../lib/client';
import { orgApi } from '../../../shared/contracts/org.api';
import type { EnterpriseCreate, EnterpriseUpdate } from '../../../shared/contracts/org';
import { useAuth } from '../../lib/auth';
import { useOrg } from '../../lib/reference';
import { applyServerErrors } from '../../components/forms';
import { validateUscc } from '../../../shared/org/uscc';
import { ENTERPRISE_SCALES, ENTERPRISE_STATUSES } from './types';

const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|400-?\d{3}-?\d{4})$/;

/** Create (/enterprises/new) or edit (/enterprises/:id/edit) an enterprise. */
export default function EnterpriseEditPage() {
  const { id } = useParams();
  const isNew = !id;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { me } = useAuth();
  const { data: org } = useOrg();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const { data: e, isLoading } = useApiQuery(orgApi.getEnterprise, id ? { params: { id } } : null);
  const selfEdit = me?.scope.kind === 'enterprise';

  useEffect(() => {
    if (e) form.setFieldsValue({ ...e, establishedOn: e.establishedOn ? dayjs(e.establishedOn) : null, sectors: e.sectors.filter((s) => s !== e.sector), legalRepPhone: e.phonesMasked ? undefined : e.legalRepPhone, safetyManagerPhone: e.phonesMasked ? undefined : e.safetyManagerPhone });
  }, [e, form]);

  if (!isNew && isLoading) return <Spin style={{ margin: 48 }} />;
  const regions = (org?.regions ?? []).filter((r) => r.kind !== 'district' && (me?.scope.kind !== 'region' || r.code.startsWith(me.scope.prefix ?? '')));
  const sectors = org?.sectors ?? [];
  const ownSectors = sectors.filter((s) => me?.scope.kind !== 'sectors' || me.sectors.includes(s.code));

  const onFinish = async (v: Record<string, unknown>) => {
    setBusy(true);
    const body: Record<string, unknown> = { ...v, establishedOn: v.establishedOn ? (v.establishedOn as Dayjs).format('YYYY-MM-DD') : null };
    for (const k of ['legalRepPhone', 'safetyManagerPhone']) if (body[k] === undefined && !isNew && e?.phonesMasked) delete body[k];
    if (!isNew) body.version = e!.version;
    if (selfEdit) for (const k of ['name', 'creditCode', 'sector', 'sectors', 'regionCode', 'scale', 'aboveScale', 'status', 'establishedOn']) delete body[k];
    try {
      // the form's values are checked by the server against the contract (messages name the field)
      const saved = isNew ? await call(orgApi.createEnterprise, { body: body as EnterpriseCreate }) : await call(orgApi.updateEnterprise, { params: { id: id! }, body: body as EnterpriseUpdate });
      message.success(isNew ? '企业已登记' : '已保存');
      await invalidate(qc, orgApi.listEnterprises, orgApi.enterpriseStats, orgApi.enterpriseHistory);
      qc.setQueryData(keyOf(orgApi.getEnterprise, { params: { id: saved.id } }), saved);
      navigate(`/enterprises/${saved.id}`);
    } catch (err) {
      applyServerErrors(form, err, message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={isNew ? '登记企业' : `编辑：${e?.name ?? ''}`}>
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ scale: '小型', status: '在营', aboveScale: false }} scrollToFirstError>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="creditCode"
              label="统一社会信用代码"
              validateFirst
              rules={[
                { required: true, message: '请输入统一社会信用代码' },
                { validator: async (_r, v: string) => {
                    const r = validateUscc(v);
                    if (!r.ok) throw new Error(r.message);
                  } },
              ]}
              normalize={(v: string) => v?.toUpperCase().replace(/\s/g, '')}
            >
              <Input maxLength={18} style={{ fontFamily: 'monospace' }} disabled={selfEdit} placeholder="18 位，如 91420112MA4KXXX10W" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="name" label="企业名称" rules={[{ required: true, message: '请输入企业名称' }, { min: 2, message: '至少 2 个字' }, { max: 200 }]}>
              <Input disabled={selfEdit} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="sector" label="行业领域（决定监管部门）" rules={[{ required: true, message: '请选择行业领域' }]}>
              <Select disabled={selfEdit} showSearch optionFilterProp="label" options={ownSectors.map((s) => ({ value: s.code, label: `${s.name}（${s.departmentName}）` }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="sectors" label="兼营行业领域">
              <Select disabled={selfEdit} mode="multiple" allowClear optionFilterProp="label" options={sectors.map((s) => ({ value: s.code, label: s.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="regionCode" label="属地（街道/管理处）" rules={[{ required: true, message: '请选择属地' }]}>
              <Select disabled={selfEdit} showSearch optionFilterProp="label" options={regions.map((r) => ({ value: r.code, label: r.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="address" label="地址" rules={[{ max: 300 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="lng" label="经度" rules={[{ type: 'number', min: 73, max: 136, message: '经度应在 73–136 之间' }]}>
              <InputNumber style={{ width: '100%' }} step={0.0001} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="lat" label="纬度" rules={[{ type: 'number', min: 3, max: 54, message: '纬度应在 3–54 之间' }]}>
              <InputNumber style={{ width: '100%' }} step={0.0001} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="legalRepName" label="法定代表人">
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="legalRepPhone" label="法定代表人电话" extra={!isNew && e?.phonesMasked ? '已脱敏，不修改请留空' : undefined} rules={[{ pattern: PHONE_RE, message: '手机 11 位，或固话如 027-83891234' }]}>
              <Input placeholder={!isNew && e?.phonesMasked ? e.legalRepPhone ?? '' : ''} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="safetyManagerName" label="安全负责人">
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="safetyManagerPhone" label="安全负责人电话" rules={[{ pattern: PHONE_RE, message: '手机 11 位，或固话如 027-83891234' }]}>
              <Input placeholder={!isNew && e?.phonesMasked ? e.safetyManagerPhone ?? '' : ''} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="scale" label="企业规模">
              <Select disabled={selfEdit} options={ENTERPRISE_SCALES.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="aboveScale" label="规模以上" valuePropName="checked">
              <Switch disabled={selfEdit} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="status" label="经营状态">
              <Select disabled={selfEdit} options={ENTERPRISE_STATUSES.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="employees" label="从业人数" rules={[{ type: 'integer', min: 0, message: '应为不小于 0 的整数' }]}>
              <InputNumber style={{ width: '100%' }} precision={0} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="establishedOn" label="成立日期">
              <DatePicker style={{ width: '100%' }} disabled={selfEdit} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="businessScope" label="经营范围" rules={[{ max: 2000 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            保存
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
