// Idempotency keys for client actions (the field app's offline queue replays what it could not send): the first answer
// to (user, key) is stored in the same transaction as the write, so a replay gets that answer and writes nothing.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { queryOne, sql, type Database, type Executor } from '@cg/db';
import type { AuthUser } from './context.ts';
import { AppError, invalid } from './errors.ts';

const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,100}$/;

/** The `Idempotency-Key` header, validated; undefined when the client sent none. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!KEY_PATTERN.test(key)) {
    throw invalid([{ field: 'Idempotency-Key', message: 'Idempotency-Key 须为8～100位字母、数字或 _ - : .' }]);
  }
  return key;
}

export const requestHashOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(value ?? null)).digest('hex');

export interface IdempotentResult<T> {
  status: number;
  body: T;
  /** The stored first answer was returned; nothing was written this time. */
  replayed: boolean;
}

/**
 * Runs `work` in a transaction unless (user, key) was answered before. The same key with a different request is a
 * conflict: a client must not reuse a key for another action. Without a key the work simply runs.
 */
export async function runIdempotent<T>(
  db: Database, user: Pick<AuthUser, 'id'>, key: string | undefined, request: unknown,
  work: (tx: Executor) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  if (!key) return { ...(await db.transaction((tx) => work(tx))), replayed: false };
  const hash = requestHashOf(request);
  return db.transaction(async (tx) => {
    // Two deliveries of one key at once: the second waits for the first and then replays its answer.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`idem:${user.id}:${key}`}))`);
    const seen = await queryOne<{ requestHash: string; status: number; response: T }>(tx, sql`
      SELECT request_hash AS "requestHash", status, response FROM client_requests WHERE user_id = ${user.id} AND key = ${key}`);
    if (seen) {
      if (seen.requestHash !== hash) {
        throw new AppError(409, 'IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一个请求', [{ field: 'Idempotency-Key', message: '请为每个操作使用新的键' }]);
      }
      return { status: seen.status, body: seen.response, replayed: true };
    }
    const done = await work(tx);
    await tx.execute(sql`INSERT INTO client_requests (user_id, key, request_hash, status, response)
      VALUES (${user.id}, ${key}, ${hash}, ${done.status}, ${JSON.stringify(done.body)}::jsonb)`);
    return { ...done, replayed: false };
  });
}
