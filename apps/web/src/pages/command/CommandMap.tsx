// The 勤务指挥室 map: MapLibre with no remote resources by default (our jurisdiction polygons as the base; an optional
// raster tile URL for 天地图/高德 in production via VITE_MAP_TILE_URL). Vehicles and officers are ONE GeoJSON source
// drawn by circle and symbol layers — never a DOM marker per unit — and clustered below street zoom (a city of 20k units
// is a few hundred bubbles to draw, not 20k circles). Text is drawn by the browser's own fonts (no glyphs URL), so labels
// work offline too.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Alert } from 'antd';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import type { JurisdictionCollection, TrackPoint } from '../../api/types';
import { collectionBBox, labelPoint } from '../../lib/geo';
import { STATUS_COLORS, type PositionCollection, type PositionDiff } from './position-store';

maplibregl.setWorkerUrl(workerUrl);

const SHANGHAI: [number, number] = [121.47, 31.23];
const EMPTY = { type: 'FeatureCollection' as const, features: [] };
/** Comma-separated tile URL(s) with {z}/{x}/{y}; unset = no online base map. */
const TILE_URL = (import.meta.env.VITE_MAP_TILE_URL as string | undefined)?.trim() ?? '';
const TILE_ATTRIBUTION = (import.meta.env.VITE_MAP_TILE_ATTRIBUTION as string | undefined) ?? '';
const FONT = ['sans-serif'];

type SourceData = Parameters<maplibregl.GeoJSONSource['setData']>[0];
interface FeatureCollectionLike { type: 'FeatureCollection'; features: unknown[] }
const setSource = (map: maplibregl.Map, id: string, data: FeatureCollectionLike) =>
  void (map.getSource(id) as maplibregl.GeoJSONSource | undefined)?.setData(data as unknown as SourceData);

const statusColor: maplibregl.ExpressionSpecification = [
  'match', ['get', 'status'], 'moving', STATUS_COLORS.moving, 'stopped', STATUS_COLORS.stopped, STATUS_COLORS.offline,
];
/** Zoom up to which nearby units are drawn as one bubble with their count (from 13 on, every unit on its own). */
const CLUSTER_MAX_ZOOM = 12;
const isCluster: maplibregl.ExpressionSpecification = ['has', 'point_count'];
const notCluster: maplibregl.FilterSpecification = ['!', ['has', 'point_count']];
/** A bubble takes the colour of most of its units: 行驶中 if at least half move, 离线 if all are offline, else 静止. */
const clusterColor: maplibregl.ExpressionSpecification = [
  'case',
  ['>=', ['*', 2, ['get', 'moving']], ['get', 'point_count']], STATUS_COLORS.moving,
  ['==', ['get', 'offline'], ['get', 'point_count']], STATUS_COLORS.offline,
  STATUS_COLORS.stopped,
];
const countOf = (status: string): maplibregl.ExpressionSpecification => ['case', ['==', ['get', 'status'], status], 1, 0];

function buildStyle(): maplibregl.StyleSpecification {
  const style: maplibregl.StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } }],
  };
  if (TILE_URL) {
    style.sources.base = {
      type: 'raster', tiles: TILE_URL.split(',').map((s) => s.trim()).filter(Boolean), tileSize: 256,
      attribution: TILE_ATTRIBUTION || undefined, maxzoom: 18,
    };
    style.layers.push({ id: 'base', type: 'raster', source: 'base' });
  }
  return style;
}

/** A white pictogram on a transparent square, for the symbol layer over the coloured circle. */
function pictogram(kind: 'vehicle' | 'person'): ImageData | null {
  const size = 32;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.fillStyle = '#fff';
  if (kind === 'vehicle') {
    g.beginPath();
    g.roundRect(7, 11, 18, 9, 2);
    g.fill();
    g.beginPath();
    g.roundRect(10, 7, 12, 6, 2);
    g.fill();
    g.beginPath();
    g.arc(11, 21, 2.5, 0, Math.PI * 2);
    g.arc(21, 21, 2.5, 0, Math.PI * 2);
    g.fill();
  } else {
    g.beginPath();
    g.arc(16, 9, 4, 0, Math.PI * 2);
    g.fill();
    g.beginPath();
    g.roundRect(10, 14, 12, 12, 4);
    g.fill();
  }
  return g.getImageData(0, 0, size, size);
}

export interface CommandMapHandle {
  /** Replaces the vehicles/officers drawn (call on an animation frame). */
  /** Replaces the units on the map, or — given a diff against what it shows — changes only those. */
  setPositions(collection: PositionCollection, diff?: PositionDiff | null): void;
  flyTo(lon: number, lat: number): void;
  setTrack(points: TrackPoint[] | null): void;
  setPlayhead(at: [number, number] | null): void;
  /** How many features the map's source holds (read back from MapLibre, for checks). */
  sourceFeatureCount(): Promise<number>;
  /** Milliseconds the last few frames took to render (smoothness check with many units). */
  frameTimes(): number[];
  /** What is drawn now: the zoom, the cluster bubbles (screen position, count) and the units drawn on their own. */
  renderedView(): RenderedView;
  /** Open 指挥调度 tasks as flags (a few dozen at most; DOM markers). */
  setTasks(tasks: MapTask[], onOpen: (id: string) => void): void;
}

