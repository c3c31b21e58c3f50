import { describe, it, expect } from 'vitest';
import { gb11643CheckDigit } from './id-number.ts';
import {
  FRESHNESS_FIELD, OFFICER_FIELD_LABELS, assessOfficerQuality, type OfficerQualityInput,
} from './officer-quality.ts';

/** A valid ID number for the given birth date (YYYYMMDD) and 3-digit sequence (odd = male). */
function idFor(birth: string, seq: string, area = '310101'): string {
  const first17 = area + birth + seq;
  return first17 + gb11643CheckDigit(first17);
}

// 2026-11-15 12:00 in Shanghai: quarter 4 of 2026, which began 2026-09-30T16:00Z.
const AS_OF = new Date('2026-11-15T04:00:00Z');

function officer(overrides: Partial<OfficerQualityInput> = {}): OfficerQualityInput {
  return {
    name: '王建国',
    gender: '男',
    idNumber: idFor('19850612', '013'),
    badgeNo: 'SH31010001',
    position: '队员',
    phone: '13812345678',
    status: '在岗',
    hireDate: '2010-07-01',
    certStatus: '有效',
    certExpiry: '2028-12-31',
    unitId: '7f1c6a9e-0000-4000-8000-000000000001',
    confirmedAt: null,
    updatedAt: new Date('2026-10-05T02:00:00Z'),
    ...overrides,
  };
}

const kinds = (o: OfficerQualityInput, asOf = AS_OF) =>
  assessOfficerQuality(o, asOf).problems.map((p) => `${p.kind}:${p.field}`);

describe('OFFICER_FIELD_LABELS', () => {
  it('maps every officer field to its Chinese label, in form order', () => {
    expect(OFFICER_FIELD_LABELS).toEqual({
      name: '姓名', gender: '性别', idNumber: '身份证号', badgeNo: '执法证号', position: '职务', phone: '手机',
      status: '人员状态', hireDate: '入职日期', certStatus: '持证状态', certExpiry: '证件有效期', unitId: '所属单位',
    });
    expect(Object.keys(OFFICER_FIELD_LABELS)).toEqual([
      'name', 'gender', 'idNumber', 'badgeNo', 'position', 'phone', 'status', 'hireDate', 'certStatus', 'certExpiry', 'unitId',
    ]);
  });
});

describe('assessOfficerQuality — a good record', () => {
  it('is complete, valid and fresh with no problems', () => {
    expect(assessOfficerQuality(officer(), AS_OF)).toEqual({ complete: true, valid: true, fresh: true, problems: [] });
  });

  it('accepts the known-valid ID 11010519491231002X for a woman, also with lower-case x', () => {
    const o = officer({ idNumber: '11010519491231002X', gender: '女', hireDate: '1970-01-01' });
    expect(assessOfficerQuality(o, AS_OF).problems).toEqual([]);
    expect(assessOfficerQuality({ ...o, idNumber: '11010519491231002x' }, AS_OF).problems).toEqual([]);
  });

  it('accepts timestamps given as ISO strings', () => {
    const o = officer({ updatedAt: '2026-10-05T10:00:00+08:00', confirmedAt: '2026-01-01T00:00:00Z' });
    expect(assessOfficerQuality(o, AS_OF).fresh).toBe(true);
  });
});

