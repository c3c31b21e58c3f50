// The list convention: ?page=&pageSize=&sort=field|-field → {items, total, page, pageSize}.
import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseSort } from '@cg/domain';

export const pageQuery = {
  page: z.coerce.number().int().min(1, '页码须为正整数').default(1),
  pageSize: z.coerce.number().int().min(1, '每页条数至少为1').max(MAX_PAGE_SIZE, `每页条数不能超过${MAX_PAGE_SIZE}`).default(DEFAULT_PAGE_SIZE),
};

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** `?sort=field|-field` checked against the route's fields; yields `{field, desc}` with the fallback when absent. */
export function sortSchema<F extends string>(allowed: readonly F[], fallback: string) {
  return z.string().max(40).optional().transform((value, ctx) => {
    const spec = parseSort(value, allowed, fallback);
    if ('error' in spec) {
      ctx.addIssue({ code: 'custom', message: spec.error });
      return z.NEVER;
    }
    return { field: spec.field, desc: spec.direction === 'desc' };
  });
}
