// The JT/T 808 gateway alone (no HTTP server) in its own process, so the terminals' load generator does not share its
// event loop. Started by jt808-gateway-server.ts with fork(); talks over IPC: → {type:'listening', port, pid};
// ← {type:'cpu'} → {type:'cpu', usage}; ← {type:'stats'} → {type:'stats', stats}; ← {type:'stop'}.
import { openDatabase } from '@cg/db';
import { Jt808Gateway } from '../../apps/server/src/modules/jt808/jt808-gateway.ts';
import type { GatewayLog } from '../../apps/server/src/modules/jt808/gateway-log.ts';

type Message = { type: 'cpu' } | { type: 'stats' } | { type: 'stop' };

const url = process.env.BENCH_GW_DATABASE_URL;
if (!url || !process.send) {
  console.error('jt808-gateway-process: start me through jt808-gateway-server.ts (needs BENCH_GW_DATABASE_URL and IPC)');
  process.exit(2);
}
const send = (message: object) => process.send?.(message);
const num = (key: string) => (process.env[key] ? Number(process.env[key]) : undefined);

// Errors and warnings to stderr (a failed batch must be seen); info is the start-up chatter.
const print = (level: string) => (obj: unknown, msg?: string) =>
  process.stderr.write(`[gateway ${level}] ${msg ?? ''} ${typeof obj === 'object' ? JSON.stringify(obj, (k, v: unknown) => (v instanceof Error ? v.message : v)) : String(obj)}\n`);
const log = { info: () => {}, warn: print('warn'), error: print('error') } as unknown as GatewayLog;

const database = await openDatabase({ url, poolSize: num('BENCH_GW_POOL_SIZE') });
const gateway = new Jt808Gateway({
  db: database.db, databaseKind: database.kind, log, host: '127.0.0.1', port: 0, maxConnections: 100_000,
  writer: {
    ...(num('BENCH_GW_LINGER_MS') !== undefined ? { lingerMs: num('BENCH_GW_LINGER_MS') } : {}),
    ...(num('BENCH_GW_MAX_BATCH_ROWS') ? { maxBatchRows: num('BENCH_GW_MAX_BATCH_ROWS') } : {}),
    ...(num('BENCH_GW_CONCURRENCY') ? { concurrency: num('BENCH_GW_CONCURRENCY') } : {}),
    ...(process.env.BENCH_GW_BULK === 'insert' || process.env.BENCH_GW_BULK === 'copy' ? { bulk: process.env.BENCH_GW_BULK } : {}),
  },
});
const port = await gateway.start();

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await gateway.stop().catch(() => {});
  await database.close().catch(() => {});
  process.exit(0);
}

process.on('message', (message: Message) => {
  if (message.type === 'cpu') send({ type: 'cpu', usage: process.cpuUsage() });
  if (message.type === 'stats') send({ type: 'stats', stats: gateway.stats() });
  if (message.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.on('SIGINT', () => { /* the parent decides when to stop */ });

send({ type: 'listening', port, pid: process.pid, bulk: gateway.writer.bulkPath });
