// Login, sessions and lockout. Tokens are random; only their SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import { ROLE_LABELS, ROLE_PERMISSIONS, type Role } from '@cg/domain';
import { eq, queryOne, sessions, sql, users, type Database } from '@cg/db';
import { AppError } from '../../core/errors.ts';
import type { AuthUser } from '../../core/context.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { dummyVerify, hashPassword, verifyPassword } from './password.ts';

export const SESSION_COOKIE = 'cg_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MS = 15 * 60 * 1000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  unit_id: string;
  officer_id: string | null;
  status: string;
  failed_attempts: number;
  locked_until: Date | string | null; // text on PGlite, Date on pg
  must_change_password: boolean;
  unit_path: string;
  unit_code: string;
  unit_name: string;
  unit_kind: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  permissions: string[];
  unit: { id: string; code: string; name: string; kind: string };
  officerId: string | null;
  mustChangePassword: boolean;
}

const userSelect = sql`
  SELECT us.id, us.username, us.display_name, us.password_hash, us.role, us.unit_id, us.officer_id, us.status,
         us.failed_attempts, us.locked_until, us.must_change_password,
         un.path AS unit_path, un.code AS unit_code, un.name AS unit_name, un.kind AS unit_kind
  FROM users us JOIN units un ON un.id = us.unit_id`;

function toMe(u: UserRow): Me {
  return {
    id: u.id, username: u.username, displayName: u.display_name, role: u.role, roleLabel: ROLE_LABELS[u.role],
    permissions: [...ROLE_PERMISSIONS[u.role]], unit: { id: u.unit_id, code: u.unit_code, name: u.unit_name, kind: u.unit_kind },
    officerId: u.officer_id, mustChangePassword: u.must_change_password,
  };
}

export interface LoginResult {
  token: string;
  user: Me;
  expiresAt: Date;
}

export async function login(
  db: Database, username: string, password: string, meta: { ip?: string; userAgent?: string; requestId?: string },
): Promise<LoginResult> {
  const user = await queryOne<UserRow>(db, sql`${userSelect} WHERE lower(us.username) = lower(${username})`);
  const invalid = new AppError(401, 'INVALID_CREDENTIALS', '用户名或密码错误', [{ field: 'password', message: '用户名或密码错误' }]);
  if (!user) {
    await dummyVerify(password);
    throw invalid;
  }
  const actor = { id: user.id, name: `${user.display_name}(${user.username})`, ip: meta.ip ?? null, requestId: meta.requestId ?? null };
  const lockedUntil = user.locked_until ? new Date(user.locked_until).getTime() : 0;
  if (lockedUntil > Date.now()) {
    const minutes = Math.ceil((lockedUntil - Date.now()) / 60_000);
    throw new AppError(423, 'ACCOUNT_LOCKED', `账号因连续登录失败已锁定，请 ${minutes} 分钟后再试或联系管理员解锁`);
  }
  if (user.status !== 'active') throw new AppError(403, 'ACCOUNT_DISABLED', '账号已停用，请联系管理员');
  if (!(await verifyPassword(user.password_hash, password))) {
    const attempts = user.failed_attempts + 1;
    const lock = attempts >= MAX_FAILED_ATTEMPTS;
    await db.transaction(async (tx) => {
      await tx.update(users).set({
        failedAttempts: lock ? 0 : attempts,
        lockedUntil: lock ? new Date(Date.now() + LOCK_MS) : null,
      }).where(eq(users.id, user.id));
      await appendAudit(tx, actor, {
        unitId: user.unit_id, entityType: 'user', entityId: user.id, action: lock ? 'lock' : 'login-failed',
        after: { failedAttempts: attempts },
      });
    });
    if (lock) throw new AppError(423, 'ACCOUNT_LOCKED', `连续 ${MAX_FAILED_ATTEMPTS} 次登录失败，账号已锁定 ${LOCK_MS / 60_000} 分钟`);
    throw invalid;
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      tokenHash: hashToken(token), userId: user.id, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300),
    });
    await tx.update(users).set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, user.id));
    await appendAudit(tx, actor, { unitId: user.unit_id, entityType: 'session', entityId: user.id, action: 'login' });
  });
  return { token, user: toMe(user), expiresAt };
}

/**
 * The user behind a token, or null when the token is unknown, expired or the user is disabled. Slides the expiry,
 * unless `slide` is false: a background check (an open live stream) must not keep an idle session alive.
 */
export async function authenticate(db: Database, token: string, options: { slide?: boolean } = {}): Promise<AuthUser | null> {
  const row = await queryOne<UserRow & { session_id: string; expires_at: Date | string; last_seen_at: Date | string }>(db, sql`
    SELECT s.id AS session_id, s.expires_at, s.last_seen_at, x.* FROM sessions s
    JOIN (${userSelect}) x ON x.id = s.user_id
    WHERE s.token_hash = ${hashToken(token)}`);
  // Raw rows carry timestamps as text on PGlite and as Date on pg: normalise.
  if (!row || new Date(row.expires_at).getTime() <= Date.now() || row.status !== 'active') return null;
  if (options.slide !== false && Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
    // Session upkeep, not a business write: not audited.
    await db.update(sessions).set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_TTL_MS) })
      .where(eq(sessions.id, row.session_id));
  }
  return {
    id: row.id, username: row.username, displayName: row.display_name, role: row.role, unitId: row.unit_id,
    unitPath: row.unit_path, officerId: row.officer_id, permissions: ROLE_PERMISSIONS[row.role], sessionId: row.session_id,
  };
}

export async function me(db: Database, userId: string): Promise<Me> {
  const row = await queryOne<UserRow>(db, sql`${userSelect} WHERE us.id = ${userId}`);
  if (!row) throw new AppError(401, 'UNAUTHENTICATED', '请先登录');
  return toMe(row);
}

export async function logout(db: Database, user: AuthUser, meta: { ip?: string; requestId?: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, user.sessionId));
    await appendAudit(tx, { id: user.id, name: `${user.displayName}(${user.username})`, ip: meta.ip, requestId: meta.requestId },
      { unitId: user.unitId, entityType: 'session', entityId: user.id, action: 'logout' });
  });
}

export async function changePassword(
  db: Database, user: AuthUser, oldPassword: string, newPassword: string, meta: { ip?: string; requestId?: string },
): Promise<void> {
  const row = await queryOne<UserRow>(db, sql`${userSelect} WHERE us.id = ${user.id}`);
  if (!row || !(await verifyPassword(row.password_hash, oldPassword))) {
    throw new AppError(400, 'VALIDATION_FAILED', '原密码不正确', [{ field: 'oldPassword', message: '原密码不正确' }]);
  }
  if (oldPassword === newPassword) {
    throw new AppError(400, 'VALIDATION_FAILED', '新密码不能与原密码相同', [{ field: 'newPassword', message: '新密码不能与原密码相同' }]);
  }
  const hash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash: hash, mustChangePassword: false, passwordChangedAt: new Date(), updatedAt: new Date() })
      .where(eq(users.id, user.id));
    // Other sessions of this user end; the current one stays.
    await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${user.id} AND id <> ${user.sessionId}`);
    await appendAudit(tx, { id: user.id, name: `${user.displayName}(${user.username})`, ip: meta.ip, requestId: meta.requestId },
      { unitId: user.unitId, entityType: 'user', entityId: user.id, action: 'change-password' });
  });
}

export async function purgeExpiredSessions(db: Database): Promise<number> {
  const rows = await db.delete(sessions).where(sql`${sessions.expiresAt} < now()`).returning({ id: sessions.id });
  return rows.length;
}
