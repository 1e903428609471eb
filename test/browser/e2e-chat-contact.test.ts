/**
 * Seed 000's agent contact in the widget against a real server, the demo shop page as the
 * customer and a CRM page with the host library: the reply box's limits (nothing cut, a counter,
 * a clear error), links, actions and rich content with quick replies, typing both ways, delivery
 * statuses (ACCEPT, READ, ACCESS of a file, NACK with Retry), and private notes flagged to the
 * host and kept per chat.
 */
import { expect } from '@esm-bundle/chai';
import { eventually, pauseServer, resumeServer, startServer, stopServer, type TestServer } from './harness.ts';
import { agentCrm, ok, pasteReply, servers, shopChat, type Crm, type Frame } from './chat-e2e.ts';

type Received = { id: string; sequence: number; text: string; content?: any; private?: boolean };

describe('end to end: the agent contact in the widget, seen by the host', function () {
  this.timeout(120_000);
  let server: TestServer;
  let alice: Crm;
  let ana: Frame;
  let anaChat = '';
  const received = () => ana.eval<Received[]>('window.received');
  const receivedWhere = (what: string, where: (m: Received) => boolean) => eventually(async () => (await received()).find(where), 10_000, what);
  const hostError = (r: { status: string; error?: { name: string; message: string } }) => (r.status === 'error' ? r.error! : null);

  before(async () => {
    server = await startServer();
    alice = await agentCrm(servers(server).host127, 'alice', { width: 560, height: 700 });
    ok(await alice.api.setAgentState('ready'));
    ana = await shopChat(servers(server).hostLocal, 'Ana', 'hello');
    anaChat = (await alice.only('delivery_pending')).interactionId;
    ok(await alice.api.acceptInteraction(anaChat));
    await alice.widget.waitForText('.sb-messages', 'hello');
  });
  after(() => stopServer(server));

  it('cuts nothing: a counter near 8,000 characters, a clear error past them with the text kept; the host\'s too-long send is refused and marked NACK', async () => {
    await pasteReply(alice.widget, 'a'.repeat(7_500));
    await alice.widget.waitForText('[data-counter]', '7,500 / 8,000');
    expect(await alice.widget.eval<boolean>('!!document.querySelector("[data-too-long]")')).to.equal(false);
    await pasteReply(alice.widget, 'b'.repeat(8_001));
    await alice.widget.waitForText('[data-too-long]', '8,001 characters, a message holds 8,000');
    expect(await alice.widget.eval<boolean>('document.querySelector("[data-action=send]").disabled')).to.equal(true);
    // Enter (the form's submit) sends nothing either, and the text stays whole in the box.
    await alice.widget.eval('(document.querySelector(".sb-composer").requestSubmit(), true)');
    expect(await alice.widget.eval<number>('document.querySelector(".sb-composer input[name=message]").value.length')).to.equal(8_001);
    expect(await alice.widget.eval<number>('document.querySelectorAll("[data-outgoing]").length')).to.equal(0);
    // 8,000 goes, whole.
    await pasteReply(alice.widget, 'c'.repeat(8_000));
    await alice.widget.waitForGone('[data-too-long]');
    await alice.widget.click('[data-action=send]');
    const got = await receivedWhere('the 8,000 characters', (m) => m.text.startsWith('ccc'));
    expect(got.text.length).to.equal(8_000);
    const [message] = await alice.event('ON_CHAT_MESSAGE', ([m]) => m.text.startsWith('ccc'));
    expect(message).to.include({ interactionId: anaChat, fromType: 'internal', private: false });
    await alice.event('ON_CHAT_DELIVERY_STATUS', ([id, s]) => id === anaChat && s.status === 'ACCEPT' && s.messageId === message.messageId);

    const refused = hostError(await alice.api.sendChatMessage('d'.repeat(8_001), anaChat));
    expect(refused).to.include({ name: 'invalid_args' });
    expect(refused!.message).to.contain('8000');
    const [, nack] = await alice.event('ON_CHAT_DELIVERY_STATUS', ([id, s]) => id === anaChat && s.status === 'NACK');
    expect(nack.error.name).to.equal('too_large');
    await alice.widget.waitFor('[data-outgoing][data-status=nack] [data-action=retry]');
    await alice.widget.click('[data-outgoing][data-status=nack] [data-action=discard]');
    await alice.widget.waitForGone('[data-outgoing]');
  });

  it('rich content: quick replies make the reply rich, counted against 15,000; the customer gets the buttons', async () => {
    await alice.widget.click('[data-action=compose-replies]');
    await alice.widget.type('input[name=quick-replies]', 'Yes, No');
    // Quotes take two characters each in the JSON: 7,600 of them are over 15,000 as rich content.
    await pasteReply(alice.widget, '"'.repeat(7_600));
    await alice.widget.waitForText('[data-too-long]', 'the limit is 15,000');
    await alice.widget.waitForText('[data-counter]', '/ 15,000');
    expect(await alice.widget.eval<boolean>('document.querySelector("[data-action=send]").disabled')).to.equal(true);
    await pasteReply(alice.widget, 'Was this helpful?');
    await alice.widget.waitForGone('[data-too-long]');
    await alice.widget.click('[data-action=send]');
    const rich = await receivedWhere('the rich message', (m) => m.content?.kind === 'rich');
    expect(rich.content.rich.quickReplies.map((q: { title: string }) => q.title)).to.deep.equal(['Yes', 'No']);
    expect(rich.content.rich.elements).to.deep.equal([{ type: 'text', text: 'Was this helpful?' }]);
    await alice.event('ON_CHAT_MESSAGE', ([m]) => m.content?.kind === 'rich' && m.text === 'Was this helpful?');
    // The quick replies went with that message: the next reply is plain text.
    expect(await alice.widget.eval<string>('document.querySelector("[data-action=compose-replies]").textContent')).to.equal('Quick replies');

    const tooMany = hostError(await alice.api.sendRichContent({ elements: [], quickReplies: Array.from({ length: 14 }, (_, i) => ({ type: 'postback' as const, title: `o${i}`, payload: `o${i}` })) }, anaChat));
    expect(tooMany).to.include({ name: 'invalid_args' });
    const tooBig = hostError(await alice.api.sendRichContent({ elements: [{ type: 'text', text: '"'.repeat(7_999) }, { type: 'text', text: '"'.repeat(7_999) }] }, anaChat));
    expect(tooBig).to.include({ name: 'invalid_args' });
    expect(tooBig!.message).to.contain('15000');
    // Refused by the server, it stays marked in the chat until the agent discards it.
    await alice.widget.waitForText('[data-outgoing][data-status=nack]', 'over the limit of 15000');
    await alice.widget.click('[data-outgoing][data-status=nack] [data-action=discard]');
    await alice.widget.waitForGone('[data-outgoing]');
  });

  it('rich content is drawn from the one structured-content view on both sides; the button the customer pressed shows in the widget and reaches the host', async () => {
    const image = `${servers(server).host127}/demo/products/espresso.svg`;
    ok(
      await alice.api.sendRichContent(
        {
          elements: [
            { type: 'text', text: 'Our pick', style: 'title' },
            { type: 'text', text: 'All at https://shop.example.com/espresso today.' },
            { type: 'card', title: 'Espresso machine', subtitle: '15 bar', imageUrl: image, buttons: [{ type: 'postback', title: 'Add to cart', payload: 'cart:espresso' }, { type: 'link', title: 'Details', url: 'https://shop.example.com/espresso/details' }] },
          ],
          quickReplies: [{ type: 'postback', title: 'Talk later', payload: 'later' }],
        },
        anaChat,
      ),
    );
    const [hostRich] = await alice.event('ON_CHAT_MESSAGE', ([m]) => m.content?.kind === 'rich' && m.content.rich.elements[0]?.text === 'Our pick');
    const item = `.sb-message[data-sequence="${hostRich.sequence}"]`;
    await alice.widget.waitFor(`${item} .sb-rich-card`);
    await ana.waitFor('.sbc-card');
    // The same pieces on both sides: titles, texts with their links, the card, its buttons, the quick replies.
    const widgetSide = await alice.widget.eval<unknown>(`(() => {
      const m = document.querySelector('${item}');
      const texts = (sel) => [...m.querySelectorAll(sel)].map((e) => e.textContent);
      return {
        title: texts('.sb-rich-title'),
        links: [...m.querySelectorAll('a')].map((a) => [a.textContent, a.href, a.rel, a.target]),
        card: [texts('.sb-rich-card strong'), texts('.sb-rich-subtitle'), m.querySelector('.sb-rich-card img').getAttribute('src')],
        buttons: [...m.querySelectorAll('.sb-rich-card [data-postback]')].map((b) => [b.textContent, b.dataset.postback]),
        quick: [...m.querySelectorAll('[data-quick-replies] [data-postback]')].map((b) => [b.textContent, b.dataset.postback]),
      };
    })()`);
    const customerSide = await ana.eval<unknown>(`(() => {
      const m = [...document.querySelectorAll('.sbc-msg')].find((e) => e.querySelector('.sbc-card'));
      const texts = (sel) => [...m.querySelectorAll(sel)].map((e) => e.textContent);
      return {
        title: texts('.sbc-title'),
        links: [...m.querySelectorAll('a')].map((a) => [a.textContent, a.href, a.rel, a.target]),
        card: [texts('.sbc-card-title'), texts('.sbc-card-subtitle'), m.querySelector('.sbc-card img').getAttribute('src')],
        buttons: [...m.querySelectorAll('.sbc-card .sbc-postback')].map((b) => [b.textContent, b.dataset.payload]),
        quick: [...[...document.querySelectorAll('.sbc-quick')].at(-1).querySelectorAll('.sbc-postback')].map((b) => [b.textContent, b.dataset.payload]),
      };
    })()`);
    expect(widgetSide).to.deep.equal({
      title: ['Our pick'],
      links: [
        ['https://shop.example.com/espresso', 'https://shop.example.com/espresso', 'noopener noreferrer', '_blank'],
        ['Details', 'https://shop.example.com/espresso/details', 'noopener noreferrer', '_blank'],
      ],
      card: [['Espresso machine'], ['15 bar'], image],
      buttons: [['Add to cart', 'cart:espresso']],
      quick: [['Talk later', 'later']],
    });
    expect(customerSide).to.deep.equal(widgetSide);
    await eventually(() => alice.widget.eval<boolean>(`document.querySelector('${item} .sb-rich-card img').naturalWidth > 0`), 10_000, 'the card image loaded in the widget');
    // The agent does not press the customer's buttons: they are no buttons in the widget.
    expect(await alice.widget.eval<number>(`document.querySelectorAll('${item} button').length`)).to.equal(0);

    await ana.click('.sbc-card .sbc-postback');
    const [postback] = await alice.event('ON_CHAT_MESSAGE', ([m]) => m.content?.kind === 'postback');
    expect(postback.content).to.deep.equal({ kind: 'postback', title: 'Add to cart', payload: 'cart:espresso', replyTo: hostRich.messageId });
    expect(postback).to.include({ fromType: 'external', interactionId: anaChat });
    const pressed = `.sb-message[data-sequence="${postback.sequence}"] .sb-postback-message`;
    await alice.widget.waitForText(pressed, 'Pressed: Add to cart');
    expect(await alice.widget.eval<string[]>(`(() => { const e = document.querySelector('${pressed}'); return [e.dataset.postback, e.dataset.replyTo]; })()`)).to.deep.equal(['cart:espresso', hostRich.messageId]);
  });

  it('links and actions: sent from the widget and the host, shown safely, received by the customer', async () => {
    await alice.widget.click('[data-action=compose-link]');
    await alice.widget.type('input[name=link-url]', 'javascript:alert(1)');
    await alice.widget.click('[data-action=send-link]');
    await alice.widget.waitForText('.sb-link-form [role=alert]', 'http:// or https://');
    await alice.widget.type('input[name=link-url]', 'https://shop.example.com/returns');
    await alice.widget.type('input[name=link-desc]', 'Returns policy');
    await alice.widget.click('[data-action=send-link]');
    const link = await receivedWhere('the link', (m) => m.content?.kind === 'link');
    expect(link.content).to.deep.equal({ kind: 'link', url: 'https://shop.example.com/returns', desc: 'Returns policy' });
    await alice.widget.waitFor('.sb-message[data-kind=link] a[data-link]');
    expect(await alice.widget.eval<string[]>('(() => { const a = document.querySelector(".sb-message[data-kind=link] a"); return [a.href, a.rel, a.target, a.textContent]; })()')).to.deep.equal([
      'https://shop.example.com/returns',
      'noopener noreferrer',
      '_blank',
      'Returns policy',
    ]);
    const [hostLink] = await alice.event('ON_CHAT_MESSAGE', ([m]) => m.content?.kind === 'link');
    expect(hostLink.content).to.deep.equal({ kind: 'link', url: 'https://shop.example.com/returns', desc: 'Returns policy' });

    expect(hostError(await alice.api.sendChatLink('javascript:alert(1)', 'x', anaChat))).to.include({ name: 'invalid_args' });
    ok(await alice.api.sendChatLink('https://shop.example.com/track', undefined, anaChat));
    await receivedWhere('the host link', (m) => m.content?.url === 'https://shop.example.com/track');
    ok(await alice.api.sendChatAction('open-cart', ['sku-1'], anaChat));
    const action = await receivedWhere('the action', (m) => m.content?.kind === 'action');
    expect(action.content).to.deep.equal({ kind: 'action', code: 'open-cart', args: ['sku-1'] });
    await alice.widget.waitForText('.sb-message[data-kind=action]', 'Action: open-cart');
    expect(hostError(await alice.api.sendChatAction('bad code!', [], anaChat))).to.include({ name: 'invalid_args' });
  });

  it('typing both ways, and the host hears both', async () => {
    await ana.eval('window.switchboardChat.sendUserActivity("writing").then(() => true)');
    await alice.widget.waitFor('[data-typing]');
    const [, party, activity] = await alice.event('ON_CHAT_TYPING', ([id, p, a]) => id === anaChat && p.type === 'external' && a === 'writing');
    expect([party.name, activity]).to.deep.equal(['Ana', 'writing']);
    await ana.eval('window.switchboardChat.sendUserActivity("stop-writing").then(() => true)');
    await alice.event('ON_CHAT_TYPING', ([id, p, a]) => id === anaChat && p.type === 'external' && a === 'stop-writing');
    await alice.widget.waitForGone('[data-typing]');
    await alice.widget.type('.sb-composer input[name=message]', 'checking');
    await ana.waitForText('.sbc-typing', 'typing');
    const [, me] = await alice.event('ON_CHAT_TYPING', ([id, p]) => id === anaChat && p.type === 'internal');
    expect(me).to.include({ id: 'alice', type: 'internal' });
  });

  it('delivery: ACCEPT per message, READ per message the customer read, ✓✓ in the widget', async () => {
    // Minimized, the shop's box reads nothing by itself: the customer reads by the SDK below.
    await ana.click('[data-action=minimize]');
    await alice.widget.click('[data-action=send]'); // "checking"
    await alice.widget.type('.sb-composer input[name=message]', 'found it');
    await alice.widget.click('[data-action=send]');
    const first = (await alice.event('ON_CHAT_MESSAGE', ([m]) => m.text === 'checking'))[0];
    const second = (await alice.event('ON_CHAT_MESSAGE', ([m]) => m.text === 'found it'))[0];
    for (const m of [first, second]) await alice.event('ON_CHAT_DELIVERY_STATUS', ([, s]) => s.status === 'ACCEPT' && s.messageId === m.messageId);
    expect(await alice.widget.eval<string>(`document.querySelector('.sb-message[data-sequence="${second.sequence}"] .sb-tick').dataset.status`)).to.equal('accept');
    await ana.eval(`window.switchboardChat.readMessage(${JSON.stringify(second.messageId)}).then(() => true)`);
    await alice.widget.waitFor(`.sb-message[data-sequence="${second.sequence}"] .sb-tick[data-status=read]`);
    expect(await alice.widget.eval<string>(`document.querySelector('.sb-message[data-sequence="${first.sequence}"] .sb-tick').dataset.status`)).to.equal('read');
    for (const m of [first, second]) {
      const [, read] = await alice.event('ON_CHAT_DELIVERY_STATUS', ([, s]) => s.status === 'READ' && s.messageId === m.messageId);
      expect(read.by).to.include({ name: 'Ana', type: 'external' });
    }
  });

  it('NACK: a link that could not go out is marked with Retry; retried once the server is back, it reaches the customer once', async () => {
    await pauseServer(server);
    await alice.widget.waitFor('.sb-composer');
    await alice.widget.click('[data-action=compose-link]');
    await alice.widget.type('input[name=link-url]', 'https://shop.example.com/offline');
    await alice.widget.click('[data-action=send-link]');
    await alice.widget.waitFor('[data-outgoing][data-status=sending]');
    // It waits for the connection within the request timeout (10 s), then it is refused.
    const [, nack] = await alice.event('ON_CHAT_DELIVERY_STATUS', ([id, s]) => id === anaChat && s.status === 'NACK' && s.error.name === 'not_connected', 30_000);
    await alice.widget.waitFor('[data-outgoing][data-status=nack] [data-action=retry]');
    const shown = await alice.widget.eval<string>('document.querySelector("[data-outgoing][data-status=nack]").outerHTML');
    await resumeServer(server);
    expect(shown).to.contain('https://shop.example.com/offline');
    await eventually(async () => (await ok(await alice.api.getConfig())).connection.state === 'CONNECTED', 20_000, 'the widget connected again');
    await alice.widget.click('[data-outgoing][data-status=nack] [data-action=retry]');
    await alice.widget.waitForGone('[data-outgoing]');
    const [stored] = await alice.event('ON_CHAT_MESSAGE', ([m]) => m.content?.url === 'https://shop.example.com/offline');
    await alice.event('ON_CHAT_DELIVERY_STATUS', ([, s]) => s.status === 'ACCEPT' && s.messageId === stored.messageId);
    await receivedWhere('the retried link', (m) => m.content?.url === 'https://shop.example.com/offline');
    await new Promise((r) => setTimeout(r, 500));
    expect((await received()).filter((m) => m.content?.url === 'https://shop.example.com/offline')).to.have.length(1);
    expect(nack.clientMessageId).to.be.a('string');
  });

  it("ACCESS: a file the agent sent shows Opened once the customer opened it, and the host hears it", async () => {
    await alice.widget.eval(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['the terms, in full'], 'terms.txt', { type: 'text/plain' }));
      const input = document.querySelector('.sb-composer input[name=file]');
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    })()`);
    const [file] = await alice.event('ON_CHAT_MESSAGE', ([m]) => m.content?.kind === 'file' && m.content.name === 'terms.txt');
    expect(file.file).to.include({ name: 'terms.txt', type: 'text/plain' });
    await alice.event('ON_CHAT_DELIVERY_STATUS', ([, s]) => s.status === 'ACCEPT' && s.messageId === file.messageId);
    expect(await alice.widget.eval<string>(`document.querySelector('.sb-message[data-sequence="${file.sequence}"] .sb-tick').dataset.status`)).to.equal('accept');
    await ana.click('[data-action=launcher]'); // opened, the shop's box reads what it shows
    await ana.waitForText('.sbc-file-name', 'terms.txt');
    const status = await ana.eval<number>("fetch([...document.querySelectorAll('.sbc-file')].find((a) => a.textContent.includes('terms.txt')).href).then((r) => r.status)");
    expect(status).to.equal(200);
    await alice.widget.waitForText(`.sb-message[data-sequence="${file.sequence}"] .sb-tick[data-status=access]`, 'Opened');
    const [, access] = await alice.event('ON_CHAT_DELIVERY_STATUS', ([, s]) => s.status === 'ACCESS' && s.messageId === file.messageId);
    expect(access.by).to.include({ name: 'Ana', type: 'external' });
  });

  it('private notes are flagged to the host and never reach the customer; the private toggle belongs to its chat', async () => {
    const ben = await shopChat(servers(server).host127, 'Ben', 'hi, Ben here');
    const benChat = (await alice.only('delivery_pending')).interactionId;
    ok(await alice.api.acceptInteraction(benChat));
    ok(await alice.api.switchActiveInteraction(anaChat));
    await alice.widget.waitFor(`.sb-chat[data-contact-id="${anaChat}"]`);
    await alice.widget.click('.sb-composer input[name=private]');
    await alice.widget.waitFor('.sb-composer[data-private]');
    ok(await alice.api.switchActiveInteraction(benChat));
    await alice.widget.waitFor(`.sb-chat[data-contact-id="${benChat}"]`);
    expect(await alice.widget.eval<boolean>('document.querySelector(".sb-composer input[name=private]").checked'), "Ben's reply box is not private").to.equal(false);
    await alice.widget.type('.sb-composer input[name=message]', 'public to Ben');
    await alice.widget.click('[data-action=send]');
    await ben.waitForText('.sbc-messages', 'public to Ben');
    ok(await alice.api.switchActiveInteraction(anaChat));
    await alice.widget.waitFor(`.sb-chat[data-contact-id="${anaChat}"] .sb-composer[data-private]`);
    await alice.widget.type('.sb-composer input[name=message]', 'internal: refund approved');
    await alice.widget.click('[data-action=send]');
    const [note] = await alice.event('ON_CHAT_MESSAGE', ([m]) => m.text === 'internal: refund approved');
    expect(note).to.include({ interactionId: anaChat, private: true, fromType: 'internal' });
    const [open] = await alice.event('ON_CHAT_MESSAGE', ([m]) => m.text === 'public to Ben');
    expect(open).to.include({ interactionId: benChat, private: false });
    await alice.widget.waitFor('.sb-message[data-private]');
    await new Promise((r) => setTimeout(r, 500));
    expect((await received()).some((m) => m.text.includes('refund approved'))).to.equal(false);
    expect((await ana.texts('.sbc-messages')).join(' ')).not.to.contain('refund approved');
    // Nor in the customer's history; the widget, reloaded, still shows it as the agents' own.
    const history = await ana.eval<Received[]>('window.switchboardChat.history()');
    expect(history.map((m) => m.text)).to.include('hello');
    expect(history.some((m) => m.text.includes('refund approved') || m.private)).to.equal(false);
    const iframe = alice.api.iframe;
    iframe.src = `${iframe.src.split('?')[0]}?reloaded`;
    await alice.widget.waitFor('.sb-chat[data-contact-id]');
    await eventually(async () => (await alice.api.switchActiveInteraction(anaChat)).status === 'success', 20_000, 'the reloaded widget takes commands');
    await alice.widget.waitForText(`.sb-chat[data-contact-id="${anaChat}"] .sb-message[data-private]`, 'internal: refund approved');
    expect(await alice.widget.texts(`.sb-chat[data-contact-id="${anaChat}"] .sb-message[data-private] .sb-from`)).to.satisfy((froms: string[]) => froms.length === 1 && froms[0].endsWith('· Private'));
  });
});
