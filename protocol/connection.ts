/**
 * The client end of the wire protocol, for the widget, the customer SDK and tests:
 * request/reply with timeouts, events with `seq` de-duplication, and reconnection that
 * resumes the session from the last event seen.
 */
import { createNanoEvents, type Emitter } from 'nanoevents';
import { ProtocolError, type WireErrorName } from './errors.ts';
import type { EventFrame, RequestBody, RequestType, ServerFrame } from './frames.ts';
import type { ReplyDataMap, ResumeReply, ServerEvent } from './model.ts';

/** Connection states: idle (never opened), connecting, open, reconnecting (lost, retrying), closed (by us). */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';
const CONNECTION_TRANSITIONS: Record<ConnectionState, readonly ConnectionState[]> = {
  idle: ['connecting', 'closed'],
  connecting: ['open', 'reconnecting', 'closed'],
  open: ['reconnecting', 'closed'],
  reconnecting: ['connecting', 'closed'],
  closed: [],
};

export interface ConnectionEvents {
  event: (event: ServerEvent, seq: number) => void;
  state: (state: ConnectionState, from: ConnectionState) => void;
  /** After a reconnect: `snapshot` true when missed events could not be replayed. */
  resumed: (reply: ResumeReply) => void;
  /** The stored session is gone (expired, logged out elsewhere). */
  sessionLost: () => void;
}

export interface ConnectionOptions {
  requestTimeoutMs?: number;
  /** Delay before reconnect attempt `retryCount`, or null to give up. */
  nextRetryDelayMs?: (ctx: { retryCount: number; elapsedMs: number }) => number | null;
  WebSocketImpl?: typeof WebSocket;
}

/** Exponential back-off with jitter, capped at 10 s, forever. */
export const defaultRetryDelayMs = ({ retryCount }: { retryCount: number }) =>
  Math.min(10_000, 250 * 2 ** Math.min(retryCount, 6)) * (0.5 + Math.random() / 2);

interface Pending {
  resolve(data: unknown): void;
  reject(err: ProtocolError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class WireConnection {
  readonly events: Emitter<ConnectionEvents> = createNanoEvents<ConnectionEvents>();
  state: ConnectionState = 'idle';
  token: string | null = null;
  lastSeq = 0;
  /** Events dropped as duplicates or out of order (cf. LivePerson's notification counters). */
  droppedEvents = 0;
  private ws: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private retryCount = 0;
  private lostAt = 0;
  private readonly opts: Required<ConnectionOptions>;

  constructor(
    readonly url: string,
    options: ConnectionOptions = {},
  ) {
    this.opts = { requestTimeoutMs: 10_000, nextRetryDelayMs: defaultRetryDelayMs, WebSocketImpl: globalThis.WebSocket, ...options };
  }

  /** Opens the socket; resolves once it is open (and resumed, when a token is set). */
  open(): Promise<void> {
    this.setState('connecting');
    return new Promise((resolve, reject) => {
      const ws = new this.opts.WebSocketImpl(this.url);
      this.ws = ws;
      let opened = false;
      ws.onopen = async () => {
        opened = true;
        this.retryCount = 0;
        try {
          if (this.token) await this.resume(); // before any waiting request goes out
          this.setState('open');
          resolve();
        } catch (err) {
          reject(err);
          ws.close(); // try again from the start
        }
      };
      ws.onmessage = (e) => this.receive(String(e.data));
      ws.onclose = () => {
        this.failPending('connection closed');
        if (this.state === 'closed') return;
        if (!opened) reject(new ProtocolError('internal', `cannot connect to ${this.url}`));
        this.scheduleReconnect();
      };
    });
  }

  /** Sends a request and resolves with its reply data; rejects with a ProtocolError. */
  request<T extends RequestType>(body: RequestBody<T> & { type: T }): Promise<ReplyDataMap[T]> {
    // While (re)connecting, a request waits for the socket (and the resume), within its timeout.
    if (this.state === 'connecting' || this.state === 'reconnecting') return this.whenOpen().then(() => this.exchange<T>(body));
    if (this.state !== 'open') return Promise.reject(new ProtocolError('internal', 'not connected'));
    return this.exchange<T>(body);
  }

  private exchange<T extends RequestType>(body: RequestBody<T> & { type: T }): Promise<ReplyDataMap[T]> {
    const ws = this.ws;
    if (!ws || ws.readyState !== ws.OPEN) return Promise.reject(new ProtocolError('internal', 'not connected'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ProtocolError('internal', `${body.type} timed out`));
      }, this.opts.requestTimeoutMs);
      this.pending.set(id, { resolve: resolve as (d: unknown) => void, reject, timer });
      ws.send(JSON.stringify({ ...body, id }));
    });
  }

  /** Sends raw text, for tests of the server's validation. */
  sendRaw(text: string): void {
    this.ws?.send(text);
  }

  /** Remembers the session so that reconnects resume it. */
  setSession(token: string | null, seq = 0): void {
    this.token = token;
    this.lastSeq = seq;
  }

  close(): void {
    this.setState('closed');
    this.ws?.close();
    this.failPending('connection closed');
  }

  private whenOpen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (off(), reject(new ProtocolError('internal', 'not connected'))), this.opts.requestTimeoutMs);
      const off = this.events.on('state', (state) => {
        if (state !== 'open' && state !== 'closed') return;
        clearTimeout(timer);
        off();
        if (state === 'open') resolve();
        else reject(new ProtocolError('internal', 'connection closed'));
      });
    });
  }

  private async resume(): Promise<void> {
    try {
      const reply = await this.exchange({ type: 'resume', token: this.token!, lastSeq: this.lastSeq });
      if (reply.snapshot) this.lastSeq = reply.seq;
      this.events.emit('resumed', reply);
    } catch (err) {
      if ((err as ProtocolError).name === 'not_logged_in') {
        this.setSession(null);
        this.events.emit('sessionLost');
      } else throw err;
    }
  }

  private receive(text: string): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(text) as ServerFrame;
    } catch {
      return;
    }
    if ('type' in frame && frame.type === 'event') return this.receiveEvent(frame);
    if (!('re' in frame) || typeof frame.re !== 'number') return;
    const pending = this.pending.get(frame.re);
    if (!pending) return;
    this.pending.delete(frame.re);
    clearTimeout(pending.timer);
    if (frame.ok) pending.resolve(frame.data);
    else pending.reject(new ProtocolError(frame.error.name as WireErrorName, frame.error.message));
  }

  private receiveEvent(frame: EventFrame): void {
    if (frame.seq <= this.lastSeq) {
      this.droppedEvents++;
      return;
    }
    this.lastSeq = frame.seq;
    this.events.emit('event', { topic: frame.topic, data: frame.data } as ServerEvent, frame.seq);
  }

  private scheduleReconnect(): void {
    if (this.retryCount === 0) this.lostAt = Date.now();
    this.setState('reconnecting');
    const delay = this.opts.nextRetryDelayMs({ retryCount: this.retryCount++, elapsedMs: Date.now() - this.lostAt });
    if (delay === null) return this.close();
    setTimeout(() => {
      if (this.state === 'reconnecting') this.open().catch(() => {});
    }, delay);
  }

  private failPending(message: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new ProtocolError('internal', message));
      this.pending.delete(id);
    }
  }

  /** The one setter of connection state, checked against the table. */
  private setState(to: ConnectionState): void {
    const from = this.state;
    if (from === to) return;
    if (!CONNECTION_TRANSITIONS[from].includes(to)) throw new Error(`connection cannot go from ${from} to ${to}`);
    this.state = to;
    this.events.emit('state', to, from);
  }
}
