// 诉件统计: types mirroring apps/server/src/modules/complaints/complaint-stats.service.ts and
// complaint-indicators.service.ts, and one small function per route (kept apart from complaints.ts, which the phone app shares).
import { http } from './client';
import type { ComplaintStatus } from './complaints';

/** A headline figure and the list query (GET /api/complaints) that shows the complaints behind it. */
export interface StatsFigure {
  label: string;
  value: number | null;
  definition: string;
  listQuery: string;
  numerator?: string;
  denominator?: string;
}

export interface StatsCounts {
  received: number; handled: number; handledOnTime: number; onTimeRate: number | null; open: number; overdueOpen: number;
  reopened: number; reopenRate: number | null; returned: number; returnRate: number | null;
}

export interface CategoryStats extends StatsCounts { categoryId: string; categoryCode: string; categoryName: string; listQuery: string }
export interface UnitStats extends StatsCounts { unitId: string; unitName: string; kind: string; listQuery: string }
export interface RepeatLocation {
  lat: number; lon: number; count: number; open: number; address: string | null; complaintIds: string[]; idsTruncated: boolean;
}
export interface HeatCell { lat: number; lon: number; weight: number }

export type FigureKey = 'received' | 'handled' | 'handledOnTime' | 'onTimeRate' | 'open' | 'overdueOpen' | 'reopened' | 'reopenRate'
  | 'returned' | 'returnRate' | 'mergedDuplicates';
export type SatisfactionKey = 'satisfied' | 'basicallySatisfied' | 'dissatisfied' | 'unrated';

export interface ComplaintStats {
  unitId: string; unitName: string; from: string; to: string; generatedAt: string;
  figures: Record<FigureKey, StatsFigure>;
  satisfaction: Record<SatisfactionKey, StatsFigure>;
  byCategory: CategoryStats[];
  byUnit: UnitStats[];
  repeatLocations: { cellM: number; minCount: number; items: RepeatLocation[]; truncated: boolean };
  heat: { cellM: number; items: HeatCell[]; truncated: boolean };
}

export interface StatsQuery { from?: string; to?: string; unitId?: string; heatCellM?: number }

export interface MapQuery {
  minLon: number; minLat: number; maxLon: number; maxLat: number; zoom: number;
  unitId?: string; status?: ComplaintStatus | 'open'; categoryId?: string; receivedFrom?: string; receivedTo?: string;
}
export interface MapPoint {
  id: string; code: string; status: ComplaintStatus; statusLabel: string; categoryName: string; lat: number; lon: number; overdue: boolean;
}
export interface MapCluster { lat: number; lon: number; count: number; open: number; overdue: number }
export type MapAnswer =
  | { mode: 'points'; total: number; cap: number; points: MapPoint[]; clusters: [] }
  | { mode: 'clusters'; total: number; cap: number; cellDeg: number; points: []; clusters: MapCluster[] };

export interface IndicatorRecord { id: string; code: string; unitName: string; ok: boolean; detail: string }
export interface ComplaintIndicator {
  key: 'on_time' | 'reopen_return' | 'archive_complete';
  name: string;
  definition: string;
  numerator: number;
  denominator: number;
  /** null when there is nothing to measure. */
  rate: number | null;
  higherIsBetter: boolean;
  records: IndicatorRecord[];
  recordsTruncated: boolean;
}
export interface ComplaintIndicators { unitId: string; unitName: string; from: string; to: string; indicators: ComplaintIndicator[] }

export const complaintStatsApi = {
  stats: (query: StatsQuery, signal?: AbortSignal) => http.get<ComplaintStats>('/complaints/stats', query, signal),
  map: (query: MapQuery, signal?: AbortSignal) => http.get<MapAnswer>('/complaints/map', query, signal),
  indicators: (query: { unitId?: string; from: string; to: string }, signal?: AbortSignal) =>
    http.get<ComplaintIndicators>('/complaints/indicators', query, signal),
};
