/**
 * Routing and the agent's contact lifecycle in Chromium: two agents' widgets (two origins), host
 * pages using the host API, customers on the demo shop page, one real server with short timers.
 */
import { expect } from '@esm-bundle/chai';
import { AgentDesktopClientAPIImpl } from '../../client-api/index.ts';
import type { HostEventMap, InteractionData } from '../../protocol/index.ts';
import { addIframe, eventually, frame, signIn, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';

const CONFIG = {
  abandonAfterSeconds: 2,
  queues: [
    { id: 'default', name: 'Customer Service', skills: [], mode: 'direct', assignTimeout: 2, assignMaxAttempts: 3 },
    { id: 'sales', name: 'Sales', skills: ['sales'], mode: 'broadcast', assignTimeout: 30 },
    { id: 'support', name: 'Technical Support', skills: ['support'], mode: 'direct', assignTimeout: 30 },
  ],
};

describe('end to end: routing, offers, transfers and wrap-up', function () {
  this.timeout(60_000);
  let server: TestServer;
  let alice: AgentDesktopClientAPIImpl; // widget on 127.0.0.1
  let carol: AgentDesktopClientAPIImpl; // widget on localhost
  let aliceWidget: ReturnType<typeof frame>;
  let carolWidget: ReturnType<typeof frame>;
  const aliceStates: HostEventMap['ON_AGENT_STATE_CHANGE'][0][] = [];
  let chatId = '';
  let host127 = '';
  let hostLocal = '';

  const only = async (api: AgentDesktopClientAPIImpl, state?: string): Promise<InteractionData> =>
    eventually(async () => {
      const r = await api.getInteractionsState();
      const found = r.status === 'success' ? r.data.interactions.filter((i) => !state || i.state === state) : [];
      return found.length === 1 ? found[0] : null;
    }, 10_000, `one ${state ?? ''} interaction`);
  const shop = async (origin: string, name: string, room = '') => {
    document.querySelectorAll('iframe[name^=shop]').forEach((f) => f.remove());
    await addIframe(`${origin}/demo/shop.html${room && `?room=${room}`}`, `shop-${name}`, { width: 420, height: 640 });
    return frame(`${origin}/demo/shop.html`);
  };

  before(async () => {
    server = await startServer({ config: CONFIG });
    host127 = `http://127.0.0.1:${server.port}`;
    hostLocal = `http://localhost:${server.port}`;
    await executeViewport();
    alice = new AgentDesktopClientAPIImpl({ server: host127 });
    carol = new AgentDesktopClientAPIImpl({ server: hostLocal });
    for (const api of [alice, carol]) Object.assign(api.iframe.style, { width: '480px', height: '600px' });
    alice.on('ON_AGENT_STATE_CHANGE', (state) => aliceStates.push(state));
    aliceWidget = frame(`${host127}/widget/`);
    carolWidget = frame(`${hostLocal}/widget/`);
    await signIn(`${host127}/widget/`, 'alice');
    await signIn(`${hostLocal}/widget/`, 'carol');
  });
  after(() => stopServer(server));

  it('sets agent states from the host API, as Bright Pattern states', async () => {
    expect(await alice.getAgentNotReadyReasons()).to.deep.equal({ status: 'success', data: ['Away', 'Back soon', 'Offline'] });
    expect(await alice.setAgentState('ready')).to.deep.equal({ status: 'success', data: null });
    await new Promise((r) => setTimeout(r, 20)); // alice has been idle longer than carol
    expect(await carol.setAgentState('ready')).to.deep.equal({ status: 'success', data: null });
    const wrong = await alice.setAgentState('busy');
    expect(wrong.status === 'error' && wrong.error).to.include({ name: 'invalid_args', code: 3 });
    await aliceWidget.waitFor('.sb-presence-ONLINE');
  });

  it('a direct offer that times out puts the agent in a forced pause and goes to the next agent', async () => {
    await shop(hostLocal, 'dana');
    await startShopChat(`${hostLocal}/demo/shop.html`, 'Dana', 'Where is my order?');
    const offered = await only(alice, 'delivery_pending');
    chatId = offered.interactionId;
    expect(await alice.getAgentState()).to.deep.equal({ status: 'success', data: { state: 'reserved', reservedForIncomingInteraction: true } });
    await aliceWidget.waitFor('[data-forced-pause]');
    // Her state reads the pause, not "Online".
    expect(await aliceWidget.eval<string>('document.querySelector("select[name=agent-state]").value')).to.equal('PAUSED');
    expect(await alice.getAgentState()).to.deep.equal({ status: 'success', data: { state: 'not_ready', reservedForIncomingInteraction: false, notReadyReason: 'Missed offer' } });
    expect(aliceStates).to.include.members(['ready', 'reserved', 'not_ready']);
    const atCarol = await only(carol, 'delivery_pending');
    expect(atCarol.interactionId).to.equal(chatId);
    expect(await carol.acceptInteraction(chatId)).to.deep.equal({ status: 'success', data: null });
    expect((await only(carol, 'delivered')).interactionId).to.equal(chatId);
    await carolWidget.waitForText('.sb-messages', 'Where is my order?');
    // Alice no longer has it: the host API says so clearly.
    const reject = await alice.rejectInteraction(chatId);
    expect(reject.status === 'error' && reject.error).to.include({ name: 'no_interaction', code: 13 });
  });

  it('a transfer to another agent that is not answered bounces back', async () => {
    await aliceWidget.click('[data-action=resume]');
    await aliceWidget.waitForGone('[data-forced-pause]');
    await carolWidget.click('[data-action=transfer]');
    await carolWidget.select('select[name=destination]', 'agent:alice');
    await carolWidget.type('.sb-transfer input[name=message]', 'Order 1234, please check');
    await carolWidget.click('[data-action=transfer-submit]');
    await aliceWidget.waitForText('.sb-transfer-note', 'Order 1234, please check');
    await carolWidget.waitForText('.sb-notice', 'it is back with you');
    await carolWidget.waitFor(`[data-contact-id="${chatId}"][data-list=assigned]`);
    expect((await only(carol, 'delivered')).interactionId).to.equal(chatId);
    await aliceWidget.waitFor('[data-forced-pause]'); // the transfer rang out on her
  });

  it('decline sends a transfer straight back, without a pause', async () => {
    await aliceWidget.click('[data-action=resume]');
    await aliceWidget.waitForGone('[data-forced-pause]');
    await carolWidget.click('[data-action=transfer]');
    await carolWidget.select('select[name=destination]', 'agent:alice');
    await carolWidget.click('[data-action=transfer-submit]');
    await aliceWidget.click(`[data-contact-id="${chatId}"] [data-action=decline]`);
    await carolWidget.waitFor(`[data-contact-id="${chatId}"][data-list=assigned]`);
    await aliceWidget.waitForGone(`[data-contact-id="${chatId}"][data-list=pending]`);
    expect(await alice.getAgentState()).to.deep.equal({ status: 'success', data: { state: 'ready', reservedForIncomingInteraction: false } });
  });

  it('wrap-up: disposition and notes show through getInteractionsState; completeInteraction removes it', async () => {
    await carolWidget.click('[data-action=end]');
    await carolWidget.select('select[name=disposition]', 'resolved');
    await carolWidget.click('[data-side-tab=notes]');
    await carolWidget.type('.sb-notes-panel input[name=note]', 'Refund issued');
    await carolWidget.click('[data-action=add-note]');
    const wrapped = await eventually(async () => {
      const i = await only(carol, 'wrap_up');
      return i.disposition && i.description ? i : null;
    }, 10_000, 'disposition and note');
    expect(wrapped).to.include({ interactionId: chatId, disposition: 'Resolved', description: 'Refund issued' });
    expect(await carol.getAgentState()).to.deep.equal({ status: 'success', data: { state: 'after_call_work', reservedForIncomingInteraction: false } });
    await frame(`${hostLocal}/demo/shop.html`).waitForText('.sbc-messages', 'The chat has ended');
    expect(await carol.completeInteraction(chatId)).to.deep.equal({ status: 'success', data: null });
    const after = await carol.getInteractionsState();
    expect(after.status === 'success' && after.data.interactions).to.deep.equal([]);
  });

  it('broadcast: both agents ring, the first accept wins, the other sees it leave', async () => {
    await shop(host127, 'erin', 'sales');
    await startShopChat(`${host127}/demo/shop.html`, 'Erin', 'Do you ship to Spain?');
    const atAlice = await only(alice, 'delivery_pending');
    const atCarol = await only(carol, 'delivery_pending');
    expect(atAlice.interactionId).to.equal(atCarol.interactionId);
    const id = atAlice.interactionId;
    await aliceWidget.waitFor(`[data-contact-id="${id}"] [data-action=clear]`);
    const decline = await alice.rejectInteraction(id);
    expect(decline.status === 'error' && decline.error).to.include({ name: 'not_suitable_state', code: 15 });
    expect(decline.status === 'error' && decline.error.message).to.match(/routed to you alone/);
    await carolWidget.click(`[data-contact-id="${id}"] [data-action=accept]`);
    await aliceWidget.waitForGone(`[data-contact-id="${id}"]`);
    expect((await only(carol, 'delivered')).interactionId).to.equal(id);
    await frame(`${host127}/demo/shop.html`).click('[data-action=end]');
    await only(carol, 'wrap_up');
    expect(await carol.completeInteraction(id)).to.deep.include({ status: 'success' });
  });

  it('queue positions reach the customer page as they change', async () => {
    await alice.setAgentState('not_ready', 'Away');
    await carol.setAgentState('not_ready', 'Back soon');
    document.querySelectorAll('iframe[name^=shop]').forEach((f) => f.remove());
    await addIframe(`${hostLocal}/demo/shop.html`, 'shop-a', { width: 420, height: 640 });
    await addIframe(`${host127}/demo/shop.html`, 'shop-b', { width: 420, height: 640 });
    const first = frame(`${hostLocal}/demo/shop.html`);
    const second = frame(`${host127}/demo/shop.html`);
    await startShopChat(`${hostLocal}/demo/shop.html`, 'Fay');
    await first.waitForText('.sbc-status', 'number 1 in the queue');
    await startShopChat(`${host127}/demo/shop.html`, 'Gus');
    await second.waitForText('.sbc-status', 'number 2 in the queue');
    await first.click('[data-action=end]');
    await second.waitForText('.sbc-status', 'number 1 in the queue');
    await second.click('[data-action=end]');
  });

  it('a customer who leaves early cancels; one who waited abandons', async () => {
    await alice.setAgentState('ready');
    await shop(hostLocal, 'hal', 'support');
    await startShopChat(`${hostLocal}/demo/shop.html`, 'Hal');
    const early = await only(alice, 'delivery_pending');
    await frame(`${hostLocal}/demo/shop.html`).click('[data-action=end]');
    await aliceWidget.waitFor(`[data-contact-id="${early.interactionId}"][data-state=cancelled]`);
    await aliceWidget.click(`[data-contact-id="${early.interactionId}"] [data-action=clear]`);
    await aliceWidget.waitForGone(`[data-contact-id="${early.interactionId}"]`);

    await shop(host127, 'ida', 'support');
    await startShopChat(`${host127}/demo/shop.html`, 'Ida');
    const late = await only(alice, 'delivery_pending');
    await new Promise((r) => setTimeout(r, 2_200));
    await frame(`${host127}/demo/shop.html`).click('[data-action=end]');
    await aliceWidget.waitFor(`[data-contact-id="${late.interactionId}"][data-state=abandoned]`);
  });

  it('a chat for a room that does not exist gets a clear error on the page', async () => {
    await shop(hostLocal, 'joe', 'no-such-room');
    await startShopChat(`${hostLocal}/demo/shop.html`, 'Joe');
    await frame(`${hostLocal}/demo/shop.html`).waitForText('.sbc-messages', 'Cannot start the chat: room no-such-room not found');
  });
});

async function executeViewport() {
  const { executeServerCommand } = await import('@web/test-runner-commands');
  await executeServerCommand('sb-viewport', { width: 2000, height: 1400 });
}
