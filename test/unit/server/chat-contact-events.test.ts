/**
 * What the agent widget's contact facade (seed 000's agent contact) needs from the server: a text's
 * language, the idle flag in the agent's view, `left` with Vivocha's reasons and the channels still
 * in the contact, and history paged back to the first message by sequenceMax / maxQuantity, for a
 * transferred chat too.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MAX_HISTORY_QUANTITY, type ChatMessage, type WireConnection } from '../../../protocol/index.ts';
import { acceptedChat, agentSession, nextEvent, record, routingConfig, startTestServer, testConfig } from '../../helpers/server.ts';

describe('chat data for the agent contact', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const open: WireConnection[] = [];
  beforeEach(async () => (server = await startTestServer(routingConfig())));
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await server.close();
  });

  it("keeps a text's language (sendText(text, lang)) in the event, the history and the customer's copy, and refuses a malformed one", async () => {
    const alice = await agentSession(server, 'alice');
    const { conn: customer, chat } = await acceptedChat(server, alice);
    open.push(alice, customer);
    const atCustomer = nextEvent<{ message: ChatMessage }>(customer, 'chat.message', (d) => d.message.text === 'Buongiorno');
    const sent = await alice.request({ type: 'chat.send', contactId: chat.id, text: 'Buongiorno', clientMessageId: 'c-1', lang: 'it' });
    assert.equal(sent.lang, 'it');
    assert.equal((await atCustomer).message.lang, 'it');
    const { messages } = await customer.request({ type: 'chat.history', contactId: chat.id });
    assert.equal(messages.find((m) => m.id === sent.id)?.lang, 'it');
    const plain = await alice.request({ type: 'chat.send', contactId: chat.id, text: 'no language', clientMessageId: 'c-2' });
    assert.equal('lang' in plain, false);
    await assert.rejects(alice.request({ type: 'chat.send', contactId: chat.id, text: 'x', clientMessageId: 'c-3', lang: 'italiano' } as never), { name: 'bad_request' });
  });

  it('an agent who ends the chat is `left` with reason user to the other agents of the conversation', async () => {
    const alice = await agentSession(server, 'alice');
    const bob = await agentSession(server, 'bob', 'AWAY');
    const { conn: customer, chat } = await acceptedChat(server, alice);
    open.push(alice, bob, customer);
    const invited = nextEvent(bob, 'contact.offered', (d: any) => d.contact.id === chat.id);
    await alice.request({ type: 'contact.invite', contactId: chat.id, agentId: 'bob' });
    await invited;
    await bob.request({ type: 'contact.accept', contactId: chat.id });
    const bobLog = record(bob);
    await alice.request({ type: 'contact.end', contactId: chat.id });
    const left = await bobLog.waitFor('contact.left', (d) => d.id === chat.id);
    assert.deepEqual(left, { id: chat.id, reason: 'user', user: 'alice', channels: { total: 0, vvcu: 0, user: 0 } });
  });

  it('a customer who closes: `left` vvcu with the agents still in the contact', async () => {
    const alice = await agentSession(server, 'alice');
    const { conn: customer, chat } = await acceptedChat(server, alice);
    open.push(alice, customer);
    const log = record(alice);
    await customer.request({ type: 'chat.close', contactId: chat.id });
    const left = await log.waitFor('contact.left', (d) => d.id === chat.id);
    assert.deepEqual(left, { id: chat.id, reason: 'vvcu', vvcu: chat.customer.id, channels: { total: 1, vvcu: 0, user: 1 } });
  });

  it('pages the whole history of a transferred chat back to its first message, newest page first', async () => {
    const alice = await agentSession(server, 'alice');
    const bob = await agentSession(server, 'bob', 'AWAY');
    const { conn: customer, chat } = await acceptedChat(server, alice);
    open.push(alice, bob, customer);
    const total = 260;
    for (let i = 1; i <= total; i++) {
      const conn = i % 2 ? customer : alice;
      await conn.request({ type: 'chat.send', contactId: chat.id, text: `message ${i}`, clientMessageId: `m-${i}`, ...(i % 50 === 0 && conn === alice && { private: true }) });
    }
    await bob.request({ type: 'agent.setState', state: 'ONLINE' });
    const offered = nextEvent(bob, 'contact.offered', (d: any) => d.contact.id === chat.id);
    await alice.request({ type: 'contact.transfer', contactId: chat.id, toAgent: 'bob' });
    await offered;
    await bob.request({ type: 'contact.accept', contactId: chat.id });

    const pages: ChatMessage[][] = [];
    let before: number | undefined;
    for (;;) {
      const { messages } = await bob.request({ type: 'chat.history', contactId: chat.id, maxQuantity: 100, ...(before && { sequenceMax: before - 1 }) });
      pages.push(messages);
      if (messages.length < 100 || messages[0]!.sequence <= 1) break;
      before = messages[0]!.sequence;
    }
    assert.deepEqual(pages.map((p) => p.length), [100, 100, 60]);
    const all = pages.reverse().flat();
    assert.deepEqual(all.map((m) => m.sequence), Array.from({ length: total }, (_, i) => i + 1));
    assert.equal(all.filter((m) => m.private).length, 5, 'private notes are in the agent history');
    // The customer pages the same way, without the private notes.
    const { messages: customerPage } = await customer.request({ type: 'chat.history', contactId: chat.id, maxQuantity: 100, sequenceMax: 100 });
    assert.equal(customerPage.some((m) => m.private), false);
    assert.equal(customerPage.at(-1)!.sequence, 99, 'sequence 100 is private');
    await assert.rejects(bob.request({ type: 'chat.history', contactId: chat.id, maxQuantity: MAX_HISTORY_QUANTITY + 1 }), { name: 'bad_request' });
  });
});

describe('idle flag in the agent view', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeEach(async () => (server = await startTestServer(testConfig({ chatIdleSeconds: 0.3 }))));
  afterEach(() => server.close());

  it('shows idle in the contact view (a reloaded widget sees it) and clears it at the next message', async () => {
    const alice = await agentSession(server, 'alice');
    const { conn: customer, chat } = await acceptedChat(server, alice);
    const log = record(alice);
    await log.waitFor('contact.idle', (d) => d.id === chat.id && d.idle, 3_000);
    const idle = (await alice.request({ type: 'agent.snapshot' })).contacts.find((c) => c.id === chat.id)!;
    assert.equal(idle.idle, true);
    const active = nextEvent(alice, 'contact.updated', (d: any) => d.contact.id === chat.id && d.contact.idle === false);
    await customer.request({ type: 'chat.send', contactId: chat.id, text: 'back', clientMessageId: 'b-1' });
    await active;
    alice.close();
    customer.close();
  });
});
