import { describe, it, expect } from 'vitest';
import {
  badgeNoProblem, daysInMonth, isoDateProblem, normalizeBadgeNo, normalizePersonName, normalizePlateNumber,
  passwordProblem, personNameProblem, phoneProblem, plateNumberProblem, unitCodeProblem,
} from './validators.ts';

describe('phoneProblem', () => {
  it.each(['13812345678', '19912345678', '15000000000', ' 13812345678 ', '021-12345678', '02162345678'])(
    'accepts %s', (v) => expect(phoneProblem(v)).toBeNull(),
  );
  it.each([
    ['12812345678', 'second digit 2'],
    ['1381234567', '10 digits'],
    ['138123456789', '12 digits'],
    ['138-1234-5678', 'grouped mobile'],
    ['021-1234567', '7-digit local number'],
    ['021-123456789', '9-digit local number'],
    ['010-12345678', 'Beijing area code'],
    ['21-12345678', 'area code without 0'],
    ['+8613812345678', 'country code'],
    ['1381234567a', 'letter'],
  ])('rejects %s (%s)', (v) => {
    expect(phoneProblem(v)).toBe('电话号码格式不正确，应为11位手机号或上海固定电话（如021-12345678）');
  });
  it('reports an empty value as empty', () => {
    expect(phoneProblem('')).toBe('电话号码不能为空');
    expect(phoneProblem('   ')).toBe('电话号码不能为空');
  });
});

describe('badgeNoProblem', () => {
  it.each(['31010001', 'SH31010001', 'A123456789', '123456789012', 'AB123456789012'])('accepts %s', (v) => {
    expect(badgeNoProblem(v)).toBeNull();
  });
  it.each([
    ['3101000', '7 digits'],
    ['1234567890123', '13 digits'],
    ['ABC31010001', '3 letters'],
    ['31010001SH', 'letters after digits'],
    ['SH-31010001', 'hyphen'],
    ['沪31010001', 'Chinese prefix'],
    ['S1H31010001', 'interleaved'],
  ])('rejects %s (%s)', (v) => {
    expect(badgeNoProblem(v)).toBe('执法证号格式不正确，应为8–12位数字，可带最多2位大写字母前缀（如31010001、SH31010001）');
  });
  it('explains a lower-case prefix and normalizeBadgeNo fixes it', () => {
    expect(badgeNoProblem('sh31010001')).toBe('执法证号中的字母应为大写');
    expect(normalizeBadgeNo(' sh31010001 ')).toBe('SH31010001');
    expect(badgeNoProblem(normalizeBadgeNo(' sh31010001 '))).toBeNull();
  });
  it('reports an empty value', () => expect(badgeNoProblem('')).toBe('执法证号不能为空'));
});

describe('isoDateProblem', () => {
  it.each(['2026-01-31', '2024-02-29', '2000-02-29', '1949-12-31', '2099-12-31', ' 2026-10-01 '])('accepts %s', (v) => {
    expect(isoDateProblem(v)).toBeNull();
  });
  it('rejects impossible calendar dates with a specific reason', () => {
    expect(isoDateProblem('2026-02-29')).toBe('日期无效：2026年2月没有29日');
    expect(isoDateProblem('1900-02-29')).toBe('日期无效：1900年2月没有29日');
    expect(isoDateProblem('2026-04-31')).toBe('日期无效：2026年4月没有31日');
    expect(isoDateProblem('2026-00-10')).toBe('日期无效：月份应为01–12');
    expect(isoDateProblem('2026-13-01')).toBe('日期无效：月份应为01–12');
    expect(isoDateProblem('2026-01-00')).toBe('日期无效：2026年1月没有0日');
    expect(isoDateProblem('0000-01-01')).toBe('日期无效：年份应不早于0001年');
  });
  it.each(['2026/01/01', '2026-1-1', '20260101', '2026-01-01T00:00:00Z', '26-01-01', 'abc'])('rejects format %s', (v) => {
    expect(isoDateProblem(v)).toBe('日期格式应为YYYY-MM-DD');
  });
  it('names the field given as label', () => {
    expect(isoDateProblem('2026/01/01', '入职日期')).toBe('入职日期格式应为YYYY-MM-DD');
    expect(isoDateProblem('', '证件有效期')).toBe('证件有效期不能为空');
  });
  it('knows month lengths including leap years', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });
});

describe('unitCodeProblem', () => {
  it.each(['SH', '310101', 'SH-HP-01', 'A' + '1'.repeat(31), '0-'])('accepts %s', (v) => {
    expect(unitCodeProblem(v)).toBeNull();
  });
  it.each(['A', '-SH01', 'sh01', 'SH 01', 'SH_01', '黄浦', 'A' + '1'.repeat(32)])('rejects %s', (v) => {
    expect(unitCodeProblem(v)).toBe('单位编码应为2–32位大写字母、数字或“-”，且不能以“-”开头');
  });
  it('reports an empty value', () => expect(unitCodeProblem(' ')).toBe('单位编码不能为空'));
});

