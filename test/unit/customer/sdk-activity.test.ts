/** The customer SDK's typing and read calls (issue 12) against a real server. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import '../../helpers/lazy-bundles.ts';
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
    assert.deepEqual(await customer.readMessage(reply.id), { upTo: reply.sequence, unread: 0 });
    assert.equal((await receipt).upTo, reply.sequence);

    // The other way: the agent types and reads; the customer hears of both.
    const agentTyping = new Promise<any>((resolve) => customer.on('user:activity', resolve));
    await agent.request({ type: 'chat.activity', contactId: chat.id, activity: 'writing' });
    assert.deepEqual([(await agentTyping).activity, (await agentTyping).from.kind], ['writing', 'agent']);
    const mine = await customer.sendMessage('thanks');
    const read = new Promise<any>((resolve) => customer.on('message:read', resolve));
    await agent.request({ type: 'chat.read', contactId: chat.id, upTo: mine.sequence });
    assert.deepEqual([(await read).status, (await read).upTo], ['READ', mine.sequence]);

    // After the chat, the survey's answer is stored once.
    await agent.request({ type: 'contact.end', contactId: chat.id });
    await new Promise((r) => setTimeout(r, 100));
    const csat = await customer.setCsat(5, true, 'FILLED');
    assert.deepEqual([csat.rate, csat.resolutionConfirmation, csat.status], [5, true, 'FILLED']);
    await assert.rejects(customer.setCsat(1, false, 'FILLED'));
    customer.disconnect();
    agent.close();
  });
});
