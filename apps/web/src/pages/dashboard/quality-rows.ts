import type { QualityByUnit } from '../../api/types';
import { percent } from '../../lib/format';

export interface QualityRow extends QualityByUnit {
  completeness: number;
  validity: number;
  freshness: number;
  /** The lowest of the three rates: how far the unit is from the target. */
  worst: number;
  worstDimension: 'incomplete' | 'invalid' | 'stale';
}

export function toQualityRows(byUnit: QualityByUnit[]): QualityRow[] {
  return byUnit
    .map((u) => {
      const completeness = percent(u.complete, u.total);
      const validity = percent(u.valid, u.total);
      const freshness = percent(u.fresh, u.total);
      const dims: [QualityRow['worstDimension'], number][] = [
        ['incomplete', completeness],
        ['invalid', validity],
        ['stale', freshness],
      ];
      dims.sort((a, b) => a[1] - b[1]);
      return {
        ...u,
        completeness,
        validity,
        freshness,
        worst: u.total ? dims[0][1] : 100,
        worstDimension: dims[0][0],
      };
    })
    .sort((a, b) => a.worst - b.worst || a.completeness + a.validity + a.freshness - (b.completeness + b.validity + b.freshness));
}
