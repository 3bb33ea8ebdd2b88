import { useNavigate, useSearchParams } from 'react-router';
import { App, Button, Card, DatePicker, Form, Select, Switch } from 'antd';
import dayjs from 'dayjs';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import { checklistApi } from '../../../shared/contracts/checklist.api';
import { EnterprisePicker as EnterpriseSelect } from '../../components/EnterprisePicker';

/** Arrange an inspection: from a draw's target (its team) or ad hoc; 四不两直 optional. */
export default function InspectionNewPage() {
  const navigate = useNavigate();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const drawTargetId = params.get('drawTargetId') ?? undefined;
  const [form] = Form.useForm();
  const { data: templates } = useApiQuery(checklistApi.listTemplates, { query: {} });
  const { data: people } = useApiQuery(inspectionApi.inspectors, {});
  const create = useApiMutation(inspectionApi.createInspection, { invalidates: ['inspection'] });
  return (
    <Card title={drawTargetId ? '安排双随机检查' : '安排检查'} style={{ maxWidth: 640 }}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ unannounced: false, fromPlan: true, plannedOn: dayjs(), enterpriseId: params.get('enterpriseId') ?? undefined }}
        onFinish={async (v) => {
          try {
            const r = await create.mutateAsync({
              body: { drawTargetId, enterpriseId: drawTargetId ? undefined : v.enterpriseId, checklistVersionId: v.checklistVersionId, unannounced: v.unannounced, fromPlan: drawTargetId ? undefined : v.fromPlan, team: drawTargetId ? undefined : v.team, plannedOn: v.plannedOn?.format('YYYY-MM-DD') },
            });
            navigate(`/inspection/inspections/${r.id}`, { replace: true });
          } catch (e) {
            message.error((e as Error).message);
          }
        }}
      >
        {!drawTargetId && (
          <Form.Item name="enterpriseId" label="被检查企业" rules={[{ required: true, message: '请选择企业' }]}>
            <EnterpriseSelect />
          </Form.Item>
        )}
        <Form.Item name="checklistVersionId" label="检查清单" rules={[{ required: true, message: '请选择检查清单' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(templates ?? []).filter((t) => t.currentVersionId).map((t) => ({ value: t.currentVersionId!, label: `${t.sectorName} · ${t.name}（第${t.currentVersion}版）` }))}
          />
        </Form.Item>
        {!drawTargetId && (
          <Form.Item name="team" label="同行执法人员（与本人合计不少于 2 人）" rules={[{ required: true, message: '请选择同行执法人员' }]}>
            <Select
              mode="multiple"
              options={(people ?? [])
                .filter((p) => p.userId !== me?.id)
                .map((p) => ({ value: p.userId, label: `${p.name}${p.certValid ? '' : '（执法证无效）'}`, disabled: !p.certValid }))}
            />
          </Form.Item>
        )}
        <Form.Item name="plannedOn" label="计划日期">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {!drawTargetId && (
          <Form.Item name="fromPlan" label="按年度执法计划安排的重点检查（计入计划完成进度）" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        <Form.Item name="unannounced" label="四不两直（开始检查前，企业和属地看不到本次检查）" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={create.isPending}>
          确定
        </Button>
      </Form>
    </Card>
  );
}
