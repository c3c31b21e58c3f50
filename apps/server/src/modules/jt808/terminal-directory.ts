// Which terminal a phone is, remembered for a while: when the gateway restarts, thousands of terminals reconnect
// within a minute, and on PGlite's single connection one lookup each would queue behind the position writes. Loaded
// in one query at start and again by the gateway's refresh (every TTL); an entry older than the TTL is looked up
// again, so a terminal taken out of service (报废, 遗失, number changed) is refused on its next connection at the
// latest one TTL later. Misses always ask the database, so a terminal registered a second ago is accepted.
import type { Executor } from '@cg/db';
import { allTerminals, findTerminal, type GatewayTerminal, type TerminalLookup } from './jt808.service.ts';

interface Entry {
  terminal: GatewayTerminal | null;
  at: number;
}

export class TerminalDirectory {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly db: Executor, private readonly ttlMs = 120_000, private readonly now = () => Date.now()) {}

  /** (Re)loads every terminal in service in one query, forgetting the rest; returns what it loaded. */
  async preload(): Promise<Map<string, GatewayTerminal | null>> {
    const at = this.now();
    const all = await allTerminals(this.db);
    this.entries.clear();
    for (const [phone, terminal] of all) this.entries.set(phone, { terminal, at });
    return all;
  }

  async find(phone: string): Promise<TerminalLookup> {
    const entry = this.entries.get(phone);
    if (entry && this.now() - entry.at <= this.ttlMs) {
      return entry.terminal ? { found: true, terminal: entry.terminal } : { found: false, ambiguous: true };
    }
    const lookup = await findTerminal(this.db, phone);
    // Unregistered numbers are not remembered: the peer is closed anyway, and the map must not grow with strangers.
    if (lookup.found || lookup.ambiguous) this.entries.set(phone, { terminal: lookup.found ? lookup.terminal : null, at: this.now() });
    else this.entries.delete(phone);
    return lookup;
  }

  get size(): number {
    return this.entries.size;
  }
}
