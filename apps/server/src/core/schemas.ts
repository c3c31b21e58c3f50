// Reusable zod pieces with Chinese messages.
import { z } from 'zod';
import { isoDateProblem, phoneProblem } from '@cg/domain';

export const uuidParam = z.strictObject({ id: z.uuid('编号格式不正确') });

export const uuid = (label: string) => z.uuid(`${label}格式不正确`);

export const isoDate = (label: string) =>
  z.string().superRefine((v, ctx) => {
    const p = isoDateProblem(v, label);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });

export const phone = (label = '手机') =>
  z.string().trim().superRefine((v, ctx) => {
    const p = phoneProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: `${label}${p.startsWith(label) ? p.slice(label.length) : '：' + p}` });
  });

/** Optional text: trims, turns '' into null. */
export const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label}不能超过${max}个字符`).nullish().transform((v) => (v === undefined ? undefined : v || null));
