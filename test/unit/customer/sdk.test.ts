/** The customer SDK in Node against a real server: follow-up chats, snapshot resumes, connection state. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import WebSocket from 'ws';
import '../../helpers/lazy-bundles.ts';
import { createChat, type ChatMessage } from '../../../customer/index.ts';
import type { ConnectionState } from '../../../protocol/index.ts';
import { agentSession, nextEvent, startTestServer } from '../../helpers/server.ts';
import { startProxy, type WsProxy } from '../../helpers/ws-proxy.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const until = async (check: () => boolean, what: string, timeoutMs = 5_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const customerOf = (port: number) =>
  createChat({ server: `http://127.0.0.1:${port}`, storage: null, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, nextRetryDelayMs: () => 30 });

describe('customer SDK', () => {
  let server: Server;
  let proxy: WsProxy;
  // A server each: a test that fails leaves no agent online for the next one.
  beforeEach(async () => {
    server = await startTestServer();
    proxy = await startProxy(server);
  });
  afterEach(async () => {
    await proxy.close();
    await server.close();
  });

  it('reports the first messages of a follow-up chat an agent starts (sequences restart per chat)', async () => {
    const agent = await agentSession(server, 'alice');
    const customer = customerOf(server.port);
    const received: ChatMessage[] = [];
    customer.on('message:received', (m) => received.push(m));
    const offered = nextEvent(agent, 'contact.offered');
    const first = await customer.init({ room: 'default', name: 'Nora' });
    await offered;
    await agent.request({ type: 'contact.accept', contactId: first.id });
    for (const text of ['first chat, one', 'first chat, two']) await agent.request({ type: 'chat.send', contactId: first.id, text });
    await until(() => received.length === 2, 'the first chat’s messages');
    await agent.request({ type: 'contact.end', contactId: first.id });
    await agent.request({ type: 'contact.complete', contactId: first.id });

    // The agent starts a new chat with the same customer: its messages are numbered from 1 again.
    const second = await agent.request({ type: 'chat.start', customerId: first.customer.id });
    await until(() => customer.getId() === second.id, 'the SDK follows the new chat');
    const sent = [];
    for (const text of ['second chat, one', 'second chat, two']) sent.push(await agent.request({ type: 'chat.send', contactId: second.id, text }));
    assert.deepEqual(sent.map((m) => m.sequence), [1, 2], 'the follow-up chat reuses sequences 1 and 2');
    await until(() => received.length === 4, 'the follow-up chat’s messages', 3_000);
    assert.deepEqual(received.map((m) => [m.contactId === second.id ? 'second' : 'first', m.text]), [
      ['first', 'first chat, one'],
      ['first', 'first chat, two'],
      ['second', 'second chat, one'],
      ['second', 'second chat, two'],
    ]);
    agent.close();
    customer.disconnect();
  });

  it('reloads the chat when a resume answers snapshot, and reports the messages it missed, once', async () => {
    const agent = await agentSession(server, 'bob');
    const customer = customerOf(proxy.port);
    const received: string[] = [];
    const states: ConnectionState[] = [customer.getConnectionState()];
    customer.on('message:received', (m) => received.push(m.text));
    customer.on('connection:state', (state) => states.push(state));
    const offered = nextEvent(agent, 'contact.offered');
    const chat = await customer.init({ room: 'default', name: 'Olga' });
    await offered;
    await agent.request({ type: 'contact.accept', contactId: chat.id });
    await agent.request({ type: 'chat.send', contactId: chat.id, text: 'before the drop' });
    await until(() => received.length === 1, 'the first message');

    // The customer's connection drops; the agent writes meanwhile.
    proxy.refusing = true;
    proxy.cutAll();
    await until(() => customer.getConnectionState() === 'DISCONNECTED', 'DISCONNECTED');
    for (const text of ['while you were away', 'are you there?']) await agent.request({ type: 'chat.send', contactId: chat.id, text });
    // The server answers snapshot when it cannot replay what was missed; a client that says it
    // is ahead of the server is the quickest way there.
    proxy.intercept.toServer = (frame) => (frame.type === 'resume' ? { replace: { ...frame, lastSeq: 1_000_000 } } : 'forward');
    proxy.refusing = false;
    await until(() => received.length === 3, 'the missed messages after a snapshot resume');
    proxy.intercept = {};
    assert.ok(proxy.toClient.some((f) => f.ok && f.data?.snapshot === true), 'the server answered with a snapshot');
    assert.deepEqual(received, ['before the drop', 'while you were away', 'are you there?']);
    assert.equal(customer.getConnectionState(), 'CONNECTED');
    assert.deepEqual(states.slice(0, 4), ['INITIAL', 'CONNECTING', 'CONNECTED', 'DISCONNECTED']);
    assert.equal(states.at(-1), 'CONNECTED');

    // Later messages still arrive once.
    await agent.request({ type: 'chat.send', contactId: chat.id, text: 'good, you are back' });
    await until(() => received.length === 4, 'a message after the reload');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(received.slice(3), ['good, you are back']);
    agent.close();
    customer.disconnect();
  });

  it('sends a message typed while the connection is down once it is back', async () => {
    const agent = await agentSession(server, 'carol');
    const customer = customerOf(proxy.port);
    const offered = nextEvent(agent, 'contact.offered');
    const chat = await customer.init({ room: 'default', name: 'Pia' });
    await offered;
    await agent.request({ type: 'contact.accept', contactId: chat.id });
    proxy.refusing = true;
    proxy.cutAll();
    await until(() => customer.getConnectionState() === 'DISCONNECTED', 'DISCONNECTED');
    const atAgent = nextEvent(agent, 'chat.message', (d: any) => d.message.text === 'typed offline');
    const sending = customer.sendMessage('typed offline');
    await new Promise((r) => setTimeout(r, 100));
    proxy.refusing = false;
    const sent = await sending;
    assert.equal(sent.text, 'typed offline');
    assert.equal((await atAgent).message.id, sent.id);
    agent.close();
    customer.disconnect();
  });
});
