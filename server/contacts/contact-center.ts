/**
 * The contact lifecycle: customers start chats, agents talk, end and complete them. Every state
 * change goes through `transition`, checked against CONTACT_TRANSITIONS, stored, then published
 * (fan-out.ts) to the customer and to every agent who sees the contact. Offers, transfers and
 * wrap-up build on the primitives here. Everything runs inside the caller's unit of work: the
 * events it emits leave after the commit.
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
  type ContactState,
  type ContactType,
  type ContactView,
  type CustomerChatView,
  type Disposition,
  type EndReason,
  type ServerEventMap,
  type ServerTopic,
} from '../../protocol/index.ts';
import type { AgentDirectory } from '../agents/index.ts';
import type { QueueConfig } from '../config.ts';
import type { Outbox, SessionHub } from '../sessions/index.ts';
import type { CallRecord, ContactRecord, ContactRouting, CustomerRecord, Store } from '../store/index.ts';
import { FanOut } from './fan-out.ts';
import { LiveContacts } from './live-contacts.ts';
import { newChatContact, queueRouting } from './new-chat.ts';
import { contactView, customerView, messageView, type FileLinker, type Viewer } from './views.ts';
import { tellLeft } from './customer-notices.ts';

export interface ChatStart {
  room: string;
  lang?: string;
  source?: string;
  chatId?: string;
  name?: string;
  /** A call routed like any contact: type `voice`, with its call. */
  contactType?: ContactType;
  call?: CallRecord;
  /** Seed 001's init config (the chat's offer rules, within the server's limits) and historyWatch. */
  assign?: ContactRouting['assign'];
  historyWatch?: boolean;
}

/** What a sender posts: text (for content, its plain fallback), content, and whether only agents see it. */
export type MessageBody = Pick<ChatMessage, 'text' | 'content' | 'private'>;

/** Watches contact transitions inside their unit of work (the calls: a call ends with its conversation). */
export type TransitionHook = (contact: ContactRecord, from: ContactState, to: ContactState) => void;

export interface ContactCenterOptions {
  queues: readonly QueueConfig[];
  dispositions: readonly Disposition[];
  abandonAfterSeconds: number;
}

export type Logger = (line: string) => void;

export class ContactCenter {
  private readonly contacts: LiveContacts;
  private readonly fanOut: FanOut;
  readonly queues: ReadonlyMap<string, QueueConfig>;
  private readonly listeners = new Set<(contact: ContactRecord, isNew: boolean) => void>();
  private readonly messageListeners = new Set<(contact: ContactRecord, message: ChatMessage) => void>();
  private transitionHook: TransitionHook | null = null;
  private fileLinker: FileLinker | null = null;
  private lastEnqueuedAt = 0;

  constructor(
    readonly store: Store,
    hub: SessionHub,
    readonly agents: AgentDirectory,
    readonly options: ContactCenterOptions,
    readonly now: () => number = Date.now,
    readonly log: Logger = () => {},
  ) {
    this.queues = new Map(options.queues.map((q) => [q.id, q]));
    this.contacts = new LiveContacts(store, now);
    this.fanOut = new FanOut(hub, agents, (contact, viewer) => this.view(contact, viewer), (contact) => this.customerView(contact));
    this.outbox = hub.outbox;
    this.outbox.onRebuild(() => this.contacts.reload());
  }

  readonly outbox: Outbox;

