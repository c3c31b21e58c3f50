import { describe, it, expect } from 'vitest';
import type { Jt808Edition } from './constants.ts';
import { Jt808FrameDecoder } from './frame.ts';
import type { Jt808Location } from './location.ts';
import { encodeJt808Body, encodeJt808Message, parseJt808Body, type Jt808Body } from './message.ts';
import { encodeJt808Subpackages, normalizeJt808Phone, parseJt808Packet } from './packet.ts';
import { Jt808Reassembler } from './reassembler.ts';
import { onlyFrame, seededRandom } from './test-support.ts';

type Rand = () => number;
const int = (rand: Rand, max: number) => Math.floor(rand() * (max + 1));
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[int(rand, xs.length - 1)];
const bytes = (rand: Rand, n: number) => Uint8Array.from({ length: n }, () => int(rand, 255));
const ascii = (rand: Rand, n: number) => Array.from({ length: n }, () => pick(rand, [...'ABCDEFGHJK0123456789-'])).join('');

function randomLocation(rand: Rand): Jt808Location {
  const status = int(rand, 0xffffffff) >>> 0;
  const latRaw = int(rand, 90_000_000);
  const lonRaw = int(rand, 180_000_000);
  const south = (status & 4) !== 0 && latRaw !== 0;
  const west = (status & 8) !== 0 && lonRaw !== 0;
  const extra = rand() < 0.3 ? [{ id: pick(rand, [0x04, 0x25, 0x2a, 0xe1, 0xfe]), value: bytes(rand, int(rand, 12)) }] : null;
  return {
    alarm: int(rand, 0xffffffff) >>> 0, status, acc: (status & 1) !== 0, fixed: (status & 2) !== 0,
    latitude: south ? -latRaw / 1e6 : latRaw / 1e6, longitude: west ? -lonRaw / 1e6 : lonRaw / 1e6,
    altitudeM: int(rand, 0xffff), speedKmh: int(rand, 0xffff) / 10, direction: int(rand, 359),
    time: new Date(Date.UTC(2000, 0, 1) - 8 * 3600_000 + int(rand, 99 * 365 * 86_400) * 1000),
    mileageKm: rand() < 0.5 ? int(rand, 0xffffffff) / 10 : null,
    fuelL: rand() < 0.5 ? int(rand, 0xffff) / 10 : null,
    recorderSpeedKmh: rand() < 0.5 ? int(rand, 0xffff) / 10 : null,
    signal: rand() < 0.5 ? int(rand, 0xff) : null,
    satellites: rand() < 0.5 ? int(rand, 0xff) : null,
    extraItems: extra,
  };
}

function randomBody(rand: Rand, edition: Jt808Edition): Jt808Body {
  switch (int(rand, 7)) {
    case 0: return { kind: 'heartbeat' };
    case 1: return { kind: 'logout' };
    case 2: return { kind: 'location', location: randomLocation(rand) };
    case 3: return { kind: 'locationBatch', batchType: int(rand, 1), locations: Array.from({ length: int(rand, 20) }, () => randomLocation(rand)), rejected: [] };
    case 4: return {
      kind: 'register', province: int(rand, 0xffff), city: int(rand, 0xffff), maker: ascii(rand, 5),
      model: ascii(rand, int(rand, 20)), terminalId: ascii(rand, 7), plateColor: int(rand, 5),
      plate: pick(rand, ['沪', '苏', '浙', '京']) + ascii(rand, 6),
    };
    case 5: return edition === 2013
      ? { kind: 'auth', code: ascii(rand, 1 + int(rand, 30)), imei: null, softwareVersion: null }
      : { kind: 'auth', code: ascii(rand, int(rand, 30)), imei: ascii(rand, 15), softwareVersion: ascii(rand, int(rand, 20)) };
    case 6: return { kind: 'terminalResponse', repliedSerial: int(rand, 0xffff), repliedId: int(rand, 0xffff), result: int(rand, 4) };
    default: return { kind: 'unknown', messageId: pick(rand, [0x0900, 0x0801, 0x0f01]), raw: bytes(rand, int(rand, 600)) };
  }
}

/** 1–12 (2013) or 1–20 (2019) random digits, leading zeros included. */
function randomPhone(rand: Rand, edition: Jt808Edition): string {
  return Array.from({ length: 1 + int(rand, edition === 2013 ? 11 : 19) }, () => int(rand, 9)).join('');
}

