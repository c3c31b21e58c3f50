// GeoJSON jurisdictions (辖区) of units: validation of imported geometry, bounding boxes, point lookup
// ("which squadron covers this address") and a centre for map labels. Coordinates are [lon, lat] in degrees
// (WGS 84 / GCJ-02 alike); computations are planar, which is accurate enough at the scale of a district.

// Named GeoPosition because `Position` is already the 职务 type of personnel.ts.
export type GeoPosition = [lon: number, lat: number];
export type LinearRing = GeoPosition[];
export interface PolygonGeometry {
  type: 'Polygon';
  /** First ring is the outer boundary, the others are holes. */
  coordinates: LinearRing[];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: LinearRing[][];
}
export type JurisdictionGeometry = PolygonGeometry | MultiPolygonGeometry;
export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** Upper bound on positions per geometry, so one upload cannot make every lookup slow. */
export const MAX_GEOMETRY_POSITIONS = 100_000;
/** Points closer than this (in degrees, ≈ 0.1 mm) to an edge count as on the boundary. */
export const BOUNDARY_TOLERANCE_DEG = 1e-9;

export type GeometryValidation = { ok: true; geometry: JurisdictionGeometry } | { ok: false; message: string };

class GeometryError extends Error {}

/** Twice the signed area of a ring (shoelace), taken relative to its first vertex to limit rounding error. */
function ringArea2(ring: readonly GeoPosition[]): number {
  const [ox, oy] = ring[0];
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    a += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  }
  return a;
}

function readRing(raw: unknown, where: string, budget: { positions: number }): LinearRing {
  if (!Array.isArray(raw)) throw new GeometryError(`${where}应为坐标数组`);
  if (raw.length < 4) throw new GeometryError(`${where}至少需要4个坐标（首尾相同），实际为${raw.length}个`);
  // Count before walking the array so an oversized upload is refused without being traversed.
  budget.positions += raw.length;
  if (budget.positions > MAX_GEOMETRY_POSITIONS) {
    throw new GeometryError(`坐标总数超过上限${MAX_GEOMETRY_POSITIONS}个，请简化后再导入`);
  }
  const ring: LinearRing = [];
  for (let i = 0; i < raw.length; i++) {
    const p: unknown = raw[i];
    const at = `${where}第${i + 1}个坐标`;
    // GeoJSON allows an optional altitude; it is checked and then dropped.
    if (!Array.isArray(p) || p.length < 2 || p.length > 3) throw new GeometryError(`${at}应为[经度, 纬度]`);
    for (const c of p) {
      if (typeof c !== 'number' || !Number.isFinite(c)) throw new GeometryError(`${at}包含非数值或非有限数值`);
    }
    const [lon, lat] = p as number[];
    if (lon < -180 || lon > 180) throw new GeometryError(`${at}的经度${lon}超出范围[-180, 180]`);
    if (lat < -90 || lat > 90) throw new GeometryError(`${at}的纬度${lat}超出范围[-90, 90]`);
    ring.push([lon, lat]);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) throw new GeometryError(`${where}未闭合（首尾坐标必须相同）`);
  // A ring whose vertices are all collinear or repeated encloses nothing; tolerance is relative to its extent.
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of ring) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const extent = Math.max(maxX - minX, maxY - minY);
  if (Math.abs(ringArea2(ring)) <= 1e-12 * extent * extent) throw new GeometryError(`${where}面积为零（坐标重复或共线）`);
  return ring;
}

/** `member` is the 1-based index within a MultiPolygon, or null for a Polygon. */
function readPolygon(raw: unknown, member: number | null, budget: { positions: number }): LinearRing[] {
  const name = member === null ? '多边形' : `第${member}个多边形`;
  if (!Array.isArray(raw)) throw new GeometryError(`${name}应为坐标环数组`);
  if (raw.length === 0) throw new GeometryError(`${name}没有坐标环`);
  const prefix = member === null ? '' : `${name}的`;
  return raw.map((ring, i) => readRing(ring, `${prefix}${i === 0 ? '外环' : `第${i}个内环`}`, budget));
}

/**
 * Checks an uploaded jurisdiction: a GeoJSON Polygon or MultiPolygon with closed rings of at least 4 positions,
 * finite coordinates within lon [-180, 180] / lat [-90, 90], non-zero ring areas and at most 100 000 positions.
 * On success `geometry` is a clean copy (2-D positions, no foreign members) safe to store.
 */
