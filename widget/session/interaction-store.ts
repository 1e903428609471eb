/**
 * The agent's view of its contacts, fed by server events: Vivocha's lists (hidden, pending,
 * assigned, terminated), messages, drafts, the active interaction. It emits `change` for the UI,
 * `queuechange` when a contact moves between lists, and the host events (ON_NEW_INTERACTION,
 * ...) for the host API. Hidden contacts (offered to others) are not the agent's interactions:
 * the host does not see them.
 */
import { createNanoEvents } from 'nanoevents';
import { interactionStateOf } from '../../protocol/index.ts';
import type {
  AgentView,
  ChatMessage,
  ContactList,
  ContactView,
  Disposition,
  HostEventMap,
  HostEventName,
  InteractionData,
  QueueView,
  RequestBody,
  TeamView,
  TtrView,
  HostNoteTruncated,
} from '../../protocol/index.ts';
import { interactionData, type RecordingLink } from '../api/interaction-data.ts';
import { ChatMarks } from './chat-marks.ts';
import { contactEvent, messageEvent, type ContactEvent } from './contact-events.ts';

/** What of a call the host sees change (ON_INTERACTION_STATE_CHANGE): not its timestamps. */
const callKey = (c: ContactView['call']) =>
  c && JSON.stringify([c.state, c.hold, c.muted, c.recording, c.recordings.length, c.parked, c.video, c.sharing, c.parties.map((p) => `${p.id}:${p.state}`)]);

export interface QueueChange {
  id: string;
  assigned: boolean;
  pending: boolean;
  hidden: boolean;
}

/** A message on its way: shown as "Sending…" until the server stored it, or marked failed (NACK) with Retry. */
export interface OutgoingMessage {
  clientMessageId: string;
  text: string;
  /** A link, action or rich content (chat.post); absent for text. */
  content?: RequestBody<'chat.post'>['content'];
  private?: boolean;
  lang?: string;
  /** The server refused it (or it could not be sent): shown marked, to retry or discard. */
  failed?: { name: string; message: string };
}

/** A customer the agent has met, by whom an outbound chat may be started (startChat's address). */
export interface KnownCustomer {
  id: string;
  name: string;
  email?: string;
}

export interface StoreEvents {
  change: () => void;
  queuechange: (event: QueueChange) => void;
  /** A host event with its positional arguments. */
  host: (name: HostEventName, args: unknown[]) => void;
  /** Seed 000's contact events (contact-events.ts), of every contact: the contact facade filters them by id. */
  contact: (contactId: string, event: ContactEvent) => void;
}

const forHost = (list: ContactList | undefined) => list !== undefined && list !== 'hidden';
/** Customers remembered for startChat; past it the least recently seen go. */
const MAX_KNOWN_CUSTOMERS = 1_000;

/** How long "… is typing" shows after the customer's last typing notice. */
const TYPING_SHOWN_MS = 6_000;

export class InteractionStore {
  readonly events = createNanoEvents<StoreEvents>();
  agent: AgentView | null = null;
  contacts = new Map<string, ContactView>();
  messages = new Map<string, ChatMessage[]>();
  dispositions: Disposition[] = [];
  queues: QueueView[] = [];
  teams: TeamView[] = [];
  activeId: string | null = null;
  /** Messages the agent sent that the server has not confirmed yet (the connection may be down), by interaction. */
  outgoing = new Map<string, OutgoingMessage[]>();
  /** What is in the agent's input box, by interaction (the agent's typing, or text the host suggested). */
  drafts = new Map<string, string>();
  /** When the customer was last seen typing, by interaction (gone when they stop or send). */
  typing = new Map<string, number>();
  /** Customer messages the agent has not seen (arrived while another chat was shown), by interaction. */
  unread = new Map<string, number>();
  /** Customers of the agent's contacts, most recently seen last. */
  knownCustomers = new Map<string, KnownCustomer>();
  minimized = false;
  /** A host page (a CRM) is linked: the widget offers what needs one (its records, its knowledge base). */
  crmLinked = false;
  /** Links to the latest recording of each contact's call, for InteractionData (recording-links.ts keeps them fresh). */
  recordingLinks = new Map<string, RecordingLink>();
  /** Per chat: the private toggle, history paging, files opened, receipts told (chat-marks.ts). */
  readonly marks = new ChatMarks();
  /** Lists the agent moved contacts to locally (moveTo), until the server moves them. */
  private readonly moved = new Map<string, ContactList>();

