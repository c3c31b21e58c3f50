// Simulated 北斗 vehicle terminals for demos and load: each connects, registers, authenticates, then reports 0x0200
// every interval while driving a street-grid random walk inside its unit's jurisdiction (speeds 0–60 km/h, red
// lights, parking), sends heartbeats when otherwise quiet, and now and then crosses a dead zone whose positions it
// uploads afterwards as one blind-area batch (0x0704 type 1, subpackaged when long). Measures ack latency.
import { pointInGeometry, type JurisdictionGeometry, type Jt808Edition, type Jt808LocationInput } from '@cg/domain';
import { Jt808Client, type Jt808Reply } from './jt808-client.ts';

export interface SimArea {
  geometry: JurisdictionGeometry | null;
  /** [minLon, minLat, maxLon, maxLat] */
  bbox: [number, number, number, number];
}

export interface SimTerminalSpec {
  phone: string;
  edition: Jt808Edition;
  plate: string;
  terminalId: string;
  maker: string;
  model: string;
  area: SimArea;
}

export interface SimulationOptions {
  host: string;
  port: number;
  /** Seconds between location reports (fractions allowed). */
  intervalS: number;
  /** A heartbeat after this many seconds without any other message. Default 30. */
  heartbeatS?: number;
  /** Chance per report of entering a dead zone. Default 0.002. */
  blindRate?: number;
  /** Seconds before a lost connection is retried. Default 5. */
  reconnectS?: number;
  seed?: number;
}

export interface SimulationSummary {
  terminals: number;
  connected: number;
  registered: number;
  refused: number;
  reconnects: number;
  sent: { locations: number; batches: number; heartbeats: number; positions: number };
  acked: { messages: number; positions: number };
  /** Replies with a non-zero result. */
  failed: number;
  /** Messages still unanswered after 30 s, or when the connection dropped. */
  unanswered: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  elapsedS: number;
  /** Acked positions per second over the run. */
  positionsPerSecond: number;
}

const EARTH_M_PER_DEG = 111_320;
/** Central Shanghai: for a unit without a jurisdiction. */
export const SHANGHAI_FALLBACK: SimArea = { geometry: null, bbox: [121.42, 31.2, 121.52, 31.26] };

/** mulberry32: deterministic runs for a given seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function inArea(area: SimArea, lon: number, lat: number): boolean {
  const [minLon, minLat, maxLon, maxLat] = area.bbox;
  if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) return false;
  return area.geometry ? pointInGeometry(lon, lat, area.geometry) : true;
}

/**
 * A vehicle on a street grid (rotated per vehicle): straight segments of 120–600 m between "intersections", where it
 * turns left/right or goes on, sometimes waits at a light (10–45 s) or parks (1–5 min). It never leaves its area: a
 * step that would cross the boundary turns it around instead.
 */
export class RouteWalker {
  lon: number;
  lat: number;
  /** Degrees clockwise from north. */
  heading: number;
  speedKmh = 0;
  mileageKm: number;
  private targetKmh: number;
  private segmentLeftM: number;
  private stopLeftS = 0;

  constructor(private readonly area: SimArea, private readonly random: () => number) {
    const [minLon, minLat, maxLon, maxLat] = area.bbox;
    let lon = (minLon + maxLon) / 2;
    let lat = (minLat + maxLat) / 2;
    for (let i = 0; i < 200; i++) {
      const x = minLon + random() * (maxLon - minLon);
      const y = minLat + random() * (maxLat - minLat);
      if (inArea(area, x, y)) {
        lon = x;
        lat = y;
        break;
      }
    }
    this.lon = lon;
    this.lat = lat;
    this.heading = (random() * 90 + 90 * Math.floor(random() * 4)) % 360;
    this.targetKmh = 20 + random() * 40;
    this.segmentLeftM = 120 + random() * 480;
    this.mileageKm = Math.round(random() * 80_000);
  }

  get moving(): boolean {
    return this.speedKmh > 0;
  }

  step(dtS: number): void {
    const r = this.random;
    if (this.stopLeftS > 0) {
      this.stopLeftS -= dtS;
      this.speedKmh = 0;
      return;
    }
    // About 2 m/s² either way.
    const dv = 7 * dtS;
    this.speedKmh = Math.max(0, Math.min(60, this.speedKmh + Math.max(-dv, Math.min(dv, this.targetKmh - this.speedKmh))));
    const d = (this.speedKmh / 3.6) * dtS;
    const [lon, lat] = this.ahead(this.heading, d);
    if (!inArea(this.area, lon, lat)) {
      // The boundary: turn into a street that leads back inside (right or left first, else back), slowly.
      const side = r() < 0.5 ? 90 : 270;
      const options = [side, 360 - side, 180].map((t) => (this.heading + t) % 360);
      this.heading = options.find((h) => inArea(this.area, ...this.ahead(h, Math.max(d, 20)))) ?? options[2];
      this.segmentLeftM = 120 + r() * 480;
      this.speedKmh = Math.min(this.speedKmh, 15);
      return;
    }
    this.lon = lon;
    this.lat = lat;
    this.mileageKm += d / 1000;
    this.segmentLeftM -= d;
    if (this.segmentLeftM > 0) return;
    const turn = r();
    if (turn < 0.25) this.heading = (this.heading + 90) % 360;
    else if (turn < 0.5) this.heading = (this.heading + 270) % 360;
    this.segmentLeftM = 120 + r() * 480;
    this.targetKmh = 20 + r() * 40;
    const stop = r();
    if (stop < 0.03) this.stopLeftS = 60 + r() * 240;
    else if (stop < 0.25) this.stopLeftS = 10 + r() * 35;
    if (this.stopLeftS > 0) this.speedKmh = 0;
  }

