/** Shapes of the domain objects as they travel on the wire. */
import type { AgentState, ContactList, ContactState } from './states.ts';
import type { CallView, CustomerCallView, MediaAttachReply } from './call.ts';
import type { Csat, DeliveryStatus, MessageContent, TtrView } from './chat.ts';
import type { RecordingPlan } from './recorder.ts';
import type { Interventor, SupervisorFeed, WatchReply } from './supervisor.ts';

export type ContactType = 'chat' | 'voice' | 'email';
export const SESSION_END_REASONS = ['logout', 'forced', 'expired', 'removed'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];
export type EndReason = 'customer' | 'agent' | 'abandon' | 'cancel' | 'dissuasion' | 'timeout';
/** Why a contact left an agent's lists (Vivocha's `cleared`). */
export type ClearReason = 'abandon' | 'cancel' | 'dissuasion' | 'user' | 'disconnect';

export const ROUTING_ALGORITHMS = ['longest-idle', 'least-busy', 'round-robin'] as const;
export type RoutingAlgorithm = (typeof ROUTING_ALGORITHMS)[number];
/** direct: one agent at a time (`isMine`), with a timeout; broadcast: several agents, first accept wins. */
export type OfferMode = 'direct' | 'broadcast';

/** agent: handles contacts. supervisor: also reads every conversation, watches, whispers and intervenes. */
export const AGENT_ROLES = ['agent', 'supervisor'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export interface AgentView {
  id: string;
  username: string;
  name: string;
  nickname: string;
  state: AgentState;
  /** Set by the router when a direct offer timed out; cleared when the agent picks a state. */
  forcedPause: boolean;
  skills: string[];
  capacity: number;
  role: AgentRole;
  /** Chats a supervisor watches (protocol/supervisor.ts); the host sees `supervising` meanwhile. */
  watching: string[];
}

/** A getTeamMembers-style entry. */
export interface TeamMember extends AgentView {
  /** Contacts the agent holds now. */
  load: number;
}

/** LivePerson-style participants of a conversation. */
export interface Participant {
  id: string;
  name: string;
  role: 'CONSUMER' | 'ASSIGNED_AGENT' | 'AGENT';
  state: 'ACTIVE' | 'SUGGESTED';
}

export interface Note {
  id: string;
  agentId: string;
  /** The message as plain text (for content, a fallback a client that cannot render it shows). */
  text: string;
  createdAt: number;
  /** A link, action, rich content or post-back (protocol/chat.ts); absent for plain text. */
  content?: MessageContent;
  /** Seen by agents and supervisors only: never in a customer's events, history or views. */
  private?: true;
}

export interface Disposition {
  id: string;
  name: string;
  /** The code a CRM knows it by (default: its id). */
  code?: string;
  /** Bright Pattern's disposition type (default SUCCESS). */
  type?: 'SUCCESS' | 'FAILURE' | 'CONTINUE' | 'SPAM' | 'DO_NOT_CALL';
}

export interface TeamView {
  id: string;
  name: string;
  agents: string[];
}

export interface QueueView {
  id: string;
  name: string;
  skills: string[];
  /** A disposition must be set before completing its contacts. */
  requireDisposition: boolean;
}

export interface PartyView {
  id: string;
  name: string;
}

/** How the customer is known (seed 004's AuthType): anonymous, or authenticated by a JWT the brand signed. */
export type CustomerAuthType = 'CONSUMER_ANONYMOUS' | 'CONSUMER_AUTHENTICATED';

/** The customer as agents see them: whether the brand vouched for who they are, and what it said. */
export interface CustomerPartyView extends PartyView {
  authType: CustomerAuthType;
  /** From the brand's token, when authenticated: its subject, and name and email if it carried them. */
  verified?: { id: string; name?: string; email?: string };
}

/**
 * A chat as its customer sees it: state, queue name, the agents' display names. Never notes,
 * attached data, CRM variables, disposition, transfer messages or who else was offered it.
 */
export interface CustomerChatView {
  id: string;
  type: ContactType;
  state: ContactState;
  /** The room (queue) the customer asked for, and its display name. */
  queue: string;
  queueName: string;
  /** The customer themself. */
  customer: PartyView;
  /** The agent talking with the customer, by display name. */
  agent: { id: string; name: string; nickname: string } | null;
  /** Who is in the conversation now (the customer and the agents who joined it). */
  participants: { id: string; name: string; role: Participant['role'] }[];
  lang: string;
  createdAt: number;
  deliveredAt: number | null;
  endedAt: number | null;
  endReason: EndReason | null;
  /** The call of this contact (a voice contact, or voice added to the chat), if there is or was one. */
  call: CustomerCallView | null;
  /** Messages for the customer after what they read (`chat.read`). */
  unread: number;
  /** The agents read the conversation up to this sequence (ticks on the customer's messages). */
  agentsReadUpTo: number;
  /** The customer's survey, once given. */
  csat: Csat | null;
  /** While the chat is being transferred: the agent it comes from, and the one it goes to (null for a skill or tags). */
  transfer: { from: { id: string; name: string }; to: { id: string; name: string } | null } | null;
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
  customer: CustomerPartyView;
  agent: (PartyView & { nickname: string }) | null;
  lang: string;
  source: string;
  attachedData: Record<string, string>;
  priority: number;
  mode: OfferMode;
  /** When the current direct offer expires (ms since epoch), if there is one. */
  offerExpiresAt: number | null;
  participants: Participant[];
  /** While a transfer is pending: who sent it and why. */
  transfer: { fromAgentId: string; message: string } | null;
  disposition: string | null;
  notes: Note[];
  createdAt: number;
  deliveredAt: number | null;
  endedAt: number | null;
  completedAt: number | null;
  endReason: EndReason | null;
  /** The call of this contact (a voice contact, or voice added to the chat), if there is or was one. */
  call: CallView | null;
  /** Messages for this agent after what they read (`chat.read`); 0 for a hidden entry. */
  unread: number;
  /** The customer read the conversation up to this sequence (ticks on the agents' messages). */
  customerReadUpTo: number;
  /** Time to respond (seed 002's ttr, manualETTR, ttrEffective); null for a hidden entry. */
  ttr: TtrView | null;
  /** The customer's survey after the chat closed (not for an offered agent). */
  csat: Csat | null;
  /** What the customer's page stored with its close (seed 001's `close(extraData)`), when it did (not for an offered agent). */
  closeData?: Record<string, unknown>;
}

export type SenderKind = 'customer' | 'agent' | 'system';

/** How an agent is in a chat: '' taking part, 'watch' a supervisor watching (seed 001's `user:joined` mode). */
export type JoinMode = '' | 'watch';
/**
 * Why an agent left a chat: `ended` they ended it; `transfer` they handed it to someone else (or
 * it went back to the queue after their transfer); `disconnected` their connection was lost;
 * `removed` they left the conference or were removed from it; `watch` a watcher stopped watching.
 */
export type LeaveReason = 'ended' | 'transfer' | 'disconnected' | 'removed' | 'watch';

export interface ChatMessage {
  id: string;
  contactId: string;
  sequence: number;
  from: { kind: SenderKind; id: string; name: string };
  /** The message as plain text (for content, a fallback a client that cannot render it shows). */
  text: string;
  createdAt: number;
  /** A link, action, rich content, post-back or hosted file (protocol/chat.ts); absent for plain text. */
  content?: MessageContent;
  /** Seen by agents and supervisors only: never in a customer's events, history or views. */
  private?: true;
}

/** What `POST /api/attachments` answers: seed 001's `sendMedia` result, and the message that carries the file. */
export interface UploadReply {
  media: { id: string; name: string; size: number; senderId: string };
  message: ChatMessage;
}

/** Events the server pushes, by topic. The keys are the only list of topics. */
export interface ServerEventMap {
  'agent.state': { state: AgentState; since: number; forcedPause: boolean; watching: string[] };
  'contact.offered': { contact: ContactView };
  'contact.updated': { contact: ContactView };
  /** To the customer: how their chat looks now. */
  'chat.updated': { chat: CustomerChatView };
  'contact.removed': { contactId: string };
  'chat.message': { message: ChatMessage };
  /**
   * To the customer: an agent joined the chat (seed 001's `user:joined`). `transfer`: it came to
   * them by a transfer; `sender`: who brought them in (the agent themself taking an offer or
   * starting the chat, the transferring agent, the agent who invited them to a conference);
   * `mode`: 'watch' for a supervisor who only watches (told only when the chat asked for
   * `historyWatch`), '' otherwise.
   */
  'user.joined': { contactId: string; user: { id: string; name: string; nickname: string }; mode: JoinMode; sender: string; transfer: boolean };
  /** To the customer: an agent is no longer in the chat (seed 001's `user:left`), and why. */
  'user.left': { contactId: string; userId: string; reason: LeaveReason };
  /** The chat ended: `timeout` when it was idle past the expiry time (or its customer was gone past the grace period); `userId` who ended it ('' for a timeout). */
  'chat.closed': { contactId: string; by: 'customer' | 'agent' | 'timeout'; userId: string };
  /** An agent did not take a contact routed to them (Vivocha's `declined`). */
  'contact.declined': { id: string; user: string; nick: string };
  /** The contact ended while queued or offered (Vivocha's `cleared`). */
  'contact.cleared': { id: string; reason: ClearReason };
  /** The contact went to another agent, other tags, or back to queue (Vivocha's `transferred`). */
  'contact.transferred': { id: string; to: { toId: string; toAgent?: string; toTags?: string[] } };
  'conversation.transfer-agent': { contactId: string; participant: Participant };
  'conversation.transfer-skill': { contactId: string; skillId: string };
  /** The chat went back to the queue; `agent_disconnected` when its agent's connection was gone past the grace period. */
  'conversation.back-to-queue': { contactId: string; reason?: 'transfer' | 'agent_disconnected' };
  /** A party left the contact (Vivocha's `left`): `vvcu` the customer closed it, `timeout` the customer's connection was gone past the grace period. */
  'contact.left': { id: string; reason: 'vvcu' | 'timeout'; vvcu?: string; agent?: string };
  /** LivePerson's participant events: an agent joined or left a chat conference. */
  'conversation.participant-added': { contactId: string; participant: Participant };
  'conversation.participant-removed': { contactId: string; participant: Participant };
  /** To the customer while queued: Inbenta's `queue:update`. waitingTime in seconds. */
  'queue.update': { contactId: string; queuePosition: number; waitingTime: number };
  /**
   * This session ended: `logout` (from another connection of it), `forced` (the agent logged in
   * elsewhere with force), `expired` (idle or absolute lifetime over), `removed` (the agent is no
   * longer in the config).
   */
  'session.ended': { reason: SessionEndReason };
  /** To the customer: no agent can take this chat now (Inbenta's `forever:alone`). */
  'chat.foreverAlone': { contactId: string };
  /** To the sender's side: the other side read up to `upTo` (READ), or opened attachment `messageId` (ACCESS). */
  'chat.receipt': { contactId: string; status: DeliveryStatus; upTo?: number; messageId?: string; by: { kind: SenderKind; id: string } };
  /** To the conversation's agents: the time to respond changed (seed 002's ttr-change / manual-ettr-change). */
  'conversation.ttr-change': { contactId: string; ttr: TtrView };
  /** To the customer: the idle chat closes in `timeLeft` seconds unless someone writes (seed 001's `chat:timer:expiryAlert`). */
  'chat.expiryAlert': { chatId: string; timeLeft: number };
  /** To the conversation's agents: no message for the configured idle time (seed 000's `isidle`), or activity again (`isactive`). */
  'contact.idle': { id: string; idle: boolean };
  /**
   * A supervisor joined the conversation to write in it (seed 001's `chat:intervened`): to the
   * customer with their chat as they see it, to the conversation's agents without it.
   */
  'chat.intervened': { contactId: string; interventor: Interventor; chat?: CustomerChatView };
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
  dispositions: Disposition[];
  queues: QueueView[];
  teams: TeamView[];
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
  contact: CustomerChatView;
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
  /** success: false when the chat had ended already (nothing was stored). */
  'chat.close': { success: boolean; chat: CustomerChatView };
  /** The number of entries stored; how many the chat holds now. */
  'chat.import': { imported: number; total: number };
  'chat.searchAgent': { agent: { id: string; name: string; nickname: string; providerId: string } };
  'contact.decline': ContactView;
  'contact.clear': { id: string };
  'contact.transfer': ContactView;
  'contact.setDisposition': ContactView;
  'contact.addNote': { note: Note; truncated: boolean; truncatedText?: string };
  'team.members': { members: TeamMember[] };
  'contact.setVariable': ContactView;
  'contact.invite': ContactView;
  'chat.start': ContactView;
  'contact.removeParticipant': ContactView;
  'contact.updateNote': { note: Note; truncated: boolean; truncatedText?: string };
  'contact.replaceNotes': { notes: Note[]; truncated: boolean; truncatedText?: string };
  'call.request': ChatInitReply;
  'call.start': ContactView;
  'call.answer': Record<string, never>;
  'call.decline': Record<string, never>;
  'call.hangup': Record<string, never>;
  'call.hold': Record<string, never>;
  'call.mute': Record<string, never>;
  /**
   * The recording started (or continued, or stopped: files empty): its files' chunks are uploaded
   * over HTTP (`POST /api/recordings/<file id>/chunks`).
   */
  'call.recording': RecordingPlan;
  'call.recordingPause': Record<string, never>;
  'call.media': Record<string, never>;
  'call.transferConsult': Record<string, never>;
  'call.conference': Record<string, never>;
  'call.removeFromConference': Record<string, never>;
  'call.endConference': Record<string, never>;
  'media.attach': MediaAttachReply;
  'media.detach': Record<string, never>;
  'media.signal': Record<string, never>;
  'media.data': Record<string, never>;
  'recording.link': { url: string; expiresAt: number };
  'chat.post': ChatMessage;
  /** relayed: false when the same activity was relayed less than ACTIVITY_REPEAT_MS ago (or no one listens). */
  'chat.activity': { relayed: boolean };
  /** The requester's read mark and unread count after it. */
  'chat.read': { upTo: number; unread: number };
  'chat.csat': Csat;
  'chat.fileLink': { url: string; expiresAt: number };
  'contact.setTTR': TtrView;
  'contact.setManualETTR': TtrView;
  'supervisor.subscribe': SupervisorFeed;
  'supervisor.unsubscribe': Record<string, never>;
  'supervisor.watch': WatchReply;
  'supervisor.unwatch': { watching: string[] };
  /** The private message stored. */
  'supervisor.whisper': ChatMessage;
  /** The chat as the supervisor sees it now: one of their conversations. */
  'supervisor.intervene': ContactView;
}
