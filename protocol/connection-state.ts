/**
 * The state of a client's connection to the server (LivePerson's ConnectionState), one table
 * for the widget, the customer SDK and tests. `WireConnection` is its only setter.
 */
export const CONNECTION_STATES = [
  'INITIAL', // no connection has been attempted yet
  'CONNECTING', // a socket is opening (the first time, or again after a loss); a session is being resumed
  'CONNECTED', // the socket is open, the session resumed: requests go out now
  'FAILED_TO_CONNECT', // the connection has never been established; retrying per the reconnect policy
  'DISCONNECTED', // the connection was up and was lost; retrying per the reconnect policy
  'CLOSING', // close() was called; the socket is closing
  'CLOSED', // closed on purpose, by close()
  'NULL', // no connection is possible or will be attempted (the reconnect policy gave up)
] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export const CONNECTION_TRANSITIONS: Readonly<Record<ConnectionState, readonly ConnectionState[]>> = {
  INITIAL: ['CONNECTING', 'CLOSED'],
  // -> DISCONNECTED: a retry after a loss failed; -> FAILED_TO_CONNECT: it never was up
  CONNECTING: ['CONNECTED', 'FAILED_TO_CONNECT', 'DISCONNECTED', 'CLOSING'],
  CONNECTED: ['DISCONNECTED', 'CLOSING'],
  FAILED_TO_CONNECT: ['CONNECTING', 'NULL', 'CLOSED'],
  DISCONNECTED: ['CONNECTING', 'NULL', 'CLOSED'],
  CLOSING: ['CLOSED'],
  CLOSED: ['CONNECTING'], // open() again
  NULL: ['CONNECTING'], // open() again, e.g. the user asked to retry
};

export function canConnectionTransition(from: ConnectionState, to: ConnectionState): boolean {
  return CONNECTION_TRANSITIONS[from].includes(to);
}

/** States in which a connection is on its way (requests wait for it, chat sends are queued). */
export const COMING_CONNECTION_STATES: readonly ConnectionState[] = ['CONNECTING', 'FAILED_TO_CONNECT', 'DISCONNECTED'];

/** The connection was up and is being re-established: what a "Reconnecting…" line shows. */
export const isReconnecting = (state: ConnectionState, everConnected: boolean) =>
  state === 'DISCONNECTED' || (state === 'CONNECTING' && everConnected);

/** LivePerson-style notification counters of one connection, with its state. */
export interface ConnectionDiagnostics {
  state: ConnectionState;
  /** Events handed on, in order. */
  processed: number;
  /** Events dropped because they were seen already (seq <= lastSeq). */
  ignoredDuplicate: number;
  /** Events that skipped a seq (a gap): dropped, and the missing ones fetched by a resume. */
  outOfOrder: number;
}
