import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, nextEvent, startTestServer } from '../../helpers/server.ts';
import { WebSocket as WsSocket } from 'ws';

describe('chat flow over the gateway', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('routes a customer chat to an online agent and carries messages both ways', async () => {
    const agent = await connect(server);
    const login = await agent.request({ type: 'agent.login', username: 'alice', password: 'alice' });
    agent.setSession(login.token, login.seq);
    assert.equal(login.agent.id, 'alice');
    await agent.request({ type: 'agent.setState', state: 'ONLINE' });

    const customer = await connect(server);
    const offered = nextEvent(agent, 'contact.offered');
    const chat = await customer.request({ type: 'chat.init', room: 'default', lang: 'en', source: 'test', name: 'Carla' });
    assert.equal(chat.contact.state, 'offered'); // routed before the reply: an agent was free
    const offer = await offered;
    assert.equal(offer.contact.id, chat.contact.id);
    assert.equal(offer.contact.isMine, true);
    assert.equal(offer.contact.list, 'pending');
    // While it rings, the agent sees what the customer writes (the offer shows it).
    const whileOffered = nextEvent(agent, 'chat.message');
    await customer.request({ type: 'chat.send', contactId: chat.contact.id, text: 'are you there?' });
    assert.equal((await whileOffered).message.text, 'are you there?');

    const joined = nextEvent(customer, 'user.joined');
    const accepted = await agent.request({ type: 'contact.accept', contactId: chat.contact.id });
    assert.equal(accepted.state, 'delivered');
    assert.equal(accepted.list, 'assigned');
    assert.equal((await joined).user.nickname, 'Alice');

    const atAgent = nextEvent(agent, 'chat.message');
    const sent = await customer.request({ type: 'chat.send', contactId: chat.contact.id, text: 'hello' });
    assert.equal(sent.sequence, 2);
    assert.equal((await atAgent).message.text, 'hello');

    const atCustomer = nextEvent(customer, 'chat.message', (d: any) => d.message.from.kind === 'agent');
    await agent.request({ type: 'chat.send', contactId: chat.contact.id, text: 'hi, how can I help?' });
    assert.equal((await atCustomer).message.sequence, 3);

    const history = await agent.request({ type: 'chat.history', contactId: chat.contact.id, sequenceMin: 3 });
    assert.deepEqual(history.messages.map((m) => m.text), ['hi, how can I help?']);

    const closed = nextEvent(agent, 'contact.updated', (d: any) => d.contact.state === 'wrap_up');
    await customer.request({ type: 'chat.close', contactId: chat.contact.id });
    assert.equal((await closed).contact.endReason, 'customer');
    const completed = await agent.request({ type: 'contact.complete', contactId: chat.contact.id });
    assert.equal(completed.state, 'completed');
    const snapshot = await agent.request({ type: 'agent.snapshot' });
    assert.equal(snapshot.contacts.length, 0);
    agent.close();
    customer.close();
  });

  it('refuses bad frames with bad_request and keeps the socket open', async () => {
    const conn = await connect(server);
    const replies: any[] = [];
    const ws = (conn as any).ws as WebSocket;
    ws.addEventListener('message', (e: MessageEvent) => replies.push(JSON.parse(String(e.data))));
    conn.sendRaw('not json');
    conn.sendRaw(JSON.stringify({ id: 7, type: 'no.such.type' }));
    conn.sendRaw(JSON.stringify({ id: 8, type: 'chat.send', contactId: 'x', text: '' }));
    conn.sendRaw(JSON.stringify({ id: 9, type: 'chat.send', contactId: 'x', text: 'y'.repeat(8_001) }));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(replies.length, 4);
    assert.deepEqual(replies.map((r) => [r.re, r.ok, r.error.name]), [
      [null, false, 'bad_request'],
      [7, false, 'bad_request'],
      [8, false, 'bad_request'],
      // Past MAX_TEXT_CHARS is the server's too_large (chat-exchange.test.ts), once the sender may send at all.
      [9, false, 'not_logged_in'],
    ]);
    // Still usable after all that.
    await assert.rejects(conn.request({ type: 'agent.snapshot' }), { name: 'not_logged_in' });
    await assert.rejects(conn.request({ type: 'agent.login', username: 'alice', password: 'nope' }), { name: 'invalid_credentials' });
    await assert.rejects(conn.request({ type: 'chat.init', room: 'no-such-room' }), { name: 'not_found' });
    conn.close();
  });

  it('closes a socket that sends a frame over the limit (1009) before reading it whole', async () => {
    const ws = new WsSocket(`ws://127.0.0.1:${server.port}/ws`);
    await new Promise((r) => ws.on('open', r));
    ws.send(JSON.stringify({ id: 10, type: 'agent.login', username: 'alice', password: 'alice', padding: 'z'.repeat(70_000) }));
    const [code] = await new Promise<[number]>((r) => ws.on('close', (c) => r([c])));
    assert.equal(code, 1009);
  });

  it('replays missed events exactly once on resume', async () => {
    const agent = await connect(server);
    const login = await agent.request({ type: 'agent.login', username: 'bob', password: 'bob' });
    agent.setSession(login.token, login.seq);
    await agent.request({ type: 'agent.setState', state: 'AWAY' });
    await agent.request({ type: 'agent.setState', state: 'BACK_SOON' });
    const seenSeq = agent.lastSeq;
    assert.ok(seenSeq >= 2);
    agent.close();

    const other = await connect(server);
    const relog = await other.request({ type: 'agent.login', username: 'bob', password: 'bob' });
    await other.request({ type: 'agent.setState', state: 'OFFLINE' });
    other.close();
    assert.ok(relog.token !== login.token);

    const back = await connect(server);
    const states: string[] = [];
    back.events.on('event', (e) => e.topic === 'agent.state' && states.push(e.data.state));
    const reply = await back.request({ type: 'resume', token: login.token, lastSeq: seenSeq - 1 });
    assert.equal(reply.snapshot, false);
    assert.equal(reply.replayed, 2);
    assert.deepEqual(states, ['BACK_SOON', 'OFFLINE']);
    await assert.rejects(back.request({ type: 'resume', token: 'x'.repeat(32), lastSeq: 0 }), { name: 'not_logged_in' });
    back.close();
  });
});
