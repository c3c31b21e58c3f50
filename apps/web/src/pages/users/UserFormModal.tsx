import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { ROLES, ROLE_LABELS, ROLE_RANK, type Role } from '@cg/domain';
import { isApiError } from '../../api/client';
import { usersApi } from '../../api/endpoints';
import type { User, UserCreateInput, UserPatchInput } from '../../api/types';
import { useMe } from '../../auth/auth-context';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { OfficerPicker } from '../../components/OfficerPicker';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { applyServerErrors, validated } from '../../lib/form-errors';

interface Values {
  username?: string;
  displayName: string;
  role?: Role;
  unitId?: string;
  officerId?: string;
  password?: string;
  confirm?: string;
}

/** Roles the caller may grant: never above their own. */
export function grantableRoles(actor: Role): Role[] {
  return ROLES.filter((r) => ROLE_RANK[r] >= ROLE_RANK[actor]);
}

export function UserFormModal({ open, user, onClose, onSaved }: { open: boolean; user?: User; onClose: () => void; onSaved: () => void }) {
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editing = Boolean(user);
  const unitId = Form.useWatch('unitId', form);

  const roleOptions = useMemo(() => {
    const roles = grantableRoles(me.role);
    if (user && !roles.includes(user.role)) roles.unshift(user.role);
    return roles.map((r) => ({ value: r, label: ROLE_LABELS[r], disabled: ROLE_RANK[r] < ROLE_RANK[me.role] }));
  }, [me.role, user]);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(
      user
        ? { username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId, officerId: user.officerId ?? undefined }
        : { unitId: me.unit.id },
    );
  }, [open, user, form, me.unit.id]);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      if (user) {
        const patch: UserPatchInput = { version: user.version };
        if (v.displayName.trim() !== user.displayName) patch.displayName = v.displayName.trim();
        if (v.role && v.role !== user.role) patch.role = v.role;
        if (v.unitId && v.unitId !== user.unitId) patch.unitId = v.unitId;
        if ((v.officerId ?? null) !== (user.officerId ?? null)) patch.officerId = v.officerId ?? null;
        if (Object.keys(patch).length === 1) {
          message.info('没有需要保存的修改');
          onClose();
          return;
        }
        await usersApi.update(user.id, patch);
        message.success('用户信息已保存');
      } else {
        const input: UserCreateInput = {
          username: v.username!.trim(),
          displayName: v.displayName.trim(),
          role: v.role!,
          unitId: v.unitId!,
          password: v.password!,
          ...(v.officerId ? { officerId: v.officerId } : {}),
        };
        await usersApi.create(input);
        message.success(`已创建用户 ${input.username}`);
      }
      onSaved();
    } catch (e) {
      const { message: top, unmatched } = applyServerErrors(form, e);
      setError([top, ...unmatched].join('；') + (isApiError(e) && e.code === 'VERSION_CONFLICT' ? '（请刷新列表后重试）' : ''));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? `编辑用户：${user?.username}` : '新建用户'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      {error ? <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<Values> form={form} name="user" layout="vertical" requiredMark autoComplete="off">
        <Form.Item
          name="username"
          label="用户名"
          rules={[
            { required: true, message: '请输入用户名' },
            { pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: '3–32位字母、数字、下划线、点或短横线' },
          ]}
        >
          <Input disabled={editing} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]} extra="只能授予不高于您本人的角色。">
          <Select options={roleOptions} placeholder="选择角色" disabled={user?.id === me.id} />
        </Form.Item>
        <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
          <UnitTreeSelect />
        </Form.Item>
        <Form.Item name="officerId" label="关联执法人员" extra="可选：账号对应的执法人员记录。">
          <OfficerPicker unitId={unitId} />
        </Form.Item>
        {!editing ? (
          <NewPasswordFields name="password" label="初始密码" extra="至少10位，须同时包含字母和数字；用户首次登录后须修改。" />
        ) : null}
      </Form>
    </Modal>
  );
}
