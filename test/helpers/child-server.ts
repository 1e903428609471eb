/**
 * A real server in a child process (`node --import tsx server/main.ts`), for fault tests that kill
 * it, starve it or flood it: its own config file and SQLite file, its port read from the
 * `SWITCHBOARD_PORT=` line, its memory read from /proc. Children still running when the test
 * process exits are killed.
 */
import { withCheapPasswords } from './test-agents.mjs';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 20_000;
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface ServerFiles {
  dir: string;
  configFile: string;
  dataFile: string;
}

/** A temporary directory with the demo config (top-level keys replaced by `overrides`) and a data file path. */
export function serverFiles(overrides: Record<string, unknown> = {}, edit: (config: any) => void = () => {}): ServerFiles {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-fault-'));
  const base = JSON.parse(readFileSync(join(ROOT, 'config/switchboard.json'), 'utf8'));
  // Cheap password hashes: the production scrypt cost (128 MiB per check) is not what these tests measure.
  const config = { ...base, agents: withCheapPasswords(base.agents), ...overrides };
  edit(config);
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  return { dir, configFile, dataFile: join(dir, 'switchboard.db') };
}

/** A loopback port that was free a moment ago (for a server restarted on the same port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ChildServer {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  readonly wsUrl: string;
  /** When the server printed its port (performance.now()). */
  readonly readyAt: number;
  /** Resolves when the process is gone, with how it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  alive(): boolean;
  /** Resident memory of the server process, in MiB (from /proc/<pid>/status VmRSS). */
  rssMb(): number;
  /** Kills it with `signal` (SIGKILL by default) and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the server on `port` (0 for any) with the given files; resolves once it listens. */
export function spawnServer(files: ServerFiles, port = 0): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, SB_CONFIG: files.configFile, SB_DATA_FILE: files.dataFile, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  child.stderr!.on('data', (chunk) => (out += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${out}`));
    }, START_TIMEOUT_MS);
    let started = false;
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /SWITCHBOARD_PORT=(\d+)\n/.exec(out);
      if (!match || started) return;
      started = true;
      clearTimeout(timer);
      const listening = Number(match[1]);
      const server: ChildServer = {
        child,
        pid: child.pid!,
        port: listening,
        wsUrl: `ws://127.0.0.1:${listening}/ws`,
        readyAt: performance.now(),
        exited,
        output: () => out,
        alive: () => child.exitCode === null && child.signalCode === null,
        rssMb: () => rssMb(child.pid!),
        async kill(signal = 'SIGKILL') {
          if (server.alive()) child.kill(signal);
          await exited;
        },
      };
      resolve(server);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
}

/** VmRSS of a process in MiB; NaN when it is gone. */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}
