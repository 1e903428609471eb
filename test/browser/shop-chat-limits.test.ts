/**
 * The chat box never cuts what the shopper writes: 10,000 pasted characters all stay in the box,
 * a counter shows near the 8,000-character limit and a clear error (in the page's language) past
 * it, Send waits; lines stay lines; 8,000 characters go through whole; and a message the server
 * refuses stays in the box with the reason.
 */
import { expect } from '@esm-bundle/chai';
import { agentWire } from './agent-wire.ts';
import { deskAndShop } from './call-e2e.ts';
import { addIframe, eventually, frame, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';

/** Puts text in the reply box as a paste does (one input event). */
const paste = (text: string) =>
  `(() => { const box = document.querySelector('[name=message]'); box.value = ${JSON.stringify(text)}; box.dispatchEvent(new Event('input', { bubbles: true })); return true; })()`;
const boxState = `(() => {
  const box = document.querySelector('[name=message]');
  const counter = document.querySelector('.sbc-counter');
  return { length: box.value.length, counter: counter.hidden ? null : counter.textContent, over: counter.classList.contains('sbc-over'), invalid: box.getAttribute('aria-invalid'), send: !document.querySelector('[data-action=send]').disabled };
})()`;
type BoxState = { length: number; counter: string | null; over: boolean; invalid: string; send: boolean };

describe('shop chat box: long messages are never cut', function () {
  this.timeout(60_000);
  let server: TestServer;
  let chatId = '';
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');
  const agent = agentWire();
  const lastAgentSide = async () => (await agent.request<{ messages: { text: string }[] }>({ type: 'chat.history', contactId: chatId })).messages.at(-1)!.text;

  before(async () => {
    server = await startServer();
    await deskAndShop(server);
    await startShopChat('/demo/shop.html', 'Carla Verdi', 'hello');
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'hello');
    chatId = await shop.eval<string>('window.switchboardChat.getId()');
  });
  after(() => stopServer(server));

  it('keeps 10,000 pasted characters, says how many are too many, and sends nothing until it is short enough', async () => {
    await shop.eval(paste('a'.repeat(10_000)));
    expect(await shop.eval<BoxState>(boxState)).to.deep.equal({
      length: 10_000,
      counter: '2,000 characters too many: a message holds at most 8,000. Shorten it to send it.',
      over: true,
      invalid: 'true',
      send: false,
    });
    expect(await shop.eval<string | null>("document.querySelector('.sbc-counter').getAttribute('role')")).to.equal('alert');
    // Enter does not send it either.
    await shop.eval("(document.querySelector('[name=message]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })), true)");
    await new Promise((r) => setTimeout(r, 300));
    expect((await shop.eval<BoxState>(boxState)).length).to.equal(10_000);
    expect(await shop.texts('.sbc-msg.me .sbc-text')).to.deep.equal(['hello']);

    // Near the limit the counter counts; well below it, it goes.
    await shop.eval(paste('a'.repeat(7_500)));
    expect(await shop.eval<BoxState>(boxState)).to.deep.equal({ length: 7_500, counter: '7,500 / 8,000', over: false, invalid: 'false', send: true });
    await shop.eval(paste('short again'));
    expect((await shop.eval<BoxState>(boxState)).counter).to.equal(null);
  });

  it('sends 8,000 characters whole, and keeps the lines of a message', async () => {
    const full = `${'b'.repeat(7_990)}0123456789`;
    await shop.eval(paste(full));
    expect((await shop.eval<BoxState>(boxState)).counter).to.equal('8,000 / 8,000');
    await shop.click('[data-action=send]');
    await eventually(async () => (await lastAgentSide()) === full, 10_000, 'the 8,000 characters at the agent');
    await widget.waitForText('.sb-messages', '0123456789');
    expect((await shop.eval<BoxState>(boxState)).length).to.equal(0);

    await shop.eval(paste('Delivery address:\nVia Roma 1\n20100 Milano'));
    await shop.click('[data-action=send]');
    await eventually(async () => (await lastAgentSide()) === 'Delivery address:\nVia Roma 1\n20100 Milano', 10_000, 'the lines at the agent');
    const shown = await shop.eval<{ text: string; lines: number }>(`(() => {
      const texts = [...document.querySelectorAll('.sbc-msg.me .sbc-text')];
      const text = texts.at(-1);
      const oneLine = texts[0].getBoundingClientRect().height; // 'hello'
      return { text: text.textContent, lines: Math.round(text.getBoundingClientRect().height / oneLine) };
    })()`);
    expect(shown).to.deep.equal({ text: 'Delivery address:\nVia Roma 1\n20100 Milano', lines: 3 });
  });

  it('a message the server refuses stays in the box, with the reason', async () => {
    // A server that counts more than the box does (the page's SDK is made to pad what it sends).
    await shop.eval(`(() => {
      const chat = window.switchboardChat;
      const send = chat.sendMessage.bind(chat);
      chat.sendMessage = (text, onCreate) => { chat.sendMessage = send; return send(text + 'x'.repeat(8_001), onCreate); };
      return true;
    })()`);
    await shop.type('[name=message]:enabled', 'please keep me');
    await shop.click('[data-action=send]');
    await shop.waitForText('.sbc-messages li.sys', 'Not sent: a message holds at most 8,000 characters');
    expect(await shop.eval<string>("document.querySelector('[name=message]').value")).to.equal('please keep me');
    expect(await shop.texts('.sbc-msg.sbc-pending')).to.deep.equal([]);
    await shop.click('[data-action=send]');
    await eventually(async () => (await lastAgentSide()) === 'please keep me', 10_000, 'the message sent again');
  });

  it('says it in the page’s language', async () => {
    await addIframe(`${server.url}/demo/shop.html?locale=es`, 'shop-es', { width: 420, height: 640 });
    const es = frame('/demo/shop.html?locale=es');
    await es.type('input[name=name]', 'Lucía');
    await es.click('[data-action=start]');
    await es.waitFor('[name=message]:enabled');
    await es.eval(paste('c'.repeat(8_250)));
    expect((await es.eval<BoxState>(boxState)).counter).to.equal('Sobran 250 caracteres: un mensaje admite como máximo 8000. Acórtalo para enviarlo.');
    await es.eval(paste('c'.repeat(7_999)));
    expect((await es.eval<BoxState>(boxState)).counter).to.equal('7999 / 8000');
  });
});
