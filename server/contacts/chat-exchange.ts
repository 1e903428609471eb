/**
 * What the two sides of a chat exchange besides plain text: content messages (checked against
 * their limits, never cut), typing activity (relayed unstored, at a bounded rate), read marks with
 * their receipts, attachment-opened receipts, the customer's survey, and the time to respond.
 */
import {
  ACTIVITY_REPEAT_MS,
  CONTENT_SENDERS,
  MAX_RICH_CONTENT_CHARS,
  MAX_TEXT_CHARS,
  TERMINAL_CONTACT_STATES,
  TTR_SECONDS,
  contentChars,
  contentText,
  forbidden,
  inConversation,
  invalidArgs,
  notFound,
  notSuitableState,
  ProtocolError,
  type ChatActivity,
  type ChatMessage,
  type Csat,
  type CsatStatus,
  type MessageContent,
  type TtrType,
  type TtrView,
} from '../../protocol/index.ts';
import type { SessionHub } from '../sessions/index.ts';
import type { ContactRecord, HistoryQuery, SessionRecord } from '../store/index.ts';
import type { ContactCenter, MessageBody } from './contact-center.ts';
import { readsConversation } from './contact-access.ts';
import { ttrView } from './views.ts';

/** Senders whose last relayed activity is remembered; the oldest are forgotten past it. */
export const MAX_ACTIVITY_ENTRIES = 10_000;

type Party = { kind: 'customer' | 'agent'; id: string };

const tooLarge = (message: string) => new ProtocolError('too_large', message);

/** Checks a message against its limits: text over MAX_TEXT_CHARS or rich content over MAX_RICH_CONTENT_CHARS is refused, naming the limit. */
export function messageBody(sender: Party['kind'], text: string | undefined, content: MessageContent | undefined, isPrivate: boolean | undefined): MessageBody {
  if (content && !CONTENT_SENDERS[content.kind].includes(sender)) {
    const senders = CONTENT_SENDERS[content.kind];
    throw forbidden(senders.length ? `${content.kind} messages come from ${senders.join(' or ')}s` : `${content.kind} messages come only through chat.import`);
  }
  if (content?.kind === 'rich') {
    const chars = contentChars(content);
    if (chars > MAX_RICH_CONTENT_CHARS) throw tooLarge(`rich content is ${chars} characters of JSON, over the limit of ${MAX_RICH_CONTENT_CHARS}`);
  }
  const body = text ?? contentText(content!);
  if (body.length > MAX_TEXT_CHARS) throw tooLarge(`text is ${body.length} characters, over the limit of ${MAX_TEXT_CHARS}`);
  if (isPrivate && sender !== 'agent') throw forbidden('private messages are for agents and supervisors');
  return { text: body, ...(content && { content }), ...(isPrivate && { private: true as const }) };
}

export class ChatExchange {
  /** Per sender and contact, the activity relayed last and when (bounded: oldest first out). */
  private readonly lastActivity = new Map<string, { activity: ChatActivity; at: number }>();

  constructor(
    private readonly center: ContactCenter,
    private readonly hub: SessionHub,
  ) {
    // A message ends the sender's typing on the other side: their next `writing` is news again.
    center.onMessage((contact, message) => this.lastActivity.delete(`${message.from.kind}:${message.from.id}:${contact.id}`));
  }

  /** Posts a text or content message as the session's party. */
  send(session: SessionRecord, contactId: string, body: MessageBody, clientMessageId?: string): ChatMessage {
    return session.kind === 'agent'
      ? this.center.agentSend(session.subjectId, contactId, body, clientMessageId)
      : this.center.customerSend(session.subjectId, contactId, body, clientMessageId);
  }

  /**
   * Chat history for its customer (never private messages), its agent, an agent it is offered,
   * being transferred to, or in conference with, and any supervisor (who reads every conversation).
   */
  history(viewer: Party, contactId: string, query: HistoryQuery): ChatMessage[] {
    const contact = this.center.store.getContact(contactId);
    const allowed = contact && (viewer.kind === 'customer' ? contact.customerId === viewer.id : readsConversation(contact, viewer.id) || this.center.agents.isSupervisor(viewer.id));
    if (!contact || !allowed) throw notFound(`contact ${contactId}`);
    return this.center.store.listMessages(contactId, { ...query, publicOnly: viewer.kind === 'customer' }).map((m) => this.center.messageFor(m, viewer));
  }

