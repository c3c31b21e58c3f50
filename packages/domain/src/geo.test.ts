import { describe, it, expect } from 'vitest';
import {
  BOUNDARY_TOLERANCE_DEG, MAX_GEOMETRY_POSITIONS, geometryBBox, geometryCentroid, pointInGeometry,
  validateJurisdictionGeometry, type GeoPosition, type JurisdictionGeometry, type MultiPolygonGeometry,
  type PolygonGeometry,
} from './geo.ts';

/** Closed counter-clockwise square ring. */
function square(x0: number, y0: number, size: number): GeoPosition[] {
  return [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]];
}

const SQUARE: PolygonGeometry = { type: 'Polygon', coordinates: [square(0, 0, 10)] };
// 10×10 square with a 2×2 hole at (2..4, 2..4).
const WITH_HOLE: PolygonGeometry = { type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 2)] };
// U shape: 0..3 wide, 0..3 tall, with the notch 1..2 × 1..3 cut out of the top.
const U_SHAPE: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]],
};
const MULTI: MultiPolygonGeometry = {
  type: 'MultiPolygon',
  coordinates: [[square(0, 0, 2)], [square(10, 10, 4), square(11, 11, 1)]],
};

describe('validateJurisdictionGeometry', () => {
  it('accepts a Polygon and a MultiPolygon and returns a clean copy', () => {
    const input = { type: 'Polygon', coordinates: [square(121.4, 31.2, 0.01)], bbox: [0, 0, 1, 1], crs: 'x' };
    const r = validateJurisdictionGeometry(input);
    expect(r).toEqual({ ok: true, geometry: { type: 'Polygon', coordinates: [square(121.4, 31.2, 0.01)] } });
    if (r.ok) expect(r.geometry.coordinates).not.toBe(input.coordinates);
    expect(validateJurisdictionGeometry(MULTI)).toEqual({ ok: true, geometry: MULTI });
  });

  it('drops altitude from 3-D positions', () => {
    const ring = square(0, 0, 1).map(([x, y]) => [x, y, 12.5]);
    expect(validateJurisdictionGeometry({ type: 'Polygon', coordinates: [ring] })).toEqual({
      ok: true, geometry: { type: 'Polygon', coordinates: [square(0, 0, 1)] },
    });
  });

  it('accepts the extreme coordinates', () => {
    const ring = [[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]];
    expect(validateJurisdictionGeometry({ type: 'Polygon', coordinates: [ring] }).ok).toBe(true);
  });

  const fail = (g: unknown) => {
    const r = validateJurisdictionGeometry(g);
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.message;
  };

  it('rejects non-geometries and other geometry types', () => {
    expect(fail(null)).toBe('缺少辖区几何对象');
    expect(fail(undefined)).toBe('缺少辖区几何对象');
    expect(fail('Polygon')).toBe('辖区几何应为GeoJSON对象');
    expect(fail([1, 2])).toBe('辖区几何应为GeoJSON对象');
    expect(fail({ type: 'Point', coordinates: [121, 31] })).toBe('不支持的几何类型“Point”，仅支持Polygon或MultiPolygon');
    expect(fail({ type: 'Feature', geometry: SQUARE })).toBe('应提供几何对象（geometry），而不是Feature');
    expect(fail({ type: 'Polygon' })).toBe('coordinates应为数组');
    expect(fail({ type: 'Polygon', coordinates: [] })).toBe('多边形没有坐标环');
    expect(fail({ type: 'MultiPolygon', coordinates: [] })).toBe('MultiPolygon至少需要一个多边形');
    expect(fail({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], []] })).toBe('第2个多边形没有坐标环');
  });

  it('rejects rings that are short, open or empty of area', () => {
    expect(fail({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] })).toBe('外环至少需要4个坐标（首尾相同），实际为3个');
    expect(fail({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })).toBe('外环未闭合（首尾坐标必须相同）');
    expect(fail({ type: 'Polygon', coordinates: [square(0, 0, 10), [[2, 2], [3, 2], [3, 3], [2, 2.5]]] }))
      .toBe('第1个内环未闭合（首尾坐标必须相同）');
    expect(fail({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [2, 2], [0, 0]]] })).toBe('外环面积为零（坐标重复或共线）');
    expect(fail({ type: 'Polygon', coordinates: [[[5, 5], [5, 5], [5, 5], [5, 5]]] })).toBe('外环面积为零（坐标重复或共线）');
    expect(fail({ type: 'Polygon', coordinates: ['ring'] })).toBe('外环应为坐标数组');
    expect(fail({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], 'x'] })).toBe('第2个多边形应为坐标环数组');
    expect(fail({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1), [[0, 0]]]] }))
      .toBe('第2个多边形的第1个内环至少需要4个坐标（首尾相同），实际为1个');
  });

  it('rejects bad positions and says which one', () => {
    const withPoint = (p: unknown) => ({ type: 'Polygon', coordinates: [[[0, 0], p, [1, 1], [0, 1], [0, 0]]] });
    expect(fail(withPoint([181, 0]))).toBe('外环第2个坐标的经度181超出范围[-180, 180]');
    expect(fail(withPoint([-180.5, 0]))).toBe('外环第2个坐标的经度-180.5超出范围[-180, 180]');
    expect(fail(withPoint([1, 90.1]))).toBe('外环第2个坐标的纬度90.1超出范围[-90, 90]');
    expect(fail(withPoint([1, -91]))).toBe('外环第2个坐标的纬度-91超出范围[-90, 90]');
    expect(fail(withPoint([Number.NaN, 0]))).toBe('外环第2个坐标包含非数值或非有限数值');
    expect(fail(withPoint([Infinity, 0]))).toBe('外环第2个坐标包含非数值或非有限数值');
    expect(fail(withPoint(['1', '0']))).toBe('外环第2个坐标包含非数值或非有限数值');
    expect(fail(withPoint([1, 0, null]))).toBe('外环第2个坐标包含非数值或非有限数值');
    expect(fail(withPoint([1]))).toBe('外环第2个坐标应为[经度, 纬度]');
    expect(fail(withPoint([1, 0, 0, 0]))).toBe('外环第2个坐标应为[经度, 纬度]');
    expect(fail(withPoint({ lon: 1, lat: 0 }))).toBe('外环第2个坐标应为[经度, 纬度]');
  });

  it('allows exactly 100 000 positions and refuses one more', () => {
    const ringOf = (n: number): GeoPosition[] => {
      // n positions on a circle, closed (last = first).
      const ring: GeoPosition[] = [];
      for (let i = 0; i < n - 1; i++) {
        const a = (2 * Math.PI * i) / (n - 1);
        ring.push([121 + 0.1 * Math.cos(a), 31 + 0.1 * Math.sin(a)]);
      }
      ring.push(ring[0]);
      return ring;
    };
    expect(MAX_GEOMETRY_POSITIONS).toBe(100_000);
    const exact = { type: 'MultiPolygon', coordinates: [[ringOf(60_000)], [ringOf(40_000)]] };
    expect(validateJurisdictionGeometry(exact).ok).toBe(true);
    const over = { type: 'MultiPolygon', coordinates: [[ringOf(60_000)], [ringOf(40_001)]] };
    expect(fail(over)).toBe('坐标总数超过上限100000个，请简化后再导入');
  });
});

