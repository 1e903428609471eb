/**
 * Chat messages on their way to the server. A `chat.send` made while the connection is down
 * waits here; one whose reply was lost with the socket goes back to waiting, in its place.
 * After a reconnect and resume they go out again, in order, with the same `clientMessageId`,
 * so the server stores each message once.
 */
import { ProtocolError } from './errors.ts';
import type { RequestBody } from './frames.ts';
import type { ChatMessage } from './model.ts';

/** How many chat messages may wait for the connection; past it a send fails at once. */
export const MAX_QUEUED_SENDS = 200;

export type ChatSendBody = RequestBody<'chat.send'> & { type: 'chat.send'; clientMessageId: string };

interface Entry {
  body: ChatSendBody;
  resolve(message: ChatMessage): void;
  reject(err: unknown): void;
  onWire: boolean;
}

export class SendOutbox {
  readonly #entries: Entry[] = [];
  readonly #limit: number;

  constructor(limit = MAX_QUEUED_SENDS) {
    this.#limit = limit;
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Queues a send; the promise settles with its reply. Fails at once past the limit. */
  add(body: ChatSendBody): Promise<ChatMessage> {
    if (this.#entries.length >= this.#limit) {
      return Promise.reject(new ProtocolError('rate_limited', `${this.#limit} messages already wait for the connection`));
    }
    return new Promise((resolve, reject) => this.#entries.push({ body, resolve, reject, onWire: false }));
  }

  /**
   * Puts every waiting send on the wire, oldest first. A send whose socket went away before
   * its reply (`lostWithSocket(err)`) waits again for the next pump; any other outcome settles it.
   */
  pump(exchange: (body: ChatSendBody) => Promise<ChatMessage>, lostWithSocket: (err: unknown) => boolean): void {
    for (const entry of this.#entries) {
      if (entry.onWire) continue;
      entry.onWire = true;
      exchange(entry.body).then(
        (message) => this.#settle(entry, () => entry.resolve(message)),
        (err) => {
          if (lostWithSocket(err)) entry.onWire = false;
          else this.#settle(entry, () => entry.reject(err));
        },
      );
    }
  }

  /** No connection will come back: every send fails. */
  failAll(error: ProtocolError): void {
    for (const entry of this.#entries.splice(0)) entry.reject(error);
  }

  #settle(entry: Entry, done: () => void): void {
    const index = this.#entries.indexOf(entry);
    if (index >= 0) this.#entries.splice(index, 1);
    done();
  }
}

/** A fresh id for a chat message: 128 random bits (getRandomValues works outside secure contexts, unlike randomUUID). */
export const newClientMessageId = (): string => globalThis.crypto.getRandomValues(new Uint32Array(4)).join('-');