  /** Relays typing activity to the other side, unstored; the same activity again within ACTIVITY_REPEAT_MS is not relayed. */
  activity(session: SessionRecord, contactId: string, activity: ChatActivity): { relayed: boolean } {
    const contact = this.party(session, contactId);
    if (!inConversation(contact.state)) return { relayed: false };
    const key = `${session.kind}:${session.subjectId}:${contactId}`;
    const now = this.center.now();
    const last = this.lastActivity.get(key);
    if (last && last.activity === activity && now - last.at < ACTIVITY_REPEAT_MS) return { relayed: false };
    this.lastActivity.delete(key); // re-inserted last: the map's order is the forgetting order
    this.lastActivity.set(key, { activity, at: now });
    if (this.lastActivity.size > MAX_ACTIVITY_ENTRIES) this.lastActivity.delete(this.lastActivity.keys().next().value!);
    const from = { kind: session.kind, id: session.subjectId, name: this.nameOf(session) };
    const frame = { type: 'signal' as const, topic: 'chat.activity' as const, data: { contactId, activity, from } };
    if (session.kind === 'agent') this.hub.signal('customer', contact.customerId, frame);
    for (const agentId of this.agentsOf(contact)) if (agentId !== session.subjectId) this.hub.signal('agent', agentId, frame);
    return { relayed: true };
  }

  /**
   * Marks the conversation read up to `upTo` (a sequence, or the sequence of message `messageId`)
   * for the session's party, never backwards, and sends a READ receipt to the other side.
   */
  read(session: SessionRecord, contactId: string, upTo: number | { messageId: string }): { upTo: number; unread: number } {
    const contact = this.party(session, contactId);
    const reads = contact.routing.reads ?? {};
    const mark = Math.min(typeof upTo === 'number' ? upTo : this.sequenceOf(session, contactId, upTo.messageId), contact.lastSequence);
    const before = reads[session.subjectId] ?? 0;
    const withPrivate = session.kind === 'agent';
    if (mark > before && !TERMINAL_CONTACT_STATES.includes(contact.state)) {
      this.center.update(contact, (c) => (c.routing.reads = { ...reads, [session.subjectId]: mark }));
      this.receipt(contact, { kind: session.kind, id: session.subjectId }, { status: 'READ', upTo: mark });
    }
    const now = Math.max(before, mark);
    return { upTo: now, unread: this.center.store.countMessagesAfter(contact.id, now, session.subjectId, withPrivate) };
  }

  /**
   * The hook for attachments: `by` opened the attachment of message `messageId`; its sender's side
   * gets an ACCESS receipt. Called by the attachment download route.
   */
  accessed(contactId: string, messageId: string, by: Party): void {
    const contact = this.center.get(contactId);
    const message = this.center.store.getMessage(contactId, messageId);
    if (!message) throw notFound(`message ${messageId}`);
    if (message.from.id === by.id) return; // the sender opening their own file is no news
    this.center.outbox.run(() => this.receipt(contact, by, { status: 'ACCESS', messageId }));
  }

  /** The customer's survey, once the chat closed; FILLED or SKIPPED is final. */
  csat(customerId: string, contactId: string, input: { rate?: number; resolutionConfirmation?: boolean; status?: CsatStatus }): Csat {
    const contact = this.center.ownedBy(customerId, contactId);
    if (contact.state !== 'wrap_up' && contact.state !== 'completed') throw notSuitableState(`the survey comes after the chat closed; it is ${contact.state}`);
    const previous = contact.routing.csat;
    if (previous && (previous.status === 'FILLED' || previous.status === 'SKIPPED')) throw notSuitableState(`the survey was already ${previous.status.toLowerCase()}`);
    const status = input.status ?? 'FILLED';
    const empty = status === 'SKIPPED' || status === 'EMPTY';
    if (empty && input.rate !== undefined) throw invalidArgs(`a ${status} survey has no rate`);
    if (!empty && input.rate === undefined) throw invalidArgs('rate (1 to 5) is required unless the status is SKIPPED or EMPTY');
    const csat: Csat = { rate: input.rate ?? null, resolutionConfirmation: input.resolutionConfirmation ?? null, status, at: this.center.now() };
    this.center.update(contact, (c) => (c.routing.csat = csat));
    return csat;
  }