  reset(agent: AgentView | null, contacts: ContactView[] = [], directory: { dispositions?: Disposition[]; queues?: QueueView[]; teams?: TeamView[] } = {}): void {
    if (agent?.id !== this.agent?.id) this.knownCustomers.clear(); // another agent's customers are not this one's
    this.agent = agent;
    this.dispositions = directory.dispositions ?? [];
    this.queues = directory.queues ?? [];
    this.teams = directory.teams ?? [];
    const incoming = new Set(contacts.map((c) => c.id));
    for (const id of [...this.contacts.keys()]) if (!incoming.has(id)) this.removeContact(id);
    for (const contact of contacts) this.upsertContact(contact);
    if (!this.activeId) this.setActive(contacts.find((c) => c.list === 'assigned')?.id ?? null);
    this.changed();
  }

  setAgent(agent: AgentView): void {
    this.agent = agent;
    this.changed();
  }

  /** The list a contact is in for this agent, local moves included. */
  listOf(id: string): ContactList | undefined {
    return this.moved.get(id) ?? this.contacts.get(id)?.list;
  }

  upsertContact(contact: ContactView): void {
    const previous = this.contacts.get(contact.id);
    const before = this.listOf(contact.id);
    if (previous && previous.list !== contact.list) this.moved.delete(contact.id);
    this.contacts.set(contact.id, contact);
    const after = this.listOf(contact.id);
    this.listChanged(contact.id, before, after);
    if (previous) this.joinedBetween(previous, contact);
    else this.marks.readAcked(contact.id, contact.customerReadUpTo); // receipts before now are not news
    if (forHost(after) && contact.csat && contact.csat.at !== previous?.csat?.at) this.host('ON_CHAT_CSAT', contact.id, contact.csat);
    if (forHost(after) && contact.closeData && !previous?.closeData) this.host('ON_CHAT_CLOSE_DATA', contact.id, contact.closeData);
    if (previous) this.ttrChanged(previous, contact);
    if (forHost(after)) this.remember(contact);
    if (!forHost(before) && forHost(after)) this.host('ON_NEW_INTERACTION', this.interaction(contact));
    else if (forHost(before) && !forHost(after)) this.host('ON_INTERACTION_REMOVED', this.interaction(contact));
    else if (
      forHost(after) &&
      previous &&
      (interactionStateOf(previous.state, previous.list) !== interactionStateOf(contact.state, contact.list) || callKey(previous.call) !== callKey(contact.call))
    ) {
      this.host('ON_INTERACTION_STATE_CHANGE', this.interaction(contact));
    }
    if (after === 'assigned' && !this.activeId) this.setActive(contact.id);
    if (after !== 'assigned' && this.activeId === contact.id) this.setActive(this.firstAssigned());
    this.changed();
  }

  removeContact(id: string): void {
    const before = this.listOf(id);
    const contact = this.contacts.get(id);
    if (!contact) return;
    const removed = this.interaction(contact);
    this.contacts.delete(id);
    this.moved.delete(id);
    this.messages.delete(id);
    this.outgoing.delete(id);
    this.drafts.delete(id);
    this.unread.delete(id);
    this.typing.delete(id);
    this.marks.forget(id);
    this.recordingLinks.delete(id);
    this.listChanged(id, before, undefined);
    if (forHost(before)) this.host('ON_INTERACTION_REMOVED', removed);
    if (this.activeId === id) this.setActive(this.firstAssigned());
    this.changed();
  }

  /** Vivocha's moveTo: the agent files a contact under another of its lists (a local view). */
  moveTo(id: string, list: Exclude<ContactList, 'terminated'>): void {
    const before = this.listOf(id);
    if (!before) throw new Error(`no contact ${id}`);
    this.moved.set(id, list);
    this.listChanged(id, before, list);
    this.changed();
  }

