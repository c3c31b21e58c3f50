// 用户与角色: accounts within the caller's scope; nobody grants a role above their own.
import { canGrantRole, ROLE_LABELS, type Role } from '@cg/domain';
import { eq, queryOne, queryRows, sessions, sql, users, type Database, type Executor } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { conflict, forbidden, invalid, notFound, versionConflict } from '../../core/errors.ts';
import type { Paged } from '../../core/pagination.ts';
import { appendAudit, diff } from '../audit/audit.service.ts';
import { hashPassword } from '../auth/password.ts';
import { getOfficerInScope } from '../officers/officers.service.ts';
import { getUnitInScope } from '../units/units.service.ts';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  unitId: string;
  unitName: string;
  officerId: string | null;
  officerName: string | null;
  status: 'active' | 'disabled';
  lockedUntil: string | null;
  lastLoginAt: string | null;
  mustChangePassword: boolean;
  createdAt: string;
  version: number;
}

const userSelect = sql`
  SELECT us.id, us.username, us.display_name AS "displayName", us.role, us.unit_id AS "unitId", un.name AS "unitName",
    un.path AS "unitPath", us.officer_id AS "officerId", o.name AS "officerName", us.status, us.locked_until AS "lockedUntil",
    us.last_login_at AS "lastLoginAt", us.must_change_password AS "mustChangePassword", us.created_at AS "createdAt", us.version
  FROM users us JOIN units un ON un.id = us.unit_id LEFT JOIN officers o ON o.id = us.officer_id`;

type UserRow = Omit<UserView, 'roleLabel' | 'lockedUntil' | 'lastLoginAt' | 'createdAt'> & {
  unitPath: string; lockedUntil: Date | null; lastLoginAt: Date | null; createdAt: Date;
};

function toView(r: UserRow): UserView {
  const { unitPath: _p, ...rest } = r;
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    ...rest, roleLabel: ROLE_LABELS[r.role], lockedUntil: r.lockedUntil && new Date(r.lockedUntil) > new Date() ? iso(r.lockedUntil) : null,
    lastLoginAt: iso(r.lastLoginAt), createdAt: new Date(r.createdAt).toISOString(),
  };
}

async function getUserInScope(db: Executor, user: AuthUser, id: string): Promise<UserRow> {
  const row = await queryOne<UserRow>(db, sql`${userSelect} WHERE us.id = ${id}`);
  if (!row || !row.unitPath.startsWith(user.unitPath)) throw notFound('用户');
  return row;
}

export interface UserFilter {
  q?: string;
  role?: Role;
  unitId?: string;
  status?: 'active' | 'disabled';
  page: number;
  pageSize: number;
  sort: { field: 'username' | 'displayName' | 'role' | 'createdAt' | 'lastLoginAt'; desc: boolean };
}

const SORT: Record<UserFilter['sort']['field'], string> = {
  username: 'us.username', displayName: 'us.display_name', role: 'us.role', createdAt: 'us.created_at', lastLoginAt: 'us.last_login_at',
};

export async function listUsers(db: Executor, user: AuthUser, f: UserFilter): Promise<Paged<UserView>> {
  const unit = f.unitId ? await getUnitInScope(db, user, f.unitId) : null;
  const where = sql.join([
    sql`un.path LIKE ${(unit?.path ?? user.unitPath) + '%'}`,
    f.q ? sql`(us.username ILIKE ${'%' + f.q + '%'} OR us.display_name ILIKE ${'%' + f.q + '%'})` : sql`true`,
    f.role ? sql`us.role = ${f.role}` : sql`true`,
    f.status ? sql`us.status = ${f.status}` : sql`true`,
  ], sql` AND `);
  const [{ n }] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM users us JOIN units un ON un.id = us.unit_id WHERE ${where}`);
  const rows = await queryRows<UserRow>(db, sql`${userSelect} WHERE ${where}
    ORDER BY ${sql.raw(`${SORT[f.sort.field]} ${f.sort.desc ? 'DESC NULLS LAST' : 'ASC'}, us.id`)}
    LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  return { items: rows.map(toView), total: n, page: f.page, pageSize: f.pageSize };
}

