import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, NotificationOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../lib/auth';
import { ApiError } from '../lib/api';

export function LoginPage() {
  const { me, login, sessionMessage } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (me) return <Navigate to="/" replace />;
  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username, v.password);
      navigate('/');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '登录失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(135deg,#1e3a8a,#2563eb)' }}>
      <Card style={{ width: 380 }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <SafetyCertificateOutlined style={{ fontSize: 40, color: '#1d4ed8' }} />
          <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
            安治 · 安全生产工作平台
          </Typography.Title>
          <Typography.Text type="secondary">东西湖区安全生产委员会</Typography.Text>
        </div>
        {(error || sessionMessage) && <Alert type={error ? 'error' : 'warning'} message={error ?? sessionMessage} showIcon style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus id="username" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          连续 5 次密码错误将锁定账号 15 分钟；30 分钟无操作自动退出。
        </Typography.Paragraph>
        <div style={{ borderTop: '1px solid #f0f0f0', paddingTop: 12, textAlign: 'center' }}>
          <Link to="/public/report">
            <NotificationOutlined /> 我要举报安全生产隐患（12350，无需登录，可匿名）
          </Link>
        </div>
      </Card>
    </div>
  );
}
