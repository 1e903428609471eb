/**
 * One WebSocket connection: counts every inbound frame against its request rate, checks its
 * size before parsing it, validates it, queues it (one request handled at a time, in order, a
 * bounded number waiting), and carries the events of the session it is attached to. A bad frame
 * gets an error reply and the connection stays open; a client that stops reading is disconnected
 * as a slow consumer.
 */
import type { WebSocket } from 'ws';
import {
  CLOSE_SLOW_CONSUMER,
  MAX_BUFFERED_BYTES,
  MAX_FRAME_BYTES,
  MAX_QUEUED_REQUESTS,
  ProtocolError,
  wireError,
  badRequest,
  parseRequest,
  type EventFrame,
  type ReplyFrame,
  type RequestFrame,
  type SignalFrame,
  type SupervisorSignalFrame,
} from '../../protocol/index.ts';
import type { EventSink } from '../sessions/index.ts';
import type { SessionRecord } from '../store/index.ts';
import type { GatewayDeps, RequestContext } from './context.ts';
import { authorize } from './authorization.ts';
import { HANDLERS } from './handlers/index.ts';
import type { RequestRate } from './request-rate.ts';
import type { Outcome, RequestScheduler } from './scheduler.ts';

/** How long a slow consumer's socket may take to close before it is cut. */
const SLOW_CLOSE_GRACE_MS = 2_000;

type RequestId = string | number | null;

let connectionCount = 0;

/** The reply of an async handler, still to come. */
class Later {
  constructor(readonly promise: Promise<unknown>) {}
}

export class Connection implements EventSink, RequestContext {
  session: SessionRecord | null = null;
  /** Set by the heartbeat when a ping is sent; cleared by the pong. */
  awaitingPong = false;
  private readonly waiting: RequestFrame[] = [];
  private busy = false;
  private closed = false;
  /** This connection's key in the request rate limiter. */
  private readonly rateKey = `c${++connectionCount}`;
  /** Frames pass the rate check one after the other, so that they are handled in arrival order. */
  private admitted: Promise<void> = Promise.resolve();

  constructor(
    private readonly ws: WebSocket,
    readonly deps: GatewayDeps,
    private readonly scheduler: RequestScheduler,
    private readonly requestRate: RequestRate,
    readonly ip: string,
    /** From this server's own page (the widget) or from no browser: agent sessions are allowed. */
    readonly agentOrigin: boolean,
  ) {
    ws.on('message', (raw, isBinary) => this.admit(raw as Buffer, isBinary));
    ws.on('pong', () => (this.awaitingPong = false));
    ws.on('close', () => {
      this.closed = true;
      this.waiting.length = 0;
      this.detach();
      try {
        deps.media.connectionClosed(this); // its media endpoints leave: their calls park
      } catch (err) {
        deps.log(`closing the media endpoints of a connection failed: ${(err as Error).stack ?? err}`);
      }
      deps.supervision.feed.unsubscribe(this);
    });
    ws.on('error', (err) => deps.log(`socket error: ${err.message}`));
  }

  get token(): string {
    return this.session?.token ?? '';
  }

  sendEvent(frame: EventFrame): void {
    this.send(frame);
  }

  /** Unstored: goes to this socket now if it is open (the same buffer bound as events). */
  sendSignal(frame: SignalFrame | SupervisorSignalFrame): void {
    this.send(frame);
  }

  private chatInits = 0;

  countChatInit(): number {
    return ++this.chatInits;
  }

  sessionEnded(): void {
    this.detach();
  }

  tell(frame: EventFrame): void {
    this.deps.outbox.deliver(() => this.send(frame));
  }

  attach(session: SessionRecord): void {
    this.detach();
    this.session = session;
    this.deps.hub.attach(session, this);
  }

  detach(): void {
    if (this.session) this.deps.hub.detach(this.session, this);
    this.session = null;
  }

  /** Pings the client; a socket that did not answer the previous ping is half-open and is cut. */
  heartbeat(): void {
    if (this.awaitingPong) {
      this.deps.log('socket missed its pong: closed as half-open');
      this.ws.terminate();
      return;
    }
    this.awaitingPong = true;
    this.ws.ping();
  }

