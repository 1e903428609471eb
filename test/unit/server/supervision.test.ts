/**
 * Supervisors against a real server: the live feed (snapshot, pushed rows, coalesced under a
 * burst, only to supervisors), watching a chat (history with private notes, live messages, bound,
 * end), whispering (the agent gets it, the customer never does), intervening (the customer hears
 * chat.intervened and the supervisor writes to them) and an ordinary agent refused each of them.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FEED_FLUSH_MS, MAX_WATCHED_CHATS, type FeedAgent, type SupervisorFeed, type WireConnection } from '../../../protocol/index.ts';
import { acceptedChat, agentSession, connect, customerChat, record, routingConfig, startTestServer } from '../../helpers/server.ts';
import { withCheapPasswords } from '../../helpers/test-agents.mjs';

const SAM = withCheapPasswords([{ id: 'sam', username: 'sam', name: 'Sam Supervisor', nickname: 'Sam', skills: ['nobody'], capacity: 1, role: 'supervisor' as const }]);

/** Every unstored signal of a connection, by topic. */
function signals(conn: WireConnection) {
  const seen: { topic: string; data: any }[] = [];
  conn.events.on('signal', (e) => seen.push(e as { topic: string; data: any }));
  return {
    seen,
    of: (topic: string) => seen.filter((e) => e.topic === topic).map((e) => e.data),
    async waitFor(topic: string, where: (data: any) => boolean = () => true, timeoutMs = 5_000): Promise<any> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = seen.find((e) => e.topic === topic && where(e.data));
        if (found) return found.data;
        if (Date.now() > until) throw new Error(`no ${topic} signal within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

const refusal = (promise: Promise<unknown>) => promise.then(() => 'ok', (err) => err.name as string);
const agentRow = (feed: SupervisorFeed, id: string) => feed.agents.find((a) => a.id === id) as FeedAgent;

describe('supervisors', () => {
  const servers: Awaited<ReturnType<typeof startTestServer>>[] = [];
  const conns: WireConnection[] = [];
  after(async () => {
    for (const c of conns) c.close();
    for (const s of servers) await s.close();
  });
  /** Short timers for routing, but a customer in `brief` (which nobody can serve) waits as long as the test needs. */
  const supervisedConfig = () => {
    const config = routingConfig();
    return { ...config, queues: config.queues.map((q) => (q.id === 'brief' ? { ...q, maxWaitSeconds: 600 } : q)) };
  };
  async function setup(config = supervisedConfig()) {
    const server = await startTestServer({ ...config, agents: [...config.agents.filter((a) => a.id !== 'sam'), ...SAM] });
    servers.push(server);
    const sam = await agentSession(server, 'sam', 'AWAY');
    const alice = await agentSession(server, 'alice');
    const carol = await agentSession(server, 'carol', 'AWAY');
    conns.push(sam, alice, carol);
    return { server, sam, alice, carol };
  }

  it('feed: a snapshot of every agent and queue, then the rows that change, to supervisors only', async () => {
    const { server, sam, alice, carol } = await setup();
    const samSignals = signals(sam);
    const carolSignals = signals(carol);
    assert.equal(await refusal(carol.request({ type: 'supervisor.subscribe' })), 'forbidden', 'an ordinary agent is refused the feed');
    const feed = await sam.request({ type: 'supervisor.subscribe' });
    assert.deepEqual(feed.agents.map((a) => a.id).sort(), ['alice', 'bob', 'carol', 'sam']);
    assert.equal(agentRow(feed, 'alice').hostState, 'ready');
    assert.equal(agentRow(feed, 'carol').hostState, 'not_ready');
    assert.equal(agentRow(feed, 'carol').notReadyReason, 'Away');
    assert.equal(agentRow(feed, 'sam').role, 'supervisor');
    assert.ok(Math.abs(feed.at - Date.now()) < 5_000);
    assert.deepEqual(feed.queues.find((q) => q.id === 'brief'), { id: 'brief', name: 'Brief', waiting: 0, oldestSince: null });

    // A customer waits where nobody can take them: the queue's row says so.
    const waiting = await customerChat(server, 'brief', 'Wanda');
    conns.push(waiting.conn);
    const queueRow = await samSignals.waitFor('supervisor.feed', (d: SupervisorFeed) => d.queues.some((q) => q.id === 'brief' && q.waiting === 1));
    const brief = queueRow.queues.find((q: { id: string }) => q.id === 'brief');
    assert.ok(brief.oldestSince <= Date.now() && brief.oldestSince >= waiting.chat.createdAt - 1, 'the longest wait starts when the chat queued');

    // Alice takes a chat: her row shows it, and the state her CRM sees.
    const customer = await acceptedChat(server, alice, 'default', 'Carla');
    conns.push(customer.conn);
    const busy = await samSignals.waitFor('supervisor.feed', (d: SupervisorFeed) => d.agents.some((a) => a.id === 'alice' && a.chats.length === 1));
    const row = busy.agents.find((a: FeedAgent) => a.id === 'alice');
    assert.equal(row.hostState, 'busy');
    assert.deepEqual(
      { ...row.chats[0], since: typeof row.chats[0].since },
      { id: customer.chat.id, type: 'chat', state: 'delivered', customer: 'Carla', queue: 'Customer Service', since: 'number', call: false },
    );
    assert.ok(row.since >= customer.chat.createdAt - 1, 'time in state counts from when she became busy');
    assert.equal(carolSignals.of('supervisor.feed').length, 0, 'an ordinary agent never gets the feed');

    // Unsubscribed, the connection gets no more rows.
    await sam.request({ type: 'supervisor.unsubscribe' });
    const before = samSignals.of('supervisor.feed').length;
    await alice.request({ type: 'agent.setState', state: 'BACK_SOON' });
    await new Promise((r) => setTimeout(r, FEED_FLUSH_MS * 2.5));
    assert.equal(samSignals.of('supervisor.feed').length, before);
  });

  it('feed: a burst of changes is coalesced into a few frames carrying the latest rows', async () => {
    const { sam, alice } = await setup();
    const samSignals = signals(sam);
    await sam.request({ type: 'supervisor.subscribe' });
    for (let i = 0; i < 60; i++) await alice.request({ type: 'agent.setState', state: i % 2 ? 'ONLINE' : 'AWAY' });
    await alice.request({ type: 'agent.setState', state: 'BACK_SOON' });
    const last = await samSignals.waitFor('supervisor.feed', (d: SupervisorFeed) => d.agents.some((a) => a.id === 'alice' && a.state === 'BACK_SOON'), 5_000);
    await new Promise((r) => setTimeout(r, FEED_FLUSH_MS * 2.5));
    const frames = samSignals.of('supervisor.feed');
    // 61 changes: one frame per FEED_FLUSH_MS at most, the burst took far less than 61 of them.
    assert.ok(frames.length <= 6, `61 changes made ${frames.length} frames`);
    assert.equal(last.agents.find((a: FeedAgent) => a.id === 'alice').notReadyReason, 'Back soon');
    assert.equal(frames.filter((f) => f.agents.some((a: FeedAgent) => a.id === 'alice')).at(-1).agents.find((a: FeedAgent) => a.id === 'alice').state, 'BACK_SOON', 'the last frame holds the last state');
  });

  it('feed: a connection that logs out or closes gets no more of it', async () => {
    const { server, sam, alice } = await setup();
    const samSignals = signals(sam);
    await sam.request({ type: 'supervisor.subscribe' });
    await sam.request({ type: 'agent.logout' });
    await alice.request({ type: 'agent.setState', state: 'AWAY' });
    await new Promise((r) => setTimeout(r, FEED_FLUSH_MS * 2.5));
    assert.equal(samSignals.of('supervisor.feed').length, 0, 'logged out: no rows');
    assert.equal(server.supervision.feed.subscriberCount, 0, 'the logged-out connection left the feed at its next frame');
    const again = await agentSession(server, 'sam', 'AWAY');
    await again.request({ type: 'supervisor.subscribe' });
    assert.equal(server.supervision.feed.subscriberCount, 1);
    again.close();
    const until = Date.now() + 5_000;
    while (server.supervision.feed.subscriberCount > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    assert.equal(server.supervision.feed.subscriberCount, 0, 'a closed connection leaves the feed');
  });

  it('watch: history with private notes, live messages after, silent to the customer and the agent; unwatch stops it', async () => {
    const { server, sam, alice, carol } = await setup();
    const customer = await acceptedChat(server, alice, 'default', 'Carla');
    conns.push(customer.conn);
    const aliceLog = record(alice);
    await customer.conn.request({ type: 'chat.send', contactId: customer.chat.id, text: 'my order is late' });
    await alice.request({ type: 'chat.send', contactId: customer.chat.id, text: 'checking with the warehouse', private: true });
    assert.equal(await refusal(carol.request({ type: 'supervisor.watch', contactId: customer.chat.id })), 'forbidden', 'an ordinary agent is refused a watch');

    const samLog = record(sam);
    const samSignals = signals(sam);
    const told = { customer: customer.log.length, alice: aliceLog.length };
    const watched = await sam.request({ type: 'supervisor.watch', contactId: customer.chat.id });
    assert.deepEqual(watched.messages.map((m) => [m.text, !!m.private]), [['my order is late', false], ['checking with the warehouse', true]]);
    assert.deepEqual(watched.watching, [customer.chat.id]);
    assert.equal(watched.contact.customer.name, 'Carla');
    assert.equal(watched.contact.agent?.id, 'alice');
    const state = await samLog.waitFor('agent.state', (d) => d.watching.length === 1);
    assert.deepEqual(state.watching, [customer.chat.id]);
    assert.deepEqual((await sam.request({ type: 'agent.snapshot' })).agent.watching, [customer.chat.id], 'the watch is the supervisor\'s: a reload keeps it');
    assert.deepEqual((await sam.request({ type: 'supervisor.watch', contactId: customer.chat.id })).watching, [customer.chat.id], 'watching again changes nothing');
    // The history reads the same for a supervisor.
    assert.equal((await sam.request({ type: 'chat.history', contactId: customer.chat.id })).messages.length, 2);

    await customer.conn.request({ type: 'chat.send', contactId: customer.chat.id, text: 'any news?' });
    await alice.request({ type: 'chat.send', contactId: customer.chat.id, text: 'asking the carrier', private: true });
    await samSignals.waitFor('watch.message', (d) => d.message.text === 'asking the carrier');
    assert.deepEqual(
      samSignals.of('watch.message').map((d) => d.message.text),
      ['any news?', 'asking the carrier'],
    );
    // Silent: neither the customer nor alice hears of the watch.
    const since = [...customer.log.slice(told.customer), ...aliceLog.slice(told.alice)];
    assert.deepEqual(since.map((e) => e.topic), ['chat.message', 'chat.message', 'chat.message'], 'the watch is told to nobody: they see only the messages');
    assert.ok(!JSON.stringify(customer.log).includes('"sam"'), 'nothing of sam reaches the customer');

    const stopped = await sam.request({ type: 'supervisor.unwatch', contactId: customer.chat.id });
    assert.deepEqual(stopped.watching, []);
    await samLog.waitFor('agent.state', (d) => d.watching.length === 0);
    await customer.conn.request({ type: 'chat.send', contactId: customer.chat.id, text: 'hello?' });
    await aliceLog.waitFor('chat.message', (d) => d.message.text === 'hello?');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(samSignals.of('watch.message').length, 2, 'no more messages once unwatched');
  });

  it(`watch: at most ${MAX_WATCHED_CHATS} chats; a watch ends with its chat`, async () => {
    const { server, sam, alice } = await setup();
    const chats = [];
    for (let i = 0; i < MAX_WATCHED_CHATS + 1; i++) {
      const c = await customerChat(server, 'brief', `Waiting ${i}`);
      conns.push(c.conn);
      chats.push(c);
    }
    for (const c of chats.slice(0, MAX_WATCHED_CHATS)) await sam.request({ type: 'supervisor.watch', contactId: c.chat.id });
    assert.equal(await refusal(sam.request({ type: 'supervisor.watch', contactId: chats.at(-1)!.chat.id })), 'not_suitable_state');
    const samLog = record(sam);
    // A watched chat that ends (its customer leaves the queue) is no longer watched.
    await chats[0].conn.request({ type: 'chat.close', contactId: chats[0].chat.id });
    const state = await samLog.waitFor('agent.state', (d) => d.watching.length === MAX_WATCHED_CHATS - 1);
    assert.ok(!state.watching.includes(chats[0].chat.id));
    // So does one that goes to wrap-up.
    const talking = await acceptedChat(server, alice, 'default', 'Ted');
    conns.push(talking.conn);
    await sam.request({ type: 'supervisor.unwatch', contactId: chats[1].chat.id });
    await sam.request({ type: 'supervisor.watch', contactId: talking.chat.id });
    await alice.request({ type: 'contact.end', contactId: talking.chat.id });
    await samLog.waitFor('agent.state', (d) => !d.watching.includes(talking.chat.id) && d.watching.length === MAX_WATCHED_CHATS - 2);
    assert.equal(await refusal(sam.request({ type: 'supervisor.watch', contactId: talking.chat.id })), 'not_suitable_state', 'a chat in wrap-up is not watched');
  });

  it('whisper: the agent gets a private message from the supervisor, the customer never does', async () => {
    const { server, sam, alice, carol } = await setup();
    const customer = await acceptedChat(server, alice, 'default', 'Carla');
    conns.push(customer.conn);
    const aliceLog = record(alice);
    assert.equal(await refusal(carol.request({ type: 'supervisor.whisper', contactId: customer.chat.id, text: 'psst' })), 'forbidden', 'an ordinary agent cannot whisper');
    assert.equal(await refusal(alice.request({ type: 'supervisor.whisper', contactId: customer.chat.id, text: 'psst' })), 'forbidden', 'nor the chat\'s own agent');
    const whisper = await sam.request({ type: 'supervisor.whisper', contactId: customer.chat.id, text: 'offer the 10% voucher', clientMessageId: 'w-1' });
    assert.equal(whisper.private, true);
    assert.deepEqual(whisper.from, { kind: 'agent', id: 'sam', name: 'Sam' });
    const got = await aliceLog.waitFor('chat.message', (d) => d.message.text === 'offer the 10% voucher');
    assert.equal(got.message.private, true);
    const again = await sam.request({ type: 'supervisor.whisper', contactId: customer.chat.id, text: 'offer the 10% voucher', clientMessageId: 'w-1' });
    assert.equal(again.id, whisper.id, 'a retried whisper is stored once');
    await customer.conn.request({ type: 'chat.send', contactId: customer.chat.id, text: 'still there?' });
    await aliceLog.waitFor('chat.message', (d) => d.message.text === 'still there?');
    assert.ok(!JSON.stringify(customer.log).includes('voucher'), 'the customer never receives the whisper');
    const history = await customer.conn.request({ type: 'chat.history', contactId: customer.chat.id });
    assert.deepEqual(history.messages.map((m) => m.text), ['still there?']);
    assert.equal(await refusal(sam.request({ type: 'supervisor.whisper', contactId: customer.chat.id, text: 'x'.repeat(8_001) })), 'too_large');
  });

  it('intervene: the supervisor joins and writes; the customer hears chat.intervened, the agent too', async () => {
    const { server, sam, alice, carol } = await setup();
    const customer = await acceptedChat(server, alice, 'default', 'Carla');
    conns.push(customer.conn);
    const aliceLog = record(alice);
    const samLog = record(sam);
    await sam.request({ type: 'supervisor.watch', contactId: customer.chat.id });
    assert.equal(await refusal(carol.request({ type: 'supervisor.intervene', contactId: customer.chat.id })), 'forbidden', 'an ordinary agent cannot intervene');
    const joined = await sam.request({ type: 'supervisor.intervene', contactId: customer.chat.id });
    assert.equal(joined.list, 'assigned', 'the chat is one of the supervisor\'s now');
    const told = await customer.log.waitFor('chat.intervened');
    assert.deepEqual(told.interventor, { id: 'sam', name: 'Sam Supervisor', nickname: 'Sam' });
    assert.equal(told.chat.id, customer.chat.id);
    assert.equal(told.chat.agent.id, 'alice', 'the customer\'s own view of their chat');
    await customer.log.waitFor('conversation.participant-added', (d) => d.participant.id === 'sam');
    const topics = customer.log.map((e) => e.topic);
    assert.ok(topics.indexOf('chat.intervened') < topics.indexOf('conversation.participant-added'), 'the intervention is told before the join');
    const aliceTold = await aliceLog.waitFor('chat.intervened');
    assert.equal(aliceTold.interventor.id, 'sam');
    assert.equal(aliceTold.chat, undefined, 'agents get no customer view');
    await samLog.waitFor('agent.state', (d) => d.watching.length === 0); // joined: no longer only watching
    await sam.request({ type: 'chat.send', contactId: customer.chat.id, text: 'Hello Carla, I am Sam, the team lead.' });
    const message = await customer.log.waitFor('chat.message', (d) => d.message.text.startsWith('Hello Carla'));
    assert.equal(message.message.from.name, 'Sam');
    assert.equal(await refusal(sam.request({ type: 'supervisor.intervene', contactId: customer.chat.id })), 'forbidden', 'once in, the supervisor is one of its agents');
    // The supervisor leaves; the chat stays alice's.
    await sam.request({ type: 'contact.removeParticipant', contactId: customer.chat.id, agentId: 'sam' });
    await customer.log.waitFor('conversation.participant-removed', (d) => d.participant.id === 'sam');
  });

  it('a supervisor offline for routing who disconnects past the grace period stops watching', async () => {
    const { server, sam, alice } = await setup({ ...supervisedConfig(), presenceGraceSeconds: 0.3 });
    const customer = await acceptedChat(server, alice, 'default', 'Carla');
    conns.push(customer.conn);
    await sam.request({ type: 'agent.setState', state: 'OFFLINE' }); // not routable: only supervising
    await sam.request({ type: 'supervisor.watch', contactId: customer.chat.id });
    const watching = () => server.store.listAgents().find((a) => a.id === 'sam')?.watching;
    assert.deepEqual(watching(), [customer.chat.id]);
    sam.close();
    const until = Date.now() + 5_000;
    while (watching()?.length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(watching(), [], 'gone: no watch left behind');
  });

  it('a supervisor who goes stops watching; watches outlive a restart', async () => {
    const config = supervisedConfig();
    const { server, sam, alice } = await setup(config);
    const customer = await acceptedChat(server, alice, 'default', 'Carla');
    conns.push(customer.conn);
    const samLogin = await sam.request({ type: 'agent.snapshot' });
    await sam.request({ type: 'supervisor.watch', contactId: customer.chat.id });
    const token = sam.token!;
    sam.close();
    alice.close();
    customer.conn.close();
    await server.close();
    servers.splice(servers.indexOf(server), 1);

    const again = await startTestServer({ ...config, agents: [...config.agents.filter((a) => a.id !== 'sam'), ...SAM] });
    servers.push(again);
    const back = await connect(again);
    conns.push(back);
    await back.request({ type: 'resume', token, lastSeq: samLogin.seq });
    assert.deepEqual((await back.request({ type: 'agent.snapshot' })).agent.watching, [customer.chat.id], 'kept over the restart');
    await back.request({ type: 'agent.logout' });
    assert.deepEqual(again.store.listAgents().find((a) => a.id === 'sam')?.watching, [], 'logged out: no watches');
  });
});
