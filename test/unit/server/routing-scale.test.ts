/** A routing pass costs O(agents + offers + log n): enqueueing a chat costs the same at 100 or 10,000 waiting. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startServer } from '../../../server/index.ts';
import { startOutbound } from '../../../server/contacts/index.ts';
import { routingConfig } from '../../helpers/server.ts';

const BATCH = 200;
/** CPU time (not wall time: a loaded machine stretches that) for filling 10,000 chats: quadratic work would blow it. */
const FILL_CPU_BUDGET_MS = 12_000;

describe('routing at scale', () => {
  it('enqueueing a chat costs about the same CPU with 10,000 waiting as with 100', async () => {
    const server = await startServer(routingConfig(), () => {});
    try {
      const { contacts } = server;
      // One agent, logged in and full: every chat can be served, none can be offered now.
      contacts.agents.setState('alice', 'ONLINE');
      for (let i = 0; i < 3; i++) startOutbound(contacts, 'alice', contacts.createCustomer(`Held ${i}`).id, 'default');
      // Each chat.init is one unit of work (one commit), as over the gateway.
      const enqueue = (name: string) => contacts.outbox.run(() => contacts.startChat(contacts.createCustomer(name).id, { room: 'default' }));
      const waiting = () => [...contacts.liveContacts()].filter((c) => c.state === 'queued').length;

      /** CPU microseconds per chat over a batch, each chat on its own tick (its deferred routing pass included). */
      const perChat = async () => {
        const before = process.cpuUsage();
        for (let i = 0; i < BATCH; i++) {
          enqueue(`Measured ${i}`);
          await new Promise((r) => setImmediate(r));
        }
        const used = process.cpuUsage(before);
        return (used.user + used.system) / BATCH;
      };

      for (let i = 0; i < 100; i++) enqueue(`Early ${i}`);
      await new Promise((r) => setImmediate(r));
      await perChat(); // warm up
      const at100 = await perChat();

      const started = process.cpuUsage();
      const fillCpuMs = () => {
        const used = process.cpuUsage(started);
        return (used.user + used.system) / 1000;
      };
      // The filler shares commits (a hundred chats per fsync): its cost is not what is measured.
      for (let filled = waiting(); filled < 10_000; filled = waiting()) {
        contacts.outbox.run(() => {
          for (let j = 0; j < 100; j++) contacts.startChat(contacts.createCustomer(`Filler ${filled + j}`).id, { room: 'default' });
        });
        await new Promise((r) => setImmediate(r));
        assert.ok(fillCpuMs() < FILL_CPU_BUDGET_MS, `filling the queue is too slow: ${filled} chats in ${fillCpuMs().toFixed(0)} ms of CPU`);
      }
      await new Promise((r) => setImmediate(r));
      assert.ok(waiting() >= 10_000);
      const at10k = await perChat();
      console.log(`enqueue cost: ${at100.toFixed(0)} µs at ~100 waiting, ${at10k.toFixed(0)} µs at ~10,000 waiting`);
      assert.ok(at10k < 2 * at100 + 100, `${at10k.toFixed(0)} µs per chat at 10,000 waiting vs ${at100.toFixed(0)} µs at 100`);
    } finally {
      await server.close();
    }
  });
});
