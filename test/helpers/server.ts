/** Starts a real server on an ephemeral loopback port with a temporary SQLite file. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { parseConfig, startServer, type RunningServer, type ServerConfig } from '../../server/index.ts';
import { WireConnection } from '../../protocol/index.ts';

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  const base = JSON.parse(readFileSync(new URL('../../config/switchboard.json', import.meta.url), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-'));
  return parseConfig({ ...base, port: 0, host: '127.0.0.1', dataFile: join(dir, 'test.db'), ...overrides });
}

export async function startTestServer(config = testConfig()): Promise<RunningServer & { config: ServerConfig }> {
  const running = await startServer(config, () => {});
  return { ...running, config };
}

export async function connect(server: { port: number }): Promise<WireConnection> {
  const conn = new WireConnection(`ws://127.0.0.1:${server.port}/ws`, {
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    requestTimeoutMs: 5_000,
    nextRetryDelayMs: () => null,
  });
  await conn.open();
  return conn;
}

/** Resolves with the next event of `topic` (optionally matching `where`). */
export function nextEvent<T = any>(conn: WireConnection, topic: string, where: (data: T) => boolean = () => true, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${topic} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = conn.events.on('event', (event) => {
      if (event.topic === topic && where(event.data as T)) {
        clearTimeout(timer);
        off();
        resolve(event.data as T);
      }
    });
  });
}
