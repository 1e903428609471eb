/**
 * A call survives the tab that carries it: the agent has the CRM open in two tabs, the owner tab
 * (which carries the call's media) closes mid-call, the other tab takes the session over and
 * re-attaches; the customer's call stays up, parked meanwhile, with the same microphone.
 */
import { expect } from '@esm-bundle/chai';
import type { InteractionData, InteractionsState, OperationResult, WidgetConfig } from '../../protocol/index.ts';
import { addIframe, closeTab, eventually, frame, openTab, startServer, stopServer, type TestServer } from './harness.ts';
import { agentHears, customerMicId, customerStats, grows } from './call-e2e.ts';

describe('end to end: the tab carrying a call closes', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => stopServer(server));

  it('the other tab takes over and re-attaches: audio flows both ways again within 3 s, the customer keeps its microphone', async () => {
    const crm = `${server.url}/demo/crm.html`;
    const first = await openTab(crm);
    const widgetA = frame(`${server.url}/widget/`, first);
    await widgetA.type('input[name=username]', 'alice');
    await widgetA.type('input[name=password]', 'alice');
    await widgetA.click('[data-action=login]');
    await widgetA.select('select[name=agent-state]', 'ONLINE');
    const ownerOf = async (tab: number) => {
      const c = await frame(crm, tab).eval<OperationResult<WidgetConfig>>('Switchboard.api.getConfig()');
      return c.status === 'success' && c.data.sessionOwner;
    };
    await eventually(() => ownerOf(first), 5_000, 'the first tab owns the session');
    const second = await openTab(crm);
    const widgetB = frame(`${server.url}/widget/`, second);
    await widgetB.waitFor('[data-follower]');

    // The customer calls from the shop (this page); the owner tab answers and carries the media.
    await addIframe(`${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`, 'shop', { width: 420, height: 640 });
    const shop = frame('/demo/shop.html');
    await shop.type('input[name=name]', 'Tess Moro');
    await shop.click('[data-action=call]');
    await widgetA.click('.sb-incoming-call[data-call-state=ringing] [data-action=answer]');
    await widgetA.waitFor('.sb-call-panel[data-call-state=connected]');
    await shop.waitFor('.sbc-call[data-call-state=connected]');
    await eventually(() => agentHears(widgetA), 10_000, 'audio at the owner tab');
    await grows(async () => (await customerStats(shop)).inboundBytes, 'audio at the customer');
    // The follower shows the call but carries no media.
    await widgetB.waitFor('.sb-call-panel[data-call-state=connected]');
    expect(await agentHears(widgetB)).to.equal(false);
    const mic = await customerMicId(shop);
    expect(mic).to.be.a('string');
    // The owner tab records the call.
    await widgetA.click('.sb-call-panel [data-action=record]');
    await eventually(() => widgetA.eval<boolean>(`document.querySelector('.sb-call-rec')?.dataset.recorder === 'recording'`), 10_000, 'the owner tab recording');
    await new Promise((r) => setTimeout(r, 2_000));

    // Everything the shop's call panel shows from now on, to see the parked state however short it is.
    await shop.eval(`(() => {
      const panel = document.querySelector('.sbc-call');
      window.__panelSeen = [];
      const note = () => window.__panelSeen.push({ parked: panel.dataset.parked, state: panel.dataset.callState, text: panel.querySelector('.sbc-call-status').textContent });
      new MutationObserver(note).observe(panel, { attributes: true, subtree: true, childList: true, characterData: true });
      return true;
    })()`);

    await closeTab(first);
    await widgetB.waitForGone('[data-follower]');
    const tookOverAt = Date.now();
    expect(await ownerOf(second)).to.equal(true);
    await eventually(() => agentHears(widgetB), 3_000, 'audio at the new owner tab within 3 s');
    const inbound = (await customerStats(shop)).inboundBytes;
    await eventually(async () => (await customerStats(shop)).inboundBytes > inbound + 500, 3_000, 'audio at the customer again');
    const elapsed = Date.now() - tookOverAt;
    console.log(`owner tab closed: audio both ways again ${elapsed} ms after the takeover`);
    expect(elapsed, 'takeover to audio both ways (ms)').to.be.below(3_000);
    expect(await customerMicId(shop), 'the customer keeps the same microphone track').to.equal(mic);
    const micLive = await shop.eval<string>('window.switchboardChat.voice().then((v) => v.contact().localStream.getAudioTracks()[0].readyState)');
    expect(micLive).to.equal('live');

    // While the agent's side was away, the shop said so.
    await shop.waitFor('.sbc-call[data-parked=false][data-call-state=connected]');
    const seen = await shop.eval<{ parked: string; state: string; text: string }[]>('window.__panelSeen');
    const parked = seen.filter((s) => s.parked === 'true');
    expect(parked.length, `the shop showed the call parked: ${JSON.stringify(seen.slice(0, 6))}`).to.be.above(0);
    expect(parked.every((s) => s.state === 'connected')).to.equal(true);
    expect(parked.some((s) => s.text === 'Reconnecting audio…')).to.equal(true);

    // The recording goes on in the new owner tab, in the next file of the same recording.
    await eventually(() => widgetB.eval<boolean>(`document.querySelector('.sb-call-rec')?.dataset.recorder === 'recording'`), 10_000, 'the new owner tab recording');
    await new Promise((r) => setTimeout(r, 2_000));
    await widgetB.click('.sb-call-panel [data-action=record]');
    await widgetB.waitForGone('.sb-call-panel [data-recording]');
    const crmB = frame(crm, second);
    const files = await eventually(async () => {
      const r = await crmB.eval<OperationResult<InteractionsState>>('Switchboard.api.getInteractionsState()');
      const url = r.status === 'success' ? r.data.interactions.find((i: InteractionData) => i.type === 'voice')?.recordingUrl : undefined;
      if (!url) return null;
      return crmB.eval<{ segment: number; part: string; status: string; peak: number }[]>(`(async () => {
        const { files } = await fetch(${JSON.stringify(url.replace('?', '/files?'))}).then((r) => r.json());
        return Promise.all(files.map(async (f) => {
          const audio = await new OfflineAudioContext(1, 48000, 48000).decodeAudioData(await (await fetch(f.url)).arrayBuffer());
          return { segment: f.segment, part: f.part, status: f.status, peak: audio.getChannelData(0).reduce((m, s) => Math.max(m, Math.abs(s)), 0) };
        }));
      })()`);
    }, 10_000, 'the recording\u2019s files');
    expect(files.map((f) => [f.segment, f.part, f.status])).to.deep.equal([
      [0, 'mixed', 'complete'],
      [1, 'mixed', 'complete'],
    ]);
    for (const f of files) expect(f.peak, `sound in segment ${f.segment}`).to.be.above(0.05);

    await widgetB.click('.sb-call-panel [data-action=hangup]');
    await shop.waitForText('.sbc-messages', 'The call has ended');
    await closeTab(second);
  });
});
