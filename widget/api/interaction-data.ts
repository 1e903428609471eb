/** Maps a contact as the server sends it to Bright Pattern's InteractionData. */
import {
  interactionStateOf,
  type ChatParty,
  type ContactView,
  type InteractionData,
  type InteractionOrigination,
} from '../../protocol/index.ts';
import { crmContext, hostAttachedData } from './crm-context.ts';

/** How the interaction came to this agent, when the agent (or its CRM) started it or joined it. */
function origination(contact: ContactView, me: string | null): InteractionOrigination | undefined {
  if (contact.source === 'outbound') return 'integration-api';
  if (me && contact.agent && contact.agent.id !== me && contact.participants.some((p) => p.id === me && p.role === 'AGENT')) return 'conference';
  return undefined;
}

export function interactionData(contact: ContactView, dispositionName: (id: string) => string, me: string | null, now = Date.now()): InteractionData {
  const chatParties: ChatParty[] = [];
  if (contact.type === 'chat') {
    const email = contact.attachedData.email;
    chatParties.push({ id: contact.customer.id, type: 'external', name: contact.customer.name, contactId: contact.customer.id, ...(email && { email }) });
    // Its agent and the agents who joined a conference (not those only suggested).
    for (const p of contact.participants) {
      if (p.role !== 'CONSUMER' && p.state === 'ACTIVE' && p.id !== contact.transfer?.fromAgentId) chatParties.push({ id: p.id, type: 'internal', name: p.name, userId: p.id });
    }
  }
  const attachedData = hostAttachedData(contact.attachedData);
  const data: InteractionData = {
    interactionId: contact.id,
    globalInteractionId: contact.id,
    state: interactionStateOf(contact.state, contact.list),
    type: contact.type,
    callParties: [],
    callMuted: false,
    callRecording: false,
    chatParties,
    attachedData,
    internal: false,
    interactionKind: contact.type === 'chat' ? 'chat' : 'unknown',
    service: contact.queueName,
    startTime: contact.createdAt,
    duration: Math.round(((contact.endedAt ?? now) - contact.createdAt) / 1000),
    subject: attachedData.subject ?? '',
    associatedObjects: crmContext(contact, 'objects') ?? { list: [], selected: [] },
  };
  const email = contact.attachedData.email;
  if (email) data.email = email;
  if (contact.endedAt !== null) data.endTime = contact.endedAt;
  if (contact.disposition) data.disposition = dispositionName(contact.disposition);
  if (contact.notes.length) data.description = contact.notes.map((n) => n.text).join('\n');
  const how = origination(contact, me);
  if (how) data.origination = how;
  return data;
}
