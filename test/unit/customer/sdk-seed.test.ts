/**
 * Seed 001's names in the customer SDK against a real server: sendMessage's onCreate,
 * readMessage by message id, close(extraData), hasOtherUsers, importHistory, init's config and
 * historyWatch, and user:joined / user:left with mode, sender and transfer.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import WebSocket from 'ws';
import '../../helpers/lazy-bundles.ts';
import { createChat, type ChatMessage, type CustomerChat, type CustomerChatEvents } from '../../../customer/index.ts';
import { MAX_IMPORTED_ENTRIES, type WireConnection } from '../../../protocol/index.ts';
import { agentSession, nextEvent, routingConfig, startTestServer } from '../../helpers/server.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const customerOf = (server: Server) =>
  createChat({ server: `http://127.0.0.1:${server.port}`, storage: null, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, nextRetryDelayMs: () => 30 });

/** The SDK's events of one kind, as they come. */
function collect<K extends keyof CustomerChatEvents>(chat: CustomerChat, name: K): Parameters<CustomerChatEvents[K]>[0][] {
  const seen: Parameters<CustomerChatEvents[K]>[0][] = [];
  chat.on(name, ((event: Parameters<CustomerChatEvents[K]>[0]) => seen.push(event)) as CustomerChatEvents[K]);
  return seen;
}

