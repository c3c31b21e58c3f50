import { describe, it, expect } from 'vitest';
import { Jt808FrameDecoder, jt808Checksum, wrapJt808Frame } from './frame.ts';
import { decodeAll, hex, seededRandom, toHex } from './test-support.ts';

// Frames derived by hand from the standard's layout (checksum = XOR of header + body).
// 2013 heartbeat 0x0002, phone 013912345678, serial 1: XOR 00^02^00^00^01^39^12^34^56^78^00^01 = 0x33.
const HEARTBEAT_2013 = '7e | 0002 | 0000 | 013912345678 | 0001 | 33 | 7e';
const HEARTBEAT_2013_CONTENT = '0002 0000 013912345678 0001';
// Serial 0x004c makes the checksum 0x7e itself (sent as 7d 02); serial 0x004f makes it 0x7d (sent as 7d 01).
const CHECKSUM_7E = '7e | 0002 | 0000 | 013912345678 | 004c | 7d02 | 7e';
const CHECKSUM_7D = '7e | 0002 | 0000 | 013912345678 | 004f | 7d01 | 7e';
// 0x0900 with body 7e 7d 02: body bytes escaped, checksum 0x2b.
const BODY_7E_7D = '7e | 0900 | 0003 | 013912345678 | 0010 | 7d02 7d01 02 | 2b | 7e';

