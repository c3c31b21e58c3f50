// Starts the platform (buildApp + listen on an ephemeral port) in a child process and stops it again.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface RunningApp {
  baseUrl: string;
  pid: number;
  /** CPU time (user + system, microseconds) the server process has used so far. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

const script = fileURLToPath(new URL('./app-process.ts', import.meta.url));

export async function startApp(databaseUrl: string, options: { poolSize?: number } = {}): Promise<RunningApp> {
  const child: ChildProcess = fork(script, [], {
    // Inherit tsx's loader flags so the child runs TypeScript too.
    execArgv: process.execArgv,
    env: {
      ...process.env,
      BENCH_APP_DATABASE_URL: databaseUrl,
      BENCH_APP_POOL_SIZE: options.poolSize ? String(options.poolSize) : '',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  const { port, pid } = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the app did not start within 60 s')), 60_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the app process exited during start-up (code ${code})`)); });
    child.on('message', (m: { type: string; port?: number; pid?: number }) => {
      if (m.type === 'listening' && m.port) { clearTimeout(timer); resolve({ port: m.port, pid: m.pid ?? child.pid ?? 0 }); }
    });
  });

  let exited = false;
  child.once('exit', () => { exited = true; });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid,
    cpuMicros: () => new Promise<number>((resolve, reject) => {
      if (exited) return reject(new Error('the app process has exited'));
      const onMessage = (m: { type: string; usage?: NodeJS.CpuUsage }) => {
        if (m.type !== 'cpu' || !m.usage) return;
        child.off('message', onMessage);
        resolve(m.usage.user + m.usage.system);
      };
      child.on('message', onMessage);
      child.send({ type: 'cpu' });
    }),
    stop: () => new Promise<void>((resolve) => {
      if (exited) return resolve();
      const timer = setTimeout(() => { child.kill('SIGKILL'); }, 10_000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.send({ type: 'stop' });
    }),
  };
}

/** Starts the app on the database, runs `fn`, stops the app (also when `fn` fails). */
export async function withApp(
  databaseUrl: string, options: { poolSize?: number; log?: (message: string) => void }, fn: (app: RunningApp) => Promise<void>,
): Promise<void> {
  const app = await startApp(databaseUrl, { poolSize: options.poolSize });
  options.log?.(`app listening at ${app.baseUrl} (pid ${app.pid})`);
  try {
    await fn(app);
  } finally {
    await app.stop();
  }
}
