/**
 * The widget's message list against a real server, a customer on the demo shop page and CRM pages
 * with the host library: a chat opens at its newest message and follows new ones while the agent
 * is at the bottom; scrolled up, the place is kept and a pill counts what came; each chat keeps
 * its place; a transferred chat of a few hundred messages, and the same chat reloaded, page their
 * whole history in as the agent scrolls up, the reading position held.
 */
import { expect } from '@esm-bundle/chai';
import { eventually, startServer, stopServer, type TestServer } from './harness.ts';
import { agentCrm, listScroll, ok, scrollListTo, servers, shopChat, type Crm, type Frame } from './chat-e2e.ts';

/** Messages the customer writes before the transfer (the widget pages history 100 at a time). */
const MESSAGES = 300;

describe('end to end: the message list scrolls and pages history', function () {
  this.timeout(120_000);
  let server: TestServer;
  let alice: Crm;
  let bob: Crm;
  let mia: Frame;
  let miaChat = '';
  const count = (crm: Crm) => crm.widget.eval<number>("document.querySelectorAll('.sb-messages .sb-message[data-sequence]').length");
  const sequences = (crm: Crm) => crm.widget.eval<number[]>("[...document.querySelectorAll('.sb-messages .sb-message[data-sequence]')].map((li) => Number(li.dataset.sequence))");
  const edge = (crm: Crm) => crm.widget.eval<string>("document.querySelector('[data-history-edge]')?.dataset.historyEdge ?? ''");
  const atBottom = async (crm: Crm) => (await listScroll(crm.widget)).fromBottom <= 2;
  /** Waits for the list at its newest message; a failure says how it is scrolled. */
  const untilAtBottom = (crm: Crm, what: string) =>
    eventually(() => atBottom(crm), 5_000, what).catch(async (err) => {
      throw new Error(`${err.message}: ${JSON.stringify(await listScroll(crm.widget))}, ${await count(crm)} messages, history ${await edge(crm)}`);
    });

  before(async () => {
    // Generous request limits: the customer writes a few hundred messages in a few seconds.
    server = await startServer({ config: { requestsPerSecond: 1_000, requestBurst: 2_000 } });
    const { host127, hostLocal } = servers(server);
    alice = await agentCrm(host127, 'alice');
    bob = await agentCrm(hostLocal, 'bob');
    ok(await alice.api.setAgentState('ready'));
    mia = await shopChat(hostLocal, 'Mia', 'message 1');
    miaChat = (await alice.only('delivery_pending')).interactionId;
    ok(await alice.api.acceptInteraction(miaChat));
    await alice.widget.waitForText('.sb-messages', 'message 1');
    // In batches: one page command must not run for long on a loaded machine.
    for (let from = 2; from <= MESSAGES; from += 50) {
      const to = Math.min(MESSAGES, from + 49);
      await mia.eval(`(async () => { for (let i = ${from}; i <= ${to}; i++) await window.switchboardChat.sendMessage('message ' + i); return true; })()`);
    }
    await mia.eval(`(window.reads = [], window.switchboardChat.on('message:read', (e) => window.reads.push(e.upTo)), true)`);
  });
  after(() => stopServer(server));

  it('opens at the newest message and follows new ones while the agent is at the bottom', async () => {
    await alice.widget.waitForText('.sb-messages', `message ${MESSAGES}`);
    await untilAtBottom(alice, 'the list at its newest message');
    await mia.eval("window.switchboardChat.sendMessage('one more').then(() => true)");
    await alice.widget.waitForText('.sb-messages', 'one more');
    await untilAtBottom(alice, 'still at the newest message');
    expect(await alice.widget.eval<string>("[...document.querySelectorAll('.sb-message .sb-text')].pop().textContent")).to.equal('one more');
    const [heard] = await alice.event('ON_CHAT_MESSAGE', ([m]) => m.text === 'one more');
    expect(heard).to.include({ interactionId: miaChat, fromType: 'external', private: false, from: 'Mia', sequence: MESSAGES + 1 });
  });

  it('scrolled up, keeps the place and counts new messages in a pill; the customer hears them read only once seen', async () => {
    await scrollListTo(alice.widget, 400);
    const before = await listScroll(alice.widget);
    expect(before.fromBottom, 'scrolled up').to.be.greaterThan(200);
    const sent = await mia.eval<{ sequence: number }>("window.switchboardChat.sendMessage('while you read')");
    await alice.widget.waitForText('[data-action=new-messages]', '1 new');
    await alice.event('ON_CHAT_MESSAGE', ([m]) => m.text === 'while you read');
    expect((await listScroll(alice.widget)).top, 'the place kept').to.be.closeTo(before.top, 1);
    // Not seen yet: no READ receipt covers it.
    const readBefore = await mia.eval<number[]>('window.reads');
    expect(Math.max(0, ...readBefore)).to.be.lessThan(sent.sequence);
    await alice.widget.click('[data-action=new-messages]');
    await alice.widget.waitForGone('[data-action=new-messages]');
    expect(await atBottom(alice)).to.equal(true);
    await eventually(async () => Math.max(0, ...(await mia.eval<number[]>('window.reads'))) >= sent.sequence, 10_000, 'a READ receipt once the agent saw it');
  });

  it('keeps each chat where the agent left it', async () => {
    await scrollListTo(alice.widget, 300);
    const left = await listScroll(alice.widget);
    const noah = await shopChat(servers(server).host127, 'Noah', 'hi from Noah');
    const noahChat = (await alice.only('delivery_pending')).interactionId;
    ok(await alice.api.acceptInteraction(noahChat));
    await alice.widget.waitFor(`.sb-chat[data-contact-id="${noahChat}"]`);
    await noah.eval("window.switchboardChat.sendMessage('a second line').then(() => true)");
    await alice.widget.waitForText('.sb-messages', 'a second line');
    expect(await atBottom(alice), 'a chat never scrolled opens at its newest message').to.equal(true);
    ok(await alice.api.switchActiveInteraction(miaChat));
    await alice.widget.waitFor(`.sb-chat[data-contact-id="${miaChat}"]`);
    await eventually(async () => Math.abs((await listScroll(alice.widget)).fromBottom - left.fromBottom) <= 2, 5_000, "Mia's chat where it was left");
    ok(await alice.api.switchActiveInteraction(noahChat));
    await untilAtBottom(alice, "Noah's chat at its newest message");
    ok(await alice.api.switchActiveInteraction(miaChat));
  });

  it('a transferred chat of a few hundred messages: the next agent opens it at the newest and pages its whole history as they scroll up', async () => {
    ok(await bob.api.setAgentState('ready'));
    ok(await alice.api.blindTransfer('bob', {}, miaChat));
    await bob.event('ON_NEW_INTERACTION', ([i]) => i.interactionId === miaChat);
    ok(await bob.api.acceptInteraction(miaChat));
    await bob.widget.waitForText('.sb-messages', 'while you read');
    await untilAtBottom(bob, "bob's list at the newest message");
    expect(await count(bob), 'the latest page').to.equal(100);
    expect(await edge(bob)).to.equal('more');

    // Scrolled to the top, the page before comes in above and the message read stays where it was.
    const anchor = await bob.widget.eval<{ sequence: number; y: number }>(
      `(() => {
        const list = document.querySelector('.sb-messages');
        list.scrollTop = 0;
        list.dispatchEvent(new Event('scroll'));
        const li = list.querySelector('.sb-message[data-sequence]');
        return { sequence: Number(li.dataset.sequence), y: li.getBoundingClientRect().top };
      })()`,
    );
    await eventually(async () => (await count(bob)) === 200, 10_000, 'the page before');
    const moved = await bob.widget.eval<number>(`document.querySelector('.sb-message[data-sequence="${anchor.sequence}"]').getBoundingClientRect().top`);
    expect(moved, 'the reading position held').to.be.closeTo(anchor.y, 2);

    for (let i = 0; i < 5 && (await edge(bob)) !== 'start'; i++) {
      const had = await count(bob);
      await scrollListTo(bob.widget, 0);
      await eventually(async () => (await count(bob)) > had || (await edge(bob)) === 'start', 10_000, 'another page');
    }
    expect(await edge(bob)).to.equal('start');
    const all = await sequences(bob);
    expect(all).to.deep.equal(Array.from({ length: all.length }, (_, i) => i + 1));
    expect(all.length).to.equal(MESSAGES + 2);
    expect(await bob.widget.eval<string>("document.querySelector('.sb-message[data-sequence=\"1\"] .sb-text').textContent")).to.equal('message 1');

    // The next message reaches bob's CRM, not alice's.
    await mia.eval("window.switchboardChat.sendMessage('for bob').then(() => true)");
    await bob.event('ON_CHAT_MESSAGE', ([m]) => m.text === 'for bob' && m.interactionId === miaChat);
    expect(alice.heard.some(([n, [m]]) => n === 'ON_CHAT_MESSAGE' && m.text === 'for bob')).to.equal(false);
  });

  it('reloaded, the chat opens at its newest message again and pages back the same way', async () => {
    const iframe = bob.api.iframe;
    iframe.src = `${iframe.src.split('?')[0]}?reloaded`;
    await bob.widget.waitForText('.sb-messages', 'for bob');
    await untilAtBottom(bob, 'the newest message after the reload');
    // It stays there as the chat's panels load around the list.
    await bob.widget.waitFor('[data-side-tab=crm]');
    expect(await atBottom(bob)).to.equal(true);
    expect(await count(bob)).to.equal(100);
    await scrollListTo(bob.widget, 0);
    await eventually(async () => (await count(bob)) === 200, 10_000, 'the page before, after the reload');
    expect((await sequences(bob)).at(-1)).to.equal(MESSAGES + 3);
  });
});
