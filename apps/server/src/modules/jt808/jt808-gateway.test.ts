// The gateway over real sockets against a real database (PGlite, or TEST_DATABASE_URL), seeded with the demo 装备库.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJt808Message, JT808_MSG, type Jt808LocationInput } from '@cg/domain';
import { queryOne, queryRows, sql } from '@cg/db';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { PositionBus, type LivePosition } from '../tracking/position-bus.ts';
import { Jt808Client, Jt808ReplyTimeout } from './jt808-client.ts';
import { Jt808Gateway } from './jt808-gateway.ts';
import { Jt808Simulation } from './jt808-simulator.ts';
import { MAX_BYTES_WITHOUT_GOOD_FRAME } from './jt808-session.ts';
import { jt808PhoneOfStored } from './terminal-phone.ts';
import { TerminalDirectory } from './terminal-directory.ts';
import { loadConfig } from '../../config.ts';

interface Terminal {
  id: string;
  storedPhone: string;
  phone: string;
  plate: string;
  unitId: string;
  unitPath: string;
}

/** Commits wait on `held` and throw while `failing`: the seam for "ack only after commit". */
const gate = {
  held: null as Promise<void> | null,
  release: () => {},
  failing: false,
  hold() {
    this.held = new Promise<void>((resolve) => { this.release = () => { this.held = null; resolve(); }; });
  },
};

const REGISTER = { province: 31, city: 101, maker: '70111', model: 'BD-T808', terminalId: 'T000001', plateColor: 1 };
const second = (offsetS = 0) => new Date(Math.floor(Date.now() / 1000) * 1000 + offsetS * 1000);
const at = (lat: number, lon: number, time = second(), more: Partial<Jt808LocationInput> = {}): Jt808LocationInput => ({
  latitude: lat, longitude: lon, time, fixed: true, acc: true, speedKmh: 32.5, direction: 90, altitudeM: 12,
  mileageKm: 1234.5, signal: 25, satellites: 12, ...more,
});

