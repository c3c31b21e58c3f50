import { useState } from 'react';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Popconfirm, Result, Space, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckCircleOutlined, EditOutlined, SwapOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../api/client';
import { officersApi } from '../api/endpoints';
import { useAuth } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageLoading } from '../components/PageLoading';
import { QualityTags, QUALITY_KIND_LABELS } from '../components/QualityTags';
import { CertCell, OfficerStatusTag } from '../components/StatusTags';
import { useUnitTree } from '../components/unit-tree-context';
import { errorMessage } from '../lib/errors';
import { dash, fmtDate, fmtDateTime } from '../lib/format';
import { OFFICER_FIELD_LABELS } from '../lib/labels';
import { useIsMobile } from '../lib/use-is-mobile';
import { useRequest } from '../lib/use-request';
import { OfficerKit } from './equipment/OfficerKit';
import { OfficerFormDrawer } from './officers/OfficerFormDrawer';
import { OfficerHistory } from './officers/OfficerHistory';
import { OfficerTransfers } from './officers/OfficerTransfers';
import { TransferModal } from './officers/TransferModal';

export default function OfficerDetailPage() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { reload: reloadTree } = useUnitTree();
  const { data: officer, loading, error, reload, setData } = useRequest((signal) => officersApi.get(id, signal), [id]);
  const [editOpen, setEditOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [transferKey, setTransferKey] = useState(0);
  const [tab, setTab] = useState('history');

  if (loading && !officer) return <PageLoading />;
  if (error && isApiError(error) && error.status === 404) {
    return (
      <Result
        status="404"
        title="人员不存在"
        subTitle="该执法人员记录不存在，或不在您的管辖范围内。"
        extra={<Link to="/officers"><Button type="primary">返回执法人员库</Button></Link>}
      />
    );
  }
  if (error || !officer) return <LoadError error={error} onRetry={reload} />;

  const confirm = async () => {
    setConfirming(true);
    try {
      const updated = await officersApi.confirm(officer.id);
      setData({ ...officer, ...updated });
      message.success('已确认人员信息，本季度状态已更新');
    } catch (e) {
      message.error(errorMessage(e, '确认失败'));
    } finally {
      setConfirming(false);
    }
  };

  const problems = officer.quality?.problems ?? [];
  const canWrite = can('officer.write');

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <Link to="/officers">执法人员库</Link> },
          ...(officer.unitPath ?? []).map((u) => ({ title: <Link to={`/officers?unitId=${u.id}`}>{u.name}</Link> })),
          { title: officer.name },
        ]}
      />
      <Card
        title={
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回" onClick={() => navigate(-1)} />
            <span>{officer.name}</span>
            <OfficerStatusTag status={officer.status} />
            <QualityTags quality={officer.quality} />
          </Space>
        }
        extra={
          <Space wrap>
            {can('duty.read') ? <Link to={`/duty/officers/${officer.id}`}><Button>一人一档</Button></Link> : null}
            {canWrite ? (
              <Button icon={<EditOutlined />} onClick={() => setEditOpen(true)}>
                编辑
              </Button>
            ) : null}
            {can('officer.transfer') ? (
              <Button icon={<SwapOutlined />} onClick={() => setTransferOpen(true)}>
                调动
              </Button>
            ) : null}
            {canWrite ? (
              <Popconfirm
                title="确认信息"
                description="确认该人员信息已核对无误？将记为本季度已复核。"
                okText="确认"
                cancelText="取消"
                onConfirm={confirm}
              >
                <Button type="primary" icon={<CheckCircleOutlined />} loading={confirming}>
                  确认信息
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        }
      >
        <Descriptions
          bordered
          size="small"
          column={isMobile ? 1 : { xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'name', label: '姓名', children: officer.name },
            { key: 'gender', label: '性别', children: dash(officer.gender) },
            { key: 'idNumber', label: '身份证号', children: <span style={{ fontFamily: 'monospace' }}>{dash(officer.idNumber)}</span> },
            { key: 'badgeNo', label: '执法证号', children: dash(officer.badgeNo) },
            { key: 'position', label: '职务', children: dash(officer.position) },
            { key: 'phone', label: '手机', children: dash(officer.phone) },
            {
              key: 'unit',
              label: '所属单位',
              span: isMobile ? 1 : 2,
              children: officer.unitPath?.length ? officer.unitPath.map((u) => u.name).join(' / ') : officer.unitName,
            },
            { key: 'status', label: '人员状态', children: <OfficerStatusTag status={officer.status} /> },
            { key: 'hireDate', label: '入职日期', children: fmtDate(officer.hireDate) },
            { key: 'cert', label: '持证状态', children: <CertCell status={officer.certStatus} expiry={null} /> },
            { key: 'certExpiry', label: '证件有效期', children: fmtDate(officer.certExpiry) },
            { key: 'confirmedAt', label: '最近确认', children: officer.confirmedAt ? fmtDateTime(officer.confirmedAt) : <Tag color="gold">未确认</Tag> },
            { key: 'createdAt', label: '创建时间', children: fmtDateTime(officer.createdAt) },
            { key: 'updatedAt', label: '更新时间', children: fmtDateTime(officer.updatedAt) },
            { key: 'version', label: '版本', children: officer.version },
          ]}
        />
        <div style={{ marginTop: 16 }}>
          {problems.length === 0 ? (
            <Alert type="success" showIcon title="数据质量合格：信息完整、校验通过、本季度已确认。" />
          ) : (
            <Alert
              type="warning"
              showIcon
              title={`数据质量问题（${problems.length}项）`}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {problems.map((p, i) => (
                    <li key={`${p.field}-${i}`}>
                      <Tag color={p.kind === 'invalid' ? 'red' : p.kind === 'missing' ? 'orange' : 'gold'}>{QUALITY_KIND_LABELS[p.kind]}</Tag>
                      <Typography.Text strong>{OFFICER_FIELD_LABELS[p.field] ?? p.field}</Typography.Text>：{p.message}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
        </div>
      </Card>

      <Card style={{ marginTop: 16 }} size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'history', label: '变更历史', children: <OfficerHistory officerId={officer.id} version={officer.version} /> },
            {
              key: 'transfers',
              label: '调动记录',
              children: <OfficerTransfers officerId={officer.id} reloadKey={transferKey} />,
            },
            ...(can('equipment.read')
              ? [{ key: 'kit', label: '持有装备', children: <OfficerKit officerId={officer.id} /> }]
              : []),
          ]}
        />
      </Card>

      <OfficerFormDrawer
        open={editOpen}
        officer={officer}
        onClose={() => setEditOpen(false)}
        onSaved={() => {
          setEditOpen(false);
          reload();
        }}
      />
      <TransferModal
        open={transferOpen}
        officer={officer}
        onClose={() => setTransferOpen(false)}
        onDone={() => {
          setTransferOpen(false);
          setTransferKey((k) => k + 1);
          setTab('transfers');
          reload();
          reloadTree();
        }}
      />
    </>
  );
}

