/**
 * Calls end to end in Chromium (fake microphone) against a real server: the demo shop page calls,
 * the agent answers in the widget embedded in the demo CRM page, audio flows both ways, the
 * controls work, and the call survives the agent's page reloading.
 */
import { expect } from '@esm-bundle/chai';
import type { InteractionsState, OperationResult } from '../../protocol/index.ts';
import { eventually, frame, startServer, stopServer, type TestServer } from './harness.ts';
import { agentHears, customerStats as statsOf, customerMicId, deskAndShop, grows } from './call-e2e.ts';

describe('end to end: a call from the shop to the agent', function () {
  this.timeout(90_000);
  let server: TestServer;
  const crm = frame('/demo/crm.html');
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');
  const crmState = () => crm.eval<OperationResult<InteractionsState>>('Switchboard.api.getInteractionsState()');
  const customerStats = () => statsOf(shop);

  before(async () => {
    server = await startServer();
    await deskAndShop(server);
  });
  after(async () => {
    await stopServer(server);
  });

  it('rings the agent, connects, and carries audio both ways', async () => {
    await shop.type('input[name=name]', 'Carla Verdi');
    await shop.click('[data-action=call]');
    await widget.waitFor('.sb-incoming-call[data-call-state=ringing]');
    await widget.click('.sb-incoming-call [data-action=answer]');
    await widget.waitFor('.sb-call-panel[data-call-state=connected]');
    await shop.waitFor('.sbc-call[data-call-state=connected]');
    await eventually(async () => await agentHears(widget), 10_000, 'audio reaching the agent');
    await grows(async () => (await customerStats()).inboundBytes, 'audio reaching the customer');

    const state = await eventually(async () => {
      const r = await crmState();
      return (r.status === 'success' && r.data.interactions.find((i) => i.type === 'voice' && i.state === 'delivered')) || null;
    });
    expect(state).to.include({ type: 'voice', callDirection: 'inbound', callMuted: false, internal: false });
    expect(state.callParties.some((p) => p.userId === 'alice')).to.equal(true);
  });

  it('mutes the agent: the customer stops receiving sound, and hears it again after unmute', async () => {
    await widget.click('.sb-call-panel [data-action=mute]');
    await widget.waitFor('.sb-call-panel [data-action=mute][aria-pressed=true]');
    const energy = async () => (await customerStats()).inboundAudioEnergy;
    await new Promise((r) => setTimeout(r, 600)); // what was in flight arrives
    const before = await energy();
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await energy()) - before).to.be.below(0.001);
    await widget.click('.sb-call-panel [data-action=mute]');
    await widget.waitFor('.sb-call-panel [data-action=mute][aria-pressed=false]');
    await eventually(async () => (await energy()) > before + 0.001, 10_000, 'sound again after unmute');
  });

  it('holds and resumes: no audio either way while held', async () => {
    await widget.click('.sb-call-panel [data-action=hold]');
    await widget.waitFor('.sb-call-panel[data-call-state=held]');
    await shop.waitFor('.sbc-call[data-call-state=held]');
    await new Promise((r) => setTimeout(r, 600));
    const held = await customerStats();
    await new Promise((r) => setTimeout(r, 1_000));
    const later = await customerStats();
    expect(later.inboundBytes - held.inboundBytes, 'bytes to the customer while held').to.be.below(2_000);
    await widget.click('.sb-call-panel [data-action=hold]');
    await widget.waitFor('.sb-call-panel[data-call-state=connected]');
    await grows(async () => (await customerStats()).inboundBytes, 'audio after resume');
  });

  it('sends DTMF from the keypad: the customer receives the digits', async () => {
    await shop.eval(`window.switchboardChat.voice().then((v) => { window.tones = []; v.contact().on('dtmf', (e) => !e.local && window.tones.push(e.tone)); return true; })`);
    // The panel's "no audio yet" line comes and goes with the audio: click once it is steady, or the buttons move under the click.
    await widget.waitFor('.sb-call-panel[data-audio=flowing]');
    await widget.click('.sb-call-panel [data-action=keypad]');
    for (const digit of ['4', '2', '#']) await widget.click(`[data-digit="${digit}"]`);
    await eventually(async () => (await shop.eval<string[]>('window.tones')).join('') === '42#', 10_000, 'the digits at the customer');
  });

  it('re-attaches after the agent reloads the page: audio flows both ways within 3 s of the new widget\u2019s code running, the customer keeps the same microphone', async () => {
    const trackBefore = await customerMicId(shop);
    // The shop page stays: it notes when audio first grows on the peer connection made after the reload (polled every 50 ms).
    await shop.eval(`window.switchboardChat.voice().then((v) => {
      const c = v.contact();
      const old = c.peerConnection;
      window.__audioBack = null;
      let last = -1;
      const timer = setInterval(async () => {
        const pc = c.peerConnection;
        if (!pc || pc === old) return;
        const { inboundBytes } = await c.getAudioStats();
        if (last >= 0 && inboundBytes > last) { window.__audioBack = Date.now(); clearInterval(timer); }
        last = inboundBytes;
      }, 50);
      return true;
    })`);
    const reloadedAt = Date.now();
    await widget.eval('location.reload(), true');
    // In the new document only: when its code had arrived (widget.js), and when its call panel first said audio flows.
    const agentSide = await eventually(
      () =>
        widget.eval<{ codeAt: number; audioAt: number } | null>(`performance.timeOrigin < ${reloadedAt} ? null : new Promise((resolve) => {
          const script = performance.getEntriesByType('resource').find((r) => /\\/widget\\.js(\\?|$)/.test(r.name));
          const codeAt = Math.round(performance.timeOrigin + (script ? script.responseEnd : 0));
          const flowing = () => document.querySelector('.sb-call-panel')?.dataset.audio === 'flowing';
          if (flowing()) return resolve({ codeAt, audioAt: Date.now() });
          const watch = new MutationObserver(() => flowing() && (watch.disconnect(), resolve({ codeAt, audioAt: Date.now() })));
          watch.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-audio'] });
        })`),
      15_000,
      'audio at the agent after reload',
    );
    const customerAudioAt = await eventually(() => shop.eval<number | null>('window.__audioBack'), 10_000, 'audio at the customer after reload');
    const bothAt = Math.max(agentSide.audioAt, customerAudioAt);
    console.log(`agent reload: widget code in ${agentSide.codeAt - reloadedAt} ms, audio both ways ${bothAt - agentSide.codeAt} ms later (${bothAt - reloadedAt} ms after the reload)`);
    expect(agentSide.codeAt, 'widget.js of the new document').to.be.above(reloadedAt);
    // The agent's side is read from the call panel, which looks every 500 ms: the figure errs long, never short.
    expect(bothAt - agentSide.codeAt, 'from the new widget\u2019s code to audio both ways (ms)').to.be.below(3_000);
    expect(bothAt - reloadedAt, 'from the reload, page load included (ms)').to.be.below(8_000);
    expect(await customerMicId(shop)).to.equal(trackBefore);
    await shop.waitFor('.sbc-call[data-parked=false]');
  });

  it('hangs up: both sides see the call end, and the voice contact goes to wrap-up', async () => {
    await widget.click('.sb-call-panel [data-action=hangup]');
    await shop.waitForText('.sbc-messages', 'The call has ended');
    await eventually(async () => {
      const r = await crmState();
      return (r.status === 'success' && r.data.interactions.find((i) => i.type === 'voice' && i.state === 'wrap_up')) || null;
    }, 10_000, 'the call in wrap-up');
  });
});