  /** Sets what is in the agent's input box for this interaction. */
  setTyping(contactId: string, writing: boolean, at = Date.now()): void {
    if (writing) {
      this.typing.set(contactId, at);
      // Typing notices repeat while the customer types: without one for a while, they stopped.
      setTimeout(() => this.typing.get(contactId) === at && this.setTyping(contactId, false), TYPING_SHOWN_MS);
    } else if (!this.typing.delete(contactId)) return;
    this.changed();
  }

  setDraft(contactId: string, text: string): void {
    if (text) this.drafts.set(contactId, text);
    else this.drafts.delete(contactId);
    this.changed();
  }

  /** A fresh link to the contact's latest recording: the host hears the interaction changed. */
  setRecordingLink(contactId: string, link: RecordingLink): void {
    const contact = this.contacts.get(contactId);
    if (!contact) return;
    this.recordingLinks.set(contactId, link);
    if (forHost(this.listOf(contactId))) this.host('ON_INTERACTION_STATE_CHANGE', this.interaction(contact));
    this.changed();
  }

  setMinimized(minimized: boolean): void {
    if (this.minimized === minimized) return;
    this.minimized = minimized;
    this.host('ON_WIDGET_MINIMIZED_CHANGE', minimized);
    this.changed();
  }

  setCrmLinked(linked: boolean): void {
    if (this.crmLinked === linked) return;
    this.crmLinked = linked;
    this.changed();
  }

  /** Agents' names by id, from the last team list fetched (the team is bounded by the config). */
  agentNames = new Map<string, string>();

  /** An agent's name from the team list or the contacts' participants, else the id. */
  agentName(agentId: string): string {
    if (agentId === this.agent?.id) return this.agent.name;
    const known = this.agentNames.get(agentId);
    if (known) return known;
    for (const c of this.contacts.values()) {
      const found = c.participants.find((p) => p.id === agentId && p.role !== 'CONSUMER');
      if (found) return found.name;
    }
    return agentId;
  }

  /** A customer the agent met, by id, name or email (case-insensitive), most recent first. */
  findCustomer(address: string): KnownCustomer | undefined {
    const wanted = address.trim().toLowerCase();
    const known = [...this.knownCustomers.values()].reverse();
    return (
      known.find((c) => c.id === address.trim()) ??
      known.find((c) => c.email?.toLowerCase() === wanted) ??
      known.find((c) => c.name.toLowerCase() === wanted)
    );
  }

  setMessages(contactId: string, messages: ChatMessage[]): void {
    const merged = new Map((this.messages.get(contactId) ?? []).map((m) => [m.sequence, m]));
    for (const m of messages) merged.set(m.sequence, m);
    this.messages.set(contactId, [...merged.values()].sort((a, b) => a.sequence - b.sequence));
    this.changed();
  }

  /** A message, live: the contact hears it (text, localtext, link, …) unless it was known. Returns whether it was new. */
  addMessage(message: ChatMessage): boolean {
    const list = this.messages.get(message.contactId) ?? [];
    if (list.some((m) => m.sequence === message.sequence)) return false;
    if (message.from.kind === 'customer' && message.contactId !== this.activeId) this.unread.set(message.contactId, (this.unread.get(message.contactId) ?? 0) + 1);
    this.setMessages(message.contactId, [message]);
    this.emitContact(message.contactId, messageEvent(message, this.agent?.id ?? null));
    return true;
  }

  /** Changes a contact's fields the server tells apart from its view (time to respond, idle). */
  patchContact(id: string, patch: Partial<Pick<ContactView, 'ttr' | 'idle'>>): void {
    const contact = this.contacts.get(id);
    if (!contact) return;
    this.contacts.set(id, { ...contact, ...patch });
    this.changed();
  }

  /** A new time to respond (the reply of setTTR, or `conversation.ttr-change`): the host hears it once. */
  setTtr(contactId: string, ttr: TtrView): void {
    const contact = this.contacts.get(contactId);
    if (!contact) return;
    this.patchContact(contactId, { ttr });
    this.ttrChanged(contact, { ...contact, ttr });
  }

  /** The host hears a new type, value or manual deadline once, from whichever news of it comes first (the view, the reply, the event). */
  private ttrChanged(previous: ContactView, contact: ContactView): void {
    const key = (t: TtrView | null) => t && `${t.type}|${t.seconds}|${t.manualETTR}`;
    if (contact.ttr && key(previous.ttr) !== key(contact.ttr) && forHost(this.listOf(contact.id))) this.host('ON_TTR_CHANGE', contact.id, contact.ttr);
  }