describe('Jt808FrameDecoder', () => {
  it('unescapes a frame, verifies and strips the checksum', () => {
    const results = decodeAll(hex(HEARTBEAT_2013));
    expect(results).toHaveLength(1);
    expect(results[0].ok && toHex(results[0].frame)).toBe(toHex(hex(HEARTBEAT_2013_CONTENT)));
  });

  it('handles a checksum that is itself 0x7e or 0x7d', () => {
    const a = decodeAll(hex(CHECKSUM_7E));
    const b = decodeAll(hex(CHECKSUM_7D));
    expect(a[0].ok && toHex(a[0].frame)).toBe('00020000013912345678004c');
    expect(b[0].ok && toHex(b[0].frame)).toBe('00020000013912345678004f');
  });

  it('restores 0x7e and 0x7d inside the body', () => {
    const r = decodeAll(hex(BODY_7E_7D));
    expect(r[0].ok && toHex(r[0].frame)).toBe('0900000301391234567800107e7d02');
  });

  it('drops garbage before the first 0x7e', () => {
    const d = new Jt808FrameDecoder();
    const r = d.push(hex(`0d0a 4f4b 0102 7d7d ${HEARTBEAT_2013}`));
    expect(r).toEqual([{ ok: true, frame: hex(HEARTBEAT_2013_CONTENT) }]);
    expect(d.droppedBytes).toBe(8);
  });

  it('returns two frames from one chunk, with a doubled or a shared delimiter', () => {
    const doubled = decodeAll(hex(`${HEARTBEAT_2013} ${CHECKSUM_7E}`));
    expect(doubled.map((r) => r.ok)).toEqual([true, true]);
    const shared = decodeAll(hex('7e 0002 0000 013912345678 0001 33 7e 0002 0000 013912345678 004c 7d02 7e'));
    expect(shared.map((r) => r.ok && toHex(r.frame))).toEqual(['00020000013912345678' + '0001', '00020000013912345678004c']);
    expect(decodeAll(hex(`7e7e7e ${HEARTBEAT_2013} 7e7e`))).toHaveLength(1);
  });

  it('reassembles a frame pushed byte by byte, including split escapes', () => {
    const d = new Jt808FrameDecoder();
    const bytes = hex(`${BODY_7E_7D} ${CHECKSUM_7D}`);
    const results = [];
    for (const b of bytes) results.push(...d.push(Uint8Array.of(b)));
    expect(results.map((r) => r.ok && toHex(r.frame))).toEqual(['0900000301391234567800107e7d02', '00020000013912345678004f']);
  });

  it('reports a wrong checksum with the received content', () => {
    const r = decodeAll(hex('7e 0002 0000 013912345678 0001 34 7e'));
    expect(r).toEqual([{ ok: false, error: 'BAD_CHECKSUM', frame: hex(HEARTBEAT_2013_CONTENT) }]);
  });

  it('reports an invalid escape and resumes at the next frame', () => {
    const r = decodeAll(hex(`7e 0002 0000 7d03 013912345678 0001 33 7e ${HEARTBEAT_2013}`));
    expect(r.map((x) => (x.ok ? 'ok' : x.error))).toEqual(['BAD_ESCAPE', 'ok']);
    // 0x7d directly before the closing 0x7e.
    expect(decodeAll(hex('7e 0002 0000 013912345678 0001 7d 7e')).map((x) => !x.ok && x.error)).toEqual(['BAD_ESCAPE']);
  });

  it('reports content shorter than a header as TRUNCATED', () => {
    expect(decodeAll(hex('7e 0002 0000 0139 7e'))).toEqual([{ ok: false, error: 'TRUNCATED' }]);
  });

  it('reports a frame over the limit once, skips it, and keeps its buffer at the limit', () => {
    const d = new Jt808FrameDecoder({ maxFrameBytes: 64 });
    const long = new Uint8Array(200).fill(0x11);
    const r = d.push(Uint8Array.of(0x7e, ...long, 0x7e, ...hex(HEARTBEAT_2013)));
    expect(r.map((x) => (x.ok ? 'ok' : x.error))).toEqual(['TOO_LONG', 'ok']);
    expect(d.capacity).toBe(64);
  });

  it('stays bounded under megabytes of noise without 0x7e, then decodes the next frame', () => {
    const d = new Jt808FrameDecoder();
    const rand = seededRandom(808);
    const chunk = new Uint8Array(64 * 1024);
    const errors: string[] = [];
    errors.push(...d.push(Uint8Array.of(0x7e)).map((x) => (x.ok ? 'ok' : x.error)));
    for (let n = 0; n < 128; n++) { // 8 MiB
      for (let i = 0; i < chunk.length; i++) {
        // Noise without 0x7e, and 0x7d only as valid escapes so the frame fails by length, not by escape.
        const v = Math.floor(rand() * 256);
        chunk[i] = v === 0x7e || v === 0x7d ? 0x11 : v;
      }
      errors.push(...d.push(chunk).map((x) => (x.ok ? 'ok' : x.error)));
    }
    expect(errors).toEqual(['TOO_LONG']);
    expect(d.capacity).toBe(2048);
    expect(d.pendingBytes).toBe(8 * 1024 * 1024);
    expect(d.push(hex(`7e ${HEARTBEAT_2013}`)).map((x) => x.ok)).toEqual([true]);
    expect(d.pendingBytes).toBe(0);
  });

  it('drops a partial frame on reset', () => {
    const d = new Jt808FrameDecoder();
    d.push(hex('7e 0002 0000 0139'));
    d.reset();
    expect(d.push(hex('123456780001 33 7e'))).toEqual([]);
    expect(d.push(hex(HEARTBEAT_2013))).toHaveLength(1);
  });
});

describe('wrapJt808Frame', () => {
  it('produces the hand-derived bytes, escaping body and checksum', () => {
    expect(toHex(wrapJt808Frame(hex(HEARTBEAT_2013_CONTENT)))).toBe(toHex(hex(HEARTBEAT_2013)));
    expect(toHex(wrapJt808Frame(hex('00020000013912345678004c')))).toBe(toHex(hex(CHECKSUM_7E)));
    expect(toHex(wrapJt808Frame(hex('00020000013912345678004f')))).toBe(toHex(hex(CHECKSUM_7D)));
    expect(toHex(wrapJt808Frame(hex('0900000301391234567800107e7d02')))).toBe(toHex(hex(BODY_7E_7D)));
  });

  it('finds, for any header, a last body byte that makes the checksum 0x7e and round-trips it', () => {
    const content = hex('0900 0002 013912345678 0033 aa 00');
    content[content.length - 1] = jt808Checksum(content, 0, content.length - 1) ^ 0x7e;
    expect(jt808Checksum(content)).toBe(0x7e);
    const wire = wrapJt808Frame(content);
    expect(toHex(wire.subarray(wire.length - 3))).toBe('7d027e');
    const r = decodeAll(wire);
    expect(r[0].ok && toHex(r[0].frame)).toBe(toHex(content));
  });
});
