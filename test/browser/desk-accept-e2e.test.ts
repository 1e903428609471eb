/**
 * Accepting against a real server with real offers waiting: a double click on Accept takes one
 * chat, even though the first click's accept is done before the second click comes and the next
 * offer's Accept has moved up under the cursor; Alt+A pressed twice takes one chat too. The CRM's
 * host API sees the same.
 */
import { expect } from '@esm-bundle/chai';
import { addIframe, closeTab, eventually, frame, mouseClick, openTab, pointOf, pressKeys, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';
import { openCrm, type CrmTab } from './fixtures/desk-e2e.ts';

/** Long enough for a second accept, had one been made, to be done and shown. */
const SETTLE_MS = 1_500;

describe('agent desk end to end: one accept per double click', function () {
  this.timeout(90_000);
  let server: TestServer;
  let alice: CrmTab;
  let shopTab: number;
  const widgetUrl = () => `${server.url}/widget/`;
  /** The offers in the widget's list, oldest first. */
  const offers = () => alice.widget.eval<string[]>(`[...document.querySelectorAll('section[data-list=pending] li[data-contact-id]')].map((li) => li.dataset.contactId)`);
  /** Each interaction's state as the CRM's host API has it. */
  const hostStates = () =>
    alice.crm.eval<Record<string, string>>(`Switchboard.api.getInteractionsState().then((r) => Object.fromEntries(r.data.interactions.map((i) => [i.interactionId, i.state])))`);

  before(async () => {
    server = await startServer();
    alice = await openCrm(server.url, 'alice');
    // This CRM pops its own screen for a new chat: the widget shows no banner that would move the list.
    await alice.crm.eval(`(Switchboard.api.on('ON_WEB_SCREEN_POP_CUSTOM', () => true), true)`);
    const local = server.url.replace('127.0.0.1', 'localhost');
    // Three customers, each a chat of their own (another origin, or another tab).
    await addIframe(`${local}/demo/shop.html`, 'shop-1', { width: 420, height: 600 });
    await addIframe(`${server.url}/demo/shop.html`, 'shop-2', { width: 420, height: 600 });
    await startShopChat(`${local}/demo/shop.html`, 'Anna Blu', 'first in line');
    await eventually(async () => (await offers()).length === 1, 10_000, 'the first offer');
    await startShopChat(`${server.url}/demo/shop.html`, 'Bruno Gialli', 'second in line');
    await eventually(async () => (await offers()).length === 2, 10_000, 'two offers');
  });
  after(async () => {
    await closeTab(alice.tab);
    if (shopTab) await closeTab(shopTab);
    await stopServer(server);
  });

  it('a double click takes the offer clicked, not the next one that moves under the cursor', async () => {
    const [first, second] = await offers();
    const button = (id: string) => `[data-contact-id="${id}"] [data-action=accept]`;
    const at = await pointOf(widgetUrl(), button(first!), alice.tab);
    const inFrame = await alice.widget.eval<{ x: number; y: number }>(`(() => { const r = document.querySelector('${button(first!)}').getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`);
    const under = () => alice.widget.eval<string>(`document.elementFromPoint(${inFrame.x}, ${inFrame.y})?.closest('[data-action=accept]')?.closest('[data-contact-id]')?.dataset.contactId ?? 'nothing'`);
    expect(await under()).to.equal(first);

    await mouseClick(at, 1, alice.tab);
    await alice.widget.waitFor(`li[data-list=assigned][data-contact-id="${first}"]`);
    // The first click's work is done: the second offer's Accept is where the cursor is.
    expect(await under(), 'the next offer moved under the cursor').to.equal(second);
    await mouseClick(at, 2, alice.tab); // the double click's second click
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(await offers(), 'the second offer still waiting').to.deep.equal([second]);
    const states = await hostStates();
    expect([states[first!], states[second!]]).to.deep.equal(['delivered', 'delivery_pending']);
    await frame(`${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`).waitForText('body', 'Alice');
  });

  it('Alt+A pressed twice takes one chat, the oldest offer', async () => {
    const [second] = await offers();
    shopTab = await openTab(`${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`);
    const shop = frame('/demo/shop.html', shopTab);
    await shop.type('input[name=name]', 'Carla Verdi');
    await shop.click('[data-action=start]');
    await eventually(async () => (await offers()).length === 2, 10_000, 'two offers again');
    const [, third] = await offers();
    await alice.widget.click('.sb-chat-head strong'); // the agent's focus in the widget
    await pressKeys(['Alt+KeyA', 'Alt+KeyA'], { page: alice.tab, delayMs: 150 });
    await alice.widget.waitFor(`li[data-list=assigned][data-contact-id="${second}"]`);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(await offers(), 'the newest offer still waiting').to.deep.equal([third]);
    const states = await hostStates();
    expect([states[second!], states[third!]]).to.deep.equal(['delivered', 'delivery_pending']);
    // A press later is a new decision: it takes the next.
    await pressKeys(['Alt+KeyA'], { page: alice.tab });
    await alice.widget.waitFor(`li[data-list=assigned][data-contact-id="${third}"]`);
    expect(await offers()).to.deep.equal([]);
  });
});