describe('JT/T 808 网关', () => {
  let t: TestApp;
  let gw: Jt808Gateway;
  let bus: PositionBus;
  let events: LivePosition[][] = [];
  let terminals: Terminal[];
  const clients: Jt808Client[] = [];

  /** A terminal no other test has used. */
  const fresh = (filter: (t: Terminal) => boolean = () => true): Terminal => {
    const i = terminals.findIndex(filter);
    if (i < 0) throw new Error('no terminal left');
    const [picked] = terminals.splice(i, 1);
    return picked;
  };
  const connect = async (phone: string, edition: 2013 | 2019 = 2013, port = gw.port) => {
    const c = await Jt808Client.connect({ host: '127.0.0.1', port, phone, edition, replyTimeoutMs: 5000 });
    clients.push(c);
    return c;
  };
  const online = async (term: Terminal, edition: 2013 | 2019 = 2013, port?: number) => {
    const c = await connect(term.phone, edition, port);
    const code = await c.registerAndAuthenticate({ ...REGISTER, plate: term.plate });
    return { c, code };
  };
  const positions = (id: string) => queryRows<{
    ms: number; lat: number; lon: number; speed_kmh: number; mileage_km: number; signal: number | null; satellites: number | null;
    blind_area: boolean; extra: Record<string, unknown> | null;
  }>(t.database.db, sql`SELECT extract(epoch FROM ts)::float8 * 1000 AS ms, lat, lon, speed_kmh, mileage_km, signal, satellites,
      blind_area, extra FROM positions WHERE source_id = ${id} ORDER BY ts`);
  const latest = (id: string) => queryOne<{ ms: number; lat: number; lon: number; label: string; vehicle_id: string; unit_id: string }>(
    t.database.db, sql`SELECT extract(epoch FROM ts)::float8 * 1000 AS ms, lat, lon, label, vehicle_id, unit_id FROM latest_positions WHERE source_id = ${id}`);
  const days = (id: string) => queryRows<{ day: string; positions: number }>(
    t.database.db, sql`SELECT day::text AS day, positions FROM position_days WHERE source_id = ${id} ORDER BY day`);
  const status = (id: string) => queryOne<{ online: boolean; auth_code: string | null; protocol_edition: string; remote_address: string | null; last_seen_at: string | null }>(
    t.database.db, sql`SELECT online, auth_code, protocol_edition, remote_address, last_seen_at FROM terminal_status WHERE item_id = ${id}`);
  const noReply = (c: Jt808Client, serial: number, ms = 400) =>
    expect(c.replyTo(serial, ms)).rejects.toBeInstanceOf(Jt808ReplyTimeout);

  beforeAll(async () => {
    t = await createTestApp();
    bus = new PositionBus();
    bus.subscribe((batch) => events.push([...batch]));
    gw = new Jt808Gateway({
      db: t.database.db, databaseKind: t.database.kind, log: t.app.log, bus, port: 0, host: '127.0.0.1',
      closeGraceMs: 200, maxPendingMessages: 4, statusIntervalMs: 60_000,
      writer: {
        beforeCommit: async () => {
          if (gate.held) await gate.held;
          if (gate.failing) throw new Error('injected commit failure');
        },
      },
    });
    await gw.start();
    const rows = await queryRows<Omit<Terminal, 'phone'>>(t.database.db, sql`
      SELECT i.id, i.attributes->>'terminalPhone' AS "storedPhone", v.attributes->>'plate' AS plate, i.unit_id AS "unitId", u.path AS "unitPath"
      FROM equipment_items i JOIN equipment_categories c ON c.id = i.category_id AND c.code = 'beidou_terminal'
      JOIN equipment_items v ON v.id = i.holder_vehicle_id JOIN units u ON u.id = i.unit_id
      WHERE i.status NOT IN ('报废', '遗失') ORDER BY i.asset_tag LIMIT 60`);
    terminals = rows.map((r) => ({ ...r, phone: jt808PhoneOfStored(r.storedPhone) as string }));
    expect(terminals.length).toBe(60);
  });

  afterAll(async () => {
    for (const c of clients) await c.close();
    await gw.stop();
    await t.close();
  });

  it('accepts a registered terminal: register, auth, report; the ack follows the commit to positions, latest and days', async () => {
    const term = fresh((x) => x.storedPhone.length === 12); // '0' + 11 digits, as most demo terminals
    const { c, code } = await online(term);
    expect(code).toMatch(/^[0-9a-f]{16}$/);
    expect((await status(term.id))?.auth_code).toBe(code);

    events = [];
    const time = second(-5);
    const ack = await c.request({ kind: 'location', location: at(31.2304, 121.4737, time) });
    expect(ack).toMatchObject({ kind: 'platformResponse', repliedId: JT808_MSG.LOCATION, result: 0 });
    expect(ack.header.phone).toBe(term.phone);

    const rows = await positions(term.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ lat: 31.2304, lon: 121.4737, speed_kmh: 32.5, mileage_km: 1234.5 });
    expect(rows[0].ms).toBe(time.getTime());
    expect(rows[0]).toMatchObject({ signal: 25, satellites: 12, blind_area: false, extra: null });
    expect(await latest(term.id)).toMatchObject({ lat: 31.2304, lon: 121.4737, label: term.plate, unit_id: term.unitId });
    expect(await days(term.id)).toEqual([{ day: new Date(time.getTime() + 8 * 3600_000).toISOString().slice(0, 10), positions: 1 }]);
    expect(events.flat()).toEqual([expect.objectContaining({
      sourceId: term.id, sourceKind: 'terminal', unitId: term.unitId, unitPath: term.unitPath, label: term.plate,
      ts: time.toISOString(), lat: 31.2304, lon: 121.4737, speedKmh: 32.5, direction: 90,
    })]);

    expect((await c.request({ kind: 'heartbeat' })).result).toBe(0);
    await gw.status.flush();
    expect(await status(term.id)).toMatchObject({ online: true, protocol_edition: '2013', remote_address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    await c.close();
    await new Promise((r) => setTimeout(r, 50));
    await gw.status.flush();
    expect((await status(term.id))?.online).toBe(false);
  });

  it('refuses a phone not registered in the 执法装备库 (0x8100 result 4), closes, writes nothing', async () => {
    const before = { status: await t.count('terminal_status'), positions: await t.count('positions') };
    // Not a mobile prefix, so no demo terminal has it.
    const c = await connect('10000000000');
    const r = await c.request({ kind: 'register', ...REGISTER, plate: '沪A00000' });
    expect(r).toMatchObject({ kind: 'registerResponse', result: 4, authCode: null });
    c.send({ kind: 'location', location: at(31.2, 121.4) });
    await c.closed;
    expect(await t.count('terminal_status')).toBe(before.status);
    expect(await t.count('positions')).toBe(before.positions);
  });

  it('answers a wrong auth code with 0x8001 failure and closes', async () => {
    const term = fresh();
    const c = await connect(term.phone);
    const r = await c.request({ kind: 'register', ...REGISTER, plate: term.plate });
    expect(r.result).toBe(0);
    const wrong = await c.request({ kind: 'auth', code: `${r.authCode}x` });
    expect(wrong).toMatchObject({ repliedId: JT808_MSG.AUTH, result: 1 });
    await c.closed;
    // The right code still works on a new connection; an auth code alone (no register) is how terminals reconnect.
    const again = await connect(term.phone);
    await again.authenticate(r.authCode as string);
    expect((await again.request({ kind: 'heartbeat' })).result).toBe(0);
  });

  it('accepts nothing but register and auth before authentication', async () => {
    const term = fresh();
    const c = await connect(term.phone);
    const loc = await c.request({ kind: 'location', location: at(31.2, 121.4) });
    expect(loc).toMatchObject({ repliedId: JT808_MSG.LOCATION, result: 1 });
    expect((await c.request({ kind: 'heartbeat' })).result).toBe(1);
    // Nor subpackages: strangers may not fill the shared reassembly buffer.
    const batch = { kind: 'locationBatch' as const, batchType: 1, locations: Array.from({ length: 30 }, (_, i) => at(31.2, 121.4, second(-100 + i))) };
    const serials = c.send(batch, 256);
    expect((await c.replyTo(serials[0])).result).toBe(1);
    expect(await positions(term.id)).toEqual([]);
    expect(await status(term.id)).toBeUndefined();
  });

  it('gives a frame with a bad checksum no ack and no row, and keeps the connection', async () => {
    const term = fresh();
    const { c } = await online(term);
    const badBefore = gw.stats().bad.BAD_CHECKSUM ?? 0;
    const frame = encodeJt808Message({ edition: 2013, phone: term.phone, serial: 500 }, { kind: 'location', location: at(31.21, 121.45) });
    // Flip one bit of the latitude (a byte that is neither 0x7d nor 0x7e either way).
    const corrupt = Uint8Array.from(frame);
    const i = corrupt.findIndex((b, k) => k > 25 && b !== 0x7d && b !== 0x7e && (b ^ 1) !== 0x7d && (b ^ 1) !== 0x7e);
    corrupt[i] ^= 1;
    c.writeRaw(corrupt);
    await noReply(c, 500); // the corrupted frame's serial
    expect(gw.stats().bad.BAD_CHECKSUM).toBe(badBefore + 1);
    expect(await positions(term.id)).toEqual([]);
    expect((await c.request({ kind: 'location', location: at(31.21, 121.45) })).result).toBe(0);
    expect(await positions(term.id)).toHaveLength(1);
  });

  it('speaks the 2019 edition, with the same identity for the 12-digit number stored in the 装备库', async () => {
    const term = fresh((x) => x.storedPhone.length === 12);
    const { c } = await online(term, 2019);
    const ack = await c.request({ kind: 'location', location: at(31.1, 121.5, second(-2)) });
    expect(ack.result).toBe(0);
    expect(ack.header).toMatchObject({ edition: 2019, phone: term.phone, protocolVersion: 1 });
    expect(await latest(term.id)).toMatchObject({ lat: 31.1, lon: 121.5 });
    await gw.status.flush();
    expect((await status(term.id))?.protocol_edition).toBe('2019');
  });

  it('stores a blind-area batch (0x0704 type 1), moving the latest position only forward', async () => {
    const term = fresh();
    const { c } = await online(term);
    const now = second(-1);
    expect((await c.request({ kind: 'location', location: at(31.3, 121.3, now) })).result).toBe(0);
    const blind = [at(31.31, 121.31, second(-61)), at(31.32, 121.32, second(-51)), at(31.33, 121.33, second(-41))];
    const ack = await c.request({ kind: 'locationBatch', batchType: 1, locations: blind });
    expect(ack).toMatchObject({ repliedId: JT808_MSG.LOCATION_BATCH, result: 0 });
    const rows = await positions(term.id);
    expect(rows.map((r) => r.lat)).toEqual([31.31, 31.32, 31.33, 31.3]);
    expect(rows.map((r) => r.blind_area)).toEqual([true, true, true, false]);
    expect((await latest(term.id))?.ms).toBe(now.getTime());
    expect(await days(term.id)).toEqual([expect.objectContaining({ positions: 4 })]);
    // A normal batch (type 0) newer than the latest moves it.
    expect((await c.request({ kind: 'locationBatch', batchType: 0, locations: [at(31.34, 121.34, second())] })).result).toBe(0);
    expect((await latest(term.id))?.lat).toBe(31.34);
  });

  it('reassembles a subpackaged batch and acks every package after the commit', async () => {
    const term = fresh();
    const { c } = await online(term, 2019);
    const locations = Array.from({ length: 40 }, (_, i) => at(31.2 + i / 1000, 121.4, second(-400 + i * 5)));
    const serials = c.send({ kind: 'locationBatch', batchType: 1, locations }, 300);
    expect(serials.length).toBeGreaterThan(3);
    const acks = await Promise.all(serials.map((s) => c.replyTo(s)));
    expect(acks.every((a) => a.result === 0 && a.repliedId === JT808_MSG.LOCATION_BATCH)).toBe(true);
    expect(await positions(term.id)).toHaveLength(40);
  });

  it('validates positions: out-of-range refused, 0,0 and a clock far ahead stored but not the latest', async () => {
    const term = fresh();
    const { c } = await online(term);
    expect((await c.request({ kind: 'location', location: at(31.25, 121.45, second(-10)) })).result).toBe(0);
    const refusedBefore = gw.stats().positions.refused.COORDINATES_OUT_OF_RANGE ?? 0;
    expect((await c.request({ kind: 'location', location: at(95, 121.45) })).result).toBe(2);
    expect(gw.stats().positions.refused.COORDINATES_OUT_OF_RANGE).toBe(refusedBefore + 1);
    expect((await c.request({ kind: 'location', location: at(0, 0, second(), { fixed: false }) })).result).toBe(0);
    const ahead = second(2 * 86_400);
    expect((await c.request({ kind: 'location', location: at(31.26, 121.46, ahead) })).result).toBe(0);
    const rows = await positions(term.id);
    expect(rows.map((r) => [r.lat, r.lon])).toEqual([[31.25, 121.45], [0, 0], [31.26, 121.46]]);
    expect(rows[2].extra).toMatchObject({ clock: 'ahead' });
    expect(await latest(term.id)).toMatchObject({ lat: 31.25, lon: 121.45 });
    // The far-ahead position counts for no day; the other two for today.
    expect((await days(term.id)).map((d) => d.positions)).toEqual([2]);
  });

  it('answers unknown message ids with result 3, logout with 0 and then requires a new registration', async () => {
    const term = fresh();
    const { c, code } = await online(term);
    const unknown = await c.request({ kind: 'unknown', messageId: 0x0900, raw: Uint8Array.of(1, 2, 3) });
    expect(unknown).toMatchObject({ repliedId: 0x0900, result: 3 });
    expect((await c.request({ kind: 'logout' })).result).toBe(0);
    expect((await status(term.id))?.auth_code).toBeNull();
    expect((await c.request({ kind: 'location', location: at(31.2, 121.4) })).result).toBe(1);
    // The revoked code no longer authenticates, not even on the connection that registered it.
    expect((await c.request({ kind: 'auth', code: code as string })).result).toBe(1);
    await c.closed;
    expect(await positions(term.id)).toEqual([]);
  });

  it('answers a subpackaged register (or anything but 0x0704) at once without buffering it, and survives a huge plate', async () => {
    const term = fresh();
    const { c } = await online(term);
    const badBefore = gw.stats().bad.SUBPACKAGE_NOT_SUPPORTED ?? 0;
    // A 200 KB plate: decoding it once overflowed the call stack and took the whole process down.
    const serials = c.send({ kind: 'register', ...REGISTER, plate: 'A'.repeat(200_000) }, 1000);
    expect(serials.length).toBeGreaterThan(100);
    const replies = await Promise.all(serials.map((s) => c.replyTo(s)));
    expect(replies.every((r) => r.kind === 'platformResponse' && r.repliedId === JT808_MSG.REGISTER && r.result === 3)).toBe(true);
    expect(gw.stats().bad.SUBPACKAGE_NOT_SUPPORTED).toBe(badBefore + serials.length);
    expect(gw.stats().reassembler.bytes).toBe(0);
    // Still the same authenticated session.
    expect((await c.request({ kind: 'location', location: at(31.22, 121.42, second(-1)) })).result).toBe(0);
    expect(await positions(term.id)).toHaveLength(1);
  });

  it('acks a location only after its commit: none while the commit waits, none when it fails', async () => {
    const term = fresh();
    const { c } = await online(term);
    gate.hold();
    const [serial] = c.send({ kind: 'location', location: at(31.27, 121.47, second(-3)) });
    await noReply(c, serial, 300);
    expect(await positions(term.id)).toEqual([]);
    const ack = c.replyTo(serial);
    gate.release();
    expect((await ack).result).toBe(0);
    expect(await positions(term.id)).toHaveLength(1);

    const withheld = gw.stats().positions.acksWithheld;
    gate.failing = true;
    const loc = at(31.28, 121.48, second(-2));
    const [failed] = c.send({ kind: 'location', location: loc });
    await noReply(c, failed, 400);
    gate.failing = false;
    expect(gw.stats().positions.acksWithheld).toBe(withheld + 1);
    expect(await positions(term.id)).toHaveLength(1);
    // The terminal resends; now it is stored and acked.
    expect((await c.request({ kind: 'location', location: loc })).result).toBe(0);
    expect((await positions(term.id)).map((r) => r.lat)).toEqual([31.27, 31.28]);
  });

  it('stops reading from a terminal while its positions wait for the database (bounded queue), then catches up', async () => {
    const term = fresh();
    const { c } = await online(term);
    gate.hold();
    const serials: number[] = [];
    for (let i = 0; i < 60; i++) serials.push(...c.send({ kind: 'location', location: at(31.2 + i / 10_000, 121.4, second(-200 + i)) }));
    await new Promise((r) => setTimeout(r, 300));
    const session = gw.sessionOf(term.id);
    expect(session?.isPaused).toBe(true);
    expect(session?.pending).toBeLessThanOrEqual(4);
    expect(gw.stats().writer.queuedRows).toBeLessThanOrEqual(4);
    gate.release();
    const acks = await Promise.all(serials.map((s) => c.replyTo(s, 10_000)));
    expect(acks.every((a) => a.result === 0)).toBe(true);
    expect(await positions(term.id)).toHaveLength(60);
    expect(session?.isPaused).toBe(false);
  });

  it('lets a second connection of the same terminal replace the first', async () => {
    const term = fresh();
    const { c: first, code } = await online(term);
    const second = await connect(term.phone);
    await second.authenticate(code);
    await first.closed;
    expect(gw.sessionOf(term.id)).toBeDefined();
    expect((await second.request({ kind: 'heartbeat' })).result).toBe(0);
  });

  it('disconnects a peer that sends garbage forever; memory stays bounded', async () => {
    const before = gw.stats();
    for (const delimiters of [false, true]) {
      const socket = net.connect({ host: '127.0.0.1', port: gw.port });
      await new Promise((r) => socket.once('connect', r));
      let closed = false;
      socket.on('close', () => { closed = true; });
      socket.on('error', () => {});
      let seed = delimiters ? 7 : 3;
      const chunk = () => {
        const b = Buffer.alloc(4096);
        for (let i = 0; i < b.length; i++) {
          seed = (seed * 1103515245 + 12345) & 0x7fffffff;
          const v = seed >> 16 & 0xff;
          // With delimiters: short random "frames"; without: one endless frame that never closes.
          b[i] = delimiters ? (i % 40 === 0 ? 0x7e : v) : (v === 0x7e ? 0 : v);
        }
        return b;
      };
      let sent = 0;
      while (!closed && sent < 4 * 1024 * 1024) {
        if (!socket.write(chunk())) await new Promise((r) => setTimeout(r, 5));
        sent += 4096;
        if (sent % (64 * 1024) === 0) await new Promise((r) => setTimeout(r, 1));
      }
      await new Promise((r) => setTimeout(r, 50));
      expect(closed).toBe(true);
      socket.destroy();
    }
    const after = gw.stats();
    expect(after.closed.garbage - (before.closed.garbage ?? 0)).toBe(2);
    // Each peer was cut off within about one limit's worth of bytes (plus one read chunk in flight).
    expect(after.bytesIn - before.bytesIn).toBeLessThan(2 * (MAX_BYTES_WITHOUT_GOOD_FRAME + 128 * 1024));
    expect(after.writer.queuedRows).toBe(0);
    expect(after.reassembler.bytes).toBe(0);
    expect(Object.values(after.bad).reduce((a, b) => a + b, 0)).toBeGreaterThan(Object.values(before.bad).reduce((a, b) => a + b, 0));
  });

  it('a frame whose handling throws costs only that connection, never the process or the other terminals', async () => {
    const [a, b] = [fresh(), fresh()];
    const [ca, cb] = [await online(a), await online(b)];
    const session = gw.sessionOf(a.id)!;
    // A bug on the location path, simulated: the gateway must not let it escape.
    (session as unknown as { locations: () => never }).locations = () => { throw new Error('injected handler bug'); };
    const errorsBefore = gw.stats().closed.error ?? 0;
    ca.c.send({ kind: 'location', location: at(31.2, 121.4) });
    await ca.c.closed;
    expect(gw.stats().closed.error).toBe(errorsBefore + 1);
    expect(await positions(a.id)).toEqual([]);
    expect((await cb.c.request({ kind: 'location', location: at(31.21, 121.41, second(-1)) })).result).toBe(0);
    expect(await positions(b.id)).toHaveLength(1);
  });

  it('a connected terminal follows a transfer without reconnecting; one taken out of service is disconnected', async () => {
    const term = fresh();
    const { c } = await online(term);
    expect((await c.request({ kind: 'location', location: at(31.23, 121.47, second(-3)) })).result).toBe(0);
    expect((await latest(term.id))?.unit_id).toBe(term.unitId);
    const other = await queryOne<{ id: string; path: string }>(t.database.db, sql`
      SELECT id, path FROM units WHERE kind = '街镇乡中队' AND id <> ${term.unitId} ORDER BY code LIMIT 1`);
    const retiredBefore = gw.stats().closed.retired ?? 0;
    try {
      // 调拨 to another squadron: the next position belongs to it, on the same connection.
      await t.database.db.execute(sql`UPDATE equipment_items SET unit_id = ${other!.id} WHERE id = ${term.id}`);
      expect((await gw.refreshTerminals()).updated).toBeGreaterThanOrEqual(1);
      events = [];
      expect((await c.request({ kind: 'location', location: at(31.24, 121.48, second(-1)) })).result).toBe(0);
      expect(await latest(term.id)).toMatchObject({ lat: 31.24, unit_id: other!.id });
      expect(events.flat()).toEqual([expect.objectContaining({ sourceId: term.id, unitId: other!.id, unitPath: other!.path })]);
      // 报废: cut off at the next refresh, and refused when it tries again.
      await t.database.db.execute(sql`UPDATE equipment_items SET status = '报废' WHERE id = ${term.id}`);
      expect((await gw.refreshTerminals()).closed).toBeGreaterThanOrEqual(1);
      await c.closed;
      expect(gw.stats().closed.retired).toBe(retiredBefore + 1);
      const back = await connect(term.phone);
      expect((await back.request({ kind: 'register', ...REGISTER, plate: term.plate })).result).toBe(4);
    } finally {
      await t.database.db.execute(sql`UPDATE equipment_items SET unit_id = ${term.unitId}, status = '在用' WHERE id = ${term.id}`);
      await gw.refreshTerminals();
    }
  });

  it('remembers terminals for a while, refusing one taken out of service once its entry is older than the TTL', async () => {
    let clock = 0;
    const dir = new TerminalDirectory(t.database.db, 1000, () => clock);
    expect((await dir.preload()).size).toBeGreaterThan(100);
    const term = fresh((x) => x.storedPhone.length === 12);
    expect(await dir.find(term.phone)).toMatchObject({ found: true, terminal: { itemId: term.id, label: term.plate, unitPath: term.unitPath } });
    await t.database.db.execute(sql`UPDATE equipment_items SET status = '报废' WHERE id = ${term.id}`);
    try {
      clock = 900;
      expect((await dir.find(term.phone)).found).toBe(true);
      clock = 1100;
      expect(await dir.find(term.phone)).toEqual({ found: false, ambiguous: false });
    } finally {
      await t.database.db.execute(sql`UPDATE equipment_items SET status = '在用' WHERE id = ${term.id}`);
    }
    expect((await dir.find(term.phone)).found).toBe(true); // a miss always asks the database
    expect(await dir.find('10000000000')).toEqual({ found: false, ambiguous: false });
  });

  it('refuses a number that two terminals in service share in different spellings', async () => {
    const a = fresh((x) => x.storedPhone.length === 12);
    const b = fresh();
    const original = b.storedPhone;
    // '0139…' on one item and '139…' on another: the same terminal to the codec, so neither may speak for it.
    await t.database.db.execute(sql`UPDATE equipment_items SET attributes = jsonb_set(attributes, '{terminalPhone}', to_jsonb(${a.phone}::text)) WHERE id = ${b.id}`);
    try {
      const fresh = new Jt808Gateway({ db: t.database.db, databaseKind: t.database.kind, log: t.app.log, port: 0, host: '127.0.0.1', closeGraceMs: 100 });
      await fresh.start();
      try {
        const c = await connect(a.phone, 2013, fresh.port);
        expect((await c.request({ kind: 'register', ...REGISTER, plate: a.plate })).result).toBe(4);
      } finally {
        await fresh.stop();
      }
    } finally {
      await t.database.db.execute(sql`UPDATE equipment_items SET attributes = jsonb_set(attributes, '{terminalPhone}', to_jsonb(${original}::text)) WHERE id = ${b.id}`);
    }
  });

  it('lists terminals for the simulator in the caller’s scope (GET /api/jt808/terminals)', async () => {
    const all = await t.as('admin', 'GET', '/api/jt808/terminals?installed=true&pageSize=200');
    expect(all.statusCode).toBe(200);
    const body = all.json();
    expect(body.total).toBeGreaterThan(100);
    const first = body.items[0];
    expect(first).toMatchObject({ phone: jt808PhoneOfStored(first.storedPhone), edition: expect.any(Number), plate: expect.any(String), vehicleId: expect.any(String) });
    // Every demo unit has an area to drive in: its jurisdiction, its subtree's (区局), or around its base (机动中队).
    expect(body.items.every((i: { center: unknown[]; bbox: unknown[] }) => i.center?.length === 2 && i.bbox?.length === 4)).toBe(true);
    const mine = await t.as('njdl_nq', 'GET', '/api/jt808/terminals?pageSize=200');
    const me = (await t.as('njdl_nq', 'GET', '/api/auth/me')).json();
    expect(mine.json().items.length).toBeGreaterThan(0);
    expect(mine.json().items.every((i: { unitId: string }) => i.unitId === me.unit.id)).toBe(true);
    const outside = body.items.find((i: { unitId: string }) => i.unitId !== me.unit.id);
    expect((await t.as('njdl_nq', 'GET', `/api/jt808/terminals?unitId=${outside.unitId}`)).statusCode).toBe(404);
    const bad = await t.as('admin', 'GET', '/api/jt808/terminals?installed=yes');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('installed');
  });

  it('reads its settings from the environment', () => {
    const keys = ['JT808_ENABLED', 'JT808_PORT', 'JT808_IDLE_SECONDS', 'POSITION_RETENTION_DAYS'] as const;
    const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
    try {
      for (const k of keys) delete process.env[k];
      expect(loadConfig()).toMatchObject({ jt808Enabled: true, jt808Port: 6808, jt808IdleSeconds: 180, positionRetentionDays: 180 });
      Object.assign(process.env, { JT808_ENABLED: 'false', JT808_PORT: '0', JT808_IDLE_SECONDS: '90', POSITION_RETENTION_DAYS: '30' });
      expect(loadConfig()).toMatchObject({ jt808Enabled: false, jt808Port: 0, jt808IdleSeconds: 90, positionRetentionDays: 30 });
      process.env.POSITION_RETENTION_DAYS = '0';
      expect(() => loadConfig()).toThrow(/POSITION_RETENTION_DAYS/);
    } finally {
      for (const k of keys) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });

  it('drives simulated terminals through register, auth, reports and a blind-area batch (simulator)', async () => {
    const picked = [fresh(), fresh(), fresh((x) => x.storedPhone.length === 12)];
    const area = { geometry: null, bbox: [121.46, 31.22, 121.48, 31.24] as [number, number, number, number] };
    const sim = new Jt808Simulation(picked.map((p, i) => ({
      phone: p.phone, edition: i === 2 ? 2019 : 2013, plate: p.plate, terminalId: `T00000${i}`, maker: '70111', model: 'BD-T808', area,
    } as const)), { host: '127.0.0.1', port: gw.port, intervalS: 0.1, blindRate: 0.3, seed: 7 });
    sim.start();
    for (let waited = 0; waited < 15_000; waited += 100) {
      const now = sim.summary();
      if (waited >= 2000 && now.sent.batches > 0 && now.acked.positions > 20) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const s = await sim.stop();
    expect(s).toMatchObject({ terminals: 3, registered: 3, refused: 0, failed: 0 });
    expect(s.sent.batches).toBeGreaterThan(0);
    expect(s.acked.positions).toBeGreaterThan(20);
    expect(s.latencyMs.p50).toBeGreaterThan(0);
    expect(s.latencyMs.p99).toBeGreaterThanOrEqual(s.latencyMs.p50);
    let stored = 0;
    for (const p of picked) {
      const rows = await positions(p.id);
      stored += rows.length;
      expect(rows.every((r) => r.lon >= 121.46 && r.lon <= 121.48 && r.lat >= 31.22 && r.lat <= 31.24)).toBe(true);
    }
    expect(stored).toBeGreaterThanOrEqual(s.acked.positions);
  });

  it('on stop commits and acks what is queued, then closes the sessions and marks them offline', async () => {
    const g = new Jt808Gateway({
      db: t.database.db, databaseKind: t.database.kind, log: t.app.log, port: 0, host: '127.0.0.1', closeGraceMs: 500,
      writer: { lingerMs: 60_000 }, // nothing is committed until the stop
    });
    await g.start();
    const term = fresh();
    const { c } = await online(term, 2013, g.port);
    const [serial] = c.send({ kind: 'location', location: at(31.29, 121.49, second(-1)) });
    await new Promise((r) => setTimeout(r, 100));
    expect(await positions(term.id)).toEqual([]);
    const ack = c.replyTo(serial);
    await g.stop();
    expect((await ack).result).toBe(0);
    await c.closed;
    expect(await positions(term.id)).toHaveLength(1);
    expect((await status(term.id))?.online).toBe(false);
    expect(g.stats().closed).toEqual({ shutdown: 1 });
  });

  it('closes silent sessions (idle timeout, auth deadline) and marks the terminal offline', async () => {
    const idle = new Jt808Gateway({
      db: t.database.db, databaseKind: t.database.kind, log: t.app.log, port: 0, host: '127.0.0.1',
      idleMs: 2500, authDeadlineMs: 1500, statusIntervalMs: 60_000,
    });
    await idle.start();
    try {
      const stranger = await connect('13900000000', 2013, idle.port);
      const term = fresh();
      const { c } = await online(term, 2013, idle.port);
      await idle.status.flush();
      expect((await status(term.id))?.online).toBe(true);
      await stranger.closed;
      await c.closed;
      await new Promise((r) => setTimeout(r, 50));
      await idle.status.flush();
      expect((await status(term.id))?.online).toBe(false);
      expect(idle.stats().closed).toMatchObject({ 'auth-deadline': 1, idle: 1 });
    } finally {
      await idle.stop();
    }
  });
});
