// Demo jurisdiction polygons. Street/town squadrons get Voronoi cells (d3-delaunay) around their centroids, computed
// per land mass and clipped to a rough outline of it, so cells never cross the Yangtze and never leave Shanghai; a
// district is the union of its streets' cells, the city the union of all districts. Specific-area squadrons get a
// small hexagon around their point, clipped to their district. Everything is plausible-looking demo data, marked
// `geometrySource: 'demo'` so the UI can say so and real boundaries can be imported over it.
import { Delaunay } from 'd3-delaunay';
import * as polygonClippingNs from 'polygon-clipping';
import type { MultiPolygon as PcMultiPolygon, Polygon as PcPolygon } from 'polygon-clipping';
import { DISTRICTS, DIRECT_UNITS, LANDMASS_OUTLINES, type Landmass, type LonLat } from './shanghai.ts';

// polygon-clipping ships CommonJS (`module.exports = {...}`) and an ESM build with only a default export; depending on
// the loader the functions sit on the namespace or on its `default`.
type PolygonClipping = Pick<typeof polygonClippingNs, 'union' | 'intersection' | 'difference'>;
const pc: PolygonClipping =
  (polygonClippingNs as unknown as { default?: PolygonClipping }).default ?? (polygonClippingNs as PolygonClipping);

export type Position2 = [number, number];
export interface GeoPolygon {
  type: 'Polygon';
  coordinates: Position2[][];
}
export interface GeoMultiPolygon {
  type: 'MultiPolygon';
  coordinates: Position2[][][];
}
export type PolygonOrMultiPolygon = GeoPolygon | GeoMultiPolygon;

/** Raw multipolygon as used by polygon-clipping. */
type MP = PcMultiPolygon;

const BOUNDS: [number, number, number, number] = [120.5, 30.4, 122.4, 32.1];

function closeRing(ring: LonLat[]): Position2[] {
  const out = ring.map(([x, y]) => [x, y] as Position2);
  const [fx, fy] = out[0];
  const [lx, ly] = out[out.length - 1];
  if (fx !== lx || fy !== ly) out.push([fx, fy]);
  return out;
}

