// Benchmark runner: `npm run bench [-- <name>...]`. Figures go to stdout as JSON lines (and to results/<time>.jsonl),
// human progress to stderr. It measures and prints; it never asserts a timing.
import { appendFileSync, mkdirSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchContext, BenchRecord, Benchmark } from './lib/types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const benchmarksDir = path.join(here, 'benchmarks');
const resultsDir = path.join(here, 'results');

const log = (message: string) => process.stderr.write(`${message}\n`);

async function loadBenchmarks(): Promise<Benchmark[]> {
  const files = readdirSync(benchmarksDir).filter((f) => f.endsWith('.bench.ts')).sort();
  const found: Benchmark[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(benchmarksDir, file)).href)) as Partial<Benchmark>;
    if (typeof mod.name !== 'string' || typeof mod.description !== 'string' || typeof mod.run !== 'function') {
      throw new Error(`benchmarks/${file} must export name, description and run(ctx)`);
    }
    found.push({ name: mod.name, description: mod.description, options: mod.options, run: mod.run });
  }
  return found;
}

function usage(benchmarks: Benchmark[]): string {
  const lines = [
    'Usage: npm run bench [-- <benchmark>...]      (in bench/: npx tsx run.ts [<benchmark>...])',
    '',
    'Runs the named benchmarks (all when none is named). Each figure is printed as one JSON line on stdout',
    'and appended to bench/results/<timestamp>.jsonl; progress goes to stderr. Nothing is asserted.',
    '',
    'Options:',
    '  -h, --help    this text',
    '  --list        names of the benchmarks, one per line',
    '',
    'Benchmarks:',
  ];
  for (const b of benchmarks) {
    lines.push(`  ${b.name}`, `      ${b.description}`);
    for (const o of b.options ?? []) lines.push(`      ${o}`);
  }
  lines.push('', 'Example: BENCH_DURATION=5 npm run bench -- personnel-list > out.jsonl');
  return lines.join('\n');
}

function gitRevision(): string | null {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    // Uncommitted changes get a fingerprint of the diff, so two runs on different working trees can be told apart.
    const diff = execFileSync('git', ['diff', 'HEAD'], { cwd: here, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 2 ** 20 });
    const untracked = execFileSync('git', ['ls-files', '--others', '--exclude-standard'], { cwd: here, stdio: ['ignore', 'pipe', 'ignore'] });
    if (diff.length === 0 && untracked.length === 0) return rev;
    return `${rev}+dirty.${createHash('sha1').update(diff).update(untracked).digest('hex').slice(0, 8)}`;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const benchmarks = await loadBenchmarks();
  if (args.includes('-h') || args.includes('--help')) {
    console.log(usage(benchmarks));
    return 0;
  }
  if (args.includes('--list')) {
    for (const b of benchmarks) console.log(b.name);
    return 0;
  }
  const unknownFlag = args.find((a) => a.startsWith('-'));
  if (unknownFlag) {
    log(`Unknown option ${unknownFlag}\n\n${usage(benchmarks)}`);
    return 2;
  }
  const unknown = args.filter((a) => !benchmarks.some((b) => b.name === a));
  if (unknown.length) {
    log(`Unknown benchmark: ${unknown.join(', ')}. Available: ${benchmarks.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const selected = args.length ? benchmarks.filter((b) => args.includes(b.name)) : benchmarks;

  const startedAt = new Date();
  mkdirSync(resultsDir, { recursive: true });
  const resultsFile = path.join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.jsonl`);
  const write = (line: Record<string, unknown>) => {
    const text = JSON.stringify(line);
    process.stdout.write(`${text}\n`);
    appendFileSync(resultsFile, `${text}\n`);
  };

  const controller = new AbortController();
  let firstInterrupt = 0;
  process.on('SIGINT', () => {
    // A terminal's Ctrl-C reaches this process directly and once more relayed by tsx / npm: one press, one signal.
    if (firstInterrupt && Date.now() - firstInterrupt < 1500) return;
    if (controller.signal.aborted) {
      log('Second Ctrl-C: exiting without clean-up.');
      process.exit(130);
    }
    firstInterrupt = Date.now();
    log('Ctrl-C: stopping after the current step and cleaning up (Ctrl-C again to exit at once)…');
    controller.abort();
  });

  const cpus = os.cpus();
  write({
    bench: 'runner', metric: 'environment', at: startedAt.toISOString(), node: process.version, platform: `${os.platform()} ${os.release()}`,
    cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? null, memoryGb: Math.round(os.totalmem() / 2 ** 30), git: gitRevision(),
    benchmarks: selected.map((b) => b.name),
  });
  log(`Results: ${path.relative(process.cwd(), resultsFile)}`);

  let failures = 0;
  for (const b of selected) {
    if (controller.signal.aborted) break;
    log(`\n=== ${b.name}: ${b.description}`);
    const ctx: BenchContext = {
      emit: (record: BenchRecord) => write({ bench: b.name, ...record }),
      log: (message) => log(`[${b.name}] ${message}`),
      signal: controller.signal,
      env: process.env,
    };
    const t0 = Date.now();
    try {
      await b.run(ctx);
      log(`=== ${b.name}: ${controller.signal.aborted ? 'interrupted' : 'done'} after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    } catch (err) {
      failures += 1;
      const message = err instanceof Error ? err.message : String(err);
      log(`=== ${b.name}: FAILED — ${message}`);
      if (err instanceof Error && err.stack && process.env.BENCH_DEBUG) log(err.stack);
      write({ bench: b.name, metric: 'failed', error: message });
    }
  }
  return failures ? 1 : controller.signal.aborted ? 130 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`bench runner: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exit(1);
  },
);
