import { describe, it, expect } from 'vitest';
import { JT808_ALARM, JT808_RESULT, JT808_REGISTER_RESULT, JT808_STATUS } from './constants.ts';
import { parseJt808Location } from './location.ts';
import {
  encodeJt808Body, encodeJt808Message, encodeJt808PlatformResponse, encodeJt808RegisterResponse, parseJt808Body,
  type Jt808Body, type Jt808BodyInput,
} from './message.ts';
import { parseJt808Packet, type Jt808Header } from './packet.ts';
import { hex, onlyFrame, toHex } from './test-support.ts';

/** Frame bytes → header + parsed body, failing the test on any error. */
function decode(frameHex: string): { header: Jt808Header; message: Jt808Body } {
  const p = parseJt808Packet(onlyFrame(hex(frameHex)));
  if (!p.ok) throw new Error(`packet: ${p.error}`);
  const b = parseJt808Body(p.header.messageId, p.header.edition, p.body);
  if (!b.ok) throw new Error(`body: ${b.error}`);
  return { header: p.header, message: b.message };
}

// 0x0200, 2013, phone 013912345678, serial 7, body 44 bytes (0x2c), derived by hand:
// alarm 00000001 (emergency) | status 00000003 (ACC, fixed) | lat 01dc89d0 = 31230416 | lon 073d8aa5 = 121473701 |
// altitude 000c = 12 m | speed 016d = 365 → 36.5 km/h | direction 005a = 90 | time 240315083045 (Beijing) |
// 01 04 00000d80 mileage 3456 → 345.6 km | 02 02 01f4 fuel 500 → 50.0 L | 30 01 1f signal 31 | 31 01 0c 12 satellites
const LOCATION_2013 = '7e 0200 002c 013912345678 0007 | 00000001 00000003 01dc89d0 073d8aa5 000c 016d 005a 240315083045 |'
  + ' 0104 00000d80 | 0202 01f4 | 3001 1f | 3101 0c | 90 7e';

// Status 0000000f: ACC, fixed, south, west; lat 0210 02b4 = 34603700, lon 037a d520 = 58381600; 2024-01-01 00:00:00 Beijing.
const LOCATION_SOUTH_WEST = '7e 0200 001c 013912345678 0011 | 00000000 0000000f 021002b4 037ad520 0000 0000 0000 240101000000 | 3c 7e';

// 0x0102, 2019: length 06, code 'abc123', IMEI '860000000000001', version 'V1.0.0' + 14 × 00; body 42 = 0x2a.
const AUTH_2019 = '7e 0102 402a 01 00000000013912345678 0009 | 06 616263313233 | 383630303030303030303030303031 |'
  + ' 56312e302e30 0000000000000000000000000000 | 5f 7e';

// 0x0100, 2013: province 001f, city 0065, maker 'SH001', model 'CG-T1' + 15 × 00, terminal id 'T000001',
// colour 02, plate '沪A12345' in GBK (沪 = bb a6); body 45 = 0x2d.
const REGISTER_2013 = '7e 0100 002d 013912345678 0000 | 001f 0065 5348303031 43472d5431000000000000000000000000000000'
  + ' 54303030303031 02 bba6413132333435 | 3a 7e';

// Frames from real terminals, published with the Traccar project's tests.
const REAL_REGISTER_2013 = '7E0100002D013511221122000500000000373031303748422D52303347424400000000000000000000003233363631303402CBD5424136383630387E';
const REAL_BATCH_2013 = '7E0704014301356777777707F5000801002600000000000000030159741206CBFD5001720000000116052709062401040000001D03020000002600000000000000030159746606CBFD50016B0000000116052709065301040000001D0302000000260000000000000003015975E406CBFE58013F0000000116052709072701040000001D0302000000260000000000000003015976DE06CBFF10012E0000000116052709075601040000001D0302000000260000000000000003015976BC06CBFED0012D0000000116052709083001040000001D0302000000260000000000000003015976FE06CBFEC001080000000116052709090001040000001D0302000000260000000000000003015976FE06CBFE7800FC0000000116052709093301040000001D0302000000260000000000000003015977A606CBFF3001080000000116052709100201040000001D030200001F7E';

