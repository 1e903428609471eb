/**
 * Who hears about a contact: the customer, and every agent who sees it in one of Vivocha's lists
 * (hidden, pending, assigned, terminated). Remembers which agents were last told about each
 * contact, and in which list, so that an agent who stops seeing it gets `contact.removed`.
 */
import { MAX_HIDDEN_PER_AGENT, TERMINAL_CONTACT_STATES, isWaiting, type ContactList, type ContactView, type CustomerChatView, type ServerEventMap, type ServerTopic } from '../../protocol/index.ts';
import type { AgentDirectory } from '../agents/index.ts';
import type { SessionHub } from '../sessions/index.ts';
import type { ContactRecord } from '../store/index.ts';
import { hiddenSignature, listOf } from './views.ts';
import { isLive } from '../calls/call-record.ts';

export class FanOut {
  private readonly seenBy = new Map<string, Map<string, ContactList>>();
  /** The hidden entry each contact was last shown with. */
  private readonly hiddenShown = new Map<string, string>();
  /** How many hidden entries each agent shows (at most MAX_HIDDEN_PER_AGENT). */
  private readonly hiddenCount = new Map<string, number>();

  constructor(
    private readonly hub: SessionHub,
    private readonly agents: AgentDirectory,
    private readonly view: (contact: ContactRecord, viewerAgentId: string) => ContactView,
    private readonly customerView: (contact: ContactRecord) => CustomerChatView,
  ) {}

  emitToAgent<T extends ServerTopic>(agentId: string, topic: T, data: ServerEventMap[T]): void {
    this.hub.emit('agent', agentId, topic, data);
  }

  emitToCustomer<T extends ServerTopic>(contact: ContactRecord, topic: T, data: ServerEventMap[T]): void {
    if (contact.call?.internal) return; // its "customer" is the calling agent, who sees it as an agent
    this.hub.emit('customer', contact.customerId, topic, data);
  }

  /** Sends an event to every agent who currently sees the contact. */
  emitToWatchers<T extends ServerTopic>(contact: ContactRecord, topic: T, data: ServerEventMap[T], except?: string): void {
    for (const agentId of this.seen(contact.id).keys()) if (agentId !== except) this.emitToAgent(agentId, topic, data);
  }

  /** Agents who see the contact: its agent, those it is offered to, the transfer's sender, and while it waits, all who could take it. */
  audience(contact: ContactRecord): Set<string> {
    const ids = new Set<string>(contact.offeredTo);
    if (contact.agentId) ids.add(contact.agentId);
    if (contact.routing.transfer) ids.add(contact.routing.transfer.fromAgentId);
    if (isLive(contact.call) && contact.call.callerAgentId) ids.add(contact.call.callerAgentId);
    if (isLive(contact.call) && contact.call.transferFrom) ids.add(contact.call.transferFrom);
    for (const id of [...contact.routing.conference, ...contact.routing.invited]) ids.add(id);
    if (isWaiting(contact.state)) {
      const { requiredSkills, targetAgentId } = contact.routing;
      for (const agent of this.agents.all()) {
        if (agent.state === 'OFFLINE') continue;
        if (targetAgentId ? agent.id === targetAgentId : requiredSkills.every((s) => agent.skills.includes(s))) ids.add(agent.id);
      }
    }
    return ids;
  }

  /** The contact as this agent sees it now, remembering that the agent was told. */
  viewFor(contact: ContactRecord, agentId: string): ContactView | null {
    if (!this.audience(contact).has(agentId)) return null;
    const seen = this.seen(contact.id);
    const list = listOf(contact, agentId);
    if (list === 'hidden' && seen.get(agentId) !== 'hidden' && this.hiddenOf(agentId) >= MAX_HIDDEN_PER_AGENT) return null;
    this.mark(seen, agentId, list);
    return this.view(contact, agentId);
  }

