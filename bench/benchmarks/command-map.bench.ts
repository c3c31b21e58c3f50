// 勤务指挥室 map smoothness with many live units: the real app (built web app + API on PostgreSQL) with 1k and then 20k
// latest positions in scope, /command open in headless Chromium, while the server pushes live updates for a large share
// of the units every second through the real live path (PositionBus → SSE stream → page). Measures frame times with
// requestAnimationFrame and long tasks in the page; prints them, asserts nothing.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openDatabase, queryOne, queryRows, sql, type Database } from '@cg/db';
import { buildApp } from '../../apps/server/src/app.ts';
import { PositionBus, type LivePosition } from '../../apps/server/src/modules/tracking/position-bus.ts';
import { prepareDatabase, withBenchDatabase } from '../lib/bench-db.ts';
import { numberFrom, readConfig, type ConfigSpec } from '../lib/config.ts';
import { descendantCpuSeconds, machineBusySeconds } from '../lib/process-cpu.ts';
import { isSeeded, seedBenchData } from '../lib/seed.ts';
import { passwordOf } from '../lib/session.ts';
import type { BenchContext } from '../lib/types.ts';

export const name = 'command-map';
export const description =
  '/command in headless Chromium with 1k and 20k live units pushed every second: frame time p50/p95/p99, fps, long tasks, heap';
export const options = [
  'BENCH_DATABASE_URL   PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)',
  'BENCH_MAP_UNITS      unit counts to measure, in order (default 0,1000,20000; 0 = the empty map, the floor)',
  'BENCH_MAP_SECONDS    seconds per measured phase (default 20); phases: live (map left alone), pan (mouse drags it)',
  'BENCH_MAP_SHARE      share of the units that get a new position every second (default 0.75)',
  'BENCH_SCALE          demo-data scale when seeding (default 1: 280 units, ≈ 5.8k officers, their equipment)',
  'BENCH_KEEP_DB=1 / BENCH_REUSE_DB=name   as for the other benchmarks',
  'BENCH_MAP_PROFILE=1  also record a CPU profile of the page per phase (bench/results/command-map-<units>-<phase>.cpuprofile)',
  '                     and print the functions with the most self time (metric profile_top)',
  'BENCH_MAP_DISABLE_GPU=1  launch Chromium with --disable-gpu like the e2e harness: software compositing, every',
  '                     WebGL frame read back on the page\'s main thread (default: SwiftShader in the GPU process)',
  'CHROMIUM_PATH        browser (default /usr/bin/chromium); needs the built web app (npm run build -w @cg/web)',
];

const root = fileURLToPath(new URL('../../', import.meta.url));
const WEB_ROOT = path.join(root, 'apps/web/dist');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SPEC: ConfigSpec = { defaultScale: 1, scaleNote: '(280 units, ≈ 5.8k officers)', scenarioNames: [] };
/** Live positions are published in slices, like the gateway's group commits, not as one burst a second. */
const SLICES_PER_SECOND = 10;
const VSYNC_MS = 1000 / 60;
const USER = 'admin';

/** One thing on the map, as the bench moves it. */
interface Unit extends LivePosition {
  heading: number;
}

interface Pools {
  units: number;
  unitPaths: Map<string, string>;
  vehicles: { id: string; plate: string; unitId: string; lat: number; lon: number; terminalId: string | null }[];
  officers: { id: string; name: string; unitId: string; lat: number; lon: number }[];
}