const until = async (check: () => boolean, what: string, timeoutMs = 5_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const rejectsWith = (promise: Promise<unknown>, name: string, message?: RegExp) =>
  assert.rejects(promise, (err: Error) => err.name === name && (!message || message.test(err.message)));

describe('customer SDK: seed 001 names', () => {
  let server: Server;
  const closers: { close(): void }[] = [];
  const track = <T extends WireConnection>(conn: T) => (closers.push(conn), conn);
  beforeEach(async () => {
    server = await startTestServer(routingConfig({ customerAssign: { maxAttempts: 4, minTimeoutSeconds: 0.3, maxTimeoutSeconds: 2 } }));
  });
  afterEach(async () => {
    closers.splice(0).forEach((c) => c.close());
    await server.close();
  });

  /** A customer whose chat `agent` took. */
  async function accepted(agent: WireConnection, name = 'Nora') {
    const customer = customerOf(server);
    closers.push({ close: () => customer.disconnect() });
    const offered = nextEvent(agent, 'contact.offered');
    const chat = await customer.init({ room: 'default', name });
    await offered;
    await agent.request({ type: 'contact.accept', contactId: chat.id });
    await until(() => customer.getChat()?.state === 'delivered', 'the chat delivered');
    return { customer, chat };
  }

  it('sendMessage calls onCreate with the stored message; readMessage takes a message id', async () => {
    const alice = track(await agentSession(server, 'alice'));
    const { customer, chat } = await accepted(alice);
    const created: ChatMessage[] = [];
    const sent = await customer.sendMessage('hello', (m) => created.push(m));
    assert.deepEqual(created, [sent]);
    assert.equal(sent.sequence, 1);

    const first = await alice.request({ type: 'chat.send', contactId: chat.id, text: 'one' });
    const second = await alice.request({ type: 'chat.send', contactId: chat.id, text: 'two' });
    await alice.request({ type: 'chat.send', contactId: chat.id, text: 'note to self', private: true });
    const receipt = nextEvent(alice, 'chat.receipt');
    assert.deepEqual(await customer.readMessage(first.id), { upTo: first.sequence, unread: 1 });
    assert.equal((await receipt).upTo, first.sequence);
    assert.deepEqual(await customer.readMessage(second.id), { upTo: second.sequence, unread: 0 });
    // Never backwards; an unknown id, or one of a private message, is not found.
    assert.deepEqual(await customer.readMessage(first.id), { upTo: second.sequence, unread: 0 });
    await rejectsWith(customer.readMessage('no-such-message'), 'not_found');
    const privateId = (await alice.request({ type: 'chat.history', contactId: chat.id })).messages.find((m) => m.private)!.id;
    await rejectsWith(customer.readMessage(privateId), 'not_found');
  });

  it('hasOtherUsers: an agent is in the chat (not while queued, transferred or after close); user:joined and user:left say who and how', async () => {
    await server.close();
    const base = routingConfig();
    server = await startTestServer({ ...base, queues: base.queues.map((q) => ({ ...q, assignTimeout: 10 })) }); // a transfer that rings long enough
    const alice = track(await agentSession(server, 'alice'));
    const bob = track(await agentSession(server, 'bob', 'AWAY'));
    const customer = customerOf(server);
    closers.push({ close: () => customer.disconnect() });
    const joined = collect(customer, 'user:joined');
    const left = collect(customer, 'user:left');
    const closed = collect(customer, 'chat:closed');
    const offered = nextEvent(alice, 'contact.offered');
    const chat = await customer.init({ room: 'default', name: 'Nora' });
    assert.equal(customer.hasOtherUsers(), false, 'queued: nobody else');
    await offered;
    await alice.request({ type: 'contact.accept', contactId: chat.id });
    await until(() => joined.length === 1, 'user:joined');
    assert.equal(customer.hasOtherUsers(), true);
    assert.deepEqual(
      { user: joined[0]!.user.id, mode: joined[0]!.mode, sender: joined[0]!.sender, transfer: joined[0]!.transfer, chatId: joined[0]!.chatId, state: joined[0]!.chat?.state },
      { user: 'alice', mode: '', sender: 'alice', transfer: false, chatId: chat.id, state: 'delivered' },
    );

    // A transfer to bob (away for now) while another customer waits in the queue: nobody is with
    // the customer meanwhile, and they are told where the chat goes, not a place in the queue.
    await alice.request({ type: 'agent.setState', state: 'AWAY' });
    const other = customerOf(server);
    closers.push({ close: () => other.disconnect() });
    await other.init({ room: 'default', name: 'Olga' });
    const positions = collect(customer, 'queue:update');
    await alice.request({ type: 'contact.transfer', contactId: chat.id, toAgent: 'bob' });
    await until(() => customer.getChat()?.state === 'queued', 'the transfer under way');
    assert.equal(customer.hasOtherUsers(), false, 'being transferred');
    assert.deepEqual(customer.getChat()?.transfer, { from: { id: 'alice', name: 'Alice Rossi' }, to: { id: 'bob', name: 'Bob Garcia' } });
    await new Promise((r) => setTimeout(r, 1_500)); // positions are told every second
    assert.deepEqual(positions, [], 'no queue position while transferred');
    const bobOffered = nextEvent(bob, 'contact.offered', (d: any) => d.contact.id === chat.id);
    await bob.request({ type: 'agent.setState', state: 'ONLINE' });
    await bobOffered;
    await bob.request({ type: 'contact.accept', contactId: chat.id });
    await until(() => joined.length === 2, 'bob joined');
    assert.deepEqual([left[0]!.userId, left[0]!.reason, left[0]!.chatId], ['alice', 'transfer', chat.id]);
    assert.deepEqual([joined[1]!.user.id, joined[1]!.transfer, joined[1]!.sender, joined[1]!.mode], ['bob', true, 'alice', '']);
    assert.equal(customer.getChat()?.transfer, null);
    assert.equal(customer.hasOtherUsers(), true);

    // Bob ends it: he left, the chat closed by him, and nobody is in it any more.
    await bob.request({ type: 'contact.end', contactId: chat.id });
    await until(() => closed.length === 1, 'chat:closed');
    assert.deepEqual([left[1]!.userId, left[1]!.reason], ['bob', 'ended']);
    assert.deepEqual([closed[0]!.chatId, closed[0]!.userId, closed[0]!.by], [chat.id, 'bob', 'agent']);
    assert.equal(customer.hasOtherUsers(), false);
  });

  it('user:left when the agent’s connection is lost, and for a conference agent who leaves', async () => {
    await server.close();
    server = await startTestServer(routingConfig({ presenceGraceSeconds: 0.3 }));
    const alice = track(await agentSession(server, 'alice'));
    const bob = track(await agentSession(server, 'bob', 'AWAY'));
    const { customer, chat } = await accepted(alice);
    const joined = collect(customer, 'user:joined');
    const left = collect(customer, 'user:left');
    await alice.request({ type: 'contact.invite', contactId: chat.id, agentId: 'bob' });
    await bob.request({ type: 'contact.accept', contactId: chat.id });
    await until(() => joined.length === 1, 'bob joined the conference');
    assert.deepEqual([joined[0]!.user.id, joined[0]!.sender, joined[0]!.transfer], ['bob', 'alice', false]);
    await bob.request({ type: 'contact.removeParticipant', contactId: chat.id, agentId: 'bob' });
    await until(() => left.length === 1, 'bob left');
    assert.deepEqual([left[0]!.userId, left[0]!.reason], ['bob', 'removed']);

    alice.close();
    await until(() => left.length === 2, 'alice gone', 5_000);
    assert.deepEqual([left[1]!.userId, left[1]!.reason], ['alice', 'disconnected']);
    assert.equal(customer.hasOtherUsers(), false);
  });

  it('close(extraData) stores the data with the close for the agents and resolves the server’s success', async () => {
    const alice = track(await agentSession(server, 'alice'));
    const { customer, chat } = await accepted(alice);
    await rejectsWith(customer.close({ note: 'x'.repeat(2_001) }), 'bad_request', /extraData is over 2000 characters/);
    assert.equal(customer.getChat()?.state, 'delivered', 'a refused close closes nothing');
    const updated = nextEvent(alice, 'contact.updated', (d: any) => d.contact.state === 'wrap_up');
    assert.deepEqual(await customer.close({ reason: 'solved', page: '/checkout' }), { success: true });
    assert.equal(customer.getChat()?.state, 'wrap_up');
    assert.deepEqual((await updated).contact.closeData, { reason: 'solved', page: '/checkout' });
    const { contacts } = await alice.request({ type: 'agent.snapshot' });
    assert.deepEqual(contacts.find((c) => c.id === chat.id)?.closeData, { reason: 'solved', page: '/checkout' });
    // Closed already: the server says so, and stores nothing more.
    assert.deepEqual(await customer.close({ again: true }), { success: false });
    assert.deepEqual(server.contacts.get(chat.id).routing.closeData, { reason: 'solved', page: '/checkout' });
  });

  it('importHistory stores entries before the live messages, the agent reads them, and it is bounded', async () => {
    const alice = track(await agentSession(server, 'alice'));
    const { customer, chat } = await accepted(alice);
    await customer.sendMessage('a live question');
    const agentSaw: ChatMessage[] = [];
    alice.events.on('event', (e) => e.topic === 'chat.message' && agentSaw.push((e.data as { message: ChatMessage }).message));
    const t0 = Date.now() - 10 * 60_000;
    const history = await customer.importHistory([
      { from: 'customer', text: 'where is my order?', createdAt: t0 },
      { from: 'bot', name: 'Shop bot', text: 'Let me find an agent for you', createdAt: t0 + 1_000 },
    ]);
    assert.deepEqual(
      history.map((m) => [m.text, m.content?.kind === 'imported' ? m.content.from : m.from.kind, m.from.name]),
      [
        ['where is my order?', 'customer', 'Nora'],
        ['Let me find an agent for you', 'bot', 'Shop bot'],
        ['a live question', 'customer', 'Nora'],
      ],
    );
    assert.equal(history[0]!.createdAt, t0, 'an entry keeps its own time');
    await until(() => agentSaw.filter((m) => m.content?.kind === 'imported').length === 2, 'the agent told of the entries');
    const agentHistory = await alice.request({ type: 'chat.history', contactId: chat.id });
    assert.equal(agentHistory.messages.filter((m) => m.content?.kind === 'imported').length, 2);
    // An imported customer line is not an unanswered question: the time to respond is the live one's.
    const view = (await alice.request({ type: 'agent.snapshot' })).contacts.find((c) => c.id === chat.id)!;
    assert.ok(view.ttr!.effective! > Date.now() + 50 * 60_000, 'the imported lines do not make the chat overdue');

    // Validated and bounded.
    await rejectsWith(customer.importHistory([{ from: 'bot', text: 'x'.repeat(8_001), createdAt: t0 }]), 'too_large', /8000/);
    await rejectsWith(customer.importHistory([{ from: 'bot', text: 'later', createdAt: Date.now() + 3_600_000 }]), 'invalid_args', /future/);
    await rejectsWith(customer.importHistory([{ from: 'robot' as 'bot', text: 'hi', createdAt: t0 }]), 'bad_request');
    const many = Array.from({ length: MAX_IMPORTED_ENTRIES - 1 }, (_, i) => ({ from: 'bot' as const, text: `line ${i}`, createdAt: t0 }));
    await rejectsWith(customer.importHistory(many), 'too_large', /at most 100 imported entries; it has 2, 99 more/);
    await customer.importHistory(many.slice(0, MAX_IMPORTED_ENTRIES - 2));
    await rejectsWith(customer.importHistory([{ from: 'bot', text: 'one too many', createdAt: t0 }]), 'too_large');
    // Imported entries come only through chat.import: chat.post does not take them.
    await rejectsWith(alice.request({ type: 'chat.post', contactId: chat.id, content: { kind: 'imported', from: 'bot' } as never }), 'bad_request');
    await customer.close();
    await rejectsWith(customer.importHistory([{ from: 'bot', text: 'after', createdAt: t0 }]), 'not_suitable_state');
  });

  it('init config: the chat’s own offer timeout and attempts, within the server’s limits; historyWatch lets the customer hear of watchers', async () => {
    const alice = track(await agentSession(server, 'alice'));
    const customer = customerOf(server);
    closers.push({ close: () => customer.disconnect() });
    // The room's offers wait 0.4 s; this chat's wait 1.5 s.
    const offered = nextEvent(alice, 'contact.offered');
    const chat = await customer.init({ room: 'default', name: 'Nora' }, { assignTimeout: 1.5, assignMaxAttempts: 2 }, true);
    const offer = (await offered).contact;
    const waits = offer.offerExpiresAt! - Date.now();
    assert.ok(waits > 900 && waits <= 1_500, `the offer waits the chat's 1.5 s (${waits} ms left)`);
    assert.deepEqual(server.contacts.get(chat.id).routing.assign, { maxAttempts: 2, timeoutSeconds: 1.5 });
    assert.equal(server.contacts.get(chat.id).routing.historyWatch, true);

    // Beyond the server's limits they are brought within them (4 attempts, 0.3 to 2 s).
    const greedy = customerOf(server);
    closers.push({ close: () => greedy.disconnect() });
    const far = await greedy.init({ room: 'default', name: 'Olga' }, { assignTimeout: 3_600, assignMaxAttempts: 1_000 });
    assert.deepEqual(server.contacts.get(far.id).routing.assign, { maxAttempts: 4, timeoutSeconds: 2 });
    assert.equal(server.contacts.get(far.id).routing.historyWatch, undefined);
    await rejectsWith(greedy.init({ room: 'default' }, { assignTimeout: -1 }), 'bad_request', /assignTimeout/);

    // A supervisor who watches is told only to the chat that asked for historyWatch, and so is the watch's end.
    const watched = collect(customer, 'user:joined');
    const unwatched = collect(greedy, 'user:joined');
    const watchLeft = collect(customer, 'user:left');
    const sam = track(await agentSession(server, 'sam', 'AWAY'));
    for (const id of [chat.id, far.id]) await sam.request({ type: 'supervisor.watch', contactId: id });
    await until(() => watched.length === 1, 'the watcher told');
    assert.deepEqual([watched[0]!.user.id, watched[0]!.mode, watched[0]!.sender, watched[0]!.transfer], ['sam', 'watch', 'sam', false]);
    await sam.request({ type: 'supervisor.unwatch', contactId: chat.id });
    await until(() => watchLeft.length === 1, 'the watch’s end told');
    assert.deepEqual([watchLeft[0]!.userId, watchLeft[0]!.reason], ['sam', 'watch']);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(unwatched.length, 0, 'a chat without historyWatch hears nothing of watchers');
  });
});
