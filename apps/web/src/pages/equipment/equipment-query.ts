import type { EquipmentListQuery } from '../../api/types';
import { useListQuery } from '../../lib/use-list-query';

const FILTER_KEYS = ['unitId', 'q', 'group', 'categoryId', 'status', 'overdue', 'noResponsible'] as const;
const FLAG_KEYS = ['overdue', 'noResponsible'] as const;

/** The equipment list's filters, page and sort, held in the URL. */
export function useEquipmentQuery() {
  return useListQuery<EquipmentListQuery>(FILTER_KEYS, FLAG_KEYS);
}

export function hasEquipmentFilters(q: EquipmentListQuery): boolean {
  return Boolean(q.q || q.group || q.categoryId || q.status || q.overdue || q.noResponsible);
}
