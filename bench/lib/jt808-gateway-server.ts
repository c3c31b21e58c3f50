// Starts the JT/T 808 gateway (jt808-gateway-process.ts) in a child process and stops it again.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Jt808GatewayStats } from '../../apps/server/src/modules/jt808/jt808-gateway.ts';

export interface GatewayTuning {
  poolSize?: number;
  lingerMs?: number;
  maxBatchRows?: number;
  concurrency?: number;
  /** The writer's bulk path: 'copy' (default on PostgreSQL) or 'insert'. */
  bulk?: 'copy' | 'insert';
  /** Directory for a V8 CPU profile of the gateway (node --cpu-prof), written when it stops. */
  cpuProfDir?: string;
}

export interface RunningGateway {
  port: number;
  /** How the writer stores positions. */
  bulk: 'copy' | 'insert';
  pid: number;
  /** CPU time (user + system, microseconds) the gateway process has used so far. */
  cpuMicros(): Promise<number>;
  stats(): Promise<Jt808GatewayStats>;
  stop(): Promise<void>;
}

const script = fileURLToPath(new URL('./jt808-gateway-process.ts', import.meta.url));

export async function startGateway(databaseUrl: string, tuning: GatewayTuning = {}): Promise<RunningGateway> {
  const str = (v: number | undefined) => (v === undefined ? '' : String(v));
  const child: ChildProcess = fork(script, [], {
    // tsx's loader flags so the child runs TypeScript too; --cpu-prof when asked.
    execArgv: [...process.execArgv, ...(tuning.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${tuning.cpuProfDir}`] : [])],
    env: {
      ...process.env, BENCH_GW_DATABASE_URL: databaseUrl, BENCH_GW_POOL_SIZE: str(tuning.poolSize),
      BENCH_GW_LINGER_MS: str(tuning.lingerMs), BENCH_GW_MAX_BATCH_ROWS: str(tuning.maxBatchRows),
      BENCH_GW_CONCURRENCY: str(tuning.concurrency), BENCH_GW_BULK: tuning.bulk ?? '', NODE_ENV: 'production',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  const { port, pid, bulk } = await new Promise<{ port: number; pid: number; bulk: 'copy' | 'insert' }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the gateway did not start within 60 s')), 60_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the gateway process exited during start-up (code ${code})`)); });
    child.on('message', (m: { type: string; port?: number; pid?: number; bulk?: 'copy' | 'insert' }) => {
      if (m.type === 'listening' && m.port) {
        clearTimeout(timer);
        resolve({ port: m.port, pid: m.pid ?? child.pid ?? 0, bulk: m.bulk ?? 'insert' });
      }
    });
  });

  let exited = false;
  child.once('exit', () => { exited = true; });
  const ask = <T>(type: string, pick: (m: Record<string, unknown>) => T | undefined) => new Promise<T>((resolve, reject) => {
    if (exited) return reject(new Error('the gateway process has exited'));
    const onMessage = (m: Record<string, unknown>) => {
      if (m.type !== type) return;
      const v = pick(m);
      if (v === undefined) return;
      child.off('message', onMessage);
      resolve(v);
    };
    child.on('message', onMessage);
    child.send({ type });
  });

  return {
    port,
    pid,
    bulk,
    cpuMicros: () => ask('cpu', (m) => {
      const u = m.usage as NodeJS.CpuUsage | undefined;
      return u ? u.user + u.system : undefined;
    }),
    stats: () => ask('stats', (m) => m.stats as Jt808GatewayStats | undefined),
    stop: () => new Promise<void>((resolve) => {
      if (exited) return resolve();
      const timer = setTimeout(() => { child.kill('SIGKILL'); }, 30_000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.send({ type: 'stop' });
    }),
  };
}
