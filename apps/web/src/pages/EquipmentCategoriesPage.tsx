// 装备类别与属性: the catalogue by 分组, each category with its 性能属性; holders of equipment.category create,
// edit (attribute editor in a drawer) and 停用/启用 categories.
import { useMemo, useState, type ReactNode } from 'react';
import { App, Button, Card, Collapse, Empty, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, LockOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { attributeTypeLabel, builtinCategoryDef, EQUIPMENT_GROUPS, type EquipmentAttributeDef } from '@cg/domain';
import { equipmentApi, equipmentCategoriesApi } from '../api/endpoints';
import type { EquipmentCategory } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { PageLoading } from '../components/PageLoading';
import { errorMessage } from '../lib/errors';
import { useRequest } from '../lib/use-request';
import { CategoryFormDrawer } from './equipment/CategoryFormDrawer';
import { forgetCategories } from './equipment/use-categories';

function rangeOf(a: EquipmentAttributeDef): ReactNode {
  if (a.type === 'number') {
    const unit = a.unit ?? '';
    if (a.min !== undefined && a.max !== undefined) return `${a.min}–${a.max}${unit}`;
    if (a.min !== undefined) return `≥ ${a.min}${unit}`;
    if (a.max !== undefined) return `≤ ${a.max}${unit}`;
    return '—';
  }
  if (a.type === 'enum') {
    return (
      <Space size={[0, 4]} wrap>
        {(a.options ?? []).map((o) => (
          <Tag key={o}>{o}</Tag>
        ))}
      </Space>
    );
  }
  if (a.type === 'string' && a.pattern) {
    return (
      <Tooltip title={a.patternMessage}>
        <Typography.Text code>{a.pattern}</Typography.Text>
      </Tooltip>
    );
  }
  return '—';
}

function AttributeTable({ category }: { category: EquipmentCategory }) {
  const locked = new Set(category.builtin ? (builtinCategoryDef(category.code)?.attributes.map((a) => a.key) ?? []) : []);
  if (category.attributes.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该类别没有性能属性" />;
  }
  return (
    <Table<EquipmentAttributeDef>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={category.attributes}
      scroll={{ x: 640 }}
      columns={[
        {
          title: '属性名称',
          dataIndex: 'label',
          render: (label: string, a) => (
            <Space size={4}>
              {label}
              {locked.has(a.key) ? (
                <Tooltip title="内置属性：不能删除或改类型">
                  <LockOutlined style={{ color: 'rgba(0,0,0,0.45)' }} aria-label="内置属性" />
                </Tooltip>
              ) : null}
            </Space>
          ),
        },
        { title: '属性键', dataIndex: 'key', render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
        { title: '类型', dataIndex: 'type', width: 80, render: (t: EquipmentAttributeDef['type']) => attributeTypeLabel(t) },
        { title: '必填', dataIndex: 'required', width: 64, render: (r?: boolean) => (r ? <Tag color="red">必填</Tag> : '—') },
        { title: '单位', dataIndex: 'unit', width: 72, render: (u?: string) => u ?? '—' },
        { title: '范围 / 选项 / 格式', key: 'range', render: (_, a) => rangeOf(a) },
      ]}
    />
  );
}

export default function EquipmentCategoriesPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const canEdit = can('equipment.category');
  const categories = useRequest((signal) => equipmentApi.categories(signal), []);
  const counts = useRequest((signal) => equipmentCategoriesApi.itemCounts(signal), []);
  const [drawer, setDrawer] = useState<{ open: boolean; category?: EquipmentCategory }>({ open: false });
  const [showInactive, setShowInactive] = useState(true);
  const [busy, setBusy] = useState<string | null>(null);

  const countOf = useMemo(() => new Map((counts.data ?? []).map((c) => [c.categoryId, c.itemCount])), [counts.data]);
  const list = categories.data ?? [];
  const inactiveCount = list.filter((c) => !c.active).length;
  const visible = showInactive ? list : list.filter((c) => c.active);

  const replace = (saved: EquipmentCategory) => {
    const exists = list.some((c) => c.id === saved.id);
    categories.setData(exists ? list.map((c) => (c.id === saved.id ? saved : c)) : [...list, saved]);
  };

  const toggleActive = async (c: EquipmentCategory) => {
    setBusy(c.id);
    try {
      const saved = c.active ? await equipmentCategoriesApi.deactivate(c.id) : await equipmentCategoriesApi.activate(c.id);
      forgetCategories();
      replace(saved);
      message.success(saved.active ? `已启用：${saved.name}` : `已停用：${saved.name}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const header = (c: EquipmentCategory) => {
    const n = countOf.get(c.id);
    return (
      <Space size={[8, 4]} wrap style={{ opacity: c.active ? 1 : 0.6 }}>
        <Typography.Text strong>{c.name}</Typography.Text>
        <Typography.Text code>{c.code}</Typography.Text>
        {c.builtin ? <Tag>内置</Tag> : <Tag color="blue">自定义</Tag>}
        {c.perOfficer ? <Tag color="geekblue">按人配发</Tag> : null}
        {c.active ? null : <Tag color="default">已停用</Tag>}
        <Typography.Text type="secondary">
          {c.attributes.length} 个属性{n === undefined ? (counts.data ? ' · 0 件装备' : '') : ` · ${n} 件装备`}
        </Typography.Text>
      </Space>
    );
  };

  const actions = (c: EquipmentCategory) => (
    // Inside the panel header: clicks here (and in the confirm's portal) must not fold the panel.
    <span onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} role="presentation">
      <Space size={0}>
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDrawer({ open: true, category: c })}>
          编辑
        </Button>
        {c.active ? (
          <Popconfirm
            title={`停用“${c.name}”？`}
            description={
              <div style={{ maxWidth: 320 }}>
                停用后不能再登记该类装备（含 Excel 导入）；已登记的
                {countOf.get(c.id) ?? 0} 件装备不受影响，可随时重新启用。
              </div>
            }
            okText="停用"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => toggleActive(c)}
          >
            <Button type="link" size="small" danger icon={<StopOutlined />} loading={busy === c.id}>
              停用
            </Button>
          </Popconfirm>
        ) : (
          <Button type="link" size="small" icon={<UndoOutlined />} loading={busy === c.id} onClick={() => toggleActive(c)}>
            启用
          </Button>
        )}
      </Space>
    </span>
  );

  let body: ReactNode;
  if (categories.error) body = <LoadError error={categories.error} onRetry={categories.reload} />;
  else if (!categories.data) body = <PageLoading />;
  else {
    body = EQUIPMENT_GROUPS.map((group) => {
      const inGroup = visible.filter((c) => c.groupName === group);
      if (inGroup.length === 0) return null;
      return (
        <Card key={group} size="small" title={`${group}（${inGroup.length}）`} style={{ marginBottom: 16 }} data-testid={`group-${group}`}>
          <Collapse
            ghost
            items={inGroup.map((c) => ({
              key: c.id,
              label: header(c),
              extra: canEdit ? actions(c) : undefined,
              children: <AttributeTable category={c} />,
            }))}
          />
        </Card>
      );
    });
  }

  return (
    <>
      <PageHeader
        title="装备类别与属性"
        subTitle="执法装备的类别及各类别的性能属性；内置类别依据《基层中队信息化建设标准》"
        extra={
          <>
            {inactiveCount > 0 ? (
              <Space size={6}>
                <Switch size="small" checked={showInactive} onChange={setShowInactive} aria-label="显示已停用类别" />
                <Typography.Text type="secondary">显示已停用（{inactiveCount}）</Typography.Text>
              </Space>
            ) : null}
            {canEdit ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true })}>
                新增类别
              </Button>
            ) : null}
          </>
        }
      />
      {counts.error ? <LoadError title="装备数量加载失败" error={counts.error} onRetry={counts.reload} /> : null}
      {body}
      {canEdit ? (
        <CategoryFormDrawer
          open={drawer.open}
          category={drawer.category}
          itemCount={drawer.category ? (countOf.get(drawer.category.id) ?? 0) : 0}
          onClose={() => setDrawer({ open: false })}
          onSaved={(saved) => {
            replace(saved);
            setDrawer({ open: false });
          }}
        />
      ) : null}
    </>
  );
}
