// The list convention: ?page=&pageSize=&sort=field|-field → {items, total, page, pageSize}.
import { z } from 'zod';

export const pageQuery = {
  page: z.coerce.number().int().min(1, '页码须为正整数').default(1),
  pageSize: z.coerce.number().int().min(1, '每页条数至少为1').max(200, '每页条数不能超过200').default(20),
  sort: z.string().max(40).optional(),
};

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function sortSchema(allowed: readonly string[]) {
  const values = allowed.flatMap((f) => [f, `-${f}`]);
  return z
    .string()
    .refine((v) => values.includes(v), { message: `排序字段只能是 ${allowed.join('、')}（前加“-”为降序）` })
    .optional();
}

export function parseSort<F extends string>(sort: string | undefined, fallback: string): { field: F; desc: boolean } {
  const s = sort ?? fallback;
  return s.startsWith('-') ? { field: s.slice(1) as F, desc: true } : { field: s as F, desc: false };
}
