import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_ATTACHED_DATA_CHARS, MAX_VARIABLE_CHARS } from '../../../protocol/index.ts';
import { connect, nextEvent, startTestServer } from '../../helpers/server.ts';

describe('contact variables and what the host API reads from the snapshot', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('takes values up to MAX_VARIABLE_CHARS, and a contact up to MAX_ATTACHED_DATA_CHARS in all', async () => {
    const agent = await connect(server);
    const login = await agent.request({ type: 'agent.login', username: 'bob', password: 'bob' });
    agent.setSession(login.token, login.seq);
    assert.equal(login.agent.username, 'bob');
    await agent.request({ type: 'agent.setState', state: 'ONLINE' });
    const customer = await connect(server);
    const offered = nextEvent(agent, 'contact.offered');
    const chat = await customer.request({ type: 'chat.init', room: 'default', name: 'Vera' });
    await offered;
    await agent.request({ type: 'contact.accept', contactId: chat.contact.id });
    const contactId = chat.contact.id;

    const full = 'x'.repeat(MAX_VARIABLE_CHARS);
    const set = await agent.request({ type: 'contact.setVariable', contactId, name: 'sb.objects', value: full });
    assert.equal(set.attachedData['sb.objects'].length, MAX_VARIABLE_CHARS);
    await assert.rejects(agent.request({ type: 'contact.setVariable', contactId, name: 'big', value: `${full}x` }), { name: 'bad_request' });
    // Three more full values fit under the contact's total only if it allows them: the fourth goes over.
    const perContact = Math.floor(MAX_ATTACHED_DATA_CHARS / (MAX_VARIABLE_CHARS + 2));
    for (let i = 1; i < perContact; i++) await agent.request({ type: 'contact.setVariable', contactId, name: `v${i}`, value: full });
    await assert.rejects(agent.request({ type: 'contact.setVariable', contactId, name: 'one-too-many', value: full }), { name: 'too_large' });
    // Replacing a variable counts its new value, not both.
    await agent.request({ type: 'contact.setVariable', contactId, name: 'v1', value: 'small' });

    const snapshot = await agent.request({ type: 'agent.snapshot' });
    assert.equal(snapshot.agent.username, 'bob');
    assert.deepEqual(snapshot.dispositions.find((d) => d.id === 'no-answer'), { id: 'no-answer', name: 'Customer did not answer', type: 'FAILURE' });
    assert.deepEqual(snapshot.queues.map((q) => [q.id, q.requireDisposition]), [['default', false], ['sales', false], ['support', false]]);
    agent.close();
    customer.close();
  });
});
