// COPY … FROM STDIN on one node-postgres connection, through pg-copy-streams (the maintained COPY stream for pg):
// the chunks are written with back-pressure, the promise settles when PostgreSQL has answered the COPY.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';

/** The part of a pg Client / PoolClient used here. */
export interface CopyClient {
  query(submittable: never): unknown;
}

/** Runs `statement` (a COPY … FROM STDIN) with `chunks` as its data; resolves with the row count PostgreSQL reports. */
export async function copyFromStdin(client: CopyClient, statement: string, chunks: readonly Buffer[]): Promise<number> {
  const stream = client.query(copyFrom(statement) as never) as ReturnType<typeof copyFrom>;
  await pipeline(Readable.from(chunks), stream);
  return stream.rowCount;
}
