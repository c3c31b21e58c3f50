// Runs the complaints benchmark on its own: `npx tsx bench/complaints/run.ts` (from the repository root or bench/).
// Figures go to stdout as JSON lines and to bench/results/<time>-complaints.jsonl, progress to stderr — as the shared
// runner (bench/run.ts) does for benchmarks/*.bench.ts. Ctrl-C stops after the current step and cleans up.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchContext, BenchRecord } from '../lib/types.ts';
import * as bench from './complaints.bench.ts';

const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');
const log = (message: string) => process.stderr.write(`${message}\n`);

async function main(): Promise<number> {
  if (process.argv.includes('-h') || process.argv.includes('--help')) {
    console.log([`Usage: npx tsx bench/complaints/run.ts`, '', bench.description, '', ...(bench.options ?? []).map((o) => `  ${o}`)].join('\n'));
    return 0;
  }
  const startedAt = new Date();
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}-complaints.jsonl`);
  const write = (line: Record<string, unknown>) => {
    const text = JSON.stringify(line);
    process.stdout.write(`${text}\n`);
    appendFileSync(file, `${text}\n`);
  };
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(130);
    log('Ctrl-C: stopping after the current step and cleaning up (Ctrl-C again to exit at once)…');
    controller.abort();
  });
  const cpus = os.cpus();
  write({
    bench: 'runner', metric: 'environment', at: startedAt.toISOString(), node: process.version, platform: `${os.platform()} ${os.release()}`,
    cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? null, memoryGb: Math.round(os.totalmem() / 2 ** 30), loadavg: os.loadavg(),
    benchmarks: [bench.name],
  });
  log(`Results: ${path.relative(process.cwd(), file)}`);
  const ctx: BenchContext = {
    emit: (record: BenchRecord) => write({ bench: bench.name, ...record }),
    log: (message) => log(`[${bench.name}] ${message}`),
    signal: controller.signal,
    env: process.env,
  };
  try {
    await bench.run(ctx);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`${bench.name}: FAILED — ${message}`);
    if (err instanceof Error && err.stack && process.env.BENCH_DEBUG) log(err.stack);
    write({ bench: bench.name, metric: 'failed', error: message });
    return 1;
  }
  return controller.signal.aborted ? 130 : 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  log(`complaints bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
