import { serverTableProps } from '../lib/use-list-query';
import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Drawer, Dropdown, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import {
  ApartmentOutlined, FileExcelOutlined, MoreOutlined, PlusOutlined, PrinterOutlined, UploadOutlined,
} from '@ant-design/icons';
import { equipmentApi } from '../api/endpoints';
import type { EquipmentItem } from '../api/types';
import { useAuth, useMe } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitTree } from '../components/UnitTree';
import { useUnitTree } from '../components/unit-tree-context';
import { errorMessage } from '../lib/errors';
import { useIsMobile } from '../lib/use-is-mobile';
import { useRequest } from '../lib/use-request';
import { EquipmentFilterBar } from './equipment/EquipmentFilterBar';
import { EquipmentFormDrawer } from './equipment/EquipmentFormDrawer';
import { EquipmentImportModal } from './equipment/EquipmentImportModal';
import { LabelPrintModal } from './equipment/LabelPrintModal';
import { equipmentColumns } from './equipment/equipment-columns';
import { hasEquipmentFilters, useEquipmentQuery } from './equipment/equipment-query';
import { useEquipmentCategories } from './equipment/use-categories';

export default function EquipmentPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const me = useMe();
  const isMobile = useIsMobile();
  const { index } = useUnitTree();
  const [query, update] = useEquipmentQuery();
  const [editing, setEditing] = useState<EquipmentItem | undefined>(undefined);
  const [formOpen, setFormOpen] = useState(false);
  const [treeOpen, setTreeOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [printOpen, setPrintOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [ticked, setTicked] = useState<{ filterKey: string; ids: string[] }>({ filterKey: '', ids: [] });
  const categories = useEquipmentCategories();

  const canWrite = can('equipment.write');
  const canRead = can('equipment.read');
  // The list's filters and order without paging: what 导出Excel and 打印标签 (nothing ticked) work on.
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  const filterKey = JSON.stringify(filters);
  // Ticks belong to one filter: kept across its pages, dropped when the filter changes.
  const selected = ticked.filterKey === filterKey ? ticked.ids : [];
  const setSelected = (ids: string[]) => setTicked({ filterKey, ids });
  const list = useRequest((signal) => equipmentApi.list(query, signal), [JSON.stringify(query)]);
  const selectedUnit = query.unitId ? index.byId.get(query.unitId) : undefined;

  const columns = useMemo(
    () =>
      equipmentColumns({
        sort: query.sort,
        canWrite,
        canReadOfficers: can('officer.read'),
        isMobile,
        onEdit: (item) => {
          setEditing(item);
          setFormOpen(true);
        },
      }),
    [query.sort, canWrite, can, isMobile],
  );

  const tree = (
    <UnitTree
      value={query.unitId}
      showCounts={false}
      onChange={(id) => {
        update({ unitId: id });
        setTreeOpen(false);
      }}
    />
  );

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await equipmentApi.exportXlsx(filters);
      message.success('已开始下载导出文件');
    } catch (e) {
      message.error(errorMessage(e, '导出失败'));
    } finally {
      setExporting(false);
    }
  };

  const openPrint = () => {
    if (selected.length === 0 && (list.data?.total ?? 0) === 0) {
      message.info('当前筛选条件下没有装备，无标签可打印');
      return;
    }
    setPrintOpen(true);
  };
  const printLabel = selected.length ? `打印标签（已选 ${selected.length} 件）` : '打印标签';

  const registerButton = canWrite ? (
    <Button
      key="new"
      type="primary"
      icon={<PlusOutlined />}
      onClick={() => {
        setEditing(undefined);
        setFormOpen(true);
      }}
    >
      登记装备
    </Button>
  ) : null;

  // A new item goes to the unit picked in the tree; a squadron clerk without a pick registers for the own squadron.
  const own = index.byId.get(me.unit.id);
  const defaultUnitId = query.unitId ?? (own && !own.children?.length ? own.id : undefined);
  const data = list.data;
  const filtered = hasEquipmentFilters(query);

  const moreActions = [
    canRead ? { key: 'print', label: printLabel, onClick: openPrint } : null,
    canRead ? { key: 'export', label: '导出Excel', onClick: () => void exportXlsx() } : null,
    canWrite ? { key: 'import', label: '导入Excel', onClick: () => setImportOpen(true) } : null,
  ].filter((x) => x !== null);
  const desktopActions = (
    <Space wrap>
      {registerButton}
      {canWrite ? (
        <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
          导入Excel
        </Button>
      ) : null}
      {canRead ? (
        <Button icon={<FileExcelOutlined />} loading={exporting} onClick={exportXlsx}>
          导出Excel
        </Button>
      ) : null}
      {canRead ? (
        <Button icon={<PrinterOutlined />} onClick={openPrint}>
          {printLabel}
        </Button>
      ) : null}
    </Space>
  );

  return (
    <>
      <PageHeader
        title="执法装备库"
        subTitle={selectedUnit ? `范围：${selectedUnit.name}（含下级单位）` : '范围：全部可见单位'}
        extra={
          isMobile ? (
            <>
              <Button icon={<ApartmentOutlined />} onClick={() => setTreeOpen(true)}>
                选择单位
              </Button>
              {registerButton}
              {moreActions.length ? (
                <Dropdown trigger={['click']} menu={{ items: moreActions }}>
                  <Button icon={<MoreOutlined />} aria-label="更多操作" />
                </Dropdown>
              ) : null}
            </>
          ) : (
            desktopActions
          )
        }
      />
      <Row gutter={16} wrap={false}>
        {!isMobile ? (
          <Col flex="300px">
            <Card size="small" title="组织机构" styles={{ body: { padding: 12 } }}>
              {tree}
            </Card>
          </Col>
        ) : null}
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Card size="small">
            {selectedUnit ? (
              <Tag closable color="blue" style={{ marginBottom: 12 }} onClose={() => update({ unitId: undefined })}>
                单位：{selectedUnit.name}
              </Tag>
            ) : null}
            <EquipmentFilterBar
              query={query}
              categories={categories.data}
              categoriesLoading={categories.loading}
              onChange={(patch) => update(patch)}
            />
            {categories.error ? <LoadError error={categories.error} onRetry={categories.reload} title="装备类别加载失败" /> : null}
            {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
            {selected.length ? (
              <Space style={{ marginBottom: 12 }}>
                <Typography.Text>已选择 {selected.length} 件（可跨页勾选）</Typography.Text>
                <Button size="small" type="link" onClick={() => setSelected([])}>
                  清除选择
                </Button>
              </Space>
            ) : null}
            <Table<EquipmentItem>
              rowKey="id"
              rowSelection={
                canRead
                  ? {
                      selectedRowKeys: selected,
                      preserveSelectedRowKeys: true,
                      onChange: (keys) => setSelected(keys as string[]),
                    }
                  : undefined
              }
              size="middle"
              columns={columns}
              dataSource={data?.items ?? []}
              loading={list.loading}
              scroll={{ x: 'max-content' }}
              sticky
              locale={{
                emptyText: (
                  <Empty
                    description={
                      query.overdue ? '没有逾期未还的装备' : filtered ? '没有符合筛选条件的装备' : '该范围内暂无登记的装备'
                    }
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                  />
                ),
              }}
              {...serverTableProps<EquipmentItem, typeof query>(query, update, data?.total ?? 0, '件', isMobile)}
            />
          </Card>
        </Col>
      </Row>

      {isMobile ? (
        <Drawer open={treeOpen} onClose={() => setTreeOpen(false)} title="选择单位" placement="left" size="85%">
          {tree}
        </Drawer>
      ) : null}

      <LabelPrintModal
        open={printOpen}
        selection={selected.length ? { ids: selected } : filters}
        count={selected.length || (data?.total ?? 0)}
        onClose={() => setPrintOpen(false)}
      />
      <EquipmentImportModal
        open={importOpen}
        unitId={query.unitId}
        unitName={selectedUnit?.name}
        onClose={() => setImportOpen(false)}
        onImported={() => list.reload()}
      />
      <EquipmentFormDrawer
        open={formOpen}
        item={editing}
        categories={categories.data}
        defaultUnitId={defaultUnitId}
        onClose={() => setFormOpen(false)}
        onSaved={() => {
          setFormOpen(false);
          list.reload();
        }}
      />
    </>
  );
}
