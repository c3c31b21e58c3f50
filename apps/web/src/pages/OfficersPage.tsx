import { serverTableProps } from '../lib/use-list-query';
import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Drawer, Dropdown, Empty, Row, Table, Tag } from 'antd';
import { ApartmentOutlined, DownloadOutlined, FileExcelOutlined, MoreOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { officersApi } from '../api/endpoints';
import type { Officer } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitTree } from '../components/UnitTree';
import { useUnitTree } from '../components/unit-tree-context';
import { errorMessage } from '../lib/errors';
import { useIsMobile } from '../lib/use-is-mobile';
import { useRequest } from '../lib/use-request';
import { OfficerFilterBar } from './officers/OfficerFilterBar';
import { OfficerFormDrawer } from './officers/OfficerFormDrawer';
import { OfficerImportModal } from './officers/OfficerImportModal';
import { officerColumns } from './officers/officer-columns';
import { filtersOf, useOfficerQuery } from './officers/officer-query';

export default function OfficersPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const { index, reload: reloadTree } = useUnitTree();
  const [query, update] = useOfficerQuery();
  const [editing, setEditing] = useState<Officer | undefined>(undefined);
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [treeOpen, setTreeOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  const canWrite = can('officer.write');
  const list = useRequest((signal) => officersApi.list(query, signal), [JSON.stringify(query)]);
  const selectedUnit = query.unitId ? index.byId.get(query.unitId) : undefined;

  const columns = useMemo(
    () =>
      officerColumns({
        sort: query.sort,
        canWrite,
        onEdit: (o) => {
          setEditing(o);
          setFormOpen(true);
        },
      }),
    [query.sort, canWrite],
  );

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await officersApi.exportXlsx(filtersOf(query));
      message.success('已开始下载导出文件');
    } catch (e) {
      message.error(errorMessage(e, '导出失败'));
    } finally {
      setExporting(false);
    }
  };

  const downloadTemplate = () => {
    officersApi.template().catch((e: unknown) => message.error(errorMessage(e, '模板下载失败')));
  };

  const tree = (
    <UnitTree
      value={query.unitId}
      onChange={(id) => {
        update({ unitId: id });
        setTreeOpen(false);
      }}
    />
  );

  const actions = [
    canWrite ? (
      <Button
        key="new"
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => {
          setEditing(undefined);
          setFormOpen(true);
        }}
      >
        新增人员
      </Button>
    ) : null,
    can('officer.import') ? (
      <Button key="import" icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
        Excel导入
      </Button>
    ) : null,
    can('officer.export') ? (
      <Button key="export" icon={<FileExcelOutlined />} loading={exporting} onClick={exportXlsx}>
        导出Excel
      </Button>
    ) : null,
    can('officer.import') ? (
      <Button key="template" icon={<DownloadOutlined />} onClick={downloadTemplate}>
        下载模板
      </Button>
    ) : null,
  ].filter(Boolean);

  const data = list.data;
  const filtered = Boolean(query.q || query.status || query.certStatus || query.position || query.quality);

  return (
    <>
      <PageHeader
        title="执法人员库"
        subTitle={selectedUnit ? `范围：${selectedUnit.name}（含下级单位）` : '范围：全部可见单位'}
        extra={
          isMobile ? (
            <>
              <Button icon={<ApartmentOutlined />} onClick={() => setTreeOpen(true)}>
                选择单位
              </Button>
              {actions[0] ?? null}
              {actions.length > 1 ? (
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: [
                      can('officer.import') ? { key: 'import', label: 'Excel导入', onClick: () => setImportOpen(true) } : null,
                      can('officer.export') ? { key: 'export', label: '导出Excel', onClick: () => void exportXlsx() } : null,
                      can('officer.import') ? { key: 'template', label: '下载模板', onClick: downloadTemplate } : null,
                    ].filter((x) => x !== null),
                  }}
                >
                  <Button icon={<MoreOutlined />} aria-label="更多操作" />
                </Dropdown>
              ) : null}
            </>
          ) : (
            actions
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
            <OfficerFilterBar query={query} onChange={(patch) => update(patch)} />
            {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
            <Table<Officer>
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
                    description={filtered ? '没有符合筛选条件的人员' : '该范围内暂无执法人员'}
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                  />
                ),
              }}
              {...serverTableProps<Officer, typeof query>(query, update, data?.total ?? 0, '人', isMobile)}
            />
          </Card>
        </Col>
      </Row>

      {isMobile ? (
        <Drawer open={treeOpen} onClose={() => setTreeOpen(false)} title="选择单位" placement="left" size="85%">
          {tree}
        </Drawer>
      ) : null}

      <OfficerFormDrawer
        open={formOpen}
        officer={editing}
        defaultUnitId={query.unitId}
        onClose={() => setFormOpen(false)}
        onSaved={() => {
          setFormOpen(false);
          list.reload();
          if (!editing) reloadTree();
        }}
      />
      <OfficerImportModal
        open={importOpen}
        unitId={query.unitId}
        unitName={selectedUnit?.name}
        onClose={() => setImportOpen(false)}
        onImported={() => {
          list.reload();
          reloadTree();
        }}
      />
    </>
  );
}
