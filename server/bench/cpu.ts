// CPU time per process family, read from /proc (Linux), so a bench can report CPU per operation —
// a figure that stays meaningful on a noisy shared box where wall-clock throughput does not.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const tick_ms = 1000 / 100; // USER_HZ is 100 on Linux

/** utime + stime of one process, in ms (0 if it is gone or /proc is missing). */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * tick_ms;
  } catch {
    return 0;
  }
}

/** CPU of a process and all its live children (e.g. a postmaster and its backends), in ms. */
export function treeCpuMs(root: number): number {
  const children = new Map<number, number[]>();
  let pids: number[] = [];
  try {
    pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(pid);
      children.set(ppid, list);
    } catch {
      // exited meanwhile
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    total += processCpuMs(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Whole-machine busy CPU time (all cores, everything running), in ms. */
export function machineBusyMs(): number {
  return os.cpus().reduce((s, c) => s + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
}
