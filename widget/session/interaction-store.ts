/**
 * The agent's view of its contacts, fed by server events. It emits `change` for the UI and
 * the host events (ON_NEW_INTERACTION, ...) for the host API.
 */
import { createNanoEvents } from 'nanoevents';
import type { AgentView, ChatMessage, ContactView, HostEventMap, HostEventName } from '../../protocol/index.ts';
import { interactionData } from '../api/interaction-data.ts';

export interface StoreEvents {
  change: () => void;
  host: <K extends HostEventName>(name: K, data: HostEventMap[K]) => void;
}

export class InteractionStore {
  readonly events = createNanoEvents<StoreEvents>();
  agent: AgentView | null = null;
  contacts = new Map<string, ContactView>();
  messages = new Map<string, ChatMessage[]>();
  activeId: string | null = null;

  reset(agent: AgentView | null, contacts: ContactView[] = []): void {
    const before = new Set(this.contacts.keys());
    this.agent = agent;
    this.contacts = new Map(contacts.map((c) => [c.id, c]));
    for (const id of before) if (!this.contacts.has(id)) this.forget(id);
    if (this.activeId && !this.contacts.has(this.activeId)) this.setActive(null);
    if (!this.activeId) this.setActive(contacts.find((c) => c.list === 'assigned')?.id ?? null);
    this.changed();
  }

  setAgent(agent: AgentView): void {
    this.agent = agent;
    this.changed();
  }

  upsertContact(contact: ContactView): void {
    const previous = this.contacts.get(contact.id);
    this.contacts.set(contact.id, contact);
    if (!previous) this.host('ON_NEW_INTERACTION', interactionData(contact));
    else if (previous.state !== contact.state) this.host('ON_INTERACTION_STATE_CHANGE', interactionData(contact));
    if (contact.list === 'assigned' && !this.activeId) this.setActive(contact.id);
    this.changed();
  }

  removeContact(id: string): void {
    if (!this.contacts.delete(id)) return;
    this.forget(id);
    this.changed();
  }

  /** Drops what is kept of a contact that left the list, and tells the host. */
  private forget(id: string): void {
    this.messages.delete(id);
    this.host('ON_INTERACTION_REMOVED', { interactionId: id });
    if (this.activeId === id) this.setActive([...this.contacts.values()].find((c) => c.list === 'assigned')?.id ?? null);
  }

  setMessages(contactId: string, messages: ChatMessage[]): void {
    const merged = new Map((this.messages.get(contactId) ?? []).map((m) => [m.sequence, m]));
    for (const m of messages) merged.set(m.sequence, m);
    this.messages.set(contactId, [...merged.values()].sort((a, b) => a.sequence - b.sequence));
    this.changed();
  }

  addMessage(message: ChatMessage): void {
    const list = this.messages.get(message.contactId) ?? [];
    if (list.some((m) => m.sequence === message.sequence)) return;
    this.setMessages(message.contactId, [message]);
    this.host('ON_CHAT_MESSAGE', {
      interactionId: message.contactId,
      messageId: message.id,
      text: message.text,
      from: message.from.name,
      fromType: message.from.kind === 'customer' ? 'external' : 'internal',
    });
  }

  setActive(id: string | null): void {
    if (this.activeId === id) return;
    this.activeId = id;
    this.host('ON_ACTIVE_INTERACTION_SWITCHED', { interactionId: id });
    this.changed();
  }

  private host<K extends HostEventName>(name: K, data: HostEventMap[K]): void {
    this.events.emit('host', name, data);
  }

  private changed(): void {
    this.events.emit('change');
  }
}
