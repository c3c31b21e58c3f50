import dayjs from 'dayjs';

export function fmtDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : value;
}

export function fmtDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : value;
}

export function dash(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return String(value);
}

/** count/total as 0..100, one decimal; 0 when there is nothing to measure. */
export function percent(count: number, total: number): number {
  if (!total) return 0;
  return Math.round((count / total) * 1000) / 10;
}

/** A rate from the API that may be 0..1 or 0..100, as 0..100. */
export function normaliseRate(rate: number | null | undefined): number {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return 0;
  const v = rate <= 1 ? rate * 100 : rate;
  return Math.round(v * 10) / 10;
}

export function toDateString(value: dayjs.Dayjs | null | undefined): string | undefined {
  return value ? value.format('YYYY-MM-DD') : undefined;
}

/** Renders any JSON-ish value of the audit log / change history in one line. */
export function fmtValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
