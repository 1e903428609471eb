/**
 * The agent's session, in three parts: the link to the server (connection, login, resume,
 * storage), the actions of the UI and the host API, and the reducer of server events into the
 * InteractionStore, where all the state lives.
 *
 *   const session = new AgentSession(wsUrl, localStorage);
 *   await session.start();
 *   await session.link.login('alice', 'secret');
 *   await session.actions.send(contactId, 'Hello');
 */
import { createNanoEvents } from 'nanoevents';
import type { ConnectionDiagnostics, ConnectionOptions, SessionEndReason } from '../../protocol/index.ts';
import { AgentActions } from './agent-actions.ts';
import { reduceServerEvent } from './event-reducer.ts';
import { InteractionStore } from './interaction-store.ts';
import type { SessionEvents } from './session-events.ts';
import { SessionLink, type SessionStatus } from './session-link.ts';

export type { CrmHooks } from './crm-hooks.ts';
export type { NoticeKey, SessionEvents } from './session-events.ts';
export type { SessionStatus } from './session-link.ts';

/** The connection as the agent's UI and the host see it. */
export interface ConnectionView extends ConnectionDiagnostics {
  /** It was up once: a loss now reads "Reconnecting…". */
  everConnected: boolean;
}

export class AgentSession {
  readonly store = new InteractionStore();
  readonly events = createNanoEvents<SessionEvents>();
  readonly link: SessionLink;
  readonly actions: AgentActions;

  constructor(wsUrl: string, storage: Storage | null, options: ConnectionOptions = {}) {
    this.link = new SessionLink(wsUrl, storage, this.store, this.events, options);
    this.actions = new AgentActions(this.link, this.store);
    const out = {
      notice: (...args: Parameters<SessionEvents['notice']>) => this.events.emit('notice', ...args),
      sessionEnded: (reason: SessionEndReason) => this.link.loggedOut(reason),
    };
    this.link.conn.on('event', (event) => reduceServerEvent(event, this.store, out));
    // The customer types: unstored signals, shown for a few seconds or until they stop or send.
    this.link.conn.on('signal', (e) => e.topic === 'chat.activity' && e.data.from.kind === 'customer' && this.store.setTyping(e.data.contactId, e.data.activity === 'writing'));
    // A chat offered shows what the customer wrote: its history comes with the offer (one request each).
    this.store.events.on('queuechange', ({ id, pending }) => {
      if (pending && this.store.listOf(id) === 'pending' && this.store.contacts.get(id)?.type !== 'voice' && this.link.status === 'logged_in') this.link.loadHistory(id).catch(() => {});
    });
  }

  get status(): SessionStatus {
    return this.link.status;
  }

  get connection(): ConnectionView {
    return { ...this.link.conn.diagnostics, everConnected: this.link.conn.everConnected };
  }

  start(): Promise<void> {
    return this.link.start();
  }
}
