// The demo Open311 client: a service account `open311` (外部系统接口, at the 市局 so it may file anywhere in Shanghai)
// and its published API key `demo-open311-key`, stored as SHA-256 like every key. The account's password is random and
// never shown: it cannot log in, it only acts through the key. Written once, on a demo-seeded database only.
import { randomBytes } from 'node:crypto';
import { queryOne, sql, type Database } from '@cg/db';
import { SYSTEM_ACTOR } from '../core/context.ts';
import { appendAudit } from '../modules/audit/audit.service.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { hashApiKey } from '../modules/open311/open311.service.ts';

export const DEMO_OPEN311_USERNAME = 'open311';
export const DEMO_OPEN311_KEY = 'demo-open311-key';

/** Creates the demo service account and key when missing; true when it wrote them. */
export async function seedDemoOpen311(db: Database): Promise<boolean> {
  const marker = await queryOne(db, sql`SELECT 1 FROM system_settings WHERE key = 'demo_seed'`);
  if (!marker) return false;
  const keyHash = hashApiKey(DEMO_OPEN311_KEY);
  if (await queryOne(db, sql`SELECT 1 FROM open311_api_keys WHERE key_sha256 = ${keyHash}`)) return false;
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));
  return db.transaction(async (tx) => {
    const city = await queryOne<{ id: string }>(tx, sql`SELECT id FROM units WHERE parent_id IS NULL ORDER BY sort_order, code LIMIT 1`);
    if (!city) return false;
    let user = await queryOne<{ id: string; role: string }>(tx, sql`SELECT id, role FROM users WHERE lower(username) = ${DEMO_OPEN311_USERNAME}`);
    // Someone's own account of that name is never handed a published key.
    if (user && user.role !== 'api_client') return false;
    if (!user) {
      user = await queryOne<{ id: string; role: string }>(tx, sql`
        INSERT INTO users (username, display_name, password_hash, role, unit_id)
        VALUES (${DEMO_OPEN311_USERNAME}, 'Open311接口（演示）', ${passwordHash}, 'api_client', ${city.id}) RETURNING id, role`);
      await appendAudit(tx, SYSTEM_ACTOR, {
        unitId: city.id, entityType: 'user', entityId: user!.id, action: 'create',
        after: { username: DEMO_OPEN311_USERNAME, role: 'api_client', note: '演示 Open311 服务账号（不能登录）' },
      });
    }
    const key = await queryOne<{ id: string }>(tx, sql`
      INSERT INTO open311_api_keys (name, key_sha256, user_id) VALUES ('演示 Open311 客户端', ${keyHash}, ${user!.id})
      ON CONFLICT (key_sha256) DO NOTHING RETURNING id`);
    if (!key) return false;
    await appendAudit(tx, SYSTEM_ACTOR, {
      unitId: city.id, entityType: 'open311_api_key', entityId: key.id, action: 'create',
      after: { name: '演示 Open311 客户端', userId: user!.id, demo: true },
    });
    return true;
  });
}

/** An active demo key on a production server is a published password: main.ts refuses to start with it. */
export async function demoOpen311KeyActive(db: Database): Promise<boolean> {
  return Boolean(await queryOne(db, sql`SELECT 1 FROM open311_api_keys WHERE key_sha256 = ${hashApiKey(DEMO_OPEN311_KEY)} AND active`));
}
