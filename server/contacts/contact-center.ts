/**
 * The contact lifecycle: customers start chats, the router offers them, agents accept, talk,
 * end and complete them. Every state change goes through `transition`, checked against
 * CONTACT_TRANSITIONS, stored, then announced.
 */
import { randomUUID } from 'node:crypto';
import {
  ABANDON_THRESHOLD_MS,
  canTransition,
  notFound,
  notSuitableState,
  ProtocolError,
  type ChatMessage,
  type ContactState,
  type ContactView,
  type EndReason,
} from '../../protocol/index.ts';
import type { AgentDirectory } from '../agents/index.ts';
import type { SessionHub } from '../sessions/index.ts';
import type { ContactRecord, CustomerRecord, HistoryQuery, Store } from '../store/index.ts';
import type { QueueConfig } from '../config.ts';
import { contactView } from './views.ts';

export interface ChatStart {
  room: string;
  lang?: string;
  source?: string;
  chatId?: string;
  name?: string;
}

export type Logger = (line: string) => void;

export class ContactCenter {
  /** Contacts not yet completed or ended in queue, by id. */
  private readonly live = new Map<string, ContactRecord>();
  private readonly customers = new Map<string, CustomerRecord>();
  private readonly queues: Map<string, QueueConfig>;
  private changeListener: () => void = () => {};

  constructor(
    private readonly store: Store,
    private readonly hub: SessionHub,
    private readonly agents: AgentDirectory,
    queues: readonly QueueConfig[],
    private readonly now: () => number = Date.now,
    private readonly log: Logger = () => {},
  ) {
    this.queues = new Map(queues.map((q) => [q.id, q]));
    for (const contact of store.listLiveContacts()) this.live.set(contact.id, contact);
  }

  /** Called after any change that may let the router make a new offer. */
  onRoutableChange(listener: () => void): void {
    this.changeListener = listener;
  }

  liveContacts(): Iterable<ContactRecord> {
    return this.live.values();
  }

  queue(id: string): QueueConfig | undefined {
    return this.queues.get(id);
  }

  // ---- customer side ----

  createCustomer(name: string | undefined): CustomerRecord {
    const customer: CustomerRecord = { id: randomUUID(), name: name?.trim() || 'Customer', createdAt: this.now() };
    this.store.insertCustomer(customer);
    this.customers.set(customer.id, customer);
    return customer;
  }

  customer(id: string): CustomerRecord {
    let customer = this.customers.get(id);
    if (!customer) {
      customer = this.store.getCustomer(id);
      if (!customer) throw notFound(`customer ${id}`);
      this.customers.set(id, customer);
    }
    return customer;
  }

  /** Loads the customer's chat `chatId`, or queues a new chat in the queue named by `room`. */
  startChat(customerId: string, start: ChatStart): { contact: ContactView; messages: ChatMessage[] } {
    if (start.chatId) {
      const contact = this.contactOf(start.chatId);
      if (contact.customerId !== customerId) throw notFound(`chat ${start.chatId}`);
      return { contact: this.view(contact, null), messages: this.store.listMessages(contact.id, {}) };
    }
    if (!this.queues.has(start.room)) throw notFound(`room ${start.room}`);
    const now = this.now();
    const contact: ContactRecord = {
      id: randomUUID(),
      type: 'chat',
      queue: start.room,
      state: 'queued',
      priority: 0,
      customerId,
      agentId: null,
      offeredTo: [],
      lang: start.lang ?? 'en',
      source: start.source ?? '',
      attachedData: {},
      lastSequence: 0,
      createdAt: now,
      enqueuedAt: now,
      deliveredAt: null,
      endedAt: null,
      completedAt: null,
      endReason: null,
    };
    this.store.saveContact(contact);
    this.live.set(contact.id, contact);
    this.log(`contact ${contact.id} queued in ${contact.queue}`);
    this.changeListener();
    return { contact: this.view(contact, null), messages: [] };
  }

