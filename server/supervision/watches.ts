/**
 * A supervisor watches chats read-only, whispers to their agents and intervenes. Watching is
 * silent (the agents are not told; the customer only when their chat asked for seed 001's
 * `historyWatch`: user:joined with mode 'watch', then user:left); a watched chat's messages (private ones
 * too) reach the supervisor as `watch.message` signals. A whisper is a private message from the
 * supervisor: the chat's agents get it, the customer never does. An intervention makes the
 * supervisor one of the chat's agents (a conference member): the customer sees them join and
 * hears `chat.intervened`, the agents too. A watch ends when the supervisor stops it, joins the
 * chat, or the chat leaves its open states (wrap-up or over), and when the supervisor is gone.
 */
import {
  DEFAULT_HISTORY_QUANTITY,
  MAX_WATCHED_CHATS,
  OPEN_CHAT_STATES,
  forbidden,
  inConversation,
  notSuitableState,
  type ChatMessage,
  type ContactView,
  type Interventor,
  type WatchReply,
} from '../../protocol/index.ts';
import type { AgentDirectory } from '../agents/index.ts';
import { isAgentOfContact, messageBody, tellJoined, tellLeft, type Conference, type ContactCenter } from '../contacts/index.ts';
import { interventionNotice, supervisorView } from '../contacts/views.ts';
import type { SessionHub } from '../sessions/index.ts';
import type { AgentRecord, ContactRecord } from '../store/index.ts';

export class Watches {
  constructor(
    private readonly center: ContactCenter,
    private readonly agents: AgentDirectory,
    private readonly hub: SessionHub,
    private readonly conference: Conference,
  ) {
    center.onMessage((contact, message) => {
      for (const supervisor of this.watchersOf(contact.id)) this.hub.signal('agent', supervisor.id, { type: 'signal', topic: 'watch.message', data: { message: this.center.messageFor(message, { kind: 'agent', id: supervisor.id }) } });
    });
    center.onChange((contact) => {
      for (const supervisor of this.watchersOf(contact.id)) if (this.ends(contact, supervisor.id)) this.drop(supervisor, contact.id);
    });
    // Watches kept over a restart: those of chats that are over (or of agents no longer supervisors) go.
    center.outbox.run(() => {
      for (const agent of agents.all()) {
        const kept = agent.watching.filter((id) => agents.isSupervisor(agent.id) && !this.ends(center.findLive(id), agent.id));
        if (kept.length !== agent.watching.length) agents.setWatching(agent.id, kept);
      }
    });
  }

  /** Starts watching (again: the same answer); answers the chat as a supervisor sees it and its last messages, private ones included. */
  watch(supervisorId: string, contactId: string): WatchReply {
    const me = this.supervisor(supervisorId);
    const contact = this.center.get(contactId);
    if (!OPEN_CHAT_STATES.includes(contact.state)) throw notSuitableState(`chat is ${contact.state}: only an open chat can be watched`);
    if (isAgentOfContact(contact, supervisorId)) throw notSuitableState('you are in this chat already');
    if (!me.watching.includes(contactId)) {
      if (me.watching.length >= MAX_WATCHED_CHATS) throw notSuitableState(`you watch ${MAX_WATCHED_CHATS} chats already, the most at once: stop watching one first`);
      this.center.outbox.run(() => {
        this.agents.setWatching(supervisorId, [...me.watching, contactId]);
        tellJoined(this.center, contact, supervisorId, { sender: supervisorId, mode: 'watch' });
      });
    }
    return {
      contact: supervisorView(contact, supervisorId, this.center.viewContext(contact)),
      messages: this.center.store.listMessages(contactId, { maxQuantity: DEFAULT_HISTORY_QUANTITY }).map((m) => this.center.messageFor(m, { kind: 'agent', id: supervisorId })),
      watching: me.watching,
    };
  }

  /** Stops watching the chat (nothing to stop is no error); answers what the agent still watches. */
  unwatch(agentId: string, contactId: string): { watching: string[] } {
    const me = this.agents.get(agentId);
    if (me.watching.includes(contactId)) this.drop(me, contactId);
    return { watching: me.watching };
  }

