// Where the CPU went during a measurement (Linux /proc; elsewhere only the runner's own figure).
// Percentages are of one core: on a 2-core machine the machine total can reach 200.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const hasProc = existsSync('/proc/stat');

let ticksPerSecond = 100;
if (hasProc) {
  try {
    ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()) || 100;
  } catch { /* keep 100 */ }
}

/** Busy CPU seconds of the whole machine (all cores), or null without /proc. */
function machineBusySeconds(): number | null {
  if (!hasProc) return null;
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]; // cpu  user nice system idle iowait irq softirq steal ...
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = v[3] + v[4];
  return (total - idle) / ticksPerSecond;
}

/**
 * CPU seconds used so far by all processes called `postgres`: the live ones (server, backends, background workers)
 * plus, through the postmaster's cutime/cstime, children that have already exited (e.g. parallel query workers).
 */
function postgresSeconds(): number | null {
  if (!hasProc) return null;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      if (comm !== 'postgres') continue;
      // fields[0] is field 3 (state); utime = 14, stime = 15, cutime = 16, cstime = 17 (see proc(5)).
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch { /* the process ended meanwhile */ }
  }
  return ticks / ticksPerSecond;
}

export interface CpuSnapshot {
  at: number;
  machine: number | null;
  postgres: number | null;
  loadgen: number;
  server: number;
}

export async function cpuSnapshot(serverCpuMicros: () => Promise<number>): Promise<CpuSnapshot> {
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    machine: machineBusySeconds(),
    postgres: postgresSeconds(),
    loadgen: (own.user + own.system) / 1e6,
    server: (await serverCpuMicros()) / 1e6,
  };
}

/** CPU use between two snapshots, as % of one core. `other` = machine − server − loadgen − postgres. */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): Record<string, number | null> {
  const wall = (b.at - a.at) / 1000;
  const pct = (x: number | null, y: number | null) => (x === null || y === null ? null : Math.round(((y - x) / wall) * 100));
  const machine = pct(a.machine, b.machine);
  const server = pct(a.server, b.server);
  const loadgen = pct(a.loadgen, b.loadgen);
  const postgres = pct(a.postgres, b.postgres);
  const other = machine === null || server === null || loadgen === null || postgres === null
    ? null : Math.max(0, machine - server - loadgen - postgres);
  return { cpu_server_pct: server, cpu_postgres_pct: postgres, cpu_loadgen_pct: loadgen, cpu_other_pct: other, cpu_machine_pct: machine };
}
