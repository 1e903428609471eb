/** WireConnection against a real server, with a proxy in between to cut sockets and drop or repeat frames. */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { ProtocolError, WireConnection, type ConnectionOptions, type ConnectionState, type RetryContext } from '../../../protocol/index.ts';
import { acceptedChat, agentSession, startTestServer, testConfig } from '../../helpers/server.ts';
import { startProxy, type WsProxy } from '../../helpers/ws-proxy.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

function wire(port: number, options: ConnectionOptions = {}): { conn: WireConnection; states: ConnectionState[] } {
  const conn = new WireConnection(`ws://127.0.0.1:${port}/ws`, {
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    requestTimeoutMs: 5_000,
    nextRetryDelayMs: () => 30,
    ...options,
  });
  const states: ConnectionState[] = [conn.state];
  conn.on('state', (state) => states.push(state));
  return { conn, states };
}

/** Logs in through `port` (a proxy) as `username`, ONLINE, with the session set for resumes. */
async function agentThrough(port: number, username: string, options: ConnectionOptions = {}) {
  const link = wire(port, options);
  await link.conn.open();
  const login = await link.conn.request({ type: 'agent.login', username, password: username });
  link.conn.setSession(login.token, login.seq);
  await link.conn.request({ type: 'agent.setState', state: 'ONLINE' });
  return link;
}

/** Takes an agent out of routing, so the next test's chat goes to its own agent. */
async function offline(agent: WireConnection): Promise<void> {
  await agent.request({ type: 'agent.setState', state: 'OFFLINE' });
  agent.close();
}

