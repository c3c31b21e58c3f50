// Officer input rules, shared by the API and the Excel import so both say the same thing about the same mistake.
import { z } from 'zod';
import {
  badgeNoProblem, CERT_STATUSES, GENDERS, idNumberProblem, OFFICER_STATUSES, personNameProblem, POSITIONS,
} from '@cg/domain';
import { isoDate, phone } from '../../core/schemas.ts';

const ID_MESSAGES = {
  format: '身份证号格式不正确，应为18位（末位可为X）',
  birthDate: '身份证号中的出生日期无效',
  checksum: '身份证号校验位错误',
} as const;

const refineWith = (check: (v: string) => string | null) => (v: string, ctx: z.RefinementCtx) => {
  const p = check(v);
  if (p) ctx.addIssue({ code: 'custom', message: p });
};

/** A blank string clears an optional field (null); an absent one leaves it as it is (undefined). */
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToNull, schema.nullish());

export const officerFields = {
  name: z.string({ error: '请填写姓名' }).trim().min(1, '请填写姓名').superRefine(refineWith(personNameProblem)),
  gender: z.enum(GENDERS, { error: '性别应为“男”或“女”' }),
  idNumber: z.string({ error: '请填写身份证号' }).trim().toUpperCase()
    .superRefine(refineWith((v) => { const p = idNumberProblem(v); return p ? ID_MESSAGES[p] : null; })),
  badgeNo: optional(z.string().trim().toUpperCase().superRefine(refineWith(badgeNoProblem))),
  position: z.enum(POSITIONS, { error: `职务只能是：${POSITIONS.join('、')}` }),
  phone: optional(phone('手机')),
  status: z.enum(OFFICER_STATUSES, { error: `人员状态只能是：${OFFICER_STATUSES.join('、')}` }),
  hireDate: optional(isoDate('入职日期')),
  certStatus: z.enum(CERT_STATUSES, { error: `持证状态只能是：${CERT_STATUSES.join('、')}` }),
  certExpiry: optional(isoDate('证件有效期')),
};

export const officerCreateSchema = z.strictObject({
  unitId: z.uuid('所属单位格式不正确'),
  ...officerFields,
});
export type OfficerCreateInput = z.infer<typeof officerCreateSchema>;

export const officerUpdateSchema = z.strictObject({
  version: z.number({ error: '缺少版本号' }).int().positive(),
  name: officerFields.name.optional(),
  gender: officerFields.gender.optional(),
  idNumber: officerFields.idNumber.optional(),
  badgeNo: officerFields.badgeNo,
  position: officerFields.position.optional(),
  phone: officerFields.phone,
  status: officerFields.status.optional(),
  hireDate: officerFields.hireDate,
  certStatus: officerFields.certStatus.optional(),
  certExpiry: officerFields.certExpiry,
});
export type OfficerUpdateInput = z.infer<typeof officerUpdateSchema>;

export const OFFICER_SORT_FIELDS = ['name', 'badgeNo', 'hireDate', 'updatedAt', 'unitName', 'status', 'certExpiry'] as const;
export type OfficerSortField = (typeof OFFICER_SORT_FIELDS)[number];

export const officerFilterFields = {
  unitId: z.uuid('所属单位格式不正确').optional(),
  q: z.string().trim().max(50, '关键字不能超过50个字符').optional(),
  status: z.enum(OFFICER_STATUSES, { error: '人员状态不正确' }).optional(),
  certStatus: z.enum(CERT_STATUSES, { error: '持证状态不正确' }).optional(),
  position: z.enum(POSITIONS, { error: '职务不正确' }).optional(),
  gender: z.enum(GENDERS, { error: '性别不正确' }).optional(),
  quality: z.enum(['incomplete', 'invalid', 'stale', 'ok'], { error: '数据质量筛选只能是 incomplete、invalid、stale、ok' }).optional(),
};
