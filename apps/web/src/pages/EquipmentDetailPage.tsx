import { useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Descriptions, Result, Space, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, PrinterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../api/client';
import { equipmentApi } from '../api/endpoints';
import { useAuth } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageLoading } from '../components/PageLoading';
import { useUnitTree } from '../components/unit-tree-context';
import { dash, fmtDate, fmtDateTime } from '../lib/format';
import { pathTo } from '../lib/tree';
import { useIsMobile } from '../lib/use-is-mobile';
import { useRequest } from '../lib/use-request';
import { EquipmentFormDrawer } from './equipment/EquipmentFormDrawer';
import { LabelPrintModal } from './equipment/LabelPrintModal';
import { PersonLink } from './equipment/equipment-columns';
import { DueCell, EquipmentStatusCell, fmtAttribute, overdueFor } from './equipment/equipment-ui';
import { LedgerActions } from './equipment/LedgerActions';
import { LedgerTable } from './equipment/LedgerTable';
import { VehicleDevices } from './equipment/VehicleDevices';
import { useEquipmentCategories } from './equipment/use-categories';

export default function EquipmentDetailPage() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { index } = useUnitTree();
  const categories = useEquipmentCategories();
  const { data: item, loading, error, reload } = useRequest((signal) => equipmentApi.get(id, signal), [id]);
  const [ledgerKey, setLedgerKey] = useState(0);
  const ledger = useRequest((signal) => equipmentApi.ledger(id, signal), [id, ledgerKey]);
  const [editOpen, setEditOpen] = useState(false);
  const [printOpen, setPrintOpen] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);

  if (loading && !item) return <PageLoading />;
  if (error && isApiError(error) && error.status === 404) {
    return (
      <Result
        status="404"
        title="装备不存在"
        subTitle="该装备记录不存在，或不在您的管辖范围内。"
        extra={<Link to="/equipment"><Button type="primary">返回执法装备库</Button></Link>}
      />
    );
  }
  if (error || !item) return <LoadError error={error} onRetry={reload} />;

  const refresh = () => {
    reload();
    setLedgerKey((k) => k + 1);
  };
  const canReadOfficers = can('officer.read');
  const category = item.category;
  const defs = category?.attributes ?? [];
  const known = new Set(defs.map((d) => d.key));
  const extraKeys = Object.keys(item.attributes ?? {}).filter((k) => !known.has(k));
  const unitPath = index.byId.has(item.unitId) ? pathTo(index, item.unitId).map((uid) => index.byId.get(uid)!) : [];
  const warrantyOver = item.warrantyUntil ? dayjs(item.warrantyUntil).isBefore(dayjs(), 'day') : false;

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <Link to="/equipment">执法装备库</Link> },
          ...(unitPath.length
            ? unitPath.map((u) => ({ title: <Link to={`/equipment?unitId=${u.id}`}>{u.name}</Link> }))
            : [{ title: <Link to={`/equipment?unitId=${item.unitId}`}>{item.unitName}</Link> }]),
          { title: item.assetTag },
        ]}
      />
      <Card
        title={
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回" onClick={() => navigate(-1)} />
            <span style={{ fontFamily: 'monospace' }}>{item.assetTag}</span>
            <EquipmentStatusCell status={item.status} overdue={item.overdue} />
          </Space>
        }
        extra={
          <Space>
            {can('equipment.read') ? (
              <Button icon={<PrinterOutlined />} onClick={() => setPrintOpen(true)}>
                打印标签
              </Button>
            ) : null}
            {can('equipment.write') ? (
              <Button icon={<EditOutlined />} onClick={() => setEditOpen(true)}>
                编辑
              </Button>
            ) : null}
          </Space>
        }
      >
        {item.overdue && item.expectedReturnAt ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="overdue-alert"
            title={`逾期未还：已逾期 ${overdueFor(item.expectedReturnAt)}`}
            description={`借用人 ${item.holderOfficerName ?? '—'}，预计归还时间 ${fmtDateTime(item.expectedReturnAt)}。请督促归还并办理“归还”登记。`}
          />
        ) : null}
        <Descriptions
          bordered
          size="small"
          column={isMobile ? 1 : { xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'assetTag', label: '资产编号', children: <span style={{ fontFamily: 'monospace' }}>{item.assetTag}</span> },
            { key: 'category', label: '类别', children: `${item.groupName} / ${item.categoryName}` },
            { key: 'status', label: '状态', children: <EquipmentStatusCell status={item.status} overdue={item.overdue} /> },
            { key: 'brand', label: '品牌', children: dash(item.brand) },
            { key: 'model', label: '型号', children: item.model },
            { key: 'serialNo', label: '序列号', children: <span style={{ fontFamily: 'monospace' }}>{dash(item.serialNo)}</span> },
            {
              key: 'holder',
              label: '持有人',
              children: item.holderVehicleId ? (
                <Link to={`/equipment/${item.holderVehicleId}`}>安装于车辆 {item.holderVehiclePlate ?? ''}</Link>
              ) : (
                <PersonLink id={item.holderOfficerId} name={item.holderOfficerName} linkable={canReadOfficers} />
              ),
            },
            { key: 'due', label: '预计归还', children: <DueCell value={item.expectedReturnAt} overdue={item.overdue} /> },
            {
              key: 'responsible',
              label: '责任人',
              children: item.responsibleOfficerName ? (
                <PersonLink id={item.responsibleOfficerId} name={item.responsibleOfficerName} linkable={canReadOfficers} />
              ) : (
                <Typography.Text type="warning">未指定</Typography.Text>
              ),
            },
            {
              key: 'unit',
              label: '所属单位',
              span: isMobile ? 1 : 2,
              children: unitPath.length ? unitPath.map((u) => u.name).join(' / ') : item.unitName,
            },
            { key: 'location', label: '存放位置', children: dash(item.location) },
            { key: 'purchaseDate', label: '购置日期', children: fmtDate(item.purchaseDate) },
            {
              key: 'warrantyUntil',
              label: '保修截止',
              children: warrantyOver ? (
                <Typography.Text type="secondary">{fmtDate(item.warrantyUntil)}（已过保）</Typography.Text>
              ) : (
                fmtDate(item.warrantyUntil)
              ),
            },
            { key: 'version', label: '版本', children: item.version },
            { key: 'notes', label: '备注', span: isMobile ? 1 : 3, children: dash(item.notes) },
            { key: 'createdAt', label: '登记时间', children: fmtDateTime(item.createdAt) },
            { key: 'updatedAt', label: '更新时间', children: fmtDateTime(item.updatedAt) },
          ]}
        />
        <Typography.Title level={5} style={{ marginTop: 20 }}>
          性能属性
        </Typography.Title>
        {defs.length === 0 && extraKeys.length === 0 ? (
          <Typography.Text type="secondary">该类别没有性能属性。</Typography.Text>
        ) : (
          <Descriptions
            bordered
            size="small"
            data-testid="attribute-descriptions"
            column={isMobile ? 1 : { xs: 1, sm: 2, lg: 3 }}
            items={[
              ...defs.map((def) => ({
                key: def.key,
                label: def.label,
                children: fmtAttribute(def, item.attributes?.[def.key]),
              })),
              // Values of attributes the category no longer defines: still shown, by key.
              ...extraKeys.map((k) => ({ key: `extra-${k}`, label: k, children: fmtAttribute(undefined, item.attributes[k]) })),
            ]}
          />
        )}
      </Card>

      {can('equipment.write') ? (
        <Card size="small" title="台账操作" style={{ marginTop: 16 }}>
          {refused ? (
            <Alert
              type="error"
              showIcon
              closable={{ onClose: () => setRefused(null) }}
              role="alert"
              title="操作未执行"
              description={refused}
              style={{ marginBottom: 12 }}
            />
          ) : null}
          <LedgerActions
            item={item}
            onDone={() => {
              setRefused(null);
              refresh();
            }}
            onRefused={(text) => {
              setRefused(text);
              refresh();
            }}
          />
        </Card>
      ) : null}

      {item.categoryCode === 'vehicle' ? <VehicleDevices vehicleId={item.id} /> : null}

      <Card size="small" title="台账" style={{ marginTop: 16 }}>
        {ledger.error ? <LoadError error={ledger.error} onRetry={ledger.reload} title="台账加载失败" /> : null}
        <LedgerTable entries={ledger.data} loading={ledger.loading} />
      </Card>

      <LabelPrintModal open={printOpen} selection={{ ids: [item.id] }} count={1} onClose={() => setPrintOpen(false)} />
      <EquipmentFormDrawer
        open={editOpen}
        item={item}
        categories={categories.data ?? (category ? [category] : undefined)}
        onClose={() => setEditOpen(false)}
        onSaved={() => {
          setEditOpen(false);
          refresh();
        }}
      />
    </>
  );
}
