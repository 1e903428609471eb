import type { ContactRecord } from '../store/index.ts';

/**
 * Whether the agent works the contact: its assigned agent, one who joined it (conference), or
 * the one transferring it. An agent it is merely offered to or who is invited does not.
 */
export function isAgentOfContact(contact: ContactRecord, agentId: string): boolean {
  return contact.agentId === agentId || contact.routing.conference.includes(agentId) || contact.routing.transfer?.fromAgentId === agentId;
}

/**
 * Whether the agent reads the conversation: its agents (above), one who joined it or is invited,
 * and one it is offered to while the offer stands (not after).
 */
export function readsConversation(contact: ContactRecord, agentId: string): boolean {
  return (
    isAgentOfContact(contact, agentId) ||
    contact.routing.conference.includes(agentId) ||
    contact.routing.invited.includes(agentId) ||
    (contact.state === 'offered' && contact.offeredTo.includes(agentId))
  );
}
