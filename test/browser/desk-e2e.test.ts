/** The agent desk against a real server: a chat offered shows what the customer wrote while queued, counts down, flashes the title, and Alt+A takes it once. */
import { expect } from '@esm-bundle/chai';
import { addIframe, eventually, frame, startServer, stopServer, type TestServer } from './harness.ts';

describe('agent desk end to end', function () {
  this.timeout(60_000);
  let server: TestServer;
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await stopServer(server);
  });

  it('an offer shows the message written while queued and its countdown; Alt+A accepts it', async () => {
    await addIframe(`${server.url}/demo/crm.html`, 'crm');
    await widget.type('input[name=username]', 'alice');
    await widget.type('input[name=password]', 'alice');
    await widget.click('[data-action=login]');
    await widget.waitFor('select[name=agent-state]');
    // The customer writes while no agent is ready: the chat waits in the queue.
    await addIframe(`${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`, 'shop');
    await shop.type('input[name=name]', 'Carla Verdi');
    await shop.click('[data-action=start]');
    await shop.type('[name=message]:enabled', 'my parcel 42 is late');
    await shop.click('[data-action=send]');
    await new Promise((r) => setTimeout(r, 300));
    await widget.select('select[name=agent-state]', 'ONLINE');
    await widget.waitForText('[data-list=pending] [data-preview]', 'my parcel 42 is late');
    const countdown = await widget.eval<string | null>(`document.querySelector('[data-list=pending] [data-countdown]')?.dataset.countdown ?? null`);
    if (countdown !== null) expect(Number(countdown)).to.be.above(0);
    expect(await widget.eval<string>('document.title')).to.match(/^\(1\) New chat — Carla Verdi|^[^(]/); // flashing: either phase
    await eventually(async () => /^\(1\) New chat — Carla Verdi$/.test(await widget.eval<string>('document.title')), 3_000, 'the title flashing');
    await widget.eval(`(['x', 'y'].forEach(() => document.body.dispatchEvent(new KeyboardEvent('keydown', { code: 'KeyA', key: 'a', altKey: true, bubbles: true }))), true)`);
    await widget.waitForText('.sb-messages', 'my parcel 42 is late');
    await widget.waitFor('[data-list=assigned]');
    expect(await widget.eval<number>(`document.querySelectorAll('.sb-error').length`), 'the second Alt+A did nothing').to.equal(0);
    await eventually(async () => !(await widget.eval<string>('document.title')).startsWith('('), 3_000, 'the title back');
  });
});
