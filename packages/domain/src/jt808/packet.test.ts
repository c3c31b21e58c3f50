import { describe, it, expect } from 'vitest';
import {
  encodeJt808Frame, encodeJt808Packet, encodeJt808Subpackages, normalizeJt808Phone, parseJt808Packet,
} from './packet.ts';
import { hex, onlyFrame, toHex } from './test-support.ts';

describe('normalizeJt808Phone', () => {
  it('strips leading zeros and pads to 11 digits, the same for both editions', () => {
    expect(normalizeJt808Phone('013912345678')).toBe('13912345678');
    expect(normalizeJt808Phone('00000000013912345678')).toBe('13912345678');
    expect(normalizeJt808Phone('000012345678')).toBe('00012345678');
    expect(normalizeJt808Phone('000000000000')).toBe('00000000000');
    expect(normalizeJt808Phone('106412345678')).toBe('106412345678');
    expect(normalizeJt808Phone('12345678901234567890')).toBe('12345678901234567890');
    expect(normalizeJt808Phone('13912345678')).toBe('13912345678');
  });

  it('refuses non-digits and more than 20 digits', () => {
    expect(normalizeJt808Phone('')).toBeNull();
    expect(normalizeJt808Phone('1391234567a')).toBeNull();
    expect(normalizeJt808Phone('123456789012345678901')).toBeNull();
  });
});

