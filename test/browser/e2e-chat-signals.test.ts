/**
 * What a chat carries besides its messages, between the shop page and the widget: typing both
 * ways, read ticks both ways, and an agent's private note that never reaches the customer.
 */
import { expect } from '@esm-bundle/chai';
import { eventually, frame, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';
import { deskAndShop } from './call-e2e.ts';

describe('end to end: typing, read receipts and private notes in a chat', function () {
  this.timeout(60_000);
  let server: TestServer;
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');

  before(async () => {
    server = await startServer();
    await deskAndShop(server);
    await startShopChat('/demo/shop.html', 'Carla Verdi', 'hello');
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'hello');
    await shop.eval(`(window.receipts = [], window.switchboardChat.on('message:read', (e) => window.receipts.push(e.upTo)), true)`);
  });
  after(() => stopServer(server));

  it('shows the customer typing in the widget, and the agent typing on the shop page', async () => {
    await shop.type('[name=message]:enabled', 'one more question');
    // The SDK's call, as a page with its own input box would make it.
    expect(await shop.eval('window.switchboardChat.sendUserActivity("writing").then((r) => r.relayed)')).to.be.a('boolean');
    await widget.waitFor('[data-typing]');
    expect((await widget.texts('[data-typing]'))[0]).to.contain('Carla Verdi');
    await shop.click('[data-action=send]');
    await widget.waitForText('.sb-messages', 'one more question');
    await widget.waitForGone('[data-typing]'); // a message ends the typing line
    await widget.type('input[name=message]', 'let me check');
    await shop.waitForText('.sbc-typing', 'typing');
  });

  it('ticks: the agent\'s message is read by the customer (✓✓), and the customer hears the agent read theirs', async () => {
    // Minimized, the chat box reads nothing by itself (shop-chat-reads.test.ts): the SDK's own call does it here.
    await shop.click('[data-action=minimize]');
    await widget.click('[data-action=send]');
    await widget.waitFor('.sb-from-agent .sb-tick');
    const sequence = await widget.eval<number>(`Number([...document.querySelectorAll('.sb-from-agent')].pop().dataset.sequence)`);
    expect(await widget.eval<boolean>(`[...document.querySelectorAll('.sb-from-agent .sb-tick')].pop().hasAttribute('data-read')`)).to.equal(false);
    // The SDK reads by message id (seed 001): the shop finds the message the widget shows.
    await shop.eval(`window.switchboardChat.history().then((ms) => window.switchboardChat.readMessage(ms.find((m) => m.sequence === ${sequence}).id)).then(() => true)`);
    await widget.waitFor(`.sb-from-agent[data-sequence="${sequence}"] .sb-tick[data-read]`);
    // The widget shows the chat: the customer's messages are read, and the customer is told.
    await eventually(async () => (await shop.eval<number[]>('window.receipts')).length > 0, 10_000, 'a READ receipt at the customer');
    await shop.click('[data-action=launcher]');
  });

  it('a private note shows to the agent, marked, and never on the shop page', async () => {
    await widget.click('input[name=private]');
    await widget.type('input[name=message]', 'customer seems upset: offer the discount');
    await widget.click('[data-action=send]');
    await widget.waitFor('.sb-message[data-private]');
    expect((await widget.texts('.sb-message[data-private] .sb-text'))[0]).to.contain('offer the discount');
    await widget.click('input[name=private]');
    await widget.type('input[name=message]', 'a public answer');
    await widget.click('[data-action=send]');
    await shop.waitForText('.sbc-messages', 'a public answer');
    const history = await shop.eval<string[]>('window.switchboardChat.history().then((ms) => ms.map((m) => m.text))');
    expect(history.join(' ')).not.to.contain('discount');
    expect((await shop.texts('.sbc-messages')).join(' ')).not.to.contain('discount');
  });
});
