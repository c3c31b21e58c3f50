import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { authApi } from '../api/endpoints';
import { useAuth } from '../auth/auth-context';
import { applyServerErrors, validated } from '../lib/form-errors';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** The server's rule: at least 10 characters with both letters and digits. */
export function passwordRuleProblem(value: string): string | null {
  if (value.length < 10) return '新密码至少10位';
  if (!/[A-Za-z]/.test(value) || !/\d/.test(value)) return '新密码须同时包含字母和数字';
  return null;
}

export function ChangePasswordModal({ open, forced = false, onClose }: { open: boolean; forced?: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { message } = App.useApp();
  const { passwordChanged, refresh, logout } = useAuth();

  const submit = async () => {
    const values = await validated(form);
    if (!values) return;
    setSaving(true);
    setError(null);
    try {
      await authApi.changePassword(values.oldPassword, values.newPassword);
      message.success('密码已修改');
      passwordChanged();
      form.resetFields();
      onClose();
      refresh().catch(() => undefined);
    } catch (e) {
      const { message: top } = applyServerErrors(form, e);
      setError(top);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={forced ? '请先修改初始密码' : '修改密码'}
      okText="确认修改"
      cancelText={forced ? '退出登录' : '取消'}
      confirmLoading={saving}
      onOk={submit}
      onCancel={() => {
        if (forced) void logout();
        else onClose();
      }}
      closable={!forced}
      mask={{ closable: !forced }}
      keyboard={!forced}
      destroyOnHidden
    >
      {forced ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="您的密码为初始密码或已被管理员重置，为保障账号安全，请设置新密码后继续使用。"
        />
      ) : null}
      {error ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} /> : null}
      <Form form={form} layout="vertical" requiredMark autoComplete="off" onFinish={submit}>
        <Form.Item name="oldPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          extra="至少10位，须同时包含字母和数字"
          rules={[
            { required: true, message: '请输入新密码' },
            {
              validator: (_, v: string | undefined) => {
                const p = v ? passwordRuleProblem(v) : null;
                return p ? Promise.reject(new Error(p)) : Promise.resolve();
              },
            },
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
            ({ getFieldValue }) => ({
              validator: (_, v: string | undefined) =>
                !v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
