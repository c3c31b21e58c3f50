import { serverTableProps } from '../lib/use-list-query';
import { useMemo, useState } from 'react';
import { Button, Card, Col, Drawer, Empty, Row, Table, Tag } from 'antd';
import { ApartmentOutlined, PlusOutlined } from '@ant-design/icons';
import { equipmentApi } from '../api/endpoints';
import type { EquipmentItem } from '../api/types';
import { useAuth, useMe } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitTree } from '../components/UnitTree';
import { useUnitTree } from '../components/unit-tree-context';
import { useIsMobile } from '../lib/use-is-mobile';
import { useRequest } from '../lib/use-request';
import { EquipmentFilterBar } from './equipment/EquipmentFilterBar';
import { EquipmentFormDrawer } from './equipment/EquipmentFormDrawer';
import { equipmentColumns } from './equipment/equipment-columns';
import { hasEquipmentFilters, useEquipmentQuery } from './equipment/equipment-query';
import { useEquipmentCategories } from './equipment/use-categories';

export default function EquipmentPage() {
  const { can } = useAuth();
  const me = useMe();
  const isMobile = useIsMobile();
  const { index } = useUnitTree();
  const [query, update] = useEquipmentQuery();
  const [editing, setEditing] = useState<EquipmentItem | undefined>(undefined);
  const [formOpen, setFormOpen] = useState(false);
  const [treeOpen, setTreeOpen] = useState(false);
  const categories = useEquipmentCategories();

  const canWrite = can('equipment.write');
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
            </>
          ) : (
            registerButton
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
            <Table<EquipmentItem>
              rowKey="id"
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
