/** How a contact looks on the wire, from one agent's point of view (or the customer's). */
import {
  TERMINAL_CONTACT_STATES,
  TTR_SECONDS,
  ttrEffective,
  type ActivityContact,
  type ContactList,
  type ContactView,
  type CustomerChatView,
  type ChatMessage,
  type CustomerPartyView,
  type FeedChat,
  type Interventor,
  type Participant,
  type ServerEventMap,
  type TtrView,
} from '../../protocol/index.ts';
import type { AgentRecord, ContactRecord, CustomerRecord } from '../store/index.ts';
import { callView, customerCallView } from '../calls/call-views.ts';
import { isLive } from '../calls/call-record.ts';

export function listOf(contact: ContactRecord, viewerAgentId: string | null): ContactList {
  if (TERMINAL_CONTACT_STATES.includes(contact.state)) return 'terminated';
  if (viewerAgentId && contact.agentId === viewerAgentId) return 'assigned';
  // An internal call's calling agent holds it while it is live.
  if (viewerAgentId && isLive(contact.call) && contact.call.callerAgentId === viewerAgentId) return 'assigned';
  // So does the agent who transfers a call: they keep it, held, until someone takes it.
  if (viewerAgentId && isLive(contact.call) && contact.call.transferFrom === viewerAgentId) return 'assigned';
  if (viewerAgentId && contact.routing.conference.includes(viewerAgentId)) return 'assigned';
  if (viewerAgentId && contact.routing.invited.includes(viewerAgentId)) return 'pending';
  if (viewerAgentId && contact.state === 'offered' && contact.offeredTo.includes(viewerAgentId)) return 'pending';
  return 'hidden';
}

/** Routed to this agent alone: it may be declined, and letting it lapse pauses the agent. */
export const isMine = (contact: ContactRecord, agentId: string | null) =>
  contact.state === 'offered' && contact.routing.mode === 'direct' && contact.offeredTo.length === 1 && contact.offeredTo[0] === agentId;

export function participants(contact: ContactRecord, customer: CustomerRecord, agentName: (id: string) => string): Participant[] {
  const list: Participant[] = [{ id: customer.id, name: customer.name, role: 'CONSUMER', state: 'ACTIVE' }];
  if (contact.agentId) list.push({ id: contact.agentId, name: agentName(contact.agentId), role: 'ASSIGNED_AGENT', state: 'ACTIVE' });
  for (const id of contact.routing.conference) list.push({ id, name: agentName(id), role: 'AGENT', state: 'ACTIVE' });
  for (const id of contact.routing.invited) list.push({ id, name: agentName(id), role: 'AGENT', state: 'SUGGESTED' });
  const transfer = contact.routing.transfer;
  if (transfer) {
    list.push({ id: transfer.fromAgentId, name: agentName(transfer.fromAgentId), role: 'AGENT', state: 'ACTIVE' });
    for (const id of contact.state === 'offered' ? contact.offeredTo : []) list.push({ id, name: agentName(id), role: 'AGENT', state: 'SUGGESTED' });
  }
  return list;
}

export interface ViewContext {
  customer: CustomerRecord;
  agent: AgentRecord | undefined;
  queueName: string;
  agentName: (id: string) => string;
  agentOf: (id: string) => AgentRecord | undefined;
  /** Messages after what `participantId` read, not their own (private ones only for agents). */
  unread: (participantId: string, withPrivate: boolean) => number;
  /** When the customer's oldest unanswered message was stored, or null. */
  unansweredSince: () => number | null;
}

/** The time to respond as agents see it: NORMAL until an agent sets it; effective while the conversation waits for an answer. */
export function ttrView(contact: ContactRecord, ctx: Pick<ViewContext, 'unansweredSince'>): TtrView {
  const ttr = contact.routing.ttr ?? { type: 'NORMAL' as const, seconds: TTR_SECONDS.NORMAL, manualETTR: null };
  const open = !TERMINAL_CONTACT_STATES.includes(contact.state) && contact.state !== 'wrap_up';
  return { ...ttr, effective: open ? ttrEffective(ttr, ctx.unansweredSince()) : null };
}

/** The highest sequence any agent read up to (the customer's messages show read past it). */
function agentsReadUpTo(contact: ContactRecord): number {
  const reads = contact.routing.reads ?? {};
  return Math.max(0, ...Object.entries(reads).filter(([id]) => id !== contact.customerId).map(([, upTo]) => upTo));
}

