/**
 * The contact lifecycle: customers start chats, agents talk, end and complete them. Every state
 * change goes through `transition`, checked against CONTACT_TRANSITIONS, stored, then published
 * to the customer and to every agent who sees the contact (Vivocha's hidden/pending/assigned/
 * terminated lists). Offers, transfers and wrap-up build on the primitives here.
 */
import { randomUUID } from 'node:crypto';
import {
  OPEN_CHAT_STATES,
  TERMINAL_CONTACT_STATES,
  inConversation,
  isWaiting,
  canTransition,
  notFound,
  notSuitableState,
  ProtocolError,
  type ChatMessage,
  type ContactList,
  type ContactState,
  type ContactView,
  type Disposition,
  type EndReason,
  type ServerEventMap,
  type ServerTopic,
} from '../../protocol/index.ts';
import type { AgentDirectory } from '../agents/index.ts';
import type { QueueConfig } from '../config.ts';
import type { SessionHub } from '../sessions/index.ts';
import type { ContactRecord, CustomerRecord, HistoryQuery, Store } from '../store/index.ts';
import { contactView, listOf } from './views.ts';

export interface ChatStart {
  room: string;
  lang?: string;
  source?: string;
  chatId?: string;
  name?: string;
}

export interface ContactCenterOptions {
  queues: readonly QueueConfig[];
  dispositions: readonly Disposition[];
  abandonAfterSeconds: number;
}

export type Logger = (line: string) => void;

export class ContactCenter {
  /** Contacts not yet completed or ended in queue, by id. */
  private readonly live = new Map<string, ContactRecord>();
  private readonly customers = new Map<string, CustomerRecord>();
  /** Which agents were last told about a contact, and in which of their lists it was. */
  private readonly seenBy = new Map<string, Map<string, ContactList>>();
  readonly queues: ReadonlyMap<string, QueueConfig>;
  private readonly listeners = new Set<(contact: ContactRecord, isNew: boolean) => void>();
  private lastEnqueuedAt = 0;

  constructor(
    readonly store: Store,
    private readonly hub: SessionHub,
    readonly agents: AgentDirectory,
    readonly options: ContactCenterOptions,
    readonly now: () => number = Date.now,
    readonly log: Logger = () => {},
  ) {
    this.queues = new Map(options.queues.map((q) => [q.id, q]));
    for (const contact of store.listLiveContacts()) this.live.set(contact.id, contact);
  }

