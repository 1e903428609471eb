/** Starts a real server on an ephemeral loopback port with a temporary SQLite file. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { parseConfig, startServer, type RunningServer, type ServerConfig, type ServerParts } from '../../server/index.ts';
import { WireConnection } from '../../protocol/index.ts';
import { withCheapPasswords } from './test-agents.mjs';

/**
 * Tests send requests in tight loops, far faster than a client may (50 a second): the
 * per-connection request rate is lifted here; test/unit/server/gateway-limits.test.ts sets its own.
 */
const TEST_REQUESTS_PER_SECOND = 1_000_000;

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  const base = JSON.parse(readFileSync(new URL('../../config/switchboard.json', import.meta.url), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-'));
  return parseConfig({
    ...base,
    agents: withCheapPasswords(base.agents),
    port: 0,
    host: '127.0.0.1',
    dataFile: join(dir, 'test.db'),
    requestsPerSecond: TEST_REQUESTS_PER_SECOND,
    ...overrides,
  });
}

export async function startTestServer(config = testConfig(), parts: ServerParts = {}): Promise<RunningServer & { config: ServerConfig }> {
  const running = await startServer(config, () => {}, parts);
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

/** Queues with short timers for routing tests. */
export function routingConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  const base = testConfig();
  return {
    ...base,
    abandonAfterSeconds: 0.4,
    queues: [
      { id: 'default', name: 'Customer Service', skills: [], priority: 0, mode: 'direct', algorithm: 'longest-idle', assignTimeout: 0.4, assignMaxAttempts: 3, maxWaitSeconds: 0, broadcastSize: 0, requireDisposition: false },
      { id: 'sales', name: 'Sales', skills: ['sales'], priority: 5, mode: 'broadcast', algorithm: 'longest-idle', assignTimeout: 0.4, assignMaxAttempts: 3, maxWaitSeconds: 0, broadcastSize: 0, requireDisposition: true },
      { id: 'brief', name: 'Brief', skills: ['nobody-has-this'], priority: 0, mode: 'direct', algorithm: 'longest-idle', assignTimeout: 0.4, assignMaxAttempts: 3, maxWaitSeconds: 0.5, broadcastSize: 0, requireDisposition: false },
    ],
    dispositions: [
      { id: 'resolved', name: 'Resolved' },
      { id: 'sale', name: 'Sale made' },
    ],
    ...overrides,
  };
}

export async function agentSession(server: { port: number }, username: string, state: 'ONLINE' | 'AWAY' | 'BACK_SOON' | 'OFFLINE' = 'ONLINE') {
  const conn = await connect(server);
  const login = await conn.request({ type: 'agent.login', username, password: username });
  conn.setSession(login.token, login.seq);
  if (state !== 'OFFLINE') await conn.request({ type: 'agent.setState', state });
  return conn;
}

/** A customer with a chat in `room`; `log` holds every event from before the chat started. */
export async function customerChat(server: { port: number }, room = 'default', name = 'Customer') {
  const conn = await connect(server);
  const log = record(conn);
  const reply = await conn.request({ type: 'chat.init', room, name });
  conn.setSession(reply.token, Math.max(conn.lastSeq, reply.seq));
  return { conn, chat: reply.contact, log };
}

export type EventLog = { topic: string; data: any }[] & {
  /** The first event, past or future, of `topic` matching `where`. */
  waitFor(topic: string, where?: (data: any) => boolean, timeoutMs?: number): Promise<any>;
};

/** Collects every event of a connection, for assertions on order. */
export function record(conn: WireConnection): EventLog {
  const seen = [] as unknown as EventLog;
  conn.events.on('event', (e) => seen.push(e));
  seen.waitFor = async (topic, where = () => true, timeoutMs = 5_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = seen.find((e) => e.topic === topic && where(e.data));
      if (found) return found.data;
      if (Date.now() > until) throw new Error(`no ${topic} event within ${timeoutMs} ms: saw ${seen.map((e) => e.topic).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return seen;
}

/** A customer's chat that `agent` (ONLINE and free) is offered and accepts. */
export async function acceptedChat(server: { port: number }, agent: WireConnection, room = 'default', name = 'Customer') {
  const offered = nextEvent(agent, 'contact.offered');
  const customer = await customerChat(server, room, name);
  await offered;
  await agent.request({ type: 'contact.accept', contactId: customer.chat.id });
  return customer;
}