describe('personNameProblem', () => {
  it.each(['张三', '欧阳娜娜', '阿依古丽·买买提', '爱新觉罗·溥仪', 'John Smith', 'Zoë Müller', 'Li', '𠀋华'])(
    'accepts %s', (v) => expect(personNameProblem(v)).toBeNull(),
  );
  it('rejects digits, including full-width ones', () => {
    expect(personNameProblem('张三3')).toBe('姓名不能包含数字');
    expect(personNameProblem('张三３')).toBe('姓名不能包含数字');
  });
  it('enforces 2–30 characters, counting code points', () => {
    expect(personNameProblem('张')).toBe('姓名长度应为2–30个字符');
    expect(personNameProblem('张'.repeat(30))).toBeNull();
    expect(personNameProblem('张'.repeat(31))).toBe('姓名长度应为2–30个字符');
    // 𠀋 is one character although it takes two UTF-16 units.
    expect(personNameProblem('𠀋')).toBe('姓名长度应为2–30个字符');
  });
  it.each([
    ['·张三', 'leading dot'],
    ['张三·', 'trailing dot'],
    ['张··三', 'double dot'],
    ['张 三', 'space in a Chinese name'],
    ['张三Li', 'mixed scripts'],
    ['John  Smith', 'double space'],
    ['O\'Brien', 'apostrophe'],
    ['张三!', 'punctuation'],
    ['张•三', 'bullet instead of middle dot'],
  ])('rejects %s (%s)', (v) => {
    expect(personNameProblem(v)).toBe('姓名只能由汉字（少数民族姓名可用间隔号“·”分隔）或英文字母和空格组成');
  });
  it('normalizePersonName turns look-alike dots and spaces into the canonical form', () => {
    expect(normalizePersonName(' 阿依古丽•买买提 ')).toBe('阿依古丽·买买提');
    expect(normalizePersonName('阿依古丽 ・ 买买提')).toBe('阿依古丽·买买提');
    expect(normalizePersonName('John   Smith')).toBe('John Smith');
    expect(personNameProblem(normalizePersonName('张•三'))).toBeNull();
  });
  it('reports an empty value', () => expect(personNameProblem('')).toBe('姓名不能为空'));
});

describe('passwordProblem', () => {
  it.each(['abcdefghi1', 'Passw0rd!!', 'a1'.repeat(64), '1234567890x'])('accepts %s', (v) => {
    expect(passwordProblem(v)).toBeNull();
  });
  it('enforces length bounds', () => {
    expect(passwordProblem('abcdefgh1')).toBe('密码长度不能少于10位');
    expect(passwordProblem('')).toBe('密码长度不能少于10位');
    expect(passwordProblem('a1'.repeat(64) + 'b')).toBe('密码长度不能超过128位');
  });
  it('requires both a letter and a digit', () => {
    expect(passwordProblem('abcdefghij')).toBe('密码必须同时包含字母和数字');
    expect(passwordProblem('1234567890')).toBe('密码必须同时包含字母和数字');
    expect(passwordProblem('密码密码密码密码密码1')).toBe('密码必须同时包含字母和数字');
  });
  it('takes spaces literally rather than trimming them', () => {
    expect(passwordProblem('  abc123  ')).toBeNull();
    expect(passwordProblem('   abc123')).toBe('密码长度不能少于10位');
  });
});

describe('plateNumberProblem', () => {
  it.each([
    ['沪A12345', 'ordinary'],
    ['沪AB1234', 'ordinary with letter'],
    ['京N8Z8Z8', 'ordinary mixed'],
    ['沪AD12345', 'small new-energy electric'],
    ['沪AF12345', 'small new-energy hybrid'],
    ['沪ADA1234', 'small new-energy with letter'],
    ['粤B12345D', 'large new-energy'],
    ['沪A1234挂', 'trailer'],
    ['苏E1234学', 'learner'],
  ])('accepts %s (%s)', (v) => expect(plateNumberProblem(v)).toBeNull());
  it.each([
    ['沪A1234', 'too short'],
    ['沪A1234567', 'too long'],
    ['沪AI2345', 'letter I'],
    ['沪AO2345', 'letter O'],
    ['沪1A2345', 'digit as authority code'],
    ['沪AL12345', 'L is no new-energy series'],
    ['沪A12345X', 'X is no large new-energy suffix'],
    ['沪A1234警', 'police plates are out of scope'],
  ])('rejects %s (%s)', (v) => {
    expect(plateNumberProblem(v)).toBe('车牌号格式不正确（如沪A12345，新能源如沪AD12345）');
  });
  it('requires a province abbreviation first', () => {
    expect(plateNumberProblem('AA12345')).toBe('车牌号应以省级简称开头（如“沪”）');
    expect(plateNumberProblem('港A12345')).toBe('车牌号应以省级简称开头（如“沪”）');
  });
  it('points at case and separators, which normalizePlateNumber removes', () => {
    expect(plateNumberProblem('沪a12345')).toBe('车牌号应使用大写字母且不含空格或“·”');
    expect(plateNumberProblem('沪A·12345')).toBe('车牌号应使用大写字母且不含空格或“·”');
    expect(normalizePlateNumber('沪a·d 12345')).toBe('沪AD12345');
    expect(plateNumberProblem(normalizePlateNumber('沪a-12345'))).toBeNull();
  });
  it('reports an empty value', () => expect(plateNumberProblem('')).toBe('车牌号不能为空'));
});
