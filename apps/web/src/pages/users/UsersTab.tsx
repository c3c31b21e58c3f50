import { useState } from 'react';
import { App, Button, Empty, Flex, Input, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd';
import { LockOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ROLES, ROLE_LABELS, type Role } from '@cg/domain';
import { usersApi } from '../../api/endpoints';
import type { User, UserListQuery, UserStatus } from '../../api/types';
import { useAuth, useMe } from '../../auth/auth-context';
import { LoadError } from '../../components/LoadError';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { USER_STATUS_LABELS } from '../../lib/labels';
import { useRequest } from '../../lib/use-request';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserFormModal } from './UserFormModal';

const isLocked = (u: User) => Boolean(u.lockedUntil && dayjs(u.lockedUntil).isAfter(dayjs()));

export function UsersTab() {
  const me = useMe();
  const { can } = useAuth();
  const { message } = App.useApp();
  const canWrite = can('user.write');
  const [query, setQuery] = useState<UserListQuery>({ page: 1, pageSize: 20 });
  const [text, setText] = useState('');
  const [formUser, setFormUser] = useState<User | undefined>(undefined);
  const [formOpen, setFormOpen] = useState(false);
  const [resetUser, setResetUser] = useState<User | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const list = useRequest((signal) => usersApi.list(query, signal), [JSON.stringify(query)]);

  const patch = (p: Partial<UserListQuery>) => setQuery((q) => ({ ...q, ...p, page: 1 }));

  const run = async (u: User, action: () => Promise<unknown>, done: string) => {
    setBusy(u.id);
    try {
      await action();
      message.success(done);
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <Flex wrap gap={8} style={{ marginBottom: 12 }} justify="space-between">
        <Flex wrap gap={8}>
          <Input.Search
            allowClear
            placeholder="用户名 / 姓名"
            aria-label="搜索用户"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => patch({ q: v.trim() || undefined })}
            style={{ width: 200 }}
          />
          <Select<Role>
            allowClear
            placeholder="角色"
            aria-label="角色"
            value={query.role}
            onChange={(v) => patch({ role: v })}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            style={{ width: 140 }}
          />
          <UnitTreeSelect value={query.unitId} onChange={(v) => patch({ unitId: v })} placeholder="所属单位" style={{ width: 200 }} />
          <Select<UserStatus>
            allowClear
            placeholder="状态"
            aria-label="状态"
            value={query.status}
            onChange={(v) => patch({ status: v })}
            options={[
              { value: 'active', label: '启用' },
              { value: 'disabled', label: '停用' },
            ]}
            style={{ width: 100 }}
          />
        </Flex>
        {canWrite ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setFormUser(undefined);
              setFormOpen(true);
            }}
          >
            新建用户
          </Button>
        ) : null}
      </Flex>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<User>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无用户" /> }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (t) => `共 ${t} 个用户`,
        }}
        onChange={(p, _f, sorter, extra) => {
          if (extra.action === 'paginate') setQuery((q) => ({ ...q, page: p.current, pageSize: p.pageSize }));
          if (extra.action === 'sort') {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const field = s?.columnKey ?? s?.field;
            setQuery((q) => ({ ...q, page: 1, sort: s?.order && field ? `${s.order === 'descend' ? '-' : ''}${String(field)}` : undefined }));
          }
        }}
        columns={[
          { title: '用户名', dataIndex: 'username', key: 'username', fixed: 'left', sorter: true },
          { title: '姓名', dataIndex: 'displayName', key: 'displayName' },
          { title: '角色', dataIndex: 'roleLabel', key: 'role', render: (v: string, r) => <Tag color="blue">{v || ROLE_LABELS[r.role]}</Tag> },
          { title: '所属单位', dataIndex: 'unitName', key: 'unitName', responsive: ['md'] },
          {
            title: '状态',
            key: 'status',
            render: (_: unknown, r) => (
              <Space size={4}>
                <Tag color={r.status === 'active' ? 'green' : 'default'}>{USER_STATUS_LABELS[r.status] ?? r.status}</Tag>
                {isLocked(r) ? (
                  <Tooltip title={`锁定至 ${fmtDateTime(r.lockedUntil)}`}>
                    <Tag color="red" icon={<LockOutlined />}>
                      已锁定
                    </Tag>
                  </Tooltip>
                ) : null}
              </Space>
            ),
          },
          { title: '最近登录', dataIndex: 'lastLoginAt', key: 'lastLoginAt', responsive: ['lg'], render: fmtDateTime, sorter: true },
          ...(canWrite
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  fixed: 'right' as const,
                  render: (_: unknown, r: User) => {
                    const self = r.id === me.id;
                    const loading = busy === r.id;
                    return (
                      <Space size={0} wrap>
                        <Button
                          type="link"
                          size="small"
                          onClick={() => {
                            setFormUser(r);
                            setFormOpen(true);
                          }}
                        >
                          编辑
                        </Button>
                        <Button type="link" size="small" onClick={() => setResetUser(r)}>
                          重置密码
                        </Button>
                        {isLocked(r) ? (
                          <Popconfirm title={`解锁用户 ${r.username}？`} okText="解锁" cancelText="取消" onConfirm={() => run(r, () => usersApi.unlock(r.id), '已解锁')}>
                            <Button type="link" size="small" loading={loading}>
                              解锁
                            </Button>
                          </Popconfirm>
                        ) : null}
                        {r.status === 'active' ? (
                          <Popconfirm
                            title={`停用用户 ${r.username}？`}
                            description="停用后该账号将无法登录。"
                            okText="停用"
                            okButtonProps={{ danger: true }}
                            cancelText="取消"
                            disabled={self}
                            onConfirm={() => run(r, () => usersApi.update(r.id, { version: r.version, status: 'disabled' }), '已停用')}
                          >
                            <Button type="link" size="small" danger disabled={self} loading={loading}>
                              停用
                            </Button>
                          </Popconfirm>
                        ) : (
                          <Popconfirm
                            title={`启用用户 ${r.username}？`}
                            okText="启用"
                            cancelText="取消"
                            onConfirm={() => run(r, () => usersApi.update(r.id, { version: r.version, status: 'active' }), '已启用')}
                          >
                            <Button type="link" size="small" loading={loading}>
                              启用
                            </Button>
                          </Popconfirm>
                        )}
                      </Space>
                    );
                  },
                },
              ]
            : []),
        ]}
      />
      <UserFormModal
        open={formOpen}
        user={formUser}
        onClose={() => setFormOpen(false)}
        onSaved={() => {
          setFormOpen(false);
          list.reload();
        }}
      />
      <ResetPasswordModal user={resetUser} onClose={() => setResetUser(null)} />
    </>
  );
}
