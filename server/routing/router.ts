/**
 * The router as a pure function: given agents and waiting contacts, which offer goes where.
 * Contacts are served by priority (higher first), then by time in queue; each goes to the
 * eligible agent idle the longest.
 */
import type { AgentState } from '../../protocol/index.ts';

export interface RoutableAgent {
  id: string;
  state: AgentState;
  capacity: number;
  /** Contacts the agent holds or has been offered. */
  load: number;
  lastActivityAt: number;
  skills: readonly string[];
}

export interface WaitingContact {
  id: string;
  priority: number;
  enqueuedAt: number;
  requiredSkills: readonly string[];
}

export interface Offer {
  contactId: string;
  agentIds: string[];
}

const hasSkills = (agent: RoutableAgent, required: readonly string[]) => required.every((s) => agent.skills.includes(s));

export const byQueueOrder = (a: WaitingContact, b: WaitingContact) =>
  b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function planOffers(agents: readonly RoutableAgent[], contacts: readonly WaitingContact[]): Offer[] {
  const free = agents.filter((a) => a.state === 'ONLINE' && a.load < a.capacity).map((a) => ({ ...a }));
  const offers: Offer[] = [];
  for (const contact of [...contacts].sort(byQueueOrder)) {
    let best: (typeof free)[number] | undefined;
    for (const agent of free) {
      if (agent.load >= agent.capacity || !hasSkills(agent, contact.requiredSkills)) continue;
      if (!best || agent.lastActivityAt < best.lastActivityAt || (agent.lastActivityAt === best.lastActivityAt && agent.id < best.id)) {
        best = agent;
      }
    }
    if (!best) continue;
    best.load += 1;
    best.lastActivityAt = Number.MAX_SAFE_INTEGER; // just offered: no longer the longest idle
    offers.push({ contactId: contact.id, agentIds: [best.id] });
  }
  return offers;
}
