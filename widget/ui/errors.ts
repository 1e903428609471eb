/** Errors the UI shows in its banner; those the connection caused go away once it is back. */
import { ProtocolError } from '../../protocol/index.ts';

export interface ShownError {
  message: string;
  /** The connection was down: nothing to act on once it is back. */
  connection: boolean;
}

export type OnError = (err: unknown) => void;

export const shownError = (err: unknown): ShownError => ({
  message: err instanceof Error ? err.message : String(err),
  connection: err instanceof ProtocolError && err.name === 'not_connected',
});
