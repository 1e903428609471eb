/**
 * The router as pure functions: given agents and waiting contacts, which offer goes where.
 * Contacts are served by priority (higher first), then by time in queue. A direct offer goes to
 * one agent chosen by the queue's algorithm; a broadcast offer rings the agents that qualify and
 * have room. Agents a contact excluded (they declined or let it lapse) come last, not never: a
 * customer does not wait for an idle agent who could take the chat.
 */
import type { AgentState, OfferMode, RoutingAlgorithm } from '../../protocol/index.ts';

export interface RoutableAgent {
  id: string;
  state: AgentState;
  forcedPause: boolean;
  capacity: number;
  /** Chats the agent holds or is offered (direct or broadcast). */
  load: number;
  /** The one voice slot is taken (a live call, or a voice contact offered). */
  voiceBusy?: boolean;
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
  /** A call: it takes the agent's voice slot, not a chat slot. */
  voice?: boolean;
}

export interface Offer {
  contactId: string;
  agentIds: string[];
  mode: OfferMode;
}

const hasSkills = (skills: readonly string[], required: readonly string[]) => required.every((s) => skills.includes(s));

/** Could this agent ever take the contact (logged in, right skills, the transfer's target)? */
export function canServe(agent: Pick<RoutableAgent, 'id' | 'state' | 'skills'>, contact: WaitingContact): boolean {
  if (agent.state === 'OFFLINE') return false;
  if (contact.targetAgentId) return agent.id === contact.targetAgentId;
  return hasSkills(agent.skills, contact.requiredSkills);
}

/** Takes chats now: ONLINE, not in a forced pause, below capacity. */
export const hasRoom = (agent: RoutableAgent) => agent.state === 'ONLINE' && !agent.forcedPause && agent.load < agent.capacity;
/** Takes a call now: ONLINE, not in a forced pause, its voice slot free. */
export const hasVoiceRoom = (agent: RoutableAgent) => agent.state === 'ONLINE' && !agent.forcedPause && !agent.voiceBusy;
/** Room for this kind of contact: a call needs the voice slot, a chat a chat slot. */
export const hasRoomFor = (agent: RoutableAgent, contact: Pick<WaitingContact, 'voice'>) => (contact.voice ? hasVoiceRoom(agent) : hasRoom(agent));

/** May the contact be offered to this agent now? (Exclusion is a preference, see `chooseAgent`.) */
export function isEligible(agent: RoutableAgent, contact: WaitingContact): boolean {
  return canServe(agent, contact) && (contact.allowBusy || hasRoomFor(agent, contact));
}

const tieBreak = (a: RoutableAgent, b: RoutableAgent) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Orders candidates best first under an algorithm. */
export const ALGORITHMS: Record<RoutingAlgorithm, (a: RoutableAgent, b: RoutableAgent) => number> = {
  'longest-idle': (a, b) => a.lastActivityAt - b.lastActivityAt || tieBreak(a, b),
  'least-busy': (a, b) => a.load / a.capacity - b.load / b.capacity || a.lastActivityAt - b.lastActivityAt || tieBreak(a, b),
  'round-robin': (a, b) => a.lastOfferAt - b.lastOfferAt || tieBreak(a, b),
};

/** The best eligible agent: one the contact did not exclude if any, then by the queue's algorithm. */
export function chooseAgent(agents: readonly RoutableAgent[], contact: WaitingContact): RoutableAgent | undefined {
  const better = ALGORITHMS[contact.algorithm];
  const { excludedAgents } = contact;
  let best: RoutableAgent | undefined;
  let bestExcluded = true;
  for (const agent of agents) {
    if (!isEligible(agent, contact)) continue;
    const excluded = excludedAgents.length > 0 && excludedAgents.includes(agent.id);
    if (!best || (excluded !== bestExcluded ? !excluded : better(agent, best) < 0)) {
      best = agent;
      bestExcluded = excluded;
    }
  }
  return best;
}

