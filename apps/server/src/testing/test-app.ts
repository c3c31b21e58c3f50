// A real server on a real database (PGlite in memory, or TEST_DATABASE_URL), seeded with the demo data.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestDatabase, queryOne, sql, type TestDatabase } from '@cg/db';
import { buildApp } from '../app.ts';
import { seedDemoData } from '../seed/demo-seed.ts';
import { ensureBuiltinCategories } from '../modules/equipment/equipment.service.ts';
import { ensureComplaintDefaults } from '../modules/complaints/complaints.service.ts';
import { DEMO_USERS } from '../seed/demo-users.ts';
import { ensureDefaultRubric } from '../modules/evaluation/evaluation-rubrics.service.ts';
import { checkUncheckedItems } from '../modules/equipment/equipment-attribute-check.ts';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  /** Bearer token of a demo user. */
  tokenOf(username: string): Promise<string>;
  /** Request as a demo user. */
  as(username: string, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

/** `demoEquipment: false` leaves the 执法装备库 empty, for tests that count exactly what they create. */
/** `now`: the business clock of complaint deadlines (see AppOptions.now). */
export async function createTestApp(options: { demoEquipment?: boolean; now?: () => Date } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  await seedDemoData(database.db, { scale: 1, equipment: options.demoEquipment ?? true });
  await ensureBuiltinCategories(database.db);
  await ensureComplaintDefaults(database.db);
  await ensureDefaultRubric(database.db);
  await checkUncheckedItems(database.db);
  const app = await buildApp({ database, logger: process.env.DEBUG_LOG ? { level: 'error' } : false, now: options.now });
  await app.ready();
  const tokens = new Map<string, string>();
  const tokenOf = async (username: string) => {
    const cached = tokens.get(username);
    if (cached) return cached;
    const user = DEMO_USERS.find((u) => u.username === username);
    if (!user) throw new Error(`no demo user ${username}`);
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: user.password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
    const token = res.json().token as string;
    tokens.set(username, token);
    return token;
  };
  return {
    app, database, tokenOf,
    async as(username, method, url, body, headers = {}) {
      const token = await tokenOf(username);
      return app.inject({
        method: method as 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers },
        ...(body === undefined ? {} : typeof body === 'string' || Buffer.isBuffer(body) ? { body } : { payload: body as object }),
      });
    },
    async count(table) {
      const row = await queryOne<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`);
      return row!.n;
    },
    async close() {
      await app.close();
      await database.destroy();
    },
  };
}
