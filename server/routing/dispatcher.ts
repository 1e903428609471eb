/**
 * Applies the router: keeps the index of waiting contacts as contacts and agents change, runs a
 * routing pass whenever something routable changes, and hands accept, decline, clear and
 * searchAgent to the offer actions. Every pass, timer and deferred callback is guarded: a failure
 * is logged (and its contact set aside), never a crashed process.
 */
import { ProtocolError, notSuitableState, type RoutingAlgorithm, type TeamMember } from '../../protocol/index.ts';
import { agentView, type AgentDirectory } from '../agents/index.ts';
import type { Conference, ContactCenter, Logger } from '../contacts/index.ts';
import type { AgentRecord, ContactRecord } from '../store/index.ts';
import { Deadlines } from './deadlines.ts';
import { OfferActions } from './offer-actions.ts';
import { QueueNotices } from './queue-notices.ts';
import { recover } from './recovery.ts';
import { chooseAgent } from './router.ts';
import { RoutingPass } from './routing-pass.ts';
import { failTransfer } from './transfers.ts';
import { waitingOf } from './routing-data.ts';
import { WaitingIndex } from './waiting-index.ts';

export class Dispatcher {
  private scheduled = false;
  private stopped = false;
  private running = false;
  private readonly log: Logger;
  private readonly index: WaitingIndex;
  private readonly actions: OfferActions;
  private readonly notices: QueueNotices;
  private readonly deadlines: Deadlines;
  private readonly pass: RoutingPass;

  constructor(
    private readonly agents: AgentDirectory,
    private readonly center: ContactCenter,
    conference: Conference,
  ) {
    this.log = center.log;
    this.index = new WaitingIndex((id) => center.queues.get(id), this.log);
    this.actions = new OfferActions(agents, center, conference, this.index);
    this.notices = new QueueNotices(center, agents, this.index, this.log);
    this.pass = new RoutingPass(agents, center, this.index, this.actions, this.notices);
    this.deadlines = new Deadlines(
      center,
      {
        offerExpired: (contact) => this.offerExpired(contact),
        transferExpired: (contact) => failTransfer(center, contact),
        waitedTooLong: (contact) => this.notices.waitedTooLong(contact),
        failed: (contact, why) => this.index.markAside(contact.id, why),
      },
      this.log,
    );
    center.outbox.run(() => recover(center, this.actions));
    for (const contact of center.liveContacts()) this.follow(contact);
    center.onChange((contact, isNew) => {
      this.follow(contact);
      if (isNew && !this.stopped && !this.running) this.routeNow(); // a new chat: offer it before anyone is told it waits
      else this.schedule();
    });
    agents.onStateChange((agent, from) => {
      this.guard(`state change of agent ${agent.id}`, () => {
        if (agent.state !== 'ONLINE' || agent.forcedPause) this.actions.withdraw(agent.id);
        if ((from === 'OFFLINE') !== (agent.state === 'OFFLINE')) this.notices.agentSetChanged();
      });
      this.schedule();
    });
  }

  /** Coalesces the changes of one tick into one routing pass. */
  schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.stopped) this.routeNow();
    });
  }

  /** Stops all timers and routing passes (the server is closing). */
  stop(): void {
    this.stopped = true;
    this.deadlines.stop();
    this.notices.stop();
  }

  /** One routing pass, in one transaction; returns the number of offers made. */
  routeNow(): number {
    if (this.running) return 0;
    this.running = true;
    try {
      return this.center.outbox.run(() => this.guard('routing pass', () => this.pass.run()) ?? 0);
    } finally {
      this.running = false;
    }
  }

  accept(agentId: string, contactId: string) {
    return this.actions.accept(agentId, contactId);
  }

  /** Declines a contact routed to this agent alone; it goes to the next agent (or back to a transfer's sender). */
  decline(agentId: string, contactId: string) {
    return this.actions.decline(agentId, contactId);
  }

  /** Takes a contact off this agent's lists: a terminated one, or a broadcast offer it will not take. */
  clear(agentId: string, contactId: string): void {
    this.actions.clear(agentId, contactId);
  }

  /** The customer SDK's searchAgent: offer the chat now, to one agent chosen with `algorithm`. */
  searchAgent(contact: ContactRecord, algorithm?: RoutingAlgorithm): AgentRecord {
    const current = contact.agentId ?? (contact.state === 'offered' ? contact.offeredTo[0] : undefined);
    if (current) return this.agents.get(current);
    if (contact.state !== 'queued') throw notSuitableState(`chat is ${contact.state}`);
    const waiting = { ...waitingOf(contact, this.center.queue(contact.queue)), mode: 'direct' as const, ...(algorithm && { algorithm }) };
    const agent = chooseAgent(this.pass.routableAgents(), waiting);
    if (!agent) {
      this.notices.checkServable(contact);
      throw new ProtocolError('no_agent', 'no agent can take this chat now');
    }
    // Direct for this offer only: when it lapses the contact goes back to its queue's mode.
    this.center.update(contact, (c) => (c.routing.mode = 'direct'));
    this.actions.offer(contact, [agent.id]);
    return this.agents.get(agent.id);
  }

  /** getTeamMembers-style list: every agent with state, skills and how many contacts it holds or is offered. */
  teamMembers(): TeamMember[] {
    return this.pass.routableAgents().map((r) => ({ ...agentView(this.agents.get(r.id)), load: r.load + (this.index.onCall(r.id) ? 1 : 0) }));
  }

  /** The agent's voice slot is taken (a live call, or a voice contact offered to them). */
  voiceBusy(agentId: string): boolean {
    return this.index.voiceBusy(agentId);
  }

  /** The contacts whose live call the agent is on (a held customer call and its consultation, at most). */
  callsOf(agentId: string): string[] {
    return this.index.callsOf(agentId);
  }

  /**
   * Offers a contact to one agent directly, with no offer timeout (the call's own ring time
   * limits it): an internal call ringing its callee.
   */
  offerDirect(contact: ContactRecord, agentId: string): void {
    this.center.transition(contact, 'offered', (c) => {
      c.offeredTo = [agentId];
      c.routing = { ...c.routing, mode: 'direct', targetAgentId: agentId, attempts: 1, offerExpiresAt: null };
    });
    this.agents.offered(agentId);
  }

  /** Files a contact as it is now and arms its deadline; a contact that cannot be filed is set aside. */
  private follow(contact: ContactRecord): void {
    try {
      this.index.track(contact);
      this.deadlines.arm(contact);
    } catch (err) {
      this.index.markAside(contact.id, `cannot follow it: ${(err as Error).message}`);
    }
  }

  private offerExpired(contact: ContactRecord): void {
    const agentId = contact.offeredTo[0];
    this.log(`offer of ${contact.id} to ${agentId} timed out: agent paused`);
    this.actions.lapse(contact, agentId);
    this.agents.forcePause(agentId); // after the lapse, so that its other offers are withdrawn, not this one
  }

  private guard<T>(what: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      this.log(`${what} failed: ${(err as Error).stack ?? err}`);
      return undefined;
    }
  }
}
