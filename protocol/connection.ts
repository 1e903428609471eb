/**
 * The client end of the wire protocol, for the widget, the customer SDK and tests:
 * request/reply with timeouts; the connection state (seed 004's ConnectionState, one setter
 * checked against the table); reconnection that resumes the session from the last event seen;
 * events checked for order (duplicates dropped, a gap resynced); chat sends that wait out a
 * lost connection and go out once it is back.
 *
 *   const conn = new WireConnection('wss://cc.example.com/ws');
 *   const off = conn.on('state', (state, from) => console.log(from, '->', state));
 *   await conn.open();
 */
import { createNanoEvents, type Emitter, type Unsubscribe } from 'nanoevents';
import { COMING_CONNECTION_STATES, canConnectionTransition, type ConnectionDiagnostics, type ConnectionState } from './connection-state.ts';
import { ProtocolError, notConnected, type WireErrorName } from './errors.ts';
import { EventOrder } from './event-order.ts';
import type { EventFrame, ReplyFrame, RequestBody, RequestType, ServerFrame } from './frames.ts';
import type { ChatMessage, ReplyDataMap, ResumeReply, ServerEvent } from './model.ts';
import { nextRetryDelayMs, type ReconnectPolicy } from './reconnect-policy.ts';
import { SendOutbox, newClientMessageId } from './send-outbox.ts';
import type { SignalEvent, SignalFrame } from './call.ts';

export interface ConnectionEvents {
  event: (event: ServerEvent, seq: number) => void;
  state: (state: ConnectionState, from: ConnectionState) => void;
  /** After a reconnect or a resync: `snapshot` true when missed events could not be replayed. */
  resumed: (reply: ResumeReply) => void;
  /** The stored session is gone (expired, logged out elsewhere). */
  sessionLost: () => void;
  /** An unstored frame (call signalling, relayed data): outside the seq order, never replayed. */
  signal: (event: SignalEvent) => void;
}

