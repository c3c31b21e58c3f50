// Test databases: a fresh in-memory PGlite, or — when TEST_DATABASE_URL is set — a fresh database on that server.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase, migrateDatabase, type DatabaseHandle } from './database.ts';

export interface TestDatabase extends DatabaseHandle {
  /** Closes the connection and drops the temporary database. */
  destroy(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase();
    await migrateDatabase(handle);
    return { ...handle, destroy: () => handle.close() };
  }
  const name = `cg_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: 5 });
  await migrateDatabase(handle);
  return {
    ...handle,
    async destroy() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
