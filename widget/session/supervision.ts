/**
 * A supervisor's side of the session (loaded with the supervisor view, never with widget.js):
 * the live feed of agents and queues, and the chats being watched with their messages. The
 * server's list of watched chats (AgentView.watching) is the truth: a watch started in another
 * tab is loaded here, one that ended (the chat closed, the supervisor joined it) shows as ended.
 * After a reconnect the feed is asked for again and the watched chats' messages read again.
 *
 *   const desk = supervisionOf(session);
 *   await desk.subscribe();
 *   await desk.watch(contactId);
 *   await desk.whisper(contactId, 'offer the voucher');
 */
import { createNanoEvents } from 'nanoevents';
import {
  newClientMessageId,
  type ChatMessage,
  type ContactView,
  type FeedAgent,
  type FeedQueue,
  type SupervisorFeed,
  type SupervisorSignal,
} from '../../protocol/index.ts';
import type { AgentSession } from './agent-session.ts';

/** A chat the supervisor watches, as shown: its view when the watch began, its messages, and whether the watch ended. */
export interface WatchedChat {
  contact: ContactView;
  messages: ChatMessage[];
  ended: boolean;
}

/** Messages kept per watched chat (the latest). */
const MAX_WATCHED_MESSAGES = 500;

export class Supervision {
  readonly events = createNanoEvents<{ change: () => void }>();
  agents = new Map<string, FeedAgent>();
  queues = new Map<string, FeedQueue>();
  /** The server's clock minus this page's, from the feed: durations count from the server's `since`. */
  skewMs = 0;
  /** Watched chats in the order they were opened. */
  readonly watched = new Map<string, WatchedChat>();
  /** The feed is wanted (the view is on screen). */
  private subscribed = false;
  private readonly loading = new Set<string>();

  constructor(private readonly session: AgentSession) {
    const { conn } = session.link;
    conn.on('signal', (e) => this.signal(e as unknown as SupervisorSignal));
    conn.on('resumed', () => void this.refresh());
    session.store.events.on('change', () => this.followWatching());
    this.followWatching();
  }

  /** The server's time now, by this page's clock and the feed's skew. */
  now(): number {
    return Date.now() + this.skewMs;
  }

  /** Asks for the whole feed, then its changes as they come (only while the view is on screen). */
  async subscribe(): Promise<void> {
    this.subscribed = true;
    this.apply(await this.session.link.request({ type: 'supervisor.subscribe' }), true);
  }

  unsubscribe(): void {
    this.subscribed = false;
    void this.session.link.request({ type: 'supervisor.unsubscribe' }).catch(() => {});
  }

  /** Starts watching a chat (or reloads one watched): its messages, private ones included, and those to come. */
  async watch(contactId: string): Promise<void> {
    this.loading.add(contactId);
    try {
      const reply = await this.session.link.request({ type: 'supervisor.watch', contactId });
      const before = this.watched.get(contactId);
      this.watched.set(contactId, { contact: reply.contact, messages: merge(before?.messages ?? [], reply.messages), ended: false });
      this.changed();
    } finally {
      this.loading.delete(contactId);
    }
  }

  /** Stops watching; the chat leaves the view. */
  async unwatch(contactId: string): Promise<void> {
    this.watched.delete(contactId);
    this.changed();
    await this.session.link.request({ type: 'supervisor.unwatch', contactId });
  }

  /** A chat whose watch ended (closed, joined): taken off the view. */
  dismiss(contactId: string): void {
    if (this.watched.get(contactId)?.ended) this.watched.delete(contactId);
    this.changed();
  }

  /** A private message to the chat's agents: the customer never sees it. */
  async whisper(contactId: string, text: string): Promise<void> {
    const message = await this.session.link.request({ type: 'supervisor.whisper', contactId, text, clientMessageId: newClientMessageId() });
    this.received(message);
  }

  /** Joins the chat: it becomes one of the supervisor's conversations (the desk shows it, with a reply box). */
  async intervene(contactId: string): Promise<void> {
    const contact = await this.session.link.request({ type: 'supervisor.intervene', contactId });
    const { store } = this.session;
    store.upsertContact(contact);
    store.setActive(contact.id);
    this.watched.delete(contactId);
    this.changed();
    await this.session.link.loadHistory(contactId);
  }

  private signal(e: SupervisorSignal): void {
    if (e.topic === 'supervisor.feed') this.apply(e.data, false);
    else if (e.topic === 'watch.message') this.received(e.data.message);
  }

  private received(message: ChatMessage): void {
    const chat = this.watched.get(message.contactId);
    if (!chat) return;
    chat.messages = merge(chat.messages, [message]);
    this.changed();
  }

  /** The whole feed (`whole`) or the rows that changed. */
  private apply(feed: SupervisorFeed, whole: boolean): void {
    if (whole) {
      this.agents = new Map();
      this.queues = new Map();
    }
    for (const row of feed.agents) this.agents.set(row.id, row);
    for (const row of feed.queues) this.queues.set(row.id, row);
    this.skewMs = feed.at - Date.now();
    this.changed();
  }

  /** Follows the server's list of watched chats: loads those started elsewhere, marks those that ended. */
  private followWatching(): void {
    const ids = this.session.store.agent?.watching ?? [];
    let changed = false;
    for (const id of ids) if (!this.watched.has(id) && !this.loading.has(id)) void this.watch(id).catch(() => {});
    for (const [id, chat] of this.watched) {
      if (!ids.includes(id) && !chat.ended && !this.loading.has(id)) {
        chat.ended = true;
        changed = true;
      }
    }
    if (changed) this.changed();
  }

  /** Back after a reconnect: the feed again, and what the watched chats said meanwhile. */
  private async refresh(): Promise<void> {
    if (this.subscribed) await this.subscribe().catch(() => {});
    for (const [id, chat] of this.watched) if (!chat.ended) await this.watch(id).catch(() => {});
  }

  private changed(): void {
    this.events.emit('change');
  }
}

/** Messages by sequence, each once, the latest MAX_WATCHED_MESSAGES. */
function merge(list: ChatMessage[], more: ChatMessage[]): ChatMessage[] {
  const bySequence = new Map(list.map((m) => [m.sequence, m]));
  for (const m of more) bySequence.set(m.sequence, m);
  return [...bySequence.values()].sort((a, b) => a.sequence - b.sequence).slice(-MAX_WATCHED_MESSAGES);
}

const desks = new WeakMap<AgentSession, Supervision>();
/** The session's supervisor desk, made once: the view comes and goes, the watched chats stay. */
export function supervisionOf(session: AgentSession): Supervision {
  let desk = desks.get(session);
  if (!desk) desks.set(session, (desk = new Supervision(session)));
  return desk;
}
