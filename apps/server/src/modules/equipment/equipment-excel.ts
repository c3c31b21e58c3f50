// Excel import (all-or-nothing, row-by-row report) and export of the 执法装备库.
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import {
  assetTagProblem, equipmentAttributeProblems, isoDateProblem, normalizeAssetTag, normalizeAttributes, shanghaiDate,
  type EquipmentAttributeDef,
} from '@cg/domain';
import { equipmentItems, equipmentLedger, queryRows, sql, type Database } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import { dataRows, defineColumns, loadFirstSheet, locateColumns, type ColumnDef } from '../../core/excel.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { officersByBadge } from '../officers/officers.service.ts';
import { getUnitByCode, getUnitInScope, type UnitRow } from '../units/units.service.ts';
import { listCategories, type CategoryRow, type ItemRecord } from './equipment.service.ts';
import { TERMINAL_CATEGORY_CODE } from './terminals.service.ts';
import { problemMessages } from './equipment-attribute-check.ts';

export const MAX_IMPORT_ROWS = 20_000;
export const MAX_EXPORT_ROWS = 200_000;

export const COLUMNS = [
  { key: 'assetTag', header: '资产编号', width: 18, text: true },
  { key: 'category', header: '类别', width: 14 },
  { key: 'brand', header: '品牌', width: 12 },
  { key: 'model', header: '型号', width: 16 },
  { key: 'serialNo', header: '序列号', width: 18, text: true },
  { key: 'unitCode', header: '所属单位编码', width: 14, text: true },
  { key: 'unitName', header: '所属单位', width: 24 },
  { key: 'status', header: '状态', width: 8 },
  { key: 'responsibleBadge', header: '责任人执法证号', width: 16, text: true },
  { key: 'responsibleName', header: '责任人', width: 10 },
  { key: 'holderName', header: '持有人', width: 10 },
  { key: 'expectedReturnAt', header: '预计归还', width: 18 },
  { key: 'purchaseDate', header: '购置日期', width: 12 },
  { key: 'warrantyUntil', header: '保修截止', width: 12 },
  { key: 'location', header: '存放位置', width: 16 },
  { key: 'notes', header: '备注', width: 20 },
  { key: 'attributes', header: '性能属性', width: 48 },
] as const satisfies readonly ColumnDef[];
type ColumnKey = (typeof COLUMNS)[number]['key'];
const REQUIRED: ColumnKey[] = ['assetTag', 'category', 'model'];

/** `分辨率=1080P；存储容量=64` — attribute labels of the item's category. */
export function formatAttributes(defs: readonly EquipmentAttributeDef[], values: Record<string, unknown>): string {
  return defs.filter((d) => values[d.key] !== undefined && values[d.key] !== null)
    .map((d) => `${d.label}=${typeof values[d.key] === 'boolean' ? (values[d.key] ? '是' : '否') : String(values[d.key])}`)
    .join('；');
}

