// The COPY baseline's client side: COPY … FROM STDIN through node-postgres with the gateway's own submittable
// (apps/server/src/modules/jt808/pg-copy.ts, pg-copy-streams).
import type pg from 'pg';
import { copyFromStdin } from '../../apps/server/src/modules/jt808/pg-copy.ts';

/** Runs `COPY … FROM STDIN` with the chunks (text or binary) as data; resolves with the row count PostgreSQL reports. */
export function copyFrom(client: pg.Client, statement: string, chunks: readonly Buffer[]): Promise<number> {
  return copyFromStdin(client as never, statement, chunks);
}
