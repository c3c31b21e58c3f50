import type { JurisdictionCollection, JurisdictionGeometry, Position2D } from '../api/types';

export type BBox = [number, number, number, number];

function rings(geometry: JurisdictionGeometry): Position2D[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

export function bboxOf(geometries: (JurisdictionGeometry | null | undefined)[]): BBox | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const g of geometries) {
    if (!g) continue;
    for (const ring of rings(g)) {
      for (const p of ring) {
        const x = Number(p[0]);
        const y = Number(p[1]);
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
    }
  }
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}

export function collectionBBox(fc: JurisdictionCollection | undefined): BBox | null {
  return fc ? bboxOf(fc.features.map((f) => f.geometry)) : null;
}

/** Signed area and centroid of a ring (planar; fine for label placement at city scale). */
function ringCentroid(ring: Position2D[]): { area: number; x: number; y: number } {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = [Number(ring[j][0]), Number(ring[j][1])];
    const [x1, y1] = [Number(ring[i][0]), Number(ring[i][1])];
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  a /= 2;
  if (Math.abs(a) < 1e-12) {
    const b = bboxOf([{ type: 'Polygon', coordinates: [ring] }]);
    return { area: 0, x: b ? (b[0] + b[2]) / 2 : 0, y: b ? (b[1] + b[3]) / 2 : 0 };
  }
  return { area: Math.abs(a), x: cx / (6 * a), y: cy / (6 * a) };
}

/** A point to hang the label on: the centroid of the largest outer ring. */
export function labelPoint(geometry: JurisdictionGeometry | null): [number, number] | null {
  if (!geometry) return null;
  const outers = geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0]);
  let best: { area: number; x: number; y: number } | null = null;
  for (const ring of outers) {
    if (!ring?.length) continue;
    const c = ringCentroid(ring);
    if (!best || c.area > best.area) best = c;
  }
  return best ? [best.x, best.y] : null;
}

/** Checks the shape of an uploaded file before it is sent; the server does the real validation. */
export function geojsonShapeProblem(value: unknown): string | null {
  if (!value || typeof value !== 'object') return '文件内容不是 GeoJSON 对象';
  const v = value as { type?: unknown; features?: unknown };
  if (v.type !== 'FeatureCollection') return 'GeoJSON 须为 FeatureCollection（要素集合）';
  if (!Array.isArray(v.features) || v.features.length === 0) return 'FeatureCollection 中没有要素（features）';
  const missing = (v.features as { properties?: { code?: unknown } }[]).findIndex(
    (f) => !f || typeof f !== 'object' || !f.properties || typeof f.properties.code !== 'string' || !f.properties.code,
  );
  if (missing >= 0) return `第 ${missing + 1} 个要素缺少 properties.code（单位编码）`;
  return null;
}
