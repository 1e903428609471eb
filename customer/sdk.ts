/**
 * The customer's chat SDK, after Inbenta HyperChat's: init, sendMessage, close, and events.
 *
 *   const chat = createChat({ server: 'https://cc.example.com' });
 *   chat.on('message:received', (m) => show(m.text));
 *   await chat.init({ room: 'default', lang: 'en', source: 'shop' });
 *   await chat.sendMessage('hello');
 */
import { createNanoEvents, type Unsubscribe } from 'nanoevents';
import {
  OPEN_CHAT_STATES,
  WireConnection,
  inConversation,
  type ChatActivity,
  type ChatMessage,
  type ConnectionState,
  type CustomerChatView,
  type ReconnectPolicy,
  type RoutingAlgorithm,
  type ServerEvent,
  type ServerEventMap,
  type SignalEventMap,
  type Csat,
  type CsatStatus,
  type UploadProgress,
  type UploadReply,
} from '../protocol/index.ts';
import type { CustomerVoice, VoiceModule } from './voice/types.ts';
import type { CustomerFiles, FilesModule } from './files/types.ts';

export interface InitOptions {
  room: string;
  lang?: string;
  source?: string;
  /** An existing chat to load. */
  id?: string;
  /** The customer's display name. */
  name?: string;
  /** A JWT the brand signed for a signed-in shopper: the agent sees the customer as verified. */
  auth?: string;
  /** Start with a call rather than a chat: a voice contact queued in `room` (media: `voice()`). */
  call?: boolean;
}

export interface ChatUser {
  id: string;
  name: string;
  nickname: string;
}

export interface CustomerChatEvents {
  'message:received': (message: ChatMessage) => void;
  'user:joined': (event: { chat: CustomerChatView | null; user: ChatUser; transfer: boolean }) => void;
  'chat:closed': (event: { chatId: string; userId: string }) => void;
  'user:left': (event: { chatId: string; userId: string }) => void;
  /** The chat's state changed (queued, offered, delivered, wrap_up, ...). */
  'chat:updated': (chat: CustomerChatView) => void;
  /** While queued, whenever the position changes; waitingTime in seconds. */
  'queue:update': (event: { contactId: string; queuePosition: number; waitingTime: number }) => void;
  /** No agent can take the chat now. */
  'forever:alone': (event: { chatId: string }) => void;
  /** The agent is typing (`writing`), stopped, or left the box (seed 002's activities). */
  'user:activity': (event: SignalEventMap['chat.activity']) => void;
  /** A delivery status of the customer's messages: READ up to a sequence, ACCESS of an attachment. */
  'message:read': (event: ServerEventMap['chat.receipt']) => void;
  /** An idle chat closes in `timeLeft` seconds unless someone writes. */
  'chat:timer:expiryAlert': (event: { chatId: string; timeLeft: number }) => void;
  /** A supervisor joined the chat to write in it (seed 001): `interventor` is who. */
  'chat:intervened': (event: { chat: CustomerChatView; interventor: ChatUser }) => void;
  /** LivePerson-style transfer notices. */
  'transfer-agent': (event: { contactId: string; participant: { id: string; name: string } }) => void;
  'transfer-skill': (event: { contactId: string; skillId: string }) => void;
  /** The chat waits for an agent again; `agent_disconnected` when its agent's connection was lost. */
  'back-to-queue': (event: { chatId: string; reason?: 'transfer' | 'agent_disconnected' }) => void;
  /** The connection to the server changed state (seed 004's ConnectionState): show "Reconnecting…" while it is down. */
  'connection:state': (state: ConnectionState, previous: ConnectionState) => void;
}

export interface SdkOptions {
  server?: string;
  /** Where the session is kept across reloads (default sessionStorage; null to keep nothing). */
  storage?: Storage | null;
  /** A WebSocket class for runtimes without one (Node: the `ws` package). */
  WebSocket?: typeof WebSocket;
  /** When to retry a lost connection (default: back-off up to 5 s, forever). */
  nextRetryDelayMs?: ReconnectPolicy;
}