  /** Called after every change of a contact, and once for a new contact before it is announced (the router listens). */
  onChange(listener: (contact: ContactRecord, isNew: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  liveContacts(): Iterable<ContactRecord> {
    return this.live.values();
  }

  get(id: string): ContactRecord {
    const contact = this.live.get(id) ?? this.store.getContact(id);
    if (!contact) throw notFound(`contact ${id}`);
    return contact;
  }

  /** A contact still in play (not completed or ended in queue), if it is. */
  findLive(id: string): ContactRecord | undefined {
    return this.live.get(id);
  }

  queue(id: string): QueueConfig {
    const queue = this.queues.get(id);
    if (!queue) throw notFound(`queue ${id}`);
    return queue;
  }

  // ---- customers ----

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
  startChat(customerId: string, start: ChatStart, route = true): { contact: ContactView; messages: ChatMessage[] } {
    if (start.chatId) {
      const contact = this.ownedBy(customerId, start.chatId);
      return { contact: this.view(contact, null), messages: this.store.listMessages(contact.id, {}) };
    }
    const queue = this.queues.get(start.room);
    if (!queue) throw notFound(`room ${start.room}`);
    const now = this.enqueueTime();
    const contact: ContactRecord = {
      id: randomUUID(),
      type: 'chat',
      queue: queue.id,
      state: 'queued',
      priority: queue.priority,
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
      routing: {
        mode: queue.mode,
        attempts: 0,
        offerExpiresAt: null,
        excludedAgents: [],
        requiredSkills: [...queue.skills],
        targetAgentId: null,
        allowBusy: false,
        transfer: null,
        disposition: null,
        notes: [],
        foreverAlone: false,
        conference: [],
        invited: [],
      },
    };
    this.live.set(contact.id, contact);
    this.save(contact);
    this.log(`contact ${contact.id} queued in ${contact.queue}`);
    // The router may offer it at once; then that offer is the first the agents hear of it.
    if (route) for (const listener of this.listeners) listener(contact, true);
    if (contact.state === 'queued' && route) this.publish(contact);
    return { contact: this.view(contact, null), messages: [] };
  }

  customerSend(customerId: string, contactId: string, text: string): ChatMessage {
    const contact = this.ownedBy(customerId, contactId);
    if (!OPEN_CHAT_STATES.includes(contact.state)) throw notSuitableState(`chat is ${contact.state}`);
    const customer = this.customer(customerId);
    return this.postMessage(contact, { kind: 'customer', id: customer.id, name: customer.name }, text);
  }

  /**
   * The customer leaves: in conversation, or while its agent transfers it, it goes to wrap-up;
   * in queue it is abandoned or cancelled, by the time since the chat began.
   */
  customerClose(customerId: string, contactId: string): ContactView {
    const contact = this.ownedBy(customerId, contactId);
    const transfer = contact.routing.transfer;
    if (isWaiting(contact.state) && transfer) {
      // The conversation had been delivered: its sender does the wrap-up.
      this.transition(contact, 'delivered', (c) => {
        c.agentId = transfer.fromAgentId;
        c.offeredTo = [];
        c.routing = { ...c.routing, transfer: null, offerExpiresAt: null, targetAgentId: null, allowBusy: false, excludedAgents: [] };
      });
      this.endConversation(contact, 'customer');
    } else if (isWaiting(contact.state)) {
      const abandoned = this.now() - contact.createdAt >= this.options.abandonAfterSeconds * 1000;
      this.endInQueue(contact, abandoned ? 'abandoned' : 'cancelled');
    } else if (inConversation(contact.state)) {
      this.endConversation(contact, 'customer');
    } else {
      throw notSuitableState(`chat is already ${contact.state}`);
    }
    return this.view(contact, null);
  }

  // ---- agents ----

  /** Everything an agent sees: assigned, pending and hidden contacts. */
  agentContacts(agentId: string): ContactView[] {
    const views: ContactView[] = [];
    for (const contact of this.live.values()) {
      if (!this.audience(contact).has(agentId)) continue;
      this.seen(contact.id).set(agentId, listOf(contact, agentId));
      views.push(this.view(contact, agentId));
    }
    return views;
  }

  agentSend(agentId: string, contactId: string, text: string): ChatMessage {
    const contact = this.get(contactId);
    if (contact.agentId !== agentId && !contact.routing.conference.includes(agentId)) {
      throw new ProtocolError('forbidden', `you are not in the conversation ${contactId}`);
    }
    if (!inConversation(contact.state)) throw notSuitableState(`chat is ${contact.state}`);
    const agent = this.agents.get(agentId);
    return this.postMessage(contact, { kind: 'agent', id: agent.id, name: agent.nickname }, text);
  }

  /** The agent ends the conversation; the contact goes to wrap-up. */
  agentEnd(agentId: string, contactId: string): ContactView {
    const contact = this.assignedTo(agentId, contactId);
    if (!inConversation(contact.state)) throw notSuitableState(`chat is ${contact.state}`);
    this.endConversation(contact, 'agent');
    return this.view(contact, agentId);
  }

  /** Chat history for its customer, its agent, or an agent it is offered or being transferred to. */
  history(viewer: { kind: 'agent' | 'customer'; id: string }, contactId: string, query: HistoryQuery): ChatMessage[] {
    const contact = this.store.getContact(contactId);
    const allowed =
      contact &&
      (viewer.kind === 'customer'
        ? contact.customerId === viewer.id
        : contact.agentId === viewer.id ||
          contact.offeredTo.includes(viewer.id) ||
          contact.routing.transfer?.fromAgentId === viewer.id ||
          contact.routing.conference.includes(viewer.id) ||
          contact.routing.invited.includes(viewer.id));
    if (!contact || !allowed) throw notFound(`contact ${contactId}`);
    return this.store.listMessages(contactId, query);
  }

  /** The agent takes a terminated contact off its lists (Vivocha's `clear`). */
  forget(agentId: string, contactId: string): void {
    const seen = this.seenBy.get(contactId);
    seen?.delete(agentId);
    if (seen?.size === 0) this.seenBy.delete(contactId);
    this.emitToAgent(agentId, 'contact.removed', { contactId });
  }

  // ---- primitives for offers, transfers and wrap-up ----

  assignedTo(agentId: string, contactId: string): ContactRecord {
    const contact = this.get(contactId);
    if (contact.agentId !== agentId) throw new ProtocolError('forbidden', `contact ${contactId} is not assigned to you`);
    return contact;
  }

  /** The one setter of contact state: applies `change`, checks the table, stores, logs, publishes. */
  transition(contact: ContactRecord, to: ContactState, change: (c: ContactRecord) => void = () => {}): void {
    const from = contact.state;
    if (from !== to && !canTransition(from, to)) throw notSuitableState(`contact ${contact.id} cannot go from ${from} to ${to}`);
    change(contact);
    contact.state = to;
    if (TERMINAL_CONTACT_STATES.includes(to)) this.live.delete(contact.id);
    this.save(contact);
    if (from !== to) this.log(`contact ${contact.id} ${from} -> ${to}`);
    this.publish(contact);
  }

  /** Stores a change that keeps the state (routing data, notes) and publishes it. */
  update(contact: ContactRecord, change: (c: ContactRecord) => void): void {
    this.transition(contact, contact.state, change);
  }

  view(contact: ContactRecord, viewerAgentId: string | null): ContactView {
    return contactView(contact, viewerAgentId, {
      customer: this.customer(contact.customerId),
      agent: contact.agentId ? this.agents.find(contact.agentId) : undefined,
      queueName: this.queues.get(contact.queue)?.name ?? contact.queue,
      agentName: (id) => this.agents.find(id)?.name ?? id,
    });
  }

  emitToAgent<T extends ServerTopic>(agentId: string, topic: T, data: ServerEventMap[T]): void {
    this.hub.emit('agent', agentId, topic, data);
  }

  emitToCustomer<T extends ServerTopic>(contact: ContactRecord, topic: T, data: ServerEventMap[T]): void {
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

  endInQueue(contact: ContactRecord, state: 'abandoned' | 'cancelled' | 'dissuaded'): void {
    const reason = ({ abandoned: 'abandon', cancelled: 'cancel', dissuaded: 'dissuasion' } as const)[state];
    this.emitToWatchers(contact, 'contact.cleared', { id: contact.id, reason });
    // offeredTo stays as it was: the agents it rang keep it in their terminated list.
    this.transition(contact, state, (c) => {
      c.endedAt = this.now();
      c.endReason = reason;
      c.routing.offerExpiresAt = null;
    });
    this.emitToCustomer(contact, 'chat.closed', { contactId: contact.id, by: 'customer' });
  }

  /** A clock for queue order that never repeats: two chats started in one millisecond keep their order. */
  enqueueTime(): number {
    this.lastEnqueuedAt = Math.max(this.now(), this.lastEnqueuedAt + 1);
    return this.lastEnqueuedAt;
  }

  // ---- internals ----

  ownedBy(customerId: string, contactId: string): ContactRecord {
    const contact = this.live.get(contactId) ?? this.store.getContact(contactId);
    if (!contact || contact.customerId !== customerId) throw notFound(`chat ${contactId}`);
    return contact;
  }

  private seen(contactId: string): Map<string, ContactList> {
    let seen = this.seenBy.get(contactId);
    if (!seen) this.seenBy.set(contactId, (seen = new Map()));
    return seen;
  }

  private save(contact: ContactRecord): void {
    this.store.saveContact(contact);
  }

  private postMessage(contact: ContactRecord, from: ChatMessage['from'], text: string): ChatMessage {
    const message = this.store.appendMessage({ id: randomUUID(), contactId: contact.id, from, text, createdAt: this.now() });
    contact.lastSequence = message.sequence;
    this.emitToCustomer(contact, 'chat.message', { message });
    for (const agentId of new Set([contact.agentId, ...contact.routing.conference])) if (agentId) this.emitToAgent(agentId, 'chat.message', { message });
    return message;
  }

  private endConversation(contact: ContactRecord, by: 'customer' | 'agent'): void {
    this.transition(contact, 'wrap_up', (c) => {
      c.endedAt = this.now();
      c.endReason = by;
      c.routing.conference = []; // the conversation is over for everyone who joined it
      c.routing.invited = [];
    });
    const event = { contactId: contact.id, by };
    this.emitToCustomer(contact, 'chat.closed', event);
    if (contact.agentId) this.emitToAgent(contact.agentId, 'chat.closed', event);
  }

  /**
   * Tells the customer and every agent in the contact's audience how it looks now; agents who
   * no longer see it get `contact.removed`. An agent for whom it just became pending gets
   * `contact.offered`. A contact that ended in queue stays, terminated, with the agents it was
   * offered to, until they clear it; a completed one leaves every list.
   */
  private publish(contact: ContactRecord): void {
    this.store.transaction(() => this.publishNow(contact));
    for (const listener of this.listeners) listener(contact, false);
  }

  private publishNow(contact: ContactRecord): void {
    this.emitToCustomer(contact, 'contact.updated', { contact: this.view(contact, null) });
    const seen = this.seen(contact.id);
    const terminal = TERMINAL_CONTACT_STATES.includes(contact.state);
    const audience = terminal
      ? new Set(contact.state === 'completed' ? [] : contact.offeredTo.filter((id) => seen.get(id) === 'pending'))
      : this.audience(contact);
    for (const agentId of seen.keys()) {
      if (!audience.has(agentId)) {
        seen.delete(agentId);
        // Its own agent sees how it ended (completed) before it leaves the list.
        if (terminal && contact.agentId === agentId) this.emitToAgent(agentId, 'contact.updated', { contact: this.view(contact, agentId) });
        this.emitToAgent(agentId, 'contact.removed', { contactId: contact.id });
      }
    }
    // The agents it is offered or assigned to first: they act on it; the others only watch.
    const ordered = [...audience].sort((a, b) => Number(listOf(contact, b) !== 'hidden') - Number(listOf(contact, a) !== 'hidden'));
    for (const agentId of ordered) {
      const list = listOf(contact, agentId);
      const view = this.view(contact, agentId);
      this.emitToAgent(agentId, list === 'pending' && seen.get(agentId) !== 'pending' ? 'contact.offered' : 'contact.updated', { contact: view });
      seen.set(agentId, list);
    }
    if (terminal && seen.size === 0) this.seenBy.delete(contact.id);
  }
}
