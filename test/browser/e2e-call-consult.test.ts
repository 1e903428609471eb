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
import { SILENT_PEAK, SOUND_PEAK, agentPeak, sleep, type Frame } from './call-e2e.ts';

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
  const internalOf = async (api: AgentDesktopClientAPIImpl): Promise<InteractionData | null> => {
    const r = await api.getInteractionsState();
    return (r.status === 'success' && r.data.interactions.find((i) => i.type === 'voice' && i.internal && i.state === 'delivered')) || null;
  };
  /** An agent's widget plays sound from that call (the fake microphone's beep). */
  const peakAbove = (widget: Frame, id: string, what: string) => eventually(async () => (await agentPeak(widget, id)) > SOUND_PEAK, 10_000, what);
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

  it('consults carol with the customer on hold, then joins the three: each hears each of the others (alice\'s widget mixes)', async () => {
    ok(await alice.consultCall('carol'));
    await shop.waitFor('.sbc-call[data-call-state=held]');
    await carolWidget.click('.sb-incoming-call [data-action=answer]');
    await carolWidget.waitFor('.sb-call-panel[data-audio=flowing]');
    await silent(customerEnergy, 'the customer hears nothing while held');

    ok(await alice.mergeAllCallsIntoConference());
    await shop.waitFor('.sbc-call[data-call-state=connected]');
    const customerCall = (await voiceOf(alice))!;
    const consultation = (await internalOf(alice))!.interactionId;
    const parties = (await voiceOf(alice))!.callParties.map((p) => p.userId ?? p.name);
    expect(parties).to.include.members(['alice', 'carol']);

    // Each pair, with the third muted so that what is heard can only come from the other.
    // alice muted (for everyone: both her calls): the customer hears carol, carol hears the customer.
    ok(await alice.setCallMute(true, customerCall.interactionId));
    await aliceWidget.waitFor(`.sb-call-panel[data-contact-id="${customerCall.interactionId}"] [data-action=mute][aria-pressed=true]`);
    await aliceWidget.waitFor(`.sb-call-panel[data-contact-id="${consultation}"] [data-action=mute][aria-pressed=true]`);
    expect((await internalOf(alice))!.callMuted, 'the consultation muted with the conference').to.equal(true);
    await hears(customerEnergy, 'the customer hears carol');
    await peakAbove(carolWidget, consultation, 'carol hears the customer');
    // alice hears both, each over their own peer connection.
    await peakAbove(aliceWidget, customerCall.interactionId, 'alice hears the customer');
    await peakAbove(aliceWidget, consultation, 'alice hears carol');
    // With the customer muted too, carol hears nothing: the checks above heard the one left.
    await shop.click('.sbc-call [data-action=mute]');
    await shop.waitFor('.sbc-call [data-action=mute][aria-pressed=true]');
    await sleep(700);
    expect(await agentPeak(carolWidget, consultation, 2_000), 'carol with both others muted').to.be.below(SILENT_PEAK);
    ok(await alice.setCallMute(false, customerCall.interactionId));
    await aliceWidget.waitFor(`.sb-call-panel[data-contact-id="${consultation}"] [data-action=mute][aria-pressed=false]`);
    // The customer muted: carol hears alice.
    await peakAbove(carolWidget, consultation, 'carol hears alice');
    await shop.click('.sbc-call [data-action=mute]');
    await shop.waitFor('.sbc-call [data-action=mute][aria-pressed=false]');
    // carol muted: the customer hears alice.
    ok(await carol.setCallMute(true, consultation));
    await sleep(700);
    expect(await agentPeak(aliceWidget, consultation, 2_000), 'alice hears nothing from a muted carol').to.be.below(SILENT_PEAK);
    await hears(customerEnergy, 'the customer hears alice');
    ok(await carol.setCallMute(false, consultation));
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
