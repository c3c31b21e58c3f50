// Who is asking: the authenticated user with role, permissions and data scope (their unit's subtree).
import type { Permission, Role } from '@cg/domain';

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  /** Materialised path of the user's unit ("/id1/id2/"); every record in scope has a unit path starting with it. */
  unitPath: string;
  officerId: string | null;
  permissions: readonly Permission[];
  sessionId: string;
}

/** Actor of a write, for the audit log. System jobs have no user. */
export interface Actor {
  id: string | null;
  name: string;
  ip?: string | null;
  requestId?: string | null;
}

export function actorOf(user: AuthUser, ip?: string, requestId?: string): Actor {
  return { id: user.id, name: `${user.displayName}(${user.username})`, ip: ip ?? null, requestId: requestId ?? null };
}

export const SYSTEM_ACTOR: Actor = { id: null, name: '系统' };

export function inScope(user: Pick<AuthUser, 'unitPath'>, unitPath: string): boolean {
  return unitPath.startsWith(user.unitPath);
}
