import { describe, expect, it } from 'vitest';
import { locationKindsFor, monthLabel, monthsOf } from './infrastructure.ts';

describe('基础设施 helpers', () => {
  it('lists the calendar months a period touches, across years', () => {
    expect(monthsOf('2026-11-15', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsOf('2027-03-01', '2027-03-31')).toEqual(['2027-03']);
    expect(monthLabel('2027-03')).toBe('2027年3月');
  });
  it('says where each device kind sits', () => {
    expect(locationKindsFor('camera')).toContain('seized_storage');
    expect(locationKindsFor('access_control')).toEqual(['reception_hall', 'hearing_room', 'petition_room']);
    expect(locationKindsFor('display')).toEqual([]);
  });
});
