/** Every size and time limit of the wire protocol, in one place. */
export const MAX_TEXT_CHARS = 8_000;
export const MAX_RICH_CONTENT_CHARS = 15_000;
export const MAX_NOTE_CHARS = 5_000;
/** Notes and variables one contact may hold. */
export const MAX_NOTES_PER_CONTACT = 100;
export const MAX_VARIABLES_PER_CONTACT = 100;
/** New chats one customer connection may start. */
export const MAX_CHAT_INITS_PER_CONNECTION = 20;
/** Waiting contacts an agent's hidden list shows at once (the rest wait their turn: the list is a window on the queue, not all of it). */
export const MAX_HIDDEN_PER_AGENT = 50;
export const MAX_FRAME_BYTES = 64 * 1024;
/** Attachments (hosted files): the defaults of the server's `attachment*` settings. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_CHAT = 20;
export const MAX_ATTACHMENT_BYTES_PER_CHAT = 50 * 1024 * 1024;
/** Uploads one session may have under way at once; more are refused `rate_limited`. */
export const MAX_UPLOADS_PER_SESSION = 2;
export const MAX_NAME_CHARS = 200;
/** A contact variable's value (the host API keeps its CRM context, JSON, in a few of them). */
export const MAX_VARIABLE_CHARS = 4_000;
/** All of a contact's variables together, names and values (its views must fit in a frame). */
export const MAX_ATTACHED_DATA_CHARS = 16_000;
export const MAX_HISTORY_QUANTITY = 500;
/** Entries a chat may import from elsewhere (seed 001's `importHistory`), all calls together. */
export const MAX_IMPORTED_ENTRIES = 100;
/** The customer's `extraData` stored with a chat's close, as JSON. */
export const MAX_CLOSE_DATA_CHARS = 2_000;
/** A history page without `maxQuantity` holds the last this many messages. */
export const DEFAULT_HISTORY_QUANTITY = 100;
/** Requests a socket may have waiting behind the one being handled; more are refused `rate_limited`. */
export const MAX_QUEUED_REQUESTS = 32;
/** Bytes a socket may have unsent; past it the client is a slow consumer and is disconnected. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/** WebSocket close codes the server uses, with their reasons. */
export const CLOSE_SLOW_CONSUMER = 4008;
/** A customer who leaves the queue after this long abandons; before it, cancels. */
export const ABANDON_THRESHOLD_MS = 10_000;
/** Events kept per session for `resume`; a client further behind gets a snapshot. */
export const EVENT_REPLAY_WINDOW = 1_000;
/** Version of the host <-> widget handshake; a mismatch is refused. 2: Bright Pattern's signatures, events as (name, args, answered). */
export const HOST_PROTOCOL_VERSION = 2;
/** Chats one supervisor watches at once; past it, watching another is refused until one is left. */
export const MAX_WATCHED_CHATS = 10;
/** A supervisor's live feed sends the rows that changed at most this often (one frame per period, however many changes). */
export const FEED_FLUSH_MS = 500;
/** Connections subscribed to the live feed at once, over the whole server. */
export const MAX_FEED_SUBSCRIBERS = 200;
/** Chats one agent's row of the feed lists (an agent holds its capacity of chats, plus a call). */
export const MAX_FEED_CHATS_PER_AGENT = 20;
