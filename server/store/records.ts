/** Rows as the server core sees them; the store maps them to and from SQL. */
import type { AgentState, ChatMessage, ContactState, ContactType, EndReason } from '../../protocol/index.ts';

export interface AgentRecord {
  id: string;
  username: string;
  name: string;
  nickname: string;
  passwordHash: string;
  skills: string[];
  capacity: number;
  state: AgentState;
  stateSince: number;
  /** Last time the agent went ONLINE, accepted or finished a contact: longest-idle routing reads it. */
  lastActivityAt: number;
}

export type AgentDefinition = Pick<AgentRecord, 'id' | 'username' | 'name' | 'nickname' | 'passwordHash' | 'skills' | 'capacity'>;

export interface CustomerRecord {
  id: string;
  name: string;
  createdAt: number;
}

export interface ContactRecord {
  id: string;
  type: ContactType;
  queue: string;
  state: ContactState;
  priority: number;
  customerId: string;
  agentId: string | null;
  offeredTo: string[];
  lang: string;
  source: string;
  attachedData: Record<string, string>;
  lastSequence: number;
  createdAt: number;
  enqueuedAt: number;
  deliveredAt: number | null;
  endedAt: number | null;
  completedAt: number | null;
  endReason: EndReason | null;
}

export type SessionKind = 'agent' | 'customer';

export interface SessionRecord {
  token: string;
  kind: SessionKind;
  subjectId: string;
  seq: number;
  createdAt: number;
}

export interface StoredEvent {
  seq: number;
  topic: string;
  data: unknown;
}

export interface HistoryQuery {
  sequenceMin?: number;
  sequenceMax?: number;
  maxQuantity?: number;
}

export type NewMessage = Omit<ChatMessage, 'sequence'>;

/** Persistence of the contact center. SQLite now; the interface is what another engine implements. */
export interface Store {
  upsertAgentDefinition(def: AgentDefinition, now: number): void;
  listAgents(): AgentRecord[];
  saveAgentState(agent: Pick<AgentRecord, 'id' | 'state' | 'stateSince' | 'lastActivityAt'>): void;
  insertCustomer(customer: CustomerRecord): void;
  getCustomer(id: string): CustomerRecord | undefined;
  saveContact(contact: ContactRecord): void;
  getContact(id: string): ContactRecord | undefined;
  /** Contacts not yet completed or ended in queue (wrap-up included). */
  listLiveContacts(): ContactRecord[];
  /** Stores a message with the contact's next sequence; returns it with its sequence. */
  appendMessage(message: NewMessage): ChatMessage;
  listMessages(contactId: string, query: HistoryQuery): ChatMessage[];
  insertSession(session: SessionRecord): void;
  getSession(token: string): SessionRecord | undefined;
  deleteSession(token: string): void;
  listSessions(kind: SessionKind, subjectId: string): SessionRecord[];
  /** Stores an event with the session's next seq; returns that seq. */
  appendEvent(token: string, topic: string, data: unknown, now: number): number;
  eventsAfter(token: string, seq: number): StoredEvent[];
  /** Drops events that fall out of the last `keep` of the session. */
  pruneEvents(token: string, keep: number): void;
  oldestEventSeq(token: string): number | null;
  close(): void;
}
