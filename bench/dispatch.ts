/**
 * Offers per second through the real dispatcher: the server in its own process on a SQLite file,
 * 1,000 agents connected over WebSocket, 10,000 chats queued; the agents go ONLINE and the clock
 * runs until they have received every `contact.offered` (each offer stored, then sent).
 */
import { BENCH_PASSWORD, benchAgents } from './bench-server.ts';
import { runDispatchClients } from './dispatch-clients.ts';
import { spawnServer } from './spawn-server.ts';

export interface DispatchBenchSize {
  agents: number;
  /** Chats per agent: agents x capacity = customers x chatsPerCustomer, room for every chat at once. */
  capacity: number;
  customers: number;
  chatsPerCustomer: number;
}

const FULL_SIZE: DispatchBenchSize = { agents: 1_000, capacity: 10, customers: 1_000, chatsPerCustomer: 10 };
/** How long the bench waits for the offers; past it the rate is over the offers that arrived. */
const ROUTING_BUDGET_MS = 60_000;

export async function dispatchThroughput(size = FULL_SIZE, budgetMs = ROUTING_BUDGET_MS): Promise<Record<string, number>> {
  const chats = size.customers * size.chatsPerCustomer;
  if (size.agents * size.capacity < chats) throw new Error('dispatcher bench: not enough capacity for every chat');
  const server = await spawnServer({
    agents: await benchAgents(size.agents, size.capacity),
    // Direct offers that outlive the run: none lapses or is dissuaded while the bench waits.
    queues: [{ id: 'bench', name: 'Bench', mode: 'direct', algorithm: 'longest-idle', assignTimeout: 3_600, maxWaitSeconds: 0 }],
  });
  try {
    const r = await runDispatchClients({ port: server.port, ...size, room: 'bench', password: BENCH_PASSWORD, budgetMs });
    if (r.maxOffersPerAgent > size.capacity) throw new Error(`dispatcher bench: an agent got ${r.maxOffersPerAgent} offers, capacity is ${size.capacity}`);
    if (!r.complete) console.error(`routing: only ${r.offers} of ${chats} chats offered in ${budgetMs / 1000} s; routing_offers_per_s is over those`);
    return {
      routing_offers_per_s: Math.round(r.offers / (r.elapsedMs / 1000)),
      routing_offers_n: r.offers,
      routing_agent_events_per_offer: Number((r.agentEvents / Math.max(1, r.offers)).toFixed(1)),
      routing_chats_queued: chats,
      routing_agents_connected: size.agents,
      routing_enqueue_chats_per_s: Math.round(chats / (r.queueMs / 1000)),
    };
  } finally {
    await server.stop();
  }
}