  customerSend(customerId: string, contactId: string, text: string): ChatMessage {
    const contact = this.contactOf(contactId);
    if (contact.customerId !== customerId) throw notFound(`chat ${contactId}`);
    if (!['queued', 'offered', 'delivered', 'hold'].includes(contact.state)) throw notSuitableState(`chat is ${contact.state}`);
    const customer = this.customer(customerId);
    return this.postMessage(contact, { kind: 'customer', id: customer.id, name: customer.name }, text);
  }

  /** The customer leaves: in queue it is abandoned or cancelled; in conversation it goes to wrap-up. */
  customerClose(customerId: string, contactId: string): ContactView {
    const contact = this.contactOf(contactId);
    if (contact.customerId !== customerId) throw notFound(`chat ${contactId}`);
    if (contact.state === 'queued' || contact.state === 'offered') {
      const waited = this.now() - contact.enqueuedAt;
      const abandoned = waited >= ABANDON_THRESHOLD_MS;
      this.endInQueue(contact, abandoned ? 'abandoned' : 'cancelled', abandoned ? 'abandon' : 'cancel');
    } else if (contact.state === 'delivered' || contact.state === 'hold') {
      this.endConversation(contact, 'customer');
    } else {
      throw notSuitableState(`chat is already ${contact.state}`);
    }
    return this.view(contact, null);
  }

  // ---- agent side ----

  agentContacts(agentId: string): ContactView[] {
    return [...this.live.values()]
      .filter((c) => c.agentId === agentId || (c.state === 'offered' && c.offeredTo.includes(agentId)))
      .map((c) => this.view(c, agentId));
  }

  /** Offers a queued contact to agents (the router decides whom). */
  offer(contactId: string, agentIds: string[]): void {
    const contact = this.contactOf(contactId);
    contact.offeredTo = agentIds;
    this.transition(contact, 'offered');
    for (const agentId of agentIds) this.hub.emit('agent', agentId, 'contact.offered', { contact: this.view(contact, agentId) });
  }

  accept(agentId: string, contactId: string): ContactView {
    const contact = this.contactOf(contactId);
    if (contact.state !== 'offered' || !contact.offeredTo.includes(agentId)) {
      throw notSuitableState(`contact ${contactId} is not offered to you`);
    }
    const others = contact.offeredTo.filter((id) => id !== agentId);
    contact.offeredTo = [];
    contact.agentId = agentId;
    contact.deliveredAt = this.now();
    this.transition(contact, 'delivered');
    this.agents.touch(agentId);
    for (const other of others) this.hub.emit('agent', other, 'contact.removed', { contactId });
    const agent = this.agents.get(agentId);
    this.hub.emit('customer', contact.customerId, 'user.joined', {
      contactId,
      user: { id: agent.id, name: agent.name, nickname: agent.nickname },
    });
    return this.view(contact, agentId);
  }

  agentSend(agentId: string, contactId: string, text: string): ChatMessage {
    const contact = this.assignedTo(agentId, contactId);
    if (contact.state !== 'delivered' && contact.state !== 'hold') throw notSuitableState(`chat is ${contact.state}`);
    const agent = this.agents.get(agentId);
    return this.postMessage(contact, { kind: 'agent', id: agent.id, name: agent.nickname }, text);
  }

  /** The agent ends the conversation; the contact goes to wrap-up. */
  agentEnd(agentId: string, contactId: string): ContactView {
    const contact = this.assignedTo(agentId, contactId);
    if (contact.state !== 'delivered' && contact.state !== 'hold') throw notSuitableState(`chat is ${contact.state}`);
    this.endConversation(contact, 'agent');
    return this.view(contact, agentId);
  }

