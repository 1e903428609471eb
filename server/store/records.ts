/** Rows as the server core sees them; the store maps them to and from SQL. */
import type { CallEndReason, CallState, Csat, RecordingFile, RecordingLayout, RecordingPart, RecordingTracks, TtrType } from '../../protocol/index.ts';
import type { AgentRole, AgentState, ChatMessage, ContactState, ContactType, CustomerAuthType, EndReason, Note, OfferMode } from '../../protocol/index.ts';

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
  /** Set when a direct offer timed out: not routable until the agent picks a state. */
  forcedPause: boolean;
  /** Last time the agent was offered a contact: round-robin routing reads it. */
  lastOfferAt: number;
  /** From the config: a supervisor also reads every conversation, watches, whispers and intervenes. */
  role: AgentRole;
  /** Chats a supervisor watches (kept across reloads and restarts; at most MAX_WATCHED_CHATS). */
  watching: string[];
}

export type AgentDefinition = Pick<AgentRecord, 'id' | 'username' | 'name' | 'nickname' | 'passwordHash' | 'skills' | 'capacity' | 'role'>;
export type AgentStatus = Pick<AgentRecord, 'id' | 'state' | 'stateSince' | 'lastActivityAt' | 'forcedPause' | 'lastOfferAt' | 'watching'>;

/** A pending transfer: where it goes, and whether an unanswered one returns to the sender. */
export interface TransferRecord {
  fromAgentId: string;
  message: string;
  bounceBack: boolean;
  toAgent?: string;
  toSkill?: string;
  toTags?: string[];
  /** When an unanswered transfer fails (bounces back or goes back to queue). */
  expiresAt: number;
}

/** What the router and the wrap-up keep about a contact. */
export interface ContactRouting {
  mode: OfferMode;
  /** Direct offers made in the current round. */
  attempts: number;
  offerExpiresAt: number | null;
  /** Agents not to offer to again in this round (they declined or let the offer lapse). */
  excludedAgents: string[];
  /** Skills an agent needs; the queue's, or a transfer's. */
  requiredSkills: string[];
  /** Only this agent may take it (a transfer to an agent). */
  targetAgentId: string | null;
  /** Offer even to agents at capacity or not ONLINE (but logged in). */
  allowBusy: boolean;
  transfer: TransferRecord | null;
  disposition: string | null;
  notes: Note[];
  /** The customer was told no agent can take the chat. */
  foreverAlone: boolean;
  /** Agents who joined the conversation besides its own agent (a chat conference). */
  conference: string[];
  /** Agents invited to the conference who have not answered yet. */
  invited: string[];
  // Issue 12's chat data. Optional: rows stored before it lack them.
  /** How far each participant (customer or agent id) read the conversation: the sequence read up to. */
  reads?: Record<string, number>;
  /** The time to respond: its type and seconds, and a deadline set by hand. */
  ttr?: { type: TtrType; seconds: number; manualETTR: number | null };
  /** The customer's survey after close. */
  csat?: Csat | null;
  /** No message for the configured idle time (the agents were told `contact.idle`). */
  idle?: boolean;
  /** The customer asked to hear of supervisors watching the chat (seed 001's `historyWatch`). */
  historyWatch?: boolean;
  /** The customer's own offer rules for this chat (seed 001's init config), within the server's limits. */
  assign?: { maxAttempts?: number; timeoutSeconds?: number };
  /** What the customer's page stored with its close (seed 001's `close(extraData)`). */
  closeData?: Record<string, unknown>;
  /** Entries of an imported history the chat holds (seed 001's `importHistory`). */
  imported?: number;
}

export interface CustomerRecord {
  id: string;
  name: string;
  createdAt: number;
  authType: CustomerAuthType;
  verified?: { id: string; name?: string; email?: string };
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
  routing: ContactRouting;
  /** The contact's current call (a voice contact's, or voice added to a chat), or null. */
  call: CallRecord | null;
}

/** Which end of a call: the contact's customer (for an internal call, the calling agent) or its agent. */
export type CallSide = 'customer' | 'agent';

