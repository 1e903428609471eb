/**
 * The agent desk against a real server, with real customers on the demo shop and the demo CRM's
 * host API watching: two chats at once (unread counts, last messages, the customer's wait, the
 * chat on screen; Alt+↑/↓; a reply draft per chat), and transfers (colleagues by name and state,
 * a colleague gone offline refused by the server, the error gone once something works, notices
 * that go with their chat, the next agent's offer, the customer handed over).
 */
import { expect } from '@esm-bundle/chai';
import type { HostChatMessage, InteractionData } from '../../protocol/index.ts';
import { ERROR_SHOWN_MS } from '../../widget/ui/errors.ts';
import { addIframe, closeTab, eventually, frame, openTab, pressKeys, socketIn, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';
import { crmEvents, openCrm, type CrmTab } from './fixtures/desk-e2e.ts';

interface ListItem {
  unread: string | null;
  preview: string | null;
  waiting: string | null;
  current: string | null;
  active: boolean;
}

describe('agent desk end to end: chats and transfers', function () {
  this.timeout(120_000);
  let server: TestServer;
  let local: string;
  let alice: CrmTab;
  let bob: CrmTab;
  let anna: string;
  let bruno: string;
  const annaShop = () => frame(`${local}/demo/shop.html`);
  const brunoShop = () => frame(`${server.url}/demo/shop.html`);
  /** A chat's entry in alice's (unfolded) list. */
  const item = (id: string) =>
    alice.widget.eval<ListItem | null>(`(() => {
      const li = document.querySelector('li.sb-interaction:not(.sb-chip)[data-contact-id="${id}"]');
      return li && { unread: li.querySelector('[data-unread-badge]')?.textContent ?? null, preview: li.querySelector('[data-preview]')?.textContent ?? null,
        waiting: li.querySelector('[data-waiting]')?.textContent ?? null, current: li.getAttribute('aria-current'), active: li.classList.contains('sb-active') };
    })()`);
  const replyBox = () => alice.widget.eval<string>(`document.querySelector('.sb-composer input[name=message]').value`);
  const shownChat = () => alice.widget.eval<string>(`document.querySelector('section.sb-chat').dataset.contactId`);
  const host = (crm: CrmTab) => crm.crm.eval<{ activeInteractionId: string | null; interactions: InteractionData[] }>('Switchboard.api.getInteractionsState().then((r) => r.data)');
  /** The offer of the customer who wrote `text`, once alice's widget lists it. */
  const offerWith = (crm: CrmTab, text: string) =>
    eventually(
      () => crm.widget.eval<string | null>(`[...document.querySelectorAll('section[data-list=pending] li[data-contact-id]')].find((li) => li.querySelector('[data-preview]')?.textContent === ${JSON.stringify(text)})?.dataset.contactId ?? ''`),
      10_000,
      `the offer with "${text}"`,
    );

  before(async () => {
    server = await startServer();
    local = server.url.replace('127.0.0.1', 'localhost');
    alice = await openCrm(server.url, 'alice');
    bob = await openCrm(local, 'bob', { state: 'AWAY' }); // another browser's agent: the customers go to alice
    await addIframe(`${local}/demo/shop.html`, 'shop-anna', { width: 420, height: 600 });
    await addIframe(`${server.url}/demo/shop.html`, 'shop-bruno', { width: 420, height: 600 });
    await startShopChat(`${local}/demo/shop.html`, 'Anna Blu', 'hello from Anna');
    anna = await offerWith(alice, 'hello from Anna');
    await alice.widget.click(`[data-contact-id="${anna}"] [data-action=accept]`);
    await startShopChat(`${server.url}/demo/shop.html`, 'Bruno Gialli', 'hi from Bruno');
    bruno = await offerWith(alice, 'hi from Bruno');
    await alice.widget.click(`[data-contact-id="${bruno}"] [data-action=accept]`);
    await alice.widget.waitFor(`li[data-list=assigned][data-contact-id="${bruno}"]`);
  });
  after(async () => {
    for (const crm of [alice, bob]) if (crm) await closeTab(crm.tab);
    await stopServer(server);
  });

  it('two chats: unread counts, last messages, the wait and the chat on screen; Alt+↑/↓ switch; each keeps its own draft; the host follows', async () => {
    // The demo's widget is 480 px wide: the list folds while a chat is shown; the agent unfolds it.
    await alice.widget.click(`li.sb-chip[data-contact-id="${anna}"]`);
    await alice.widget.click('[data-action=show-chats]');
    expect(await shownChat()).to.equal(anna);
    await brunoShop().type('[name=message]:enabled', 'are you there?');
    await brunoShop().click('[data-action=send]');
    await brunoShop().type('[name=message]:enabled', 'hello??');
    await brunoShop().click('[data-action=send]');
    const waiting = await eventually(async () => {
      const b = await item(bruno);
      return b?.unread === '2' && b.preview === 'hello??' ? b : null;
    }, 10_000, "Bruno's two unread messages");
    expect(waiting.waiting).to.match(/^Waiting 0:0\d$/);
    expect([waiting.current, waiting.active]).to.deep.equal([null, false]);
    expect(await item(anna)).to.include({ unread: null, current: 'true', active: true });
    // The wait counts on while Bruno has no answer.
    await eventually(async () => (await item(bruno))!.waiting !== waiting.waiting, 5_000, 'the wait growing');
    const hostMessages = await crmEvents<HostChatMessage>(alice.crm, 'ON_CHAT_MESSAGE');
    expect(hostMessages.filter((m) => m.interactionId === bruno).map((m) => m.text)).to.include.members(['are you there?', 'hello??']);

    // A draft for Anna, then Alt+↓: Bruno's chat, read, with an empty reply box.
    await alice.widget.type('.sb-composer input[name=message]', 'Hi Anna, checking');
    await pressKeys(['Alt+ArrowDown'], { page: alice.tab });
    await eventually(async () => (await shownChat()) === bruno, 5_000, "Bruno's chat shown");
    expect(await item(bruno)).to.include({ unread: null, current: 'true', active: true });
    expect(await replyBox(), "Anna's draft stays with Anna").to.equal('');
    await eventually(async () => (await crmEvents<string>(alice.crm, 'ON_ACTIVE_INTERACTION_SWITCHED')).at(-1) === bruno, 5_000, 'the host told');
    expect((await host(alice)).activeInteractionId).to.equal(bruno);
    await alice.widget.type('.sb-composer input[name=message]', 'Bruno: on it');
    // The CRM suggests a reply for Anna meanwhile: refused over the agent's own draft there, and never in the box on screen.
    const suggest = () => alice.crm.eval<string>(`Switchboard.api.suggestChatMessage('Your refund is on its way', false, ${JSON.stringify(anna)}).then((r) => r.status === 'success' ? 'success' : r.error.name)`);
    expect(await suggest()).to.equal('not_suitable_state');
    expect(await replyBox()).to.equal('Bruno: on it');

    await pressKeys(['Alt+ArrowUp'], { page: alice.tab });
    await eventually(async () => (await shownChat()) === anna, 5_000, "Anna's chat shown");
    expect(await replyBox(), "Anna's own draft").to.equal('Hi Anna, checking');
    await alice.widget.click('.sb-composer [data-action=send]');
    await annaShop().waitForText('.sbc-messages', 'Hi Anna, checking');
    await eventually(async () => (await crmEvents<HostChatMessage>(alice.crm, 'ON_CHAT_MESSAGE')).some((m) => m.interactionId === anna && m.text === 'Hi Anna, checking'), 5_000, 'the host sees the reply');
    expect(await brunoShop().eval<boolean>(`document.querySelector('.sbc-messages').textContent.includes('Hi Anna')`), 'not sent to Bruno').to.equal(false);
    await pressKeys(['Alt+ArrowDown'], { page: alice.tab });
    await eventually(async () => (await shownChat()) === bruno, 5_000, "Bruno's chat again");
    expect(await replyBox(), "Bruno's draft kept").to.equal('Bruno: on it');
    // Anna's box is empty now: the CRM's suggestion goes there, and Send here sends Bruno's own text.
    expect(await suggest()).to.equal('success');
    expect(await replyBox()).to.equal('Bruno: on it');
    expect((await item(bruno))!.waiting, 'Bruno still waits for an answer').to.match(/^Waiting /);
    await alice.widget.click('.sb-composer [data-action=send]');
    await brunoShop().waitForText('.sbc-messages', 'Bruno: on it');
    await eventually(async () => (await item(bruno))!.waiting === null, 5_000, 'answered: no wait shown');
    expect(await brunoShop().eval<boolean>(`document.querySelector('.sbc-messages').textContent.includes('refund')`), 'the suggestion not sent to Bruno').to.equal(false);
    await pressKeys(['Alt+ArrowUp'], { page: alice.tab });
    await eventually(async () => (await shownChat()) === anna, 5_000, "Anna's chat shown");
    expect(await replyBox(), "the suggestion in Anna's box").to.equal('Your refund is on its way');
  });

  it("transfer: colleagues by name and state, one gone offline refused by the server, the error gone once something works, notices that go with their chat", async () => {
    // Carol signs in elsewhere (another browser), ONLINE.
    const carol = socketIn(`${server.url}/widget/`, 'carol', alice.tab);
    await carol.open();
    await carol.send({ id: 1, type: 'agent.login', username: 'carol', password: 'carol' });
    await carol.send({ id: 2, type: 'agent.setState', state: 'ONLINE' });
    await eventually(async () => (await carol.replies()).filter((r) => r.ok).length === 2, 5_000, 'carol online');

    // Alice opens the transfer form for Anna: colleagues by name and state.
    await alice.widget.click(`li[data-list=assigned][data-contact-id="${anna}"]`);
    await eventually(async () => (await shownChat()) === anna, 5_000, "Anna's chat shown");
    await alice.widget.click('[data-action=transfer]');
    const colleagues = '.sb-transfer option[value="agent:bob"], .sb-transfer option[value="agent:carol"]';
    await eventually(async () => (await alice.widget.texts(colleagues)).length === 2, 5_000, 'the colleagues listed');
    expect(await alice.widget.texts(colleagues)).to.deep.equal(['Bob Garcia (Away)', 'Carol Bianchi (Online)']);
    // Carol goes offline after the form showed her: the server refuses the transfer, and says why.
    await carol.send({ id: 3, type: 'agent.setState', state: 'OFFLINE' });
    await eventually(async () => (await carol.replies()).some((r) => r.re === 3 && r.ok), 5_000, 'carol offline');
    await alice.widget.select('select[name=destination]', 'agent:carol');
    await alice.widget.click('[data-action=transfer-submit]');
    await alice.widget.waitForText('.sb-error', 'offline');
    expect((await host(alice)).interactions.find((i) => i.interactionId === anna)?.state, 'Anna stays with alice').to.equal('delivered');

    // A new customer; accepting works: the error is stale and goes. The screen pop's notice shows.
    const darioTab = await openTab(`${local}/demo/shop.html`);
    try {
      const shop = frame('/demo/shop.html', darioTab);
      await shop.type('input[name=name]', 'Dario Neri');
      await shop.click('[data-action=start]');
      await shop.type('[name=message]:enabled', 'can I change my address?');
      await shop.click('[data-action=send]');
      const dario = await offerWith(alice, 'can I change my address?');
      await alice.widget.click(`[data-contact-id="${dario}"] [data-action=accept]`);
      await alice.widget.waitForText('.sb-notice', 'New interaction with Dario Neri');
      const noticeAt = Date.now();
      expect(await alice.widget.texts('.sb-error'), 'the stale error gone').to.deep.equal([]);

      // Bob comes back; alice hands Dario over to him, with no message.
      await bob.widget.select('select[name=agent-state]', 'ONLINE');
      await alice.widget.click('[data-action=transfer]');
      await eventually(async () => (await alice.widget.texts('.sb-transfer option[value="agent:bob"]'))[0] === 'Bob Garcia (Online)', 5_000, 'bob online in the form');
      await alice.widget.select('select[name=destination]', 'agent:bob');
      await alice.widget.click('[data-action=transfer-submit]');
      // Dario's chat left alice's desk: so did the notice about it, before its time was up.
      await alice.widget.waitForGone(`li[data-list=assigned][data-contact-id="${dario}"]`);
      await eventually(async () => (await alice.widget.texts('.sb-notice')).every((n) => !n.includes('Dario')), 2_000, 'the notice gone with its chat');
      expect(Date.now() - noticeAt, 'gone with the chat, not by time').to.be.below(ERROR_SHOWN_MS);

      // Bob's offer says who sends it (no dangling colon), he takes it; alice is told, by name.
      await bob.widget.waitForText('.sb-transfer-note', 'Transfer from Alice Rossi');
      expect(await bob.widget.texts('.sb-transfer-note')).to.deep.equal(['Transfer from Alice Rossi']);
      await bob.widget.click(`[data-contact-id="${dario}"] [data-action=accept]`);
      await bob.widget.waitForText('.sb-notice', 'New interaction with Dario Neri');
      await alice.widget.waitForText('.sb-notice', 'Chat with Dario Neri transferred to Bob Garcia.');
      await bob.widget.waitForText('.sb-messages', 'can I change my address?');
      expect((await host(bob)).interactions.find((i) => i.interactionId === dario)?.state).to.equal('delivered');
      expect((await host(alice)).interactions.some((i) => i.interactionId === dario), "gone from alice's host").to.equal(false);
      expect((await crmEvents<InteractionData>(alice.crm, 'ON_INTERACTION_REMOVED')).some((i) => i.interactionId === dario)).to.equal(true);
      expect((await crmEvents<InteractionData>(bob.crm, 'ON_NEW_INTERACTION')).some((i) => i.interactionId === dario)).to.equal(true);
      await shop.waitForText('.sbc-messages', 'Bob');
    } finally {
      await closeTab(darioTab);
      await carol.close();
    }
  });

  it('with the focus on the CRM page, Alt+A and Alt+↑/↓ still work: the host library forwards them (data-shortcuts)', async () => {
    const elenaTab = await openTab(`${local}/demo/shop.html`);
    try {
      const shop = frame('/demo/shop.html', elenaTab);
      await shop.type('input[name=name]', 'Elena Viola');
      await shop.click('[data-action=start]');
      await shop.type('[name=message]:enabled', 'a question about sizes');
      await shop.click('[data-action=send]');
      const elena = await offerWith(alice, 'a question about sizes');
      await alice.crm.click('h1'); // the agent works in the CRM: the focus is on its page, not in the widget
      expect(await alice.crm.eval<boolean>('document.hasFocus() && document.activeElement === document.body')).to.equal(true);
      await pressKeys(['Alt+KeyA'], { page: alice.tab });
      await alice.widget.waitFor(`li[data-list=assigned][data-contact-id="${elena}"]`);
      await eventually(async () => (await host(alice)).interactions.find((i) => i.interactionId === elena)?.state === 'delivered', 5_000, 'the host sees it taken');
      expect(await shownChat()).to.equal(elena);
      await pressKeys(['Alt+ArrowUp'], { page: alice.tab });
      await eventually(async () => (await shownChat()) !== elena, 5_000, 'the previous chat shown');
      expect((await host(alice)).activeInteractionId).to.equal(await shownChat());
      expect(await alice.crm.eval<boolean>('document.hasFocus()'), 'the focus stayed on the CRM page').to.equal(true);
      expect(await alice.crm.eval<string>(`Switchboard.api.pressShortcut('Alt+B').then((r) => r.status === 'error' && r.error.name)`)).to.equal('invalid_args');
    } finally {
      await closeTab(elenaTab);
    }
  });
});
