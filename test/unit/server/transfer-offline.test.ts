/** A transfer to an agent who is offline is refused by the server, whatever the sender's page showed, and changes nothing. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { WireConnection } from '../../../protocol/index.ts';
import { acceptedChat, agentSession, record, routingConfig, startTestServer } from '../../helpers/server.ts';

describe('transfer to an offline agent', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const open: WireConnection[] = [];
  const track = <T extends WireConnection>(c: T) => (open.push(c), c);
  beforeEach(async () => (server = await startTestServer(routingConfig())));
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await server.close();
  });

  it('is refused with not_suitable_state, whether the agent never signed in or went offline; the chat stays as it was', async () => {
    const alice = track(await agentSession(server, 'alice'));
    const { conn: customer, chat } = await acceptedChat(server, alice);
    track(customer);
    const customerEvents = record(customer);
    const aliceEvents = record(alice);

    // Carol has not signed in: offline.
    await assert.rejects(alice.request({ type: 'contact.transfer', contactId: chat.id, toAgent: 'carol', message: 'VIP' }), (err: Error) => {
      assert.equal(err.name, 'not_suitable_state');
      assert.match(err.message, /carol is offline/);
      return true;
    });
    // Carol signs in, then goes offline (the sender's transfer form may still show her online).
    const carol = track(await agentSession(server, 'carol'));
    const carolEvents = record(carol);
    await carol.request({ type: 'agent.setState', state: 'OFFLINE' });
    await assert.rejects(alice.request({ type: 'contact.transfer', contactId: chat.id, toAgent: 'carol' }), { name: 'not_suitable_state' });

    // Nothing moved: the chat is alice's, in conversation; carol was offered nothing; nobody was told of a transfer.
    const snapshot = await alice.request({ type: 'agent.snapshot' });
    const still = snapshot.contacts.find((c) => c.id === chat.id)!;
    assert.equal(still.list, 'assigned');
    assert.equal(still.state, 'delivered');
    assert.equal(still.agent?.id, 'alice');
    assert.equal(still.transfer, null);
    await new Promise((r) => setTimeout(r, 200)); // what a transfer would have sent has arrived by now
    assert.deepEqual(carolEvents.filter((e) => e.topic === 'contact.offered'), []);
    assert.deepEqual(aliceEvents.filter((e) => e.topic.startsWith('contact.transfer') || e.topic.startsWith('conversation.transfer')), []);
    assert.deepEqual(customerEvents.filter((e) => /transfer|user\.left/.test(e.topic)), []);

    // Back online, the same transfer goes through.
    await carol.request({ type: 'agent.setState', state: 'ONLINE' });
    const sent = await alice.request({ type: 'contact.transfer', contactId: chat.id, toAgent: 'carol' });
    assert.equal(sent.list, 'hidden');
  });
});
