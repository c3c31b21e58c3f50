// Helpers for the JT/T 808 tests (not exported from the package).

import { Jt808FrameDecoder, type Jt808FrameResult } from './frame.ts';

/** Bytes of a hex string; spaces and '|' separators (field boundaries in the tests) are ignored. */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/[\s|]/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`bad hex: ${s}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}

export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** Runs bytes through a fresh decoder. */
export function decodeAll(bytes: Uint8Array, maxFrameBytes?: number): Jt808FrameResult[] {
  return new Jt808FrameDecoder({ maxFrameBytes }).push(bytes);
}

/** The single good frame content in `bytes` (header + body); throws when there is not exactly one. */
export function onlyFrame(bytes: Uint8Array): Uint8Array {
  const results = decodeAll(bytes);
  if (results.length !== 1 || !results[0].ok) throw new Error(`expected one good frame, got ${JSON.stringify(results)}`);
  return results[0].frame;
}

/** Deterministic PRNG (mulberry32) so fuzz failures reproduce. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
