/**
 * Chat conferences: the conversation's agent invites other agents; an invited agent sees it
 * pending, joins by accepting (or declines), and then reads and writes in it. The conversation's
 * agent may remove anyone; anyone may leave.
 */
import { inConversation, invalidArgs, notFound, notSuitableState, ProtocolError, type ContactView, type Participant } from '../../protocol/index.ts';
import type { ContactRecord } from '../store/index.ts';
import type { ContactCenter } from './contact-center.ts';
import { tellJoined, tellLeft } from './customer-notices.ts';

export class Conference {
  constructor(private readonly center: ContactCenter) {}

  invite(ownerId: string, contactId: string, agentId: string): ContactView {
    const contact = this.center.assignedTo(ownerId, contactId);
    if (!inConversation(contact.state)) throw notSuitableState(`chat is ${contact.state}`);
    const agent = this.center.agents.find(agentId);
    if (!agent) throw notFound(`agent ${agentId}`);
    if (agent.id === ownerId) throw invalidArgs('cannot invite yourself');
    if (agent.state === 'OFFLINE') throw notSuitableState(`agent ${agentId} is offline`);
    const { conference, invited } = contact.routing;
    if (conference.includes(agentId) || invited.includes(agentId)) throw notSuitableState(`agent ${agentId} is already in the conference`);
    this.center.update(contact, (c) => (c.routing.invited = [...invited, agentId]));
    this.announce(contact, 'conversation.participant-added', agentId, 'SUGGESTED');
    return this.center.view(contact, ownerId);
  }

  /** An invited agent accepts: it joins the conversation. */
  join(agentId: string, contact: ContactRecord): ContactView {
    if (!inConversation(contact.state)) throw notSuitableState(`chat is ${contact.state}`);
    this.center.update(contact, (c) => {
      c.routing.invited = c.routing.invited.filter((id) => id !== agentId);
      c.routing.conference = [...c.routing.conference, agentId];
    });
    this.announce(contact, 'conversation.participant-added', agentId, 'ACTIVE');
    tellJoined(this.center, contact, agentId, { sender: contact.agentId ?? agentId });
    return this.center.view(contact, agentId);
  }

  /** The conversation's agent removes someone, or an agent leaves (or declines its invitation). */
  remove(requesterId: string, contactId: string, agentId: string): ContactView {
    const contact = this.center.get(contactId);
    if (requesterId !== agentId && contact.agentId !== requesterId) throw new ProtocolError('forbidden', 'only the conversation\'s agent removes others');
    const { conference, invited } = contact.routing;
    if (!conference.includes(agentId) && !invited.includes(agentId)) throw notFound(`agent ${agentId} in the conference`);
    this.center.update(contact, (c) => {
      c.routing.conference = conference.filter((id) => id !== agentId);
      c.routing.invited = invited.filter((id) => id !== agentId);
    });
    this.announce(contact, 'conversation.participant-removed', agentId, 'ACTIVE');
    if (conference.includes(agentId)) tellLeft(this.center, contact, agentId, 'removed');
    return this.center.view(contact, requesterId);
  }

  private announce(contact: ContactRecord, topic: 'conversation.participant-added' | 'conversation.participant-removed', agentId: string, state: Participant['state']): void {
    const participant: Participant = { id: agentId, name: this.center.agents.get(agentId).name, role: 'AGENT', state };
    // The customer hears of agents who are in the conversation, not of invitations.
    if (state === 'ACTIVE') this.center.emitToCustomer(contact, topic, { contactId: contact.id, participant });
    this.center.emitToWatchers(contact, topic, { contactId: contact.id, participant });
  }
}
