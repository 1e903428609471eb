/**
 * Worker thread for the enqueue-to-pending bench: 200 agents and a stream of customers on their
 * own event loop, so the server's work does not hold up the clients' clocks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { WireConnection, type ContactView } from '../protocol/index.ts';

const { port, agents: AGENTS, samples: SAMPLES, password } = workerData as { port: number; agents: number; samples: number; password: string };
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

const open = async (): Promise<WireConnection> => {
  const conn = new WireConnection(`ws://127.0.0.1:${port}/ws`, { WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket, nextRetryDelayMs: () => null });
  await conn.open();
  return conn;
};

const agents: WireConnection[] = [];
const waiters = new Map<string, (t: number) => void>();
const early = new Map<string, number>();
for (let i = 0; i < AGENTS; i++) {
  const conn = await open();
  await conn.request({ type: 'agent.login', username: `agent${i}`, password });
  await conn.request({ type: 'agent.setState', state: 'ONLINE' });
  conn.events.on('event', (e) => {
    if (e.topic !== 'contact.offered') return;
    const at = performance.now();
    const id = (e.data.contact as ContactView).id;
    const waiter = waiters.get(id);
    if (waiter) waiter(at);
    else early.set(id, at);
  });
  agents.push(conn);
}
const latencies: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const customer = await open(); // a new customer each time, connected before the clock starts
  const t0 = performance.now();
  const reply = await customer.request({ type: 'chat.init', room: 'default', name: `Customer ${i}` });
  const at = early.get(reply.contact.id) ?? (await new Promise<number>((resolve) => waiters.set(reply.contact.id, resolve)));
  latencies.push(at - t0);
  customer.close();
}
agents.forEach((a) => a.close());
parentPort!.postMessage({
  enqueue_to_pending_p50_ms: Number(percentile(latencies, 50).toFixed(2)),
  enqueue_to_pending_p99_ms: Number(percentile(latencies, 99).toFixed(2)),
  enqueue_to_pending_n: latencies.length,
  enqueue_agents_connected: AGENTS,
});
