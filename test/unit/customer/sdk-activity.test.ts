/** The customer SDK's typing and read calls (issue 12) against a real server. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { createChat } from '../../../customer/index.ts';
import { agentSession, nextEvent, startTestServer } from '../../helpers/server.ts';

describe('customer SDK: activity and reads', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('sendUserActivity reaches the agent as a chat.activity signal; readMessage sends the agent a READ receipt', async () => {
    const agent = await agentSession(server, 'alice');
    const customer = createChat({ server: `http://127.0.0.1:${server.port}`, storage: null, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
    const offered = nextEvent(agent, 'contact.offered');
    const chat = await customer.init({ room: 'default', name: 'Nora' });
    await offered;
    await agent.request({ type: 'contact.accept', contactId: chat.id });

    const typing = new Promise<any>((resolve) => agent.on('signal', (e) => e.topic === 'chat.activity' && resolve(e.data)));
    assert.deepEqual(await customer.sendUserActivity('writing'), { relayed: true });
    assert.equal((await typing).activity, 'writing');

    const reply = await agent.request({ type: 'chat.send', contactId: chat.id, text: 'hello Nora' });
    const receipt = nextEvent(agent, 'chat.receipt');
    assert.deepEqual(await customer.readMessage(reply.sequence), { upTo: reply.sequence, unread: 0 });
    assert.equal((await receipt).upTo, reply.sequence);
    customer.disconnect();
    agent.close();
  });
});
