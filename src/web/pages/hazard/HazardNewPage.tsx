import { useNavigate, useSearchParams } from 'react-router';
import { Alert, App, AutoComplete, Button, Card, DatePicker, Form, Input, Radio, Select, Space, Switch } from 'antd';
import dayjs from 'dayjs';
import { useAuth } from '../../lib/auth';
import { applyServerErrors } from '../../components/forms';
import type { HazardCreateBody } from '../../../shared/contracts/hazard';
import { hazardApi } from '../../../shared/contracts/hazard.api';
import { call, useApiQuery } from '../../lib/client';
import { orgApi } from '../../../shared/contracts/org.api';
import { HAZARD_CATEGORIES, nextActorHint } from '../../../shared/hazard/workflow';
import { EnterpriseSelect, PhotoUpload, SOURCE_OPTIONS } from './hazardUi';
import { StandardPicker } from './StandardPicker';

interface FormValues {
  enterpriseId: string;
  source: string;
  place: string;
  category: string;
  grade: '一般' | '重大';
  standardRef?: { standard: string; item: string };
  description: string;
  foundAt?: dayjs.Dayjs;
  photoFileIds?: string[];
  fixedOnSpot?: boolean;
  afterPhotoFileIds?: string[];
  fixNote?: string;
}

/** 登记隐患: the enterprise reports its own self-check findings; government users and inspectors register what they found. */
export default function HazardNewPage() {
  const navigate = useNavigate();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const isEnterprise = me?.scope.kind === 'enterprise';
  const enterpriseId = Form.useWatch('enterpriseId', form) ?? (isEnterprise ? me?.enterpriseId : undefined);
  const grade = Form.useWatch('grade', form);
  const fixed = Form.useWatch('fixedOnSpot', form);
  const { data: ent } = useApiQuery(orgApi.getEnterprise, enterpriseId ? { params: { id: enterpriseId } } : null);

  const submit = async (v: FormValues) => {
    try {
      const body = {
        ...v,
        enterpriseId: isEnterprise ? me!.enterpriseId : v.enterpriseId,
        foundAt: v.foundAt ? v.foundAt.format('YYYY-MM-DDTHH:mm:ssZ') : undefined,
        standardRef: v.grade === '重大' ? v.standardRef : undefined,
        fixedOnSpot: v.grade === '一般' ? !!v.fixedOnSpot : undefined,
        afterPhotoFileIds: v.fixedOnSpot ? v.afterPhotoFileIds : undefined,
        fixNote: v.fixedOnSpot ? v.fixNote : undefined,
      };
      const h = await call(hazardApi.create, { body: body as HazardCreateBody });
      const next = nextActorHint(h, { street: h.regionName, department: `${h.sectorName}行业主管部门` });
      message.success({ content: `已登记隐患 ${h.code}${next ? `。${next}` : ''}`, duration: 6 });
      navigate(`/hazards/${h.id}`, { replace: true });
    } catch (e) {
      applyServerErrors(form, e, message);
    }
  };

  return (
    <Card title="登记隐患" style={{ maxWidth: 860 }}>
      {isEnterprise && <Alert type="info" showIcon style={{ marginBottom: 16 }} message="企业自查发现的隐患在此登记上报（自查自改自报）；能当场整改的一般隐患可选择“立查立改”，附整改后照片直接销号。" />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ grade: '一般', source: isEnterprise ? 'self_check' : me?.roles.includes('inspector') ? 'inspection' : 'inspection', enterpriseId: params.get('enterpriseId') ?? undefined, foundAt: dayjs() }}
      >
        {!isEnterprise && (
          <Form.Item name="enterpriseId" label="生产经营单位" rules={[{ required: true, message: '请选择企业' }]}>
            <EnterpriseSelect />
          </Form.Item>
        )}
        <Space wrap size={16} style={{ display: 'flex' }}>
          <Form.Item name="source" label="隐患来源" rules={[{ required: true }]}>
            <Select style={{ width: 160 }} disabled={isEnterprise} options={SOURCE_OPTIONS.filter((o) => (isEnterprise ? o.value === 'self_check' : o.value !== 'self_check' || !me?.roles.includes('inspector')))} aria-label="隐患来源" />
          </Form.Item>
          <Form.Item name="foundAt" label="发现时间">
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs())} />
          </Form.Item>
          <Form.Item name="grade" label="隐患等级" rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={['一般', '重大'].map((g) => ({ value: g, label: `${g}隐患` }))} />
          </Form.Item>
        </Space>
        {grade === '重大' && <StandardPicker sector={ent?.sector} />}
        <Form.Item name="place" label="部位/场所" rules={[{ required: true, message: '请填写隐患所在部位' }]}>
          <Input style={{ maxWidth: 420 }} maxLength={200} placeholder="如：2 号储罐区、一楼疏散通道" />
        </Form.Item>
        <Form.Item name="category" label="隐患类别" rules={[{ required: true, message: '请选择或填写隐患类别' }]}>
          <AutoComplete style={{ maxWidth: 260 }} options={HAZARD_CATEGORIES.map((c) => ({ value: c }))} placeholder="选择或输入" filterOption={(i, o) => !!o?.value.includes(i)} />
        </Form.Item>
        <Form.Item name="description" label="隐患描述" rules={[{ required: true, message: '请描述隐患情况' }, { min: 2, message: '至少 2 个字' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="隐患的具体情况：在哪里、什么问题、可能导致的后果" />
        </Form.Item>
        <Form.Item name="photoFileIds" label="隐患照片（整改前）">
          <PhotoUpload testId="before-photos" />
        </Form.Item>
        {grade !== '重大' && (
          <Form.Item name="fixedOnSpot" label="立查立改" valuePropName="checked" extra="当场整改完毕的一般隐患：附整改后照片，登记即销号">
            <Switch />
          </Form.Item>
        )}
        {fixed && grade !== '重大' && (
          <>
            <Form.Item name="afterPhotoFileIds" label="整改后照片" rules={[{ required: true, message: '立查立改须上传整改后照片' }]}>
              <PhotoUpload testId="after-photos" />
            </Form.Item>
            <Form.Item name="fixNote" label="整改情况">
              <Input.TextArea rows={2} maxLength={1000} placeholder="当场采取的整改措施" />
            </Form.Item>
          </>
        )}
        <Space>
          <Button type="primary" htmlType="submit">
            {fixed ? '登记并销号' : '登记上报'}
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
