// 辖区地图: MapLibre with NO remote resources (no tiles, glyphs or sprites) — works on offline government
// networks. A plain background plus GeoJSON fill/line layers; names are HTML markers (browser fonts).
import { useEffect, useRef, useState } from 'react';
import { Alert } from 'antd';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import type { JurisdictionCollection } from '../api/types';
import { collectionBBox, labelPoint } from '../lib/geo';

maplibregl.setWorkerUrl(workerUrl);

const SOURCE = 'jurisdictions';
const SHANGHAI: [number, number] = [121.47, 31.23];
const EMPTY: JurisdictionCollection = { type: 'FeatureCollection', features: [] };

/** Higher = more specific; specific units are drawn on top and win clicks. */
const KIND_RANK: Record<string, number> = { 市局: 0, 区局: 1, 直属单位: 1, 大队: 2, 街镇乡中队: 3, 特定区域中队: 3, 机动中队: 3 };
const LABEL_ZOOM = 10.3;

const STYLE: maplibregl.StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } }],
};

export interface JurisdictionMapProps {
  collection: JurisdictionCollection | undefined;
  selectedCode?: string;
  /** A polygon was clicked (select mode). */
  onSelectCode?: (code: string) => void;
  /** 'locate': a click reports the point instead of selecting a unit. */
  mode?: 'select' | 'locate';
  onPick?: (lon: number, lat: number) => void;
  /** Point of the last 定位查询. */
  marker?: [number, number] | null;
  /** A few extra labelled dots (e.g. units recommended for a dispatch); not meant for thousands. */
  points?: MapPoint[];
  /** Zoom in to the marker whenever it moves (e.g. the selected dispatch task). */
  zoomToMarker?: boolean;
}

export interface MapPoint {
  id: string;
  lon: number;
  lat: number;
  color: string;
  title: string;
}

interface LabelEntry {
  marker: maplibregl.Marker;
  el: HTMLDivElement;
  code: string;
  rank: number;
}

