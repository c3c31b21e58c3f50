// The terminals' side of the jt808 benchmark: N JT/T 808 clients over loopback (the app's own Jt808Client), each
// registered and authenticated, then a closed loop per phase: every terminal keeps `window` messages in flight
// (0x0200 with one position, or 0x0704 with `batch` positions) and sends the next one when an 0x8001 arrives. Every ack
// is timed from the write of its message; an ack means the gateway committed the positions (ack after commit).
import type { Jt808LocationInput } from '@cg/domain';
import { Jt808Client, type Jt808Reply } from '../../apps/server/src/modules/jt808/jt808-client.ts';
import type { BenchTerminal } from './jt808-seed.ts';

const REGISTER = { province: 31, city: 101, maker: '70111', model: 'BD-T808', terminalId: 'T000001', plateColor: 1 };

/** One connected terminal and the positions it has had acknowledged. */
export interface LoadTerminal {
  terminal: BenchTerminal;
  client: Jt808Client;
  /** Positions generated so far; position k has device time base + k s. */
  seq: number;
  lat: number;
  lon: number;
  heading: number;
  mileageKm: number;
  /** Device time (epoch ms) of the newest acknowledged position, 0 when none. */
  newestAckedTs: number;
  ackedPositions: number;
}

export interface LoadFleet {
  terminals: LoadTerminal[];
  /** Device time of position 0. */
  baseTs: number;
  connectMs: number;
  close(): Promise<void>;
}

/** Connects, registers and authenticates every terminal, `parallel` at a time (a fleet switching on). */
export async function connectFleet(
  port: number, terminals: readonly BenchTerminal[], options: { parallel?: number; signal?: AbortSignal } = {},
): Promise<LoadFleet> {
  const t0 = performance.now();
  const out: LoadTerminal[] = new Array(terminals.length);
  let next = 0;
  // Device times start 3 h ago and advance 1 s per position: plausible (not ahead of the clock), inside retention.
  const baseTs = Math.floor(Date.now() / 1000) * 1000 - 3 * 3600_000;
  const worker = async () => {
    while (next < terminals.length && !options.signal?.aborted) {
      const i = next++;
      const t = terminals[i];
      const client = await Jt808Client.connect({ host: '127.0.0.1', port, phone: t.phone, edition: 2013, keepReplies: false, replyTimeoutMs: 60_000 });
      await client.registerAndAuthenticate({ ...REGISTER, plate: t.plate });
      out[i] = {
        terminal: t, client, seq: 0, lat: 31.1 + (i % 97) * 0.003, lon: 121.3 + (i % 89) * 0.004, heading: (i * 37) % 360,
        mileageKm: 1000 + (i % 500), newestAckedTs: 0, ackedPositions: 0,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? 100, terminals.length) }, worker));
  const connected = out.filter(Boolean);
  return {
    terminals: connected,
    baseTs,
    connectMs: performance.now() - t0,
    close: async () => { await Promise.all(connected.map((t) => t.client.close())); },
  };
}

/** The next position of a terminal: a slow drive with the items real terminals send (mileage, signal, satellites). */
function nextLocation(t: LoadTerminal, baseTs: number): Jt808LocationInput {
  const k = t.seq++;
  t.lat += 0.00005;
  t.lon += 0.00004;
  if (t.lat > 31.4) t.lat = 31.1;
  if (t.lon > 121.7) t.lon = 121.3;
  t.mileageKm += 0.01;
  return {
    latitude: Math.round(t.lat * 1e6) / 1e6, longitude: Math.round(t.lon * 1e6) / 1e6, altitudeM: 5 + (k % 4),
    speedKmh: 20 + (k % 40), direction: t.heading, time: new Date(baseTs + k * 1000), fixed: true, acc: true,
    mileageKm: Math.round(t.mileageKm * 10) / 10, signal: 20 + (k % 10), satellites: 10 + (k % 8),
  };
}