async function loadPools(db: Database): Promise<Pools> {
  const units = await queryRows<{ id: string; path: string }>(db, sql`SELECT id, path FROM units`);
  // Vehicles with their installed 北斗 terminal where there is one (its id is then the source id, as for the gateway).
  const vehicles = await queryRows<Pools['vehicles'][number]>(db, sql`
    SELECT v.id, coalesce(v.attributes->>'plate', v.asset_tag) AS plate, v.unit_id AS "unitId", u.center_lat AS lat,
      u.center_lon AS lon, (SELECT t.id FROM equipment_items t JOIN equipment_categories tc ON tc.id = t.category_id
        AND tc.code = 'beidou_terminal' WHERE t.holder_vehicle_id = v.id ORDER BY t.id LIMIT 1) AS "terminalId"
    FROM equipment_items v JOIN equipment_categories c ON c.id = v.category_id AND c.code = 'vehicle'
    JOIN units u ON u.id = v.unit_id WHERE u.center_lat IS NOT NULL ORDER BY v.asset_tag`);
  const officers = await queryRows<Pools['officers'][number]>(db, sql`
    SELECT o.id, o.name, o.unit_id AS "unitId", u.center_lat AS lat, u.center_lon AS lon
    FROM officers o JOIN units u ON u.id = o.unit_id WHERE u.center_lat IS NOT NULL ORDER BY o.badge_no NULLS LAST, o.id`);
  if (vehicles.length === 0 || officers.length === 0) throw new Error('the database has no vehicles or officers with a located unit');
  return { units: units.length, unitPaths: new Map(units.map((u) => [u.id, u.path])), vehicles, officers };
}

/** A deterministic pseudo-random sequence, so two runs put the same units at the same places. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` units: 60 % vehicles (cycling through the real vehicles; the first use of a vehicle with a terminal takes the
 * terminal's id), 40 % officers (cycling through the real officers). Repeated uses get a fresh source id and a numbered
 * label, so there are as many distinct sources as asked for. Positions scatter up to ~3 km around the unit's centre.
 */
function makeUnits(pools: Pools, count: number): Unit[] {
  const random = rng(20_000);
  const out: Unit[] = [];
  const now = new Date().toISOString();
  const scatter = () => (random() - 0.5) * 0.06;
  for (let k = 0; k < count; k++) {
    const isVehicle = k % 5 < 3;
    if (isVehicle) {
      const n = Math.floor(k / 5) * 3 + (k % 5);
      const v = pools.vehicles[n % pools.vehicles.length];
      const round = Math.floor(n / pools.vehicles.length);
      out.push({
        sourceId: round === 0 && v.terminalId ? v.terminalId : crypto.randomUUID(), sourceKind: 'terminal', unitId: v.unitId,
        unitPath: pools.unitPaths.get(v.unitId) ?? '/', vehicleId: v.id, officerId: null,
        label: round === 0 ? v.plate : `${v.plate}-${round}`, ts: now, lat: v.lat + scatter(), lon: v.lon + scatter(),
        speedKmh: 30, direction: 0, alarm: 0, status: 0, heading: random() * 2 * Math.PI,
      });
    } else {
      const n = Math.floor(k / 5) * 2 + (k % 5) - 3;
      const o = pools.officers[n % pools.officers.length];
      const round = Math.floor(n / pools.officers.length);
      out.push({
        sourceId: round === 0 ? o.id : crypto.randomUUID(), sourceKind: 'officer', unitId: o.unitId,
        unitPath: pools.unitPaths.get(o.unitId) ?? '/', vehicleId: null, officerId: o.id,
        label: round === 0 ? o.name : `${o.name}${round + 1}`, ts: now, lat: o.lat + scatter(), lon: o.lon + scatter(),
        speedKmh: 5, direction: 0, alarm: 0, status: 0, heading: random() * 2 * Math.PI,
      });
    }
  }
  return out;
}

/** Replaces latest_positions with these units (what GET /api/tracking/latest and the first render read). */
async function writeLatest(db: Database, units: Unit[]): Promise<void> {
  await db.transaction(async (tx) => {
    await queryRows(tx, sql`DELETE FROM latest_positions`);
    const p = sql.param;
    for (let i = 0; i < units.length; i += 5000) {
      const chunk = units.slice(i, i + 5000);
      await queryRows(tx, sql`
        INSERT INTO latest_positions (source_id, source_kind, unit_id, vehicle_id, officer_id, label, ts, received_at, lat, lon, speed_kmh, direction)
        SELECT id, kind, unit, vehicle, officer, label, now(), now(), lat, lon, speed, 0
        FROM unnest(${p(chunk.map((u) => u.sourceId))}::uuid[], ${p(chunk.map((u) => u.sourceKind))}::text[],
          ${p(chunk.map((u) => u.unitId))}::uuid[], ${p(chunk.map((u) => u.vehicleId))}::uuid[], ${p(chunk.map((u) => u.officerId))}::uuid[],
          ${p(chunk.map((u) => u.label))}::text[], ${p(chunk.map((u) => u.lat))}::float8[], ${p(chunk.map((u) => u.lon))}::float8[],
          ${p(chunk.map((u) => u.speedKmh))}::real[]) AS t(id, kind, unit, vehicle, officer, label, lat, lon, speed)`);
    }
  });
  await queryRows(db, sql`VACUUM (ANALYZE) latest_positions`);
}

