import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { uuidParam } from '../../core/schemas.ts';
import { acknowledgeKit, myKit } from './kit-acknowledgement.service.ts';

const tags = ['执法装备库'];

export function kitAcknowledgementRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/equipment/my-kit', {
      config: { authenticated: true },
      schema: { tags, summary: '本人持有的装备（配发、借用）及签收情况' },
    }, async (request) => myKit(db, userOf(request)));

    app.post('/api/equipment/items/:id/acknowledge', {
      config: { authenticated: true },
      schema: { tags, summary: '签收配发或借用给本人的装备', params: uuidParam },
    }, async (request) => {
      const user = userOf(request);
      return acknowledgeKit(db, user, actorOf(user, request.ip, request.id), request.params.id);
    });
  };
}
