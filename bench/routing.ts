/** The router's planning function alone, and enqueue-to-pending latency over loopback. */
import { BENCH_PASSWORD, benchAgents, runClientWorker, startBenchServer } from './bench-server.ts';
import { planOffers, type RoutableAgent, type WaitingContact } from '../server/routing/index.ts';

const SKILLS = ['sales', 'support', 'billing', 'fr', 'de'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * planOffers alone (no store, no sockets; the dispatcher's figure is in dispatch.ts): 1,000 agents
 * with two skills each and room for 10 chats; 10,000 queued contacts needing one skill or none.
 */
export function routerPlanThroughput(): Record<string, number> {
  const agents: RoutableAgent[] = Array.from({ length: 1_000 }, (_, i) => ({
    id: `a${i}`,
    state: i % 10 === 0 ? 'AWAY' : 'ONLINE',
    forcedPause: false,
    capacity: 10,
    load: i % 3,
    lastActivityAt: (i * 7919) % 100_000,
    lastOfferAt: (i * 104_729) % 100_000,
    skills: [SKILLS[i % 5], SKILLS[(i + 2) % 5]],
  }));
  const contacts: WaitingContact[] = Array.from({ length: 10_000 }, (_, i) => ({
    id: `c${i}`,
    priority: i % 20 === 0 ? 5 : 0,
    enqueuedAt: i,
    requiredSkills: i % 4 === 0 ? [] : [SKILLS[i % 5]],
    mode: 'direct',
    algorithm: (['longest-idle', 'least-busy', 'round-robin'] as const)[i % 3],
    excludedAgents: i % 50 === 0 ? ['a1', 'a2'] : [],
    targetAgentId: null,
    allowBusy: false,
    broadcastSize: 0,
  }));
  const rates: number[] = [];
  let offers = 0;
  for (let run = 0; run < 7; run++) {
    const t0 = performance.now();
    offers = planOffers(agents, contacts, 1_000_000).length;
    rates.push(offers / ((performance.now() - t0) / 1000));
  }
  return { router_plan_offers_per_s: Math.round(median(rates)), router_plan_offers_per_pass: offers, router_plan_n: rates.length };
}

/** 200 agents connected (in a worker thread); each sample enqueues a chat and times it until an agent hears `contact.offered`. */
export async function enqueueToPending(): Promise<Record<string, number>> {
  const AGENTS = 200;
  const server = await startBenchServer({ agents: await benchAgents(AGENTS, 10) });
  try {
    return await runClientWorker(new URL('./enqueue-clients.ts', import.meta.url), { port: server.port, agents: AGENTS, samples: 400, password: BENCH_PASSWORD });
  } finally {
    await server.close();
  }
}