export function validateJurisdictionGeometry(g: unknown): GeometryValidation {
  try {
    if (g === null || g === undefined) throw new GeometryError('缺少辖区几何对象');
    if (typeof g !== 'object' || Array.isArray(g)) throw new GeometryError('辖区几何应为GeoJSON对象');
    const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
    if (type === 'Feature' || type === 'FeatureCollection') {
      throw new GeometryError(`应提供几何对象（geometry），而不是${type}`);
    }
    if (type !== 'Polygon' && type !== 'MultiPolygon') {
      throw new GeometryError(`不支持的几何类型“${String(type)}”，仅支持Polygon或MultiPolygon`);
    }
    if (!Array.isArray(coordinates)) throw new GeometryError('coordinates应为数组');
    const budget = { positions: 0 };
    if (type === 'Polygon') {
      return { ok: true, geometry: { type, coordinates: readPolygon(coordinates, null, budget) } };
    }
    if (coordinates.length === 0) throw new GeometryError('MultiPolygon至少需要一个多边形');
    const polygons = coordinates.map((poly, i) => readPolygon(poly, i + 1, budget));
    return { ok: true, geometry: { type, coordinates: polygons } };
  } catch (e) {
    if (e instanceof GeometryError) return { ok: false, message: e.message };
    throw e;
  }
}

function polygonsOf(g: JurisdictionGeometry): LinearRing[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** [minLon, minLat, maxLon, maxLat] over all positions. */
export function geometryBBox(g: JurisdictionGeometry): BBox {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const polygon of polygonsOf(g)) {
    for (const ring of polygon) {
      for (const [lon, lat] of ring) {
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}

function onSegment(x: number, y: number, a: GeoPosition, b: GeoPosition): boolean {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / len2));
  const px = a[0] + t * dx - x;
  const py = a[1] + t * dy - y;
  return px * px + py * py <= BOUNDARY_TOLERANCE_DEG * BOUNDARY_TOLERANCE_DEG;
}

/**
 * Whether (lon, lat) lies in the geometry. Even-odd ray casting over all rings of a polygon, so holes are
 * excluded. The geometry is treated as a closed set: points on any edge — outer boundary or hole boundary,
 * within BOUNDARY_TOLERANCE_DEG — count as inside, so a point on a border shared by two jurisdictions
 * belongs to both and is never lost between them. A point is in a MultiPolygon when it is in any member.
 */
export function pointInGeometry(lon: number, lat: number, g: JurisdictionGeometry): boolean {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return false;
  for (const polygon of polygonsOf(g)) {
    let inside = false;
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const a = ring[j];
        const b = ring[i];
        if (onSegment(lon, lat, a, b)) return true;
        // Half-open rule on latitude (one end inclusive) so a ray through a vertex is counted once.
        if (a[1] > lat !== b[1] > lat && lon < ((b[0] - a[0]) * (lat - a[1])) / (b[1] - a[1]) + a[0]) {
          inside = !inside;
        }
      }
    }
    if (inside) return true;
  }
  return false;
}

/**
 * Area-weighted centroid [lon, lat]: each outer ring adds its area, each hole subtracts its own, whatever
 * the winding order. For a concave shape the centroid may fall outside the geometry. Degenerate input
 * (zero total area) falls back to the centre of the bounding box.
 */
export function geometryCentroid(g: JurisdictionGeometry): GeoPosition {
  const polygons = polygonsOf(g);
  const [ox, oy] = polygons[0][0][0];
  let area = 0;
  let sx = 0;
  let sy = 0;
  for (const polygon of polygons) {
    polygon.forEach((ring, ringIndex) => {
      let a2 = 0;
      let cx = 0;
      let cy = 0;
      for (let i = 0; i < ring.length - 1; i++) {
        const x0 = ring[i][0] - ox, y0 = ring[i][1] - oy;
        const x1 = ring[i + 1][0] - ox, y1 = ring[i + 1][1] - oy;
        const cross = x0 * y1 - x1 * y0;
        a2 += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
      }
      if (a2 === 0) return;
      // Ring centroid = (cx, cy) / (3 * a2); weight = ±|area| = ±|a2| / 2.
      const weight = ((ringIndex === 0 ? 1 : -1) * Math.abs(a2)) / 2;
      area += weight;
      sx += (weight * cx) / (3 * a2);
      sy += (weight * cy) / (3 * a2);
    });
  }
  if (Math.abs(area) < 1e-30) {
    const [minLon, minLat, maxLon, maxLat] = geometryBBox(g);
    return [(minLon + maxLon) / 2, (minLat + maxLat) / 2];
  }
  return [sx / area + ox, sy / area + oy];
}
