// 诉件热力图: the offline jurisdiction map (no tiles, as JurisdictionMap) with a heatmap of the statistics' grid cells;
// zoomed in, the complaints themselves (or the server's clusters) from /api/complaints/map as circles.
import { useEffect, useRef, useState } from 'react';
import { Alert } from 'antd';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { complaintStatsApi, type HeatCell, type MapAnswer } from '../../api/complaint-stats';
import type { JurisdictionCollection } from '../../api/types';
import { collectionBBox } from '../../lib/geo';

maplibregl.setWorkerUrl(workerUrl);

const SHANGHAI: [number, number] = [121.47, 31.23];
/** From this zoom on the individual complaints are drawn over the heat. */
const POINTS_ZOOM = 13;
const EMPTY = { type: 'FeatureCollection' as const, features: [] };
type GeoData = Parameters<maplibregl.GeoJSONSource['setData']>[0];

const STYLE: maplibregl.StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } }],
};

function heatData(items: HeatCell[]): GeoData {
  return {
    type: 'FeatureCollection',
    features: items.map((h) => ({ type: 'Feature', properties: { weight: h.weight }, geometry: { type: 'Point', coordinates: [h.lon, h.lat] } })),
  };
}

function pointData(answer: MapAnswer | null): GeoData {
  if (!answer) return EMPTY;
  const features = answer.mode === 'points'
    ? answer.points.map((p) => ({
      type: 'Feature' as const,
      properties: { id: p.id, count: 1, overdue: p.overdue, title: `${p.code} ${p.categoryName} ${p.statusLabel}` },
      geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
    }))
    : answer.clusters.map((c) => ({
      type: 'Feature' as const,
      properties: { id: '', count: c.count, overdue: c.overdue > 0, title: `${c.count}件（未办结${c.open}，超期${c.overdue}）` },
      geometry: { type: 'Point' as const, coordinates: [c.lon, c.lat] },
    }));
  return { type: 'FeatureCollection', features };
}

export interface ComplaintHeatmapProps {
  collection: JurisdictionCollection | undefined;
  heat: HeatCell[];
  unitId: string;
  from: string;
  to: string;
  onOpenComplaint: (id: string) => void;
}