  /** Called after every change of a contact, and once for a new contact before it is announced (the router listens). */
  onChange(listener: (contact: ContactRecord, isNew: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs inside every transition, after its change and before it is stored (one hook: the calls). */
  setTransitionHook(hook: TransitionHook): void {
    this.transitionHook = hook;
  }

  /** Mints the links of hosted files in the messages each party receives (the attachments service). */
  setFileLinker(linker: FileLinker): void {
    this.fileLinker = linker;
  }

  /** A message as `viewer` receives it (views.ts): a hosted file with a link of their own. */
  messageFor(message: ChatMessage, viewer: Viewer): ChatMessage {
    return messageView(message, viewer, this.fileLinker);
  }

  liveContacts(): Iterable<ContactRecord> {
    return this.contacts.all();
  }

  get(id: string): ContactRecord {
    return this.contacts.get(id);
  }

  /** A contact still in play (not completed or ended in queue), if it is. */
  findLive(id: string): ContactRecord | undefined {
    return this.contacts.find(id);
  }

  ownedBy(customerId: string, contactId: string): ContactRecord {
    return this.contacts.ownedBy(customerId, contactId);
  }

  queue(id: string): QueueConfig {
    const queue = this.queues.get(id);
    if (!queue) throw notFound(`queue ${id}`);
    return queue;
  }

  isConversation(contact: ContactRecord): boolean {
    return inConversation(contact.state);
  }

  // ---- customers ----

  createCustomer(name: string | undefined, verified?: CustomerRecord['verified']): CustomerRecord {
    return this.contacts.createCustomer(name, verified);
  }

  /** The brand vouched for this customer (a verified token). */
  verifyCustomer(id: string, verified: NonNullable<CustomerRecord['verified']>): void {
    this.contacts.verify(id, verified);
  }

  customer(id: string): CustomerRecord {
    return this.contacts.customer(id);
  }

  /** Loads the customer's chat `chatId`, or queues a new chat in the queue named by `room`. */
  startChat(customerId: string, start: ChatStart, route = true): { contact: CustomerChatView; messages: ChatMessage[] } {
    if (start.chatId) {
      const contact = this.ownedBy(customerId, start.chatId);
      const viewer = { kind: 'customer' as const, id: customerId };
      return { contact: this.customerView(contact), messages: this.store.listMessages(contact.id, { publicOnly: true }).map((m) => this.messageFor(m, viewer)) };
    }
    const queue = this.queues.get(start.room);
    if (!queue) throw notFound(`room ${start.room}`);
    const contact = newChatContact({ customerId, queue, enqueuedAt: this.enqueueTime(), lang: start.lang, source: start.source, type: start.contactType, call: start.call, assign: start.assign, historyWatch: start.historyWatch });
    this.contacts.add(contact);
    this.log(`contact ${contact.id} queued in ${contact.queue}`);
    // The router may offer it at once; then that offer is the first the agents hear of it.
    if (route) for (const listener of this.listeners) listener(contact, true);
    if (contact.state === 'queued' && route) this.publish(contact);
    return { contact: this.customerView(contact), messages: [] };
  }

  customerSend(customerId: string, contactId: string, body: MessageBody, clientMessageId?: string): ChatMessage {
    const contact = this.ownedBy(customerId, contactId);
    const again = clientMessageId && this.store.findMessageByClientId(contact.id, customerId, clientMessageId);
    if (again) return again; // a retried send: stored once, told once
    if (!OPEN_CHAT_STATES.includes(contact.state)) throw notSuitableState(`chat is ${contact.state}`);
    if (body.private) throw new ProtocolError('forbidden', 'private messages are for agents and supervisors');
    const customer = this.customer(customerId);
    return this.postMessage(contact, { kind: 'customer', id: customer.id, name: customer.name }, body, clientMessageId);
  }

  /** The customer closes the chat (in queue: abandoned or cancelled; else wrap-up), storing `extraData`; success: false when it had ended already. */
  customerClose(customerId: string, contactId: string, extraData?: Record<string, unknown>): { success: boolean; chat: CustomerChatView } {
    const contact = this.ownedBy(customerId, contactId);
    if (!isWaiting(contact.state) && !inConversation(contact.state)) return { success: false, chat: this.customerView(contact) };
    this.outbox.run(() => {
      if (extraData) contact.routing.closeData = extraData; // stored by the transitions that follow
      this.customerLeft(contact, 'vvcu');
    });
    return { success: true, chat: this.customerView(contact) };
  }

  /** The customer left (closed it: `vvcu`, or gone past the grace period: `timeout`). */
  customerLeft(contact: ContactRecord, reason: 'vvcu' | 'timeout'): void {
    // The conversation had been delivered and is being transferred: its sender does the wrap-up.
    this.returnToSender(contact);
    if (isWaiting(contact.state)) {
      // Abandoned or cancelled by the time since the chat began (a requeue does not reset it).
      const abandoned = this.now() - contact.createdAt >= this.options.abandonAfterSeconds * 1000;
      this.endInQueue(contact, abandoned ? 'abandoned' : 'cancelled');
    } else if (inConversation(contact.state)) {
      const left = { id: contact.id, reason, ...(reason === 'vvcu' && { vvcu: contact.customerId }) };
      for (const agentId of this.conversationAgents(contact)) this.emitToAgent(agentId, 'contact.left', left);
      this.endConversation(contact, reason === 'vvcu' ? 'customer' : 'timeout');
    }
  }

  /** A contact being transferred goes back to the agent who sent it (it is theirs again, delivered). */
  returnToSender(contact: ContactRecord): void {
    const transfer = contact.routing.transfer;
    if (!isWaiting(contact.state) || !transfer) return;
    this.transition(contact, 'delivered', (c) => {
      c.agentId = transfer.fromAgentId;
      c.offeredTo = [];
      c.routing = { ...c.routing, ...queueRouting(this.queue(c.queue)) };
    });
  }

  // ---- agents ----

  /** Everything an agent sees: assigned, pending and hidden contacts. */
  agentContacts(agentId: string): ContactView[] {
    const views: ContactView[] = [];
    for (const contact of this.contacts.all()) {
      const view = this.fanOut.viewFor(contact, agentId);
      if (view) views.push(view);
    }
    return views;
  }

  agentSend(agentId: string, contactId: string, body: MessageBody, clientMessageId?: string): ChatMessage {
    const contact = this.get(contactId);
    if (contact.agentId !== agentId && !contact.routing.conference.includes(agentId)) {
      throw new ProtocolError('forbidden', `you are not in the conversation ${contactId}`);
    }
    const again = clientMessageId && this.store.findMessageByClientId(contact.id, agentId, clientMessageId);
    if (again) return again;
    if (!inConversation(contact.state)) throw notSuitableState(`chat is ${contact.state}`);
    const agent = this.agents.get(agentId);
    return this.postMessage(contact, { kind: 'agent', id: agent.id, name: agent.nickname }, body, clientMessageId);
  }

  /** The agent ends the conversation; the contact goes to wrap-up. */
  agentEnd(agentId: string, contactId: string): ContactView {
    const contact = this.assignedTo(agentId, contactId);
    if (!inConversation(contact.state)) throw notSuitableState(`chat is ${contact.state}`);
    this.endConversation(contact, 'agent');
    return this.view(contact, agentId);
  }

  /** The conversation's agent is gone: the chat waits in its queue again, and the customer is told why. */
  backToQueue(contact: ContactRecord, reason: 'agent_disconnected'): void {
    const agentId = contact.agentId;
    this.transition(contact, 'queued', (c) => {
      c.agentId = null;
      c.offeredTo = [];
      c.routing = { ...c.routing, attempts: 0, offerExpiresAt: null, excludedAgents: agentId ? [agentId] : [], transfer: null, conference: [], invited: [] };
    });
    if (agentId) tellLeft(this, contact, agentId, 'disconnected');
    this.emitToCustomer(contact, 'conversation.back-to-queue', { contactId: contact.id, reason });
    this.log(`contact ${contact.id} back to queue ${contact.queue}: ${reason}`);
  }

  /** An agent who had joined the conversation is gone from it. */
  leaveConference(contact: ContactRecord, agentId: string): void {
    this.update(contact, (c) => {
      c.routing.conference = c.routing.conference.filter((id) => id !== agentId);
      c.routing.invited = c.routing.invited.filter((id) => id !== agentId);
    });
  }

  /** The agent takes a terminated contact off its lists (Vivocha's `clear`). */
  forget(agentId: string, contactId: string): void {
    this.fanOut.forget(agentId, contactId);
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
    this.outbox.run(() => {
      change(contact);
      contact.state = to;
      this.transitionHook?.(contact, from, to);
      this.contacts.save(contact, TERMINAL_CONTACT_STATES.includes(to));
      if (from !== to) this.log(`contact ${contact.id} ${from} -> ${to}`);
      this.publish(contact);
    });
  }

  /** Stores a change that keeps the state (routing data, notes) and publishes it. */
  update(contact: ContactRecord, change: (c: ContactRecord) => void): void {
    this.transition(contact, contact.state, change);
  }

  /** The contact as this agent may see it (views.ts decides what each audience gets). */
  view(contact: ContactRecord, viewerAgentId: string): ContactView {
    return contactView(contact, viewerAgentId, this.viewContext(contact));
  }

  /** The chat as its customer sees it. */
  customerView(contact: ContactRecord): CustomerChatView {
    return customerView(contact, this.viewContext(contact));
  }

  /** What views.ts needs to build a view of the contact. */
  viewContext(contact: ContactRecord) {
    return {
      customer: this.customer(contact.customerId),
      agent: contact.agentId ? this.agents.find(contact.agentId) : undefined,
      queueName: this.queues.get(contact.queue)?.name ?? contact.queue,
      agentName: (id: string) => this.agents.find(id)?.name ?? id,
      agentOf: (id: string) => this.agents.find(id),
      unread: (participantId: string, withPrivate: boolean) =>
        this.store.countMessagesAfter(contact.id, contact.routing.reads?.[participantId] ?? 0, participantId, withPrivate),
      unansweredSince: () => this.store.unansweredSince(contact.id),
    };
  }

  emitToAgent<T extends ServerTopic>(agentId: string, topic: T, data: ServerEventMap[T]): void {
    this.fanOut.emitToAgent(agentId, topic, data);
  }

  emitToCustomer<T extends ServerTopic>(contact: ContactRecord, topic: T, data: ServerEventMap[T]): void {
    this.fanOut.emitToCustomer(contact, topic, data);
  }

  /** Sends an event to every agent who currently sees the contact. */
  emitToWatchers<T extends ServerTopic>(contact: ContactRecord, topic: T, data: ServerEventMap[T], except?: string): void {
    this.fanOut.emitToWatchers(contact, topic, data, except);
  }

  audience(contact: ContactRecord): Set<string> {
    return this.fanOut.audience(contact);
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
    this.emitToCustomer(contact, 'chat.closed', { contactId: contact.id, by: 'customer', userId: contact.customerId });
  }

  /** A clock for queue order that never repeats: two chats started in one millisecond keep their order. */
  enqueueTime(): number {
    this.lastEnqueuedAt = Math.max(this.now(), this.lastEnqueuedAt + 1);
    return this.lastEnqueuedAt;
  }

  // ---- internals ----

  private conversationAgents(contact: ContactRecord): Set<string> {
    const ids = new Set(contact.routing.conference);
    if (contact.agentId) ids.add(contact.agentId);
    return ids;
  }

  /** Stores a message and tells the conversation; a private one never reaches the customer. The caller checks who may post. */
  postMessage(contact: ContactRecord, from: ChatMessage['from'], body: MessageBody, clientMessageId?: string, createdAt = this.now()): ChatMessage {
    return this.outbox.run(() => {
      const message = this.store.appendMessage({ id: randomUUID(), contactId: contact.id, from, ...body, createdAt, clientMessageId });
      contact.lastSequence = message.sequence;
      const toAgent = (agentId: string) => this.emitToAgent(agentId, 'chat.message', { message: this.messageFor(message, { kind: 'agent', id: agentId }) });
      if (!message.private) this.emitToCustomer(contact, 'chat.message', { message: this.messageFor(message, { kind: 'customer', id: contact.customerId }) });
      const agents = this.conversationAgents(contact);
      for (const agentId of agents) toAgent(agentId);
      // The agents it rings for see what the customer writes meanwhile (the offer shows it).
      if (!message.private && contact.state === 'offered') for (const agentId of contact.offeredTo) if (!agents.has(agentId)) toAgent(agentId);
      for (const listener of this.messageListeners) listener(contact, message);
      return message;
    });
  }

  /** Called inside the unit of work of every stored message (idle timers listen). */
  onMessage(listener: (contact: ContactRecord, message: ChatMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /** The conversation is over: the contact goes to wrap-up, its customer and agent are told who ended it. */
  endConversation(contact: ContactRecord, by: EndReason & ('customer' | 'agent' | 'timeout')): void {
    const agents = this.conversationAgents(contact);
    this.transition(contact, 'wrap_up', (c) => {
      c.endedAt = this.now();
      c.endReason = by;
      c.routing.conference = []; // the conversation is over for everyone who joined it
      c.routing.invited = [];
    });
    if (by === 'agent' && contact.agentId) tellLeft(this, contact, contact.agentId, 'ended');
    const event = { contactId: contact.id, by, userId: by === 'agent' ? (contact.agentId ?? '') : by === 'customer' ? contact.customerId : '' };
    this.emitToCustomer(contact, 'chat.closed', event);
    for (const agentId of agents) if (agentId === contact.agentId) this.emitToAgent(agentId, 'chat.closed', event);
  }

  private publish(contact: ContactRecord): void {
    this.fanOut.publish(contact);
    for (const listener of this.listeners) listener(contact, false);
  }
}
