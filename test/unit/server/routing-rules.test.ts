/** Routing rules of issue 8: capacity, telling the customer, modes, transfers and exclusions. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { WireConnection } from '../../../protocol/index.ts';
import { acceptedChat, agentSession, customerChat, nextEvent, routingConfig, startTestServer } from '../../helpers/server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true, or fails after `timeoutMs`. */
async function eventually(check: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(10);
  }
}

describe('routing rules', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const open: WireConnection[] = [];
  const track = <T extends WireConnection>(c: T) => (open.push(c), c);
  beforeEach(async () => (server = await startTestServer(routingConfig())));
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await server.close();
  });

  it('broadcast offers go only to agents with room, and accept beyond capacity is refused', async () => {
    const carol = track(await agentSession(server, 'carol')); // sales, capacity 2
    const chats = [];
    for (let i = 0; i < 5; i++) {
      const customer = await customerChat(server, 'sales', `Buyer ${i}`);
      track(customer.conn);
      chats.push(customer.chat);
    }
    await sleep(30);
    const snapshot = await carol.request({ type: 'agent.snapshot' });
    assert.equal(snapshot.contacts.filter((c) => c.list === 'pending').length, 2, 'rung by as many chats as she has room for');
    const refused: string[] = [];
    for (const chat of chats) {
      await carol.request({ type: 'contact.accept', contactId: chat.id }).catch((err) => refused.push(err.name));
    }
    assert.deepEqual(refused, ['not_suitable_state', 'not_suitable_state', 'not_suitable_state']);
    const after = await carol.request({ type: 'agent.snapshot' });
    assert.equal(after.contacts.filter((c) => c.list === 'assigned').length, 2);
  });

  it('forever alone: told again after a qualified agent came and went', async () => {
    const customer = await customerChat(server, 'sales');
    track(customer.conn);
    await customer.log.waitFor('chat.foreverAlone');
    const record = server.contacts.get(customer.chat.id);
    assert.equal(record.routing.foreverAlone, true);
    const carol = track(await agentSession(server, 'carol', 'AWAY')); // logged in: she could take it
    await eventually(() => server.contacts.get(customer.chat.id).routing.foreverAlone === false, 'the flag is reset');
    await carol.request({ type: 'agent.setState', state: 'OFFLINE' });
    await eventually(() => customer.log.filter((e) => e.topic === 'chat.foreverAlone').length === 2, 'told a second time');
    assert.equal(server.contacts.get(customer.chat.id).routing.foreverAlone, true);
  });

  it("searchAgent's direct offer, once declined, leaves the chat in its queue's mode", async () => {
    const carol = track(await agentSession(server, 'carol', 'AWAY'));
    const customer = await customerChat(server, 'sales');
    track(customer.conn);
    // Synchronously, before any routing pass sees carol: the customer's search offers it to her alone.
    server.contacts.agents.setState('carol', 'ONLINE');
    const record = server.contacts.get(customer.chat.id);
    assert.equal(server.dispatcher.searchAgent(record).id, 'carol');
    assert.equal(record.routing.mode, 'direct');
    await carol.request({ type: 'contact.decline', contactId: customer.chat.id });
    assert.equal(server.contacts.get(customer.chat.id).routing.mode, 'broadcast');
  });

  it('a customer who leaves while a transfer is pending: the sender keeps the contact for wrap-up', async () => {
    const alice = track(await agentSession(server, 'alice'));
    const { conn: customer, chat } = await acceptedChat(server, alice);
    track(customer);
    track(await agentSession(server, 'bob', 'AWAY'));
    await alice.request({ type: 'contact.transfer', contactId: chat.id, toAgent: 'bob' });
    const closed = await customer.request({ type: 'chat.close', contactId: chat.id });
    assert.deepEqual([closed.chat.state, closed.chat.endReason, closed.chat.agent?.id], ['wrap_up', 'customer', 'alice']);
    const done = await alice.request({ type: 'contact.complete', contactId: chat.id });
    assert.equal(done.state, 'completed');
  });

  it('a customer who leaves the queue after a failed transfer abandons, timed from when the chat began', async () => {
    await server.close();
    server = await startTestServer(routingConfig({ abandonAfterSeconds: 1 }));
    const alice = track(await agentSession(server, 'alice'));
    const { conn: customer, chat } = await acceptedChat(server, alice);
    track(customer);
    await alice.request({ type: 'agent.setState', state: 'AWAY' });
    track(await agentSession(server, 'carol', 'AWAY'));
    await sleep(1_050); // past abandonAfterSeconds since the chat began
    // Bounce-back off and nobody takes it: after 0.4 s the contact waits in queue again.
    await alice.request({ type: 'contact.transfer', contactId: chat.id, toSkill: 'sales', disableBounceBack: true });
    await eventually(() => server.contacts.get(chat.id).state === 'queued' && !server.contacts.get(chat.id).routing.transfer, 'back in queue');
    const closed = await customer.request({ type: 'chat.close', contactId: chat.id });
    assert.deepEqual([closed.chat.state, closed.chat.endReason], ['abandoned', 'abandon']);
  });

  it('queue positions: only customers whose position moved hear, a burst of moves at most once a second', async () => {
    const customers: Awaited<ReturnType<typeof customerChat>>[] = [];
    for (const name of ['A', 'B', 'C', 'D', 'E']) {
      const customer = await customerChat(server, 'default', name); // nobody is logged in: they all wait
      track(customer.conn);
      customers.push(customer);
    }
    const positions = (i: number) => customers[i].log.filter((e) => e.topic === 'queue.update').map((e) => e.data.queuePosition);
    await customers[4].log.waitFor('queue.update');
    await customers[2].conn.request({ type: 'chat.close', contactId: customers[2].chat.id });
    await customers[4].log.waitFor('queue.update', (d) => d.queuePosition === 4);
    await customers[0].conn.request({ type: 'chat.close', contactId: customers[0].chat.id });
    await customers[1].conn.request({ type: 'chat.close', contactId: customers[1].chat.id });
    await customers[4].log.waitFor('queue.update', (d) => d.queuePosition === 2, 3_000);
    assert.deepEqual(positions(3), [4, 3, 1], 'D: one notice for the first move, one for the burst after it');
    assert.deepEqual(positions(4), [5, 4, 2]);
    assert.deepEqual(positions(0), [1], 'A, ahead of the first move, heard nothing more');
  });

  it('after a missed offer and Resume, the only agent able to take the chat is offered it again', async () => {
    const alice = track(await agentSession(server, 'alice'));
    const first = nextEvent(alice, 'contact.offered');
    const { conn, chat } = await customerChat(server);
    track(conn);
    await first;
    await nextEvent(alice, 'agent.state', (d: any) => d.forcedPause, 3_000);
    const again = nextEvent(alice, 'contact.offered', (d: any) => d.contact.id === chat.id, 2_000);
    await alice.request({ type: 'agent.setState', state: 'ONLINE' });
    await again;
  });
});