/** The customer as the agents in the conversation see them, with what the brand vouched for. */
function customerParty(customer: CustomerRecord): CustomerPartyView {
  return { id: customer.id, name: customer.name, authType: customer.authType, ...(customer.verified && { verified: customer.verified }) };
}

/** The customer's view of their chat: what the conversation is, never what agents keep about it. */
export function customerView(contact: ContactRecord, ctx: ViewContext): CustomerChatView {
  return {
    id: contact.id,
    type: contact.type,
    state: contact.state,
    queue: contact.queue,
    queueName: ctx.queueName,
    customer: { id: ctx.customer.id, name: ctx.customer.name },
    agent: ctx.agent ? { id: ctx.agent.id, name: ctx.agent.name, nickname: ctx.agent.nickname } : null,
    participants: participants(contact, ctx.customer, ctx.agentName)
      .filter((p) => p.state === 'ACTIVE' && !(contact.routing.transfer && p.id === contact.routing.transfer.fromAgentId && p.role === 'AGENT'))
      .map(({ id, name, role }) => ({ id, name, role })),
    lang: contact.lang,
    createdAt: contact.createdAt,
    deliveredAt: contact.deliveredAt,
    endedAt: contact.endedAt,
    endReason: contact.endReason,
    call: customerCallView(contact.call),
    unread: ctx.unread(contact.customerId, false),
    agentsReadUpTo: agentsReadUpTo(contact),
    csat: contact.routing.csat ?? null,
    transfer: transferView(contact, ctx),
  };
}

/** A transfer as its customer sees it: who from, and who to when it goes to an agent. */
function transferView(contact: ContactRecord, ctx: ViewContext): CustomerChatView['transfer'] {
  const transfer = contact.routing.transfer;
  if (!transfer) return null;
  const agent = (id: string) => ({ id, name: ctx.agentName(id) });
  return { from: agent(transfer.fromAgentId), to: transfer.toAgent ? agent(transfer.toAgent) : null };
}

/**
 * An agent who only sees the contact in the hidden list (it waits for someone else) gets a slim
 * entry: id, queue, waiting since, customer display name, priority. Nothing of the conversation.
 */
export function hiddenView(contact: ContactRecord, ctx: ViewContext): ContactView {
  return {
    id: contact.id,
    type: contact.type,
    state: 'queued',
    list: 'hidden',
    isMine: false,
    queue: contact.queue,
    queueName: ctx.queueName,
    customer: { id: ctx.customer.id, name: ctx.customer.name, authType: ctx.customer.authType },
    agent: null,
    lang: contact.lang,
    source: '',
    attachedData: {},
    priority: contact.priority,
    mode: contact.routing.mode,
    offerExpiresAt: null,
    participants: [],
    transfer: null,
    disposition: null,
    notes: [],
    createdAt: contact.createdAt,
    deliveredAt: null,
    endedAt: null,
    completedAt: null,
    endReason: null,
    call: null, // a hidden entry is told again only when its queue or priority change: a call state here would go stale
    unread: 0,
    customerReadUpTo: 0,
    ttr: null,
    csat: null,
  };
}

/** What a hidden entry shows: when it changes, agents who see the contact hidden are told again. */
export const hiddenSignature = (contact: ContactRecord) => `${contact.queue}|${contact.priority}`;

/**
 * The contact as one agent sees it: slim in the hidden list; offered (pending), the offer and a
 * transfer's message but not what the conversation's agents keep (notes, variables, disposition);
 * the full record once the agent is in it (assigned, conference) or it ended with them.
 */
export function contactView(contact: ContactRecord, viewerAgentId: string, ctx: ViewContext): ContactView {
  const list = listOf(contact, viewerAgentId);
  if (list === 'hidden') return hiddenView(contact, ctx);
  const full = fullView(contact, viewerAgentId, ctx);
  if (list === 'pending') {
    const { closeData: _kept, ...offered } = full;
    return { ...offered, attachedData: {}, notes: [], disposition: null, csat: null };
  }
  return full;
}

