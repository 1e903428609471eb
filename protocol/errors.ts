/** Error names that travel on the wire as `{name, message}`. */
export const WIRE_ERROR_NAMES = [
  'bad_request',
  'not_logged_in',
  'invalid_credentials',
  'forbidden',
  'not_found',
  'not_suitable_state',
  'invalid_args',
  'no_disposition',
  'no_agent',
  'too_large',
  'rate_limited',
  'already_logged_in',
  /** Client side only: the connection is down (or closed) and the request could not wait for it. */
  'not_connected',
  'internal',
] as const;
export type WireErrorName = (typeof WIRE_ERROR_NAMES)[number];

export interface WireError {
  readonly name: WireErrorName;
  readonly message: string;
  /** With `rate_limited`: when to try again. */
  readonly retryAfterMs?: number;
}

/** The one error type of the protocol: thrown on either side, sent as `{name, message}`. */
export class ProtocolError extends Error {
  override readonly name: WireErrorName;
  constructor(
    name: WireErrorName,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = name;
  }
}

/** An error as it travels in a reply frame (a function, not a method: clients never send errors, so their bundles leave it out). */
export const wireError = (err: ProtocolError): WireError =>
  err.retryAfterMs === undefined ? { name: err.name, message: err.message } : { name: err.name, message: err.message, retryAfterMs: err.retryAfterMs };

export const badRequest = (message: string) => new ProtocolError('bad_request', message);
export const notLoggedIn = (message = 'log in first') => new ProtocolError('not_logged_in', message);
export const forbidden = (message: string) => new ProtocolError('forbidden', message);
export const notFound = (what: string) => new ProtocolError('not_found', `${what} not found`);
export const notSuitableState = (message: string) => new ProtocolError('not_suitable_state', message);
export const rateLimited = (message: string, retryAfterMs: number) => new ProtocolError('rate_limited', message, Math.max(1, Math.ceil(retryAfterMs)));
export const invalidArgs = (message: string) => new ProtocolError('invalid_args', message);
export const notConnected = (message = 'not connected to the server') => new ProtocolError('not_connected', message);

/** For exhaustive switches: a case left unhandled fails to compile. */
export function assertNever(x: never): never {
  throw new Error(`unhandled case ${JSON.stringify(x)}`);
}
