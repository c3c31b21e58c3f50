import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { isApiError } from '../api/client';
import { useAuth } from '../auth/auth-context';
import { errorMessage } from '../lib/errors';

interface Values {
  username: string;
  password: string;
}

interface LocationState {
  from?: string;
}

export default function LoginPage() {
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as LocationState | null)?.from;
  const [error, setError] = useState<{ message: string; locked: boolean } | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (me) return <Navigate to={from && from !== '/login' ? from : '/'} replace />;

  const onFinish = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (e) {
      setError({ message: errorMessage(e, '登录失败'), locked: isApiError(e) && e.code === 'ACCOUNT_LOCKED' });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="login-page">
      <Card className="login-card" variant="borderless">
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={4} style={{ marginBottom: 4 }}>
            上海城管执法基层中队信息化平台
          </Typography.Title>
          <Typography.Text type="secondary">沪城管执〔2018〕100号 · 基层中队信息化建设标准</Typography.Text>
        </div>
        {from && !error ? (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title="请登录后继续访问" />
        ) : null}
        {error ? (
          <Alert
            type={error.locked ? 'warning' : 'error'}
            showIcon
            style={{ marginBottom: 16 }}
            title={error.message}
            description={error.locked ? '连续输错密码5次后账号锁定15分钟，可稍后再试或联系管理员解锁。' : undefined}
            role="alert"
            data-testid="login-error"
          />
        ) : null}
        <Form<Values> layout="vertical" size="large" onFinish={onFinish} requiredMark={false} autoComplete="on">
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} placeholder="用户名" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} placeholder="密码" autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