describe('assessOfficerQuality — 完整性', () => {
  it.each([
    ['name', '缺少姓名'],
    ['gender', '缺少性别'],
    ['idNumber', '缺少身份证号'],
    ['position', '缺少职务'],
    ['status', '缺少人员状态'],
    ['unitId', '缺少所属单位'],
  ] as const)('always requires %s', (field, message) => {
    for (const empty of [null, undefined, '', '   ']) {
      const q = assessOfficerQuality(officer({ [field]: empty, ...(field === 'status' ? {} : { status: '退休' }) }), AS_OF);
      expect(q.complete).toBe(false);
      expect(q.valid).toBe(true);
      expect(q.problems).toContainEqual({ field, kind: 'missing', message });
    }
  });

  it('requires a phone for 在岗 only', () => {
    const q = assessOfficerQuality(officer({ phone: null }), AS_OF);
    expect(q.problems).toEqual([{ field: 'phone', kind: 'missing', message: '缺少手机' }]);
    expect(q.complete).toBe(false);
    expect(assessOfficerQuality(officer({ phone: null, status: '借调' }), AS_OF).complete).toBe(true);
    expect(assessOfficerQuality(officer({ phone: '', status: '病休' }), AS_OF).complete).toBe(true);
  });

  it.each(['在岗', '借调'])('requires 执法证号 and 证件有效期 for a certified %s officer', (status) => {
    const q = assessOfficerQuality(officer({ status, phone: '13812345678', badgeNo: null, certExpiry: '' }), AS_OF);
    expect(q.problems).toEqual([
      { field: 'badgeNo', kind: 'missing', message: '缺少执法证号' },
      { field: 'certExpiry', kind: 'missing', message: '缺少证件有效期' },
    ]);
  });

  it('requires 执法证号 but no expiry for an active officer whose certificate is 过期, 暂扣 or 注销', () => {
    for (const certStatus of ['过期', '暂扣', '注销']) {
      expect(kinds(officer({ certStatus, badgeNo: null, certExpiry: null }))).toEqual(['missing:badgeNo']);
    }
  });

  it('requires neither 执法证号 nor expiry for an active officer who is 未持证', () => {
    expect(kinds(officer({ certStatus: '未持证', badgeNo: null, certExpiry: null }))).toEqual([]);
  });

  it('requires 持证状态 for an active officer, and then 执法证号 as well', () => {
    expect(kinds(officer({ certStatus: null, badgeNo: null, certExpiry: null }))).toEqual([
      'missing:badgeNo', 'missing:certStatus',
    ]);
    expect(kinds(officer({ certStatus: null }))).toEqual(['missing:certStatus']);
  });

  it.each(['离岗', '病休', '退休', '调离'])('does not require certificate fields for a %s officer', (status) => {
    const q = assessOfficerQuality(officer({ status, phone: null, badgeNo: null, certStatus: null, certExpiry: null }), AS_OF);
    expect(q.complete).toBe(true);
    expect(q.problems).toEqual([]);
  });

  it('does not require the hire date', () => {
    expect(kinds(officer({ hireDate: null }))).toEqual([]);
  });
});

