// CPU seconds of a process and all its descendants (Linux /proc), e.g. the headless Chromium a benchmark launched:
// its browser, GPU (SwiftShader) and renderer processes are children of the runner, other sessions' browsers are not.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const hasProc = existsSync('/proc/stat');
let ticksPerSecond = 100;
if (hasProc) {
  try {
    ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()) || 100;
  } catch { /* keep 100 */ }
}

interface ProcStat { pid: number; ppid: number; comm: string; seconds: number }

function readAll(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      // After the comm: state(3) ppid(4) … utime(14) stime(15), see proc(5).
      const fields = stat.slice(close + 2).split(' ');
      out.push({ pid: Number(entry), ppid: Number(fields[1]), comm, seconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond });
    } catch { /* ended meanwhile */ }
  }
  return out;
}

/**
 * CPU seconds so far of the descendants of `root` whose command name matches `name` (live processes only: a renderer
 * that exited takes its time with it, so keep the browser open across the measured interval). Null without /proc.
 */
export function descendantCpuSeconds(root: number, name: RegExp): number | null {
  if (!hasProc) return null;
  const all = readAll();
  const children = new Map<number, ProcStat[]>();
  for (const p of all) {
    const list = children.get(p.ppid) ?? [];
    list.push(p);
    children.set(p.ppid, list);
  }
  let total = 0;
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    if (name.test(p.comm)) total += p.seconds;
    stack.push(...(children.get(p.pid) ?? []));
  }
  return total;
}

/** Busy CPU seconds of the whole machine (all cores), or null without /proc. */
export function machineBusySeconds(): number | null {
  if (!hasProc) return null;
  const v = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (v.slice(0, 8).reduce((a, b) => a + b, 0) - v[3] - v[4]) / ticksPerSecond;
}
