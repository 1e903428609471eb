/**
 * A call whose media path never comes back while both sides stay connected to the server: a
 * relay-only call through a real coturn (the only path), coturn goes away and stays away. ICE
 * drops and is restarted again and again; past the server's `callIceFailSeconds` the endpoint
 * gives up and tells the server, which ends the call `media_failed`: the widget and the shop say
 * the call was lost, the host hears ON_CALL_AUDIO_QUALITY_ALERT while the path is down and
 * ON_CALL_ENDED with the reason, and the voice interaction is in wrap-up.
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { InteractionData, InteractionsState, OperationResult } from '../../protocol/index.ts';
import { addIframe, eventually, frame, signIn, startServer, stopServer, type TestServer } from './harness.ts';
import { agentHears, customerStats, grows } from './call-e2e.ts';

const ICE_FAIL_SECONDS = 4;

interface TurnServer {
  id: number;
  urls: string[];
  secret: string;
}

describe('end to end: a call whose ICE stays down with signalling up', function () {
  this.timeout(90_000);
  let turn: TurnServer;
  let server: TestServer;

  before(async () => {
    turn = await executeServerCommand<TurnServer, object>('sb-start-turn', {});
    server = await startServer({
      config: {
        callIceFailSeconds: ICE_FAIL_SECONDS,
        callReattachSeconds: 60, // nobody leaves: only the ICE time can end this call
        ice: { servers: [], turn: { urls: turn.urls, secret: turn.secret, ttlSeconds: 600 }, transportPolicy: 'relay' },
      },
    });
  });
  after(async () => {
    document.querySelectorAll('iframe').forEach((f) => f.remove());
    if (server) await stopServer(server);
    if (turn) await executeServerCommand('sb-stop-turn', { id: turn.id });
  });

  it('ends media_failed on both sides once ICE has been down past callIceFailSeconds; the host hears the alert and why; the interaction is in wrap-up', async () => {
    await addIframe(`${server.url}/demo/crm.html`, 'crm');
    const crm = frame(`${server.url}/demo/crm.html`);
    const widget = frame(`${server.url}/widget/`);
    await signIn(`${server.url}/widget/`, 'alice');
    await widget.select('select[name=agent-state]', 'ONLINE');
    await crm.eval(`(window.__calls = [], ['ON_CALL_AUDIO_QUALITY_ALERT', 'ON_CALL_ENDED'].forEach((name) => Switchboard.api.on(name, (...args) => window.__calls.push([name, ...args, Date.now()]))), true)`);
    const shopUrl = `${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`;
    await addIframe(shopUrl, 'shop', { width: 420, height: 640 });
    const shop = frame(shopUrl);
    await shop.type('input[name=name]', 'Ines Ice');
    await shop.click('[data-action=call]');
    await widget.click('.sb-incoming-call [data-action=answer]');
    await shop.waitFor('.sbc-call[data-call-state=connected]');
    await eventually(() => agentHears(widget), 15_000, 'audio at the agent, through the relay');
    await grows(async () => (await customerStats(shop)).inboundBytes, 'audio at the customer, through the relay');
    const relayed = await shop.eval<string | null>(`window.switchboardChat.voice().then(async (v) => {
      const stats = [...(await v.contact().peerConnection.getStats()).values()];
      const pair = stats.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
      return pair ? stats.find((s) => s.id === pair.localCandidateId).candidateType : null;
    })`);
    expect(relayed, 'the customer\u2019s media goes through coturn').to.equal('relay');
    const callId = await shop.eval<string>('window.switchboardChat.getChat().id');
    await shop.eval(`window.switchboardChat.voice().then((v) => { window.__mic = v.contact().localStream.getAudioTracks()[0]; window.__pc = v.contact().peerConnection; return true; })`);

    await executeServerCommand('sb-pause-turn', { id: turn.id });
    const pausedAt = Date.now();
    // While ICE is being restarted the host hears the call's audio is in trouble; the call goes on.
    const alert = await eventually(
      () => crm.eval<any[] | null>(`window.__calls.find(([name, id, on]) => name === 'ON_CALL_AUDIO_QUALITY_ALERT' && id === ${JSON.stringify(callId)} && on === true) ?? null`),
      20_000,
      'ON_CALL_AUDIO_QUALITY_ALERT(callId, true)',
    );
    expect(await widget.eval<string>(`document.querySelector('.sb-call-panel')?.dataset.callState ?? ''`), 'the call goes on while ICE is restarted').to.equal('connected');

    await widget.waitForText('[data-call-ended=media_failed]', 'The call was lost');
    const ended = await eventually(
      () => crm.eval<any[] | null>(`window.__calls.find(([name]) => name === 'ON_CALL_ENDED') ?? null`),
      10_000,
      'ON_CALL_ENDED',
    );
    const endedAfter = ended[4] - pausedAt;
    console.log(`ICE down: alert after ${alert[3] - pausedAt} ms, the call ended media_failed ${endedAfter} ms after coturn went away`);
    expect(ended.slice(1, 3)).to.deep.equal([callId, 'media_failed']);
    expect(ended[3]).to.contain('The call was lost');
    expect(ended[4] - alert[3], 'not before the ICE time since ICE went down').to.be.at.least(ICE_FAIL_SECONDS * 1000 - 500);
    expect(endedAfter).to.be.below(ICE_FAIL_SECONDS * 1000 + 20_000);
    expect(await widget.eval<number>(`document.querySelectorAll('.sb-call-panel').length`)).to.equal(0);
    // The alert is over with the call.
    await eventually(
      () => crm.eval<boolean>(`window.__calls.some(([name, id, on]) => name === 'ON_CALL_AUDIO_QUALITY_ALERT' && id === ${JSON.stringify(callId)} && on === false)`),
      10_000,
      'ON_CALL_AUDIO_QUALITY_ALERT(callId, false)',
    );
    const wrap = await eventually(async () => {
      const r = await crm.eval<OperationResult<InteractionsState>>('Switchboard.api.getInteractionsState()');
      return (r.status === 'success' && r.data.interactions.find((i: InteractionData) => i.interactionId === callId && i.state === 'wrap_up')) || null;
    }, 10_000, 'the voice interaction in wrap-up');
    expect(wrap).to.include({ type: 'voice', callDirection: 'inbound' });
    expect(wrap.endTime, 'the call has an end time').to.be.a('number');

    // The shop: the call was lost, its media released.
    await shop.waitForText('.sbc-messages', 'The call was lost');
    expect(await shop.eval<string>(`window.switchboardChat.getChat().call.endReason`)).to.equal('media_failed');
    expect(await shop.eval<boolean>(`document.querySelector('.sbc-call').hidden`)).to.equal(true);
    await eventually(() => shop.eval<boolean>(`window.__mic.readyState === 'ended' && window.__pc.connectionState === 'closed'`), 5_000, 'the customer\u2019s microphone and peer connection released');
  });
});
