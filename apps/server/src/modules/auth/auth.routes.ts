import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { passwordProblem } from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { changePassword, login, logout, me, SESSION_COOKIE, SESSION_TTL_MS } from './auth.service.ts';

export function authRoutes(db: Database, opts: { secureCookie: boolean; loginRateLimit: number }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/api/auth/login', {
      config: { public: true, rateLimit: { max: opts.loginRateLimit, timeWindow: 60_000 } },
      schema: {
        tags: ['认证'], summary: '登录',
        body: z.strictObject({
          username: z.string().trim().min(1, '请输入用户名').max(64),
          password: z.string().min(1, '请输入密码').max(128),
        }),
      },
    }, async (request, reply) => {
      const result = await login(db, request.body.username, request.body.password, {
        ip: request.ip, userAgent: request.headers['user-agent'], requestId: request.id,
      });
      reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true, sameSite: 'lax', path: '/', secure: opts.secureCookie, maxAge: SESSION_TTL_MS / 1000,
      });
      return { token: result.token, user: result.user, expiresAt: result.expiresAt.toISOString() };
    });

    app.post('/api/auth/logout', { config: { authenticated: true }, schema: { tags: ['认证'], summary: '退出登录' } },
      async (request, reply) => {
        await logout(db, userOf(request), { ip: request.ip, requestId: request.id });
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send();
      });

    app.get('/api/auth/me', { config: { authenticated: true }, schema: { tags: ['认证'], summary: '当前用户' } },
      async (request) => me(db, userOf(request).id));

    app.post('/api/auth/password', {
      config: { authenticated: true },
      schema: {
        tags: ['认证'], summary: '修改密码',
        body: z.strictObject({
          oldPassword: z.string().min(1, '请输入原密码').max(128),
          newPassword: z.string().superRefine((v, ctx) => {
            const p = passwordProblem(v);
            if (p) ctx.addIssue({ code: 'custom', message: p });
          }),
        }),
      },
    }, async (request, reply) => {
      await changePassword(db, userOf(request), request.body.oldPassword, request.body.newPassword, { ip: request.ip, requestId: request.id });
      return reply.status(204).send();
    });
  };
}