describe('parseJt808Packet', () => {
  it('reads a 2013 header', () => {
    const r = parseJt808Packet(onlyFrame(hex('7e 0002 0000 013912345678 0001 33 7e')));
    expect(r).toEqual({
      ok: true,
      header: {
        messageId: 0x0002, edition: 2013, protocolVersion: 0, bodyLength: 0, encryption: 0, versionFlagMismatch: false,
        phone: '13912345678', serial: 1, packageTotal: 0, packageIndex: 0,
      },
      body: new Uint8Array(0),
    });
  });

  it('reads a 2019 header (version flag, protocol version, BCD[10] phone)', () => {
    // 0002 | attr 4000 (bit 14) | version 01 | phone 00000000013912345678 | serial 0203 | checksum 72
    const r = parseJt808Packet(onlyFrame(hex('7e 0002 4000 01 00000000013912345678 0203 72 7e')));
    expect(r.ok && r.header).toEqual({
      messageId: 0x0002, edition: 2019, protocolVersion: 1, bodyLength: 0, encryption: 0, versionFlagMismatch: false,
      phone: '13912345678', serial: 0x0203, packageTotal: 0, packageIndex: 0,
    });
  });

  it('reads subpackage fields and checks them', () => {
    const ok = parseJt808Packet(hex('0801 2002 013912345678 0010 0003 0002 abcd'));
    expect(ok.ok && [ok.header.packageTotal, ok.header.packageIndex, toHex(ok.body)]).toEqual([3, 2, 'abcd']);
    const zero = parseJt808Packet(hex('0801 2002 013912345678 0010 0003 0000 abcd'));
    expect(zero.ok ? null : zero.error).toBe('BAD_SUBPACKAGE');
    const over = parseJt808Packet(hex('0801 2002 013912345678 0010 0003 0004 abcd'));
    expect(over.ok ? null : over.error).toBe('BAD_SUBPACKAGE');
  });

  it('rejects a body length that disagrees with the attributes, keeping the header', () => {
    const r = parseJt808Packet(hex('0200 0005 013912345678 0007 01020304'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBe('BAD_LENGTH');
      expect(r.header?.serial).toBe(7);
    }
    expect(parseJt808Packet(hex('0200 0003 013912345678 0007 01020304')).ok).toBe(false);
  });

  it('reports a truncated header', () => {
    expect(parseJt808Packet(hex('0002 0000 0139123456'))).toEqual({ ok: false, error: 'TRUNCATED' });
    // The 2019 flag promises 17 bytes; 13 arrived and they fit no 2013 layout either.
    expect(parseJt808Packet(hex('0002 4005 01 0000000001391234'))).toEqual({ ok: false, error: 'TRUNCATED' });
    expect(parseJt808Packet(hex('0801 2000 013912345678 0010 0003'))).toEqual({ ok: false, error: 'TRUNCATED' });
  });

  it('rejects a phone that is not BCD', () => {
    expect(parseJt808Packet(hex('0002 0000 01391234567a 0001'))).toEqual({ ok: false, error: 'BAD_PHONE' });
  });

  it('refuses encrypted bodies, keeping the header', () => {
    const r = parseJt808Packet(hex('0200 0402 013912345678 0007 0102'));
    expect(!r.ok && [r.error, r.header?.encryption]).toEqual(['ENCRYPTED', 1]);
  });

  it('reads a frame whose version flag is mis-filled when its length fits only the other edition', () => {
    // 2019 layout with bit 14 clear.
    const a = parseJt808Packet(hex('0002 0000 01 00000000013912345678 0203'));
    expect(a.ok && [a.header.edition, a.header.versionFlagMismatch, a.header.phone]).toEqual([2019, true, '13912345678']);
    // 2013 layout with bit 14 set.
    const b = parseJt808Packet(hex('0002 4000 013912345678 0001'));
    expect(b.ok && [b.header.edition, b.header.versionFlagMismatch]).toEqual([2013, true]);
    // Strict mode trusts the flag.
    expect(parseJt808Packet(hex('0002 4000 013912345678 0001'), { strictVersionFlag: true }))
      .toEqual({ ok: false, error: 'TRUNCATED' });
  });
});

describe('encodeJt808Packet / encodeJt808Frame', () => {
  it('writes the hand-derived 2013 and 2019 frames', () => {
    expect(toHex(encodeJt808Frame({ messageId: 2, edition: 2013, phone: '13912345678', serial: 1 }, new Uint8Array(0))))
      .toBe('7e000200000139123456780001337e');
    expect(toHex(encodeJt808Frame({ messageId: 2, edition: 2019, phone: '13912345678', serial: 0x0203 }, new Uint8Array(0))))
      .toBe('7e0002400001000000000139123456780203727e');
  });

  it('is the inverse of parseJt808Packet, subpackages included', () => {
    const body = hex('0102030405');
    const packet = encodeJt808Packet(
      { messageId: 0x0801, edition: 2019, protocolVersion: 2, phone: '12345678901234567890', serial: 65535, packageTotal: 9, packageIndex: 9 },
      body,
    );
    const r = parseJt808Packet(packet);
    expect(r.ok && r.header).toEqual({
      messageId: 0x0801, edition: 2019, protocolVersion: 2, bodyLength: 5, encryption: 0, versionFlagMismatch: false,
      phone: '12345678901234567890', serial: 65535, packageTotal: 9, packageIndex: 9,
    });
    expect(r.ok && toHex(r.body)).toBe('0102030405');
  });

  it('refuses values that do not fit', () => {
    const h = { messageId: 2, edition: 2013 as const, phone: '13912345678', serial: 1 };
    expect(() => encodeJt808Packet(h, new Uint8Array(1024))).toThrow(RangeError);
    expect(() => encodeJt808Packet({ ...h, phone: '1234567890123' }, new Uint8Array(0))).toThrow(RangeError);
    expect(() => encodeJt808Packet({ ...h, serial: 65536 }, new Uint8Array(0))).toThrow(RangeError);
    expect(() => encodeJt808Packet({ ...h, packageTotal: 2, packageIndex: 3 }, new Uint8Array(0))).toThrow(RangeError);
  });

  it('splits a long body into packages with consecutive serials, wrapping at 0xffff', () => {
    const body = Uint8Array.from({ length: 2500 }, (_, i) => i & 0xff);
    const frames = encodeJt808Subpackages({ messageId: 0x0801, edition: 2013, phone: '13912345678', serial: 0xfffe }, body);
    const parsed = frames.map((f) => parseJt808Packet(onlyFrame(f)));
    expect(parsed.map((p) => p.ok && [p.header.serial, p.header.packageTotal, p.header.packageIndex, p.body.length]))
      .toEqual([[0xfffe, 3, 1, 1023], [0xffff, 3, 2, 1023], [0, 3, 3, 454]]);
  });
});
