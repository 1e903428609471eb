/**
 * The agent's session with the server: login, resume after a reload or a dropped socket,
 * and the actions of the UI and the host API. State lives in the InteractionStore.
 */
import { createNanoEvents } from 'nanoevents';
import {
  ProtocolError,
  WireConnection,
  assertNever,
  type AgentState,
  type ChatMessage,
  type ContactList,
  type ContactView,
  type ServerEvent,
  type TeamMember,
} from '../../protocol/index.ts';
import type { TransferRequest } from './transfer-request.ts';
import { InteractionStore } from './interaction-store.ts';

/** Session status: starting (restoring), logged_out, logged_in. */
export type SessionStatus = 'starting' | 'logged_out' | 'logged_in';

const TOKEN_KEY = 'switchboard.session';
export interface SessionEvents {
  status: (status: SessionStatus) => void;
  error: (message: string) => void;
  /** Something the agent should know about (a transfer went through, a contact was cleared, ...). */
  notice: (key: NoticeKey, params: Record<string, string>) => void;
}

export type NoticeKey = 'notice.transferred' | 'notice.bouncedBack' | 'notice.backToQueue' | 'notice.cleared' | 'notice.declined' | 'notice.screenPop';

/** Points where the host page may take part (its answered events), set by the host API. */
export interface SessionHooks {
  /** Variables to attach to a contact before it is transferred. */
  transferData(contactId: string, request: TransferRequest): Promise<Record<string, string>>;
  /** The CRM saves the activity before completion; returns the id of its record, if any. */
  saveActivity(contactId: string): Promise<string | undefined>;
}

export class AgentSession {
  hooks: SessionHooks = { transferData: async () => ({}), saveActivity: async () => undefined };
  readonly store = new InteractionStore();
  readonly events = createNanoEvents<SessionEvents>();
  status: SessionStatus = 'starting';
  private readonly conn: WireConnection;

  constructor(
    wsUrl: string,
    private readonly storage: Storage | null,
  ) {
    this.conn = new WireConnection(wsUrl);
    this.conn.events.on('event', (event) => this.apply(event));
    this.conn.events.on('event', () => this.persist());
    this.conn.events.on('resumed', () => void this.refresh());
    this.conn.events.on('sessionLost', () => this.loggedOut());
  }

  /** Another tab of this agent logged in: follow its session. */
  private async adopt(): Promise<void> {
    const saved = this.readSaved();
    if (!saved || this.status === 'logged_in') return;
    this.conn.setSession(saved.token, saved.seq);
    await this.conn.request({ type: 'resume', token: saved.token, lastSeq: saved.seq }).catch(() => {});
    await this.refresh();
  }

  /** Connects and restores a stored session, if any. */
  async start(): Promise<void> {
    addEventListener('storage', (e) => {
      if (e.key === TOKEN_KEY && e.newValue && this.status === 'logged_out') void this.adopt();
    });
    const saved = this.readSaved();
    if (saved) this.conn.setSession(saved.token, saved.seq);
    try {
      await this.conn.open();
    } catch {
      this.events.emit('error', 'cannot reach the server');
    }
    if (!this.conn.token) this.setStatus('logged_out');
  }

  async login(username: string, password: string): Promise<void> {
    const reply = await this.conn.request({ type: 'agent.login', username, password });
    this.conn.setSession(reply.token, reply.seq);
    this.persist();
    await this.refresh();
  }

  async logout(): Promise<void> {
    await this.conn.request({ type: 'agent.logout' });
    this.loggedOut();
  }

  async setAgentState(state: AgentState): Promise<void> {
    this.store.setAgent(await this.conn.request({ type: 'agent.setState', state }));
  }

  async accept(contactId: string): Promise<void> {
    this.store.upsertContact(await this.conn.request({ type: 'contact.accept', contactId }));
    this.store.setActive(contactId);
    await this.loadHistory(contactId);
  }

  async decline(contactId: string): Promise<void> {
    this.store.upsertContact(await this.conn.request({ type: 'contact.decline', contactId }));
  }

  /** Takes a terminated contact, or a broadcast offer, off this agent's lists. */
  async clear(contactId: string): Promise<void> {
    await this.conn.request({ type: 'contact.clear', contactId });
    if (this.store.listOf(contactId) === 'terminated') this.store.removeContact(contactId);
  }

  moveTo(contactId: string, list: Exclude<ContactList, 'terminated'>): void {
    this.store.moveTo(contactId, list);
  }

  async transfer(contactId: string, request: TransferRequest): Promise<void> {
    const data = await this.hooks.transferData(contactId, request);
    for (const [name, value] of Object.entries(data)) await this.setVariable(contactId, name, String(value));
    this.store.upsertContact(await this.conn.request({ type: 'contact.transfer', contactId, ...request }));
  }

  async startChat(customerId: string): Promise<ContactView> {
    const contact = await this.conn.request({ type: 'chat.start', customerId });
    this.store.upsertContact(contact);
    this.store.setActive(contact.id);
    return contact;
  }

  async invite(contactId: string, agentId: string): Promise<void> {
    this.store.upsertContact(await this.conn.request({ type: 'contact.invite', contactId, agentId }));
  }

