/**
 * Calls that move and join, against a real server: a blind transfer keeps the call (held until
 * the target takes it, then the agent side changes hands and media re-attaches), a transfer that
 * bounces back leaves the call with its sender, a consultation beside a held customer call is
 * handed over or joined into a conference, and the voice slot rules hold throughout. The
 * customer's views keep their keys and never carry agent-only data.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { callRingsForAgent, type WireConnection } from '../../../../protocol/index.ts';
import { acceptedChat, agentSession, record, type EventLog } from '../../../helpers/server.ts';
import { customerCall, signals, sleep, startCallServer, type CallServer, type SignalLog } from '../../../helpers/calls.ts';

let server: CallServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const refusal = (p: Promise<unknown>) => p.then(() => 'ok', (err) => err.name as string);
const OFFER = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } } as const;
const SECRET = 'agent-only: VIP billing dispute';

/** Every key of the customer's chat and call views; transfers add nothing but `transfer` (who from, who to: never its message). */
const CHAT_KEYS = ['agent', 'agentsReadUpTo', 'call', 'createdAt', 'csat', 'customer', 'deliveredAt', 'endReason', 'endedAt', 'id', 'lang', 'participants', 'queue', 'queueName', 'state', 'transfer', 'type', 'unread'];
const CALL_KEYS = ['connectTime', 'direction', 'endReason', 'endTime', 'hold', 'parked', 'recording', 'sharing', 'startTime', 'state', 'video'];

/** The customer saw only their narrow views: the same keys, no transfer message, no consultation or conference links. */
function assertCustomerViews(log: EventLog): void {
  const updates = log.filter((e) => e.topic === 'chat.updated');
  assert.ok(updates.length > 0);
  for (const { data } of updates) {
    assert.deepEqual(Object.keys(data.chat).sort(), CHAT_KEYS);
    if (data.chat.call) assert.deepEqual(Object.keys(data.chat.call).sort(), CALL_KEYS);
  }
  const text = JSON.stringify(log);
  for (const secret of [SECRET, 'consult', 'transferFrom', 'leftAgents', 'parties', 'recordings', 'muted']) assert.ok(!text.includes(secret), `the customer saw ${secret}`);
}

interface Agent {
  conn: WireConnection;
  log: EventLog;
  sig: SignalLog;
}

async function agent(s: CallServer, username: string, state: 'ONLINE' | 'AWAY' = 'ONLINE'): Promise<Agent> {
  const conn = await agentSession(s, username, state);
  return { conn, log: record(conn), sig: signals(conn) };
}

/** alice has taken a customer's call and both media endpoints are attached; bob and carol are logged in AWAY. */
async function callWithAlice(s: CallServer) {
  const bob = await agent(s, 'bob', 'AWAY');
  const carol = await agent(s, 'carol', 'AWAY');
  const alice = await agent(s, 'alice');
  const customer = await customerCall(s, { room: 'default' });
  const contactId = customer.contact.id;
  await alice.log.waitFor('contact.offered', (d) => d.contact.id === contactId);
  await alice.conn.request({ type: 'contact.accept', contactId });
  await customer.conn.request({ type: 'media.attach', contactId, endpointId: 'customer-endpoint-1' });
  await alice.conn.request({ type: 'media.attach', contactId, endpointId: 'alice-endpoint-1' });
  await customer.sig.waitFor('media.peer', (d) => d.endpointId === 'alice-endpoint-1');
  return { alice, bob, carol, customer, contactId };
}

const parties = (s: CallServer, contactId: string) => {
  const contact = s.contacts.get(contactId);
  const view = s.contacts.view(contact, contact.agentId ?? 'alice');
  return view.call!.parties.map((p) => [p.kind === 'customer' ? 'customer' : p.id, p.state]);
};

/** alice consults bob about the customer's call `contactId`; bob answers. Returns the consultation's contact id. */
async function consultBob(s: CallServer, alice: Agent, bob: Agent, contactId: string): Promise<string> {
  const consultation = await alice.conn.request({ type: 'call.start', agentId: 'bob', consultFor: contactId });
  assert.equal(consultation.call?.consultFor, contactId);
  assert.equal(consultation.call?.internal, true);
  await bob.log.waitFor('contact.offered', (d) => d.contact.id === consultation.id);
  await bob.conn.request({ type: 'call.answer', contactId: consultation.id });
  assert.equal(s.contacts.get(consultation.id).call!.state, 'connected');
  return consultation.id;
}

