// List convention shared by every GET list route: ?page=1&pageSize=20&sort=field (-field for descending).
export type SortDirection = 'asc' | 'desc';
export interface SortSpec<F extends string = string> {
  field: F;
  direction: SortDirection;
}

function splitSort(raw: string): { field: string; direction: SortDirection } {
  return raw.startsWith('-') ? { field: raw.slice(1), direction: 'desc' } : { field: raw, direction: 'asc' };
}

/**
 * Parses `sort` against the route's allowed fields; an absent or empty `sort` falls back to `fallback`
 * (itself in `field` / `-field` form). Unknown fields answer an error for a 400 rather than being ignored,
 * so a typo in a client is noticed. A fallback outside `allowed` is a programming error and throws.
 */
export function parseSort<F extends string>(
  sort: string | undefined | null,
  allowed: readonly F[],
  fallback: string,
): SortSpec<F> | { error: string } {
  const raw = (sort ?? '').trim();
  if (raw === '') {
    const fb = splitSort(fallback);
    if (!allowed.includes(fb.field as F)) throw new Error(`默认排序字段不在允许列表中：${fallback}`);
    return { field: fb.field as F, direction: fb.direction };
  }
  const { field, direction } = splitSort(raw);
  if (field === '') return { error: '排序参数格式不正确，应为“字段”或“-字段”' };
  if (!allowed.includes(field as F)) {
    return { error: `不支持按“${field}”排序，可选字段：${allowed.join('、')}` };
  }
  return { field: field as F, direction };
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;
