import { describe, it, expect } from 'vitest';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parsePaging, parseSort } from './paging.ts';

const FIELDS = ['name', 'badgeNo', 'hireDate', 'updatedAt', 'unitName'] as const;

describe('parseSort', () => {
  it('reads ascending and descending fields', () => {
    expect(parseSort('name', FIELDS, 'name')).toEqual({ field: 'name', direction: 'asc' });
    expect(parseSort('-hireDate', FIELDS, 'name')).toEqual({ field: 'hireDate', direction: 'desc' });
    expect(parseSort(' -updatedAt ', FIELDS, 'name')).toEqual({ field: 'updatedAt', direction: 'desc' });
  });
  it('uses the fallback, which may itself be descending, when sort is absent or empty', () => {
    expect(parseSort(undefined, FIELDS, 'name')).toEqual({ field: 'name', direction: 'asc' });
    expect(parseSort(null, ['seq'], '-seq')).toEqual({ field: 'seq', direction: 'desc' });
    expect(parseSort('', ['seq'], '-seq')).toEqual({ field: 'seq', direction: 'desc' });
    expect(parseSort('   ', FIELDS, '-updatedAt')).toEqual({ field: 'updatedAt', direction: 'desc' });
  });
  it('rejects unknown fields and lists the allowed ones', () => {
    expect(parseSort('idNumber', FIELDS, 'name')).toEqual({
      error: '不支持按“idNumber”排序，可选字段：name、badgeNo、hireDate、updatedAt、unitName',
    });
    expect(parseSort('-Name', FIELDS, 'name')).toHaveProperty('error');
    expect(parseSort('--name', FIELDS, 'name')).toHaveProperty('error');
    expect(parseSort('+name', FIELDS, 'name')).toHaveProperty('error');
  });
  it('rejects a bare minus', () => {
    expect(parseSort('-', FIELDS, 'name')).toEqual({ error: '排序参数格式不正确，应为“字段”或“-字段”' });
  });
  it('throws for a fallback outside the allowed list (a programming error)', () => {
    expect(() => parseSort(undefined, FIELDS, '-seq')).toThrow('默认排序字段不在允许列表中：-seq');
  });
});

describe('parsePaging', () => {
  it('defaults to the first page of 20', () => {
    expect(parsePaging(undefined, undefined)).toEqual({ page: 1, pageSize: DEFAULT_PAGE_SIZE, offset: 0 });
    expect(parsePaging('', null)).toEqual({ page: 1, pageSize: 20, offset: 0 });
  });
  it('computes the offset', () => {
    expect(parsePaging('3', '50')).toEqual({ page: 3, pageSize: 50, offset: 100 });
    expect(parsePaging(2, MAX_PAGE_SIZE)).toEqual({ page: 2, pageSize: 200, offset: 200 });
  });
  it.each(['0', '-1', '1.5', 'abc', '1e3'])('rejects page %s', (p) => {
    expect(parsePaging(p, '20')).toEqual({ error: 'page 应为正整数' });
  });
  it.each(['0', '201', '2.5', 'x'])('rejects pageSize %s', (s) => {
    expect(parsePaging('1', s)).toEqual({ error: 'pageSize 应为1–200之间的整数' });
  });
  it('rejects numbers beyond the safe integer range', () => {
    expect(parsePaging('99999999999999999999', '20')).toEqual({ error: 'page 应为正整数' });
  });
});
