/**
 * How a contact's conversation or wait ends: the customer leaving (in queue: abandoned or
 * cancelled; in conversation: wrap-up), the agent going away (back to the queue), a transfer
 * handed back to its sender, a contact ended in queue, a conversation ended. Each is a
 * transition through the contact center, inside the caller's unit of work; the customer and the
 * agents are told after the commit.
 */
import { inConversation, isWaiting, type EndReason } from '../../protocol/index.ts';
import type { ContactRecord } from '../store/index.ts';
import type { ContactCenter } from './contact-center.ts';
import { tellLeft } from './customer-notices.ts';
import { queueRouting } from './new-chat.ts';

/** The agents in the conversation: its agent and those who joined it. */
export function conversationAgents(contact: ContactRecord): Set<string> {
  const ids = new Set(contact.routing.conference);
  if (contact.agentId) ids.add(contact.agentId);
  return ids;
}

/** The customer left (closed it: `vvcu`, or gone past the grace period: `timeout`). */
export function customerLeft(center: ContactCenter, contact: ContactRecord, reason: 'vvcu' | 'timeout'): void {
  // The conversation had been delivered and is being transferred: its sender does the wrap-up.
  returnToSender(center, contact);
  if (isWaiting(contact.state)) {
    // Abandoned or cancelled by the time since the chat began (a requeue does not reset it).
    const abandoned = center.now() - contact.createdAt >= center.options.abandonAfterSeconds * 1000;
    endInQueue(center, contact, abandoned ? 'abandoned' : 'cancelled');
  } else if (inConversation(contact.state)) {
    // The agents stay in the contact (its wrap-up); the customer's channel is gone.
    const agents = conversationAgents(contact);
    const left = { id: contact.id, reason, ...(reason === 'vvcu' && { vvcu: contact.customerId }), channels: { total: agents.size, vvcu: 0, user: agents.size } };
    for (const agentId of agents) center.emitToAgent(agentId, 'contact.left', left);
    endConversation(center, contact, reason === 'vvcu' ? 'customer' : 'timeout');
  }
}

/** A contact being transferred goes back to the agent who sent it (it is theirs again, delivered). */
export function returnToSender(center: ContactCenter, contact: ContactRecord): void {
  const transfer = contact.routing.transfer;
  if (!isWaiting(contact.state) || !transfer) return;
  center.transition(contact, 'delivered', (c) => {
    c.agentId = transfer.fromAgentId;
    c.offeredTo = [];
    c.routing = { ...c.routing, ...queueRouting(center.queue(c.queue)) };
  });
}

/** The conversation's agent is gone: the chat waits in its queue again, and the customer is told why. */
export function backToQueue(center: ContactCenter, contact: ContactRecord, reason: 'agent_disconnected'): void {
  const agentId = contact.agentId;
  center.transition(contact, 'queued', (c) => {
    c.agentId = null;
    c.offeredTo = [];
    c.routing = { ...c.routing, attempts: 0, offerExpiresAt: null, excludedAgents: agentId ? [agentId] : [], transfer: null, conference: [], invited: [] };
  });
  if (agentId) tellLeft(center, contact, agentId, 'disconnected');
  center.emitToCustomer(contact, 'conversation.back-to-queue', { contactId: contact.id, reason });
  center.log(`contact ${contact.id} back to queue ${contact.queue}: ${reason}`);
}

export function endInQueue(center: ContactCenter, contact: ContactRecord, state: 'abandoned' | 'cancelled' | 'dissuaded'): void {
  const reason = ({ abandoned: 'abandon', cancelled: 'cancel', dissuaded: 'dissuasion' } as const)[state];
  center.emitToWatchers(contact, 'contact.cleared', { id: contact.id, reason });
  // offeredTo stays as it was: the agents it rang keep it in their terminated list.
  center.transition(contact, state, (c) => {
    c.endedAt = center.now();
    c.endReason = reason;
    c.routing.offerExpiresAt = null;
  });
  center.emitToCustomer(contact, 'chat.closed', { contactId: contact.id, by: 'customer', userId: contact.customerId });
}

/** The conversation is over: the contact goes to wrap-up, its customer and agent are told who ended it. */
export function endConversation(center: ContactCenter, contact: ContactRecord, by: EndReason & ('customer' | 'agent' | 'timeout')): void {
  const agents = conversationAgents(contact);
  center.transition(contact, 'wrap_up', (c) => {
    c.endedAt = center.now();
    c.endReason = by;
    c.routing.conference = []; // the conversation is over for everyone who joined it
    c.routing.invited = [];
  });
  if (by === 'agent' && contact.agentId) tellLeft(center, contact, contact.agentId, 'ended');
  const event = { contactId: contact.id, by, userId: by === 'agent' ? (contact.agentId ?? '') : by === 'customer' ? contact.customerId : '' };
  center.emitToCustomer(contact, 'chat.closed', event);
  for (const agentId of agents) if (agentId === contact.agentId) center.emitToAgent(agentId, 'chat.closed', event);
}