/** A contact's call as stored; its views are built in server/calls/call-views.ts. */
export interface CallRecord {
  state: CallState;
  direction: 'inbound' | 'outbound';
  internal: boolean;
  /** The side that placed the call: the other side answers (or declines) it. */
  callerSide: CallSide;
  /** An internal call's calling agent (the contact's `customerId` is `agent:<id>` then). */
  callerAgentId: string | null;
  /** Rings a party directly until then (chat voice, outbound, internal); null while it waits in a queue. */
  ringsUntil: number | null;
  ani: string;
  dnis: string;
  /** The contact's agent muted their microphone. */
  muted: boolean;
  hold: boolean;
  recording: boolean;
  /** The recording running now (the id of its first file), if any. */
  recordingId: string | null;
  /** Every recording file of the call, oldest first. */
  recordings: string[];
  /** How the running recording records, the files it writes now, and whether it is paused. Optional: rows stored before it lack it. */
  recorder?: { files: RecordingFile[]; tracks: RecordingTracks; layout: RecordingLayout; paused: boolean; segment: number } | null;
  video: boolean;
  sharing: boolean;
  parked: boolean;
  startTime: number;
  connectTime: number | null;
  endTime: number | null;
  endReason: CallEndReason | null;
  // Transfers and consultations (server/calls/call-transfer.ts). Optional: rows stored before them lack them.
  /** The agent who keeps the call, held, while its contact is being transferred (the contact has no agent then). */
  transferFrom?: string | null;
  /** Agents who were on the call and left it (transferred it, left its conference), oldest first. */
  leftAgents?: string[];
  /** On a customer's call: the consultation its agent placed while holding it; `joined` once it became a conference. */
  consult?: { contactId: string; agentId: string; joined: boolean } | null;
  /** On a consultation (an internal call): the contact whose call its caller holds meanwhile. */
  consultFor?: string | null;
  /** An internal call's calling agent muted theirs (each agent of an internal call sees their own). */
  callerMuted?: boolean;
}

export type SessionKind = 'agent' | 'customer';

export interface SessionRecord {
  /** The token itself in memory; the store keeps only its SHA-256. */
  token: string;
  kind: SessionKind;
  subjectId: string;
  createdAt: number;
  /** When a connection of it was last seen (attached or detached). */
  lastSeenAt: number;
}

/** Events go to a subject's one stream (all its sessions share it): `agent:<id>` or `customer:<id>`. */
export const streamOf = (kind: SessionKind, subjectId: string) => `${kind}:${subjectId}`;

export interface StoredEvent {
  seq: number;
  topic: string;
  data: unknown;
}

export interface HistoryQuery {
  /** Leave out private messages (a customer's history). */
  publicOnly?: boolean;
  sequenceMin?: number;
  sequenceMax?: number;
  maxQuantity?: number;
}

export type NewMessage = Omit<ChatMessage, 'sequence'> & { clientMessageId?: string };

/**
 * A call recording file's metadata; its bytes are a file the recordings service keeps. A recording
 * is one or more files: one mixed or one per direction (`part`), and after a re-attach (a reload, a
 * tab taking over) the next `segment` of them, each a playable file of its own.
 */
export interface RecordingRecord {
  id: string;
  /** The recording it belongs to: the id of its first file. */
  recordingId: string;
  part: RecordingPart;
  /** 0 for the first files; one more for each re-attach that continued the recording. */
  segment: number;
  contactId: string;
  /** The agent who recorded it: the only one who may upload its chunks. */
  agentId: string;
  mime: string;
  /** Bytes and chunks accepted so far: the file holds exactly `bytes` of them. */
  bytes: number;
  chunks: number;
  status: 'recording' | 'complete';
  startedAt: number;
  endedAt: number | null;
}

/** The recordings table. */
export interface RecordingRows {
  insert(recording: RecordingRecord): void;
  get(id: string): RecordingRecord | undefined;
  /** Recordings of a contact, oldest first. */
  ofContact(contactId: string): RecordingRecord[];
  /** The files of a recording, by segment then part. */
  ofRecording(recordingId: string): RecordingRecord[];
  /** Records that the file now holds `bytes` in `chunks`. */
  setSize(id: string, bytes: number, chunks: number): void;
  complete(id: string, endedAt: number): void;
  /** Recordings still `recording` (a restart checks their files against their rows). */
  unfinished(): RecordingRecord[];
}

