import { describe, it, expect } from 'vitest';
import { decodeGbk, decodePaddedText, decodeTrailingText } from './bytes.ts';

describe('GBK text fields', () => {
  it('decodes short and long ASCII, and GBK', () => {
    expect(decodeGbk(Uint8Array.of(0x41, 0x42, 0x43), 0, 3)).toBe('ABC');
    expect(decodeGbk(Uint8Array.of(0xbb, 0xa6, 0x41), 0, 3)).toBe('沪A');
    expect(decodePaddedText(Uint8Array.of(0x00, 0x20, 0x54, 0x31, 0x00), 0, 5)).toBe('T1');
    expect(decodeTrailingText(Uint8Array.of(0x61, 0x62, 0x00, 0x00), 0, 4)).toBe('ab');
  });

  it('decodes a field of megabytes without overflowing the call stack', () => {
    // Spreading 2 MiB into String.fromCharCode throws RangeError; the decoder path must not.
    const big = new Uint8Array(2 * 1024 * 1024).fill(0x7a);
    const s = decodeGbk(big, 0, big.length);
    expect(s.length).toBe(big.length);
    expect(s.slice(0, 3) + s.slice(-3)).toBe('zzzzzz');
    const mid = decodeGbk(big.fill(0x31, 1000, 1065), 1000, 1065);
    expect(mid).toBe('1'.repeat(65));
  });
});