export default function JurisdictionMap({
  collection, selectedCode, onSelectCode, mode = 'select', onPick, marker, points, zoomToMarker,
}: JurisdictionMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const labelsRef = useRef<LabelEntry[]>([]);
  const pointRef = useRef<maplibregl.Marker | null>(null);
  const dotsRef = useRef<maplibregl.Marker[]>([]);
  const updateLabelsRef = useRef<() => void>(() => undefined);
  const handlers = useRef({ onSelectCode, onPick, mode });
  handlers.current = { onSelectCode, onPick, mode };
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // Create the map once.
  useEffect(() => {
    if (!containerRef.current) return;
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container: containerRef.current,
        style: STYLE,
        center: SHANGHAI,
        zoom: 8.6,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        maxPitch: 0,
        fadeDuration: 0,
      });
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
      return;
    }
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.touchZoomRotate.disableRotation();

    map.on('load', () => {
      map.addSource(SOURCE, { type: 'geojson', data: EMPTY, promoteId: 'code' });
      map.addLayer({
        id: 'jur-fill',
        type: 'fill',
        source: SOURCE,
        layout: { 'fill-sort-key': ['match', ['get', 'kind'], ['街镇乡中队', '特定区域中队', '机动中队'], 3, '大队', 2, 1] },
        paint: {
          'fill-color': [
            'match', ['get', 'kind'],
            '街镇乡中队', '#5b8ff9',
            '特定区域中队', '#5ad8a6',
            '机动中队', '#f6bd16',
            '大队', '#9270ca',
            '区局', '#e8684a',
            '#9aa8bd',
          ],
          // Containers (市局/区局) stay faint so that their squadrons read clearly on top.
          'fill-opacity': [
            'case',
            ['boolean', ['feature-state', 'hover'], false],
            0.5,
            ['match', ['get', 'kind'], ['街镇乡中队', '特定区域中队', '机动中队'], 0.28, '大队', 0.14, 0.06],
          ],
        },
      });
      map.addLayer({
        id: 'jur-line',
        type: 'line',
        source: SOURCE,
        paint: {
          'line-color': '#3a4f6f',
          'line-width': ['match', ['get', 'kind'], ['市局', '区局', '直属单位'], 1.8, 0.8],
          'line-opacity': 0.8,
        },
      });
      map.addLayer({
        id: 'jur-selected',
        type: 'line',
        source: SOURCE,
        filter: ['==', ['get', 'code'], ''],
        paint: { 'line-color': '#1f5fbf', 'line-width': 3.5 },
      });
      setReady(true);
    });

    let hovered: string | null = null;
    const setHover = (code: string | null) => {
      if (hovered === code) return;
      if (hovered) map.setFeatureState({ source: SOURCE, id: hovered }, { hover: false });
      hovered = code;
      if (code) map.setFeatureState({ source: SOURCE, id: code }, { hover: true });
    };
    const topFeature = (point: maplibregl.PointLike) => {
      const hits = map.queryRenderedFeatures(point, { layers: ['jur-fill'] });
      hits.sort((a, b) => (KIND_RANK[String(b.properties?.kind)] ?? 0) - (KIND_RANK[String(a.properties?.kind)] ?? 0));
      return hits[0];
    };
    map.on('mousemove', (e) => {
      if (!map.getLayer('jur-fill')) return;
      const f = topFeature(e.point);
      setHover(f ? String(f.properties?.code) : null);
      map.getCanvas().style.cursor = handlers.current.mode === 'locate' ? 'crosshair' : f ? 'pointer' : '';
    });
    map.on('mouseout', () => setHover(null));
    map.on('click', (e) => {
      const h = handlers.current;
      if (h.mode === 'locate') {
        h.onPick?.(Number(e.lngLat.lng.toFixed(6)), Number(e.lngLat.lat.toFixed(6)));
        return;
      }
      if (!map.getLayer('jur-fill')) return;
      const f = topFeature(e.point);
      if (f?.properties?.code) h.onSelectCode?.(String(f.properties.code));
    });
    map.on('error', (e) => console.warn('[map]', e.error?.message ?? e));

    // Labels in tiers: a lone container at the lowest tier (the unit whose subtree is shown) gets no label;
    // of the rest, the upper tier is labelled when zoomed out and the deepest tier when zoomed in.
    const updateLabels = () => {
      const zoom = map.getZoom();
      const counts = new Map<number, number>();
      for (const l of labelsRef.current) counts.set(l.rank, (counts.get(l.rank) ?? 0) + 1);
      let tiers = [...counts.keys()].sort((a, b) => a - b);
      if (tiers.length > 1 && counts.get(tiers[0]) === 1) tiers = tiers.slice(1);
      for (const l of labelsRef.current) {
        let visible: boolean;
        if (!tiers.includes(l.rank)) visible = false;
        else if (tiers.length === 1) visible = true;
        else visible = l.rank === tiers[0] ? zoom < LABEL_ZOOM : zoom >= LABEL_ZOOM;
        l.el.style.display = visible ? '' : 'none';
      }
    };
    map.on('zoomend', updateLabels);
    updateLabelsRef.current = updateLabels;

    return () => {
      labelsRef.current.forEach((l) => l.marker.remove());
      labelsRef.current = [];
      pointRef.current?.remove();
      pointRef.current = null;
      dotsRef.current.forEach((m) => m.remove());
      dotsRef.current = [];
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, []);

  // Data: set it, rebuild the name labels, fit the view.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    const fc = collection ?? EMPTY;
    (map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined)?.setData(fc as unknown as Parameters<maplibregl.GeoJSONSource['setData']>[0]);

    labelsRef.current.forEach((l) => l.marker.remove());
    labelsRef.current = fc.features.flatMap((f) => {
      const at = labelPoint(f.geometry);
      if (!at) return [];
      const el = document.createElement('div');
      el.className = 'map-label';
      el.textContent = f.properties.name;
      const m = new maplibregl.Marker({ element: el, anchor: 'center' }).setLngLat(at).addTo(map);
      return [{ marker: m, el, code: f.properties.code, rank: KIND_RANK[f.properties.kind] ?? 0 }];
    });

    const bbox = collectionBBox(fc);
    if (bbox) {
      map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 32, duration: 0, maxZoom: 14 });
    }
    updateLabelsRef.current();
  }, [collection, ready]);

  // Selection outline and label emphasis.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    map.setFilter('jur-selected', ['==', ['get', 'code'], selectedCode ?? '']);
    for (const l of labelsRef.current) l.el.classList.toggle('is-selected', l.code === selectedCode);
    updateLabelsRef.current();
  }, [selectedCode, collection, ready]);

  // 定位查询 marker.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    pointRef.current?.remove();
    pointRef.current = null;
    if (marker) {
      pointRef.current = new maplibregl.Marker({ color: '#cf1322' }).setLngLat(marker).addTo(map);
      if (zoomToMarker) map.jumpTo({ center: marker, zoom: Math.max(map.getZoom(), 14) });
      else if (!map.getBounds().contains(marker)) map.easeTo({ center: marker });
    }
  }, [marker, ready, zoomToMarker]);

  useEffect(() => {
    const map = mapRef.current;
    if (map) map.getCanvas().style.cursor = mode === 'locate' ? 'crosshair' : '';
  }, [mode]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    dotsRef.current.forEach((m) => m.remove());
    dotsRef.current = (points ?? []).map((p) => {
      const el = document.createElement('div');
      el.className = 'map-dot';
      el.style.background = p.color;
      el.title = p.title;
      el.dataset.pointId = p.id;
      const label = document.createElement('span');
      label.textContent = p.title;
      el.appendChild(label);
      return new maplibregl.Marker({ element: el, anchor: 'center' }).setLngLat([p.lon, p.lat]).addTo(map);
    });
  }, [points, ready]);

  if (failure) {
    return (
      <Alert
        type="warning"
        showIcon
        title="地图无法显示"
        description={`当前浏览器不支持 WebGL 或显卡加速被禁用（${failure}）。辖区导入导出和定位查询仍可使用。`}
      />
    );
  }
  return <div ref={containerRef} className="map-container" data-testid="jurisdiction-map" />;
}
