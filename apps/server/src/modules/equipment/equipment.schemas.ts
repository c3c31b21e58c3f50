// Request rules of the 执法装备库 API. Attribute values are checked against their category in the service.
import { z } from 'zod';
import { assetTagProblem, EQUIPMENT_GROUPS, EQUIPMENT_STATUSES, LEDGER_ACTIONS } from '@cg/domain';
import { isoDate, optionalText } from '../../core/schemas.ts';

const assetTag = z.string({ error: '请填写资产编号' }).trim().toUpperCase().superRefine((v, ctx) => {
  const p = assetTagProblem(v);
  if (p) ctx.addIssue({ code: 'custom', message: p });
});

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const optionalDate = (label: string) => z.preprocess(blankToNull, isoDate(label).nullish());

export const itemFields = {
  categoryId: z.uuid('装备类别格式不正确'),
  assetTag,
  serialNo: optionalText(60, '序列号'),
  brand: optionalText(40, '品牌'),
  model: z.string({ error: '请填写型号' }).trim().min(1, '请填写型号').max(60, '型号不能超过60个字符'),
  responsibleOfficerId: z.preprocess(blankToNull, z.uuid('责任人格式不正确').nullish()),
  purchaseDate: optionalDate('购置日期'),
  warrantyUntil: optionalDate('保修截止日期'),
  attributes: z.record(z.string(), z.unknown(), { error: '性能属性须为对象' }).optional(),
  location: optionalText(100, '存放位置'),
  notes: optionalText(500, '备注'),
};

export const itemCreateSchema = z.strictObject({ unitId: z.uuid('所属单位格式不正确'), ...itemFields });
export type ItemCreateInput = z.infer<typeof itemCreateSchema>;

export const itemUpdateSchema = z.strictObject({
  version: z.number({ error: '缺少版本号' }).int().positive(),
  assetTag: itemFields.assetTag.optional(),
  serialNo: itemFields.serialNo,
  brand: itemFields.brand,
  model: itemFields.model.optional(),
  responsibleOfficerId: itemFields.responsibleOfficerId,
  purchaseDate: itemFields.purchaseDate,
  warrantyUntil: itemFields.warrantyUntil,
  attributes: itemFields.attributes,
  location: itemFields.location,
  notes: itemFields.notes,
});
export type ItemUpdateInput = z.infer<typeof itemUpdateSchema>;

export const ITEM_SORT_FIELDS = ['assetTag', 'model', 'status', 'purchaseDate', 'updatedAt', 'unitName', 'categoryName'] as const;
export type ItemSortField = (typeof ITEM_SORT_FIELDS)[number];

export const itemFilterFields = {
  unitId: z.uuid('所属单位格式不正确').optional(),
  categoryId: z.uuid('装备类别格式不正确').optional(),
  group: z.enum(EQUIPMENT_GROUPS, { error: '装备分组不正确' }).optional(),
  status: z.enum(EQUIPMENT_STATUSES, { error: `装备状态只能是：${EQUIPMENT_STATUSES.join('、')}` }).optional(),
  q: z.string().trim().max(50, '关键字不能超过50个字符').optional(),
  holderOfficerId: z.uuid('持有人格式不正确').optional(),
  holderVehicleId: z.uuid('车辆格式不正确').optional(),
  responsibleOfficerId: z.uuid('责任人格式不正确').optional(),
  noResponsible: z.enum(['true'], { error: 'noResponsible 只能为 true' }).optional(),
  overdue: z.enum(['true'], { error: 'overdue 只能为 true' }).optional(),
};

export const ledgerActionSchema = z.strictObject({
  action: z.enum(LEDGER_ACTIONS, { error: '台账操作不正确' }),
  officerId: z.uuid('人员格式不正确').optional(),
  toUnitId: z.uuid('调入单位格式不正确').optional(),
  vehicleId: z.uuid('车辆格式不正确').optional(),
  expectedReturnAt: z.iso.datetime({ offset: true, error: '预计归还时间须为 ISO 8601 时间' }).optional(),
  note: optionalText(500, '说明'),
});
export type LedgerActionInput = z.infer<typeof ledgerActionSchema>;