const STORAGE_KEY = 'switchboard.customer';
/** Message ids remembered per chat to report each message once; the oldest are forgotten past this. */
const MAX_SEEN_MESSAGES = 2_000;

export class CustomerChat {
  readonly #emitter = createNanoEvents<CustomerChatEvents>();
  readonly #conn: WireConnection;
  readonly #storage: Storage | null;
  #chat: CustomerChatView | null = null;
  #room = '';
  readonly #server: string;
  #voice?: Promise<CustomerVoice>;
  /** Ids of the current chat's messages already reported (or sent by this customer). */
  readonly #seen = new Set<string>();

  constructor(options: SdkOptions = {}) {
    this.#server = new URL(options.server ?? location.origin).origin;
    // http(s)://host -> ws(s)://host/ws
    this.#conn = new WireConnection(`${this.#server.replace(/^http/, 'ws')}/ws`, {
      ...(options.WebSocket && { WebSocketImpl: options.WebSocket }),
      ...(options.nextRetryDelayMs && { nextRetryDelayMs: options.nextRetryDelayMs }),
    });
    this.#storage = options.storage === undefined ? globalThis.sessionStorage ?? null : options.storage;
    this.#conn.on('event', (event) => this.#apply(event));
    this.#conn.on('signal', (e) => e.topic === 'chat.activity' && this.#emitter.emit('user:activity', e.data));
    this.#conn.on('state', (state, previous) => this.#emitter.emit('connection:state', state, previous));
    // Too far behind to replay what was missed: load the chat again instead.
    this.#conn.on('resumed', (reply) => reply.snapshot && void this.#reload());
  }

  /** Starts a chat in `room`, or loads chat `id`; resolves to the chat. */
  async init(options: InitOptions): Promise<CustomerChatView> {
    if (this.#conn.state === 'INITIAL') {
      const saved = this.#saved();
      if (saved) this.#conn.setSession(saved.token, saved.seq);
      await this.#conn.open();
    }
    const chatId = options.id ?? this.#saved()?.chatId;
    const { room, lang, source, name, auth } = options;
    const reply = await (options.call
      ? this.#conn.request({ type: 'call.request', room, lang, source, name, auth })
      : this.#conn.request({ type: 'chat.init', room, lang, source, chatId, name, auth }).catch((err) => {
          if (!chatId || options.id) throw err; // a stale saved chat: start a new one
          return this.#conn.request({ type: 'chat.init', room, lang, source, name, auth });
        }));
    this.#conn.setSession(reply.token, Math.max(this.#conn.lastSeq, reply.seq));
    this.#room = options.room;
    this.#follow(reply.contact);
    this.#save();
    for (const m of reply.messages) this.#markSeen(m);
    return reply.contact;
  }

  /** Messages so far, oldest first. */
  async history(): Promise<ChatMessage[]> {
    const { messages } = await this.#conn.request({ type: 'chat.history', contactId: this.#requireChat().id });
    return messages;
  }

  /** Sends a message; while the connection is down it waits and goes out, once, when it is back. */
  async sendMessage(text: string): Promise<ChatMessage> {
    const message = await this.#conn.request({ type: 'chat.send', contactId: this.#requireChat().id, text });
    this.#markSeen(message);
    return message;
  }

  /** Tells the agents what the customer does in the reply box: 'writing', 'stop-writing' or 'not-writing' (unstored; repeats are dropped). */
  sendUserActivity(activity: ChatActivity): Promise<{ relayed: boolean }> {
    return this.#conn.request({ type: 'chat.activity', contactId: this.#requireChat().id, activity });
  }

  /** After the chat: the customer's rating (1-5), whether the issue was resolved, and how much of the survey they filled. */
  setCsat(rate?: number, resolutionConfirmation?: boolean, status?: CsatStatus): Promise<Csat> {
    return this.#conn.request({ type: 'chat.csat', contactId: this.#requireChat().id, rate, resolutionConfirmation, status });
  }

  /** Marks the chat read up to the message with `sequence`: the agents get a READ receipt. */
  readMessage(sequence: number): Promise<{ upTo: number; unread: number }> {
    return this.#conn.request({ type: 'chat.read', contactId: this.#requireChat().id, upTo: sequence });
  }

  /** Adds a call to the chat (its agent answers); `voice()` then carries the media. */
  async call(): Promise<CustomerChatView> {
    const { contact } = await this.#conn.request({ type: 'call.request', contactId: this.#requireChat().id });
    this.#follow(contact);
    return contact;
  }

  /** The media side of calls: fetched from the server the first time it is needed, not with the chat. */
  voice(): Promise<CustomerVoice> {
    return (this.#voice ??= import(/* @vite-ignore */ `${this.#server}/customer-voice.js`).then((m: VoiceModule) => m.createVoice(this, this.#conn)));
  }

  /** Files of the chat (customer-files.js, fetched once, when first needed): `sendMedia` sends one; `files().url(file)` gives a working link. */
  files(): Promise<CustomerFiles> {
    return import(/* @vite-ignore */ `${this.#server}/customer-files.js`).then((m: FilesModule) => m.createFiles(this, this.#conn, this.#server));
  }

  /** Sends a file (seed 001): resolves to `{media: {id, name, size, senderId}}` (and the message); `onProgress({loaded, total})` as it uploads. */
  sendMedia(file: File, onProgress?: (progress: UploadProgress) => void): Promise<UploadReply> {
    return this.files().then((f) => f.send(file, onProgress));
  }

  /** Looks for an agent now with `algorithm` (longest-idle, least-busy, round-robin) and offers the chat. */
  async searchAgent(algorithm?: RoutingAlgorithm): Promise<{ agent: { id: string; name: string; nickname: string; providerId: string } }> {
    return this.#conn.request({ type: 'chat.searchAgent', contactId: this.#requireChat().id, algorithm }); // undefined: not sent
  }

  async close(): Promise<{ success: boolean }> {
    this.#chat = await this.#conn.request({ type: 'chat.close', contactId: this.#requireChat().id });
    this.#save();
    return { success: true };
  }

  /** The connection's state (seed 004's ConnectionState). */
  getConnectionState(): ConnectionState {
    return this.#conn.state;
  }

  /** The current chat (or call) as the customer sees it. */
  getChat(): CustomerChatView | null {
    return this.#chat;
  }

  getId(): string | null {
    return this.#chat?.id ?? null;
  }

  hasOtherUsers(): boolean {
    return this.#chat?.agent != null && inConversation(this.#chat.state);
  }

  on<K extends keyof CustomerChatEvents>(event: K, handler: CustomerChatEvents[K]): Unsubscribe {
    return this.#emitter.on(event, handler);
  }

  disconnect(): void {
    this.#conn.close();
  }

  #apply(event: ServerEvent): void {
    if (event.topic === 'chat.updated') {
      // The current chat, or a new one (an agent started it) once the current one is over.
      const next = event.data.chat;
      if (!this.#chat || next.id === this.#chat.id || !OPEN_CHAT_STATES.includes(this.#chat.state)) this.#follow(next);
    }
    this.#save();
    switch (event.topic) {
      case 'chat.message':
        return this.#received(event.data.message);
      case 'user.joined':
        return this.#emitter.emit('user:joined', { chat: this.#chat, user: event.data.user, transfer: false });
      case 'chat.closed':
        return this.#emitter.emit('chat:closed', { chatId: event.data.contactId, userId: event.data.by === 'agent' ? this.#chat?.agent?.id ?? '' : '' });
      case 'chat.updated':
        return this.#emitter.emit('chat:updated', event.data.chat);
      case 'queue.update':
        return this.#emitter.emit('queue:update', event.data);
      case 'chat.foreverAlone':
        return this.#emitter.emit('forever:alone', { chatId: event.data.contactId });
      case 'conversation.transfer-agent':
        return this.#emitter.emit('transfer-agent', event.data);
      case 'conversation.transfer-skill':
        return this.#emitter.emit('transfer-skill', event.data);
      case 'conversation.back-to-queue':
        return this.#emitter.emit('back-to-queue', { chatId: event.data.contactId, ...(event.data.reason && { reason: event.data.reason }) });
      case 'conversation.participant-added': {
        const { participant } = event.data;
        if (participant.state !== 'ACTIVE') return;
        const user = { id: participant.id, name: participant.name, nickname: participant.name.split(' ')[0] };
        return this.#emitter.emit('user:joined', { chat: this.#chat, user, transfer: false });
      }
      case 'conversation.participant-removed':
        return this.#emitter.emit('user:left', { chatId: event.data.contactId, userId: event.data.participant.id });
      case 'chat.receipt':
        return this.#emitter.emit('message:read', event.data);
      case 'chat.expiryAlert':
        return this.#emitter.emit('chat:timer:expiryAlert', event.data);
      case 'chat.intervened':
        return this.#emitter.emit('chat:intervened', event.data as Parameters<CustomerChatEvents['chat:intervened']>[0]);
      default:
        // The agents' topics are not for a customer; a customer topic left out here fails to compile.
        return void (event satisfies AgentSideEvent);
    }
  }

  /** Reports a message from the others once (a message's sequence restarts in every chat: ids do not). */
  #received(message: ChatMessage): void {
    if (message.from.kind === 'customer' || this.#seen.has(message.id)) return;
    this.#markSeen(message);
    this.#emitter.emit('message:received', message);
  }

  #markSeen(message: ChatMessage): void {
    this.#seen.add(message.id);
    if (this.#seen.size > MAX_SEEN_MESSAGES) this.#seen.delete(this.#seen.values().next().value!);
  }

  /** Makes `contact` the current chat; another chat starts with nothing seen. */
  #follow(contact: CustomerChatView): void {
    if (this.#chat?.id !== contact.id) this.#seen.clear();
    this.#chat = contact;
  }

  /** After a resume that could not replay: the chat as it is now, and the messages missed meanwhile. */
  async #reload(): Promise<void> {
    const before = this.#chat;
    if (!before) return;
    try {
      const reply = await this.#conn.request({ type: 'chat.init', room: this.#room || before.queue, chatId: before.id });
      this.#conn.skipTo(reply.seq);
      this.#follow(reply.contact);
      this.#save();
      this.#emitter.emit('chat:updated', reply.contact);
      for (const m of reply.messages) this.#received(m);
      if (OPEN_CHAT_STATES.includes(before.state) && !OPEN_CHAT_STATES.includes(reply.contact.state)) {
        this.#emitter.emit('chat:closed', { chatId: reply.contact.id, userId: reply.contact.endReason === 'agent' ? reply.contact.agent?.id ?? '' : '' });
      }
    } catch {
      // The chat is gone (or the connection again): the next resume tries again.
    }
  }

  #requireChat(): CustomerChatView {
    if (!this.#chat) throw new Error('call init() first');
    return this.#chat;
  }

  #saved(): { token: string; seq: number; chatId: string } | null {
    try {
      return JSON.parse(this.#storage?.getItem(STORAGE_KEY) ?? 'null');
    } catch {
      return null;
    }
  }

  /** Keeps the session for a reload while the chat is live; an ended chat is not resumed. */
  #save(): void {
    const live = this.#chat && OPEN_CHAT_STATES.includes(this.#chat.state);
    if (this.#conn.token && live) {
      this.#storage?.setItem(STORAGE_KEY, JSON.stringify({ token: this.#conn.token, seq: this.#conn.lastSeq, chatId: this.#chat!.id }));
    } else {
      this.#storage?.removeItem(STORAGE_KEY);
    }
  }
}

export const createChat = (options?: SdkOptions) => new CustomerChat(options);

/** Topics of the agents' events, which a customer's connection ignores. */
/** Customer topics of issue 12 the SDK does not surface yet (read receipts, the idle chat's expiry alert). */
type AgentSideEvent = Extract<ServerEvent, { topic: 'agent.state' | 'contact.updated' | 'contact.offered' | 'contact.removed' | 'contact.declined' | 'contact.cleared' | 'contact.transferred' | 'contact.left' | 'session.ended' | 'conversation.ttr-change' | 'contact.idle' }>;