/**
 * Publishes new positions of `share` of the units every second on the bus (SLICES_PER_SECOND slices), each unit moving
 * ~10 m along its heading, turning now and then; a quarter of each slice stands still (speed 0 → 静止). Committed
 * positions reach the bus the same way from the gateway and the field-app API; the database write is left out here.
 */
function startPublisher(bus: PositionBus, units: Unit[], share: number) {
  const random = rng(7);
  const perSlice = Math.max(1, Math.round((units.length * share) / SLICES_PER_SECOND));
  let cursor = 0;
  let published = 0;
  let last: Unit | null = null;
  const timer = setInterval(() => {
    if (units.length === 0) return;
    const ts = new Date().toISOString();
    const batch: LivePosition[] = [];
    for (let i = 0; i < perSlice; i++) {
      const u = units[cursor];
      cursor = (cursor + 1) % units.length;
      if (random() < 0.1) u.heading += (random() - 0.5) * Math.PI;
      const standing = random() < 0.25;
      if (!standing) {
        u.lat += Math.cos(u.heading) * 0.0001;
        u.lon += Math.sin(u.heading) * 0.00012;
      }
      u.speedKmh = standing ? 0 : u.sourceKind === 'terminal' ? 20 + Math.round(random() * 40) : 4 + Math.round(random() * 3);
      u.direction = Math.round(((u.heading * 180) / Math.PI + 360) % 360);
      u.ts = ts;
      const { heading: _heading, ...live } = u;
      batch.push(live);
      last = u;
    }
    bus.publish(batch);
    published += batch.length;
  }, 1000 / SLICES_PER_SECOND);
  return {
    stop: () => clearInterval(timer),
    get published() { return published; },
    get last() { return last ? { sourceId: last.sourceId, lat: last.lat } : null; },
  };
}

// In-page scripts, as strings: the bench's TypeScript has no DOM types, and they run in the page as written.
const START_FRAMES = `(() => {
  const s = { deltas: [], longTasks: [], stop: false, batches0: window.__commandMap ? window.__commandMap.liveBatches : 0 };
  window.__benchFrames = s;
  let last = 0;
  const tick = (t) => { if (s.stop) return; if (last) s.deltas.push(t - last); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  try {
    s.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) s.longTasks.push(e.duration); });
    s.observer.observe({ type: 'longtask' });
  } catch (e) { s.longTaskError = String(e); }
  return true;
})()`;

const STOP_FRAMES = `(() => {
  const s = window.__benchFrames;
  s.stop = true;
  if (s.observer) s.observer.disconnect();
  const m = performance.memory;
  return { deltas: s.deltas, longTasks: s.longTasks, longTaskError: s.longTaskError || null,
    heapUsed: m ? m.usedJSHeapSize : null, heapTotal: m ? m.totalJSHeapSize : null,
    liveBatches: window.__commandMap ? window.__commandMap.liveBatches - s.batches0 : null };
})()`;