/** The agents a broadcast rings: those not excluded if any, else the excluded ones; the best N. */
export function ringFor(agents: readonly RoutableAgent[], contact: WaitingContact): RoutableAgent[] {
  const eligible = agents.filter((a) => isEligible(a, contact));
  const welcome = eligible.filter((a) => !contact.excludedAgents.includes(a.id));
  const ringing = (welcome.length ? welcome : eligible).sort(ALGORITHMS[contact.algorithm]);
  return contact.broadcastSize > 0 ? ringing.slice(0, contact.broadcastSize) : ringing;
}

/** What orders a queue: priority, then time in queue (the id breaks ties). */
export type QueueOrder = Pick<WaitingContact, 'id' | 'priority' | 'enqueuedAt'>;

export const byQueueOrder = (a: QueueOrder, b: QueueOrder) =>
  b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Contacts with the same line key are alike for the router: if no agent can take the first of
 * them now, none can take any. A queue's ordinary contacts share one line; transfers form others.
 */
export const lineKey = (c: WaitingContact): string => {
  const skills = c.requiredSkills.length < 2 ? c.requiredSkills : [...c.requiredSkills].sort();
  return `${c.mode}\u001f${c.algorithm}\u001f${c.broadcastSize}\u001f${skills.join('\u001e')}\u001f${c.targetAgentId ?? ''}\u001f${c.allowBusy}\u001f${c.voice === true}`;
};

/**
 * Plans the offers for lines of waiting contacts, each line in queue order, merged in queue
 * order. A line stops at its first contact nobody can take; all stop, but those that may go to
 * busy agents, when no agent has room. So a pass costs O(offers × (lines + agents)), whatever
 * the length of the lines. `now` stamps the chosen agents so that one pass spreads a burst across
 * agents the way a sequence of single offers would.
 */
export function planLines(agents: readonly RoutableAgent[], lines: Iterable<Iterable<WaitingContact>>, now: number): Offer[] {
  const pool = agents.map((a) => ({ ...a }));
  const offers: Offer[] = [];
  let tick = 0;
  let room = pool.reduce((n, a) => n + (hasRoom(a) ? a.capacity - a.load : 0), 0);
  let voiceRoom = pool.reduce((n, a) => n + (hasVoiceRoom(a) ? 1 : 0), 0);
  const heads: { rest: Iterator<WaitingContact>; head: WaitingContact }[] = [];
  for (const line of lines) {
    const rest = line[Symbol.iterator]();
    const first = rest.next();
    if (!first.done) heads.push({ rest, head: first.value });
  }
  while (heads.length) {
    let best = 0;
    for (let i = 1; i < heads.length; i++) if (byQueueOrder(heads[i].head, heads[best].head) < 0) best = i;
    const line = heads[best];
    const contact = line.head;
    const chosen = (contact.voice ? voiceRoom : room) === 0 && !contact.allowBusy ? [] : contact.mode === 'broadcast' ? ringFor(pool, contact) : [chooseAgent(pool, contact)].filter((a) => a !== undefined);
    if (!chosen.length) {
      heads.splice(best, 1); // nobody can take this line's contacts now
      continue;
    }
    for (const agent of chosen) {
      if (contact.voice) {
        if (hasVoiceRoom(agent)) voiceRoom--;
        agent.voiceBusy = true;
      } else {
        if (hasRoom(agent)) room--;
        agent.load += 1;
      }
      if (contact.mode === 'broadcast') continue;
      agent.lastOfferAt = now + ++tick;
      agent.lastActivityAt = Math.max(agent.lastActivityAt, now) + tick;
    }
    offers.push({ contactId: contact.id, agentIds: chosen.map((a) => a.id), mode: contact.mode });
    const next = line.rest.next();
    if (next.done) heads.splice(best, 1);
    else line.head = next.value;
  }
  return offers;
}

/** Plans the offers for all waiting contacts (in any order): `planLines` over their lines. */
export function planOffers(agents: readonly RoutableAgent[], contacts: readonly WaitingContact[], now: number): Offer[] {
  const lines = new Map<string, WaitingContact[]>();
  for (const contact of contacts) {
    const key = lineKey(contact);
    const line = lines.get(key);
    if (line) line.push(contact);
    else lines.set(key, [contact]);
  }
  return planLines(agents, [...lines.values()].map((line) => line.sort(byQueueOrder)), now);
}
