import { describe, it, expect, afterAll } from 'vitest';
import { createTestDatabase, queryRows, sql } from './index.ts';

describe('database', async () => {
  const handle = await createTestDatabase();
  afterAll(() => handle.destroy());

  it('applies the migrations on the test database', async () => {
    const tables = await queryRows<{ table_name: string }>(handle.db, sql`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['audit_log', 'officer_transfers', 'officers', 'sessions', 'units', 'users']),
    );
  });

  it('refuses to update or delete audit rows', async () => {
    await handle.db.execute(sql`INSERT INTO audit_log (seq, at, actor_name, entity_type, action, prev_hash, hash)
      VALUES (1, now(), 'test', 'x', 'create', '', 'h')`);
    await expect(handle.db.execute(sql`UPDATE audit_log SET action = 'y' WHERE seq = 1`)).rejects.toThrow();
    await expect(handle.db.execute(sql`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow();
    const rows = await queryRows<{ action: string }>(handle.db, sql`SELECT action FROM audit_log`);
    expect(rows).toEqual([{ action: 'create' }]);
  });
});