  /** A private message from the supervisor to the chat's agents; the customer never sees it. A retry with the same clientMessageId is stored once. */
  whisper(supervisorId: string, contactId: string, text: string, clientMessageId?: string): ChatMessage {
    const me = this.supervisor(supervisorId);
    const contact = this.center.get(contactId);
    const again = clientMessageId && this.center.store.findMessageByClientId(contact.id, supervisorId, clientMessageId);
    if (again) return this.center.messageFor(again, { kind: 'agent', id: me.id });
    if (!inConversation(contact.state)) throw notSuitableState(`chat is ${contact.state}: there is no agent to whisper to`);
    const body = messageBody('agent', text, undefined, true);
    const message = this.center.postMessage(contact, { kind: 'agent', id: me.id, name: me.nickname }, body, clientMessageId);
    return this.center.messageFor(message, { kind: 'agent', id: me.id });
  }

  /** The supervisor joins the chat as one of its agents (and stops watching it); the customer and the agents are told. */
  intervene(supervisorId: string, contactId: string): ContactView {
    const me = this.supervisor(supervisorId);
    const contact = this.center.get(contactId);
    if (!inConversation(contact.state)) throw notSuitableState(`chat is ${contact.state}: only a chat in conversation can be joined`);
    if (isAgentOfContact(contact, supervisorId)) throw notSuitableState('you are in this chat already');
    // Told before the join's own notices, so that the customer's chat box says once that a supervisor joined.
    const interventor: Interventor = { id: me.id, name: me.name, nickname: me.nickname };
    const ctx = this.center.viewContext(contact);
    this.center.emitToCustomer(contact, 'chat.intervened', interventionNotice(contact, interventor, 'customer', ctx));
    for (const agentId of [contact.agentId, ...contact.routing.conference]) if (agentId) this.center.emitToAgent(agentId, 'chat.intervened', interventionNotice(contact, interventor, 'agent', ctx));
    this.conference.join(supervisorId, contact); // the watch ends with it (onChange)
    this.center.log(`supervisor ${supervisorId} intervened in contact ${contactId}`);
    return this.center.view(contact, supervisorId);
  }

  /** The supervisor is gone (logged out, or absent past the grace period): their watches end. */
  stopAll(agentId: string): void {
    const agent = this.agents.find(agentId);
    if (!agent?.watching.length) return;
    const watched = agent.watching;
    this.center.outbox.run(() => {
      this.agents.setWatching(agentId, []);
      for (const id of watched) this.toldStopped(this.center.findLive(id), agentId);
    });
  }

  /** A watch ends when the chat is no longer open or the supervisor became one of its agents. */
  private ends(contact: ContactRecord | undefined, supervisorId: string): boolean {
    return !contact || !OPEN_CHAT_STATES.includes(contact.state) || isAgentOfContact(contact, supervisorId);
  }

  private drop(supervisor: AgentRecord, contactId: string): void {
    this.center.outbox.run(() => {
      this.agents.setWatching(supervisor.id, supervisor.watching.filter((id) => id !== contactId));
      this.toldStopped(this.center.findLive(contactId), supervisor.id);
    });
  }

  /** A watch of a chat still open ended: its customer hears it if they heard it begin (historyWatch); one that ended with the chat, or in an intervention, says nothing more. */
  private toldStopped(contact: ContactRecord | undefined, supervisorId: string): void {
    if (contact && OPEN_CHAT_STATES.includes(contact.state) && !isAgentOfContact(contact, supervisorId)) tellLeft(this.center, contact, supervisorId, 'watch');
  }

  /** Supervisors watching the chat (there are few supervisors; each watches at most MAX_WATCHED_CHATS). */
  private watchersOf(contactId: string): AgentRecord[] {
    return this.agents.supervisors.flatMap((id) => {
      const agent = this.agents.find(id);
      return agent?.watching.includes(contactId) ? [agent] : [];
    });
  }

  private supervisor(agentId: string): AgentRecord {
    if (!this.agents.isSupervisor(agentId)) throw forbidden('only supervisors watch, whisper and intervene');
    return this.agents.get(agentId);
  }
}
