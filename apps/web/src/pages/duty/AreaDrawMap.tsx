// 巡查区域绘制: a MapLibre map with no remote resources (as JurisdictionMap) showing the squadron's jurisdiction as the
// base layer; each click adds a vertex of the shift's own area. Vertices are kept open ([[lon, lat], …], not closed);
// the form closes the ring when it saves.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import { ClearOutlined, UndoOutlined } from '@ant-design/icons';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { unitsApi } from '../../api/endpoints';
import type { JurisdictionCollection } from '../../api/types';
import { collectionBBox } from '../../lib/geo';
import { useRequest } from '../../lib/use-request';

maplibregl.setWorkerUrl(workerUrl);

const SHANGHAI: [number, number] = [121.47, 31.23];
const EMPTY: JurisdictionCollection = { type: 'FeatureCollection', features: [] };
const STYLE: maplibregl.StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } }],
};

type Point = [number, number];
type SourceData = Parameters<maplibregl.GeoJSONSource['setData']>[0];
interface DrawFeature {
  type: 'Feature';
  properties: Record<string, string | number>;
  geometry: { type: 'Point'; coordinates: Point } | { type: 'LineString'; coordinates: Point[] } | { type: 'Polygon'; coordinates: Point[][] };
}

/** The drawn vertices as GeoJSON: the polygon (3+ points), its outline so far and the vertices themselves. */
function drawingOf(points: Point[]): SourceData {
  const features: DrawFeature[] = points.map((p, i) => ({ type: 'Feature', properties: { kind: 'vertex', n: i + 1 }, geometry: { type: 'Point', coordinates: p } }));
  if (points.length >= 3) {
    features.push({ type: 'Feature', properties: { kind: 'area' }, geometry: { type: 'Polygon', coordinates: [[...points, points[0]]] } });
  } else if (points.length === 2) {
    features.push({ type: 'Feature', properties: { kind: 'edge' }, geometry: { type: 'LineString', coordinates: points } });
  }
  return { type: 'FeatureCollection', features } as unknown as SourceData;
}

export interface AreaDrawMapProps {
  /** Whose jurisdiction is drawn underneath. */
  unitId: string;
  value: Point[];
  onChange: (points: Point[]) => void;
}

export default function AreaDrawMap({ unitId, value, onChange }: AreaDrawMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const base = useRequest((signal) => unitsApi.geojson(unitId, signal), [unitId]);
  const fitted = useRef(false);

  useEffect(() => {
    if (!containerRef.current) return;
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container: containerRef.current, style: STYLE, center: SHANGHAI, zoom: 12, attributionControl: false,
        dragRotate: false, pitchWithRotate: false, maxPitch: 0, fadeDuration: 0, doubleClickZoom: false,
      });
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
      return;
    }
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.touchZoomRotate.disableRotation();
    map.getCanvas().style.cursor = 'crosshair';
    // Inside a modal the container gets its final size after the opening animation.
    const observer = new ResizeObserver(() => map.resize());
    observer.observe(containerRef.current);

    map.on('load', () => {
      map.addSource('base', { type: 'geojson', data: EMPTY as unknown as SourceData });
      map.addLayer({ id: 'base-fill', type: 'fill', source: 'base', paint: { 'fill-color': '#5b8ff9', 'fill-opacity': 0.12 } });
      map.addLayer({ id: 'base-line', type: 'line', source: 'base', paint: { 'line-color': '#3a4f6f', 'line-width': 1.5, 'line-dasharray': [3, 2] } });
      map.addSource('draw', { type: 'geojson', data: drawingOf(latest.current.value) });
      map.addLayer({ id: 'draw-fill', type: 'fill', source: 'draw', filter: ['==', ['get', 'kind'], 'area'], paint: { 'fill-color': '#fa8c16', 'fill-opacity': 0.3 } });
      map.addLayer({
        id: 'draw-line', type: 'line', source: 'draw', filter: ['!=', ['get', 'kind'], 'vertex'],
        paint: { 'line-color': '#d46b08', 'line-width': 2.5 },
      });
      map.addLayer({
        id: 'draw-vertex', type: 'circle', source: 'draw', filter: ['==', ['get', 'kind'], 'vertex'],
        paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': '#d46b08', 'circle-stroke-width': 2 },
      });
      setReady(true);
    });
    map.on('click', (e) => {
      const { value: points, onChange: change } = latest.current;
      change([...points, [Number(e.lngLat.lng.toFixed(6)), Number(e.lngLat.lat.toFixed(6))]]);
    });
    map.on('error', (e) => console.warn('[map]', e.error?.message ?? e));
    return () => {
      observer.disconnect();
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, []);

  // Base layer, and the first view: the drawn area if any, else the jurisdiction.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !base.data) return;
    (map.getSource('base') as maplibregl.GeoJSONSource | undefined)?.setData(base.data as unknown as SourceData);
    if (fitted.current) return;
    fitted.current = true;
    const own = latest.current.value;
    if (own.length >= 2) {
      const lons = own.map((p) => p[0]);
      const lats = own.map((p) => p[1]);
      map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 40, duration: 0, maxZoom: 16 });
      return;
    }
    const bbox = collectionBBox(base.data);
    if (bbox) map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 24, duration: 0, maxZoom: 16 });
  }, [base.data, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    (map.getSource('draw') as maplibregl.GeoJSONSource | undefined)?.setData(drawingOf(value));
  }, [value, ready]);

  return (
    <div data-testid="area-draw">
      {failure ? (
        <Alert type="warning" showIcon title="地图无法显示" description={`当前浏览器不支持 WebGL（${failure}），无法绘制区域；可改用“中队辖区”。`} />
      ) : (
        <div ref={containerRef} style={{ height: 320, borderRadius: 6, overflow: 'hidden', border: '1px solid #d9d9d9' }} data-testid="area-draw-map" />
      )}
      <Space style={{ marginTop: 8 }} wrap>
        <Button size="small" icon={<UndoOutlined />} disabled={value.length === 0} onClick={() => onChange(value.slice(0, -1))} data-testid="area-undo">
          撤销上一点
        </Button>
        <Button size="small" icon={<ClearOutlined />} disabled={value.length === 0} onClick={() => onChange([])} data-testid="area-clear">清除</Button>
        <Typography.Text type={value.length >= 3 ? 'success' : 'secondary'} data-testid="area-vertex-count">
          {value.length >= 3 ? `已画${value.length}个顶点` : `在地图上点击添加顶点（至少3个，已有${value.length}个）`}
        </Typography.Text>
        {base.error ? <Typography.Text type="warning">辖区底图加载失败</Typography.Text> : null}
      </Space>
    </div>
  );
}
