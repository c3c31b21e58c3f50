// Scenarios of a list endpoint: sets of URLs that 50 clients rotate through under load, each URL checked and timed
// alone first. Prints `unloaded_ms` per URL and `latency_ms` per scenario.
import type { RunningApp } from './app-server.ts';
import type { BenchConfig } from './config.ts';
import { cpuBetween, cpuSnapshot } from './cpu.ts';
import { runLoad } from './load.ts';
import { waitForIdle } from './pg-admin.ts';
import { checkedListGet, login } from './session.ts';
import type { BenchContext } from './types.ts';

export interface Request {
  /** Human-readable form for the output (unit names instead of ids). */
  label: string;
  path: string;
  /** Sent as this user instead of the scenario's. */
  user?: string;
}

export interface Scenario {
  name: string;
  /** Who sends the requests (unless a request names its own user). */
  user: string;
  requests: Request[];
}

/**
 * A list URL: `params` in order plus `pageSize` (default 20); `labels` replace values in the label (ids by names).
 * Parameters whose value is undefined are left out.
 */
export function listRequest(
  path: string, params: Record<string, string | number | undefined>, labels: Record<string, string> = {}, user?: string,
): Request {
  const full = Object.entries({ ...params, pageSize: params.pageSize ?? 20 })
    .filter((e): e is [string, string | number] => e[1] !== undefined);
  const query = new URLSearchParams(full.map(([k, v]): [string, string] => [k, String(v)]));
  const label = (user ? `${user}: ` : '') + full.map(([k, v]) => `${k}=${labels[k] ?? v}`).join('&');
  return { label, path: `${path}?${query.toString()}`, ...(user ? { user } : {}) };
}

/** The scenarios in BENCH_SCENARIOS (all when unset); checks the declared names match the built ones. */
export function selectScenarios(all: Scenario[], declaredNames: readonly string[], selected: string[] | null): Scenario[] {
  if (all.map((s) => s.name).join() !== declaredNames.join()) throw new Error('the declared scenario names are out of date');
  return selected ? all.filter((s) => selected.includes(s.name)) : all;
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const round1 = (x: number) => Math.round(x * 10) / 10;

export interface MeasureOptions {
  /** Password of each user the scenarios name. */
  passwordOf(username: string): string;
  /** Added to every `latency_ms` line (e.g. the row count measured against). */
  extra?: Record<string, unknown>;
  /** The app's database on cfg.serverUrl, watched for queries still running between scenarios. */
  database: string;
}

/**
 * Logs in every user, checks each URL answers 200 with a page and times it alone (`unloaded_ms`), then puts each
 * scenario under closed-loop load (`latency_ms` with p50/p95/p99, req/s, errors and where the CPU went), each starting
 * only once the database has finished what the previous one left running.
 */
export async function measureScenarios(
  ctx: BenchContext, cfg: BenchConfig, app: RunningApp, scenarios: Scenario[], options: MeasureOptions,
): Promise<void> {
  const tokens = new Map<string, string>();
  for (const user of new Set(scenarios.flatMap((s) => [s.user, ...s.requests.map((r) => r.user ?? s.user)]))) {
    tokens.set(user, await login(app.baseUrl, user, options.passwordOf(user)));
  }
  const tokenOf = (user: string) => tokens.get(user)!;

  // Warm-up: every URL must answer 200 before anything is measured; then its cost alone (no concurrency).
  ctx.log('warm-up: checking every URL answers 200 and timing each on its own…');
  for (const s of scenarios) {
    for (const r of s.requests) {
      if (ctx.signal.aborted) return;
      const token = tokenOf(r.user ?? s.user);
      const first = await checkedListGet(app.baseUrl, token, `warm-up of ${s.name}`, r.path);
      const times: number[] = [];
      for (let i = 0; i < cfg.repeats; i++) times.push((await checkedListGet(app.baseUrl, token, `warm-up of ${s.name}`, r.path)).ms);
      ctx.emit({
        metric: 'unloaded_ms', scenario: s.name, user: r.user ?? s.user, url: r.label, median: round1(median(times)),
        min: round1(Math.min(...times)), total: first.total,
      });
    }
  }

  const waitIdle = () => waitForIdle(cfg.serverUrl, options.database, { signal: ctx.signal });
  await waitIdle();
  for (const s of scenarios) {
    if (ctx.signal.aborted) return;
    const users = [...new Set(s.requests.map((r) => r.user ?? s.user))];
    ctx.log(`${s.name} (${users.join(', ')}; ${s.requests.length} URLs): ${cfg.connections} connections for ${cfg.durationSeconds} s…`);
    const before = await cpuSnapshot(app.cpuMicros);
    const r = await runLoad({
      baseUrl: app.baseUrl,
      requests: s.requests.map((x) => ({ path: x.path, ...(x.user ? { headers: { authorization: `Bearer ${tokenOf(x.user)}` } } : {}) })),
      headers: { authorization: `Bearer ${tokenOf(s.user)}` },
      connections: cfg.connections, durationSeconds: cfg.durationSeconds, signal: ctx.signal, onProgress: (m) => ctx.log(`  ${m}`),
    });
    const after = await cpuSnapshot(app.cpuMicros);
    // Requests still in flight when the clock stopped go on in the app and the database; let them finish first.
    const drainMs = await waitIdle();
    ctx.emit({
      metric: 'latency_ms', scenario: s.name, user: users.join(','),
      p50: r.latency.p50, p90: r.latency.p90, p95: r.latency.p95, p99: r.latency.p99, mean: r.latency.mean, max: r.latency.max,
      rps: r.rps, requests: r.requests, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
      connections: cfg.connections, duration_s: r.durationSeconds, drain_ms: drainMs, ...options.extra,
      ...cpuBetween(before, after), urls: s.requests.map((x) => x.label),
      ...(ctx.signal.aborted ? { interrupted: true } : {}),
    });
    if (r.non2xx) ctx.log(`  non-2xx answers: ${JSON.stringify(r.statusCodes)}`);
  }
}
