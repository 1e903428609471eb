/** Presence: an agent or a customer whose connections are gone past the grace period has left. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { WebSocket as WsSocket } from 'ws';
import { acceptedChat, agentSession, connect, customerChat, nextEvent, record, startTestServer, testConfig } from '../../helpers/server.ts';

type Running = Awaited<ReturnType<typeof startTestServer>>;
let server: Running | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const start = async (presenceGraceSeconds: number, heartbeatSeconds = 15) =>
  (server = await startTestServer(testConfig({ presenceGraceSeconds, heartbeatSeconds })));

describe('presence', () => {
  it('an agent gone past the grace period goes OFFLINE; the chat goes back to the queue, the customer is told, no forced pause', async () => {
    const s = await start(0.3);
    const alice = await agentSession(s, 'alice');
    const customer = await acceptedChat(s, alice);
    const backToQueue = customer.log.waitFor('conversation.back-to-queue');
    alice.close();
    assert.equal((await backToQueue).reason, 'agent_disconnected');
    const contact = s.contacts.get(customer.chat.id);
    assert.equal(contact.state, 'queued');
    assert.equal(contact.agentId, null);
    const agent = [...(s.contacts.agents.all())].find((a) => a.id === 'alice')!;
    assert.equal(agent.state, 'OFFLINE');
    assert.equal(agent.forcedPause, false);
    // Another agent picks it up at once.
    const bob = await agentSession(s, 'bob');
    const offered = await nextEvent<any>(bob, 'contact.offered', (d) => d.contact.id === customer.chat.id).catch(async () => {
      // bob may have been offered it while going ONLINE, before the listener was set
      return { contact: s.contacts.get(customer.chat.id) };
    });
    assert.equal(offered.contact.id, customer.chat.id);
    bob.close();
    customer.conn.close();
  });

  it('an agent who comes back within the grace period keeps the chat', async () => {
    const s = await start(0.5);
    const alice = await agentSession(s, 'alice');
    const customer = await acceptedChat(s, alice);
    const token = alice.token!;
    const seq = alice.lastSeq;
    alice.close();
    await new Promise((r) => setTimeout(r, 200));
    const again = await connect(s);
    again.setSession(token, seq);
    await again.request({ type: 'resume', token, lastSeq: seq });
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(s.contacts.get(customer.chat.id).state, 'delivered');
    assert.equal(s.contacts.get(customer.chat.id).agentId, 'alice');
    assert.ok(!customer.log.some((e) => e.topic === 'conversation.back-to-queue'));
    again.close();
    customer.conn.close();
  });

  it('logging out with open chats puts them back in the queue', async () => {
    const s = await start(60);
    const alice = await agentSession(s, 'alice');
    const customer = await acceptedChat(s, alice);
    await alice.request({ type: 'agent.logout' });
    assert.equal((await customer.log.waitFor('conversation.back-to-queue')).reason, 'agent_disconnected');
    assert.equal(s.contacts.get(customer.chat.id).state, 'queued');
    alice.close();
    customer.conn.close();
  });

  it("a customer gone past the grace period has left: the agent gets `left` with reason timeout and the chat goes to wrap-up", async () => {
    const s = await start(0.3);
    const alice = await agentSession(s, 'alice');
    const agentLog = record(alice);
    const customer = await acceptedChat(s, alice);
    customer.conn.close();
    const left = await agentLog.waitFor('contact.left');
    assert.deepEqual(left, { id: customer.chat.id, reason: 'timeout', channels: { total: 1, vvcu: 0, user: 1 } });
    const contact = s.contacts.get(customer.chat.id);
    assert.equal(contact.state, 'wrap_up');
    assert.equal(contact.endReason, 'timeout');
    alice.close();
  });

  it('a customer who closes the chat: `left` with reason vvcu', async () => {
    const s = await start(60);
    const alice = await agentSession(s, 'alice');
    const agentLog = record(alice);
    const customer = await acceptedChat(s, alice);
    await customer.conn.request({ type: 'chat.close', contactId: customer.chat.id });
    const left = await agentLog.waitFor('contact.left');
    assert.equal(left.reason, 'vvcu');
    assert.equal(left.vvcu, s.contacts.get(customer.chat.id).customerId);
    alice.close();
    customer.conn.close();
  });

  it('a customer who reloads within the grace period is back in the same chat with its history', async () => {
    const s = await start(0.5);
    const alice = await agentSession(s, 'alice');
    const customer = await acceptedChat(s, alice);
    await customer.conn.request({ type: 'chat.send', contactId: customer.chat.id, text: 'before the reload' });
    const token = customer.conn.token!;
    customer.conn.close();
    const again = await connect(s);
    await again.request({ type: 'resume', token, lastSeq: 0 });
    const reloaded = await again.request({ type: 'chat.init', room: 'default', chatId: customer.chat.id });
    assert.equal(reloaded.contact.id, customer.chat.id);
    assert.deepEqual(reloaded.messages.map((m) => m.text), ['before the reload']);
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(s.contacts.get(customer.chat.id).state, 'delivered');
    again.close();
    alice.close();
  });

  it('the heartbeat closes a socket that stopped answering pings (half-open)', async () => {
    const s = await start(60, 0.1);
    const ws = new WsSocket(`ws://127.0.0.1:${s.port}/ws`, { autoPong: false });
    await new Promise((r) => ws.on('open', r));
    const t0 = Date.now();
    await new Promise((r) => ws.on('close', r));
    assert.ok(Date.now() - t0 < 2_000, 'closed within a few heartbeats');
    // A socket that answers pings stays.
    const live = await connect(s);
    await new Promise((r) => setTimeout(r, 400));
    await live.request({ type: 'chat.init', room: 'default' });
    live.close();
  });
});
