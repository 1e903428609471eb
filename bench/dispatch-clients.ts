/**
 * The clients of the dispatcher bench: logs in the agents, queues the customers' chats while the
 * agents take none, then puts every agent ONLINE at once and times until the agents have heard
 * `contact.offered` for every chat, or the budget runs out.
 */
import WebSocket from 'ws';
import { WireConnection, type ContactView } from '../protocol/index.ts';

export interface DispatchClientsOptions {
  port: number;
  agents: number;
  customers: number;
  chatsPerCustomer: number;
  room: string;
  password: string;
  /** Stop waiting for offers after this long. */
  budgetMs: number;
}

export interface DispatchClientsResult {
  /** Chats offered to an agent before the clock stopped. */
  offers: number;
  elapsedMs: number;
  /** Every chat was offered within the budget. */
  complete: boolean;
  /** Events of any topic the agents received while the clock ran (each offer is also shown to every agent who could take it). */
  agentEvents: number;
  /** Most offers any one agent got (must not pass its capacity). */
  maxOffersPerAgent: number;
  queueMs: number;
}

const CONCURRENCY = 25;

async function inLanes<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export async function runDispatchClients(o: DispatchClientsOptions): Promise<DispatchClientsResult> {
  const open = async (): Promise<WireConnection> => {
    const conn = new WireConnection(`ws://127.0.0.1:${o.port}/ws`, {
      WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
      nextRetryDelayMs: () => null,
      requestTimeoutMs: 60_000,
    });
    await conn.open();
    return conn;
  };
  const agents: WireConnection[] = new Array(o.agents);
  const customers: WireConnection[] = [];
  try {
    await inLanes(range(o.agents), async (i) => {
      const conn = await open();
      agents[i] = conn;
      await conn.request({ type: 'agent.login', username: `agent${i}`, password: o.password });
    });
    // One agent AWAY while the chats queue, so that the dispatcher knows they can be served; the
    // others are logged in without having picked a state yet (OFFLINE), as after a fresh login.
    await agents[0].request({ type: 'agent.setState', state: 'AWAY' });

    const queueStart = performance.now();
    await inLanes(range(o.customers), async (i) => {
      const conn = await open();
      customers.push(conn);
      for (let c = 0; c < o.chatsPerCustomer; c++) await conn.request({ type: 'chat.init', room: o.room, name: `Customer ${i}` });
    });
    const queueMs = performance.now() - queueStart;

    const expected = o.customers * o.chatsPerCustomer;
    const offered = new Set<string>();
    const perAgent = new Array<number>(o.agents).fill(0);
    let t1 = 0;
    let agentEvents = 0;
    let allOffered: () => void = () => {};
    const done = new Promise<void>((resolve) => (allOffered = resolve));
    agents.forEach((conn, i) =>
      conn.events.on('event', (e) => {
        if (!t1) agentEvents++;
        if (e.topic !== 'contact.offered') return;
        offered.add((e.data.contact as ContactView).id);
        perAgent[i]++;
        if (offered.size === expected) {
          t1 = performance.now();
          allOffered();
        }
      }),
    );
    const t0 = performance.now(); // routing can start with the first ONLINE
    agentEvents = 0;
    // Replies may still be on their way when the budget ends: the sockets close then.
    for (const conn of agents) conn.request({ type: 'agent.setState', state: 'ONLINE' }).catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outOfTime = new Promise<void>((resolve) => (timer = setTimeout(resolve, o.budgetMs)));
    await Promise.race([done, outOfTime]);
    clearTimeout(timer);
    const complete = offered.size === expected;
    return {
      offers: offered.size,
      elapsedMs: (complete ? t1 : performance.now()) - t0,
      complete,
      agentEvents,
      maxOffersPerAgent: Math.max(...perAgent),
      queueMs,
    };
  } finally {
    for (const conn of [...agents, ...customers]) conn?.close();
  }
}
