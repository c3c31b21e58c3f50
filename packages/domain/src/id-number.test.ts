import { describe, it, expect } from 'vitest';
import {
  gb11643CheckDigit, genderFromIdNumber, idNumberProblem, isValidIdNumber, maskIdNumber, normalizeIdNumber,
} from './id-number.ts';

const KNOWN = '11010519491231002X';

describe('GB 11643 ID numbers', () => {
  it('computes the check character, including X', () => {
    expect(gb11643CheckDigit(KNOWN.slice(0, 17))).toBe('X');
    expect(() => gb11643CheckDigit('1234')).toThrow('需要17位数字');
  });

  it('accepts the known-valid 11010519491231002X, also lower case and padded', () => {
    expect(idNumberProblem(KNOWN)).toBeNull();
    expect(isValidIdNumber(' 11010519491231002x ')).toBe(true);
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe(KNOWN);
  });

  it('names each kind of problem', () => {
    expect(idNumberProblem('11010519491231002')).toBe('format');
    expect(idNumberProblem('11010519491231002Y')).toBe('format');
    expect(idNumberProblem('1101051949123100X2')).toBe('format');
    expect(idNumberProblem('110105194902300021')).toBe('birthDate');
    expect(idNumberProblem('110105189912310021')).toBe('birthDate');
    expect(idNumberProblem('110105194912310021')).toBe('checksum');
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });

  it('masks all but the area code and the last four characters', () => {
    expect(maskIdNumber(KNOWN)).toBe('110105********002X');
    expect(maskIdNumber('123')).toBe('***');
  });

  it('reads gender from the 17th digit', () => {
    expect(genderFromIdNumber(KNOWN)).toBe('女');
    expect(genderFromIdNumber('110105194912310011')).toBe('男');
    expect(genderFromIdNumber('1101')).toBeNull();
  });
});
