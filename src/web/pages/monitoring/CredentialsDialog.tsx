import { Alert, Descriptions, Modal, Typography } from 'antd';
import type { DeviceCredentials } from '../../../shared/contracts/monitoring';

/** The device's credentials, shown this once (the platform keeps only a hash of the secret). */
export function CredentialsDialog({ creds, onClose }: { creds: DeviceCredentials; onClose: () => void }) {
  return (
    <Modal open title="设备接入凭据" onCancel={onClose} onOk={onClose} okText="我已保存" cancelButtonProps={{ style: { display: 'none' } }} width={640}>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="设备密钥只显示这一次，请立即配置到设备或网关。遗失后只能重新生成（旧密钥随即失效）。" />
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="MQTT 用户名（设备编号）">
          <Typography.Text copyable code>
            {creds.username}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="设备密钥">
          <Typography.Text copyable code data-testid="device-secret">
            {creds.secret}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="上报主题">
          <Typography.Text copyable code>
            {creds.topic}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="HTTP 上报">
          <Typography.Text code>POST /api/monitoring/ingest</Typography.Text>（HTTP Basic：设备编号 / 设备密钥）
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        报文示例：{'{"readings":[{"sensor":"GT-101","ts":"2026-12-04T10:00:00+08:00","value":12.5}]}'}
      </Typography.Paragraph>
    </Modal>
  );
}
