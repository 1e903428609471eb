/**
 * What the agent does, from the UI or the host API: each action is a request on the session's
 * link, and its reply goes into the InteractionStore.
 */
import {
  type HostNoteResult,
  ProtocolError,
  newClientMessageId,
  type AgentState,
  type ChatMessage,
  type ContactList,
  type ContactView,
  type CustomTransferData,
  type InteractionAssociatedObject,
  type Note,
  type TeamMember,
  type TtrType,
} from '../../protocol/index.ts';
import { crmContext, variableOf, type CrmContext, type CrmContextKey } from '../api/crm-context.ts';
import { NO_CRM, type CrmHooks } from './crm-hooks.ts';
import { contactEvent } from './contact-events.ts';
import type { InteractionStore, OutgoingMessage } from './interaction-store.ts';
import type { SessionLink } from './session-link.ts';
import type { TransferRequest } from './transfer-request.ts';

/** Typing notices from the agent go out at most this often. */
const WRITING_EVERY_MS = 2_000;

/** What became of a note (seed 002's setAgentNote result, with the note's id). */
type NoteResult = HostNoteResult;

export class AgentActions {
  /** When each chat's last typing notice went out, and how far each was marked read (bounded: the latest 100 chats). */
  private readonly wroteAt = new Map<string, number>();
  private readonly readUpTo = new Map<string, number>();
  /** The host page's CRM, where the agent's work asks it (set by the host API). */
  crm: CrmHooks = NO_CRM;

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

  /** Transfers with `data` for the next agent's CRM (without it, the CRM of this page is asked for some). */
  async transfer(contactId: string, request: TransferRequest, data?: CustomTransferData): Promise<void> {
    await this.attachTransferData(contactId, data);
    this.store.upsertContact(await this.link.request({ type: 'contact.transfer', contactId, ...request }));
  }

  /** Keeps `data` (or what this page's CRM gives) with the contact for the next agent's CRM; `to`: the colleague it goes to, when known. */
  async attachTransferData(contactId: string, data?: CustomTransferData, to?: string): Promise<void> {
    const sent = data ?? (await this.crm.transferData(contactId));
    const contact = this.store.contacts.get(contactId);
    // An earlier transfer's data must not reach the next agent as this one's.
    if (Object.keys(sent ?? {}).length || contact?.attachedData[variableOf('transfer')]) {
      await this.setContext(contactId, 'transfer', { from: this.store.agent?.id ?? '', data: sent ?? {}, ...(to && { to }) });
    }
  }

