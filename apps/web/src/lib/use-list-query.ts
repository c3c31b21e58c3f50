import type { TableProps } from 'antd';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@cg/domain';

/** Query of a server-side list (filters, page, pageSize, sort). */
export interface ListQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
}

/**
 * A list's filters, page and sort held in the URL, so that 返回 from a detail page keeps them. `flags` are
 * filters that are only ever `true`; anything else in the URL for them is ignored rather than sent.
 */
export function useListQuery<Q extends ListQuery>(
  filterKeys: readonly string[], flags: readonly string[] = [],
): [Q, (patch: Partial<Q>, resetPage?: boolean) => void] {
  const [params, setParams] = useSearchParams();
  const query = useMemo<Q>(() => {
    const q: Record<string, string | number> = {};
    for (const k of filterKeys) {
      const v = params.get(k);
      if (v && (!flags.includes(k) || v === 'true')) q[k] = v;
    }
    q.page = Math.max(1, Number(params.get('page')) || 1);
    q.pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));
    const sort = params.get('sort');
    if (sort) q.sort = sort;
    return q as unknown as Q;
  }, [params, filterKeys, flags]);

  const update = useCallback(
    (patch: Partial<Q>, resetPage = true) => {
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

/** Paging and sorting of an antd Table bound to a URL-held list query (server-side paging). */
export function serverTableProps<Row, Q extends ListQuery = ListQuery>(
  query: Q, update: (patch: Partial<Q>, resetPage?: boolean) => void, total: number, unit: string, compact: boolean,
  /** The server stopped counting at `total` (very large lists): show it as “N+”. */
  totalCapped = false,
): Pick<TableProps<Row>, 'pagination' | 'onChange'> {
  return {
    pagination: {
      current: query.page, pageSize: query.pageSize, total, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100, 200],
      showTotal: (t) => `共 ${t}${totalCapped ? '+' : ''} ${unit}`, size: compact ? 'small' : undefined, simple: compact,
    },
    onChange: (pagination, _filters, sorter, extra) => {
      if (extra.action === 'sort') {
        const s = Array.isArray(sorter) ? sorter[0] : sorter;
        const field = s?.columnKey ?? s?.field;
        update({ sort: s?.order && field ? `${s.order === 'descend' ? '-' : ''}${String(field)}` : undefined } as Partial<Q>);
      } else if (extra.action === 'paginate') {
        update({ page: pagination.current, pageSize: pagination.pageSize } as Partial<Q>, false);
      }
    },
  };
}
