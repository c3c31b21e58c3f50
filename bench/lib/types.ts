// The contract between the runner (run.ts) and a benchmark module (benchmarks/*.bench.ts).

/** One figure, printed as one line of JSON. The runner adds `bench` (the benchmark's name) in front. */
export type BenchRecord = { metric: string } & Record<string, unknown>;

export interface BenchContext {
  /** Prints the record as a JSON line on stdout and appends it to the results file. */
  emit(record: BenchRecord): void;
  /** Human progress, on stderr. */
  log(message: string): void;
  /** Aborted on Ctrl-C: finish the current step, clean up, return. */
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
}

/** What a `benchmarks/*.bench.ts` module exports. */
export interface Benchmark {
  name: string;
  description: string;
  /** Extra lines for `--help` (environment variables the benchmark reads). */
  options?: string[];
  run(ctx: BenchContext): Promise<void>;
}