  /** Every frame counts against the rate, valid or not; one over it gets `rate_limited` (with its id, when it has one). */
  private admit(raw: Buffer, isBinary: boolean): void {
    this.admitted = this.admitted
      .then(() => this.requestRate.admit(this.rateKey))
      .then(
        () => this.receive(raw, isBinary, null),
        (refusal: unknown) => this.receive(raw, isBinary, refusal instanceof ProtocolError ? refusal : new ProtocolError('internal', 'internal error')),
      )
      .catch((err: unknown) => this.deps.log(`frame failed: ${(err as Error)?.stack ?? err}`));
  }

  private receive(raw: Buffer, isBinary: boolean, refusal: ProtocolError | null): void {
    // Nothing is parsed before the size check.
    if (raw.length > MAX_FRAME_BYTES) return this.reply(null, { ok: false, error: new ProtocolError('too_large', `frame is over ${MAX_FRAME_BYTES} bytes`) });
    if (isBinary) return this.reply(null, { ok: false, error: badRequest('binary frames are not accepted') });
    let input: unknown;
    try {
      input = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.reply(null, { ok: false, error: badRequest('frame is not JSON') });
    }
    const id = (input as { id?: unknown } | null)?.id;
    const re: RequestId = typeof id === 'string' || typeof id === 'number' ? id : null;
    if (refusal) return this.reply(re, { ok: false, error: refusal });
    const parsed = parseRequest(input);
    if (!parsed.ok) return this.reply(re, { ok: false, error: badRequest(parsed.message) });
    if (this.waiting.length >= MAX_QUEUED_REQUESTS) {
      return this.reply(re, { ok: false, error: new ProtocolError('rate_limited', `more than ${MAX_QUEUED_REQUESTS} requests waiting: slow down`) });
    }
    this.waiting.push(parsed.frame);
    this.next();
  }

  /** Handles the next waiting request once the one before it has been answered. */
  private next(): void {
    if (this.busy || this.closed) return;
    const frame = this.waiting.shift();
    if (!frame) return;
    this.busy = true;
    const handler = HANDLERS[frame.type] as (f: RequestFrame, ctx: RequestContext) => unknown;
    this.scheduler.submit(
      () => {
        authorize(frame, this, this.deps);
        const value = handler(frame, this);
        // An async handler (login) commits its own writes later: the transaction must not hold a promise.
        return value instanceof Promise ? new Later(value) : value;
      },
      (outcome) => void this.settle(frame.id, outcome),
    );
  }

  private async settle(re: RequestId, outcome: Outcome): Promise<void> {
    if (outcome.ok && outcome.value instanceof Later) {
      try {
        outcome = { ok: true, value: await outcome.value.promise };
      } catch (error) {
        outcome = { ok: false, error };
      }
    }
    this.reply(re, outcome);
    this.busy = false;
    this.next();
  }

  private reply(re: RequestId, outcome: Outcome): void {
    if (outcome.ok) return this.send({ re, ok: true, data: outcome.value } satisfies ReplyFrame);
    const err = outcome.error;
    if (!(err instanceof ProtocolError)) this.deps.log(`request failed: ${(err as Error)?.stack ?? err}`);
    const error = err instanceof ProtocolError ? wireError(err) : { name: 'internal' as const, message: 'internal error' };
    this.send({ re, ok: false, error } satisfies ReplyFrame);
  }

  private send(frame: ReplyFrame | EventFrame | SignalFrame | SupervisorSignalFrame): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify(frame));
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) this.dropSlowConsumer();
  }

  /** The client stopped reading: no more is buffered for it; it resumes later from its lastSeq. */
  private dropSlowConsumer(): void {
    if (this.closed) return;
    this.closed = true;
    this.deps.log(`slow consumer: ${this.ws.bufferedAmount} bytes unsent, disconnected`);
    this.ws.close(CLOSE_SLOW_CONSUMER, 'slow_consumer');
    setTimeout(() => this.ws.terminate(), SLOW_CLOSE_GRACE_MS).unref();
    this.detach();
  }
}
