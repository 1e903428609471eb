/** Tell only what is committed; a retried send is stored once; one stored event per subject, not per session. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProtocolError } from '../../../protocol/index.ts';
import { Outbox } from '../../../server/sessions/index.ts';
import { SqliteStore } from '../../../server/store/index.ts';
import { acceptedChat, agentSession, connect, record, startTestServer } from '../../helpers/server.ts';

describe('outbox', () => {
  const store = new SqliteStore(':memory:');
  const outbox = new Outbox(store);
  const customer = (id: string) => ({ id, name: id, createdAt: 0, authType: 'CONSUMER_ANONYMOUS' as const });

  it('delivers only after the commit, and nothing of a unit that throws', () => {
    const delivered: string[] = [];
    let rebuilt = 0;
    outbox.onRebuild(() => rebuilt++);
    outbox.run(() => {
      store.insertCustomer(customer('c1'));
      outbox.deliver(() => delivered.push('c1'));
      assert.deepEqual(delivered, [], 'nothing leaves inside the transaction');
    });
    assert.deepEqual(delivered, ['c1']);
    assert.throws(() =>
      outbox.run(() => {
        store.insertCustomer(customer('c2'));
        outbox.deliver(() => delivered.push('c2'));
        throw new Error('boom');
      }),
    );
    assert.deepEqual(delivered, ['c1'], 'the failed unit told nobody');
    assert.equal(store.getCustomer('c2'), undefined, 'and stored nothing');
    assert.equal(rebuilt, 1, 'memory is rebuilt from the store');
    // A refused request that wrote nothing needs no rebuild.
    assert.throws(() => outbox.run(() => { throw new ProtocolError('not_found', 'x'); }));
    assert.equal(rebuilt, 1);
  });

  it('group commit: one transaction, a failing job undoes only its own writes and frames', () => {
    const delivered: string[] = [];
    const results: boolean[] = [];
    outbox.runBatch(
      ['g1', 'g2', 'g3'].map((id) => () => {
        store.insertCustomer(customer(id));
        outbox.deliver(() => delivered.push(id));
        if (id === 'g2') throw new Error('g2 fails');
      }),
      (i, outcome) => (results[i] = outcome.ok),
    );
    assert.deepEqual(results, [true, false, true]);
    assert.deepEqual(delivered, ['g1', 'g3']);
    assert.ok(store.getCustomer('g1') && store.getCustomer('g3'));
    assert.equal(store.getCustomer('g2'), undefined);
  });
});

describe('durable core over the gateway', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('stores a retried chat.send once (same clientMessageId) and answers it with the stored message', async () => {
    const alice = await agentSession(server, 'alice');
    const agentLog = record(alice);
    const { conn, chat } = await acceptedChat(server, alice);
    const frame = { type: 'chat.send' as const, contactId: chat.id, text: 'only once', clientMessageId: 'c-42' };
    const first = await conn.request(frame);
    const again = await conn.request(frame);
    assert.equal(again.id, first.id);
    assert.equal(again.sequence, first.sequence);
    // Raw replay of the very same frame, as a client that lost the reply would send it.
    conn.sendRaw(JSON.stringify({ ...frame, id: 999 }));
    const mine = await alice.request({ type: 'chat.send', contactId: chat.id, text: 'agent once', clientMessageId: 'c-42' });
    const mineAgain = await alice.request({ type: 'chat.send', contactId: chat.id, text: 'agent once', clientMessageId: 'c-42' });
    assert.equal(mineAgain.id, mine.id, 'ids are per sender');
    const { messages } = await alice.request({ type: 'chat.history', contactId: chat.id });
    assert.deepEqual(messages.map((m) => m.text), ['only once', 'agent once']);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(agentLog.filter((e) => e.topic === 'chat.message' && e.data.message.text === 'only once').length, 1, 'told once');
    alice.close();
    conn.close();
  });

  it('stores an event once per agent, however many sessions the agent ever opened', async () => {
    for (let i = 0; i < 50; i++) {
      const conn = await connect(server);
      await conn.request({ type: 'agent.login', username: 'bob', password: 'bob' });
      conn.close(); // the session stays, stale
      await new Promise((r) => setTimeout(r, 20));
    }
    const bob = await agentSession(server, 'bob');
    const store = server.store as unknown as { db: { prepare(sql: string): { get(...a: unknown[]): { n: number } } } };
    const count = () => store.db.prepare("SELECT count(*) AS n FROM stream_events WHERE stream = 'agent:bob'").get().n;
    const before = count();
    await bob.request({ type: 'agent.setState', state: 'AWAY' });
    assert.equal(count() - before, 1);
    // Every session of bob sees the same stream: a resume from any of them replays it.
    const replay = await (await connect(server)).request({ type: 'resume', token: bob.token!, lastSeq: 0 });
    assert.equal(replay.snapshot, false);
    bob.close();
  });

  it('seq never goes backwards across a restart: events after it continue the stream', async () => {
    const alice = await agentSession(server, 'alice');
    await alice.request({ type: 'agent.setState', state: 'AWAY' });
    const seqBefore = alice.lastSeq;
    assert.ok(seqBefore > 0);
    const { config } = server;
    await server.close();
    server = await startTestServer(config);
    const again = await connect(server);
    const log = record(again);
    const resumed = await again.request({ type: 'resume', token: alice.token!, lastSeq: seqBefore });
    assert.equal(resumed.seq, seqBefore);
    again.setSession(alice.token!, seqBefore);
    await again.request({ type: 'agent.setState', state: 'ONLINE' });
    await log.waitFor('agent.state', (d) => d.state === 'ONLINE');
    assert.ok(again.lastSeq > seqBefore, `new events carry new seq numbers (${again.lastSeq} > ${seqBefore})`);
    again.close();
  });

  it('a history page without maxQuantity is bounded', async () => {
    const fresh = await startTestServer();
    const alice = await agentSession(fresh, 'carol');
    const { conn, chat } = await acceptedChat(fresh, alice);
    for (let i = 0; i < 120; i++) await conn.request({ type: 'chat.send', contactId: chat.id, text: `m${i}` });
    const { messages } = await conn.request({ type: 'chat.history', contactId: chat.id });
    assert.equal(messages.length, 100);
    assert.equal(messages.at(-1)!.text, 'm119');
    alice.close();
    conn.close();
    await fresh.close();
  });
});