/** A hosted file's metadata; its bytes are a file the attachments service keeps. */
export interface AttachmentRecord {
  id: string;
  contactId: string;
  /** The chat message that carries it. */
  messageId: string;
  sender: { kind: 'customer' | 'agent'; id: string };
  /** The name given at upload, cleaned of path and control characters. */
  name: string;
  type: string;
  bytes: number;
  createdAt: number;
  /** Parties (`customer:<id>`, `agent:<id>`) who opened it: each gave the sender one ACCESS receipt. */
  accessedBy: string[];
}

/** The attachments table. */
export interface AttachmentRows {
  insert(attachment: AttachmentRecord): void;
  get(id: string): AttachmentRecord | undefined;
  /** How many files a contact holds and their bytes together. */
  totals(contactId: string): { count: number; bytes: number };
  /** Records that `party` opened it; false when they had already. */
  markAccessed(id: string, party: string): boolean;
  /** Every attachment id (a restart drops files no row knows). */
  ids(): Set<string>;
}

/** Persistence of the contact center. SQLite now; the interface is what another engine implements. */
export interface Store {
  readonly recordings: RecordingRows;
  readonly attachments: AttachmentRows;
  upsertAgentDefinition(def: AgentDefinition, now: number): void;
  listAgents(): AgentRecord[];
  saveAgentState(agent: AgentStatus): void;
  insertCustomer(customer: CustomerRecord): void;
  getCustomer(id: string): CustomerRecord | undefined;
  /** Records that the brand vouched for the customer (a verified token). */
  verifyCustomer(id: string, verified: NonNullable<CustomerRecord['verified']>): void;
  saveContact(contact: ContactRecord): void;
  getContact(id: string): ContactRecord | undefined;
  /** Contacts not yet completed or ended in queue (wrap-up included). */
  listLiveContacts(): ContactRecord[];
  /** Stores a message with the contact's next sequence; returns it with its sequence. */
  appendMessage(message: NewMessage): ChatMessage;
  listMessages(contactId: string, query: HistoryQuery): ChatMessage[];
  /** Messages after sequence `after` not sent by `notFrom` (private ones only when `withPrivate`): a participant's unread count. */
  countMessagesAfter(contactId: string, after: number, notFrom: string, withPrivate: boolean): number;
  /** When the customer's oldest message not yet answered by an agent was stored, or null when none waits. */
  unansweredSince(contactId: string): number | null;
  /** One message by id, if it is the contact's. */
  getMessage(contactId: string, id: string): ChatMessage | undefined;
  /** The message a sender stored earlier under its own `clientMessageId`, if any. */
  findMessageByClientId(contactId: string, fromId: string, clientMessageId: string): ChatMessage | undefined;
  /** Stores a session under `tokenHash` (the token itself is never stored). */
  insertSession(tokenHash: string, session: SessionRecord): void;
  getSession(tokenHash: string): Omit<SessionRecord, 'token'> | undefined;
  touchSession(tokenHash: string, now: number): void;
  deleteSession(tokenHash: string): void;
  /** Hashes of the subject's sessions. */
  listSessions(kind: SessionKind, subjectId: string): string[];
  /** Sessions idle since before `idleBefore` (unless in `keep`) or created before `createdBefore`. */
  expiredSessions(idleBefore: number, createdBefore: number): { tokenHash: string; kind: SessionKind; subjectId: string }[];
  /** Agent sessions whose agent is not in `agentIds` (removed from the config). */
  sessionsOfOtherAgents(agentIds: readonly string[]): { tokenHash: string; subjectId: string }[];
  /** Stores an event with the stream's next seq (never reused, across restarts); returns that seq. */
  appendEvent(stream: string, topic: string, data: unknown, now: number): number;
  /** The stream's last seq (0 for a new stream). */
  streamSeq(stream: string): number;
  eventsAfter(stream: string, seq: number): StoredEvent[];
  /** Drops events that fall out of the last `keep` of the stream. */
  pruneEvents(stream: string, keep: number): void;
  oldestEventSeq(stream: string): number | null;
  /** Runs `fn` in one transaction (nested calls join it): many writes, one commit. */
  transaction<T>(fn: () => T): T;
  /** Runs `fn` in a savepoint of the current transaction: on a throw only its own writes are undone. */
  savepoint<T>(fn: () => T): T;
  /** Rows changed since the store opened: tells whether a unit of work wrote anything. */
  changes(): number;
  close(): void;
}
