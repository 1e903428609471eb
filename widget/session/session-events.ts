/** What the agent's session tells the UI and the host API. The keys are the only list of names. */
import type { ConnectionState, OfferAlertData, SessionEndReason } from '../../protocol/index.ts';
import type { SessionStatus } from './session-link.ts';

export type NoticeKey = 'notice.transferred' | 'notice.bouncedBack' | 'notice.backToQueue' | 'notice.cleared' | 'notice.declined' | 'notice.screenPop' | 'notice.intervened';

export interface SessionEvents {
  status: (status: SessionStatus) => void;
  /** A login failed (from the form or the host API): the host hears some of these as server errors. */
  loginFailed: (error: Error) => void;
  /** The agent's session ended, just before the status goes logged_out: its own logout, or from elsewhere (forced, expired, removed). */
  ended: (reason: SessionEndReason) => void;
  /** Something failed that no caller is waiting for (reloading the state). */
  error: (error: Error) => void;
  /**
   * Something the agent should know about (a transfer went through, a contact was cleared, ...).
   * `contactId`: the interaction on the desk it is about; the notice goes when the interaction does.
   */
  notice: (key: NoticeKey, params: Record<string, string>, contactId?: string) => void;
  /** The connection to the server changed state (seed 004's ConnectionState). */
  connection: (state: ConnectionState, previous: ConnectionState) => void;
  /** The alert for new chat offers started, changed or stopped (for the host page to show). */
  offerAlert: (alert: OfferAlertData) => void;
}
