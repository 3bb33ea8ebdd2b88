import { App, Form, InputNumber, Modal } from 'antd';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { monitoringApi } from '../../../shared/contracts/monitoring.api';
import type { SettingsView } from '../../../shared/contracts/monitoring';

/** Retention of the time series and the escalation time (区安委办). */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const { data } = useApiQuery(monitoringApi.getSettings, {});
  const [form] = Form.useForm<SettingsView>();
  const save = useApiMutation(monitoringApi.updateSettings, { invalidates: [monitoringApi.getSettings] });
  return (
    <Modal
      open
      title="监测预警设置"
      onCancel={onClose}
      confirmLoading={save.isPending}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await save.mutateAsync({ body: v });
          message.success('已保存');
          onClose();
        } catch (e) {
          message.error((e as Error).message);
        }
      }}
    >
      {data && (
        <Form form={form} layout="vertical" initialValues={data}>
          <Form.Item name="rawRetentionDays" label="原始数据保存天数" rules={[{ required: true }]} extra="超过的整月分区直接删除（默认 90 天）">
            <InputNumber min={7} max={3650} style={{ width: 200 }} addonAfter="天" />
          </Form.Item>
          <Form.Item name="minuteRetentionDays" label="分钟汇总保存天数" rules={[{ required: true }]} extra="小时汇总长期保存">
            <InputNumber min={30} max={3650} style={{ width: 200 }} addonAfter="天" />
          </Form.Item>
          <Form.Item name="escalateAfterMinutes" label="逐级上报时限" rules={[{ required: true }]} extra="报警未确认，每过该时长上报一级：企业 → 属地街道 → 行业主管部门 → 区安委办">
            <InputNumber min={1} max={1440} style={{ width: 200 }} addonAfter="分钟" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
