/**
 * Chat beyond plain text: typing activity (unstored), delivery receipts, message content kinds
 * (link, action, rich content with quick replies, button post-backs, hosted files), private
 * messages, CSAT and time to respond (TTR). One structured-content schema here is what the widget
 * and the customer page both render.
 */
import * as v from 'valibot';
import { plainObject } from './plain-object.ts';
import { MAX_TEXT_CHARS } from './limits.ts';

/** What a party is doing in the reply box (seed 001's `sendUserActivity`). */
export const CHAT_ACTIVITIES = ['writing', 'stop-writing', 'not-writing'] as const;
export type ChatActivity = (typeof CHAT_ACTIVITIES)[number];
/** The same activity is relayed again at most this often (a writer sends `writing` on every key). */
export const ACTIVITY_REPEAT_MS = 2_000;

/**
 * Delivery statuses (LivePerson's DeliveryStatus). ACCEPT: stored (the `chat.send` / `chat.post`
 * reply, and the sender's own `chat.message` echo). READ: the other side read up to a sequence.
 * ACCESS: the other side opened an attachment. NACK: refused (an error reply; nothing stored).
 */
export const DELIVERY_STATUSES = ['ACCEPT', 'READ', 'ACCESS', 'NACK'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Seed 004's csatStatus. */
export const CSAT_STATUSES = ['FILLED', 'PARTIALLY_FILLED', 'SKIPPED', 'EMPTY'] as const;
export type CsatStatus = (typeof CSAT_STATUSES)[number];
/** The customer's satisfaction survey after the chat closed. */
export interface Csat {
  /** 1 (bad) to 5 (good); null when skipped. */
  rate: number | null;
  resolutionConfirmation: boolean | null;
  status: CsatStatus;
  at: number;
}

/**
 * Time to respond (LivePerson's TTRType). URGENT, PRIORITIZED and NORMAL take their seconds from
 * TTR_SECONDS; CUSTOM takes the value the agent gives.
 */
export const TTR_TYPES = ['URGENT', 'PRIORITIZED', 'NORMAL', 'CUSTOM'] as const;
export type TtrType = (typeof TTR_TYPES)[number];
export const TTR_SECONDS: { readonly [K in Exclude<TtrType, 'CUSTOM'>]: number } = { URGENT: 5 * 60, PRIORITIZED: 30 * 60, NORMAL: 60 * 60 };
export const MAX_TTR_SECONDS = 7 * 24 * 3600;
/** The conversation's time to respond, as agents see it. */
export interface TtrView {
  type: TtrType;
  seconds: number;
  /** A deadline an agent set by hand (ms since epoch), overriding the type's. */
  manualETTR: number | null;
  /** Till when the agent must answer the customer's oldest unanswered message (ms since epoch); null when nothing waits. */
  effective: number | null;
}

/** The effective deadline: the manual one if set, else the oldest unanswered customer message plus the TTR. */
export function ttrEffective(ttr: { seconds: number; manualETTR: number | null }, waitingSince: number | null): number | null {
  if (waitingSince === null) return null;
  return ttr.manualETTR ?? waitingSince + ttr.seconds * 1000;
}

// ---- structured content: one schema for rich messages and quick replies ----

const Url = v.pipe(v.string(), v.maxLength(2048), v.regex(/^https?:\/\/[^\s]+$/i, 'url: http(s) only'));
const Title = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const Payload = v.pipe(v.string(), v.minLength(1), v.maxLength(1000));

/** A button: posts its payload back as a customer message, or opens a link. */
export const RichButton = v.variant('type', [
  v.object({ type: v.literal('postback'), title: Title, payload: Payload }),
  v.object({ type: v.literal('link'), title: Title, url: Url }),
]);
export const RichElement = v.variant('type', [
  v.object({ type: v.literal('text'), text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT_CHARS)), style: v.optional(v.picklist(['title', 'subtitle', 'body'])) }),
  v.object({ type: v.literal('image'), url: Url, alt: v.optional(Title) }),
  v.object({
    type: v.literal('card'),
    title: v.optional(Title),
    subtitle: v.optional(v.pipe(v.string(), v.maxLength(1000))),
    imageUrl: v.optional(Url),
    buttons: v.optional(v.pipe(v.array(RichButton), v.maxLength(10))),
  }),
  v.object({ type: v.literal('buttons'), buttons: v.pipe(v.array(RichButton), v.minLength(1), v.maxLength(10)) }),
]);
/** A rich message: elements shown in order, then quick replies (postback buttons that go away once one is used). */
export const StructuredContent = plainObject({
  elements: v.pipe(v.array(RichElement), v.maxLength(50)),
  quickReplies: v.optional(v.pipe(v.array(v.object({ type: v.literal('postback'), title: Title, payload: Payload })), v.maxLength(13))),
});
export type StructuredContent = v.InferOutput<typeof StructuredContent>;
export type RichButton = v.InferOutput<typeof RichButton>;

/** Who said an imported history entry: the customer, an agent, or a bot (seed 001's `importHistory`). */
export const IMPORTED_ROLES = ['customer', 'agent', 'bot'] as const;
export type ImportedRole = (typeof IMPORTED_ROLES)[number];