describe('call transfers', () => {
  it('a blind transfer keeps the call: held until the target takes it, then the agent side changes hands and media re-attaches', async () => {
    const s = (server = await startCallServer());
    const { alice, bob, customer, contactId } = await callWithAlice(s);
    await bob.conn.request({ type: 'agent.setState', state: 'ONLINE' });

    const sent = await alice.conn.request({ type: 'contact.transfer', contactId, toAgent: 'bob', message: SECRET });
    // alice keeps the call, held, while it waits for bob.
    assert.equal(sent.list, 'assigned');
    assert.equal(sent.call?.state, 'held');
    assert.equal(sent.call?.transferring, true);
    let contact = s.contacts.get(contactId);
    assert.equal(contact.call!.state, 'held');
    assert.equal(contact.call!.transferFrom, 'alice');
    assert.ok(s.dispatcher.voiceBusy('alice'), 'the sender keeps her voice slot while the transfer is pending');
    await customer.log.waitFor('conversation.transfer-agent', (d) => d.participant.id === 'bob');
    await customer.log.waitFor('chat.updated', (d) => d.chat.call?.hold === true && d.chat.call.state === 'held');

    // bob is offered the contact and sees the call on it.
    const offer = await bob.log.waitFor('contact.offered', (d) => d.contact.id === contactId);
    assert.equal(offer.contact.call.state, 'held');
    assert.equal(offer.contact.call.transferring, true);
    assert.ok(callRingsForAgent(offer.contact.call, offer.contact.list), 'it rings for bob');
    assert.equal(offer.contact.transfer.message, SECRET);
    assert.deepEqual(offer.contact.call.parties.map((p: any) => [p.kind === 'customer' ? 'customer' : p.id, p.state]), [['customer', 'held'], ['alice', 'connected'], ['bob', 'ringing']]);
    assert.equal(await refusal(bob.conn.request({ type: 'media.attach', contactId, endpointId: 'bob-endpoint-1' })), 'forbidden'); // not his before he takes it

    // bob answers the call: it is his, connected; alice's endpoint is dropped.
    await bob.conn.request({ type: 'call.answer', contactId });
    contact = s.contacts.get(contactId);
    assert.deepEqual([contact.state, contact.agentId, contact.call!.state, contact.call!.transferFrom, contact.call!.parked], ['delivered', 'bob', 'connected', null, true]);
    assert.deepEqual(parties(s, contactId), [['customer', 'connected'], ['bob', 'connected'], ['alice', 'left']]);
    assert.equal(s.contacts.view(contact, 'bob').call!.transferring, false);
    assert.deepEqual(await alice.sig.waitFor('media.replaced'), { contactId, endpointId: 'alice-endpoint-1' });
    assert.deepEqual(await customer.sig.waitFor('media.peer', (d) => d.endpointId === null), { contactId, kind: 'agent', endpointId: null });
    await alice.log.waitFor('contact.transferred', (d) => d.id === contactId && d.to.toAgent === 'bob');
    await alice.log.waitFor('contact.removed', (d) => d.contactId === contactId);
    assert.equal(await refusal(alice.conn.request({ type: 'media.signal', contactId, to: 'customer-endpoint-1', payload: OFFER })), 'forbidden');
    assert.equal(await refusal(customer.conn.request({ type: 'media.signal', contactId, to: 'alice-endpoint-1', payload: OFFER })), 'not_found');

    // bob's widget attaches: the customer hears of his endpoint, and a fresh peer connection is negotiated.
    const attached = await bob.conn.request({ type: 'media.attach', contactId, endpointId: 'bob-endpoint-1' });
    assert.deepEqual([attached.peer, attached.polite], [{ kind: 'customer', endpointId: 'customer-endpoint-1' }, false]);
    assert.deepEqual(await customer.sig.waitFor('media.peer', (d) => d.endpointId === 'bob-endpoint-1'), { contactId, kind: 'agent', endpointId: 'bob-endpoint-1' });
    await bob.conn.request({ type: 'media.signal', contactId, to: 'customer-endpoint-1', payload: OFFER });
    assert.equal((await customer.sig.waitFor('media.signal', (d) => d.from === 'bob-endpoint-1')).payload.kind, 'description');
    assert.equal(s.contacts.get(contactId).call!.parked, false);
    await customer.log.waitFor('user.joined', (d) => d.user.id === 'bob');
    await customer.log.waitFor('chat.updated', (d) => d.chat.agent?.id === 'bob' && d.chat.call?.state === 'connected' && !d.chat.call.parked);

    // Voice slots: alice is free, bob is on the call.
    assert.equal(s.dispatcher.voiceBusy('alice'), false);
    assert.deepEqual(s.dispatcher.callsOf('bob'), [contactId]);
    assert.equal(s.store.getContact(contactId)!.agentId, 'bob'); // durable
    await bob.conn.request({ type: 'call.hangup', contactId });
    assert.equal(s.contacts.get(contactId).state, 'wrap_up');
    assertCustomerViews(customer.log);
    for (const c of [alice.conn, bob.conn, customer.conn]) c.close();
  });

  it('a transfer that bounces back (declined, or a busy target) leaves the call with its sender, her media untouched', async () => {
    const s = (server = await startCallServer());
    const { alice, bob, carol, customer, contactId } = await callWithAlice(s);
    await bob.conn.request({ type: 'agent.setState', state: 'ONLINE' });

    // Declined: even without bounce-back a call goes back to its sender (a customer on a call is not parked in a queue).
    await alice.conn.request({ type: 'contact.transfer', contactId, toAgent: 'bob', disableBounceBack: true });
    await bob.log.waitFor('contact.offered', (d) => d.contact.id === contactId);
    await bob.conn.request({ type: 'call.decline', contactId });
    let contact = s.contacts.get(contactId);
    assert.deepEqual([contact.state, contact.agentId, contact.call!.state, contact.call!.parked], ['delivered', 'alice', 'connected', false]);
    assert.deepEqual(parties(s, contactId), [['customer', 'connected'], ['alice', 'connected']]);
    await alice.log.waitFor('contact.transferred', (d) => d.id === contactId && d.to.toAgent === 'alice');
    await customer.conn.request({ type: 'media.signal', contactId, to: 'alice-endpoint-1', payload: OFFER }); // her endpoint is still attached
    await alice.sig.waitFor('media.signal');
    assert.ok(!alice.sig.some((e) => e.topic === 'media.replaced'));

    // A target busy on a call is not offered it; the transfer times out and bounces back.
    await carol.conn.request({ type: 'agent.setState', state: 'ONLINE' });
    const busy = await bob.conn.request({ type: 'call.start', agentId: 'carol' });
    await carol.conn.request({ type: 'contact.accept', contactId: busy.id });
    await alice.conn.request({ type: 'contact.transfer', contactId, toAgent: 'carol' });
    assert.equal(s.contacts.get(contactId).call!.state, 'held');
    await alice.log.waitFor('contact.transferred', (d) => d.id === contactId && d.to.toAgent === 'alice' && s.contacts.get(contactId).state === 'delivered', 3_000);
    contact = s.contacts.get(contactId);
    assert.deepEqual([contact.agentId, contact.call!.state], ['alice', 'connected']);
    assert.ok(!carol.log.some((e) => e.topic === 'contact.offered' && e.data.contact.id === contactId));

    // The sender hangs up while the transfer is pending: the call ends and the contact is hers to wrap up.
    await bob.conn.request({ type: 'call.hangup', contactId: busy.id });
    await alice.conn.request({ type: 'contact.transfer', contactId, toAgent: 'bob' });
    await bob.log.waitFor('contact.offered', (d) => d.contact.id === contactId && d.contact.call?.state === 'held');
    await alice.conn.request({ type: 'call.hangup', contactId });
    contact = s.contacts.get(contactId);
    assert.deepEqual([contact.state, contact.agentId, contact.call!.state, contact.call!.endReason], ['wrap_up', 'alice', 'ended', 'hangup_agent']);
    await bob.log.waitFor('contact.removed', (d) => d.contactId === contactId);
    assert.equal(s.dispatcher.voiceBusy('alice'), false);
    assert.equal(s.dispatcher.voiceBusy('bob'), false);
    assertCustomerViews(customer.log);
    for (const c of [alice.conn, bob.conn, carol.conn, customer.conn]) c.close();
  });

  it('a chat\'s call transferred to a skill goes along: its offer takes the target\'s voice slot, and taking it answers the call', async () => {
    const s = (server = await startCallServer());
    const bob = await agent(s, 'bob', 'AWAY');
    const alice = await agent(s, 'alice');
    const customer = await acceptedChat(s, alice.conn);
    const contactId = customer.chat.id;
    await customer.conn.request({ type: 'call.request', contactId });
    await alice.conn.request({ type: 'call.answer', contactId });
    await bob.conn.request({ type: 'agent.setState', state: 'ONLINE' });
    await alice.conn.request({ type: 'contact.transfer', contactId, toSkill: 'support', message: SECRET });
    await customer.log.waitFor('conversation.transfer-skill', (d) => d.skillId === 'support');
    const offer = await bob.log.waitFor('contact.offered', (d) => d.contact.id === contactId);
    assert.deepEqual([offer.contact.type, offer.contact.call.state], ['chat', 'held']);
    assert.ok(s.dispatcher.voiceBusy('bob'), 'the offer of a call takes the voice slot');
    assert.equal(await refusal(alice.conn.request({ type: 'call.start', contactId })), 'not_suitable_state'); // she still holds the call
    await bob.conn.request({ type: 'contact.accept', contactId });
    const contact = s.contacts.get(contactId);
    assert.deepEqual([contact.state, contact.agentId, contact.call!.state], ['delivered', 'bob', 'connected']);
    assert.deepEqual(parties(s, contactId), [['customer', 'connected'], ['bob', 'connected'], ['alice', 'left']]);
    assert.deepEqual(s.dispatcher.callsOf('bob'), [contactId]);
    assert.equal(s.dispatcher.voiceBusy('alice'), false);
    await customer.conn.request({ type: 'call.hangup', contactId });
    assert.equal(s.contacts.get(contactId).state, 'delivered'); // the chat goes on with bob
    assertCustomerViews(customer.log);
    for (const c of [alice.conn, bob.conn, customer.conn]) c.close();
  });

  it('consults a colleague beside the held customer call, then hands the customer over', async () => {
    const s = (server = await startCallServer());
    const { alice, bob, customer, contactId } = await callWithAlice(s);

    const consultation = await alice.conn.request({ type: 'call.start', agentId: 'bob', consultFor: contactId });
    // The customer's call is held by the consultation; its view links the two.
    let held = s.contacts.get(contactId);
    assert.deepEqual([held.state, held.call!.state], ['hold', 'held']);
    const heldView = s.contacts.view(held, 'alice');
    assert.deepEqual(heldView.call!.consult, { contactId: consultation.id, agentId: 'bob' });
    assert.equal(heldView.call!.conference, false);
    await customer.log.waitFor('chat.updated', (d) => d.chat.call?.hold === true);

    // The voice slot's one exception: one consultation beside one held customer call, nothing more.
    assert.deepEqual(s.dispatcher.callsOf('alice').sort(), [contactId, consultation.id].sort());
    assert.equal(await refusal(alice.conn.request({ type: 'call.start', agentId: 'carol' })), 'not_suitable_state');
    assert.equal(await refusal(alice.conn.request({ type: 'call.start', agentId: 'carol', consultFor: contactId })), 'not_suitable_state');
    assert.equal(await refusal(alice.conn.request({ type: 'call.hold', contactId, hold: false })), 'not_suitable_state');
    assert.equal(await refusal(alice.conn.request({ type: 'contact.transfer', contactId, toAgent: 'carol' })), 'not_suitable_state');
    assert.equal(await refusal(alice.conn.request({ type: 'call.transferConsult', contactId, consultContactId: consultation.id })), 'not_suitable_state'); // bob has not answered

    await bob.log.waitFor('contact.offered', (d) => d.contact.id === consultation.id);
    await bob.conn.request({ type: 'call.answer', contactId: consultation.id });
    assert.equal(await refusal(alice.conn.request({ type: 'call.transferConsult', contactId, consultContactId: contactId })), 'invalid_args');
    await alice.conn.request({ type: 'call.transferConsult', contactId, consultContactId: consultation.id });

    held = s.contacts.get(contactId);
    assert.deepEqual([held.state, held.agentId, held.call!.state, held.call!.consult], ['delivered', 'bob', 'connected', null]);
    assert.deepEqual(parties(s, contactId), [['customer', 'connected'], ['bob', 'connected'], ['alice', 'left']]);
    const ended = s.contacts.get(consultation.id);
    assert.deepEqual([ended.state, ended.call!.state, ended.call!.endReason], ['wrap_up', 'ended', 'hangup_agent']);
    // The media moves as after a blind transfer: alice's endpoint goes, bob's attaches.
    assert.deepEqual(await alice.sig.waitFor('media.replaced'), { contactId, endpointId: 'alice-endpoint-1' });
    await customer.sig.waitFor('media.peer', (d) => d.endpointId === null);
    await alice.log.waitFor('contact.transferred', (d) => d.id === contactId && d.to.toAgent === 'bob');
    await customer.log.waitFor('user.joined', (d) => d.user.id === 'bob');
    const attached = await bob.conn.request({ type: 'media.attach', contactId, endpointId: 'bob-endpoint-1' });
    assert.deepEqual(attached.peer, { kind: 'customer', endpointId: 'customer-endpoint-1' });
    await customer.sig.waitFor('media.peer', (d) => d.endpointId === 'bob-endpoint-1');

    assert.equal(s.dispatcher.voiceBusy('alice'), false);
    assert.deepEqual(s.dispatcher.callsOf('bob'), [contactId]);
    assertCustomerViews(customer.log);
    for (const c of [alice.conn, bob.conn, customer.conn]) c.close();
  });

  it('consults, then conferences all three: the parties, removing the colleague, the colleague leaving, ending the conference, hanging up', async () => {
    const s = (server = await startCallServer());
    const { alice, bob, customer, contactId } = await callWithAlice(s);

    // 1. Join, then alice removes bob.
    let consultation = await consultBob(s, alice, bob, contactId);
    await alice.conn.request({ type: 'call.conference', contactId, consultContactId: consultation });
    let held = s.contacts.get(contactId);
    let view = s.contacts.view(held, 'alice');
    assert.deepEqual([held.state, held.call!.state, view.call!.conference], ['delivered', 'connected', true]);
    assert.deepEqual(parties(s, contactId), [['customer', 'connected'], ['alice', 'connected'], ['bob', 'connected']]);
    assert.equal(await refusal(alice.conn.request({ type: 'call.conference', contactId, consultContactId: consultation })), 'not_suitable_state');
    await customer.log.waitFor('conversation.participant-added', (d) => d.participant.id === 'bob' && d.participant.state === 'ACTIVE');
    await customer.log.waitFor('chat.updated', (d) => d.chat.participants.some((p: any) => p.id === 'bob') && d.chat.call?.hold === false);
    // bob is in the conversation (his list shows it assigned) but carries his audio on the consultation, not on the customer's call.
    const bobView = (await bob.conn.request({ type: 'agent.snapshot' })).contacts.find((c) => c.id === contactId)!;
    assert.equal(bobView.list, 'assigned');
    assert.equal(bobView.call?.conference, true);
    assert.equal(await refusal(bob.conn.request({ type: 'media.attach', contactId, endpointId: 'bob-endpoint-1' })), 'forbidden');
    assert.equal(s.contacts.get(consultation).call!.state, 'connected');

    await alice.conn.request({ type: 'call.removeFromConference', contactId, agentId: 'bob' });
    held = s.contacts.get(contactId);
    assert.deepEqual([held.call!.state, held.call!.consult, held.routing.conference], ['connected', null, []]);
    assert.deepEqual(parties(s, contactId), [['customer', 'connected'], ['alice', 'connected'], ['bob', 'left']]);
    assert.equal(s.contacts.get(consultation).call!.state, 'ended');
    await customer.log.waitFor('conversation.participant-removed', (d) => d.participant.id === 'bob');
    assert.equal(await refusal(alice.conn.request({ type: 'call.removeFromConference', contactId, agentId: 'bob' })), 'not_found');
    await bob.conn.request({ type: 'contact.complete', contactId: consultation });

    // 2. Join again; bob hangs up his call: he leaves the conference, alice keeps the customer.
    consultation = await consultBob(s, alice, bob, contactId);
    await alice.conn.request({ type: 'call.conference', contactId, consultContactId: consultation });
    await bob.conn.request({ type: 'call.hangup', contactId: consultation });
    held = s.contacts.get(contactId);
    assert.deepEqual([held.call!.state, held.call!.consult, held.routing.conference], ['connected', null, []]);
    assert.equal(s.contacts.view(held, 'alice').call!.conference, false);
    await bob.conn.request({ type: 'contact.complete', contactId: consultation });

    // 3. Join again; alice ends the conference (drops every other agent).
    consultation = await consultBob(s, alice, bob, contactId);
    await alice.conn.request({ type: 'call.conference', contactId, consultContactId: consultation });
    assert.equal(await refusal(bob.conn.request({ type: 'call.endConference', contactId })), 'forbidden'); // only the call's agent
    await alice.conn.request({ type: 'call.endConference', contactId });
    assert.equal(s.contacts.get(consultation).call!.state, 'ended');
    assert.equal(s.contacts.get(contactId).call!.state, 'connected');
    assert.equal(await refusal(alice.conn.request({ type: 'call.endConference', contactId })), 'not_suitable_state');
    await bob.conn.request({ type: 'contact.complete', contactId: consultation });

    // 4. Join again; alice hangs up the customer's call: the conference is over for everyone.
    consultation = await consultBob(s, alice, bob, contactId);
    await alice.conn.request({ type: 'call.conference', contactId, consultContactId: consultation });
    await alice.conn.request({ type: 'call.hangup', contactId });
    held = s.contacts.get(contactId);
    assert.deepEqual([held.state, held.call!.state, held.call!.endReason], ['wrap_up', 'ended', 'hangup_agent']);
    assert.equal(s.contacts.get(consultation).call!.state, 'ended');
    view = s.contacts.view(held, 'alice');
    assert.equal(view.call!.conference, false);
    assert.ok(view.call!.parties.every((p) => p.state === 'left'));
    for (const id of ['alice', 'bob']) assert.equal(s.dispatcher.voiceBusy(id), false, `${id}'s voice slot is free`);
    assertCustomerViews(customer.log);
    for (const c of [alice.conn, bob.conn, customer.conn]) c.close();
  });

  it('a consultation the colleague declines leaves the customer held with the agent; the customer hanging up ends the consultation too', async () => {
    const s = (server = await startCallServer());
    const { alice, bob, customer, contactId } = await callWithAlice(s);
    assert.equal(await refusal(alice.conn.request({ type: 'call.start', contactId, consultFor: contactId })), 'invalid_args');
    assert.equal(await refusal(bob.conn.request({ type: 'call.start', agentId: 'carol', consultFor: contactId })), 'forbidden'); // not bob's call

    const first = await alice.conn.request({ type: 'call.start', agentId: 'bob', consultFor: contactId });
    await bob.log.waitFor('contact.offered', (d) => d.contact.id === first.id);
    await bob.conn.request({ type: 'call.decline', contactId: first.id });
    let held = s.contacts.get(contactId);
    assert.deepEqual([held.call!.state, held.call!.consult], ['held', null]);
    await alice.conn.request({ type: 'call.hold', contactId, hold: false }); // the customer back, nothing to consult any more
    assert.equal(s.contacts.get(contactId).call!.state, 'connected');

    const second = await consultBob(s, alice, bob, contactId);
    await customer.conn.request({ type: 'call.hangup', contactId });
    held = s.contacts.get(contactId);
    assert.deepEqual([held.state, held.call!.endReason], ['wrap_up', 'hangup_customer']);
    assert.equal(s.contacts.get(second).call!.state, 'ended');
    await sleep(50);
    for (const id of ['alice', 'bob']) assert.equal(s.dispatcher.voiceBusy(id), false);
    assertCustomerViews(customer.log);
    for (const c of [alice.conn, bob.conn, customer.conn]) c.close();
  });
});
