/**
 * An imported history (seed 001's importHistory from the customer's page) in the agent's widget,
 * against a real server, the demo shop page and a CRM page with the host library: the entries
 * show first, marked and in their own time order, before the live messages, whether imported
 * before the agent took the chat or while the agent reads it (the list stays where it was, no
 * "new messages" pill), again after a reload; the host hears each entry with who said it.
 */
import { expect } from '@esm-bundle/chai';
import { eventually, startServer, stopServer, type TestServer } from './harness.ts';
import { agentCrm, listScroll, ok, servers, shopChat, type Crm, type Frame } from './chat-e2e.ts';

type Line = { edge?: true; imported?: string; side?: string; name?: string; text: string };

/** The chat's lines in order: the imported edge, then each message with its mark, side, sender and text. */
const LINES = `[...document.querySelectorAll('.sb-messages > li.sb-message, .sb-messages > li[data-imported-edge]')].map((li) =>
  li.matches('[data-imported-edge]')
    ? { edge: true, text: li.textContent }
    : {
        ...(li.dataset.imported && { imported: li.dataset.imported }),
        side: li.classList.contains('sb-from-customer') ? 'customer' : 'agent',
        name: li.querySelector('.sb-from bdi').textContent,
        text: li.querySelector('.sb-text').textContent,
      },
)`;

const LIVE = 30;

describe('end to end: an imported history in the widget', function () {
  this.timeout(120_000);
  let server: TestServer;
  let alice: Crm;
  let lea: Frame;
  let chatId = '';
  const lines = () => alice.widget.eval<Line[]>(LINES);
  const minutesAgo = (n: number) => Date.now() - n * 60_000;
  const importEntries = (entries: object[]) => lea.eval<number>(`window.switchboardChat.importHistory(${JSON.stringify(entries)}).then((all) => all.length)`);

  before(async () => {
    server = await startServer();
    alice = await agentCrm(servers(server).host127, 'alice', { width: 560, height: 600 });
    ok(await alice.api.setAgentState('ready'));
    lea = await shopChat(servers(server).hostLocal, 'Lea', 'hello, the bot sent me');
  });
  after(() => stopServer(server));

  it('shows entries imported before the agent took the chat first, marked, before the live messages', async () => {
    await importEntries([
      { from: 'customer', text: 'Where is my parcel?', createdAt: minutesAgo(5) },
      { from: 'bot', name: 'Shop bot', text: 'I will find a person for you', createdAt: minutesAgo(4) },
    ]);
    chatId = (await alice.only('delivery_pending')).interactionId;
    ok(await alice.api.acceptInteraction(chatId));
    await alice.widget.waitForText('.sb-messages', 'I will find a person for you');
    await alice.widget.waitForText('.sb-messages', 'hello, the bot sent me');
    expect(await lines()).to.deep.equal([
      { edge: true, text: 'Earlier conversation' },
      { imported: 'customer', side: 'customer', name: 'Lea', text: 'Where is my parcel?' },
      { imported: 'bot', side: 'agent', name: 'Shop bot', text: 'I will find a person for you' },
      { side: 'customer', name: 'Lea', text: 'hello, the bot sent me' },
    ]);
    // Marked apart from the live messages.
    expect(await alice.widget.eval<number>("document.querySelectorAll('.sb-message.sb-imported').length")).to.equal(2);
  });

  it('puts entries imported while the agent reads above the live messages: the list stays at the bottom, no pill; the host hears who said each', async () => {
    await lea.eval(`(async () => { for (let i = 1; i <= ${LIVE}; i++) await window.switchboardChat.sendMessage('live ' + i); return true; })()`);
    await alice.widget.waitForText('.sb-messages', `live ${LIVE}`);
    await eventually(async () => (await listScroll(alice.widget)).fromBottom <= 2, 5_000, 'the list at its newest message');
    expect((await listScroll(alice.widget)).height).to.be.greaterThan((await listScroll(alice.widget)).client);

    expect(await importEntries([
      { from: 'agent', name: 'Marco', text: 'Your order is packed', createdAt: minutesAgo(10) },
      { from: 'customer', text: 'Thanks, I will wait', createdAt: minutesAgo(6) },
      { from: 'agent', text: 'It leaves tonight', createdAt: minutesAgo(3) },
    ])).to.be.greaterThan(LIVE);
    const [marco] = await alice.event('ON_CHAT_MESSAGE', ([m]) => m.text === 'Your order is packed');
    expect(marco).to.include({ interactionId: chatId, fromType: 'internal', from: 'Marco', private: false });
    expect(marco.content).to.deep.equal({ kind: 'imported', from: 'agent' });
    const [thanks] = await alice.event('ON_CHAT_MESSAGE', ([m]) => m.text === 'Thanks, I will wait');
    expect(thanks).to.include({ fromType: 'external', from: 'Lea' });
    expect(thanks.createdAt).to.be.below(Date.now() - 5 * 60_000);

    await alice.widget.waitForText('.sb-messages', 'It leaves tonight');
    expect((await lines()).slice(0, 7)).to.deep.equal([
      { edge: true, text: 'Earlier conversation' },
      { imported: 'agent', side: 'agent', name: 'Marco', text: 'Your order is packed' },
      { imported: 'customer', side: 'customer', name: 'Lea', text: 'Thanks, I will wait' },
      { imported: 'customer', side: 'customer', name: 'Lea', text: 'Where is my parcel?' },
      { imported: 'bot', side: 'agent', name: 'Shop bot', text: 'I will find a person for you' },
      { imported: 'agent', side: 'agent', name: 'Agent', text: 'It leaves tonight' },
      { side: 'customer', name: 'Lea', text: 'hello, the bot sent me' },
    ]);
    expect((await lines()).at(-1)).to.deep.equal({ side: 'customer', name: 'Lea', text: `live ${LIVE}` });
    await eventually(async () => (await listScroll(alice.widget)).fromBottom <= 2, 5_000, 'still at the newest message');
    expect(await alice.widget.eval<boolean>("!!document.querySelector('.sb-new-messages')")).to.equal(false);
  });

  it('shows them first again after the widget reloads', async () => {
    const before = await lines();
    const iframe = alice.api.iframe;
    iframe.src = `${iframe.src.split('?')[0]}?reloaded`;
    await alice.widget.waitForText('.sb-messages', `live ${LIVE}`);
    await alice.widget.waitForText('.sb-messages', 'Your order is packed');
    expect(await lines()).to.deep.equal(before);
  });
});
