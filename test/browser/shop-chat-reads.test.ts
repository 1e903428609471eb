/**
 * Read marks and ticks between the demo shop (in its own tab: hidden while the agent's tab is in
 * front) and the agent's widget, against a real server. The chat box marks an agent's message
 * read only when it is on screen, the page visible and the box open; the customer's messages show
 * ✓ once stored and ✓✓ once the agent read them, also after a reload.
 */
import { expect } from '@esm-bundle/chai';
import { addIframe, closeTab, eventually, frame, openTab, signIn, startServer, stopServer, type TestServer } from './harness.ts';

describe('shop chat box: read marks and ticks', function () {
  this.timeout(90_000);
  let server: TestServer;
  let page = 0;
  const widget = frame('/widget/');
  let shop: ReturnType<typeof frame>;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** Whether the widget shows the agent's message `text` as read by the customer. */
  const agentTickRead = (text: string) =>
    widget.eval<boolean>(`[...document.querySelectorAll('.sb-from-agent')].find((m) => m.textContent.includes(${JSON.stringify(text)}))?.querySelector('.sb-tick')?.hasAttribute('data-read') ?? false`);
  /** The agent writes `text` (the agent's tab comes to the front: the shop's tab is hidden then). */
  const agentSays = async (text: string) => {
    await widget.type('input[name=message]', text);
    await widget.click('[data-action=send]');
    await widget.waitForText('.sb-from-agent', text);
  };
  /**
   * Lets the shop's tab, in front, lay out and run its observers (two frames) and send what it
   * marks read, before a look at the widget brings the agent's tab back to the front.
   */
  const shopLooks = () => shop.eval<boolean>('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => r(true), 300))))');
  /** Whether the shop, given the front, marked the agent's message `text` read. */
  const readOnceShopLooks = (text: string) => eventually(async () => (await shopLooks()) && agentTickRead(text), 10_000, `${text} read`);
  const myTicks = () =>
    shop.eval<{ text: string; tick: string; label: string | null; read: boolean }[]>(
      "[...document.querySelectorAll('.sbc-msg.me')].map((m) => { const t = m.querySelector('.sbc-tick'); return { text: m.querySelector('.sbc-text').textContent, tick: t.hidden ? '' : t.textContent, label: t.ariaLabel, read: t.hasAttribute('data-read') }; })",
    );

  before(async () => {
    server = await startServer();
    await addIframe(`${server.url}/demo/crm.html`, 'crm');
    await signIn('/widget/', 'alice');
    await widget.select('select[name=agent-state]', 'ONLINE');
    page = await openTab(`${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`);
    shop = frame('/demo/shop.html', page);
  });
  after(async () => {
    await closeTab(page);
    await stopServer(server);
  });

  it('shows ✓ on a message stored while nobody has read it', async () => {
    await shop.type('input[name=name]', 'Carla Verdi');
    await shop.click('[data-action=start]');
    await shop.type('[name=message]:enabled', 'hello');
    await shop.click('[data-action=send]');
    await eventually(async () => (await myTicks())[0]?.tick === '✓', 10_000, 'the delivered tick');
    expect(await myTicks()).to.deep.equal([{ text: 'hello', tick: '✓', label: 'Delivered', read: false }]);
  });

  it('marks an agent’s message read only once the shopper can see it: page visible, box open, message on screen', async () => {
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'hello');
    await agentSays('first answer');
    await sleep(1_000);
    expect(await agentTickRead('first answer'), 'the shop’s tab is hidden').to.equal(false);
    await shop.waitForText('.sbc-messages', 'first answer'); // the shop's tab comes to the front
    await readOnceShopLooks('first answer');

    await shop.click('[data-action=minimize]');
    await agentSays('second answer');
    await shop.waitForText('.sbc-badge', '1'); // in front, but minimized
    await shopLooks();
    await sleep(700);
    expect(await agentTickRead('second answer'), 'the box is minimized').to.equal(false);
    await shop.click('[data-action=launcher]');
    await readOnceShopLooks('second answer');

    // Scrolled up to older messages: a new one below the view is not read until scrolled to.
    await agentSays(Array.from({ length: 40 }, (_, i) => `line ${i + 1} of a long answer`).join(' '));
    await shop.waitForText('.sbc-messages', 'line 40 of a long answer');
    await shop.eval("(document.querySelector('.sbc-messages').scrollTop = 0, true)");
    await agentSays('third answer');
    await shop.waitForText('.sbc-messages', 'third answer');
    await shopLooks();
    expect(await shop.eval<boolean>("(() => { const l = document.querySelector('.sbc-messages'); return l.scrollTop + l.clientHeight < l.scrollHeight - 40; })()")).to.equal(true);
    expect(await agentTickRead('third answer'), 'scrolled away').to.equal(false);
    await shop.eval("(document.querySelector('.sbc-messages').scrollTop = 1e6, true)");
    await readOnceShopLooks('third answer');
  });

  it('shows ✓✓ once the agent read the customer’s messages, and again after a reload', async () => {
    await shop.type('[name=message]:enabled', 'thanks, one more thing');
    await shop.click('[data-action=send]');
    await widget.waitForText('.sb-messages', 'one more thing'); // the agent's tab shows the chat: it reads it
    await eventually(async () => (await myTicks()).every((m) => m.read), 10_000, 'the read ticks');
    expect(await myTicks()).to.deep.equal([
      { text: 'hello', tick: '✓✓', label: 'Read', read: true },
      { text: 'thanks, one more thing', tick: '✓✓', label: 'Read', read: true },
    ]);
    await shop.eval('(window.beforeReload = true, location.reload(), true)');
    await eventually(() => shop.eval<boolean>('!window.beforeReload && document.querySelectorAll(".sbc-msg.me").length === 2'), 10_000, 'the reopened chat');
    await eventually(async () => (await myTicks()).length === 2 && (await myTicks()).every((m) => m.read), 10_000, 'the read ticks after the reload');
  });
});
