// Excel (xlsx) import and export of the 执法人员库. Import is all-or-nothing with a row-by-row error report.
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { shanghaiDate } from '@cg/domain';
import type { Database } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import { getUnitByCode, getUnitInScope, type UnitRow } from '../units/units.service.ts';
import { officerFields } from './officers.schemas.ts';
import { crossFieldErrors, existingIdentities, insertOfficers, type OfficerRecord } from './officers.service.ts';

export const MAX_IMPORT_ROWS = 20_000;
export const MAX_EXPORT_ROWS = 200_000;

/** Column order of template, import and export. */
export const COLUMNS = [
  { key: 'name', header: '姓名', width: 12 },
  { key: 'gender', header: '性别', width: 6 },
  { key: 'idNumber', header: '身份证号', width: 22 },
  { key: 'badgeNo', header: '执法证号', width: 14 },
  { key: 'position', header: '职务', width: 10 },
  { key: 'phone', header: '手机', width: 14 },
  { key: 'unitCode', header: '所属单位编码', width: 14 },
  { key: 'unitName', header: '所属单位', width: 28 },
  { key: 'status', header: '人员状态', width: 10 },
  { key: 'hireDate', header: '入职日期', width: 12 },
  { key: 'certStatus', header: '持证状态', width: 10 },
  { key: 'certExpiry', header: '证件有效期', width: 12 },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];

const REQUIRED_HEADERS: ColumnKey[] = ['name', 'gender', 'idNumber', 'position', 'status', 'certStatus'];

function styleHeader(sheet: ExcelJS.Worksheet) {
  sheet.columns = COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  // Text format so Excel keeps 18-digit ID numbers and leading zeros intact.
  for (const key of ['idNumber', 'badgeNo', 'phone', 'unitCode'] as const) sheet.getColumn(key).numFmt = '@';
}

export async function exportWorkbook(rows: OfficerRecord[], mask: (id: string) => string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '上海城管执法基层中队信息化平台';
  const sheet = wb.addWorksheet('执法人员库');
  styleHeader(sheet);
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
  styleHeader(sheet);
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

/** A cell as text. Dates become YYYY-MM-DD; numbers too long to be exact are refused. */
function cellText(value: ExcelJS.CellValue): { text: string | null; problem?: string } {
  if (value === null || value === undefined) return { text: null };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) && Math.abs(value) > 1e15) return { text: null, problem: '数字位数过多已失真，请将该列设为文本格式后重新填写' };
    return { text: String(value) };
  }
  if (typeof value === 'string') return { text: value.trim() || null };
  if (typeof value === 'boolean') return { text: String(value) };
  if (typeof value === 'object') {
    if ('richText' in value) return { text: value.richText.map((t) => t.text).join('').trim() || null };
    if ('text' in value && typeof value.text === 'string') return { text: value.text.trim() || null };
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return { text: null, problem: `单元格错误 ${String(value.error)}` };
  }
  return { text: String(value) };
}

const rowSchema = z.object(officerFields);

export interface ImportOutcome {
  imported: number;
}

/** Reads the first sheet; writes every row or, if any row is wrong, nothing — and says which rows and why. */
export async function importWorkbook(
  db: Database, user: AuthUser, actor: Actor, file: Buffer, defaultUnitId: string | undefined,
): Promise<ImportOutcome> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError(400, 'VALIDATION_FAILED', '文件不是有效的 Excel（.xlsx）文件', [{ field: 'file', message: '无法读取该文件，请使用模板另存为 .xlsx' }]);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new AppError(400, 'VALIDATION_FAILED', 'Excel 文件中没有工作表', [{ field: 'file', message: '没有工作表' }]);

  // Header row → column positions.
  const positions = new Map<ColumnKey, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const title = cellText(cell.value).text;
    const column = COLUMNS.find((c) => c.header === title);
    if (column) positions.set(column.key, col);
  });
  const missingHeaders = REQUIRED_HEADERS.filter((k) => !positions.has(k));
  if (missingHeaders.length) {
    const names = missingHeaders.map((k) => COLUMNS.find((c) => c.key === k)!.header);
    throw new AppError(400, 'VALIDATION_FAILED', `表头缺少列：${names.join('、')}（请使用导入模板）`,
      names.map((n) => ({ row: 1, field: n, message: `缺少“${n}”列` })));
  }

  const defaultUnit = defaultUnitId ? await getUnitInScope(db, user, defaultUnitId) : null;
  const errors: ErrorDetail[] = [];
  const good: { row: number; unit: UnitRow; data: z.infer<typeof rowSchema> }[] = [];
  const unitCache = new Map<string, UnitRow | null>();
  const seenId = new Map<string, number>();
  const seenBadge = new Map<string, number>();
  let dataRows = 0;

  const lastRow = sheet.actualRowCount === 0 ? 0 : sheet.lastRow?.number ?? 0;
  if (lastRow - 1 > MAX_IMPORT_ROWS) {
    throw new AppError(400, 'VALIDATION_FAILED', `一次最多导入 ${MAX_IMPORT_ROWS} 行`, [{ field: 'file', message: `文件有 ${lastRow - 1} 行` }]);
  }
  for (let r = 2; r <= lastRow; r++) {
    const row = sheet.getRow(r);
    const raw: Partial<Record<ColumnKey, string | null>> = {};
    const rowErrors: ErrorDetail[] = [];
    for (const [key, col] of positions) {
      const { text, problem } = cellText(row.getCell(col).value);
      raw[key] = text;
      if (problem) rowErrors.push({ row: r, field: COLUMNS.find((c) => c.key === key)!.header, message: problem });
    }
    if (Object.values(raw).every((v) => v === null || v === undefined)) continue; // blank line
    dataRows += 1;
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
  if (dataRows === 0) throw new AppError(400, 'VALIDATION_FAILED', '文件中没有数据行', [{ field: 'file', message: '没有数据行' }]);

  const existing = await existingIdentities(db, [...seenId.keys()], [...seenBadge.keys()]);
  for (const g of good) {
    if (existing.idNumbers.has(g.data.idNumber)) errors.push({ row: g.row, field: '身份证号', message: '身份证号已存在于执法人员库' });
    if (g.data.badgeNo && existing.badgeNos.has(g.data.badgeNo)) errors.push({ row: g.row, field: '执法证号', message: '执法证号已被其他人员使用' });
  }
  if (errors.length) {
    errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const badRows = new Set(errors.map((e) => e.row)).size;
    throw new AppError(422, 'IMPORT_INVALID', `共 ${dataRows} 行数据，其中 ${badRows} 行有误，未导入任何数据`, errors);
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
