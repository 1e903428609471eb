/**
 * A second customer cannot read, download (history, reload) or post into another customer's chat,
 * over the wire, request type by request type; and nothing of that chat reaches their socket.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { acceptedChat, agentSession, connect, customerChat, startTestServer } from '../../helpers/server.ts';

describe('a second customer and another customer\'s chat', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('is refused every request about it, and sees none of its messages', async () => {
    const agent = await agentSession(server, 'alice');
    const { conn: owner, chat } = await acceptedChat(server, agent, 'default', 'Owner');
    const secret = 'OWNER-ONLY-7781';
    await owner.request({ type: 'chat.send', contactId: chat.id, text: `my card ends ${secret}` });
    await agent.request({ type: 'chat.send', contactId: chat.id, text: `noted ${secret}` });

    const { conn: intruder } = await customerChat(server, 'default', 'Intruder');
    const frames: string[] = [];
    ((intruder as any).ws as WebSocket).addEventListener('message', (e: MessageEvent) => frames.push(String(e.data)));
    const contactId = chat.id;
    const attempts = [
      { type: 'chat.history', contactId },
      { type: 'chat.history', contactId, sequenceMin: 0, maxQuantity: 500 },
      { type: 'chat.init', room: 'default', chatId: contactId },
      { type: 'chat.send', contactId, text: 'let me in' },
      { type: 'chat.post', contactId, content: { kind: 'postback', title: 'Yes', payload: 'yes' } },
      { type: 'chat.post', contactId, content: { kind: 'link', url: 'https://evil.example' } },
      { type: 'chat.activity', contactId, activity: 'writing' },
      { type: 'chat.read', contactId, upTo: 2 },
      { type: 'chat.csat', contactId, rate: 1 },
      { type: 'chat.close', contactId },
      { type: 'chat.searchAgent', contactId },
      { type: 'call.request', contactId },
      { type: 'media.data', contactId, channel: 'rpc', data: '{}' },
    ] as const;
    for (const frame of attempts) {
      const outcome = await intruder.request(frame as never).then(
        () => 'ok',
        (err) => err.name as string,
      );
      // forbidden from the authorization table; not_found where the chat is looked up by its owner.
      assert.ok(outcome === 'forbidden' || outcome === 'not_found', `${frame.type} by another customer: ${outcome}`);
    }
    // The owner's chat is as it was: two messages, open, no CSAT, nothing from the intruder.
    const history = await owner.request({ type: 'chat.history', contactId });
    assert.deepEqual(history.messages.map((m) => m.from.kind), ['customer', 'agent']);
    const view = (await owner.request({ type: 'chat.init', room: 'default', chatId: contactId })).contact;
    assert.equal(view.state, 'delivered');
    assert.equal(view.csat, null);
    await new Promise((r) => setTimeout(r, 150));
    for (const frame of frames) assert.ok(!frame.includes(secret) && !frame.includes('Owner'), `the intruder got ${frame.slice(0, 200)}`);
    assert.equal(frames.length, attempts.length);

    // A customer with no session at all is refused too.
    const anonymous = await connect(server);
    await assert.rejects(anonymous.request({ type: 'chat.history', contactId }), { name: 'not_logged_in' });
    await assert.rejects(anonymous.request({ type: 'chat.send', contactId, text: 'x' }), { name: 'not_logged_in' });
    for (const conn of [agent, owner, intruder, anonymous]) conn.close();
  });
});