export function parseAttributes(defs: readonly EquipmentAttributeDef[], text: string | null): { values: Record<string, unknown>; problems: string[] } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  if (!text) return { values, problems };
  for (const part of text.split(/[；;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const eqAt = part.search(/[=＝:：]/);
    if (eqAt <= 0) {
      problems.push(`“${part}”应写成“属性=值”`);
      continue;
    }
    const label = part.slice(0, eqAt).trim();
    const def = defs.find((d) => d.label === label || d.key === label);
    if (!def) {
      problems.push(`该类别没有“${label}”属性（可填：${defs.map((d) => d.label).join('、')}）`);
      continue;
    }
    values[def.key] = part.slice(eqAt + 1).trim();
  }
  return { values, problems };
}

export async function exportItemsWorkbook(db: Database, rows: ItemRecord[]): Promise<Buffer> {
  const categories = new Map((await listCategories(db)).map((c) => [c.id, c]));
  const wb = new ExcelJS.Workbook();
  wb.creator = '上海城管执法基层中队信息化平台';
  const sheet = wb.addWorksheet('执法装备库');
  defineColumns(sheet, COLUMNS);
  for (const r of rows) {
    const category = categories.get(r.categoryId);
    sheet.addRow({
      assetTag: r.assetTag, category: r.categoryName, brand: r.brand ?? '', model: r.model, serialNo: r.serialNo ?? '',
      unitCode: r.unitCode, unitName: r.unitName, status: r.status,
      responsibleBadge: r.responsibleBadgeNo ?? '', responsibleName: r.responsibleOfficerName ?? '',
      holderName: r.holderOfficerName ?? '', expectedReturnAt: r.expectedReturnAt ? new Date(r.expectedReturnAt).toISOString() : '',
      purchaseDate: r.purchaseDate ?? '', warrantyUntil: r.warrantyUntil ?? '', location: r.location ?? '', notes: r.notes ?? '',
      attributes: category ? formatAttributes(category.attributes, r.attributes) : '',
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function itemsTemplateWorkbook(example: { unitCode: string; unitName: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('执法装备库');
  defineColumns(sheet, COLUMNS);
  sheet.addRow({
    assetTag: `${example.unitCode}-BC-0001`, category: '执法记录仪', brand: '海康威视', model: 'DSJ-X1', serialNo: 'HK2026000001',
    unitCode: example.unitCode, unitName: example.unitName, responsibleBadge: '', purchaseDate: '2026-03-01',
    warrantyUntil: '2029-02-28', location: '装备室', attributes: '分辨率=1080P；存储容量=64；续航时间=10；联网方式=4G；定位=是',
  });
  const notes = wb.addWorksheet('填写说明');
  notes.addRows([
    ['列', '说明'],
    ['资产编号、类别、型号', '必填；资产编号全库唯一（字母、数字、横线）'],
    ['类别', '装备类别名称，如 执法记录仪、对讲机、执法车辆'],
    ['性能属性', '“属性=值”，多个用“；”分隔；属性名见该类别（车辆须填 车牌号）'],
    ['所属单位编码', '留空则导入到导入时选择的单位'],
    ['责任人执法证号', '可选；须为本单位或下级单位的执法人员'],
    ['状态、责任人、持有人、预计归还', '仅导出时填写；导入的装备一律登记为“在库”，领用借用请在台账中操作'],
    ['说明', '示例行请删除后再导入；任何一行有误时整个文件不导入'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface GoodRow {
  row: number;
  unit: UnitRow;
  category: CategoryRow;
  assetTag: string;
  model: string;
  serialNo: string | null;
  brand: string | null;
  responsibleOfficerId: string | null;
  purchaseDate: string | null;
  warrantyUntil: string | null;
  location: string | null;
  notes: string | null;
  attributes: Record<string, unknown>;
}

/** Registers every row as 在库 or, if any row is wrong, nothing — and says which rows and why. */
export async function importItemsWorkbook(
  db: Database, user: AuthUser, actor: Actor, file: Buffer, defaultUnitId: string | undefined,
): Promise<{ imported: number }> {
  const sheet = await loadFirstSheet(file);
  const positions = locateColumns(sheet, COLUMNS, REQUIRED);
  const defaultUnit = defaultUnitId ? await getUnitInScope(db, user, defaultUnitId) : null;
  const categories = await listCategories(db);
  const categoryByName = new Map(categories.flatMap((c) => [[c.name, c], [c.code, c]] as const));
  const unitCache = new Map<string, UnitRow | null>();
  const errors: ErrorDetail[] = [];
  const good: GoodRow[] = [];
  const badgeRows: { row: number; badge: string; index: number }[] = [];
  const seenTag = new Map<string, number>();
  const seenSerial = new Map<string, number>();
  let rowCount = 0;

  for (const { row, values: v, problems } of dataRows(sheet, COLUMNS, positions, MAX_IMPORT_ROWS)) {
    rowCount += 1;
    const rowErrors: ErrorDetail[] = [...problems];
    const err = (field: string, message: string) => rowErrors.push({ row, field, message });
    const assetTag = v.assetTag ? normalizeAssetTag(v.assetTag) : '';
    if (!assetTag) err('资产编号', '请填写资产编号');
    else {
      const p = assetTagProblem(assetTag);
      if (p) err('资产编号', p);
      else if (seenTag.has(assetTag)) err('资产编号', `与第 ${seenTag.get(assetTag)} 行的资产编号重复`);
      else seenTag.set(assetTag, row);
    }
    const category = v.category ? categoryByName.get(v.category) : undefined;
    if (!v.category) err('类别', '请填写类别');
    else if (!category) err('类别', `没有名为“${v.category}”的装备类别`);
    else if (!category.active) err('类别', `装备类别“${category.name}”已停用，不能登记新装备`);
    const model = v.model?.trim() ?? '';
    if (!model) err('型号', '请填写型号');
    else if (model.length > 60) err('型号', '型号不能超过60个字符');
    const serialNo = v.serialNo?.trim() || null;
    if (serialNo && model) {
      const key = `${model}\u0000${serialNo}`;
      if (seenSerial.has(key)) err('序列号', `与第 ${seenSerial.get(key)} 行的型号与序列号重复`);
      else seenSerial.set(key, row);
    }
    for (const [key, label] of [['purchaseDate', '购置日期'], ['warrantyUntil', '保修截止']] as const) {
      const value = v[key];
      const p = value ? isoDateProblem(value, label) : null;
      if (p) err(label, p);
    }
    let unit = defaultUnit;
    if (v.unitCode) {
      if (!unitCache.has(v.unitCode)) {
        const u = await getUnitByCode(db, v.unitCode);
        unitCache.set(v.unitCode, u && u.path.startsWith(user.unitPath) ? u : null);
      }
      unit = unitCache.get(v.unitCode) ?? null;
      if (!unit) err('所属单位编码', `单位编码 ${v.unitCode} 不存在或不在您的管辖范围内`);
    } else if (!unit) err('所属单位编码', '请填写所属单位编码，或在导入时选择单位');
    let attributes: Record<string, unknown> = {};
    if (category) {
      const parsed = parseAttributes(category.attributes, v.attributes ?? null);
      parsed.problems.forEach((m) => err('性能属性', m));
      for (const p of equipmentAttributeProblems(category.attributes, parsed.values)) err('性能属性', p.message);
      attributes = normalizeAttributes(category.attributes, parsed.values);
    }
    for (const [key, label, max] of [['location', '存放位置', 100], ['notes', '备注', 500], ['brand', '品牌', 40]] as const) {
      if ((v[key]?.length ?? 0) > max) err(label, `${label}不能超过${max}个字符`);
    }
    if (rowErrors.length === 0 && unit && category) {
      if (v.responsibleBadge) badgeRows.push({ row, badge: v.responsibleBadge.toUpperCase(), index: good.length });
      good.push({
        row, unit, category, assetTag, model, serialNo, brand: v.brand || null, responsibleOfficerId: null,
        purchaseDate: v.purchaseDate || null, warrantyUntil: v.warrantyUntil || null, location: v.location || null,
        notes: v.notes || null, attributes,
      });
    }
    errors.push(...rowErrors);
  }
  if (rowCount === 0) throw new AppError(400, 'VALIDATION_FAILED', '文件中没有数据行', [{ field: 'file', message: '没有数据行' }]);

  // Checks against what the database already holds, for the rows that are fine on their own.
  const officers = await officersByBadge(db, user, [...new Set(badgeRows.map((b) => b.badge))]);
  for (const b of badgeRows) {
    const officer = officers.get(b.badge);
    if (!officer) errors.push({ row: b.row, field: '责任人执法证号', message: `执法证号 ${b.badge} 不存在或不在您的管辖范围内` });
    else good[b.index].responsibleOfficerId = officer.id;
  }
  const existing = await queryRows<{ asset_tag: string; model: string; serial_no: string | null }>(db, sql`
    SELECT asset_tag, model, serial_no FROM equipment_items
    WHERE asset_tag = ANY(${sql.param([...seenTag.keys()])}::text[])
       OR (model, serial_no) IN (SELECT * FROM unnest(${sql.param(good.map((g) => g.model))}::text[], ${sql.param(good.map((g) => g.serialNo))}::text[]))`);
  const takenTags = new Set(existing.map((e) => e.asset_tag));
  const takenSerials = new Set(existing.map((e) => `${e.model}\u0000${e.serial_no}`));
  for (const g of good) {
    if (takenTags.has(g.assetTag)) errors.push({ row: g.row, field: '资产编号', message: `资产编号 ${g.assetTag} 已在执法装备库中` });
    if (g.serialNo && takenSerials.has(`${g.model}\u0000${g.serialNo}`)) errors.push({ row: g.row, field: '序列号', message: `型号 ${g.model} 的序列号 ${g.serialNo} 已登记` });
  }
  // One 终端手机号 per terminal in service, within the file and against the database.
  const terminals = good.filter((g) => g.category.code === TERMINAL_CATEGORY_CODE && typeof g.attributes.terminalPhone === 'string');
  if (terminals.length) {
    const phones = terminals.map((g) => g.attributes.terminalPhone as string);
    const registered = new Map((await queryRows<{ phone: string; asset_tag: string }>(db, sql`
      SELECT i.attributes->>'terminalPhone' AS phone, i.asset_tag FROM equipment_items i
      JOIN equipment_categories c ON c.id = i.category_id AND c.code = ${TERMINAL_CATEGORY_CODE}
      WHERE i.status NOT IN ('报废', '遗失') AND i.attributes->>'terminalPhone' = ANY(${sql.param(phones)}::text[])`)).map((r) => [r.phone, r.asset_tag]));
    const seenPhone = new Map<string, number>();
    for (const g of terminals) {
      const phone = g.attributes.terminalPhone as string;
      if (registered.has(phone)) errors.push({ row: g.row, field: '性能属性', message: `终端手机号 ${phone} 已登记在装备 ${registered.get(phone)}` });
      else if (seenPhone.has(phone)) errors.push({ row: g.row, field: '性能属性', message: `与第 ${seenPhone.get(phone)} 行的终端手机号重复` });
      else seenPhone.set(phone, g.row);
    }
  }
  if (errors.length) {
    errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const badRows = new Set(errors.map((e) => e.row)).size;
    throw new AppError(422, 'IMPORT_INVALID', `共 ${rowCount} 行数据，其中 ${badRows} 行有误，未导入任何数据`, errors);
  }

  await db.transaction(async (tx) => {
    const items = good.map((g) => ({
      id: randomUUID(), unitId: g.unit.id, categoryId: g.category.id, assetTag: g.assetTag, serialNo: g.serialNo, brand: g.brand,
      model: g.model, status: '在库', responsibleOfficerId: g.responsibleOfficerId, purchaseDate: g.purchaseDate,
      warrantyUntil: g.warrantyUntil, attributes: g.attributes, attributeProblems: problemMessages(g.category.attributes, g.attributes),
      location: g.location, notes: g.notes,
    }));
    for (let i = 0; i < items.length; i += 500) {
      const batch = items.slice(i, i + 500);
      await tx.insert(equipmentItems).values(batch);
      await tx.insert(equipmentLedger).values(batch.map((it) => ({
        itemId: it.id, unitId: it.unitId, action: 'register', toStatus: '在库', note: 'Excel导入', actorId: actor.id, actorName: actor.name,
      })));
    }
    await appendAudit(tx, actor, items.map((it) => ({ unitId: it.unitId, entityType: 'equipment', entityId: it.id, action: 'import', after: it })));
  });
  return { imported: good.length };
}

export function itemsExportFileName(now = new Date()): string {
  return `执法装备库_${shanghaiDate(now).replace(/-/g, '')}.xlsx`;
}