describe('JT/T 808 codec under random input (seeded)', () => {
  it('decodes every randomly generated message back to what was encoded', () => {
    const rand = seededRandom(2013);
    for (let n = 0; n < 2000; n++) {
      const edition: Jt808Edition = rand() < 0.5 ? 2013 : 2019;
      const body = randomBody(rand, edition);
      const header = { edition, phone: randomPhone(rand, edition), serial: int(rand, 0xffff) };
      if (encodeJt808Body(body, edition).length > 1023) continue;
      const p = parseJt808Packet(onlyFrame(encodeJt808Message(header, body)));
      if (!p.ok) throw new Error(`${n}: ${p.error}`);
      expect(p.header.serial).toBe(header.serial);
      expect(p.header.phone).toBe(normalizeJt808Phone(header.phone));
      expect(p.header.edition).toBe(edition);
      expect(parseJt808Body(p.header.messageId, edition, p.body)).toEqual({ ok: true, message: body });
    }
  });

  it('never throws on 20k random and mutated frames, keeps memory bounded, and never accepts a one-byte change', () => {
    const rand = seededRandom(808);
    const valid: Uint8Array[] = [];
    for (let n = 0; n < 300; n++) {
      const edition: Jt808Edition = rand() < 0.5 ? 2013 : 2019;
      const body = randomBody(rand, edition);
      const header = { edition, phone: randomPhone(rand, edition), serial: int(rand, 0xffff) };
      const raw = encodeJt808Body(body, edition);
      if (raw.length > 1023 || rand() < 0.2) {
        valid.push(...encodeJt808Subpackages({ ...header, messageId: 0x0801 }, raw, 1 + int(rand, 300)));
      } else {
        valid.push(encodeJt808Message(header, body));
      }
    }

    const decoder = new Jt808FrameDecoder();
    const reassembler = new Jt808Reassembler({ maxTotalBytes: 64 * 1024, timeoutMs: 1000 });
    const outcomes = new Map<string, number>();
    const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    let accepted1ByteChanges = 0;

    for (let n = 0; n < 20_000; n++) {
      const base = pick(rand, valid);
      let input: Uint8Array;
      const kind = int(rand, 5);
      if (kind === 0) {
        input = bytes(rand, int(rand, 300)); // pure noise
      } else if (kind === 1) {
        // One byte inside the frame changed to a value that is neither a delimiter nor an escape byte.
        input = base.slice();
        const at = 1 + int(rand, input.length - 3);
        if (input[at] === 0x7d || input[at - 1] === 0x7d) continue;
        let v = int(rand, 255);
        while (v === input[at] || v === 0x7e || v === 0x7d) v = int(rand, 255);
        input[at] = v;
        const results = new Jt808FrameDecoder().push(input);
        if (results.some((r) => r.ok)) accepted1ByteChanges++;
      } else if (kind === 2) {
        input = base.slice(0, int(rand, base.length)); // truncated
      } else if (kind === 3) {
        input = base.slice();
        for (let k = int(rand, 8); k >= 0; k--) input[int(rand, input.length - 1)] = pick(rand, [0x7e, 0x7d, 0x00, 0xff, int(rand, 255)]);
      } else if (kind === 4) {
        const other = pick(rand, valid);
        input = Uint8Array.of(...base.subarray(0, int(rand, base.length)), ...other.subarray(int(rand, other.length)));
      } else {
        input = base; // intact
      }
      // Random chunking, so frames also cross push() boundaries.
      for (let at = 0; at < input.length;) {
        const size = 1 + int(rand, 64);
        for (const fr of decoder.push(input.subarray(at, at + size))) {
          if (!fr.ok) {
            count(fr.error);
            continue;
          }
          const p = parseJt808Packet(fr.frame);
          if (!p.ok) {
            count(p.error);
            continue;
          }
          if (p.header.packageTotal > 0) {
            count(reassembler.push(p.header, p.body, n).status);
            continue;
          }
          const b = parseJt808Body(p.header.messageId, p.header.edition, p.body);
          count(b.ok ? b.message.kind : b.error);
        }
        at += size;
      }
      expect(decoder.capacity).toBe(2048);
      expect(reassembler.totalBytes).toBeLessThanOrEqual(64 * 1024);
    }
    expect(accepted1ByteChanges).toBe(0);
    // The mix really exercised the error paths as well as the happy ones.
    for (const k of ['BAD_CHECKSUM', 'TRUNCATED', 'BAD_ESCAPE', 'location', 'locationBatch', 'register', 'auth', 'pending', 'complete']) {
      expect(outcomes.get(k) ?? 0, k).toBeGreaterThan(0);
    }
  });
});
