/**
 * The agent's link to the server: the connection, login and logout, resume after a reload or a
 * dropped socket, the session kept in storage for a reload or another tab, and the state
 * reloaded into the InteractionStore when a session starts or could not replay what it missed.
 */
import type { Emitter } from 'nanoevents';
import {
  ProtocolError,
  WireConnection,
  type ChatMessage,
  type ConnectionOptions,
  type ReplyDataMap,
  type RequestBody,
  type RequestType,
  type SessionEndReason,
} from '../../protocol/index.ts';
import type { InteractionStore } from './interaction-store.ts';
import type { SessionEvents } from './session-events.ts';

/** Session status: starting (restoring), logged_out, logged_in. */
export type SessionStatus = 'starting' | 'logged_out' | 'logged_in';

const TOKEN_KEY = 'switchboard.session';
/** Messages per history request: the latest when a chat is loaded, then as many again each time the agent scrolls to the top. */
export const HISTORY_PAGE = 100;
/** A page shorter than asked, or one that starts at the first message, is the beginning of the chat. */
const pageIsFirst = (page: ChatMessage[]) => page.length < HISTORY_PAGE || page[0]!.sequence <= 1;

export class SessionLink {
  readonly conn: WireConnection;
  status: SessionStatus = 'starting';
  /** Why the last session ended when the agent did not sign out here (shown on the sign-in form). */
  endReason: SessionEndReason | null = null;

  constructor(
    wsUrl: string,
    private readonly storage: Storage | null,
    private readonly store: InteractionStore,
    private readonly events: Emitter<SessionEvents>,
    options: ConnectionOptions = {},
  ) {
    this.conn = new WireConnection(wsUrl, options);
    this.conn.on('event', () => this.persist());
    this.conn.on('resumed', () => void this.refresh());
    this.conn.on('sessionLost', () => this.loggedOut('expired'));
    this.conn.on('state', (state, previous) => this.events.emit('connection', state, previous));
  }

  /** Sends a request on the agent's connection (it waits while the connection comes back). */
  request<T extends RequestType>(body: RequestBody<T> & { type: T }): Promise<ReplyDataMap[T]> {
    return this.conn.request<T>(body);
  }

  /** Connects and restores a stored session, if any. The connection keeps retrying when the server is down. */
  async start(): Promise<void> {
    addEventListener('storage', (e) => {
      if (e.key === TOKEN_KEY && e.newValue && this.status === 'logged_out') void this.adopt();
    });
    const saved = this.readSaved();
    if (saved) this.conn.setSession(saved.token, saved.seq);
    // A server that cannot be reached shows in the connection state; the session resumes once it is back.
    await this.conn.open().catch(() => {});
    if (!this.conn.token) this.setStatus('logged_out');
  }

  /** Logs in; `force` ends the agent's sessions elsewhere (without it, being logged in elsewhere fails `already_logged_in`). */
  async login(username: string, password: string, force = false): Promise<void> {
    const reply = await this.request({ type: 'agent.login', username, password, ...(force && { force }) }).catch((err: Error) => {
      this.events.emit('loginFailed', err);
      throw err;
    });
    this.endReason = null;
    this.conn.setSession(reply.token, reply.seq);
    this.persist();
    await this.refresh();
  }

  async logout(): Promise<void> {
    await this.request({ type: 'agent.logout' });
    this.loggedOut('logout');
  }

  /** The session ended (logged out here or in another tab, forced out, expired, removed): back to the login form. */
  loggedOut(reason: SessionEndReason): void {
    if (this.status === 'logged_in') this.events.emit('ended', reason);
    this.endReason = reason === 'logout' ? null : reason;
    this.conn.setSession(null);
    this.storage?.removeItem(TOKEN_KEY);
    this.store.reset(null);
    this.setStatus('logged_out');
  }

  /** The chat's latest page of history (the newest HISTORY_PAGE messages); older pages come with loadOlder. */
  async loadHistory(contactId: string): Promise<void> {
    const { messages } = await this.request({ type: 'chat.history', contactId, maxQuantity: HISTORY_PAGE });
    const held = this.store.messages.get(contactId) ?? [];
    // Messages missed past the page (a long outage): what was held is no longer next to it.
    const gap = held.length > 0 && messages.length > 0 && messages[0]!.sequence > held.at(-1)!.sequence + 1;
    if (gap) this.store.messages.delete(contactId);
    const first = pageIsFirst(messages);
    // Older messages held next to the page keep what was known of the beginning.
    if (gap || first || !held.length) this.store.marks.setHistory(contactId, { complete: first });
    this.store.setMessages(contactId, messages);
  }

  /**
   * The page of history before the oldest message held (LivePerson's queryMessages with
   * sequenceMax / maxQuantity), as the agent scrolls up. Resolves whether older messages remain;
   * a page that did not come marks the history `failed` (not asked again until `retry`).
   */
  async loadOlder(contactId: string, retry = false): Promise<boolean> {
    const marks = this.store.marks;
    const state = marks.historyOf(contactId);
    const oldest = this.store.messages.get(contactId)?.[0]?.sequence;
    if (state.loading || (state.failed && !retry)) return !state.complete;
    if (state.complete || oldest === undefined) return false;
    if (oldest <= 1) {
      marks.setHistory(contactId, { complete: true });
      this.store.changed();
      return false;
    }
    marks.setHistory(contactId, { loading: true, failed: false });
    this.store.changed();
    try {
      const { messages } = await this.request({ type: 'chat.history', contactId, maxQuantity: HISTORY_PAGE, sequenceMax: oldest - 1 });
      marks.setHistory(contactId, { complete: pageIsFirst(messages), loading: false });
      this.store.setMessages(contactId, messages);
      return !pageIsFirst(messages);
    } catch {
      marks.setHistory(contactId, { loading: false, failed: true });
      this.store.changed();
      return true;
    }
  }

  /** Another tab of this agent logged in: follow its session. */
  private async adopt(): Promise<void> {
    const saved = this.readSaved();
    if (!saved || this.status === 'logged_in') return;
    this.conn.setSession(saved.token, saved.seq);
    await this.request({ type: 'resume', token: saved.token, lastSeq: saved.seq }).catch(() => {});
    await this.refresh();
  }

  /** Reloads the whole state after a login, a reload or a resume. */
  private async refresh(): Promise<void> {
    try {
      const snap = await this.request({ type: 'agent.snapshot' });
      this.conn.skipTo(snap.seq);
      this.store.reset(snap.agent, snap.contacts, snap);
      this.setStatus('logged_in');
      await Promise.all(snap.contacts.filter((c) => c.list === 'assigned').map((c) => this.loadHistory(c.id)));
    } catch (err) {
      if (err instanceof ProtocolError && err.name === 'not_logged_in') this.loggedOut('expired');
      else this.events.emit('error', err as Error);
    }
  }

  private setStatus(status: SessionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.events.emit('status', status);
  }

  private persist(): void {
    if (this.conn.token) this.storage?.setItem(TOKEN_KEY, JSON.stringify({ token: this.conn.token, seq: this.conn.lastSeq }));
  }

  private readSaved(): { token: string; seq: number } | null {
    try {
      return JSON.parse(this.storage?.getItem(TOKEN_KEY) ?? 'null');
    } catch {
      return null;
    }
  }
}