describe('assessOfficerQuality — 准确性', () => {
  const invalid = (overrides: Partial<OfficerQualityInput>, asOf = AS_OF) => {
    const q = assessOfficerQuality(officer(overrides), asOf);
    expect(q.valid).toBe(false);
    expect(q.complete).toBe(true);
    return q.problems.filter((p) => p.kind === 'invalid').map((p) => [p.field, p.message]);
  };

  it('reports each kind of ID number problem and skips the checks derived from a bad ID', () => {
    const good = idFor('19850612', '013');
    expect(invalid({ idNumber: good.slice(0, 17) })).toEqual([['idNumber', '身份证号格式不正确，应为18位（末位可为X）']]);
    expect(invalid({ idNumber: good.slice(0, 17) + 'Y' })).toEqual([['idNumber', '身份证号格式不正确，应为18位（末位可为X）']]);
    expect(invalid({ idNumber: '110105194902310021' })).toEqual([['idNumber', '身份证号中的出生日期无效']]);
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    // The gender would mismatch (ID says male, record says female) but is not judged from an invalid ID.
    expect(invalid({ idNumber: wrongCheck, gender: '女' })).toEqual([['idNumber', '身份证号校验位错误']]);
    expect(invalid({ idNumber: '11010519491231002X' })).toEqual([['gender', '性别与身份证号不符（身份证号显示为女）']]);
  });

  it('reports an ID whose birth date lies after the assessment date', () => {
    expect(invalid({ idNumber: idFor('20261116', '013'), hireDate: null })).toEqual([
      ['idNumber', '身份证号中的出生日期晚于当前日期'],
    ]);
  });

  it('reports a gender that disagrees with the ID number', () => {
    expect(invalid({ gender: '女' })).toEqual([['gender', '性别与身份证号不符（身份证号显示为男）']]);
    expect(invalid({ idNumber: idFor('19850612', '024') })).toEqual([['gender', '性别与身份证号不符（身份证号显示为女）']]);
  });

  it('reports values outside the enumerations', () => {
    expect(invalid({ gender: '未知' })).toEqual([['gender', '性别应为“男”或“女”']]);
    expect(invalid({ position: '科长' })).toEqual([['position', '职务“科长”不在职务列表中']]);
    expect(invalid({ status: '休假' })).toEqual([['status', '人员状态“休假”不在状态列表中']]);
    expect(invalid({ certStatus: '正常', certExpiry: null })).toEqual([['certStatus', '持证状态“正常”不在状态列表中']]);
  });

  it('reports a malformed name, badge number and phone', () => {
    expect(invalid({ name: '王建国2' })).toEqual([['name', '姓名不能包含数字']]);
    expect(invalid({ badgeNo: 'SH-0001' })).toEqual([
      ['badgeNo', '执法证号格式不正确，应为8–12位数字，可带最多2位大写字母前缀（如31010001、SH31010001）'],
    ]);
    expect(invalid({ phone: '1381234567' })).toEqual([
      ['phone', '手机号码格式不正确，应为11位手机号或上海固定电话（如021-12345678）'],
    ]);
  });

  it('checks the format of optional fields whenever they are filled in', () => {
    expect(invalid({ status: '退休', phone: '12345' }).map(([f]) => f)).toEqual(['phone']);
    expect(invalid({ status: '退休', badgeNo: 'x' }).map(([f]) => f)).toEqual(['badgeNo']);
    expect(invalid({ certStatus: '未持证', certExpiry: '2026-02-30' })).toEqual([['certExpiry', '证件有效期无效：2026年2月没有30日']]);
  });

  it('reports a certificate marked 有效 whose expiry has passed in Shanghai time', () => {
    expect(invalid({ certExpiry: '2026-11-14' })).toEqual([['certStatus', '证件已过期但状态为有效（有效期至2026-11-14）']]);
    // Valid through the expiry day itself.
    expect(assessOfficerQuality(officer({ certExpiry: '2026-11-15' }), AS_OF).valid).toBe(true);
    // 2026-11-14T16:30Z is already 15 Nov 00:30 in Shanghai, so a 14 Nov expiry has passed.
    expect(invalid({ certExpiry: '2026-11-14' }, new Date('2026-11-14T16:30:00Z'))).toHaveLength(1);
    expect(assessOfficerQuality(officer({ certExpiry: '2026-11-14' }), new Date('2026-11-14T15:30:00Z')).valid).toBe(true);
  });

  it('accepts a past expiry when the status already says 过期', () => {
    expect(assessOfficerQuality(officer({ certStatus: '过期', certExpiry: '2020-01-01' }), AS_OF).valid).toBe(true);
  });

  it('reports a hire date that is malformed or in the future', () => {
    expect(invalid({ hireDate: '2010/07/01' })).toEqual([['hireDate', '入职日期格式应为YYYY-MM-DD']]);
    expect(invalid({ hireDate: '2026-11-16' })).toEqual([['hireDate', '入职日期晚于当前日期']]);
    expect(assessOfficerQuality(officer({ hireDate: '2026-11-15' }), AS_OF).valid).toBe(true);
  });

  it('requires the officer to have been at least 18 when hired', () => {
    const id = idFor('19900315', '013');
    expect(invalid({ idNumber: id, hireDate: '2008-03-14' })).toEqual([['hireDate', '入职时未满18周岁（出生日期1990-03-15）']]);
    expect(assessOfficerQuality(officer({ idNumber: id, hireDate: '2008-03-15' }), AS_OF).valid).toBe(true);
  });

  it('lets a 29 February birthday reach 18 on 1 March of a common year', () => {
    const id = idFor('20000229', '013');
    expect(invalid({ idNumber: id, hireDate: '2018-02-28' })).toEqual([['hireDate', '入职时未满18周岁（出生日期2000-02-29）']]);
    expect(assessOfficerQuality(officer({ idNumber: id, hireDate: '2018-03-01' }), AS_OF).valid).toBe(true);
  });

  it('collects several problems, ordered by field', () => {
    const q = assessOfficerQuality(officer({
      name: null, certExpiry: '2020-01-01', phone: 'abc', gender: '女', updatedAt: new Date('2026-01-01T00:00:00Z'),
    }), AS_OF);
    expect(q.problems.map((p) => `${p.kind}:${p.field}`)).toEqual([
      'missing:name', 'invalid:gender', 'invalid:phone', 'invalid:certStatus', `stale:${FRESHNESS_FIELD}`,
    ]);
    expect(q).toMatchObject({ complete: false, valid: false, fresh: false });
  });
});

