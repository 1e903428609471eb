/**
 * A CRM asks the customer's page to do something (seed 000's request/RPC), over a plain chat:
 * the host API's requestCustomer → the widget → relayed by the server → the shop page's handler,
 * and its answer back; with the refusals the seed names (not_supported, timeout) and a handler's error.
 */
import { expect } from '@esm-bundle/chai';
import type { OperationResult } from '../../protocol/index.ts';
import { frame, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';
import { deskAndShop } from './call-e2e.ts';

describe('end to end: the CRM asks the customer page (RPC over a chat)', function () {
  this.timeout(60_000);
  let server: TestServer;
  const crm = frame('/demo/crm.html');
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');
  const ask = (args: string) => crm.eval<OperationResult<unknown>>(`Switchboard.api.requestCustomer(${args})`);

  before(async () => {
    server = await startServer();
    await deskAndShop(server);
    await startShopChat('/demo/shop.html', 'Carla Verdi', 'I am looking for a grinder');
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'grinder');
    // The shop page handles two requests: one answers, one refuses; a third never answers.
    await shop.eval(`window.switchboardChat.voice().then((v) => {
      const contact = v.contact();
      contact.on('ShowProduct', (data, cb) => { document.title = 'showing ' + data.sku; cb(null, { shown: data.sku }); });
      contact.on('EmptyCart', (_data, cb) => cb({ name: 'refused', message: 'the customer keeps the cart' }));
      contact.on('Slow', () => {});
      return true;
    })`);
  });
  after(() => stopServer(server));

  it('answers: the page did it and its answer reaches the CRM', async () => {
    expect(await ask(`'ShowProduct', { sku: 'GR-119' }`)).to.deep.equal({ status: 'success', data: { shown: 'GR-119' } });
    expect(await shop.eval<string>('document.title')).to.equal('showing GR-119');
  });

  it('refuses with the seed\'s reasons: not supported, timeout, and the handler\'s own error', async () => {
    const notSupported = await ask(`'OpenCamera'`);
    expect(notSupported.status === 'error' && notSupported.error).to.include({ name: 'invalid_request', code: 7 });
    const slow = await ask(`'Slow', null, 500`);
    expect(slow.status === 'error' && slow.error).to.include({ name: 'timeout', code: 8 });
    const refused = await ask(`'EmptyCart'`);
    expect(refused.status === 'error' && refused.error).to.include({ name: 'unknown_error', code: 99 });
    expect(refused.status === 'error' && refused.error.message).to.contain('keeps the cart');
    const bad = await ask(`'no spaces allowed'`);
    expect(bad.status === 'error' && bad.error).to.include({ name: 'invalid_args', code: 3 });
  });
});
