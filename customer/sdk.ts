/**
 * The customer's chat SDK, after Inbenta HyperChat's: init, sendMessage, close, and events.
 *
 *   const chat = createChat({ server: 'https://cc.example.com' });
 *   chat.on('message:received', (m) => show(m.text));
 *   await chat.init({ room: 'default', lang: 'en', source: 'shop' });
 *   await chat.sendMessage('hello');
 */
import { createNanoEvents, type Unsubscribe } from 'nanoevents';
import { OPEN_CHAT_STATES, WireConnection, assertNever, inConversation, type ChatMessage, type ContactView, type RoutingAlgorithm, type ServerEvent } from '../protocol/index.ts';

export interface InitOptions {
  room: string;
  lang?: string;
  source?: string;
  /** An existing chat to load. */
  id?: string;
  /** The customer's display name. */
  name?: string;
}

export interface ChatUser {
  id: string;
  name: string;
  nickname: string;
}

export interface CustomerChatEvents {
  'message:received': (message: ChatMessage) => void;
  'user:joined': (event: { chat: ContactView | null; user: ChatUser; transfer: boolean }) => void;
  'chat:closed': (event: { chatId: string; userId: string }) => void;
  'user:left': (event: { chatId: string; userId: string }) => void;
  /** The chat's state changed (queued, offered, delivered, wrap_up, ...). */
  'chat:updated': (chat: ContactView) => void;
  /** While queued, whenever the position changes; waitingTime in seconds. */
  'queue:update': (event: { queuePosition: number; waitingTime: number }) => void;
  /** No agent can take the chat now. */
  'forever:alone': (event: { chatId: string }) => void;
  /** LivePerson-style transfer notices. */
  'transfer-agent': (event: { participant: { id: string; name: string } }) => void;
  'transfer-skill': (event: { skillId: string }) => void;
  'back-to-queue': (event: { chatId: string }) => void;
}

export interface SdkOptions {
  server?: string;
  /** Where the session is kept across reloads (default sessionStorage; null to keep nothing). */
  storage?: Storage | null;
}

const STORAGE_KEY = 'switchboard.customer';

export class CustomerChat {
  private readonly emitter = createNanoEvents<CustomerChatEvents>();
  private readonly conn: WireConnection;
  private readonly storage: Storage | null;
  private chat: ContactView | null = null;
  private readonly seen = new Set<number>();

  constructor(options: SdkOptions = {}) {
    const server = new URL(options.server ?? location.origin);
    this.conn = new WireConnection(`${server.protocol === 'https:' ? 'wss' : 'ws'}://${server.host}/ws`);
    this.storage = options.storage === undefined ? globalThis.sessionStorage ?? null : options.storage;
    this.conn.events.on('event', (event) => this.apply(event));
  }

  /** Starts a chat in `room`, or loads chat `id`; resolves to the chat. */
  async init(options: InitOptions): Promise<ContactView> {
    if (this.conn.state === 'INITIAL') {
      const saved = this.saved();
      if (saved) this.conn.setSession(saved.token, saved.seq);
      await this.conn.open();
    }
    const chatId = options.id ?? this.saved()?.chatId;
    const reply = await this.conn
      .request({ type: 'chat.init', room: options.room, lang: options.lang, source: options.source, chatId, name: options.name })
      .catch((err) => {
        if (!chatId || options.id) throw err; // a stale saved chat: start a new one
        return this.conn.request({ type: 'chat.init', room: options.room, lang: options.lang, source: options.source, name: options.name });
      });
    this.conn.setSession(reply.token, Math.max(this.conn.lastSeq, reply.seq));
    this.chat = reply.contact;
    this.save();
    for (const m of reply.messages) this.seen.add(m.sequence);
    return reply.contact;
  }

  /** Messages so far, oldest first. */
  async history(): Promise<ChatMessage[]> {
    const { messages } = await this.conn.request({ type: 'chat.history', contactId: this.requireChat().id });
    return messages;
  }

  async sendMessage(text: string): Promise<ChatMessage> {
    const message = await this.conn.request({ type: 'chat.send', contactId: this.requireChat().id, text });
    this.seen.add(message.sequence);
    return message;
  }

