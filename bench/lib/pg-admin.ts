// Creating and dropping benchmark databases on a PostgreSQL server.
import { openDatabase, queryRows, redactUrl, sql } from '@cg/db';

const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSafeName(name: string): void {
  if (!SAFE_NAME.test(name)) throw new Error(`database name "${name}" must match ${SAFE_NAME} (lower-case letters, digits, _)`);
}

/** The server URL with its database part replaced. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, fn: (run: (query: string) => Promise<unknown[]>) => Promise<T>): Promise<T> {
  const admin = await openDatabase({ url: serverUrl, poolSize: 1 });
  try {
    return await fn((query) => queryRows(admin.db, sql.raw(query)));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`PostgreSQL at ${redactUrl(serverUrl)}: ${message}`);
  } finally {
    await admin.close();
  }
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  assertSafeName(name);
  return withAdmin(serverUrl, async (run) => (await run(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)).length > 0);
}

export async function createDatabase(serverUrl: string, name: string): Promise<void> {
  assertSafeName(name);
  await withAdmin(serverUrl, (run) => run(`CREATE DATABASE "${name}"`));
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertSafeName(name);
  await withAdmin(serverUrl, (run) => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function serverVersion(serverUrl: string): Promise<string> {
  return withAdmin(serverUrl, async (run) => {
    const rows = (await run('SHOW server_version')) as { server_version: string }[];
    return rows[0]?.server_version ?? 'unknown';
  });
}

/**
 * Waits until no query runs in database `name` (polling pg_stat_activity), for at most `timeoutMs`. After a load run
 * the app is still answering requests whose clients have gone: the next measurement must not start on that backlog.
 * Returns the time waited.
 */
export async function waitForIdle(serverUrl: string, name: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<number> {
  assertSafeName(name);
  const t0 = Date.now();
  const deadline = t0 + (options.timeoutMs ?? 600_000);
  return withAdmin(serverUrl, async (run) => {
    for (;;) {
      const rows = (await run(`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = '${name}' AND state NOT IN ('idle') AND pid <> pg_backend_pid()`)) as { n: number }[];
      if ((rows[0]?.n ?? 0) === 0 || Date.now() > deadline || options.signal?.aborted) return Date.now() - t0;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
}