/** Resolves once the map's source holds `n` features and two more frames were drawn; times since navigation start. */
const firstRenderScript = (n: number) => `new Promise((resolve, reject) => {
  const deadline = performance.now() + 180000;
  const poll = async () => {
    const hook = window.__commandMap;
    const count = hook ? await hook.sourceFeatureCount() : -1;
    if (count === ${n}) {
      requestAnimationFrame(() => requestAnimationFrame(() => {
        const latest = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/tracking/latest')).pop();
        resolve({ at: performance.now(), latestMs: latest ? latest.duration : null, latestEnd: latest ? latest.responseEnd : null,
          latestBytes: latest ? latest.encodedBodySize : null, latestDecodedBytes: latest ? latest.decodedBodySize : null });
      }));
      return;
    }
    if (performance.now() > deadline) { reject(new Error('the map source holds ' + count + ' features, expected ${n}')); return; }
    setTimeout(poll, 150);
  };
  poll();
})`;

const WEBGL_INFO = `(() => {
  const c = document.createElement('canvas');
  const gl = c.getContext('webgl2') || c.getContext('webgl');
  if (!gl) return { renderer: null, vendor: null };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return { renderer: ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
    vendor: ext ? gl.getParameter(ext.UNMASKED_VENDOR_WEBGL) : gl.getParameter(gl.VENDOR), version: gl.getParameter(gl.VERSION) };
})()`;

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : null;
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

function frameStats(deltas: number[], seconds: number) {
  const sorted = [...deltas].sort((a, b) => a - b);
  // A frame that took k vsync intervals means k − 1 frames were missed.
  let missed = 0;
  for (const d of deltas) missed += Math.max(0, Math.round(d / VSYNC_MS) - 1);
  return {
    frames: deltas.length, fps: round1(deltas.length / seconds),
    frame_p50_ms: round1(percentile(sorted, 50)), frame_p95_ms: round1(percentile(sorted, 95)), frame_p99_ms: round1(percentile(sorted, 99)),
    frame_max_ms: round1(sorted.at(-1) ?? null),
    over_50ms: deltas.filter((d) => d > 50).length,
    dropped_share: deltas.length ? Math.round((missed / (deltas.length + missed)) * 1000) / 1000 : null,
  };
}

