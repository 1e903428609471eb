/**
 * Applies the router: runs it whenever something routable changes, makes and withdraws offers,
 * handles accept, decline, clear and offer timeouts (forced pause), keeps queued customers told
 * of their position, tells them when no agent can take their chat, and dissuades those who
 * waited the queue's maximum.
 */
import {
  AGENT_WORK_STATES,
  ProtocolError,
  isWaiting,
  notSuitableState,
  type ContactView,
  type RoutingAlgorithm,
  type TeamMember,
} from '../../protocol/index.ts';
import { agentView, type AgentDirectory } from '../agents/index.ts';
import { isMine, listOf, type Conference, type ContactCenter } from '../contacts/index.ts';
import type { AgentRecord, ContactRecord } from '../store/index.ts';
import { byQueueOrder, canServe, chooseAgent, planOffers, type RoutableAgent, type WaitingContact } from './router.ts';
import { completeTransfer, failTransfer } from './transfers.ts';


export class Dispatcher {
  private scheduled = false;
  private stopped = false;
  private readonly deadlines = new Map<string, { at: number; timer: ReturnType<typeof setTimeout> }>();
  private readonly positions = new Map<string, number>();

  constructor(
    private readonly agents: AgentDirectory,
    private readonly center: ContactCenter,
    private readonly conference: Conference,
  ) {
    center.onChange((contact, isNew) => {
      this.armDeadline(contact);
      if (isNew && !this.stopped) this.routeNow(); // a new chat: offer it before anyone is told it waits
      else this.schedule();
    });
    agents.onStateChange((agent) => {
      if (agent.state !== 'ONLINE' || agent.forcedPause) this.withdraw(agent.id);
      this.schedule();
    });
    for (const contact of center.liveContacts()) this.armDeadline(contact);
  }

