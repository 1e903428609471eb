/**
 * A call whose side never comes back ends: with a short re-attach time, the agent's widget frame
 * is removed (or its only tab closed) mid-call, or the customer's network goes quiet and stays so;
 * after that time the call ends `media_lost`, both sides say the call was lost, and the agent's
 * voice contact is in wrap-up.
 */
import { expect } from '@esm-bundle/chai';
import type { InteractionData, InteractionsState, OperationResult } from '../../protocol/index.ts';
import { addIframe, closeTab, cutLink, eventually, frame, openTab, restoreLink, signIn, startServer, stopServer, type TestProxy, type TestServer } from './harness.ts';
import { agentHears, customerStats, grows } from './call-e2e.ts';

const REATTACH_SECONDS = 1.5;

describe('end to end: the agent side of a call never comes back', function () {
  this.timeout(60_000);
  let server: TestServer;
  const shop = frame('/demo/shop.html');
  const shopUrl = () => `${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`;

  before(async () => (server = await startServer({ config: { callReattachSeconds: REATTACH_SECONDS } })));
  after(() => stopServer(server));
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  /** The customer calls from a fresh shop page; `widget` answers; audio flows both ways. */
  async function connectedCall(widget: ReturnType<typeof frame>, name: string): Promise<void> {
    await addIframe(shopUrl(), 'shop', { width: 420, height: 640 });
    await shop.type('input[name=name]', name);
    await shop.click('[data-action=call]');
    await widget.click('.sb-incoming-call[data-call-state=ringing] [data-action=answer]');
    await shop.waitFor('.sbc-call[data-call-state=connected]');
    await eventually(() => agentHears(widget), 10_000, 'audio at the agent');
    await grows(async () => (await customerStats(shop)).inboundBytes, 'audio at the customer');
  }

  /** The shop says the call was lost, no sooner than the re-attach time after the agent left, and lets the microphone go. */
  async function shopSaysLost(leftAt: number): Promise<void> {
    await shop.waitFor('.sbc-call[data-parked=true]');
    await shop.waitForText('.sbc-messages', 'The call was lost');
    const after = Date.now() - leftAt;
    expect(after, 'ms from the agent leaving to the call ending').to.be.at.least(REATTACH_SECONDS * 1000 - 200);
    expect(after).to.be.below(REATTACH_SECONDS * 1000 + 6_000);
    expect(await shop.eval<string>(`document.querySelector('.sbc-call').dataset.callState`)).to.equal('ended');
    expect(await shop.eval<boolean>(`document.querySelector('.sbc-call').hidden`)).to.equal(true);
    // The customer's media is released: no peer connection, no live microphone.
    await eventually(() => shop.eval<boolean>(`(() => { const s = window.switchboardChat.getChat(); return s.call.state === 'ended' && s.call.endReason === 'media_lost'; })()`), 5_000, 'the customer view ended media_lost');
  }

  const voiceIn = async (crmFrame: ReturnType<typeof frame>, state: string) =>
    eventually(async () => {
      const r = await crmFrame.eval<OperationResult<InteractionsState>>('Switchboard.api.getInteractionsState()');
      return (r.status === 'success' && r.data.interactions.find((i: InteractionData) => i.type === 'voice' && i.state === state)) || null;
    }, 10_000, `a voice interaction in ${state}`);

  it('the widget frame is removed: the call ends media_lost on both sides and goes to wrap-up', async () => {
    await addIframe(`${server.url}/demo/crm.html`, 'crm');
    const crm = frame(`${server.url}/demo/crm.html`);
    const widget = frame(`${server.url}/widget/`);
    await signIn(`${server.url}/widget/`, 'alice');
    await widget.select('select[name=agent-state]', 'ONLINE');
    await connectedCall(widget, 'Ugo Lost');

    document.querySelector('iframe[name=crm]')!.remove();
    const leftAt = Date.now();
    await shopSaysLost(leftAt);

    // The agent comes back: the contact is in wrap-up, its call ended for lost media, and the widget says so.
    await addIframe(`${server.url}/demo/crm.html`, 'crm');
    const wrap = await voiceIn(crm, 'wrap_up');
    expect(wrap).to.include({ type: 'voice', callDirection: 'inbound' });
    expect(wrap.endTime, 'the call has an end time').to.be.a('number');
    await widget.waitForText('[data-call-ended=media_lost]', 'The call was lost');
    expect(await widget.eval<number>(`document.querySelectorAll('.sb-call-panel').length`)).to.equal(0);
    // Done with her: the next call is for another agent.
    await widget.click('[data-action=complete]');
    await widget.click('[data-action=logout]');
    await widget.waitFor('input[name=username]');
  });

  it('the agent\u2019s only tab closes: the same', async () => {
    const tab = await openTab(`${server.url}/demo/crm.html`);
    const widget = frame(`${server.url}/widget/`, tab);
    await widget.type('input[name=username]', 'bob');
    await widget.type('input[name=password]', 'bob');
    await widget.click('[data-action=login]');
    await widget.select('select[name=agent-state]', 'ONLINE');
    await connectedCall(widget, 'Vera Lost');

    await closeTab(tab);
    const leftAt = Date.now();
    await shopSaysLost(leftAt);

    const again = await openTab(`${server.url}/demo/crm.html`);
    await voiceIn(frame(`${server.url}/demo/crm.html`, again), 'wrap_up');
    await closeTab(again);
  });
});

