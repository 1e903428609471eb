/**
 * An agent's rich message on the demo shop page against a real server: text with a link, an
 * image, a card with a button and a link, quick replies. The links are safe; a quick reply posts
 * back (the agent's widget shows it, the server keeps its payload), then the quick replies go;
 * a reload does not bring them back; a card's button posts back and stays.
 */
import { expect } from '@esm-bundle/chai';
import { agentWire } from './agent-wire.ts';
import { deskAndShop } from './call-e2e.ts';
import { eventually, frame, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';

describe('shop chat box: rich content, links and quick replies', function () {
  this.timeout(60_000);
  let server: TestServer;
  let chatId = '';
  let richId = '';
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');
  const agent = agentWire();
  const shopFrame = () => document.querySelector<HTMLIFrameElement>('iframe[name=shop]')!;

  before(async () => {
    server = await startServer();
    await deskAndShop(server);
    await startShopChat('/demo/shop.html', 'Carla Verdi', 'Do you have grinders?');
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'Do you have grinders?');
    chatId = await shop.eval<string>('window.switchboardChat.getId()');
  });
  after(() => stopServer(server));

  it('shows text with a safe link, an image, a card with its button and link, and quick replies', async () => {
    const rich = {
      elements: [
        { type: 'text', text: 'Our grinders', style: 'title' },
        { type: 'text', text: 'All of them are at https://shop.example.com/grinders today.' },
        { type: 'image', url: `${server.url.replace('127.0.0.1', 'localhost')}/demo/products/espresso.svg`, alt: 'Espresso machine' },
        { type: 'card', title: 'Grinder', subtitle: '€119', buttons: [{ type: 'postback', title: 'Add to cart', payload: 'cart:grinder' }, { type: 'link', title: 'Details', url: 'https://shop.example.com/grinder' }] },
      ],
      quickReplies: [{ type: 'postback', title: 'Track my order', payload: 'track' }, { type: 'postback', title: 'Talk to sales', payload: 'sales' }],
    };
    richId = (await agent.request<{ id: string }>({ type: 'chat.post', contactId: chatId, content: { kind: 'rich', rich } })).id;
    await shop.waitFor('.sbc-card');
    expect(await shop.texts('.sbc-msg:not(.me) .sbc-title')).to.deep.equal(['Our grinders']);
    const links = await shop.eval<{ href: string; rel: string; target: string; text: string }[]>(
      "[...document.querySelectorAll('.sbc-messages a')].map((a) => ({ href: a.href, rel: a.rel, target: a.target, text: a.textContent }))",
    );
    expect(links).to.deep.equal([
      { href: 'https://shop.example.com/grinders', rel: 'noopener noreferrer', target: '_blank', text: 'https://shop.example.com/grinders' },
      { href: 'https://shop.example.com/grinder', rel: 'noopener noreferrer', target: '_blank', text: 'Details' },
    ]);
    await eventually(() => shop.eval<boolean>("document.querySelector('.sbc-rich-image').naturalWidth > 0"), 10_000, 'the image loaded');
    expect(await shop.eval<string>("document.querySelector('.sbc-rich-image').alt")).to.equal('Espresso machine');
    expect(await shop.texts('.sbc-card .sbc-postback')).to.deep.equal(['Add to cart']);
    expect(await shop.texts('.sbc-quick .sbc-postback')).to.deep.equal(['Track my order', 'Talk to sales']);
    // The agent's widget shows the rich message's text.
    await widget.waitForText('.sb-messages', 'Our grinders');
  });

  it('a quick reply posts back, shows as the customer’s answer, reaches the agent, and the quick replies go', async () => {
    await shop.click('.sbc-quick .sbc-postback[data-payload=track]');
    await shop.waitForGone('.sbc-quick');
    await shop.waitForText('.sbc-msg.me .sbc-text', 'Track my order');
    await widget.waitForText('.sb-messages', 'Track my order');
    const { messages } = await agent.request<{ messages: { text: string; content?: unknown }[] }>({ type: 'chat.history', contactId: chatId });
    expect(messages.at(-1)).to.deep.include({ text: 'Track my order', content: { kind: 'postback', title: 'Track my order', payload: 'track', replyTo: richId } });
  });

  it('a card’s button posts back and stays; after a reload the answered quick replies do not come back', async () => {
    await shop.click('.sbc-card .sbc-postback[data-payload="cart:grinder"]');
    await widget.waitForText('.sb-messages', 'Add to cart');
    expect(await shop.texts('.sbc-card .sbc-postback')).to.deep.equal(['Add to cart']);
    await new Promise((resolve) => {
      shopFrame().onload = resolve;
      shopFrame().src = `${shopFrame().src.split('?')[0]}?reloaded`;
    });
    await shop.waitFor('.sbc-card');
    await shop.waitForText('.sbc-messages', 'Add to cart');
    expect(await shop.eval<number>("document.querySelectorAll('.sbc-quick').length")).to.equal(0);
  });

  it('new quick replies go away when the customer writes instead', async () => {
    const rich = { elements: [{ type: 'text', text: 'Anything else?' }], quickReplies: [{ type: 'postback', title: 'No', payload: 'no' }] };
    await agent.request({ type: 'chat.post', contactId: chatId, content: { kind: 'rich', rich } });
    await shop.waitFor('.sbc-quick .sbc-postback[data-payload=no]');
    await shop.type('[name=message]:enabled', 'Yes: the milk frother too');
    await shop.click('[data-action=send]');
    await shop.waitForGone('.sbc-quick');
    await widget.waitForText('.sb-messages', 'the milk frother too');
  });
});
