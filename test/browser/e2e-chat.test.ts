/**
 * The whole pipeline in Chromium against a real server: the demo shop page's chat reaches the
 * agent's widget, embedded by one script tag in the demo CRM page, and the CRM sees it through
 * the host API.
 */
import { expect } from '@esm-bundle/chai';
import type { InteractionsState, OperationResult } from '../../protocol/index.ts';
import { addIframe, eventually, frame, restartServer, startServer, stopServer, type TestServer } from './harness.ts';

type CrmEvent = { name: string; data: any };

describe('end to end: shop chat -> server -> widget -> CRM page', function () {
  this.timeout(60_000);
  let server: TestServer;
  const crm = frame('/demo/crm.html');
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');
  const crmState = () => crm.eval<OperationResult<InteractionsState>>('Switchboard.api.getInteractionsState()');
  const crmEvents = () => crm.eval<CrmEvent[]>('window.crmEvents');

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await stopServer(server);
  });

  it('carries a chat from the shop to the agent and back, visible to the CRM', async () => {
    // The CRM page loads the widget from one script tag; before login the host API says so.
    await addIframe(`${server.url}/demo/crm.html`, 'crm');
    const before = await eventually(async () => {
      const r = await crmState();
      return r.status === 'error' ? r : null;
    });
    expect(before.status === 'error' && before.error).to.deep.equal({
      code: 2,
      name: 'not_logged_in',
      message: 'the agent is not logged in',
    });

    // The agent logs in and goes ONLINE.
    await widget.type('input[name=username]', 'alice');
    await widget.type('input[name=password]', 'alice');
    await widget.click('[data-action=login]');
    await widget.waitFor('select[name=agent-state]');
    await widget.select('select[name=agent-state]', 'ONLINE');
    await eventually(async () => (await crmEvents()).some((e) => e.name === 'ON_LOGIN'), 10_000, 'ON_LOGIN');

    // A customer on the shop page starts a chat and says hello.
    await addIframe(`${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`, 'shop');
    await shop.type('input[name=name]', 'Carla Verdi');
    await shop.click('[data-action=start]');
    await shop.type('[name=message]:enabled', 'hello');
    await shop.click('[data-action=send]');

    // The agent gets the offer and accepts.
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'hello');

    const state = await eventually(async () => {
      const r = await crmState();
      return r.status === 'success' && r.data.interactions[0]?.state === 'delivered' ? r.data : null;
    }, 10_000, 'a delivered interaction');
    expect(state.interactions).to.have.length(1);
    const chat = state.interactions[0];
    expect(state.activeInteractionId).to.equal(chat.interactionId);
    expect(chat).to.include({ type: 'chat', state: 'delivered', callMuted: false, callRecording: false, internal: false, service: 'Customer Service' });
    expect(chat.callParties).to.deep.equal([]);
    expect(chat.attachedData).to.be.an('object');
    expect(chat.startTime).to.be.a('number');
    expect(chat.globalInteractionId).to.equal(chat.interactionId);
    const external = chat.chatParties.find((p) => p.type === 'external');
    expect(external?.name).to.equal('Carla Verdi');
    expect(external?.contactId).to.be.a('string');
    expect(chat.chatParties.find((p) => p.type === 'internal')).to.include({ userId: 'alice', name: 'Alice Rossi' });

    const events = await crmEvents();
    const names = events.map((e) => e.name);
    expect(names).to.include.members(['ON_LOGIN', 'ON_NEW_INTERACTION', 'ON_INTERACTION_STATE_CHANGE', 'ON_ACTIVE_INTERACTION_SWITCHED']);
    const offered = events.find((e) => e.name === 'ON_NEW_INTERACTION')!;
    expect(offered.data).to.include({ interactionId: chat.interactionId, state: 'delivery_pending' });
    const delivered = events.find((e) => e.name === 'ON_INTERACTION_STATE_CHANGE')!;
    expect(delivered.data).to.include({ interactionId: chat.interactionId, state: 'delivered' });
    expect(names.indexOf('ON_NEW_INTERACTION')).to.be.lessThan(names.indexOf('ON_INTERACTION_STATE_CHANGE'));

    // The agent replies; the customer receives it.
    await widget.type('input[name=message]', 'Hi Carla, how can I help?');
    await widget.click('[data-action=send]');
    await shop.waitForText('.sbc-messages', 'Hi Carla, how can I help?');
    await shop.type('[name=message]:enabled', 'My order has not arrived');
    await shop.click('[data-action=send]');
    await widget.waitForText('.sb-messages', 'My order has not arrived');
    const message = await eventually(async () => (await crmEvents()).find((e) => e.name === 'ON_CHAT_MESSAGE' && e.data.fromType === 'external' && e.data.text === 'My order has not arrived'), 5_000, 'ON_CHAT_MESSAGE');
    expect(message.data).to.include({ interactionId: chat.interactionId, text: 'My order has not arrived', from: 'Carla Verdi' });

    // The customer closes; the host sees the state change to wrap-up.
    await shop.click('[data-action=end]');
    const wrapUp = await eventually(async () => {
      const found = (await crmEvents()).find((e) => e.name === 'ON_INTERACTION_STATE_CHANGE' && e.data.state === 'wrap_up');
      return found?.data;
    }, 10_000, 'wrap_up state change');
    expect(wrapUp.interactionId).to.equal(chat.interactionId);
    expect(wrapUp.endTime).to.be.a('number');
    const after = await crmState();
    expect(after.status === 'success' && after.data.interactions[0].state).to.equal('wrap_up');
    await widget.waitForText('.sb-messages', 'The customer left the chat.');
  });

  it('keeps the stored messages across a server restart', async () => {
    await restartServer(server);
    // Reload the CRM page: the widget restores its session from the restarted server.
    const iframe = document.querySelector<HTMLIFrameElement>('iframe[name=crm]')!;
    iframe.src = `${server.url}/demo/crm.html?reloaded`;
    await widget.waitForText('.sb-messages', 'Hi Carla, how can I help?');
    const texts = await widget.texts('.sb-message .sb-text');
    expect(texts).to.deep.equal(['hello', 'Hi Carla, how can I help?', 'My order has not arrived']);
    const state = await eventually(async () => {
      const r = await crmState();
      return r.status === 'success' ? r.data : null;
    });
    expect(state.interactions.map((i) => i.state)).to.deep.equal(['wrap_up']);

    // Completing the wrap-up removes it; the host is told.
    await widget.click('[data-action=complete]');
    await eventually(async () => (await crmEvents()).some((e) => e.name === 'ON_INTERACTION_REMOVED'), 5_000, 'ON_INTERACTION_REMOVED');
    const done = await crmState();
    expect(done.status === 'success' && done.data.interactions).to.deep.equal([]);
  });
});
