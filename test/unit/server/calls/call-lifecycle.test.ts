/** Calls against a real server: routed voice contacts and the voice slot, voice on a chat, outbound and internal calls, how calls end. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { acceptedChat, agentSession, nextEvent, record } from '../../../helpers/server.ts';
import { customerCall, sleep, startCallServer, type CallServer } from '../../../helpers/calls.ts';

let server: CallServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const refusal = (p: Promise<unknown>) => p.then(() => 'ok', (err) => err.name as string);

describe('calls', () => {
  it('routes a customer call as a voice contact; accepting answers it; the voice slot takes one call but chats still come', async () => {
    const s = (server = await startCallServer());
    const alice = await agentSession(s, 'alice');
    const aliceLog = record(alice);
    const first = await customerCall(s, { room: 'default' });
    assert.equal(first.contact.type, 'voice');
    assert.equal(first.contact.call?.state, 'ringing');
    assert.equal(first.contact.call?.direction, 'inbound');
    const offer = await aliceLog.waitFor('contact.offered', (d) => d.contact.id === first.contact.id);
    assert.equal(offer.contact.isMine, true);
    assert.equal(offer.contact.call.ani, `customer:${first.contact.customer.id}`);
    assert.equal(offer.contact.call.dnis, 'default');
    assert.equal(offer.contact.call.state, 'ringing');

    const accepted = await alice.request({ type: 'contact.accept', contactId: first.contact.id });
    assert.equal(accepted.state, 'delivered');
    assert.equal(accepted.call?.state, 'connected');
    assert.ok(accepted.call!.connectTime! >= accepted.call!.startTime);
    assert.deepEqual(accepted.call!.parties.map((p) => [p.kind, p.state]), [['customer', 'connected'], ['agent', 'connected']]);
    assert.equal(accepted.call!.parties[1].address, 'agent:alice');
    const atCustomer = await first.log.waitFor('chat.updated', (d) => d.chat.call?.state === 'connected');
    assert.ok(atCustomer.chat.call.connectTime);
    assert.equal(s.store.getContact(first.contact.id)!.call!.state, 'connected'); // durable

    // alice is on a call: a second call waits; a chat is still offered to her.
    const second = await customerCall(s, { room: 'default' });
    const chat = await (async () => {
      const offered = nextEvent(alice, 'contact.offered', (d: any) => d.contact.type === 'chat');
      const { conn, chat } = await import('../../../helpers/server.ts').then((m) => m.customerChat(s));
      await offered;
      return { conn, chat };
    })();
    await sleep(200);
    assert.equal(s.contacts.get(second.contact.id).state, 'queued');
    assert.ok(!aliceLog.some((e) => e.topic === 'contact.offered' && e.data.contact.id === second.contact.id));
    assert.equal(s.contacts.get(chat.chat.id).state, 'offered');
    const members = await alice.request({ type: 'team.members' });
    assert.equal(members.members.find((m) => m.id === 'alice')!.load, 2); // the chat offer and the call

    // Hanging up: the voice contact goes to wrap-up, and the waiting call comes to alice.
    const next = aliceLog.waitFor('contact.offered', (d) => d.contact.id === second.contact.id);
    await alice.request({ type: 'call.hangup', contactId: first.contact.id });
    const ended = s.contacts.get(first.contact.id);
    assert.equal(ended.state, 'wrap_up');
    assert.equal(ended.endReason, 'agent');
    assert.equal(ended.call!.state, 'ended');
    assert.equal(ended.call!.endReason, 'hangup_agent');
    await first.log.waitFor('chat.updated', (d) => d.chat.call?.endReason === 'hangup_agent');
    await next;
    for (const c of [alice, first.conn, second.conn, chat.conn]) c.close();
  });

  it('adds voice to a chat: it rings the chat\'s agent, who answers; a hangup leaves the chat going', async () => {
    const s = (server = await startCallServer());
    const alice = await agentSession(s, 'alice');
    const aliceLog = record(alice);
    const customer = await acceptedChat(s, alice);
    const call = await customerCall(s, { contactId: customer.chat.id }, customer.conn);
    assert.equal(call.contact.id, customer.chat.id);
    assert.equal(call.contact.type, 'chat');
    assert.equal(call.contact.call?.state, 'ringing');
    const ringing = await aliceLog.waitFor('contact.updated', (d) => d.contact.id === customer.chat.id && d.contact.call?.state === 'ringing');
    assert.deepEqual(ringing.contact.call.parties.map((p: any) => p.state), ['connected', 'ringing']);
    assert.equal(await refusal(customer.conn.request({ type: 'call.answer', contactId: customer.chat.id })), 'not_suitable_state'); // the caller
    await alice.request({ type: 'call.answer', contactId: customer.chat.id });
    assert.equal(s.contacts.get(customer.chat.id).call!.state, 'connected');
    // alice's voice slot is taken: another customer of hers cannot ring her now.
    const other = await acceptedChat(s, alice);
    assert.equal(await refusal(other.conn.request({ type: 'call.request', contactId: other.chat.id })), 'not_suitable_state');
    other.conn.close();
    await customer.conn.request({ type: 'call.hangup', contactId: customer.chat.id });
    const contact = s.contacts.get(customer.chat.id);
    assert.equal(contact.call!.endReason, 'hangup_customer');
    assert.equal(contact.state, 'delivered');
    const sent = await customer.conn.request({ type: 'chat.send', contactId: customer.chat.id, text: 'still here' });
    assert.equal(sent.text, 'still here');
    alice.close();
    customer.conn.close();
  });

  it('calls the customer of an open chat (outbound): declined, cancelled, unanswered, answered; an offline customer is refused', async () => {
    const s = (server = await startCallServer({ callRingSeconds: 0.3 }));
    const alice = await agentSession(s, 'alice');
    const customer = await acceptedChat(s, alice);
    const start = () => alice.request({ type: 'call.start', contactId: customer.chat.id });

    const view = await start();
    assert.equal(view.call?.direction, 'outbound');
    assert.equal(view.call?.ani, 'agent:alice');
    assert.equal(view.call?.dnis, `customer:${customer.chat.customer.id}`);
    await customer.log.waitFor('chat.updated', (d) => d.chat.call?.state === 'ringing' && d.chat.call.direction === 'outbound');
    assert.equal(await refusal(start()), 'not_suitable_state'); // one call at a time
    await customer.conn.request({ type: 'call.decline', contactId: customer.chat.id });
    assert.equal(s.contacts.get(customer.chat.id).call!.endReason, 'declined');

    await start();
    await alice.request({ type: 'call.hangup', contactId: customer.chat.id });
    assert.equal(s.contacts.get(customer.chat.id).call!.endReason, 'cancelled');

    await start();
    await customer.log.waitFor('chat.updated', (d) => d.chat.call?.endReason === 'no_answer', 2_000);
    assert.equal(s.contacts.get(customer.chat.id).state, 'delivered'); // the chat goes on

    await start();
    await customer.conn.request({ type: 'call.answer', contactId: customer.chat.id });
    assert.equal(s.contacts.get(customer.chat.id).call!.state, 'connected');
    await sleep(400); // past the ring time: an answered call does not time out
    assert.equal(s.contacts.get(customer.chat.id).call!.state, 'connected');
    await customer.conn.request({ type: 'call.hangup', contactId: customer.chat.id });

    customer.conn.close();
    await sleep(100);
    await assert.rejects(start(), (err: any) => err.name === 'not_suitable_state' && /offline/.test(err.message));
    alice.close();
  });

  it('calls another agent (internal): a direct offer that rings the callee; offline and busy targets are refused', async () => {
    const s = (server = await startCallServer());
    const alice = await agentSession(s, 'alice');
    const bob = await agentSession(s, 'bob', 'AWAY');
    const carol = await agentSession(s, 'carol');
    const aliceLog = record(alice);
    const bobLog = record(bob);
    const view = await alice.request({ type: 'call.start', agentId: 'bob' });
    assert.equal(view.type, 'voice');
    assert.equal(view.list, 'assigned');
    assert.equal(view.call?.internal, true);
    assert.equal(view.call?.direction, 'outbound');
    assert.equal(view.call?.dnis, 'agent:bob');
    const offer = await bobLog.waitFor('contact.offered', (d) => d.contact.id === view.id);
    assert.equal(offer.contact.isMine, true);
    assert.equal(offer.contact.offerExpiresAt, null); // the ring time limits it, not an offer timeout
    assert.deepEqual(offer.contact.call.parties.map((p: any) => [p.kind, p.id, p.state]), [['agent', 'alice', 'connected'], ['agent', 'bob', 'ringing']]);

    assert.equal(await refusal(carol.request({ type: 'call.start', agentId: 'bob' })), 'not_suitable_state'); // bob's voice slot is taken
    assert.equal(await refusal(carol.request({ type: 'call.start', agentId: 'nobody' })), 'not_found');
    assert.equal(await refusal(carol.request({ type: 'call.start', agentId: 'carol' })), 'invalid_args');

    const accepted = await bob.request({ type: 'contact.accept', contactId: view.id });
    assert.equal(accepted.call?.state, 'connected');
    await aliceLog.waitFor('contact.updated', (d) => d.contact.id === view.id && d.contact.call?.state === 'connected');
    // The caller signals and relays as the contact's other party.
    await alice.request({ type: 'media.attach', contactId: view.id, endpointId: 'alice-endpoint' });
    await bob.request({ type: 'call.hangup', contactId: view.id });
    const ended = s.contacts.get(view.id);
    assert.equal(ended.call!.endReason, 'hangup_agent');
    assert.equal(ended.state, 'wrap_up');
    await aliceLog.waitFor('contact.removed', (d) => d.contactId === view.id);

    // Declining an internal call ends it (it is not re-routed).
    const again = await alice.request({ type: 'call.start', agentId: 'carol' });
    await carol.request({ type: 'contact.decline', contactId: again.id });
    assert.equal(s.contacts.get(again.id).call!.endReason, 'declined');
    assert.equal(s.contacts.get(again.id).state, 'cancelled');

    carol.close();
    await sleep(100);
    assert.equal(await refusal(alice.request({ type: 'call.start', agentId: 'carol' })), 'not_suitable_state'); // no connection
    alice.close();
    bob.close();
  });

  it("an internal call's caller holds, mutes (their own microphone, as each agent sees it) and records like the callee", async () => {
    const s = (server = await startCallServer());
    const alice = await agentSession(s, 'alice');
    const bob = await agentSession(s, 'bob');
    const aliceLog = record(alice);
    const bobLog = record(bob);
    const view = await alice.request({ type: 'call.start', agentId: 'bob' });
    await bob.request({ type: 'contact.accept', contactId: view.id });
    await aliceLog.waitFor('contact.updated', (d) => d.contact.id === view.id && d.contact.call?.state === 'connected');

    await alice.request({ type: 'call.mute', contactId: view.id, muted: true });
    await aliceLog.waitFor('contact.updated', (d) => d.contact.id === view.id && d.contact.call?.muted === true);
    const atBob = await bobLog.waitFor('contact.updated', (d) => d.contact.id === view.id && d.contact.call?.internal);
    assert.equal(atBob.contact.call.muted, false, "alice's mute is not bob's");
    await bob.request({ type: 'call.mute', contactId: view.id, muted: true });
    await bobLog.waitFor('contact.updated', (d) => d.contact.id === view.id && d.contact.call?.muted === true);
    await alice.request({ type: 'call.mute', contactId: view.id, muted: false });
    const unmuted = await aliceLog.waitFor('contact.updated', (d) => d.contact.id === view.id && d.contact.call?.muted === false);
    assert.equal(unmuted.contact.call.muted, false);
    assert.equal(s.store.getContact(view.id)!.call!.muted, true, "bob's stays"); // durable, each their own

    await alice.request({ type: 'call.hold', contactId: view.id, hold: true });
    assert.equal(s.contacts.get(view.id).call!.state, 'held');
    await alice.request({ type: 'call.hold', contactId: view.id, hold: false });
    const { recordingId } = await alice.request({ type: 'call.recording', contactId: view.id, recording: true });
    assert.ok(recordingId);
    await alice.request({ type: 'call.recording', contactId: view.id, recording: false });
    // A third agent is no party: refused.
    const carol = await agentSession(s, 'carol');
    assert.equal(await refusal(carol.request({ type: 'call.mute', contactId: view.id, muted: true })), 'forbidden');
    await alice.request({ type: 'call.hangup', contactId: view.id });
    for (const c of [alice, bob, carol]) c.close();
  });

  it('an internal call nobody answers ends no_answer', async () => {
    const s = (server = await startCallServer({ callRingSeconds: 0.3 }));
    const alice = await agentSession(s, 'alice');
    const bob = await agentSession(s, 'bob');
    const view = await alice.request({ type: 'call.start', agentId: 'bob' });
    await sleep(600);
    const contact = s.store.getContact(view.id)!;
    assert.equal(contact.call!.endReason, 'no_answer');
    assert.equal(contact.state, 'cancelled');
    alice.close();
    bob.close();
  });

  it('a caller who hangs up while queued cancels; hold, mute and media flags', async () => {
    const s = (server = await startCallServer());
    const waiting = await customerCall(s, { room: 'default' });
    await waiting.conn.request({ type: 'call.hangup', contactId: waiting.contact.id });
    const gone = s.store.getContact(waiting.contact.id)!;
    assert.equal(gone.call!.endReason, 'cancelled');
    assert.equal(gone.state, 'cancelled');

    const alice = await agentSession(s, 'alice');
    const call = await customerCall(s, { room: 'default' });
    await nextEvent(alice, 'contact.offered', (d: any) => d.contact.id === call.contact.id).catch(() => null);
    await alice.request({ type: 'contact.accept', contactId: call.contact.id });
    await alice.request({ type: 'call.hold', contactId: call.contact.id, hold: true });
    let contact = s.contacts.get(call.contact.id);
    assert.deepEqual([contact.state, contact.call!.state, contact.call!.hold], ['hold', 'held', true]);
    await call.log.waitFor('chat.updated', (d) => d.chat.call?.hold === true);
    assert.equal(await refusal(call.conn.request({ type: 'call.hold', contactId: call.contact.id, hold: false })), 'forbidden'); // agent only
    await alice.request({ type: 'call.hold', contactId: call.contact.id, hold: false });
    contact = s.contacts.get(call.contact.id);
    assert.deepEqual([contact.state, contact.call!.state, contact.call!.hold], ['delivered', 'connected', false]);
    await alice.request({ type: 'call.mute', contactId: call.contact.id, muted: true });
    await call.conn.request({ type: 'call.media', contactId: call.contact.id, video: true });
    await alice.request({ type: 'call.media', contactId: call.contact.id, sharing: true });
    const snapshot = await alice.request({ type: 'agent.snapshot' });
    const seen = snapshot.contacts.find((c) => c.id === call.contact.id)!;
    assert.deepEqual([seen.call!.muted, seen.call!.video, seen.call!.sharing], [true, true, true]);
    await call.conn.request({ type: 'call.hangup', contactId: call.contact.id });
    contact = s.contacts.get(call.contact.id);
    assert.deepEqual([contact.state, contact.endReason, contact.call!.endReason], ['wrap_up', 'customer', 'hangup_customer']);
    assert.equal(await refusal(alice.request({ type: 'call.mute', contactId: call.contact.id, muted: false })), 'not_suitable_state');
    alice.close();
    call.conn.close();
    waiting.conn.close();
  });

  it('an agent gone past the grace period ends their call media_lost; the voice contact goes to wrap-up, not back to the queue', async () => {
    const s = (server = await startCallServer({ presenceGraceSeconds: 0.3 }));
    const alice = await agentSession(s, 'alice');
    const call = await customerCall(s, { room: 'default' });
    await nextEvent(alice, 'contact.offered', (d: any) => d.contact.id === call.contact.id).catch(() => null);
    await alice.request({ type: 'contact.accept', contactId: call.contact.id });
    alice.close();
    await call.log.waitFor('chat.updated', (d) => d.chat.call?.endReason === 'media_lost', 3_000);
    const contact = s.contacts.get(call.contact.id);
    assert.equal(contact.state, 'wrap_up');
    assert.equal(contact.agentId, 'alice');
    assert.ok(!call.log.some((e) => e.topic === 'conversation.back-to-queue'));
    call.conn.close();
  });
});
