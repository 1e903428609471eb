/**
 * What agents and the router do with offers: make one, accept, decline, clear a broadcast, let
 * a direct offer lapse, and take back offers from an agent who can no longer take them.
 */
import { notSuitableState, type ContactView } from '../../protocol/index.ts';
import type { AgentDirectory } from '../agents/index.ts';
import { assignRules, isMine, listOf, tellJoined, tellLeft, type Conference, type ContactCenter } from '../contacts/index.ts';
import type { ContactRecord } from '../store/index.ts';
import { completeTransfer, failTransfer } from './transfers.ts';
import type { WaitingIndex } from './waiting-index.ts';
import { setCallState } from '../calls/call-record.ts';

export class OfferActions {
  constructor(
    private readonly agents: AgentDirectory,
    private readonly center: ContactCenter,
    private readonly conference: Conference,
    private readonly index: WaitingIndex,
  ) {}

  offer(contact: ContactRecord, agentIds: string[]): void {
    const { mode } = contact.routing;
    const queue = this.center.queue(contact.queue);
    const now = this.center.now();
    this.center.transition(contact, 'offered', (c) => {
      c.offeredTo = agentIds;
      if (mode === 'direct') {
        c.routing.attempts += 1;
        c.routing.offerExpiresAt = now + assignRules(c, queue).timeoutSeconds * 1000;
      }
    });
    for (const id of agentIds) this.agents.offered(id);
  }

  /** The agent takes an offer (or joins a conference it was invited to); not beyond its capacity. */
  accept(agentId: string, contactId: string): ContactView {
    const contact = this.center.get(contactId);
    if (contact.routing.invited.includes(agentId)) return this.conference.join(agentId, contact);
    if (contact.state !== 'offered' || !contact.offeredTo.includes(agentId)) {
      throw notSuitableState(`contact ${contactId} is not offered to you`);
    }
    const agent = this.agents.get(agentId);
    const held = this.index.heldCount(agentId);
    // A call being transferred is answered: it needs the voice slot even when busy agents were allowed.
    const answered = contact.call?.state === 'connected' || contact.call?.state === 'held';
    if (contact.type === 'voice' || answered) {
      if (this.index.onCall(agentId) && (answered || !contact.routing.allowBusy)) throw notSuitableState('you are on a call: one call at a time');
    }
    if (contact.type !== 'voice' && held >= agent.capacity && !contact.routing.allowBusy) {
      throw notSuitableState(`you hold ${held} contacts, your capacity is ${agent.capacity}`);
    }
    const transfer = contact.routing.transfer;
    if (transfer) completeTransfer(this.center, contact, agentId);
    const { mode } = this.center.queue(contact.queue); // a searchAgent's direct offer ends here too
    this.center.transition(contact, 'delivered', (c) => {
      c.agentId = agentId;
      c.offeredTo = [];
      c.deliveredAt ??= this.center.now();
      c.routing = { ...c.routing, mode, attempts: 0, offerExpiresAt: null, excludedAgents: [] };
      // Taking a voice contact answers its call.
      if (c.type === 'voice' && c.call?.state === 'ringing') setCallState(c.call, 'connected', this.center.now());
    });
    this.agents.touch(agentId);
    if (transfer) tellLeft(this.center, contact, transfer.fromAgentId, 'transfer');
    tellJoined(this.center, contact, agentId, { sender: transfer?.fromAgentId ?? agentId, transfer: Boolean(transfer) });
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

  /** A direct offer went unanswered (declined or timed out): re-route it, this agent last. */
  lapse(contact: ContactRecord, agentId: string): void {
    const agent = this.agents.get(agentId);
    this.center.emitToWatchers(contact, 'contact.declined', { id: contact.id, user: agent.id, nick: agent.nickname }, agentId);
    if (contact.routing.transfer) return failTransfer(this.center, contact);
    const { maxAttempts } = assignRules(contact, this.center.queue(contact.queue));
    this.requeue(contact, (c) => {
      const newRound = c.routing.attempts >= maxAttempts;
      c.routing.excludedAgents = newRound ? [] : [...c.routing.excludedAgents, agentId];
      if (newRound) c.routing.attempts = 0;
    });
  }

  /** Takes back every offer made to an agent who can no longer take offers. */
  withdraw(agentId: string): void {
    for (const contact of this.index.offersOf(agentId)) this.release(contact, agentId);
  }

  /**
   * Takes one agent off an offer, through no fault of theirs: a broadcast rings on for the
   * others; a transfer goes back to its sender; any other contact goes back to its queue.
   */
  release(contact: ContactRecord, agentId: string): void {
    if (contact.state !== 'offered' || !contact.offeredTo.includes(agentId)) return;
    const rest = contact.offeredTo.filter((id) => id !== agentId);
    if (rest.length && contact.routing.mode === 'broadcast') {
      this.center.transition(contact, 'offered', (c) => (c.offeredTo = rest));
    } else if (contact.routing.transfer) {
      failTransfer(this.center, contact);
    } else {
      this.requeue(contact);
    }
  }

  /** Back to queued, with the queue's own offer mode (a searchAgent's direct offer is over). */
  requeue(contact: ContactRecord, change: (c: ContactRecord) => void = () => {}): void {
    const { mode } = this.center.queue(contact.queue);
    this.center.transition(contact, 'queued', (c) => {
      c.offeredTo = [];
      c.routing.offerExpiresAt = null;
      if (!c.routing.transfer) c.routing.mode = mode;
      change(c);
    });
  }
}
