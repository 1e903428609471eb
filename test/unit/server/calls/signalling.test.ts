/** The signalling relay against a real server: endpoints, signals, replacement, parking and re-attach, relayed data, TURN credentials. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { acceptedChat, agentSession, connect, record, startTestServer, testConfig } from '../../../helpers/server.ts';
import { callConfig, customerCall, signals, sleep, startCallServer, type CallServer } from '../../../helpers/calls.ts';

let server: CallServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const refusal = (p: Promise<unknown>) => p.then(() => 'ok', (err) => err.name as string);
const OFFER = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } } as const;

/** alice has taken a customer's call. */
async function connectedCall(s: CallServer) {
  const alice = await agentSession(s, 'alice');
  const aliceLog = record(alice);
  const aliceSig = signals(alice);
  const customer = await customerCall(s, { room: 'default' });
  await aliceLog.waitFor('contact.offered', (d) => d.contact.id === customer.contact.id);
  await alice.request({ type: 'contact.accept', contactId: customer.contact.id });
  return { alice, aliceLog, aliceSig, customer, contactId: customer.contact.id };
}

describe('signalling relay', () => {
  it('attaches both endpoints, relays signals between them, refuses stale endpoints, and tells a replaced endpoint', async () => {
    const s = (server = await startCallServer());
    const { alice, aliceSig, customer, contactId } = await connectedCall(s);
    const mine = await customer.conn.request({ type: 'media.attach', contactId, endpointId: 'customer-endpoint-1' });
    assert.deepEqual([mine.peer, mine.polite, mine.iceTransportPolicy, mine.iceServers], [null, true, 'all', []]);
    const theirs = await alice.request({ type: 'media.attach', contactId, endpointId: 'agent-endpoint-1' });
    assert.deepEqual(theirs.peer, { kind: 'customer', endpointId: 'customer-endpoint-1' });
    assert.equal(theirs.polite, false);
    assert.deepEqual(await customer.sig.waitFor('media.peer'), { contactId, kind: 'agent', endpointId: 'agent-endpoint-1' });

    await alice.request({ type: 'media.signal', contactId, to: 'customer-endpoint-1', payload: OFFER });
    const got = await customer.sig.waitFor('media.signal');
    assert.deepEqual(got, { contactId, from: 'agent-endpoint-1', payload: OFFER });
    const candidate = { kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 } } as const;
    await customer.conn.request({ type: 'media.signal', contactId, to: 'agent-endpoint-1', payload: candidate });
    assert.deepEqual((await aliceSig.waitFor('media.signal')).payload, candidate);
    assert.equal(await refusal(alice.request({ type: 'media.signal', contactId, to: 'no-such-endpoint', payload: OFFER })), 'not_found');
    // Signals are not stored: nothing of them in the numbered events.
    assert.ok(!customer.log.some((e) => e.topic.startsWith('media.')));

    // Another tab of alice takes the call: the first endpoint hears it was replaced.
    const tab = await connect(s);
    const tabSig = signals(tab);
    await tab.request({ type: 'resume', token: alice.token!, lastSeq: alice.lastSeq });
    const taken = await tab.request({ type: 'media.attach', contactId, endpointId: 'agent-endpoint-2' });
    assert.deepEqual(taken.peer, { kind: 'customer', endpointId: 'customer-endpoint-1' });
    assert.deepEqual(await aliceSig.waitFor('media.replaced'), { contactId, endpointId: 'agent-endpoint-1' });
    await customer.sig.waitFor('media.peer', (d) => d.endpointId === 'agent-endpoint-2');
    assert.equal(await refusal(customer.conn.request({ type: 'media.signal', contactId, to: 'agent-endpoint-1', payload: OFFER })), 'not_found');
    assert.equal(await refusal(alice.request({ type: 'media.signal', contactId, to: 'customer-endpoint-1', payload: OFFER })), 'not_suitable_state'); // not attached any more
    await customer.conn.request({ type: 'media.signal', contactId, to: 'agent-endpoint-2', payload: OFFER });
    await tabSig.waitFor('media.signal');
    assert.equal(s.contacts.get(contactId).call!.parked, false); // a replacement is no departure

    // Someone else is forbidden; a bad endpoint id is a bad request.
    const bob = await agentSession(s, 'bob');
    assert.equal(await refusal(bob.request({ type: 'media.attach', contactId, endpointId: 'bob-endpoint-1' })), 'forbidden');
    assert.equal(await refusal(alice.request({ type: 'media.attach', contactId, endpointId: 'x' })), 'bad_request');
    for (const c of [alice, tab, bob, customer.conn]) c.close();
  });

  it('parks the call when an endpoint\'s connection closes (the endpoint kept away), and unparks it when the party re-attaches', async () => {
    const s = (server = await startCallServer());
    const { alice, aliceLog, aliceSig, customer, contactId } = await connectedCall(s);
    await customer.conn.request({ type: 'media.attach', contactId, endpointId: 'customer-endpoint-1' });
    await alice.request({ type: 'media.attach', contactId, endpointId: 'agent-endpoint-1' });
    const token = customer.conn.token!;
    customer.conn.close();
    // The agent hears the customer's endpoint is away (not gone): its peer connection may go on.
    assert.deepEqual(await aliceSig.waitFor('media.peer', (d) => d.away === true), { contactId, kind: 'customer', endpointId: 'customer-endpoint-1', away: true });
    await aliceLog.waitFor('contact.updated', (d) => d.contact.id === contactId && d.contact.call?.parked === true);
    assert.equal(s.store.getContact(contactId)!.call!.parked, true); // durable
    // Signals cannot reach an endpoint that is away; the agent's own endpoint sees it away when it attaches again.
    assert.equal(await refusal(alice.request({ type: 'media.signal', contactId, to: 'customer-endpoint-1', payload: OFFER })), 'not_suitable_state');
    assert.deepEqual((await alice.request({ type: 'media.attach', contactId, endpointId: 'agent-endpoint-1' })).peer, { kind: 'customer', endpointId: 'customer-endpoint-1', away: true });

    // The same endpoint comes back on a new connection (its network came back): the agent hears it, the call unparks.
    const back = await connect(s);
    const backSig = signals(back);
    const resumed = await back.request({ type: 'resume', token, lastSeq: 0 });
    back.setSession(token, resumed.seq);
    const reply = await back.request({ type: 'media.attach', contactId, endpointId: 'customer-endpoint-1', rejoin: true });
    assert.deepEqual(reply.peer, { kind: 'agent', endpointId: 'agent-endpoint-1' });
    assert.deepEqual(await aliceSig.waitFor('media.peer', (d) => d.endpointId === 'customer-endpoint-1' && !d.away), { contactId, kind: 'customer', endpointId: 'customer-endpoint-1' });
    await aliceLog.waitFor('contact.updated', (d) => d.contact.id === contactId && d.contact.call?.parked === false);
    assert.equal(s.contacts.get(contactId).call!.state, 'connected');
    await alice.request({ type: 'media.signal', contactId, to: 'customer-endpoint-1', payload: OFFER });
    await backSig.waitFor('media.signal');

    // A reloaded page is a new endpoint: it takes over from the away one, and the old one cannot rejoin.
    back.close();
    const aways = () => aliceSig.filter((x) => x.topic === 'media.peer' && x.data.away).length;
    await aliceSig.waitFor('media.peer', (d) => d.away === true && aways() === 2);
    const page = await connect(s);
    const pageSig = signals(page);
    page.setSession(token, (await page.request({ type: 'resume', token, lastSeq: 0 })).seq);
    assert.deepEqual((await page.request({ type: 'media.attach', contactId, endpointId: 'customer-endpoint-2' })).peer, { kind: 'agent', endpointId: 'agent-endpoint-1' });
    await aliceSig.waitFor('media.peer', (d) => d.endpointId === 'customer-endpoint-2');
    assert.equal(await refusal(page.request({ type: 'media.attach', contactId, endpointId: 'customer-endpoint-1', rejoin: true })), 'not_suitable_state');
    assert.equal(s.contacts.get(contactId).call!.parked, false);

    // media.detach leaves at once: the other side hears the endpoint left.
    await alice.request({ type: 'media.detach', contactId, endpointId: 'agent-endpoint-1' });
    assert.equal((await pageSig.waitFor('media.peer', (d) => d.endpointId === null)).kind, 'agent');
    assert.equal(s.contacts.get(contactId).call!.parked, true);
    assert.equal(await refusal(alice.request({ type: 'media.detach', contactId, endpointId: 'agent-endpoint-1' })), 'not_found');
    await alice.request({ type: 'media.attach', contactId, endpointId: 'agent-endpoint-3' });
    assert.equal(s.contacts.get(contactId).call!.parked, false);
    alice.close();
    page.close();
  });

  it('ends the call media_lost when nothing re-attaches in time: the voice contact goes to wrap-up', async () => {
    const s = (server = await startCallServer({ callReattachSeconds: 0.3 }));
    const { alice, customer, contactId } = await connectedCall(s);
    await customer.conn.request({ type: 'media.attach', contactId, endpointId: 'customer-endpoint-1' });
    await alice.request({ type: 'media.attach', contactId, endpointId: 'agent-endpoint-1' });
    alice.close(); // the agent's tab went away; its session stays (presence grace is long)
    await customer.log.waitFor('chat.updated', (d) => d.chat.call?.parked === true);
    const ended = await customer.log.waitFor('chat.updated', (d) => d.chat.call?.endReason === 'media_lost', 2_000);
    assert.equal(ended.chat.state, 'wrap_up');
    assert.equal(ended.chat.call.parked, false);
    assert.equal(s.contacts.get(contactId).endReason, 'timeout');
    assert.equal(await refusal(customer.conn.request({ type: 'media.attach', contactId, endpointId: 'customer-endpoint-2' })), 'not_suitable_state');
    customer.conn.close();
  });

  it('after a restart an answered call is parked and ends media_lost unless its parties re-attach', async () => {
    const config = callConfig({ callReattachSeconds: 0.4 });
    let s = (server = await startTestServer(config));
    const { alice, customer, contactId } = await connectedCall(s);
    alice.close();
    customer.conn.close();
    await s.close();
    s = server = await startTestServer(config);
    assert.equal(s.contacts.get(contactId).call!.parked, true);
    await sleep(700);
    const contact = s.contacts.get(contactId);
    assert.deepEqual([contact.call!.state, contact.call!.endReason, contact.state], ['ended', 'media_lost', 'wrap_up']);
  });

  it('relays data both ways, also on a chat without a call; bad JSON is refused', async () => {
    const s = (server = await startCallServer());
    const alice = await agentSession(s, 'alice');
    const aliceSig = signals(alice);
    const customer = await acceptedChat(s, alice);
    const customerSig = signals(customer.conn);
    const contactId = customer.chat.id;
    await customer.conn.request({ type: 'media.data', contactId, channel: 'rpc', topic: 'hello', data: JSON.stringify({ id: 1, ask: 'cart' }) });
    assert.deepEqual(await aliceSig.waitFor('media.data'), { contactId, channel: 'rpc', topic: 'hello', data: { id: 1, ask: 'cart' }, from: { kind: 'customer', id: customer.chat.customer.id } });
    await alice.request({ type: 'media.data', contactId, channel: 'rpc', data: '[1,2,3]' });
    assert.deepEqual(await customerSig.waitFor('media.data'), { contactId, channel: 'rpc', data: [1, 2, 3], from: { kind: 'agent', id: 'alice' } });
    assert.equal(await refusal(alice.request({ type: 'media.data', contactId, channel: 'rpc', data: '{not json' })), 'bad_request');
    assert.equal(await refusal(alice.request({ type: 'media.data', contactId, channel: 'rpc', data: 'x'.repeat(16_001) })), 'bad_request');
    const bob = await agentSession(s, 'bob');
    assert.equal(await refusal(bob.request({ type: 'media.data', contactId, channel: 'rpc', data: '1' })), 'forbidden');
    customer.conn.close();
    await sleep(100);
    assert.equal(await refusal(alice.request({ type: 'media.data', contactId, channel: 'rpc', data: '1' })), 'not_suitable_state'); // nobody to hear it
    alice.close();
    bob.close();
  });

  it('mints TURN credentials per endpoint that verify with HMAC-SHA1 of the static auth secret', async () => {
    const secret = 'a-static-auth-secret-for-tests';
    const s = (server = await startCallServer({
      ice: { servers: [{ urls: ['stun:127.0.0.1:3478'] }], turn: { urls: ['turn:127.0.0.1:3478?transport=udp'], secret, ttlSeconds: 600 }, transportPolicy: 'relay' },
    }));
    const { alice, contactId, customer } = await connectedCall(s);
    const before = Math.floor(Date.now() / 1000);
    const reply = await alice.request({ type: 'media.attach', contactId, endpointId: 'agent-endpoint-1' });
    assert.equal(reply.iceTransportPolicy, 'relay');
    assert.deepEqual(reply.iceServers[0], { urls: ['stun:127.0.0.1:3478'] });
    const turn = reply.iceServers[1];
    assert.deepEqual(turn.urls, ['turn:127.0.0.1:3478?transport=udp']);
    const [expiry, subject] = turn.username!.split(':');
    assert.equal(subject, 'alice');
    assert.ok(Number(expiry) >= before + 600 && Number(expiry) <= before + 602);
    assert.equal(turn.credential, createHmac('sha1', secret).update(turn.username!).digest('base64'));
    const theirs = await customer.conn.request({ type: 'media.attach', contactId, endpointId: 'customer-endpoint-1' });
    assert.equal(theirs.iceServers[1].username!.split(':')[1], customer.contact.customer.id); // minted for its own subject
    alice.close();
    customer.conn.close();
  });

  it('refuses a TURN secret shorter than 16 characters in the config', () => {
    assert.throws(() => testConfig({ ice: { servers: [], turn: { urls: ['turn:127.0.0.1:3478'], secret: 'short', ttlSeconds: 600 }, transportPolicy: 'all' } }), /at least 16 characters/);
    assert.throws(() => testConfig({ ice: { servers: [{ urls: ['http://x'] }], transportPolicy: 'all' } }), /stun:/);
    assert.deepEqual(testConfig().ice, { servers: [], transportPolicy: 'all' });
  });
});

