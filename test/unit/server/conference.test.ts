import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { WireConnection } from '../../../protocol/index.ts';
import { acceptedChat, agentSession, customerChat, nextEvent, record, routingConfig, startTestServer } from '../../helpers/server.ts';

describe('chat conference', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const open: WireConnection[] = [];
  beforeEach(async () => (server = await startTestServer(routingConfig())));
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await server.close();
  });

  it('invites an agent who joins, talks, and is removed', async () => {
    const alice = await agentSession(server, 'alice');
    const bob = await agentSession(server, 'bob', 'AWAY');
    open.push(alice, bob);
    const customer = await acceptedChat(server, alice, 'default', 'Quinn');
    open.push(customer.conn);
    const id = customer.chat.id;

    await assert.rejects(alice.request({ type: 'contact.invite', contactId: id, agentId: 'nobody' }), { name: 'not_found' });
    await assert.rejects(alice.request({ type: 'contact.invite', contactId: id, agentId: 'alice' }), { name: 'invalid_args' });
    await assert.rejects(bob.request({ type: 'contact.invite', contactId: id, agentId: 'carol' }), { name: 'forbidden' });

    const invitation = nextEvent(bob, 'contact.offered', (d: any) => d.contact.id === id);
    const invited = await alice.request({ type: 'contact.invite', contactId: id, agentId: 'bob' });
    assert.deepEqual(invited.participants.map((p) => [p.id, p.role, p.state]), [
      [invited.customer.id, 'CONSUMER', 'ACTIVE'],
      ['alice', 'ASSIGNED_AGENT', 'ACTIVE'],
      ['bob', 'AGENT', 'SUGGESTED'],
    ]);
    const atBob = await invitation;
    assert.equal(atBob.contact.list, 'pending');
    assert.equal(atBob.contact.isMine, false);
    await assert.rejects(bob.request({ type: 'chat.send', contactId: id, text: 'too early' }), { name: 'forbidden' });

    const joined = await bob.request({ type: 'contact.accept', contactId: id });
    assert.equal(joined.list, 'assigned');
    assert.equal(joined.agent?.id, 'alice', "the conversation stays Alice's");
    await customer.log.waitFor('conversation.participant-added', (d) => d.participant.id === 'bob' && d.participant.state === 'ACTIVE');

    const aliceHears = nextEvent(alice, 'chat.message', (d: any) => d.message.from.id === 'bob');
    await bob.request({ type: 'chat.send', contactId: id, text: 'Hi, I am from billing' });
    await aliceHears;
    await customer.log.waitFor('chat.message', (d) => d.message.text === 'Hi, I am from billing');
    const bobHears = nextEvent(bob, 'chat.message', (d: any) => d.message.from.kind === 'customer');
    await customer.conn.request({ type: 'chat.send', contactId: id, text: 'Thanks both' });
    await bobHears;

    const bobLog = record(bob);
    await alice.request({ type: 'contact.removeParticipant', contactId: id, agentId: 'bob' });
    await bobLog.waitFor('contact.removed', (d) => d.contactId === id);
    await assert.rejects(bob.request({ type: 'chat.send', contactId: id, text: 'still here?' }), { name: 'forbidden' });
    await customer.log.waitFor('conversation.participant-removed', (d) => d.participant.id === 'bob');
  });

  it('an invited agent may decline', async () => {
    const alice = await agentSession(server, 'alice');
    const carol = await agentSession(server, 'carol', 'AWAY');
    open.push(alice, carol);
    const customer = await acceptedChat(server, alice);
    open.push(customer.conn);
    await alice.request({ type: 'contact.invite', contactId: customer.chat.id, agentId: 'carol' });
    const declined = await carol.request({ type: 'contact.decline', contactId: customer.chat.id });
    assert.equal(declined.participants.some((p) => p.id === 'carol'), false);
  });
});

describe('outbound chat', () => {
  it('an agent starts a chat with a known customer; it is the agent\'s at once', async () => {
    const server = await startTestServer(routingConfig());
    try {
      const alice = await agentSession(server, 'alice', 'AWAY');
      const customer = await customerChat(server, 'default', 'Rita');
      await customer.conn.request({ type: 'chat.close', contactId: customer.chat.id });
      const customerId = customer.chat.customer.id;
      await assert.rejects(alice.request({ type: 'chat.start', customerId: 'nobody' }), { name: 'not_found' });
      const started = await alice.request({ type: 'chat.start', customerId });
      assert.deepEqual([started.state, started.list, started.agent?.id, started.source], ['delivered', 'assigned', 'alice', 'outbound']);
      await customer.log.waitFor('user.joined', (d) => d.contactId === started.id);
      await assert.rejects(alice.request({ type: 'chat.start', customerId }), { name: 'not_suitable_state' });
      await alice.request({ type: 'chat.send', contactId: started.id, text: 'Your order shipped today' });
      await customer.log.waitFor('chat.message', (d) => d.message.text === 'Your order shipped today');
      alice.close();
      customer.conn.close();
    } finally {
      await server.close();
    }
  });
});
