// Closed-loop HTTP load with autocannon: N keep-alive connections, each sending its next request as soon as the
// previous one is answered, cycling through a list of paths (each connection starts at a different one).
// Latency percentiles are computed exactly from every 2xx response time (autocannon's own summary has no p95).
import autocannon from 'autocannon';

export interface LoadRequest {
  path: string;
  /** Added to the common headers (e.g. another user's authorization). */
  headers?: Record<string, string>;
}

export interface LoadOptions {
  baseUrl: string;
  requests: LoadRequest[];
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export interface LoadResult {
  /** Responses received (any status). */
  requests: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  durationSeconds: number;
  /** Completed 2xx responses per second of the run. */
  rps: number;
  /** Over 2xx responses, in milliseconds. */
  latency: { p50: number; p90: number; p95: number; p99: number; mean: number; min: number; max: number };
  bytesPerSecond: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const requests = options.requests.map((r) => ({
    method: 'GET' as const, path: r.path, ...(r.headers ? { headers: { ...options.headers, ...r.headers } } : {}),
  }));
  let nextOffset = 0;
  const latencies: number[] = [];
  let bytes = 0;
  let answered = 0;

  let settle: (err: Error | null, result: autocannon.Result) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    settle = (err, result) => (err ? reject(err) : resolve(result));
  });
  const instance = autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: options.headers,
    requests,
    timeout: 30,
    // Rotate the list per connection so the 50 connections do not all hit the same URL at the same moment.
    setupClient: (client) => {
      const k = nextOffset++ % requests.length;
      client.setRequests([...requests.slice(k), ...requests.slice(0, k)]);
    },
  }, (err, result) => settle(err, result));
  instance.on('response', (_client, statusCode, resBytes, responseTime) => {
    answered += 1;
    if (statusCode >= 200 && statusCode < 300) {
      latencies.push(responseTime);
      bytes += resBytes;
    }
  });
  let seconds = 0;
  instance.on('tick', () => {
    seconds += 1;
    if (options.onProgress && seconds % 5 === 0) options.onProgress(`${seconds} s, ${answered} responses`);
  });
  const onAbort = () => instance.stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const result = await finished.finally(() => options.signal?.removeEventListener('abort', onAbort));

  const sorted = Float64Array.from(latencies).sort();
  const durationSeconds = (result.finish.getTime() - result.start.getTime()) / 1000 || result.duration;
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  const mean = latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : NaN;
  return {
    requests: answered,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    durationSeconds: round(durationSeconds, 2),
    rps: round(latencies.length / durationSeconds),
    latency: {
      p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)), mean: round(mean), min: round(sorted[0] ?? NaN), max: round(sorted[sorted.length - 1] ?? NaN),
    },
    bytesPerSecond: Math.round(bytes / durationSeconds),
  };
}
