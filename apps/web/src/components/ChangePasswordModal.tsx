import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { authApi } from '../api/endpoints';
import { useAuth } from '../auth/auth-context';
import { applyServerErrors, validated } from '../lib/form-errors';
import { NewPasswordFields } from './NewPasswordFields';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
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
        <NewPasswordFields name="newPassword" label="新密码" />
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