export interface PhaseOptions {
  mode: 'single' | 'batch';
  /** Positions per 0x0704 (batch mode). */
  batch: number;
  /** Messages in flight per terminal. */
  window: number;
  durationMs: number;
  /** After the duration: how long to wait for the acks still owed. */
  drainTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface PhaseResult {
  /** Positions acknowledged with an ack that arrived within the duration, per second of it. */
  positionsPerSecond: number;
  messagesPerSecond: number;
  positionsInWindow: number;
  /** All positions acknowledged in the phase, including the acks that came after the duration (the drain). */
  positionsAcked: number;
  messagesAcked: number;
  positionsSent: number;
  /** Acks with a result other than 0 (none expected). */
  failed: number;
  /** Messages never answered before the drain timeout. */
  unanswered: number;
  drainMs: number;
  elapsedMs: number;
  /** Ack latency of every acknowledged message, ms. */
  latencyMs: { p50: number; p90: number; p95: number; p99: number; max: number; mean: number } | null;
}

/** Exact percentiles of every sample. */
function summarise(samples: Float64Array, n: number): PhaseResult['latencyMs'] {
  if (n === 0) return null;
  const s = samples.subarray(0, n).sort();
  const at = (p: number) => round(s[Math.min(n - 1, Math.ceil((p / 100) * n) - 1)]);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i];
  return { p50: at(50), p90: at(90), p95: at(95), p99: at(99), max: round(s[n - 1]), mean: round(sum / n) };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Runs one closed-loop phase over the whole fleet; resolves after the drain. */
export async function runPhase(fleet: LoadFleet, o: PhaseOptions): Promise<PhaseResult> {
  let samples = new Float64Array(1 << 20);
  let nSamples = 0;
  let active = true;
  let sentPositions = 0;
  let ackedMessages = 0;
  let ackedPositions = 0;
  let inWindow = 0;
  let inWindowMessages = 0;
  let failed = 0;
  let outstanding = 0;
  let wakeDrain: (() => void) | null = null;
  const t0 = performance.now();
  const end = t0 + o.durationMs;

  for (const t of fleet.terminals) {
    const sent = new Map<number, { at: number; n: number; newestTs: number }>();
    const send = () => {
      if (!t.client.isOpen) return;
      let serials: number[];
      let n: number;
      let newestTs: number;
      if (o.mode === 'single') {
        const location = nextLocation(t, fleet.baseTs);
        serials = t.client.send({ kind: 'location', location });
        n = 1;
        newestTs = location.time.getTime();
      } else {
        const locations = Array.from({ length: o.batch }, () => nextLocation(t, fleet.baseTs));
        // Type 1, 盲区补报: what a terminal sends when it comes back from a dead zone.
        serials = t.client.send({ kind: 'locationBatch', batchType: 1, locations });
        n = o.batch;
        newestTs = locations[locations.length - 1].time.getTime();
      }
      const at = performance.now();
      // A subpackaged batch is answered per package; its positions count with the last package's ack.
      serials.forEach((serial, i) => sent.set(serial, { at, n: i === serials.length - 1 ? n : 0, newestTs }));
      outstanding += serials.length;
      sentPositions += n;
    };
    t.client.onReply = (reply: Jt808Reply) => {
      const s = sent.get(reply.repliedSerial);
      if (!s) return;
      sent.delete(reply.repliedSerial);
      outstanding--;
      if (reply.result !== 0) failed++;
      else if (s.n > 0) {
        ackedMessages++;
        ackedPositions += s.n;
        t.ackedPositions += s.n;
        t.newestAckedTs = Math.max(t.newestAckedTs, s.newestTs);
        if (reply.at <= end) {
          inWindow += s.n;
          inWindowMessages++;
        }
        if (nSamples === samples.length) {
          const bigger = new Float64Array(samples.length * 2);
          bigger.set(samples);
          samples = bigger;
        }
        samples[nSamples++] = reply.at - s.at;
      }
      if (active && s.n > 0) send();
      if (!active && outstanding === 0) wakeDrain?.();
    };
    for (let i = 0; i < o.window; i++) send();
  }

  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, o.durationMs);
    o.signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
  active = false;
  const drainStart = performance.now();
  if (outstanding > 0) {
    await new Promise<void>((resolve) => {
      wakeDrain = resolve;
      setTimeout(resolve, o.drainTimeoutMs ?? 60_000);
    });
  }
  const drainMs = performance.now() - drainStart;
  for (const t of fleet.terminals) t.client.onReply = null;
  const seconds = Math.min(performance.now(), end) - t0;
  return {
    positionsPerSecond: Math.round(inWindow / (seconds / 1000)),
    messagesPerSecond: Math.round(inWindowMessages / (seconds / 1000)),
    positionsInWindow: inWindow,
    positionsAcked: ackedPositions,
    messagesAcked: ackedMessages,
    positionsSent: sentPositions,
    failed,
    unanswered: outstanding,
    drainMs: Math.round(drainMs),
    elapsedMs: Math.round(seconds),
    latencyMs: summarise(samples, nSamples),
  };
}
