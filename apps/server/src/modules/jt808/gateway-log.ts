// Logging for the gateway: Fastify's pino logger, and a rate limit so a flood of bad frames costs one line per
// interval instead of one per frame.
import type { FastifyBaseLogger } from 'fastify';

export type GatewayLog = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

export class RateLimitedLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly log: GatewayLog, private readonly intervalMs = 10_000, private readonly maxKeys = 1000) {}

  /** Logs at most once per interval per key; the next line says how many were suppressed in between. */
  warn(key: string, details: Record<string, unknown>, message: string, now = Date.now()): void {
    const entry = this.last.get(key);
    if (entry && now - entry.at < this.intervalMs) {
      entry.suppressed++;
      return;
    }
    if (!entry && this.last.size >= this.maxKeys) this.last.clear();
    this.log.warn({ ...details, suppressed: entry?.suppressed ?? 0 }, message);
    this.last.set(key, { at: now, suppressed: 0 });
  }
}