  /** Coalesces the changes of one tick into one routing pass. */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.stopped) return;
      try {
        this.routeNow();
      } catch (err) {
        this.center.log(`routing pass failed: ${(err as Error).stack ?? err}`);
      }
    });
  }

  /** Stops all timers and routing passes (the server is closing). */
  stop(): void {
    this.stopped = true;
    for (const { timer } of this.deadlines.values()) clearTimeout(timer);
    this.deadlines.clear();
  }

  /** One routing pass, in one transaction; returns the number of offers made. */
  routeNow(): number {
    return this.center.outbox.run(() => this.routePass());
  }

  private routePass(): number {
    const now = this.center.now();
    const waiting: WaitingContact[] = [];
    const queued: ContactRecord[] = [];
    for (const c of this.center.liveContacts()) {
      if (c.state !== 'queued') continue;
      queued.push(c);
      waiting.push(this.waitingOf(c));
    }
    const routable = this.routableAgents();
    const offers = planOffers(routable, waiting, now);
    for (const offer of offers) this.offer(this.center.get(offer.contactId), offer.agentIds);
    for (const contact of queued) if (contact.state === 'queued') this.checkServable(contact, routable);
    this.sendQueuePositions(now);
    return offers.length;
  }

  accept(agentId: string, contactId: string): ContactView {
    const contact = this.center.get(contactId);
    if (contact.routing.invited.includes(agentId)) return this.conference.join(agentId, contact);
    if (contact.state !== 'offered' || !contact.offeredTo.includes(agentId)) {
      throw notSuitableState(`contact ${contactId} is not offered to you`);
    }
    if (contact.routing.transfer) completeTransfer(this.center, contact, agentId);
    this.center.transition(contact, 'delivered', (c) => {
      c.agentId = agentId;
      c.offeredTo = [];
      c.deliveredAt ??= this.center.now();
      c.routing = { ...c.routing, attempts: 0, offerExpiresAt: null, excludedAgents: [] };
    });
    this.agents.touch(agentId);
    const agent = this.agents.get(agentId);
    this.center.emitToCustomer(contact, 'user.joined', { contactId, user: { id: agent.id, name: agent.name, nickname: agent.nickname } });
    return this.center.view(contact, agentId);
  }

  /** Declines a contact routed to this agent alone; it goes to the next agent (or back to a transfer's sender). */
  decline(agentId: string, contactId: string): ContactView {
    const contact = this.center.get(contactId);
    if (contact.routing.invited.includes(agentId)) return this.conference.remove(agentId, contactId, agentId);
    if (!isMine(contact, agentId)) throw notSuitableState('only a contact routed to you alone can be declined');
    this.lapse(contact, agentId);
    return this.center.view(contact, agentId);
  }

  /** Takes a contact off this agent's lists: a terminated one, or a broadcast offer it will not take. */
  clear(agentId: string, contactId: string): void {
    const contact = this.center.get(contactId);
    const list = listOf(contact, agentId);
    if (list === 'terminated') return this.center.forget(agentId, contactId);
    if (list === 'pending' && contact.routing.mode === 'broadcast') {
      const rest = contact.offeredTo.filter((id) => id !== agentId);
      this.center.transition(contact, rest.length ? 'offered' : 'queued', (c) => {
        c.offeredTo = rest;
        c.routing.excludedAgents = [...c.routing.excludedAgents, agentId];
      });
      return;
    }
    throw notSuitableState(`contact ${contactId} is ${list} for you: only terminated contacts and broadcast offers can be cleared`);
  }

  /** The customer SDK's searchAgent: offer the chat now, chosen with `algorithm`. */
  searchAgent(contact: ContactRecord, algorithm?: RoutingAlgorithm): AgentRecord {
    const current = contact.agentId ?? (contact.state === 'offered' ? contact.offeredTo[0] : undefined);
    if (current) return this.agents.get(current);
    if (contact.state !== 'queued') throw notSuitableState(`chat is ${contact.state}`);
    const routable = this.routableAgents();
    const agent = chooseAgent(routable, { ...this.waitingOf(contact), mode: 'direct', ...(algorithm && { algorithm }) });
    if (!agent) {
      this.checkServable(contact, routable);
      throw new ProtocolError('no_agent', 'no agent can take this chat now');
    }
    this.center.update(contact, (c) => (c.routing.mode = 'direct'));
    this.offer(contact, [agent.id]);
    return this.agents.get(agent.id);
  }

  /** getTeamMembers-style list: every agent with state, skills and how many contacts it holds. */
  teamMembers(): TeamMember[] {
    return this.routableAgents().map((r) => ({ ...agentView(this.agents.get(r.id)), load: r.load }));
  }

  // ---- internals ----

  private offer(contact: ContactRecord, agentIds: string[]): void {
    const { mode } = contact.routing;
    const queue = this.center.queue(contact.queue);
    const now = this.center.now();
    this.center.transition(contact, 'offered', (c) => {
      c.offeredTo = agentIds;
      if (mode === 'direct') {
        c.routing.attempts += 1;
        c.routing.offerExpiresAt = now + queue.assignTimeout * 1000;
      }
    });
    for (const id of agentIds) this.agents.offered(id);
  }

  /** A direct offer went unanswered (declined or timed out): re-route it. */
  private lapse(contact: ContactRecord, agentId: string): void {
    const agent = this.agents.get(agentId);
    this.center.emitToWatchers(contact, 'contact.declined', { id: contact.id, user: agent.id, nick: agent.nickname }, agentId);
    if (contact.routing.transfer) return failTransfer(this.center, contact);
    const { assignMaxAttempts } = this.center.queue(contact.queue);
    this.center.transition(contact, 'queued', (c) => {
      c.offeredTo = [];
      c.routing.offerExpiresAt = null;
      const newRound = c.routing.attempts >= assignMaxAttempts;
      c.routing.excludedAgents = newRound ? [] : [...c.routing.excludedAgents, agentId];
      if (newRound) c.routing.attempts = 0;
    });
  }

  /** An agent who can no longer take offers: its direct offers go elsewhere, it leaves broadcasts. */
  private withdraw(agentId: string): void {
    for (const contact of [...this.center.liveContacts()]) {
      if (contact.state !== 'offered' || !contact.offeredTo.includes(agentId)) continue;
      const rest = contact.offeredTo.filter((id) => id !== agentId);
      if (rest.length && contact.routing.mode === 'broadcast') {
        this.center.transition(contact, 'offered', (c) => (c.offeredTo = rest));
      } else if (contact.routing.transfer) {
        failTransfer(this.center, contact);
      } else {
        this.center.transition(contact, 'queued', (c) => {
          c.offeredTo = [];
          c.routing.offerExpiresAt = null;
        });
      }
    }
  }

  private onDeadline(contactId: string): void {
    this.deadlines.delete(contactId);
    try {
      this.center.outbox.run(() => this.deadlineReached(contactId));
    } catch (err) {
      this.center.log(`deadline of ${contactId} failed: ${(err as Error).stack ?? err}`);
    }
  }

  private deadlineReached(contactId: string): void {
    const contact = this.center.findLive(contactId);
    if (!contact) return;
    const now = this.center.now();
    const { routing } = contact;
    if (contact.state === 'offered' && routing.mode === 'direct' && routing.offerExpiresAt !== null && routing.offerExpiresAt <= now) {
      const agentId = contact.offeredTo[0];
      this.center.log(`offer of ${contact.id} to ${agentId} timed out: agent paused`);
      this.lapse(contact, agentId);
      this.agents.forcePause(agentId); // after the lapse, so that its other offers are withdrawn, not this one
    } else if (routing.transfer && routing.transfer.expiresAt <= now && contact.state === 'queued') {
      // A transfer still waiting for its target fails; one ringing waits for the ring to time out.
      failTransfer(this.center, contact);
    } else if (this.dissuadeAt(contact) !== null && this.dissuadeAt(contact)! <= now) {
      this.center.endInQueue(contact, 'dissuaded');
    } else {
      this.armDeadline(contact);
    }
  }

  /** When the customer has waited the queue's maximum, if that applies. */
  private dissuadeAt(contact: ContactRecord): number | null {
    const { maxWaitSeconds } = this.center.queue(contact.queue);
    if (!maxWaitSeconds || contact.deliveredAt !== null || !isWaiting(contact.state)) return null;
    return contact.createdAt + maxWaitSeconds * 1000;
  }

  /** One timer per contact, for its nearest deadline: offer expiry, transfer expiry, dissuasion. */
  private armDeadline(contact: ContactRecord): void {
    const { routing } = contact;
    const candidates = [
      contact.state === 'offered' && routing.mode === 'direct' ? routing.offerExpiresAt : null,
      routing.transfer && contact.state === 'queued' ? routing.transfer.expiresAt : null,
      this.dissuadeAt(contact),
    ].filter((t): t is number => t !== null);
    const at = candidates.length ? Math.min(...candidates) : null;
    const current = this.deadlines.get(contact.id);
    if (current?.at === at || this.stopped) return;
    if (current) clearTimeout(current.timer);
    this.deadlines.delete(contact.id);
    if (at === null) return;
    const timer = setTimeout(() => this.onDeadline(contact.id), Math.max(0, at - this.center.now()));
    timer.unref?.();
    this.deadlines.set(contact.id, { at, timer });
  }

  /** Tells the customer once when no logged-in agent could ever take the chat; a transfer to nobody fails at once. */
  private checkServable(contact: ContactRecord, routable: RoutableAgent[]): void {
    const waiting = this.waitingOf(contact);
    if (routable.some((a) => canServe(a, waiting))) return;
    if (contact.routing.transfer) return failTransfer(this.center, contact);
    if (contact.routing.foreverAlone) return;
    this.center.update(contact, (c) => (c.routing.foreverAlone = true));
    this.center.emitToCustomer(contact, 'chat.foreverAlone', { contactId: contact.id });
  }

  /** Sends `queue.update` to each waiting customer whose position changed. */
  private sendQueuePositions(now: number): void {
    const byQueue = new Map<string, { c: ContactRecord; w: WaitingContact }[]>();
    for (const c of this.center.liveContacts()) {
      if (!isWaiting(c.state)) continue;
      const list = byQueue.get(c.queue) ?? [];
      list.push({ c, w: this.waitingOf(c) });
      byQueue.set(c.queue, list);
    }
    const still = new Set<string>();
    for (const list of byQueue.values()) {
      list.sort((a, b) => byQueueOrder(a.w, b.w));
      list.forEach(({ c }, i) => {
        still.add(c.id);
        if (this.positions.get(c.id) === i + 1) return;
        this.positions.set(c.id, i + 1);
        this.center.emitToCustomer(c, 'queue.update', { contactId: c.id, queuePosition: i + 1, waitingTime: Math.round((now - c.createdAt) / 1000) });
      });
    }
    for (const id of this.positions.keys()) if (!still.has(id)) this.positions.delete(id);
  }

  private waitingOf(c: ContactRecord): WaitingContact {
    const queue = this.center.queue(c.queue);
    return {
      id: c.id,
      priority: c.priority,
      enqueuedAt: c.enqueuedAt,
      requiredSkills: c.routing.requiredSkills,
      mode: c.routing.mode,
      algorithm: queue.algorithm,
      excludedAgents: c.routing.excludedAgents,
      targetAgentId: c.routing.targetAgentId,
      allowBusy: c.routing.allowBusy,
      broadcastSize: queue.broadcastSize,
    };
  }

  private routableAgents(): RoutableAgent[] {
    const load = new Map<string, number>();
    for (const c of this.center.liveContacts()) {
      const holders = AGENT_WORK_STATES.includes(c.state) && c.agentId ? [c.agentId] : c.state === 'offered' && c.routing.mode === 'direct' ? c.offeredTo : [];
      for (const id of holders) load.set(id, (load.get(id) ?? 0) + 1);
    }
    return [...this.agents.all()].map((a) => ({
      id: a.id,
      state: a.state,
      forcedPause: a.forcedPause,
      capacity: a.capacity,
      load: load.get(a.id) ?? 0,
      lastActivityAt: a.lastActivityAt,
      lastOfferAt: a.lastOfferAt,
      skills: a.skills,
    }));
  }
}
