// Field format rules shared by the API (zod refinements), Excel import and the web forms, so all three
// reject the same values with the same Chinese message. Each returns a message, or null when the value is fine.
// Surrounding whitespace is tolerated (callers store the trimmed value); passwords are taken verbatim.

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

// ---- phone -------------------------------------------------------------------------------------------------

const MOBILE = /^1[3-9]\d{9}$/;
// Shanghai landline: area code 021, optional hyphen, 8-digit local number.
const SHANGHAI_LANDLINE = /^021-?\d{8}$/;

/** Chinese mobile number (1[3-9] + 9 digits) or Shanghai landline (021-12345678 / 02112345678). */
export function phoneProblem(v: string): string | null {
  const s = text(v);
  if (s === '') return '电话号码不能为空';
  if (MOBILE.test(s) || SHANGHAI_LANDLINE.test(s)) return null;
  return '电话号码格式不正确，应为11位手机号或上海固定电话（如021-12345678）';
}

// ---- 执法证号 --------------------------------------------------------------------------------------------------

const BADGE_NO = /^[A-Z]{0,2}\d{8,12}$/;

/** 执法证号: 8–12 digits, optionally preceded by up to 2 upper-case letters (31010001, SH31010001). */
export function badgeNoProblem(v: string): string | null {
  const s = text(v);
  if (s === '') return '执法证号不能为空';
  if (BADGE_NO.test(s)) return null;
  // Lower-case prefixes are a common typing slip; say so instead of the generic message.
  if (BADGE_NO.test(s.toUpperCase())) return '执法证号中的字母应为大写';
  return '执法证号格式不正确，应为8–12位数字，可带最多2位大写字母前缀（如31010001、SH31010001）';
}

/** Stored form of a 执法证号: trimmed, upper case. */
export function normalizeBadgeNo(v: string): string {
  return v.trim().toUpperCase();
}

// ---- dates -------------------------------------------------------------------------------------------------

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month (1–12) of year y in the proleptic Gregorian calendar. */
export function daysInMonth(y: number, month: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/**
 * YYYY-MM-DD naming a real calendar date (no 2026-02-30). `label` names the field in the message,
 * e.g. isoDateProblem(v, '入职日期') → '入职日期格式应为YYYY-MM-DD'.
 */
export function isoDateProblem(v: string, label = '日期'): string | null {
  const s = text(v);
  if (s === '') return `${label}不能为空`;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return `${label}格式应为YYYY-MM-DD`;
  const y = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (y < 1) return `${label}无效：年份应不早于0001年`;
  if (month < 1 || month > 12) return `${label}无效：月份应为01–12`;
  const dim = daysInMonth(y, month);
  if (day < 1 || day > dim) return `${label}无效：${y}年${month}月没有${day}日`;
  return null;
}

// ---- unit code ---------------------------------------------------------------------------------------------

const UNIT_CODE = /^[0-9A-Z][0-9A-Z-]{1,31}$/;

/** 单位编码: 2–32 characters of upper-case letters, digits and '-', not starting with '-'. */
export function unitCodeProblem(v: string): string | null {
  const s = text(v);
  if (s === '') return '单位编码不能为空';
  if (UNIT_CODE.test(s)) return null;
  return '单位编码应为2–32位大写字母、数字或“-”，且不能以“-”开头';
}

// ---- person name -------------------------------------------------------------------------------------------

// Chinese names: Han characters, with single middle dots (U+00B7) between parts for transliterated names
// such as 阿依古丽·买买提. Latin names: letters with single spaces between words.
const CHINESE_NAME = /^\p{Script=Han}+(?:·\p{Script=Han}+)*$/u;
const LATIN_LETTER = String.raw`(?:(?=\p{L})\p{Script=Latin})`;
const LATIN_NAME = new RegExp(`^${LATIN_LETTER}+(?: ${LATIN_LETTER}+)*$`, 'u');

/** 姓名: 2–30 characters; Han characters with optional '·', or Latin letters and spaces; no digits. */
export function personNameProblem(v: string): string | null {
  const s = text(v);
  if (s === '') return '姓名不能为空';
  if (/\p{Nd}/u.test(s)) return '姓名不能包含数字';
  // Count code points so that rare characters outside the BMP count once.
  const length = Array.from(s).length;
  if (length < 2 || length > 30) return '姓名长度应为2–30个字符';
  if (CHINESE_NAME.test(s) || LATIN_NAME.test(s)) return null;
  return '姓名只能由汉字（少数民族姓名可用间隔号“·”分隔）或英文字母和空格组成';
}

/** Stored form of a name: trimmed, look-alike dots (• ・ ． . ‧) replaced by '·', runs of spaces collapsed. */
export function normalizePersonName(v: string): string {
  return v
    .trim()
    .replace(/\s*[•・．.‧]\s*/g, '·')
    .replace(/\s+/g, ' ');
}

// ---- password ----------------------------------------------------------------------------------------------

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** Password policy: 10–128 characters containing at least one ASCII letter and one digit. */
export function passwordProblem(v: string): string | null {
  const s = typeof v === 'string' ? v : '';
  const length = Array.from(s).length;
  if (length < PASSWORD_MIN_LENGTH) return `密码长度不能少于${PASSWORD_MIN_LENGTH}位`;
  if (length > PASSWORD_MAX_LENGTH) return `密码长度不能超过${PASSWORD_MAX_LENGTH}位`;
  if (!/[A-Za-z]/.test(s) || !/\d/.test(s)) return '密码必须同时包含字母和数字';
  return null;
}

// ---- vehicle plate -----------------------------------------------------------------------------------------

export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
// Serial characters never use I or O (confusable with 1 and 0).
const S = '[A-HJ-NP-Z0-9]';
const PLATE_PATTERNS = [
  // Ordinary plate: 沪A12345, 沪AB1234
  new RegExp(`^[${PLATE_PROVINCES}][A-HJ-Z]${S}{5}$`),
  // Small new-energy plate (GA 36-2018): D/A/B/C/E electric, F/G/H/J/K hybrid, then a letter or digit + 4 digits: 沪AD12345
  new RegExp(`^[${PLATE_PROVINCES}][A-HJ-Z][A-HJK]${S}\\d{4}$`),
  // Large new-energy plate: 5 digits then D/F: 沪A12345D
  new RegExp(`^[${PLATE_PROVINCES}][A-HJ-Z]\\d{5}[DF]$`),
  // Trailer and learner plates: 沪A1234挂, 沪A1234学
  new RegExp(`^[${PLATE_PROVINCES}][A-HJ-Z]${S}{4}[挂学]$`),
];

/** Chinese motor-vehicle plate, ordinary or new-energy, written without separators (沪A12345, 沪AD12345). */
export function plateNumberProblem(v: string): string | null {
  const s = text(v);
  if (s === '') return '车牌号不能为空';
  if (!PLATE_PROVINCES.includes(s[0])) return '车牌号应以省级简称开头（如“沪”）';
  if (PLATE_PATTERNS.some((p) => p.test(s))) return null;
  if (PLATE_PATTERNS.some((p) => p.test(normalizePlateNumber(s)))) return '车牌号应使用大写字母且不含空格或“·”';
  return '车牌号格式不正确（如沪A12345，新能源如沪AD12345）';
}

/** Stored form of a plate: upper case with spaces, hyphens and dots removed (沪a·12345 → 沪A12345). */
export function normalizePlateNumber(v: string): string {
  return v.replace(/[\s·•.-]/g, '').toUpperCase();
}
