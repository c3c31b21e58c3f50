// Authentication and permission checks for every /api route, declared in the route's config:
//   config: { public: true }              no session needed (login, health, API docs)
//   config: { permission: 'officer.read' } session + permission
//   config: { authenticated: true }       session only (own profile, logout)
// A route under /api that declares none of these fails at start-up, so no route can forget its check.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '@cg/domain';
import type { Database } from '@cg/db';
import { AppError } from './errors.ts';
import type { AuthUser } from './context.ts';
import { authenticate, SESSION_COOKIE } from '../modules/auth/auth.service.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
    authenticated?: boolean;
    permission?: Permission;
  }
  interface FastifyRequest {
    authUser: AuthUser | null;
  }
}

export function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return request.cookies?.[SESSION_COOKIE] ?? null;
}

/** The authenticated user of a request; routes behind the hook always have one. */
export function userOf(request: FastifyRequest): AuthUser {
  if (!request.authUser) throw new AppError(401, 'UNAUTHENTICATED', '请先登录');
  return request.authUser;
}

export function registerAuthHook(app: FastifyInstance, db: Database): void {
  app.decorateRequest('authUser', null);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api') || route.method === 'HEAD') return;
    const c = route.config as { public?: boolean; authenticated?: boolean; permission?: Permission } | undefined;
    const exempt = route.url.startsWith('/api/docs');
    if (!exempt && !c?.public && !c?.authenticated && !c?.permission) {
      throw new Error(`route ${route.method} ${route.url} declares no access rule`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (!request.url.startsWith('/api') || config?.public || request.url.startsWith('/api/docs')) return;
    if (!request.routeOptions.url) return; // unknown route: the not-found handler answers
    const token = tokenOf(request);
    const user = token ? await authenticate(db, token) : null;
    if (!user) throw new AppError(401, 'UNAUTHENTICATED', '未登录或登录已过期，请重新登录');
    request.authUser = user;
    if (config?.permission && !user.permissions.includes(config.permission)) {
      throw new AppError(403, 'FORBIDDEN', '没有执行此操作的权限');
    }
  });
}
