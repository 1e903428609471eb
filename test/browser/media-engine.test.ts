/** The media engine's call: two MediaContacts in one page on a loopback server (media/ only, no real server). */
import { expect } from '@esm-bundle/chai';
import { MediaContact as MediaContactClass, type MediaContact } from '../../media/index.ts';
import { contactOn, eventually, growth, grows, LoopbackServer, newContactId, sleep, startCall } from './media/harness.ts';

const inbound = (s: { inboundBytes: number }) => s.inboundBytes;
const outbound = (s: { outboundBytes: number }) => s.outboundBytes;
const energyIn = (s: { inboundAudioEnergy: number }) => s.inboundAudioEnergy;

describe('media engine: a call', function () {
  this.timeout(30_000);
  const open: MediaContact[] = [];
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  const track = <T extends { agent: { contact: MediaContact }; customer: { contact: MediaContact } }>(call: T) => {
    open.push(call.agent.contact, call.customer.contact);
    return call;
  };

  it('connects and audio flows both ways', async () => {
    const { agent, customer } = track(await startCall());
    await grows(agent.contact, inbound, 2_000, 3_000, 'audio at the agent');
    await grows(customer.contact, inbound, 2_000, 3_000, 'audio at the customer');
    expect(agent.contact.remoteStream.getAudioTracks()).to.have.length(1);
    expect(customer.contact.remoteStream.getAudioTracks()).to.have.length(1);
    expect(agent.contact.mediaState).to.equal('idle');
  });

  it('mute stops outbound audio (the remote hears silence); unmute restores it', async () => {
    const { agent, customer } = track(await startCall());
    await grows(customer.contact, energyIn, 0.01, 3_000, 'sound at the customer');
    expect(await growth(agent.contact, outbound, 1_000)).to.be.above(1_500);
    agent.contact.setMuted(true);
    expect(agent.contact.muted).to.equal(true);
    // Chromium still sends small silence packets for a disabled track: the bytes sent nearly stop
    // (from ~2,500 B/s to ~150 B/s here), and the sound reaching the customer stops.
    await eventually(async () => (await growth(agent.contact, outbound, 500)) < 300, 3_000, 'outbound audio nearly stopped');
    expect(await growth(agent.contact, outbound, 1_000)).to.be.below(600);
    expect(await growth(customer.contact, energyIn, 1_000)).to.be.below(0.001);
    expect(await growth(agent.contact, (s) => s.outboundAudioEnergy, 1_000)).to.equal(0);
    agent.contact.setMuted(false);
    await grows(customer.contact, energyIn, 0.01, 3_000, 'sound at the customer after unmute');
  });

  it('hold stops audio both ways and resume brings it back, without renegotiating', async () => {
    const { agent, customer } = track(await startCall());
    const holds: { hold: boolean; local: boolean }[] = [];
    customer.contact.on('hold', (e) => holds.push(e));
    await grows(agent.contact, inbound, 2_000, 3_000, 'audio at the agent');
    const pc = agent.contact.peerConnection;
    await agent.contact.setHold(true);
    await eventually(() => holds.some((h) => h.hold && !h.local), 3_000, 'the customer told of the hold');
    await sleep(300);
    expect(await growth(agent.contact, outbound, 800)).to.equal(0);
    expect(await growth(customer.contact, outbound, 800)).to.equal(0);
    expect(agent.contact.remoteStream.getAudioTracks().every((t) => !t.enabled)).to.equal(true);
    await agent.contact.setHold(false);
    await grows(agent.contact, inbound, 2_000, 3_000, 'audio at the agent after resume');
    await grows(customer.contact, inbound, 2_000, 3_000, 'audio at the customer after resume');
    expect(agent.contact.peerConnection).to.equal(pc);
    expect(holds.map((h) => h.hold)).to.deep.equal([true, false]);
  });

  it('sends DTMF through RTCDTMFSender, with a dtmf event per tone on both sides', async () => {
    const { agent, customer } = track(await startCall());
    const sent: string[] = [];
    const received: string[] = [];
    agent.contact.on('dtmf', (e) => e.local && sent.push(e.tone));
    customer.contact.on('dtmf', (e) => !e.local && received.push(e.tone));
    await agent.contact.sendDtmf('12#*');
    expect(sent).to.deep.equal(['1', '2', '#', '*']);
    await eventually(() => received.length === 4, 2_000, 'tones at the customer');
    expect(received).to.deep.equal(['1', '2', '#', '*']);
    await agent.contact.sendDtmf('x9').then(
      () => expect.fail('bad tones accepted'),
      (err) => expect(err.name).to.equal('invalid_args'),
    );
    await agent.contact.setHold(true);
    await agent.contact.sendDtmf('1').then(
      () => expect.fail('DTMF on hold'),
      (err) => expect(err.name).to.equal('invalid_state'),
    );
  });

  it('re-attach: a new agent engine takes the parked call; the customer keeps its microphone track and audio flows within 3 s', async () => {
    const server = new LoopbackServer();
    const { agent, customer, contactId } = track(await startCall(server));
    const micId = customer.contact.localStream.getAudioTracks()[0]!.id;
    let prompts = 0;
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (c) => (prompts++, gum(c));
    try {
      const heard: { away: boolean; local: boolean }[] = [];
      customer.contact.on('signalling', (e) => heard.push(e));
      const oldPc = customer.contact.peerConnection;
      // The agent's page goes away without a word (reload): the socket drops, the server keeps its endpoint away.
      agent.transport.drop();
      agent.contact.close();
      await eventually(() => heard.some((e) => e.away && !e.local), 2_000, 'the customer told the agent is away');
      expect(customer.contact.localStream.getAudioTracks()[0]!.readyState).to.equal('live');

      const fresh = contactOn(server, 'agent', contactId);
      open.push(fresh.contact);
      await fresh.contact.start({ audio: true });
      const t0 = performance.now();
      await fresh.contact.attach();
      await grows(fresh.contact, inbound, 1_000, 3_000, 'audio at the new agent');
      await grows(customer.contact, inbound, 1_000, 3_000 - (performance.now() - t0), 'audio at the customer again');
      expect(performance.now() - t0).to.be.below(3_000);
      expect(customer.contact.peerConnection).to.not.equal(oldPc); // a new endpoint: a fresh peer connection
      expect(customer.contact.localStream.getAudioTracks()[0]!.id).to.equal(micId);
      expect(prompts).to.equal(1); // the new agent's microphone, not the customer's
    } finally {
      navigator.mediaDevices.getUserMedia = gum;
    }
  });

  for (const side of ['agent', 'customer'] as const) {
    it(`the ${side}'s connection drops and comes back: the same peer connection goes on, audio never stops, the endpoint rejoins`, async () => {
      const server = new LoopbackServer();
      const call = track(await startCall(server));
      const [dropping, other] = side === 'agent' ? [call.agent, call.customer] : [call.customer, call.agent];
      const pcs = [dropping.contact.peerConnection, other.contact.peerConnection];
      const seen: string[] = [];
      dropping.contact.on('signalling', (e) => seen.push(`mine ${e.away ? 'away' : 'back'} local=${e.local}`));
      other.contact.on('signalling', (e) => seen.push(`other ${e.away ? 'away' : 'back'} local=${e.local}`));
      const rejoined: boolean[] = [];
      dropping.contact.on('reattached', (e) => rejoined.push(e.kept));
      dropping.transport.drop();
      await eventually(() => seen.length === 2, 2_000, 'both sides told');
      // Signalling is down, the media path is not: audio goes on both ways.
      await grows(other.contact, inbound, 1_000, 3_000, 'audio while the signalling is down');
      await grows(dropping.contact, inbound, 1_000, 3_000, 'audio the other way too');
      dropping.transport.reconnect();
      await eventually(() => rejoined.length === 1, 2_000, 'the endpoint rejoined');
      expect(rejoined).to.deep.equal([true]);
      await eventually(() => seen.length === 4, 2_000, 'both sides told it is back');
      expect(new Set(seen)).to.deep.equal(new Set(['mine away local=true', 'other away local=false', 'mine back local=true', 'other back local=false']));
      expect([dropping.contact.peerConnection, other.contact.peerConnection]).to.deep.equal(pcs);
      expect(dropping.transport.sent['media.attach']).to.equal(2);
      await grows(other.contact, inbound, 1_000, 3_000, 'audio after the rejoin');
    });
  }

  it('ICE that fails while signalling is down is restarted once the signalling is back', async () => {
    const server = new LoopbackServer();
    const { agent, customer } = track(await startCall(server));
    const pc = agent.contact.peerConnection!;
    const ufrag = () => /a=ice-ufrag:(\S+)/.exec(pc.localDescription!.sdp)![1];
    const before = ufrag();
    customer.transport.drop();
    await eventually(() => agent.contact.peerConnection !== null, 1_000, 'the agent keeps its link');
    await sleep(50); // the agent hears the customer is away
    Object.defineProperty(pc, 'iceConnectionState', { configurable: true, get: () => 'failed' });
    pc.dispatchEvent(new Event('iceconnectionstatechange'));
    delete (pc as unknown as Record<string, unknown>).iceConnectionState;
    await sleep(800);
    expect(ufrag(), 'no restart while the remote cannot hear it').to.equal(before);
    expect(pc.signalingState).to.equal('stable');
    customer.transport.reconnect();
    await eventually(() => ufrag() !== before && pc.signalingState === 'stable', 3_000, 'new ICE credentials negotiated');
    await eventually(() => /a=ice-ufrag:(\S+)/.exec(customer.contact.peerConnection!.remoteDescription!.sdp)![1] === ufrag(), 3_000, 'the customer has them');
    await grows(customer.contact, inbound, 2_000, 3_000, 'audio after the restart');
    expect(agent.contact.peerConnection).to.equal(pc);
  });

  it('an ICE failure is restarted and the call recovers on the same peer connection', async () => {
    const { agent, customer } = track(await startCall());
    const pc = agent.contact.peerConnection!;
    const ufrag = () => /a=ice-ufrag:(\S+)/.exec(pc.localDescription!.sdp)![1];
    const before = ufrag();
    // Chromium gives no way to cut a loopback path from a page: the engine sees ICE report `failed`.
    Object.defineProperty(pc, 'iceConnectionState', { configurable: true, get: () => 'failed' });
    pc.dispatchEvent(new Event('iceconnectionstatechange'));
    delete (pc as unknown as Record<string, unknown>).iceConnectionState;
    await eventually(() => ufrag() !== before && pc.signalingState === 'stable', 3_000, 'new ICE credentials negotiated');
    await eventually(() => /a=ice-ufrag:(\S+)/.exec(customer.contact.peerConnection!.remoteDescription!.sdp)![1] === ufrag(), 3_000, 'the customer has them');
    await grows(customer.contact, inbound, 2_000, 3_000, 'audio after the restart');
    expect(agent.contact.peerConnection).to.equal(pc);
  });

  for (const side of ['agent', 'customer'] as const) {
    it(`video added by the ${side} reaches the other side, and goes when removed`, async () => {
      const call = track(await startCall());
      const [from, to] = side === 'agent' ? [call.agent.contact, call.customer.contact] : [call.customer.contact, call.agent.contact];
      const changes: unknown[] = [];
      to.on('mediachange', (_m, diff) => changes.push(diff));
      const media = await from.addVideo();
      expect(media.Video?.tx).to.equal(true);
      expect(from.localVideo.getVideoTracks()).to.have.length(1);
      await eventually(() => to.remoteStream.getVideoTracks().length === 1, 5_000, 'video at the other side');
      await eventually(async () => (await to.getMedia()).Video?.rx === true, 3_000, 'Video.rx on the other side');
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = to.remoteStream;
      await video.play();
      await eventually(() => video.videoWidth > 0, 5_000, 'frames decoded');
      await from.removeVideo();
      await eventually(() => to.remoteStream.getVideoTracks().length === 0, 5_000, 'video gone');
      await eventually(async () => !(await to.getMedia()).Video?.rx, 3_000, 'Video.rx off');
      expect(changes.length).to.be.at.least(2);
      await grows(to, inbound, 1_000, 3_000, 'audio still flowing');
    });
  }

  it('the agent asks the customer to share the screen; the customer accepts and the agent sees it', async () => {
    const { agent, customer } = track(await startCall());
    customer.contact.on('ShareScreen', (_data, cb) => {
      customer.contact.shareScreen().then(() => cb(null, true), (err) => cb(err));
    });
    expect(await agent.contact.requestScreenShare(10_000)).to.equal(true);
    expect((await customer.contact.getMedia()).Sharing?.tx).to.equal(true);
    await eventually(() => agent.contact.remoteScreen.getVideoTracks().length === 1, 5_000, 'the screen at the agent');
    expect(agent.contact.remoteStream.getVideoTracks()).to.have.length(0);
    await eventually(async () => (await agent.contact.getMedia()).Sharing?.rx === true, 3_000, 'Sharing.rx at the agent');
    await customer.contact.stopSharing();
    await eventually(() => agent.contact.remoteScreen.getVideoTracks().length === 0, 5_000, 'sharing stopped');
  });

  it('switches the microphone with replaceTrack (no renegotiation) and audio keeps flowing', async () => {
    const { agent, customer } = track(await startCall());
    const inputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput' && d.deviceId && d.deviceId !== 'default');
    expect(inputs.length).to.be.at.least(1);
    const pc = agent.contact.peerConnection!;
    const sdp = pc.localDescription!.sdp;
    const before = agent.contact.localStream.getAudioTracks()[0]!;
    agent.contact.setMuted(true);
    await agent.contact.setInputDevice(inputs[inputs.length - 1]!.deviceId);
    const after = agent.contact.localStream.getAudioTracks()[0]!;
    expect(after.id).to.not.equal(before.id);
    expect(before.readyState).to.equal('ended');
    expect(after.enabled).to.equal(false); // still muted
    expect(pc.getSenders().some((s) => s.track === after)).to.equal(true);
    agent.contact.setMuted(false);
    await grows(customer.contact, inbound, 2_000, 3_000, 'audio from the new microphone');
    expect(pc.localDescription!.sdp).to.equal(sdp);
    await MediaContactClass.setSinkId(document.createElement('audio'), 'default');
  });

  it('close() stops the tracks, closes the peer connection and rejects later calls', async () => {
    const { customer } = track(await startCall());
    const mic = customer.contact.localStream.getAudioTracks()[0]!;
    const pc = customer.contact.peerConnection!;
    customer.contact.close();
    expect(mic.readyState).to.equal('ended');
    expect(pc.connectionState).to.equal('closed');
    await customer.contact.request('Anything').then(
      () => expect.fail('a closed contact answered'),
      (err) => expect(err.name).to.equal('invalid_state'),
    );
  });
});