export interface RenderedView {
  zoom: number;
  clusters: { x: number; y: number; count: number }[];
  units: number;
}

export interface MapTask {
  id: string;
  code: string;
  title: string;
  statusLabel: string;
  urgent: boolean;
  lon: number;
  lat: number;
}

export interface CommandMapProps {
  jurisdictions: JurisdictionCollection | undefined;
  onReady: (handle: CommandMapHandle | null) => void;
  onSelect: (sourceId: string) => void;
  /** Details popup of the selected unit (outlined on the map). */
  popup: { sourceId: string; at: [number, number]; content: ReactNode } | null;
  onClosePopup: () => void;
  /** Map padding for a panel that covers part of it (phone drawer). */
  bottomInset?: number;
}

export default function CommandMap({ jurisdictions, onReady, onSelect, popup, onClosePopup, bottomInset = 0 }: CommandMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const popupRef = useRef<maplibregl.Popup | null>(null);
  const popupContainer = useRef<HTMLDivElement>(document.createElement('div'));
  const handlers = useRef({ onSelect, onClosePopup, onReady });
  handlers.current = { onSelect, onClosePopup, onReady };
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const fittedRef = useRef<string | null>(null);

  useEffect(() => {
    if (!containerRef.current) return;
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container: containerRef.current,
        style: buildStyle(),
        center: SHANGHAI,
        zoom: 9,
        attributionControl: TILE_URL ? { compact: true } : false,
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
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
    map.touchZoomRotate.disableRotation();

    const frames: number[] = [];
    let last = 0;
    map.on('render', () => {
      const now = performance.now();
      if (last) frames.push(now - last);
      if (frames.length > 120) frames.shift();
      last = now;
    });
    map.on('idle', () => {
      last = 0;
    });

    let playhead: maplibregl.Marker | null = null;
    let taskMarkers: maplibregl.Marker[] = [];
    map.on('load', () => {
      for (const kind of ['vehicle', 'person'] as const) {
        const img = pictogram(kind);
        if (img) map.addImage(`icon-${kind}`, img, { pixelRatio: 2 });
      }
      map.addSource('jurisdictions', { type: 'geojson', data: EMPTY });
      map.addSource('jurisdiction-labels', { type: 'geojson', data: EMPTY });
      map.addSource('track', { type: 'geojson', data: EMPTY });
      map.addSource('units', {
        type: 'geojson', data: EMPTY, buffer: 32, tolerance: 0,
        cluster: true, clusterMaxZoom: CLUSTER_MAX_ZOOM, clusterRadius: 40, clusterMinPoints: 3,
        clusterProperties: { moving: ['+', countOf('moving')], offline: ['+', countOf('offline')] },
      });
      map.addLayer({
        id: 'jur-fill', type: 'fill', source: 'jurisdictions',
        paint: {
          'fill-color': ['match', ['get', 'kind'], ['街镇乡中队', '特定区域中队', '机动中队'], '#8fb3f0', '大队', '#b9a6dc', '#c8d0dc'],
          'fill-opacity': TILE_URL ? 0.08 : ['match', ['get', 'kind'], ['街镇乡中队', '特定区域中队', '机动中队'], 0.25, 0.1],
        },
      });
      map.addLayer({
        id: 'jur-line', type: 'line', source: 'jurisdictions',
        paint: { 'line-color': '#3a4f6f', 'line-width': ['match', ['get', 'kind'], ['市局', '区局', '直属单位'], 1.6, 0.7], 'line-opacity': 0.7 },
      });
      map.addLayer({
        id: 'jur-label', type: 'symbol', source: 'jurisdiction-labels', minzoom: 10,
        layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 12, 'text-allow-overlap': false },
        paint: { 'text-color': '#51627d', 'text-halo-color': '#fff', 'text-halo-width': 1.2 },
      });
      map.addLayer({
        id: 'track-line', type: 'line', source: 'track',
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': '#fa541c', 'line-width': 3.5, 'line-opacity': 0.85 },
      });
      map.addLayer({
        id: 'cluster-circle', type: 'circle', source: 'units', filter: isCluster,
        paint: {
          'circle-color': clusterColor, 'circle-opacity': 0.85,
          'circle-radius': ['step', ['get', 'point_count'], 12, 10, 15, 100, 19, 1000, 24],
          'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2,
        },
      });
      map.addLayer({
        id: 'cluster-count', type: 'symbol', source: 'units', filter: isCluster,
        layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': FONT, 'text-size': 12, 'text-allow-overlap': true },
        paint: { 'text-color': '#ffffff' },
      });
      map.addLayer({
        id: 'unit-circle', type: 'circle', source: 'units', filter: notCluster,
        paint: {
          'circle-color': statusColor,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, ['match', ['get', 'type'], 'vehicle', 3.5, 2.5], 12, ['match', ['get', 'type'], 'vehicle', 7, 6], 15, 10],
          'circle-stroke-color': ['match', ['get', 'type'], 'vehicle', '#ffffff', '#1f2d3d'],
          'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 12, 1.5],
        },
      });
      map.addLayer({
        id: 'unit-icon', type: 'symbol', source: 'units', minzoom: 12, filter: notCluster,
        layout: {
          'icon-image': ['match', ['get', 'type'], 'vehicle', 'icon-vehicle', 'icon-person'],
          'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.7, 15, 1],
          'icon-allow-overlap': true, 'icon-ignore-placement': true,
        },
      });
      map.addLayer({
        id: 'unit-label', type: 'symbol', source: 'units', minzoom: 14, filter: notCluster,
        layout: {
          'text-field': ['get', 'label'], 'text-font': FONT, 'text-size': 12, 'text-offset': [0, 1.3], 'text-anchor': 'top',
          'text-optional': true,
        },
        paint: { 'text-color': '#1f2d3d', 'text-halo-color': '#fff', 'text-halo-width': 1.5 },
      });
      map.addLayer({
        id: 'unit-selected', type: 'circle', source: 'units', filter: ['==', ['get', 'sourceId'], ''],
        paint: { 'circle-radius': 14, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#fa541c', 'circle-stroke-width': 3 },
      });

      const handle: CommandMapHandle = {
        setPositions(collection, diff) {
          const source = map.getSource('units') as maplibregl.GeoJSONSource | undefined;
          if (!source) return;
          if (diff) {
            if (diff.add.length + diff.remove.length + diff.update.length === 0) return;
            void source.updateData(diff as unknown as Parameters<maplibregl.GeoJSONSource['updateData']>[0]);
          } else {
            setSource(map, 'units', collection);
          }
        },
        flyTo(lon, lat) {
          map.flyTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), 15), speed: 1.6 });
        },
        setTrack(points) {
          const data: FeatureCollectionLike = points && points.length > 1
            ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: points.map((p) => [p.lon, p.lat]) } }] }
            : EMPTY;
          setSource(map, 'track', data);
          if (points && points.length > 0) {
            let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
            for (const p of points) {
              minX = Math.min(minX, p.lon); maxX = Math.max(maxX, p.lon);
              minY = Math.min(minY, p.lat); maxY = Math.max(maxY, p.lat);
            }
            map.fitBounds([[minX, minY], [maxX, maxY]], { padding: 60, maxZoom: 16, duration: 500 });
          }
        },
        setPlayhead(at) {
          if (!at) {
            playhead?.remove();
            playhead = null;
            return;
          }
          if (!playhead) {
            const el = document.createElement('div');
            el.className = 'command-playhead';
            el.setAttribute('data-testid', 'track-playhead');
            playhead = new maplibregl.Marker({ element: el }).setLngLat(at).addTo(map);
          } else {
            playhead.setLngLat(at);
          }
        },
        async sourceFeatureCount() {
          const source = map.getSource('units') as maplibregl.GeoJSONSource | undefined;
          if (!source) return 0;
          const data = (await source.getData()) as unknown as FeatureCollectionLike;
          return data.features.length;
        },
        frameTimes: () => [...frames],
        renderedView() {
          // A feature near a tile edge is returned once per tile: one entry per cluster id / source id.
          const byId = new Map<number, RenderedView['clusters'][number]>();
          for (const f of map.queryRenderedFeatures({ layers: ['cluster-circle'] })) {
            if (f.geometry.type !== 'Point' || byId.has(Number(f.properties?.cluster_id))) continue;
            const at = map.project(f.geometry.coordinates as [number, number]);
            byId.set(Number(f.properties?.cluster_id), { x: Math.round(at.x), y: Math.round(at.y), count: Number(f.properties?.point_count ?? 0) });
          }
          const clusters = [...byId.values()];
          const units = new Set(map.queryRenderedFeatures({ layers: ['unit-circle'] }).map((f) => f.properties?.sourceId)).size;
          return { zoom: map.getZoom(), clusters, units };
        },
        setTasks(tasks, onOpen) {
          for (const m of taskMarkers) m.remove();
          taskMarkers = tasks.map((t) => {
            const el = document.createElement('button');
            el.type = 'button';
            el.className = `command-task${t.urgent ? ' is-urgent' : ''}`;
            el.title = `${t.code} ${t.title}（${t.statusLabel}）`;
            el.textContent = t.title;
            el.setAttribute('data-testid', `map-task-${t.code}`);
            el.addEventListener('click', (e) => {
              e.stopPropagation();
              onOpen(t.id);
            });
            return new maplibregl.Marker({ element: el, anchor: 'bottom-left' }).setLngLat([t.lon, t.lat]).addTo(map);
          });
        },
      };
      setReady(true);
      handlers.current.onReady(handle);
    });

    const pick = (point: maplibregl.Point) => {
      if (!map.getLayer('unit-circle')) return undefined;
      const r = 6;
      return map.queryRenderedFeatures([[point.x - r, point.y - r], [point.x + r, point.y + r]], { layers: ['unit-circle', 'cluster-circle'] })[0];
    };
    map.on('mousemove', (e) => {
      map.getCanvas().style.cursor = pick(e.point) ? 'pointer' : '';
    });
    map.on('click', (e) => {
      const f = pick(e.point);
      if (f?.properties?.cluster && f.geometry.type === 'Point') {
        // A bubble opens up: zoom to where its units come apart, and at least one step (that zoom can be a fraction
        // above the present one, which would look like nothing happened).
        const center = f.geometry.coordinates as [number, number];
        const source = map.getSource('units') as maplibregl.GeoJSONSource | undefined;
        void source?.getClusterExpansionZoom(Number(f.properties.cluster_id))
          .then((zoom) => map.easeTo({ center, zoom: Math.min(Math.max(zoom, map.getZoom() + 1), CLUSTER_MAX_ZOOM + 1) }))
          .catch(() => map.easeTo({ center, zoom: CLUSTER_MAX_ZOOM + 1 }));
      } else if (f?.properties?.sourceId) handlers.current.onSelect(String(f.properties.sourceId));
    });
    map.on('error', (e) => console.warn('[map]', e.error?.message ?? e));

    return () => {
      handlers.current.onReady(null);
      playhead?.remove();
      for (const m of taskMarkers) m.remove();
      popupRef.current?.remove();
      popupRef.current = null;
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, []);

  // Jurisdictions: the offline base, refitted when the scope changes.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    const fc = jurisdictions ?? EMPTY;
    setSource(map, 'jurisdictions', fc);
    const labels: FeatureCollectionLike = {
      type: 'FeatureCollection',
      features: (jurisdictions?.features ?? []).flatMap((f) => {
        const at = labelPoint(f.geometry);
        return at ? [{ type: 'Feature' as const, properties: { name: f.properties.name }, geometry: { type: 'Point' as const, coordinates: at } }] : [];
      }),
    };
    setSource(map, 'jurisdiction-labels', labels);
    const bbox = collectionBBox(jurisdictions);
    const key = jurisdictions ? jurisdictions.features.map((f) => f.properties.code).join(',') : null;
    if (bbox && key !== fittedRef.current) {
      fittedRef.current = key;
      map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 24, duration: 0, maxZoom: 14 });
    }
  }, [jurisdictions, ready]);

  useEffect(() => {
    mapRef.current?.setPadding({ top: 0, left: 0, right: 0, bottom: bottomInset });
  }, [bottomInset, ready]);

  // The selected unit's popup follows its position; closing it by its × tells the page.
  const popupAt = popup?.at;
  const open = Boolean(popup);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    if (!open || !popupAt) {
      const p = popupRef.current;
      popupRef.current = null;
      p?.remove();
      return;
    }
    if (!popupRef.current) {
      const p = new maplibregl.Popup({ closeButton: true, closeOnClick: false, maxWidth: '320px', offset: 14, className: 'command-popup' })
        .setDOMContent(popupContainer.current)
        .setLngLat(popupAt)
        .addTo(map);
      p.on('close', () => {
        if (popupRef.current === p) {
          popupRef.current = null;
          handlers.current.onClosePopup();
        }
      });
      popupRef.current = p;
    } else {
      popupRef.current.setLngLat(popupAt);
    }
  }, [open, popupAt?.[0], popupAt?.[1], ready]); // eslint-disable-line react-hooks/exhaustive-deps

  const selectedId = popup?.sourceId ?? '';
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !map.getLayer('unit-selected')) return;
    map.setFilter('unit-selected', ['==', ['get', 'sourceId'], selectedId]);
  }, [selectedId, ready]);

  if (failure) {
    return (
      <Alert
        type="warning"
        showIcon
        title="地图无法显示"
        description={`当前浏览器不支持 WebGL 或显卡加速被禁用（${failure}）。左侧列表仍可查看车辆、人员状态。`}
      />
    );
  }
  return (
    <>
      <div ref={containerRef} className="command-map" data-testid="command-map" />
      {popup ? createPortal(popup.content, popupContainer.current) : null}
    </>
  );
}