export interface ConnectionOptions {
  /** How long a request waits for its reply, and for the connection when it is down. */
  requestTimeoutMs?: number;
  /** Delay before reconnect attempt `retryCount`, or null to give up (state NULL). */
  nextRetryDelayMs?: ReconnectPolicy;
  WebSocketImpl?: typeof WebSocket;
  /** Sees every state change as `from -> to`. */
  log?: (line: string) => void;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const ENDED_STATES: readonly ConnectionState[] = ['CLOSING', 'CLOSED', 'NULL'];

interface Pending {
  resolve(data: unknown): void;
  reject(err: ProtocolError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class WireConnection {
  readonly events: Emitter<ConnectionEvents> = createNanoEvents<ConnectionEvents>();
  token: string | null = null;
  /** The connection has been CONNECTED at least once (a loss is then DISCONNECTED, not FAILED_TO_CONNECT). */
  everConnected = false;
  #current: ConnectionState = 'INITIAL';
  readonly #order = new EventOrder();
  readonly #outbox = new SendOutbox();
  /** The socket (not #private: server tests listen to its raw frames). */
  private ws: WebSocket | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #retryCount = 0;
  #lostAt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #resuming = false;
  readonly #opts: Required<ConnectionOptions>;

  constructor(
    readonly url: string,
    options: ConnectionOptions = {},
  ) {
    this.#opts = { requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS, nextRetryDelayMs, WebSocketImpl: globalThis.WebSocket, log: () => {}, ...options };
  }

  get state(): ConnectionState {
    return this.#current;
  }

  /** The seq of the last event handed on. */
  get lastSeq(): number {
    return this.#order.lastSeq;
  }

  /** State and LivePerson-style notification counters, for diagnostics. */
  get diagnostics(): ConnectionDiagnostics {
    const { processed, ignoredDuplicate, outOfOrder } = this.#order;
    return { state: this.#current, processed, ignoredDuplicate, outOfOrder };
  }

  /** Chat messages waiting for the connection or for their reply. */
  get queuedSends(): number {
    return this.#outbox.size;
  }

  on<K extends keyof ConnectionEvents>(event: K, handler: ConnectionEvents[K]): Unsubscribe {
    return this.events.on(event, handler);
  }

  /** Opens the socket; resolves once it is CONNECTED (and resumed, when a session is set). */
  open(): Promise<void> {
    if (this.#current === 'CONNECTED') return Promise.resolve();
    if (this.#current === 'CONNECTING') return this.#whenConnected();
    if (this.#current === 'CLOSING') return Promise.reject(this.#down());
    clearTimeout(this.#retryTimer);
    this.#setState('CONNECTING');
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try {
        ws = new this.#opts.WebSocketImpl(this.url);
      } catch (err) {
        const error = notConnected(`cannot connect to ${this.url}: ${(err as Error).message}`);
        this.#setState(this.everConnected ? 'DISCONNECTED' : 'FAILED_TO_CONNECT');
        this.#giveUp(error);
        return reject(error);
      }
      this.ws = ws;
      ws.onerror = () => {}; // the close that follows says it all
      ws.onopen = async () => {
        try {
          if (this.token) await this.#resume(); // before any waiting request goes out
        } catch (err) {
          reject(err);
          return ws.close(); // try again from the start
        }
        if (this.ws !== ws || this.#current !== 'CONNECTING') return; // closed meanwhile
        this.#retryCount = 0;
        this.everConnected = true;
        this.#setState('CONNECTED');
        this.#pumpOutbox();
        resolve();
      };
      ws.onmessage = (e) => this.ws === ws && this.#receive(String(e.data));
      ws.onclose = () => {
        if (this.ws !== ws) return;
        this.ws = null;
        const error = notConnected(`no connection to ${this.url}`);
        this.#failPending(error);
        reject(error); // nothing once resolved
        if (this.#current === 'CLOSING') this.#setState('CLOSED');
        else this.#lost();
      };
    });
  }

  /**
   * Sends a request and resolves with its reply data; rejects with a ProtocolError. While the
   * connection is coming back a request waits for it, within its timeout; a `chat.send` waits
   * as long as it takes (up to MAX_QUEUED_SENDS of them) and is never stored twice.
   */
  request<T extends RequestType>(body: RequestBody<T> & { type: T }): Promise<ReplyDataMap[T]> {
    const connected = this.#current === 'CONNECTED';
    if (!connected && !COMING_CONNECTION_STATES.includes(this.#current)) return Promise.reject(this.#down());
    if (body.type === 'chat.send') return this.#send(body as unknown as RequestBody<'chat.send'>) as Promise<ReplyDataMap[T]>;
    return connected ? this.#exchange<T>(body) : this.#whenConnected().then(() => this.#exchange<T>(body));
  }

  /** Sends raw text, for tests of the server's validation. */
  sendRaw(text: string): void {
    this.ws?.send(text);
  }

  /** Remembers the session so that reconnects resume it; events count from `seq`. */
  setSession(token: string | null, seq = 0): void {
    this.token = token;
    this.#order.restart(seq);
  }

  /** Events up to `seq` are known from a state snapshot: only later ones are new. */
  skipTo(seq: number): void {
    this.#order.skipTo(seq);
  }

  /** Closes on purpose (CLOSING, then CLOSED): no reconnect; waiting requests and sends fail. */
  close(): void {
    clearTimeout(this.#retryTimer);
    if (ENDED_STATES.includes(this.#current)) return;
    if (this.ws) {
      this.#setState('CLOSING');
      this.ws.close();
    } else {
      this.#setState('CLOSED');
    }
    this.#failAll(this.#down());
  }

  /** A chat send, CONNECTED or coming: queued in the outbox, on the wire at once if it can be. */
  #send(body: RequestBody<'chat.send'>): Promise<ChatMessage> {
    const queued = this.#outbox.add({ ...body, type: 'chat.send', clientMessageId: body.clientMessageId ?? newClientMessageId() });
    if (this.#current === 'CONNECTED') this.#pumpOutbox();
    return queued;
  }

  #pumpOutbox(): void {
    // A send whose socket went away waits for the next CONNECTED, unless the connection is over.
    const lostWithSocket = (err: unknown) => err instanceof ProtocolError && err.name === 'not_connected' && !ENDED_STATES.includes(this.#current);
    this.#outbox.pump((body) => this.#exchange(body), lostWithSocket);
  }

  #exchange<T extends RequestType>(body: RequestBody<T> & { type: T }): Promise<ReplyDataMap[T]> {
    const ws = this.ws;
    if (!ws || ws.readyState !== ws.OPEN) return Promise.reject(notConnected());
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new ProtocolError('internal', `${body.type} timed out after ${this.#opts.requestTimeoutMs} ms`));
      }, this.#opts.requestTimeoutMs);
      this.#pending.set(id, { resolve: resolve as (d: unknown) => void, reject, timer });
      ws.send(JSON.stringify({ ...body, id }));
    });
  }

  #whenConnected(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(notConnected(`not connected to the server within ${this.#opts.requestTimeoutMs} ms`));
      }, this.#opts.requestTimeoutMs);
      const off = this.events.on('state', (state) => {
        if (state !== 'CONNECTED' && !ENDED_STATES.includes(state)) return;
        clearTimeout(timer);
        off();
        if (state === 'CONNECTED') resolve();
        else reject(this.#down());
      });
    });
  }

  async #resume(): Promise<void> {
    this.#resuming = true;
    try {
      const reply = await this.#exchange({ type: 'resume', token: this.token!, lastSeq: this.#order.lastSeq });
      if (reply.snapshot) this.#order.restart(reply.seq);
      this.events.emit('resumed', reply);
    } catch (err) {
      if (!(err instanceof ProtocolError && err.name === 'not_logged_in')) throw err;
      this.setSession(null);
      this.events.emit('sessionLost');
    } finally {
      this.#resuming = false;
    }
  }

  #receive(text: string): void {
    let frame: ServerFrame | null = null;
    try {
      frame = JSON.parse(text);
    } catch {
      // not a frame: dropped
    }
    // Anything but an object (null, a number) has no type and no pending reply: dropped.
    const type = (frame as { type?: unknown } | null)?.type;
    if (type === 'event') return this.#receiveEvent(frame as EventFrame);
    if (type === 'signal') return this.#receiveSignal(frame as SignalFrame);
    const reply = frame as ReplyFrame;
    const pending = this.#pending.get(reply?.re as number);
    if (!pending) return;
    this.#pending.delete(reply.re as number);
    clearTimeout(pending.timer);
    if (reply.ok) pending.resolve(reply.data);
    else pending.reject(new ProtocolError(reply.error.name as WireErrorName, reply.error.message, reply.error.retryAfterMs));
  }

  #receiveSignal(frame: SignalFrame): void {
    if (typeof frame.topic !== 'string' || frame.data === null || typeof frame.data !== 'object') return;
    this.events.emit('signal', { topic: frame.topic, data: frame.data } as SignalEvent);
  }

  #receiveEvent(frame: EventFrame): void {
    const event = { topic: frame.topic, data: frame.data } as ServerEvent;
    // session.ended travels outside the numbered stream (the server gives it the largest seq).
    if (event.topic === 'session.ended') return void this.events.emit('event', event, frame.seq);
    switch (this.#order.accept(frame.seq, this.token !== null)) {
      case 'process':
        return void this.events.emit('event', event, frame.seq);
      case 'duplicate':
        return;
      case 'gap':
        return this.#resync();
    }
  }

