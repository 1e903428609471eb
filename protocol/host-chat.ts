/**
 * What the host page hears of its agent's chats: Switchboard's events beside Bright Pattern's
 * (which has none for chat content). The widget's contact facade (seed 000's agent contact) is
 * where they come from.
 */
import type { ChatActivity, Csat, DeliveryStatus, HostedFile, MessageContent, TtrView } from './chat.ts';
import type { ChatPartyType } from './host-data.ts';

/** A chat message of one of the agent's interactions (ON_CHAT_MESSAGE). */
export interface HostChatMessage {
  interactionId: string;
  messageId: string;
  /** The message as plain text (for content, what a client that cannot render it shows). */
  text: string;
  /** The sender's display name. */
  from: string;
  fromType: ChatPartyType;
  /** A note for agents and supervisors: the customer never saw it. Keep it out of what the customer sees. */
  private: boolean;
  /** Its place in the conversation (1, 2, …; history and receipts count by it). */
  sequence: number;
  /** When the server stored it (ms since epoch). */
  createdAt: number;
  /** A link, an action, rich content, a post-back or a file; absent for plain text. */
  content?: MessageContent;
  /** A file sent in the chat (seed 004's HOSTED_FILE): its link is the agent's, absolute, and expires at `expiresAt`. */
  file?: HostedFile;
  /** The text's language, when its sender gave one. */
  lang?: string;
}

/** A party of a chat, as ChatParty names it. */
export interface HostChatParty {
  id: string;
  name: string;
  type: ChatPartyType;
}

/**
 * A delivery status of the agents' messages in a chat (ON_CHAT_DELIVERY_STATUS). ACCEPT: the
 * agent's message `messageId` is stored; READ: the customer read `messageId` (one for each agent
 * message a read mark covers); ACCESS: the customer opened the file of `messageId`; NACK: a
 * message was refused or could not be sent (`clientMessageId`, `error`): the widget shows it
 * marked, with Retry.
 */
export interface HostDeliveryStatus {
  status: DeliveryStatus;
  messageId?: string;
  clientMessageId?: string;
  /** Who read or opened it. */
  by?: HostChatParty;
  error?: { name: string; message: string };
}

/** What a note became when it was stored over MAX_NOTE_CHARS (seed 002's setAgentNote result). */
export interface HostNoteTruncated {
  noteId: string;
  truncated: true;
  /** The note as stored. */
  truncatedText: string;
}

/** What a note became (seed 002's setAgentNote result): stored whole, or cut to MAX_NOTE_CHARS and what was stored. */
export type HostNoteResult = { noteId: string; truncated: false } | HostNoteTruncated;

/** Switchboard's chat events for the host, with their positional arguments (merged into HostEventMap). */
export interface HostChatEventMap {
  /** A message of one of the agent's chats, either way (private notes flagged). */
  ON_CHAT_MESSAGE: [message: HostChatMessage];
  /** A party of the chat types (`writing`) or stops (the customer's `stop-writing` / `not-writing`); the agent's own typing too. */
  ON_CHAT_TYPING: [interactionId: string, party: HostChatParty, activity: ChatActivity];
  /** ACCEPT, READ, ACCESS or NACK of the agent's messages. */
  ON_CHAT_DELIVERY_STATUS: [interactionId: string, status: HostDeliveryStatus];
  /** The time to respond changed (seed 002's ttr-change and manual-ettr-change): type, seconds, manual deadline, effective deadline. */
  ON_TTR_CHANGE: [interactionId: string, ttr: TtrView];
  /** No message for the configured idle time (seed 000's isidle), or activity again (isactive). */
  ON_CHAT_IDLE_CHANGE: [interactionId: string, idle: boolean];
  /** The customer's rating after the chat (seed 004's setCsat). */
  ON_CHAT_CSAT: [interactionId: string, csat: Csat];
  /** What the customer's page stored with its close (seed 001's `close(extraData)`), once the chat has it. */
  ON_CHAT_CLOSE_DATA: [interactionId: string, closeData: Record<string, unknown>];
  /** A note (from the CRM's addNote / updateNote / replaceNote, or the widget) was cut to MAX_NOTE_CHARS. */
  ON_NOTE_TRUNCATED: [interactionId: string, note: HostNoteTruncated];
}
