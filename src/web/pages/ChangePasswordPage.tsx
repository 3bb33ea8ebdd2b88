import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { ApiError } from '../lib/api';
import { useApiMutation } from '../lib/client';
import { useAuth } from '../lib/auth';
import { authApi } from '../../shared/contracts/platform.api';
import { applyServerErrors } from '../components/forms';

export function ChangePasswordPage({ forced }: { forced?: boolean }) {
  const [form] = Form.useForm();
  const { passwordChanged, logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const change = useApiMutation(authApi.changePassword);
  const onFinish = async (v: { oldPassword: string; newPassword: string }) => {
    try {
      await change.mutateAsync({ body: { oldPassword: v.oldPassword, newPassword: v.newPassword } });
      message.success('密码已修改');
      passwordChanged();
      navigate('/');
    } catch (e) {
      if (e instanceof ApiError) applyServerErrors(form, e, message);
    }
  };
  const card = (
    <Card title="修改密码" style={{ maxWidth: 460, margin: forced ? '10vh auto' : undefined }}>
      {forced && <Alert type="warning" showIcon message="首次登录或密码被重置，请先设置新密码" style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item name="oldPassword" label="原密码" rules={[{ required: true, message: '请输入原密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          extra="至少 10 位，包含大写字母、小写字母、数字、符号中的至少 3 类"
          rules={[
            { required: true, message: '请输入新密码' },
            { min: 10, message: '至少 10 位' },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({ validator: (_r, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入不一致'))) }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          保存
        </Button>
        {forced && (
          <Button type="link" onClick={() => void logout()}>
            退出登录
          </Button>
        )}
      </Form>
    </Card>
  );
  return card;
}
