// The platform's HTTP server in its own process, so the load generator does not share its event loop.
// Started by app-server.ts with fork(); talks over IPC: → {type:'listening', port}; ← {type:'cpu'} → {type:'cpu', usage}.
import type { AddressInfo } from 'node:net';
import { openDatabase } from '@cg/db';
import { buildApp } from '../../apps/server/src/app.ts';

type Message = { type: 'cpu' } | { type: 'stop' };

const url = process.env.BENCH_APP_DATABASE_URL;
if (!url || !process.send) {
  console.error('app-process: start me through app-server.ts (needs BENCH_APP_DATABASE_URL and an IPC channel)');
  process.exit(2);
}
const send = (message: object) => process.send?.(message);

const poolSize = Number(process.env.BENCH_APP_POOL_SIZE) || undefined;
const database = await openDatabase({ url, poolSize });
const app = await buildApp({ database, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await app.close().catch(() => {});
  await database.close().catch(() => {});
  process.exit(0);
}

process.on('message', (message: Message) => {
  if (message.type === 'cpu') send({ type: 'cpu', usage: process.cpuUsage() });
  if (message.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.on('SIGINT', () => { /* the parent decides when to stop */ });

send({ type: 'listening', port: (app.server.address() as AddressInfo).port, pid: process.pid });
