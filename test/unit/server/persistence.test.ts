import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentSession, connect, customerChat, nextEvent, routingConfig, startTestServer, testConfig } from '../../helpers/server.ts';

describe('persistence across a restart', () => {
  it('keeps messages, assignments, queued contacts and sessions', async () => {
    const config = testConfig();
    let server = await startTestServer(config);
    const agent = await connect(server);
    const login = await agent.request({ type: 'agent.login', username: 'alice', password: 'alice' });
    await agent.request({ type: 'agent.setState', state: 'ONLINE' });
    const customer = await connect(server);
    const offered = nextEvent(agent, 'contact.offered');
    const chat = await customer.request({ type: 'chat.init', room: 'default', name: 'Dora' });
    await offered;
    await agent.request({ type: 'contact.accept', contactId: chat.contact.id });
    await customer.request({ type: 'chat.send', contactId: chat.contact.id, text: 'before restart' });
    const queuedCustomer = await connect(server);
    await agent.request({ type: 'agent.setState', state: 'AWAY' });
    const queued = await queuedCustomer.request({ type: 'chat.init', room: 'default' });
    agent.close();
    customer.close();
    queuedCustomer.close();
    await server.close();

    server = await startTestServer(config);
    const back = await connect(server);
    const resumed = await back.request({ type: 'resume', token: login.token, lastSeq: 0 });
    assert.equal(resumed.kind, 'agent');
    const snapshot = await back.request({ type: 'agent.snapshot' });
    assert.equal(snapshot.agent.state, 'AWAY');
    assert.deepEqual(
      snapshot.contacts.map((c) => [c.id, c.state, c.list]),
      [
        [chat.contact.id, 'delivered', 'assigned'],
        [queued.contact.id, 'queued', 'hidden'],
      ],
    );
    const history = await back.request({ type: 'chat.history', contactId: chat.contact.id });
    assert.deepEqual(history.messages.map((m) => [m.sequence, m.text]), [[1, 'before restart']]);

    const offeredAfter = nextEvent(back, 'contact.offered');
    await back.request({ type: 'agent.setState', state: 'ONLINE' });
    assert.equal((await offeredAfter).contact.id, queued.contact.id);

    const customerBack = await connect(server);
    await customerBack.request({ type: 'resume', token: chat.token, lastSeq: 0 });
    const reloaded = await customerBack.request({ type: 'chat.init', room: 'default', chatId: chat.contact.id });
    assert.equal(reloaded.messages[0].text, 'before restart');
    back.close();
    customerBack.close();
    await server.close();
  });
});

describe('router decisions across a restart', () => {
  it('keeps queue order and re-arms the timer of an offer made before the restart', async () => {
    const config = routingConfig();
    let server = await startTestServer(config);
    const customers = [];
    for (const name of ['First', 'Second', 'Third']) customers.push(await customerChat(server, 'default', name));
    const alice = await agentSession(server, 'alice', 'AWAY');
    const offer = nextEvent(alice, 'contact.offered');
    await alice.request({ type: 'agent.setState', state: 'ONLINE' });
    const offered = await offer;
    assert.equal(offered.contact.id, customers[0].chat.id, 'the first in queue is offered first');
    customers.forEach((c) => c.conn.close());
    alice.close();
    await server.close();

    server = await startTestServer(config);
    try {
      // The offer was not answered: after the restart it still times out, Alice is paused, it is re-routed.
      const bob = await agentSession(server, 'bob', 'AWAY');
      await new Promise((r) => setTimeout(r, 700));
      const team = await bob.request({ type: 'team.members' });
      assert.equal(team.members.find((m) => m.id === 'alice')?.forcedPause, true);
      const order = nextEvent(bob, 'contact.offered');
      await bob.request({ type: 'agent.setState', state: 'ONLINE' });
      assert.equal((await order).contact.id, customers[0].chat.id, 'still first in queue after the restart');
      const snapshot = await bob.request({ type: 'agent.snapshot' });
      const queued = snapshot.contacts.filter((c) => c.state === 'queued' || c.state === 'offered').map((c) => c.customer.name);
      assert.deepEqual(queued.sort(), ['First', 'Second', 'Third']);
      bob.close();
    } finally {
      await server.close();
    }
  });
});
