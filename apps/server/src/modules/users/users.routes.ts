import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { passwordProblem, ROLES } from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { pageQuery, sortSchema } from '../../core/pagination.ts';
import { uuidParam } from '../../core/schemas.ts';
import { createUser, listUsers, resetPassword, unlockUser, updateUser } from './users.service.ts';

const tags = ['用户与角色'];
const role = z.enum(ROLES, { error: '角色不正确' });
const password = z.string({ error: '请填写密码' }).superRefine((v, ctx) => {
  const p = passwordProblem(v);
  if (p) ctx.addIssue({ code: 'custom', message: p });
});
const labels = { status: '账号状态', displayName: '显示名称' };

export function userRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/users', {
      config: { permission: 'user.read', labels },
      schema: {
        tags, summary: '用户列表',
        querystring: z.strictObject({
          ...pageQuery, sort: sortSchema(['username', 'displayName', 'role', 'createdAt', 'lastLoginAt'] as const, 'username'),
          q: z.string().trim().max(50).optional(), role: role.optional(), unitId: z.uuid('所属单位格式不正确').optional(),
          status: z.enum(['active', 'disabled'], { error: '账号状态只能是 active 或 disabled' }).optional(),
        }),
      },
    }, async (request) => {
      return listUsers(db, userOf(request), request.query);
    });

    app.post('/api/users', {
      config: { permission: 'user.write', labels },
      schema: {
        tags, summary: '新增用户（首次登录须修改密码）',
        body: z.strictObject({
          username: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, '用户名须以字母开头，3–32位字母、数字、下划线、点或横线'),
          displayName: z.string().trim().min(1, '请填写显示名称').max(30, '显示名称不能超过30个字'),
          role, unitId: z.uuid('所属单位格式不正确'), officerId: z.uuid('关联人员格式不正确').nullish(), password,
        }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      return reply.status(201).send(await createUser(db, user, actorOf(user, request.ip, request.id), request.body));
    });

    app.patch('/api/users/:id', {
      config: { permission: 'user.write', labels },
      schema: {
        tags, summary: '修改用户（角色、单位、启停用）', params: uuidParam,
        body: z.strictObject({
          version: z.number().int().positive(),
          displayName: z.string().trim().min(1).max(30).optional(),
          role: role.optional(), unitId: z.uuid('所属单位格式不正确').optional(), officerId: z.uuid('关联人员格式不正确').nullish(),
          status: z.enum(['active', 'disabled'], { error: '账号状态只能是 active 或 disabled' }).optional(),
        }),
      },
    }, async (request) => {
      const user = userOf(request);
      return updateUser(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body);
    });

    app.post('/api/users/:id/reset-password', {
      config: { permission: 'user.write' },
      schema: { tags, summary: '重置密码', params: uuidParam, body: z.strictObject({ password }) },
    }, async (request, reply) => {
      const user = userOf(request);
      await resetPassword(db, user, actorOf(user, request.ip, request.id), request.params.id, request.body.password);
      return reply.status(204).send();
    });

    app.post('/api/users/:id/unlock', {
      config: { permission: 'user.write' },
      schema: { tags, summary: '解除锁定', params: uuidParam },
    }, async (request, reply) => {
      const user = userOf(request);
      await unlockUser(db, user, actorOf(user, request.ip, request.id), request.params.id);
      return reply.status(204).send();
    });
  };
}
