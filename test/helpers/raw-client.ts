/**
 * A bare `ws` client for tests that misbehave on purpose: it can stop reading (`pause`), fire
 * requests without waiting (`fire`), and sees the close code and reason the server sends. Replies
 * are matched by id; events are counted.
 */
import WebSocket from 'ws';
import type { ReplyFrame } from '../../protocol/index.ts';

export interface Closed {
  code: number;
  reason: string;
  at: number;
}

export class RawClient {
  readonly ws: WebSocket;
  readonly replies: ReplyFrame[] = [];
  events = 0;
  closed: Closed | null = null;
  private readonly waiting = new Map<number, (reply: ReplyFrame) => void>();
  private nextId = 1;
  private readonly closeWaiters = new Set<(closed: Closed) => void>();

  private constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('error', () => {});
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame = JSON.parse(String(data));
      if (frame.type === 'event') this.events++;
      else if ('re' in frame) {
        this.replies.push(frame);
        this.waiting.get(frame.re)?.(frame);
        this.waiting.delete(frame.re);
      }
    });
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString(), at: performance.now() };
      for (const w of this.closeWaiters) w(this.closed);
    });
  }

  static open(url: string): Promise<RawClient> {
    const client = new RawClient(url);
    return new Promise((resolve, reject) => {
      client.ws.once('open', () => resolve(client));
      client.ws.once('close', () => reject(new Error(`cannot connect to ${url}`)));
    });
  }

  /** Sends a request without waiting; returns its id. */
  fire(body: Record<string, unknown>): number {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ ...body, id }));
    return id;
  }

  /** Sends a request and resolves with its data; rejects with the error reply's name and message. */
  request<T = any>(body: Record<string, unknown>, timeoutMs = 10_000): Promise<T> {
    const id = this.fire(body);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${String(body.type)} timed out`)), timeoutMs);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.ok) resolve(reply.data as T);
        else reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
      });
    });
  }

  /** Stops reading from the socket: the server's frames pile up on its side. */
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  /** Resolves with the close, or null if it does not come within `timeoutMs`. */
  whenClosed(timeoutMs: number): Promise<Closed | null> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve) => {
      const timer = setTimeout(() => (this.closeWaiters.delete(done), resolve(null)), timeoutMs);
      const done = (closed: Closed) => {
        clearTimeout(timer);
        this.closeWaiters.delete(done);
        resolve(closed);
      };
      this.closeWaiters.add(done);
    });
  }

  close(): void {
    this.ws.terminate();
  }
}
