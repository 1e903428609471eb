/**
 * Seed 000's RPC: `request(type, data, timeout, retries)` answered by the remote's handler for
 * `type` (`contact.on('PrintDocument', (data, cb) => cb(null, result))`). Requests carry an id; a
 * retry reuses it and the answering side remembers recent ids, so a handler runs once per request.
 */
import { MediaError, invalidArgs } from './errors.ts';

/** A handler answers through `cb(err, result)` (or by returning a promise). */
export type RpcHandler = (data: unknown, cb: (err: unknown, result?: unknown) => void) => unknown;
type Wire =
  | { k: 'req'; id: string; type: string; data: unknown }
  | { k: 'res'; id: string; ok: true; data: unknown }
  | { k: 'res'; id: string; ok: false; error: { name: string; message: string } };

interface Pending {
  resolve(data: unknown): void;
  reject(err: MediaError): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const MAX_PENDING = 256;
const MAX_HANDLERS = 128;
const MAX_TYPE_CHARS = 64;
/** Ids of requests answered lately (a retry of one gets the same answer, not a second run). */
const MAX_REMEMBERED = 256;

export class RpcEndpoint {
  private readonly pending = new Map<string, Pending>();
  private readonly handlers = new Map<string, RpcHandler>();
  private readonly answered = new Map<string, Wire | null>(); // null: still running
  private seq = 0;
  private readonly prefix = Math.random().toString(36).slice(2, 10);

  constructor(private readonly send: (msg: Wire) => Promise<void>) {}

  /** Registers the handler of `type` (replacing an earlier one); returns an unsubscribe. */
  handle(type: string, handler: RpcHandler): () => void {
    if (!this.handlers.has(type) && this.handlers.size >= MAX_HANDLERS) throw new MediaError('too_many', `at most ${MAX_HANDLERS} request handlers`);
    this.handlers.set(type, handler);
    return () => {
      if (this.handlers.get(type) === handler) this.handlers.delete(type);
    };
  }

  /** Asks the remote to run its handler of `type`; rejects `timeout` after every retry, `not_supported` without a handler. */
  request(type: string, data?: unknown, timeoutMs?: number, retries = 0): Promise<unknown> {
    if (typeof type !== 'string' || !type || type.length > MAX_TYPE_CHARS) return Promise.reject(invalidArgs(`a request type is 1 to ${MAX_TYPE_CHARS} characters`));
    if (retries > 0 && !(timeoutMs! > 0)) return Promise.reject(invalidArgs('retries need a timeout'));
    if (this.pending.size >= MAX_PENDING) return Promise.reject(new MediaError('too_many', `at most ${MAX_PENDING} requests waiting for an answer`));
    const id = `${this.prefix}-${++this.seq}`;
    return new Promise((resolve, reject) => {
      const p: Pending = { resolve, reject, timer: undefined };
      this.pending.set(id, p);
      let attemptsLeft = retries;
      const attempt = () => {
        // A failed send is final only when no retry is left to cover it.
        this.send({ k: 'req', id, type, data: data ?? null }).catch((err) => {
          if (timeoutMs === undefined || attemptsLeft <= 0) this.settle(id, MediaError.from(err));
        });
        if (timeoutMs === undefined) return;
        p.timer = setTimeout(() => {
          if (attemptsLeft-- > 0) return attempt();
          this.settle(id, new MediaError('timeout', `no answer to ${type} in ${timeoutMs} ms after ${retries + 1} attempt(s)`));
        }, timeoutMs);
      };
      attempt();
    });
  }

  /** A message of the engine's RPC channel. */
  receive(raw: unknown): void {
    const msg = raw as Wire;
    if (!msg || typeof msg.id !== 'string') return;
    if (msg.k === 'res') {
      if (msg.ok) this.settle(msg.id, null, msg.data);
      else this.settle(msg.id, MediaError.from(msg.error));
      return;
    }
    if (msg.k !== 'req' || typeof msg.type !== 'string') return;
    if (this.answered.has(msg.id)) {
      const done = this.answered.get(msg.id);
      if (done) void this.send(done).catch(() => {});
      return;
    }
    this.remember(msg.id, null);
    const handler = this.handlers.get(msg.type);
    if (!handler) return this.reply(msg.id, { k: 'res', id: msg.id, ok: false, error: { name: 'not_supported', message: `no handler for ${msg.type}` } });
    let replied = false;
    const cb = (err: unknown, result?: unknown) => {
      if (replied) return;
      replied = true;
      this.reply(msg.id, err ? { k: 'res', id: msg.id, ok: false, error: MediaError.from(err).toWire() } : { k: 'res', id: msg.id, ok: true, data: result ?? null });
    };
    try {
      const out = handler(msg.data, cb) as Promise<unknown> | undefined;
      if (out && typeof out.then === 'function') out.then((v) => cb(null, v), (e) => cb(e ?? new Error('handler failed')));
    } catch (err) {
      cb(err ?? new Error('handler failed'));
    }
  }

  /** Every waiting request fails with `err` (the contact closed). */
  close(err: MediaError): void {
    for (const id of [...this.pending.keys()]) this.settle(id, err);
    this.handlers.clear();
  }

  private reply(id: string, msg: Wire): void {
    this.remember(id, msg);
    void this.send(msg).catch(() => {}); // the requester retries, and gets this remembered answer
  }

  private remember(id: string, msg: Wire | null): void {
    this.answered.delete(id);
    this.answered.set(id, msg);
    if (this.answered.size > MAX_REMEMBERED) this.answered.delete(this.answered.keys().next().value!);
  }

  private settle(id: string, err: MediaError | null, data?: unknown): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (err) p.reject(err);
    else p.resolve(data);
  }
}
export type RpcWire = Wire;