describe('geometryBBox', () => {
  it('covers all polygons', () => {
    expect(geometryBBox(SQUARE)).toEqual([0, 0, 10, 10]);
    expect(geometryBBox(MULTI)).toEqual([0, 0, 14, 14]);
    expect(geometryBBox({ type: 'Polygon', coordinates: [square(121.45, 31.22, 0.05)] }))
      .toEqual([121.45, 31.22, 121.5, 31.27]);
  });
});

describe('pointInGeometry', () => {
  it('finds points inside and outside a square', () => {
    expect(pointInGeometry(5, 5, SQUARE)).toBe(true);
    expect(pointInGeometry(0.001, 9.999, SQUARE)).toBe(true);
    expect(pointInGeometry(-0.001, 5, SQUARE)).toBe(false);
    expect(pointInGeometry(10.001, 5, SQUARE)).toBe(false);
    expect(pointInGeometry(5, 11, SQUARE)).toBe(false);
  });

  it('counts boundary points (edges and vertices) as inside', () => {
    expect(pointInGeometry(0, 5, SQUARE)).toBe(true);
    expect(pointInGeometry(10, 5, SQUARE)).toBe(true);
    expect(pointInGeometry(5, 0, SQUARE)).toBe(true);
    expect(pointInGeometry(5, 10, SQUARE)).toBe(true);
    expect(pointInGeometry(0, 0, SQUARE)).toBe(true);
    expect(pointInGeometry(10, 10, SQUARE)).toBe(true);
    expect(pointInGeometry(10 + BOUNDARY_TOLERANCE_DEG / 2, 5, SQUARE)).toBe(true);
    expect(pointInGeometry(10 + BOUNDARY_TOLERANCE_DEG * 10, 5, SQUARE)).toBe(false);
  });

  it('puts a point on a shared border into both neighbours', () => {
    const west: PolygonGeometry = { type: 'Polygon', coordinates: [square(121.4, 31.2, 0.1)] };
    const east: PolygonGeometry = { type: 'Polygon', coordinates: [square(121.5, 31.2, 0.1)] };
    expect(pointInGeometry(121.5, 31.25, west)).toBe(true);
    expect(pointInGeometry(121.5, 31.25, east)).toBe(true);
    expect(pointInGeometry(121.45, 31.25, east)).toBe(false);
  });

  it('excludes holes but keeps the hole boundary', () => {
    expect(pointInGeometry(3, 3, WITH_HOLE)).toBe(false);
    expect(pointInGeometry(1, 1, WITH_HOLE)).toBe(true);
    expect(pointInGeometry(5, 3, WITH_HOLE)).toBe(true);
    expect(pointInGeometry(2, 3, WITH_HOLE)).toBe(true);
    expect(pointInGeometry(4, 4, WITH_HOLE)).toBe(true);
  });

  it('handles a concave polygon, including rays through vertices', () => {
    expect(pointInGeometry(1.5, 2, U_SHAPE)).toBe(false); // in the notch
    expect(pointInGeometry(1.5, 0.5, U_SHAPE)).toBe(true); // in the base
    expect(pointInGeometry(0.5, 2, U_SHAPE)).toBe(true); // left arm
    expect(pointInGeometry(2.5, 2, U_SHAPE)).toBe(true); // right arm
    // A ray at y = 1 passes exactly through the notch's bottom vertices (1,1) and (2,1).
    expect(pointInGeometry(0.5, 1, U_SHAPE)).toBe(true);
    expect(pointInGeometry(-0.5, 1, U_SHAPE)).toBe(false);
    expect(pointInGeometry(1.5, 1, U_SHAPE)).toBe(true); // on the notch's bottom edge
    // A ray at y = 3 runs along the arms' top edges.
    expect(pointInGeometry(1.5, 3, U_SHAPE)).toBe(false);
    expect(pointInGeometry(-1, 3, U_SHAPE)).toBe(false);
    expect(pointInGeometry(0.5, 3, U_SHAPE)).toBe(true);
  });

  it('does not depend on winding order', () => {
    const cw: PolygonGeometry = { type: 'Polygon', coordinates: [[...square(0, 0, 10)].reverse(), [...square(2, 2, 2)].reverse()] };
    for (const [x, y] of [[3, 3], [1, 1], [5, 3], [11, 5]] as const) {
      expect(pointInGeometry(x, y, cw)).toBe(pointInGeometry(x, y, WITH_HOLE));
    }
  });

  it('checks every member of a MultiPolygon, honouring holes', () => {
    expect(pointInGeometry(1, 1, MULTI)).toBe(true);
    expect(pointInGeometry(10.5, 10.5, MULTI)).toBe(true);
    expect(pointInGeometry(11.5, 11.5, MULTI)).toBe(false); // hole of the second member
    expect(pointInGeometry(5, 5, MULTI)).toBe(false); // between the members
  });

  it('finds a point in a later member after a holed one', () => {
    const reversed: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [MULTI.coordinates[1], MULTI.coordinates[0]] };
    expect(pointInGeometry(1, 1, reversed)).toBe(true);
    expect(pointInGeometry(11.5, 11.5, reversed)).toBe(false);
  });

  it('treats overlapping MultiPolygon members as a union, not even-odd', () => {
    const overlap: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [[square(0, 0, 4)], [square(2, 2, 4)]] };
    expect(pointInGeometry(3, 3, overlap)).toBe(true);
  });

  it('answers false for non-finite coordinates', () => {
    expect(pointInGeometry(Number.NaN, 5, SQUARE)).toBe(false);
    expect(pointInGeometry(5, Infinity, SQUARE)).toBe(false);
  });
});

