// GB 11643-1999 公民身份号码: 6-digit area code, 8-digit birth date, 3-digit sequence, ISO 7064 MOD 11-2 check digit.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits of an ID number. */
export function gb11643CheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('需要17位数字');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export type IdNumberProblem = 'format' | 'birthDate' | 'checksum';

/** Why an 18-character ID number is invalid, or null when it is valid. Lower-case x is accepted. */
export function idNumberProblem(value: string): IdNumberProblem | null {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'birthDate';
  if (gb11643CheckDigit(id.slice(0, 17)) !== id[17]) return 'checksum';
  return null;
}

export function isValidIdNumber(value: string): boolean {
  return idNumberProblem(value) === null;
}

/** Normalised form stored in the database: trimmed, upper-case X. */
export function normalizeIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

/** 310101********123X — keeps area code and the last four characters. */
export function maskIdNumber(value: string): string {
  if (value.length < 10) return '*'.repeat(value.length);
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}

/** Gender encoded in the 17th digit: odd male, even female. */
export function genderFromIdNumber(value: string): '男' | '女' | null {
  const c = value.trim()[16];
  if (!c || !/\d/.test(c)) return null;
  return Number(c) % 2 === 1 ? '男' : '女';
}
