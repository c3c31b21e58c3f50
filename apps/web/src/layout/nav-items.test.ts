import { describe, expect, it } from 'vitest';
import { navGroupOf, navKeyFor } from './nav-items';

describe('menu entry of a page', () => {
  it('picks the longest matching entry, so a sub-page is not its parent', () => {
    expect(navKeyFor('/')).toBe('dashboard');
    expect(navKeyFor('/evaluation')).toBe('evaluation-dashboard');
    expect(navKeyFor('/evaluation/self')).toBe('evaluation-self');
    expect(navKeyFor('/evaluation/rounds/5d0c')).toBe('evaluation-rounds');
    expect(navKeyFor('/equipment/overview')).toBe('equipment-overview');
  });

  it('counts a detail page reached from an entry as that entry', () => {
    expect(navKeyFor('/evaluation/applicants/5d0c')).toBe('evaluation-rounds');
    expect(navGroupOf('evaluation-rounds')).toBe('evaluation-group');
  });
});