/**
 * One entry of a history the customer's page imports into the chat (a conversation with a bot
 * before the agent, say): who said it, their name, the text and when (ms since epoch, not in the
 * future). Stored as a message from `system` with `imported` content, its time the entry's.
 */
export const HistoryEntry = v.object({
  from: v.picklist(IMPORTED_ROLES),
  name: v.optional(v.pipe(v.string(), v.maxLength(200))),
  // Past MAX_TEXT_CHARS an entry is refused `too_large`, as a message is.
  text: v.pipe(v.string(), v.minLength(1, 'text is empty'), v.maxLength(64 * 1024)),
  createdAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type HistoryEntry = v.InferOutput<typeof HistoryEntry>;

/**
 * What a client may post besides text (`chat.post`). link: a URL with a description (seed 000's
 * sendLink); action: a code with arguments for the other side's page or widget (sendAction); rich:
 * structured content; postback: the customer pressed a button (its payload; `replyTo` is the rich
 * message).
 */
export const PostedContent = v.variant('kind', [
  v.object({ kind: v.literal('link'), url: Url, desc: v.optional(v.pipe(v.string(), v.maxLength(1000))) }),
  v.object({ kind: v.literal('action'), code: v.pipe(v.string(), v.regex(/^[\w.:-]{1,64}$/, 'code: letters, digits, . : _ - (64 at most)')), args: v.optional(v.pipe(v.array(v.unknown()), v.maxLength(20))) }),
  v.object({ kind: v.literal('rich'), rich: StructuredContent }),
  v.object({ kind: v.literal('postback'), title: Title, payload: Payload, replyTo: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))) }),
]);
export type PostedContent = v.InferOutput<typeof PostedContent>;

/**
 * A file the server hosts (seed 004's HOSTED_FILE): uploaded over HTTP (`POST /api/attachments`),
 * never posted as a frame. Stored without a link; every party receives it with a link of its own,
 * signed and expiring at `expiresAt` (ms), and asks `chat.fileLink` for a fresh one after that.
 * `url` is a path on the Switchboard server.
 */
export interface HostedFile {
  kind: 'file';
  id: string;
  name: string;
  /** Bytes. */
  size: number;
  /** Its media type, one of the server's allowed `attachmentTypes`. */
  type: string;
  url?: string;
  expiresAt?: number;
}

/** An entry of a history the customer's page imported (`chat.import`, never posted): who said it. Shown before the live messages. */
export interface ImportedContent {
  kind: 'imported';
  from: ImportedRole;
}

/** What a message carries besides its text: posted content, a hosted file, or an imported entry. */
export type MessageContent = PostedContent | HostedFile | ImportedContent;
export type MessageContentKind = MessageContent['kind'];

/** Which side may post each content kind: rich content comes from agents, post-backs from customers; imported entries only through `chat.import`. */
export const CONTENT_SENDERS: { readonly [K in MessageContentKind]: readonly ('customer' | 'agent')[] } = {
  link: ['customer', 'agent'],
  action: ['customer', 'agent'],
  rich: ['agent'],
  postback: ['customer'],
  file: ['customer', 'agent'],
  imported: [],
};

/** An entry of an imported history (it shows before the live messages). */
export const isImported = (message: { content?: MessageContent }) => message.content?.kind === 'imported';

/** Raster images: the only files shown inline (thumbnails). SVG (it runs scripts) and HTML never are. */
export const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
/** Files a chat takes by default (`attachmentTypes` in the server's config replaces the list). */
export const DEFAULT_ATTACHMENT_TYPES: readonly string[] = [
  ...INLINE_IMAGE_TYPES,
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
];
/** Whether a hosted file is a raster image a browser may show inline. */
export const isInlineImage = (type: string) => (INLINE_IMAGE_TYPES as readonly string[]).includes(type);

/** The plain text stored with a content message: what a client that cannot render the content shows. */
export function contentText(content: MessageContent): string {
  switch (content.kind) {
    case 'link':
      return content.desc ? `${content.desc} ${content.url}` : content.url;
    case 'action':
      return `[${content.code}]`;
    case 'rich': {
      const texts = content.rich.elements.flatMap((e) => (e.type === 'text' ? [e.text] : e.type === 'card' && e.title ? [e.title] : []));
      return texts.join('\n').slice(0, MAX_TEXT_CHARS) || '[rich content]';
    }
    case 'postback':
      return content.title;
    case 'imported':
      return '';
    case 'file':
      return content.name;
  }
}

/** Characters of a content's JSON; rich content past MAX_RICH_CONTENT_CHARS is refused `too_large`. */
export const contentChars = (content: MessageContent) => JSON.stringify(content).length;

/** Unstored chat frames (`type: 'signal'`), merged into call.ts's SignalEventMap. */
export interface ChatSignalEventMap {
  /** The other party's typing activity (seed 000's `iswriting`, seed 001's `user:activity`). Never stored or replayed. */
  'chat.activity': { contactId: string; activity: ChatActivity; from: { kind: 'customer' | 'agent'; id: string; name: string } };
}
