/** The media engine's data side: data channels (peer and relayed), RPC, capabilities, seed 000's media state. */
import { expect } from '@esm-bundle/chai';
import type { DataMessage, MediaContact, MediaDataChannel } from '../../media/index.ts';
import { CallRecorder } from '../../widget/media/recorder.ts';
import { contactOn, eventually, LoopbackServer, newContactId, startCall } from './media/harness.ts';

const rejectsWith = async (work: Promise<unknown>, name: string) => {
  const err = await work.then(
    () => expect.fail(`resolved; expected ${name}`),
    (e: Error) => e,
  );
  expect(err.name).to.equal(name);
  return err;
};

describe('media engine: data, RPC, capabilities, media state', function () {
  this.timeout(30_000);
  const open: MediaContact[] = [];
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  const call = async () => {
    const c = await startCall();
    open.push(c.agent.contact, c.customer.contact);
    await eventually(async () => (await c.agent.contact.getDataChannel('probe')).via === 'webrtc', 3_000, 'the peer data channel open');
    return c;
  };
  /** A chat contact: no call, no attach; only the relay. */
  const chat = async () => {
    const server = new LoopbackServer();
    const contactId = newContactId();
    const agent = contactOn(server, 'agent', contactId);
    const customer = contactOn(server, 'customer', contactId);
    open.push(agent.contact, customer.contact);
    await agent.contact.start();
    await customer.contact.start();
    return { server, agent, customer };
  };

  it('a data channel carries data both ways peer to peer; the remote gets datachannel and data events', async () => {
    const { agent, customer, server } = await call();
    const atCustomer: DataMessage[] = [];
    const atAgent: DataMessage[] = [];
    const created: MediaDataChannel[] = [];
    customer.contact.on('data', (m) => atCustomer.push(m));
    customer.contact.on('datachannel', (c) => created.push(c));
    agent.contact.on('data', (m) => atAgent.push(m));
    const relayedBefore = server.counts['media.data'] ?? 0;
    const ch = await agent.contact.getDataChannel('crm');
    expect(ch.via).to.equal('webrtc');
    await ch.send({ form: 'address', fields: ['street', 'city'] }, 'fill');
    await eventually(() => atCustomer.length === 1, 2_000, 'data at the customer');
    expect(atCustomer[0]).to.deep.equal({ channel: 'crm', topic: 'fill', data: { form: 'address', fields: ['street', 'city'] } });
    expect(created.map((c) => c.id)).to.deep.equal(['crm']);
    const got: unknown[] = [];
    created[0]!.on('data', (m) => got.push(m.data));
    await customer.contact.sendData('crm', 'done');
    await eventually(() => atAgent.length === 1, 2_000, 'data at the agent');
    expect(atAgent[0]).to.deep.equal({ channel: 'crm', data: 'done' });
    await agent.contact.sendData('crm', 42);
    await eventually(() => got.length === 1, 2_000, 'data on the channel object');
    expect(got).to.deep.equal([42]);
    expect(server.counts['media.data'] ?? 0).to.equal(relayedBefore); // none of it went through the server
  });

  it('falls back to the server relay: type sio, and a contact with no peer connection', async () => {
    const { agent, customer, server } = await call();
    const atCustomer: DataMessage[] = [];
    customer.contact.on('data', (m) => atCustomer.push(m));
    const sio = await agent.contact.getDataChannel('log', 'sio');
    expect(sio.via).to.equal('sio');
    const before = server.counts['media.data'] ?? 0;
    await sio.send({ line: 1 }, 't');
    await eventually(() => atCustomer.length === 1, 2_000, 'relayed data');
    expect(atCustomer[0]).to.deep.equal({ channel: 'log', topic: 't', data: { line: 1 } });
    expect(server.counts['media.data']).to.equal(before + 1);
    // Strings arrive as strings (the relay hands on parsed JSON: no second parse).
    await sio.send('plain');
    await sio.send('42');
    await eventually(() => atCustomer.length === 3, 2_000, 'relayed strings');
    expect(atCustomer.slice(1).map((m) => m.data)).to.deep.equal(['plain', '42']);

    const c = await chat();
    const got: DataMessage[] = [];
    c.agent.contact.on('data', (m) => got.push(m));
    expect((await c.customer.contact.getDataChannel('x')).via).to.equal('sio');
    await c.customer.contact.sendData('x', [1, 2]);
    await eventually(() => got.length === 1, 2_000, 'relayed data in a chat');
    expect(got[0]).to.deep.equal({ channel: 'x', data: [1, 2] });
    await rejectsWith(c.customer.contact.sendData('x', 'y'.repeat(20_000)), 'invalid_args');
    await rejectsWith(c.customer.contact.getDataChannel('sb.rpc'), 'invalid_args');
  });

  it('RPC: answered, failed by the handler, not_supported, and timeout after retries (over the peer channel and the relay)', async () => {
    for (const setup of [call, chat]) {
      const { agent, customer } = await setup();
      let runs = 0;
      customer.contact.on('PrintDocument', (data, cb) => {
        runs++;
        cb(null, { printed: (data as { name: string }).name });
      });
      customer.contact.on('Refuse', (_data, cb) => cb({ name: 'invalid_args', message: 'no printer' }));
      customer.contact.on('Slow', () => {}); // never answers
      expect(await agent.contact.request('PrintDocument', { name: 'contract.pdf' }, 2_000)).to.deep.equal({ printed: 'contract.pdf' });
      expect(runs).to.equal(1);
      const refused = await rejectsWith(agent.contact.request('Refuse', null, 2_000), 'invalid_args');
      expect(refused.message).to.equal('no printer');
      await rejectsWith(agent.contact.request('Unknown', null, 2_000), 'not_supported');
      const t0 = performance.now();
      await rejectsWith(agent.contact.request('Slow', null, 200, 2), 'timeout');
      expect(performance.now() - t0).to.be.within(550, 1_500);
      await rejectsWith(agent.contact.request('Slow', null, undefined, 2), 'invalid_args');
    }
  });

  it('capabilities: exchanged on request, then kept in sync; registered engines are listed', async () => {
    const { agent, customer } = await call();
    const seenByCustomer: unknown[] = [];
    customer.contact.on('capabilities', (caps) => seenByCustomer.push(caps));
    const local: unknown[] = [];
    agent.contact.on('localcapabilities', (caps) => local.push(caps));
    await customer.contact.setLocalCapability('ui.keypad', true);
    const remote = await agent.contact.updateRemoteCapabilities();
    expect(remote.ui).to.deep.equal({ keypad: true });
    expect(Object.keys(remote.engines ?? {})).to.include('WebRTC');
    expect(seenByCustomer).to.have.length(1); // the customer got the agent's caps in the exchange
    const caps = await agent.contact.registerMediaEngine({ id: 'Cobrowse', capabilities: { version: 2 } });
    expect(caps.engines?.Cobrowse).to.deep.equal({ version: 2 });
    expect(agent.contact.getMediaEngine('Cobrowse')?.capabilities).to.deep.equal({ version: 2 });
    expect(local.length).to.equal(1);
    await eventually(() => seenByCustomer.length === 2, 2_000, 'the change sent after the exchange');
    expect(((await customer.contact.getRemoteCapabilities()).engines as Record<string, unknown>).Cobrowse).to.deep.equal({ version: 2 });
    await rejectsWith(agent.contact.setLocalCapability('a.__proto__.b', 1), 'invalid_args');
    await rejectsWith(agent.contact.setLocalCapability('x', () => 1), 'invalid_args');
  });

  it('media state: init until started, offers answered by mediaoffer, mediachange with the diff, wrong-state calls rejected', async () => {
    const server = new LoopbackServer();
    const contactId = newContactId();
    const agent = contactOn(server, 'agent', contactId).contact;
    const customer = contactOn(server, 'customer', contactId).contact;
    open.push(agent, customer);
    expect(agent.getMediaState()).to.equal('init');
    await rejectsWith(agent.mergeAndTransitMedia({ Video: { tx: true } }), 'invalid_state');
    await rejectsWith(agent.offerMedia({}), 'invalid_state');
    const states: string[] = [];
    agent.on('mediastate', (to, from) => states.push(`${from}->${to}`));
    const changes: unknown[] = [];
    agent.on('mediachange', (_media, diff) => changes.push(diff));
    await agent.start({ audio: true });
    await customer.start({ audio: true });
    expect(states).to.deep.equal(['init->idle', 'idle->transiting', 'transiting->idle']);
    expect(changes).to.deep.equal([{ Voice: { added: true, tx: [undefined, true], rx: [undefined, true], via: [undefined, 'net'], engine: [undefined, 'WebRTC'] } }]);
    await rejectsWith(agent.start(), 'invalid_state');
    expect(await agent.getMedia(true)).to.deep.equal({ Chat: { tx: true, rx: true, via: 'net', engine: 'Native' }, Voice: { tx: true, rx: true, via: 'net', engine: 'WebRTC' } });
    expect((await agent.getMediaOffer()).Voice).to.deep.equal({ tx: 'required', rx: 'required', engine: 'WebRTC', via: 'net' });
    expect(await agent.mergeMedia({ Video: { tx: true } })).to.have.property('Video');
    expect(agent.getMediaState()).to.equal('idle'); // mergeMedia changes nothing

    // An offer for video: the customer's handler sees state offered and answers to receive only.
    let stateAtOffer = '';
    const offAccept = customer.on('mediaoffer', (offer, cb) => {
      stateAtOffer = customer.mediaState;
      expect(offer.Video?.tx).to.equal('required');
      cb(null, { Video: { tx: false, rx: true } });
    });
    states.length = 0;
    const offering = agent.offerMedia({ Video: { tx: 'required', rx: 'optional', engine: 'WebRTC', via: 'net' } });
    expect(agent.mediaState).to.equal('offering');
    await rejectsWith(agent.mergeAndTransitMedia({ Video: { tx: false } }), 'invalid_state'); // busy
    expect(await offering).to.deep.equal({ Video: { tx: false, rx: true } });
    expect(stateAtOffer).to.equal('offered');
    expect(states).to.deep.equal(['idle->offering', 'offering->transiting', 'transiting->idle']);
    expect((await agent.getMedia(true)).Video).to.deep.equal({ tx: true, rx: false, via: 'net', engine: 'WebRTC' });
    expect((await customer.getMedia(true)).Video).to.deep.equal({ tx: false, rx: true, via: 'net', engine: 'WebRTC' });
    expect(agent.localVideo.getVideoTracks()).to.have.length(1);

    // A refused offer leaves both idle; transitMedia turns off what the next state leaves out.
    offAccept();
    customer.on('mediaoffer', (_offer, cb) => cb({ name: 'declined', message: 'not now' }));
    await rejectsWith(agent.offerMedia({ Sharing: { tx: 'required', rx: 'off', engine: 'WebRTC', via: 'net' } }), 'declined');
    expect([agent.mediaState, customer.mediaState]).to.deep.equal(['idle', 'idle']);
    const now = await agent.getMedia(true);
    const next = await agent.transitMedia(now, { Chat: now.Chat!, Voice: now.Voice! });
    expect(next.Video).to.equal(undefined);
    expect(agent.localVideo.getVideoTracks()).to.have.length(0);
    expect(agent.cloneMedia({ Voice: { ...now.Voice!, data: { s: new MediaStream() } } }, true).Voice?.data).to.deep.equal({ s: true });
    expect(agent.diffMedia(now, next)).to.have.property('Video');
  });

  it('RPC handlers: on() registers any name that is not an event (lowercase too), handle() any name at all', async () => {
    const { agent, customer } = await chat();
    customer.contact.on('printDocument', (data, cb) => cb(null, `printed ${(data as { name: string }).name}`));
    expect(await agent.contact.request('printDocument', { name: 'a.pdf' }, 2_000)).to.equal('printed a.pdf');
    // `data` is an event of the contact: on('data') listens to it and answers no request of that type.
    const heard: unknown[] = [];
    customer.contact.on('data', (m) => heard.push(m));
    await rejectsWith(agent.contact.request('data', null, 2_000), 'not_supported');
    // handle() registers a request type even when it is an event name; the event listener stays.
    const off = customer.contact.handle('data', (_d, cb) => cb(null, 'handled'));
    expect(await agent.contact.request('data', null, 2_000)).to.equal('handled');
    await agent.contact.sendData('plain', { n: 1 });
    await eventually(() => heard.length === 1, 2_000, 'the data event');
    off();
    await rejectsWith(agent.contact.request('data', null, 2_000), 'not_supported');
    expect(() => customer.contact.on('Print', 'no function' as never)).to.throw().with.property('name', 'invalid_args');
    expect(() => customer.contact.handle('', () => {})).to.throw().with.property('name', 'invalid_args');
  });

  it('transitMedia with wasOffered answers the remote\u2019s waiting offer with what it reached; without an offer waiting it is refused', async () => {
    const { agent, customer } = await call();
    await rejectsWith(customer.contact.mergeAndTransitMedia({ Video: { rx: true } }, { wasOffered: true }), 'invalid_state');
    const states: string[] = [];
    customer.contact.on('mediastate', (to, from) => states.push(`${from}->${to}`));
    let transited: Promise<unknown> = Promise.resolve();
    // The customer's page answers the offer by transiting itself (no cb): it receives the video, sends none.
    const offFirst = customer.contact.on('mediaoffer', () => {
      transited = (async () => {
        await rejectsWith(customer.contact.mergeAndTransitMedia({ Video: { rx: true } }), 'invalid_state'); // an offer is waiting
        return customer.contact.mergeAndTransitMedia({ Video: { tx: false, rx: true } }, { wasOffered: true });
      })();
    });
    const answer = await agent.contact.offerMedia({ Video: { tx: 'required', rx: 'optional', engine: 'WebRTC', via: 'net' } });
    expect(answer).to.deep.equal({ Video: { tx: false, rx: true } });
    offFirst();
    expect(((await transited) as { Video: unknown }).Video).to.deep.include({ tx: false, rx: true });
    expect(states).to.deep.equal(['idle->offered', 'offered->transiting', 'transiting->idle']);
    expect((await agent.contact.getMedia(true)).Video).to.deep.include({ tx: true, rx: false });
    await eventually(() => customer.contact.remoteStream.getVideoTracks().length === 1, 5_000, 'the agent\u2019s video at the customer');
    // A wasOffered transition that fails (the camera refused) answers the offer with the failure.
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (c) => (c?.video ? Promise.reject(new DOMException('no camera', 'NotAllowedError')) : gum(c));
    try {
      customer.contact.on('mediaoffer', () => void customer.contact.mergeAndTransitMedia({ Video: { tx: true } }, { wasOffered: true }).catch(() => {}));
      await rejectsWith(agent.contact.offerMedia({ Video: { tx: 'required', rx: 'required', engine: 'WebRTC', via: 'net' } }), 'device');
      expect([agent.contact.mediaState, customer.contact.mediaState]).to.deep.equal(['idle', 'idle']);
    } finally {
      navigator.mediaDevices.getUserMedia = gum;
    }
  });

  it('transitMedia with restore is best effort and never re-opens the screen; a plain transition is all or nothing', async () => {
    const { agent } = await call();
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    const gdm = navigator.mediaDevices.getDisplayMedia.bind(navigator.mediaDevices);
    let screenAsks = 0;
    try {
      const current = await agent.contact.getMedia(true);
      const wanted = { ...current, Video: { tx: true, rx: false, via: 'net', engine: 'WebRTC' }, Sharing: { tx: true, rx: false, via: 'net', engine: 'WebRTC' } } as const;
      // All or nothing: the camera opens, then the screen is refused: the camera is let go and nothing changed.
      navigator.mediaDevices.getDisplayMedia = () => (screenAsks++, Promise.reject(new DOMException('refused', 'NotAllowedError')));
      await rejectsWith(agent.contact.transitMedia(current, wanted), 'device');
      expect(screenAsks).to.equal(1);
      expect(await agent.contact.getMedia(true)).to.deep.equal(current);
      expect(agent.contact.localVideo.getVideoTracks()).to.have.length(0);
      // Restore: what can be had is had (the voice stays), the busy camera is left off, the screen is not asked for.
      navigator.mediaDevices.getUserMedia = (c) => (c?.video ? Promise.reject(new DOMException('camera busy', 'NotReadableError')) : gum(c));
      navigator.mediaDevices.getDisplayMedia = (c) => (screenAsks++, gdm(c));
      const asksBefore = screenAsks;
      const restored = await agent.contact.transitMedia(current, wanted, { restore: true });
      expect(restored.Voice).to.deep.include({ tx: true });
      expect(restored.Video).to.deep.include({ tx: false });
      expect(restored.Sharing).to.deep.include({ tx: false });
      expect(screenAsks).to.equal(asksBefore);
      expect(agent.contact.mediaState).to.equal('idle');
    } finally {
      navigator.mediaDevices.getUserMedia = gum;
      navigator.mediaDevices.getDisplayMedia = gdm;
    }
  });

  it('recording on the contact (seed 000): only with a recorder plugged in; its rec events reach the contact', async () => {
    const { agent, customer } = await call();
    await rejectsWith(customer.contact.startRecording(true, true), 'not_supported');
    expect(await customer.contact.isRecording()).to.equal(false);
    const uploaded: Blob[] = [];
    const recorder = new CallRecorder({
      local: agent.contact.localStream,
      remote: agent.contact.remoteStream,
      uploader: { upload: async (_seq, chunk) => void uploaded.push(chunk), finish: async () => {} },
      timesliceMs: 200,
    });
    agent.contact.useRecorder(recorder);
    const events: string[] = [];
    for (const name of ['recready', 'recstart', 'recstarted', 'recstopping'] as const) agent.contact.on(name, () => events.push(name));
    await agent.contact.startRecording(true, true);
    expect(await agent.contact.isRecording()).to.equal(true);
    await eventually(() => uploaded.length > 1, 3_000, 'chunks recorded');
    await agent.contact.stopRecording();
    expect(events).to.deep.equal(['recstart', 'recstarted', 'recstopping', 'recready']);
    expect(await agent.contact.isRecording()).to.equal(false);
    agent.contact.useRecorder(null);
    await rejectsWith(agent.contact.startRecording(), 'not_supported');
  });

  it('bounds: a request past the pending bound is refused, and a closed contact rejects everything', async () => {
    const { agent } = await chat();
    const waiting = Array.from({ length: 256 }, () => agent.contact.request('NoAnswer').catch((e: Error) => e.name));
    await rejectsWith(agent.contact.request('NoAnswer'), 'too_many');
    agent.contact.close();
    expect(new Set(await Promise.all(waiting))).to.deep.equal(new Set(['invalid_state']));
    await rejectsWith(agent.contact.getDataChannel('a'), 'invalid_state');
  });
});
