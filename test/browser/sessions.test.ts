/**
 * Sessions as the agent sees them, in Chromium against a real server: signing out with chats in
 * progress asks first and sends them back to the queue (the customer is told), and signing in
 * somewhere else asks before it ends the other session, which is told why.
 */
import { expect } from '@esm-bundle/chai';
import { addIframe, frame, signIn, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';

describe('sessions in the widget', function () {
  this.timeout(60_000);
  let server: TestServer;

  before(async () => {
    server = await startServer();
  });
  after(() => stopServer(server));

  it('signing out with a chat in progress asks first; the chat goes back to the queue and the customer is told', async () => {
    await addIframe(`${server.url}/demo/crm.html`, 'crm');
    const widget = frame(`${server.port}/widget/`);
    await signIn(`${server.port}/widget/`, 'alice');
    await widget.select('select[name=agent-state]', 'ONLINE');
    const shopUrl = `${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`;
    await addIframe(shopUrl, 'shop');
    await startShopChat('/demo/shop.html', 'Nora', 'hello there');
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'hello there');

    await widget.click('[data-action=logout]');
    await widget.waitForText('[data-confirm-logout]', '1 chats in progress');
    await widget.click('[data-action=cancel-logout]');
    await widget.waitForGone('[data-confirm-logout]');
    await widget.waitFor('select[name=agent-state]'); // still signed in

    await widget.click('[data-action=logout]');
    await widget.click('[data-action=confirm-logout]');
    await widget.waitFor('input[name=username]');
    await frame('/demo/shop.html').waitForText('.sbc-messages', 'Your agent was disconnected; finding another');
  });

  it('signing in somewhere else asks before it ends the other session, which is told why', async () => {
    // Another browser: the same server under another host name has its own storage.
    const elsewhereUrl = `${server.url.replace('127.0.0.1', 'localhost')}/demo/crm.html`;
    await addIframe(elsewhereUrl, 'crm-elsewhere');
    const here = frame(`127.0.0.1:${server.port}/widget/`);
    const there = frame(`localhost:${server.port}/widget/`);
    await signIn(`127.0.0.1:${server.port}/widget/`, 'bob');

    await there.type('input[name=username]', 'bob');
    await there.type('input[name=password]', 'bob');
    await there.click('[data-action=login]');
    await there.waitFor('[data-action=login][data-force]');
    expect((await there.texts('.sb-login .sb-error'))[0]).to.match(/logged in elsewhere/);
    await there.click('[data-action=login]');
    await there.waitFor('select[name=agent-state]');

    await here.waitFor('[data-ended=forced]');
    expect((await here.texts('[data-ended]'))[0]).to.include('you signed in somewhere else');
  });
});