  /** Something was missed: resume from lastSeq on this socket; the server replays the rest in order. */
  #resync(): void {
    if (this.#resuming || !this.token) return; // a resume under way brings the missing events
    this.#resume().catch(() => this.ws?.close()); // could not resync: reconnect, which resumes
  }

  #lost(): void {
    if (this.#retryCount === 0) this.#lostAt = Date.now();
    this.#setState(this.everConnected ? 'DISCONNECTED' : 'FAILED_TO_CONNECT');
    const delay = this.#opts.nextRetryDelayMs({ retryCount: this.#retryCount, elapsedMs: Date.now() - this.#lostAt });
    if (delay === null) return this.#giveUp(); // the reconnect policy gave up
    this.#retryCount++;
    this.#retryTimer = setTimeout(() => void this.open().catch(() => {}), delay);
  }

  #giveUp(error?: ProtocolError): void {
    this.#setState('NULL');
    this.#failAll(error ?? this.#down());
  }

  /** Every waiting request and chat send fails with `error`. */
  #failAll(error: ProtocolError): void {
    this.#failPending(error);
    this.#outbox.failAll(error);
  }

  /** Why nothing can go out now: the state says it (CLOSED: closed on purpose; NULL: no more retries). */
  #down(): ProtocolError {
    return notConnected(`not connected to the server (${this.#current})`);
  }

  #failPending(error: ProtocolError): void {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(error);
      this.#pending.delete(id);
    }
  }

  /** The one setter of connection state, checked against CONNECTION_TRANSITIONS. */
  #setState(to: ConnectionState): void {
    const from = this.#current;
    if (from === to) return;
    const line = `connection ${from} -> ${to}`;
    if (!canConnectionTransition(from, to)) throw new Error(`${line}: not in CONNECTION_TRANSITIONS`);
    this.#current = to;
    this.#opts.log(line);
    this.events.emit('state', to, from);
  }
}
