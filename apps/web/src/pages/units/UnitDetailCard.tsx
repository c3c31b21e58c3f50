import { useState } from 'react';
import { Breadcrumb, Button, Card, Descriptions, Empty, Skeleton, Tag } from 'antd';
import { EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { CHILD_UNIT_KINDS, type UnitKind } from '@cg/domain';
import { Link } from 'react-router';
import { isApiError } from '../../api/client';
import type { UnitDetail } from '../../api/types';
import { LoadError } from '../../components/LoadError';
import { dash } from '../../lib/format';
import { UnitCreateModal } from './UnitCreateModal';
import { UnitEditModal } from './UnitEditModal';

export const GEOMETRY_SOURCE_LABELS = { demo: '演示数据', imported: '已导入' } as const;

interface Props {
  unit: UnitDetail | undefined;
  loading: boolean;
  error: unknown;
  canWrite: boolean;
  canSeeOfficers: boolean;
  compact: boolean;
  onReload: () => void;
  onSaved: () => void;
  onSelect: (id: string) => void;
}

export function UnitDetailCard({ unit, loading, error, canWrite, canSeeOfficers, compact, onReload, onSaved, onSelect }: Props) {
  const [editOpen, setEditOpen] = useState(false);
  const [createOpen, setCreateOpen] = useState(false);

  if (error) {
    return isApiError(error) && error.status === 404 ? (
      <Card size="small"><Empty description="单位不存在或不在您的管辖范围内" /></Card>
    ) : (
      <LoadError error={error} onRetry={onReload} />
    );
  }
  if (!unit) return <Card size="small">{loading ? <Skeleton active /> : <Empty description="请在左侧选择单位" />}</Card>;

  return (
    <Card
      size="small"
      loading={loading && !unit}
      title={
        <span>
          {unit.name} <Tag color="blue">{unit.kind}</Tag>
        </span>
      }
      extra={
        <>
          {canSeeOfficers ? (
            <Link to={`/officers?unitId=${unit.id}`}>
              <Button type="link" icon={<TeamOutlined />}>
                查看人员
              </Button>
            </Link>
          ) : null}
          {canWrite && CHILD_UNIT_KINDS[unit.kind as UnitKind]?.length ? (
            <Button type="link" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
              新增下级单位
            </Button>
          ) : null}
          {canWrite ? (
            <Button icon={<EditOutlined />} onClick={() => setEditOpen(true)}>
              编辑
            </Button>
          ) : null}
        </>
      }
    >
      {unit.ancestors?.length ? (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={[...unit.ancestors.map((a) => ({ title: <a onClick={() => onSelect(a.id)}>{a.name}</a> })), { title: unit.name }]}
        />
      ) : null}
      <Descriptions
        size="small"
        bordered
        column={compact ? 1 : { xs: 1, sm: 2, xl: 3 }}
        items={[
          { key: 'code', label: '单位编码', children: <span style={{ fontFamily: 'monospace' }}>{unit.code}</span> },
          { key: 'kind', label: '单位类型', children: unit.kind },
          { key: 'shortName', label: '简称', children: dash(unit.shortName) },
          { key: 'contactPerson', label: '联系人', children: dash(unit.contactPerson) },
          { key: 'contactPhone', label: '联系电话', children: dash(unit.contactPhone) },
          { key: 'officerCount', label: '执法人员', children: typeof unit.officerCount === 'number' ? `${unit.officerCount} 人` : '—' },
          { key: 'address', label: '地址', span: compact ? 1 : 2, children: dash(unit.address) },
          {
            key: 'geometry',
            label: '辖区边界',
            children: unit.geometrySource ? (
              <Tag color={unit.geometrySource === 'demo' ? 'orange' : 'green'}>{GEOMETRY_SOURCE_LABELS[unit.geometrySource]}</Tag>
            ) : (
              <Tag>未设置</Tag>
            ),
          },
          {
            key: 'center',
            label: '中心点',
            children: unit.centerLon != null && unit.centerLat != null ? `${unit.centerLon.toFixed(5)}, ${unit.centerLat.toFixed(5)}` : '—',
          },
          { key: 'version', label: '版本', children: unit.version },
        ]}
      />
      {canWrite ? (
        <UnitCreateModal
          parent={unit}
          open={createOpen}
          onClose={() => setCreateOpen(false)}
          onCreated={(created) => {
            setCreateOpen(false);
            onSaved();
            onSelect(created.id);
          }}
        />
      ) : null}
      {canWrite ? (
        <UnitEditModal
          unit={unit}
          open={editOpen}
          onClose={() => setEditOpen(false)}
          onSaved={() => {
            setEditOpen(false);
            onSaved();
          }}
        />
      ) : null}
    </Card>
  );
}
