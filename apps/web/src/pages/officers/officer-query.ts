import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { OfficerListQuery } from '../../api/types';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@cg/domain';

const FILTER_KEYS = ['unitId', 'q', 'status', 'certStatus', 'position', 'gender', 'quality'] as const;

/** The officer list's filters, page and sort live in the URL so that 返回 from a detail page keeps them. */
export function useOfficerQuery(): [OfficerListQuery, (patch: Partial<OfficerListQuery>, resetPage?: boolean) => void] {
  const [params, setParams] = useSearchParams();
  const query = useMemo<OfficerListQuery>(() => {
    const q: Record<string, string | number> = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) q[k] = v;
    }
    q.page = Math.max(1, Number(params.get('page')) || 1);
    q.pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));
    const sort = params.get('sort');
    if (sort) q.sort = sort;
    return q as OfficerListQuery;
  }, [params]);

  const update = useCallback(
    (patch: Partial<OfficerListQuery>, resetPage = true) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === null || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          if (resetPage && !('page' in patch)) next.delete('page');
          if (next.get('page') === '1') next.delete('page');
          if (next.get('pageSize') === String(DEFAULT_PAGE_SIZE)) next.delete('pageSize');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [query, update];
}

/** The filters only (no paging) — what 导出Excel sends. */
export function filtersOf(query: OfficerListQuery): OfficerListQuery {
  const { page: _p, pageSize: _s, ...rest } = query;
  return rest;
}