function landmassPolygon(lm: Landmass): PcPolygon {
  return [closeRing(LANDMASS_OUTLINES[lm])];
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** Rounds to 6 decimals, drops repeated points and degenerate rings, keeps rings closed. */
export function toGeoJSON(mp: MP): PolygonOrMultiPolygon | null {
  const polys: Position2[][][] = [];
  for (const poly of mp) {
    const rings: Position2[][] = [];
    for (let r = 0; r < poly.length; r++) {
      const ring: Position2[] = [];
      for (const [x, y] of poly[r]) {
        const p: Position2 = [round6(x), round6(y)];
        const last = ring[ring.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
      }
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (first && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
      if (ring.length < 4) {
        if (r === 0) break; // outer ring collapsed: drop the polygon
        continue;
      }
      rings.push(ring);
    }
    if (rings.length > 0) polys.push(rings);
  }
  if (polys.length === 0) return null;
  if (polys.length === 1) return { type: 'Polygon', coordinates: polys[0] };
  return { type: 'MultiPolygon', coordinates: polys };
}

/** A regular hexagon of the given radius (km) around a point, as a polygon-clipping polygon. */
export function hexagon(center: LonLat, radiusKm: number): PcPolygon {
  const [lon, lat] = center;
  const dLat = radiusKm / 110.574;
  const dLon = radiusKm / (111.32 * Math.cos((lat * Math.PI) / 180));
  const ring: Position2[] = [];
  for (let i = 0; i < 6; i++) {
    const a = (Math.PI / 3) * i;
    ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]);
  }
  ring.push([ring[0][0], ring[0][1]]);
  return [ring];
}

function unionAll(parts: MP[]): MP {
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return nonEmpty[0];
  return pc.union(nonEmpty[0], ...nonEmpty.slice(1));
}

export interface ShanghaiGeometry {
  city: PolygonOrMultiPolygon | null;
  /** By district code. */
  districts: Map<string, PolygonOrMultiPolygon | null>;
  /** By `${districtCode}/${streetName}`. */
  streets: Map<string, PolygonOrMultiPolygon | null>;
  /** By `${districtCode}/${areaName}` for district specific areas, `${directUnitCode}/${squadronName}` for direct ones. */
  specialAreas: Map<string, PolygonOrMultiPolygon | null>;
  /** Union of member squadron cells, by `${districtCode}/${brigadeName}`. */
  brigades: Map<string, PolygonOrMultiPolygon | null>;
  /** Union of the direct unit's squadron areas (null when it has none with geometry), by unit code. */
  directUnits: Map<string, PolygonOrMultiPolygon | null>;
}

let cached: ShanghaiGeometry | null = null;

/** Computes (once, then memoised — it depends on static data only) all demo geometries. */
export function shanghaiGeometry(): ShanghaiGeometry {
  if (!cached) cached = computeShanghaiGeometry();
  return cached;
}

function computeShanghaiGeometry(): ShanghaiGeometry {
  // 1. Voronoi cells per land mass, clipped to the land mass outline.
  const rawStreets = new Map<string, MP>();
  const landmasses = Object.keys(LANDMASS_OUTLINES) as Landmass[];
  for (const lm of landmasses) {
    const sites: { key: string; center: LonLat }[] = [];
    for (const d of DISTRICTS) {
      for (const s of d.streets) if (s.landmass === lm) sites.push({ key: `${d.code}/${s.name}`, center: s.center });
    }
    if (sites.length === 0) continue;
    const outline = landmassPolygon(lm);
    if (sites.length === 1) {
      rawStreets.set(sites[0].key, [outline]);
      continue;
    }
    const voronoi = Delaunay.from(sites.map((s) => s.center)).voronoi(BOUNDS);
    sites.forEach((site, i) => {
      const cell = voronoi.cellPolygon(i) as unknown as Position2[] | null;
      if (!cell) throw new Error(`no Voronoi cell for ${site.key}`);
      rawStreets.set(site.key, pc.intersection([cell], outline));
    });
  }

  // 2. Districts = union of their streets' cells; city = union of the districts.
  const rawDistricts = new Map<string, MP>();
  for (const d of DISTRICTS) {
    rawDistricts.set(d.code, unionAll(d.streets.map((s) => rawStreets.get(`${d.code}/${s.name}`) ?? [])));
  }
  const rawCity = unionAll([...rawDistricts.values()]);

  // 3. Specific areas: hexagons clipped to their district (direct units' ones to the city outline).
  const rawSpecial = new Map<string, MP>();
  for (const d of DISTRICTS) {
    const district = rawDistricts.get(d.code) ?? [];
    for (const a of d.specialAreas) {
      rawSpecial.set(`${d.code}/${a.name}`, pc.intersection(hexagon(a.center, a.radiusKm), district));
    }
  }
  const directUnits = new Map<string, PolygonOrMultiPolygon | null>();
  for (const u of DIRECT_UNITS) {
    const parts: MP[] = [];
    for (const sq of u.squadrons) {
      if (sq.kind !== '特定区域中队' || !sq.radiusKm) continue;
      const mp = pc.intersection(hexagon(sq.center, sq.radiusKm), rawCity);
      rawSpecial.set(`${u.code}/${sq.name}`, mp);
      parts.push(mp);
    }
    directUnits.set(u.code, parts.length ? toGeoJSON(unionAll(parts)) : null);
  }

  // 4. 大队 = union of their member squadrons' cells.
  const brigades = new Map<string, PolygonOrMultiPolygon | null>();
  for (const d of DISTRICTS) {
    for (const b of d.brigades ?? []) {
      const parts = b.members.map((m) => rawStreets.get(`${d.code}/${m}`) ?? rawSpecial.get(`${d.code}/${m}`) ?? []);
      brigades.set(`${d.code}/${b.name}`, toGeoJSON(unionAll(parts)));
    }
  }

  const mapGeo = (m: Map<string, MP>) => new Map([...m].map(([k, v]) => [k, toGeoJSON(v)] as const));
  return {
    city: toGeoJSON(rawCity),
    districts: mapGeo(rawDistricts),
    streets: mapGeo(rawStreets),
    specialAreas: mapGeo(rawSpecial),
    brigades,
    directUnits,
  };
}
