/**
 * The customer's chat SDK, after Inbenta HyperChat's: init, sendMessage, close, and events.
 *
 *   const chat = createChat({ server: 'https://cc.example.com' });
 *   chat.on('message:received', (m) => show(m.text));
 *   await chat.init({ room: 'default', lang: 'en', source: 'shop' });
 *   await chat.sendMessage('hello');
 *
 * Calls most pages make rarely are fetched from the server the first time one is made
 * (customer-extras.js, customer/extras/): they are methods of the chat like the others.
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
  type RequestBody,
  type RequestType,
  type ReplyDataMap,
  type ServerEvent,
  type ServerEventMap,
  type ServerTopic,
  type SignalEventMap,
} from '../protocol/index.ts';
import type { ExtrasModule, LazyCalls, SdkInside } from './extras/types.ts';

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

/** Seed 001's init config: the chat's own offer rules (the server keeps them within its limits). */
export type InitConfig = NonNullable<RequestBody<'chat.init'>['config']>;

export interface ChatUser {
  id: string;
  name: string;
  nickname: string;
}

/** A server event's data as the SDK passes it on: with the chat's id as `chatId`, and the chat as it is now. */
export type ChatEvent<T extends ServerTopic> = ServerEventMap[T] & { chatId: string; chat: CustomerChatView | null };

export interface CustomerChatEvents {
  'message:received': (message: ChatMessage) => void;
  /** An agent joined: `transfer` when a transfer brought them, `sender` who brought them in, `mode` 'watch' for a supervisor watching. */
  'user:joined': (event: ChatEvent<'user.joined'>) => void;
  /** An agent left the chat (`reason`: ended, transfer, disconnected, removed, watch). */
  'user:left': (event: ChatEvent<'user.left'>) => void;
  /** The chat ended; `userId` who ended it ('' for a timeout). */
  'chat:closed': (event: ChatEvent<'chat.closed'>) => void;
  /** The chat's state changed (queued, offered, delivered, wrap_up, ...). */
  'chat:updated': (chat: CustomerChatView) => void;
  /** While queued, whenever the position changes; waitingTime in seconds. */
  'queue:update': (event: ChatEvent<'queue.update'>) => void;
  /** No agent can take the chat now. */
  'forever:alone': (event: ChatEvent<'chat.foreverAlone'>) => void;
  /** The agent is typing (`writing`), stopped, or left the box (seed 002's activities). */
  'user:activity': (event: SignalEventMap['chat.activity']) => void;
  /** A delivery status of the customer's messages: READ up to a sequence, ACCESS of an attachment. */
  'message:read': (event: ChatEvent<'chat.receipt'>) => void;
  /** An idle chat closes in `timeLeft` seconds unless someone writes. */
  'chat:timer:expiryAlert': (event: ChatEvent<'chat.expiryAlert'>) => void;
  /** A supervisor joined the chat to write in it (seed 001): `interventor` is who. */
  'chat:intervened': (event: ChatEvent<'chat.intervened'> & { chat: CustomerChatView }) => void;
  /** LivePerson-style transfer notices. */
  'transfer-agent': (event: ChatEvent<'conversation.transfer-agent'>) => void;
  'transfer-skill': (event: ChatEvent<'conversation.transfer-skill'>) => void;
  /** The chat waits for an agent again; `agent_disconnected` when its agent's connection was lost. */
  'back-to-queue': (event: ChatEvent<'conversation.back-to-queue'>) => void;
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
/** The calls of customer-extras.js: each costs this file its name. */
const LAZY_CALLS = ['history', 'importHistory', 'sendPostback', 'sendMedia', 'files', 'setCsat', 'call', 'voice', 'searchAgent', 'close'] as const satisfies readonly (keyof LazyCalls)[];

/**
 * Server topics a customer hears and the SDK event each becomes, with the server's data (plus
 * `chatId` and `chat`). chat.message and chat.updated are handled by name in `#apply`.
 */
const PASSED_ON = {
  'user.joined': 'user:joined',
  'user.left': 'user:left',
  'chat.closed': 'chat:closed',
  'queue.update': 'queue:update',
  'chat.foreverAlone': 'forever:alone',
  'conversation.transfer-agent': 'transfer-agent',
  'conversation.transfer-skill': 'transfer-skill',
  'conversation.back-to-queue': 'back-to-queue',
  'chat.receipt': 'message:read',
  'chat.expiryAlert': 'chat:timer:expiryAlert',
  'chat.intervened': 'chat:intervened',
} as const satisfies { readonly [K in ServerTopic]?: keyof CustomerChatEvents };
type PassedOn = keyof typeof PASSED_ON;
/** Topics a customer's connection ignores: the agents', and the participant events user.joined / user.left already tell. */
type Ignored = 'agent.state' | 'contact.updated' | 'contact.offered' | 'contact.removed' | 'contact.declined' | 'contact.cleared' | 'contact.transferred' | 'contact.left' | 'session.ended' | 'conversation.ttr-change' | 'contact.idle' | 'conversation.participant-added' | 'conversation.participant-removed';
/** A new server topic must be passed on, handled by name or ignored: otherwise this fails to compile. */
export type UnhandledTopic = Exclude<ServerTopic, PassedOn | Ignored | 'chat.message' | 'chat.updated'>;
true satisfies [UnhandledTopic] extends [never] ? true : UnhandledTopic;

/** The lazily loaded calls are methods of the chat like the others (installed on the prototype). */
export interface CustomerChat extends LazyCalls {}

export class CustomerChat {
  readonly #emitter = createNanoEvents<CustomerChatEvents>();
  readonly #conn: WireConnection;
  readonly #storage: Storage | null;
  #chat: CustomerChatView | null = null;
  readonly #server: string;
  #extras?: Promise<ExtrasModule>;
  /**
   * The current chat's last sequence reported (or loaded with it): a message at or below it is
   * old news. A chat's messages come in sequence order; sequences restart in every chat.
   */
  #upTo = 0;

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
    this.#conn.on('resumed', (reply) => reply.snapshot && void this.#lazy('reload', []));
  }

