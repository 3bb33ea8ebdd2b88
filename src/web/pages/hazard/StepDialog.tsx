import { App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Button } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { call } from '../../lib/client';
import { HAZARD_STEP_ENDPOINTS } from '../../../shared/contracts/hazard.api';
import { applyServerErrors } from '../../components/forms';
import { GOVERNANCE_PLAN_LABELS, type HazardView } from '../../../shared/contracts/hazard';
import { HAZARD_STEPS, SUPERVISION_LEVELS, STOP_PRODUCTION_KINDS, type HazardStep } from '../../../shared/hazard/workflow';
import { PhotoUpload } from './hazardUi';
import { StandardPicker } from './StandardPicker';

const day = (v: unknown) => (v && dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : v);
const DATE_FIELDS = ['deadline', 'newDeadline', 'signedOn'];
const noPast = (d: dayjs.Dayjs) => d.isBefore(dayjs().startOf('day'));

function Fields({ step, h }: { step: HazardStep; h: HazardView }) {
  const opinion = (label: string, required = true) => (
    <Form.Item name="opinion" label={label} rules={required ? [{ required: true, message: `请填写${label}` }, { min: 2, message: '至少 2 个字' }] : []}>
      <Input.TextArea rows={3} maxLength={1000} />
    </Form.Item>
  );
  switch (step) {
    case 'confirm':
    case 'regrade':
      return (
        <>
          <Form.Item name="grade" label="隐患等级" rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={['一般', '重大'].map((g) => ({ value: g, label: `${g}隐患` }))} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.grade !== b.grade}>{({ getFieldValue }) => getFieldValue('grade') === '重大' && <StandardPicker sector={h.sector} />}</Form.Item>
          {step === 'confirm' && (
            <>
              <Form.Item name="category" label="隐患类别（可修正）">
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="deadline" label="责令整改期限">
                <DatePicker disabledDate={noPast} />
              </Form.Item>
            </>
          )}
          {opinion(step === 'confirm' ? '确认意见' : '定级理由', step === 'regrade')}
        </>
      );
    case 'dismiss':
      return opinion('不予确认的理由');
    case 'reject':
      return opinion('验收不通过的意见');
    case 'accept':
      return (
        <>
          {opinion('验收意见')}
          <Form.Item name="acceptors" label="验收人员">
            <Input maxLength={200} placeholder="如：陈海燕、刘国庆" />
          </Form.Item>
        </>
      );
    case 'fix_on_spot':
      return (
        <>
          <Form.Item name="fixNote" label="整改情况" rules={[{ required: true, message: '请填写整改情况' }, { min: 2 }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="afterPhotoFileIds" label="整改后照片">
            <PhotoUpload />
          </Form.Item>
        </>
      );
    case 'start_rectification':
    case 'update_rectification':
      return (
        <>
          <Form.Item name="measures" label="整改措施" rules={[{ required: true, message: '请填写整改措施' }, { min: 2 }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Space wrap size={16}>
            <Form.Item name="responsiblePerson" label="整改责任人" rules={[{ required: true, message: '请填写责任人' }]}>
              <Input maxLength={50} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="funds" label="整改资金（元）" rules={[{ required: true, message: '请填写整改资金' }]}>
              <InputNumber min={0} precision={2} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="deadline" label="整改时限" rules={[{ required: true, message: '请选择整改时限' }]}>
              <DatePicker disabledDate={noPast} />
            </Form.Item>
          </Space>
          <Form.Item name="emergencyPlan" label="应急预案/防范措施" rules={[{ required: true, message: '请填写整改期间的应急预案或防范措施' }, { min: 2 }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          {step === 'start_rectification' && (
            <Form.List name="actions">
              {(fields, { add, remove }) => (
                <Form.Item label="整改措施分项（可选；全部完成后方可申请验收）">
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" wrap>
                      <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: '请填写分项内容' }]}>
                        <Input placeholder="分项内容" style={{ width: 260 }} maxLength={300} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'responsible']}>
                        <Input placeholder="负责人" style={{ width: 110 }} maxLength={50} />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                    添加分项
                  </Button>
                </Form.Item>
              )}
            </Form.List>
          )}
        </>
      );
    case 'request_acceptance':
      return (
        <>
          <Form.Item name="rectificationNote" label="整改情况" rules={[{ required: true, message: '请填写整改情况' }, { min: 2 }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="afterPhotoFileIds" label="整改后照片" extra={h.photos.some((p) => p.kind === 'after') ? '已有整改后照片，可再补充' : '须上传至少一张整改后照片'}>
            <PhotoUpload />
          </Form.Item>
        </>
      );
    case 'request_extension':
      return (
        <>
          <Form.Item name="newDeadline" label={`延期至（当前期限 ${h.deadline ?? '未定'}）`} rules={[{ required: true, message: '请选择延期后的期限' }]}>
            <DatePicker disabledDate={(d) => !!h.deadline && !d.isAfter(dayjs(h.deadline))} />
          </Form.Item>
          <Form.Item name="reason" label="延期理由" rules={[{ required: true, message: '请填写延期理由' }, { min: 2 }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </>
      );
    case 'decide_extension':
    case 'decide_resume':
      return (
        <>
          <Form.Item name="approve" label="审批结果" rules={[{ required: true, message: '请选择' }]}>
            <Radio.Group options={[{ value: true, label: '同意' }, { value: false, label: '不同意' }]} />
          </Form.Item>
          {opinion('审批意见', step === 'decide_resume')}
        </>
      );
    case 'set_plan':
      return (
        <>
          {(Object.keys(GOVERNANCE_PLAN_LABELS) as (keyof typeof GOVERNANCE_PLAN_LABELS)[]).map((k) => (
            <Form.Item key={k} name={k} label={GOVERNANCE_PLAN_LABELS[k]} rules={[{ required: true, message: `请填写${GOVERNANCE_PLAN_LABELS[k]}` }, { min: 2 }]}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
          ))}
        </>
      );
    case 'supervise':
      return (
        <>
          <Space wrap size={16}>
            <Form.Item name="level" label="督办级别" rules={[{ required: true }]}>
              <Select style={{ width: 120 }} options={SUPERVISION_LEVELS.map((l) => ({ value: l, label: l }))} />
            </Form.Item>
            <Form.Item name="docNo" label="督办文号" rules={[{ required: true, message: '请填写文号' }]}>
              <Input style={{ width: 220 }} placeholder="东安督〔2026〕1号" maxLength={60} />
            </Form.Item>
            <Form.Item name="deadline" label="督办期限" rules={[{ required: true, message: '请选择期限' }]}>
              <DatePicker disabledDate={noPast} />
            </Form.Item>
          </Space>
          <Form.Item name="supervisingUnit" label="督办单位" rules={[{ required: true, message: '请填写督办单位' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Space wrap size={16}>
            <Form.Item name="signedBy" label="签发人" rules={[{ required: true, message: '请填写签发人' }]}>
              <Input style={{ width: 160 }} maxLength={50} />
            </Form.Item>
            <Form.Item name="signedOn" label="签发日期" rules={[{ required: true, message: '请选择签发日期' }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Space>
          <Form.Item name="requirements" label="督办要求">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </>
      );
    case 'order_stop':
      return (
        <>
          <Form.Item name="kind" label="停产范围" rules={[{ required: true }]}>
            <Radio.Group options={STOP_PRODUCTION_KINDS.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
          <Form.Item name="scope" label="停产部位/说明">
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="docNo" label="文书编号">
            <Input maxLength={60} />
          </Form.Item>
        </>
      );
    case 'apply_resume':
      return (
        <>
          <Form.Item name="application" label="复产书面申请（治理方案落实情况、治理项目）" rules={[{ required: true, message: '请填写复产申请' }, { min: 10, message: '至少 10 个字' }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
          <Form.Item name="assessment" label="治理情况评估结论">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="documentFileIds" label="申请书、评估报告等材料">
            <PhotoUpload kind="document" max={10} />
          </Form.Item>
        </>
      );
    default:
      return null;
  }
}

const clause = (h: HazardView) => (h.standardRef ? { standard: h.standardRef.standard, item: h.standardRef.item } : undefined);

function initialValues(step: HazardStep, h: HazardView): Record<string, unknown> {
  const d = (s: string | null | undefined) => (s ? dayjs(s) : undefined);
  switch (step) {
    case 'confirm':
      // The reporter's grading carries over: a 重大 report keeps its 判定标准 and 条款 unless changed.
      return { grade: h.grade, category: h.category, deadline: d(h.deadline), standardRef: clause(h) };
    case 'regrade':
      return { grade: h.grade === '一般' ? '重大' : '一般', standardRef: clause(h) };
    case 'start_rectification':
    case 'update_rectification':
      return { ...h.rectification, deadline: d(h.rectification.deadline ?? h.deadline), version: h.version };
    case 'set_plan':
      return h.plan ?? {};
    case 'supervise':
      return { level: '区级', supervisingUnit: '东西湖区安全生产委员会办公室', deadline: d(h.deadline), signedOn: dayjs() };
    case 'order_stop':
      return { kind: '局部停产' };
    default:
      return {};
  }
}

/** The form of one workflow step in a dialog; on success the caller gets the new view. */
export function StepDialog({ step, h, onClose, onDone }: { step: HazardStep | null; h: HazardView; onClose: () => void; onDone: (v: HazardView) => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  if (!step) return null;
  const submit = async () => {
    const raw = await form.validateFields();
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (v === undefined || v === null || v === '') continue;
      body[k] = DATE_FIELDS.includes(k) ? day(v) : v;
    }
    if (step === 'update_rectification' || step === 'start_rectification') body.version = h.version;
    if (body.grade === '一般') delete body.standardRef;
    try {
      const endpoint = HAZARD_STEP_ENDPOINTS[step];
      if (!endpoint) return;
      // The dialog's fields follow the step's body schema in the contract; the server validates it.
      const v = (await call(endpoint, { params: { id: h.id }, body } as never)) as HazardView;
      message.success(`${HAZARD_STEPS[step].label}：已完成`);
      onDone(v);
    } catch (e) {
      applyServerErrors(form, e, message);
    }
  };
  return (
    <Modal open title={`${HAZARD_STEPS[step].label} — ${h.code}`} onCancel={onClose} onOk={submit} okText="提交" width={680} destroyOnHidden maskClosable={false}>
      <Form form={form} layout="vertical" initialValues={initialValues(step, h)} preserve={false}>
        <Fields step={step} h={h} />
      </Form>
    </Modal>
  );
}
