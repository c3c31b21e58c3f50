import type { OfficerListQuery } from '../../api/types';
import { useListQuery } from '../../lib/use-list-query';

const FILTER_KEYS = ['unitId', 'q', 'status', 'certStatus', 'position', 'gender', 'quality'] as const;

/** The officer list's filters, page and sort, held in the URL. */
export function useOfficerQuery() {
  return useListQuery<OfficerListQuery>(FILTER_KEYS);
}

/** The filters only (no paging) — what 导出Excel sends. */
export function filtersOf(query: OfficerListQuery): OfficerListQuery {
  const { page: _p, pageSize: _s, ...rest } = query;
  return rest;
}
