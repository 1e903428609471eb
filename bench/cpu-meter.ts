/**
 * Where a bench's CPU goes (Linux /proc): the CPU time of a process tree, grouped by a label per
 * process, between `cpuMeter()` and the call of the function it returns, as cores used on
 * average (1 = one core busy all along); `machine` is the whole box (other work included).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ on Linux

interface Proc {
  pid: number;
  ppid: number;
  ticks: number;
}

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // gone
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** The processes of the trees rooted at `roots`, each labelled by `label(cmdline)`. */
function snapshot(roots: Record<string, number>, label: (root: string, cmdline: string) => string): Map<number, { label: string; ticks: number }> {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readProc(Number(d)))
    .filter((p): p is Proc => p !== null);
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out = new Map<number, { label: string; ticks: number }>();
  const rootPids = new Set(Object.values(roots));
  for (const [root, pid] of Object.entries(roots)) {
    const self = all.find((p) => p.pid === pid);
    const stack = self ? [self] : [];
    while (stack.length) {
      const p = stack.pop()!;
      out.set(p.pid, { label: label(root, cmdline(p.pid)), ticks: p.ticks });
      // Another root's tree (a child process measured on its own) is not this one's.
      stack.push(...(children.get(p.pid) ?? []).filter((c) => !rootPids.has(c.pid)));
    }
  }
  return out;
}

const machineTicks = () => {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return { busy: fields.reduce((a, b) => a + b, 0) - fields[3] - fields[4], at: performance.now() };
};

/** Chromium's processes by their --type (a renderer, the GPU process, the network service, the browser). */
export const chromiumLabel = (root: string, cmd: string) => {
  const type = /--type=(\S+)/.exec(cmd)?.[1];
  const service = /--utility-sub-type=(\S+)/.exec(cmd)?.[1];
  return type ? `${root}:${service ? service.split('.').at(-1) : type}` : root;
};

export function cpuMeter(roots: Record<string, number>, label: (root: string, cmdline: string) => string = (root) => root): () => Record<string, number> {
  const before = snapshot(roots, label);
  const m0 = machineTicks();
  return () => {
    const after = snapshot(roots, label);
    const m1 = machineTicks();
    const seconds = (m1.at - m0.at) / 1000;
    const used: Record<string, number> = {};
    for (const [pid, p] of after) used[p.label] = (used[p.label] ?? 0) + p.ticks - (before.get(pid)?.ticks ?? 0);
    const cores = (ticks: number) => Number((ticks / TICKS_PER_S / seconds).toFixed(2));
    return { ...Object.fromEntries(Object.entries(used).map(([k, v]) => [k, cores(v)])), machine: cores(m1.busy - m0.busy) };
  };
}
