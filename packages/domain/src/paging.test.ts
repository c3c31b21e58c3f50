import { describe, it, expect } from 'vitest';
import { parseSort } from './paging.ts';

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