const until = async (check: () => boolean, what: string, timeoutMs = 5_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
const isNotConnected = (err: unknown) => err instanceof ProtocolError && err.name === 'not_connected';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

describe('WireConnection', () => {
  let server: Server;
  let proxy: WsProxy;
  before(async () => {
    server = await startTestServer();
    proxy = await startProxy(server);
  });
  after(async () => {
    await proxy.close();
    await server.close();
  });

  it('goes INITIAL -> CONNECTING -> CONNECTED -> DISCONNECTED -> CONNECTING -> CONNECTED when its socket is cut, and resumes', async () => {
    const { conn, states } = await agentThrough(proxy.port, 'alice');
    const resumed = new Promise((r) => conn.on('resumed', r));
    proxy.cutAll();
    await until(() => states.at(-1) === 'CONNECTED' && states.length > 3, 'reconnected');
    assert.deepEqual(states, ['INITIAL', 'CONNECTING', 'CONNECTED', 'DISCONNECTED', 'CONNECTING', 'CONNECTED']);
    assert.equal(((await resumed) as { kind: string }).kind, 'agent');
    assert.equal(proxy.toServer.filter((f) => f.type === 'resume').length, 1, 'the session was resumed on the new socket');
    // Requests work again, on the same session.
    assert.equal((await conn.request({ type: 'agent.setState', state: 'AWAY' })).state, 'AWAY');
    await offline(conn);
  });

  it('counts duplicates and gaps, and fetches what a gap missed with a resume', async () => {
    const { conn } = await agentThrough(proxy.port, 'bob');
    const customer = await acceptedChat(server, conn, 'default', 'Gina');
    const seen: number[] = [];
    const texts: string[] = [];
    conn.on('event', (event, seq) => {
      seen.push(seq);
      if (event.topic === 'chat.message') texts.push(event.data.message.text);
    });
    const before = conn.diagnostics;
    let messages = 0;
    proxy.intercept.toClient = (frame) => {
      if (frame.type !== 'event' || frame.topic !== 'chat.message') return 'forward';
      messages++;
      return messages === 1 ? 'duplicate' : messages === 2 ? 'drop' : 'forward';
    };
    for (const text of ['one', 'two', 'three']) await customer.conn.request({ type: 'chat.send', contactId: customer.chat.id, text });
    await until(() => texts.length === 3, 'three messages');
    proxy.intercept.toClient = undefined;

    assert.deepEqual(texts, ['one', 'two', 'three'], 'in order, once each, the dropped one fetched again');
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
    assert.equal(new Set(seen).size, seen.length);
    const after = conn.diagnostics;
    assert.equal(after.ignoredDuplicate - before.ignoredDuplicate, 1);
    assert.equal(after.outOfOrder - before.outOfOrder, 1);
    assert.equal(after.processed - before.processed, seen.length);
    assert.equal(after.state, 'CONNECTED');
    assert.equal(proxy.toServer.filter((f) => f.type === 'resume' && f.lastSeq === seen[0]).length, 1, 'resynced from the last event seen');
    await offline(conn);
    customer.conn.close();
  });

  it('resends a chat message whose reply was lost with the socket, with the same clientMessageId', async () => {
    const { conn: agent } = await agentThrough(proxy.port, 'carol');
    const customer = await acceptedChat(server, agent, 'default', 'Hugo');
    const { conn, states } = await customerThrough(proxy.port, customer);
    let sendId: number | null = null;
    proxy.intercept.toServer = (frame) => {
      if (frame.type === 'chat.send' && sendId === null) sendId = frame.id;
      return 'forward';
    };
    proxy.intercept.toClient = (frame) => (sendId !== null && frame.re === sendId ? 'cut' : 'forward');
    const sent = await conn.request({ type: 'chat.send', contactId: customer.chat.id, text: 'did you get this?' });
    proxy.intercept = {};

    const sends = proxy.toServer.filter((f) => f.type === 'chat.send' && f.text === 'did you get this?');
    assert.equal(sends.length, 2, 'sent, lost, sent again');
    assert.ok(sends[0].clientMessageId, 'every chat.send carries a clientMessageId');
    assert.equal(sends[1].clientMessageId, sends[0].clientMessageId);
    assert.equal(sent.text, 'did you get this?');
    assert.deepEqual(states.slice(2, 6), ['CONNECTED', 'DISCONNECTED', 'CONNECTING', 'CONNECTED']);
    const lastResume = proxy.toServer.map((f) => f.type).lastIndexOf('resume');
    assert.ok(proxy.toServer.indexOf(sends[1]) > lastResume, 'sent again only after the resume');
    conn.close();
    await offline(agent);
  });

  it('a chat message whose reply was lost is stored once', async () => {
    const { conn: agent } = await agentThrough(proxy.port, 'alice');
    const customer = await acceptedChat(server, agent, 'default', 'Ivo');
    let sendId: number | null = null;
    proxy.intercept.toServer = (frame) => (frame.type === 'chat.send' && sendId === null && (sendId = frame.id), 'forward');
    proxy.intercept.toClient = (frame) => (sendId !== null && frame.re === sendId ? 'cut' : 'forward');
    const { conn } = await customerThrough(proxy.port, customer);
    await conn.request({ type: 'chat.send', contactId: customer.chat.id, text: 'only once' });
    proxy.intercept = {};
    const { messages } = await conn.request({ type: 'chat.history', contactId: customer.chat.id });
    assert.deepEqual(
      messages.filter((m) => m.text === 'only once').length,
      1,
      'the retried send is stored once (server dedupe by clientMessageId)',
    );
    conn.close();
    await offline(agent);
  });

  it('ends in FAILED_TO_CONNECT, then NULL, when nothing listens and the policy gives up', async () => {
    const asked: RetryContext[] = [];
    const { conn, states } = wire(await freePort(), { nextRetryDelayMs: (ctx) => (asked.push(ctx), ctx.retryCount < 2 ? 20 : null) });
    await assert.rejects(conn.open(), isNotConnected);
    await until(() => conn.state === 'NULL', 'NULL');
    assert.deepEqual(states, ['INITIAL', 'CONNECTING', 'FAILED_TO_CONNECT', 'CONNECTING', 'FAILED_TO_CONNECT', 'CONNECTING', 'FAILED_TO_CONNECT', 'NULL']);
    assert.deepEqual(asked.map((c) => c.retryCount), [0, 1, 2]);
    assert.ok(asked[2].elapsedMs >= 40, `elapsed time grows (${asked.map((c) => c.elapsedMs)})`);
    assert.equal(conn.everConnected, false);
    await assert.rejects(conn.request({ type: 'team.members' }), isNotConnected);
    await assert.rejects(conn.request({ type: 'chat.send', contactId: 'x', text: 'hi' }), isNotConnected);
  });

  it('goes NULL after a loss when the policy gives up; waiting sends and requests fail', async () => {
    const { conn, states } = wire(proxy.port, { nextRetryDelayMs: ({ retryCount }) => (retryCount < 1 ? 200 : null) });
    await conn.open();
    proxy.refusing = true;
    try {
      proxy.cutAll();
      await until(() => conn.state === 'DISCONNECTED', 'DISCONNECTED');
      const queued = conn.request({ type: 'chat.send', contactId: 'c1', text: 'queued' });
      const waiting = conn.request({ type: 'team.members' });
      assert.equal(conn.queuedSends, 1);
      await Promise.all([assert.rejects(queued, isNotConnected), assert.rejects(waiting, isNotConnected)]);
      assert.deepEqual(states, ['INITIAL', 'CONNECTING', 'CONNECTED', 'DISCONNECTED', 'CONNECTING', 'DISCONNECTED', 'NULL']);
      assert.equal(conn.queuedSends, 0);
    } finally {
      proxy.refusing = false;
    }
  });

  it('CLOSING then CLOSED after close(); nothing goes out afterwards', async () => {
    const { conn, states } = wire(proxy.port);
    await conn.open();
    conn.close();
    await until(() => conn.state === 'CLOSED', 'CLOSED');
    assert.deepEqual(states, ['INITIAL', 'CONNECTING', 'CONNECTED', 'CLOSING', 'CLOSED']);
    await assert.rejects(conn.request({ type: 'team.members' }), isNotConnected);
    await assert.rejects(conn.request({ type: 'chat.send', contactId: 'c1', text: 'late' }), isNotConnected);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(conn.state, 'CLOSED', 'no reconnect after an intentional close');
  });

  it('keeps at most MAX_QUEUED_SENDS chat messages while down; close() fails them', async () => {
    const { conn } = wire(proxy.port, { nextRetryDelayMs: () => 60_000 });
    await conn.open();
    proxy.cutAll();
    await until(() => conn.state === 'DISCONNECTED', 'DISCONNECTED');
    const queued = Array.from({ length: 200 }, (_, i) => conn.request({ type: 'chat.send', contactId: 'c1', text: `m${i}` }).catch((e) => e));
    await assert.rejects(conn.request({ type: 'chat.send', contactId: 'c1', text: 'one too many' }), (err: ProtocolError) => {
      assert.equal(err.name, 'rate_limited');
      assert.match(err.message, /200 messages already wait/);
      return true;
    });
    conn.close();
    assert.ok((await Promise.all(queued)).every(isNotConnected));
  });

  it('another request waits for the connection within its timeout, then fails with not_connected', async () => {
    const { conn } = wire(proxy.port, { requestTimeoutMs: 300, nextRetryDelayMs: () => 60_000 });
    await conn.open();
    proxy.cutAll();
    await until(() => conn.state === 'DISCONNECTED', 'DISCONNECTED');
    const started = Date.now();
    await assert.rejects(conn.request({ type: 'team.members' }), isNotConnected);
    assert.ok(Date.now() - started >= 280);
    conn.close();
  });
});

describe('WireConnection across a server restart', () => {
  it('queues chat messages while the server is down and sends them once, in order, after it is back', async () => {
    const config = testConfig();
    let server = await startTestServer(config);
    const agent = await agentSession(server, 'alice');
    const customer = await acceptedChat(server, agent, 'default', 'Lea');
    const { conn, states } = await customerThrough(server.port, customer, { nextRetryDelayMs: () => 50 });
    agent.close();

    await server.close();
    await until(() => conn.state === 'DISCONNECTED', 'DISCONNECTED');
    const sends = ['first', 'second', 'third'].map((text) => conn.request({ type: 'chat.send', contactId: customer.chat.id, text }));
    assert.equal(conn.queuedSends, 3);
    await new Promise((r) => setTimeout(r, 200)); // a few failed retries
    server = await startTestServer({ ...config, port: server.port });
    try {
      const sent = await Promise.all(sends);
      assert.deepEqual(sent.map((m) => m.text), ['first', 'second', 'third']);
      assert.deepEqual(sent.map((m) => m.sequence), [1, 2, 3].map((n) => sent[0].sequence + n - 1), 'stored in the order typed');
      const { messages } = await conn.request({ type: 'chat.history', contactId: customer.chat.id });
      assert.deepEqual(messages.filter((m) => m.from.kind === 'customer').map((m) => m.text), ['first', 'second', 'third'], 'each once');
      assert.equal(conn.queuedSends, 0);
      // Down and back: DISCONNECTED, then retries that fail, then CONNECTED; never FAILED_TO_CONNECT.
      assert.deepEqual(states.slice(0, 4), ['INITIAL', 'CONNECTING', 'CONNECTED', 'DISCONNECTED']);
      assert.equal(states.at(-1), 'CONNECTED');
      assert.ok(!states.includes('FAILED_TO_CONNECT'));
      for (let i = 4; i < states.length - 1; i += 2) assert.deepEqual(states.slice(i, i + 2), ['CONNECTING', states[i + 1] === 'CONNECTED' ? 'CONNECTED' : 'DISCONNECTED']);
      conn.close();
    } finally {
      await server.close();
    }
  });
});

/** Takes over a customer's session on a new connection through `port` (the helper's own gives up on a loss). */
async function customerThrough(port: number, customer: { conn: WireConnection }, options: ConnectionOptions = {}) {
  const link = wire(port, options);
  link.conn.setSession(customer.conn.token, customer.conn.lastSeq);
  customer.conn.close();
  await link.conn.open(); // resumes the session
  return link;
}