  /** The agent finishes wrap-up; the contact leaves the agent's list. */
  complete(agentId: string, contactId: string): ContactView {
    const contact = this.assignedTo(agentId, contactId);
    if (contact.state !== 'wrap_up') throw notSuitableState(`contact is ${contact.state}, not in wrap-up`);
    contact.completedAt = this.now();
    this.transition(contact, 'completed');
    this.agents.touch(agentId);
    const view = this.view(contact, agentId);
    this.hub.emit('agent', agentId, 'contact.removed', { contactId });
    return view;
  }

  /** Chat history for its customer, its agent, or an agent it is offered to. */
  history(viewer: { kind: 'agent' | 'customer'; id: string }, contactId: string, query: HistoryQuery): ChatMessage[] {
    const contact = this.store.getContact(contactId);
    const allowed =
      contact &&
      (viewer.kind === 'customer'
        ? contact.customerId === viewer.id
        : contact.agentId === viewer.id || contact.offeredTo.includes(viewer.id));
    if (!contact || !allowed) throw notFound(`contact ${contactId}`);
    return this.store.listMessages(contactId, query);
  }

  // ---- internals ----

  private contactOf(id: string): ContactRecord {
    const contact = this.live.get(id) ?? this.store.getContact(id);
    if (!contact) throw notFound(`contact ${id}`);
    return contact;
  }

  private assignedTo(agentId: string, contactId: string): ContactRecord {
    const contact = this.contactOf(contactId);
    if (contact.agentId !== agentId) throw new ProtocolError('forbidden', `contact ${contactId} is not assigned to you`);
    return contact;
  }

  private view(contact: ContactRecord, viewerAgentId: string | null): ContactView {
    const agent = contact.agentId ? this.agents.find(contact.agentId) : undefined;
    const queueName = this.queues.get(contact.queue)?.name ?? contact.queue;
    return contactView(contact, this.customer(contact.customerId), agent, viewerAgentId, queueName);
  }

  private postMessage(contact: ContactRecord, from: ChatMessage['from'], text: string): ChatMessage {
    const message = this.store.appendMessage({ id: randomUUID(), contactId: contact.id, from, text, createdAt: this.now() });
    contact.lastSequence = message.sequence;
    this.hub.emit('customer', contact.customerId, 'chat.message', { message });
    if (contact.agentId) this.hub.emit('agent', contact.agentId, 'chat.message', { message });
    return message;
  }

  private endInQueue(contact: ContactRecord, state: ContactState, reason: EndReason): void {
    const offeredTo = contact.offeredTo;
    contact.offeredTo = [];
    contact.endedAt = this.now();
    contact.endReason = reason;
    this.transition(contact, state);
    for (const agentId of offeredTo) this.hub.emit('agent', agentId, 'contact.removed', { contactId: contact.id });
    this.hub.emit('customer', contact.customerId, 'chat.closed', { contactId: contact.id, by: 'customer' });
  }

  private endConversation(contact: ContactRecord, by: 'customer' | 'agent'): void {
    contact.endedAt = this.now();
    contact.endReason = by;
    this.transition(contact, 'wrap_up');
    const event = { contactId: contact.id, by };
    this.hub.emit('customer', contact.customerId, 'chat.closed', event);
    if (contact.agentId) this.hub.emit('agent', contact.agentId, 'chat.closed', event);
  }

  /** The one setter of contact state: checks the table, stores, logs, announces. */
  private transition(contact: ContactRecord, to: ContactState): void {
    const from = contact.state;
    if (!canTransition(from, to)) throw notSuitableState(`contact ${contact.id} cannot go from ${from} to ${to}`);
    contact.state = to;
    this.store.saveContact(contact);
    if (to === 'completed' || to === 'abandoned' || to === 'cancelled' || to === 'dissuaded') this.live.delete(contact.id);
    this.log(`contact ${contact.id} ${from} -> ${to}`);
    this.hub.emit('customer', contact.customerId, 'contact.updated', { contact: this.view(contact, null) });
    if (contact.agentId) this.hub.emit('agent', contact.agentId, 'contact.updated', { contact: this.view(contact, contact.agentId) });
    this.changeListener();
  }
}
