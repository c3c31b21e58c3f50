// terminal_status online / connected_at / last_seen_at / remote_address, written in batches: sessions record events
// in memory and one UPDATE … FROM unnest(…) per interval writes the newest state of every terminal that changed,
// instead of one UPDATE per message.
import { sql, type Executor } from '@cg/db';
import type { GatewayLog } from './gateway-log.ts';
import { numberArray as numbers, textArray as texts } from './pg-arrays.ts';

interface Pending {
  online: boolean | null;
  connectedAt: number | null;
  authenticatedAt: number | null;
  remoteAddress: string | null;
  edition: string | null;
  lastSeenAt: number;
}

export class TerminalStatusBook {
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(private readonly db: Executor, private readonly log: GatewayLog, private readonly intervalMs = 1000) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** A session authenticated: the terminal is online from now. */
  connected(itemId: string, at: number, remoteAddress: string, edition: number): void {
    this.pending.set(itemId, {
      online: true, connectedAt: at, authenticatedAt: at, remoteAddress, edition: String(edition), lastSeenAt: at,
    });
  }

  /** Any good message from an authenticated session. */
  seen(itemId: string, at: number): void {
    const p = this.pending.get(itemId);
    if (p) p.lastSeenAt = Math.max(p.lastSeenAt, at);
    else this.pending.set(itemId, { online: null, connectedAt: null, authenticatedAt: null, remoteAddress: null, edition: null, lastSeenAt: at });
  }

  /** The terminal's current session ended (closed, timed out, replaced by nothing). */
  disconnected(itemId: string, at: number): void {
    const p = this.pending.get(itemId);
    if (p) {
      p.online = false;
      p.lastSeenAt = Math.max(p.lastSeenAt, at);
    } else {
      this.pending.set(itemId, { online: false, connectedAt: null, authenticatedAt: null, remoteAddress: null, edition: null, lastSeenAt: at });
    }
  }

  /** Writes what changed since the last flush; a failed write keeps the events for the next one. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.write(batch).catch((err: unknown) => {
      this.log.error({ err, terminals: batch.size }, 'JT/T 808 终端在线状态写入失败，稍后重试');
      // Put the events back under any recorded meanwhile (those are newer and win).
      for (const [id, p] of batch) {
        const q = this.pending.get(id);
        if (!q) {
          this.pending.set(id, p);
          continue;
        }
        q.online ??= p.online;
        q.connectedAt ??= p.connectedAt;
        q.authenticatedAt ??= p.authenticatedAt;
        q.remoteAddress ??= p.remoteAddress;
        q.edition ??= p.edition;
        q.lastSeenAt = Math.max(q.lastSeenAt, p.lastSeenAt);
      }
    }).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async write(batch: Map<string, Pending>): Promise<void> {
    const ids = [...batch.keys()].sort();
    const rows = ids.map((id) => batch.get(id) as Pending);
    await this.db.execute(sql`
      UPDATE terminal_status t SET
        online = COALESCE(u.online, t.online),
        connected_at = COALESCE(to_timestamp(u.connected_ms / 1000), t.connected_at),
        authenticated_at = COALESCE(to_timestamp(u.authenticated_ms / 1000), t.authenticated_at),
        remote_address = COALESCE(u.remote_address, t.remote_address),
        protocol_edition = COALESCE(u.edition, t.protocol_edition),
        last_seen_at = GREATEST(t.last_seen_at, to_timestamp(u.seen_ms / 1000))
      FROM unnest(${texts(ids)}::text::uuid[], ${texts(rows.map((r) => (r.online === null ? null : String(r.online))))}::text::boolean[],
        ${numbers(rows.map((r) => r.connectedAt))}::text::float8[], ${numbers(rows.map((r) => r.authenticatedAt))}::text::float8[],
        ${texts(rows.map((r) => r.remoteAddress))}::text::text[], ${texts(rows.map((r) => r.edition))}::text::text[],
        ${numbers(rows.map((r) => r.lastSeenAt))}::text::float8[])
        AS u(item_id, online, connected_ms, authenticated_ms, remote_address, edition, seen_ms)
      WHERE t.item_id = u.item_id`);
  }
}
