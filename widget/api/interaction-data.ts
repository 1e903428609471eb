/** Maps a contact as the server sends it to Bright Pattern's InteractionData. */
import { INTERACTION_STATE_OF, type ChatParty, type ContactView, type InteractionData } from '../../protocol/index.ts';

export function interactionData(contact: ContactView, dispositionName: (id: string) => string, now = Date.now()): InteractionData {
  const chatParties: ChatParty[] = [];
  if (contact.type === 'chat') {
    chatParties.push({ id: contact.customer.id, type: 'external', name: contact.customer.name, contactId: contact.customer.id });
    // Its agent and the agents who joined a conference (not those only suggested).
    for (const p of contact.participants) {
      if (p.role !== 'CONSUMER' && p.state === 'ACTIVE' && p.id !== contact.transfer?.fromAgentId) chatParties.push({ id: p.id, type: 'internal', name: p.name, userId: p.id });
    }
  }
  const data: InteractionData = {
    interactionId: contact.id,
    globalInteractionId: contact.id,
    state: INTERACTION_STATE_OF[contact.state],
    type: contact.type,
    callParties: [],
    chatParties,
    callMuted: false,
    callRecording: false,
    attachedData: { ...contact.attachedData },
    internal: false,
    service: contact.queueName,
    startTime: contact.createdAt,
    duration: Math.round(((contact.endedAt ?? now) - contact.createdAt) / 1000),
  };
  if (contact.endedAt !== null) data.endTime = contact.endedAt;
  if (contact.disposition) data.disposition = dispositionName(contact.disposition);
  if (contact.notes.length) data.description = contact.notes.map((n) => n.text).join('\n');
  return data;
}
