/**
 * The router as pure functions: given agents and waiting contacts, which offer goes where.
 * Contacts are served by priority (higher first), then by time in queue. A direct offer goes to
 * one agent chosen by the queue's algorithm; a broadcast offer rings every agent that qualifies.
 */
import type { AgentState, OfferMode, RoutingAlgorithm } from '../../protocol/index.ts';

export interface RoutableAgent {
  id: string;
  state: AgentState;
  forcedPause: boolean;
  capacity: number;
  /** Contacts the agent holds or has been offered directly. */
  load: number;
  lastActivityAt: number;
  lastOfferAt: number;
  skills: readonly string[];
}

export interface WaitingContact {
  id: string;
  priority: number;
  enqueuedAt: number;
  requiredSkills: readonly string[];
  mode: OfferMode;
  algorithm: RoutingAlgorithm;
  excludedAgents: readonly string[];
  targetAgentId: string | null;
  allowBusy: boolean;
  /** Broadcast only: how many agents to ring; 0 for all. */
  broadcastSize: number;
}

export interface Offer {
  contactId: string;
  agentIds: string[];
  mode: OfferMode;
}

const hasSkills = (agent: RoutableAgent, required: readonly string[]) => required.every((s) => agent.skills.includes(s));

/** Could this agent ever take the contact (logged in, right skills, the transfer's target)? */
export function canServe(agent: RoutableAgent, contact: WaitingContact): boolean {
  if (agent.state === 'OFFLINE') return false;
  if (contact.targetAgentId) return agent.id === contact.targetAgentId;
  return hasSkills(agent, contact.requiredSkills);
}

/** May the contact be offered to this agent now? */
export function isEligible(agent: RoutableAgent, contact: WaitingContact): boolean {
  if (!canServe(agent, contact) || contact.excludedAgents.includes(agent.id)) return false;
  if (contact.allowBusy) return true;
  return agent.state === 'ONLINE' && !agent.forcedPause && agent.load < agent.capacity;
}

const tieBreak = (a: RoutableAgent, b: RoutableAgent) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Orders candidates best first under an algorithm. */
export const ALGORITHMS: Record<RoutingAlgorithm, (a: RoutableAgent, b: RoutableAgent) => number> = {
  'longest-idle': (a, b) => a.lastActivityAt - b.lastActivityAt || tieBreak(a, b),
  'least-busy': (a, b) => a.load / a.capacity - b.load / b.capacity || a.lastActivityAt - b.lastActivityAt || tieBreak(a, b),
  'round-robin': (a, b) => a.lastOfferAt - b.lastOfferAt || tieBreak(a, b),
};

export function chooseAgent(agents: readonly RoutableAgent[], contact: WaitingContact): RoutableAgent | undefined {
  const better = ALGORITHMS[contact.algorithm];
  let best: RoutableAgent | undefined;
  for (const agent of agents) if (isEligible(agent, contact) && (!best || better(agent, best) < 0)) best = agent;
  return best;
}

export const byQueueOrder = (a: WaitingContact, b: WaitingContact) =>
  b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Plans the offers for all waiting contacts. `now` stamps the chosen agents so that one pass
 * spreads a burst across agents the way a sequence of single offers would.
 */
export function planOffers(agents: readonly RoutableAgent[], contacts: readonly WaitingContact[], now: number): Offer[] {
  const pool = agents.map((a) => ({ ...a }));
  const offers: Offer[] = [];
  let tick = 0;
  // Room left on routable agents: once none is left only contacts that may go to busy agents can move.
  let room = pool.reduce((n, a) => n + (a.state === 'ONLINE' && !a.forcedPause ? Math.max(0, a.capacity - a.load) : 0), 0);
  for (const contact of [...contacts].sort(byQueueOrder)) {
    if (room === 0 && !contact.allowBusy) continue;
    if (contact.mode === 'broadcast') {
      const ringing = pool.filter((a) => isEligible(a, contact)).sort(ALGORITHMS[contact.algorithm]);
      const chosen = contact.broadcastSize > 0 ? ringing.slice(0, contact.broadcastSize) : ringing;
      if (chosen.length) offers.push({ contactId: contact.id, agentIds: chosen.map((a) => a.id), mode: 'broadcast' });
      continue;
    }
    const agent = chooseAgent(pool, contact);
    if (!agent) continue;
    if (agent.state === 'ONLINE' && !agent.forcedPause && agent.load < agent.capacity) room--;
    agent.load += 1;
    agent.lastOfferAt = now + ++tick;
    agent.lastActivityAt = Math.max(agent.lastActivityAt, now) + tick;
    offers.push({ contactId: contact.id, agentIds: [agent.id], mode: 'direct' });
  }
  return offers;
}
