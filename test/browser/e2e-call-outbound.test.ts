/**
 * Calls the agent places: the customer of an open chat (the chat's Call button; the shop rings
 * with Answer/Decline), and a colleague (an internal call between two agents' widgets, two
 * origins). Audio is checked flowing both ways in each.
 */
import { expect } from '@esm-bundle/chai';
import type { InteractionData, InteractionsState, OperationResult } from '../../protocol/index.ts';
import { addIframe, eventually, frame, signIn, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';
import { agentHears, customerStats, grows } from './call-e2e.ts';

describe('end to end: the agent calls the customer, and a colleague', function () {
  this.timeout(60_000);
  let server: TestServer;
  let host127 = '';
  let hostLocal = '';
  const shop = frame('/demo/shop.html');
  let alice: ReturnType<typeof frame>; // the CRM and widget on 127.0.0.1
  let bob: ReturnType<typeof frame>; // on localhost
  const voiceOf = async (crm: ReturnType<typeof frame>, direction: string) =>
    eventually(async () => {
      const r = await crm.eval<OperationResult<InteractionsState>>('Switchboard.api.getInteractionsState()');
      return (r.status === 'success' && r.data.interactions.find((i: InteractionData) => i.callDirection === direction && i.callParties?.length)) || null;
    }, 5_000, `an interaction with a ${direction} call`);

  before(async () => {
    server = await startServer();
    host127 = `http://127.0.0.1:${server.port}`;
    hostLocal = `http://localhost:${server.port}`;
    await addIframe(`${host127}/demo/crm.html`, 'crm-alice', { width: 720, height: 640 });
    await addIframe(`${hostLocal}/demo/crm.html`, 'crm-bob', { width: 720, height: 640 });
    alice = frame(`${host127}/widget/`);
    bob = frame(`${hostLocal}/widget/`);
    await signIn(`${host127}/widget/`, 'alice');
    await signIn(`${hostLocal}/widget/`, 'bob');
    await alice.select('select[name=agent-state]', 'ONLINE');
  });
  after(() => stopServer(server));

  it('outbound: the chat\u2019s Call button rings the shop; the customer answers; audio both ways', async () => {
    await addIframe(`${hostLocal}/demo/shop.html`, 'shop', { width: 420, height: 640 });
    await startShopChat('/demo/shop.html', 'Olga Out', 'Can you call me?');
    await alice.click('[data-action=accept]');
    await alice.waitFor('.sb-chat [data-action=call-customer]');
    await alice.click('.sb-chat [data-action=call-customer]');

    await shop.waitForText('.sbc-call-status', 'Alice is calling you');
    expect(await shop.eval<string>(`document.querySelector('.sbc-call').dataset.callState`)).to.equal('ringing');
    await shop.waitFor('.sbc-call [data-action=decline]');
    await alice.waitFor('.sb-call-panel[data-call-state=ringing]'); // ringing at the other end: no answer button for the caller
    expect(await alice.eval<number>(`document.querySelectorAll('.sb-incoming-call').length`)).to.equal(0);

    await shop.click('.sbc-call [data-action=answer]');
    await shop.waitFor('.sbc-call[data-call-state=connected]');
    await alice.waitFor('.sb-call-panel[data-call-state=connected]');
    await eventually(() => agentHears(alice), 10_000, 'the customer\u2019s audio at the agent');
    await grows(async () => (await customerStats(shop)).inboundBytes, 'the agent\u2019s audio at the customer');
    expect((await customerStats(shop)).inboundAudioEnergy).to.be.above(0);
    const data = await voiceOf(frame(`${host127}/demo/crm.html`), 'outbound');
    expect(data).to.include({ type: 'chat', callDirection: 'outbound', internal: false });

    // The customer hangs up: the call ends, the chat goes on.
    await shop.click('.sbc-call [data-action=hangup]');
    await shop.waitForText('.sbc-messages', 'The call has ended');
    await alice.waitForGone('.sb-call-panel');
    await alice.waitForText('[data-call-ended]', 'The customer hung up');
    await shop.waitFor('[name=message]:enabled');
  });

  it('internal: alice calls bob; bob\u2019s widget rings; bob answers; audio both ways; hang up ends it for both', async () => {
    await bob.select('select[name=agent-state]', 'ONLINE');
    await alice.click('[data-colleagues] summary');
    await alice.click('[data-colleagues] li[data-agent-id=bob] [data-action=call-agent]');
    await bob.waitFor('.sb-incoming-call[data-call-state=ringing]');
    await bob.waitForText('.sb-incoming-call', 'Alice');
    await alice.waitFor('.sb-call-panel[data-call-state=ringing]');

    await bob.click('.sb-incoming-call [data-action=answer]');
    await bob.waitFor('.sb-call-panel[data-call-state=connected]');
    await alice.waitFor('.sb-call-panel[data-call-state=connected]');
    await eventually(async () => (await agentHears(alice)) && (await agentHears(bob)), 10_000, 'audio at both agents');
    const bobsView = await voiceOf(frame(`${hostLocal}/demo/crm.html`), 'outbound');
    expect(bobsView).to.include({ type: 'voice', internal: true });
    expect(bobsView.callParties!.map((p) => p.userId).filter(Boolean).sort()).to.deep.equal(['alice', 'bob']);

    await alice.click('.sb-call-panel [data-action=hangup]');
    await alice.waitForGone('.sb-call-panel');
    await bob.waitForGone('.sb-call-panel');
    expect(await bob.eval<number>(`document.querySelectorAll('audio[data-contact-id]').length`), 'bob\u2019s call media released').to.equal(0);
  });
});
