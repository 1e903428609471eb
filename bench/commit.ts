/**
 * Durable writes, two ways: one commit (one fsync, synchronous=FULL) per request, or group commit
 * (the requests of one tick share a commit). 100 customers each send 50 messages, one at a time,
 * all at once, to a server in its own process; every reply means the message is on disk.
 */
import WebSocket from 'ws';
import { WireConnection } from '../protocol/index.ts';
import { spawnServer } from './spawn-server.ts';

const CUSTOMERS = 100;
const MESSAGES_EACH = 50;

async function messagesPerSecond(mode: 'each' | 'group'): Promise<number> {
  const server = await spawnServer({ commitMode: mode });
  const { port } = server;
  try {
    const customers = await Promise.all(
      Array.from({ length: CUSTOMERS }, async (_, i) => {
        const conn = new WireConnection(`ws://127.0.0.1:${port}/ws`, { WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket, nextRetryDelayMs: () => null });
        await conn.open();
        const { contact } = await conn.request({ type: 'chat.init', room: 'default', name: `Customer ${i}` });
        return { conn, contactId: contact.id };
      }),
    );
    const t0 = performance.now();
    await Promise.all(
      customers.map(async ({ conn, contactId }) => {
        for (let m = 0; m < MESSAGES_EACH; m++) await conn.request({ type: 'chat.send', contactId, text: `message ${m}`, clientMessageId: `m${m}` });
      }),
    );
    const rate = (CUSTOMERS * MESSAGES_EACH) / ((performance.now() - t0) / 1000);
    customers.forEach((c) => c.conn.close());
    return Math.round(rate);
  } finally {
    await server.stop();
  }
}

export async function commitModes(): Promise<Record<string, number>> {
  return {
    durable_send_each_commit_msgs_per_s: await messagesPerSecond('each'),
    durable_send_group_commit_msgs_per_s: await messagesPerSecond('group'),
    durable_send_n: CUSTOMERS * MESSAGES_EACH,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await commitModes());
