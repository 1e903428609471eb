/** Outbound chat: an agent starts a chat with a known customer; it is the agent's at once. */
import { OPEN_CHAT_STATES, notSuitableState, type ContactView } from '../../protocol/index.ts';
import type { ContactCenter } from './contact-center.ts';
import { tellJoined } from './customer-notices.ts';

export function startOutbound(center: ContactCenter, agentId: string, customerId: string, queueId = center.options.queues[0].id): ContactView {
  const customer = center.customer(customerId);
  if ([...center.liveContacts()].some((c) => c.customerId === customer.id && OPEN_CHAT_STATES.includes(c.state))) {
    throw notSuitableState(`${customer.name} is already in a chat`);
  }
  const { contact } = center.startChat(customer.id, { room: queueId, source: 'outbound' }, false);
  const record = center.get(contact.id);
  center.transition(record, 'delivered', (c) => {
    c.agentId = agentId;
    c.deliveredAt = center.now();
  });
  center.agents.touch(agentId);
  tellJoined(center, record, agentId, { sender: agentId });
  return center.view(record, agentId);
}

