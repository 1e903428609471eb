/**
 * A recording whose chunks cannot be stored stops, and everyone is told: the server refuses them
 * (the recording is over `recordingMaxBytes`), or cannot be reached (the CRM's link goes quiet)
 * past `recordingUploadGiveUpSeconds`. The widget's recorder stops, the call panel says the
 * recording stopped and why (the server keeps the reason: a reloaded widget still says it), the
 * host's InteractionData has `callRecording` false (ON_INTERACTION_STATE_CHANGE), and what was
 * stored plays from `recordingUrl`.
 */
import { expect } from '@esm-bundle/chai';
import type { InteractionData, InteractionsState, OperationResult } from '../../protocol/index.ts';
import { addIframe, cutLink, eventually, frame, restoreLink, signIn, startServer, stopServer, type TestProxy, type TestServer } from './harness.ts';
import { agentHears, answeredCall, customerStats, deskAndShop, grows, sleep, type Frame } from './call-e2e.ts';

interface Decoded {
  status: number;
  type: string | null;
  bytes: number;
  seconds: number;
  peak: number;
  error?: string;
}

/** The recording behind `url`, fetched and decoded by the CRM page. */
const decode = (crm: Frame, url: string) =>
  crm.eval<Decoded>(`(async () => {
    const res = await fetch(${JSON.stringify(url)});
    const buf = await res.arrayBuffer();
    const out = { status: res.status, type: res.headers.get('content-type'), bytes: buf.byteLength, seconds: 0, peak: 0 };
    try {
      const audio = await new OfflineAudioContext(1, 48000, 48000).decodeAudioData(buf.slice(0));
      out.seconds = audio.duration;
      out.peak = audio.getChannelData(0).reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    } catch (err) { out.error = String(err); }
    return out;
  })()`);

/** Keeps, in the CRM page, every callRecording value the host was told of for voice interactions. */
const watchCallRecording = (crm: Frame) =>
  crm.eval(`(window.__rec = [], Switchboard.api.on('ON_INTERACTION_STATE_CHANGE', (i) => i.type === 'voice' && window.__rec.at(-1) !== i.callRecording && window.__rec.push(i.callRecording)), true)`);

/** The voice interaction once the host has it with `callRecording` false and a recordingUrl. */
const stoppedInteraction = (crm: Frame) =>
  eventually(async () => {
    const r = await crm.eval<OperationResult<InteractionsState>>('Switchboard.api.getInteractionsState()');
    return (r.status === 'success' && r.data.interactions.find((i: InteractionData) => i.type === 'voice' && !i.callRecording && i.recordingUrl)) || null;
  }, 15_000, 'callRecording false and a recordingUrl in InteractionData');

const recorderState = (widget: Frame) => widget.eval<string | null>(`document.querySelector('.sb-call-rec')?.dataset.recorder ?? null`);

describe('end to end: the server refuses a recording\u2019s chunks', function () {
  this.timeout(90_000);
  const MAX_BYTES = 24_000;
  let server: TestServer;
  const crm = frame('/demo/crm.html');
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');

  before(async () => {
    server = await startServer({ config: { recordingMaxBytes: MAX_BYTES } });
    await deskAndShop(server);
    await answeredCall('Rafa Refused');
    await grows(async () => (await customerStats(shop)).inboundBytes, 'audio at the customer');
  });
  after(() => stopServer(server));

  it('stops the recording: the panel says why, the host sees callRecording go false, what was stored plays; a reloaded widget still says why', async () => {
    await watchCallRecording(crm);
    await widget.click('.sb-call-panel [data-action=record]');
    await eventually(async () => (await recorderState(widget)) === 'recording', 10_000, 'the recorder recording');
    const startedAt = Date.now();
    await widget.waitForText('.sb-call-panel [data-recording-error]', `a recording may hold ${MAX_BYTES} bytes`);
    console.log(`the server refused a chunk ${Date.now() - startedAt} ms into the recording`);
    expect((await widget.texts('.sb-call-panel [data-recording-error]'))[0]).to.contain('Recording stopped');
    await widget.waitForGone('.sb-call-panel [data-recording]'); // the server stopped it
    await widget.waitFor('.sb-call-panel [data-action=record][aria-pressed=false]');
    await shop.eval(`new Promise((resolve) => { const check = () => window.switchboardChat.getChat().call.recording ? setTimeout(check, 50) : resolve(true); check(); })`);

    const data = await stoppedInteraction(crm);
    expect(await crm.eval<boolean[]>('window.__rec'), 'ON_INTERACTION_STATE_CHANGE: recording, then not').to.deep.equal([true, false]);
    const file = await decode(crm, data.recordingUrl!);
    console.log(`stored before the refusal: ${file.bytes} bytes, ${file.seconds.toFixed(2)} s`);
    expect(file.error, 'what was stored decodes').to.equal(undefined);
    expect(file.status).to.equal(200);
    expect(file.type).to.equal('audio/webm');
    expect(file.bytes).to.be.above(2_000).and.at.most(MAX_BYTES);
    expect(file.seconds).to.be.above(0.5);
    expect(file.peak, 'the call\u2019s sound').to.be.above(0.05);

    // The reason is the server's too: the reloaded widget shows it.
    await widget.eval('location.reload(), true');
    await widget.waitForText('.sb-call-panel [data-recording-error]', `a recording may hold ${MAX_BYTES} bytes`);
    await eventually(() => agentHears(widget), 15_000, 'audio at the reloaded widget');
    // Recording again clears it.
    await widget.click('.sb-call-panel [data-action=record]');
    await widget.waitFor('.sb-call-panel [data-recording]');
    await widget.waitForGone('.sb-call-panel [data-recording-error]');
  });
});