  /** The agent takes a terminated contact off its lists (Vivocha's `clear`). */
  forget(agentId: string, contactId: string): void {
    const seen = this.seenBy.get(contactId);
    if (seen) this.mark(seen, agentId, undefined);
    if (seen?.size === 0) this.seenBy.delete(contactId);
    this.emitToAgent(agentId, 'contact.removed', { contactId });
  }

  /**
   * Tells the customer and every agent in the contact's audience how it looks now; agents who
   * no longer see it get `contact.removed`. An agent for whom it just became pending gets
   * `contact.offered`. A contact that ended in queue stays, terminated, with the agents it was
   * offered to, until they clear it; a completed one leaves every list.
   */
  publish(contact: ContactRecord): void {
    this.emitToCustomer(contact, 'chat.updated', { chat: this.customerView(contact) });
    const seen = this.seen(contact.id);
    const terminal = TERMINAL_CONTACT_STATES.includes(contact.state);
    const audience = terminal
      ? new Set(contact.state === 'completed' ? [] : contact.offeredTo.filter((id) => seen.get(id) === 'pending'))
      : this.audience(contact);
    for (const agentId of seen.keys()) {
      if (!audience.has(agentId)) {
        this.mark(seen, agentId, undefined);
        // Its own agent sees how it ended (completed) before it leaves the list.
        // So does an internal call's caller when the call is over for them.
        if ((terminal && contact.agentId === agentId) || contact.call?.callerAgentId === agentId) this.emitToAgent(agentId, 'contact.updated', { contact: this.view(contact, agentId) });
        this.emitToAgent(agentId, 'contact.removed', { contactId: contact.id });
      }
    }
    // The agents it is offered or assigned to first: they act on it; the others only watch.
    const ordered = [...audience].sort((a, b) => Number(listOf(contact, b) !== 'hidden') - Number(listOf(contact, a) !== 'hidden'));
    // A slim hidden entry changes rarely: agents who already show it are told only when it does
    // (an offer to one agent is then one event, not one per agent of the queue).
    const signature = hiddenSignature(contact);
    const hiddenChanged = this.hiddenShown.get(contact.id) !== signature;
    if (terminal) this.hiddenShown.delete(contact.id);
    else this.hiddenShown.set(contact.id, signature);
    for (const agentId of ordered) {
      const list = listOf(contact, agentId);
      const before = seen.get(agentId);
      if (list === 'hidden' && before === 'hidden' && !hiddenChanged) continue;
      if (list === 'hidden' && before !== 'hidden' && this.hiddenOf(agentId) >= MAX_HIDDEN_PER_AGENT) {
        // No room in this agent's hidden list: it shows there when it changes and there is room.
        if (before !== undefined) {
          this.mark(seen, agentId, undefined);
          this.emitToAgent(agentId, 'contact.removed', { contactId: contact.id });
        }
        continue;
      }
      const view = this.view(contact, agentId);
      this.emitToAgent(agentId, list === 'pending' && before !== 'pending' ? 'contact.offered' : 'contact.updated', { contact: view });
      this.mark(seen, agentId, list);
    }
    if (terminal && seen.size === 0) this.seenBy.delete(contact.id);
  }

  private hiddenOf(agentId: string): number {
    return this.hiddenCount.get(agentId) ?? 0;
  }

  /** The one place that records what an agent was told of a contact (undefined: nothing), keeping the hidden counts. */
  private mark(seen: Map<string, ContactList>, agentId: string, list: ContactList | undefined): void {
    const before = seen.get(agentId);
    if (list === undefined) seen.delete(agentId);
    else seen.set(agentId, list);
    const delta = Number(list === 'hidden') - Number(before === 'hidden');
    if (delta) this.hiddenCount.set(agentId, this.hiddenOf(agentId) + delta);
  }

  private seen(contactId: string): Map<string, ContactList> {
    let seen = this.seenBy.get(contactId);
    if (!seen) this.seenBy.set(contactId, (seen = new Map()));
    return seen;
  }
}