function fullView(contact: ContactRecord, viewerAgentId: string, ctx: ViewContext): ContactView {
  const { routing } = contact;
  return {
    id: contact.id,
    type: contact.type,
    state: contact.state,
    list: listOf(contact, viewerAgentId),
    isMine: isMine(contact, viewerAgentId),
    queue: contact.queue,
    queueName: ctx.queueName,
    customer: customerParty(ctx.customer),
    agent: ctx.agent ? { id: ctx.agent.id, name: ctx.agent.name, nickname: ctx.agent.nickname } : null,
    lang: contact.lang,
    source: contact.source,
    attachedData: contact.attachedData,
    priority: contact.priority,
    mode: routing.mode,
    offerExpiresAt: contact.state === 'offered' ? routing.offerExpiresAt : null,
    participants: participants(contact, ctx.customer, ctx.agentName),
    transfer: routing.transfer ? { fromAgentId: routing.transfer.fromAgentId, message: routing.transfer.message } : null,
    disposition: routing.disposition,
    notes: routing.notes,
    createdAt: contact.createdAt,
    deliveredAt: contact.deliveredAt,
    endedAt: contact.endedAt,
    completedAt: contact.completedAt,
    endReason: contact.endReason,
    call: callView(contact, { customer: ctx.customer, agentOf: ctx.agentOf, viewerAgentId }),
    unread: ctx.unread(viewerAgentId, true),
    customerReadUpTo: contact.routing.reads?.[contact.customerId] ?? 0,
    ttr: ttrView(contact, ctx),
    csat: contact.routing.csat ?? null,
    ...(routing.closeData && { closeData: routing.closeData }),
  };
}

// ---- supervisors: a watched chat, the live feed, an intervention ----

/** A chat a supervisor watches without being in it: the full record (supervisors read every conversation). */
export const supervisorView = (contact: ContactRecord, supervisorId: string, ctx: ViewContext): ContactView => fullView(contact, supervisorId, ctx);

/** A contact as a supervisor's live feed lists it under its agent: who the customer is, the queue, since when. */
export function feedChatView(contact: ContactRecord, ctx: Pick<ViewContext, 'customer' | 'queueName'>): FeedChat {
  return {
    id: contact.id,
    type: contact.type,
    state: contact.state,
    customer: ctx.customer.name,
    queue: ctx.queueName,
    since: contact.deliveredAt ?? contact.createdAt,
    call: isLive(contact.call),
  };
}

/** The agents whose lists hold the contact other than hidden (listOf is pending or assigned for them): its agent, offers, invitations, conference, transfer and call parties. */
export function involvedAgents(contact: ContactRecord): string[] {
  if (TERMINAL_CONTACT_STATES.includes(contact.state)) return [];
  const ids = new Set([...contact.routing.conference, ...contact.routing.invited]);
  if (contact.agentId) ids.add(contact.agentId);
  if (contact.state === 'offered') for (const id of contact.offeredTo) ids.add(id);
  if (contact.routing.transfer) ids.add(contact.routing.transfer.fromAgentId);
  if (isLive(contact.call) && contact.call.callerAgentId) ids.add(contact.call.callerAgentId);
  if (isLive(contact.call) && contact.call.transferFrom) ids.add(contact.call.transferFrom);
  return [...ids];
}

/** What the host agent state table (protocol/host-agent-state.ts) reads of a contact, for one agent, from the record. */
export function activityContact(contact: ContactRecord, agentId: string): ActivityContact {
  const call = contact.call && { state: contact.call.state, direction: contact.call.direction, transferring: !!contact.call.transferFrom && contact.call.state !== 'ended' };
  return { list: listOf(contact, agentId), state: contact.state, call };
}

/** A supervisor joined the conversation: the customer hears it with their chat as they see it (seed 001's `chat:intervened`), agents without it. */
export function interventionNotice(contact: ContactRecord, interventor: Interventor, audience: 'customer' | 'agent', ctx: ViewContext): ServerEventMap['chat.intervened'] {
  return audience === 'customer' ? { contactId: contact.id, chat: customerView(contact, ctx), interventor } : { contactId: contact.id, interventor };
}

/** A party who receives messages: the customer, or an agent (a supervisor too). */
export interface Viewer {
  kind: 'customer' | 'agent';
  id: string;
}

/** Mints a link to a hosted file for one party (the attachments service). */
export type FileLinker = (fileId: string, viewer: Viewer) => { url: string; expiresAt: number };

/**
 * A message as one party receives it: a hosted file carries a link made for them. Links expire,
 * so none is stored: each event, history page and reply mints its own.
 */
export function messageView(message: ChatMessage, viewer: Viewer, fileLink: FileLinker | null): ChatMessage {
  const content = message.content;
  if (content?.kind !== 'file' || !fileLink) return message;
  return { ...message, content: { ...content, ...fileLink(content.id, viewer) } };
}
