import { Avatar, Button, Dropdown, Flex, Space, Tag, Typography } from 'antd';
import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import type { Me } from '../api/types';

interface Props {
  me: Me;
  compact: boolean;
  onChangePassword: () => void;
  onLogout: () => void;
}

/** Current user (name, role, unit) with 修改密码 / 退出登录. */
export function UserBox({ me, compact, onChangePassword, onLogout }: Props) {
  if (compact) {
    return (
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'who', label: `${me.displayName}（${me.roleLabel}）`, disabled: true },
            { key: 'unit', label: me.unit.name, disabled: true },
            { type: 'divider' },
            { key: 'pwd', icon: <KeyOutlined />, label: '修改密码', onClick: onChangePassword },
            { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true, onClick: onLogout },
          ],
        }}
      >
        <Button type="text" aria-label="当前用户" icon={<Avatar size="small" icon={<UserOutlined />} />} />
      </Dropdown>
    );
  }
  return (
    <Flex align="center" gap={12} style={{ flex: 'none' }}>
      <Avatar size="small" icon={<UserOutlined />} />
      <Flex vertical style={{ lineHeight: 1.3 }}>
        <Space size={6}>
          <Typography.Text strong data-testid="current-user-name">
            {me.displayName}
          </Typography.Text>
          <Tag color="blue" style={{ marginInlineEnd: 0 }}>
            {me.roleLabel}
          </Tag>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {me.unit.name}
        </Typography.Text>
      </Flex>
      <Button size="small" icon={<KeyOutlined />} onClick={onChangePassword}>
        修改密码
      </Button>
      <Button size="small" icon={<LogoutOutlined />} onClick={onLogout}>
        退出登录
      </Button>
    </Flex>
  );
}
