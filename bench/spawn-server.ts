/**
 * A real server in its own process (bench/server-process.ts: `npm start` without log lines) with a bench config
 * file and a temp SQLite file: the benches' clients then never share its event loop, its memory
 * can be read from /proc, and a run that overstays its budget can be cut short.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const START_TIMEOUT_MS = 30_000;

/**
 * The benches drive thousands of sockets and requests from one loopback address, as no single
 * client may: the per-address connection cap and the per-connection request rate are lifted.
 */
export const BENCH_LIMITS = { connectionsPerIp: 1_000_000, requestsPerSecond: 1_000_000, requestBurst: 0 };

export interface SpawnedServer {
  port: number;
  pid: number;
  /** The server's resident memory now, in MiB (VmRSS of /proc/<pid>/status). */
  rssMb(): number;
  /** The server's event-loop delay (ms) since the last call: how long it held what came in, its disk waits included. */
  loopDelay(): Promise<{ p50: number; p99: number; max: number }>;
  /** SIGTERM, or SIGKILL when it is busy (a routing pass can hold it for minutes). */
  stop(): Promise<void>;
}

/** Starts `server/main.ts` with the repository's config plus `overrides`; resolves once it listens. */
export function spawnServer(overrides: Record<string, unknown> = {}): Promise<SpawnedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const configFile = join(dir, 'switchboard.json');
  const base = JSON.parse(readFileSync('config/switchboard.json', 'utf8'));
  writeFileSync(configFile, JSON.stringify({ ...base, ...BENCH_LIMITS, ...overrides }));
  const env = { ...process.env, SB_CONFIG: configFile, SB_DATA_FILE: join(dir, 'bench.db'), PORT: '0', HOST: '127.0.0.1' };
  // SB_BENCH_PROF=<dir> writes the server's CPU profile there (to see where a figure's time goes).
  const child = spawn(process.execPath, [...(process.env.SB_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.SB_BENCH_PROF] : []), '--import', 'tsx', 'bench/server-process.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${START_TIMEOUT_MS} ms:\n${out}`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it listened:\n${out}`));
    };
    child.on('exit', onExit);
    child.stderr!.on('data', (chunk) => (out = (out + chunk).slice(-10_000)));
    const delays: ((line: string) => void)[] = [];
    let rest = '';
    child.stdout!.on('data', (chunk) => {
      if (started) {
        // From here on its log is drained and dropped, but for the loop delays asked for (whole lines only).
        const lines = (rest + chunk).split('\n');
        rest = lines.pop()!.slice(-1_000);
        for (const line of lines) {
          const delay = /^SWITCHBOARD_LOOP_DELAY=(\{.*\})$/.exec(line);
          if (delay) delays.shift()?.(delay[1]);
        }
        return;
      }
      out += chunk;
      const match = /SWITCHBOARD_PORT=(\d+)/.exec(out);
      if (!match) return;
      started = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      const loopDelay = () =>
        new Promise<{ p50: number; p99: number; max: number }>((done) => {
          delays.push((line) => done(JSON.parse(line)));
          child.kill('SIGUSR2');
        });
      resolve({ port: Number(match[1]), pid: child.pid!, rssMb: () => rssMb(child.pid!), loopDelay, stop: () => stop(child) });
    });
  });
}

function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 2_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