function assertGrantable(actor: AuthUser, role: Role) {
  if (!canGrantRole(actor.role, role)) throw forbidden(`您不能授予“${ROLE_LABELS[role]}”角色`);
}

export interface UserCreateInput {
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  officerId?: string | null;
  password: string;
}

export async function createUser(db: Database, user: AuthUser, actor: Actor, input: UserCreateInput): Promise<UserView> {
  assertGrantable(user, input.role);
  const hash = await hashPassword(input.password);
  const id = await db.transaction(async (tx) => {
    const unit = await getUnitInScope(tx, user, input.unitId);
    if (input.officerId) await getOfficerInScope(tx, user, input.officerId);
    const taken = await queryOne(tx, sql`SELECT 1 FROM users WHERE lower(username) = lower(${input.username})`);
    if (taken) throw conflict('用户名已被使用', [{ field: 'username', message: '用户名已被使用' }]);
    const [row] = await tx.insert(users).values({
      username: input.username, displayName: input.displayName, passwordHash: hash, role: input.role, unitId: unit.id,
      officerId: input.officerId ?? null, mustChangePassword: true,
    }).returning({ id: users.id });
    const { password: _pw, ...after } = input;
    await appendAudit(tx, actor, { unitId: unit.id, entityType: 'user', entityId: row.id, action: 'create', after });
    return row.id;
  });
  return toView(await getUserInScope(db, user, id));
}

export interface UserUpdateInput {
  version: number;
  displayName?: string;
  role?: Role;
  unitId?: string;
  officerId?: string | null;
  status?: 'active' | 'disabled';
}

export async function updateUser(db: Database, user: AuthUser, actor: Actor, id: string, input: UserUpdateInput): Promise<UserView> {
  await db.transaction(async (tx) => {
    const current = await getUserInScope(tx, user, id);
    if (current.version !== input.version) throw versionConflict();
    assertGrantable(user, current.role);
    if (input.role) assertGrantable(user, input.role);
    if (id === user.id && (input.status === 'disabled' || (input.role && input.role !== current.role))) {
      throw invalid([{ field: input.status ? 'status' : 'role', message: '不能停用自己的账号或修改自己的角色' }]);
    }
    if (input.unitId) await getUnitInScope(tx, user, input.unitId);
    if (input.officerId) await getOfficerInScope(tx, user, input.officerId);
    const { version: _v, ...changes } = input;
    const d = diff(current as unknown as Record<string, unknown>, changes);
    if (!d) return;
    await tx.update(users).set({ ...changes, version: current.version + 1, updatedAt: new Date() }).where(eq(users.id, id));
    if (changes.status === 'disabled' || changes.role || changes.unitId) {
      await tx.delete(sessions).where(eq(sessions.userId, id)); // new rights take effect at next login
    }
    await appendAudit(tx, actor, { unitId: current.unitId, entityType: 'user', entityId: id, action: 'update', ...d });
  });
  return toView(await getUserInScope(db, user, id));
}

export async function resetPassword(db: Database, user: AuthUser, actor: Actor, id: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const current = await getUserInScope(tx, user, id);
    assertGrantable(user, current.role);
    await tx.update(users).set({ passwordHash: hash, mustChangePassword: true, failedAttempts: 0, lockedUntil: null, updatedAt: new Date() })
      .where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await appendAudit(tx, actor, { unitId: current.unitId, entityType: 'user', entityId: id, action: 'reset-password' });
  });
}

export async function unlockUser(db: Database, user: AuthUser, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await getUserInScope(tx, user, id);
    await tx.update(users).set({ failedAttempts: 0, lockedUntil: null }).where(eq(users.id, id));
    await appendAudit(tx, actor, { unitId: current.unitId, entityType: 'user', entityId: id, action: 'unlock', before: { lockedUntil: current.lockedUntil } });
  });
}