  async removeParticipant(contactId: string, agentId: string): Promise<void> {
    this.store.upsertContact(await this.conn.request({ type: 'contact.removeParticipant', contactId, agentId }));
  }

  async setVariable(contactId: string, name: string, value: string): Promise<void> {
    this.store.upsertContact(await this.conn.request({ type: 'contact.setVariable', contactId, name, value }));
  }

  async updateNote(contactId: string, noteId: string, text: string): Promise<{ truncated: boolean }> {
    const reply = await this.conn.request({ type: 'contact.updateNote', contactId, noteId, text });
    return { truncated: reply.truncated };
  }

  async replaceNotes(contactId: string, text: string): Promise<{ truncated: boolean }> {
    const reply = await this.conn.request({ type: 'contact.replaceNotes', contactId, text });
    return { truncated: reply.truncated };
  }

  async setDisposition(contactId: string, disposition: string): Promise<void> {
    this.store.upsertContact(await this.conn.request({ type: 'contact.setDisposition', contactId, disposition }));
  }

  async addNote(contactId: string, text: string): Promise<{ noteId: string; truncated: boolean }> {
    const reply = await this.conn.request({ type: 'contact.addNote', contactId, text });
    return { noteId: reply.note.id, truncated: reply.truncated };
  }

  async teamMembers(): Promise<TeamMember[]> {
    return (await this.conn.request({ type: 'team.members' })).members;
  }

  async send(contactId: string, text: string): Promise<ChatMessage> {
    const message = await this.conn.request({ type: 'chat.send', contactId, text });
    this.store.addMessage(message);
    return message;
  }

  async end(contactId: string): Promise<void> {
    this.store.upsertContact(await this.conn.request({ type: 'contact.end', contactId }));
  }

  async complete(contactId: string): Promise<void> {
    const state = this.store.contacts.get(contactId)?.state;
    if (state !== 'wrap_up') throw new ProtocolError('not_suitable_state', `contact is ${state ?? 'unknown'}, not in wrap-up`);
    const recordId = await this.hooks.saveActivity(contactId);
    if (recordId) await this.setVariable(contactId, 'crm.activity', recordId);
    const done = await this.conn.request({ type: 'contact.complete', contactId });
    if (this.store.contacts.has(contactId)) this.store.upsertContact(done);
    this.store.removeContact(contactId);
  }

  /** Reloads the whole state after a login, a reload or a resume that could not replay. */
  private async refresh(): Promise<void> {
    try {
      const snap = await this.conn.request({ type: 'agent.snapshot' });
      this.conn.skipTo(snap.seq);
      this.store.reset(snap.agent, snap.contacts, snap);
      this.setStatus('logged_in');
      await Promise.all(snap.contacts.filter((c) => c.list === 'assigned').map((c) => this.loadHistory(c.id)));
    } catch (err) {
      if (err instanceof ProtocolError && err.name === 'not_logged_in') this.loggedOut();
      else this.events.emit('error', (err as Error).message);
    }
  }

  private async loadHistory(contactId: string): Promise<void> {
    const { messages } = await this.conn.request({ type: 'chat.history', contactId });
    this.store.setMessages(contactId, messages);
  }

  private apply(event: ServerEvent): void {
    switch (event.topic) {
      case 'agent.state':
        if (this.store.agent) this.store.setAgent({ ...this.store.agent, state: event.data.state, forcedPause: event.data.forcedPause });
        return;
      case 'contact.offered':
      case 'contact.updated':
        return this.store.upsertContact(event.data.contact);
      case 'contact.removed':
        return this.store.removeContact(event.data.contactId);
      case 'chat.message':
        return this.store.addMessage(event.data.message);
      case 'contact.transferred': {
        const { to } = event.data;
        const key = to.toAgent === this.store.agent?.id ? 'notice.bouncedBack' : to.toAgent ? 'notice.transferred' : 'notice.backToQueue';
        return this.notice(key, { contact: this.customerName(event.data.id), agent: to.toAgent ?? '' });
      }
      case 'contact.cleared':
        return this.notice('notice.cleared', { contact: this.customerName(event.data.id), reason: event.data.reason });
      case 'contact.declined':
        return this.notice('notice.declined', { contact: this.customerName(event.data.id), agent: event.data.nick });
      case 'session.ended':
        return this.loggedOut();
      case 'user.joined':
      case 'chat.closed':
      case 'contact.left':
      case 'conversation.transfer-agent':
      case 'conversation.transfer-skill':
      case 'conversation.back-to-queue':
      case 'conversation.participant-added':
      case 'conversation.participant-removed':
      case 'queue.update':
      case 'chat.foreverAlone':
        return; // the contact.updated that goes with them carries the state, or they are the customer's
      default:
        return assertNever(event);
    }
  }

  private notice(key: NoticeKey, params: Record<string, string>): void {
    this.events.emit('notice', key, params);
  }

  private customerName(contactId: string): string {
    return this.store.contacts.get(contactId)?.customer.name ?? '';
  }

  private loggedOut(): void {
    this.conn.setSession(null);
    this.storage?.removeItem(TOKEN_KEY);
    this.store.reset(null);
    this.setStatus('logged_out');
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
