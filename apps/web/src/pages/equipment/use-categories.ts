import { equipmentApi } from '../../api/endpoints';
import type { EquipmentCategory } from '../../api/types';
import { useRequest, type RequestState } from '../../lib/use-request';

// Categories change rarely (the city admin edits them), so one load serves every screen of the session.
let cache: Promise<EquipmentCategory[]> | null = null;

export function loadCategories(): Promise<EquipmentCategory[]> {
  if (!cache) {
    cache = equipmentApi.categories().catch((e: unknown) => {
      cache = null;
      throw e;
    });
  }
  return cache;
}

/** After a category was created or changed: the next loadCategories asks the server again. */
export function forgetCategories(): void {
  cache = null;
}

/** GET /api/equipment/categories, once per page load. */
export function useEquipmentCategories(): RequestState<EquipmentCategory[]> {
  return useRequest(() => loadCategories(), []);
}

/** Select options grouped by 分组 (EQUIPMENT_GROUPS order as the server sorts them). */
export function categoryOptions(categories: EquipmentCategory[] | undefined, group?: string) {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const c of categories ?? []) {
    if (group && c.groupName !== group) continue;
    const list = groups.get(c.groupName) ?? [];
    list.push({ value: c.id, label: c.active ? c.name : `${c.name}（已停用）` });
    groups.set(c.groupName, list);
  }
  return [...groups].map(([label, options]) => ({ label, title: label, options }));
}
