// Excel (xlsx) import and export of the 执法人员库. Import is all-or-nothing with a row-by-row error report.
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { shanghaiDate } from '@cg/domain';
import type { Database } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import { dataRows, defineColumns, loadFirstSheet, locateColumns, type ColumnDef } from '../../core/excel.ts';
import { getUnitByCode, getUnitInScope, type UnitRow } from '../units/units.service.ts';
import { officerFields } from './officers.schemas.ts';
import { crossFieldErrors, existingIdentities, insertOfficers, type OfficerRecord } from './officers.service.ts';

export const MAX_IMPORT_ROWS = 20_000;
export const MAX_EXPORT_ROWS = 200_000;

/** Column order of template, import and export. */
export const COLUMNS = [
  { key: 'name', header: '姓名', width: 12 },
  { key: 'gender', header: '性别', width: 6 },
  { key: 'idNumber', header: '身份证号', width: 22, text: true },
  { key: 'badgeNo', header: '执法证号', width: 14, text: true },
  { key: 'position', header: '职务', width: 10 },
  { key: 'phone', header: '手机', width: 14, text: true },
  { key: 'unitCode', header: '所属单位编码', width: 14, text: true },
  { key: 'unitName', header: '所属单位', width: 28 },
  { key: 'status', header: '人员状态', width: 10 },
  { key: 'hireDate', header: '入职日期', width: 12 },
  { key: 'certStatus', header: '持证状态', width: 10 },
  { key: 'certExpiry', header: '证件有效期', width: 12 },
] as const satisfies readonly ColumnDef[];
type ColumnKey = (typeof COLUMNS)[number]['key'];

const REQUIRED_HEADERS: ColumnKey[] = ['name', 'gender', 'idNumber', 'position', 'status', 'certStatus'];

export async function exportWorkbook(rows: OfficerRecord[], mask: (id: string) => string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '上海城管执法基层中队信息化平台';
  const sheet = wb.addWorksheet('执法人员库');
  defineColumns(sheet, COLUMNS);
  for (const r of rows) {
    sheet.addRow({
      name: r.name, gender: r.gender, idNumber: mask(r.idNumber), badgeNo: r.badgeNo ?? '', position: r.position,
      phone: r.phone ?? '', unitCode: r.unitCode, unitName: r.unitName, status: r.status, hireDate: r.hireDate ?? '',
      certStatus: r.certStatus, certExpiry: r.certExpiry ?? '',
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function templateWorkbook(example: { unitCode: string; unitName: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('执法人员库');
  defineColumns(sheet, COLUMNS);
  sheet.addRow({
    name: '张三', gender: '男', idNumber: '11010519491231002X', badgeNo: '31010001', position: '队员', phone: '13800138000',
    unitCode: example.unitCode, unitName: example.unitName, status: '在岗', hireDate: '2015-07-01', certStatus: '有效', certExpiry: '2028-12-31',
  });
  const notes = wb.addWorksheet('填写说明');
  notes.addRows([
    ['列', '说明'],
    ['姓名、性别、身份证号、职务、人员状态、持证状态', '必填'],
    ['身份证号', '18位，按GB 11643校验；请以文本格式填写'],
    ['所属单位编码', '留空则导入到导入时选择的单位'],
    ['日期', 'YYYY-MM-DD'],
    ['说明', '示例行（张三）请删除后再导入；任何一行有误时整个文件不导入'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const rowSchema = z.object(officerFields);

export interface ImportOutcome {
  imported: number;
}

/** Reads the first sheet; writes every row or, if any row is wrong, nothing — and says which rows and why. */
export async function importWorkbook(
  db: Database, user: AuthUser, actor: Actor, file: Buffer, defaultUnitId: string | undefined,
): Promise<ImportOutcome> {
  const sheet = await loadFirstSheet(file);
  const positions = locateColumns(sheet, COLUMNS, REQUIRED_HEADERS);

  const defaultUnit = defaultUnitId ? await getUnitInScope(db, user, defaultUnitId) : null;
  const errors: ErrorDetail[] = [];
  const good: { row: number; unit: UnitRow; data: z.infer<typeof rowSchema> }[] = [];
  const unitCache = new Map<string, UnitRow | null>();
  const seenId = new Map<string, number>();
  const seenBadge = new Map<string, number>();
  let rowCount = 0;

  for (const { row: r, values: raw, problems } of dataRows(sheet, COLUMNS, positions, MAX_IMPORT_ROWS)) {
    const rowErrors: ErrorDetail[] = [...problems];
    rowCount += 1;
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0]) as ColumnKey;
        rowErrors.push({ row: r, field: COLUMNS.find((c) => c.key === key)?.header ?? key, message: issue.message });
      }
    }
    let unit: UnitRow | null = defaultUnit;
    if (raw.unitCode) {
      if (!unitCache.has(raw.unitCode)) {
        const u = await getUnitByCode(db, raw.unitCode);
        unitCache.set(raw.unitCode, u && u.path.startsWith(user.unitPath) ? u : null);
      }
      unit = unitCache.get(raw.unitCode) ?? null;
      if (!unit) rowErrors.push({ row: r, field: '所属单位编码', message: `单位编码 ${raw.unitCode} 不存在或不在您的管辖范围内` });
    } else if (!unit) {
      rowErrors.push({ row: r, field: '所属单位编码', message: '请填写所属单位编码，或在导入时选择单位' });
    }
    if (parsed.success && unit) {
      for (const e of crossFieldErrors({ ...parsed.data, unitId: unit.id, confirmedAt: null, updatedAt: new Date() })) {
        rowErrors.push({ row: r, field: COLUMNS.find((c) => c.key === e.field)?.header ?? e.field ?? '', message: e.message });
      }
      const { idNumber, badgeNo } = parsed.data;
      if (seenId.has(idNumber)) rowErrors.push({ row: r, field: '身份证号', message: `与第 ${seenId.get(idNumber)} 行的身份证号重复` });
      else seenId.set(idNumber, r);
      if (badgeNo) {
        if (seenBadge.has(badgeNo)) rowErrors.push({ row: r, field: '执法证号', message: `与第 ${seenBadge.get(badgeNo)} 行的执法证号重复` });
        else seenBadge.set(badgeNo, r);
      }
      if (rowErrors.length === 0) good.push({ row: r, unit, data: parsed.data });
    }
    errors.push(...rowErrors);
  }
  if (rowCount === 0) throw new AppError(400, 'VALIDATION_FAILED', '文件中没有数据行', [{ field: 'file', message: '没有数据行' }]);

  const existing = await existingIdentities(db, [...seenId.keys()], [...seenBadge.keys()]);
  for (const g of good) {
    if (existing.idNumbers.has(g.data.idNumber)) errors.push({ row: g.row, field: '身份证号', message: '身份证号已存在于执法人员库' });
    if (g.data.badgeNo && existing.badgeNos.has(g.data.badgeNo)) errors.push({ row: g.row, field: '执法证号', message: '执法证号已被其他人员使用' });
  }
  if (errors.length) {
    errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const badRows = new Set(errors.map((e) => e.row)).size;
    throw new AppError(422, 'IMPORT_INVALID', `共 ${rowCount} 行数据，其中 ${badRows} 行有误，未导入任何数据`, errors);
  }
  await db.transaction(async (tx) => {
    // The identity check runs again inside the transaction: the unique indexes are the final word.
    await insertOfficers(tx, actor, (i) => good[i].unit, good.map((g) => g.data), 'import');
  });
  return { imported: good.length };
}

export function exportFileName(now = new Date()): string {
  return `执法人员库_${shanghaiDate(now).replace(/-/g, '')}.xlsx`;
}