describe('end to end: the customer side of a call never comes back', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => (server = await startServer({ proxies: 1, config: { callReattachSeconds: REATTACH_SECONDS, heartbeatSeconds: 0.5 } })));
  after(() => stopServer(server));
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('the customer\u2019s network stays down: the call ends media_lost on both sides, the agent\u2019s interaction goes to wrap-up, the shop says so once back', async () => {
    await addIframe(`${server.url}/demo/crm.html`, 'crm');
    const crm = frame(`${server.url}/demo/crm.html`);
    const widget = frame(`${server.url}/widget/`);
    await signIn(`${server.url}/widget/`, 'carol');
    await widget.select('select[name=agent-state]', 'ONLINE');
    // The shop through a proxy whose link the test cuts: its network goes quiet and stays so.
    const [proxy] = server.proxies as [TestProxy];
    const shopUrl = `http://localhost:${proxy.port}/demo/shop.html`;
    await addIframe(shopUrl, 'shop', { width: 420, height: 640 });
    const shop = frame(shopUrl);
    await shop.type('input[name=name]', 'Walt Gone');
    await shop.click('[data-action=call]');
    await widget.click('.sb-incoming-call[data-call-state=ringing] [data-action=answer]');
    await shop.waitFor('.sbc-call[data-call-state=connected]');
    await eventually(() => agentHears(widget), 10_000, 'audio at the agent');
    await grows(async () => (await customerStats(shop)).inboundBytes, 'audio at the customer');

    await shop.eval(`window.switchboardChat.voice().then((v) => { window.__mic = v.contact().localStream.getAudioTracks()[0]; window.__pc = v.contact().peerConnection; return true; })`);
    await cutLink(proxy);
    const cutAt = Date.now();
    await widget.waitFor('.sb-call-panel [data-parked]'); // the server noticed the quiet link
    await widget.waitForText('[data-call-ended=media_lost]', 'The call was lost');
    const endedAfter = Date.now() - cutAt;
    console.log(`customer gone: the call ended ${endedAfter} ms after the link went quiet`);
    expect(endedAfter, 'not before the re-attach time').to.be.at.least(REATTACH_SECONDS * 1000);
    expect(await widget.eval<number>(`document.querySelectorAll('.sb-call-panel').length`)).to.equal(0);
    const wrap = await eventually(async () => {
      const r = await crm.eval<OperationResult<InteractionsState>>('Switchboard.api.getInteractionsState()');
      return (r.status === 'success' && r.data.interactions.find((i: InteractionData) => i.type === 'voice' && i.state === 'wrap_up')) || null;
    }, 10_000, 'the voice interaction in wrap-up');
    expect(wrap.endTime, 'the call has an end time').to.be.a('number');
    expect(wrap.callRecording).to.equal(false);

    // The customer's network comes back: the shop learns the call was lost and lets the microphone go.
    await restoreLink(proxy);
    await shop.waitForText('.sbc-messages', 'The call was lost');
    await eventually(() => shop.eval<boolean>(`(() => { const s = window.switchboardChat.getChat(); return s.call.state === 'ended' && s.call.endReason === 'media_lost'; })()`), 10_000, 'the customer view ended media_lost');
    expect(await shop.eval<boolean>(`document.querySelector('.sbc-call').hidden`)).to.equal(true);
    await eventually(() => shop.eval<boolean>(`window.__mic.readyState === 'ended' && window.__pc.connectionState === 'closed'`), 5_000, 'the customer\u2019s microphone and peer connection released');
  });
});
