import { lazy, Suspense, useCallback, useState } from 'react';
import { Alert, Button, Card, Col, Drawer, Flex, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { unitsApi } from '../api/endpoints';
import { useAuth } from '../auth/auth-context';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { UnitTree } from '../components/UnitTree';
import { useUnitTree } from '../components/unit-tree-context';
import { useIsMobile } from '../lib/use-is-mobile';
import { useRequest } from '../lib/use-request';
import { GeoJsonTools } from './units/GeoJsonTools';
import { LocatePanel } from './units/LocatePanel';
import { UnitDetailCard } from './units/UnitDetailCard';

const JurisdictionMap = lazy(() => import('../components/JurisdictionMap'));

const DEMO_NOTICE = '演示辖区边界（生成数据），可导入真实边界替换';

export default function UnitsPage() {
  const { can } = useAuth();
  const isMobile = useIsMobile();
  const { roots, index, reload: reloadTree } = useUnitTree();
  const [params, setParams] = useSearchParams();
  const [treeOpen, setTreeOpen] = useState(false);
  const [pickMode, setPickMode] = useState(false);
  const [picked, setPicked] = useState<[number, number] | null>(null);
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [mapVersion, setMapVersion] = useState(0);

  const selectedId = params.get('id') ?? roots[0]?.id;
  const node = selectedId ? index.byId.get(selectedId) : undefined;
  // Show a squadron together with its neighbours: the map covers the parent's subtree for leaf units.
  const mapRootId = node && !node.children?.length ? (index.parentOf.get(node.id) ?? node.id) : selectedId;
  const mapRoot = mapRootId ? index.byId.get(mapRootId) : undefined;

  const select = useCallback(
    (id: string | undefined) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set('id', id);
        else next.delete('id');
        return next;
      });
      setTreeOpen(false);
    },
    [setParams],
  );

  const detail = useRequest((signal) => unitsApi.get(selectedId!, signal), [selectedId], Boolean(selectedId));
  const geo = useRequest((signal) => unitsApi.geojson(mapRootId, signal), [mapRootId, mapVersion], Boolean(mapRootId));

  const features = geo.data?.features ?? [];
  const hasDemo = features.some((f) => f.properties?.geometrySource === 'demo') || detail.data?.geometrySource === 'demo';
  const withGeometry = features.filter((f) => f.geometry).length;

  const tree = <UnitTree value={selectedId} onChange={(id) => id && select(id)} allowDeselect={false} />;

  return (
    <>
      <PageHeader
        title="组织机构"
        subTitle="单位、辖区边界与定位查询"
        extra={
          isMobile ? (
            <Button icon={<ApartmentOutlined />} onClick={() => setTreeOpen(true)}>
              选择单位
            </Button>
          ) : null
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
          <Flex vertical gap={16}>
            <UnitDetailCard
              unit={detail.data}
              loading={detail.loading}
              error={detail.error}
              canWrite={can('unit.write')}
              canSeeOfficers={can('officer.read')}
              compact={isMobile}
              onReload={detail.reload}
              onSaved={() => {
                detail.reload();
                reloadTree();
              }}
              onSelect={select}
            />
            <Card
              size="small"
              title={
                <Space wrap>
                  <span>辖区地图</span>
                  {mapRoot ? <Typography.Text type="secondary">{mapRoot.name}</Typography.Text> : null}
                  {geo.data ? <Tag>{withGeometry} 个辖区</Tag> : null}
                </Space>
              }
              extra={
                <GeoJsonTools
                  rootId={selectedId}
                  rootCode={node?.code}
                  canWrite={can('unit.write')}
                  onImported={() => {
                    setMapVersion((v) => v + 1);
                    detail.reload();
                  }}
                />
              }
            >
              {hasDemo ? (
                <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={DEMO_NOTICE} data-testid="demo-geometry-notice" />
              ) : null}
              {geo.error ? <LoadError error={geo.error} onRetry={geo.reload} title="辖区边界加载失败" /> : null}
              {geo.data && withGeometry === 0 ? (
                <Alert type="info" showIcon style={{ marginBottom: 12 }} title="该范围内尚无辖区边界，可通过“导入GeoJSON”导入。" />
              ) : null}
              <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 460 }} />}>
                <JurisdictionMap
                  collection={geo.data}
                  selectedCode={node?.code}
                  onSelectCode={(code) => {
                    const hit = index.byCode.get(code);
                    if (hit) select(hit.id);
                  }}
                  mode={pickMode ? 'locate' : 'select'}
                  onPick={(lon, lat) => setPicked([lon, lat])}
                  marker={point}
                />
              </Suspense>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
                {pickMode ? '点选模式：点击地图查询该位置所属中队。' : '点击辖区可选中对应单位。'}地图不加载任何在线底图。
              </Typography.Text>
            </Card>
            <Card size="small" title="定位查询">
              <LocatePanel
                picked={picked}
                pickMode={pickMode}
                onPickModeChange={setPickMode}
                onLocated={setPoint}
                onSelectUnit={(id) => select(id)}
              />
            </Card>
          </Flex>
        </Col>
      </Row>
      {isMobile ? (
        <Drawer open={treeOpen} onClose={() => setTreeOpen(false)} title="选择单位" placement="left" size="85%">
          {tree}
        </Drawer>
      ) : null}
    </>
  );
}
