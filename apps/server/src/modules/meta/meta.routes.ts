import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CERT_STATUSES, GENDERS, OFFICER_STATUSES, PERMISSIONS, POSITIONS, ROLE_LABELS, ROLE_PERMISSIONS, ROLES, UNIT_KINDS,
} from '@cg/domain';
import type { DatabaseKind } from '@cg/db';

export function metaRoutes(info: { database: DatabaseKind; version: string }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/health', { config: { public: true }, schema: { tags: ['系统'], summary: '健康检查' } },
      async () => ({ status: 'ok', database: info.database, version: info.version }));

    app.get('/api/meta/enums', { config: { authenticated: true }, schema: { tags: ['系统'], summary: '枚举值' } }, async () => ({
      genders: GENDERS, officerStatuses: OFFICER_STATUSES, certStatuses: CERT_STATUSES, positions: POSITIONS, unitKinds: UNIT_KINDS,
      roles: ROLES.map((value) => ({ value, label: ROLE_LABELS[value] })),
    }));

    app.get('/api/meta/roles', { config: { authenticated: true }, schema: { tags: ['系统'], summary: '角色与权限' } }, async () =>
      ROLES.map((role) => ({
        role, label: ROLE_LABELS[role],
        permissions: ROLE_PERMISSIONS[role].map((key) => ({ key, label: PERMISSIONS[key] })),
      })));
  };
}
