import type { ComplaintListQuery, ComplaintSource, ComplaintStatus } from '../../api/complaints';
import { useListQuery } from '../../lib/use-list-query';

/** The list's query as the URL holds it (overdue as text). */
export interface ComplaintUrlQuery {
  page?: number; pageSize?: number; sort?: string;
  unitId?: string; status?: ComplaintStatus | 'open'; categoryId?: string; source?: ComplaintSource;
  overdue?: 'true' | 'false'; q?: string; receivedFrom?: string; receivedTo?: string;
}

export const FILTER_KEYS = ['unitId', 'status', 'categoryId', 'source', 'overdue', 'q', 'receivedFrom', 'receivedTo'] as const;

/** The 诉件列表's filters, page and sort, held in the URL (so 返回 from a detail keeps them). */
export function useComplaintQuery() {
  return useListQuery<ComplaintUrlQuery>(FILTER_KEYS);
}

export function toApiQuery(q: ComplaintUrlQuery): ComplaintListQuery {
  const { overdue, ...rest } = q;
  return { ...rest, overdue: overdue === 'true' ? true : overdue === 'false' ? false : undefined };
}

export function hasFilters(q: ComplaintUrlQuery): boolean {
  return FILTER_KEYS.some((k) => k !== 'unitId' && Boolean(q[k]));
}
