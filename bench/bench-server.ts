/** What the loopback benches share: a real server on a temp SQLite file, bench agents, client worker threads. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { hashPassword } from '../server/auth/index.ts';
import { parseConfig, startServer, type RunningServer, type ServerConfig } from '../server/index.ts';
import { BENCH_LIMITS } from './spawn-server.ts';

export const BENCH_PASSWORD = 'bench';

/** `n` agents `agent0`..`agent{n-1}` sharing one password, hashed once at a low scrypt cost (logins stay cheap). */
export async function benchAgents(n: number, capacity: number): Promise<ServerConfig['agents']> {
  const passwordHash = await hashPassword(BENCH_PASSWORD, { N: 1024, r: 8, p: 1 });
  return Array.from({ length: n }, (_, i) => ({ id: `agent${i}`, username: `agent${i}`, name: `Agent ${i}`, skills: [], capacity, passwordHash, role: 'agent' as const }));
}

/** The repository's config with a temp data file, loopback, an ephemeral port, and `overrides`. */
export function benchConfig(overrides: Record<string, unknown>): ServerConfig {
  const base = JSON.parse(readFileSync('config/switchboard.json', 'utf8'));
  return parseConfig({
    ...base,
    port: 0,
    host: '127.0.0.1',
    dataFile: join(mkdtempSync(join(tmpdir(), 'switchboard-bench-')), 'bench.db'),
    ...BENCH_LIMITS,
    ...overrides,
  });
}

/** Starts the server through its public entry, in this process, silent. */
export function startBenchServer(overrides: Record<string, unknown>): Promise<RunningServer> {
  return startServer(benchConfig(overrides), () => {});
}

/**
 * Runs a bench client module in a worker thread (its own event loop, so the clients do not take
 * the server's) and resolves with the one message it posts; rejects on error or early exit.
 */
export function runClientWorker<T>(module: URL, workerData: unknown): Promise<T> {
  // The worker loads TypeScript through tsx's loader, registered inside the worker.
  const entry = JSON.stringify(module.href);
  const worker = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); })`, { eval: true, workerData });
  return new Promise<T>((resolve, reject) => {
    worker.once('message', (result: T) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`${module.pathname} exited (${code}) before it reported`)));
  });
}
