/** Errors the UI shows in its banner; those the connection caused go away once it is back. */
import { ProtocolError } from '../../protocol/index.ts';

export interface ShownError {
  message: string;
  /** The connection was down: nothing to act on once it is back. */
  connection: boolean;
  /** The interaction the failed action was about: the error goes with it. */
  contactId?: string;
}

/**
 * Shows an error (about an interaction, when given). `ok`, when there, is told an action
 * succeeded: an error shown before it is stale.
 */
export type OnError = ((err: unknown, contactId?: string) => void) & { ok?: () => void };

/** How long an error stays on screen at most (a stale one must not linger all day). */
export const ERROR_SHOWN_MS = 10_000;

export const shownError = (err: unknown, contactId?: string): ShownError => ({
  message: err instanceof Error ? err.message : String(err),
  connection: err instanceof ProtocolError && err.name === 'not_connected',
  contactId,
});