  /** Looks for an agent now with `algorithm` (longest-idle, least-busy, round-robin) and offers the chat. */
  async searchAgent(algorithm?: RoutingAlgorithm): Promise<{ agent: { id: string; name: string; nickname: string; providerId: string } }> {
    return this.conn.request({ type: 'chat.searchAgent', contactId: this.requireChat().id, ...(algorithm && { algorithm }) });
  }

  async close(): Promise<{ success: boolean }> {
    this.chat = await this.conn.request({ type: 'chat.close', contactId: this.requireChat().id });
    this.save();
    return { success: true };
  }

  getId(): string | null {
    return this.chat?.id ?? null;
  }

  hasOtherUsers(): boolean {
    return this.chat?.agent != null && inConversation(this.chat.state);
  }

  on<K extends keyof CustomerChatEvents>(event: K, handler: CustomerChatEvents[K]): Unsubscribe {
    return this.emitter.on(event, handler);
  }

  disconnect(): void {
    this.conn.close();
  }

  private apply(event: ServerEvent): void {
    if (event.topic === 'contact.updated') {
      // The current chat, or a new one (an agent started it) once the current one is over.
      const next = event.data.contact;
      if (!this.chat || next.id === this.chat.id || !OPEN_CHAT_STATES.includes(this.chat.state)) this.chat = next;
    }
    this.save();
    switch (event.topic) {
      case 'chat.message': {
        const { message } = event.data;
        if (message.from.kind === 'customer' || this.seen.has(message.sequence)) return;
        this.seen.add(message.sequence);
        return this.emitter.emit('message:received', message);
      }
      case 'user.joined':
        return this.emitter.emit('user:joined', { chat: this.chat, user: event.data.user, transfer: false });
      case 'chat.closed':
        return this.emitter.emit('chat:closed', { chatId: event.data.contactId, userId: event.data.by === 'agent' ? this.chat?.agent?.id ?? '' : '' });
      case 'contact.updated':
        return this.emitter.emit('chat:updated', event.data.contact);
      case 'queue.update':
        return this.emitter.emit('queue:update', { queuePosition: event.data.queuePosition, waitingTime: event.data.waitingTime });
      case 'chat.foreverAlone':
        return this.emitter.emit('forever:alone', { chatId: event.data.contactId });
      case 'conversation.transfer-agent':
        return this.emitter.emit('transfer-agent', { participant: event.data.participant });
      case 'conversation.transfer-skill':
        return this.emitter.emit('transfer-skill', { skillId: event.data.skillId });
      case 'conversation.back-to-queue':
        return this.emitter.emit('back-to-queue', { chatId: event.data.contactId });
      case 'conversation.participant-added': {
        const { participant } = event.data;
        if (participant.state !== 'ACTIVE') return;
        const user = { id: participant.id, name: participant.name, nickname: participant.name.split(' ')[0] };
        return this.emitter.emit('user:joined', { chat: this.chat, user, transfer: false });
      }
      case 'conversation.participant-removed':
        return this.emitter.emit('user:left', { chatId: event.data.contactId, userId: event.data.participant.id });
      case 'agent.state':
      case 'contact.offered':
      case 'contact.removed':
      case 'contact.declined':
      case 'contact.cleared':
      case 'contact.transferred':
      case 'contact.left':
      case 'session.ended':
        return; // agent-side topics
      default:
        return assertNever(event);
    }
  }

  private requireChat(): ContactView {
    if (!this.chat) throw new Error('call init() first');
    return this.chat;
  }

  private saved(): { token: string; seq: number; chatId: string } | null {
    try {
      return JSON.parse(this.storage?.getItem(STORAGE_KEY) ?? 'null');
    } catch {
      return null;
    }
  }

  /** Keeps the session for a reload while the chat is live; an ended chat is not resumed. */
  private save(): void {
    const live = this.chat && OPEN_CHAT_STATES.includes(this.chat.state);
    if (this.conn.token && live) {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify({ token: this.conn.token, seq: this.conn.lastSeq, chatId: this.chat!.id }));
    } else {
      this.storage?.removeItem(STORAGE_KEY);
    }
  }
}

export const createChat = (options?: SdkOptions) => new CustomerChat(options);