describe('0x0200 location', () => {
  it('decodes the hand-built frame', () => {
    const { header, message } = decode(LOCATION_2013);
    expect(header.serial).toBe(7);
    expect(message).toEqual({
      kind: 'location',
      location: {
        alarm: JT808_ALARM.EMERGENCY, status: JT808_STATUS.ACC | JT808_STATUS.FIXED, acc: true, fixed: true,
        latitude: 31.230416, longitude: 121.473701, altitudeM: 12, speedKmh: 36.5, direction: 90,
        time: new Date('2024-03-15T00:30:45Z'),
        mileageKm: 345.6, fuelL: 50, recorderSpeedKmh: null, signal: 31, satellites: 12, extraItems: null,
      },
    });
  });

  it('signs latitude and longitude from the south and west bits', () => {
    const { message } = decode(LOCATION_SOUTH_WEST);
    expect(message.kind === 'location' && [message.location.latitude, message.location.longitude, message.location.time])
      .toEqual([-34.6037, -58.3816, new Date('2023-12-31T16:00:00Z')]);
  });

  const FIXED = '00000000 00000002 01dc89d0 073d8aa5 0000 0000 0000';

  it('rejects a bad BCD digit and impossible dates', () => {
    for (const time of ['24031508304a', '241315083045', '240230083045', '230229083045', '240315243045', '240315086045', '000000000000']) {
      expect(parseJt808Location(hex(FIXED + time))).toEqual({ ok: false, error: 'BAD_TIME' });
    }
    expect(parseJt808Location(hex(FIXED + '240229235959')).ok).toBe(true);
  });

  it('rejects an additional item that runs past the body, or a stray byte', () => {
    expect(parseJt808Location(hex(`${FIXED} 240315083045 0104 000000`))).toEqual({ ok: false, error: 'BAD_ITEM' });
    expect(parseJt808Location(hex(`${FIXED} 240315083045 3001 1f 31`))).toEqual({ ok: false, error: 'BAD_ITEM' });
    expect(parseJt808Location(hex(`${FIXED} 2403150830`))).toEqual({ ok: false, error: 'BAD_BODY' });
  });

  it('skips unknown items by length and keeps them, and keeps a known id with the wrong length aside', () => {
    const r = parseJt808Location(hex(`${FIXED} 240315083045 2502 abcd 0000 3101 09 0102 0001 eb03 010203`));
    expect(r.ok && r.location.satellites).toBe(9);
    expect(r.ok && r.location.mileageKm).toBeNull();
    expect(r.ok && r.location.extraItems?.map((x) => [x.id, toHex(x.value)]))
      .toEqual([[0x25, 'abcd'], [0x00, ''], [0x01, '0001'], [0xeb, '010203']]);
  });

  it('encodes as the exact inverse', () => {
    const { message } = decode(LOCATION_2013);
    if (message.kind !== 'location') throw new Error('kind');
    const frame = encodeJt808Message({ edition: 2013, phone: '13912345678', serial: 7 }, message);
    expect(toHex(frame)).toBe(toHex(hex(LOCATION_2013)));
    const sw = decode(LOCATION_SOUTH_WEST).message;
    expect(toHex(encodeJt808Message({ edition: 2013, phone: '13912345678', serial: 0x11 }, sw))).toBe(toHex(hex(LOCATION_SOUTH_WEST)));
  });
});

describe('0x0704 batch', () => {
  it('decodes a real blind-area batch', () => {
    const { message } = decode(REAL_BATCH_2013);
    if (message.kind !== 'locationBatch') throw new Error('kind');
    expect(message.batchType).toBe(1);
    expect(message.locations).toHaveLength(8);
    expect(message.rejected).toEqual([]);
    expect(message.locations[0]).toMatchObject({
      latitude: 22.639634, longitude: 114.031952, altitudeM: 370, time: new Date('2016-05-27T01:06:24Z'), mileageKm: 2.9,
    });
  });

  const item = (time: string) => `0000000000000002 01dc89d0 073d8aa5 0000 0000 0000 ${time}`;

  it('keeps the good items when one has a bad time', () => {
    const body = hex(`0002 00 | 001c ${item('240315083045')} | 001c ${item('241315083045')}`);
    const r = parseJt808Body(0x0704, 2013, body);
    expect(r.ok && r.message.kind === 'locationBatch' && [r.message.locations.length, r.message.rejected])
      .toEqual([1, [{ index: 1, error: 'BAD_TIME' }]]);
  });

  it('rejects an item running past the body, a short count and trailing bytes', () => {
    expect(parseJt808Body(0x0704, 2013, hex(`0001 00 | 001d ${item('240315083045')}`)).ok).toBe(false);
    expect(parseJt808Body(0x0704, 2013, hex(`0002 00 | 001c ${item('240315083045')}`)).ok).toBe(false);
    expect(parseJt808Body(0x0704, 2013, hex(`0001 00 | 001c ${item('240315083045')} 00`)).ok).toBe(false);
  });

  it('encodes as the exact inverse', () => {
    const { header, message } = decode(REAL_BATCH_2013);
    expect(toHex(encodeJt808Message({ edition: 2013, phone: header.phone, serial: header.serial }, message as Jt808BodyInput)))
      .toBe(toHex(hex(REAL_BATCH_2013)));
  });
});

