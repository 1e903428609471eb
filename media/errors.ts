/** The media engine's one error type: a stable `name` code and a message, sent across as `{name, message}`. */
export const MEDIA_ERROR_NAMES = [
  'invalid_state', // the call is not allowed in the current media state (or the contact is closed)
  'invalid_args',
  'timeout', // no answer in time, after every retry
  'not_supported', // the remote has no handler for the request type
  'not_connected', // no peer and no relay to carry it
  'device', // a microphone, camera or screen could not be acquired
  'remote', // the remote handler failed without a name of ours
  'too_many', // a bound was reached (pending requests, channels, handlers)
  'declined', // the remote declined a media offer
] as const;
export type MediaErrorName = (typeof MEDIA_ERROR_NAMES)[number];

export class MediaError extends Error {
  override readonly name: MediaErrorName;
  constructor(name: MediaErrorName, message: string) {
    super(message);
    this.name = name;
  }
  toWire(): { name: MediaErrorName; message: string } {
    return { name: this.name, message: this.message };
  }
  /** Rebuilds an error that came across as `{name, message}` (or anything else a handler passed). */
  static from(err: unknown): MediaError {
    if (err instanceof MediaError) return err;
    const e = err as { name?: unknown; message?: unknown } | null;
    const name = typeof e?.name === 'string' && (MEDIA_ERROR_NAMES as readonly string[]).includes(e.name) ? (e.name as MediaErrorName) : 'remote';
    const message = typeof e?.message === 'string' ? e.message : typeof err === 'string' ? err : 'remote failure';
    return new MediaError(name, message);
  }
}

export const invalidState = (message: string) => new MediaError('invalid_state', message);
export const invalidArgs = (message: string) => new MediaError('invalid_args', message);
