import { useEffect, useState } from 'react';
import { Alert, App, Form, Modal } from 'antd';
import { usersApi } from '../../api/endpoints';
import type { User } from '../../api/types';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { applyServerErrors, validated } from '../../lib/form-errors';

export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (user) setError(null);
  }, [user]);

  const submit = async () => {
    if (!user) return;
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      await usersApi.resetPassword(user.id, v.password);
      message.success(`已重置 ${user.displayName} 的密码`);
      onClose();
    } catch (e) {
      setError(applyServerErrors(form, e).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={Boolean(user)}
      title={`重置密码：${user?.displayName ?? ''}（${user?.username ?? ''}）`}
      okText="重置"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="重置后请将新密码告知本人，用户登录后须立即修改。" />
      {error ? <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} name="reset" layout="vertical" autoComplete="off" preserve={false}>
        <NewPasswordFields name="password" label="新密码" />
      </Form>
    </Modal>
  );
}
