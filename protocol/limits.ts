/** Every size and time limit of the wire protocol, in one place. */
export const MAX_TEXT_CHARS = 8_000;
export const MAX_RICH_CONTENT_CHARS = 15_000;
export const MAX_NOTE_CHARS = 5_000;
export const MAX_FRAME_BYTES = 64 * 1024;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_NAME_CHARS = 200;
export const MAX_HISTORY_QUANTITY = 500;
/** A customer who leaves the queue after this long abandons; before it, cancels. */
export const ABANDON_THRESHOLD_MS = 10_000;
/** Events kept per session for `resume`; a client further behind gets a snapshot. */
export const EVENT_REPLAY_WINDOW = 1_000;
/** Version of the host <-> widget handshake; a mismatch is refused. */
export const HOST_PROTOCOL_VERSION = 1;
