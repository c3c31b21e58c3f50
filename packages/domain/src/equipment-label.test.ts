import { describe, expect, it } from 'vitest';
import { assetTagFromScan, labelPayload } from './equipment-label.ts';

describe('labelPayload', () => {
  it('builds the item URL from the base URL and the normalised tag', () => {
    expect(labelPayload('https://cg.example/', ' hp-001 ')).toBe('https://cg.example/equipment/tag/HP-001');
    expect(labelPayload('http://localhost:3000', 'A1B2')).toBe('http://localhost:3000/equipment/tag/A1B2');
  });
});

describe('assetTagFromScan', () => {
  it('reads the tag back out of a label URL', () => {
    expect(assetTagFromScan(labelPayload('https://cg.example', 'NJDL-0042'))).toBe('NJDL-0042');
    expect(assetTagFromScan('https://cg.example/equipment/tag/njdl-0042?x=1')).toBe('NJDL-0042');
  });
  it('accepts a bare tag, trimmed and upper-cased', () => {
    expect(assetTagFromScan('  zf-2020-001\n')).toBe('ZF-2020-001');
  });
  it('refuses other URLs, empty text and malformed tags', () => {
    expect(assetTagFromScan('https://weixin.qq.com/r/abc')).toBeNull();
    expect(assetTagFromScan('')).toBeNull();
    expect(assetTagFromScan('ab')).toBeNull();
    expect(assetTagFromScan('https://cg.example/equipment/tag/%E0%A4%A')).toBeNull();
    expect(assetTagFromScan('https://cg.example/equipment/tag/-BAD')).toBeNull();
  });
});
