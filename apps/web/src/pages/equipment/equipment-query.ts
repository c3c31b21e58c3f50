import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@cg/domain';
import type { EquipmentListQuery } from '../../api/types';

const FILTER_KEYS = ['unitId', 'q', 'group', 'categoryId', 'status', 'overdue', 'noResponsible'] as const;
const FLAG_KEYS = new Set<string>(['overdue', 'noResponsible']);

/** The equipment list's filters, page and sort live in the URL so that 返回 from a detail page keeps them. */
export function useEquipmentQuery(): [
  EquipmentListQuery,
  (patch: Partial<EquipmentListQuery>, resetPage?: boolean) => void,
] {
  const [params, setParams] = useSearchParams();
  const query = useMemo<EquipmentListQuery>(() => {
    const q: Record<string, string | number> = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      // The flags are only ever `true`; anything else in the URL is ignored rather than sent.
      if (v && (!FLAG_KEYS.has(k) || v === 'true')) q[k] = v;
    }
    q.page = Math.max(1, Number(params.get('page')) || 1);
    q.pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));
    const sort = params.get('sort');
    if (sort) q.sort = sort;
    return q as EquipmentListQuery;
  }, [params]);

  const update = useCallback(
    (patch: Partial<EquipmentListQuery>, resetPage = true) => {
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

export function hasEquipmentFilters(q: EquipmentListQuery): boolean {
  return Boolean(q.q || q.group || q.categoryId || q.status || q.overdue || q.noResponsible);
}