describe('what the customer sees of a call', () => {
  it('never carries recordings, the mute flag or addresses; agents get recording links, customers are refused', async () => {
    const { RecordingDouble } = await import('../../../helpers/calls.ts');
    const recordings = new RecordingDouble();
    const s = (server = await startCallServer({}, recordings));
    const { alice, aliceLog, customer, contactId } = await connectedCall(s);
    const started = await alice.request({ type: 'call.recording', contactId, recording: true });
    assert.ok(started.recordingId);
    assert.deepEqual(await alice.request({ type: 'call.recording', contactId, recording: true }), started); // already running
    await alice.request({ type: 'call.mute', contactId, muted: true });
    await aliceLog.waitFor('contact.updated', (d) => d.contact.id === contactId && d.contact.call?.muted === true);
    const agentView = s.contacts.view(s.contacts.get(contactId), 'alice');
    assert.deepEqual([agentView.call!.recording, agentView.call!.recordings, agentView.call!.muted], [true, [started.recordingId], true]);
    assert.equal(await refusal(customer.conn.request({ type: 'call.recording', contactId, recording: false })), 'forbidden');
    assert.equal(await refusal(customer.conn.request({ type: 'call.mute', contactId, muted: false })), 'forbidden');

    const link = await alice.request({ type: 'recording.link', recordingId: started.recordingId! });
    assert.match(link.url, new RegExp(started.recordingId!));
    assert.equal(await refusal(customer.conn.request({ type: 'recording.link', recordingId: started.recordingId! })), 'forbidden');

    // Ending the call ends the recording that runs.
    await customer.conn.request({ type: 'call.hangup', contactId });
    assert.deepEqual(recordings.ended, [started.recordingId]);
    const ended = s.contacts.get(contactId).call!;
    assert.deepEqual([ended.recording, ended.recordings], [false, [started.recordingId]]);

    await customer.log.waitFor('chat.updated', (d) => d.chat.call?.state === 'ended');
    const calls = customer.log.filter((e) => e.topic === 'chat.updated' && e.data.chat.call).map((e) => e.data.chat.call);
    assert.ok(calls.some((c) => c.recording === true)); // the customer is told it is recorded
    for (const call of calls) {
      assert.deepEqual(Object.keys(call).sort(), ['connectTime', 'direction', 'endReason', 'endTime', 'hold', 'parked', 'recording', 'sharing', 'startTime', 'state', 'video']);
    }
    const everything = JSON.stringify(customer.log);
    assert.ok(!everything.includes(started.recordingId!), 'a recording id reached the customer');
    assert.ok(!everything.includes('muted'), 'the mute flag reached the customer');
    alice.close();
    customer.conn.close();
  });

  it('records through the server\'s own recording service: chunks over HTTP, a link that plays for the agent', async () => {
    const s = (server = await startCallServer());
    const { alice, contactId, customer } = await connectedCall(s);
    const { recordingId } = await alice.request({ type: 'call.recording', contactId, recording: true });
    const base = `http://127.0.0.1:${s.port}/api/recordings/${recordingId}`;
    const upload = await fetch(`${base}/chunks?seq=0`, { method: 'POST', headers: { authorization: `Bearer ${alice.token}` }, body: new Uint8Array([26, 69, 223, 163]) });
    assert.equal(upload.status, 200);
    const customerUpload = await fetch(`${base}/chunks?seq=1`, { method: 'POST', headers: { authorization: `Bearer ${customer.conn.token}` }, body: new Uint8Array([1]) });
    assert.equal(customerUpload.status, 403);
    await alice.request({ type: 'call.recording', contactId, recording: false });
    const { url } = await alice.request({ type: 'recording.link', recordingId: recordingId! });
    const played = await fetch(`http://127.0.0.1:${s.port}${url}`);
    assert.equal(played.status, 200);
    assert.deepEqual([...new Uint8Array(await played.arrayBuffer())], [26, 69, 223, 163]);
    alice.close();
    customer.conn.close();
  });
});
