import { describe, it, expect } from 'vitest';
import { encodeJt808Subpackages, parseJt808Packet, type Jt808Header } from './packet.ts';
import { Jt808Reassembler, type Jt808ReassemblyResult } from './reassembler.ts';
import { onlyFrame, seededRandom, toHex } from './test-support.ts';

interface Part { header: Jt808Header; body: Uint8Array }

/** A long 0x0801 body split into `n` packages of 100 bytes (the last shorter), as parsed packets. */
function packages(phone: string, firstSerial: number, length: number, seed = 1): { body: Uint8Array; parts: Part[] } {
  const rand = seededRandom(seed);
  const body = Uint8Array.from({ length }, () => Math.floor(rand() * 256));
  const parts = encodeJt808Subpackages({ messageId: 0x0801, edition: 2013, phone, serial: firstSerial }, body, 100).map((f) => {
    const p = parseJt808Packet(onlyFrame(f));
    if (!p.ok) throw new Error(p.error);
    return { header: p.header, body: p.body };
  });
  return { body, parts };
}

function statuses(results: Jt808ReassemblyResult[]): string[] {
  return results.map((r) => r.status);
}

describe('Jt808Reassembler', () => {
  it('joins packages received in order', () => {
    const { body, parts } = packages('13912345678', 100, 350);
    const r = new Jt808Reassembler();
    const results = parts.map((p) => r.push(p.header, p.body, 0));
    expect(statuses(results)).toEqual(['pending', 'pending', 'pending', 'complete']);
    const done = results[3];
    if (done.status !== 'complete') throw new Error('not complete');
    expect(toHex(done.body)).toBe(toHex(body));
    expect(done.serials).toEqual([100, 101, 102, 103]);
    expect(done.header).toMatchObject({ messageId: 0x0801, serial: 100, bodyLength: 350, packageTotal: 0, packageIndex: 0 });
    expect([r.openCount, r.totalBytes]).toEqual([0, 0]);
  });

  it('joins packages received out of order, across the serial wrap', () => {
    const { body, parts } = packages('13912345678', 0xfffe, 450);
    const r = new Jt808Reassembler();
    const order = [4, 0, 3, 1, 2];
    const results = order.map((i) => r.push(parts[i].header, parts[i].body, i));
    expect(statuses(results)).toEqual(['pending', 'pending', 'pending', 'pending', 'complete']);
    const done = results[4];
    expect(done.status === 'complete' && [toHex(done.body) === toHex(body), done.serials, done.header.serial])
      .toEqual([true, [0xfffe, 0xffff, 0, 1, 2], 0xfffe]);
  });

  it('ignores a duplicated package', () => {
    const { body, parts } = packages('13912345678', 1, 250);
    const r = new Jt808Reassembler();
    const results = [0, 1, 1, 0, 2].map((i) => r.push(parts[i].header, parts[i].body, 0));
    expect(statuses(results)).toEqual(['pending', 'pending', 'duplicate', 'duplicate', 'complete']);
    const done = results[4];
    expect(done.status === 'complete' && toHex(done.body)).toBe(toHex(body));
  });

  it('keeps two terminals and two messages of one terminal apart', () => {
    const a = packages('13900000001', 10, 200, 1);
    const b = packages('13900000002', 10, 200, 2);
    const c = packages('13900000001', 20, 200, 3);
    const r = new Jt808Reassembler();
    r.push(a.parts[0].header, a.parts[0].body, 0);
    r.push(b.parts[0].header, b.parts[0].body, 0);
    r.push(c.parts[0].header, c.parts[0].body, 0);
    expect(r.openCount).toBe(3);
    const done = [r.push(b.parts[1].header, b.parts[1].body, 0), r.push(a.parts[1].header, a.parts[1].body, 0)];
    expect(done.map((d) => d.status === 'complete' && toHex(d.body))).toEqual([toHex(b.body), toHex(a.body)]);
    expect(r.openCount).toBe(1);
  });

  it('evicts a message with a missing package after the timeout, naming what is missing', () => {
    const { parts } = packages('13912345678', 1, 450);
    const r = new Jt808Reassembler({ timeoutMs: 30_000 });
    r.push(parts[0].header, parts[0].body, 1_000);
    r.push(parts[2].header, parts[2].body, 5_000);
    expect(r.evictExpired(35_000)).toEqual([]);
    expect(r.evictExpired(35_001)).toEqual([
      { phone: '13912345678', messageId: 0x0801, firstSerial: 1, total: 5, missing: [2, 4, 5], reason: 'TIMEOUT' },
    ]);
    expect([r.openCount, r.totalBytes]).toEqual([0, 0]);
    // A late package starts over rather than completing a message that is gone.
    expect(r.push(parts[1].header, parts[1].body, 40_000).status).toBe('pending');
  });

  it('evicts expired messages while pushing others', () => {
    const a = packages('13900000001', 1, 200, 1);
    const b = packages('13900000002', 1, 200, 2);
    const r = new Jt808Reassembler({ timeoutMs: 10 });
    r.push(a.parts[0].header, a.parts[0].body, 0);
    const res = r.push(b.parts[0].header, b.parts[0].body, 11);
    expect(res.evicted.map((e) => [e.phone, e.reason])).toEqual([['13900000001', 'TIMEOUT']]);
  });

  it('caps open messages per terminal by evicting that terminal\'s oldest', () => {
    const r = new Jt808Reassembler({ maxOpenPerTerminal: 2 });
    const msgs = [1, 2, 3].map((n) => packages('13912345678', n * 100, 200, n));
    const other = packages('13900000000', 1, 200, 9);
    r.push(other.parts[0].header, other.parts[0].body, 0);
    const results = msgs.map((m, t) => r.push(m.parts[0].header, m.parts[0].body, t + 1));
    expect(results[2].evicted).toEqual([
      { phone: '13912345678', messageId: 0x0801, firstSerial: 100, total: 2, missing: [2], reason: 'TERMINAL_LIMIT' },
    ]);
    expect(r.openCount).toBe(3);
  });

  it('caps total bytes by evicting the least recently active messages', () => {
    const r = new Jt808Reassembler({ maxTotalBytes: 250 });
    const a = packages('13900000001', 1, 300, 1);
    const b = packages('13900000002', 1, 300, 2);
    r.push(a.parts[0].header, a.parts[0].body, 0);
    r.push(a.parts[1].header, a.parts[1].body, 0);
    expect(r.totalBytes).toBe(200);
    const res = r.push(b.parts[0].header, b.parts[0].body, 1);
    expect(res.status).toBe('pending');
    expect(res.evicted.map((e) => [e.phone, e.reason, e.missing])).toEqual([['13900000001', 'MEMORY_LIMIT', [3]]]);
    expect(r.totalBytes).toBe(100);
    expect(r.push(b.parts[1].header, b.parts[1].body, 2)).toMatchObject({ status: 'pending', evicted: [] });
    expect(r.totalBytes).toBe(200);
  });

  it('caps one terminal\'s bytes so it cannot push the others out of the shared budget', () => {
    const r = new Jt808Reassembler({ maxTotalBytes: 1000, maxBytesPerTerminal: 250 });
    const other = packages('13900000000', 1, 300, 9);
    r.push(other.parts[0].header, other.parts[0].body, 0);
    const a = packages('13912345678', 10, 300, 1);
    const b = packages('13912345678', 20, 300, 2);
    r.push(a.parts[0].header, a.parts[0].body, 1);
    r.push(a.parts[1].header, a.parts[1].body, 2);
    // 300 bytes held for this phone: its own older message goes, the other terminal's stays.
    const res = r.push(b.parts[0].header, b.parts[0].body, 3);
    expect(res.status).toBe('pending');
    expect(res.evicted.map((e) => [e.phone, e.firstSerial, e.reason])).toEqual([['13912345678', 10, 'TERMINAL_LIMIT']]);
    expect([r.openCount, r.totalBytes]).toEqual([2, 200]);
    // One message alone over the share is refused, and nothing of it is kept.
    const c = new Jt808Reassembler({ maxBytesPerTerminal: 150 });
    c.push(a.parts[0].header, a.parts[0].body, 0);
    expect(c.push(a.parts[1].header, a.parts[1].body, 0)).toMatchObject({ status: 'rejected', error: 'TOO_LARGE' });
    expect([c.openCount, c.totalBytes]).toEqual([0, 0]);
  });

  it('refuses messages over the package or size limits, and non-subpackaged headers', () => {
    const r = new Jt808Reassembler({ maxPackages: 3, maxMessageBytes: 250 });
    const many = packages('13912345678', 1, 400);
    expect(r.push(many.parts[0].header, many.parts[0].body, 0)).toMatchObject({ status: 'rejected', error: 'TOO_LARGE' });
    const big = packages('13912345678', 1, 300);
    r.push(big.parts[0].header, big.parts[0].body, 0);
    r.push(big.parts[1].header, big.parts[1].body, 0);
    expect(r.push(big.parts[2].header, big.parts[2].body, 0)).toMatchObject({ status: 'rejected', error: 'TOO_LARGE' });
    expect([r.openCount, r.totalBytes]).toEqual([0, 0]);
    const plain = { ...many.parts[0].header, packageTotal: 0, packageIndex: 0 };
    expect(r.push(plain, many.parts[0].body, 0)).toMatchObject({ status: 'rejected', error: 'NOT_SUBPACKAGED' });
  });

  it('forgets a terminal', () => {
    const r = new Jt808Reassembler();
    const a = packages('13912345678', 1, 300);
    r.push(a.parts[0].header, a.parts[0].body, 0);
    r.dropTerminal('13912345678');
    expect([r.openCount, r.totalBytes]).toEqual([0, 0]);
  });
});