describe('geometryCentroid', () => {
  const close = (actual: GeoPosition, expected: GeoPosition) => {
    expect(actual[0]).toBeCloseTo(expected[0], 9);
    expect(actual[1]).toBeCloseTo(expected[1], 9);
  };

  it('is the centre of a square, also at real-world coordinates', () => {
    close(geometryCentroid(SQUARE), [5, 5]);
    close(geometryCentroid({ type: 'Polygon', coordinates: [square(121.47, 31.23, 0.02)] }), [121.48, 31.24]);
  });

  it('subtracts holes: a hole shifts the centroid away from it', () => {
    // (100·(5,5) − 4·(3,3)) / 96
    close(geometryCentroid(WITH_HOLE), [(500 - 12) / 96, (500 - 12) / 96]);
  });

  it('weights MultiPolygon members by area', () => {
    // Members: 2×2 at (1,1) with area 4; 4×4 with a 1×1 hole → 16·(12,12) − 1·(11.5,11.5), area 15.
    const expected = (4 * 1 + 16 * 12 - 11.5) / 19;
    close(geometryCentroid(MULTI), [expected, expected]);
  });

  it('is area-weighted for a concave polygon (not the vertex average) and may lie outside it', () => {
    // U: base 3×1 at (1.5,0.5) and two 1×2 arms at (0.5,2) and (2.5,2); total area 7.
    const c = geometryCentroid(U_SHAPE);
    close(c, [1.5, (3 * 0.5 + 2 * 2 + 2 * 2) / 7]);
    expect(pointInGeometry(c[0], c[1], U_SHAPE)).toBe(false);
  });

  it('does not depend on winding order', () => {
    const cw: JurisdictionGeometry = { type: 'Polygon', coordinates: [[...square(0, 0, 10)].reverse(), square(2, 2, 2)] };
    close(geometryCentroid(cw), geometryCentroid(WITH_HOLE));
  });

  it('falls back to the bounding-box centre for a degenerate geometry', () => {
    const flat: PolygonGeometry = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [4, 0], [0, 0]]] };
    expect(geometryCentroid(flat)).toEqual([2, 0]);
  });
});