describe('0x0100 register', () => {
  it('decodes the hand-built 2013 frame with a GBK plate', () => {
    expect(decode(REGISTER_2013).message).toEqual({
      kind: 'register', province: 31, city: 101, maker: 'SH001', model: 'CG-T1', terminalId: 'T000001', plateColor: 2,
      plate: '沪A12345',
    });
  });

  it('decodes a real 2013 register', () => {
    expect(decode(REAL_REGISTER_2013).message).toEqual({
      kind: 'register', province: 0, city: 0, maker: '70107', model: 'HB-R03GBD', terminalId: '2366104', plateColor: 2,
      plate: '苏BA6860',
    });
  });

  it('uses the 2019 field widths (11 / 30 / 30) and encodes as the inverse in both editions', () => {
    const body: Jt808BodyInput = {
      kind: 'register', province: 31, city: 101, maker: 'MAKER000001', model: 'M'.repeat(30), terminalId: 'ID123',
      plateColor: 1, plate: '沪B0A123',
    };
    const b2019 = encodeJt808Body(body, 2019);
    expect(b2019.length).toBe(4 + 11 + 30 + 30 + 1 + 8);
    expect(toHex(b2019.subarray(45, 50))).toBe(toHex(new TextEncoder().encode('ID123')));
    expect(parseJt808Body(0x0100, 2019, b2019)).toEqual({ ok: true, message: body });
    expect(toHex(encodeJt808Body(decode(REGISTER_2013).message as Jt808BodyInput, 2013)))
      .toBe(toHex(hex(REGISTER_2013).subarray(13, 58)));
    expect(() => encodeJt808Body({ ...body, maker: 'MAKER000001' }, 2013)).toThrow(RangeError);
  });

  it('rejects a body shorter than the fixed fields', () => {
    expect(parseJt808Body(0x0100, 2013, new Uint8Array(36))).toEqual({ ok: false, error: 'BAD_BODY' });
    expect(parseJt808Body(0x0100, 2019, new Uint8Array(75))).toEqual({ ok: false, error: 'BAD_BODY' });
  });

  it('takes a plate up to 255 bytes and refuses a longer one (a hostile terminal cannot make us decode megabytes)', () => {
    const base = { kind: 'register', province: 31, city: 101, maker: 'SH001', model: 'CG-T1', terminalId: 'T1', plateColor: 2 } as const;
    const longest = { ...base, plate: 'A'.repeat(255) };
    expect(parseJt808Body(0x0100, 2013, encodeJt808Body(longest, 2013))).toEqual({ ok: true, message: longest });
    expect(parseJt808Body(0x0100, 2013, encodeJt808Body({ ...base, plate: 'A'.repeat(256) }, 2013)))
      .toEqual({ ok: false, error: 'BAD_BODY' });
    const huge = new Uint8Array(37 + 1024 * 1024).fill(0x41);
    expect(parseJt808Body(0x0100, 2013, huge)).toEqual({ ok: false, error: 'BAD_BODY' });
  });
});

describe('0x0102 auth', () => {
  it('2013: the whole body is the code', () => {
    const frame = '7E0102000E013511221122000661757468656E7469636174696F6E3F7E';
    expect(decode(frame).message).toEqual({ kind: 'auth', code: 'authentication', imei: null, softwareVersion: null });
    expect(toHex(encodeJt808Message({ edition: 2013, phone: '13511221122', serial: 6 }, { kind: 'auth', code: 'authentication' })))
      .toBe(toHex(hex(frame)));
  });

  it('2019: length, code, IMEI and software version', () => {
    const { header, message } = decode(AUTH_2019);
    expect(header.edition).toBe(2019);
    expect(message).toEqual({ kind: 'auth', code: 'abc123', imei: '860000000000001', softwareVersion: 'V1.0.0' });
    expect(toHex(encodeJt808Message({ edition: 2019, phone: '13912345678', serial: 9 }, message as Jt808BodyInput)))
      .toBe(toHex(hex(AUTH_2019)));
  });

  it('2019: a length byte that disagrees with the body is BAD_BODY', () => {
    const body = hex(AUTH_2019).subarray(18, 60);
    expect(parseJt808Body(0x0102, 2019, body).ok).toBe(true);
    expect(parseJt808Body(0x0102, 2019, body.subarray(0, 41))).toEqual({ ok: false, error: 'BAD_BODY' });
    expect(parseJt808Body(0x0102, 2019, Uint8Array.of(0x07, ...body.subarray(1)))).toEqual({ ok: false, error: 'BAD_BODY' });
    expect(parseJt808Body(0x0102, 2019, new Uint8Array(0))).toEqual({ ok: false, error: 'BAD_BODY' });
  });

  it('2013: a code over 255 bytes is BAD_BODY', () => {
    expect(parseJt808Body(0x0102, 2013, new Uint8Array(255).fill(0x61))).toMatchObject({ ok: true, message: { code: 'a'.repeat(255) } });
    expect(parseJt808Body(0x0102, 2013, new Uint8Array(256).fill(0x61))).toEqual({ ok: false, error: 'BAD_BODY' });
  });
});

