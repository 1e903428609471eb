/**
 * A call relayed through a real coturn: the server mints TURN credentials for each endpoint
 * (coturn's REST scheme) and forces `iceTransportPolicy: 'relay'`; the customer (the real SDK and
 * its customer-voice.js) and the agent connect through the TURN server and hear each other. Then
 * coturn goes away mid-call (the only media path breaks) and comes back: ICE drops, and the ICE
 * restarts bring the audio back on the same peer connections.
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { MediaContact } from '../../media/index.ts';
import { startServer, stopServer, type TestServer } from './harness.ts';
import { eventually, growth, grows, play, sleep } from './media/harness.ts';
import { acceptOffer, agentMedia, agentOn, customerOn } from './media/server-parties.ts';

interface TurnServer {
  id: number;
  port: number;
  secret: string;
  urls: string[];
}

/** The nominated, succeeded candidate pair of a peer connection with its two candidates. */
async function selectedPair(pc: RTCPeerConnection) {
  const stats = await pc.getStats();
  const all = [...stats.values()] as Record<string, any>[];
  const pair = all.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
  if (!pair) return null;
  return { pair, local: stats.get(pair.localCandidateId), remote: stats.get(pair.remoteCandidateId) };
}

describe('calls through a TURN relay (coturn)', function () {
  this.timeout(60_000);
  let turn: TurnServer;
  let server: TestServer;
  const open: MediaContact[] = [];

  before(async () => {
    turn = await executeServerCommand<TurnServer, object>('sb-start-turn', {});
    server = await startServer({
      config: { ice: { servers: [], turn: { urls: turn.urls, secret: turn.secret, ttlSeconds: 600 }, transportPolicy: 'relay' } },
    });
  });
  after(async () => {
    for (const c of open.splice(0)) c.close();
    if (server) await stopServer(server);
    if (turn) await executeServerCommand('sb-stop-turn', { id: turn.id });
  });

  it('a customer call connects through coturn only (relay candidates on both sides) and audio flows both ways', async () => {
    const agent = await agentOn(server, 'alice');
    const customer = customerOn(server);
    const call = await customer.init({ room: 'default', call: true, name: 'Nadia' });
    expect(call.call?.state).to.equal('ringing');
    const accepted = await acceptOffer(agent, call.id);
    expect(accepted.call?.state).to.equal('connected');

    // The customer side: customer-voice.js, fetched from the server, joins the call's media.
    const voice = await customer.voice();
    await voice.join();
    const customerMedia = voice.contact();
    open.push(customerMedia);
    const agentSide = agentMedia(agent, call.id);
    open.push(agentSide);
    await agentSide.start({ audio: true });
    const attached = await agentSide.attach();

    // What the server handed out: coturn's URL with credentials minted for this agent, relay only.
    expect(attached.iceTransportPolicy).to.equal('relay');
    expect(attached.iceServers).to.have.length(1);
    const [ice] = attached.iceServers;
    expect(ice!.urls).to.deep.equal(turn.urls);
    const [expiry, subject] = ice!.username!.split(':');
    expect(subject).to.equal('alice');
    expect(Number(expiry) - Date.now() / 1000).to.be.within(590, 601);
    expect(ice!.credential).to.match(/^[A-Za-z0-9+/]{27}=$/); // base64 of an HMAC-SHA1

    await eventually(() => agentSide.connectionState === 'connected' && customerMedia.connectionState === 'connected', 15_000, 'both sides connected through TURN');
    for (const [side, contact] of [['agent', agentSide], ['customer', customerMedia]] as const) {
      const selected = await selectedPair(contact.peerConnection!);
      expect(selected, `${side}: a selected candidate pair`).to.not.equal(null);
      expect(selected!.local.candidateType, `${side}: local candidate`).to.equal('relay');
      expect(selected!.remote.candidateType, `${side}: remote candidate`).to.equal('relay');
      // The relayed address is coturn's, from its relay port range.
      expect(selected!.local.address ?? selected!.local.ip).to.equal('127.0.0.1');
      expect(selected!.local.port).to.be.within(61_000, 61_999);
      expect(selected!.local.url ?? '').to.contain(`:${turn.port}`);
    }

    play(agentSide);
    play(customerMedia);
    await grows(agentSide, (s) => s.inboundBytes, 2_000, 10_000, 'audio at the agent, through the relay');
    await grows(customerMedia, (s) => s.inboundBytes, 2_000, 10_000, 'audio at the customer, through the relay');

    // coturn's own log: both parties allocated a relay with the credentials minted for them.
    const log = await executeServerCommand<string, object>('sb-turn-log', { id: turn.id });
    for (const subject of ['alice', call.customer.id]) {
      expect(log).to.match(new RegExp(`user <\\d+:${subject}>: incoming packet ALLOCATE processed, success`), subject);
      expect(log).to.match(new RegExp(`user <\\d+:${subject}>: incoming packet CREATE_PERMISSION processed, success`), subject);
    }
    await customer.voice().then((v) => v.hangUp());
    agentSide.close();
    await agent.conn.request({ type: 'agent.setState', state: 'OFFLINE' }); // the next call is for another agent
    agent.conn.close();
    customer.disconnect();
  });

  it('coturn goes away mid-call: audio stops and ICE drops; an ICE restart brings audio back both ways on the same peer connections', async () => {
    const agent = await agentOn(server, 'bob');
    const customer = customerOn(server);
    const call = await customer.init({ room: 'default', call: true, name: 'Ivo' });
    await acceptOffer(agent, call.id);
    const voice = await customer.voice();
    await voice.join();
    const customerMedia = voice.contact();
    const agentSide = agentMedia(agent, call.id);
    open.push(customerMedia, agentSide);
    await agentSide.start({ audio: true });
    await agentSide.attach();
    await eventually(() => agentSide.connectionState === 'connected' && customerMedia.connectionState === 'connected', 15_000, 'both sides connected through TURN');
    play(agentSide);
    play(customerMedia);
    await grows(agentSide, (s) => s.inboundBytes, 2_000, 10_000, 'audio at the agent');
    await grows(customerMedia, (s) => s.inboundBytes, 2_000, 10_000, 'audio at the customer');
    const pcs = [agentSide.peerConnection!, customerMedia.peerConnection!];
    const ufrag = (pc: RTCPeerConnection) => /a=ice-ufrag:(\S+)/.exec(pc.localDescription!.sdp)![1];
    const ufragsBefore = pcs.map(ufrag);
    const iceStates: string[] = [];
    for (const pc of pcs) pc.addEventListener('iceconnectionstatechange', () => iceStates.push(pc.iceConnectionState));

    await executeServerCommand('sb-pause-turn', { id: turn.id });
    const pausedAt = Date.now();
    // The relay was the only path: audio stops both ways and ICE reports the loss.
    await eventually(() => iceStates.some((s) => s === 'disconnected' || s === 'failed'), 15_000, 'ICE noticing the relay is gone');
    expect(await growth(agentSide, (s) => s.inboundBytes, 1_000), 'bytes at the agent without the relay').to.be.below(200);
    expect(await growth(customerMedia, (s) => s.inboundBytes, 1_000), 'bytes at the customer without the relay').to.be.below(200);
    await sleep(Math.max(0, 5_000 - (Date.now() - pausedAt)));
    await executeServerCommand('sb-resume-turn', { id: turn.id });

    const back = await grows(agentSide, (s) => s.inboundBytes, 2_000, 30_000, 'audio at the agent after coturn is back');
    await grows(customerMedia, (s) => s.inboundBytes, 2_000, 10_000, 'audio at the customer after coturn is back');
    console.log(`coturn back: audio again within ${Math.round(back)} ms; ICE went ${iceStates.join(' > ')}`);
    expect([agentSide.peerConnection, customerMedia.peerConnection], 'the same peer connections').to.deep.equal(pcs);
    pcs.forEach((pc, i) => expect(ufrag(pc), 'new ICE credentials (a restart)').to.not.equal(ufragsBefore[i]));
    expect(iceStates.at(-1)).to.be.oneOf(['connected', 'completed']);
    for (const [side, contact] of [['agent', agentSide], ['customer', customerMedia]] as const) {
      expect((await selectedPair(contact.peerConnection!))?.local.candidateType, `${side}: still relayed`).to.equal('relay');
    }
    await voice.hangUp();
    agentSide.close();
    agent.conn.close();
    customer.disconnect();
  });
});
