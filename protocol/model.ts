/** Shapes of the domain objects as they travel on the wire. */
import type { AgentState, ContactList, ContactState } from './states.ts';

export type ContactType = 'chat' | 'voice' | 'email';
export type EndReason = 'customer' | 'agent' | 'abandon' | 'cancel' | 'dissuasion' | 'timeout';

export interface AgentView {
  id: string;
  name: string;
  nickname: string;
  state: AgentState;
  skills: string[];
}

export interface PartyView {
  id: string;
  name: string;
}

export interface ContactView {
  id: string;
  type: ContactType;
  state: ContactState;
  /** The agent's list this contact is in, from the receiving agent's point of view. */
  list: ContactList;
  /** Routed to this agent alone: it may be declined, and timing out pauses the agent. */
  isMine: boolean;
  queue: string;
  /** The queue's display name (Bright Pattern's `service`). */
  queueName: string;
  customer: PartyView;
  agent: (PartyView & { nickname: string }) | null;
  lang: string;
  source: string;
  attachedData: Record<string, string>;
  createdAt: number;
  deliveredAt: number | null;
  endedAt: number | null;
  completedAt: number | null;
  endReason: EndReason | null;
}

export type SenderKind = 'customer' | 'agent' | 'system';

export interface ChatMessage {
  id: string;
  contactId: string;
  sequence: number;
  from: { kind: SenderKind; id: string; name: string };
  text: string;
  createdAt: number;
}

/** Events the server pushes, by topic. The keys are the only list of topics. */
export interface ServerEventMap {
  'agent.state': { state: AgentState; since: number };
  'contact.offered': { contact: ContactView };
  'contact.updated': { contact: ContactView };
  'contact.removed': { contactId: string };
  'chat.message': { message: ChatMessage };
  'user.joined': { contactId: string; user: { id: string; name: string; nickname: string } };
  'chat.closed': { contactId: string; by: 'customer' | 'agent' };
}
export type ServerTopic = keyof ServerEventMap;
/** A server event as a union discriminated on `topic`. */
export type ServerEvent = { [K in ServerTopic]: { topic: K; data: ServerEventMap[K] } }[ServerTopic];

/** Reply data by request type. */
export interface LoginReply {
  token: string;
  agent: AgentView;
  seq: number;
}
export interface SnapshotReply {
  agent: AgentView;
  contacts: ContactView[];
  seq: number;
}
export interface ResumeReply {
  kind: 'agent' | 'customer';
  seq: number;
  replayed: number;
  /** True when the client was too far behind: it must reload its state. */
  snapshot: boolean;
}
export interface ChatInitReply {
  token: string;
  contact: ContactView;
  messages: ChatMessage[];
  seq: number;
}
export interface HistoryReply {
  messages: ChatMessage[];
}

export interface ReplyDataMap {
  'agent.login': LoginReply;
  'agent.logout': Record<string, never>;
  'agent.setState': AgentView;
  'agent.snapshot': SnapshotReply;
  resume: ResumeReply;
  'contact.accept': ContactView;
  'contact.end': ContactView;
  'contact.complete': ContactView;
  'chat.init': ChatInitReply;
  'chat.send': ChatMessage;
  'chat.history': HistoryReply;
  'chat.close': ContactView;
}
