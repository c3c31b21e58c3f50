import { Button, Space } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { Officer } from '../../api/types';
import { QualityTags } from '../../components/QualityTags';
import { CertCell, OfficerStatusTag } from '../../components/StatusTags';
import { dash } from '../../lib/format';

type SortOrder = 'ascend' | 'descend' | null;

export const SORTABLE = ['name', 'badgeNo', 'hireDate', 'updatedAt', 'unitName'] as const;

function orderOf(sort: string | undefined, field: string): SortOrder {
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
}

interface Options {
  sort?: string;
  canWrite: boolean;
  onEdit: (officer: Officer) => void;
}

/** Columns of the 执法人员库 table; less important ones are hidden on phones (responsive: md). */
export function officerColumns({ sort, canWrite, onEdit }: Options): TableColumnsType<Officer> {
  return [
    {
      title: '姓名',
      dataIndex: 'name',
      key: 'name',
      fixed: 'left',
      width: 96,
      sorter: true,
      sortOrder: orderOf(sort, 'name'),
      render: (v: string, r) => <Link to={`/officers/${r.id}`}>{v}</Link>,
    },
    { title: '性别', dataIndex: 'gender', key: 'gender', width: 64, responsive: ['md'] },
    {
      title: '身份证号',
      dataIndex: 'idNumber',
      key: 'idNumber',
      width: 180,
      responsive: ['lg'],
      render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{dash(v)}</span>,
    },
    {
      title: '执法证号',
      dataIndex: 'badgeNo',
      key: 'badgeNo',
      width: 120,
      sorter: true,
      sortOrder: orderOf(sort, 'badgeNo'),
      responsive: ['md'],
      render: dash,
    },
    { title: '职务', dataIndex: 'position', key: 'position', width: 90 },
    { title: '手机', dataIndex: 'phone', key: 'phone', width: 120, responsive: ['md'], render: dash },
    {
      title: '所属单位',
      dataIndex: 'unitName',
      key: 'unitName',
      width: 160,
      sorter: true,
      sortOrder: orderOf(sort, 'unitName'),
      ellipsis: true,
    },
    {
      title: '人员状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (_: unknown, r) => <OfficerStatusTag status={r.status} />,
    },
    {
      title: '持证状态/证件有效期',
      key: 'cert',
      width: 190,
      responsive: ['md'],
      render: (_: unknown, r) => <CertCell status={r.certStatus} expiry={r.certExpiry} />,
    },
    {
      title: '数据质量',
      key: 'quality',
      width: 150,
      render: (_: unknown, r) => <QualityTags quality={r.quality} />,
    },
    {
      title: '操作',
      key: 'actions',
      width: canWrite ? 110 : 64,
      fixed: 'right',
      render: (_: unknown, r) => (
        <Space size={0}>
          <Link to={`/officers/${r.id}`}>
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