/** The user drags the map in circles with the mouse (real input events), so every frame repaints all units. */
async function dragInCircles(page: Page, until: number): Promise<number> {
  const box = await page.getByTestId('command-map').boundingBox();
  if (!box) throw new Error('the map is not visible');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  let moves = 0;
  while (Date.now() < until) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 60 && Date.now() < until; i++) {
      const a = (i / 60) * 2 * Math.PI;
      await page.mouse.move(cx + Math.sin(a) * 120, cy - 120 + Math.cos(a) * 120, { steps: 1 });
      moves += 1;
      await new Promise((r) => setTimeout(r, 16));
    }
    await page.mouse.up();
  }
  return moves;
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** Self time per function (ms), largest first: where the page's main thread went. */
function profileTop(profile: Profile, limit: number): { fn: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const f = node.callFrame;
    const file = f.url ? f.url.slice(f.url.lastIndexOf('/') + 1) : '';
    const key = `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([fn, ms]) => ({ fn, ms: Math.round(ms) }));
}

export async function run(ctx: BenchContext): Promise<void> {
  const cfg = readConfig(ctx.env, SPEC);
  const seconds = numberFrom(ctx.env, 'BENCH_MAP_SECONDS', 20, 2, 600);
  const share = numberFrom(ctx.env, 'BENCH_MAP_SHARE', 0.75, 0.01, 1);
  const counts = (ctx.env.BENCH_MAP_UNITS || '0,1000,20000').split(',').map((x) => Math.round(Number(x.trim())));
  if (counts.some((n) => !Number.isFinite(n) || n < 0 || n > 200_000)) throw new Error(`BENCH_MAP_UNITS must be counts from 0 to 200000, got "${ctx.env.BENCH_MAP_UNITS}"`);
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error(`no built web app in ${WEB_ROOT}: run npm run build -w @cg/web first`);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const profiling = ctx.env.BENCH_MAP_PROFILE === '1';
  const disableGpu = ctx.env.BENCH_MAP_DISABLE_GPU === '1';
  const webBuiltAt = statSync(path.join(WEB_ROOT, 'index.html')).mtime.toISOString();

  await withBenchDatabase(ctx, cfg, { units: counts, seconds_per_phase: seconds, share_per_second: share, web_built_at: webBuiltAt }, async (database) => {
    const pools = await prepareDatabase(ctx, database, {
      isSeeded,
      seed: (db) => seedBenchData(db, { scale: cfg.scale, equipment: true, onProgress: ctx.log }),
      fixtures: (db) => loadPools(db),
    });
    ctx.log(`${pools.vehicles.length} vehicles and ${pools.officers.length} officers with a located unit to place`);
    const all = makeUnits(pools, Math.max(0, ...counts));

    const handle = await openDatabase({ url: database.url, poolSize: 10 });
    const bus = new PositionBus();
    // The app in this process (as `npm start` runs the gateway in the server's process), so the bench can publish on
    // its position bus; the browser is a separate process tree and measured on its own.
    const app = await buildApp({ database: handle, webRoot: WEB_ROOT, positionBus: bus, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    ctx.log(`app at ${baseUrl}`);
    let browser: Browser | null = null;
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        // The harness's switches (e2e/src/harness.ts) except --disable-gpu unless asked for, plus exact heap figures.
        args: ['--no-sandbox', ...(disableGpu ? ['--disable-gpu'] : []), '--disable-quic', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--enable-precise-memory-info'],
      });
      const version = browser.version();

      for (const n of counts) {
        if (ctx.signal.aborted) break;
        const units = all.slice(0, n);
        ctx.log(`${n} units: writing latest_positions…`);
        await writeLatest(handle.db, units);
        const inScope = await queryOne<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM latest_positions`);

        const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
        try {
          const res = await context.request.post('/api/auth/login', { data: { username: USER, password: passwordOf(USER) } });
          if (res.status() !== 200) throw new Error(`login as ${USER} answered ${res.status()}: ${(await res.text()).slice(0, 200)}`);
          const page = await context.newPage();
          const errors: string[] = [];
          page.on('pageerror', (e) => errors.push(e.message));
          if (n === counts[0]) {
            const gl = await page.evaluate(WEBGL_INFO) as Record<string, unknown>;
            ctx.emit({
              metric: 'browser', chromium: version, headless: true, disable_gpu: disableGpu,
              gl: disableGpu
                ? 'software: SwiftShader, software compositing (the page reads each WebGL frame back on its main thread)'
                : 'software: SwiftShader in the GPU process (no GPU on this machine), GPU compositing',
              ...gl,
            });
          }

          // Time to first render: navigation → the source holds every unit and two frames were drawn. Nothing is
          // published meanwhile, so the count is exact.
          ctx.log(`${n} units: opening /command…`);
          await page.goto('/command');
          if (n === 0) {
            // The empty map: nothing to count; the floor of what a frame costs here.
            await page.locator('.maplibregl-canvas').waitFor();
            await page.waitForTimeout(2000);
          } else {
            const first = await page.evaluate(firstRenderScript(n)) as { at: number; latestMs: number | null; latestEnd: number | null; latestBytes: number | null; latestDecodedBytes: number | null };
            ctx.emit({
              metric: 'first_render', units: n, latest_positions_rows: inScope?.n ?? null,
              ms: Math.round(first.at), latest_api_ms: round1(first.latestMs), latest_api_done_ms: round1(first.latestEnd),
              latest_api_gzip_kb: first.latestBytes === null ? null : Math.round(first.latestBytes / 1024),
              latest_api_json_kb: first.latestDecodedBytes === null ? null : Math.round(first.latestDecodedBytes / 1024),
            });
          }

          const publisher = startPublisher(bus, units, share);
          try {
            await new Promise((r) => setTimeout(r, 3000)); // the stream's first batches, then measure
            for (const phase of ['live', 'pan'] as const) {
              if (ctx.signal.aborted) break;
              ctx.log(`${n} units: ${phase} for ${seconds} s…`);
              const published0 = publisher.published;
              const load0 = os.loadavg()[0];
              const browser0 = descendantCpuSeconds(process.pid, /chrom/i);
              const app0 = process.cpuUsage();
              const machine0 = machineBusySeconds();
              const t0 = performance.now();
              const cdp = profiling ? await page.context().newCDPSession(page) : null;
              if (cdp) {
                await cdp.send('Profiler.enable');
                await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
                await cdp.send('Profiler.start');
              }
              const view = await page.evaluate(`(() => { const h = window.__commandMap; const v = h && h.renderedView ? h.renderedView() : null;
                return v ? { zoom: Math.round(v.zoom * 10) / 10, clusters: v.clusters.length, clustered_units: v.clusters.reduce((a, c) => a + c.count, 0), units: v.units } : null; })()`);
              await page.evaluate(START_FRAMES);
              let moves = 0;
              if (phase === 'pan') moves = await dragInCircles(page, Date.now() + seconds * 1000);
              else await new Promise((r) => setTimeout(r, seconds * 1000));
              const got = await page.evaluate(STOP_FRAMES) as {
                deltas: number[]; longTasks: number[]; longTaskError: string | null; heapUsed: number | null; heapTotal: number | null; liveBatches: number | null;
              };
              const wall = (performance.now() - t0) / 1000;
              if (cdp) {
                const { profile } = await cdp.send('Profiler.stop') as unknown as { profile: Profile };
                await cdp.detach();
                const resultsDir = path.join(root, 'bench/results');
                mkdirSync(resultsDir, { recursive: true });
                const file = path.join(resultsDir, `command-map-${n}-${phase}.cpuprofile`);
                writeFileSync(file, JSON.stringify(profile));
                ctx.emit({ metric: 'profile_top', units: n, phase, file: path.relative(root, file), top: profileTop(profile, 15) });
              }
              const browser1 = descendantCpuSeconds(process.pid, /chrom/i);
              const app1 = process.cpuUsage(app0);
              const machine1 = machineBusySeconds();
              const pct = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round(((b - a) / wall) * 100));
              // The newest published position must be in the page by now (the stream carried it).
              const lastSent = publisher.last;
              await new Promise((r) => setTimeout(r, 1500));
              const lastSeen = lastSent
                ? await page.evaluate(`window.__commandMap ? (window.__commandMap.position(${JSON.stringify(lastSent.sourceId)}) || {}).lat : null`)
                : null;
              const longTotal = got.longTasks.reduce((a, b) => a + b, 0);
              ctx.emit({
                metric: 'map_frames', units: n, phase, seconds: Math.round(wall * 10) / 10, view,
                ...frameStats(got.deltas, wall),
                long_tasks: got.longTasks.length, long_task_total_ms: Math.round(longTotal),
                long_task_share: Math.round((longTotal / (wall * 1000)) * 1000) / 1000,
                long_task_max_ms: got.longTasks.length ? Math.round(Math.max(...got.longTasks)) : 0,
                ...(got.longTaskError ? { long_task_error: got.longTaskError } : {}),
                js_heap_mb: got.heapUsed === null ? null : Math.round(got.heapUsed / 2 ** 20),
                js_heap_total_mb: got.heapTotal === null ? null : Math.round(got.heapTotal / 2 ** 20),
                updates_per_s: Math.round((publisher.published - published0) / wall),
                stream_batches: got.liveBatches,
                // The stream carries coordinates to 1e-6 degrees (~0.1 m).
                last_update_delivered: lastSent ? typeof lastSeen === 'number' && Math.abs(lastSeen - lastSent.lat) <= 5e-7 : null,
                mouse_moves: phase === 'pan' ? moves : undefined,
                cpu_browser_pct: pct(browser0, browser1),
                cpu_app_pct: Math.round(((app1.user + app1.system) / 1e6 / wall) * 100),
                cpu_machine_pct: pct(machine0, machine1),
                load_avg_1m: [Math.round(load0 * 100) / 100, Math.round(os.loadavg()[0] * 100) / 100],
                page_errors: errors.length ? errors.slice(0, 3) : undefined,
              });
            }
          } finally {
            publisher.stop();
          }
        } finally {
          await context.close();
        }
      }
    } finally {
      await browser?.close();
      await app.close();
      await handle.close();
    }
  });
}
