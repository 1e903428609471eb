/**
 * What the agent does, from the UI or the host API: each action is a request on the session's
 * link, and its reply goes into the InteractionStore.
 */
import { ProtocolError, newClientMessageId, type AgentState, type ChatMessage, type ContactList, type ContactView, type TeamMember } from '../../protocol/index.ts';
import type { InteractionStore } from './interaction-store.ts';
import type { SessionLink } from './session-link.ts';
import type { TransferRequest } from './transfer-request.ts';

/** Points where the host page may take part (its answered events), set by the host API. */
export interface SessionHooks {
  /** Variables to attach to a contact before it is transferred. */
  transferData(contactId: string, request: TransferRequest): Promise<Record<string, string>>;
  /** The CRM saves the activity before completion; returns the id of its record, if any. */
  saveActivity(contactId: string): Promise<string | undefined>;
}

export class AgentActions {
  hooks: SessionHooks = { transferData: async () => ({}), saveActivity: async () => undefined };

  constructor(
    private readonly link: SessionLink,
    private readonly store: InteractionStore,
  ) {}

  async setAgentState(state: AgentState): Promise<void> {
    this.store.setAgent(await this.link.request({ type: 'agent.setState', state }));
  }

  async accept(contactId: string): Promise<void> {
    this.store.upsertContact(await this.link.request({ type: 'contact.accept', contactId }));
    this.store.setActive(contactId);
    await this.link.loadHistory(contactId);
  }

  async decline(contactId: string): Promise<void> {
    this.store.upsertContact(await this.link.request({ type: 'contact.decline', contactId }));
  }

  /** Takes a terminated contact, or a broadcast offer, off this agent's lists. */
  async clear(contactId: string): Promise<void> {
    await this.link.request({ type: 'contact.clear', contactId });
    if (this.store.listOf(contactId) === 'terminated') this.store.removeContact(contactId);
  }

  moveTo(contactId: string, list: Exclude<ContactList, 'terminated'>): void {
    this.store.moveTo(contactId, list);
  }

  async transfer(contactId: string, request: TransferRequest): Promise<void> {
    const data = await this.hooks.transferData(contactId, request);
    for (const [name, value] of Object.entries(data)) await this.setVariable(contactId, name, String(value));
    this.store.upsertContact(await this.link.request({ type: 'contact.transfer', contactId, ...request }));
  }

  async startChat(customerId: string): Promise<ContactView> {
    const contact = await this.link.request({ type: 'chat.start', customerId });
    this.store.upsertContact(contact);
    this.store.setActive(contact.id);
    return contact;
  }

  async invite(contactId: string, agentId: string): Promise<void> {
    this.store.upsertContact(await this.link.request({ type: 'contact.invite', contactId, agentId }));
  }

  async removeParticipant(contactId: string, agentId: string): Promise<void> {
    this.store.upsertContact(await this.link.request({ type: 'contact.removeParticipant', contactId, agentId }));
  }

  async setVariable(contactId: string, name: string, value: string): Promise<void> {
    this.store.upsertContact(await this.link.request({ type: 'contact.setVariable', contactId, name, value }));
  }

  async updateNote(contactId: string, noteId: string, text: string): Promise<{ truncated: boolean }> {
    const reply = await this.link.request({ type: 'contact.updateNote', contactId, noteId, text });
    return { truncated: reply.truncated };
  }

  async replaceNotes(contactId: string, text: string): Promise<{ truncated: boolean }> {
    const reply = await this.link.request({ type: 'contact.replaceNotes', contactId, text });
    return { truncated: reply.truncated };
  }

  async setDisposition(contactId: string, disposition: string): Promise<void> {
    this.store.upsertContact(await this.link.request({ type: 'contact.setDisposition', contactId, disposition }));
  }

  async addNote(contactId: string, text: string): Promise<{ noteId: string; truncated: boolean }> {
    const reply = await this.link.request({ type: 'contact.addNote', contactId, text });
    return { noteId: reply.note.id, truncated: reply.truncated };
  }

  async teamMembers(): Promise<TeamMember[]> {
    return (await this.link.request({ type: 'team.members' })).members;
  }

  /** Sends a chat message; it shows as outgoing until the server stored it (after a reconnect, if the connection is down). */
  async send(contactId: string, text: string): Promise<ChatMessage> {
    const clientMessageId = newClientMessageId();
    this.store.addOutgoing(contactId, { clientMessageId, text });
    try {
      const message = await this.link.request({ type: 'chat.send', contactId, text, clientMessageId });
      this.store.addMessage(message);
      return message;
    } finally {
      this.store.removeOutgoing(contactId, clientMessageId);
    }
  }

  async end(contactId: string): Promise<void> {
    this.store.upsertContact(await this.link.request({ type: 'contact.end', contactId }));
  }

  async complete(contactId: string): Promise<void> {
    const state = this.store.contacts.get(contactId)?.state;
    if (state !== 'wrap_up') throw new ProtocolError('not_suitable_state', `contact is ${state ?? 'unknown'}, not in wrap-up`);
    const recordId = await this.hooks.saveActivity(contactId);
    if (recordId) await this.setVariable(contactId, 'crm.activity', recordId);
    const done = await this.link.request({ type: 'contact.complete', contactId });
    if (this.store.contacts.has(contactId)) this.store.upsertContact(done);
    this.store.removeContact(contactId);
  }
}
