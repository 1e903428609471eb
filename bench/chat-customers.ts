/**
 * Worker thread for the chat-latency bench: the customers, as real WebSocket clients on their own
 * event loop. Each opens a chat and waits for its agent to join; then the messages go out at a
 * steady total rate, round robin over the chats, each stamped with Date.now() just before it is
 * sent. Posts what was sent (text, time) for the driver to match with the host pages' records.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { WireConnection } from '../protocol/index.ts';

const { port, chats: CHATS, messages: MESSAGES, perSecond: PER_SECOND, joinTimeoutMs: JOIN_TIMEOUT_MS } = workerData as {
  port: number;
  chats: number;
  messages: number;
  perSecond: number;
  joinTimeoutMs: number;
};
const TICK_MS = 5;

interface Chat {
  conn: WireConnection;
  contactId: string;
  joined: Promise<void>;
}

async function openChat(i: number): Promise<Chat> {
  const conn = new WireConnection(`ws://127.0.0.1:${port}/ws`, { WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket, nextRetryDelayMs: () => null });
  await conn.open();
  let joinedNow: () => void = () => {};
  const joined = new Promise<void>((resolve) => (joinedNow = resolve));
  conn.events.on('event', (e) => e.topic === 'user.joined' && joinedNow());
  const reply = await conn.request({ type: 'chat.init', room: 'default', name: `Customer ${i + 1}` });
  return { conn, contactId: reply.contact.id, joined };
}

const startedAt = Date.now();
const chats: Chat[] = [];
// Opened 50 at a time: all at once would time the server's accept backlog, not a chat.
for (let i = 0; i < CHATS; i += 50) chats.push(...(await Promise.all(Array.from({ length: Math.min(50, CHATS - i) }, (_, k) => openChat(i + k)))));
let timer: ReturnType<typeof setTimeout> | undefined;
const allJoined = await Promise.race([
  Promise.all(chats.map((c) => c.joined)).then(() => true),
  new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), JOIN_TIMEOUT_MS))),
]);
clearTimeout(timer);
if (!allJoined) throw new Error(`only some of the ${CHATS} chats had an agent after ${JOIN_TIMEOUT_MS} ms`);
const joinedMs = Date.now() - startedAt;
parentPort!.postMessage({ joined: true });

// Sends every message due by now, each TICK_MS: a steady rate without a timer per message.
const sent: [string, number][] = [];
const acks: number[] = []; // send -> the server's reply (stored and published), for the driver's breakdown
const failures: string[] = [];
const replies: Promise<unknown>[] = [];
const t0 = performance.now();
await new Promise<void>((done) => {
  const tick = () => {
    const due = Math.min(MESSAGES, Math.floor(((performance.now() - t0) / 1000) * PER_SECOND) + 1);
    while (sent.length < due) {
      const n = sent.length;
      const chat = chats[n % CHATS];
      const text = `bench ${n}`;
      const at = Date.now();
      replies.push(
        chat.conn
          .request({ type: 'chat.send', contactId: chat.contactId, text })
          .then(() => acks.push(Date.now() - at))
          .catch((err) => failures.push(`${text}: ${err}`)),
      );
      sent.push([text, at]);
    }
    if (sent.length < MESSAGES) setTimeout(tick, TICK_MS);
    else done();
  };
  tick();
});
const sendMs = performance.now() - t0;
await Promise.all(replies);
parentPort!.postMessage({ sent, acks, failures, joinedMs, sendMs });
// The driver reads the pages before the chats go: closing them would end the interactions.
parentPort!.once('message', () => chats.forEach((c) => c.conn.close()));
