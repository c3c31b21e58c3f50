import { Button, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { EquipmentItem } from '../../api/types';
import { dash } from '../../lib/format';
import { DueCell, EquipmentStatusCell, brandModel } from './equipment-ui';

type SortOrder = 'ascend' | 'descend' | null;

function orderOf(sort: string | undefined, field: string): SortOrder {
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
}

/** A person's name, linked to the officer page when the user may open it. */
export function PersonLink({ id, name, linkable }: { id: string | null; name: string | null; linkable: boolean }) {
  if (!name) return <>—</>;
  return id && linkable ? <Link to={`/officers/${id}`}>{name}</Link> : <>{name}</>;
}

interface Options {
  sort?: string;
  canWrite: boolean;
  canReadOfficers: boolean;
  /** Phone widths: no fixed columns and no 操作 column (the 资产编号 opens the item), 类别 under the tag. */
  isMobile?: boolean;
  onEdit: (item: EquipmentItem) => void;
}

/** Columns of the 执法装备库 table; the less important ones are hidden on phones (responsive: md). */
export function equipmentColumns({ sort, canWrite, canReadOfficers, isMobile, onEdit }: Options): TableColumnsType<EquipmentItem> {
  const columns: TableColumnsType<EquipmentItem> = [
    {
      title: '资产编号',
      dataIndex: 'assetTag',
      key: 'assetTag',
      fixed: isMobile ? undefined : 'left',
      width: 170,
      sorter: true,
      sortOrder: orderOf(sort, 'assetTag'),
      render: (v: string, r) => (
        <>
          <Link to={`/equipment/${r.id}`} style={{ fontFamily: 'monospace' }}>
            {v}
          </Link>
          {isMobile ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {r.categoryName} · {r.model}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
    {
      title: '类别',
      dataIndex: 'categoryName',
      key: 'categoryName',
      width: 130,
      sorter: true,
      sortOrder: orderOf(sort, 'categoryName'),
      responsive: ['md'],
    },
    {
      title: '品牌/型号',
      dataIndex: 'model',
      key: 'model',
      width: 170,
      sorter: true,
      sortOrder: orderOf(sort, 'model'),
      ellipsis: true,
      responsive: ['md'],
      render: (_: unknown, r) => brandModel(r.brand, r.model),
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 110,
      sorter: true,
      sortOrder: orderOf(sort, 'status'),
      render: (_: unknown, r) => <EquipmentStatusCell status={r.status} overdue={r.overdue} />,
    },
    {
      title: '持有人',
      dataIndex: 'holderOfficerName',
      key: 'holder',
      width: 90,
      render: (_: unknown, r) => <PersonLink id={r.holderOfficerId} name={r.holderOfficerName} linkable={canReadOfficers} />,
    },
    {
      title: '预计归还',
      dataIndex: 'expectedReturnAt',
      key: 'expectedReturnAt',
      width: 140,
      responsive: ['md'],
      render: (_: unknown, r) => <DueCell value={r.expectedReturnAt} overdue={r.overdue} />,
    },
    {
      title: '责任人',
      dataIndex: 'responsibleOfficerName',
      key: 'responsible',
      width: 90,
      responsive: ['md'],
      render: (_: unknown, r) => (
        <PersonLink id={r.responsibleOfficerId} name={r.responsibleOfficerName} linkable={canReadOfficers} />
      ),
    },
    {
      title: '所属单位',
      dataIndex: 'unitName',
      key: 'unitName',
      width: 150,
      sorter: true,
      sortOrder: orderOf(sort, 'unitName'),
      ellipsis: true,
      responsive: ['md'],
      render: dash,
    },
  ];
  if (isMobile) return columns;
  return [
    ...columns,
    {
      title: '操作',
      key: 'actions',
      width: canWrite ? 110 : 64,
      fixed: 'right',
      render: (_: unknown, r) => (
        <Space size={0}>
          <Link to={`/equipment/${r.id}`}>
            <Button type="link" size="small">
              详情
            </Button>
          </Link>
          {canWrite ? (
            <Button type="link" size="small" onClick={() => onEdit(r)}>
              编辑
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
}
