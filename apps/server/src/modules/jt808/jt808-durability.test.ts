// Acceptance: kill -9 the gateway under load, restart, and every position that was acknowledged is in the database.
// The platform runs as a child process (main.ts, as `npm start` runs it) on a PostgreSQL database of its own; the
// test drives terminals at full speed, records every ack, SIGKILLs the child mid-stream and checks the rows.
// Needs a PostgreSQL server (TEST_DATABASE_URL, as CI's second pass sets); skipped without one.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, queryOne, queryRows, sql, type DatabaseHandle } from '@cg/db';
import { ensureBuiltinCategories } from '../equipment/equipment.service.ts';
import { seedDemoData } from '../../seed/demo-seed.ts';
import { Jt808Client } from './jt808-client.ts';
import { jt808PhoneOfStored } from './terminal-phone.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const mainTs = fileURLToPath(new URL('../../main.ts', import.meta.url));
const TERMINALS = 40;
const WINDOW = 8; // messages in flight per terminal
const REGISTER = { province: 31, city: 101, maker: '70111', model: 'BD-T808', terminalId: 'T000001', plateColor: 1 };

interface Platform {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  output: () => string;
}

/** Starts main.ts on the database; resolves once the gateway printed its port. */
function startPlatform(databaseUrl: string): Promise<Platform> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainTs], {
    env: {
      ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', JT808_PORT: '0', SEED_DEMO: 'false',
      WEB_ROOT: '/nonexistent', LOG_LEVEL: 'error', NODE_ENV: 'test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /JT\/T 808 网关：TCP 端口 (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), exited, output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited (${code}) before starting:\n${out}`));
    });
  });
}

describe('JT/T 808 网关：kill -9 之后，已应答的位置都在库里', () => {
  let name: string;
  let url: string;
  let handle: DatabaseHandle;
  let terminals: { id: string; phone: string; plate: string }[];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if (!serverUrl) return;
    name = `cg_test_jt808_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    handle = await openDatabase({ url, poolSize: 4 });
    await migrateDatabase(handle);
    await seedDemoData(handle.db, { scale: 1, equipment: true });
    await ensureBuiltinCategories(handle.db);
    const rows = await queryRows<{ id: string; stored: string; plate: string }>(handle.db, sql`
      SELECT i.id, i.attributes->>'terminalPhone' AS stored, v.attributes->>'plate' AS plate
      FROM equipment_items i JOIN equipment_categories c ON c.id = i.category_id AND c.code = 'beidou_terminal'
      JOIN equipment_items v ON v.id = i.holder_vehicle_id
      WHERE i.status NOT IN ('报废', '遗失') ORDER BY i.asset_tag LIMIT ${TERMINALS}`);
    terminals = rows.map((r) => ({ id: r.id, phone: jt808PhoneOfStored(r.stored) as string, plate: r.plate }));
  });

  afterAll(async () => {
    if (!serverUrl) return;
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await handle?.close();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it.skipIf(!serverUrl)('every acknowledged position survives SIGKILL under load (needs TEST_DATABASE_URL; skipped without it)', async () => {
    const first = await startPlatform(url);
    children.push(first.child);

    const clients = await Promise.all(terminals.map(async (term) => {
      const c = await Jt808Client.connect({ host: '127.0.0.1', port: first.port, phone: term.phone, edition: 2013, keepReplies: false });
      const code = await c.registerAndAuthenticate({ ...REGISTER, plate: term.plate });
      return { term, c, code };
    }));

    // Each terminal keeps WINDOW locations in flight, one more per ack; every position has its own second.
    const base = Math.floor(Date.now() / 1000) * 1000 - 3 * 3600_000;
    const acked: { id: string; ms: number }[] = [];
    let sent = 0;
    let stop = false;
    for (const { term, c } of clients) {
      const inFlight = new Map<number, number>();
      let seq = 0;
      const sendOne = () => {
        if (stop || !c.isOpen) return;
        const ms = base + seq++ * 1000;
        const [serial] = c.send({ kind: 'location', location: { latitude: 31.2 + seq / 1e5, longitude: 121.45, time: new Date(ms), fixed: true, speedKmh: 30 } });
        inFlight.set(serial, ms);
        sent++;
      };
      c.onReply = (reply) => {
        const ms = inFlight.get(reply.repliedSerial);
        if (ms === undefined) return;
        inFlight.delete(reply.repliedSerial);
        if (reply.result === 0) acked.push({ id: term.id, ms });
        sendOne();
      };
      for (let i = 0; i < WINDOW; i++) sendOne();
    }
    const started = Date.now();
    while (acked.length < 3000 && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    stop = true;
    await first.exited;
    const ackedAtKill = acked.length;
    await Promise.all(clients.map(({ c }) => c.closed));
    expect(ackedAtKill).toBeGreaterThan(500);
    expect(sent).toBeGreaterThan(ackedAtKill); // there was work in flight when it died

    const ids = `{${acked.map((a) => a.id).join(',')}}`;
    const times = `{${acked.map((a) => a.ms).join(',')}}`;
    const found = await queryOne<{ n: number }>(handle.db, sql`
      SELECT count(*)::int AS n FROM unnest(${ids}::text::uuid[], ${times}::text::float8[]) AS a(id, ms)
      WHERE EXISTS (SELECT 1 FROM positions p WHERE p.source_id = a.id AND p.ts = to_timestamp(a.ms / 1000))`);
    expect(found?.n).toBe(acked.length);
    // The latest position of each terminal is at least its newest acknowledged one (same transaction).
    const newest = new Map<string, number>();
    for (const a of acked) newest.set(a.id, Math.max(newest.get(a.id) ?? 0, a.ms));
    const latest = await queryRows<{ id: string; ms: number }>(handle.db, sql`
      SELECT source_id AS id, extract(epoch FROM ts)::float8 * 1000 AS ms FROM latest_positions
      WHERE source_id = ANY(${`{${[...newest.keys()].join(',')}}`}::text::uuid[])`);
    expect(latest).toHaveLength(newest.size);
    for (const l of latest) expect(l.ms).toBeGreaterThanOrEqual(newest.get(l.id) as number);

    // Restart: the stale online flags are cleared, and a terminal comes back with the auth code it already has.
    const second = await startPlatform(url);
    children.push(second.child);
    const online = await queryOne<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM terminal_status WHERE online`);
    expect(online?.n).toBe(0);
    const { term, code } = clients[0];
    const back = await Jt808Client.connect({ host: '127.0.0.1', port: second.port, phone: term.phone, edition: 2013 });
    await back.authenticate(code);
    const after = new Date(Math.floor(Date.now() / 1000) * 1000);
    expect((await back.request({ kind: 'location', location: { latitude: 31.3, longitude: 121.5, time: after, fixed: true } })).result).toBe(0);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await back.closed;
    const row = await queryOne<{ n: number }>(handle.db, sql`
      SELECT count(*)::int AS n FROM positions WHERE source_id = ${term.id} AND ts = ${after.toISOString()}::timestamptz`);
    expect(row?.n).toBe(1);
    expect((await queryOne<{ online: boolean }>(handle.db, sql`SELECT online FROM terminal_status WHERE item_id = ${term.id}`))?.online).toBe(false);
  });
});