  async startChat(customerId: string, queue?: string): Promise<ContactView> {
    const contact = await this.link.request({ type: 'chat.start', customerId, ...(queue && { queue }) });
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

  /** Links a CRM record to the contact (again: it replaces the one with its id and type), selected for the activity. */
  async linkRecord(contactId: string, record: InteractionAssociatedObject): Promise<void> {
    const current = this.context(contactId, 'objects') ?? { list: [], selected: [] };
    const list = [...current.list.filter((o) => !(o.id === record.id && o.type === record.type)), record];
    const selected = current.selected.includes(record.id) ? current.selected : [...current.selected, record.id];
    await this.setContext(contactId, 'objects', { list, selected });
  }

  /** Whether the activity is saved against this linked record. */
  async selectRecord(contactId: string, recordId: string, selected: boolean): Promise<void> {
    const current = this.context(contactId, 'objects') ?? { list: [], selected: [] };
    const others = current.selected.filter((id) => id !== recordId);
    await this.setContext(contactId, 'objects', { list: current.list, selected: selected ? [...others, recordId] : others });
  }

  private context<K extends CrmContextKey>(contactId: string, key: K): CrmContext[K] | undefined {
    const contact = this.store.contacts.get(contactId);
    return contact && crmContext(contact, key);
  }

  /** Keeps a part of the CRM context with the contact (crm-context.ts). */
  setContext<K extends CrmContextKey>(contactId: string, key: K, value: CrmContext[K]): Promise<void> {
    return this.setVariable(contactId, variableOf(key), JSON.stringify(value));
  }

  async updateNote(contactId: string, noteId: string, text: string): Promise<NoteResult> {
    return this.noted(contactId, await this.link.request({ type: 'contact.updateNote', contactId, noteId, text }));
  }

  async replaceNotes(contactId: string, text: string): Promise<NoteResult> {
    const reply = await this.link.request({ type: 'contact.replaceNotes', contactId, text });
    return this.noted(contactId, { ...reply, note: reply.notes.at(-1) });
  }

  async setDisposition(contactId: string, disposition: string): Promise<void> {
    this.store.upsertContact(await this.link.request({ type: 'contact.setDisposition', contactId, disposition }));
  }

  /** Adds a note; past MAX_NOTE_CHARS it is stored cut (seed 002's setAgentNote result), and the host hears it. */
  async addNote(contactId: string, text: string): Promise<NoteResult> {
    return this.noted(contactId, await this.link.request({ type: 'contact.addNote', contactId, text }));
  }

  private noted(contactId: string, reply: { note?: Note; truncated: boolean; truncatedText?: string }): NoteResult {
    const noteId = reply.note?.id ?? '';
    if (!reply.truncated) return { noteId, truncated: false };
    const truncatedText = reply.truncatedText ?? reply.note?.text ?? '';
    this.store.noteTruncated(contactId, { noteId, truncated: true, truncatedText });
    return { noteId, truncated: true, truncatedText };
  }

  async teamMembers(): Promise<TeamMember[]> {
    const { members } = await this.link.request({ type: 'team.members' });
    this.store.agentNames = new Map(members.map((m) => [m.id, m.name])); // notices and offers name them
    return members;
  }

  /**
   * Sends a text (`private`: a note to the other agents and supervisors, never the customer's).
   * It shows as outgoing at once (waiting out a lost connection); refused, it stays marked (NACK)
   * for the agent to retry or discard, and the promise rejects.
   */
  send(contactId: string, text: string, options: { private?: boolean; lang?: string } = {}): Promise<ChatMessage> {
    return this.deliver(contactId, { clientMessageId: newClientMessageId(), text, ...options });
  }

  /** Sends a link, an action or rich content (chat.post). */
  post(contactId: string, content: OutgoingMessage['content'] & object): Promise<ChatMessage> {
    return this.deliver(contactId, { clientMessageId: newClientMessageId(), text: '', content });
  }

  /** Sends a refused message again, with its own clientMessageId (stored once if it had got through). */
  retry(contactId: string, clientMessageId: string): Promise<ChatMessage> {
    const message = this.store.outgoing.get(contactId)?.find((m) => m.clientMessageId === clientMessageId);
    if (!message) return Promise.reject(new ProtocolError('not_found', 'that message is no longer waiting'));
    const { failed: _f, ...again } = message;
    return this.deliver(contactId, again);
  }

  /** Drops a refused message from the chat. */
  discard(contactId: string, clientMessageId: string): void {
    this.store.removeOutgoing(contactId, clientMessageId);
  }

  private async deliver(contactId: string, message: OutgoingMessage): Promise<ChatMessage> {
    this.store.addOutgoing(contactId, message);
    const { clientMessageId, text, content, lang } = message;
    const privately = message.private ? { private: true } : {};
    try {
      const stored = content
        ? await this.link.request({ type: 'chat.post', contactId, content, clientMessageId, ...privately })
        : await this.link.request({ type: 'chat.send', contactId, text, clientMessageId, ...privately, ...(lang && { lang }) });
      this.store.removeOutgoing(contactId, clientMessageId);
      this.store.addMessage(stored);
      return stored;
    } catch (err) {
      const { name, message: why } = err instanceof ProtocolError ? err : { name: 'internal', message: String((err as Error)?.message ?? err) };
      if (this.store.contacts.has(contactId)) {
        this.store.addOutgoing(contactId, { ...message, failed: { name, message: why } });
        this.store.emitContact(contactId, contactEvent('nack', clientMessageId, { name, message: why }));
      }
      throw err;
    }
  }

  /** The agent types (seed 000's sendIsWriting): the customer sees it; the server relays it at most every 2 s. */
  isWriting(contactId: string): void {
    const now = Date.now();
    if (now - (this.wroteAt.get(contactId) ?? 0) < WRITING_EVERY_MS) return;
    this.wroteAt.set(contactId, now);
    if (this.wroteAt.size > 100) this.wroteAt.delete(this.wroteAt.keys().next().value!);
    this.store.emitContact(contactId, contactEvent('localiswriting'));
    void this.link.request({ type: 'chat.activity', contactId, activity: 'writing' }).catch(() => {});
  }

  /** The agent has seen the chat up to `sequence`: the customer gets a READ receipt (once per new message). */
  read(contactId: string, sequence: number): void {
    if ((this.readUpTo.get(contactId) ?? 0) >= sequence) return;
    this.readUpTo.set(contactId, sequence);
    if (this.readUpTo.size > 100) this.readUpTo.delete(this.readUpTo.keys().next().value!);
    void this.link.request({ type: 'chat.read', contactId, upTo: sequence }).catch(() => this.readUpTo.delete(contactId));
  }

  /** Seed 002's setTTR: a type's time to respond, or CUSTOM `value` seconds. */
  async setTtr(contactId: string, type: TtrType, value?: number): Promise<void> {
    this.store.setTtr(contactId, await this.link.request({ type: 'contact.setTTR', contactId, ttrType: type, ...(value !== undefined && { value }) }));
  }

  /** Seed 002's setManualETTR: answer by `time` (ms since epoch), or null for the TTR's deadline. */
  async setManualETTR(contactId: string, time: number | null): Promise<void> {
    this.store.setTtr(contactId, await this.link.request({ type: 'contact.setManualETTR', contactId, time }));
  }

  async end(contactId: string): Promise<void> {
    this.store.upsertContact(await this.link.request({ type: 'contact.end', contactId }));
  }

  async complete(contactId: string): Promise<void> {
    const state = this.store.contacts.get(contactId)?.state;
    if (state !== 'wrap_up') throw new ProtocolError('not_suitable_state', `contact is ${state ?? 'unknown'}, not in wrap-up`);
    const invalid = await this.crm.validateRecords(contactId);
    if (invalid) throw new ProtocolError('not_suitable_state', invalid);
    const record = await this.crm.saveActivity(contactId);
    if (record?.id) await this.setContext(contactId, 'activity', record);
    const done = await this.link.request({ type: 'contact.complete', contactId });
    if (this.store.contacts.has(contactId)) this.store.upsertContact(done);
    this.store.removeContact(contactId);
  }
}
