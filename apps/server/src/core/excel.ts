// Shared Excel (xlsx) plumbing for ledgers: header styling, reading cells as text, locating columns by header.
import ExcelJS from 'exceljs';
import { AppError } from './errors.ts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ColumnDef<K extends string = string> {
  key: K;
  header: string;
  width: number;
  /** Keep as text in Excel (ID numbers, codes with leading zeros). */
  text?: boolean;
}

/** Header row, widths, frozen header, text format for code-like columns. */
export function defineColumns(sheet: ExcelJS.Worksheet, columns: readonly ColumnDef[]): void {
  sheet.columns = columns.map((c) => ({ key: c.key, header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const c of columns) if (c.text) sheet.getColumn(c.key).numFmt = '@';
}

/** A cell as text. Dates become YYYY-MM-DD; numbers too long to be exact are refused. */
export function cellText(value: ExcelJS.CellValue): { text: string | null; problem?: string } {
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

export async function loadFirstSheet(file: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError(400, 'VALIDATION_FAILED', '文件不是有效的 Excel（.xlsx）文件', [{ field: 'file', message: '无法读取该文件，请使用模板另存为 .xlsx' }]);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new AppError(400, 'VALIDATION_FAILED', 'Excel 文件中没有工作表', [{ field: 'file', message: '没有工作表' }]);
  return sheet;
}

/** Column positions by header text; refuses a sheet that lacks a required column. */
export function locateColumns<K extends string>(sheet: ExcelJS.Worksheet, columns: readonly ColumnDef<K>[], required: readonly K[]): Map<K, number> {
  const positions = new Map<K, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const title = cellText(cell.value).text;
    const column = columns.find((c) => c.header === title);
    if (column) positions.set(column.key, col);
  });
  const missing = required.filter((k) => !positions.has(k)).map((k) => columns.find((c) => c.key === k)!.header);
  if (missing.length) {
    throw new AppError(400, 'VALIDATION_FAILED', `表头缺少列：${missing.join('、')}（请使用导入模板）`,
      missing.map((n) => ({ row: 1, field: n, message: `缺少“${n}”列` })));
  }
  return positions;
}

/** Rows 2..last as text by column key; blank lines are skipped. Cell problems are reported per row. */
export function* dataRows<K extends string>(
  sheet: ExcelJS.Worksheet, columns: readonly ColumnDef<K>[], positions: Map<K, number>, maxRows: number,
): Generator<{ row: number; values: Partial<Record<K, string | null>>; problems: { row: number; field: string; message: string }[] }> {
  const lastRow = sheet.actualRowCount === 0 ? 0 : sheet.lastRow?.number ?? 0;
  if (lastRow - 1 > maxRows) {
    throw new AppError(400, 'VALIDATION_FAILED', `一次最多导入 ${maxRows} 行`, [{ field: 'file', message: `文件有 ${lastRow - 1} 行` }]);
  }
  for (let r = 2; r <= lastRow; r++) {
    const row = sheet.getRow(r);
    const values: Partial<Record<K, string | null>> = {};
    const problems: { row: number; field: string; message: string }[] = [];
    for (const [key, col] of positions) {
      const { text, problem } = cellText(row.getCell(col).value);
      values[key] = text;
      if (problem) problems.push({ row: r, field: columns.find((c) => c.key === key)!.header, message: problem });
    }
    if (Object.values(values).every((v) => v === null || v === undefined)) continue;
    yield { row: r, values, problems };
  }
}

export function attachment(fallback: string, name: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

