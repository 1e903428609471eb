/**
 * Consult, conference and transfer of a call in Chromium against a real server: alice (widget on
 * 127.0.0.1) has a customer on the line, consults carol (widget on localhost), joins the three
 * (the conference is mixed in alice's widget), ends it, consults again and hands the customer over.
 * Everything through Bright Pattern's host API, as a CRM would drive it.
 */
import { expect } from '@esm-bundle/chai';
import { AgentDesktopClientAPIImpl } from '../../client-api/index.ts';
import type { InteractionData } from '../../protocol/index.ts';
import { addIframe, eventually, frame, signIn, startServer, stopServer, type TestServer } from './harness.ts';

type Stats = { inboundBytes: number; inboundAudioEnergy: number };

describe('end to end: consult, conference and transfer of a call', function () {
  this.timeout(90_000);
  let server: TestServer;
  let alice: AgentDesktopClientAPIImpl;
  let carol: AgentDesktopClientAPIImpl;
  let aliceWidget: ReturnType<typeof frame>;
  let carolWidget: ReturnType<typeof frame>;
  let shop: ReturnType<typeof frame>;
  const ok = <T>(r: { status: string; data?: T; error?: unknown }): T => {
    if (r.status !== 'success') throw new Error(`expected success, got ${JSON.stringify(r)}`);
    return r.data as T;
  };
  const voiceOf = async (api: AgentDesktopClientAPIImpl, state?: string): Promise<InteractionData | null> => {
    const r = await api.getInteractionsState();
    return (r.status === 'success' && r.data.interactions.find((i) => i.type === 'voice' && !i.internal && (!state || i.state === state))) || null;
  };
  const customerEnergy = async () => (await shop.eval<Stats>('window.switchboardChat.voice().then((v) => v.contact().getAudioStats())')).inboundAudioEnergy;
  /** Sound keeps arriving: the energy received grows over a second. */
  const hears = async (energy: () => Promise<number>, what: string) => {
    const first = await energy();
    await eventually(async () => (await energy()) > first + 0.001, 10_000, what);
  };
  const silent = async (energy: () => Promise<number>, what: string) => {
    await new Promise((r) => setTimeout(r, 700)); // what was in flight arrives
    const first = await energy();
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await energy()) - first, what).to.be.below(0.001);
  };

  before(async () => {
    server = await startServer();
    const host127 = `http://127.0.0.1:${server.port}`;
    const hostLocal = `http://localhost:${server.port}`;
    alice = new AgentDesktopClientAPIImpl({ server: host127 });
    carol = new AgentDesktopClientAPIImpl({ server: hostLocal });
    for (const api of [alice, carol]) {
      Object.assign(api.iframe.style, { width: '480px', height: '640px' });
      api.iframe.allow = 'microphone; camera; autoplay';
    }
    aliceWidget = frame(`${host127}/widget/`);
    carolWidget = frame(`${hostLocal}/widget/`);
    await signIn(`${host127}/widget/`, 'alice');
    await signIn(`${hostLocal}/widget/`, 'carol');
    await aliceWidget.select('select[name=agent-state]', 'ONLINE');
    await carolWidget.select('select[name=agent-state]', 'AWAY'); // the customer's call goes to alice
    await addIframe(`${host127}/demo/shop.html`, 'shop', { width: 420, height: 640 });
    shop = frame(`${host127}/demo/shop.html`);
    await shop.type('input[name=name]', 'Carla Verdi');
    await shop.click('[data-action=call]');
    await aliceWidget.click('.sb-incoming-call [data-action=answer]');
    await aliceWidget.waitFor('.sb-call-panel[data-call-state=connected][data-audio=flowing]');
    await hears(customerEnergy, 'the customer hears alice');
  });
  after(() => stopServer(server));

  it('consults carol with the customer on hold, then joins the three: each hears the others through alice\'s mix', async () => {
    ok(await alice.consultCall('carol'));
    await shop.waitFor('.sbc-call[data-call-state=held]');
    await carolWidget.click('.sb-incoming-call [data-action=answer]');
    await carolWidget.waitFor('.sb-call-panel[data-audio=flowing]');
    await silent(customerEnergy, 'the customer hears nothing while held');

    ok(await alice.mergeAllCallsIntoConference());
    await shop.waitFor('.sbc-call[data-call-state=connected]');
    const customerCall = (await voiceOf(alice))!;
    // alice mutes: the customer still hears carol, and carol the customer, through alice's widget.
    ok(await alice.setCallMute(true, customerCall.interactionId));
    await aliceWidget.waitFor(`.sb-call-panel[data-contact-id="${customerCall.interactionId}"] [data-action=mute][aria-pressed=true]`);
    await hears(customerEnergy, 'the customer hears carol in the conference');
    const parties = (await voiceOf(alice))!.callParties.map((p) => p.userId ?? p.name);
    expect(parties).to.include.members(['alice', 'carol']);
    ok(await alice.setCallMute(false, customerCall.interactionId));
  });

  it('ends the conference: carol leaves, alice keeps the customer', async () => {
    const customerCall = (await voiceOf(alice))!;
    ok(await alice.destroyCallConference(customerCall.interactionId));
    await eventually(async () => ((await voiceOf(carol, 'delivered')) === null ? true : null), 10_000, 'carol out of the call');
    await hears(customerEnergy, 'the customer hears alice again');
  });

  it('consults again and transfers: the customer\'s call moves to carol, whose widget carries it', async () => {
    ok(await alice.consultCall('carol'));
    await carolWidget.click('.sb-incoming-call [data-action=answer]');
    await carolWidget.waitFor('.sb-call-panel[data-audio=flowing]');
    ok(await alice.transfer());
    await eventually(async () => ((await voiceOf(carol, 'delivered')) ? true : null), 10_000, 'the customer call at carol');
    await eventually(async () => ((await voiceOf(alice, 'delivered')) === null ? true : null), 10_000, 'the customer call gone from alice');
    await shop.waitFor('.sbc-call[data-call-state=connected][data-parked=false]');
    await hears(customerEnergy, 'the customer hears carol');
  });
});