  /** Seed 000's isidle / isactive, and the idle mark on the chat. */
  setIdle(contactId: string, idle: boolean): void {
    if (!this.contacts.has(contactId)) return;
    this.patchContact(contactId, { idle });
    this.emitContact(contactId, contactEvent(idle ? 'isidle' : 'isactive'));
  }

  /** A note was stored cut to MAX_NOTE_CHARS: the host hears what it became. */
  noteTruncated(contactId: string, note: HostNoteTruncated): void {
    if (forHost(this.listOf(contactId))) this.host('ON_NOTE_TRUNCATED', contactId, note);
  }

  emitContact(contactId: string, event: ContactEvent): void {
    this.events.emit('contact', contactId, event);
  }

  /** Adds a message on its way, or replaces the one with its clientMessageId (marked failed, or sent again). */
  addOutgoing(contactId: string, message: OutgoingMessage): void {
    const list = this.outgoing.get(contactId) ?? [];
    const at = list.findIndex((m) => m.clientMessageId === message.clientMessageId);
    this.outgoing.set(contactId, at < 0 ? [...list, message] : list.map((m, i) => (i === at ? message : m)));
    this.changed();
  }

  removeOutgoing(contactId: string, clientMessageId: string): void {
    const left = (this.outgoing.get(contactId) ?? []).filter((m) => m.clientMessageId !== clientMessageId);
    if (left.length) this.outgoing.set(contactId, left);
    else this.outgoing.delete(contactId);
    this.changed();
  }

  setActive(id: string | null): void {
    if (this.activeId === id) return;
    this.activeId = id;
    if (id) this.unread.delete(id); // shown: read
    this.host('ON_ACTIVE_INTERACTION_SWITCHED', id);
    this.changed();
  }

  /** The agent's interactions as the host sees them (hidden contacts are others'). */
  interactions(now = Date.now()): InteractionData[] {
    return [...this.contacts.values()].filter((c) => forHost(this.listOf(c.id))).map((c) => this.interaction(c, now));
  }

  /** The host's view of one interaction. */
  interaction(contact: ContactView, now = Date.now()): InteractionData {
    return interactionData(contact, (id) => this.dispositions.find((d) => d.id === id)?.name ?? id, this.agent?.id ?? null, now, this.recordingLinks.get(contact.id));
  }

  private remember(contact: ContactView): void {
    const { id, name } = contact.customer;
    const email = contact.attachedData.email ?? this.knownCustomers.get(id)?.email;
    this.knownCustomers.delete(id);
    this.knownCustomers.set(id, email ? { id, name, email } : { id, name });
    if (this.knownCustomers.size > MAX_KNOWN_CUSTOMERS) this.knownCustomers.delete(this.knownCustomers.keys().next().value!);
  }

  /** Seed 000's `joined`: the agents who became active participants between two views of a contact. */
  private joinedBetween(previous: ContactView, contact: ContactView): void {
    const active = (c: ContactView) => new Set(c.participants.filter((p) => p.role !== 'CONSUMER' && p.state === 'ACTIVE').map((p) => p.id));
    const before = active(previous);
    for (const p of contact.participants) {
      if (p.role !== 'CONSUMER' && p.state === 'ACTIVE' && !before.has(p.id)) this.emitContact(contact.id, contactEvent('joined', { id: contact.id, user: p.id, nick: p.name }));
    }
  }

  private firstAssigned(): string | null {
    return [...this.contacts.values()].find((c) => this.listOf(c.id) === 'assigned')?.id ?? null;
  }

  private listChanged(id: string, from: ContactList | undefined, to: ContactList | undefined): void {
    if (from === to) return;
    const touched = (l: ContactList) => from === l || to === l;
    this.events.emit('queuechange', { id, assigned: touched('assigned'), pending: touched('pending'), hidden: touched('hidden') });
  }

  private host<K extends HostEventName>(name: K, ...args: HostEventMap[K]): void {
    this.events.emit('host', name, args);
  }

  /** Tells the UI the store changed (for marks kept beside the contacts). */
  changed(): void {
    this.events.emit('change');
  }
}