  private ahead(heading: number, metres: number): [number, number] {
    const rad = (heading * Math.PI) / 180;
    return [
      this.lon + (Math.sin(rad) * metres) / (EARTH_M_PER_DEG * Math.cos((this.lat * Math.PI) / 180)),
      this.lat + (Math.cos(rad) * metres) / EARTH_M_PER_DEG,
    ];
  }

  location(time: Date, random: () => number): Jt808LocationInput {
    return {
      latitude: Math.round(this.lat * 1e6) / 1e6,
      longitude: Math.round(this.lon * 1e6) / 1e6,
      altitudeM: 4 + Math.floor(random() * 6),
      speedKmh: Math.round(this.speedKmh * 10) / 10,
      direction: Math.round(this.heading) % 360,
      time,
      fixed: true,
      acc: true,
      mileageKm: Math.round(this.mileageKm * 10) / 10,
      signal: 18 + Math.floor(random() * 14),
      satellites: 8 + Math.floor(random() * 12),
    };
  }
}

interface Sent {
  at: number;
  positions: number;
}

/** Reservoir of latency samples, so a long run keeps a fixed amount of memory. */
class Samples {
  private readonly values: number[] = [];
  private seen = 0;
  max = 0;

  constructor(private readonly capacity: number, private readonly random: () => number) {}

  add(v: number): void {
    this.seen++;
    this.max = Math.max(this.max, v);
    if (this.values.length < this.capacity) this.values.push(v);
    else {
      const i = Math.floor(this.random() * this.seen);
      if (i < this.capacity) this.values[i] = v;
    }
  }

  percentile(p: number): number {
    if (!this.values.length) return 0;
    const sorted = [...this.values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }
}

class SimTerminal {
  client: Jt808Client | null = null;
  private authCode: string | null = null;
  private readonly walker: RouteWalker;
  private readonly sent = new Map<number, Sent>();
  private timer: NodeJS.Timeout | null = null;
  private lastSentAt = 0;
  private deadZoneLeft = 0;
  private readonly buffered: Jt808LocationInput[] = [];
  private stopped = false;

  constructor(private readonly sim: Jt808Simulation, readonly spec: SimTerminalSpec, private readonly random: () => number) {
    this.walker = new RouteWalker(spec.area, random);
  }

  start(delayMs: number): void {
    setTimeout(() => void this.connect(), delayMs).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sim.counters.unanswered += this.sent.size;
    this.sent.clear();
    await this.client?.close();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { sim, spec } = this;
    let client: Jt808Client;
    try {
      client = await Jt808Client.connect({
        host: sim.options.host, port: sim.options.port, phone: spec.phone, edition: spec.edition, keepReplies: false,
        replyTimeoutMs: 15_000,
      });
    } catch {
      this.retry();
      return;
    }
    if (this.stopped) {
      client.socket.destroy();
      return;
    }
    this.client = client;
    // From here on every failure ends in a closed connection, and the close handler retries.
    void client.closed.then(() => this.lost(client));
    try {
      if (this.authCode) {
        try {
          await client.authenticate(this.authCode);
        } catch (err) {
          this.authCode = null; // refused (e.g. the platform lost it): register on the next attempt
          throw err;
        }
      } else {
        const r = await client.request({
          kind: 'register', province: 31, city: 0, maker: spec.maker, model: spec.model, terminalId: spec.terminalId,
          plateColor: 1, plate: spec.plate,
        });
        if (r.result !== 0 || !r.authCode) {
          sim.counters.refused++;
          this.stopped = true;
          throw new Error(`register refused: ${r.result}`);
        }
        sim.counters.registered++;
        this.authCode = r.authCode;
        await client.authenticate(r.authCode);
      }
    } catch {
      client.socket.destroy();
      return;
    }
    sim.counters.connected++;
    client.onReply = (reply) => this.onReply(reply);
    this.lastSentAt = performance.now();
    this.timer = setInterval(() => this.tick(), sim.options.intervalS * 1000);
  }