  /** Sets the time to respond: URGENT, PRIORITIZED and NORMAL take their own seconds; CUSTOM takes `value`. */
  setTtr(agentId: string, contactId: string, type: TtrType, value?: number): TtrView {
    if (type === 'CUSTOM' && value === undefined) throw invalidArgs('a CUSTOM time to respond needs value (seconds)');
    if (type !== 'CUSTOM' && value !== undefined) throw invalidArgs(`${type} has its own time to respond; value is for CUSTOM`);
    const seconds = type === 'CUSTOM' ? value! : TTR_SECONDS[type];
    return this.changeTtr(agentId, contactId, (ttr) => ({ ...ttr, type, seconds }));
  }

  /** A deadline set by hand (ms since epoch), or null to go back to the TTR's. */
  setManualETTR(agentId: string, contactId: string, time: number | null): TtrView {
    if (time !== null && time <= this.center.now()) throw invalidArgs('the manual deadline is in the past');
    return this.changeTtr(agentId, contactId, (ttr) => ({ ...ttr, manualETTR: time }));
  }

  private changeTtr(agentId: string, contactId: string, change: (ttr: NonNullable<ContactRecord['routing']['ttr']>) => NonNullable<ContactRecord['routing']['ttr']>): TtrView {
    const contact = this.center.get(contactId);
    if (!this.agentsOf(contact).has(agentId)) throw forbidden(`you are not in the conversation ${contactId}`);
    if (!inConversation(contact.state)) throw notSuitableState(`contact is ${contact.state}: its time to respond no longer runs`);
    const current = contact.routing.ttr ?? { type: 'NORMAL' as const, seconds: TTR_SECONDS.NORMAL, manualETTR: null };
    this.center.update(contact, (c) => (c.routing.ttr = change(current)));
    const ttr = ttrView(contact, { unansweredSince: () => this.center.store.unansweredSince(contact.id) });
    for (const id of this.agentsOf(contact)) this.center.emitToAgent(id, 'conversation.ttr-change', { contactId, ttr });
    return ttr;
  }

  /** A receipt from `by` to the other side: the customer's go to the conversation's agents, an agent's to the customer. */
  private receipt(contact: ContactRecord, by: Party, what: { status: 'READ'; upTo: number } | { status: 'ACCESS'; messageId: string }): void {
    const data = { contactId: contact.id, ...what, by };
    if (by.kind === 'agent') this.center.emitToCustomer(contact, 'chat.receipt', data);
    else for (const agentId of this.agentsOf(contact)) this.center.emitToAgent(agentId, 'chat.receipt', data);
  }

  /** The sequence of a message the session may see (a customer never sees a private one). */
  private sequenceOf(session: SessionRecord, contactId: string, messageId: string): number {
    const message = this.center.store.getMessage(contactId, messageId);
    if (!message || (message.private && session.kind === 'customer')) throw notFound(`message ${messageId}`);
    return message.sequence;
  }

  /** The contact, if the session is its customer or one of its conversation's agents. */
  private party(session: SessionRecord, contactId: string): ContactRecord {
    if (session.kind === 'customer') return this.center.ownedBy(session.subjectId, contactId);
    const contact = this.center.get(contactId);
    if (!this.agentsOf(contact).has(session.subjectId)) throw forbidden(`you are not in the conversation ${contactId}`);
    return contact;
  }

  private agentsOf(contact: ContactRecord): Set<string> {
    const ids = new Set(contact.routing.conference);
    if (contact.agentId) ids.add(contact.agentId);
    return ids;
  }

  private nameOf(session: SessionRecord): string {
    return session.kind === 'agent' ? (this.center.agents.find(session.subjectId)?.nickname ?? session.subjectId) : this.center.customer(session.subjectId).name;
  }
}