describe('heartbeat, logout, responses, unknown ids', () => {
  it('heartbeat and logout have empty bodies', () => {
    expect(parseJt808Body(0x0002, 2013, new Uint8Array(0))).toEqual({ ok: true, message: { kind: 'heartbeat' } });
    expect(parseJt808Body(0x0003, 2019, new Uint8Array(0))).toEqual({ ok: true, message: { kind: 'logout' } });
    expect(parseJt808Body(0x0002, 2013, Uint8Array.of(0))).toEqual({ ok: false, error: 'BAD_BODY' });
  });

  it('an unknown id parses to its raw body', () => {
    const r = parseJt808Body(0x0900, 2013, hex('7e7d02'));
    expect(r.ok && r.message.kind === 'unknown' && [r.message.messageId, toHex(r.message.raw)]).toEqual([0x0900, '7e7d02']);
  });

  it('terminal general response 0x0001', () => {
    expect(parseJt808Body(0x0001, 2013, hex('0005 8103 00'))).toEqual({
      ok: true, message: { kind: 'terminalResponse', repliedSerial: 5, repliedId: 0x8103, result: 0 },
    });
    expect(parseJt808Body(0x0001, 2013, hex('0005 8103'))).toEqual({ ok: false, error: 'BAD_BODY' });
  });
});

describe('platform replies', () => {
  it('0x8001 to a 2013 location: replied serial, replied id, result (hand-derived bytes)', () => {
    const { header } = decode(LOCATION_2013);
    // 8001 | 0005 | 013912345678 | platform serial 0001 | 0007 0200 00 | checksum b0
    expect(toHex(encodeJt808PlatformResponse(header, 1, JT808_RESULT.OK))).toBe('7e8001000501391234567800010007020000b07e');
  });

  it('0x8001 to a 2019 auth goes out in the 2019 header', () => {
    const { header } = decode(AUTH_2019);
    const frame = encodeJt808PlatformResponse(header, 1, JT808_RESULT.OK);
    expect(toHex(frame)).toBe('7e80014005010000000001391234567800010009010200fe7e');
    expect(decode(toHex(frame)).message).toEqual({ kind: 'platformResponse', repliedSerial: 9, repliedId: 0x0102, result: 0 });
  });

  it('0x8100 carries the auth code only on success', () => {
    const { header } = decode(REGISTER_2013);
    const ok = encodeJt808RegisterResponse(header, 2, JT808_REGISTER_RESULT.OK, 'AUTH1234');
    expect(toHex(ok)).toBe('7e8100000b01391234567800020000004155544831323334b47e');
    expect(decode(toHex(ok)).message).toEqual({ kind: 'registerResponse', repliedSerial: 0, result: 0, authCode: 'AUTH1234' });
    const refused = encodeJt808RegisterResponse(header, 3, JT808_REGISTER_RESULT.TERMINAL_REGISTERED, 'ignored');
    expect(toHex(refused)).toBe('7e810000030139123456780003000003b27e');
    expect(decode(toHex(refused)).message).toEqual({ kind: 'registerResponse', repliedSerial: 0, result: 3, authCode: null });
    expect(() => encodeJt808RegisterResponse(header, 4, JT808_REGISTER_RESULT.OK)).toThrow(RangeError);
    expect(parseJt808Body(0x8100, 2013, hex('0000 00'))).toEqual({ ok: false, error: 'BAD_BODY' });
    expect(parseJt808Body(0x8100, 2013, hex('0000 01 41'))).toEqual({ ok: false, error: 'BAD_BODY' });
  });

  it('a reply to a terminal that mis-filled its version flag is a proper 2019 frame', () => {
    const p = parseJt808Packet(hex('0002 0000 01 00000000013912345678 0203'));
    if (!p.ok) throw new Error(p.error);
    const reply = parseJt808Packet(onlyFrame(encodeJt808PlatformResponse(p.header, 5, 0)));
    expect(reply.ok && [reply.header.edition, reply.header.versionFlagMismatch, reply.header.phone]).toEqual([2019, false, '13912345678']);
  });
});