describe('end to end: the server is out of reach while recording', function () {
  this.timeout(90_000);
  const GIVE_UP_SECONDS = 2;
  let server: TestServer;
  let proxy: TestProxy;

  before(async () => {
    server = await startServer({ proxies: 1, config: { recordingUploadGiveUpSeconds: GIVE_UP_SECONDS, heartbeatSeconds: 1, callReattachSeconds: 60 } });
    [proxy] = server.proxies as [TestProxy];
  });
  after(() => stopServer(server));

  it('stops the recording once chunks have waited past the bound; the server hears why when the link is back; what was stored plays', async () => {
    // The CRM page and its widget through a proxy whose link the test cuts (uploads and the socket alike).
    await addIframe(`${proxy.url}/demo/crm.html`, 'crm');
    const crm = frame(`${proxy.url}/demo/crm.html`);
    const widget = frame(`${proxy.url}/widget/`);
    await signIn(`${proxy.url}/widget/`, 'alice');
    await widget.select('select[name=agent-state]', 'ONLINE');
    const shopUrl = `http://localhost:${server.port}/demo/shop.html`;
    await addIframe(shopUrl, 'shop', { width: 420, height: 640 });
    const shop = frame(shopUrl);
    await shop.type('input[name=name]', 'Otto Offline');
    await shop.click('[data-action=call]');
    await widget.click('.sb-incoming-call [data-action=answer]');
    await shop.waitFor('.sbc-call[data-call-state=connected]');
    await eventually(() => agentHears(widget), 10_000, 'audio at the agent');
    await watchCallRecording(crm);

    await widget.click('.sb-call-panel [data-action=record]');
    await eventually(async () => (await recorderState(widget)) === 'recording', 10_000, 'the recorder recording');
    await sleep(2_500); // stored: about two seconds
    await cutLink(proxy);
    const cutAt = Date.now();
    // The page gives up by itself while the server is still out of reach, and says so.
    await widget.waitForText('.sb-call-panel [data-recording-error]', 'Recording stopped');
    const gaveUpAfter = Date.now() - cutAt;
    const reason = (await widget.texts('.sb-call-panel [data-recording-error]'))[0]!;
    console.log(`out of reach: the recording stopped ${gaveUpAfter} ms after the link went quiet: ${reason}`);
    expect(gaveUpAfter).to.be.at.least(GIVE_UP_SECONDS * 1000 - 500).and.below(GIVE_UP_SECONDS * 1000 + 8_000);
    expect(reason).to.match(/server/);
    // Stopped here; the server, out of reach, still says it records.
    await eventually(async () => (await recorderState(widget)) === 'ready', 5_000, 'the recorder stopped, the badge still the server\'s');
    await sleep(Math.max(0, 4_000 - (Date.now() - cutAt)));

    await restoreLink(proxy);
    await widget.waitForGone('.sb-call-panel [data-recording]'); // the server heard and stopped the recording
    expect((await widget.texts('.sb-call-panel [data-recording-error]'))[0]).to.equal(reason);
    const data = await stoppedInteraction(crm);
    expect(await crm.eval<boolean[]>('window.__rec')).to.deep.equal([true, false]);
    const file = await decode(crm, data.recordingUrl!);
    console.log(`stored before the link went quiet: ${file.bytes} bytes, ${file.seconds.toFixed(2)} s`);
    expect(file.error, 'what was stored decodes').to.equal(undefined);
    expect(file.status).to.equal(200);
    expect(file.seconds, 'the seconds before the cut').to.be.within(1.2, 5);
    // The call itself went on: audio still flows.
    await eventually(() => agentHears(widget), 15_000, 'audio at the agent after the link is back');
  });
});
