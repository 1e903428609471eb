/** How a contact looks on the wire, from one agent's point of view (or the customer's). */
import { TERMINAL_CONTACT_STATES, type ContactList, type ContactView } from '../../protocol/index.ts';
import type { AgentRecord, ContactRecord, CustomerRecord } from '../store/index.ts';

export function listOf(contact: ContactRecord, viewerAgentId: string | null): ContactList {
  if (TERMINAL_CONTACT_STATES.includes(contact.state)) return 'terminated';
  if (viewerAgentId && contact.agentId === viewerAgentId) return 'assigned';
  if (viewerAgentId && contact.state === 'offered' && contact.offeredTo.includes(viewerAgentId)) return 'pending';
  return 'hidden';
}

export function contactView(
  contact: ContactRecord,
  customer: CustomerRecord,
  agent: AgentRecord | undefined,
  viewerAgentId: string | null,
  queueName: string,
): ContactView {
  return {
    id: contact.id,
    type: contact.type,
    state: contact.state,
    list: listOf(contact, viewerAgentId),
    isMine: contact.state === 'offered' && contact.offeredTo.length === 1 && contact.offeredTo[0] === viewerAgentId,
    queue: contact.queue,
    queueName,
    customer: { id: customer.id, name: customer.name },
    agent: agent ? { id: agent.id, name: agent.name, nickname: agent.nickname } : null,
    lang: contact.lang,
    source: contact.source,
    attachedData: contact.attachedData,
    createdAt: contact.createdAt,
    deliveredAt: contact.deliveredAt,
    endedAt: contact.endedAt,
    completedAt: contact.completedAt,
    endReason: contact.endReason,
  };
}
