/**
 * Seed 000's agent contact (VivochaAgentContact), its chat part, for one contact: the one way the
 * widget's UI and the host API write in a chat and hear it. It keeps no state of its own (the
 * InteractionStore does): make one whenever needed.
 *
 *   const contact = session.contact(contactId);
 *   const off = contact.on('text', (text, fromId, fromNick) => console.log(fromNick, text));
 *   await contact.sendText('Buongiorno', 'it');
 *   await contact.sendLink('https://shop.example.com/returns', 'Returns');
 */
import type { Unsubscribe } from 'nanoevents';
import { invalidArgs, type ChatMessage, type StructuredContent } from '../../protocol/index.ts';
import type { AgentActions } from './agent-actions.ts';
import type { ContactEventMap, ContactEventName } from './contact-events.ts';
import type { InteractionStore } from './interaction-store.ts';

/** Only these URLs are sent, and only these are links in the chat (never javascript:, data:, …). */
export const isWebUrl = (url: string): boolean => /^https?:\/\/[^\s]+$/i.test(url);

export class AgentContact {
  constructor(
    readonly id: string,
    private readonly store: InteractionStore,
    private readonly actions: AgentActions,
  ) {}

  /** Seed 000's `idle`: no message for the configured idle time. */
  get idle(): boolean {
    return this.store.contacts.get(this.id)?.idle ?? false;
  }

  /** Listens to one of seed 000's events of this contact; returns the function that stops it. */
  on<K extends ContactEventName>(name: K, handler: (...args: ContactEventMap[K]) => void): Unsubscribe {
    return this.store.events.on('contact', (contactId, event) => {
      if (contactId === this.id && event.name === name) (handler as (...args: unknown[]) => void)(...event.args);
    });
  }

  /** Sends a text; `lang`: its language (ISO 639-1). `private`: a note for agents and supervisors only. */
  sendText(text: string, lang?: string, options: { private?: boolean } = {}): Promise<ChatMessage> {
    return this.actions.send(this.id, text, { ...options, ...(lang && { lang }) });
  }

  /** Sends a link (http or https only) with an optional description. */
  sendLink(url: string, desc?: string): Promise<ChatMessage> {
    if (!isWebUrl(url)) return Promise.reject(invalidArgs('a link must be an http or https URL'));
    return this.actions.post(this.id, { kind: 'link', url, ...(desc && { desc }) });
  }

  /** Sends a custom message (a code and its arguments) for the customer's page to act on. */
  sendAction(code: string, args?: unknown[]): Promise<ChatMessage> {
    return this.actions.post(this.id, { kind: 'action', code, ...(args && { args }) });
  }

  /** Sends rich content with quick replies (one structured-content schema for both sides). */
  sendRich(rich: StructuredContent): Promise<ChatMessage> {
    return this.actions.post(this.id, { kind: 'rich', rich });
  }

  /** Tells the customer the agent is typing (at most every 2 s; `localiswriting` here). */
  sendIsWriting(): void {
    this.actions.isWriting(this.id);
  }

  /** Sends again a message the server refused (NACK). */
  retry(clientMessageId: string): Promise<ChatMessage> {
    return this.actions.retry(this.id, clientMessageId);
  }

  discard(clientMessageId: string): void {
    this.actions.discard(this.id, clientMessageId);
  }
}