describe('assessOfficerQuality — 及时性', () => {
  const quarterStart = new Date('2026-09-30T16:00:00Z'); // 2026-10-01 00:00 Shanghai

  it('is stale when last updated before the quarter began and never confirmed since', () => {
    const q = assessOfficerQuality(officer({ updatedAt: new Date(quarterStart.getTime() - 1) }), AS_OF);
    expect(q.fresh).toBe(false);
    expect(q.complete).toBe(true);
    expect(q.valid).toBe(true);
    expect(q.problems).toEqual([{
      field: 'confirmedAt',
      kind: 'stale',
      message: '人员信息最后确认或更新于2026-09-30，2026年第4季度尚未确认',
    }]);
  });

  it('is fresh when updated at the very first instant of the quarter', () => {
    expect(assessOfficerQuality(officer({ updatedAt: quarterStart }), AS_OF).fresh).toBe(true);
  });

  it('is fresh when confirmed in the quarter even though the last update is older', () => {
    const o = officer({ updatedAt: new Date('2025-05-01T00:00:00Z'), confirmedAt: new Date('2026-10-02T00:00:00Z') });
    expect(assessOfficerQuality(o, AS_OF).fresh).toBe(true);
  });

  it('is stale when both the confirmation and the update precede the quarter', () => {
    const o = officer({ updatedAt: '2026-06-01T00:00:00Z', confirmedAt: '2026-09-15T00:00:00Z' });
    expect(assessOfficerQuality(o, AS_OF).problems[0].message).toBe('人员信息最后确认或更新于2026-09-15，2026年第4季度尚未确认');
  });

  it('uses Shanghai quarters: 30 Sep 17:00 UTC is already Q4', () => {
    const o = officer({ updatedAt: new Date('2026-09-30T17:00:00Z') });
    expect(assessOfficerQuality(o, new Date('2026-10-01T00:00:00Z')).fresh).toBe(true);
    // …and a record touched on 1 Oct (Shanghai) becomes stale once Q1 2027 begins.
    expect(assessOfficerQuality(o, new Date('2026-12-31T16:00:00Z')).problems[0].message)
      .toBe('人员信息最后确认或更新于2026-10-01，2027年第1季度尚未确认');
  });

  it('treats unreadable timestamps as never touched', () => {
    const q = assessOfficerQuality(officer({ updatedAt: 'garbage', confirmedAt: '' }), AS_OF);
    expect(q.problems).toEqual([{ field: 'confirmedAt', kind: 'stale', message: '2026年第4季度尚未确认人员信息' }]);
  });
});