export default function ComplaintStatsHeatmap({ collection, heat, unitId, from, to, onOpenComplaint }: ComplaintHeatmapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const filterRef = useRef({ unitId, from, to });
  filterRef.current = { unitId, from, to };
  const openRef = useRef(onOpenComplaint);
  openRef.current = onOpenComplaint;
  const loadPointsRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    if (!containerRef.current) return;
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container: containerRef.current, style: STYLE, center: SHANGHAI, zoom: 8.6, attributionControl: false,
        dragRotate: false, pitchWithRotate: false, maxPitch: 0, fadeDuration: 0,
      });
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
      return;
    }
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.touchZoomRotate.disableRotation();

    let controller: AbortController | null = null;
    const loadPoints = () => {
      controller?.abort();
      const source = map.getSource('complaints') as maplibregl.GeoJSONSource | undefined;
      if (!source) return;
      const zoom = map.getZoom();
      if (zoom < POINTS_ZOOM) {
        source.setData(EMPTY);
        return;
      }
      const b = map.getBounds();
      const f = filterRef.current;
      const c = new AbortController();
      controller = c;
      const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
      complaintStatsApi.map({
        minLon: clamp(b.getWest(), -180, 180), minLat: clamp(b.getSouth(), -90, 90),
        maxLon: clamp(b.getEast(), -180, 180), maxLat: clamp(b.getNorth(), -90, 90),
        zoom: Math.round(zoom * 100) / 100, unitId: f.unitId, receivedFrom: f.from, receivedTo: f.to,
      }, c.signal).then(
        (answer) => { if (!c.signal.aborted) source.setData(pointData(answer)); },
        (e: unknown) => { if (!c.signal.aborted) console.warn('[complaint map]', e); },
      );
    };
    loadPointsRef.current = loadPoints;

    map.on('load', () => {
      map.addSource('jurisdictions', { type: 'geojson', data: EMPTY });
      map.addLayer({
        id: 'jur-fill', type: 'fill', source: 'jurisdictions',
        paint: { 'fill-color': '#9aa8bd', 'fill-opacity': ['match', ['get', 'kind'], ['街镇乡中队', '特定区域中队', '机动中队'], 0.16, 0.06] },
      });
      map.addLayer({
        id: 'jur-line', type: 'line', source: 'jurisdictions',
        paint: { 'line-color': '#3a4f6f', 'line-width': ['match', ['get', 'kind'], ['市局', '区局', '直属单位'], 1.8, 0.8], 'line-opacity': 0.8 },
      });
      map.addSource('heat', { type: 'geojson', data: EMPTY });
      map.addLayer({
        id: 'heat', type: 'heatmap', source: 'heat',
        paint: {
          'heatmap-weight': ['interpolate', ['linear'], ['get', 'weight'], 0, 0, 1, 0.4, 10, 1],
          'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 8, 1, 14, 2.5],
          'heatmap-radius': ['interpolate', ['exponential', 2], ['zoom'], 8, 6, 12, 30, 16, 120],
          'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], 12, 0.85, 16, 0.45],
          'heatmap-color': [
            'interpolate', ['linear'], ['heatmap-density'],
            0, 'rgba(33,102,172,0)', 0.2, 'rgb(103,169,207)', 0.4, 'rgb(209,229,240)', 0.6, 'rgb(253,219,199)', 0.8, 'rgb(239,138,98)', 1, 'rgb(178,24,43)',
          ],
        },
      });
      map.addSource('complaints', { type: 'geojson', data: EMPTY });
      map.addLayer({
        id: 'complaint-dots', type: 'circle', source: 'complaints', minzoom: POINTS_ZOOM,
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['get', 'count'], 1, 6, 50, 18],
          'circle-color': ['case', ['boolean', ['get', 'overdue'], false], '#cf1322', '#1677ff'],
          'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5, 'circle-opacity': 0.9,
        },
      });
      setReady(true);
      loadPoints();
    });

    const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 10 });
    map.on('mousemove', 'complaint-dots', (e) => {
      const f = e.features?.[0];
      map.getCanvas().style.cursor = f?.properties?.id ? 'pointer' : '';
      if (f) popup.setLngLat(e.lngLat).setText(String(f.properties?.title ?? '')).addTo(map);
    });
    map.on('mouseleave', 'complaint-dots', () => {
      map.getCanvas().style.cursor = '';
      popup.remove();
    });
    map.on('click', 'complaint-dots', (e) => {
      const id = e.features?.[0]?.properties?.id;
      if (id) openRef.current(String(id));
      else map.easeTo({ center: e.lngLat, zoom: map.getZoom() + 2 });
    });
    map.on('moveend', loadPoints);
    map.on('error', (e) => console.warn('[map]', e.error?.message ?? e));

    return () => {
      controller?.abort();
      popup.remove();
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, []);

  // Jurisdictions: set them and fit the view.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    const fc = collection ?? { type: 'FeatureCollection', features: [] };
    (map.getSource('jurisdictions') as maplibregl.GeoJSONSource | undefined)?.setData(fc as unknown as GeoData);
    const bbox = collectionBBox(fc);
    if (bbox) map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 24, duration: 0, maxZoom: 14 });
  }, [collection, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    (map.getSource('heat') as maplibregl.GeoJSONSource | undefined)?.setData(heatData(heat));
  }, [heat, ready]);

  // Another unit or period: the circles are fetched again.
  useEffect(() => {
    if (ready) loadPointsRef.current();
  }, [unitId, from, to, ready]);

  if (failure) {
    return <Alert type="warning" showIcon title="地图无法显示" description={`当前浏览器不支持 WebGL 或显卡加速被禁用（${failure}）。`} />;
  }
  return <div ref={containerRef} className="map-container" data-testid="stats-heatmap-canvas" />;
}