  private lost(client: Jt808Client): void {
    if (this.client !== client) return;
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      this.sim.counters.connected--;
    }
    this.sim.counters.unanswered += this.sent.size;
    this.sent.clear();
    this.client = null;
    this.retry();
  }

  private retry(): void {
    if (this.stopped) return;
    this.sim.counters.reconnects++;
    setTimeout(() => void this.connect(), (this.sim.options.reconnectS ?? 5) * 1000 * (0.5 + this.random())).unref();
  }

  private onReply(reply: Jt808Reply): void {
    const s = this.sent.get(reply.repliedSerial);
    if (!s) return;
    this.sent.delete(reply.repliedSerial);
    const c = this.sim.counters;
    if (reply.result !== 0) {
      c.failed++;
      return;
    }
    c.ackedMessages++;
    c.ackedPositions += s.positions;
    this.sim.latency.add(reply.at - s.at);
  }

  private send(body: Parameters<Jt808Client['send']>[0], positions: number): void {
    const client = this.client;
    if (!client?.isOpen) return;
    const now = performance.now();
    const serials = client.send(body);
    // A subpackaged batch: its positions count with the last package's ack.
    serials.forEach((serial, i) => this.sent.set(serial, { at: now, positions: i === serials.length - 1 ? positions : 0 }));
    this.lastSentAt = now;
  }

  private tick(): void {
    const { sim, walker, random } = this;
    const c = sim.counters;
    const now = performance.now();
    for (const [serial, s] of this.sent) {
      if (now - s.at < 30_000) break; // insertion order: the rest are newer
      this.sent.delete(serial);
      c.unanswered++;
    }
    walker.step(sim.options.intervalS);
    const location = walker.location(new Date(Math.floor(Date.now() / 1000) * 1000), random);
    if (this.deadZoneLeft === 0 && random() < (sim.options.blindRate ?? 0.002)) this.deadZoneLeft = 10 + Math.floor(random() * 30);
    if (this.deadZoneLeft > 0) {
      this.buffered.push(location);
      if (--this.deadZoneLeft === 0) {
        const locations = this.buffered.splice(0);
        this.send({ kind: 'locationBatch', batchType: 1, locations }, locations.length);
        c.batches++;
        c.sentPositions += locations.length;
      } else if (now - this.lastSentAt >= (sim.options.heartbeatS ?? 30) * 1000) {
        this.send({ kind: 'heartbeat' }, 0);
        c.heartbeats++;
      }
      return;
    }
    this.send({ kind: 'location', location }, 1);
    c.locations++;
    c.sentPositions++;
  }
}

export class Jt808Simulation {
  readonly counters = {
    connected: 0, registered: 0, refused: 0, reconnects: 0, locations: 0, batches: 0, heartbeats: 0, sentPositions: 0,
    ackedMessages: 0, ackedPositions: 0, failed: 0, unanswered: 0,
  };
  readonly latency: Samples;
  private readonly terminals: SimTerminal[];
  private startedAt = 0;

  constructor(specs: readonly SimTerminalSpec[], readonly options: SimulationOptions) {
    if (!(options.intervalS > 0)) throw new RangeError('interval 应大于 0');
    const random = seededRandom(options.seed ?? 808);
    this.latency = new Samples(200_000, random);
    this.terminals = specs.map((spec, i) => new SimTerminal(this, spec, seededRandom((options.seed ?? 808) * 7919 + i)));
  }

  /** Connections are spread over the first interval (at most 5 s) and at most 200 a second, as a fleet switching on. */
  start(): void {
    this.startedAt = performance.now();
    const spread = Math.max(Math.min(this.options.intervalS, 5), this.terminals.length / 200) * 1000;
    this.terminals.forEach((t, i) => t.start((i / Math.max(1, this.terminals.length)) * spread));
  }

  async stop(): Promise<SimulationSummary> {
    const summary = this.summary();
    await Promise.all(this.terminals.map((t) => t.stop()));
    return { ...summary, unanswered: this.counters.unanswered };
  }

  summary(): SimulationSummary {
    const c = this.counters;
    const elapsedS = (performance.now() - this.startedAt) / 1000;
    return {
      terminals: this.terminals.length, connected: c.connected, registered: c.registered, refused: c.refused,
      reconnects: c.reconnects,
      sent: { locations: c.locations, batches: c.batches, heartbeats: c.heartbeats, positions: c.sentPositions },
      acked: { messages: c.ackedMessages, positions: c.ackedPositions },
      failed: c.failed,
      unanswered: c.unanswered,
      latencyMs: {
        p50: round(this.latency.percentile(50)), p90: round(this.latency.percentile(90)),
        p99: round(this.latency.percentile(99)), max: round(this.latency.max),
      },
      elapsedS: round(elapsedS),
      positionsPerSecond: round(elapsedS > 0 ? c.ackedPositions / elapsedS : 0),
    };
  }
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