  static {
    for (const name of LAZY_CALLS) (this.prototype as unknown as Record<string, unknown>)[name] = function (this: CustomerChat, ...args: unknown[]) {
      return this.#lazy(name, args);
    };
  }

  /** Runs a call of customer-extras.js (fetched once) with the SDK's insides. */
  #lazy(name: keyof ExtrasModule['calls'], args: unknown[]): Promise<never> {
    const inside: SdkInside = { sdk: this, server: this.#server, conn: this.#conn, apply: (event) => this.#apply(event) };
    return (this.#extras ??= import(/* @vite-ignore */ `${this.#server}/customer-extras.js`)).then((m) =>
      (m.calls[name] as (inside: SdkInside, ...a: unknown[]) => Promise<never>)(inside, ...args),
    );
  }

  /**
   * Starts a chat in `room`, or loads chat `id`; resolves to the chat. For a new chat, `config`
   * sets how many direct offers in a row (`assignMaxAttempts`) and how many seconds each waits
   * for its agent (`assignTimeout`) instead of the room's (within the server's limits), and
   * `historyWatch` asks to hear of supervisors who watch it (`user:joined` with mode 'watch').
   */
  async init(options: InitOptions, config?: InitConfig, historyWatch?: boolean): Promise<CustomerChatView> {
    const saved = this.#saved();
    if (this.#conn.state === 'INITIAL') {
      if (saved) this.#conn.setSession(saved.token, saved.seq);
      await this.#conn.open();
    }
    const { room, lang, source, name, auth, id } = options;
    const start = { room, lang, source, name, auth };
    const chatId = id ?? saved?.chatId;
    const reply = await (options.call
      ? this.#conn.request({ type: 'call.request', ...start })
      : this.#conn.request({ type: 'chat.init', ...start, chatId, config, historyWatch }).catch((err) => {
          if (!chatId || id) throw err; // a stale saved chat: start a new one
          return this.#conn.request({ type: 'chat.init', ...start, config, historyWatch });
        }));
    this.#conn.setSession(reply.token, Math.max(this.#conn.lastSeq, reply.seq));
    this.#follow(reply.contact);
    this.#upTo = Math.max(this.#upTo, reply.messages.at(-1)?.sequence ?? 0);
    return reply.contact;
  }

  /**
   * Sends a message (8,000 characters at most: longer is refused `too_large`, never cut); while
   * the connection is down it waits and goes out, once, when it is back. `onCreate` is called with
   * the message once the server stored it.
   */
  async sendMessage(text: string, onCreate?: (message: ChatMessage) => void): Promise<ChatMessage> {
    const message = await this.#request('chat.send', { text });
    onCreate?.(message);
    return message;
  }

  /** Tells the agents what the customer does in the reply box: 'writing', 'stop-writing' or 'not-writing' (unstored; repeats are dropped). */
  sendUserActivity(activity: ChatActivity): Promise<{ relayed: boolean }> {
    return this.#request('chat.activity', { activity });
  }

  /** Marks the chat read up to message `messageId` (and all before it): the agents get a READ receipt. */
  readMessage(messageId: string): Promise<{ upTo: number; unread: number }> {
    return this.#request('chat.read', { messageId });
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

  /** A request about the current chat. */
  #request<T extends RequestType>(type: T, body: Omit<RequestBody<T>, 'type' | 'contactId'>): Promise<ReplyDataMap[T]> {
    if (!this.#chat) return Promise.reject(new Error('call init() first'));
    return (this.#conn.request as (body: object) => Promise<ReplyDataMap[T]>)({ type, contactId: this.#chat.id, ...body });
  }

  #apply(event: ServerEvent): void {
    const { topic, data } = event;
    if (topic === 'chat.updated') {
      // The current chat, or a new one (an agent started it) once the current one is over.
      const next = data.chat;
      if (!this.#chat || next.id === this.#chat.id || !OPEN_CHAT_STATES.includes(this.#chat.state)) this.#follow(next);
      return this.#emitter.emit('chat:updated', next);
    }
    this.#save();
    if (topic === 'chat.message') return this.#received(data.message);
    const name = PASSED_ON[topic as PassedOn];
    if (name) (this.#emitter.emit as (name: string, event: object) => void)(name, { chat: this.#chat, chatId: (data as { contactId?: string }).contactId, ...data });
  }

  /** Reports a message from the others once. */
  #received(message: ChatMessage): void {
    if (message.contactId === this.#chat?.id) {
      if (message.sequence <= this.#upTo) return;
      this.#upTo = message.sequence;
    }
    if (message.from.kind !== 'customer') this.#emitter.emit('message:received', message);
  }

  /** Makes `contact` the current chat (another chat starts with nothing seen) and keeps the session. */
  #follow(contact: CustomerChatView): void {
    if (this.#chat?.id !== contact.id) this.#upTo = 0;
    this.#chat = contact;
    this.#save();
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
