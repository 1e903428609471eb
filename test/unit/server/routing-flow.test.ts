import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { WireConnection } from '../../../protocol/index.ts';
import { acceptedChat, agentSession, customerChat, nextEvent, record, routingConfig, startTestServer } from '../../helpers/server.ts';

describe('routing and the contact lifecycle over the gateway', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const open: WireConnection[] = [];
  const track = <T extends WireConnection>(c: T) => (open.push(c), c);
  // A fresh server (and database) for each test: no contact or pause leaks from one to the next.
  beforeEach(async () => (server = await startTestServer(routingConfig())));
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await server.close();
  });

  it('a direct offer that times out pauses the agent and goes to the next one', async () => {
    const alice = track(await agentSession(server, 'alice'));
    const bob = track(await agentSession(server, 'bob'));
    await new Promise((r) => setTimeout(r, 5)); // bob became ONLINE later: alice is idle longer
    const aliceEvents = record(alice);
    const firstOffer = nextEvent(alice, 'contact.offered');
    const { conn, chat } = await customerChat(server);
    track(conn);
    const offer = await firstOffer;
    assert.equal(offer.contact.isMine, true);
    assert.ok(offer.contact.offerExpiresAt > Date.now());
    const toBob = await nextEvent(bob, 'contact.offered', (d: any) => d.contact.id === chat.id, 3_000);
    assert.equal(toBob.contact.isMine, true);
    const paused = aliceEvents.find((e) => e.topic === 'agent.state' && e.data.forcedPause);
    assert.ok(paused, 'alice is told she is in a forced pause');
    const team = await bob.request({ type: 'team.members' });
    assert.equal(team.members.find((m) => m.id === 'alice')?.forcedPause, true);
    // Alice leaves the pause by picking a state.
    const resumed = await alice.request({ type: 'agent.setState', state: 'ONLINE' });
    assert.equal(resumed.forcedPause, false);
    await bob.request({ type: 'contact.accept', contactId: chat.id });
  });

  it('decline re-routes at once without a pause; only a contact routed to me alone can be declined', async () => {
    const alice = track(await agentSession(server, 'alice'));
    const carol = track(await agentSession(server, 'carol'));
    const offered = nextEvent(alice, 'contact.offered');
    const { conn, chat } = await customerChat(server);
    track(conn);
    await offered;
    await assert.rejects(carol.request({ type: 'contact.decline', contactId: chat.id }), { name: 'not_suitable_state' });
    const declinedSeen = nextEvent(carol, 'contact.declined');
    const toCarol = nextEvent(carol, 'contact.offered', (d: any) => d.contact.id === chat.id);
    const declined = await alice.request({ type: 'contact.decline', contactId: chat.id });
    assert.equal(declined.list, 'hidden');
    assert.deepEqual(await declinedSeen, { id: chat.id, user: 'alice', nick: 'Alice' });
    await toCarol;
    const snapshot = await alice.request({ type: 'agent.snapshot' });
    assert.equal(snapshot.agent.forcedPause, false);
  });

  it('broadcast: every qualified agent rings, the first accept wins, the others see it leave', async () => {
    const alice = track(await agentSession(server, 'alice'));
    const carol = track(await agentSession(server, 'carol'));
    const bob = track(await agentSession(server, 'bob')); // no sales skill
    const bobEvents = record(bob);
    const ringAlice = nextEvent(alice, 'contact.offered');
    const ringCarol = nextEvent(carol, 'contact.offered');
    const { conn, chat } = await customerChat(server, 'sales');
    track(conn);
    const [a, c] = await Promise.all([ringAlice, ringCarol]);
    assert.equal(a.contact.mode, 'broadcast');
    assert.equal(a.contact.isMine, false);
    assert.equal(c.contact.id, chat.id);
    await assert.rejects(alice.request({ type: 'contact.decline', contactId: chat.id }), { name: 'not_suitable_state' });
    const gone = nextEvent(alice, 'contact.removed', (d: any) => d.contactId === chat.id);
    await carol.request({ type: 'contact.accept', contactId: chat.id });
    await gone;
    await assert.rejects(alice.request({ type: 'contact.accept', contactId: chat.id }), { name: 'not_suitable_state' });
    assert.equal(bobEvents.filter((e) => e.data.contact?.id === chat.id).length, 0);
  });

  it('transfer to an agent: unanswered, it bounces back; accepted, the sender is told', async () => {
    const alice = track(await agentSession(server, 'alice'));
    const { conn: customer, chat } = await acceptedChat(server, alice);
    track(customer);
    const bob = track(await agentSession(server, 'bob'));
    const customerEvents = record(customer);

    await assert.rejects(alice.request({ type: 'contact.transfer', contactId: chat.id, toAgent: 'nobody' }), { name: 'not_found' });
    await assert.rejects(alice.request({ type: 'contact.transfer', contactId: chat.id, toAgent: 'alice' }), { name: 'invalid_args' });
    await assert.rejects(alice.request({ type: 'contact.transfer', contactId: chat.id }), { name: 'invalid_args' });

    const ring = nextEvent(bob, 'contact.offered');
    const sent = await alice.request({ type: 'contact.transfer', contactId: chat.id, toAgent: 'bob', message: 'VIP, wants a refund' });
    assert.equal(sent.list, 'hidden');
    const offer = await ring;
    assert.deepEqual(offer.contact.transfer, { fromAgentId: 'alice', message: 'VIP, wants a refund' });
    assert.deepEqual(offer.contact.participants.map((p: any) => [p.id, p.role, p.state]), [
      [offer.contact.customer.id, 'CONSUMER', 'ACTIVE'],
      ['alice', 'AGENT', 'ACTIVE'],
      ['bob', 'AGENT', 'SUGGESTED'],
    ]);
    // Bob lets it ring out: it comes back to Alice, still delivered.
    const back = await nextEvent(alice, 'contact.transferred', () => true, 3_000);
    assert.deepEqual(back, { id: chat.id, to: { toId: chat.id, toAgent: 'alice' } });
    const snap = await alice.request({ type: 'agent.snapshot' });
    assert.deepEqual(snap.contacts.filter((c) => c.id === chat.id).map((c) => [c.state, c.list]), [['delivered', 'assigned']]);
    assert.ok(customerEvents.some((e) => e.topic === 'conversation.transfer-agent' && e.data.participant.id === 'bob'));

    // Again, and this time Bob (out of his forced pause) takes it.
    await bob.request({ type: 'agent.setState', state: 'ONLINE' });
    const ring2 = nextEvent(bob, 'contact.offered');
    await alice.request({ type: 'contact.transfer', contactId: chat.id, toAgent: 'bob' });
    await ring2;
    const told = nextEvent(alice, 'contact.transferred');
    const removed = nextEvent(alice, 'contact.removed', (d: any) => d.contactId === chat.id);
    const taken = await bob.request({ type: 'contact.accept', contactId: chat.id });
    assert.deepEqual(taken.participants.map((p) => [p.id, p.role]), [[taken.customer.id, 'CONSUMER'], ['bob', 'ASSIGNED_AGENT']]);
    assert.deepEqual(await told, { id: chat.id, to: { toId: chat.id, toAgent: 'bob' } });
    await removed;
  });

  it('transfer with bounce-back disabled goes back to the queue', async () => {
    const alice = track(await agentSession(server, 'alice'));
    const { conn: customer, chat } = await acceptedChat(server, alice);
    track(customer);
    const carol = track(await agentSession(server, 'carol'));
    await alice.request({ type: 'agent.setState', state: 'AWAY' });
    const backToQueue = nextEvent(customer, 'conversation.back-to-queue', () => true, 3_000);
    await alice.request({ type: 'contact.transfer', contactId: chat.id, toSkill: 'sales', disableBounceBack: true });
    await nextEvent(carol, 'contact.offered', (d: any) => d.contact.id === chat.id);
    await backToQueue; // carol let it lapse
    const requeued = await nextEvent(carol, 'contact.updated', (d: any) => d.contact.id === chat.id && d.contact.state === 'queued');
    assert.equal(requeued.contact.transfer, null);
  });

  it('tells queued customers their position as it changes, and when no agent can take the chat', async () => {
    const first = await customerChat(server, 'brief', 'First');
    track(first.conn);
    assert.deepEqual(await first.log.waitFor('chat.foreverAlone'), { contactId: first.chat.id });
    const second = await customerChat(server, 'brief', 'Second');
    track(second.conn);
    const secondPosition = await second.log.waitFor('queue.update');
    assert.equal(secondPosition.queuePosition, 2);
    assert.equal(typeof secondPosition.waitingTime, 'number');
    await first.conn.request({ type: 'chat.close', contactId: first.chat.id });
    await second.log.waitFor('queue.update', (d) => d.queuePosition === 1);
    const positions = first.log.filter((e) => e.topic === 'queue.update').map((e) => e.data.queuePosition);
    assert.deepEqual(positions, [1], 'the first customer heard once: its position did not change');
    await assert.rejects(second.conn.request({ type: 'chat.searchAgent', contactId: second.chat.id }), { name: 'no_agent' });
    // Past the queue's maximum wait, the customer is dissuaded.
    const closed = await second.log.waitFor('chat.updated', (d) => d.chat.state === 'dissuaded', 3_000);
    assert.equal(closed.chat.endReason, 'dissuasion');
  });

  it('a customer who leaves the queue early cancels; after the threshold abandons; agents see it cleared', async () => {
    const alice = track(await agentSession(server, 'alice', 'AWAY'));
    const early = await customerChat(server);
    track(early.conn);
    const cleared = nextEvent(alice, 'contact.cleared', (d: any) => d.id === early.chat.id);
    const cancelled = await early.conn.request({ type: 'chat.close', contactId: early.chat.id });
    assert.deepEqual([cancelled.chat.state, cancelled.chat.endReason], ['cancelled', 'cancel']);
    assert.deepEqual(await cleared, { id: early.chat.id, reason: 'cancel' });
    const late = await customerChat(server);
    track(late.conn);
    await new Promise((r) => setTimeout(r, 450));
    const abandoned = await late.conn.request({ type: 'chat.close', contactId: late.chat.id });
    assert.deepEqual([abandoned.chat.state, abandoned.chat.endReason], ['abandoned', 'abandon']);
  });

  it('searchAgent offers the chat now with the chosen algorithm', async () => {
    const alice = track(await agentSession(server, 'alice', 'AWAY'));
    const { conn, chat } = await customerChat(server);
    track(conn);
    await alice.request({ type: 'agent.setState', state: 'ONLINE' });
    const found = await conn.request({ type: 'chat.searchAgent', contactId: chat.id, algorithm: 'least-busy' });
    assert.deepEqual(found, { agent: { id: 'alice', name: 'Alice Rossi', nickname: 'Alice', providerId: 'switchboard' } });
    await assert.rejects(conn.request({ type: 'chat.searchAgent', contactId: 'nope' }), { name: 'not_found' });
  });

  it('wrap-up: disposition from the configured list, notes (truncated past 5,000), then complete', async () => {
    const carol = track(await agentSession(server, 'carol'));
    const ring = nextEvent(carol, 'contact.offered');
    const { conn, chat } = await customerChat(server, 'sales');
    track(conn);
    await ring;
    await carol.request({ type: 'contact.accept', contactId: chat.id });
    await carol.request({ type: 'contact.end', contactId: chat.id });
    await assert.rejects(carol.request({ type: 'contact.complete', contactId: chat.id }), { name: 'no_disposition' });
    await assert.rejects(carol.request({ type: 'contact.setDisposition', contactId: chat.id, disposition: 'made-up' }), { name: 'invalid_args' });
    const withDisposition = await carol.request({ type: 'contact.setDisposition', contactId: chat.id, disposition: 'sale' });
    assert.equal(withDisposition.disposition, 'sale');
    const short = await carol.request({ type: 'contact.addNote', contactId: chat.id, text: 'Sold the grinder' });
    assert.equal(short.truncated, false);
    const long = await carol.request({ type: 'contact.addNote', contactId: chat.id, text: 'x'.repeat(6_000) });
    assert.equal(long.truncated, true);
    assert.equal(long.truncatedText?.length, 5_000);
    const done = await carol.request({ type: 'contact.complete', contactId: chat.id });
    assert.equal(done.state, 'completed');
    assert.deepEqual(done.notes.map((n) => n.text.length), [16, 5_000]);
  });
});
